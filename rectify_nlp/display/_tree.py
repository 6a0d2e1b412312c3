"""A notice as a JSON-ready tree, and as an outline to read in a terminal."""

from __future__ import annotations

from ..document import Measure, Notice, Problem, Section


def measure_to_dict(measure: Measure) -> dict:
    return {
        "id": measure.id if measure.problem else None,
        "ordinal": measure.ordinal,
        "start": measure.start,
        "end": measure.end,
        "text": measure.text,
        "category": measure.category,
        "category_proba": measure.category_proba,
        "status": measure.status,
        "status_source": measure.status_source,
    }


def _node_to_dict(node: Section | Problem) -> dict:
    base = {
        "ordinal": node.ordinal, "title": node.title, "start": node.start, "end": node.end,
        "heading_end": node.heading_end, "title_start": node.title_start, "title_end": node.title_end,
    }
    if isinstance(node, Problem):
        return {"type": "problem", **base, "stated_status": node.stated_status, "status": node.status,
                "category": node.category, "measures": [measure_to_dict(m) for m in node.measures]}
    return {"type": "section", "kind": node.kind, **base, "children": [_node_to_dict(c) for c in node.children]}


def notice_to_dict(notice: Notice) -> dict:
    """The notice as a JSON-ready tree (the shape ``rectify-nlp parse --format json`` prints)."""
    return {
        "id": notice.id,
        "source": notice.source,
        "title": notice.title,
        "meta": notice.meta,
        "totals": notice.totals,
        "counts": {"sections": len(notice.sections), "problems": len(notice.problems),
                   "measures": len(notice.measures), "problem_status": notice.status_counts},
        "opening": {"start": notice.opening.start, "end": notice.opening.end} if notice.opening else None,
        "sections": [_node_to_dict(s) for s in notice.sections],
        "dropped": [{"start": d.start, "end": d.end, "reason": d.reason, "text": notice.text[d.start:d.end]}
                    for d in notice.dropped],
        "warnings": notice.warnings,
    }


def notice_to_text(notice: Notice) -> str:
    """An indented outline of the notice for reading in a terminal."""
    lines = [f"# {notice.id}: {notice.title or '(untitled)'}"]
    for key, value in {**notice.meta, **notice.totals}.items():
        lines.append(f"  {key}: {value}")

    def visit(node, depth):
        pad = "  " * depth
        if isinstance(node, Problem):
            status = f" [{node.status}]" if node.status else ""
            lines.append(f"{pad}P {node.ordinal or ''}{node.title}{status}")
            for m in node.measures:
                tag = f" [{m.category}/{m.status}]" if m.category else ""
                snippet = m.text if len(m.text) <= 60 else m.text[:59] + "…"
                lines.append(f"{pad}  - {snippet}{tag}")
        else:
            lines.append(f"{pad}§ {node.ordinal or ''}{node.title or '(' + node.kind + ')'}"
                         + (f"  <{node.kind}>" if node.kind != "problems" else ""))
            for child in node.children:
                visit(child, depth + 1)

    for section in notice.sections:
        visit(section, 1)
    for message in notice.warnings:
        lines.append(f"  ! {message}")
    return "\n".join(lines)
