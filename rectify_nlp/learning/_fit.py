"""Fitting the two estimators on labelled measures: the step that training and evaluation share."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

from ..errors import LabelError
from ..tagging import CategoryClassifier, StatusClassifier, context_records

STATUS_PREFIX = "status__"


def split_params(params: dict) -> tuple[dict, dict]:
    """Estimator parameters for the category model, and those prefixed ``status__`` for the status model.

    Examples
    --------
    >>> split_params({"C": 5.0, "status__C": 1.0})
    ({'C': 5.0}, {'C': 1.0})
    """
    category = {k: v for k, v in params.items() if not k.startswith(STATUS_PREFIX)}
    status = {k[len(STATUS_PREFIX):]: v for k, v in params.items() if k.startswith(STATUS_PREFIX)}
    for name, given, estimator in (("category", category, CategoryClassifier), ("status", status, StatusClassifier)):
        unknown = sorted(set(given) - set(estimator().get_params()))
        if unknown:
            valid = sorted(estimator().get_params()) if name == "category" else \
                [STATUS_PREFIX + p for p in sorted(estimator().get_params())]
            raise TypeError(f"unknown {name} parameter(s) {', '.join(unknown)}; valid: {', '.join(valid)}")
    return category, status


def checked(records: Iterable[dict]) -> list[dict]:
    """The records as a list, each with a text and a category; else a LabelError naming the record."""
    records = list(records)
    if not records:
        raise LabelError("no labelled records: give at least a few labelled measures of two categories")
    for i, record in enumerate(records):
        missing = [k for k in ("text", "category") if not record.get(k)]
        if missing:
            where = record.get("measure_id") or f"record {i + 1}"
            raise LabelError(f"{where}: missing {', '.join(missing)}", file=record.get("_file"),
                             line=record.get("_line"))
    return records


def training_hash(records: Sequence[dict]) -> str:
    """SHA-256 of the labelled content (notice, offsets, text, labels), order-independent."""
    rows = sorted(json.dumps([r.get("notice"), r.get("start"), r.get("end"), r["text"], r["category"], r.get("status")],
                             ensure_ascii=False) for r in records)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def fit_estimators(records: list[dict], **params) -> tuple[CategoryClassifier, StatusClassifier]:
    """The category and status estimators fitted on checked records (status on those that have one)."""
    category_params, status_params = split_params(params)
    with_status = [i for i, r in enumerate(records) if r.get("status")]
    if not with_status:  # before any fitting: a label problem is reported at once
        raise LabelError("no labelled measure has a status; the status model needs some")
    X = context_records(records)
    category = CategoryClassifier(**category_params).fit(X, [r["category"] for r in records])
    status = StatusClassifier(**status_params).fit([X[i] for i in with_status],
                                                   [records[i]["status"] for i in with_status])
    return category, status
