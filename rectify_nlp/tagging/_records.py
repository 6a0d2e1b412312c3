"""Measure records as the estimators take them: a DataFrame or a sequence of mappings with the
fields of :data:`~rectify_nlp.document.CONTEXT_FIELDS`."""

from __future__ import annotations

from collections.abc import Iterable

from ..document import CONTEXT_FIELDS
from ..text import to_simplified


def column(X, name: str) -> list[str]:
    """A field of every record as text ("" where missing), from a DataFrame or a sequence of mappings.

    Examples
    --------
    >>> column([{"text": "召开会议"}, {"text": None}], "text")
    ['召开会议', '']
    """
    if hasattr(X, "columns"):
        return [str(v) if v == v and v is not None else "" for v in X[name]] if name in X.columns else [""] * len(X)
    return [str(r.get(name) or "") for r in X]


_SCRIPTED = ("text", "problem", "section")


def context_records(records: Iterable[dict]) -> list[dict]:
    """Only the context fields of each record (labels and bookkeeping left out), its texts in simplified
    script, as the models read them.

    Examples
    --------
    >>> context_records([{"text": "已完成整改", "problem": "關於問題", "category": "other"}])[0]["problem"]
    '关于问题'
    """
    return [{k: to_simplified(r[k]) if k in _SCRIPTED and isinstance(r.get(k), str) else r.get(k)
             for k in CONTEXT_FIELDS} for r in records]
