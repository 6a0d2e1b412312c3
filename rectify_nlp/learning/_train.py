"""Training a tagger, its model card recording what it was trained on and how well it generalises."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable

from .. import taxonomy
from ..tagging import Tagger
from ._evaluate import cross_predict, report
from ._fit import checked, fit_estimators, split_params, training_hash

SUMMARY = ("accuracy", "macro_f1", "weighted_f1", "n", "per_class")


def train(records: Iterable[dict], *, cv: str | None = "notice", progress: bool = False, **params) -> Tagger:
    """Fit a tagger on labelled measures.

    Parameters
    ----------
    records : iterable of dict
        Labelled measures with ``text`` and ``category``, usually ``status``
        (records without one do not train the status model) and, as context,
        ``problem``, ``section`` and ``stated_status``.
    cv : {"notice", None}, default="notice"
        With labels from two notices or more, also score the pipeline leave-one-notice-out
        and record the scores in the model card (``tagger.meta["metrics"]``); None skips it.
        Records that name no notice train every fold and are not scored.
    progress : bool, default=False
        Show a progress bar over the folds on stderr.
    **params
        Parameters of :class:`~rectify_nlp.CategoryClassifier`; those prefixed
        ``status__`` go to :class:`~rectify_nlp.StatusClassifier` (``status__C=1.0``).

    Returns
    -------
    Tagger

    Examples
    --------
    >>> records = [{"notice": "a", "text": "召开三会一课", "category": "party_building", "status": "completed"},
    ...            {"notice": "a", "text": "规范政府采购", "category": "procurement_bidding", "status": "in_progress"}]
    >>> tagger = train(records)
    >>> tagger.categories, "metrics" in tagger.meta
    (['party_building', 'procurement_bidding'], False)
    """
    records = checked(records)
    split_params(params)  # unknown parameters are refused before any work
    category, status = fit_estimators(records, **params)
    notices = sorted({r["notice"] for r in records if r.get("notice")})
    meta = {
        "params": {"category": _plain(category.get_params()), "status": _plain(status.get_params())},
        "training_data": {"sha256": training_hash(records), "measures": len(records), "notices": notices,
                          "origins": dict(sorted(Counter(r.get("origin") or "published" for r in records).items()))},
        "extra_categories": sorted({str(r["category"]) for r in records} - set(taxonomy.CATEGORY_IDS)),
    }
    if cv is not None and len(notices) >= 2:
        scored = report(records, *cross_predict(records, cv=cv, progress=progress, **params))
        meta["metrics"] = {"cv": "leave-one-notice-out", "folds": scored["folds"],
                           **{kind: {k: scored[kind][k] for k in SUMMARY} for kind in ("category", "status")}}
    return Tagger(category, status, meta=meta)


def _plain(params: dict) -> dict:
    """Parameters as the model card's JSON can hold them (paths as text)."""
    return {k: os.fspath(v) if isinstance(v, os.PathLike) else v for k, v in params.items()}
