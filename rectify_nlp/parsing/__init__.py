"""Parsing: normalised text to the document model (sections ▸ problems ▸ measures, with offsets).

``_parse`` runs the steps: ``_paragraphs`` finds paragraphs and enumerators, ``_frame``
sets aside what surrounds the body, ``_outline`` nests the headings, ``_roles`` decides
which headings are problems, ``_builder`` makes the nodes, ``_facts`` reads what the
notice states about itself (meta and totals), ``_split`` where each notice of a text holding
several begins.
"""
