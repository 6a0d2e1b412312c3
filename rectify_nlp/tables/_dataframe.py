"""Many notices tagged into one DataFrame, a row per measure."""

from __future__ import annotations

import os
import warnings

from ..errors import NoticeError, SkippedFileWarning
from ..tagging import BATCH_SIZE, Tagger, tag_paths
from ._rows import MEASURE_COLUMNS, measure_rows


def tag(paths, *, n_jobs: int = 1, progress: bool | None = None, model: str | os.PathLike | Tagger | None = None,
        batch_size: int = BATCH_SIZE, backend: str | None = None, errors: str = "warn"):
    """Tag every measure of the notices under ``paths`` and return one table.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, directories (searched recursively for .txt/.html/.htm/.docx/.pdf) or globs.
    n_jobs : int, default=1
        Worker processes (-1: all cores). Workers end with the process that started them.
    progress : bool, optional
        Show a progress bar on stderr; by default when there is more than one file.
    model : path, Tagger or None
        A model directory or a loaded tagger; the shipped default model if None.
    batch_size : int, default=8
        Files per task.
    backend : {None, "loky", "dask"}
        ``"dask"`` runs on the active ``distributed.Client``.
    errors : {"warn", "raise", "ignore"}, default="warn"
        What to do about a file that cannot be read or holds no notice: ``"warn"`` leaves it out
        and issues a :class:`~rectify_nlp.SkippedFileWarning` naming the file and the reason;
        ``"raise"`` raises its :class:`~rectify_nlp.NoticeError`; ``"ignore"`` leaves it out silently.
        Either way ``df.attrs["errors"]`` lists the messages of the files left out (pandas
        drops ``attrs`` on many operations: rely on the warning or ``"raise"``).

    Raises
    ------
    NoticeError
        If a path does not exist, a pattern matches no file, or a folder holds no notice file:
        nothing is tagged. With ``errors="raise"``, also for the first file that cannot be read.

    Returns
    -------
    pandas.DataFrame
        One row per measure (columns in :data:`~rectify_nlp.tables._rows.MEASURE_COLUMNS`, described
        in the README). ``df.attrs["ignored"]`` names the files in the directories given that were
        not read because their suffix is not a notice's.

    Examples
    --------
    >>> df = tag(["seeds/001_6f66318992fdd9a8.txt"])
    >>> len(df), bool(df["category"].notna().all())
    (47, True)
    """
    import pandas as pd

    if errors not in ("warn", "raise", "ignore"):
        raise ValueError(f"errors must be 'warn', 'raise' or 'ignore', not {errors!r}")
    ignored: list[NoticeError] = []
    rows, failed = [], []  # each notice is reduced to its rows at once: memory grows with rows, not notices
    for item in tag_paths(paths, n_jobs=n_jobs, progress=progress, model=model, batch_size=batch_size,
                          backend=backend, ignored=ignored):
        if isinstance(item, NoticeError):
            if errors == "raise":
                raise item
            if errors == "warn":
                warnings.warn(SkippedFileWarning(str(item), item.source), stacklevel=2)
            failed.append(str(item))
        else:
            rows.extend(measure_rows(item))
    df = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    df.attrs["errors"] = failed
    df.attrs["ignored"] = [str(e) for e in ignored]
    return df
