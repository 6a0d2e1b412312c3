"""ZIP packages (Word's .docx, Excel's .xlsx) opened with what they unpack to bounded before any part is read.

The file gate bounds a file's bytes; a package's parts can unpack to a thousand times more (deflate reaches
about 1:1000). Every part's header states its unpacked size, and ``zipfile`` never gives more bytes of a part
than its header states (a part that holds more fails its checksum), so the headers' sum bounds what reading
the package can unpack. It is checked, with the number of parts, before anything is parsed.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import NoticeError
from ._gate import Refusal, megabytes

MAX_UNPACKED_BYTES = 100_000_000
"""The most a package's parts may unpack to in all, in bytes (the main part of a Word file of a long
notice is under 10 MB)."""
MAX_PARTS = 10_000
"""The most parts a package may hold (a Word or Excel file has tens)."""


def open_package(data: bytes, source: str | None = None, *, limit: int = MAX_UNPACKED_BYTES,
                 error: Refusal = NoticeError) -> zipfile.ZipFile:
    """The ZIP package in ``data``, its parts checked to unpack to at most ``limit`` bytes in all.

    Raises ``zipfile.BadZipFile`` for bytes that are no ZIP file, ``error(message, source)`` for a package
    over a bound.
    """
    package = zipfile.ZipFile(io.BytesIO(data))
    parts = package.infolist()
    if len(parts) > MAX_PARTS:
        raise error(f"is a package of {len(parts):,} parts, over the limit of {MAX_PARTS:,}; not read", source)
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limit:
        raise error(f"unpacks to {megabytes(unpacked)} from {megabytes(len(data))}, over the {megabytes(limit)} "
                    "limit for the parts of a package; not read (a damaged or hostile file?)", source)
    return package
