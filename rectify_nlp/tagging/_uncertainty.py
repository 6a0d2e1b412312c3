"""Honest uncertainty: an unsure category defers to its problem's other measures, probabilities are
calibrated, and tags that are more likely wrong than a reader would accept are flagged for review.

A measure that says little (已完成维修, 建立台账) gets a near-flat category distribution from its own
words; its problem's other measures usually name the area. So a measure whose top probability is under
:data:`DEFER_BELOW` takes the geometric mean of its distribution and the mean distribution of its
confident siblings (those at :data:`SIBLING_CONFIDENT` or above). Probabilities are then divided in
log space by a temperature fitted on labelled measures the model never trained on (the model card's
``calibration``), and a tag whose calibrated probability is under the card's review threshold is
``needs_review``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

import numpy as np

from ._scores import softmax

DEFER_BELOW = 0.85
"""A category top probability under this defers to the measure's siblings."""
SIBLING_CONFIDENT = 0.7
"""Siblings at or above this top probability are taken as the problem's area."""
REVIEW_BELOW = {"category": 0.5, "status": 0.5}
"""Review thresholds of a model whose card has none: a calibrated tag under 0.5 is more likely wrong than right."""
_TEMPERATURES = np.exp(np.linspace(np.log(0.25), np.log(4.0), 121))


def defer_to_siblings(proba: np.ndarray, groups: Sequence[Hashable] | None) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose top probability is under :data:`DEFER_BELOW` blended with their confident siblings'
    mean (rows sharing a group: the measures of one problem); which rows were changed.

    Examples
    --------
    >>> p = np.array([[0.9, 0.1], [0.45, 0.55], [0.5, 0.5]])
    >>> out, deferred = defer_to_siblings(p, ["a", "a", "b"])
    >>> out[1].argmax(), deferred.tolist()
    (np.int64(0), [False, True, False])
    """
    deferred = np.zeros(len(proba), dtype=bool)
    if groups is None:
        return proba, deferred
    members = defaultdict(list)
    for row, group in enumerate(groups):
        members[group].append(row)
    top = proba.max(axis=1)
    out = proba.copy()
    for rows in members.values():
        confident = [r for r in rows if top[r] >= SIBLING_CONFIDENT]
        for row in rows:
            siblings = [r for r in confident if r != row]
            if top[row] < DEFER_BELOW and siblings:
                mean = proba[siblings].mean(axis=0)
                out[row] = softmax((np.log(np.clip(proba[row], 1e-12, None))
                                    + np.log(np.clip(mean, 1e-12, None)))[None, :])[0]
                deferred[row] = True
    return out, deferred


def calibrated(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities with their log divided by ``temperature`` and renormalised (the argmax is kept).

    Examples
    --------
    >>> calibrated(np.array([[0.8, 0.2]]), 2.0).round(3).tolist()
    [[0.667, 0.333]]
    """
    if temperature == 1.0:
        return proba
    return softmax(np.log(np.clip(proba, 1e-300, None)) / temperature)


def fit_temperature(proba: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of the true classes (indices).

    Examples
    --------
    >>> overconfident = np.array([[0.99, 0.01]] * 7 + [[0.01, 0.99]] * 3)
    >>> fit_temperature(overconfident, np.array([0] * 5 + [1] * 2 + [1] * 3)) > 1
    True
    """
    rows = np.arange(len(truth))
    losses = [-np.log(np.clip(calibrated(proba, t)[rows, truth], 1e-300, None)).mean() for t in _TEMPERATURES]
    return float(_TEMPERATURES[int(np.argmin(losses))])


def review_flags(category: np.ndarray, status: np.ndarray, sources: Sequence[str],
                 thresholds: dict[str, float]) -> np.ndarray:
    """True for a measure whose category, or whose status decided by the model, is under its threshold.
    A status stated in the text or decided by the grammar is not the model's guess."""
    by_model = np.array([source == "model" for source in sources], dtype=bool)
    return (category.max(axis=1) < thresholds["category"]) | (by_model & (status.max(axis=1) < thresholds["status"]))


def review_threshold(confidence: np.ndarray, right: np.ndarray, target: float) -> float:
    """The lowest threshold at which the tags kept (confidence at or above it) are right ``target`` of
    the time on labelled measures; 0.5 when none reaches it.

    Examples
    --------
    >>> review_threshold(np.array([0.95, 0.9, 0.6, 0.4]), np.array([1, 1, 0, 0]), 0.9)
    0.9
    """
    for threshold in sorted(set(np.round(confidence, 2))):
        kept = confidence >= threshold
        if kept.any() and right[kept].mean() >= target:
            return float(threshold)
    return REVIEW_BELOW["category"]
