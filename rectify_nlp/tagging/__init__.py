"""Tagging: the document model's measures to categories and statuses.

``_tagger`` holds the Tagger and ``load``, ``_batch`` tags the notices under many paths, ``_store``
reads and writes model directories; ``_estimators`` the scikit-learn category and status estimators,
built from ``_features`` (TF-IDF blocks), ``_lexicon`` (cue terms), ``_tokens`` (segmentation),
``_linear`` and ``_offset`` (the linear models), ``_status_cues``, ``_status_grammar`` and
``_status_figures`` (status rules); ``_compiled`` runs the same models from plain arrays, without
scikit-learn or unpickling; ``_evidence`` says what decided each tag; ``_uncertainty`` lets an unsure
category defer to its problem's other measures, calibrates probabilities and flags tags for review.
"""

from ._batch import tag_paths
from ._evidence import category_evidence_text, status_evidence_text
from ._linear import CLASSIFIERS
from ._records import context_records
from ._store import write_card
from ._tagger import BATCH_SIZE, Tagger, load, load_shared
from ._uncertainty import fit_temperature, review_threshold

__all__ = ["BATCH_SIZE", "CLASSIFIERS", "CategoryClassifier", "StatusClassifier", "Tagger", "category_evidence_text",
           "context_records", "fit_temperature", "load", "load_shared", "review_threshold", "status_evidence_text",
           "tag_paths", "write_card"]


def __getattr__(name: str):
    if name in ("CategoryClassifier", "StatusClassifier"):  # scikit-learn: imported on first use
        from . import _estimators

        return getattr(_estimators, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
