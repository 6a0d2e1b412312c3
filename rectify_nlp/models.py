"""The category and status estimators, and the Tagger that applies them to notices.

Both estimators follow scikit-learn's conventions: ``__init__`` stores parameters,
``fit`` returns ``self``, learned attributes end in ``_``, and ``clone``,
``get_params`` and grid search work. ``X`` is a DataFrame or a sequence of
mappings with the fields ``text`` (the measure), ``problem`` (its problem title),
``section`` (its section title) and, for status, ``stated_status`` (the problem's
explicit marker, if any).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from . import taxonomy
from .features import MeasureVectorizer, _column

CLASSIFIERS = ("logreg", "svm", "sgd", "cnb")


def _validate(X, y=None):
    if X is None or len(X) == 0:
        raise ValueError("X is empty: expected measures with a 'text' field")
    texts = _column(X, "text")
    if not any(t.strip() for t in texts):
        raise ValueError("every measure text is empty: X needs a non-empty 'text' field")
    if y is not None:
        y = np.asarray(y, dtype=object)
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} measures but y has {len(y)} labels")
        if len(set(y)) < 2:
            raise ValueError(f"y holds a single class {set(y)}; at least two classes are needed to train")
    return y


def _make_classifier(name: str, C: float, random_state: int, min_class_count: int = 3):
    if name == "logreg":
        return LogisticRegression(C=C, max_iter=5000, random_state=random_state)
    if name == "svm":
        svm = LinearSVC(C=C / 10, random_state=random_state)
        if min_class_count < 2:  # a class too small to hold out: calibrate the fit on its own data
            return _FrozenCalibratedSVC(svm)
        return CalibratedClassifierCV(svm, cv=min(3, min_class_count), method="sigmoid")
    if name == "sgd":
        return SGDClassifier(loss="modified_huber", alpha=1e-4 / C, max_iter=2000, random_state=random_state)
    if name == "cnb":
        return ComplementNB(alpha=1.0 / C)
    raise ValueError(f"unknown classifier {name!r}; choose one of {', '.join(CLASSIFIERS)}")


class _FrozenCalibratedSVC(ClassifierMixin, BaseEstimator):
    def __init__(self, svm):
        self.svm = svm

    def fit(self, X, y):
        from sklearn.frozen import FrozenEstimator

        fitted = clone(self.svm).fit(X, y)
        self.calibrated_ = CalibratedClassifierCV(FrozenEstimator(fitted), method="sigmoid").fit(X, y)
        self.classes_ = self.calibrated_.classes_
        return self

    def predict_proba(self, X):
        return self.calibrated_.predict_proba(X)


class CategoryClassifier(ClassifierMixin, BaseEstimator):
    """Predict a measure's category from its text, problem and section titles.

    Parameters
    ----------
    classifier : {"logreg", "svm", "sgd", "cnb"}, default="logreg"
        The linear model: logistic regression, calibrated linear SVM, SGD with a
        modified Huber loss, or complement naive Bayes.
    C : float, default=10.0
        Inverse regularisation strength (mapped to each model's own knob).
    context_weight, section_weight, lexicon_weight : float
        Weights of the feature blocks, see :class:`~rectify_nlp.features.MeasureVectorizer`.
    random_state : int, default=0

    Attributes
    ----------
    classes_ : ndarray of str
        The category ids seen in training.
    vectorizer_ : MeasureVectorizer
    model_ : the fitted linear classifier

    Examples
    --------
    >>> X = [{"text": "召开三会一课"}, {"text": "发展党员"}, {"text": "开展招标投标检查"}, {"text": "规范政府采购"}]
    >>> clf = CategoryClassifier().fit(X, ["party_building", "party_building",
    ...                                    "procurement_bidding", "procurement_bidding"])
    >>> clf.predict([{"text": "落实三会一课制度"}])[0]
    'party_building'
    """

    def __init__(self, classifier="logreg", C=10.0, context_weight=0.5, section_weight=0.3, lexicon_weight=1.0,
                 random_state=0):
        self.classifier = classifier
        self.C = C
        self.context_weight = context_weight
        self.section_weight = section_weight
        self.lexicon_weight = lexicon_weight
        self.random_state = random_state

    def fit(self, X, y):
        y = _validate(X, y)
        counts = np.unique(y, return_counts=True)[1]
        model = _make_classifier(self.classifier, self.C, self.random_state, int(counts.min()))
        self.vectorizer_ = MeasureVectorizer(context_weight=self.context_weight, section_weight=self.section_weight,
                                             lexicon_weight=self.lexicon_weight)
        features = self.vectorizer_.fit_transform(X)
        self.model_ = model.fit(features, y)
        self.classes_ = np.asarray(self.model_.classes_)
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "model_")
        _validate(X)
        return self.model_.predict_proba(self.vectorizer_.transform(X))

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


# Explicit verdicts a measure states about itself.
_STATED = (
    (re.compile(r"未完成|尚未完成"), "not_completed"),
    (re.compile(r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:基本完成|部分整改到位|基本整改到位)|\(基本完成\)"), "partial"),
    (re.compile(r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:已完成|已整改到位|已经整改到位|全部完成)|\(已完成\)"), "completed"),
)
# Cue phrases of the spec's status table, strongest first; a cue decides only when
# no cue of another non-completed status fires alongside it.
_CUES = {
    "not_completed": re.compile(r"尚未|暂缓|未能完成"),
    "in_progress": re.compile(r"正在|正积极|正加快|加快推进|已启动|起草|草拟|送审稿|初步方案|报批|待审议|即将|预计|拟于|拟对|力争|争取.{0,6}(?:获批|完成|早日)|下一步"),
    "partial": re.compile(r"基本完成|初步完成|部分整改|阶段性(?:成果|成效|进展)|初步成果|初步搭建|剩余|基本摸清"),
}


def stated_status(text: str) -> str | None:
    """The status a measure states about itself in so many words, else None.

    Examples
    --------
    >>> stated_status("此项工作整改基本完成,剩余工作力争年内完成。")
    'partial'
    """
    for pattern, status in _STATED:
        if pattern.search(text):
            return status
    return None


def cue_status(text: str) -> str | None:
    """The status the spec's cue phrases point to, when exactly one status is cued."""
    hits = [status for status, pattern in _CUES.items() if pattern.search(text)]
    return hits[0] if len(hits) == 1 else None


class StatusClassifier(ClassifierMixin, BaseEstimator):
    """Predict a measure's completion status.

    Decides in three steps: an explicit verdict in the measure text
    (``status_source_ == "stated"``), then the spec's cue phrases (``"cue"``),
    then a linear model over character n-grams, cue indicators and the problem's
    stated marker (``"model"``).

    Parameters
    ----------
    use_rules : bool, default=True
        Apply the stated-verdict and cue steps before the model.
    C : float, default=3.0
    random_state : int, default=0

    Attributes
    ----------
    classes_ : ndarray of str
    vectorizer_ : TfidfVectorizer
    model_ : LogisticRegression or None
        None when training saw a single status, which is then always predicted.

    Examples
    --------
    >>> X = [{"text": "已制定实施方案"}, {"text": "正在起草办法"}, {"text": "召开会议3次"}]
    >>> clf = StatusClassifier().fit(X, ["completed", "in_progress", "completed"])
    >>> list(clf.predict([{"text": "正在推进试点"}])), clf.sources([{"text": "正在推进试点"}])
    (['in_progress'], ['cue'])
    """

    def __init__(self, use_rules=True, C=3.0, random_state=0):
        self.use_rules = use_rules
        self.C = C
        self.random_state = random_state

    def _features(self, X):
        texts = _column(X, "text")
        stated = _column(X, "stated_status")
        cues = np.array([[1.0 if p.search(t) else 0.0 for p in _CUES.values()] +
                         [1.0 if s == status else 0.0 for status in taxonomy.STATUS_IDS] for t, s in zip(texts, stated)])
        return sp.hstack([self.vectorizer_.transform(texts), sp.csr_matrix(cues)]).tocsr()

    def fit(self, X, y):
        y = np.asarray(y, dtype=object)
        if X is None or len(X) == 0 or len(y) != len(X):
            raise ValueError(f"X and y must be non-empty and of equal length, got {0 if X is None else len(X)} and {len(y)}")
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit(_column(X, "text"))
        self.classes_ = np.asarray(sorted(set(y)), dtype=object)
        self.model_ = None
        if len(self.classes_) > 1:
            self.model_ = LogisticRegression(C=self.C, max_iter=5000, random_state=self.random_state)
            self.model_.fit(self._features(X), y)
        return self

    def _decide(self, X) -> tuple[np.ndarray, list[str]]:
        check_is_fitted(self, "vectorizer_")
        texts = _column(X, "text")
        if self.model_ is None:
            proba = np.ones((len(texts), 1))
        else:
            proba = self.model_.predict_proba(self._features(X))
        sources = ["model"] * len(texts)
        if self.use_rules:
            index = {c: i for i, c in enumerate(self.classes_)}
            for row, text in enumerate(texts):
                for source, status in (("stated", stated_status(text)), ("cue", cue_status(text))):
                    if status in index:
                        proba[row] = 0.0
                        proba[row, index[status]] = 1.0
                        sources[row] = source
                        break
        return proba, sources

    def predict_proba(self, X) -> np.ndarray:
        return self._decide(X)[0]

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def sources(self, X) -> list[str]:
        """Which step decided each prediction: ``"stated"``, ``"cue"`` or ``"model"``."""
        return self._decide(X)[1]


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

    import sklearn

    from . import __version__

    return {"rectify_nlp": __version__, "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "python": platform.python_version()}


class Tagger:
    """Parse notices and tag every measure with a category and a status.

    Like a spaCy ``Language``: call it on one source, or ``pipe`` many.

    Parameters
    ----------
    category_model : CategoryClassifier
    status_model : StatusClassifier
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

    def __init__(self, category_model: CategoryClassifier, status_model: StatusClassifier, meta: dict | None = None):
        self.category_model = category_model
        self.status_model = status_model
        self.meta = dict(meta or {})
        self.path: str | None = None

    def __repr__(self) -> str:
        name = self.meta.get("name", "unsaved")
        return f"Tagger(name={name!r}, categories={len(self.category_model.classes_)}, path={self.path!r})"

    @property
    def categories(self) -> list[str]:
        return list(self.category_model.classes_)

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
        category_proba = self.category_model.predict_proba(records)
        status_proba, sources = self.status_model._decide(records)
        classes = self.category_model.classes_
        statuses = self.status_model.classes_[status_proba.argmax(axis=1)]
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


def _parallel_batches(tagger: Tagger, batches: Iterator[list], n_jobs: int, backend: str | None):
    from joblib import Parallel, delayed, parallel_config

    with parallel_config(backend=backend or "loky", n_jobs=n_jobs):
        yield from Parallel(return_as="generator")(delayed(_tag_batch)(tagger, batch) for batch in batches)


def save_model(tagger: Tagger, path) -> None:
    import json
    import os
    import shutil
    import tempfile
    from pathlib import Path

    import joblib

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(0o755)
    try:
        joblib.dump({"category": tagger.category_model, "status": tagger.status_model}, staging / ARTIFACT, compress=3)
        meta = dict(tagger.meta)
        meta.setdefault("name", target.name)
        meta["libraries"] = library_versions()
        meta["labels"] = {"category": tagger.categories, "status": list(tagger.status_model.classes_)}
        meta["artifact_sha256"] = _sha256(staging / ARTIFACT)
        (staging / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        with open(staging / META, "rb+") as f:
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


def load_model(path) -> Tagger:
    import json
    from pathlib import Path

    import joblib

    from . import __version__

    root = Path(path)
    backup = root.with_name(f".{root.name}.old")
    if not (root / META).exists() and (backup / META).exists():
        root = backup  # a save was interrupted between its two renames
    if not root.is_dir():
        raise ModelError(f"{path}: no model directory here; train one with `rectify-nlp train --out {path}`")
    meta_path, artifact = root / META, root / ARTIFACT
    for needed in (meta_path, artifact):
        if not needed.exists():
            raise ModelError(f"{path}: {needed.name} is missing; the model directory is incomplete")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ModelError(f"{path}: {META} is not valid JSON ({err})")
    digest = _sha256(artifact)
    if digest != meta.get("artifact_sha256"):
        raise ModelError(f"{path}: {ARTIFACT} does not match the SHA-256 recorded in {META}; the artifact was "
                         "altered or truncated. Retrain or restore the model; do not load it.")
    made = meta.get("libraries", {})
    current = library_versions()
    for lib, depth in (("scikit-learn", 2), ("rectify_nlp", 1)):
        if made.get(lib, "").split(".")[:depth] != current[lib].split(".")[:depth]:
            raise ModelError(f"{path}: made with {lib} {made.get(lib, '?')}, this is {lib} {current[lib]}; "
                             f"retrain it with `rectify-nlp train` under this version")
    try:
        parts = joblib.load(artifact)
    except Exception as err:  # a corrupt artifact whose digest was also rewritten
        raise ModelError(f"{path}: {ARTIFACT} cannot be loaded ({type(err).__name__}: {err})")
    tagger = Tagger(parts["category"], parts["status"], meta)
    tagger.path = str(root)
    return tagger
