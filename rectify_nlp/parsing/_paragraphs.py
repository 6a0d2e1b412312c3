"""Paragraphs and the enumerators that open them (``一、``, ``(一)``, ``1.``, ``问题1``, ``①``, ``一是``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocabulary

# Enumerator forms at the start of a paragraph: (form name, pattern). The pattern's
# whole match is the ordinal as written.
FORMS = tuple((form, re.compile(pattern)) for form, pattern in vocabulary.ENUMERATOR_FORMS)


@dataclass
class Paragraph:
    """One non-empty line of the notice, stripped; ``text == notice.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass
class Enumerator:
    """The enumerator opening a paragraph: its form, the ordinal as written, and where the text after it begins."""

    form: str
    ordinal: str
    content_start: int


def paragraphs(text: str) -> list[Paragraph]:
    """The non-empty lines of the text, with headings run together in one line set apart."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        if stripped:
            start = m.start() + lead
            out.extend(_split_inline(Paragraph(start, start + len(stripped), stripped)))
    return out


# `一、` opening a sentence: at the start of the line, or after a sentence's end or a space
# what cannot stand before 一是 (第一是, 统一是, 唯一是: not an ordinal) and what stands before the first one
_NOT_BEFORE_ORDINAL = vocabulary.CN_DIGITS + "第之统唯同不"
_BEFORE_FIRST_ORDINAL = "。;;::,,、)\n "
_INLINE_HEADING = re.compile(rf"(?:^|(?<=[。;;!?\s]))([{vocabulary.CN_DIGITS}]{{1,3}})、")
_HEAD_AND_BODY = re.compile(r"^[^。\s]{2,40}\s+(?=\S)")


def _split_inline(para: Paragraph) -> list[Paragraph]:
    """``一、…二、…三、`` run inline in one paragraph: each heading, and the text after it, a
    paragraph of its own. A short heading separated from its text by a space is cut there."""
    cuts, expected = [], 1
    for m in _INLINE_HEADING.finditer(para.text):
        if m.group(1) == vocabulary.cn_numeral(expected):
            cuts.append(m.start(1))
            expected += 1
    if len(cuts) < 2:
        return [para]
    out = []
    for a, b in zip([0] + cuts, cuts + [len(para.text)]):
        piece = para.text[a:b]
        head = _HEAD_AND_BODY.match(piece) if a in cuts else None
        parts = [(a, a + head.end()), (a + head.end(), b)] if head else [(a, b)]
        for x, y in parts:
            text = para.text[x:y]
            lead, stripped = len(text) - len(text.lstrip()), text.strip()
            if stripped:
                out.append(Paragraph(para.start + x + lead, para.start + x + lead + len(stripped), stripped))
    return out


def enumerator(para: Paragraph) -> Enumerator | None:
    """The enumerator the paragraph opens with, if text follows it."""
    for form, pattern in FORMS:
        m = pattern.match(para.text)
        if m and m.end() < len(para.text):
            return Enumerator(form, m.group().strip(), para.start + m.end())
    return None


def first_sentence_end(text: str) -> int:
    """Index just past the first 。 outside quotes, or len(text)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "“‘「『":
            depth += 1
        elif ch in "”’」』":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            return i + 1
    return len(text)


def split_clauses(text: str) -> list[tuple[int, int, str | None]]:
    """Split text at a ``一是…二是…`` sequence into ``(start, end, ordinal)`` pieces.

    The first piece has ordinal ``None`` when text precedes ``一是``. Numerals must
    follow in order, which keeps words like 统一是 from splitting the text.

    Examples
    --------
    >>> split_clauses("一是学习。二是整改。")
    [(0, 5, '一是'), (5, 10, '二是')]
    """
    cuts: list[tuple[int, str]] = []
    pos, n = 0, 1
    while True:
        marker = vocabulary.cn_numeral(n) + "是"
        i = text.find(marker, pos)
        while i > 0 and (text[i - 1] in _NOT_BEFORE_ORDINAL or (n == 1 and text[i - 1] not in _BEFORE_FIRST_ORDINAL)):
            i = text.find(marker, i + 1)
        if i < 0:
            break
        cuts.append((i, marker))
        pos, n = i + len(marker), n + 1
    if len(cuts) < 2 and not (cuts and cuts[0][0] == 0):
        return [(0, len(text), None)]
    pieces: list[tuple[int, int, str | None]] = []
    if cuts[0][0] > 0:
        pieces.append((0, cuts[0][0], None))
    for (i, marker), nxt in zip(cuts, cuts[1:] + [(len(text), "")]):
        pieces.append((i, nxt[0], marker))
    return pieces
