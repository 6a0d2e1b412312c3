"""Loading models and tagging many notices into one table."""

from __future__ import annotations

import glob
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .pipeline import ModelError, Tagger, load_model
from .reading import NOTICE_SUFFIXES, NoticeError

DEFAULT_MODEL = "default"


def default_model_path() -> Path:
    """The model shipped with the package (``models/default`` in the repository)."""
    try:
        from importlib import resources

        return Path(str(resources.files("rectify_nlp._models") / DEFAULT_MODEL))
    except ModuleNotFoundError:  # running from a source checkout without installing
        return Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL


def load(path: str | os.PathLike | None = None) -> Tagger:
    """Load a tagger from a model directory; with no path, the shipped default model.

    The artifact's SHA-256 and the library versions recorded in its ``meta.json``
    are checked first. Loading unpickles the artifact, which can run code: load
    only models you trust (your own, or the one shipped with the package).

    Raises
    ------
    ModelError
        If the directory is missing or incomplete, the artifact was altered, or
        it was made by an incompatible version of rectify_nlp or scikit-learn.

    Examples
    --------
    >>> tagger = load()
    >>> "completed" in tagger.meta["labels"]["status"]
    True
    """
    return load_model(path if path is not None else default_model_path())


@lru_cache(maxsize=4)
def _cached(path: str) -> Tagger:
    return load(path)


def expand_paths(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[NoticeError]]:
    """Files named by ``paths``: files as given, directories searched recursively for
    .txt/.html/.htm, and glob patterns expanded. Returns ``(files, errors)``."""
    files: list[str] = []
    errors: list[NoticeError] = []
    for entry in paths:
        entry = os.fspath(entry)
        if os.path.isdir(entry):
            found = sorted(str(p) for p in Path(entry).rglob("*") if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES)
            if not found:
                errors.append(NoticeError("directory holds no .txt, .html or .htm files", entry))
            files.extend(found)
        elif os.path.exists(entry):
            files.append(entry)
        elif glob.has_magic(entry):
            found = sorted(p for p in glob.glob(entry, recursive=True) if os.path.isfile(p))
            if not found:
                errors.append(NoticeError("pattern matches no files", entry))
            files.extend(found)
        else:
            errors.append(NoticeError("no such file", entry))
    seen = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return unique, errors


def tag(paths, n_jobs: int = 1, progress: bool | None = None, model: str | os.PathLike | Tagger | None = None,
        batch_size: int = 8, backend: str | None = None):
    """Tag every measure of the notices under ``paths`` and return one table.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, directories (searched recursively for .txt/.html/.htm) or globs.
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

    Returns
    -------
    pandas.DataFrame
        One row per measure (columns in :data:`rectify_nlp.io.MEASURE_COLUMNS`).
        ``df.attrs["errors"]`` lists the files that could not be read, one
        message each (file and reason); ``df.attrs["notices"]`` holds each
        notice's stated totals and problem statuses, for :func:`summarize`.

    Examples
    --------
    >>> df = tag(["seeds/001_6f66318992fdd9a8.txt"])
    >>> len(df), bool(df["category"].notna().all())
    (47, True)
    """
    import pandas as pd
    from tqdm.auto import tqdm

    from .io import MEASURE_COLUMNS, measure_rows, notice_facts

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files, errors = expand_paths(paths)
    if isinstance(model, Tagger):
        tagger = model
    else:
        tagger = _cached(str(model if model is not None else default_model_path()))
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
    return df


__all__ = ["ModelError", "default_model_path", "expand_paths", "load", "tag"]
