"""Parsing a notice's text into sections ▸ problems ▸ measures.

The parser works on paragraphs (lines). A paragraph that opens with an enumerator
(``一、``, ``(一)``, ``1.``, ``(1)``, ``问题1``, ``①``) is a heading; levels are
inferred per notice from the order in which enumerator forms appear, as an outline
is read. Problems are the deepest headings that name a finding (``关于“X”问题``,
``问题3``, ``针对…“X”问题``); headings above them are sections, enumerated items
below them are measures, and un-numbered text under a problem is split into
measures at ``一是…二是…``. Text before the body is furniture, title and opening;
text after it is next steps, contact lines, signature and furniture. Whatever
belongs to no node is recorded in ``Notice.dropped`` with its reason.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from . import taxonomy
from .notice import Measure, Notice, Problem, Section, Span
from .reading import Source, notice_id, read_text

CN_NUM = "一二三四五六七八九十"
_CN_DIGITS = {c: i + 1 for i, c in enumerate(CN_NUM)}

# Enumerator forms at the start of a paragraph: (form name, pattern). The pattern's
# whole match is the ordinal as written.
_FORMS = (
    ("problem_n", re.compile(r"(?:问题|問題)\s*\d{1,3}\s*[::.、]?")),
    ("cn_paren", re.compile(rf"\([{CN_NUM}]{{1,3}}\)\s*")),
    ("ar_paren", re.compile(r"\(\d{1,3}\)\s*")),
    ("cn_dun", re.compile(rf"[{CN_NUM}]{{1,3}}\s*[、.](?![{CN_NUM}]是)\s*")),
    ("ar_dot", re.compile(r"\d{1,3}\s*[.、](?!\d)\s*")),
    ("circled", re.compile(r"[\u2460-\u2473]\s*")),
)

_QUOTED = r"[“\"‘「『].+?[”\"’」』]"
_PROBLEM_TITLE = re.compile(
    rf"^(?:(?:关于|關於|针对|針對).{{0,40}}?{_QUOTED}.{{0,12}}?(?:问题|問題)"
    rf"|(?:关于|關於|针对|針對)(?:[^。]{{2,80}}?)的(?:问题|問題))"
)
_NEXT_STEPS_TITLE = re.compile(r"下一步|打算|工作计划|工作安排|努力方向|今后工作")
_NEXT_STEPS_PARA = re.compile(r"^(?:下一步|今后|下步)")
_SUMMARY_PARA = re.compile(
    r"^(?:目前|截至目前|截止目前|总体来看|综上)[,,]?.{0,40}?(?:巡[视察]反馈|反馈(?:的)?问题|整改工作|整改任务|整改已|全部)"
)
_CONTACT_CUES = re.compile(r"联系电话|联系方式|邮政信箱|电子邮箱|通讯地址|邮政编码|联系地址")


def _is_contact(text: str) -> bool:
    return text.startswith("欢迎") and "监督" in text or len(set(_CONTACT_CUES.findall(text))) >= 2
_FURNITURE = re.compile(
    r"您当前的位置|当前位置|首页\s*[>》]|来源\s*[::]|发布时间|发布日期|阅读量|阅读次数|浏览次数|字体\s*[::【]"
    r"|【字体|打印本页|关闭窗口|分享到|版权所有|ICP备|ICP证|公网安备|网站地图|主办单位|技术支持|扫一扫|上一篇|下一篇"
    r"|^\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*\S{0,20}$"
    r"|\|\s*\|?\s*$"
)
_SIGNATURE_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_ORG = re.compile(r"^(?:中共|中国共产党)?\S{2,40}(?:委员会|党工委|工委|党委|党组|区委|市委|县委|办公室|管委会)$")
_TITLE = re.compile(r"通报|通告|公告|情况的报告|整改情况")
_LABEL = re.compile(
    r"^(?:整改措施及成效|整改措施及进展|整改措施|整改情况|整改成效|整改进展|整改举措|主要措施|具体措施|工作措施"
    r"|采取措施|整改落实情况|落实情况|進展情況|整改情況)\s*[::]\s*"
)
_UNITS = re.compile(r"^\(\s*(?:牵头|责任|牽頭|責任)(?:单位|單位|领导|領導)[^)]*\)\s*")
_STATUS_MARKER = re.compile(r"^\s*\(\s*(?:已完成|基本完成|部分完成|未完成|已整改|正在推进|推进中|持续推进|长期坚持)[^)]{0,12}\)")
_PARENTHETICAL = re.compile(r"^\s*\([^()]{0,80}\)")


@dataclass
class _Para:
    start: int
    end: int
    text: str


@dataclass
class _Node:
    form: str
    ordinal: str
    para: _Para
    content_start: int  # where the heading's text begins, after the enumerator
    children: list[_Node] = field(default_factory=list)
    content: list[_Para] = field(default_factory=list)  # un-numbered paragraphs directly under it
    parent: _Node | None = None
    end: int = 0

    @property
    def start(self) -> int:
        return self.para.start

    @property
    def title(self) -> str:
        return self.para.text[self.content_start - self.para.start:]

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()


def _paragraphs(text: str) -> list[_Para]:
    paras = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        if stripped:
            start = m.start() + lead
            paras.append(_Para(start, start + len(stripped), stripped))
    return paras


def _enumerator(para: _Para) -> tuple[str, str, int] | None:
    for form, pattern in _FORMS:
        m = pattern.match(para.text)
        if m and m.end() < len(para.text):
            return form, m.group().strip(), para.start + m.end()
    return None


def _first_sentence_end(text: str) -> int:
    """Index just past the first 。 outside quotes, or len(text)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "“‘「『":
            depth += 1
        elif ch in "”’」』":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            return i + 1
    return len(text)


def _is_problem_title(node: _Node) -> bool:
    if node.form == "problem_n":
        return True
    title = node.title
    if re.search(r"方面[。.]?$", title):
        return False
    return bool(_PROBLEM_TITLE.match(title))


# Chinese numerals 1..99 as used in 一是, 十一是, 二十是
def _cn_numeral(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_NUM[tens - 1]) + "十" + (CN_NUM[ones - 1] if ones else "")


def split_clauses(text: str) -> list[tuple[int, int, str | None]]:
    """Split text at a ``一是…二是…`` sequence into ``(start, end, ordinal)`` pieces.

    The first piece has ordinal ``None`` when text precedes ``一是``. Numerals must
    follow in order, which keeps words like 统一是 from splitting the text.

    Examples
    --------
    >>> split_clauses("一是学习。二是整改。")
    [(0, 5, '一是'), (5, 10, '二是')]
    """
    cuts: list[tuple[int, str]] = []
    pos, n = 0, 1
    while True:
        marker = _cn_numeral(n) + "是"
        i = text.find(marker, pos)
        while i > 0 and (text[i - 1] in CN_NUM + "第之统唯同不" or (n == 1 and text[i - 1] not in "。;;::,,、)\n ")):
            i = text.find(marker, i + 1)
        if i < 0:
            break
        cuts.append((i, marker))
        pos, n = i + len(marker), n + 1
    if len(cuts) < 2 and not (cuts and cuts[0][0] == 0):
        return [(0, len(text), None)]
    pieces: list[tuple[int, int, str | None]] = []
    if cuts[0][0] > 0:
        pieces.append((0, cuts[0][0], None))
    for (i, marker), nxt in zip(cuts, cuts[1:] + [(len(text), "")]):
        pieces.append((i, nxt[0], marker))
    return pieces


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.dropped: list[Span] = []
        self.warnings: list[str] = []

    def drop(self, start: int, end: int, reason: str) -> None:
        start, end = self._trim(start, end)
        if end > start:
            self.dropped.append(Span(start, end, reason))

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    # -- measures -------------------------------------------------------------

    def measures_from_text(self, start: int, end: int) -> list[Measure]:
        """Measures in a stretch of un-numbered text under a problem."""
        start, end = self._trim(start, end)
        if end <= start:
            return []
        chunk = self.text[start:end]
        for pattern in (_UNITS, _LABEL):
            m = pattern.match(chunk)
            if m:
                self.drop(start, start + m.end(), "label")
                return self.measures_from_text(start + m.end(), end)
        out = []
        for a, b, ordinal in split_clauses(chunk):
            a, b = self._trim(start + a, start + b)
            if b <= a:
                continue
            piece = self.text[a:b]
            if ordinal is None and b - a <= 30 and piece.endswith((":", ":")):
                self.drop(a, b, "lead-in")
                continue
            out.append(Measure(start=a, end=b, text=piece, ordinal=ordinal))
        return out

    # -- problems and sections ------------------------------------------------

    def problem(self, node: _Node, index: int, whole_line: bool) -> Problem:
        para = node.para
        content = self.text[node.content_start:para.end]
        title_len = len(content) if whole_line else _first_sentence_end(content)
        title_start = node.content_start
        title_end = title_start + title_len
        heading_end = title_end
        stated = None
        while True:
            rest = self.text[heading_end:para.end]
            m = _STATUS_MARKER.match(rest) or _UNITS.match(rest.lstrip()) or _PARENTHETICAL.match(rest)
            if not m or (m.re is _PARENTHETICAL and not taxonomy.status_from_marker(m.group())):
                break
            stated = stated or taxonomy.status_from_marker(m.group())
            heading_end += len(rest) - len(rest.lstrip()) + m.end() if m.re is _UNITS else m.end()
        title_start, title_end = self._trim(title_start, title_end)
        problem = Problem(
            start=node.start, end=para.end, heading_end=heading_end, title_start=title_start,
            title_end=title_end, title=self.text[title_start:title_end], ordinal=node.ordinal,
            stated_status=stated, index=index,
        )
        if node.children:
            if node.content or heading_end < para.end:
                self.drop(heading_end, node.children[0].start, "narrative")
            for child in node.children:
                end = self._trim(child.start, child.end)[1]
                problem.measures.append(Measure(child.start, end, self.text[child.start:end], child.ordinal))
        else:
            problem.measures.extend(self.measures_from_text(heading_end, para.end))
            for p in node.content:
                problem.measures.extend(self.measures_from_text(p.start, p.end))
        for m in problem.measures:
            m.problem = problem
        problem.end = max([problem.heading_end] + [m.end for m in problem.measures])
        if not problem.measures:
            self.warnings.append(f"problem {node.ordinal}{problem.title[:20]}… has no measures")
        return problem

    def section(self, node: _Node, kind: str) -> Section:
        title_start, title_end = self._trim(node.content_start, node.para.end)
        return Section(
            start=node.start, end=self._trim(node.start, node.end)[1], heading_end=node.para.end,
            title_start=title_start, title_end=title_end, title=self.text[title_start:title_end],
            ordinal=node.ordinal, kind=kind,
        )


def _build_outline(paras: list[_Para]) -> list[_Node]:
    """Outline the paragraphs (the first is a heading): forms are levelled in the order they first nest."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for para in paras:
        enum = _enumerator(para)
        if enum is None:
            stack[-1].content.append(para)
            continue
        form, ordinal, content_start = enum
        node = _Node(form, ordinal, para, content_start)
        forms = [n.form for n in stack]
        if form in forms:
            del stack[forms.index(form):]
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
    return roots


def _set_ends(nodes: list[_Node], end: int) -> None:
    for node, nxt in zip(nodes, nodes[1:] + [None]):
        node.end = nxt.start if nxt else end
        _set_ends(node.children, node.end)


def parse(source: Source) -> Notice:
    """Parse a notice into sections, problems and measures with character offsets.

    Parameters
    ----------
    source : str, bytes or path-like
        A path to a ``.txt``/``.html`` file, the notice text, or its raw bytes.

    Returns
    -------
    Notice
        The notice with ``title``, ``meta``, ``totals``, the section tree and
        ``dropped`` text. ``notice.text[m.start:m.end] == m.text`` for every measure.

    Raises
    ------
    NoticeError
        If the source cannot be read (missing, empty, binary or undecodable).

    Examples
    --------
    >>> notice = parse("一、关于“学习不够”问题的整改情况\\n(一)制定学习计划。\\n(二)召开专题会议。")
    >>> [m.text for m in notice.measures]
    ['(一)制定学习计划。', '(二)召开专题会议。']
    """
    text, path = read_text(source)
    notice = Notice(text=text, id=notice_id(text, path), source=path)
    _structure(notice)
    from . import extract

    extract.fill_meta_and_totals(notice)
    for message in notice.warnings:
        warnings.warn(f"{notice.id}: {message}", stacklevel=2)
    return notice


def read_notice(source: Source) -> Notice:
    """Read and normalise a notice without parsing its structure.

    Examples
    --------
    >>> read_notice("（一）整改情况：已完成。\\r\\n").text
    '(一)整改情况:已完成。'
    """
    text, path = read_text(source)
    return Notice(text=text, id=notice_id(text, path), source=path)


def _structure(notice: Notice) -> None:
    text = notice.text
    b = _Builder(text)
    paras = _paragraphs(text)

    # Head: furniture and the title before the first content paragraph.
    i = 0
    title_idx = None
    for k, p in enumerate(paras[:15]):
        if _TITLE.search(p.text) and len(p.text) <= 100 and not p.text.endswith("。") and _enumerator(p) is None:
            title_idx = k
            break
    if title_idx is not None:
        for p in paras[:title_idx]:
            b.drop(p.start, p.end, "furniture")
        notice.title = paras[title_idx].text
        b.drop(paras[title_idx].start, paras[title_idx].end, "title")
        i = title_idx + 1
    while i < len(paras) and (_FURNITURE.search(paras[i].text) or (len(paras[i].text) <= 12 and "。" not in paras[i].text and _enumerator(paras[i]) is None)):
        b.drop(paras[i].start, paras[i].end, "furniture")
        i += 1

    # Tail: the contact block and what follows it (signature, furniture, unrelated articles).
    contact_idx = None
    for k in range(i, len(paras)):
        if _is_contact(paras[k].text) and _enumerator(paras[k]) is None and k > i:
            contact_idx = k
            break
    tail_start = contact_idx if contact_idx is not None else len(paras)
    while tail_start > i and _FURNITURE.search(paras[tail_start - 1].text):
        tail_start -= 1
    for p in paras[tail_start:]:
        if _is_contact(p.text):
            reason = "contact"
        elif _SIGNATURE_DATE.match(p.text) or _ORG.match(p.text):
            reason = "signature"
        elif _FURNITURE.search(p.text):
            reason = "furniture"
        else:
            reason = "unrelated"
        b.drop(p.start, p.end, reason)

    body = paras[i:tail_start]
    headings = [k for k, p in enumerate(body) if _enumerator(p)]
    if not headings:
        _unstructured(notice, b, body)
        return

    # Closing paragraphs after the last heading: next steps and summaries.
    last_heading = headings[-1]
    closing_start = len(body)
    for k in range(last_heading + 1, len(body)):
        if _NEXT_STEPS_PARA.match(body[k].text) or _SUMMARY_PARA.match(body[k].text):
            closing_start = k
            break
    closing = body[closing_start:]
    body = body[:closing_start]
    next_steps: list[_Para] = []
    for p in closing:
        if next_steps or _NEXT_STEPS_PARA.match(p.text):
            next_steps.append(p)
        else:
            b.drop(p.start, p.end, "summary")

    first = headings[0]
    opening = body[:first]
    if opening:
        notice.opening = Span(opening[0].start, opening[-1].end, "opening")

    roots = _build_outline(body[first:])
    body_end = body[-1].end if body else 0
    _set_ends(roots, body_end)

    # Roles: problems are the deepest problem-like headings, widened to same-form siblings.
    problem_nodes = set()
    for root in roots:
        for node in [root, *root.descendants()]:
            if _is_problem_title(node) and not any(_is_problem_title(d) for d in node.descendants()):
                problem_nodes.add(id(node))
    if not problem_nodes:
        _fallback_problems(roots, problem_nodes)
    for root in roots:
        for node in [root, *root.descendants()]:
            parent_children = node.parent.children if node.parent else roots
            if id(node) not in problem_nodes and not _under(node, problem_nodes) and not _has_problem(node, problem_nodes):
                if any(id(s) in problem_nodes and s.form == node.form for s in parent_children):
                    problem_nodes.add(id(node))

    counter = [0]

    def build(node: _Node, parent: Section | None, top: bool) -> Section | Problem | None:
        if id(node) in problem_nodes:
            counter[0] += 1
            problem = b.problem(node, counter[0], whole_line=top or node.form == "problem_n")
            if top:
                section = b.section(node, "problems")
                section.end = problem.end
                section.children.append(problem)
                problem.section = section
                return section
            return problem
        if not _has_problem(node, problem_nodes):
            kind = "next_steps" if _NEXT_STEPS_TITLE.search(node.title) else "rectification_work"
            if top:
                return b.section(node, kind)
            b.warnings.append(f"unplaced block {node.ordinal}{node.title[:20]}…")
            b.drop(node.start, node.end, "unplaced")
            return None
        section = b.section(node, "problems")
        section.parent = parent
        if node.content:
            b.drop(node.content[0].start, node.content[-1].end, "narrative")
        for child in node.children:
            built = build(child, section, False)
            if built is None:
                continue
            if isinstance(built, Problem):
                built.section = section
            else:
                built.parent = section
            section.children.append(built)
        return section

    for root in roots:
        built = build(root, None, True)
        if built is not None:
            notice.sections.append(built)
    if next_steps:
        notice.sections.append(
            Section(start=next_steps[0].start, end=next_steps[-1].end, heading_end=next_steps[0].start,
                    title_start=next_steps[0].start, title_end=next_steps[0].start, title="", kind="next_steps")
        )
    if not notice.problems:
        b.warnings.append("no problems recognised")
    notice.dropped = sorted(b.dropped, key=lambda s: s.start)
    notice.warnings = b.warnings


def _has_problem(node: _Node, problem_nodes: set) -> bool:
    return id(node) in problem_nodes or any(id(d) in problem_nodes for d in node.descendants())


def _under(node: _Node, problem_nodes: set) -> bool:
    parent = node.parent
    while parent is not None:
        if id(parent) in problem_nodes:
            return True
        parent = parent.parent
    return False


def _fallback_problems(roots: list[_Node], problem_nodes: set) -> None:
    """No heading names a finding: the deepest headings of the longest branch are problems."""
    content_roots = [r for r in roots if not _NEXT_STEPS_TITLE.search(r.title)]
    for root in content_roots:
        leaves = [d for d in root.descendants() if not d.children]
        for leaf in leaves or [root]:
            problem_nodes.add(id(leaf))


def _unstructured(notice: Notice, b: _Builder, body: list[_Para]) -> None:
    b.warnings.append("no recognisable structure: one section whose paragraphs are measures")
    if body:
        start, end = body[0].start, body[-1].end
        section = Section(start=start, end=end, heading_end=start, title_start=start, title_end=start, title="")
        problem = Problem(start=start, end=end, heading_end=start, title_start=start, title_end=start, title="",
                          section=section, index=1)
        for p in body:
            for m in b.measures_from_text(p.start, p.end):
                m.problem = problem
                problem.measures.append(m)
        section.children.append(problem)
        notice.sections.append(section)
    notice.dropped = sorted(b.dropped, key=lambda s: s.start)
    notice.warnings = b.warnings
