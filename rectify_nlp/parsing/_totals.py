"""Totals a notice states about itself: counts of problems and measures, accountability figures,
money recovered or refunded, each with the span of the phrase it was read from.

``Notice.totals`` keys (numbers):

``problem_areas``      categories/areas of problems (13类, 7方面)
``problems``           problems fed back (43项, 31个具体问题)
``completed``, ``partial``, ``in_progress``, ``not_completed``
                       problems by status as the notice counts them
``measures_planned``   rectification measures drawn up (164条整改举措)
``party_discipline``   党纪处分 (persons or person-times)
``government_sanction`` 政务处分
``admonishment``       诫勉
``judicial_transfer``  移送司法
``education_reminder`` 教育提醒, or a list of first-form measures with one figure
                       (批评教育、谈话提醒24人)
``organisational_handling`` 组织处理
``institutions``       rules and systems set up or improved (建立完善制度43项)
``recovered_wan_yuan`` losses recovered (挽回/追回/收回), in 万元
``refunded_wan_yuan``  money returned (清退/退还/追缴), in 万元

Totals are read from the text outside measures, next steps and furniture: the opening, the
organising items, problem headings. A figure goes to one key only.
"""

from __future__ import annotations

import re

from .. import vocabulary
from ..document import Notice, Span

_SP = r"\s{0,2}"
_NUM = r"\d{1,6}"  # a figure that is not the one read
_UNIT = rf"{_SP}(?:个|项|条)"
_AREAS = rf"{_SP}(?:类|个方面|方面)(?:问题)?(?:共)?{_SP}"
_FED_BACK = r"(?:反馈|指出|提出|问题)[^,。;\d]{0,8}?"  # 巡察反馈的…, 反馈问题共…
_STATUS_OF = r"(?:具体任务|具体问题|问题|任务)?"
_DONE = vocabulary.TOTALS_DONE
_ONGOING = vocabulary.TOTALS_ONGOING
_REMINDER = r"(?:批评教育|谈话提醒|提醒谈话|教育提醒|提醒教育)"
_LIGHT = rf"(?:{_REMINDER}|责令(?:作出)?(?:书面)?检查|约谈|函询|通报批评)"
_PERSONS = rf"{_SP}#{_SP}人"

# (key, pattern), '#' standing for the figure. A key takes the first row of its own that matches;
# rows are tried in this order, so a figure claimed by an earlier row is not read again.
_COUNTS = (
    ("problem_areas", rf"#{_AREAS}{_NUM}{_UNIT}(?:具体)?(?:问题|任务)"),  # 4个方面37个问题
    ("problem_areas", rf"{_FED_BACK}#{_AREAS}{_NUM}{_UNIT}"),  # 反馈的问题共4个方面37个
    ("problems", rf"{_NUM}{_AREAS}#{_UNIT}(?:具体)?(?:问题|任务)"),
    ("problems", rf"{_FED_BACK}{_NUM}{_AREAS}#{_UNIT}"),
    ("problems", rf"(?:反馈|指出|提出)[^,。;\d]{{0,8}}?#{_UNIT}(?:具体)?问题"),  # 反馈意见提出了11项问题
    ("problems", rf"(?:反馈|指出|提出)的?(?:具体)?问题(?:共)?{_SP}#{_UNIT}"),  # 反馈问题25个
    ("completed", rf"#{_UNIT}{_STATUS_OF}已经?(?:全部)?(?:{_DONE}|办结|销号)"),  # 3个问题已完成整改
    ("completed", rf"已经?(?:全部)?(?:{_DONE}|办结|销号){_SP}#{_UNIT}"),  # 已整改完成34个
    ("completed", rf"(?<![性本分未])(?:整改完成|完成整改){_SP}#{_UNIT}"),
    ("partial", rf"#{_UNIT}{_STATUS_OF}(?:已经|已)?(?:部分|基本|阶段性){_DONE}"),  # 2个问题已部分完成整改
    ("partial", rf"(?:阶段性|基本|部分){_DONE}{_SP}#{_UNIT}"),  # 阶段性完成整改3个
    ("in_progress", rf"{_ONGOING}{_SP}#{_UNIT}"),
    ("in_progress", rf"#{_UNIT}(?:问题)?{_ONGOING}"),
    ("not_completed", rf"(?:尚未|未)完成(?:整改)?{_SP}#{_UNIT}"),
    ("not_completed", rf"#{_UNIT}(?:问题)?尚?未完成"),
    ("measures_planned", rf"#{_UNIT}(?:具体)?整改(?:措施|举措)"),  # 制定186条具体整改措施
    ("measures_planned", rf"整改(?:措施|举措){_SP}#{_UNIT}"),
    ("party_discipline", rf"党纪(?:处分|处理){_PERSONS}"),
    ("government_sanction", rf"(?:政务|政纪)处分{_PERSONS}"),
    ("admonishment", rf"诫勉(?:谈话)?{_PERSONS}"),
    ("judicial_transfer", rf"移送(?:司法机关|司法|检察机关)(?:处理)?{_PERSONS}"),
    # 给予责令检查、批评教育、谈话提醒24人: first-form measures counted together
    ("education_reminder", rf"(?:{_LIGHT}[、和及与]){{0,4}}{_REMINDER}(?:[、和及与]{_LIGHT}){{0,4}}等?{_PERSONS}"),
    ("organisational_handling", rf"组织处理{_PERSONS}"),
    ("institutions", rf"制度(?:办法|机制|文件)?{_SP}#{_SP}(?:项|个|件|条)"),  # 建立完善制度43项
    ("institutions", rf"(?:建立|完善|制定|出台|修订|健全)[^,。;\d]{{0,6}}?#{_SP}(?:项|个|件|条)(?:规章)?制度"),
    ("problems", rf"(?:交办|移交|梳理出?|涉及|共有?)[^,。;\d]{{0,10}}?#{_UNIT}(?:具体)?问题"),
)
_FIGURE = r"(?<![\d.])(?P<n>\d{1,6})"
_COUNT_PATTERNS = tuple((key, re.compile(pattern.replace("#", _FIGURE))) for key, pattern in _COUNTS)

_RECOVERED, _REFUNDED = ("挽回", "追回", "收回"), ("清退", "退还", "追缴")
_MONEY = re.compile(
    r"(?:挽回|追回|收回|清退|退还|追缴)[^,。;]{0,16}?"
    r"(?<![\d.])(?P<n>\d{1,9}(?:\.\d{1,6})?)\s{0,2}余?\s{0,2}(?P<unit>万元|亿元|元)")
_TO_WAN = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}


def _outside_measures(notice: Notice, text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` that are neither measures nor next steps nor furniture."""
    covered = [(m.start, m.end) for m in notice.measures]
    covered += [(s.start, s.end) for s in notice.sections if s.kind == "next_steps"]
    covered += [(d.start, d.end) for d in notice.dropped if d.reason in ("furniture", "unrelated", "contact")]
    covered.sort()
    stretches, pos = [], 0
    for start, end in covered:
        if start > pos:
            stretches.append((pos, start))
        pos = max(pos, end)
    stretches.append((pos, len(text)))
    return [(a, b) for a, b in stretches if text[a:b].strip()]


def _money_key(phrase: str) -> str:
    """A phrase may name both (收回清退…): the verb nearest the figure decides."""
    verb = max(_RECOVERED + _REFUNDED, key=phrase.rfind)
    return "recovered_wan_yuan" if verb in _RECOVERED else "refunded_wan_yuan"


def read_totals(notice: Notice, text: str) -> tuple[dict[str, float], dict[str, Span]]:
    """The totals the notice states and, for each, the span of the phrase it was read from."""
    stretches = _outside_measures(notice, text)
    totals: dict[str, float] = {}
    spans: dict[str, Span] = {}
    used: set[int] = set()  # where the figures already read begin

    def take(key: str, m: re.Match, value: float) -> None:
        totals[key] = value
        spans[key] = Span(m.start(), m.end(), key)
        used.add(m.start("n"))

    for key, pattern in _COUNT_PATTERNS:
        if key in totals:
            continue
        m = next((m for a, b in stretches for m in pattern.finditer(text, a, b) if m.start("n") not in used), None)
        if m:
            take(key, m, int(m["n"]))
    for a, b in stretches:
        for m in _MONEY.finditer(text, a, b):
            key = _money_key(m[0][: m.start("n") - m.start()])
            if key not in totals and m.start("n") not in used:
                take(key, m, round(float(m["n"]) * _TO_WAN[m["unit"]], 4))
    return totals, spans
