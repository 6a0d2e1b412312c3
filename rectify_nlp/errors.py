"""Every error and warning rectify_nlp raises, in one place.

::

    RectifyError                   catch this to catch every error of the library
    ├── NoticeError  (ValueError)  a notice cannot be read: names the file and the reason
    ├── ModelError   (ValueError)  a model cannot be built, saved or loaded
    └── LabelError   (ValueError)  a label file or record is wrong: names the file and the line

    ParseWarning     (UserWarning) text the parser could not place; silence it alone with
                                   ``warnings.simplefilter("ignore", rectify_nlp.ParseWarning)``
    SkippedFileWarning (UserWarning) a file tag() could not read and left out of its table

The errors also derive from ``ValueError``, so code written against earlier versions
that caught ``ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = ["LabelError", "ModelError", "NoticeError", "ParseWarning", "RectifyError", "SkippedFileWarning"]


class RectifyError(Exception):
    """The base of every error rectify_nlp raises on purpose."""


class NoticeError(RectifyError, ValueError):
    """A notice could not be read; ``str(err)`` names the file and the problem.

    Examples
    --------
    >>> str(NoticeError("no such file", "notices/a.txt"))
    'notices/a.txt: no such file'
    """

    def __init__(self, message: str, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class ModelError(RectifyError, ValueError):
    """A model that cannot be built, saved or loaded: missing, altered, made by an
    incompatible version, or given a parameter or file it cannot use."""


class LabelError(RectifyError, ValueError):
    """A label file or record that cannot be used; ``str(err)`` reads ``file:line: message``.

    Examples
    --------
    >>> err = LabelError("unknown category 'foo'", file="mine.csv", line=7)
    >>> str(err), err.file, err.line
    ("mine.csv:7: unknown category 'foo'", 'mine.csv', 7)
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        self.file = None if file is None else str(file)
        self.line = line
        where = f"{self.file}:{line}" if self.file and line else self.file
        super().__init__(f"{where}: {message}" if where else message)


class ParseWarning(UserWarning):
    """Text of a notice that the parser could not place with confidence."""


class SkippedFileWarning(UserWarning):
    """A file :func:`rectify_nlp.tag` could not read and left out of its table; the message
    names the file and the reason, ``source`` the file.

    Examples
    --------
    >>> str(SkippedFileWarning("notices/a.txt: holds no notice", "notices/a.txt"))
    'notices/a.txt: holds no notice'
    """

    def __init__(self, message: str, source: str | None = None):
        self.source = source
        super().__init__(message)
