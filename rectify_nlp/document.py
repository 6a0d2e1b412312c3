"""The document model: a notice, its sections, problems and measures.

Every node carries ``start``/``end`` character offsets into ``Notice.text`` (the
normalised text), so ``notice.text[node.start:node.end]`` is the node's extent.
Tagging fills the ``category``/``status`` fields of measures and the derived
fields of problems and the notice; parsing leaves them ``None``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import taxonomy

CONTEXT_FIELDS = ("text", "problem", "section", "stated_status", "reference_date")
"""The fields of a measure's context record (:attr:`Measure.context`): what the models
see of a measure, and what a label record holds beside its labels. ``reference_date`` is the
notice's date (ISO), which the tagger fills in (a measure does not know its notice); None when unknown."""


@dataclass
class Span:
    """A stretch of ``Notice.text`` with a reason, used for the opening and for dropped text."""

    start: int
    end: int
    reason: str = ""


@dataclass(eq=False)
class Measure:
    """One rectification action reported under a problem.

    ``ordinal`` is the enumerator as written (``一是``, ``(三)``) or ``None`` for an
    un-numbered paragraph; ``text`` equals ``notice.text[start:end]``.
    """

    start: int
    end: int
    text: str
    ordinal: str | None = None
    problem: Problem | None = field(default=None, repr=False)
    category: str | None = None
    category_proba: dict[str, float] | None = field(default=None, repr=False)
    status: str | None = None
    status_proba: dict[str, float] | None = field(default=None, repr=False)
    status_source: str | None = None
    category_evidence: list[dict] | None = field(default=None, repr=False)
    """What weighed most for the category: lexicon cues and features, ``{"kind", "feature", "weight"}``."""
    status_evidence: list[dict] | None = field(default=None, repr=False)
    """What decided the status: the stated verdict or grammar cue with ``start``/``end`` in
    ``notice.text``, else the status model's weighed features."""
    needs_review: bool | None = None
    """Whether a person should check the tags: the category, or a status the model decided, is less
    likely than the model card's review threshold (chosen so that the tags kept are right 9 times in 10
    on real measures the model never saw)."""

    @property
    def category_zh(self) -> str | None:
        return taxonomy.category(self.category).zh if self.category else None

    @property
    def status_zh(self) -> str | None:
        return taxonomy.status(self.status).zh if self.status else None

    @property
    def context(self) -> dict[str, str | None]:
        """The measure as the models see it: its text, its problem's and section's titles (as written;
        the tagger reads them in simplified script), and its problem's stated status (the keys of
        :data:`CONTEXT_FIELDS`).

        Examples
        --------
        >>> import rectify_nlp
        >>> notice = rectify_nlp.parse("一、关于“学习不够”问题的整改情况\\n(一)制定学习计划。")
        >>> notice.measures[0].context["problem"]
        '关于“学习不够”问题的整改情况'
        """
        problem = self.problem
        section = problem.section if problem else None
        return {
            "text": self.text,
            "problem": problem.title if problem else "",
            "section": section.title if section else "",
            "stated_status": problem.stated_status if problem else None,
            "reference_date": None,
        }

    @property
    def id(self) -> str:
        """Stable id within the notice: ``p<problem index>m<measure index>``, 1-based."""
        problem = self.problem
        assert problem is not None, "a measure outside a problem has no id"
        # positions are cached on the problem and rebuilt only when stale, so ids of every measure take linear time
        positions = problem.__dict__.get("_positions")
        position = positions.get(self) if positions else None
        if position is None or position >= len(problem.measures) or problem.measures[position] is not self:
            positions = problem.__dict__["_positions"] = {m: i for i, m in enumerate(problem.measures)}
            position = positions[self]
        return f"{problem.id}m{position + 1:02d}"


@dataclass(eq=False)
class Heading:
    """What problems and sections share: a heading from ``start`` to ``heading_end`` whose
    ``title`` runs from ``title_start`` to ``title_end``, and an extent up to ``end``."""

    start: int
    end: int
    heading_end: int
    title_start: int
    title_end: int
    title: str
    ordinal: str | None = None


@dataclass(eq=False)
class Problem(Heading):
    """One finding of the inspection, holding the measures taken under it.

    ``title`` is the finding itself, without enumerator or status marker.
    ``stated_status`` is the status id of an explicit marker such as ``(已完成)``.
    """

    stated_status: str | None = None
    measures: list[Measure] = field(default_factory=list)
    section: Section | None = field(default=None, repr=False)
    index: int = 0

    @property
    def id(self) -> str:
        """Stable id within the notice: ``p<problem index>``, 1-based."""
        return f"p{self.index:02d}"

    @property
    def status(self) -> str | None:
        """The stated status, else the spec's aggregation of the measure statuses."""
        if self.stated_status:
            return self.stated_status
        statuses = [m.status for m in self.measures]
        if not statuses or None in statuses:
            return None
        return taxonomy.aggregate_status(statuses)

    @property
    def category(self) -> str | None:
        """Majority category of the measures, ties to the first."""
        categories = [m.category for m in self.measures if m.category]
        return taxonomy.aggregate_category(categories) if categories else None


@dataclass(eq=False)
class Section(Heading):
    """A heading that groups problems (or, for some kinds, other text).

    ``kind`` is ``"problems"`` for the body, ``"rectification_work"`` for the part
    on how the rectification was organised and ``"next_steps"`` for plans.
    ``children`` holds sub-sections and problems in document order.
    """

    kind: str = "problems"
    children: list[Section | Problem] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)

    @property
    def sections(self) -> list[Section]:
        return [c for c in self.children if isinstance(c, Section)]

    @property
    def problems(self) -> list[Problem]:
        """All problems under this section, nested ones included, in document order."""
        out: list[Problem] = []
        for child in self.children:
            out.extend([child] if isinstance(child, Problem) else child.problems)
        return out

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.sections:
            yield from child.walk()


@dataclass(eq=False)
class Notice:
    """A parsed rectification notice.

    Attributes
    ----------
    text : str
        The normalised text; every offset refers to it.
    id : str
        The file stem for a file, else a short hash of the text.
    source : str or None
        The path the notice was read from.
    title : str or None
        The notice's title as stated.
    meta : dict
        What the notice states about the inspection (kind, inspecting body,
        inspected unit, period, feedback and publication dates, signatory).
    totals : dict
        Figures the notice states about itself, as numbers.
    total_spans : dict of Span
        For each key of ``totals``, the stretch of text it was read from.
    sections : list of Section
        Top-level sections in document order.
    opening : Span or None
        The opening paragraphs between the title and the body.
    dropped : list of Span
        Text that belongs to no node (page furniture, contact lines, labels,
        narrative), each with its reason.
    warnings : list of str
        What the parser could not place with confidence.
    """

    text: str
    id: str = ""
    source: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)
    total_spans: dict[str, Span] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    opening: Span | None = None
    dropped: list[Span] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"Notice(id={self.id!r}, title={self.title!r}, sections={len(self.sections)}, "
            f"problems={len(self.problems)}, measures={len(self.measures)})"
        )

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.sections for p in s.problems]

    @property
    def measures(self) -> list[Measure]:
        return [m for p in self.problems for m in p.measures]

    @property
    def status_counts(self) -> dict[str, int]:
        """Problems per status (stated or aggregated), for comparison with ``totals``."""
        counts: dict[str, int] = {}
        for problem in self.problems:
            if problem.status:
                counts[problem.status] = counts.get(problem.status, 0) + 1
        return counts
