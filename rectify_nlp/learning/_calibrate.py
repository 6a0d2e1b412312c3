"""Calibrating a tagger on labelled measures it never trained on: temperatures and review thresholds."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np

from ..tagging import Tagger, context_records, fit_temperature, review_threshold
from ._fit import checked

TARGET = 0.9
"""Tags not flagged for review should be right this often."""


def calibrate(tagger: Tagger, records: Iterable[dict], *, groups: Sequence[Hashable] | None = None,
              target: float = TARGET) -> dict:
    """Fit the tagger's probability temperatures and review thresholds on labelled measures.

    The category temperature (and the status model's, on the measures whose status it decided) is the
    one under which the true labels are most likely; the review threshold of each is the lowest
    calibrated probability above which the tags are right ``target`` of the time. The result is the
    tagger's ``meta["calibration"]``; :func:`rectify_nlp.tagging.write_card` writes it into the model
    directory's card, :meth:`Tagger.save` with the whole model.

    Parameters
    ----------
    tagger : Tagger
    records : iterable of dict
        Labelled measures the tagger never trained on (``category``; ``status`` where known).
    groups : sequence of hashable, optional
        Each record's problem (or page), as for :meth:`Tagger.predict`.
    target : float, default=0.9

    Returns
    -------
    dict
        ``{"category_temperature", "status_temperature", "review": {"category", "status"}, "measures", "target"}``.
    """
    records = checked(records)
    tagger.meta.pop("calibration", None)
    found = tagger.predict(context_records(records), groups=groups)
    category_index = {c: i for i, c in enumerate(found.category_classes)}
    known = [i for i, r in enumerate(records) if r["category"] in category_index]
    truth = np.array([category_index[records[i]["category"]] for i in known])
    category_t = fit_temperature(found.category_proba[known], truth)
    status_index = {s: i for i, s in enumerate(found.status_classes)}
    by_model = [i for i, r in enumerate(records)
                if r.get("status") in status_index and found.status_sources[i] == "model"]
    status_truth = np.array([status_index[records[i]["status"]] for i in by_model])
    status_t = fit_temperature(found.status_proba[by_model], status_truth) if by_model else 1.0
    tagger.meta["calibration"] = {"category_temperature": category_t, "status_temperature": status_t}
    found = tagger.predict(context_records(records), groups=groups)
    category_right = found.category_proba[known].argmax(axis=1) == truth
    status_right = found.status_proba[by_model].argmax(axis=1) == status_truth if by_model else np.array([])
    tagger.meta["calibration"].update(
        review={"category": review_threshold(found.category_proba[known].max(axis=1), category_right, target),
                "status": review_threshold(found.status_proba[by_model].max(axis=1), status_right, target)
                if by_model else 0.5},
        measures=len(records), target=target)
    return tagger.meta["calibration"]
