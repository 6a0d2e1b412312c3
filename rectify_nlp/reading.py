"""Reading a notice from a path, text or bytes into normalised text.

Decoding tries, in order: a byte-order mark (UTF-8/16/32), strict UTF-8, then the
Chinese legacy encodings (GB18030, which contains GBK, and Big5) chosen by
charset-normalizer. An HTML ``<meta charset>`` is ignored because older government
sites often declare one encoding and serve another. HTML pages are reduced to the
block holding the article text.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from pathlib import Path
from typing import Union

Source = Union[str, bytes, os.PathLike]

NOTICE_SUFFIXES = (".txt", ".html", ".htm")


class NoticeError(ValueError):
    """A notice could not be read; ``str(err)`` names the file and the problem."""

    def __init__(self, message: str, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Full-width ASCII forms to ASCII, the ideographic and no-break spaces to a space,
# zero-width characters removed.
_NORMALISE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_NORMALISE.update({0x3000: " ", 0x00A0: " ", 0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None})
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """Normalise punctuation width, spaces and line endings.

    Examples
    --------
    >>> normalise("（一）关于：\\r\\n")
    '(一)关于:\\n'
    """
    text = _NEWLINES.sub("\n", text).translate(_NORMALISE)
    return _CONTROL.sub("", text)


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\n\t]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: zero bytes occur, and one byte order reads as Chinese text."""
    if len(data) % 2 or 0 not in data[:8192]:
        return None
    best, best_share = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = len(_PLAUSIBLE.findall(text[:4096])) / max(1, len(text[:4096]))
        if share > best_share:
            best, best_share = text, share
    return best if best_share > 0.9 else None


def decode(data: bytes, source: str | None = None) -> str:
    """Decode the bytes of a notice, detecting the encoding.

    Raises
    ------
    NoticeError
        If the bytes are empty, binary, or in no supported encoding.

    Examples
    --------
    >>> decode("整改".encode("gb18030"))
    '整改'
    """
    if not data.strip():
        raise NoticeError("the file is empty; expected the text or HTML of a notice", source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise NoticeError(f"starts with a {encoding} byte-order mark but does not decode: {err.reason}", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    if _looks_binary(data):
        raise NoticeError("looks like a binary file, not the text or HTML of a notice", source)
    # Big5 bytes also decode as (meaningless) GB18030, so the choice needs statistics,
    # which a few bytes cannot give: short inputs are taken as GB18030, the usual case.
    if len(data) >= 200:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is not None:
            return str(best)
    for encoding in ("gb18030", "big5"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeError(
        "undecodable bytes: not UTF-8, UTF-16, GB18030/GBK or Big5; save the file as UTF-8 and retry", source
    )


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml|<head|<body|<div|<meta|<p[\s>]|<table)", re.I)


def is_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048])) or "</p>" in text[:200_000].lower() and "<" in text[:200].lower()


_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "ul", "ol", "dd", "dt", "blockquote", "pre", "td", "th", "header", "footer", "nav",
}
_JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "select", "button", "svg")


def html_to_text(html: str) -> str:
    """Extract the article text of an HTML page, one block per line.

    The article is the smallest element that holds most of the page's sentence text
    (text with 。); navigation, footers and link lists around it are left out.
    A heading outside that element that names the notice (…通报) is kept as its title.
    """
    import lxml.html
    from lxml import etree

    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for bad in root.xpath("|".join(f"//{t}" for t in _JUNK_TAGS) + "|//comment()"):
        bad.drop_tree()

    def sentence_weight(el) -> int:
        return sum(len(t) for t in el.itertext() if "。" in t)

    body = root.find("body") if root.find("body") is not None else root
    total = sentence_weight(body)
    container = body
    if total:
        while True:
            heavy = [c for c in container if isinstance(c.tag, str) and sentence_weight(c) >= 0.8 * total]
            if not heavy:
                break
            container = heavy[0]
    lines = _block_lines(container)
    if container is not body:
        headings = [h.text_content().strip() for h in root.xpath("//h1|//h2|//h3|//title")]
        title = next((h for h in headings if "通报" in h and h not in "\n".join(lines)), None)
        if title:
            lines.insert(0, title)
    return "\n".join(lines)


def _block_lines(element) -> list[str]:
    parts: list[str] = []

    def visit(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            visit(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    visit(element)
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n", "".join(parts))
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_path_like(source: str) -> bool:
    """A str names a file if it is an existing file, or one line ending in .txt/.html/.htm."""
    if "\n" in source or len(source) > 1024:
        return False
    return os.path.isfile(source) or source.strip().lower().endswith(NOTICE_SUFFIXES)


def read_text(source: Source) -> tuple[str, str | None]:
    """Return ``(normalised text, path or None)`` for a path, text or bytes."""
    path: str | None = None
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _is_path_like(source)):
        path = os.fspath(source)
        p = Path(path)
        if not p.exists():
            raise NoticeError("no such file", path)
        if p.is_dir():
            raise NoticeError("is a directory; give the notice files inside it", path)
        try:
            data = p.read_bytes()
        except OSError as err:
            raise NoticeError(f"cannot be read: {err.strerror}", path)
        text = decode(data, path)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        text = decode(bytes(source))
    elif isinstance(source, str):
        if not source.strip():
            raise NoticeError("the text is empty; expected the text or HTML of a notice")
        text = source
    else:
        raise TypeError(f"a notice source is a path, str or bytes, not {type(source).__name__}")
    if is_html(text):
        text = html_to_text(text)
    text = normalise(text).strip("\n")
    if not text.strip():
        raise NoticeError("holds no text (an empty page?)", path)
    return text, path


def notice_id(text: str, path: str | None) -> str:
    return Path(path).stem if path else "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
