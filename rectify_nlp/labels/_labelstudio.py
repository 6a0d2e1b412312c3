"""Label Studio: export tagged notices as tasks with pre-annotations, import the annotations back.

One task per notice. The task holds the whole notice text (so labels stay
reproducible without the original file), and each measure is a span region with a
``label_category`` label and a per-region ``label_status`` choice, the names the
label tables use. Use :func:`labeling_config` as the project's labelling interface.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from .. import taxonomy
from ..document import Notice
from ..errors import LabelError
from ..files import atomic_path

CATEGORY_CONTROLS = ("label_category", "category")  # the second: tasks exported before the rename
STATUS_CONTROLS = ("label_status", "status")


def labeling_config(extra_categories: Iterable[str] = ()) -> str:
    """The Label Studio labelling interface (XML) for measures: span labels plus per-region status.

    Examples
    --------
    >>> '<Label value="R&amp;D" />' in labeling_config(["R&D"])
    True
    """
    view = ET.Element("View")
    labels = ET.SubElement(view, "Labels", name=CATEGORY_CONTROLS[0], toName="text")
    for c in taxonomy.CATEGORIES:
        ET.SubElement(labels, "Label", value=c.id, hint=c.zh)
    for c in extra_categories:
        ET.SubElement(labels, "Label", value=str(c))
    ET.SubElement(view, "Text", name="text", value="$text")
    choices = ET.SubElement(view, "Choices", name=STATUS_CONTROLS[0], toName="text", perRegion="true",
                            choice="single-radio")
    for s in taxonomy.STATUSES:
        ET.SubElement(choices, "Choice", value=s.id, hint=s.zh)
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def notice_task(notice: Notice, model_version: str = "rectify_nlp") -> dict:
    """A Label Studio task for a tagged notice, its predictions as pre-annotations."""
    result = []
    measures = []
    for measure in notice.measures:
        region = f"{notice.id}:{measure.start}-{measure.end}"
        span = {"start": measure.start, "end": measure.end, "text": measure.text}
        context = measure.context
        score = (measure.category_proba or {}).get(measure.category) if measure.category else None
        measures.append({"start": measure.start, "end": measure.end, "measure_id": measure.id,
                         "problem": context["problem"], "section": context["section"],
                         "stated_status": context["stated_status"], "category": measure.category,
                         "category_proba": score, "status": measure.status})
        if measure.category:
            result.append({"id": region, "from_name": CATEGORY_CONTROLS[0], "to_name": "text", "type": "labels",
                           "value": {**span, "labels": [measure.category]}, "score": score})
        if measure.status:
            result.append({"id": region, "from_name": STATUS_CONTROLS[0], "to_name": "text", "type": "choices",
                           "value": {**span, "choices": [measure.status]}})
    scores = [r["score"] for r in result if r.get("score") is not None]
    return {
        "data": {"text": notice.text, "notice": notice.id, "title": notice.title or "", "measures": measures},
        "predictions": [{"model_version": model_version, "score": min(scores) if scores else None, "result": result}],
    }


def export_tasks(notices: Iterable[Notice], path: str | Path, model_version: str = "rectify_nlp") -> int:
    """Write Label Studio tasks (JSON) for tagged notices; returns the number of tasks."""
    tasks = [notice_task(n, model_version) for n in notices]
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(tasks)


def _tasks(path: Path, text: str) -> list:
    try:
        tasks = json.loads(text)
    except ValueError as err:
        raise LabelError(f"not valid JSON ({err.msg} at column {err.colno}); export the project from Label Studio "
                         "as JSON", file=path, line=err.lineno) from err
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise LabelError(f"a Label Studio JSON export is a list of tasks, this holds a {type(tasks).__name__}; "
                         "export the project from Label Studio as JSON", file=path, line=1)
    return tasks


def read_tasks(path: str | Path, text: str) -> list[dict]:
    """Labelled measures from the text of a Label Studio JSON export of our tasks; ``_line`` is the task number.

    The latest annotation of each task that was not cancelled is used; a task
    with none gives nothing (its predictions are not labels). Context (problem,
    section) comes from the task's ``measures``; the notice text from the task itself.
    """
    path = Path(path)
    records = []
    for number, task in enumerate(_tasks(path, text), 1):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise LabelError(f"task {number} has no data.text; export the tasks as JSON from Label Studio",
                             file=path, line=number)
        notice_text = data["text"]
        context = {(m.get("start"), m.get("end")): m for m in data.get("measures") or [] if isinstance(m, dict)}
        annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
        if not annotations:
            continue
        latest = max(annotations, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a.get("id") or 0))
        regions: dict[str, dict] = {}
        for item in latest.get("result") or []:
            if not isinstance(item, dict):
                continue
            value = item.get("value") or {}
            region = regions.setdefault(item.get("id") or f"{value.get('start')}-{value.get('end')}",
                                        {"start": value.get("start"), "end": value.get("end")})
            if item.get("from_name") in CATEGORY_CONTROLS and value.get("labels"):
                region["category"] = value["labels"][0]
            elif item.get("from_name") in STATUS_CONTROLS and value.get("choices"):
                region["status"] = value["choices"][0]
            if value.get("start") is not None:
                region["start"], region["end"] = value["start"], value["end"]
        for region in regions.values():
            if region.get("start") is None or "category" not in region:
                continue
            start, end = region["start"], region["end"]
            ctx = context.get((start, end), {})
            span_ok = isinstance(start, int) and isinstance(end, int)
            records.append({
                "notice": data.get("notice"), "measure_id": ctx.get("measure_id"), "start": start, "end": end,
                "text": notice_text[start:end] if span_ok else None,
                "problem": ctx.get("problem", ""), "section": ctx.get("section", ""),
                "stated_status": ctx.get("stated_status"), "category": region["category"],
                "status": region.get("status"), "notice_text": notice_text, "_file": str(path), "_line": number,
            })
    return records
