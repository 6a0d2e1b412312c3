"""Tagging: the document model's measures to categories and statuses.

``_tagger`` holds the Tagger and ``load``; ``_store`` reads and writes model directories;
``_estimators`` the scikit-learn category and status estimators, built from ``_features``
(TF-IDF blocks), ``_lexicon`` (cue terms), ``_tokens`` (segmentation), ``_linear`` (the
linear models) and ``_status_cues`` (status rules); ``_compiled`` runs the same models from
plain arrays, without scikit-learn or unpickling.
"""
