"""One row per notice: what was found, beside what the notice states."""

from __future__ import annotations

from typing import Iterable

from .. import taxonomy
from ..document import Notice
from ._rows import notice_facts

_TOTAL_KEYS = ("problems", "completed", "partial", "in_progress", "not_completed")


def summarize(df, notices: Iterable[Notice] | None = None):
    """One row per notice: measures by category and by status, beside the notice's stated totals.

    Parameters
    ----------
    df : DataFrame
        The measure table from :func:`rectify_nlp.tag`.
    notices : iterable of Notice, optional
        The tagged notices; by default their facts are taken from
        ``df.attrs["notices"]``, which :func:`rectify_nlp.tag` fills.

    Examples
    --------
    >>> import rectify_nlp
    >>> df = rectify_nlp.tag("seeds/002_5c2e2c6e6d9d9ed6.txt")
    >>> row = rectify_nlp.summarize(df).iloc[0]
    >>> int(row["problems"]), int(row["stated:problems"]), int(row["problem_status:completed"])
    (27, 31, 21)
    """
    import pandas as pd

    facts = {n.id: notice_facts(n) for n in notices} if notices is not None else dict(df.attrs.get("notices", {}))
    rows = []
    for notice_id, group in df.groupby("notice_id", sort=False):
        row = {"notice_id": notice_id, "notice_title": group["notice_title"].iloc[0], "measures": len(group)}
        fact = facts.get(notice_id, {})
        row["problems"] = fact.get("problems", group["problem_title"].nunique())
        for category in taxonomy.CATEGORY_IDS:
            row[f"category:{category}"] = int((group["category"] == category).sum())
        for status in taxonomy.STATUS_IDS:
            row[f"measure_status:{status}"] = int((group["status"] == status).sum())
        for status in taxonomy.STATUS_IDS:
            row[f"problem_status:{status}"] = fact.get("problem_status", {}).get(status, 0)
        for key in _TOTAL_KEYS:
            row[f"stated:{key}"] = fact.get("totals", {}).get(key)
        rows.append(row)
    return pd.DataFrame(rows)
