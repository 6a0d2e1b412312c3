"""Tables and export: many notices to one measure table (``_tag``), its rows (``_rows``), the
per-notice summary (``_summary``), a notice as a tree or outline (``_tree``), files written
atomically (``_files``) and measure tables streamed to them (``_writer``).
"""
