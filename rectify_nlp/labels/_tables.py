"""Labels edited in a spreadsheet: CSV (any encoding Excel saves, comma- or tab-separated) and XLSX.

The label columns are ``label_category`` and ``label_status`` when the table has a
``label_category`` column (the tables ``suggest`` writes: ``category`` and ``status``
there are the model's predictions, ignored); otherwise ``category`` and ``status``
(a plain label table, or a ``tag`` output corrected by hand).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ..errors import LabelError, NoticeError
from ..files import MAX_LABEL_BYTES, open_package
from ..tables import from_csv_cell
from ..text import decode

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
CONTEXT_COLUMNS = {"problem": ("problem", "problem_title"), "section": ("section", "section_title"),
                   "notice": ("notice", "notice_id"), "measure_id": ("measure_id",), "start": ("start",),
                   "end": ("end",), "stated_status": ("stated_status", "problem_stated_status"),
                   "path": ("path",)}


def _csv_rows(path: Path, data: bytes) -> list[tuple[int, list]]:
    try:
        text = decode(data)
    except NoticeError as err:
        raise LabelError(f"not a text table ({err}); save it as CSV (UTF-8) or .xlsx", file=path) from err
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, start = [], 1
    # a measure's text can be long (a whole paragraph, or a table row): no field limit below the file's own
    limit = csv.field_size_limit(MAX_LABEL_BYTES)
    try:
        for row in reader:
            rows.append((start, [from_csv_cell(v) for v in row]))  # the apostrophe before a formula taken off
            start = reader.line_num + 1
    except csv.Error as err:
        raise LabelError(f"not a readable CSV row ({err}); save the table again as CSV", file=path,
                         line=reader.line_num) from err
    finally:
        csv.field_size_limit(limit)
    return rows


_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def _xlsx_rows(path: Path, data: bytes) -> list[tuple[int, list]]:
    """The rows of the first sheet. The package is bounded in what it unpacks to, and refused if a part declares
    a DTD (Excel never writes one; its entities can expand a few bytes into gigabytes)."""
    from openpyxl import load_workbook

    def refuse(message: str, name) -> LabelError:
        return LabelError(f"{message}; save the table from Excel as .xlsx or as CSV", file=name)

    try:
        package = open_package(data, str(path), error=refuse)
        for part in package.namelist():
            if _DECLARATION.search(package.read(part)):
                raise refuse(f"part {part} declares a DTD, which Excel never writes; not read", path)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [(number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), 1)]
        book.close()
    except LabelError:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, TypeError, IndexError, ParseError) as err:
        raise LabelError("not an Excel workbook (.xlsx), or a damaged one; save it from Excel as .xlsx or as CSV",
                         file=path) from err
    return rows


def _filled(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def read_table(path: str | Path, data: bytes) -> list[dict]:
    """The labelled rows of a spreadsheet's bytes as records (labels as written, checked later);
    ``_line`` is the spreadsheet row, the header being row 1.

    Rows whose label column is empty are rows the user left unlabelled, and are skipped.
    """
    path = Path(path)
    rows = _xlsx_rows(path, data) if path.suffix.lower() == ".xlsx" else _csv_rows(path, data)
    rows = [(n, r) for n, r in rows if any(_filled(v) for v in r)]
    if not rows:
        raise LabelError("the table is empty; a label table needs a header row with text and category", file=path)
    header_line, header = rows[0]
    names = [str(v).strip().lstrip("\ufeff") if v is not None else "" for v in header]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise LabelError(f"column {name!r} appears twice in the header; keep one", file=path, line=header_line)
        seen.add(name)
    prefix = "label_" if "label_category" in names else ""
    category_column = prefix + "category"
    missing = [c for c in ("text", category_column) if c not in names]
    if missing:
        raise LabelError(f"no column {' or '.join(repr(c) for c in missing)} in the header "
                         f"({', '.join(n for n in names if n) or 'none'}); a label table needs text and category "
                         "(or label_category)", file=path, line=header_line)
    columns = {name: i for i, name in enumerate(names) if name}
    records = []
    for number, values in rows[1:]:
        row = {name: values[i] if i < len(values) else None for name, i in columns.items()}
        if not _filled(row[category_column]):
            continue
        text = row["text"]
        record = {"text": text.strip() if isinstance(text, str) else text, "category": row[category_column],
                  "status": row.get(prefix + "status"), "_file": str(path), "_line": number}
        for key, aliases in CONTEXT_COLUMNS.items():
            value = next((row[a] for a in aliases if _filled(row.get(a))), None)
            if isinstance(value, (int, float)) and key not in ("start", "end"):
                value = str(value)  # a spreadsheet's number where text is meant: a notice id 1001, a measure id
            if value is not None:
                record[key] = value.strip() if isinstance(value, str) else value
        records.append(record)
    return records
