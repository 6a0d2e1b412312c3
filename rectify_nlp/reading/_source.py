"""Where a notice comes from: a path, a ``str`` of text or ``bytes``, to normalised text."""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import NoticeError
from ..files import MAX_NOTICE_BYTES, package_path, read_regular_file
from ..text import decode, normalise, readable, strip_pinyin
from ._html import html_to_text, is_html
from ._screen import screen

Source = str | bytes | os.PathLike

NOTICE_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
"""The file suffixes read as notices, in the order a notice's file is looked for."""

LEGACY_SUFFIXES = (".doc", ".wps")
"""Word and WPS files in the old binary format: named as unreadable, with what to do."""

_ZIP, _PDF, _OLE2 = b"PK\x03\x04", b"%PDF-", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IGNORED_LEGACY = "a legacy Word or WPS file, not read; save it as .docx or .txt to include it"


def _is_path_like(source: str) -> bool:
    """How a ``str`` is told: one line ending in a notice or legacy suffix names a file (which must
    exist), as does one line naming anything that exists (a file, or a directory, device or pipe,
    which are refused); anything else is the notice's text."""
    if "\n" in source:
        return False
    if source.strip().lower().endswith(NOTICE_SUFFIXES + LEGACY_SUFFIXES):
        return True
    try:
        return len(source) <= 4096 and os.path.exists(source)
    except (OSError, ValueError):
        return False


def source_path(source: Source) -> str | None:
    """The path a source names, or None for the text or bytes of a notice (told as :func:`read_text` tells them)."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _is_path_like(source)):
        return os.fspath(source)
    return None


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _document_text(data: bytes, path: str | None, warnings: list[str]) -> str | None:
    """The text of a Word or PDF file, told by the bytes' signature or the path's suffix; None for text.
    What the reader doubts about it is appended to ``warnings``."""
    suffix = Path(path).suffix.lower() if path else ""
    if data.startswith(_OLE2) or (suffix in LEGACY_SUFFIXES and not data.startswith((_ZIP, _PDF))):
        if suffix in LEGACY_SUFFIXES:
            raise NoticeError(f"is a legacy {'WPS' if suffix == '.wps' else 'Word'} file; save it as .docx or .txt "
                              "and retry", path)
        raise NoticeError("is a legacy Office file (or a password-protected one); save it as .docx without a "
                          "password, or as .txt, and retry", path)
    if data.startswith(_ZIP) or suffix == ".docx":
        from ._docx import docx_to_text

        return docx_to_text(data, path)
    if data.startswith(_PDF) or suffix == ".pdf":
        from ._pdf import pdf_to_text

        return pdf_to_text(data, path, warnings)
    return None


def read_text(source: Source, *, max_bytes: int = MAX_NOTICE_BYTES,
              warnings: list[str] | None = None) -> tuple[str, str | None]:
    """Return ``(normalised text, path or None)`` for a path, text or bytes.

    A file must be a regular file of at most ``max_bytes``; a file's or bytes' text must look
    like a notice (see :mod:`rectify_nlp.reading._screen`); what is doubtful about a text given
    as a ``str``, and signs that a PDF's text is out of order (naming the page), are appended to
    ``warnings`` if it is a list.
    """
    path = source_path(source)
    document = None
    doubts: list[str] = []
    if path is not None:
        data = read_regular_file(path, limit=max_bytes)
        document = _document_text(data, path, doubts) if data.strip() else None
        text = decode(data, path) if document is None else document
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        document = _document_text(data, None, doubts) if data.strip() else None
        text = decode(data) if document is None else document
    elif isinstance(source, str):
        if not source.strip():
            raise NoticeError("the text is empty; expected the text or HTML of a notice")
        text = source
    else:
        raise TypeError(f"a notice source is a path, str or bytes, not {type(source).__name__}")
    # half of a UTF-16 pair (a broken JSON escape, a damaged PDF's text) cannot be written out: replaced,
    # and counted by the screen's warning on replacement characters
    text = _SURROGATE.sub("\ufffd", text)
    if document is None and is_html(text):
        text = html_to_text(text)
    text, pinyin = strip_pinyin(normalise(text).strip("\n"))
    if not text.strip():
        raise NoticeError("holds no text (an empty page?)", path)
    found = screen(text, path, strict=not isinstance(source, str) or path is not None)
    if pinyin:
        found.append(f"removed {pinyin} pinyin annotation(s) inside words, as mirror sites insert them "
                     "(據(jù) → 據); offsets refer to the text without them")
    if warnings is not None:
        warnings.extend(doubts + found)
    return text, path


def examples() -> list[Path]:
    """The five seed notices shipped with the package, to try every example on, from any directory.

    Examples
    --------
    >>> [p.name[:3] for p in examples()]
    ['000', '001', '002', '003', '004']
    """
    return sorted(p for p in package_path("_seeds").iterdir() if p.suffix == ".txt")


def notice_id(text: str, path: str | None) -> str:
    """The file's name without its suffix (bytes that are not UTF-8 shown as ``\\xff``, so that every file can
    hold the id), or a digest of the text."""
    return readable(Path(path).stem) if path else "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def expand_paths(paths: Iterable[str | os.PathLike],
                 ignored: list[NoticeError] | None = None) -> tuple[list[str], list[NoticeError]]:
    """Files named by ``paths``: files as given, directories searched recursively for
    the :data:`NOTICE_SUFFIXES`, and glob patterns expanded. Returns ``(files, errors)``.

    A directory's files with other suffixes are not read; if ``ignored`` is a list, each is
    appended to it as a :class:`NoticeError` naming the file (not an error: nothing failed).
    """
    files: list[str] = []
    errors: list[NoticeError] = []
    for entry in paths:
        entry = os.fspath(entry)
        if os.path.isdir(entry):
            found, other = [], []
            for p in sorted(Path(entry).rglob("*"), key=str):
                if p.is_file():
                    (found if p.suffix.lower() in NOTICE_SUFFIXES else other).append(str(p))
            if not found:
                errors.append(NoticeError(f"directory holds no {', '.join(NOTICE_SUFFIXES)} files", entry))
            if ignored is not None:
                ignored.extend(NoticeError(_IGNORED_LEGACY if Path(p).suffix.lower() in LEGACY_SUFFIXES
                                           else f"not a notice file ({', '.join(NOTICE_SUFFIXES)})", p) for p in other)
            files.extend(found)
        elif os.path.exists(entry):
            files.append(entry)
        elif glob.has_magic(entry):
            found = sorted(p for p in glob.glob(entry, recursive=True) if os.path.isfile(p))
            if not found:
                errors.append(NoticeError("pattern matches no files", entry))
            files.extend(found)
        else:
            errors.append(NoticeError("no such file", entry))
    return list(dict.fromkeys(files)), errors
