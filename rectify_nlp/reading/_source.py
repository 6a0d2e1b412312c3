"""Where a notice comes from: a path, a ``str`` of text or ``bytes``, to normalised text."""

from __future__ import annotations

import glob
import hashlib
import os
from pathlib import Path
from typing import Iterable, Union

from ..errors import NoticeError
from ._decode import decode, normalise
from ._html import html_to_text, is_html

Source = Union[str, bytes, os.PathLike]

NOTICE_SUFFIXES = (".txt", ".html", ".htm")
"""The file suffixes read as notices, in the order a notice's file is looked for."""


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
            raise NoticeError(f"cannot be read: {err.strerror}", path) from err
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


def expand_paths(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[NoticeError]]:
    """Files named by ``paths``: files as given, directories searched recursively for
    the :data:`NOTICE_SUFFIXES`, and glob patterns expanded. Returns ``(files, errors)``."""
    files: list[str] = []
    errors: list[NoticeError] = []
    for entry in paths:
        entry = os.fspath(entry)
        if os.path.isdir(entry):
            found = sorted(str(p) for p in Path(entry).rglob("*") if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES)
            if not found:
                errors.append(NoticeError(f"directory holds no {', '.join(NOTICE_SUFFIXES)} files", entry))
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
