"""The status a measure states about itself, the cue grammar's verdict, and status signals for the model.

The grammar itself (clause kinds and their rules) is in :mod:`._status_grammar`.
"""

from __future__ import annotations

import re

import numpy as np

from .. import taxonomy, vocabulary
from ._status_grammar import read, verdict

# A marker in parentheses, such as (已完成), is read as on a problem heading.
_STATED = tuple((re.compile(pattern), status) for pattern, status in vocabulary.STATED_VERDICTS)
_PARENTHETICAL = re.compile(r"\([^()]{0,16}\)")
# The grammar's clause kinds that become the model's cue indicators, in the order of the
# indicators the status model has always had (not_completed, in_progress, partial).
_INDICATORS = ("negated", "pending", "partial")
SIGNALS = (*_INDICATORS, *(f"marker {s}" for s in taxonomy.STATUS_IDS), "done", "standing share")
"""The names of the dense status features :func:`status_signals` gives, in order."""


def _column(values, n):
    return [None] * n if values is None else list(values)


def readings(texts, reference_dates=None) -> list:
    """The grammar's reading of each measure: computed once, for the signals and for the rules."""
    return [read(text, when) for text, when in zip(texts, _column(reference_dates, len(texts)))]


def status_signals(texts, stated, reference_dates=None, read_as=None) -> np.ndarray:
    """Dense status features per measure: whether the grammar finds not-done, pending and
    partial clauses, the problem's stated marker one-hot, whether a concrete act is reported
    done, and the share of clauses that are standing commitments. ``read_as`` are the
    measures' :func:`readings`, when already computed."""
    rows = []
    for reading, marker in zip(read_as or readings(texts, reference_dates), stated):
        rows.append([1.0 if k in reading.kinds else 0.0 for k in _INDICATORS]
                    + [1.0 if marker == s else 0.0 for s in taxonomy.STATUS_IDS]
                    + [1.0 if "done" in reading.kinds else 0.0, reading.standing_share])
    return np.array(rows).reshape(len(rows), len(_INDICATORS) + len(taxonomy.STATUS_IDS) + 2)


def stated_cue(text: str) -> tuple[str, int, int] | None:
    """The verdict a measure states about itself in so many words, and where: ``(status, start, end)``.

    The strongest verdict wins (not completed, then partial, then completed).

    Examples
    --------
    >>> stated_cue("该项工作尚未完成,正在协调资金。")
    ('not_completed', 4, 8)
    """
    found = {}
    for pattern, status in _STATED:
        m = pattern.search(text)
        if m:
            found.setdefault(status, (status, m.start(), m.end()))
    for m in _PARENTHETICAL.finditer(text):
        status = vocabulary.status_from_marker(m.group())
        if status:
            found.setdefault(status, (status, m.start(), m.end()))
    return next((found[s] for s in ("not_completed", "partial", "completed") if s in found), None)


def stated_status(text: str) -> str | None:
    """The status a measure states about itself in so many words, else None.

    Examples
    --------
    >>> stated_status("该项工作尚未完成,正在协调资金。")
    'not_completed'
    """
    cue = stated_cue(text)
    return cue[0] if cue else None


def decide_by_rules(texts, proba: np.ndarray, classes, stated=None, reference_dates=None,
                    read_as=None) -> tuple[np.ndarray, list[str]]:
    """Overrule the model where the measure states its status or the cue grammar decides it."""
    proba = proba.copy()
    sources = ["model"] * len(texts)
    index = {c: i for i, c in enumerate(classes)}
    rows = zip(texts, _column(stated, len(texts)), read_as or readings(texts, reference_dates))
    for row, (text, marker, reading) in enumerate(rows):
        for source, status in (("stated", stated_status(text)), ("cue", verdict(reading, marker or None))):
            if status in index:
                proba[row] = 0.0
                proba[row, index[status]] = 1.0
                sources[row] = source
                break
    return proba, sources
