"""Files: the one gate every file read passes (regular files only, under a size limit), ZIP packages
bounded in what they unpack to, atomic writes of files and folders, and what ships inside the package.

``_gate`` reads, ``_archive`` opens packages, ``_atomic`` writes, ``_names`` tells a plain file name from a
path, ``_data`` finds the shipped model, seeds and data files.
"""

from ._archive import MAX_UNPACKED_BYTES, open_package
from ._atomic import atomic_directory, atomic_path, backup_of, commit, discard, remove_leftovers, temp_beside
from ._data import package_path
from ._gate import (
           MAX_LABEL_BYTES,
           MAX_NOTICE_BYTES,
           MAX_WORD_LIST_BYTES,
           Refusal,
           megabytes,
           open_regular_file,
           read_regular_file,
)
from ._names import MAX_NAME_BYTES, plain_name

__all__ = ["MAX_LABEL_BYTES", "MAX_NAME_BYTES", "MAX_NOTICE_BYTES", "MAX_UNPACKED_BYTES", "MAX_WORD_LIST_BYTES",
           "Refusal", "atomic_directory", "atomic_path", "backup_of", "commit", "discard", "megabytes", "open_package",
           "open_regular_file", "package_path", "plain_name", "read_regular_file", "remove_leftovers", "temp_beside"]
