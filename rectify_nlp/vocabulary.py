"""The notice vocabulary: the words, numerals, enumerators, dates and status phrases that the reader,
the parser and the tagger share, each written once.

Every pattern here is a regular expression *source* (a ``str``), matched against the simplified view
of the normalised text (:func:`rectify_nlp.text.to_simplified`): simplified script, ASCII
punctuation and digits. The module that uses a pattern compiles it. A new layout, label line or status
phrase is added here, and every step that reads it sees it.

Examples
--------
>>> from rectify_nlp import vocabulary
>>> vocabulary.status_from_marker("(9)针对市委巡察组指出的“…”问题。(已完成)")
'completed'
>>> vocabulary.cn_numeral(21)
'二十一'
"""

from __future__ import annotations

import re

# -- numerals and enumerators ---------------------------------------------------------------------

CN_DIGITS = "一二三四五六七八九十"
"""The Chinese numerals that number headings and clauses (一、, (三), 十一是)."""

CN_DIGIT_NAMES = "零一二三四五六七八九"
"""The names of the digits 0 to 9, as 〇-less ideographic numbers write them."""


def cn_numeral(n: int) -> str:
    """Chinese counting numerals as notices and Word write them: 十, 十一, 二十, 一百零一 (1 to 9999).

    Examples
    --------
    >>> [cn_numeral(n) for n in (1, 10, 11, 20, 101, 110)]
    ['一', '十', '十一', '二十', '一百零一', '一百一十']
    """
    if not 0 < n < 10000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            spoken = "" if unit == "十" and digit == 1 and not out else CN_DIGIT_NAMES[digit]  # 十一, but 一百一十
            out += ("零" if zero and out else "") + spoken + unit
            zero = False
        elif out:
            zero = True
    return out


ENUMERATOR_FORMS: tuple[tuple[str, str], ...] = (
    ("problem_n", r"问题\s*\d{1,3}\s*[::.、]?"),
    ("cn_paren", rf"\(?[{CN_DIGITS}]{{1,3}}\)\s*"),  # `一)`: the opening bracket lost in scraping
    ("ar_paren", r"\(?\d{1,3}\)\s*"),
    ("cn_dun", rf"[{CN_DIGITS}]{{1,3}}\s*[、.](?![{CN_DIGITS}]是)\s*"),
    ("ar_dot", r"\d{1,3}\s*[.、](?!\d)\s*"),
    ("circled", r"[\u2460-\u2473]\s*"),
)
"""Enumerators that open a heading or an item, as (form name, pattern); a match is the ordinal as written."""

ENUMERATOR = "|".join(pattern for _, pattern in ENUMERATOR_FORMS)
"""Any enumerator of :data:`ENUMERATOR_FORMS`."""

CLAUSE_ORDINAL = rf"[{CN_DIGITS}]+是"
"""The ordinal of a run-in clause: 一是, 十一是."""

# -- dates --------------------------------------------------------------------------------------------

_S = r"\s{0,2}"
CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
"""A time of day as pages print it beside a date: 09:30, 09:30:15."""

DATE = (
    # 2024年5月20日, 5月20日
    rf"(?<!\d)(?:(?P<y>\d{{4}}){_S}年{_S})?(?P<m>\d{{1,2}}){_S}月{_S}(?P<d>\d{{1,2}}){_S}[日号]"
    r"|(?<!\d)(?P<iy>\d{4})(?P<sep>[-/.])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?!\d)"  # 2024-05-20, 2024/05/20
    r"|(?<!\d)(?P<cy>\d{4})(?P<cmd>\d{2,4})日"  # 2024520日: 年 and 月 lost in scraping
    rf"|(?<!\d)(?P<my>\d{{4}}){_S}年{_S}(?P<mm>\d{{1,2}}){_S}月(?!{_S}\d)"  # 2024年5月
)
"""A date a notice states about itself (named groups: y/m/d, iy/im/id, cy/cmd, my/mm)."""

PARTIAL_DATE_END = rf"(?P<m>\d{{1,2}}){_S}月(?!{_S}\d)|(?P<d>\d{{1,2}}){_S}[日号]"
"""The end of a range that states only a month or a day: 2024年3月至5月, 2024年3月4日至28日."""

DATE_RANGE = rf"{_S}起?(?:至|到|—|–|-|~){_S}"
"""What joins the two ends of a period: 至, 到, a dash."""

PAGE_DATE = rf"\d{{4}}{_S}[-年/.]{_S}\d{{1,2}}{_S}[-月/.]{_S}\d{{1,2}}{_S}日?(?:\s{{1,3}}{CLOCK})?"
"""A page's publication date and time, in figures or with 年月日: 2024-05-20 09:30, 2024年5月20日."""

SIGNATURE_DATE = r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
"""A date on a line of its own under the signature."""

MONTH_DATE = r"(?:(\d{4})年)?(?<!\d)(\d{1,2})月(\d{1,2}日)?(底|末|上旬|中旬|下旬|内)?"
"""A month in a measure, with its year, day or part if given: 2021年6月30日, 6月底, 9月上旬."""

YEAR_DATE = r"(?:(\d{4})|(?<![\d一二三四五六七八九十两几多每])(?<!每年)(今|明|本)?)年(?!\d{1,2}月|度)(底|末|内)?"
"""A year in a measure: 2025年, 年底, 明年, 今年内; 五年内 is a span and 每年年底 a routine, not a year."""

AS_OF = r"(?:截至|截止|截止到)(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?"
"""The date a measure reports as of: 截至2024年6月."""

BY_DATE = r"前|之前|以前|为止"

DEADLINE = r"(?:\d{1,2}月(?:底|末|上旬|中旬|下旬|\d{1,2}日)?|年底|年内|\d{1,2}日)(?:之前|以前|前)"
"""A deadline in a measure: 6月底前, 9月30日前, 年底前. Read against the notice's date when it is known."""
"""After a date, it makes the date a deadline: 6月底前."""

# -- the page around a notice -------------------------------------------------------------------------

PUBLISHED_LABELS = "发布时间|发布日期|发表时间"
"""The labels a page puts before its publication date."""

ORGANISATION_ENDINGS = (
    "党组|党委|党工委|工委|委员会|区委|市委|县委|管委会|办公室|局|院|厅|委|办|政府|公司|大学|学院|中心"
)
"""How the name of a unit or a Party body ends: what a title's unit and a signature line end with."""

NEXT_STEP = "下一步|下步|今后"
"""Words that open what a unit will do next."""

# -- what headings say ---------------------------------------------------------------------------------

_QUOTED = r"[“\"‘「『][^”\"’」』]{1,200}?[”\"’」』]"
PROBLEM_TITLE = (
    rf"^(?:(?:关于|针对).{{0,40}}?{_QUOTED}.{{0,12}}?问题"
    r"|(?:关于|针对)[^。]{2,80}?的问题)"
)
"""A heading that names a finding: 关于“X”问题, 针对…的问题."""

PART_HEADINGS: tuple[tuple[str, str], ...] = (
    ("next_steps", rf"{NEXT_STEP}|打算|工作计划|工作安排|努力方向"),
    ("attitude", r"认识和态度|认识与态度|问题(?:的)?根源|剖析(?:问题|根源)|原因分析"),
    # the problem part before the organising one: its headings often name the rectification too
    # (坚持问题导向,…推动巡察整改工作取得阶段性成效)
    ("problems", r"(?:反馈|巡[视察])(?:的)?(?:问题|意见)[^。]{0,8}(?:整改|落实)|问题导向|整改(?:落实)?的?(?:进展|成效)"
                 r"|集中整改[^。]{0,6}(?:进展|情况)|整改任务落实|(?:聚焦|针对|对照)[^。]{0,8}问题"),
    ("rectification_work", r"组织(?:整改)?(?:落实|领导|实施)|整改工作(?:开展)?情况|主要做法|政治站位|最高站位"
                           r"|政治(?:责任|任务)|主体责任|责任担当|(?:抓好|推进|抓实|抓紧)[^。]{0,6}整改(?:工作)?$"),
)
"""What a top-level heading says its part is, as (kind, pattern), tried in order."""

FINDING = (
    r"不(?:到位|够|足|强|严|实|力|高|深|细|规范|彻底|明显|健全|完善|严格|扎实|达标|及时|充分)|缺失|弱化|虚化|淡化|欠缺"
    r"|差距|短板|薄弱|滞后|缺乏|偏差|有待|存在|问题|漏洞|风险|隐患|乏力|失位|缺位|流于形式"
)
"""A heading that states a finding: a shortfall in so many words (不到位, 薄弱, 差距…)."""

# -- label lines --------------------------------------------------------------------------------------

MEASURE_LABELS = (
    "整改措施及成效|整改措施及进展|整改措施|整改情况|整改成效|整改进展|整改举措|主要措施|具体措施|工作措施"
    "|采取措施|整改落实情况|落实情况|进展情况"
)
"""Labels that introduce a problem's measures: 整改措施:…"""

STATUS_LABELS = "完成情况|整改进度|完成进度|整改状态|进展情况|整改情况|整改结果"
"""Labels that introduce a problem's stated status: 完成情况:已完成."""

# -- status phrases -----------------------------------------------------------------------------------

_OPEN, _CLOSE = r"[(\uff08]\s*", r"[^()\uff08\uff09]{0,12}[)\uff09]"

STATUS_MARKERS: tuple[tuple[str, str], ...] = (
    (_OPEN + r"已?(?:基本|部分|初步)(?:完成|整改)" + _CLOSE, "partial"),
    (_OPEN + r"已?完成阶段性" + _CLOSE, "partial"),
    (_OPEN + r"(?:未完成|尚未完成|未整改|暂缓)" + _CLOSE, "not_completed"),
    (_OPEN + r"(?:正在推进|正在整改|推进中|整改中|持续推进|持续整改|长期坚持|长期推进)" + _CLOSE, "in_progress"),
    (_OPEN + r"已(?:完成|整改|办结|销号)" + _CLOSE, "completed"),
    (r"[(\uff08]\s*(?:完成|整改完成)\s*[)\uff09]", "completed"),
    (r"基本(?:整改到位|完成整改)", "partial"),
    (r"部分整改到位|部分完成整改", "partial"),
    (r"未完全整改到位|未全部整改到位", "partial"),
    (r"未整改到位|尚未整改", "not_completed"),
    (r"已经?(?:全部)?整改到位|已完成整改", "completed"),
)
"""A problem's explicit status, as (pattern, status id), more specific first: a marker in brackets
(已完成, 部分完成, 正在推进, 长期坚持…) or a phrase (已整改到位, 部分整改到位)."""

_MARKERS = tuple((re.compile(pattern), status_id) for pattern, status_id in STATUS_MARKERS)


def status_from_marker(text: str) -> str | None:
    """The status of the first explicit completion marker in ``text``, else None.

    The earliest marker in the text wins; when two patterns of :data:`STATUS_MARKERS` match at the
    same place, the earlier (more specific) pattern decides.

    Parameters
    ----------
    text : str
        Normalised notice text, typically the rest of a problem heading.

    Returns
    -------
    str or None
        A status id, or None when the text carries no marker.

    Examples
    --------
    >>> status_from_marker("(已完成)"), status_from_marker("(部分完成)"), status_from_marker("(未完成)")
    ('completed', 'partial', 'not_completed')
    >>> status_from_marker("(长期坚持)")
    'in_progress'
    >>> status_from_marker("11项具体任务已部分整改到位")
    'partial'
    >>> status_from_marker("(牵头单位:区委组织部)") is None
    True
    """
    best: tuple[int, int, str] | None = None
    for rank, (pattern, status_id) in enumerate(_MARKERS):
        match = pattern.search(text)
        if match and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, status_id)
    return best[2] if best else None


STATED_VERDICTS: tuple[tuple[str, str], ...] = (
    (r"未完成|尚未完成", "not_completed"),
    (r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:基本(?:完成|整改到位)|部分整改到位)", "partial"),
    # …已完成37项 counts part of a whole: not a verdict on the whole
    (r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:已完成|已整改到位|已经整改到位|全部完成)(?![^,。;]{0,3}\d)",
     "completed"),
)
"""A verdict a measure states about itself in so many words (此项工作已整改到位), strongest first."""

TOTALS_DONE = r"(?:整改到位|整改完成|完成整改|完成)"
"""How a notice's totals say problems are done: 32项已经整改到位."""

TOTALS_ONGOING = r"(?:正在推进|持续推进|正在整改|持续整改)"
"""How a notice's totals say problems are under way: 持续推进3个."""

RATE_DONE = r"(?:整改|完成|办结|处置|销号|化解|兑付)率(?:达到|达|为)?(\d+(?:\.\d+)?)%"
"""A completion rate: 整改率97.7%; under 100% the rest is open."""

FUTURE_OPENER = r"^[^,;。]{0,12}?(?:下一步|下一阶段|下阶段|下步|近期)(?=[,将要])"
"""What opens a measure that is all future (下一步,…将…; 调研组下一步将…): its acts are planned, not done."""

COUNTED = (
    r"(?:余|多)?(?:个|家|项|件|名|人|次|场|期|篇|条|份|万|亿|元|亩|户|所|座|批|处|栋|幢|套|起|宗|笔|册|课时|%|台|辆|只|间|张|"
    r"吨|米|公里)"
)
"""A counter word after a figure: 3个, 12名, 5.6万, 80%."""


def _rule(name: str, kind: str, pattern: str, unless: str | None = None) -> tuple[str, str, str, str | None]:
    return name, kind, pattern, unless


# The status grammar's rules (see rectify_nlp.tagging's grammar): (name, clause kind, pattern, and a
# pattern that stops the rule when it matches the same clause). Rules of the language (aspect,
# modality, negation, quantity), written from the spec, not from seed phrases.
ISSUED = r"印发|出台|发布|颁布|施行|审议通过|正式"
HABITUAL = r"定期|每[年季月周半]|经常|常态化|长效"

STATUS_RULES: tuple[tuple[str, str, str, str | None], ...] = (
    # -- partial: completion qualified by degree or stage
    _rule("degree", "partial", r"(?:基本|初步|部分)(?:完成|建成|形成|实现|搭建|摸清|整改|到位|解决|建立)"),
    # a stage reached; a report named for its stage (阶段进展情况汇报) is a document, not a stage
    _rule("stage", "partial", r"阶段性?(?:成果|成效|进展)(?!情况|报告|汇报)|初步成果", unless=HABITUAL),
    # the rest named: 剩余/余下 always; 其余 only before a figure (其余单位均已… is all done)
    _rule("remainder", "partial", r"剩余|剩下|余下|尚余|其余[^,;。]{0,4}\d"),
    # -- negated: the measure's own act not done; 尚未发现 reports a check, not a gap
    # …未办结的 (those not yet closed) names whom a rule applies to, not the measure's own act
    _rule("negation", "negated",
          r"(?:(?:尚未|还未|仍未|暂未|未能|还没有|尚没有|仍没有)(?!发现|出现|发生|收到|接到)|暂缓|搁置|"
          r"未(?:完成|到位|办结|全部))(?![^,;。]{0,4}的)"),
    _rule("still_open", "negated", r"仍需|仍要|尚需|还需|仍有|尚有|仍存在|尚存在"),
    # -- pending: aspect and modality
    # 正 as progressive only before a verb or manner adverb; 纠正, 真正, 正式 are not
    _rule("progressive", "pending",
          r"正在|(?<![纠修更改端公真严反方立])正(?:积极|加快|抓紧|加紧|全力|有序|逐步|陆续|按|经|由|着手|推进|开展|"
          r"进行|办理|协调|审批|审核|筹备|编制|实施|组织)|仍在|尚在|"
          r"(?:推进|进行|实施|办理|审批|审核|建设|施工|编制|筹备|协调|核查)中$"),  # 审批中, but not 建设中发现
    # 启动应急预案 triggers a procedure, an act; 从…着手 says where work starts from, not that it has started
    _rule("inceptive", "pending",
          r"启动(?!大?会|仪式|前|后|时|以来|[^,;。]{0,4}(?:预案|程序|机制|问责))|着手|已开工|开工建设",
          unless=r"从[^,;。]{0,24}着手"),
    # hastening (加快…) is intensity, not aspect (see KINDS); with 了 it reports an effect (加快推动了…)
    _rule("hastening", "pushing", r"加快|加速|加紧|抓紧", unless=r"了(?!解)"),
    # work done in stages or batches (分期分批, 稳步推进) is aspect: it is under way
    _rule("gradual", "pending", r"有序推进|稳步推进|逐步推进|分期分批|分步实施|分阶段"),
    _rule("modal", "pending",
          r"力争|即将|有望|预计(?!收入|支出|投资|金额)|"
          # 下一步决策, 今后工作: a noun; as an adverbial it stands alone or before a verb
          rf"(?:{NEXT_STEP}|下阶段|后续)(?=$|[,]|将|要|还|继续|仍|也)|"
          # 拟 + verb; 拟任, 拟引进的项目 are attributive (the post proposed), 拟定 a draft
          r"(?<![模虚比草])拟(?![定制稿任聘]|[^,;。]{0,4}的)|"
          r"计划(?=于|在|到|\d{4}年|年底|年内|今年|明年|近期|下半年|开展|启动|召开|出台|完成)|"
          r"争取(?=于|在|年底|年内|早日|尽快|尽早|[^,;。]{0,8}(?:完成|获批|落地|建成|出台|验收))"),
    # future 将 before a verb or adverb; 将 + object + 纳入/挂钩 is the disposal marker (=把); 将继续/将进一步
    # promises more of the same, a standing commitment, not a plan
    _rule("future", "pending",
          r"(?<![即])将(?=于|在|会|要|加快|尽快|全面|逐步|适时|陆续|着力|重点|深入|"
          r"按照|根据|结合|启动|开展|组织|召开|出台|完成|实现|正式)",
          unless=r"纳入|列入|作为|融入|挂钩|移交|移送|转交|交由|划入|划转|调整为|转化为"),
    # waiting on a condition or an approval
    _rule("awaiting", "pending", r"待(?:审|批|核|定|验|上级)|待[^,;。]{1,16}后|亟待"),
    _rule("draft", "pending", r"起草|草拟|拟定|拟制|初稿|草案|征求意见稿|送审稿|讨论稿|初步方案", unless=ISSUED),
    _rule("approval", "pending",
          r"(?<![的通汇])报批(?!评|示|手续|程序|报备|制度)|报请|提请|呈报|(?:上报|报送|提交)[^,;。]{0,12}(?:审核|审批|审定|审议|批复|核准)"),
    # -- done: a concrete act someone could check (guide §5.1)
    # 已做的工作 (the work already done) is attributive: no act of the measure's own
    _rule("perfective", "done", r"已(?![^,;。]{1,3}的)|(?<![为除罢])了(?!解)"),
    _rule("completion", "done", r"完成|办结|追回|收回|清退|退还|退回|封存|建成|竣工|投用|投入使用|上线|挂牌|验收|"
          r"整改到位|纳入|列入",
          unless=r"^(?:确保|努力|要|务必)"),
    # a creating verb with a named document, a meeting or event held, a body set up
    _rule("document", "done",
          r"(?:制定|出台|印发|修订|下发|下达|制发|发布|颁布|编制|出具|签订|签署)[^,;。]{0,30}"
          r"(?:《|“|方案|预案|办法|意见|规定|细则|清单|规则|规程|通知|规划|计划|制度|指引|责任书|建议书|督办单|提示单)|"
          # revising a named document is an act on a specific object; citing one (执行《》) is not
          r"(?:完善|健全|补充|修改)[^,;。]{0,4}《|"
          # setting up something named in quotes: 建立“三会联动”机制 (but 建立健全 is a commitment)
          r"(?:建立|创设|设立|推出|打造|开设|搭建|创建)(?!健全|完善)[^,;。]{0,12}“",
          unless=HABITUAL),
    # 建立 creates (an accomplishment); 健全/完善 only improve, and 建立健全 is the commitment idiom
    _rule("establish", "done",
          r"(?<!健全|完善)建立(?!健全|完善)[^,;。]{0,30}(?:机制|制度|平台|台账|档案|体系|清单|库|榜|模式)",
          unless=HABITUAL),
    # 开展 + a checkable event; under a commitment opener (积极开展…工作) it is a commitment
    _rule("campaign", "done", r"开展[^,;。]{0,20}(?:培训|检查|排查|自查|督查|调研|审计|评估|“)",
          unless=HABITUAL + r"|^(?:同时|并|要|还|始终)?(?:坚持|持续|不断|积极|切实|认真|深入|全面|扎实|广泛)"),
    # a decision a body has taken: 经…研究确定, 经…批准
    _rule("decided", "done", r"经[^,;。]{0,20}(?:确定|决定|同意|批准|通过)"),
    # 对 + a specific object + 进行/给予/予以: an act done to it (对3名干部给予处分)
    _rule("treatment", "done", r"对[^,;。]{1,30}(?:进行|给予|予以|作出)", unless=HABITUAL),
    _rule("event", "done", r"(?:召开|举办|举行)[^,;。]{0,20}(?:会|培训|讲座|活动|仪式)", unless=HABITUAL),
    _rule("body", "done",
          r"(?:成立|组建|设立)[^,;。]{0,60}?(?:小组|专班|委员会|中心|办公室|指挥部|工作组|检查组|督查组)"),
    # a dated act: a day or a month of a year (a date after the notice's is pending, which wins)
    _rule("dated", "done", r"\d{4}年(?!度)|\d{1,2}月\d{1,2}日"),
    _rule("figure", "done", r"\d(?:" + COUNTED + ")", unless=HABITUAL),
    # -- standing: a promise of more of the same (将继续保持…, 将进一步加强…)
    _rule("continuing", "standing", r"将(?:继续|持续|进一步|不断)"),
    # a clause that opens with an intensity or continuity verb (guide §5.1 "No")
    _rule("commitment", "standing",
          r"^(?:同时|并|要|还|始终)?(?:坚持|严格|进一步|持续|不断|切实|加大|加强|深化|强化|认真|全力|积极|着力|大力|"
          r"扎实|健全|完善|优化|推动|推进|确保|抓好|抓实|落实|做好|提高|提升|规范|探索|注重|强调|发挥|维护|增强|"
          r"督促|压实|坚决|及时|广泛|全面|深入|努力)"),
)
