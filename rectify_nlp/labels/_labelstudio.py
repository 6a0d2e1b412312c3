"""Label Studio: export tagged notices as tasks with pre-annotations, import the annotations back.

One task per notice. The task holds the whole notice text (so labels stay
reproducible without the original file), and each measure is a span region with a
``category`` label and a per-region ``status`` choice. Use :func:`labeling_config`
as the project's labelling interface.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from .. import taxonomy
from ..document import Notice
from ..errors import LabelError
from ..tables._files import atomic_path
from ._tables import normalise_label


def labeling_config(extra_categories: Iterable[str] = ()) -> str:
    """The Label Studio labelling interface (XML) for measures: span labels plus per-region status."""
    labels = "\n".join(f'    <Label value="{c.id}" hint="{c.zh}"/>' for c in taxonomy.CATEGORIES)
    labels += "".join(f'\n    <Label value="{c}"/>' for c in extra_categories)
    choices = "\n".join(f'    <Choice value="{s.id}" hint="{s.zh}"/>' for s in taxonomy.STATUSES)
    return (
        "<View>\n"
        '  <Labels name="category" toName="text">\n' + labels + "\n  </Labels>\n"
        '  <Text name="text" value="$text"/>\n'
        '  <Choices name="status" toName="text" perRegion="true" choice="single-radio">\n' + choices + "\n  </Choices>\n"
        "</View>\n"
    )


def notice_task(notice: Notice, model_version: str = "rectify_nlp") -> dict:
    """A Label Studio task for a tagged notice, its predictions as pre-annotations."""
    result = []
    measures = []
    for measure in notice.measures:
        region = f"{notice.id}:{measure.start}-{measure.end}"
        span = {"start": measure.start, "end": measure.end, "text": measure.text}
        context = measure.context
        measures.append({"start": measure.start, "end": measure.end, "measure_id": measure.id,
                         "problem": context["problem"], "section": context["section"],
                         "stated_status": context["stated_status"]})
        if measure.category:
            score = (measure.category_proba or {}).get(measure.category)
            result.append({"id": region, "from_name": "category", "to_name": "text", "type": "labels",
                           "value": {**span, "labels": [measure.category]}, "score": score})
        if measure.status:
            result.append({"id": region, "from_name": "status", "to_name": "text", "type": "choices",
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


def read_labelstudio(path: str | Path, extra_categories: Iterable[str] = ()) -> list[dict]:
    """Labelled measures from a Label Studio JSON export of our tasks.

    The latest annotation of each task that was not cancelled is used; a task
    with none falls back to nothing (its predictions are not labels). Context
    (problem, section) comes from the task's ``measures``; the notice text from
    the task itself.
    """
    path = Path(path)
    try:
        tasks = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as err:
        raise LabelError(f"not a Label Studio JSON export ({err})", file=path) from err
    if isinstance(tasks, dict):
        tasks = [tasks]
    extra = set(extra_categories)
    records = []
    for number, task in enumerate(tasks, 1):
        data = task.get("data", {})
        text = data.get("text")
        if not isinstance(text, str):
            raise LabelError(f"task {number} has no data.text; export the tasks as JSON from Label Studio",
                             file=path, line=number)
        context = {(m["start"], m["end"]): m for m in data.get("measures", [])}
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        if not annotations:
            continue
        latest = max(annotations, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a.get("id") or 0))
        regions: dict[str, dict] = {}
        for item in latest.get("result", []):
            value = item.get("value", {})
            region = regions.setdefault(item.get("id") or f"{value.get('start')}-{value.get('end')}",
                                        {"start": value.get("start"), "end": value.get("end")})
            if item.get("from_name") == "category" and value.get("labels"):
                region["category"] = value["labels"][0]
            elif item.get("from_name") == "status" and value.get("choices"):
                region["status"] = value["choices"][0]
            if value.get("start") is not None:
                region["start"], region["end"] = value["start"], value["end"]
        for region in regions.values():
            if region.get("start") is None or "category" not in region:
                continue
            ctx = context.get((region["start"], region["end"]), {})
            records.append({
                "notice": data.get("notice"), "measure_id": ctx.get("measure_id"),
                "start": region["start"], "end": region["end"], "text": text[region["start"]:region["end"]],
                "problem": ctx.get("problem", ""), "section": ctx.get("section", ""),
                "stated_status": ctx.get("stated_status"),
                "category": normalise_label(region["category"], "category", extra, path, number),
                "status": normalise_label(region.get("status"), "status", extra, path, number),
                "notice_text": text, "_file": str(path), "_line": number,
            })
    return records
