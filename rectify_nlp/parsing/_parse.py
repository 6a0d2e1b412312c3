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
from ..files import MAX_NOTICE_BYTES
from ..reading import Source, notice_id, read_text
from ..text import to_simplified
from . import _frame
from ._builder import Builder
from ._facts import fill_meta_and_totals
from ._outline import build_outline
from ._paragraphs import Paragraph, enumerator, first_sentence_end, paragraphs
from ._roles import part_kind, problem_nodes
from ._split import notice_starts

# The sentence that ends an opening: "现将巡察整改进展情况予以公布"
_ANNOUNCEMENT = re.compile(r"予以(?:公布|通报|公开)|(?:公布|通报|报告)如下")


def parse(source: Source, *, max_bytes: int = MAX_NOTICE_BYTES) -> Notice:
    """Parse a notice into sections, problems and measures with character offsets.

    Parameters
    ----------
    source : str, bytes or path-like
        A path to a ``.txt``/``.html``/``.docx``/``.pdf`` file, the notice text, or its raw bytes.
        A ``str`` of one line ending in one of those suffixes, or naming an existing file, is a
        path; any other ``str`` is the text.
    max_bytes : int, default 50_000_000
        Larger files are refused (only regular files are read: not pipes, devices or directories).

    Returns
    -------
    Notice
        The notice with ``title``, ``meta``, ``totals``, the section tree and
        ``dropped`` text. ``notice.text[m.start:m.end] == m.text`` for every measure.
        What the parser could not place is in ``notice.warnings`` and is also
        issued as a :class:`~rectify_nlp.ParseWarning`; so is a text holding several
        notices (read them one by one with :func:`read_notices`).

    Raises
    ------
    NoticeError
        If the source cannot be read (missing, not a regular file, too large, empty, binary,
        undecodable) or does not look like a notice (not Chinese text, a table, JSON, mojibake).

    Examples
    --------
    >>> notice = parse("一、关于“学习不够”问题的整改情况\\n(一)制定学习计划。\\n(二)召开专题会议。")
    >>> [m.text for m in notice.measures]
    ['(一)制定学习计划。', '(二)召开专题会议。']
    """
    notice = read_unparsed(source, max_bytes=max_bytes)
    starts = notice_starts(notice.text)
    if len(starts) > 1:
        notice.warnings.append(f"holds {len(starts)} notices; read them one by one with read_notices")
    return _parsed(notice)


def read_notices(source: Source, *, max_bytes: int = MAX_NOTICE_BYTES) -> list[Notice]:
    """Parse every notice a file or text holds: one, or several saved one after the other.

    A notice begins at a title line followed by its opening, after the problems of the notice
    before it. With several, each notice's ``id`` is the file's followed by ``#1``, ``#2``…, and
    its ``text`` is its own part of the file.

    Parameters
    ----------
    source : str, bytes or path-like
        As for :func:`parse`.
    max_bytes : int, default 50_000_000
        As for :func:`parse`.

    Returns
    -------
    list of Notice

    Examples
    --------
    >>> one = "某某局党组关于巡察整改情况的通报\\n现将整改情况通报如下。\\n一、关于“X”问题的整改\\n(一)措施。\\n"
    >>> [(n.id, n.title) for n in read_notices(one + one.replace("某某局", "某某院"))]  # doctest: +ELLIPSIS
    [('sha1-...#1', '某某局党组关于巡察整改情况的通报'), ('sha1-...#2', '某某院党组关于巡察整改情况的通报')]
    """
    whole = read_unparsed(source, max_bytes=max_bytes)
    starts = notice_starts(whole.text)
    if len(starts) == 1:
        return [_parsed(whole)]
    ends = starts[1:] + [len(whole.text)]
    return [_parsed(Notice(text=whole.text[a:b].rstrip("\n"), id=f"{whole.id}#{k}", source=whole.source,
                           warnings=list(whole.warnings)))
            for k, (a, b) in enumerate(zip(starts, ends), 1)]


def _parsed(notice: Notice) -> Notice:
    view = to_simplified(notice.text)  # what patterns match; offsets and node texts stay the notice's own
    _structure(notice, view)
    fill_meta_and_totals(notice, view)
    for message in notice.warnings:
        warnings.warn(f"{notice.id}: {message}", ParseWarning, stacklevel=3)
    return notice


def read_unparsed(source: Source, *, max_bytes: int = MAX_NOTICE_BYTES) -> Notice:
    """Read and normalise a notice without parsing its structure: a Notice with its text and no sections.

    Examples
    --------
    >>> read_unparsed("（一）整改情况：已完成。\\r\\n").text
    '(一)整改情况:已完成。'
    """
    found: list[str] = []
    text, path = read_text(source, max_bytes=max_bytes, warnings=found)
    return Notice(text=text, id=notice_id(text, path), source=path, warnings=found)


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
    notice.warnings += b.warnings


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
