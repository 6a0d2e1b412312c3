"""Measure tables written to files as the rows come, in the format the file name asks for."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from ..files import commit, discard, temp_beside
from ._rows import COLUMNS_ZH, DISTRIBUTIONS, MEASURE_COLUMNS
from ._summary import SUMMARY_COLUMNS, summarize, summary_header_zh

TABLE_FORMATS = (".csv", ".jsonl", ".xlsx", ".parquet")

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

    The rows go to a temporary file beside ``path`` as :meth:`write` is called, so memory stays
    bounded; it is renamed over ``path`` (with the permissions the umask gives) when the ``with``
    block ends without an exception. An exception leaves ``path`` as it was and no temporary file.

    ``.csv`` is UTF-8 with a BOM so that Excel shows Chinese; ``.jsonl`` one object per line;
    ``.parquet`` a Parquet file written a row group at a time; ``.xlsx`` (written with XlsxWriter in
    constant-memory mode) a ``measures`` sheet and a ``summary`` sheet, each with a frozen header
    row, filters and column widths fitted to the content. ``headers="zh"`` writes Chinese column
    names (CSV and XLSX; JSONL and Parquet keep the ids, which are keys for programs).
    Each :meth:`write` call must hold whole notices (the summary sheet gets a row per notice).
    """

    def __init__(self, path: str | Path, *, headers: str = "id"):
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in TABLE_FORMATS:
            raise ValueError(f"{path}: unknown output format {self.suffix or '(none)'}; "
                             f"use one of {', '.join(TABLE_FORMATS)}")
        if headers not in ("id", "zh"):
            raise ValueError(f"headers must be 'id' or 'zh', not {headers!r}")
        self.headers = headers
        self.rows = 0

    def _header(self, columns, zh) -> list[str]:
        return [zh(c) for c in columns] if self.headers == "zh" else list(columns)

    def __enter__(self) -> TableWriter:  # noqa: PYI034
        self._tmp = temp_beside(self.path)
        try:
            if self.suffix == ".csv":
                self._file = open(self._tmp, "w", encoding="utf-8-sig", newline="")
                self._csv = csv.writer(self._file)
                self._csv.writerow(self._header(MEASURE_COLUMNS, COLUMNS_ZH.get))
            elif self.suffix == ".jsonl":
                self._file = open(self._tmp, "w", encoding="utf-8")
            elif self.suffix == ".parquet":
                self._open_parquet()
            else:
                self._open_xlsx()
        except BaseException:
            discard(self._tmp)
            raise
        return self

    def _open_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"start": pa.int64(), "end": pa.int64(), "notice_problems": pa.int64()}
        types.update({c: pa.float64() for c in MEASURE_COLUMNS if c.endswith("_proba") or c.startswith("stated_")})
        self._schema = pa.schema([(c, types.get(c, pa.string())) for c in MEASURE_COLUMNS])
        self._file = open(self._tmp, "wb")  # noqa: SIM115 - closed by _close; a file object: pyarrow cannot open a path that is not UTF-8
        self._parquet = pq.ParquetWriter(self._file, self._schema)
        self._buffer: list[dict] = []

    def _open_xlsx(self) -> None:
        import xlsxwriter

        staging = Path(f"{self._tmp}.d")
        staging.mkdir()
        self._book = xlsxwriter.Workbook(str(self._tmp), {
            "constant_memory": True, "tmpdir": str(staging), "strings_to_numbers": False,
            "strings_to_formulas": False, "strings_to_urls": False})
        bold = self._book.add_format({"bold": True})
        self._sheets = {}
        for name, columns, zh in (("measures", MEASURE_COLUMNS, COLUMNS_ZH.get),
                                  ("summary", SUMMARY_COLUMNS, summary_header_zh)):
            sheet = self._book.add_worksheet(name)
            sheet.freeze_panes(1, 0)
            header = self._header(columns, zh)
            sheet.write_row(0, 0, header, bold)
            self._sheets[name] = [sheet, 0, [_width(h) + 2 for h in header], columns]

    def write(self, rows: list[dict]) -> None:
        """Append measure rows (dicts with the keys of :data:`MEASURE_COLUMNS`) holding whole notices."""
        if not rows:
            return
        self.rows += len(rows)
        if self.suffix == ".csv":
            self._csv.writerows([[_plain(row.get(c)) for c in MEASURE_COLUMNS] for row in rows])
        elif self.suffix == ".jsonl":
            self._file.writelines(jsonl_line(row) for row in rows)
        elif self.suffix == ".parquet":
            self._buffer.extend({c: _plain(row.get(c)) for c in MEASURE_COLUMNS} for row in rows)
            if len(self._buffer) >= _PARQUET_BATCH:
                self._flush_parquet()
        else:
            import pandas as pd

            self._xlsx_rows("measures", rows)
            self._xlsx_rows("summary", summarize(pd.DataFrame(rows, columns=MEASURE_COLUMNS)).to_dict("records"))

    def _flush_parquet(self) -> None:
        import pyarrow as pa

        if self._buffer:
            self._parquet.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema))
            self._buffer = []

    def _xlsx_rows(self, name: str, rows: list[dict]) -> None:
        entry = self._sheets[name]
        sheet, last, widths, columns = entry
        for row in rows:
            last += 1
            values = [_plain(row.get(c)) for c in columns]
            sheet.write_row(last, 0, values)
            if last <= _WIDTH_SAMPLE:
                entry[2] = widths = [max(w, _width(v) + 2) for w, v in zip(widths, values)]
        entry[1] = last

    def _close(self) -> None:
        if self.suffix in (".csv", ".jsonl"):
            self._file.close()
        elif self.suffix == ".parquet":
            self._flush_parquet()
            self._parquet.close()
            self._file.close()
        else:
            for sheet, last, widths, columns in self._sheets.values():
                sheet.autofilter(0, 0, last, len(columns) - 1)
                for i, width in enumerate(widths):
                    sheet.set_column(i, i, min(width, _MAX_WIDTH))
            self._book.close()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._close()
            if exc_type is None:
                commit(self._tmp, self.path)
        finally:
            discard(self._tmp)


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
    with TableWriter(path, headers=headers) as writer:
        writer.write(df.to_dict("records"))
