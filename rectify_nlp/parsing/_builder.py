"""Turning outline nodes into the document model: sections, problems and their measures."""

from __future__ import annotations

import re

from .. import vocabulary
from ..document import Measure, Problem, Section, Span
from ._outline import Node
from ._paragraphs import first_sentence_end, split_clauses
from ._roles import has_problem

_LABEL = re.compile(rf"^(?:{vocabulary.MEASURE_LABELS})\s*[::]\s*")
_UNITS = re.compile(r"^\(\s*(?:牵头|责任)(?:单位|领导)[^)]*\)\s*")
_PARENTHETICAL = re.compile(r"^\s*\([^()]{0,80}\)")
# A problem's stated status on a line of its own (完成情况:已完成) or opening its label (整改情况:已完成。…)
_STATUS_LINE = re.compile(
    rf"^(?:{vocabulary.STATUS_LABELS})\s*[::]?\s*(?P<status>[^。;;,,:]{{1,12}})(?:[。;;]|$)\s*"
)


class Builder:
    """Builds the nodes of one notice, keeping what it leaves out (``dropped``) and ``warnings``.

    Patterns match ``view`` (the text in simplified script, the same length); the texts of the
    nodes are taken from ``text``, the notice's own.
    """

    def __init__(self, text: str, view: str):
        self.text = text
        self.view = view
        self.dropped: list[Span] = []
        self.warnings: list[str] = []
        self._problems = 0
        self._stated: str | None = None  # a status stated on a line under the problem being built

    def drop(self, start: int, end: int, reason: str) -> None:
        start, end = self.trim(start, end)
        if end > start:
            self.dropped.append(Span(start, end, reason))

    def trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.view[start].isspace():
            start += 1
        while end > start and self.view[end - 1].isspace():
            end -= 1
        return start, end

    def measures_from_text(self, start: int, end: int) -> list[Measure]:
        """Measures in a stretch of un-numbered text under a problem."""
        start, end = self.trim(start, end)
        if end <= start:
            return []
        chunk = self.view[start:end]
        line = _STATUS_LINE.match(chunk)
        status = vocabulary.status_from_marker(f"({line['status']})") if line else None
        if status:
            self._stated = self._stated or status
            self.drop(start, start + line.end(), "status")
            return self.measures_from_text(start + line.end(), end)
        for pattern in (_UNITS, _LABEL):
            m = pattern.match(chunk)
            if m:
                self.drop(start, start + m.end(), "label")
                return self.measures_from_text(start + m.end(), end)
        out = []
        for a, b, ordinal in split_clauses(chunk):
            a, b = self.trim(start + a, start + b)
            if b <= a:
                continue
            piece = self.text[a:b]
            if ordinal is None and b - a <= 30 and piece.endswith((":", ":")):
                self.drop(a, b, "lead-in")
                continue
            out.append(Measure(start=a, end=b, text=piece, ordinal=ordinal))
        return out

    def _heading_end(self, title_end: int, para_end: int) -> tuple[int, str | None]:
        """Past the status markers and responsible units that follow a problem's title, and the stated status."""
        heading_end, stated = title_end, None
        while True:
            rest = self.view[heading_end:para_end]
            units = _UNITS.match(rest.lstrip())
            if units:
                heading_end += len(rest) - len(rest.lstrip()) + units.end()
                continue
            marker = _PARENTHETICAL.match(rest)
            status = vocabulary.status_from_marker(marker.group()) if marker else None
            if not status:
                return heading_end, stated
            stated = stated or status
            heading_end += marker.end()

    def problem(self, node: Node, whole_line: bool) -> Problem:
        para = node.para
        content = self.view[node.content_start:para.end]
        title_end = node.content_start + (len(content) if whole_line else first_sentence_end(content))
        heading_end, stated = self._heading_end(title_end, para.end)
        title_start, title_end = self.trim(node.content_start, title_end)
        self._problems += 1
        self._stated = None
        problem = Problem(
            start=node.start, end=para.end, heading_end=heading_end, title_start=title_start,
            title_end=title_end, title=self.text[title_start:title_end], ordinal=node.ordinal,
            stated_status=stated, index=self._problems,
        )
        if node.children:
            if node.content or heading_end < para.end:
                self.drop(heading_end, node.children[0].start, "narrative")
            for child in node.children:
                end = self.trim(child.start, child.end)[1]
                problem.measures.append(Measure(child.start, end, self.text[child.start:end], child.ordinal))
        else:
            problem.measures.extend(self.measures_from_text(heading_end, para.end))
            for p in node.content:
                problem.measures.extend(self.measures_from_text(p.start, p.end))
        problem.stated_status = problem.stated_status or self._stated
        for m in problem.measures:
            m.problem = problem
        problem.end = max([problem.heading_end] + [m.end for m in problem.measures])
        if not problem.measures:
            self.warnings.append(f"problem {node.ordinal}{problem.title[:20]}… has no measures")
        return problem

    def section(self, node: Node, kind: str) -> Section:
        title_start, title_end = self.trim(node.content_start, node.para.end)
        return Section(
            start=node.start, end=self.trim(node.start, node.end)[1], heading_end=node.para.end,
            title_start=title_start, title_end=title_end, title=self.text[title_start:title_end],
            ordinal=node.ordinal, kind=kind,
        )

    def top(self, node: Node, problems: set[Node], kind: str | None) -> Section:
        """The top-level section for a root of the outline, whose heading says its part is ``kind``."""
        if node in problems:
            problem = self.problem(node, whole_line=True)
            section = self.section(node, "problems")
            section.end = problem.end
            section.children.append(problem)
            problem.section = section
            return section
        if not has_problem(node, problems):
            if kind == "problems":
                self.warnings.append(f"no problems recognised in the part {node.ordinal}{node.title[:20]}…")
            return self.section(node, kind or "rectification_work")
        return self._problem_section(node, problems)

    def _problem_section(self, node: Node, problems: set[Node]) -> Section:
        section = self.section(node, "problems")
        if node.content:
            self.drop(node.content[0].start, node.content[-1].end, "narrative")
        for child in node.children:
            if child in problems:
                problem = self.problem(child, whole_line=child.form == "problem_n")
                problem.section = section
                section.children.append(problem)
            elif has_problem(child, problems):
                sub = self._problem_section(child, problems)
                sub.parent = section
                section.children.append(sub)
            else:
                self.warnings.append(f"unplaced block {child.ordinal}{child.title[:20]}…")
                self.drop(child.start, child.end, "unplaced")
        return section
