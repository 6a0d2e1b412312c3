"""Names that come from data (a notice id in a label file, a path column) used as file names.

A file received from someone else says what it likes: ``../../.bashrc``, ``/etc/cron.d/x``, a name
holding a NUL or bytes that are not UTF-8. Such a name is never joined to a folder: it is used only when
it is a plain name, one path component that reads the same everywhere.
"""

from __future__ import annotations

import re

MAX_NAME_BYTES = 200
"""The longest plain name, in UTF-8 bytes (file systems allow 255, and a suffix is added)."""

_NOT_PLAIN = re.compile(r"[/\\\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def plain_name(name: object) -> str | None:
    """``name`` if it is a plain file name (one path component, neither a hidden nor a temporary file, without
    control characters or bytes that are not UTF-8, at most :data:`MAX_NAME_BYTES`); None otherwise.

    Examples
    --------
    >>> plain_name("001_6f66318992fdd9a8"), plain_name("../../.bashrc"), plain_name("/etc/passwd")
    ('001_6f66318992fdd9a8', None, None)
    """
    if not isinstance(name, str) or not name.strip() or name.startswith(".") or name != name.strip():
        return None
    if _NOT_PLAIN.search(name) or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return None
    return name
