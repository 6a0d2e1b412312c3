"""A small cue grammar of completion: how a measure's clauses say what got done.

Every clause of a measure is sorted into one kind, as the annotation guide (§5.2) sorts the
actions a measure reports: ``partial`` (a partial completion stated), ``negated`` (explicitly
not done, or a remainder still open), ``pending`` (under way, started, drafted, awaiting
approval, planned, or due after the notice's date), ``done`` (a concrete act someone could
check) or ``standing`` (a commitment verb and nothing concrete). The rules are rules of the
language (aspect, modality, negation, quantity), written from the spec, not from seed phrases.
Patterns match simplified script with ASCII punctuation, as the normalised text has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ._regex import first_chars
from ._status_figures import COUNTED, dates_ahead, part_of_whole, reference_of, share_done

KINDS = ("partial", "negated", "pending", "pushing", "done", "standing")
"""Clause kinds, strongest first: a clause takes the first kind any of its rules gives. ``pushing``
(加快…, 加紧…) says how hard work is pushed, not how far it got: it is pending work only in a
measure that reports nothing done, and under a commitment verb (持续加快…) it is standing."""


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern
    unless: re.Pattern | None = None  # the rule does not fire when this matches the same clause
    first: frozenset | None = None  # the characters a match starts with: a clause without any cannot match


def _rule(name, kind, pattern, unless=None) -> Rule:
    if kind in ("pending", "pushing"):  # a cue word between 、 is an item of a list of steps (报批、初审、联审), not an act
        pattern = f"(?<!、)(?:{pattern})(?!、)"
    compiled = re.compile(pattern)
    return Rule(name, kind, compiled, re.compile(unless) if unless else None, first_chars(compiled))


_ISSUED = r"印发|出台|发布|颁布|施行|审议通过|正式"
_HABITUAL = r"定期|每[年季月周半]|经常|常态化|长效"

RULES: tuple[Rule, ...] = (
    # -- partial: completion qualified by degree or stage
    _rule("degree", "partial", r"(?:基本|初步|部分)(?:完成|建成|形成|实现|搭建|摸清|整改|到位|解决|建立)"),
    _rule("stage", "partial", r"阶段性?(?:成果|成效|进展)|初步成果", unless=_HABITUAL),
    # the rest named: 剩余/余下 always; 其余 only before a figure (其余单位均已… is all done)
    _rule("remainder", "partial", r"剩余|剩下|余下|尚余|其余[^,;。]{0,4}\d"),
    # -- negated: the measure's own act not done; 尚未发现 reports a check, not a gap
    _rule("negation", "negated",
          r"(?:尚未|还未|仍未|暂未|未能|还没有|尚没有|仍没有)(?!发现|出现|发生|收到|接到)|暂缓|搁置|"
          r"未(?:完成|到位|办结|全部)"),
    _rule("still_open", "negated", r"仍需|仍要|尚需|还需|仍有|尚有|仍存在|尚存在"),
    # -- pending: aspect and modality
    # 正 as progressive only before a verb or manner adverb; 纠正, 真正, 正式 are not
    _rule("progressive", "pending",
          r"正在|(?<![纠修更改端公真严反方立])正(?:积极|加快|抓紧|加紧|全力|有序|逐步|陆续|按|经|由|着手|推进|开展|"
          r"进行|办理|协调|审批|审核|筹备|编制|实施|组织)|仍在|尚在|"
          r"(?:推进|进行|实施|办理|审批|审核|建设|施工|编制|筹备|协调|核查)中$"),  # 审批中, but not 建设中发现
    _rule("inceptive", "pending", r"启动(?!大?会|仪式|前|后|时|以来)|着手|已开工|开工建设"),
    # hastening (加快…) is intensity, not aspect (see KINDS); with 了 it reports an effect (加快推动了…)
    _rule("hastening", "pushing", r"加快|加速|加紧|抓紧", unless=r"了(?!解)"),
    # work done in stages or batches (分期分批, 稳步推进) is aspect: it is under way
    _rule("gradual", "pending", r"有序推进|稳步推进|逐步推进|分期分批|分步实施|分阶段"),
    _rule("modal", "pending",
          r"力争|即将|有望|预计(?!收入|支出|投资|金额)|"
          # 下一步决策, 今后工作: a noun; as an adverbial it stands alone or before a verb
          r"(?:下一步|下阶段|今后|后续)(?=$|[,]|将|要|还|继续|仍|也)|"
          # 拟 + verb; 拟任, 拟引进的项目 are attributive (the post proposed), 拟定 a draft
          r"(?<![模虚比草])拟(?![定制稿任聘]|[^,;。]{0,4}的)|"
          r"计划(?=于|在|到|\d{4}年|年底|年内|今年|明年|近期|下半年|开展|启动|召开|出台|完成)|"
          r"争取(?=于|在|年底|年内|早日|尽快|尽早|[^,;。]{0,8}(?:完成|获批|落地|建成|出台|验收))"),
    # future 将 before a verb or adverb; 将 + object + 纳入/挂钩 is the disposal marker (=把)
    _rule("future", "pending",
          r"(?<![即])将(?=于|在|会|要|进一步|继续|持续|加快|尽快|全面|逐步|适时|陆续|着力|重点|深入|不断|"
          r"按照|根据|结合|启动|开展|组织|召开|出台|完成|实现|正式)",
          unless=r"纳入|列入|作为|融入|挂钩|移交|移送|转交|交由|划入|划转|调整为|转化为"),
    # waiting on a condition or an approval
    _rule("awaiting", "pending", r"待(?:审|批|核|定|验|上级)|待[^,;。]{1,16}后|亟待"),
    _rule("draft", "pending", r"起草|草拟|拟定|拟制|初稿|草案|征求意见稿|送审稿|讨论稿|初步方案", unless=_ISSUED),
    _rule("approval", "pending",
          r"(?<![的通汇])报批(?!评|示|手续|程序|报备|制度)|报请|提请|呈报|(?:上报|报送|提交)[^,;。]{0,12}(?:审核|审批|审定|审议|批复|核准)"),
    # -- done: a concrete act someone could check (guide §5.1)
    _rule("perfective", "done", r"已|(?<![为除罢])了(?!解)"),
    _rule("completion", "done", r"完成|办结|追回|收回|清退|退还|退回|封存|建成|竣工|投用|投入使用|上线|挂牌|验收|整改到位|"
          r"纳入|列入",
          unless=r"^(?:确保|努力|要|务必)"),
    # a creating verb with a named document, a meeting or event held, a body set up
    _rule("document", "done",
          r"(?:制定|出台|印发|修订|下发|发布|颁布|编制|出具|签订|签署)[^,;。]{0,30}"
          r"(?:《|“|方案|预案|办法|意见|规定|细则|清单|规则|规程|通知|规划|计划|制度|指引|责任书)|"
          # revising a named document is an act on a specific object; citing one (执行《》) is not
          r"(?:完善|健全|补充|修改)[^,;。]{0,4}《|"
          # setting up something named in quotes: 建立“三会联动”机制 (but 建立健全 is a commitment)
          r"(?:建立|创设|设立|推出|打造|开设|搭建|创建)(?!健全|完善)[^,;。]{0,12}“",
          unless=_HABITUAL),
    # 建立 creates (an accomplishment); 健全/完善 only improve, and 建立健全 is the commitment idiom
    _rule("establish", "done",
          r"(?<!健全|完善)建立(?!健全|完善)[^,;。]{2,30}(?:机制|制度|平台|台账|档案|体系|清单|库|榜|模式)",
          unless=_HABITUAL),
    # 开展 + a checkable event; under a commitment opener (积极开展…工作) it is a commitment
    _rule("campaign", "done", r"开展[^,;。]{0,20}(?:培训|检查|排查|自查|督查|调研|审计|评估|“)",
          unless=_HABITUAL + r"|^(?:同时|并|要|还|始终)?(?:坚持|持续|不断|积极|切实|认真|深入|全面|扎实|广泛)"),
    # a decision a body has taken: 经…研究确定, 经…批准
    _rule("decided", "done", r"经[^,;。]{0,20}(?:确定|决定|同意|批准|通过)"),
    # 对 + a specific object + 进行/给予/予以: an act done to it (对3名干部给予处分)
    _rule("treatment", "done", r"对[^,;。]{1,30}(?:进行|给予|予以|作出)", unless=_HABITUAL),
    _rule("event", "done", r"(?:召开|举办|举行)[^,;。]{0,20}(?:会|培训|讲座|活动|仪式)", unless=_HABITUAL),
    _rule("body", "done", r"(?:成立|组建|设立)[^,;。]{0,20}(?:小组|专班|委员会|中心|办公室|指挥部|工作组)"),
    # a dated act: a day or a month of a year (a date after the notice's is pending, which wins)
    _rule("dated", "done", r"\d{4}年(?!度)|\d{1,2}月\d{1,2}日"),
    _rule("figure", "done", r"\d(?:" + COUNTED + ")", unless=_HABITUAL),
    # -- standing: a clause that opens with an intensity or continuity verb (guide §5.1 "No")
    _rule("commitment", "standing",
          r"^(?:同时|并|要|还|始终)?(?:坚持|严格|进一步|持续|不断|切实|加大|加强|深化|强化|认真|全力|积极|着力|大力|"
          r"扎实|健全|完善|优化|推动|推进|确保|抓好|抓实|落实|做好|提高|提升|规范|探索|注重|强调|发挥|维护|增强|"
          r"督促|压实|坚决|及时|广泛|全面|深入|努力)"),
)

_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|\([一二三四五六七八九十\d]+\)|\d+[.、]|[一二三四五六七八九十]+、)")
_TITLES = re.compile(r"《[^《》]{0,60}》|〔[^〔〕]{0,10}〕\d*号|(?<!\d)\d+号")
_CLAUSE = re.compile(r"[,;。:!?]")
_ASCII = str.maketrans("\uff0c\uff1b\uff1a\uff01\uff1f\uff08\uff09", ",;:!?()")  # full-width punctuation, as normalised
# a clause that ends in 的 or opens with 凡/若 states a condition (…的,由…报…审批): the clauses
# after it state a rule, which is standing
_CONDITIONAL = re.compile(r"的$|^(?:凡|若|如果|一旦)")
# a purpose clause (为加快…提供保障) names a goal: its pending cues are not the measure's state
_PURPOSE = re.compile(r"^(?:为了?|以便|旨在)")

@dataclass(frozen=True)
class Cue:
    """Where the grammar found a kind: the rule and its span in the measure text."""

    kind: str
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """The kinds of a measure's clauses, the share of its clauses that are standing commitments,
    and the first cue of each kind found."""

    kinds: frozenset
    standing_share: float
    cues: tuple[Cue, ...] = ()


def _body(text: str) -> str:
    """The measure without its lead heading (一是加快推进X。…): the heading names a task, not its state."""
    text = _ORDINAL.sub("", text, count=1)
    head, sep, rest = text.partition("。")
    if sep and rest.strip() and len(head) <= 24 and "," not in head:
        return rest
    return text


def clause_kinds(clause: str, reference: date | None = None, rules=None, spans: dict | None = None) -> set[str]:
    """Every kind the rules (by default :data:`RULES`) give one clause; ``spans`` receives, per kind,
    the rule that gave it and where it matched in the clause."""
    kinds: set[str] = set()
    spans = {} if spans is None else spans
    chars = set(clause)
    for r in RULES if rules is None else rules:  # a kind already found needs no more of its rules
        if r.kind in kinds or r.first is not None and r.first.isdisjoint(chars):
            continue
        m = r.pattern.search(clause)
        if m and not (r.unless and r.unless.search(clause)):
            kinds.add(r.kind)
            spans[r.kind] = (r.name, m.start(), m.end())
    if dates_ahead(clause, reference):
        kinds.add("pending")
        spans.setdefault("pending", ("date_ahead", 0, len(clause)))
    if _PURPOSE.match(clause):
        kinds -= {"pending", "pushing"}
    return kinds


def _strongest(kinds) -> str | None:
    return next((k for k in KINDS if k in kinds), None)


def _sentence_kinds(clauses: list[str], reference: date | None, rules) -> list[tuple[str | None, tuple | None]]:
    """Each clause's kind, with the rule and span that gave it."""
    out, conditioned = [], False
    for clause in clauses:
        spans: dict = {}
        found = clause_kinds(clause, reference, rules, spans)
        kind = "standing" if conditioned else _strongest(found)
        if kind == "pushing" and "standing" in found:
            kind = "standing"
        out.append((kind, spans.get(kind) or ("conditional", 0, len(clause)) if kind else None))
        conditioned = conditioned or bool(_CONDITIONAL.search(clause))
    return out


def _pieces(text: str, separator: re.Pattern, offset: int = 0):
    """The stripped pieces of ``text`` between separators, each with its offset."""
    start = 0
    for m in [*separator.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            yield offset + start + len(piece) - len(piece.lstrip()), stripped
        start = m.end() if m else end


def _without_titles(text: str, offset: int) -> tuple[str, list[int]]:
    """``text`` with document titles and numbers emptied (《…》 → 《》), and each character's offset
    in the measure."""
    out, where, last = [], [], 0
    for m in [*_TITLES.finditer(text), None]:
        start = m.start() if m else len(text)
        out.append(text[last:start])
        where.extend(range(offset + last, offset + start))
        if m:
            kept = "《》" if m.group().startswith("《") else ""
            out.append(kept)
            where.extend([offset + m.start(), offset + m.end() - 1][:len(kept)])
            last = m.end()
    return "".join(out), where


_SENTENCE = re.compile(r"[;。]")


def read(text: str, reference_date: str | None = None, rules=None) -> Reading:
    """The kinds of the measure's clauses.

    Examples
    --------
    >>> sorted(read("已印发实施细则,配套系统正在调试。").kinds)
    ['done', 'pending']
    """
    text = text.translate(_ASCII)
    reference = reference_of(text, reference_date)
    body_start = len(text) - len(_body(text))
    body, where = _without_titles(text[body_start:], body_start)
    kinds, clauses, standing, cues = set(), 0, 0, {}

    def found(kind, rule, start, end):
        if kind not in cues:
            cues[kind] = Cue(kind, rule, where[start], where[end - 1] + 1)

    for s_start, sentence in _pieces(body, _SENTENCE):
        if part_of_whole(sentence) or share_done(sentence):
            kinds.add("partial")
            found("partial", "part_of_whole", s_start, s_start + len(sentence))
        parts = [(start, c) for start, c in _pieces(sentence, _CLAUSE, s_start) if len(c) > 1]
        for (start, _), (kind, span) in zip(parts, _sentence_kinds([c for _, c in parts], reference, rules)):
            clauses += 1
            standing += kind == "standing"
            if kind:
                kinds.add(kind)
                found(kind, span[0], start + span[1], start + max(span[2], span[1] + 1))
    return Reading(frozenset(kinds), standing / max(clauses, 1), tuple(cues.values()))


def verdict(reading: Reading, stated: str | None = None) -> str | None:
    """The guide's decision (§5.2) from the clause kinds; None when the model should decide.

    Done beside pending or not-done work is ``partial``; pending alone ``in_progress``;
    not-done alone ``not_completed``; standing commitments alone ``unclear`` (``completed``
    under a problem marked done). Done work alone is left to the model.
    """
    kinds = reading.kinds
    if "partial" in kinds or "done" in kinds and kinds & {"pending", "negated"}:
        return "partial"
    if kinds & {"pending", "pushing"} and "done" not in kinds:
        return "in_progress"
    if "negated" in kinds:
        return "not_completed"
    if kinds <= {"standing"} and kinds:
        return "completed" if stated == "completed" else "unclear"
    return None


# the kinds that make each verdict, the one that tips it first (partial: the open part before the done part)
_DECIDING = {"partial": ("partial", "negated", "pending", "done"), "in_progress": ("pending", "pushing"),
             "not_completed": ("negated",), "unclear": ("standing",), "completed": ("standing",)}


def deciding_cues(reading: Reading, status: str) -> list[Cue]:
    """The cues behind :func:`verdict`'s ``status``, the deciding one first.

    Examples
    --------
    >>> text = "已印发实施细则,配套系统正在调试。"
    >>> [text[c.start:c.end] for c in deciding_cues(read(text), "partial")]
    ['正在', '已']
    """
    by_kind = {cue.kind: cue for cue in reading.cues}
    return [by_kind[k] for k in _DECIDING.get(status, ()) if k in by_kind]
