"""Linear class scores and the probabilities they give."""

from __future__ import annotations

import numpy as np


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax.

    Examples
    --------
    >>> softmax(np.array([[0.0, 0.0]])).tolist()
    [[0.5, 0.5]]
    """
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def class_scores(features, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """Linear class scores, one column per class: a binary model's single column
    becomes ``[0, score]``, so that ``softmax`` gives its probabilities."""
    scores = features @ coef.T + intercept
    if scores.shape[1] == 1:
        scores = np.column_stack([np.zeros(len(scores)), scores[:, 0]])
    return np.asarray(scores)
