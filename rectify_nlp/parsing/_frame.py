"""What surrounds the body of a notice: page furniture and the title before it; next steps,
summaries, contact lines, the signature and furniture after it."""

from __future__ import annotations

import re

from .. import vocabulary
from ._paragraphs import Paragraph, enumerator
from ._title import title_span

_FURNITURE = re.compile(
    rf"您当前的位置|当前位置|首页\s*[>》]|来源\s*[::]|{vocabulary.PUBLISHED_LABELS}|阅读量|阅读次数|浏览次数|字体\s*[::【]"
    r"|【字体|打印本页|关闭窗口|分享到|版权所有|ICP备|ICP证|公网安备|网站地图|主办单位|技术支持|扫一扫|上一篇|下一篇"
    rf"|^\d{{4}}-\d{{2}}-\d{{2}}(?:\s+{vocabulary.CLOCK})?\s*\S{{0,20}}$"
)


def _is_furniture(text: str) -> bool:
    # a line ending in a separator (`首页 | 政务公开 |`), tested without a regex: `\|\s*$` is quadratic on long runs
    return text.rstrip().endswith("|") or bool(_FURNITURE.search(text))
_CONTACT_CUES = re.compile(r"联系电话|联系方式|邮政信箱|电子邮箱|通讯地址|邮政编码|联系地址")
_SIGNATURE_DATE = re.compile(vocabulary.SIGNATURE_DATE)
_ORG = re.compile(rf"^(?:中共|中国共产党)?\S{{2,40}}(?:{vocabulary.ORGANISATION_ENDINGS})$")
_NEXT_STEPS_PARA = re.compile(rf"^(?:{vocabulary.NEXT_STEP})")
_SUMMARY_PARA = re.compile(
    r"^(?:目前|截至目前|截止目前|总体来看|综上)[,,]?.{0,40}?(?:巡[视察]反馈|反馈(?:的)?问题|整改工作|整改任务|整改已|全部)"
)

Drop = tuple[Paragraph, str]  # a paragraph that belongs to no node, and why


def _is_contact(text: str) -> bool:
    return (text.startswith("欢迎") and "监督" in text) or len(set(_CONTACT_CUES.findall(text))) >= 2


def head(paras: list[Paragraph]) -> tuple[int, Paragraph | None, list[Drop]]:
    """Furniture and the title before the first content paragraph: ``(index of that paragraph, title, dropped)``."""
    start, title, dropped = 0, None, []
    found = title_span(paras)
    if found is not None:
        k, a, b = found
        line = paras[k]
        title = Paragraph(a, b, line.text[a - line.start:b - line.start])
        around = [Paragraph(line.start, a, ""), Paragraph(b, line.end, "")]  # what shares the title's line
        dropped = [(q, "furniture") for q in paras[:k] + [p for p in around if p.end > p.start]] + [(title, "title")]
        start = k + 1
    while start < len(paras) and (_is_furniture(paras[start].text) or (
            len(paras[start].text) <= 12 and "。" not in paras[start].text and enumerator(paras[start]) is None)):
        dropped.append((paras[start], "furniture"))
        start += 1
    return start, title, dropped


def tail(paras: list[Paragraph], start: int) -> tuple[int, list[Drop]]:
    """The contact block and what follows it (signature, furniture, unrelated articles), after ``start``:
    ``(index where the tail begins, dropped)``."""
    contact = next((k for k in range(start + 1, len(paras))
                    if _is_contact(paras[k].text) and enumerator(paras[k]) is None), None)
    tail_start = contact if contact is not None else len(paras)
    while tail_start > start and _is_furniture(paras[tail_start - 1].text):
        tail_start -= 1
    return tail_start, [(p, _tail_reason(p.text)) for p in paras[tail_start:]]


def _tail_reason(text: str) -> str:
    if _is_contact(text):
        return "contact"
    if _SIGNATURE_DATE.match(text) or _ORG.match(text):
        return "signature"
    if _is_furniture(text):
        return "furniture"
    return "unrelated"


def closing(body: list[Paragraph], last_heading: int) -> tuple[int, list[Paragraph], list[Drop]]:
    """Paragraphs after the last heading that open the next steps or sum up:
    ``(index where the closing begins, next-step paragraphs, dropped summaries)``."""
    start = next((k for k in range(last_heading + 1, len(body))
                  if _NEXT_STEPS_PARA.match(body[k].text) or _SUMMARY_PARA.match(body[k].text)), len(body))
    next_steps: list[Paragraph] = []
    dropped: list[Drop] = []
    for p in body[start:]:
        if next_steps or _NEXT_STEPS_PARA.match(p.text):
            next_steps.append(p)
        else:
            dropped.append((p, "summary"))
    return start, next_steps, dropped
