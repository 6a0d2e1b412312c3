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
    except RecursionError as err:
        raise LabelError("JSON nested deeper than any Label Studio export; export the project from Label Studio "
                         "as JSON", file=path) from err
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise LabelError(f"a Label Studio JSON export is a list of tasks, this holds a {type(tasks).__name__}; "
                         "export the project from Label Studio as JSON", file=path, line=1)
    return tasks


def _get(mapping, key: str, kind: type | tuple[type, ...], default=None):
    """``mapping[key]`` when ``mapping`` is a dict and the value is of ``kind``; ``default`` otherwise.
    An export is read as data of any shape: a field of the wrong type counts as missing."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, kind) and not isinstance(value, bool) else default


def _first(values) -> str | None:
    return values[0] if isinstance(values, list) and values and isinstance(values[0], str) else None


def _regions(annotation: dict) -> dict[str, dict]:
    """The regions of an annotation, by id: their offsets and the category and status given to them."""
    regions: dict[str, dict] = {}
    for item in _get(annotation, "result", list, []):
        value = _get(item, "value", dict, {})
        start, end = _get(value, "start", int), _get(value, "end", int)
        key = _get(item, "id", (str, int))
        region = regions.setdefault(str(key) if key is not None else f"{start}-{end}", {"start": None, "end": None})
        control = _get(item, "from_name", str)
        if control in CATEGORY_CONTROLS and _first(value.get("labels")):
            region["category"] = _first(value["labels"])
        elif control in STATUS_CONTROLS and _first(value.get("choices")):
            region["status"] = _first(value["choices"])
        if start is not None and end is not None:
            region["start"], region["end"] = start, end
    return regions


def read_tasks(path: str | Path, text: str) -> list[dict]:
    """Labelled measures from the text of a Label Studio JSON export of our tasks; ``_line`` is the task number.

    The latest annotation of each task that was not cancelled is used; a task
    with none gives nothing (its predictions are not labels). Context (problem,
    section) comes from the task's ``measures``; the notice text from the task itself.
    A field of the wrong type is taken as missing; what the records then lack, the checks name.
    """
    path = Path(path)
    records = []
    for number, task in enumerate(_tasks(path, text), 1):
        data = _get(task, "data", dict)
        if data is None or _get(data, "text", str) is None:
            raise LabelError(f"task {number} has no data.text; export the tasks as JSON from Label Studio",
                             file=path, line=number)
        notice_text = data["text"]
        context = {(_get(m, "start", int), _get(m, "end", int)): m for m in _get(data, "measures", list, [])
                   if isinstance(m, dict)}
        annotations = [a for a in _get(task, "annotations", list, [])
                       if isinstance(a, dict) and not a.get("was_cancelled")]
        if not annotations:
            continue
        latest = max(annotations, key=lambda a: (str(_get(a, "updated_at", str) or _get(a, "created_at", str) or ""),
                                                 _get(a, "id", (int, float), 0)))
        for region in _regions(latest).values():
            if region["start"] is None or "category" not in region:
                continue
            start, end = region["start"], region["end"]
            ctx = context.get((start, end), {})
            records.append({
                "notice": _get(data, "notice", (str, int)), "measure_id": _get(ctx, "measure_id", str),
                "start": start, "end": end, "text": notice_text[start:end] if 0 <= start < end else None,
                "problem": _get(ctx, "problem", str, ""), "section": _get(ctx, "section", str, ""),
                "stated_status": _get(ctx, "stated_status", str), "category": region["category"],
                "status": region.get("status"), "notice_text": notice_text, "_file": str(path), "_line": number,
            })
    return records
