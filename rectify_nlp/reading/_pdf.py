"""A PDF with a text layer to the text of a notice: its paragraphs, one a line.

pdfium (through pypdfium2) gives every character of a page with its box and baseline. Reading
order comes from those positions, never from the order of the file's content stream: a
producer may write a line's text one font at a time (LibreOffice writes the Chinese text, then
the quote marks set in a Latin font, drawn back over their places), so the stream's order is
not the line's. Characters are grouped into lines by their baselines and each line is read left to
right (pages of notices are single-column); characters drawn twice on one spot (bold made by
overprinting) count once. Within a line a space is written where characters stand apart: by
more than a fifth of the character size between two Latin letters or digits, by more than
the size anywhere (a table's cells, a date set right). Text not set horizontally (a
watermark) keeps pdfium's order, as lines after the page's.

Page furniture is dropped: a line at the top or the bottom of a page, set apart from the text
(by more than a blank line, or by a character size a fifth larger or smaller), that is a page
number (``— 3 —``, ``第 3 页``, ``3/8``, ``3``) or, its digits aside, the same on half the pages
or more (two at least): a running header or footer. A line of the text is never furniture,
whatever it says: the last character of a paragraph carried to the top of the next page stays.

The lines that the page layout broke are then joined back into paragraphs: two lines are
one paragraph (joined without a space, or with one between two Latin letters) unless

- the second is indented by a character or more from the text's left edge: a first line
  (notices indent them by two characters), a centred title, a right-aligned date, or
- they stand further apart than the file's usual line pitch by half a character or more:
  the space between paragraphs (an empty line, spacing after a paragraph, a web page's
  paragraph margins).

A file that does not indent first lines (fewer than 5 % of its lines start two characters
in) also breaks where

- the first line stops short of the right edge by more than two characters, and by more
  than the width of what the second starts with and could not be split (a number or Latin
  word, a character with the stops and any number after it, the opening brackets before it,
  and what quote marks chain to it: LibreOffice breaks a line on neither side of one), or
- the second starts with an enumerator (``一、 (一) 1. 1) 问题1: ①``) and the first does not
  end in a comma or an opening bracket or quote; in a file that spaces its paragraphs apart
  (5 % of its lines start after a gap) only across a page break, where no gap can show: within
  a page, a line there without a gap before it is a wrapped line, even if it starts ``问题8个。``.

A line that ends a sentence is not taken to end its paragraph, nor is ``一是`` taken to
start one: laid out as PDFs, the seed notices end a sentence at a line's end every few
paragraphs, and run ``一是…二是…`` on inside one, so either rule split paragraphs the
parser then read as fewer measures. The cost is a paragraph joined to the next when a
file without first-line indents or paragraph spacing ends it at the right edge. The edges,
the character size, the line pitch and whether first lines are indented are measured over
the whole file (``_layout``). What is left that looks out of order is reported by
:mod:`._fidelity`, naming the page.

``benchmarks/producers.py`` measures all of this on the five seeds made PDFs by LibreOffice (from
.txt, from pandoc's .docx and from a .docx in the official-document layout) and by Chromium's
print-to-PDF: every file gives the problems, measures and tags of the .txt.

A PDF in which pdfium finds fewer than ``MIN_CHARACTERS`` characters has no text layer:
a scan, which needs OCR first. Fonts the PDF does not embed are measured as in
:mod:`._fonts`, so the text is the same whether or not the machine has a Chinese font.

What pdfium is given is bounded first, so that a small file cannot take gigabytes or minutes: its
deflated streams, images and fonts aside, may unpack to ``MAX_UNPACKED_BYTES`` in all,
measured by inflating each in bounded steps before pdfium sees the file; it may have ``MAX_PAGES`` pages, and
its pages ``MAX_CHARACTERS`` characters in all.
"""

from __future__ import annotations

import ctypes
import functools
import re
import statistics
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from .. import vocabulary
from ..errors import NoticeError
from ..files import megabytes
from ..text import normalise
from . import _fonts
from ._fidelity import Laid, disorder

NO_TEXT_LAYER = "has no text layer (a scanned PDF?); run OCR on it first, e.g. ocrmypdf, and retry"
UNMAPPED_TEXT = ("has a text layer that does not map to Unicode (fonts without a character map); "
                 "run OCR on it first, e.g. ocrmypdf --force-ocr, and retry")
MIN_CHARACTERS = 20
"""Fewer non-space characters than this in the whole file: no text layer."""
MAX_UNPACKED_BYTES = 32_000_000
"""The most a PDF's deflated streams other than images and fonts may unpack to, in bytes: pdfium holds about
15 times as much while it reads the drawing operators of its pages (a notice's take a few MB)."""
MAX_PAGES = 5_000
"""The most pages a PDF may have (notices have tens)."""
MAX_CHARACTERS = 5_000_000
"""The most characters a PDF's pages may hold in all (the longest notices hold under a million)."""

_LOCK = threading.Lock()  # pdfium is not thread-safe
_ENUMERATOR = re.compile(vocabulary.ENUMERATOR)
_GOES_ON = re.compile(r"[,、(\[“‘《「『]$")  # what no paragraph ends with
# what a line is not broken inside: opening brackets, a number, Latin word or character, the stops after it
# and a number right after those (Word and LibreOffice keep "位,2018" together); LibreOffice breaks on neither
# side of a quote mark (Unicode's line breaking before 15.1), so quote marks chain what they stand between
_UNIT = r"[(\[“‘《「『〔【]*(?:[A-Za-z0-9.,%/-]+|.)"
_STOPS = r"[,.;:!?)\]}、。’」』》〉〕】]*"
_LEAD = re.compile(rf"{_UNIT}(?:{_STOPS}[“”‘’]+{_UNIT})*{_STOPS}”*{_STOPS}[A-Za-z0-9.%/-]*")
_PAGE_NUMBER = re.compile(r"[-—–~\s]*[-—–~]\s*\d{1,4}\s*[-—–~][-—–~\s]*|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}"
                          r"|第\s*\d{1,4}\s*页(\s*[,/]?\s*共\s*\d{1,4}\s*页)?")


@dataclass(slots=True)
class _Char:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    baseline: float
    size: float = 0.0

    def __post_init__(self) -> None:
        self.size = self.top - self.bottom


@dataclass
class _Line:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    lead: float = 0.0
    """The width of what the line starts with that cannot be broken (``_LEAD``): no opening bracket ends a
    line, no stop starts one, and numbers and Latin words are not split."""
    baseline: float = 0.0
    page: int = 1
    horizontal: bool = True

    @property
    def height(self) -> float:
        return self.top - self.bottom


def pdf_to_text(data: bytes, source: str | None = None, warnings: list[str] | None = None) -> str:
    """The text of a PDF's text layer, one paragraph a line.

    What looks out of reading order (:mod:`._fidelity`) is appended to ``warnings`` if it is a list,
    naming the page.

    Raises
    ------
    NoticeError
        If the bytes are not a PDF pdfium can open, it is password-protected, or it has no
        usable text layer.
    """
    import pypdfium2 as pdfium

    unpacked = _unpacked_size(data, MAX_UNPACKED_BYTES)
    if unpacked > MAX_UNPACKED_BYTES:
        raise NoticeError(f"is a PDF whose streams unpack to over {MAX_UNPACKED_BYTES // 1_000_000} MB from "
                          f"{megabytes(len(data))}; not read (a damaged or hostile file?)", source)
    with _LOCK:
        _fonts.install()
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as err:
            if "password" in str(err).lower():
                raise NoticeError("is a password-protected PDF; save an unprotected copy and retry", source) from err
            raise NoticeError(f"cannot be opened as a PDF ({err}); is the file complete?", source) from err
        try:
            if len(doc) > MAX_PAGES:
                raise NoticeError(f"is a PDF of {len(doc):,} pages, over the limit of {MAX_PAGES:,}; not read", source)
            pages, characters = [], 0
            for index in range(len(doc)):
                lines = _page_lines(doc[index], index + 1)
                characters += sum(len(line.text) for line in lines)
                if characters > MAX_CHARACTERS:
                    raise NoticeError(f"is a PDF holding over {MAX_CHARACTERS:,} characters; not read", source)
                pages.append(lines)
        except pdfium.PdfiumError as err:  # a page tree naming what is not a page, a damaged page
            raise NoticeError(f"is a damaged PDF: page {index + 1} cannot be read ({err}); open it in a PDF "
                              "reader, save or print it to a new PDF and retry", source) from err
        finally:
            doc.close()
    lines = [line for page in _without_furniture(pages) for line in page]
    chars = "".join(line.text for line in lines).replace(" ", "")
    if len(chars) < MIN_CHARACTERS:
        raise NoticeError(NO_TEXT_LAYER, source)
    if sum(ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" for ch in chars) > len(chars) / 2:
        raise NoticeError(UNMAPPED_TEXT, source)
    paragraphs = join_lines(lines)
    if warnings is not None:
        warnings.extend(disorder(paragraphs))
    return "\n".join(paragraph.text for paragraph in paragraphs)


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
# what pdfium does not turn into drawing operators: images (text extraction draws none) and font programs
_NOT_DRAWING = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b")
_STEP = 1 << 20


def _unpacked_size(data: bytes, limit: int) -> int:
    """What the deflated streams of a PDF other than images and fonts unpack to, counted up to just past ``limit``.

    Each stream is inflated a megabyte at a time and the output dropped, so memory stays bounded
    whatever a stream holds. A stream that is not deflate (or not at its start) is pdfium's to judge."""
    total = 0
    for m in _STREAM.finditer(data):
        dictionary = data[max(0, data.rfind(b"obj", 0, m.start())):m.start()]
        if _NOT_DRAWING.search(dictionary):
            continue
        end = data.find(b"endstream", m.end())
        inflate = zlib.decompressobj()
        pending = data[m.end():end if end >= 0 else len(data)]
        try:
            while pending and not inflate.eof and total <= limit:
                total += len(inflate.decompress(pending, _STEP))
                pending = inflate.unconsumed_tail
        except zlib.error:
            continue
        if total > limit:
            break
    return total


def _page_lines(page, number: int) -> list[_Line]:
    """The lines of a page in reading order (page furniture still in)."""
    from pypdfium2 import raw

    textpage = page.get_textpage()
    try:
        flat, turned = [], [[]]
        box, x, y, matrix = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double(), raw.FS_MATRIX()
        handle = textpage.raw
        for i in range(raw.FPDFText_CountChars(handle)):
            code = raw.FPDFText_GetUnicode(handle, i)
            if code in (10, 13):
                turned.append([])
            if not code or code in (10, 13) or (code == 32 and raw.FPDFText_IsGenerated(handle, i) == 1):
                continue
            raw.FPDFText_GetLooseCharBox(handle, i, box)
            raw.FPDFText_GetCharOrigin(handle, i, x, y)
            raw.FPDFText_GetMatrix(handle, i, matrix)
            chars = flat if abs(matrix.b) <= 0.1 * abs(matrix.a) else turned[-1]
            if 0xDC00 <= code < 0xE000 and chars and "\ud800" <= chars[-1].text[-1] < "\udc00":
                # pdfium gives a character beyond the BMP as two UTF-16 units
                chars[-1].text = (chars[-1].text + chr(code)).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
                continue
            text = _normalised(code)
            if text:
                chars.append(_Char(text, min(box.left, x.value), max(box.right, x.value), box.bottom, box.top,
                                   y.value))
    finally:
        textpage.close()
        page.close()
    lines = [_line(row, number) for row in _rows(flat)]
    lines += [_line(chars, number, horizontal=False) for chars in turned if chars]  # in pdfium's order
    return [line for line in lines if line.text]


@functools.lru_cache(maxsize=4096)
def _normalised(code: int) -> str:
    return normalise(chr(code))


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped by baseline, top to bottom, each row left to right, overprints once."""
    rows: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: -c.baseline):
        row = rows[-1] if rows else None
        if row and row[0].baseline - char.baseline <= 0.4 * max(row[0].size, char.size):
            row.append(char)
        else:
            rows.append([char])
    out = []
    for row in rows:
        row.sort(key=lambda c: c.left)
        kept = [row[0]]
        for char in row[1:]:
            last = kept[-1]
            if char.text.isspace() or not (char.text == last.text and abs(char.left - last.left) < 0.2 * max(
                    char.size, last.size, 1)):
                kept.append(char)
        out.append(kept)
    return out


def _line(chars: list[_Char], page: int, horizontal: bool = True) -> _Line:
    """A line from its characters, a space put in where they stand apart (see the module's docstring)."""
    text = chars[0].text
    for before, char in pairwise(chars):
        if horizontal and not before.text.isspace() and not char.text.isspace():
            gap, size = char.left - before.right, max(before.size, char.size)
            if gap > size or (gap > 0.2 * size and not _wide(before.text) and not _wide(char.text)):
                text += " "
        text += char.text
    stripped = text.strip()
    inked = [c for c in chars if not c.text.isspace()] or chars
    if not stripped:
        return _Line("", 0, 0, 0, 0)
    word = _LEAD.match(stripped).group()
    lead = inked[min(len(word), len(inked)) - 1].right - inked[0].left
    return _Line(stripped, min(c.left for c in inked), max(c.right for c in inked), min(c.bottom for c in inked),
                 max(c.top for c in inked), lead, baseline=statistics.median(c.baseline for c in inked), page=page,
                 horizontal=horizontal)


def _wide(text: str) -> bool:
    return text[-1] >= "\u2e80"


def _pitch(lines: list[_Line]) -> float:
    """The usual distance between the baselines of two lines in a row on a page (the mode, to 0.5 pt)."""
    steps = Counter(round(2 * (a.baseline - b.baseline)) / 2 for a, b in pairwise(lines)
                    if a.page == b.page and a.horizontal and b.horizontal and a.baseline > b.baseline)
    return max(steps, key=lambda s: (steps[s], -s)) if steps else 0.0


def _without_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without page numbers and running headers and footers (see the module's docstring)."""
    every = [line for page in pages for line in page]
    if not every:
        return pages
    pitch = _pitch(every)
    size = statistics.median(line.height for line in every)

    def apart(line: _Line, neighbour: _Line | None) -> bool:
        return (neighbour is None or abs(line.baseline - neighbour.baseline) > pitch + 0.5 * size
                or abs(line.height - size) > 0.2 * size)

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    edges: list[set[int]] = []  # per page: indices of the lines at its top and bottom, set apart from the text
    for page in pages:
        flat = [i for i, line in enumerate(page) if line.horizontal]
        found = set()
        for ends in (flat, flat[::-1]):
            for k in range(min(2, len(ends))):  # a header may have a second line (a date, a number)
                if apart(page[ends[k]], page[ends[k + 1]] if k + 1 < len(ends) else None):
                    found.update(ends[:k + 1])
                    break
        edges.append(found)
    counts = Counter(key(page[i]) for page, found in zip(pages, edges) for i in found)
    running = {text for text, n in counts.items() if n >= max(2, len(pages) / 2)}
    return [[line for i, line in enumerate(page)
             if i not in found or not (_PAGE_NUMBER.fullmatch(line.text) or key(line) in running)]
            for page, found in zip(pages, edges)]


def join_lines(lines: list[_Line]) -> list[Laid]:
    """Lines joined into paragraphs by the rules in this module's docstring, each with the pages it is on."""
    if not lines:
        return []
    layout = _layout(lines)
    paragraphs: list[Laid] = []
    for previous, line in zip([None, *lines], lines):
        if previous is not None and not _breaks(previous, line, layout):
            latin = previous.text[-1].isascii() and previous.text[-1].isalpha() and line.text[0].isascii() \
                and line.text[0].isalpha()
            paragraphs[-1].add(line.text, line.page, " " if latin else "")
        else:
            paragraphs.append(Laid(line.text, [(0, line.page)]))
    return paragraphs


@dataclass
class _Layout:
    left: float
    right: float
    size: float
    pitch: float
    indents: bool
    spaced: bool


def _layout(lines: list[_Line]) -> _Layout:
    """The text block's edges, the character size, the line pitch, whether first lines are indented and
    whether paragraphs are spaced apart.

    Left: the leftmost edge at which 5 % of the lines (and at least two) start, so a wide
    table row or a stray mark does not move it. Right: the 90th percentile of the line ends.
    Size: the median line height. Pitch: the commonest distance between baselines. Indented,
    spaced: 5 % of the lines (two at least) start two characters in, or after a gap (``_apart``).
    """
    size = statistics.median(ln.height for ln in lines)
    starts = Counter(round(ln.left) for ln in lines)
    common = [x for x, n in starts.items() if n >= max(2, 0.05 * len(lines))]
    left = min(common) if common else min(starts)
    ends = sorted(ln.right for ln in lines)
    indented = sum(left + 1.5 * size <= ln.left <= left + 2.6 * size for ln in lines)
    layout = _Layout(left, ends[int(0.9 * (len(ends) - 1))], size, _pitch(lines), False, False)
    gaps = sum(_apart(previous, line, layout) for previous, line in pairwise(lines))
    layout.indents, layout.spaced = (n >= max(2, 0.05 * len(lines)) for n in (indented, gaps))
    return layout


def _apart(previous: _Line, line: _Line, layout: _Layout) -> bool:
    """Whether two lines of a page stand further apart than the line pitch by half a character or more."""
    return (line.page == previous.page and previous.horizontal and line.horizontal and layout.pitch > 0
            and previous.baseline - line.baseline > layout.pitch + 0.5 * layout.size)


def _breaks(previous: _Line, line: _Line, layout: _Layout) -> bool:
    """Whether ``line`` starts a paragraph after ``previous``."""
    if line.left > layout.left + 0.8 * layout.size or _apart(previous, line, layout):
        return True
    if layout.indents:
        return False
    room = layout.right - previous.right
    if room > 2 * layout.size and room > line.lead + layout.size:
        return True
    if layout.spaced and line.page == previous.page:  # the gap would have shown
        return False
    return not _GOES_ON.search(previous.text) and bool(_ENUMERATOR.match(line.text))
