"""rectify_nlp: structure and tags for Chinese inspection-rectification notices.

>>> import rectify_nlp
>>> tagger = rectify_nlp.load()                       # the shipped default model
>>> notice = tagger("seeds/001_6f66318992fdd9a8.txt")
>>> len(notice.problems), len(notice.measures)
(12, 47)
>>> df = rectify_nlp.tag(["seeds/"])                  # one row per measure
>>> len(df)
442
"""

import warnings
from importlib import import_module

from . import taxonomy
from ._version import __version__
from .document import Measure, Notice, Problem, Section, Span
from .errors import LabelError, ModelError, NoticeError, ParseWarning, RectifyError, SkippedFileWarning
from .parsing import parse, read_notices, read_unparsed
from .reading import examples

# Model, training and table code pulls in scikit-learn and pandas: it is imported on first
# use, so that `import rectify_nlp` and `rectify_nlp.parse` stay quick.
_LAZY = {
    "Tagger": "tagging", "load": "tagging", "CategoryClassifier": "tagging", "StatusClassifier": "tagging",
    "tag": "tables", "summarize": "tables", "write_table": "tables",
    "render": "display", "explain": "display",
    "train": "learning", "evaluate": "learning", "suggest": "learning", "calibrate": "learning",
    "read_labels": "labels",
}

__all__ = [
    "CategoryClassifier", "LabelError", "Measure", "ModelError", "Notice", "NoticeError", "ParseWarning",
    "Problem", "RectifyError", "Section", "SkippedFileWarning", "Span", "StatusClassifier", "Tagger", "__version__",
    "calibrate", "evaluate", "examples", "explain", "load", "parse", "read_labels", "read_notices", "read_unparsed",
    "render", "suggest", "summarize", "tag", "taxonomy", "train", "write_table",
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    if name == "read_notice":
        warnings.warn("rectify_nlp.read_notice is now read_unparsed (it reads without parsing); the old name "
                      "goes in a later release", FutureWarning, stacklevel=2)
        return read_unparsed
    raise AttributeError(f"module 'rectify_nlp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
