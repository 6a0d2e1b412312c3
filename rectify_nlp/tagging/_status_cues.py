"""The status a measure states about itself, and the spec's status cue phrases."""

from __future__ import annotations

import re

import numpy as np

from .. import taxonomy

# Explicit verdicts a measure states about itself in words; a marker in parentheses,
# such as (已完成), is read by taxonomy.status_from_marker as on a problem heading.
_STATED = (
    (re.compile(r"未完成|尚未完成"), "not_completed"),
    (re.compile(r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:基本完成|部分整改到位|基本整改到位)"), "partial"),
    (re.compile(r"(?:整改|此项工作|该项工作|该问题)[^。,]{0,8}(?:已完成|已整改到位|已经整改到位|全部完成)"), "completed"),
)
_PARENTHETICAL = re.compile(r"\([^()]{0,16}\)")
# Cue phrases of the spec's status table, strongest first; a cue decides only when
# no cue of another non-completed status fires alongside it.
_CUES = {
    "not_completed": re.compile(r"尚未|暂缓|未能完成"),
    "in_progress": re.compile(r"正在|正积极|正加快|正经由|加快推进|加速推进|有序推进|稳步推进|分期分批|已启动|起草|草拟|拟定|"
                         r"送审稿|初步方案|报批(?!手续|报备|、)|提请|待审议|即将|预计(?!收入)|拟于|拟对|力争|争取.{0,6}(?:获批|完成|早日)|下一步(?!决策)"),
    "partial": re.compile(r"基本完成|初步完成|部分整改|阶段性?(?:成果|成效|进展)|初步成果|初步搭建|剩余|基本摸清"),
}


# What separates a report of done work from a standing commitment (the spec's "unclear").
_DONE = re.compile(r"已|了|\d|完成|办结|追回|清退|印发|出台")
_COMMITMENT = re.compile(r"^(?:[一二三四五六七八九十]是)?(?:要|并|同时|)(?:坚持|严格|进一步|持续|不断|切实|加大|加强|深化|强化|认真|始终|"
                         r"全力|积极|着力|大力|扎实|健全|完善|优化|推动|推进|确保|抓好|抓实|落实|做好|提高|提升|规范|"
                         r"探索|注重|强调|发挥|维护|增强|督促|压实)")
_CLAUSE = re.compile(r"[,;。:!?]")


def status_signals(texts, stated) -> np.ndarray:
    """Dense status features per measure: one indicator per cue status, the problem's
    stated marker one-hot, whether done work is reported, and the share of clauses
    that open with a commitment verb."""
    rows = []
    for text, marker in zip(texts, stated):
        clauses = [c for c in _CLAUSE.split(text) if len(c) > 1]
        committed = sum(1 for c in clauses if _COMMITMENT.match(c)) / max(len(clauses), 1)
        rows.append([1.0 if p.search(text) else 0.0 for p in _CUES.values()]
                    + [1.0 if marker == s else 0.0 for s in taxonomy.STATUS_IDS]
                    + [1.0 if _DONE.search(text) else 0.0, committed])
    return np.array(rows).reshape(len(rows), len(_CUES) + len(taxonomy.STATUS_IDS) + 2)


def stated_status(text: str) -> str | None:
    """The status a measure states about itself in so many words, else None.

    Examples
    --------
    >>> stated_status("此项工作整改基本完成,剩余工作力争年内完成。")
    'partial'
    """
    found = {status for pattern, status in _STATED if pattern.search(text)}
    found.update(taxonomy.status_from_marker(m.group()) for m in _PARENTHETICAL.finditer(text))
    return next((s for s in ("not_completed", "partial", "completed") if s in found), None)


def cue_status(text: str) -> str | None:
    """The status the spec's cue phrases point to, when exactly one status is cued.

    Work under way beside work reported done is a stage done with the rest
    named: ``partial``, as the spec's status table has it.

    Examples
    --------
    >>> cue_status("正在起草管理办法。"), cue_status("已印发实施方案,配套细则正在起草。")
    ('in_progress', 'partial')
    """
    hits = [status for status, pattern in _CUES.items() if pattern.search(text)]
    if len(hits) != 1:
        return None
    if hits[0] == "in_progress" and _DONE.search(_CUES["in_progress"].sub("", text)):
        return "partial"
    return hits[0]


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
