"""Parsing: normalised text to the document model (sections ▸ problems ▸ measures, with offsets).

``_parse`` runs the steps: ``_paragraphs`` finds paragraphs and enumerators, ``_frame``
sets aside what surrounds the body, ``_title`` finds the title, ``_outline`` nests the headings,
``_roles`` decides which headings are problems, ``_builder`` makes the nodes, ``_facts`` reads what
the notice states about itself (meta, with ``_totals`` its figures), ``_split`` where each notice of a
text holding several begins. The words they look for are in :mod:`rectify_nlp.vocabulary`.
"""

from ._parse import parse, read_notices, read_unparsed

__all__ = ["parse", "read_notices", "read_unparsed"]
