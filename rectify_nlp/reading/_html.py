"""HTML pages to the lines of their article text."""

from __future__ import annotations

import re

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml|<head|<body|<div|<meta|<p[\s>]|<table)", re.I)


def is_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048])) or ("</p>" in text[:200_000].lower() and "<" in text[:200].lower())


_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "ul", "ol", "dd", "dt", "blockquote", "pre", "td", "th", "header", "footer", "nav",
}
_JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "select", "button", "svg")


def html_to_text(html: str) -> str:
    """Extract the article text of an HTML page, one block per line.

    The article is the smallest element that holds most of the page's sentence text
    (text with 。); navigation, footers and link lists around it are left out.
    A heading outside that element that names the notice (…通报) is kept as its title.
    """
    import lxml.html
    from lxml import etree

    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        # huge_tree: libxml2 otherwise stops nesting at 256 levels and loses what lies deeper
        root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return html
    # libxml2 drops what is nested deeper than its limit (2048 levels even with huge_tree): when the
    # tree lost most of the page's sentences, the page is read without one
    if sum(t.count("。") for t in root.itertext()) * 2 < html.count("。"):
        return _text_without_tree(html)
    return _article_text(root)


# A tag is matched in two steps that cannot backtrack into each other: ``<`` up to the next ``>`` without
# another ``<`` (a scan that a failed start ends at the next ``<``, so every character is scanned once), then
# its name from its first characters. One pattern holding both backtracks between name and attributes:
# quadratic on ``<a`` and a long run of letters.
_TAG = re.compile(r"<[^<>]*>")
_NAME = re.compile(r"/?([a-zA-Z][a-zA-Z0-9]*)")


def _text_without_tree(html: str) -> str:
    """A page's text, a line per block, read by its tags alone (no article chosen, nothing nested)."""
    import html as entities

    def tag(m: re.Match) -> str:
        name = _NAME.match(m.group(), 1)
        return "\n" if name and name.group(1).lower() in _BLOCK_TAGS else ""

    text = entities.unescape(_TAG.sub(tag, html))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _article_text(root) -> str:
    """The article of a parsed page, a line per block."""
    for bad in root.xpath("|".join(f"//{t}" for t in _JUNK_TAGS) + "|//comment()|//processing-instruction()"):
        if bad.getparent() is not None:  # a comment before <html> (`<!-- saved from url=… -->`) has none
            bad.drop_tree()

    body = root.find("body") if root.find("body") is not None else root
    weight, holds_blocks = _weigh(body)
    total = weight[body]
    container = body
    if total:
        while True:
            heavy = [c for c in container if isinstance(c.tag, str) and weight[c] >= 0.8 * total
                     and holds_blocks[c]]
            if not heavy:
                break
            container = heavy[0]
    lines = _block_lines(container)
    if container is not body:
        headings = [h.text_content().strip() for h in root.xpath("//h1|//h2|//h3|//title")]
        title = next((h for h in headings if "通报" in h and h not in "\n".join(lines)), None)
        if title:
            lines.insert(0, title)
    return "\n".join(lines)


def _weigh(body) -> tuple[dict, dict]:
    """For every element, in one walk from the leaves up (linear however deep the page): its
    sentence weight (the length of its texts holding 。), and whether it holds blocks of its own
    (one paragraph holding most of the sentences is not the article: its headings may stand beside it)."""
    from lxml import etree

    weight, holds_blocks = {}, {}
    for _, el in etree.iterwalk(body, events=("end",)):
        w = len(el.text) if isinstance(el.tag, str) and el.text and "。" in el.text else 0
        blocks = False
        for child in el:
            w += weight[child] + (len(child.tail) if child.tail and "。" in child.tail else 0)
            blocks = blocks or holds_blocks[child] or (isinstance(child.tag, str) and child.tag in _BLOCK_TAGS)
        weight[el], holds_blocks[el] = w, blocks
    return weight, holds_blocks


def _block_lines(element) -> list[str]:
    """The text of an element, a line per block, walked without recursion (pages nest deeply)."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(element, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not element:
                parts.append(el.tail)
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n", "".join(parts))
    return [line.strip() for line in text.split("\n") if line.strip()]
