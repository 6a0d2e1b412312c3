"""The Tagger: parse, then tag every measure; one source, a batch, or a lazy stream of many."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..document import Notice
from ..errors import ModelError, NoticeError
from ..parsing import read_notices
from ..reading import Source, source_path
from . import _store
from ._evidence import in_notice
from ._records import context_records
from ._uncertainty import REVIEW_BELOW, calibrated, defer_to_siblings, review_flags
from ._workers import exit_with_parent

BATCH_SIZE = 8
"""Sources parsed and tagged per task, in :meth:`Tagger.pipe` and :func:`rectify_nlp.tag`."""


def reference_date(notice: Notice) -> str | None:
    """The notice's own date (ISO), against which the status grammar reads dates and deadlines:
    its publication date, else its signature date, else the inspection's feedback date."""
    return next((notice.meta[k] for k in ("published", "signed", "feedback_date") if notice.meta.get(k)), None)


class Predictions(NamedTuple):
    """What :meth:`Tagger.predict` gives for a batch of context records, one row per record."""

    category_proba: np.ndarray
    category_classes: np.ndarray
    status_proba: np.ndarray
    status_classes: np.ndarray
    status_sources: list[str]
    evidence: list[dict] | None
    needs_review: np.ndarray


class Tagger:
    """Parse notices and tag every measure with a category and a status.

    Like a spaCy ``Language``: call it on one source, or ``pipe`` many.

    Parameters
    ----------
    category_model : CategoryClassifier, optional
    status_model : StatusClassifier, optional
    meta : dict, optional
        The model card: name, label set, parameters, training-data hash, metrics.

    Examples
    --------
    >>> import rectify_nlp
    >>> tagger = rectify_nlp.load()
    >>> notice = tagger("一、关于“党建弱化”问题的整改情况\\n(一)严格落实三会一课制度,召开主题党日12次。")
    >>> notice.measures[0].category
    'party_building'
    """

    def __init__(self, category_model=None, status_model=None, *, meta: dict | None = None):
        self._estimators = (category_model, status_model) if category_model is not None else None
        self.meta = dict(meta or {})
        self.path: str | None = None
        self._compiled = None

    @classmethod
    def from_disk(cls, path: str | Path, *, unpickle: bool = False) -> Tagger:
        """The tagger saved in a model directory, its artifacts checked against their SHA-256 first.

        Only ``inference.npz`` is loaded: plain arrays, read with ``allow_pickle=False``, so no code
        from the directory runs. A directory without it is refused, unless ``unpickle=True`` asks for
        the scikit-learn estimators in ``model.joblib`` (see :meth:`unpickle_estimators`: that runs
        code from the file).
        """
        root, meta = _store.read_meta(path)
        compiled = _store.INFERENCE in (meta.get("artifacts") or {})
        if not compiled and not unpickle:
            raise ModelError(f"{path}: no {_store.INFERENCE} in the model directory, and tagging reads only that "
                             "pickle-free file (a model of a classifier other than logreg has none). If you trust "
                             "the directory, rectify_nlp.load(path, unpickle=True) unpickles its model.joblib")
        tagger = cls(meta=meta)
        tagger.path = str(root)
        try:
            if compiled:
                from ._compiled import CompiledModels

                tagger._compiled = CompiledModels.load(_store.checked_artifact(root, _store.INFERENCE, meta))
            if unpickle:
                tagger.unpickle_estimators()
        except ModelError:
            raise
        except Exception as err:  # a corrupt artifact whose digest was also rewritten
            raise ModelError(f"{path}: the model cannot be loaded ({type(err).__name__}: {err})") from err
        return tagger

    def unpickle_estimators(self) -> Tagger:
        """Load the scikit-learn estimators of a saved model from ``model.joblib``.

        **This runs code from the file**: unpickling executes whatever the pickle says. The SHA-256
        in ``meta.json`` guards against damage, not against someone who rewrote both the file and
        the card, so call this only on model directories you trust (your own, or the one shipped
        with the package). Tagging never needs it; inspecting, re-saving or composing the
        estimators does.
        """
        if self._estimators is None:
            if self.path is None:
                raise ModelError("this tagger has no model directory to unpickle estimators from")
            self._estimators = _store.read_estimators(Path(self.path), self.meta)
        return self

    def __repr__(self) -> str:
        name = self.meta.get("name", "unsaved")
        return f"Tagger(name={name!r}, categories={len(self.categories)}, path={self.path!r})"

    @property
    def category_model(self):
        """The fitted scikit-learn category estimator (of a saved model: after :meth:`unpickle_estimators`)."""
        return self._fitted_estimators()[0]

    @property
    def status_model(self):
        """The fitted scikit-learn status estimator (of a saved model: after :meth:`unpickle_estimators`)."""
        return self._fitted_estimators()[1]

    def _fitted_estimators(self) -> tuple:
        if self._estimators is None:
            raise ModelError(f"{self.path}: the scikit-learn estimators of a saved model are not loaded; "
                             "tagger.unpickle_estimators() loads them, and runs code from model.joblib: "
                             "call it only for a model you trust")
        return self._estimators

    @property
    def categories(self) -> list[str]:
        if self._compiled is not None:
            return list(self._compiled.category_classes)
        return list(self.category_model.classes_)

    def predict(self, records, explain: bool = False, groups=None) -> Predictions:
        """Category and status probabilities (with their classes), status sources and review flags for
        context records; with ``explain``, also each record's evidence (see :attr:`Measure.category_evidence`).

        ``groups`` (one hashable per record, e.g. its problem) lets an unsure category defer to the
        confident records of its group; probabilities are then calibrated with the model card's
        temperatures, and ``needs_review`` flags tags under its review thresholds (see
        :mod:`rectify_nlp.tagging._uncertainty`).
        """
        compiled = self._compiled
        if compiled is None and explain:
            compiled = self._compiled = self._compile()
        if compiled is not None:
            category, status, sources, *evidence = compiled.predict(records, explain)
            category_classes, status_classes = compiled.category_classes, compiled.status_classes
            evidence = evidence[0] if evidence else None
        else:
            status, sources = self.status_model.decide(records)
            category = self.category_model.predict_proba(records)
            category_classes, status_classes = self.category_model.classes_, self.status_model.classes_
            evidence = [{"category": [], "status": []} for _ in sources] if explain else None
        own = category
        category, deferred = defer_to_siblings(category, groups)
        calibration = self.meta.get("calibration") or {}
        category = calibrated(category, calibration.get("category_temperature", 1.0))
        status = calibrated(status, calibration.get("status_temperature", 1.0))
        review = review_flags(category, status, sources, calibration.get("review", REVIEW_BELOW))
        if evidence is not None:  # what the siblings added to the chosen class's log-probability
            for row in np.flatnonzero(deferred):
                chosen = category[row].argmax()
                lift = float(np.log(category[row, chosen] / max(own[row, chosen], 1e-12)))
                entries = [*evidence[row]["category"], {"kind": "problem", "feature": "its problem's other measures",
                                                        "weight": round(lift, 4)}]
                evidence[row]["category"] = sorted(entries, key=lambda e: -e["weight"])
        return Predictions(category, category_classes, status, status_classes, sources, evidence, review)

    def _compile(self):
        """The estimators as the arrays of ``inference.npz`` (None for a model that has none)."""
        from ._compiled import CompiledModels, compilable, export

        category_model, status_model = self._fitted_estimators()
        if not compilable(category_model, status_model):
            return None
        return CompiledModels(export(category_model, status_model))

    def __call__(self, source: Source) -> Notice:
        """Parse and tag the notice in ``source``, read as :meth:`pipe` reads it.

        Raises
        ------
        NoticeError
            If the source cannot be read, or holds several notices: tag those with :meth:`pipe`,
            which yields each.
        """
        notices = read_notices(source)
        if len(notices) > 1:
            raise NoticeError(f"holds {len(notices)} notices; tag them with tagger.pipe([source]), "
                              "which yields each", notices[0].source)
        return self.tag(notices)[0]

    def tag(self, notices: list[Notice]) -> list[Notice]:
        """Tag parsed notices in place (all their measures in one vectorised call) and return them."""
        measures = [m for notice in notices for m in notice.measures]
        if not measures:
            return notices
        records = context_records({**m.context, "reference_date": reference_date(n)}
                                  for n in notices for m in n.measures)
        problems = [(k, id(m.problem)) for k, n in enumerate(notices) for m in n.measures]
        found = self.predict(records, explain=True, groups=problems)
        rows = zip(measures, found.category_proba, found.status_proba, found.status_sources, found.evidence,
                   found.needs_review)
        for measure, category_proba, status_proba, source, evidence, review in rows:
            measure.category = str(found.category_classes[category_proba.argmax()])
            measure.category_proba = {str(c): float(p) for c, p in zip(found.category_classes, category_proba)}
            measure.status = str(found.status_classes[status_proba.argmax()])
            measure.status_proba = {str(c): float(p) for c, p in zip(found.status_classes, status_proba)}
            measure.status_source = source
            measure.category_evidence = evidence["category"]
            measure.status_evidence = [in_notice(e, measure) for e in evidence["status"]]
            measure.needs_review = bool(review)
        return notices

    def pipe(self, sources: Iterable[Source], *, n_jobs: int = 1, batch_size: int = BATCH_SIZE,
             backend: str | None = None, errors: str = "raise") -> Iterator[Notice | NoticeError]:
        """Parse and tag many sources lazily, in input order; a file holding several notices yields
        each (ids ``FILE#1``, ``FILE#2``, see :func:`~rectify_nlp.read_notices`).

        Parameters
        ----------
        sources : iterable of path, str or bytes
        n_jobs : int, default=1
            Worker processes; -1 uses every core.
        batch_size : int, default=8
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
            results = self._parallel(batches, n_jobs, backend)
        for batch in results:
            for item in batch:
                if isinstance(item, Exception) and errors == "raise":
                    raise item
                yield item

    def _parallel(self, batches: Iterator[list], n_jobs: int, backend: str | None) -> Iterator[list]:
        from joblib import Parallel, delayed, parallel_config

        if backend in (None, "loky") and self.path is not None:
            # local workers load a saved model once each instead of receiving ~16 MB with every batch
            key = _store.content_key(self.meta)
            tasks = (delayed(_tag_batch_with_saved)(self.path, key, batch) for batch in batches)
        else:
            tasks = (delayed(_tag_batch)(self, batch) for batch in batches)
        # loky workers would outlive a killed parent for minutes: they watch it and end with it
        local = {"initializer": exit_with_parent, "initargs": (os.getpid(),)} if backend in (None, "loky") else {}
        with parallel_config(backend=backend or "loky", n_jobs=n_jobs, **local):
            yield from Parallel(return_as="generator")(tasks)

    def save(self, path: str | Path) -> None:
        """Write the model directory atomically with its model card; an interrupted save
        leaves any previous model intact."""
        category_model, status_model = self._fitted_estimators()
        self.meta = _store.write(path, category_model, status_model, self.meta)
        self.path = str(path)


def load(path: str | Path | None = None, *, unpickle: bool = False) -> Tagger:
    """Load a tagger from a model directory; with no path, the shipped default model.

    The SHA-256 of every artifact and the library versions recorded in the directory's
    ``meta.json`` are checked first. Only the pickle-free ``inference.npz`` is read, so loading
    runs no code from the directory; ``unpickle=True`` also unpickles the scikit-learn estimators
    of ``model.joblib``, which runs code from the file: only for directories you trust.

    Raises
    ------
    ModelError
        If the directory is missing or incomplete, an artifact was altered, or it
        was made by an incompatible version of rectify_nlp or scikit-learn.

    Examples
    --------
    >>> tagger = load()
    >>> "completed" in tagger.meta["labels"]["status"]
    True
    """
    return Tagger.from_disk(path if path is not None else _store.default_model_path(), unpickle=unpickle)


def load_shared(path: str | Path | None = None) -> Tagger:
    """Like :func:`load`, but loaded once per process for as long as the directory holds the same
    model (the cache is keyed on the model card, which holds every artifact's SHA-256)."""
    path = path if path is not None else _store.default_model_path()
    return _load_by_content(str(Path(path).resolve()), _store.content_key_on_disk(path))


@lru_cache(maxsize=4)
def _load_by_content(path: str, key: str) -> Tagger:
    tagger = Tagger.from_disk(path)
    if _store.content_key(tagger.meta) != key:
        raise ModelError(f"{path}: the model directory changed while it was being loaded; run again")
    return tagger


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, not {size}")
    items = iter(iterable)
    while batch := list(islice(items, size)):
        yield batch


def _failure(err: Exception, source) -> NoticeError:
    """What one source's failure is to a batch: its NoticeError, or any other error as one naming the source
    (an error of rectify_nlp on this input, named by its kind so that it can be reported)."""
    if isinstance(err, NoticeError):
        return err
    if isinstance(err, ModelError):  # the model's fault, not the source's: every source would fail
        raise err
    reason = " ".join(str(err).split())[:200]
    return NoticeError(f"could not be read: {type(err).__name__}{': ' + reason if reason else ''} (an error of "
                       "rectify_nlp on this file; please report it with the file)",
                       source.source if isinstance(source, Notice) else source_path(source))


def _tag_batch(tagger: Tagger, sources: list) -> list:
    """The notices of a batch of sources, tagged, or each source's NoticeError in its place: one source that
    cannot be read or tagged never costs the others."""
    parsed = []
    for source in sources:
        try:
            parsed.extend(read_notices(source))
        except Exception as err:
            parsed.append(_failure(err, source))
    try:
        tagger.tag([n for n in parsed if not isinstance(n, Exception)])
    except ModelError:
        raise
    except Exception:
        for i, item in enumerate(parsed):
            if not isinstance(item, Exception):
                try:
                    tagger.tag([item])
                except Exception as err:
                    parsed[i] = _failure(err, item)
    return parsed


def _tag_batch_with_saved(path: str, key: str, sources: list) -> list:
    if _store.content_key_on_disk(path) != key:
        raise ModelError(f"{path}: the model directory changed while notices were being tagged; run again")
    return _tag_batch(_load_by_content(path, key), sources)
