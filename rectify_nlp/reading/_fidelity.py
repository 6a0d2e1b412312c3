"""Signs that text read from a page layout (a PDF) is out of order, each named with its page.

Text taken from positions can still come out wrong: characters set over one another, a line
the layout put where the reader did not expect it, a paragraph break missed or made. Three
signs are looked for in each paragraph, none of which a notice's own text shows:

- quote marks out of order: a closing ``”`` or ``》`` with none open, an opening one while one
  is open, or a pair with nothing but spaces between (``“ ”``);
- a heading enumerator inside a paragraph, right after the end of a sentence (``…。问题2:``,
  ``…。二、``, ``…。(三)``): a heading joined to the paragraph before it;
- a paragraph of one character: the end of a line not joined back.

An opening mark left open at a paragraph's end is not counted: the seeds end truncated link
titles that way. Each sign is one warning naming the pages it was seen on, with the first
place it was seen, so a user knows where to compare the text with the page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .. import vocabulary
from ..text import to_simplified

_PAIRS = {"“": "”", "《": "》"}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}
_HEADINGS = ("problem_n", "cn_dun", "cn_paren")
_JOINED_HEADING = re.compile(r"(?<=[。!?])\s*(?:" + "|".join(
    pattern for name, pattern in vocabulary.ENUMERATOR_FORMS if name in _HEADINGS) + ")")
_SHOWN = 10  # pages named in a warning, at most


@dataclass
class Laid:
    """A paragraph read from pages: its text and where each of its lines starts, as (offset, page)."""

    text: str
    starts: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, page: int, joint: str = "") -> None:
        """Join the next line (on ``page``) to the paragraph, with ``joint`` between."""
        self.text += joint
        self.starts.append((len(self.text), page))
        self.text += text

    def page_at(self, offset: int) -> int:
        return self.starts[max(0, bisect_right([start for start, _ in self.starts], offset) - 1)][1]


def _quotes_out_of_order(text: str) -> int | None:
    """The offset of the first quote mark or title mark out of order, or None."""
    open_: dict[str, int] = {}
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            if ch in open_:
                return i
            open_[ch] = i
        elif ch in _CLOSING:
            start = open_.pop(_CLOSING[ch], None)
            if start is None or not text[start + 1:i].strip():
                return i
    return None


def _signs(paragraph: Laid) -> list[tuple[str, int]]:
    """(sign, offset) of each sign of disorder in a paragraph (see the module's docstring)."""
    found = []
    if (at := _quotes_out_of_order(paragraph.text)) is not None:
        found.append(("quote marks out of order", at))
    if (match := _JOINED_HEADING.search(to_simplified(paragraph.text), 1)) is not None:
        found.append(("a heading inside a paragraph", match.end()))
    if len(paragraph.text.strip()) == 1:
        found.append(("a line of one character", 0))
    return found


def disorder(paragraphs: list[Laid]) -> list[str]:
    """One warning for each sign of disorder, naming the pages it is on and the first place it was seen."""
    pages: dict[str, list[int]] = {}
    first: dict[str, str] = {}
    for paragraph in paragraphs:
        for sign, at in _signs(paragraph):
            page = paragraph.page_at(at)
            if page not in pages.setdefault(sign, []):
                pages[sign].append(page)
            first.setdefault(sign, paragraph.text[max(0, at - 12):at + 8])
    warnings = []
    for sign, numbers in pages.items():
        named = ", ".join(map(str, numbers[:_SHOWN])) + (" …" if len(numbers) > _SHOWN else "")
        warnings.append(f"page{'s' if len(numbers) > 1 else ''} {named}: {sign} (first at “{first[sign]}”); "
                        "the text read from the PDF may not follow the page there")
    return warnings
