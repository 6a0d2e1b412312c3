"""Tagging the notices under many paths: the one path that ``rectify_nlp.tag`` and the CLI take."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from ..document import Notice
from ..errors import NoticeError
from ..reading import expand_paths
from ._tagger import BATCH_SIZE, Tagger, load_shared


def tag_paths(paths: str | os.PathLike | Iterable[str | os.PathLike], *, model=None, n_jobs: int = 1,
              progress: bool | None = None, batch_size: int = BATCH_SIZE, backend: str | None = None,
              ignored: list | None = None) -> Iterator[Notice | NoticeError]:
    """Each notice of the files under ``paths``, tagged, in order; or the NoticeError saying why a file
    could not be tagged (unreadable, or holding no problems or measures).

    Parameters
    ----------
    paths : path or iterable of paths
        Files, directories (searched recursively for notice files) or globs.
    model : path, Tagger or None
        A model directory or a loaded tagger; the shipped default model if None.
    n_jobs, batch_size, backend
        As for :meth:`Tagger.pipe`.
    progress : bool, optional
        A progress bar on stderr; by default when there is more than one file.
    ignored : list, optional
        Receives a NoticeError for each file of a folder skipped for its suffix.

    Raises
    ------
    NoticeError
        Before any work, if a path does not exist, a pattern matches no file or a folder holds no notice.
    """
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
            if not isinstance(item, Exception) and not item.measures:
                item = NoticeError("holds no notice: no problems or measures found", item.source)
            yield item
            bar.update(1)
