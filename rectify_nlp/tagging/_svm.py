"""A linear SVM calibrated on its own training data, for classes too small to hold out."""

from __future__ import annotations

from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC


class FrozenCalibratedSVC(ClassifierMixin, BaseEstimator):
    """A linear SVM calibrated on its own training data, for classes too small to hold out."""

    def __init__(self, *, svm=None):
        self.svm = svm

    def fit(self, X, y):
        from sklearn.frozen import FrozenEstimator

        fitted = clone(self.svm if self.svm is not None else LinearSVC()).fit(X, y)
        self.calibrated_ = CalibratedClassifierCV(FrozenEstimator(fitted), method="sigmoid").fit(X, y)
        self.classes_ = self.calibrated_.classes_
        return self

    def predict_proba(self, X):
        return self.calibrated_.predict_proba(X)
