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

from ..document import Notice, Problem, Section, Span
from ..errors import ParseWarning
from ..reading._script import to_simplified
from ..reading._source import Source, notice_id, read_text
from . import _frame
from ._builder import Builder
from ._facts import fill_meta_and_totals
from ._outline import build_outline
from ._paragraphs import Paragraph, enumerator, first_sentence_end, paragraphs
from ._roles import part_kind, problem_nodes


# The sentence that ends an opening: "现将巡察整改进展情况予以公布"
_ANNOUNCEMENT = re.compile(r"予以(?:公布|通报|公开)|(?:公布|通报|报告)如下")


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
        What the parser could not place is in ``notice.warnings`` and is also
        issued as a :class:`~rectify_nlp.ParseWarning`.

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
    notice = read_notice(source)
    view = to_simplified(notice.text)  # what patterns match; offsets and node texts stay the notice's own
    _structure(notice, view)
    fill_meta_and_totals(notice, view)
    for message in notice.warnings:
        warnings.warn(f"{notice.id}: {message}", ParseWarning, stacklevel=2)
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


def _structure(notice: Notice, view: str) -> None:
    """Fill the notice's title, opening, sections, dropped text and warnings."""
    b = Builder(notice.text, view)
    paras = paragraphs(view)
    start, title, dropped = _frame.head(paras)
    tail_start, tail_dropped = _frame.tail(paras, start)
    for para, reason in dropped + tail_dropped:
        b.drop(para.start, para.end, reason)
    notice.title = notice.text[title.start:title.end] if title else None
    body = paras[start:tail_start]
    headings = [k for k, p in enumerate(body) if enumerator(p)]
    if headings:
        _body(notice, b, body, headings)
    else:
        _unstructured(notice, b, body)
    if not notice.problems and headings:
        b.warnings.append("no problems recognised")
    notice.dropped = sorted(b.dropped, key=lambda s: s.start)
    notice.warnings = b.warnings


def _body(notice: Notice, b: Builder, body: list[Paragraph], headings: list[int]) -> None:
    closing_start, next_steps, summaries = _frame.closing(body, headings[-1])
    for para, reason in summaries:
        b.drop(para.start, para.end, reason)
    body = body[:closing_start]
    opening = body[:headings[0]]
    if opening:
        notice.opening = Span(opening[0].start, opening[-1].end, "opening")
    roots = build_outline(body[headings[0]:], body[-1].end)
    kinds = [part_kind(root.title) for root in roots]
    problems = problem_nodes(roots, kinds)
    notice.sections = [b.top(root, problems, kind) for root, kind in zip(roots, kinds)]
    if next_steps:
        first = next_steps[0].start
        notice.sections.append(Section(start=first, end=next_steps[-1].end, heading_end=first, title_start=first,
                                       title_end=first, title="", kind="next_steps"))


def _unstructured(notice: Notice, b: Builder, body: list[Paragraph]) -> None:
    """A body without headings: the opening, paragraphs on how the rectification was organised,
    and the rest as measures of one problem."""
    opening = next((k + 1 for k, p in enumerate(body[:3]) if _ANNOUNCEMENT.search(p.text)), 0)
    if opening:
        notice.opening = Span(body[0].start, body[opening - 1].end, "opening")
    organising = opening
    while organising < len(body) and part_kind(body[organising].text[:first_sentence_end(body[organising].text)]) \
            == "rectification_work":
        organising += 1
    if organising > opening:
        first, last = body[opening].start, body[organising - 1].end
        notice.sections.append(Section(start=first, end=last, heading_end=first, title_start=first, title_end=first,
                                       title="", kind="rectification_work"))
    body = body[organising:]
    if not body:
        b.warnings.append("no problems recognised: the notice reads as how the rectification was organised")
        return
    b.warnings.append("no recognisable structure: one section whose paragraphs are measures")
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
