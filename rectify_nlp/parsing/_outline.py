"""The outline of a notice's body: headings nested by the order in which their forms first appear."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ._paragraphs import Enumerator, Paragraph, enumerator


@dataclass(eq=False)
class Node:
    """A heading paragraph with the headings and un-numbered paragraphs under it."""

    enum: Enumerator
    para: Paragraph
    children: list[Node] = field(default_factory=list)
    content: list[Paragraph] = field(default_factory=list)  # un-numbered paragraphs directly under it
    parent: Node | None = None
    end: int = 0

    @property
    def form(self) -> str:
        return self.enum.form

    @property
    def ordinal(self) -> str:
        return self.enum.ordinal

    @property
    def content_start(self) -> int:
        """Where the heading's text begins, after the enumerator."""
        return self.enum.content_start

    @property
    def start(self) -> int:
        return self.para.start

    @property
    def title(self) -> str:
        return self.para.text[self.content_start - self.para.start:]

    def descendants(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.descendants()

    def subtree(self) -> Iterator[Node]:
        yield self
        yield from self.descendants()


def build_outline(paras: list[Paragraph], end: int) -> list[Node]:
    """Outline the paragraphs (the first is a heading) and set each node's end, ``end`` closing the last."""
    roots: list[Node] = []
    stack: list[Node] = []
    for para in paras:
        enum = enumerator(para)
        if enum is None:
            stack[-1].content.append(para)
            continue
        node = Node(enum, para)
        forms = [n.form for n in stack]
        if enum.form in forms:
            del stack[forms.index(enum.form):]
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
    _set_ends(roots, end)
    return roots


def _set_ends(nodes: list[Node], end: int) -> None:
    for node, nxt in zip(nodes, nodes[1:] + [None]):
        node.end = nxt.start if nxt else end
        _set_ends(node.children, node.end)
