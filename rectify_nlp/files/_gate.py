"""Reading a file's bytes safely: regular files only, and no more than a size limit.

A path may name something that is not a file: a named pipe (reading blocks until a writer
comes), a device such as ``/dev/zero`` (endless), a directory or a socket. Every file the
library reads (a notice, a model's ``meta.json`` and artifacts) goes through
:func:`read_regular_file`, which opens without blocking, refuses what is not a regular file,
and reads at most ``limit + 1`` bytes, so nothing can hang the reader or fill its memory.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from ..errors import NoticeError

MAX_NOTICE_BYTES = 50_000_000
"""The largest notice file read, in bytes (50 MB; the longest real notices are under 1 MB)."""
MAX_LABEL_BYTES = 500_000_000
"""The largest label file read, in bytes (a million labelled measures take about 400 MB of JSONL)."""
MAX_WORD_LIST_BYTES = 50_000_000
"""The largest lexicon or user dictionary read, in bytes (the shipped ones are under 100 kB)."""

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))

Refusal = Callable[[str, str], Exception]  # (message, path) -> the error to raise


def megabytes(n: int) -> str:
    """A size for a message: ``megabytes(972_274)`` is ``'0.972 MB'``, ``megabytes(10**9)`` ``'1,000 MB'``."""
    value = n / 1e6
    return f"{value:,.0f} MB" if value >= 100 else f"{value:.3g} MB"


def open_regular_file(path: str | os.PathLike, *, limit: int, error: Refusal = NoticeError) -> int:
    """Open ``path`` for reading if it is a regular file of at most ``limit`` bytes; return the descriptor.

    Raises ``error(message, path)`` otherwise: missing, not a regular file, too large, unreadable.
    """
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a named pipe for reading otherwise waits for a writer
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error("no such file", name) from None
    except (OSError, ValueError) as err:  # ValueError: a NUL in the path
        reason = getattr(err, "strerror", None) or str(err)
        raise error(f"cannot be read: {reason}", name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a regular file")
            raise error(f"is {kind}, not a regular file; give the path of a file", name)
        if info.st_size > limit:
            raise error(f"is {megabytes(info.st_size)}, over the {megabytes(limit)} limit for this file", name)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: str | os.PathLike, *, limit: int, error: Refusal = NoticeError) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``error(message, path)`` is raised otherwise.

    Examples
    --------
    >>> read_regular_file("/dev/zero", limit=10)
    Traceback (most recent call last):
    ...
    rectify_nlp.errors.NoticeError: /dev/zero: is a character device, not a regular file; give the path of a file
    """
    name = os.fspath(path)
    fd = open_regular_file(name, limit=limit, error=error)
    chunks, size = [], 0
    try:
        while size <= limit:  # the file may grow after fstat: read at most limit + 1 bytes
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        raise error(f"cannot be read: {err.strerror}", name) from None
    finally:
        os.close(fd)
    if size > limit:
        raise error(f"is over the {megabytes(limit)} limit for this file", name)
    return b"".join(chunks)
