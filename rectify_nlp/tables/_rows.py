"""A tagged notice as table rows: one row per measure, carrying what the summary needs of its notice."""

from __future__ import annotations

from collections.abc import Iterator

from .. import taxonomy
from ..document import Notice
from ..tagging import category_evidence_text, status_evidence_text
from ..text import readable, to_simplified

TOTAL_KEYS = ("problems", "completed", "partial", "in_progress", "not_completed")
"""The totals a notice may state about itself, in the order the summary shows them."""

MEASURE_COLUMNS = [
    "notice_id", "path", "notice_title", "section_title", "problem_id", "problem_ordinal", "problem_title",
    "problem_stated_status", "problem_status", "measure_id", "measure_ordinal", "text", "start", "end",
    "category", "category_zh", "category_proba", "runner_up", "runner_up_proba", "category_evidence", "status",
    "status_zh", "status_proba", "status_source", "status_evidence", "needs_review", "notice_problems",
    *(f"stated_{key}" for key in TOTAL_KEYS),
]
"""The columns of the measure table, in order (described in the README's column table)."""

DISTRIBUTIONS = ("category_distribution", "status_distribution")
"""Every category's and every status's probability, a mapping per measure: in JSONL only, where a
cell can hold one (the tables keep the top probability, ``category_proba`` and ``status_proba``)."""

COLUMNS_ZH = {
    "notice_id": "通报编号", "path": "文件", "notice_title": "通报标题", "section_title": "部分标题",
    "problem_id": "问题编号", "problem_ordinal": "问题序号", "problem_title": "问题",
    "problem_stated_status": "问题标注状态",
    "problem_status": "问题状态", "measure_id": "举措编号", "measure_ordinal": "举措序号", "text": "整改举措",
    "start": "起始位置", "end": "结束位置", "category": "类别代码", "category_zh": "类别", "category_proba": "类别概率",
    "runner_up": "次选类别代码", "runner_up_proba": "次选类别概率", "category_evidence": "类别依据",
    "status": "状态代码", "status_zh": "状态", "status_proba": "状态概率", "status_source": "状态判定方式",
    "status_evidence": "状态依据", "needs_review": "需复核", "notice_problems": "识别问题数",
    "stated_problems": "通报问题数",
    # 通报已完成数…: each status's first Chinese name
    **{f"stated_{s.id}": f"通报{s.zh.split('/')[0]}数"
       for s in taxonomy.STATUSES if f"stated_{s.id}" in MEASURE_COLUMNS},
}
"""Chinese headers of the measure table, for ``headers="zh"``."""


def measure_rows(notice: Notice) -> Iterator[dict]:
    """One row per measure with the columns of :data:`MEASURE_COLUMNS`.

    Every row repeats its notice's problem count and stated totals, so that a table keeps
    what :func:`~rectify_nlp.summarize` needs through ``pd.concat`` and a CSV round trip.
    """
    notice_id, path = readable(notice.id), readable(notice.source)
    notice_level = {"notice_problems": len(notice.problems)}
    notice_level.update({f"stated_{key}": notice.totals.get(key) for key in TOTAL_KEYS})
    for problem in notice.problems:
        section_title = to_simplified(problem.section.title) if problem.section else ""
        problem_title, problem_status = to_simplified(problem.title), problem.status
        for measure in problem.measures:
            proba = sorted((measure.category_proba or {}).items(), key=lambda kv: -kv[1])
            yield {
                "notice_id": notice_id,
                "path": path,
                "notice_title": notice.title,
                "section_title": section_title,
                "problem_id": problem.id,
                "problem_ordinal": problem.ordinal,
                "problem_title": problem_title,
                "problem_stated_status": problem.stated_status,
                "problem_status": problem_status,
                "measure_id": measure.id,
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
                "status_zh": measure.status_zh,
                "status_proba": measure.status_proba[measure.status] if measure.status_proba else None,
                "status_source": measure.status_source,
                "status_evidence": status_evidence_text(measure.status_evidence),
                "needs_review": measure.needs_review,
                "category_distribution": measure.category_proba,
                "status_distribution": measure.status_proba,
                **notice_level,
            }
