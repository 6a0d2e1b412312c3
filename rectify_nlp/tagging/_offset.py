"""A logistic regression fitted around the lexicon prior as an offset."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ._scores import class_scores, softmax


class OffsetLogisticRegression(ClassifierMixin, BaseEstimator):
    """Multinomial logistic regression fitted around a fixed per-sample score offset.

    The lexicon prior is added to the class scores at prediction time; fitting
    with the same offset makes the coefficients learn what the prior gets wrong,
    so a training label the lexicon disagrees with is still learned (a user's
    corrected label wins over the cue terms). Without an offset it is scikit-learn's
    ``LogisticRegression`` (L-BFGS). ``predict_proba(X, offset)`` adds the offset the
    model was fitted with; ``coef_`` and ``intercept_`` hold one row per class, or one
    row in all for a binary model fitted without an offset.

    Parameters
    ----------
    C : float, default=1.0
        Inverse L2 regularisation strength (the intercept is not penalised).
    max_iter : int, default=5000
    random_state : int, default=0

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.1], [0.1, 1.0]])
    >>> offset = np.array([[0.0, 2.0]] * 4)
    >>> model = OffsetLogisticRegression(C=10.0).fit(X, ["a", "b", "a", "b"], offset=offset)
    >>> model.predict(X[:1], offset=offset[:1]).tolist()
    ['a']
    """

    def __init__(self, *, C=1.0, max_iter=5000, random_state=0):
        self.C = C
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X, y, offset=None):
        self.classes_, y_index = np.unique(np.asarray(y), return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"y holds a single class {self.classes_.tolist()}; at least two are needed")
        if offset is None:
            plain = LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=self.random_state).fit(X, y)
            self.coef_, self.intercept_, self.n_iter_ = plain.coef_, plain.intercept_, plain.n_iter_
            self.n_features_in_ = plain.n_features_in_
            return self
        self._fit_offset(sp.csr_matrix(X), y_index, np.asarray(offset, dtype=float))
        return self

    def _fit_offset(self, X, y_index: np.ndarray, offset: np.ndarray) -> None:
        n, d = X.shape
        basis = _row_space(X) if n < d and n <= _KERNEL_MAX_SAMPLES else None
        if basis is None:
            coef, intercept, nit = _lbfgs(X, y_index, offset, len(self.classes_), self.C, self.max_iter)
        else:
            # The L2 optimum lies in the row space of X: with X = F @ P (P's rows orthonormal),
            # coef = Q @ P has the same scores F @ Q.T and the same penalty |Q|^2, so the same
            # objective is solved over k x r parameters (r <= n) instead of k x d.
            features, to_coef = basis
            with threadpool_limits(limits=1, user_api="blas"):  # BLAS threads only slow products this small
                small, intercept, nit = _lbfgs(features, y_index, offset, len(self.classes_), self.C, self.max_iter)
            coef = to_coef(small)
        self.coef_, self.intercept_ = coef, intercept
        self.n_features_in_, self.n_iter_ = d, np.array([nit])

    def decision_function(self, X, offset=None) -> np.ndarray:
        """Class scores, one column per class, plus the offset when given."""
        check_is_fitted(self, "coef_")
        scores = class_scores(X, self.coef_, self.intercept_)
        return scores if offset is None else scores + offset

    def predict_proba(self, X, offset=None) -> np.ndarray:
        return softmax(self.decision_function(X, offset))

    def predict(self, X, offset=None) -> np.ndarray:
        return self.classes_[self.decision_function(X, offset).argmax(axis=1)]


_KERNEL_MAX_SAMPLES = 4000
"""Up to this many training samples (and fewer samples than features), the offset fit is solved in
the row space of X: an n x n eigendecomposition instead of an L-BFGS over every feature."""


def _row_space(X):
    """``(F, to_coef)`` with ``X = F @ P`` for a P with orthonormal rows, and ``to_coef(Q) = Q @ P``.

    From the eigendecomposition of the Gram matrix ``X @ X.T = U S U.T``: ``F = U S^1/2`` and
    ``P = S^-1/2 U.T X`` (directions with a negligible eigenvalue are dropped). None when X is
    all zeros.
    """
    gram = X @ X.T
    gram = np.asarray(gram.toarray() if sp.issparse(gram) else gram, dtype=float)
    values, vectors = np.linalg.eigh(gram)
    keep = values > values.max(initial=0.0) * len(values) * np.finfo(float).eps
    if not keep.any():
        return None
    root = np.sqrt(values[keep])
    vectors = vectors[:, keep]
    features = vectors * root

    def to_coef(small):
        mix = (small / root) @ vectors.T  # k x n: coef = mix @ X
        return np.asarray((X.T @ mix.T).T)

    return features, to_coef


def _lbfgs(X, y_index: np.ndarray, offset: np.ndarray, k: int, C: float, max_iter: int):
    """Coefficients (k x d), intercept and iterations of the multinomial logistic loss times C plus
    half the squared coefficients (intercept unpenalised), with ``offset`` added to the scores."""
    from scipy.optimize import minimize

    n, d = X.shape
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y_index] = 1.0

    def loss(w):
        coef, intercept = w[:k * d].reshape(k, d), w[k * d:]
        scores = X @ coef.T + intercept + offset
        scores -= scores.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scores).sum(axis=1))
        residual = np.exp(scores - log_norm[:, None]) - onehot
        value = C * (log_norm - (scores * onehot).sum(axis=1)).sum() + 0.5 * (coef ** 2).sum()
        grad = np.concatenate([(C * (X.T @ residual).T + coef).ravel(), C * residual.sum(axis=0)])
        return value, grad

    result = minimize(loss, np.zeros(k * d + k), jac=True, method="L-BFGS-B",
                      options={"maxiter": max_iter, "gtol": 1e-6})
    return result.x[:k * d].reshape(k, d), result.x[k * d:], result.nit
