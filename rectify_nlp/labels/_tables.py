"""Labels edited in a spreadsheet (.csv, .xlsx), with ids or 中文 names."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .. import taxonomy
from ..errors import LabelError

TABLE_COLUMNS = ("text", "category", "status", "problem", "notice")


def normalise_label(value, kind: str, extra: set, file: str | Path | None = None, line: int | None = None) -> str | None:
    """A category/status id from an id or a 中文 name; None for an empty cell.

    Examples
    --------
    >>> normalise_label("生态环境", "category", set())
    'ecology_environment'
    """
    if value is None or (isinstance(value, float) and value != value) or not str(value).strip():
        return None
    key = str(value).strip()
    if kind == "category" and key in extra:
        return key
    try:
        return (taxonomy.category if kind == "category" else taxonomy.status)(key).id
    except KeyError as err:
        hint = " (or declare it with --allow-category)" if kind == "category" else ""
        raise LabelError(f"{err.args[0]}{hint}", file=file, line=line) from err


def read_table_labels(path: str | Path, extra_categories: Iterable[str] = ()) -> list[dict]:
    """Labels edited in a spreadsheet: ``.csv`` or ``.xlsx`` with columns
    ``text, category[, status][, problem][, notice]`` (categories as ids or 中文 names).

    The tables that ``rectify-nlp tag`` and ``rectify-nlp suggest`` write have these
    columns (and more, which are kept when present: start, end, section_title, notice_id).
    """
    import pandas as pd

    path = Path(path)
    frame = pd.read_excel(path) if path.suffix.lower() == ".xlsx" else pd.read_csv(path, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in ("text", "category") if c not in frame.columns]
    if missing:
        raise LabelError(f"missing column(s) {', '.join(missing)}; a label table needs "
                         f"text, category[, status][, problem][, notice]", file=path)
    extra = set(extra_categories)
    records = []
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2  # the header is line 1
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        category = normalise_label(row.get("category"), "category", extra, path, line)
        if category is None:
            continue  # a row the user left unlabelled
        record = {
            "text": text.strip(), "category": category,
            "status": normalise_label(row.get("status"), "status", extra, path, line),
            "problem": cell(row.get("problem", row.get("problem_title"))),
            "section": cell(row.get("section", row.get("section_title"))),
            "notice": cell(row.get("notice", row.get("notice_id"))),
            "_file": str(path), "_line": line,
        }
        for key in ("start", "end"):
            if cell(row.get(key)) is not None:
                record[key] = int(row[key])
        records.append(record)
    return records


def cell(value):
    """A spreadsheet cell as a value: None for an empty one, text stripped."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() if isinstance(value, str) else value
