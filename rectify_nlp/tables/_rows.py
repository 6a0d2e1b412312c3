"""A tagged notice as table rows: one row per measure."""

from __future__ import annotations

from typing import Iterator

from ..document import Notice
from ._explain import category_evidence_text, status_evidence_text

MEASURE_COLUMNS = [
    "notice_id", "path", "notice_title", "section_title", "problem_ordinal", "problem_title",
    "problem_stated_status", "measure_id", "measure_ordinal", "text", "start", "end", "category", "category_zh",
    "category_proba", "runner_up", "runner_up_proba", "category_evidence", "status", "status_source",
    "status_evidence",
]
"""The columns of the measure table, in order."""


def measure_rows(notice: Notice) -> Iterator[dict]:
    """One row per measure with the columns of :data:`MEASURE_COLUMNS`."""
    for measure in notice.measures:
        problem = measure.problem
        context = measure.context
        proba = sorted((measure.category_proba or {}).items(), key=lambda kv: -kv[1])
        yield {
            "notice_id": notice.id,
            "path": notice.source,
            "notice_title": notice.title,
            "section_title": context["section"],
            "problem_ordinal": problem.ordinal if problem else None,
            "problem_title": context["problem"],
            "problem_stated_status": context["stated_status"],
            "measure_id": measure.id if problem else None,
            "measure_ordinal": measure.ordinal,
            "text": measure.text,
            "start": measure.start,
            "end": measure.end,
            "category": measure.category,
            "category_zh": measure.category_zh,
            "category_proba": proba[0][1] if proba else None,
            "runner_up": proba[1][0] if len(proba) > 1 else None,
            "runner_up_proba": proba[1][1] if len(proba) > 1 else None,
            "category_evidence": category_evidence_text(measure.category_evidence),
            "status": measure.status,
            "status_source": measure.status_source,
            "status_evidence": status_evidence_text(measure.status_evidence),
        }


def notice_facts(notice: Notice) -> dict:
    """What :func:`~rectify_nlp.summarize` needs of a notice beyond its measures: stated totals and problem statuses."""
    return {"problems": len(notice.problems), "problem_status": notice.status_counts, "totals": dict(notice.totals)}
