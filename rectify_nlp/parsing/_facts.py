"""Facts a notice states about itself: inspection metadata here, totals in ``_totals``.

``Notice.meta`` keys (each present only when the notice states it):

``kind``               巡视 or 巡察
``inspecting_body``    e.g. 省委第五巡视组, 巡察一组, 市委第一提级巡察组, as the notice names it
``inspected_unit``     e.g. 杭州市拱墅区 (else the signatory)
``period_start``, ``period_end``, ``feedback_date``, ``published``, ``signed``
                       ISO dates (``2022-08-05``; ``2022-08`` when the day is not stated). A date
                       stated without a year takes it from the inspection period or the publication
                       date. A date whose 年/月 were lost in scraping is read when only one reading
                       is a date; when it reads two ways, or contradicts the order of the inspection,
                       the field is left out and ``Notice.warnings`` says why.
``signatory``          the issuing body named under the text
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from itertools import pairwise

from .. import vocabulary
from ..document import Notice
from ._paragraphs import paragraphs
from ._title import head_end, title_in
from ._totals import read_totals

_DATE = re.compile(vocabulary.DATE)
_RANGE = re.compile(vocabulary.DATE_RANGE)
_PARTIAL_END = re.compile(vocabulary.PARTIAL_DATE_END)
# Verbs of feedback, after its date in the same sentence.
_FEEDBACK = re.compile(
    r"反馈了?(?:巡视|巡察)?(?:意见|情况)(?!整改|后|的)|反馈了[^,。;]{0,12}?(?:意见|情况|问题)"
    r"|进行了?[^,。;]{0,8}?反馈(?!意见|问题)|召开[^,。;]{0,12}?反馈(?:会|大会)"
    r"|向[^。,;]{1,40}?反馈了?(?=[,。;])")
_KIND = re.compile(r"巡视|巡察")
# An inspecting body is the noun phrase that ends with 巡视组/巡察组 (or 巡察一组) and acts next;
# dates and connectives before it in the same clause are not part of its name.
_BODY_END = re.compile(r"(?:巡视|巡察)(?:工作)?(?P<no>[一二三四五六七八九十\d]{0,3})组")
_BODY_ACTS = re.compile(r"\s{0,2}(?:于|对|向|进驻|自|从|在)")
_BODY_LEAD = re.compile(
    rf"(?:{_DATE.pattern}|{_RANGE.pattern}|根据[^,。]{{0,20}}?(?:部署|安排|要求)|于|由|并|经|在|\s)")
_BODY_MAX = 40
_NOT_ONE_BODY = re.compile(r"组建|派出|成立|抽调|各|[\d一二三四五六七八九十]个$")  # 区委组建4个巡察组: several groups
_UNIT = re.compile(
    r"(?<![针相面核])对(?P<unit>(?:[^,。;()]|\([^()]{0,40}\)){2,60}?)\s{0,2}"
    r"(?:开展了|进行了|开展|进行)[^,。;]{0,30}?(?:巡视|巡察)")
_SHORT_NAME = re.compile(r"\(以下简称[^()]{0,20}\)")
_PUBLISHED_LABEL = re.compile(rf"(?:{vocabulary.PUBLISHED_LABELS})\s{{0,2}}:\s{{0,3}}$")
_OTHER_DATE_LABEL = re.compile(r"(?<!成文)(?:更新时间|时间|日期)\s{0,2}:\s{0,3}$")
_DATE_LINE = re.compile(rf"\s{{0,3}}(?:{vocabulary.CLOCK})?\s{{0,3}}\S{{0,20}}$")


@dataclass
class _Date:
    start: int
    end: int
    raw: str
    year: int | None
    month: int
    day: int | None
    readings: int = 1  # how many dates a scrape-damaged form could be: 0 none, 2 ambiguous
    damaged: bool = False  # 年 and 月 lost in scraping (2018625日)


def _compressed(digits: str) -> list[tuple[int, int]]:
    """The (month, day) readings of the digits that follow the year in ``2018625日``."""
    readings = {(int(digits[:k]), int(digits[k:])) for k in (1, 2) if 0 < k < len(digits) and len(digits) - k <= 2}
    return sorted((mo, d) for mo, d in readings if 1 <= mo <= 12 and 1 <= d <= 31)


def _date(m: re.Match) -> _Date:
    if m["m"]:
        year = int(m["y"]) if m["y"] else None
        return _Date(m.start(), m.end(), m[0], year, int(m["m"]), int(m["d"]))
    if m["iy"]:
        return _Date(m.start(), m.end(), m[0], int(m["iy"]), int(m["im"]), int(m["id"]))
    if m["cy"]:
        readings = _compressed(m["cmd"])
        month, day = readings[0] if len(readings) == 1 else (0, 0)
        return _Date(m.start(), m.end(), m[0], int(m["cy"]), month, day, len(readings), damaged=True)
    return _Date(m.start(), m.end(), m[0], int(m["my"]), int(m["mm"]), None)


def _dates(text: str, start: int = 0, end: int | None = None) -> list[_Date]:
    return [_date(m) for m in _DATE.finditer(text, start, len(text) if end is None else end)]


def _iso(year: int | None, month: int, day: int | None) -> str | None:
    """The ISO form of a date that the calendar has (not 0-01-01, nor 2021-02-30); None otherwise."""
    if year is None:
        return None
    try:
        datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _parts(iso: str) -> tuple[int, int, int]:
    """``2024-05-20`` → (2024, 5, 20); ``2024-05`` → (2024, 5, 0)."""
    year, month, day = (iso.split("-") + ["0"])[:3]
    return int(year), int(month), int(day)


class _Reader:
    """Reads the meta fields from the head of a notice, noting in ``warnings`` the dates it refuses.
    Patterns match the simplified view ``text``; names are cut from the notice's own text."""

    def __init__(self, notice: Notice, text: str):
        self.notice, self.text = notice, text
        self.head_end = notice.opening.end if notice.opening else min(len(text), 3000)
        self.meta: dict[str, str] = {}
        self.warnings: list[str] = []
        self.damaged: set[str] = set()  # fields read from a damaged date

    def put(self, field: str, date: _Date, year: int | None = None) -> None:
        """Set a date field, unless the date is damaged beyond reading."""
        if date.readings != 1:
            self.warnings.append(f"{field}: the date {date.raw!r} lost characters in scraping and "
                                 f"reads {'two ways' if date.readings else 'as no date'}; left empty")
            return
        if date.year is None and year is None:
            self.warnings.append(f"{field}: the date {date.raw!r} states no year and the notice gives none; left empty")
            return
        iso = _iso(date.year if date.year is not None else year, date.month, date.day)
        if iso:
            self.meta[field] = iso
            if date.damaged:
                self.damaged.add(field)

    def period(self) -> tuple[_Date, _Date] | None:
        """``2022年8月5日至11月4日``: the end takes the start's year, or the next when it crosses a new year."""
        dates = _dates(self.text, 0, self.head_end)
        for k, a in enumerate(dates):
            sep = _RANGE.match(self.text, a.end, self.head_end) if a.year is not None else None
            if not sep:
                continue
            b = dates[k + 1] if k + 1 < len(dates) and dates[k + 1].start == sep.end() else None
            part = _PARTIAL_END.match(self.text, sep.end(), self.head_end) if b is None else None
            if part and (part["m"] is not None) == (a.day is None):
                month, day = (int(part["m"]), None) if part["m"] else (a.month, int(part["d"]))
                b = _Date(part.start(), part.end(), part[0], None, month, day)
            if b is None or not _KIND.search(self._sentence(a.start, b.end)):
                continue
            self.put("period_start", a)
            self.put("period_end", b, a.year + ((b.month, b.day or 0) < (a.month, a.day or 0)))
            return a, b
        return None

    def _sentence(self, start: int, end: int) -> str:
        """The sentence around ``text[start:end]``."""
        first = self.text.rfind("。", 0, start) + 1
        last = self.text.find("。", end)
        return self.text[first: last if last >= 0 else len(self.text)]

    def feedback(self, period: tuple[_Date, _Date] | None) -> None:
        dates = [d for d in _dates(self.text, 0, self.head_end) if not period or d.start >= period[1].end]
        for verb in _FEEDBACK.finditer(self.text, 0, self.head_end):
            # the nearest date before the verb, in its sentence, and not the date of the inspection
            before = [d for d in dates if d.end <= verb.start() and verb.start() - d.end <= 60
                      and "。" not in self.text[d.end:verb.start()]
                      and not _UNIT.search(self.text, d.end, verb.start())]
            if not before:
                continue
            date = before[-1]
            self.put("feedback_date", date, self._year_for(date))
            return

    def _year_for(self, date: _Date) -> int | None:
        """The year of a date stated without one: after the inspection period, or before publication."""
        stated = (date.month, date.day or 0)
        if "period_end" in self.meta:
            year, month, day = _parts(self.meta["period_end"])
            return year + (stated < (month, day))
        for field in ("published", "signed"):
            if field in self.meta:
                year, month, day = _parts(self.meta[field])
                return year - (stated > (month, day))
        return None

    def inspecting_body(self) -> None:
        head = self.text[: self.head_end]
        for m in _BODY_END.finditer(head):
            if not _BODY_ACTS.match(head, m.end()):
                continue
            start = m.start()
            while start > 0 and m.start() - start < _BODY_MAX and head[start - 1] not in ",。;:\n":
                start -= 1
            while lead := _BODY_LEAD.match(head, start, m.start()):
                start = lead.end()
            name = head[start:m.end()]
            if _NOT_ONE_BODY.search(head, start, m.start()):
                continue
            if name != m[0] or m["no"]:
                self.meta["inspecting_body"] = name
                return

    def inspected_unit(self) -> None:
        m = _UNIT.search(self.text, 0, self.head_end)
        if m:
            short = _SHORT_NAME.search(m["unit"])
            unit = (m["unit"][:short.start()] + m["unit"][short.end():] if short else m["unit"]).strip()
            if unit:
                self.meta["inspected_unit"] = unit

    def published(self) -> None:
        """The publication date from the page furniture above the opening: a labelled date
        (发布时间:, 时间:, 日期:…), a date on the title's line, or a line holding only a date."""
        labelled, on_title, other, alone = [], [], [], []
        paras = paragraphs(self.text)
        for p in paras[:head_end(paras)]:
            title = title_in(p.text)
            for d in _dates(self.text, p.start, p.end):
                if _PUBLISHED_LABEL.search(self.text, max(p.start, d.start - 12), d.start):
                    labelled.append(d)
                elif title and d.start >= p.start + title[1]:
                    on_title.append(d)
                elif _OTHER_DATE_LABEL.search(self.text, max(p.start, d.start - 12), d.start):
                    other.append(d)
                elif d.start == p.start and _DATE_LINE.match(self.text, d.end, p.end):
                    alone.append(d)
        for date in labelled + on_title + other + alone:
            if date.year is not None and date.day is not None:
                self.put("published", date)
                return

    def signature(self) -> None:
        for span in self.notice.dropped:
            if span.reason == "signature":
                line = self.text[span.start:span.end]
                dates = _dates(line)
                if dates and dates[0].start == 0:
                    if "signed" not in self.meta:
                        self.put("signed", dates[0])
                else:
                    self.meta.setdefault("signatory", self.text[span.start:span.end])

    def check_order(self) -> None:
        """A damaged date read one way can still be wrong: drop it when the inspection's dates
        (start ≤ end ≤ feedback) are out of order."""
        fields = [f for f in ("period_start", "period_end", "feedback_date") if f in self.meta]
        for earlier, later in pairwise(fields):
            if self.meta.get(earlier, "") > self.meta.get(later, "9"):
                for f in (earlier, later):
                    if f in self.damaged:
                        self.warnings.append(f"{f}: the damaged date read as {self.meta.pop(f)} contradicts "
                                             "the order of the inspection; left empty")


def fill_meta_and_totals(notice: Notice, view: str) -> None:
    """Read the facts the notice states into ``notice.meta``, ``notice.totals`` and
    ``notice.total_spans``; ``view`` is its text in simplified script (the same length), which the
    patterns match. Dates that cannot be read are reported in ``notice.warnings``."""
    r = _Reader(notice, view)
    r.inspecting_body()
    kind = _KIND.search(notice.title or "") or _KIND.search(view, 0, r.head_end)
    if kind:
        r.meta["kind"] = kind[0]
    r.inspected_unit()
    period = r.period()
    r.published()
    r.signature()
    r.feedback(period)
    r.check_order()
    if "inspected_unit" not in r.meta and "signatory" in r.meta:
        r.meta["inspected_unit"] = r.meta["signatory"]
    notice.meta = r.meta
    notice.warnings.extend(r.warnings)
    notice.totals, notice.total_spans = read_totals(notice, view)
