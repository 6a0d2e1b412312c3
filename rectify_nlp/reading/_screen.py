"""Telling a notice from what is not one, after decoding and before parsing.

Refused with a :class:`~rectify_nlp.NoticeError` (one line, naming the file):

* mojibake: a text whose Chinese was lost on the way, to ``?`` (a Big5 or GBK file converted
  to an encoding without Chinese), to U+FFFD replacement characters, or to Latin-1 letters
  (GBK bytes read as Latin-1), when such characters make up :data:`MOJIBAKE_SHARE` of the text;
* a table (CSV/TSV: most lines split into the same number of fields) or JSON;
* text that is not Chinese: Chinese characters under :data:`CJK_SHARE` of the non-space
  characters (English prose, the source of a PDF saved as ``.txt``, code, a log).

Fewer replacement characters are kept and named in a warning.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from ..errors import NoticeError

CJK_SHARE = 0.15
"""A notice's non-space characters are at least this share Chinese (seeds: over 60%)."""
MOJIBAKE_SHARE = 0.05
"""A text with this share of lost characters (``??``, U+FFFD, Latin-1 letters) is refused as mojibake."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LOST = re.compile(r"\?{2,}|\ufffd|[\u00c0-\u00ff]")
_SPACE = re.compile(r"\s")
_TABLE_LINES = 5  # a table is told from its lines: this many at least


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f}%"


def _is_table(text: str) -> str | None:
    """'CSV'/'TSV' when most lines split into the same number (at least 3) of fields."""
    lines = [line for line in text.split("\n", 200)[:200] if line.strip()]
    if len(lines) < _TABLE_LINES:
        return None
    for sep, name in ((",", "CSV"), ("\t", "TSV")):
        counts = Counter(line.count(sep) for line in lines)
        fields, n = counts.most_common(1)[0]
        if fields >= 2 and n >= 0.9 * len(lines) and lines[0].count(sep) == fields:
            return name
    return None


def _is_json(text: str) -> bool:
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return False
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the decoder goes
        return False
    return True


def _refusal(text: str, total: int) -> str | None:
    """Why ``text`` (with ``total`` non-space characters) is not a notice, or None."""
    lost = sum(len(m) for m in _LOST.findall(text))
    if lost >= max(3, MOJIBAKE_SHARE * total):
        return (f"mojibake: {_share(lost, total)} of the characters are '?', U+FFFD or Latin-1 letters where "
                "Chinese was lost in a wrong encoding; save the original file as UTF-8 and retry")
    if _is_json(text):
        return "is JSON, not a notice; give the text, HTML, Word or PDF file of a notice"
    table = _is_table(text)
    if table:
        return f"is a table ({table}), not a notice; give the text, HTML, Word or PDF file of a notice"
    cjk = len(_CJK.findall(text))
    if cjk < CJK_SHARE * total:
        return f"{_share(cjk, total)} Chinese characters; this does not look like a notice (expected Chinese text)"
    return None


def screen(text: str, source: str | None = None, *, strict: bool = True) -> list[str]:
    """Refuse a text that is not a notice; return warnings about one that is.

    With ``strict=False`` (a ``str`` given as the notice's text), the reason it does not look
    like a notice is returned as a warning instead: the caller said it is the text.

    Examples
    --------
    >>> screen("一、关于“学习不够”问题的整改情况\\n(一)制定学习计划。")
    []
    >>> screen("The quick brown fox jumps over the lazy dog.", "fox.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rectify_nlp.errors.NoticeError: fox.txt: 0% Chinese characters; this does not look like a notice ...
    """
    total = len(text) - len(_SPACE.findall(text))
    refusal = _refusal(text, total) if total else None
    if refusal and strict:
        raise NoticeError(refusal, source)
    replaced = text.count("\ufffd")
    return ([refusal] if refusal else []) + ([f"{replaced} undecodable character(s) replaced by U+FFFD"]
                                             if replaced else [])
