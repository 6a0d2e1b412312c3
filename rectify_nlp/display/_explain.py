"""What decided each tag of a tagged notice, for a person to read or a program to take."""

from __future__ import annotations

from .. import taxonomy
from ..document import Measure, Notice
from ..errors import NoticeError
from ..tagging import category_evidence_text, status_evidence_text


def explain(notice: Notice, measure_id: str | None = None) -> list[dict]:
    """The tags of each measure (or of one) and what decided them.

    Parameters
    ----------
    notice : Notice
        A tagged notice (``tagger(source)``).
    measure_id : str, optional
        One measure's id (``p02m03``, as in the ``measure_id`` column of the tables).

    Returns
    -------
    list of dict
        Per measure: ``measure_id``, ``start``, ``end``, ``text``, ``category``, ``category_proba``,
        ``category_evidence``, ``status``, ``status_source`` and ``status_evidence``, whose rule cues
        carry ``start``/``end`` offsets into ``notice.text``.

    Raises
    ------
    NoticeError
        If the notice is not tagged, or has no measure ``measure_id``.

    Examples
    --------
    >>> import rectify_nlp
    >>> notice = rectify_nlp.load()("一、关于“制度不全”问题的整改情况\\n(一)管理办法正在起草。")
    >>> cue = rectify_nlp.explain(notice)[0]["status_evidence"][0]
    >>> cue["rule"], notice.text[cue["start"]:cue["end"]]
    ('progressive', '正在')
    """
    measures = notice.measures
    if measure_id is not None:
        measures = [m for m in measures if m.id == measure_id]
        if not measures:
            known = ", ".join(m.id for m in notice.measures[:5])
            raise NoticeError(f"{notice.id}: no measure {measure_id!r} (ids look like {known}, …)")
    if any(m.category is None for m in measures):
        raise NoticeError(f"{notice.id}: the measures are not tagged; tag the notice with a model first")
    return [_explained(m) for m in measures]


def _explained(m: Measure) -> dict:
    return {"measure_id": m.id, "start": m.start, "end": m.end, "text": m.text,
            "category": m.category, "category_proba": round(m.category_proba[m.category], 4),
            "category_evidence": m.category_evidence or [], "status": m.status, "status_source": m.status_source,
            "status_evidence": m.status_evidence or []}


def explanation_text(explained: list[dict]) -> str:
    """The explanations as text for a terminal."""
    lines = []
    for e in explained:
        snippet = e["text"] if len(e["text"]) <= 60 else e["text"][:59] + "…"
        lines += [f"{e['measure_id']}  [{e['start']}:{e['end']}]  {snippet}",
                  f"  category  {e['category']} {taxonomy.category(e['category']).zh} ({e['category_proba']:.2f})",
                  f"            {category_evidence_text(e['category_evidence']) or '-'}",
                  f"  status    {e['status']} ({e['status_source']})",
                  f"            {status_evidence_text(e['status_evidence']) or '-'}", ""]
    return "\n".join(lines)
