"""Scoring taggers the way they are used: on notices they have never seen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from .. import taxonomy
from ..errors import LabelError
from ..tagging import Tagger, context_records
from ._fit import checked, fit_estimators


def scores(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None) -> dict:
    """Accuracy, macro and weighted F1, per-class precision/recall/F1/support and the confusion matrix.

    Examples
    --------
    >>> s = scores(["a", "a", "b"], ["a", "b", "b"])
    >>> round(s["accuracy"], 3), s["per_class"]["b"]["support"]
    (0.667, 1)
    """
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    present = [i for i, label in enumerate(labels) if support[i] > 0]
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(np.mean(f1[present])) if present else 0.0,
        "weighted_f1": float(f1_score(y_true, y_pred, labels=labels, average="weighted", zero_division=0)),
        "n": len(y_true),
        "per_class": {label: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                              "support": int(support[i])} for i, label in enumerate(labels)},
        "confusion": {"labels": labels, "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist()},
    }


def cross_predict(records: Sequence[dict], *, cv: str = "notice", progress: bool = False,
                  **params) -> tuple[list[str], list[str]]:
    """Out-of-fold category and status predictions, one fold per notice.

    Records that name no notice (measures written for training, a plain table) train every fold and are
    never held out: their predictions are None.
    """
    from tqdm.auto import tqdm

    if cv != "notice":
        raise ValueError(f"cv={cv!r}: only leave-one-notice-out ('notice') is supported; a random split of "
                         "measures from the same notice overstates accuracy on new notices")
    groups = np.array([r.get("notice") or "" for r in records])
    notices = sorted(set(groups) - {""})
    if len(notices) < 2:
        raise LabelError("leave-one-notice-out needs labelled measures from at least two notices")
    category_pred: list[str | None] = [None] * len(records)
    status_pred: list[str | None] = [None] * len(records)
    for notice in tqdm(notices, desc="leave-one-notice-out", unit="fold", disable=not progress, leave=False):
        test = np.flatnonzero(groups == notice)
        category, status = fit_estimators([records[i] for i in np.flatnonzero(groups != notice)], **params)
        X = context_records(records[i] for i in test)
        for i, c, s in zip(test, category.predict(X), status.predict(X)):
            category_pred[i], status_pred[i] = str(c), str(s)
    return category_pred, status_pred


def evaluate(records: Iterable[dict], *, cv: str = "notice", progress: bool = False, **params) -> dict:
    """Leave-one-notice-out scores for category and status.

    Each notice is held out in turn; a tagger trained on the others predicts it.

    Parameters
    ----------
    records : iterable of dict
        Labelled measures, as :func:`rectify_nlp.read_labels` returns them.
    cv : {"notice"}
        Leave-one-notice-out, the only split that does not overstate accuracy on new notices.
    progress : bool, default=False
        Show a progress bar over the folds on stderr.
    **params
        Estimator parameters, as for :func:`rectify_nlp.train`.

    Returns
    -------
    dict
        ``{"category": scores, "status": scores, "folds": {...}, "cv": "notice"}``
        where each ``scores`` holds ``accuracy``, ``macro_f1``, ``weighted_f1``,
        ``per_class`` and ``confusion``.

    Examples
    --------
    >>> records = [{"notice": n, "text": t, "category": c, "status": "completed"}
    ...            for n in ("a", "b") for t, c in (("召开三会一课", "party_building"),
    ...                                              ("规范政府采购", "procurement_bidding"))]
    >>> report = evaluate(records)
    >>> sorted(report["category"])
    ['accuracy', 'confusion', 'macro_f1', 'n', 'per_class', 'weighted_f1']
    """
    records = checked(records)
    category_pred, status_pred = cross_predict(records, cv=cv, progress=progress, **params)
    return report(records, category_pred, status_pred)


def report(records: Sequence[dict], category_pred: Sequence[str | None], status_pred: Sequence[str | None]) -> dict:
    """Scores of predictions against the records' labels, overall and per notice; records without a
    prediction (never held out) are left out."""
    scored = [i for i, c in enumerate(category_pred) if c is not None]
    records = [records[i] for i in scored]
    category_pred, status_pred = [category_pred[i] for i in scored], [status_pred[i] for i in scored]
    category_true = [r["category"] for r in records]
    category_labels = [c for c in taxonomy.CATEGORY_IDS if c in set(category_true) | set(category_pred)]
    category_labels += sorted((set(category_true) | set(category_pred)) - set(category_labels))
    has_status = [i for i, r in enumerate(records) if r.get("status")]
    status_true = [records[i]["status"] for i in has_status]
    status_scored = [status_pred[i] for i in has_status]
    status_labels = [s for s in taxonomy.STATUS_IDS if s in set(status_true) | set(status_scored)]
    folds = {}
    for notice in sorted({r.get("notice") or "" for r in records}):
        idx = [i for i, r in enumerate(records) if (r.get("notice") or "") == notice]
        with_status = [i for i in idx if records[i].get("status")]
        folds[notice] = {
            "measures": len(idx),
            "category_accuracy": float(np.mean([category_pred[i] == category_true[i] for i in idx])),
            "status_accuracy": float(np.mean([status_pred[i] == records[i]["status"] for i in with_status]))
            if with_status else None,
        }
    return {
        "cv": "notice",
        "category": scores(category_true, category_pred, category_labels),
        "status": scores(status_true, status_scored, status_labels),
        "folds": folds,
    }


def score_model(tagger: Tagger, records: Iterable[dict]) -> dict:
    """Score a trained tagger on labelled measures it may never have seen."""
    records = checked(records)
    found = tagger.predict(context_records(records))
    category_pred = [str(c) for c in found.category_classes[found.category_proba.argmax(axis=1)]]
    status_pred = [str(s) for s in found.status_classes[found.status_proba.argmax(axis=1)]]
    out = report(records, category_pred, status_pred)
    out["cv"] = None
    out["model"] = tagger.path
    return out
