"""The JSONL label format, one labelled measure per line (``training/annotations/<notice>.jsonl``)::

    {"notice": "001_6f66318992fdd9a8", "measure_id": "p03m02", "start": 2210, "end": 2301,
     "text": "...", "problem": "...", "section": "...", "stated_status": null,
     "category": "economy_business", "status": "completed", "note": ""}

Offsets refer to ``notice.text`` of the parsed notice. Both offsets and text are
stored, so a parser change that moves a boundary is caught by ``check_labels``
instead of silently mislabelling a different stretch of text. ``status`` may be
left out: such a measure trains the category model only.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import LabelError


def read_jsonl(path: str | Path, text: str) -> list[dict]:
    """The records of a JSONL label file's ``text``, each with ``_file`` and ``_line`` for messages."""
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            raise LabelError(f"not valid JSON ({err.msg} at column {err.colno}); each line must be one JSON object",
                             file=path, line=number) from err
        except RecursionError as err:
            raise LabelError("JSON nested deeper than a label record ever is; each line must be one JSON object "
                             "of text and labels", file=path, line=number) from err
        if not isinstance(record, dict):
            raise LabelError(f"expected a JSON object {{\"text\": …, \"category\": …}}, found {type(record).__name__}",
                             file=path, line=number)
        record["_file"], record["_line"] = str(path), number
        records.append(record)
    return records
