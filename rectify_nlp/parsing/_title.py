"""Which paragraph of a notice's head is its title."""

from __future__ import annotations

import re

from ._paragraphs import Paragraph, enumerator

_TITLE = re.compile(r"通报|通告|公告|情况的报告|整改情况")


def find_title(paras: list[Paragraph]) -> int | None:
    """The index of the title among the first paragraphs, or None when the notice has none."""
    for k, p in enumerate(paras[:15]):
        if _TITLE.search(p.text) and len(p.text) <= 100 and not p.text.endswith("。") and enumerator(p) is None:
            return k
    return None
