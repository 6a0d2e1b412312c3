"""The status a measure states about itself, and the spec's status cue phrases."""

from __future__ import annotations

import re

import numpy as np


# Explicit verdicts a measure states about itself.
_STATED = (
    (re.compile(r"未完成|尚未完成"), "not_completed"),
    (re.compile(r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:基本完成|部分整改到位|基本整改到位)|\(基本完成\)"), "partial"),
    (re.compile(r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:已完成|已整改到位|已经整改到位|全部完成)|\(已完成\)"), "completed"),
)
# Cue phrases of the spec's status table, strongest first; a cue decides only when
# no cue of another non-completed status fires alongside it.
_CUES = {
    "not_completed": re.compile(r"尚未|暂缓|未能完成"),
    "in_progress": re.compile(r"正在|正积极|正加快|加快推进|已启动|起草|草拟|送审稿|初步方案|报批|待审议|即将|预计|拟于|拟对|力争|争取.{0,6}(?:获批|完成|早日)|下一步"),
    "partial": re.compile(r"基本完成|初步完成|部分整改|阶段性(?:成果|成效|进展)|初步成果|初步搭建|剩余|基本摸清"),
}


def stated_status(text: str) -> str | None:
    """The status a measure states about itself in so many words, else None.

    Examples
    --------
    >>> stated_status("此项工作整改基本完成,剩余工作力争年内完成。")
    'partial'
    """
    for pattern, status in _STATED:
        if pattern.search(text):
            return status
    return None


def cue_status(text: str) -> str | None:
    """The status the spec's cue phrases point to, when exactly one status is cued."""
    hits = [status for status, pattern in _CUES.items() if pattern.search(text)]
    return hits[0] if len(hits) == 1 else None


def decide_by_rules(texts, proba: np.ndarray, classes) -> tuple[np.ndarray, list[str]]:
    """Overrule the model where the measure states its status or a cue phrase decides it."""
    proba = proba.copy()
    sources = ["model"] * len(texts)
    index = {c: i for i, c in enumerate(classes)}
    for row, text in enumerate(texts):
        for source, status in (("stated", stated_status(text)), ("cue", cue_status(text))):
            if status in index:
                proba[row] = 0.0
                proba[row, index[status]] = 1.0
                sources[row] = source
                break
    return proba, sources
