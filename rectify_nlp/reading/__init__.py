"""Reading: a path, a ``str`` or ``bytes`` to the normalised text of a notice.

``_source`` names files and dispatches, ``_files`` reads a file's bytes (regular files only, within
a size limit), ``_screen`` refuses what is not a notice, ``_decode`` turns bytes into normalised text,
``_html`` reduces a saved page to its article's lines, ``_docx`` and ``_pdf`` read Word and PDF
files, ``_script`` gives the simplified view that every pattern matches.
"""
