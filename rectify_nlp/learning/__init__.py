"""Learning: labelled measures to a trained tagger (``_train``), scores on unseen notices
(``_evaluate``), and the measures worth labelling next (``_suggest``); ``_fit`` is the
step training and evaluation share.
"""

from ._evaluate import evaluate, score_model
from ._suggest import suggest
from ._train import train

__all__ = ["evaluate", "score_model", "suggest", "train"]
