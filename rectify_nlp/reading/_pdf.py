"""A PDF with a text layer to the text of a notice: its paragraphs, one a line.

pdfium (through pypdfium2) gives every character of a page with its box. The characters
are cut into lines where pdfium breaks them, and the lines of a page are put in reading
order top to bottom, left to right (pages of notices are single-column), with pieces
on one row joined into one line. Page furniture is dropped: a line that is only a page
number (``— 3 —``, ``第 3 页``, ``3/8``, or a bare number as a page's first or last line),
and a running header or footer (a page's first or last line that, its digits aside,
is the first or last line of half the pages or more, and of two at least).

The lines that the page layout broke are then joined back into paragraphs: two lines are
one paragraph (joined without a space, or with one between two Latin letters) unless

- the second is indented by a character or more from the text's left edge: a first line
  (notices indent them by two characters), a centred title, a right-aligned date.

A file that does not indent first lines (fewer than 5 % of its lines start two characters
in) also breaks where

- the first line stops short of the right edge by more than two characters, and by more
  than the width of what the second starts with and could not be split (a number or Latin
  word, a character with the stops and any number after it, the opening brackets before it), or
- the second starts with an enumerator (``一、 (一) 1. 1) 问题1: ①``) and the first does not
  end in a comma or an opening bracket or quote.

A line that ends a sentence is not taken to end its paragraph, nor is ``一是`` taken to
start one: laid out as PDFs, the seed notices end a sentence at a line's end every few
paragraphs, and run ``一是…二是…`` on inside one, so either rule split paragraphs the
parser then read as fewer measures. The cost is a paragraph joined to the next when a
file without first-line indents ends it at the right edge. The edges, the character size
and whether first lines are indented are measured over the whole file (``_layout``).

Measured on the five seeds laid out by reportlab and by LibreOffice from .docx (justified,
first lines indented, or left-aligned without indents): of 4,000 line pairs without
indents 14 were joined or split wrongly, half of them in site furniture; with indents none
of 6,380. Every indented layout gave the problems and measures of the .txt, spaces aside.

A PDF in which pdfium finds fewer than ``MIN_CHARACTERS`` characters has no text layer:
a scan, which needs OCR first.

What pdfium is given is bounded first, so that a small file cannot take gigabytes or minutes: its
deflated streams, images and fonts aside, may unpack to ``MAX_UNPACKED_BYTES`` in all,
measured by inflating each in bounded steps before pdfium sees the file; it may have ``MAX_PAGES`` pages, and
its pages ``MAX_CHARACTERS`` characters in all.
"""

from __future__ import annotations

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
# and a number right after those (Word and LibreOffice keep "位,2018" together)
_LEAD = re.compile(r"[(\[“‘《「『〔【]*(?:[A-Za-z0-9.,%/-]+|.)[,.;:!?)\]}、。”’」』》〉〕】]*[A-Za-z0-9.%/-]*")
_PAGE_NUMBER = re.compile(r"[-—–~\s]*[-—–~]\s*\d{1,4}\s*[-—–~][-—–~\s]*|\d{1,4}\s*/\s*\d{1,4}"
                          r"|第\s*\d{1,4}\s*页(\s*[,/]?\s*共\s*\d{1,4}\s*页)?")


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

    @property
    def height(self) -> float:
        return self.top - self.bottom


def pdf_to_text(data: bytes, source: str | None = None) -> str:
    """The text of a PDF's text layer, one paragraph a line.

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
                lines = _page_lines(doc[index], MAX_CHARACTERS - characters)
                if lines is None:
                    raise NoticeError(f"is a PDF holding over {MAX_CHARACTERS:,} characters; not read", source)
                characters += sum(len(line.text) for line in lines)
                pages.append(lines)
        except pdfium.PdfiumError as err:  # a page tree naming what is not a page, a damaged page
            raise NoticeError(f"is a damaged PDF: page {index + 1} cannot be read ({err}); open it in a PDF "
                              "reader, save or print it to a new PDF and retry", source) from err
        finally:
            doc.close()
    lines = [line for page in _without_running_lines(pages) for line in page]
    chars = "".join(line.text for line in lines).replace(" ", "")
    if len(chars) < MIN_CHARACTERS:
        raise NoticeError(NO_TEXT_LAYER, source)
    if sum(ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" for ch in chars) > len(chars) / 2:
        raise NoticeError(UNMAPPED_TEXT, source)
    return "\n".join(join_lines(lines))


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


def _page_lines(page, room: int) -> list[_Line] | None:
    """The lines of a page in reading order, page numbers dropped; None if it holds more than ``room`` characters."""
    from pypdfium2 import raw

    textpage = page.get_textpage()
    try:
        pieces, chars, box = [], [], raw.FS_RECTF()
        count = textpage.count_chars()
        if count > room:
            return None
        for i in range(count):
            code = raw.FPDFText_GetUnicode(textpage, i)
            if code in (10, 13):
                pieces.append(chars)
                chars = []
            elif code:
                raw.FPDFText_GetLooseCharBox(textpage, i, box)
                generated = code == 32 and raw.FPDFText_IsGenerated(textpage, i) == 1
                chars.append((chr(code), box.left, box.right, box.bottom, box.top, generated))
        pieces.append(chars)
    finally:
        textpage.close()
        page.close()
    rows = _rows([line for chars in pieces if (line := _piece(chars))])
    if rows and rows[0].text.isdigit():
        rows = rows[1:]
    if rows and rows[-1].text.isdigit():
        rows = rows[:-1]
    return [row for row in rows if not _PAGE_NUMBER.fullmatch(row.text)]


def _without_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without a running header or footer (see the module's docstring)."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    edges = Counter(key(line) for page in pages for line in {id(ln): ln for ln in page[:1] + page[-1:]}.values())
    running = {text for text, n in edges.items() if n >= max(2, len(pages) / 2)}
    return [[ln for i, ln in enumerate(page) if not (i in (0, len(page) - 1) and key(ln) in running)] for page in pages]


def _piece(chars) -> _Line | None:
    """A line from its characters; None for a blank one. Boxes are of the non-space characters.

    A space pdfium puts in for a gap (one the file does not hold) is dropped beside a Chinese
    character: Word and WPS set Latin words and numbers a little apart from Chinese text.
    """
    chars = [c for before, c, after in zip([None, *chars], chars, [*chars[1:], None])
             if not (c[5] and (_wide(before) or _wide(after)))]
    text = "".join(c[0] for c in chars)
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # pdfium gives UTF-16 units
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = normalise(text).strip()
    inked = [c for c in chars if not c[0].isspace() and c[2] > c[1]]
    if not text or not inked:
        return None
    word = _LEAD.match(text).group()
    lead = inked[min(len(word), len(inked)) - 1][2] - inked[0][1]
    return _Line(text, min(c[1] for c in inked), max(c[2] for c in inked),
                 min(c[3] for c in inked), max(c[4] for c in inked), lead)


def _wide(char) -> bool:
    return char is not None and char[0] >= "\u2e80"


def _rows(lines: list[_Line]) -> list[_Line]:
    """Lines top to bottom; pieces that share a row joined left to right (a space where they stand apart)."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: -ln.top):
        row = rows[-1] if rows else None
        if row and min(row[0].top, line.top) - max(row[0].bottom, line.bottom) > 0.5 * min(row[0].height, line.height):
            row.append(line)
        else:
            rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.left)
        text = row[0].text
        for before, piece in pairwise(row):
            text += (" " if piece.left - before.right > before.height else "") + piece.text
        out.append(_Line(text, row[0].left, max(ln.right for ln in row), min(ln.bottom for ln in row),
                         max(ln.top for ln in row), row[0].lead))
    return out


def join_lines(lines: list[_Line]) -> list[str]:
    """Lines joined into paragraphs by the rules in this module's docstring."""
    if not lines:
        return []
    layout = _layout(lines)
    paragraphs: list[str] = []
    for previous, line in zip([None, *lines], lines):
        if previous is not None and not _breaks(previous, line, layout):
            latin = previous.text[-1].isascii() and previous.text[-1].isalpha() and line.text[0].isascii() \
                and line.text[0].isalpha()
            paragraphs[-1] += (" " if latin else "") + line.text
        else:
            paragraphs.append(line.text)
    return paragraphs


@dataclass
class _Layout:
    left: float
    right: float
    size: float
    indents: bool


def _layout(lines: list[_Line]) -> _Layout:
    """The text block's edges, the character size and whether first lines are indented, from every line.

    Left: the leftmost edge at which 5 % of the lines (and at least two) start, so a wide
    table row or a stray mark does not move it. Right: the 90th percentile of the line ends.
    Size: the median line height.
    """
    size = statistics.median(ln.height for ln in lines)
    starts = Counter(round(ln.left) for ln in lines)
    common = [x for x, n in starts.items() if n >= max(2, 0.05 * len(lines))]
    left = min(common) if common else min(starts)
    ends = sorted(ln.right for ln in lines)
    indented = sum(left + 1.5 * size <= ln.left <= left + 2.6 * size for ln in lines)
    return _Layout(left, ends[int(0.9 * (len(ends) - 1))], size, indented >= max(2, 0.05 * len(lines)))


def _breaks(previous: _Line, line: _Line, layout: _Layout) -> bool:
    """Whether ``line`` starts a paragraph after ``previous``."""
    if line.left > layout.left + 0.8 * layout.size:
        return True
    if layout.indents:
        return False
    room = layout.right - previous.right
    if room > 2 * layout.size and room > line.lead + layout.size:
        return True
    return not _GOES_ON.search(previous.text) and bool(_ENUMERATOR.match(line.text))
