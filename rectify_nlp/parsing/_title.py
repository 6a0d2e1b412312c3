"""Which paragraph of a notice's head is its title, and which part of that paragraph.

A title names a unit and the rectification (``…关于…整改…情况的通报``, ``…整改进展情况``,
``…落实情况的通报``). It stands before the opening, on a line of its own or on a line shared with
page furniture: a breadcrumb before it (``首页 > …``), a portal header (``某某网 政务公告 …``), a
label (``【巡察整改】``), a date or ``来源:…`` after it. A paragraph cut off mid-sentence, a label
line (``整改情况:…``) and site names that merely contain 公告 or 通报 are not titles.
"""

from __future__ import annotations

import re

from .. import vocabulary
from ._paragraphs import Paragraph, enumerator

# A title ends with what the document is, optionally followed by a short parenthetical (第二批).
_ENDING = re.compile(r"(?:通报|通告|公告|公示|报告|情况|进展)(?:\([^()]{1,12}\))?$")
_NAMES_RECTIFICATION = re.compile(r"整改|巡视|巡察|情况")
_IS_DOCUMENT = re.compile(r"^(?:中共|中国共产党)|关于|的(?:通报|通告|公告|公示|报告)(?:\([^()]{1,12}\))?$")
_NOT_IN_TITLE = re.compile(r"[。;:!?…]")
# Furniture after the title on its line: a label such as 来源: or 发布时间:, or a date.
_TRAILER = re.compile(
    rf"(?:\s{{0,20}}(?:来源|{vocabulary.PUBLISHED_LABELS}|更新时间)|\s{{1,20}}(?:时间|日期|作者|编辑|浏览|阅读|点击))\s{{0,2}}:")
_TRAILING_DATE = re.compile(rf"[\s(\[【]{{0,3}}{vocabulary.PAGE_DATE}[)\]】]?\s{{0,20}}$")
# Furniture before it: the last step of a breadcrumb, a bracketed label.
_BREADCRUMB = re.compile(r"\s{0,20}[>»›]\s{0,20}|\s{1,20}》\s{0,20}")
_LABEL = re.compile(r"[【\[][^】\]]{1,12}[】\]]\s{0,20}")
_UNIT_END = re.compile(rf"(?:{vocabulary.ORGANISATION_ENDINGS})$")
_SCAN = 15  # the title is among the first paragraphs
_LINE_MAX = 300  # longer lines are not a title with its furniture
_OPENING_MIN = 40  # a paragraph this long holding 。 is the opening: the title is above it


def reads_as_title(text: str) -> bool:
    """Whether ``text`` (already free of furniture) reads as a notice's title.

    Examples
    --------
    >>> reads_as_title("中共某某县某某局党组关于巡察整改情况的通报")
    True
    >>> reads_as_title("通知公告"), reads_as_title("整改情况:已完成。全年利")
    (False, False)
    """
    return (6 <= len(text) <= 90 and not _NOT_IN_TITLE.search(text) and bool(_ENDING.search(text))
            and bool(_NAMES_RECTIFICATION.search(text)) and bool(_IS_DOCUMENT.search(text)))


def title_in(text: str) -> tuple[int, int, bool] | None:
    """Where a title lies within one line: ``(start, end, clean)``, or None.

    ``clean`` is False when furniture other than a bracketed label stands before the title
    (a breadcrumb or a portal header); a clean line is preferred as the title.

    Examples
    --------
    >>> line = "首页 > 某某局党组关于巡察整改情况的通报 2024-05-20"
    >>> start, end, clean = title_in(line)
    >>> line[start:end], clean
    ('某某局党组关于巡察整改情况的通报', False)
    """
    if len(text) > _LINE_MAX:
        return None
    end = len(text)
    trailer = _TRAILER.search(text)
    if trailer:
        end = trailer.start()
    date = _TRAILING_DATE.search(text, 0, end)
    if date and date.start() > 0:
        end = date.start()
    end = len(text[:end].rstrip())
    start, clean = 0, True
    crumbs = list(_BREADCRUMB.finditer(text, 0, end))
    if crumbs:
        start, clean = crumbs[-1].end(), False
    label = _LABEL.match(text, start)
    if label:
        start = label.end()
    segments = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    if not segments:
        return None
    # A portal header before the title on the same line: take the fewest last segments that read
    # as a title, and the segments a title split at a space needs (某某局党组 关于…, …关于 …).
    for k in range(len(segments) - 1, -1, -1):
        first = start + segments[k][0]
        if reads_as_title(text[first:end]):
            while k > 0 and _split_title(text[start + segments[k - 1][0]:start + segments[k - 1][1]], text[first:end]):
                k -= 1
                first = start + segments[k][0]
            return first, end, clean and k == 0
    return None


def _split_title(before: str, title: str) -> bool:
    """Whether the segment ``before`` a space is the first part of ``title``."""
    return before.endswith("关于") or (title.startswith("关于") and bool(_UNIT_END.search(before)))


def head_end(paras: list[Paragraph]) -> int:
    """The index of the first paragraph that is content (the opening, or a heading): the title and
    the page furniture stand above it."""
    for k, p in enumerate(paras[:_SCAN]):
        if enumerator(p) is not None or ("。" in p.text and len(p.text) >= _OPENING_MIN):
            return k
    return min(len(paras), _SCAN)


def title_span(paras: list[Paragraph]) -> tuple[int, int, int] | None:
    """The title among the head paragraphs as ``(paragraph index, start, end)`` with offsets in the
    notice's text, or None when the notice has no title.

    The first paragraph that holds only a title (beside a label or a trailing date) wins; else the
    first that holds one after other furniture (a breadcrumb ending in the title).
    """
    found = None
    for k, p in enumerate(paras[:head_end(paras)]):
        where = title_in(p.text)
        if where is None:
            continue
        start, end, clean = where
        if clean:
            return k, p.start + start, p.start + end
        if found is None:
            found = (k, p.start + start, p.start + end)
    return found
