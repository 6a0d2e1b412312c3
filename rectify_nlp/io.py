"""Notices as data: JSON trees, measure tables, per-notice summaries, and safe file writing."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from . import taxonomy
from .notice import Measure, Notice, Problem, Section

TABLE_FORMATS = (".csv", ".jsonl", ".xlsx", ".parquet")

MEASURE_COLUMNS = [
    "notice_id", "path", "notice_title", "section_title", "problem_ordinal", "problem_title",
    "problem_stated_status", "measure_id", "measure_ordinal", "text", "start", "end", "category", "category_zh",
    "category_proba", "runner_up", "runner_up_proba", "status", "status_source",
]


def measure_to_dict(measure: Measure) -> dict:
    return {
        "id": measure.id if measure.problem else None,
        "ordinal": measure.ordinal,
        "start": measure.start,
        "end": measure.end,
        "text": measure.text,
        "category": measure.category,
        "category_proba": measure.category_proba,
        "status": measure.status,
        "status_source": measure.status_source,
    }


def _node_to_dict(node: Section | Problem) -> dict:
    base = {
        "ordinal": node.ordinal, "title": node.title, "start": node.start, "end": node.end,
        "heading_end": node.heading_end, "title_start": node.title_start, "title_end": node.title_end,
    }
    if isinstance(node, Problem):
        return {"type": "problem", **base, "stated_status": node.stated_status, "status": node.status,
                "category": node.category, "measures": [measure_to_dict(m) for m in node.measures]}
    return {"type": "section", "kind": node.kind, **base, "children": [_node_to_dict(c) for c in node.children]}


def notice_to_dict(notice: Notice) -> dict:
    """The notice as a JSON-ready tree (the shape ``rectify-nlp parse --format json`` prints)."""
    return {
        "id": notice.id,
        "source": notice.source,
        "title": notice.title,
        "meta": notice.meta,
        "totals": notice.totals,
        "counts": {"sections": len(notice.sections), "problems": len(notice.problems),
                   "measures": len(notice.measures), "problem_status": notice.status_counts},
        "opening": {"start": notice.opening.start, "end": notice.opening.end} if notice.opening else None,
        "sections": [_node_to_dict(s) for s in notice.sections],
        "dropped": [{"start": d.start, "end": d.end, "reason": d.reason, "text": notice.text[d.start:d.end]}
                    for d in notice.dropped],
        "warnings": notice.warnings,
    }


def notice_to_text(notice: Notice) -> str:
    """An indented outline of the notice for reading in a terminal."""
    lines = [f"# {notice.id}: {notice.title or '(untitled)'}"]
    for key, value in {**notice.meta, **notice.totals}.items():
        lines.append(f"  {key}: {value}")

    def visit(node, depth):
        pad = "  " * depth
        if isinstance(node, Problem):
            status = f" [{node.status}]" if node.status else ""
            lines.append(f"{pad}P {node.ordinal or ''}{node.title}{status}")
            for m in node.measures:
                tag = f" [{m.category}/{m.status}]" if m.category else ""
                snippet = m.text if len(m.text) <= 60 else m.text[:59] + "…"
                lines.append(f"{pad}  - {snippet}{tag}")
        else:
            lines.append(f"{pad}§ {node.ordinal or ''}{node.title or '(' + node.kind + ')'}"
                         + (f"  <{node.kind}>" if node.kind != "problems" else ""))
            for child in node.children:
                visit(child, depth + 1)

    for section in notice.sections:
        visit(section, 1)
    for message in notice.warnings:
        lines.append(f"  ! {message}")
    return "\n".join(lines)


def measure_rows(notice: Notice) -> Iterator[dict]:
    """One row per measure with the columns of :data:`MEASURE_COLUMNS`."""
    for measure in notice.measures:
        problem = measure.problem
        section = problem.section if problem else None
        proba = sorted((measure.category_proba or {}).items(), key=lambda kv: -kv[1])
        yield {
            "notice_id": notice.id,
            "path": notice.source,
            "notice_title": notice.title,
            "section_title": section.title if section else None,
            "problem_ordinal": problem.ordinal if problem else None,
            "problem_title": problem.title if problem else None,
            "problem_stated_status": problem.stated_status if problem else None,
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
            "status": measure.status,
            "status_source": measure.status_source,
        }


_TOTAL_KEYS = ("problems", "completed", "partial", "in_progress", "not_completed")


def notice_facts(notice: Notice) -> dict:
    """What :func:`summarize` needs of a notice beyond its measures: stated totals and problem statuses."""
    return {"problems": len(notice.problems), "problem_status": notice.status_counts, "totals": dict(notice.totals)}


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


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only if the block completes.

    An interrupted write never leaves a half-written file, and an existing file
    is replaced only by a complete one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(df, path: str | Path, summary=None) -> None:
    """Write the measure table atomically; the format follows the extension.

    ``.csv`` is UTF-8 with a BOM so that Excel shows Chinese; ``.xlsx`` holds a
    ``measures`` sheet and a ``summary`` sheet; ``.jsonl`` one object per line;
    ``.parquet`` a Parquet file.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ValueError(f"{path}: unknown output format {suffix or '(none)'}; use one of {', '.join(TABLE_FORMATS)}")
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif suffix == ".jsonl":
            df.to_json(tmp, orient="records", lines=True, force_ascii=False)
        elif suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            import pandas as pd

            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                df.to_excel(writer, sheet_name="measures", index=False)
                (summary if summary is not None else summarize(df)).to_excel(writer, sheet_name="summary", index=False)
