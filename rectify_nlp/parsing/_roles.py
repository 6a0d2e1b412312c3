"""Which headings of the outline are problems, which are sections above them, and which are neither."""

from __future__ import annotations

import re

from ._outline import Node

_QUOTED = r"[“\"‘「『].+?[”\"’」』]"
_PROBLEM_TITLE = re.compile(
    rf"^(?:(?:关于|關於|针对|針對).{{0,40}}?{_QUOTED}.{{0,12}}?(?:问题|問題)"
    rf"|(?:关于|關於|针对|針對)(?:[^。]{{2,80}}?)的(?:问题|問題))"
)
NEXT_STEPS_TITLE = re.compile(r"下一步|打算|工作计划|工作安排|努力方向|今后工作")


def is_problem_title(node: Node) -> bool:
    if node.form == "problem_n":
        return True
    title = node.title
    if re.search(r"方面[。.]?$", title):
        return False
    return bool(_PROBLEM_TITLE.match(title))


def problem_nodes(roots: list[Node]) -> set[Node]:
    """The problem headings: the deepest problem-like headings, widened to their same-form siblings;
    when no heading names a finding, the deepest headings of every branch."""
    problems = {node for root in roots for node in root.subtree()
                if is_problem_title(node) and not any(is_problem_title(d) for d in node.descendants())}
    if not problems:
        for root in roots:
            if not NEXT_STEPS_TITLE.search(root.title):
                problems.update([d for d in root.descendants() if not d.children] or [root])
    for root in roots:
        for node in root.subtree():
            siblings = node.parent.children if node.parent else roots
            if node not in problems and not _under(node, problems) and not has_problem(node, problems):
                if any(s in problems and s.form == node.form for s in siblings):
                    problems.add(node)
    return problems


def has_problem(node: Node, problems: set[Node]) -> bool:
    return node in problems or any(d in problems for d in node.descendants())


def _under(node: Node, problems: set[Node]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent in problems:
            return True
        parent = parent.parent
    return False
