"""Writing tables to files atomically, in the format the file name asks for."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ._summary import summarize

TABLE_FORMATS = (".csv", ".jsonl", ".xlsx", ".parquet")


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only if the block completes.

    An interrupted write never leaves a half-written file, and an existing file
    is replaced only by a complete one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(df, path: str | Path, summary=None) -> None:
    """Write the measure table atomically; the format follows the extension.

    ``.csv`` is UTF-8 with a BOM so that Excel shows Chinese; ``.xlsx`` holds a
    ``measures`` sheet and a ``summary`` sheet; ``.jsonl`` one object per line;
    ``.parquet`` a Parquet file.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ValueError(f"{path}: unknown output format {suffix or '(none)'}; use one of {', '.join(TABLE_FORMATS)}")
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif suffix == ".jsonl":
            df.to_json(tmp, orient="records", lines=True, force_ascii=False)
        elif suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            import pandas as pd

            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                df.to_excel(writer, sheet_name="measures", index=False)
                (summary if summary is not None else summarize(df)).to_excel(writer, sheet_name="summary", index=False)
