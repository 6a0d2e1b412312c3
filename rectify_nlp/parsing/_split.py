"""Several notices in one text: where each begins.

Two notices saved into one file (pages copied one after the other) are told apart by a general
mark: a second title line (``…关于…巡察整改进展情况的通报``, see :func:`~._title.reads_as_title`)
standing alone on its line, followed by an opening paragraph (a sentence, not a heading), after
the first notice has had problem content (an enumerated heading). A title quoted in a
paragraph, or a title line with no content before it, does not start a notice.
"""

from __future__ import annotations

from ._paragraphs import Paragraph, enumerator, paragraphs
from ._title import title_in


def _starts_notice(paras: list[Paragraph], k: int) -> bool:
    where = title_in(paras[k].text)
    if where is None or not where[2] or enumerator(paras[k]) is not None or k + 1 >= len(paras):
        return False
    opening = paras[k + 1]
    return enumerator(opening) is None and "。" in opening.text


def notice_starts(text: str) -> list[int]:
    """The offsets in ``text`` where each notice it holds begins (``[0]`` for one notice).

    Examples
    --------
    >>> one = "某某局党组关于巡察整改情况的通报\\n现将整改情况通报如下。\\n一、关于“X”问题的整改\\n(一)措施。\\n"
    >>> notice_starts(one + one)
    [0, 49]
    """
    paras = paragraphs(text)
    starts, content = [0], False
    for k, p in enumerate(paras):
        if content and _starts_notice(paras, k):
            starts.append(p.start)
            content = False
        elif enumerator(p) is not None:
            content = True
    return starts
