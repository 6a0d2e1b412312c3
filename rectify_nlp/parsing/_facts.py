"""Facts a notice states about itself: inspection metadata and totals.

``Notice.meta`` keys (each present only when the notice states it):

``kind``               巡视 or 巡察
``inspecting_body``    e.g. 省委第五巡视组
``inspected_unit``     e.g. 杭州市拱墅区 (else the signatory)
``period_start``, ``period_end``, ``feedback_date``, ``published``, ``signed``
                       ISO dates (``2022-08-05``); a date whose digits were lost in
                       scraping and cannot be read unambiguously is kept as written
``signatory``          the issuing body named under the text

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
``education_reminder`` 教育提醒
``organisational_handling`` 组织处理
``institutions``       rules and systems set up or improved (建立完善制度43项)
``recovered_wan_yuan`` losses recovered (挽回/追回/收回), in 万元
``refunded_wan_yuan``  money returned (清退/退还/追缴), in 万元
"""

from __future__ import annotations

import re

from ..document import Notice

_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}|\d{6,8}日"

_COUNTS = (
    ("problem_areas", r"(\d+)\s*(?:类|个方面|方面)(?:问题)?\s*\d+\s*(?:项|个|条)"),
    ("problems", r"\d+\s*(?:类|个方面|方面)(?:问题)?\s*(\d+)\s*(?:项|个|条)(?:具体)?(?:问题|任务)"),
    ("problems", r"反馈(?:的|意见中的)?\s*(\d+)\s*(?:个|项|条)(?:具体)?问题"),
    ("problems", r"(\d+)\s*(?:个|项|条)(?:具体)?问题"),
    ("completed", r"(\d+)\s*(?:项|个|条)(?:具体任务|具体问题|问题|任务)?(?:已经|已)(?:全部)?整改到位"),
    ("completed", r"已(?:经)?完成(?:整改)?\s*(\d+)\s*(?:个|项|条)"),
    ("completed", r"(\d+)\s*(?:项|个|条)(?:问题)?已(?:经)?完成(?:整改)?"),
    ("partial", r"(\d+)\s*(?:项|个|条)(?:具体任务|具体问题|问题|任务)?(?:已经|已)?(?:部分|基本)整改到位"),
    ("partial", r"(?:基本|部分)完成(?:整改)?\s*(\d+)\s*(?:个|项|条)"),
    ("in_progress", r"(?:正在推进|持续推进|正在整改)\s*(\d+)\s*(?:个|项|条)"),
    ("in_progress", r"(\d+)\s*(?:项|个|条)(?:问题)?(?:正在推进|持续推进|正在整改)"),
    ("not_completed", r"未完成(?:整改)?\s*(\d+)\s*(?:个|项|条)"),
    ("measures_planned", r"(\d+)\s*(?:条|项|个)(?:具体)?整改(?:措施|举措)"),
    ("party_discipline", r"党纪(?:处分|处理)\s*(\d+)\s*人"),
    ("government_sanction", r"政务处分\s*(\d+)\s*人"),
    ("admonishment", r"诫勉(?:谈话)?\s*(\d+)\s*人"),
    ("judicial_transfer", r"移送(?:司法|司法机关|检察机关)(?:处理)?\s*(\d+)\s*人"),
    ("education_reminder", r"教育提醒\s*(\d+)\s*人"),
    ("organisational_handling", r"组织处理\s*(\d+)\s*人"),
    ("institutions", r"制度(?:办法|机制)?\s*(\d+)\s*(?:项|个|件|条)"),
)
_MONEY = (
    ("recovered_wan_yuan", r"(?:挽回|追回|收回)[^,,。;;]{0,16}?(\d+(?:\.\d+)?)\s*(万元|亿元|元)"),
    ("refunded_wan_yuan", r"(?:清退|退还|追缴)[^,,。;;]{0,16}?(\d+(?:\.\d+)?)\s*(万元|亿元|元)"),
)
_TO_WAN = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}


def iso_date(raw: str) -> str:
    """``2022年8月5日`` → ``2022-08-05``; a scrape-damaged ``2018625日`` → ``2018-06-25``.

    A compressed date that could be read two ways (``2018117日``) is returned as written.

    Examples
    --------
    >>> iso_date("2022年8月5日"), iso_date("2018625日"), iso_date("2018117日")
    ('2022-08-05', '2018-06-25', '2018117日')
    """
    m = re.fullmatch(r"(\d{4})\s*[年-]\s*(\d{1,2})\s*[月-]\s*(\d{1,2})\s*日?", raw.strip())
    if m:
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = re.fullmatch(r"(\d{4})(\d{2,4})日", raw.strip())
    if m:
        digits = m[2]
        readings = {
            (int(digits[:k]), int(digits[k:]))
            for k in (1, 2)
            if 0 < k < len(digits) and len(digits) - k <= 2
        }
        readings = {(mo, d) for mo, d in readings if 1 <= mo <= 12 and 1 <= d <= 31}
        if len(readings) == 1:
            mo, d = readings.pop()
            return f"{m[1]}-{mo:02d}-{d:02d}"
    return raw


def _outside_measures(notice: Notice, text: str) -> list[str]:
    """Stretches of ``text`` that are neither measures nor next steps nor furniture."""
    covered = [(m.start, m.end) for m in notice.measures]
    covered += [(s.start, s.end) for s in notice.sections if s.kind == "next_steps"]
    covered += [(d.start, d.end) for d in notice.dropped if d.reason in ("furniture", "unrelated", "contact")]
    covered.sort()
    chunks, pos = [], 0
    for start, end in covered:
        if start > pos:
            chunks.append(text[pos:start])
        pos = max(pos, end)
    chunks.append(text[pos:])
    return [c for c in chunks if c.strip()]


def fill_meta_and_totals(notice: Notice, view: str) -> None:
    """Read the facts the notice states into ``notice.meta`` and ``notice.totals``; ``view`` is its
    text in simplified script (the same length), which the patterns match."""
    text = view
    head = text[: notice.opening.end] if notice.opening else text[:3000]
    meta: dict[str, str] = {}

    m = re.search(r"((?:中央|省委|市委|区委|县委|州委|盟委|旗委|党委|党组|工委)?第[一二三四五六七八九十\d]+(?:巡视|巡察)组)", head)
    if m:
        meta["inspecting_body"] = m[1]
    kind = re.search(r"巡视|巡察", notice.title or "") or re.search(r"巡视|巡察", head)
    if kind:
        meta["kind"] = kind[0]
    m = re.search(r"对(.{2,60}?)(?:\(以下简称[^)]*\))?(?:开展了|进行了|开展|进行)(?:常规|专项|机动|提级|联动|交叉)?(?:巡视|巡察)", head)
    if m:
        meta["inspected_unit"] = re.sub(r"\(以下简称[^)]*\)", "", m[1]).strip()
    m = re.search(rf"({_DATE})\s*(?:至|—|-|到)\s*(\d{{4}}\s*年\s*)?(\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|{_DATE})", head)
    if m:
        meta["period_start"] = iso_date(m[1])
        end = m[3] if re.match(r"\d{4}", m[3]) else (m[2] or m[1][:4] + "年") + m[3]
        meta["period_end"] = iso_date(end)
    m = re.search(rf"({_DATE})(?:(?!{_DATE})[^。]){{0,60}}?反馈(?:了)?(?:巡视|巡察)(?:意见|情况)", head)
    if m:
        meta["feedback_date"] = iso_date(m[1])
    m = re.search(r"(?:发布时间|发布日期)\s*[::]\s*(\d{4}-\d{1,2}-\d{1,2})", text) or re.match(r"(\d{4}-\d{2}-\d{2})\s+\d{1,2}:\d{2}", text)
    if m:
        meta["published"] = iso_date(m[1])
    for span in notice.dropped:
        if span.reason == "signature":
            line = text[span.start:span.end]
            if re.match(_DATE, line):
                meta.setdefault("signed", iso_date(line))
            else:
                meta.setdefault("signatory", line)
    if "inspected_unit" not in meta and "signatory" in meta:
        meta["inspected_unit"] = meta["signatory"]
    notice.meta = meta

    totals: dict[str, float] = {}
    chunks = _outside_measures(notice, text)
    for key, pattern in _COUNTS:
        if key in totals:
            continue
        for chunk in chunks:
            m = re.search(pattern, chunk)
            if m:
                totals[key] = int(m[1])
                break
    for key, pattern in _MONEY:
        for chunk in chunks:
            m = re.search(pattern, chunk)
            if m:
                totals[key] = round(float(m[1]) * _TO_WAN[m[2]], 4)
                break
    notice.totals = totals
