"""The linear models the category estimator can use, by name."""

from __future__ import annotations

CLASSIFIERS = ("logreg", "svm", "sgd", "cnb")
"""The linear models :class:`~rectify_nlp.CategoryClassifier` can use, by name."""


def make_classifier(name: str, C: float, random_state: int, min_class_count: int = 3):
    """The named linear model, its regularisation mapped from ``C``."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    from ._offset import OffsetLogisticRegression
    from ._svm import FrozenCalibratedSVC

    if name == "logreg":
        return OffsetLogisticRegression(C=C, max_iter=5000, random_state=random_state)
    if name == "svm":
        svm = LinearSVC(C=C / 10, random_state=random_state)
        if min_class_count < 2:  # a class too small to hold out: calibrate the fit on its own data
            return FrozenCalibratedSVC(svm=svm)
        return CalibratedClassifierCV(svm, cv=min(3, min_class_count), method="sigmoid")
    if name == "sgd":
        return SGDClassifier(loss="modified_huber", alpha=1e-4 / C, max_iter=2000, random_state=random_state)
    if name == "cnb":
        return ComplementNB(alpha=1.0 / C)
    raise ValueError(f"unknown classifier {name!r}; choose one of {', '.join(CLASSIFIERS)}")
