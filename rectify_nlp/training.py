"""Training taggers and evaluating them the way they are used: on unseen notices."""

from __future__ import annotations

import hashlib
import json
from typing import Iterable, Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from . import taxonomy
from .models import CategoryClassifier, StatusClassifier
from .pipeline import Tagger

RECORD_FIELDS = ("text", "problem", "section", "stated_status")


def _split_params(params: dict) -> tuple[dict, dict]:
    category, status = {}, {}
    for key, value in params.items():
        if key.startswith("status_"):
            status[key[len("status_"):]] = value
        else:
            category[key] = value
    return category, status


def _checked(records: Iterable[dict]) -> list[dict]:
    records = list(records)
    if not records:
        raise ValueError("no labelled records: give at least a few labelled measures of two categories")
    for i, record in enumerate(records):
        missing = [k for k in ("text", "category") if not record.get(k)]
        if missing:
            where = record.get("measure_id") or f"record {i + 1}"
            raise ValueError(f"{where}: missing {', '.join(missing)}")
    return records


def training_hash(records: Sequence[dict]) -> str:
    """SHA-256 of the labelled content (notice, offsets, text, labels), order-independent."""
    rows = sorted(json.dumps([r.get("notice"), r.get("start"), r.get("end"), r["text"], r["category"], r.get("status")],
                             ensure_ascii=False) for r in records)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def train(records: Iterable[dict], **params) -> Tagger:
    """Fit a tagger on labelled measures.

    Parameters
    ----------
    records : iterable of dict
        Labelled measures with ``text`` and ``category``, usually ``status``
        (records without one do not train the status model) and, as context,
        ``problem``, ``section`` and ``stated_status``.
    **params
        Parameters of :class:`CategoryClassifier`; those prefixed ``status_``
        go to :class:`StatusClassifier` (``status_C=1.0``).

    Returns
    -------
    Tagger

    Examples
    --------
    >>> from rectify_nlp.labels import read_labels
    >>> tagger = train(read_labels("training/annotations"))
    >>> "party_building" in tagger.categories
    True
    """
    records = _checked(records)
    category_params, status_params = _split_params(params)
    X = [{k: r.get(k) for k in RECORD_FIELDS} for r in records]
    category = CategoryClassifier(**category_params).fit(X, [r["category"] for r in records])
    with_status = [i for i, r in enumerate(records) if r.get("status")]
    if not with_status:
        raise ValueError("no labelled measure has a status; the status model needs some")
    status = StatusClassifier(**status_params).fit([X[i] for i in with_status], [records[i]["status"] for i in with_status])
    notices = sorted({r.get("notice") or "" for r in records})
    meta = {
        "params": {"category": category.get_params(), "status": status.get_params()},
        "training_data": {"sha256": training_hash(records), "measures": len(records), "notices": notices},
    }
    return Tagger(category, status, meta)


def scores(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None) -> dict:
    """Accuracy, macro and weighted F1, per-class precision/recall/F1/support and the confusion matrix."""
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


def cross_predict(records: Sequence[dict], cv: str = "notice", **params) -> tuple[list[str], list[str]]:
    """Out-of-fold category and status predictions, one fold per notice."""
    if cv != "notice":
        raise ValueError(f"cv={cv!r}: only leave-one-notice-out ('notice') is supported; a random split of "
                         "measures from the same notice overstates accuracy on new notices")
    records = _checked(records)
    groups = np.array([r.get("notice") or "" for r in records])
    if len(set(groups)) < 2:
        raise ValueError("leave-one-notice-out needs labelled measures from at least two notices")
    category_pred = [""] * len(records)
    status_pred = [""] * len(records)
    for notice in sorted(set(groups)):
        test = np.flatnonzero(groups == notice)
        train_ = [records[i] for i in np.flatnonzero(groups != notice)]
        tagger = train(train_, **params)
        X = [{k: records[i].get(k) for k in RECORD_FIELDS} for i in test]
        for i, c, s in zip(test, tagger.category_model.predict(X), tagger.status_model.predict(X)):
            category_pred[i], status_pred[i] = str(c), str(s)
    return category_pred, status_pred


def evaluate(records: Iterable[dict], cv: str = "notice", **params) -> dict:
    """Leave-one-notice-out scores for category and status.

    Each notice is held out in turn; a tagger trained on the others predicts it.

    Returns
    -------
    dict
        ``{"category": scores, "status": scores, "folds": {...}, "cv": "notice"}``
        where each ``scores`` holds ``accuracy``, ``macro_f1``, ``weighted_f1``,
        ``per_class`` and ``confusion``.

    Examples
    --------
    >>> from rectify_nlp.labels import read_labels
    >>> report = evaluate(read_labels("training/annotations"))
    >>> sorted(report["category"])
    ['accuracy', 'confusion', 'macro_f1', 'n', 'per_class', 'weighted_f1']
    """
    records = _checked(records)
    category_pred, status_pred = cross_predict(records, cv=cv, **params)
    return report(records, category_pred, status_pred)


def report(records: Sequence[dict], category_pred: Sequence[str], status_pred: Sequence[str]) -> dict:
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
    records = _checked(records)
    X = [{k: r.get(k) for k in RECORD_FIELDS} for r in records]
    category_proba, classes, statuses, _ = tagger.predict(X)
    category_pred = [str(c) for c in classes[category_proba.argmax(axis=1)]]
    status_pred = [str(s) for s in statuses]
    out = report(records, category_pred, status_pred)
    out["cv"] = None
    out["model"] = tagger.path
    return out


def suggest(notices, n: int = 50, strategy: str = "entropy"):
    """The measures whose labels would help the model most, ready to label.

    Ranks measures by uncertainty (the entropy of the category probabilities, or
    one minus the margin between the two most likely categories), then picks in
    turn from each notice and caps each predicted category, so the selection
    spreads across notices and categories.

    Parameters
    ----------
    notices : iterable of tagged Notice
    n : int, default=50
    strategy : {"entropy", "margin"}

    Returns
    -------
    pandas.DataFrame
        One row per suggested measure with its context, the model's guess, the
        uncertainty, and empty ``category``/``status`` columns to fill in (ids or
        中文 names); the file reads back with ``--labels``.
    """
    import math

    import pandas as pd

    if strategy not in ("entropy", "margin"):
        raise ValueError(f"strategy must be 'entropy' or 'margin', not {strategy!r}")
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    candidates = []
    for notice in notices:
        for measure in notice.measures:
            proba = sorted((measure.category_proba or {}).values(), reverse=True)
            if not proba:
                raise ValueError(f"{notice.id}: measures are not tagged; tag the notices with a model first")
            if strategy == "entropy":
                score = -sum(p * math.log(p) for p in proba if p > 0) / math.log(max(2, len(proba)))
            else:
                score = 1.0 - (proba[0] - (proba[1] if len(proba) > 1 else 0.0))
            candidates.append((score, notice, measure))
    candidates.sort(key=lambda c: -c[0])
    categories = {c[2].category for c in candidates}
    cap = max(2, math.ceil(2 * n / max(1, len(categories))))
    queues: dict[str, list] = {}
    for c in candidates:
        queues.setdefault(c[1].id, []).append(c)
    picked, per_category = [], {}
    while len(picked) < n and any(queues.values()):
        for notice_id in list(queues):
            queue = queues[notice_id]
            while queue:
                c = queue.pop(0)
                if per_category.get(c[2].category, 0) < cap:
                    picked.append(c)
                    per_category[c[2].category] = per_category.get(c[2].category, 0) + 1
                    break
            if len(picked) >= n:
                break
        if all(not q for q in queues.values()) or len(picked) >= len(candidates):
            break
    rows = []
    for score, notice, m in sorted(picked, key=lambda c: -c[0]):
        proba = sorted((m.category_proba or {}).items(), key=lambda kv: -kv[1])
        problem = m.problem
        rows.append({
            "notice": notice.id, "path": notice.source, "measure_id": m.id, "start": m.start, "end": m.end,
            "section": problem.section.title if problem and problem.section else "",
            "problem": problem.title if problem else "", "text": m.text,
            "predicted": m.category, "predicted_zh": m.category_zh, "predicted_proba": round(proba[0][1], 4),
            "runner_up": proba[1][0] if len(proba) > 1 else None, "uncertainty": round(score, 4),
            "predicted_status": m.status, "category": "", "status": "",
        })
    return pd.DataFrame(rows)
