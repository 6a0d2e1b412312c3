"""Cells of the spreadsheets the library writes: text that never starts a formula, within Excel's limits.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (a tab or a
carriage return first can hide one), and a notice, a label file or a file name can start so:
``=HYPERLINK("http://…","详情")`` in a measure is a link the program makes live when the table is opened.

* In an ``.xlsx`` every text is written as a text cell, which no program evaluates: the text stays as it is.
* A ``.csv`` has no cell types, and Excel and WPS evaluate it when they open it: a text starting with one of
  those characters is written with an apostrophe before it (``'=HYPERLINK(…)``), which Excel shows and never
  evaluates, as OWASP advises. The apostrophe is the only change, and reading the table back as labels takes
  it off again (:func:`from_csv_cell`); a text that itself starts with an apostrophe before one of those
  characters gets a second, so the round trip is exact.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet program reads as the start of a formula."""
ESCAPE = "'"

MAX_CELL_CHARACTERS = 32_767
"""The most characters an Excel cell holds."""
MAX_SHEET_ROWS = 1_048_576
"""The most rows an Excel sheet holds, its header included."""


def _escaped(text: str) -> bool:
    """Apostrophes, then what starts a formula: what :func:`csv_cell` writes, and so must escape too."""
    return text.startswith(ESCAPE) and text.lstrip(ESCAPE).startswith(FORMULA_STARTS)


def csv_cell(value):
    """``value`` as a CSV cell: text that would start a formula with an apostrophe before it.

    Examples
    --------
    >>> csv_cell('=HYPERLINK("x")'), csv_cell("建立台账"), csv_cell(-1.5)
    ('\\'=HYPERLINK("x")', '建立台账', -1.5)
    """
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or _escaped(value)):
        return ESCAPE + value
    return value


def from_csv_cell(value):
    """The text :func:`csv_cell` was given: one apostrophe taken off text that it escaped.

    Examples
    --------
    >>> from_csv_cell(csv_cell("=1+1")), from_csv_cell(csv_cell("'=1")), from_csv_cell("'整改")
    ('=1+1', "'=1", "'整改")
    """
    if isinstance(value, str) and _escaped(value):
        return value[1:]
    return value
