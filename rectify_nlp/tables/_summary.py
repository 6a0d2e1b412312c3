"""One row per notice: what was found, beside what the notice states."""

from __future__ import annotations

from .. import taxonomy
from ._rows import MEASURE_COLUMNS, TOTAL_KEYS

SUMMARY_COLUMNS = [
    "notice_id", "notice_title", "measures",
    *(f"{key}_{side}" for key in TOTAL_KEYS for side in ("found", "stated", "diff")),
    *(f"measures_{category}" for category in taxonomy.CATEGORY_IDS),
    *(f"measures_{status}" for status in taxonomy.STATUS_IDS),
    "measures_needs_review",
]
"""The columns of the summary, in order."""

_SIDES_ZH = {"found": "识别", "stated": "通报", "diff": "差额"}

_NEEDED = ["notice_id", "notice_title", "problem_id", "problem_status", "measure_id", "category", "status",
           "notice_problems", *(f"stated_{key}" for key in TOTAL_KEYS)]


def summary_header_zh(column: str) -> str:
    """The Chinese header of a summary column."""
    fixed = {"notice_id": "通报编号", "notice_title": "通报标题", "measures": "举措数",
             "measures_needs_review": "举措数:需复核"}
    if column in fixed:
        return fixed[column]
    key, _, side = column.rpartition("_")
    if side in ("found", "stated", "diff") and key in TOTAL_KEYS:
        what = "问题" if key == "problems" else f"{taxonomy.status(key).zh}问题"
        return f"{what}数({_SIDES_ZH[side]})"
    label = column.removeprefix("measures_")
    named = taxonomy.status(label) if label in taxonomy.STATUS_IDS else taxonomy.category(label)
    return f"举措数:{named.zh}"


def summarize(df):
    """One row per notice: problems and problem statuses found beside the notice's stated totals, and
    measures by category and by status.

    For each total a notice may state (``problems``, ``completed``, ``partial``, ``in_progress``,
    ``not_completed``) three columns stand side by side: ``<total>_found`` (problems found, or problems
    whose status — stated, else aggregated from the measures — is that status), ``<total>_stated`` (the
    notice's own figure, empty when it states none) and ``<total>_diff`` (found minus stated).
    The summary is computed from the rows alone, with duplicate (notice_id, measure_id) rows
    counted once, so it is the same after ``pd.concat`` of a table with itself or a CSV round trip.

    Parameters
    ----------
    df : DataFrame
        The measure table from :func:`rectify_nlp.tag` (or the file it was written to, read back).

    Returns
    -------
    pandas.DataFrame
        One row per notice with the columns of :data:`SUMMARY_COLUMNS`.

    Raises
    ------
    ValueError
        If ``df`` lacks a column of the measure table that the summary needs.

    Examples
    --------
    >>> import rectify_nlp
    >>> df = rectify_nlp.tag("seeds/002_5c2e2c6e6d9d9ed6.txt")
    >>> row = rectify_nlp.summarize(df).iloc[0]
    >>> int(row["problems_found"]), int(row["problems_stated"]), int(row["problems_diff"])
    (27, 31, -4)
    """
    import pandas as pd

    missing = [c for c in _NEEDED if c not in df.columns]
    if missing:
        raise ValueError(f"summarize needs the measure table's columns; missing {', '.join(missing)} "
                         f"(tag the notices again with this version; columns: {', '.join(MEASURE_COLUMNS)})")
    if df.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    rows = df.drop_duplicates(["notice_id", "measure_id"])
    by_notice = rows.groupby("notice_id", sort=False)
    first = by_notice[["notice_title", "notice_problems", *(f"stated_{key}" for key in TOTAL_KEYS)]].first()
    out = pd.DataFrame({"notice_title": first["notice_title"], "measures": by_notice.size()}, index=first.index)
    problems = rows.drop_duplicates(["notice_id", "problem_id"])
    found = _counts(problems, "problem_status", first.index, taxonomy.STATUS_IDS)
    found["problems"] = first["notice_problems"].astype("Int64")
    for key in TOTAL_KEYS:
        stated = pd.to_numeric(first[f"stated_{key}"], errors="coerce")
        if (stated.dropna() % 1 == 0).all():
            stated = stated.astype("Int64")
        out[f"{key}_found"] = found[key]
        out[f"{key}_stated"] = stated
        out[f"{key}_diff"] = found[key] - stated
    counts = [_counts(rows, "category", first.index, taxonomy.CATEGORY_IDS),
              _counts(rows, "status", first.index, taxonomy.STATUS_IDS)]
    for table in counts:
        for label in table.columns:
            out[f"measures_{label}"] = table[label]
    if "needs_review" in rows.columns:  # tables tagged before the column existed have no flags to count
        flagged = rows["needs_review"].map({True: 1, False: 0, "True": 1, "False": 0}).fillna(0)
        out["measures_needs_review"] = flagged.groupby(rows["notice_id"], sort=False).sum().astype("Int64")
    return out.reset_index().reindex(columns=SUMMARY_COLUMNS)


def _counts(rows, column: str, index, labels):
    """Rows per notice and value of ``column``, a column for each of ``labels``."""
    counts = rows.groupby(["notice_id", column], sort=False).size().unstack(fill_value=0)
    return counts.reindex(index=index, columns=list(labels), fill_value=0).fillna(0).astype(int)
