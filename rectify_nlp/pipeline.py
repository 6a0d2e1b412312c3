"""The Tagger (parse, then tag) and model directories: atomic saving, verified loading.

A model directory holds ``meta.json`` (the model card), ``model.joblib`` (the
fitted scikit-learn estimators) and ``inference.npz`` (the same models as plain
arrays, see :mod:`rectify_nlp.compiled`). Loading checks every artifact against
the SHA-256 in the card and tags with ``inference.npz`` when present, which
needs neither scikit-learn nor unpickling.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Iterable, Iterator

import numpy as np


def measure_records(notice) -> list[dict]:
    """The feature records of a parsed notice's measures, in document order."""
    records = []
    for measure in notice.measures:
        problem = measure.problem
        section = problem.section if problem else None
        records.append({
            "text": measure.text,
            "problem": problem.title if problem else "",
            "section": section.title if section else "",
            "stated_status": problem.stated_status if problem else None,
        })
    return records


ARTIFACT = "model.joblib"
INFERENCE = "inference.npz"
META = "meta.json"


class ModelError(ValueError):
    """A model directory that cannot be loaded: missing, altered, or made by an incompatible version."""


def _sha256(path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    import platform
    from importlib.metadata import version

    from . import __version__

    return {"rectify_nlp": __version__, "scikit-learn": version("scikit-learn"), "numpy": np.__version__,
            "python": platform.python_version()}


class Tagger:
    """Parse notices and tag every measure with a category and a status.

    Like a spaCy ``Language``: call it on one source, or ``pipe`` many.

    Parameters
    ----------
    category_model : CategoryClassifier, optional
    status_model : StatusClassifier, optional
    meta : dict, optional
        The model card: version, label set, training-data hash, metrics.

    Examples
    --------
    >>> import rectify_nlp
    >>> tagger = rectify_nlp.load()
    >>> notice = tagger("一、关于“党建弱化”问题的整改情况\\n(一)严格落实三会一课制度,召开主题党日12次。")
    >>> notice.measures[0].category
    'party_building'
    """

    def __init__(self, category_model=None, status_model=None,
                 meta: dict | None = None):
        self._estimators = (category_model, status_model) if category_model is not None else None
        self.meta = dict(meta or {})
        self.path: str | None = None
        self._compiled = None

    def __repr__(self) -> str:
        return f"Tagger(name={self.meta.get('name', 'unsaved')!r}, categories={len(self.categories)}, path={self.path!r})"

    @property
    def category_model(self):
        """The fitted scikit-learn category estimator (loaded from the model directory on first use)."""
        return self._load_estimators()[0]

    @property
    def status_model(self):
        return self._load_estimators()[1]

    def _load_estimators(self):
        if self._estimators is None:
            import joblib

            parts = joblib.load(_checked_artifact(self.path, ARTIFACT, self.meta))
            self._estimators = (parts["category"], parts["status"])
        return self._estimators

    @property
    def categories(self) -> list[str]:
        if self._compiled is not None:
            return list(self._compiled.category_classes)
        return list(self.category_model.classes_)

    def predict(self, records) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """For feature records: category probabilities, their classes, statuses and status sources."""
        if self._compiled is not None:
            category, status, sources = self._compiled.predict(records)
            return category, self._compiled.category_classes, self._compiled.status_classes[status.argmax(axis=1)], sources
        category = self.category_model.predict_proba(records)
        status, sources = self.status_model._decide(records)
        return category, self.category_model.classes_, self.status_model.classes_[status.argmax(axis=1)], sources

    def __call__(self, source):
        from .structure import parse

        return self.tag([parse(source)])[0]

    def tag(self, notices: list) -> list:
        """Tag parsed notices in place (all their measures in one vectorised call) and return them."""
        records, measures = [], []
        for notice in notices:
            records.extend(measure_records(notice))
            measures.extend(notice.measures)
        if not measures:
            return notices
        category_proba, classes, statuses, sources = self.predict(records)
        for measure, proba, status, source in zip(measures, category_proba, statuses, sources):
            measure.category = str(classes[proba.argmax()])
            measure.category_proba = {str(c): float(p) for c, p in zip(classes, proba)}
            measure.status = str(status)
            measure.status_source = source
        return notices

    def pipe(self, sources: Iterable, n_jobs: int = 1, batch_size: int = 16, backend: str | None = None,
             errors: str = "raise") -> Iterator:
        """Parse and tag many sources lazily, in input order.

        Parameters
        ----------
        sources : iterable of path, str or bytes
        n_jobs : int, default=1
            Worker processes; -1 uses every core.
        batch_size : int, default=16
            Sources parsed and tagged per task.
        backend : {None, "loky", "dask"}
            ``"dask"`` runs the batches on the active ``distributed.Client``.
        errors : {"raise", "return"}
            With ``"return"``, a source that cannot be read yields its
            :class:`~rectify_nlp.NoticeError` in its place instead of raising.

        Yields
        ------
        Notice or NoticeError
        """
        if errors not in ("raise", "return"):
            raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
        batches = _batched(sources, batch_size)
        if n_jobs == 1 and backend is None:
            results = (_tag_batch(self, batch) for batch in batches)
        else:
            results = _parallel_batches(self, batches, n_jobs, backend)
        for batch in results:
            for item in batch:
                if isinstance(item, Exception) and errors == "raise":
                    raise item
                yield item

    def save(self, path) -> None:
        """Write the model directory atomically: an interrupted save leaves any previous model intact."""
        save_model(self, path)


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, not {size}")
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _tag_batch(tagger: Tagger, sources: list) -> list:
    from .reading import NoticeError
    from .structure import parse

    parsed = []
    for source in sources:
        try:
            parsed.append(parse(source))
        except NoticeError as err:
            parsed.append(err)
    tagger.tag([n for n in parsed if not isinstance(n, Exception)])
    return parsed


@lru_cache(maxsize=2)
def _saved_tagger(path: str, artifacts: str) -> Tagger:
    tagger = load_model(path)
    if json.dumps(tagger.meta.get("artifacts"), sort_keys=True) != artifacts:
        raise ModelError(f"{path}: the model directory changed while notices were being tagged; run again")
    return tagger


def _tag_batch_with_saved(path: str, artifacts: str, sources: list) -> list:
    return _tag_batch(_saved_tagger(path, artifacts), sources)


def _parallel_batches(tagger: Tagger, batches: Iterator[list], n_jobs: int, backend: str | None):
    from joblib import Parallel, delayed, parallel_config

    if backend in (None, "loky") and tagger.path is not None:
        # local workers load a saved model once each instead of receiving ~16 MB with every batch
        artifacts = json.dumps(tagger.meta.get("artifacts"), sort_keys=True)
        tasks = (delayed(_tag_batch_with_saved)(tagger.path, artifacts, batch) for batch in batches)
    else:
        tasks = (delayed(_tag_batch)(tagger, batch) for batch in batches)
    with parallel_config(backend=backend or "loky", n_jobs=n_jobs):
        yield from Parallel(return_as="generator")(tasks)


def save_model(tagger: Tagger, path) -> None:
    import os
    import shutil
    import tempfile
    from pathlib import Path

    import joblib

    from . import compiled

    category_model, status_model = tagger._load_estimators()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(0o755)
    try:
        joblib.dump({"category": category_model, "status": status_model}, staging / ARTIFACT, compress=3)
        if compiled.compilable(category_model, status_model):
            np.savez_compressed(staging / INFERENCE, **compiled.export(category_model, status_model))
        meta = dict(tagger.meta)
        meta.setdefault("name", target.name)
        meta["libraries"] = library_versions()
        meta["labels"] = {"category": [str(c) for c in category_model.classes_],
                          "status": [str(s) for s in status_model.classes_]}
        meta["artifacts"] = {p.name: _sha256(p) for p in sorted(staging.iterdir())}
        (staging / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        for p in staging.iterdir():
            with open(p, "rb") as f:
                os.fsync(f.fileno())
        # Two renames: the old model moves aside, the new one moves in. A kill between
        # them leaves only the backup, which load_model falls back to.
        backup = target.with_name(f".{target.name}.old")
        if target.exists():
            if backup.exists():
                shutil.rmtree(backup)
            os.replace(target, backup)
        os.replace(staging, target)
        shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    tagger.meta = meta
    tagger.path = str(target)


def _checked_artifact(root, name: str, meta: dict):
    from pathlib import Path

    artifact = Path(root) / name
    if not artifact.exists():
        raise ModelError(f"{root}: {name} is missing; the model directory is incomplete")
    if _sha256(artifact) != meta.get("artifacts", {}).get(name):
        raise ModelError(f"{root}: {name} does not match the SHA-256 recorded in {META}; the artifact was "
                         "altered or truncated. Retrain or restore the model; do not load it.")
    return artifact


def load_model(path) -> Tagger:
    from pathlib import Path

    root = Path(path)
    backup = root.with_name(f".{root.name}.old")
    if not (root / META).exists() and (backup / META).exists():
        root = backup  # a save was interrupted between its two renames
    if not root.is_dir():
        raise ModelError(f"{path}: no model directory here; train one with `rectify-nlp train --out {path}`")
    if not (root / META).exists():
        raise ModelError(f"{path}: {META} is missing; the model directory is incomplete")
    try:
        meta = json.loads((root / META).read_text(encoding="utf-8"))
    except ValueError as err:
        raise ModelError(f"{path}: {META} is not valid JSON ({err})")
    made = meta.get("libraries", {})
    current = library_versions()
    for lib, depth in (("scikit-learn", 2), ("rectify_nlp", 1)):
        if made.get(lib, "").split(".")[:depth] != current[lib].split(".")[:depth]:
            raise ModelError(f"{path}: made with {lib} {made.get(lib, '?')}, this is {lib} {current[lib]}; "
                             f"retrain it with `rectify-nlp train` under this version")
    for name in meta.get("artifacts") or {ARTIFACT: None}:
        _checked_artifact(root, name, meta)
    tagger = Tagger(None, None, meta)
    tagger.path = str(root)
    try:
        if INFERENCE in meta["artifacts"]:
            from .compiled import CompiledModels

            tagger._compiled = CompiledModels.load(root / INFERENCE)
        else:
            tagger._load_estimators()
    except Exception as err:  # a corrupt artifact whose digest was also rewritten
        raise ModelError(f"{path}: the model cannot be loaded ({type(err).__name__}: {err})")
    return tagger
