"""Reading: a path, a ``str`` or ``bytes`` to the normalised text of a notice.

``_source`` names files and dispatches, ``_screen`` refuses what is not a notice, ``_html``
reduces a saved page to its article's lines, ``_docx`` and ``_pdf`` read Word and PDF files.
Bytes pass the file gate of :mod:`rectify_nlp.files` and are decoded by :mod:`rectify_nlp.text`.
"""

from ._source import NOTICE_SUFFIXES, Source, examples, expand_paths, notice_id, read_text, source_path

__all__ = ["NOTICE_SUFFIXES", "Source", "examples", "expand_paths", "notice_id", "read_text", "source_path"]
