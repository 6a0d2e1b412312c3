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

_QUOTED = r"[“\"‘「『][^”\"’」』]{1,200}?[”\"’」』]"
_PROBLEM_TITLE = re.compile(
    rf"^(?:(?:关于|针对).{{0,40}}?{_QUOTED}.{{0,12}}?问题"
    r"|(?:关于|针对)[^。]{2,80}?的问题)"
)
NEXT_STEPS_TITLE = re.compile(rf"{vocabulary.NEXT_STEP}|打算|工作计划|工作安排|努力方向")

# What a part's heading says it is. The problem part is tested first: its headings often name
# the rectification too (坚持问题导向,…推动巡察整改工作取得阶段性成效).
_PROBLEM_PART = re.compile(
    r"(?:反馈|巡[视察])(?:的)?(?:问题|意见)[^。]{0,8}(?:整改|落实)|问题导向|整改(?:落实)?的?(?:进展|成效)"
    r"|集中整改[^。]{0,6}(?:进展|情况)|整改任务落实|(?:聚焦|针对|对照)[^。]{0,8}问题"
)
_ORGANISING_PART = re.compile(
    r"组织(?:整改)?(?:落实|领导|实施)|整改工作(?:开展)?情况|主要做法|政治站位|最高站位|政治(?:责任|任务)|主体责任"
    r"|责任担当|(?:抓好|推进|抓实|抓紧)[^。]{0,6}整改(?:工作)?$"
)
_ATTITUDE_PART = re.compile(r"认识和态度|认识与态度|问题(?:的)?根源|剖析(?:问题|根源)|原因分析")
# A heading that states a finding: a shortfall in so many words.
_FINDING = re.compile(
    r"不(?:到位|够|足|强|严|实|力|高|深|细|规范|彻底|明显|健全|完善|严格|扎实|达标|及时|充分)|缺失|弱化|虚化|淡化|欠缺|差距|短板"
    r"|薄弱|滞后|缺乏|偏差|有待|存在|问题|漏洞|风险|隐患|乏力|失位|缺位|流于形式"
)

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
    if NEXT_STEPS_TITLE.search(title):
        return "next_steps"
    if _ATTITUDE_PART.search(title):
        return "attitude"
    if _PROBLEM_PART.search(title):
        return "problems"
    if _ORGANISING_PART.search(title):
        return "rectification_work"
    return None


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
