"""The category and status estimators.

Both follow scikit-learn's conventions: ``__init__`` stores keyword-only parameters,
``fit`` validates its input and returns ``self``, learned attributes end in ``_``, and
``clone``, ``get_params`` and grid search work. ``X`` is a DataFrame or a sequence of
mappings with the fields of :data:`~rectify_nlp.document.CONTEXT_FIELDS`: ``text`` (the
measure), ``problem`` (its problem title), ``section`` (its section title) and
``stated_status`` (the problem's explicit marker, if any).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ._features import MeasureVectorizer
from ._lexicon import lexicon_prior, load_lexicon
from ._linear import make_classifier
from ._offset import OffsetLogisticRegression
from ._records import column
from ._scores import softmax
from ._status_cues import decide_by_rules, readings, status_signals


def _validate(X, y=None):
    """Check the records (and labels): non-empty, some text, as many labels as records, two classes."""
    if X is None or len(X) == 0:
        raise ValueError("X is empty: expected measures with a 'text' field")
    texts = column(X, "text")
    if not any(t.strip() for t in texts):
        raise ValueError("every measure text is empty: X needs a non-empty 'text' field")
    if y is not None:
        y = np.asarray(y, dtype=object)
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} measures but y has {len(y)} labels")
        if len(set(y)) < 2:
            raise ValueError(f"y holds a single class {set(y)}; at least two classes are needed to train")
    return y


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
        Weights of the feature blocks, see :class:`~rectify_nlp.tagging._features.MeasureVectorizer`.
    prior_weight : float, default=6.0
        Strength of the lexicon prior: the model's log-probabilities are shifted
        by ``prior_weight`` times the lexicon cue scores of the measure (plus
        ``context_weight`` times those of its problem title) and renormalised.
        Unlike the lexicon feature block, whose weights are learned per class,
        the prior speaks for a category even when few training measures carry it.
        Logistic regression is fitted with the prior as a fixed offset, so it learns
        where the lexicon is wrong (a corrected label wins over the cue terms); the
        other classifiers get the prior at prediction time only.
    lexicon : str or Path, optional
        A cue lexicon file for the lexicon block and the prior; by default the package's.
    userdict : str or Path, optional
        A jieba-format user dictionary of words to keep whole; the words travel with the model.
    random_state : int, default=0

    Attributes
    ----------
    classes_ : ndarray of str
        The category ids seen in training.
    vectorizer_ : MeasureVectorizer
    model_ : the fitted linear classifier
    lexicon_ : tuple or None
        The lexicon snapshot the prior uses (None when ``prior_weight`` is 0).

    Examples
    --------
    >>> X = [{"text": "召开三会一课"}, {"text": "发展党员"}, {"text": "开展招标投标检查"}, {"text": "规范政府采购"}]
    >>> clf = CategoryClassifier().fit(X, ["party_building", "party_building",
    ...                                    "procurement_bidding", "procurement_bidding"])
    >>> clf.predict([{"text": "落实三会一课制度"}])[0]
    'party_building'
    """

    def __init__(self, *, classifier="logreg", C=10.0, context_weight=0.5, section_weight=0.3, lexicon_weight=1.0,
                 prior_weight=6.0, lexicon=None, userdict=None, random_state=0):
        self.classifier = classifier
        self.C = C
        self.context_weight = context_weight
        self.section_weight = section_weight
        self.lexicon_weight = lexicon_weight
        self.prior_weight = prior_weight
        self.lexicon = lexicon
        self.userdict = userdict
        self.random_state = random_state

    def fit(self, X, y):
        y = _validate(X, y)
        counts = np.unique(y, return_counts=True)[1]
        model = make_classifier(self.classifier, self.C, self.random_state, int(counts.min()))
        self.vectorizer_ = MeasureVectorizer(context_weight=self.context_weight, section_weight=self.section_weight,
                                             lexicon_weight=self.lexicon_weight, lexicon=self.lexicon,
                                             userdict=self.userdict)
        features = self.vectorizer_.fit_transform(X)
        self.lexicon_ = load_lexicon(self.lexicon) if self.prior_weight else None
        if isinstance(model, OffsetLogisticRegression) and self.prior_weight:
            self.model_ = model.fit(features, y, offset=self._prior(X, np.unique(y)))
        else:
            self.model_ = model.fit(features, y)
        self.classes_ = np.asarray(self.model_.classes_)
        return self

    def _prior(self, X, classes) -> np.ndarray:
        return self.prior_weight * lexicon_prior(column(X, "text"), column(X, "problem"), classes, self.lexicon_,
                                                 self.context_weight)

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "model_")
        _validate(X)
        proba = self.model_.predict_proba(self.vectorizer_.transform(X))
        if not self.prior_weight:
            return proba
        return softmax(np.log(np.clip(proba, 1e-300, None)) + self._prior(X, self.classes_))

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


class StatusClassifier(ClassifierMixin, BaseEstimator):
    """Predict a measure's completion status.

    Decides in three steps: an explicit verdict in the measure text (source
    ``"stated"``), then the status cue grammar (``"cue"``: tense, modality, negation,
    partial quantities, drafts and approvals, standing commitments, and dates against the
    record's ``reference_date``), then a linear model over character n-grams, the grammar's
    clause kinds and the problem's stated marker (``"model"``).

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

    def __init__(self, *, use_rules=True, C=3.0, random_state=0):
        self.use_rules = use_rules
        self.C = C
        self.random_state = random_state

    def _features(self, X, read_as=None):
        texts = column(X, "text")
        signals = status_signals(texts, column(X, "stated_status"), column(X, "reference_date"), read_as)
        return sp.hstack([self.vectorizer_.transform(texts), sp.csr_matrix(signals)]).tocsr()

    def fit(self, X, y):
        y = np.asarray(y, dtype=object)
        _validate(X)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} measures but y has {len(y)} labels")
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        self.vectorizer_.fit(column(X, "text"))
        self.classes_ = np.asarray(sorted(set(y)), dtype=object)
        self.model_ = None
        if len(self.classes_) > 1:
            self.model_ = LogisticRegression(C=self.C, max_iter=5000, random_state=self.random_state)
            self.model_.fit(self._features(X), y)
        return self

    def decide(self, X) -> tuple[np.ndarray, list[str]]:
        """Status probabilities after the rules, and which step decided each: ``"stated"``, ``"cue"`` or ``"model"``."""
        check_is_fitted(self, "vectorizer_")
        texts = column(X, "text")
        read_as = readings(texts, column(X, "reference_date"))
        if self.model_ is None:
            proba = np.ones((len(texts), 1))
        else:
            proba = self.model_.predict_proba(self._features(X, read_as))
        if not self.use_rules:
            return proba, ["model"] * len(texts)
        return decide_by_rules(texts, proba, self.classes_, column(X, "stated_status"), read_as=read_as)

    def predict_proba(self, X) -> np.ndarray:
        return self.decide(X)[0]

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]

    def sources(self, X) -> list[str]:
        """Which step decided each prediction: ``"stated"``, ``"cue"`` or ``"model"``."""
        return self.decide(X)[1]
