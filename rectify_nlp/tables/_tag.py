"""Tagging many notices into one table."""

from __future__ import annotations

import os

from ..errors import NoticeError
from ..reading._source import expand_paths
from ..tagging._tagger import BATCH_SIZE, Tagger, load_shared
from ._rows import MEASURE_COLUMNS, measure_rows, notice_facts


def tag(paths, *, n_jobs: int = 1, progress: bool | None = None, model: str | os.PathLike | Tagger | None = None,
        batch_size: int = BATCH_SIZE, backend: str | None = None):
    """Tag every measure of the notices under ``paths`` and return one table.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, directories (searched recursively for .txt/.html/.htm/.docx/.pdf) or globs.
    n_jobs : int, default=1
        Worker processes (-1: all cores).
    progress : bool, optional
        Show a progress bar on stderr; by default when there is more than one file.
    model : path, Tagger or None
        A model directory or a loaded tagger; the shipped default model if None.
    batch_size : int, default=8
        Files per task.
    backend : {None, "loky", "dask"}
        ``"dask"`` runs on the active ``distributed.Client``.

    Raises
    ------
    NoticeError
        If a path does not exist, a pattern matches no file, or a folder holds no notice file:
        nothing is tagged.

    Returns
    -------
    pandas.DataFrame
        One row per measure (columns in :data:`~rectify_nlp.tables._rows.MEASURE_COLUMNS`).
        ``df.attrs["errors"]`` lists the files that could not be read, one
        message each (file and reason); ``df.attrs["notices"]`` holds each
        notice's stated totals and problem statuses, for :func:`~rectify_nlp.summarize`;
        ``df.attrs["ignored"]`` the files in the directories given that were not read
        because their suffix is not a notice's (one message each: file and why).

    Examples
    --------
    >>> df = tag(["seeds/001_6f66318992fdd9a8.txt"])
    >>> len(df), bool(df["category"].notna().all())
    (47, True)
    """
    import pandas as pd
    from tqdm.auto import tqdm

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    ignored: list[NoticeError] = []
    files, errors = expand_paths(paths, ignored=ignored)
    if errors:  # a mistyped path is an error before any work, never an empty table
        raise NoticeError("; ".join(str(e) for e in errors) + "; check the paths")
    tagger = model if isinstance(model, Tagger) else load_shared(model)
    rows, facts = [], {}  # each notice is reduced to its rows at once: memory grows with rows, not notices
    show = progress if progress is not None else len(files) > 1
    with tqdm(total=len(files), unit="file", disable=not show, leave=False) as bar:
        for item in tagger.pipe(files, n_jobs=n_jobs, batch_size=batch_size, backend=backend, errors="return"):
            if isinstance(item, Exception):
                errors.append(item)
            elif not item.measures:
                errors.append(NoticeError("holds no notice: no problems or measures found", item.source))
            else:
                rows.extend(measure_rows(item))
                facts[item.id] = notice_facts(item)
            bar.update(1)
    df = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    df.attrs["errors"] = [str(e) for e in errors]
    df.attrs["notices"] = facts
    df.attrs["ignored"] = [str(e) for e in ignored]
    return df
