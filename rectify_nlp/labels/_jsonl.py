"""Label files: reading, validating and counting labelled measures.

A label record (one JSON object per line in ``training/annotations/<notice>.jsonl``)::

    {"notice": "001_6f66318992fdd9a8", "measure_id": "p03m02", "start": 2210, "end": 2301,
     "text": "...", "problem": "...", "section": "...", "stated_status": null,
     "category": "economy_business", "status": "completed", "note": ""}

Offsets refer to ``notice.text`` of the parsed notice. Both offsets and text are
stored, so a parser change that moves a boundary is caught by ``check_labels``
instead of silently mislabelling a different stretch of text.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import LabelError

REQUIRED = ("notice", "measure_id", "start", "end", "text", "problem", "section", "category", "status")


def label_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.jsonl") if p.is_file())
    return [path]


def read_jsonl(path: str | Path) -> list[dict]:
    """Records of a JSONL label file, each with ``_file`` and ``_line`` for messages."""
    records = []
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as err:
                raise LabelError(f"not valid JSON ({err.msg}); each line must be one JSON object",
                                 file=path, line=number) from err
            if not isinstance(record, dict):
                raise LabelError(f"expected a JSON object, found {type(record).__name__}", file=path, line=number)
            record["_file"], record["_line"] = str(path), number
            records.append(record)
    return records


def read_jsonl_labels(path: str | Path) -> list[dict]:
    """All labelled measures under a JSONL file or a directory of them, as written.

    Examples
    --------
    >>> records = read_jsonl_labels("training/annotations")
    >>> records[0]["notice"], records[0]["measure_id"]
    ('000_f86f210ebf964fa1', 'p01m01')
    """
    files = label_files(path)
    if not files or not files[0].exists():
        raise LabelError("no label files (.jsonl) found", file=path)
    return [r for f in files for r in read_jsonl(f)]
