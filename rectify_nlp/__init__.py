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

from .notice import Measure, Notice, Problem, Section
from .reading import NoticeError
from .structure import parse, read_notice

__version__ = "0.1.0"

__all__ = [
    "Measure", "ModelError", "Notice", "NoticeError", "Problem", "Section", "Tagger",
    "evaluate", "load", "parse", "read_notice", "summarize", "tag", "train",
]


def __getattr__(name):
    # Model, training and table code pulls in scikit-learn and pandas: import it on first use
    # so that `import rectify_nlp` and `rectify_nlp.parse` stay quick.
    if name in ("Tagger", "ModelError"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("train", "evaluate"):
        from . import training

        return getattr(training, name)
    if name in ("tag", "load"):
        from . import batch

        return getattr(batch, name)
    if name == "summarize":
        from .io import summarize

        return summarize
    raise AttributeError(f"module 'rectify_nlp' has no attribute {name!r}")
