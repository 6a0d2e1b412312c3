"""Tagging many notices into one table."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator

from ..errors import NoticeError, SkippedFileWarning
from ..reading._source import expand_paths
from ..tagging._tagger import BATCH_SIZE, Tagger, load_shared
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
    for item in tagged_rows(paths, n_jobs=n_jobs, progress=progress, model=model, batch_size=batch_size,
                            backend=backend, ignored=ignored):
        if isinstance(item, NoticeError):
            if errors == "raise":
                raise item
            if errors == "warn":
                warnings.warn(SkippedFileWarning(str(item), item.source), stacklevel=2)
            failed.append(str(item))
        else:
            rows.extend(item)
    df = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    df.attrs["errors"] = failed
    df.attrs["ignored"] = [str(e) for e in ignored]
    return df


def tagged_rows(paths, *, n_jobs: int = 1, progress: bool | None = None, model=None, batch_size: int = BATCH_SIZE,
                backend: str | None = None, ignored: list | None = None) -> Iterator[list[dict] | NoticeError]:
    """For each file under ``paths`` in order, its notice's measure rows, or the NoticeError saying why
    it could not be tagged; the parameters are :func:`tag`'s. Paths that do not exist raise
    NoticeError before any work; files skipped for their suffix are appended to ``ignored``."""
    from tqdm.auto import tqdm

    if not isinstance(n_jobs, int) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a positive number of workers, or negative (-1: all cores), not {n_jobs!r}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files, missing = expand_paths(paths, ignored=ignored)
    if missing:  # a mistyped path is an error before any work, never an empty table
        raise NoticeError("; ".join(str(e) for e in missing) + "; check the paths")
    tagger = model if isinstance(model, Tagger) else load_shared(model)
    show = progress if progress is not None else len(files) > 1
    with tqdm(total=len(files), unit="file", disable=not show, leave=False) as bar:
        for item in tagger.pipe(files, n_jobs=n_jobs, batch_size=batch_size, backend=backend, errors="return"):
            if isinstance(item, Exception):
                yield item
            elif not item.measures:
                yield NoticeError("holds no notice: no problems or measures found", item.source)
            else:
                yield list(measure_rows(item))
            bar.update(1)
