"""Figures in a measure: dates read against the notice's own date (is a deadline still ahead?) and
parts of a whole reported done."""

from __future__ import annotations

import calendar
import re
from datetime import date

from .. import vocabulary

# 6月底 and 年底/年内 are in the reference's year
_MONTH_DATE = re.compile(vocabulary.MONTH_DATE)
_YEAR_DATE = re.compile(vocabulary.YEAR_DATE)
_AS_OF = re.compile(vocabulary.AS_OF)
_BY = re.compile(vocabulary.BY_DATE)


def _month_end(year: int, month: int) -> int:
    """The last day of the month: 2024-02 has 29.

    Examples
    --------
    >>> _month_end(2024, 2), _month_end(2023, 2), _month_end(2024, 4)
    (29, 28, 30)
    """
    return calendar.monthrange(year, month)[1]


def _periods(clause: str, reference: date):
    """(first day, last day, is a deadline) of every date the clause names; a deadline is a period
    end (底, 末, 内) or a date before 前; a yearless deadline is in the reference's year. A year that
    no calendar date has (0000, or 明年 of 9999) names no date."""
    for m in _MONTH_DATE.finditer(clause):
        year, month, day, part = m.groups()
        y, mo = int(year) if year else reference.year, int(month)
        if not (1 <= mo <= 12 and date.min.year <= y <= date.max.year):
            continue
        by = bool(part) or bool(_BY.match(clause, m.end()))
        if not (year or by):  # 5月23日,正式发布: a yearless date in a narrative is most likely past
            continue
        if day:
            d = min(int(day[:-1]), _month_end(y, mo)) or 1
            yield date(y, mo, d), date(y, mo, d), by
        else:
            yield date(y, mo, 1), date(y, mo, {"上旬": 10, "中旬": 20}.get(part or "", _month_end(y, mo))), by
    for m in _YEAR_DATE.finditer(clause):
        year, relative, part = m.groups()
        if not year and not (relative or part):  # a bare 年 (每年, 三年行动) is no date
            continue
        y = int(year) if year else reference.year + (relative == "明")
        if not date.min.year <= y <= date.max.year:
            continue
        yield date(y, 1, 1), date(y, 12, 31), bool(part) or bool(_BY.match(clause, m.end()))


def dates_ahead(clause: str, reference: date | None) -> bool:
    """Whether the clause names a date after the reference date (the notice's): a period that
    starts after it, or a deadline (年底前, 6月底, 年内) that ends after it."""
    if reference is None:
        return False
    return any(start > reference or (by and end > reference) for start, end, by in _periods(clause, reference))


def reference_of(text: str, reference_date: str | None) -> date | None:
    """The notice's date (ISO), else the end of the latest period the measure reports as of (截至…)."""
    if reference_date:
        try:
            return date.fromisoformat(str(reference_date)[:10])
        except ValueError:
            pass
    ends = [end for m in _AS_OF.finditer(text) if date.min.year <= int(m.group(1)) <= date.max.year
            for _, end, _ in _periods(m.group(), date(int(m.group(1)), 1, 1))]
    return max(ends) if ends else None


_WHOLE = r"(?<![\d.])(\d+(?:\.\d+)?)" + vocabulary.COUNTED + r"[^。;]{0,20}(?<!其)中"
_FIGURE = r"(?<![\d.])(\d+(?:\.\d+)?)" + vocabulary.COUNTED
_PART_DONE = (
    re.compile(_WHOLE + r"[^。;\d]{0,4}(?:已|完成)[^。;\d]{0,16}(\d+(?:\.\d+)?)"),  # 714亩中,完成356亩
    # 10个中的7个已…
    re.compile(_WHOLE + r"的(\d+(?:\.\d+)?)" + vocabulary.COUNTED + r"[^。;\d]{0,8}(?:已|完成|到位|办结)"),
    # 查出问题87项,已整改85项; 需整改12个,已整改完成9个
    re.compile(r"(?:发现|查出|排查|梳理|涉及|需整改|交办|任务)[^。;]{0,20}?" + _FIGURE
               + r"[^。;\d]{0,12}(?:已经?|完成)(?:完成)?(?:整改|办结|处置|销号)?(?:完成|完毕|到位)?" + _FIGURE),
)
_RATE_DONE = re.compile(vocabulary.RATE_DONE)


def part_of_whole(sentence: str) -> bool:
    """Part of a whole done: a figure, then 中, then a smaller figure reported done. 其中 (of which)
    breaks a total down and says nothing of completion."""
    for pattern in _PART_DONE:
        m = pattern.search(sentence)
        if m and float(m.group(2)) < float(m.group(1)):
            return True
    return False


def share_done(sentence: str) -> bool:
    """A share below the whole reported as done: 完成…60%, 整改率97.7%."""
    m = re.search(r"完成[^,;。\d]{0,12}(\d+(?:\.\d+)?)%", sentence) or _RATE_DONE.search(sentence)
    return bool(m) and float(m.group(1)) < 100
