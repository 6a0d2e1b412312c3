"""Bytes to text, and text to the normalised form every offset refers to.

Decoding tries, in order: a byte-order mark (UTF-8/16/32), strict UTF-8, UTF-16
without a mark, then the Chinese legacy encodings (GB18030, which contains GBK, and
Big5) chosen by charset-normalizer. An HTML ``<meta charset>`` is ignored because
older government sites often declare one encoding and serve another.
"""

from __future__ import annotations

import codecs
import re

from ..errors import NoticeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Full-width ASCII forms to ASCII, the ideographic and no-break spaces to a space.
_NORMALISE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_NORMALISE.update({0x3000: " ", 0x00A0: " "})
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# What is removed: control characters (C0 but tab and newline, DEL, C1), the invisible format characters
# (Unicode category Cf: zero-width spaces and joiners, the word joiner, soft hyphen, direction marks and
# bidi controls, invisible operators, the BOM, language tags), variation selectors and the noncharacters
# U+FDD0–U+FDEF, U+FFFE and U+FFFF. None shows in a notice, and one before a heading would hide its enumerator
# from every pattern; U+FFFE and U+FFFF cannot be written to a spreadsheet.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufdd0-\ufdef\ufe00-\ufe0f"
                        "\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f\U000e0100-\U000e01ef]")


def normalise(text: str) -> str:
    """Normalise punctuation width, spaces and line endings; remove invisible and control characters.

    Examples
    --------
    >>> normalise("（一）关于：\\r\\n")
    '(一)关于:\\n'
    """
    text = _NEWLINES.sub("\n", text).translate(_NORMALISE)
    return _INVISIBLE.sub("", text)


# a pinyin syllable with its tone mark in brackets right after a character, as mirror sites insert it:
# 據(jù), 区(qū); a bracket of plain letters (a Latin abbreviation, a toneless word) is left alone
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}\)")


def strip_pinyin(text: str) -> tuple[str, int]:
    """The text without pinyin annotations inside words, and how many were removed.

    Examples
    --------
    >>> strip_pinyin("根據(jù)区(qū)委部署,制定方案(A版)")
    ('根據区委部署,制定方案(A版)', 2)
    """
    return _PINYIN.subn("", text)


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


_CJK_UTF8 = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}")  # a character of the CJK block in UTF-8


def _mixed_line(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line, a line that is not) of bytes that are not UTF-8 as a whole, when some lines are:
    rows pasted from two sources. A line counts as UTF-8 when it decodes and holds two Chinese characters
    (a line of legacy bytes seldom does both by chance)."""
    utf8 = other = None
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            if len(_CJK_UTF8.findall(line)) >= 2:
                utf8 = utf8 or number
        if utf8 and other:
            return utf8, other
    return None


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
                raise NoticeError(f"starts with a {encoding} byte-order mark but does not decode: {err.reason}",
                                  source) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    if _looks_binary(data):
        raise NoticeError("looks like a binary file, not the text or HTML of a notice", source)
    return _legacy(data, source)


def _legacy(data: bytes, source: str | None) -> str:
    """Bytes in one of the Chinese legacy encodings (GB18030, Big5), each line in the same one."""
    mixed = _mixed_line(data)
    if mixed:
        raise NoticeError(f"mixes encodings: line {mixed[0]} is UTF-8, line {mixed[1]} is not (GBK?); save the "
                          "file in one encoding, UTF-8, and retry", source)
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


def readable(text: str | None) -> str | None:
    """``text`` encodable as UTF-8: bytes of a file name that were not UTF-8 shown as ``\\xff``."""
    if text is None:
        return None
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
