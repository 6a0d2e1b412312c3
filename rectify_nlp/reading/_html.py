"""HTML pages to the lines of their article text."""

from __future__ import annotations

import re

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml|<head|<body|<div|<meta|<p[\s>]|<table)", re.I)


def is_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048])) or "</p>" in text[:200_000].lower() and "<" in text[:200].lower()


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
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for bad in root.xpath("|".join(f"//{t}" for t in _JUNK_TAGS) + "|//comment()"):
        bad.drop_tree()

    def sentence_weight(el) -> int:
        return sum(len(t) for t in el.itertext() if "。" in t)

    body = root.find("body") if root.find("body") is not None else root
    total = sentence_weight(body)
    container = body
    if total:
        while True:
            heavy = [c for c in container if isinstance(c.tag, str) and sentence_weight(c) >= 0.8 * total]
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


def _block_lines(element) -> list[str]:
    parts: list[str] = []

    def visit(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            visit(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    visit(element)
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n", "".join(parts))
    return [line.strip() for line in text.split("\n") if line.strip()]
