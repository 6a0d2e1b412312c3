"""What each part of a notice is, by what its heading says; which headings are problems.

Real notices say what each part is in words: how the rectification was organised
(``组织整改落实情况``, ``扛起…政治责任``), the leadership's understanding (``…的认识和态度``,
``查找问题根源``), the problems and their rectification (``反馈问题整改落实情况``), next steps.
Items of an organising part are never problems, whatever their enumerator. Problems are the
deepest headings that name a finding (``关于“X”问题``, ``问题3``), and, in a part that the notice
calls the problem part, the deepest headings that state one (``(一)学习贯彻…不到位。``).
"""

from __future__ import annotations

import re

from .. import vocabulary
from ._outline import Node

_PROBLEM_TITLE = re.compile(vocabulary.PROBLEM_TITLE)
_PARTS = tuple((kind, re.compile(pattern)) for kind, pattern in vocabulary.PART_HEADINGS)
_FINDING = re.compile(vocabulary.FINDING)


def part_kind(title: str) -> str | None:
    """What a top-level heading says its part is, else None: ``problems``, ``rectification_work``,
    ``attitude`` or ``next_steps``.

    Examples
    --------
    >>> part_kind("市检察院党组及党组书记组织整改落实情况"), part_kind("巡察反馈问题整改落实情况")
    ('rectification_work', 'problems')
    >>> part_kind("党组对存在问题的认识和态度"), part_kind("下一步工作打算"), part_kind("在党的领导弱化方面")
    ('attitude', 'next_steps', None)
    """
    if _PROBLEM_TITLE.match(title) or re.match(r"问题\s*\d", title):
        return "problems"
    return next((kind for kind, pattern in _PARTS if pattern.search(title)), None)


def names_problem(node: Node) -> bool:
    """A heading written as a problem: ``问题N``, ``关于“X”问题``, ``针对…的问题``."""
    if node.form == "problem_n":
        return True
    title = node.title
    if re.search(r"方面[。.]?$", title):
        return False
    return bool(_PROBLEM_TITLE.match(title))


def states_finding(node: Node) -> bool:
    """A heading that states a shortfall (``学习贯彻…不到位。``), not an area (``在…方面``)."""
    return names_problem(node) or (not re.search(r"方面[。.]?$", node.title) and bool(_FINDING.search(node.title)))


def problem_nodes(roots: list[Node], kinds: list[str | None]) -> set[Node]:
    """The problem headings under the roots whose part may hold problems.

    The deepest headings that name a problem, widened to their same-form siblings. A part the
    notice calls the problem part without naming any takes the deepest headings that state a
    finding. A notice that says nothing about any of its parts has the deepest headings of each
    part as problems.
    """
    candidates = [r for r, kind in zip(roots, kinds) if kind in (None, "problems")]
    problems = _deepest(candidates, names_problem)
    for root, kind in zip(roots, kinds):
        if kind == "problems" and not any(n in problems for n in root.subtree()):
            problems |= _deepest([root], states_finding) - {root}
    if not problems and all(kind in (None, "next_steps") for kind in kinds):
        for root, kind in zip(roots, kinds):
            if kind is None:
                problems.update([d for d in root.descendants() if not d.children] or [root])
    for root in candidates:
        for node in root.subtree():
            siblings = node.parent.children if node.parent else candidates
            if node not in problems and not _under(node, problems) and not has_problem(node, problems) \
                    and any(s in problems and s.form == node.form for s in siblings):
                problems.add(node)
    return problems


def _deepest(roots: list[Node], test) -> set[Node]:
    return {node for root in roots for node in root.subtree()
            if test(node) and not any(test(d) for d in node.descendants())}


def has_problem(node: Node, problems: set[Node]) -> bool:
    return node in problems or any(d in problems for d in node.descendants())


def _under(node: Node, problems: set[Node]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent in problems:
            return True
        parent = parent.parent
    return False
