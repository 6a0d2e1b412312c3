"""Measure tables written to files as the rows come, in the format the file name asks for."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import ClassVar

from ..files import atomic_path, commit, discard, temp_beside
from ._cells import MAX_CELL_CHARACTERS, MAX_SHEET_ROWS, csv_cell
from ._rows import COLUMNS_ZH, DISTRIBUTIONS, MEASURE_COLUMNS
from ._summary import SUMMARY_COLUMNS, summarize, summary_header_zh

_PARQUET_BATCH = 20_000
"""Rows held before a Parquet row group is written: bounds memory, whatever the number of notices."""

_WIDTH_SAMPLE = 200
_MAX_WIDTH = 60


def _plain(value):
    """A cell value as a plain Python value; missing values (None, NaN, pd.NA) as None."""
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType":
        return None
    return value


def jsonl_line(row: dict) -> str:
    """A measure row as a line of JSONL: the table's columns, then every probability when the row has them."""
    out = {c: _plain(row.get(c)) for c in MEASURE_COLUMNS}
    out.update({c: row[c] for c in DISTRIBUTIONS if isinstance(row.get(c), dict)})
    return json.dumps(out, ensure_ascii=False) + "\n"


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class TableWriter:
    """Write measure rows to ``path`` incrementally; the file appears, complete, only when the block ends.

    ``TableWriter(path)`` gives the writer of the format its suffix names (:data:`TABLE_FORMATS`, one
    subclass each). The rows go to a temporary file beside ``path`` as :meth:`write` is called, so
    memory stays bounded; it is renamed over ``path`` (with the permissions the umask gives) when the
    ``with`` block ends without an exception. An exception leaves ``path`` as it was and no temporary file.

    ``headers="zh"`` writes Chinese column names (CSV and XLSX; JSONL and Parquet keep the ids, which
    are keys for programs). Each :meth:`write` call must hold whole notices (the XLSX summary sheet gets
    a row per notice). No text is written as a formula (see :mod:`rectify_nlp.tables._cells`). What a
    format could not hold as given (a cell over Excel's limit) is said in :attr:`notes`, which
    :func:`write_table` issues as warnings.
    """

    suffix = ""
    formats: ClassVar[dict[str, type[TableWriter]]] = {}
    """The writer of each suffix."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        TableWriter.formats[cls.suffix] = cls

    def __new__(cls, path: str | Path, *, headers: str = "id"):
        if cls is TableWriter:
            suffix = Path(path).suffix.lower()
            if suffix not in cls.formats:
                raise ValueError(f"{path}: unknown output format {suffix or '(none)'}; "
                                 f"use one of {', '.join(cls.formats)}")
            cls = cls.formats[suffix]
        return super().__new__(cls)

    def __init__(self, path: str | Path, *, headers: str = "id"):
        if headers not in ("id", "zh"):
            raise ValueError(f"headers must be 'id' or 'zh', not {headers!r}")
        self.path = Path(path)
        self.headers = headers
        self.rows = 0
        self.notes: list[str] = []

    def _header(self, columns, zh) -> list[str]:
        return [zh(c) for c in columns] if self.headers == "zh" else list(columns)

    def __enter__(self) -> TableWriter:
        self._tmp = temp_beside(self.path)
        try:
            self._open()
        except BaseException:
            discard(self._tmp)
            raise
        return self

    def write(self, rows: list[dict]) -> None:
        """Append measure rows (dicts with the keys of :data:`MEASURE_COLUMNS`) holding whole notices."""
        if rows:
            self.rows += len(rows)
            self._write(rows)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._close()
            if exc_type is None:
                commit(self._tmp, self.path)
        finally:
            discard(self._tmp)

    def _open(self) -> None:
        raise NotImplementedError

    def _write(self, rows: list[dict]) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        self._file.close()


class _CsvWriter(TableWriter):
    """UTF-8 with a BOM, so that Excel shows Chinese."""

    suffix = ".csv"

    def _open(self) -> None:
        self._file = open(self._tmp, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by _close
        self._csv = csv.writer(self._file)
        self._csv.writerow(self._header(MEASURE_COLUMNS, COLUMNS_ZH.get))

    def _write(self, rows: list[dict]) -> None:
        self._csv.writerows([[csv_cell(_plain(row.get(c))) for c in MEASURE_COLUMNS] for row in rows])


class _JsonlWriter(TableWriter):
    """One object a line, with every category's and status's probability."""

    suffix = ".jsonl"

    def _open(self) -> None:
        self._file = open(self._tmp, "w", encoding="utf-8")  # noqa: SIM115 - closed by _close

    def _write(self, rows: list[dict]) -> None:
        self._file.writelines(jsonl_line(row) for row in rows)


class _ParquetWriter(TableWriter):
    """A Parquet file written a row group at a time."""

    suffix = ".parquet"

    def _open(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"start": pa.int64(), "end": pa.int64(), "notice_problems": pa.int64(), "needs_review": pa.bool_()}
        types.update({c: pa.float64() for c in MEASURE_COLUMNS if c.endswith("_proba") or c.startswith("stated_")})
        self._schema = pa.schema([(c, types.get(c, pa.string())) for c in MEASURE_COLUMNS])
        # a file object: pyarrow cannot open a path that is not UTF-8
        self._file = open(self._tmp, "wb")  # noqa: SIM115 - closed by _close
        self._parquet = pq.ParquetWriter(self._file, self._schema)
        self._buffer: list[dict] = []

    def _write(self, rows: list[dict]) -> None:
        self._buffer.extend({c: _plain(row.get(c)) for c in MEASURE_COLUMNS} for row in rows)
        if len(self._buffer) >= _PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buffer:
            self._parquet.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema))
            self._buffer = []

    def _close(self) -> None:
        self._flush()
        self._parquet.close()
        self._file.close()


class _Sheet:
    """Rows written to an XlsxWriter workbook as Excel can hold them: every text a text cell (never a formula),
    a text over Excel's cell limit cut there and counted in ``cut``, and rows past a sheet's limit continued
    on a sheet named ``NAME 2``, ``NAME 3``… under the same header. Frozen header row, filters, fitted widths."""

    def __init__(self, book, name: str, header: list[str], bold):
        self.book, self.name, self.header, self.bold = book, name, header, bold
        self.sheets: list[tuple] = []
        self.widths = [_width(h) + 2 for h in header]
        self.cut = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        sheet = self.book.add_worksheet(self.name if not self.sheets else f"{self.name} {len(self.sheets) + 1}")
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, self.header, self.bold)
        self.sheets.append((sheet, [0]))

    def write(self, values: list) -> None:
        sheet, last = self.sheets[-1]
        if last[0] + 1 >= MAX_SHEET_ROWS:
            self._new_sheet()
            sheet, last = self.sheets[-1]
        last[0] += 1
        for column, value in enumerate(values):
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARACTERS:
                    value = value[:MAX_CELL_CHARACTERS - 1] + "…"
                    self.cut += 1
                sheet.write_string(last[0], column, value)
            elif value is not None:
                sheet.write(last[0], column, value)
        if last[0] <= _WIDTH_SAMPLE and len(self.sheets) == 1:
            self.widths = [max(w, _width(v) + 2) for w, v in zip(self.widths, values)]

    def close(self) -> None:
        for sheet, last in self.sheets:
            sheet.autofilter(0, 0, last[0], len(self.header) - 1)
            for i, width in enumerate(self.widths):
                sheet.set_column(i, i, min(width, _MAX_WIDTH))

    def notes(self, path) -> list[str]:
        notes = []
        if self.cut:
            notes.append(f"{path}: {self.cut} cell(s) of sheet {self.name!r} held more than Excel's "
                         f"{MAX_CELL_CHARACTERS:,} characters and were cut there (ending in …); .csv, .jsonl and "
                         ".parquet keep them whole")
        if len(self.sheets) > 1:
            notes.append(f"{path}: sheet {self.name!r} held more rows than Excel's {MAX_SHEET_ROWS - 1:,} and goes "
                         f"on in {len(self.sheets) - 1} more sheet(s) ({self.name} 2, …)")
        return notes


def _workbook(path: Path, staging: Path):
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(staging), "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})


class _XlsxWriter(TableWriter):
    """A ``measures`` and a ``summary`` sheet (XlsxWriter in constant-memory mode), each with a frozen
    header row, filters and column widths fitted to the content (see :class:`_Sheet`)."""

    suffix = ".xlsx"

    def _open(self) -> None:
        staging = Path(f"{self._tmp}.d")
        staging.mkdir()
        self._book = _workbook(self._tmp, staging)
        bold = self._book.add_format({"bold": True})
        self._sheets = {name: (_Sheet(self._book, name, self._header(columns, zh), bold), columns)
                        for name, columns, zh in (("measures", MEASURE_COLUMNS, COLUMNS_ZH.get),
                                                  ("summary", SUMMARY_COLUMNS, summary_header_zh))}

    def _write(self, rows: list[dict]) -> None:
        import pandas as pd

        self._sheet_rows("measures", rows)
        self._sheet_rows("summary", summarize(pd.DataFrame(rows, columns=MEASURE_COLUMNS)).to_dict("records"))

    def _sheet_rows(self, name: str, rows: list[dict]) -> None:
        sheet, columns = self._sheets[name]
        for row in rows:
            sheet.write([_plain(row.get(c)) for c in columns])

    def _close(self) -> None:
        for sheet, _ in self._sheets.values():
            sheet.close()
            self.notes.extend(sheet.notes(self.path))
        self._book.close()


TABLE_FORMATS = tuple(TableWriter.formats)
"""The suffixes of the table formats, one writer each."""


def write_table(df, path: str | Path, *, headers: str = "id") -> None:
    """Write the measure table ``df`` atomically; the format follows the extension (see :class:`TableWriter`).

    Examples
    --------
    >>> import rectify_nlp, tempfile, pathlib
    >>> df = rectify_nlp.tag("seeds/001_6f66318992fdd9a8.txt")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "measures.xlsx"
    >>> write_table(df, out, headers="zh")
    >>> out.exists()
    True
    """
    import warnings

    with TableWriter(path, headers=headers) as writer:
        writer.write(df.to_dict("records"))
    for note in writer.notes:
        warnings.warn(note, stacklevel=2)


def write_sheet(df, path: str | Path, *, sheet: str = "sheet") -> list[str]:
    """Write any DataFrame atomically as a ``.csv`` (UTF-8 with a BOM) or ``.xlsx`` to open in a spreadsheet
    program, its cells as the measure tables' (no formula, Excel's limits said); returns what could not be
    written as given (see :attr:`TableWriter.notes`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{path}: a sheet is written as .csv or .xlsx, not {suffix or '(none)'}")
    rows = [[_plain(v) for v in row] for row in df.itertuples(index=False, name=None)]
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                writer = csv.writer(f)
                writer.writerow([str(c) for c in df.columns])
                writer.writerows([[csv_cell(v) for v in row] for row in rows])
            return []
        staging = Path(f"{tmp}.d")
        staging.mkdir()
        book = _workbook(tmp, staging)
        out = _Sheet(book, sheet, [str(c) for c in df.columns], book.add_format({"bold": True}))
        for row in rows:
            out.write(row)
        out.close()
        book.close()
    return out.notes(path)
