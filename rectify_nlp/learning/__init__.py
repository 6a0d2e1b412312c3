"""Learning: labelled measures to a trained tagger (``_train``), scores on unseen notices
(``_evaluate``), probabilities calibrated and review thresholds chosen on measures it never saw
(``_calibrate``), and the measures worth labelling next (``_suggest``); ``_fit`` is the
step training and evaluation share.
"""

from ._calibrate import calibrate
from ._evaluate import evaluate, score_model
from ._suggest import suggest
from ._train import train

__all__ = ["calibrate", "evaluate", "score_model", "suggest", "train"]
