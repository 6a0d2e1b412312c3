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

from .. import vocabulary
from ._regex import first_chars
from ._status_figures import dates_ahead, part_of_whole, reference_of, share_done

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
    # a cue word between 、 is an item of a list of steps (报批、初审、联审), not an act
    if kind in ("pending", "pushing"):
        pattern = f"(?<!、)(?:{pattern})(?!、)"
    compiled = re.compile(pattern)
    return Rule(name, kind, compiled, re.compile(unless) if unless else None, first_chars(compiled))


RULES: tuple[Rule, ...] = tuple(_rule(*rule) for rule in vocabulary.STATUS_RULES)

_ORDINAL = re.compile(
    rf"^\s*(?:{vocabulary.CLAUSE_ORDINAL}|\([{vocabulary.CN_DIGITS}\d]+\)|\d+[.、]|[{vocabulary.CN_DIGITS}]+、)")
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


def clause_kinds(clause: str, reference: date | None = None, spans: dict | None = None) -> set[str]:
    """Every kind the rules of :data:`RULES` give one clause; ``spans`` receives, per kind,
    the rule that gave it and where it matched in the clause."""
    kinds: set[str] = set()
    spans = {} if spans is None else spans
    chars = set(clause)
    for r in RULES:  # a kind already found needs no more of its rules
        if r.kind in kinds or (r.first is not None and r.first.isdisjoint(chars)):
            continue
        m = r.pattern.search(clause)
        if m and not (r.unless and r.unless.search(clause)):
            kinds.add(r.kind)
            spans[r.kind] = (r.name, m.start(), m.end())
    if dates_ahead(clause, reference):
        kinds.add("pending")
        spans.setdefault("pending", ("date_ahead", 0, len(clause)))
    elif reference is None and (m := _DEADLINE.search(clause)):  # no date to read it against: a plan
        kinds.add("pending")
        spans.setdefault("pending", ("deadline", m.start(), m.end()))
    if _PURPOSE.match(clause):
        kinds -= {"pending", "pushing"}
    return kinds


def _strongest(kinds) -> str | None:
    return next((k for k in KINDS if k in kinds), None)


def _sentence_kinds(clauses: list[str], reference: date | None) -> list[tuple[str | None, tuple | None]]:
    """Each clause's kind, with the rule and span that gave it."""
    out, conditioned, scheduled = [], False, None
    for clause in clauses:
        spans: dict = {}
        found = clause_kinds(clause, reference, spans)
        kind = "standing" if conditioned else _strongest(found)
        if kind == "pushing" and "standing" in found:
            kind = "standing"
        if scheduled and kind == "done" and spans["done"][0] != "perfective":
            kind, spans["pending"] = "pending", scheduled  # 2024年9月底前,完成…: the deadline governs what follows
        out.append((kind, spans.get(kind) or ("conditional", 0, len(clause)) if kind else None))
        conditioned = conditioned or bool(_CONDITIONAL.search(clause))
        # a deadline (年底前, 9月30日前) schedules the clauses after it, unless they say 已
        ahead = spans.get("pending", ("",))[0] in ("deadline", "date_ahead")
        scheduled = scheduled or (spans["pending"] if ahead else None)
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
_DEADLINE = re.compile(vocabulary.DEADLINE)
_FUTURE_OPENER = re.compile(vocabulary.FUTURE_OPENER)


def read(text: str, reference_date: str | None = None) -> Reading:
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
        for (start, _), (kind, span) in zip(parts, _sentence_kinds([c for _, c in parts], reference)):
            clauses += 1
            standing += kind == "standing"
            if kind:
                kinds.add(kind)
                found(kind, span[0], start + span[1], start + max(span[2], span[1] + 1))
    opener = _FUTURE_OPENER.match(body)
    if opener:  # 下一步,…将…: every act the measure names is planned
        kinds = (kinds - {"done", "partial"}) | {"pending"}
        cues.pop("pending", None)
        found("pending", "next_step", opener.start(), opener.end())
    return Reading(frozenset(kinds), standing / max(clauses, 1), tuple(cues.values()))


def verdict(reading: Reading, stated: str | None = None) -> str | None:
    """The guide's decision (§5.2) from the clause kinds; None when the model should decide.

    Done beside pending or not-done work is ``partial``; pending alone ``in_progress``;
    not-done alone ``not_completed``; standing commitments alone ``unclear`` (``completed``
    under a problem marked done). Done work alone is left to the model.
    """
    kinds = reading.kinds
    if "partial" in kinds or ("done" in kinds and kinds & {"pending", "negated"}):
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
