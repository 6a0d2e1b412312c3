"""A tagged notice as a page to read, like spaCy's displaCy: the notice's own text with every
measure highlighted in its category's colour, its status as a badge, sections and problems as
headings, and the stated totals beside the found ones. One self-contained HTML file, no script."""

from __future__ import annotations

import html
from collections.abc import Iterable

from .. import taxonomy
from ..document import Notice, Problem, Section
from ..tagging import category_evidence_text, status_evidence_text

# One colour per category, in the order of taxonomy.CATEGORIES (light enough for black text)
_PALETTE = ("#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec",
            "#c6dbef", "#d9f0a3", "#fdd0a2", "#bcbddc", "#a1d99b", "#c7e9c0", "#f2f2f2", "#dddddd")
CATEGORY_COLOURS = {label.id: _PALETTE[i % len(_PALETTE)] for i, label in enumerate(taxonomy.CATEGORIES)}
_STATUS_COLOURS = {"completed": "#2e7d32", "partial": "#ef6c00", "in_progress": "#1565c0",
                   "not_completed": "#c62828", "unclear": "#616161"}
_TOTAL_KEYS = ("problems", "completed", "partial", "in_progress", "not_completed")

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 60em; line-height: 1.8; color: #222; }
.rn-notice { margin-bottom: 3em; }
.rn-text { white-space: pre-wrap; }
.rn-other { color: #888; }
.rn-section { font-weight: bold; font-size: 1.15em; }
.rn-problem { font-weight: bold; }
.rn-measure { border-radius: .3em; padding: .1em .2em; cursor: help; }
.rn-review { outline: 2px dashed #c62828; }
.rn-review-mark { color: #c62828; font-size: .75em; font-weight: bold; margin: 0 .2em; }
.rn-badge { font-size: .7em; color: white; border-radius: .6em; padding: .05em .5em; margin: 0 .3em;
            vertical-align: middle; font-weight: normal; }
.rn-totals { border-collapse: collapse; margin: .5em 0 1em; font-size: .9em; }
.rn-totals td, .rn-totals th { border: 1px solid #ccc; padding: .2em .6em; text-align: right; }
.rn-legend span { display: inline-block; margin: .1em .3em; padding: 0 .4em; border-radius: .3em; font-size: .85em; }
"""


class Html(str):
    """HTML text that Jupyter shows as HTML when it is a cell's value."""

    def _repr_html_(self) -> str:
        return str(self)


_SLOT = "\0"  # where a marked stretch's text goes; normalised text never holds a NUL


def render(notices: Notice | Iterable[Notice], *, page: bool = True) -> Html:
    """Render tagged notices as HTML: the text with measures highlighted, as displaCy does.

    Parameters
    ----------
    notices : Notice or iterable of Notice
        Tagged (or only parsed) notices; one page holds them all, with an index when there are several.
    page : bool, default=True
        A whole self-contained page; False gives a fragment to embed (as in a notebook).

    Returns
    -------
    Html
        A ``str`` of HTML, shown as HTML when it is a notebook cell's value. Hovering over a measure
        shows its category, its three likeliest categories, its status and what decided it.

    Examples
    --------
    >>> import rectify_nlp
    >>> notice = rectify_nlp.parse("一、关于“学习不够”问题的整改情况\\n(一)制定学习计划。")
    >>> "rn-measure" in render(notice, page=False)
    True
    """
    notices = [notices] if isinstance(notices, Notice) else list(notices)
    body = _legend()
    if len(notices) > 1:
        body += "<ol class='rn-index'>" + "".join(
            f"<li><a href='#{_anchor(n)}'>{_e(n.title or n.id)}</a> ({len(n.measures)} measures)</li>"
            for n in notices) + "</ol>"
    body += "".join(_notice(n) for n in notices)
    if not page:
        return Html(f"<div class='rn'><style>{_STYLE}</style>{body}</div>")
    title = _e(notices[0].title or notices[0].id) if len(notices) == 1 else f"{len(notices)} notices"
    return Html(f"<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>{title}</title>"
                f"<style>{_STYLE}</style></head><body>{body}</body></html>\n")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _anchor(notice: Notice) -> str:
    return "notice-" + "".join(c if c.isalnum() else "-" for c in notice.id)


def _legend() -> str:
    return "<p class='rn-legend'>" + "".join(
        f"<span style='background:{CATEGORY_COLOURS[c.id]}'>{_e(c.zh)}</span>" for c in taxonomy.CATEGORIES) + "</p>"


def _badge(status: str | None) -> str:
    if not status:
        return ""
    return (f"<span class='rn-badge' style='background:{_STATUS_COLOURS.get(status, '#616161')}'>"
            f"{_e(taxonomy.status(status).zh)}</span>")


def _totals(notice: Notice) -> str:
    found = {"problems": len(notice.problems), **notice.status_counts}
    rows = "".join(f"<tr><th>{key}</th><td>{_fmt(notice.totals.get(key))}</td><td>{found.get(key, 0)}</td></tr>"
                   for key in _TOTAL_KEYS if key in notice.totals or found.get(key))
    return (f"<table class='rn-totals'><tr><th></th><th>stated</th><th>found</th></tr>{rows}</table>"
            if rows else "")


def _fmt(value) -> str:
    return "–" if value is None else f"{value:g}"


def _notice(notice: Notice) -> str:
    review = sum(bool(m.needs_review) for m in notice.measures)
    flagged = (f"<p class='rn-review-count'>需复核 needs review: {review} of {len(notice.measures)} measures "
               f"(<span class='rn-review-mark'>需复核</span>, outlined)</p>") if review else ""
    head = f"<h1>{_e(notice.title or notice.id)}</h1>" + _totals(notice) + flagged
    body = f"<div class='rn-text'>{_text(notice)}</div>"
    return f"<section class='rn-notice' id='{_anchor(notice)}'>{head}{body}</section>"


def _segments(notice: Notice) -> list[tuple[int, int, str]]:
    """The marked stretches of the text in order: section and problem headings, and measures."""
    out = []

    def visit(node: Section | Problem) -> None:
        first = node.children[0] if isinstance(node, Section) and node.children else None
        if node.heading_end > node.start and not (isinstance(first, Problem) and first.start == node.start):
            out.append((node.start, node.heading_end, _heading(node)))
        if isinstance(node, Problem):
            out.extend((m.start, m.end, _measure(notice, m)) for m in node.measures)
        else:
            for child in node.children:
                visit(child)

    for section in notice.sections:
        visit(section)
    return sorted(out, key=lambda s: s[0])


def _heading(node: Section | Problem) -> str:
    if isinstance(node, Problem):
        return f"<span class='rn-problem'>{_SLOT}{_badge(node.status)}</span>"
    kind = "" if node.kind == "problems" else f" <small>({_e(node.kind)})</small>"
    return f"<span class='rn-section'>{_SLOT}{kind}</span>"


def _measure(notice: Notice, m) -> str:
    colour = CATEGORY_COLOURS.get(m.category or "", "#eeeeee")
    proba = sorted((m.category_proba or {}).items(), key=lambda kv: -kv[1])[:3]
    lines = [" · ".join([m.category_zh or "untagged"] + [f"{c} {p:.2f}" for c, p in proba]),
             f"because: {category_evidence_text(m.category_evidence)}" if m.category_evidence else "",
             f"status {m.status} ({m.status_source})" if m.status else "",
             f"because: {status_evidence_text(m.status_evidence)}" if m.status_evidence else ""]
    if m.needs_review:
        lines.insert(0, "需复核 needs review: a tag here is less sure than the model's review threshold")
    tip = "\n".join(line for line in lines if line)
    review = " rn-review" if m.needs_review else ""
    flag = "<span class='rn-review-mark' title='需复核 needs review'>需复核</span>" if m.needs_review else ""
    return (f"<mark class='rn-measure{review}' style='background:{colour}' data-measure='{_e(m.id)}' "
            f"data-category='{_e(m.category or '')}' data-status='{_e(m.status or '')}' "
            f"data-needs-review='{'true' if m.needs_review else 'false'}' title='{_e(tip)}'>"
            f"{_SLOT}</mark>{_badge(m.status)}{flag}")


def _text(notice: Notice) -> str:
    parts, pos = [], 0
    for start, end, template in _segments(notice):
        if start < pos:
            continue
        if start > pos:
            parts.append(f"<span class='rn-other'>{_e(notice.text[pos:start])}</span>")
        parts.append(template.replace(_SLOT, _e(notice.text[start:end])))
        pos = end
    if pos < len(notice.text):
        parts.append(f"<span class='rn-other'>{_e(notice.text[pos:])}</span>")
    return "".join(parts)
