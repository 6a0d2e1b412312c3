"""The label scheme: measure categories and completion statuses.

This module is the single source of truth for the labels that the parser, the
models, the label checks and the annotation guide (``docs/annotation-guide.md``)
use. It follows the labelling specification: each measure (整改举措) gets one
primary *category* (what the action works on) and one *status* (how far the
notice says it got). Problems and sections take labels derived from their
measures, by :func:`aggregate_category` and :func:`aggregate_status`, unless the
notice marks a problem's status explicitly (read by
:func:`rectify_nlp.vocabulary.status_from_marker`). The category cues are the lexicon's
(``rectify_nlp/data/lexicon.tsv``); the status phrases are the notice vocabulary's
(:mod:`rectify_nlp.vocabulary`).

Label ids are an API: outputs that users store carry them, so an id never
changes once released and a new category is added, never renamed.

Examples
--------
>>> from rectify_nlp import taxonomy
>>> taxonomy.category("procurement_bidding").zh
'招投标与政府采购'
>>> taxonomy.status("推进中").id
'in_progress'
>>> taxonomy.aggregate_status(["completed", "in_progress"])
'partial'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "CATEGORIES",
    "CATEGORY_IDS",
    "INSTRUMENTS",
    "STATUSES",
    "STATUS_IDS",
    "Label",
    "aggregate_category",
    "aggregate_status",
    "category",
    "status",
]


@dataclass(frozen=True)
class Label:
    """One label of the scheme.

    Attributes
    ----------
    id : str
        Stable identifier stored in outputs, e.g. ``"finance_assets"``.
    zh : str
        Chinese name exactly as in the specification, e.g. ``"财务、国有资产与国企"``.
    en : str
        Short English name.
    description : str
        What the label covers, with the rules that separate it from its neighbours.
    """

    id: str
    zh: str
    en: str
    description: str


CATEGORIES: tuple[Label, ...] = (
    Label(
        "theory_political", "政治建设与理论学习", "Political building and theory study",
        "Studying and implementing central theory, directives and Party congress spirit (theory study "
        "groups, 'first agenda item', theme and Party-history education), and how the leadership team "
        "decides: democratic centralism, 'three majors and one large' rules, rules of procedure, the "
        "leadership team's own democratic-life meeting. A democratic-life meeting held for the "
        "rectification is rectification_work; branch organisational life is party_building; follow-up "
        "of decisions (督查督办) is conduct_rules.",
    ),
    Label(
        "ideology_publicity", "意识形态与宣传", "Ideology and publicity",
        "Responsibility for ideological work, propaganda, online public opinion, media positions and "
        "network commentators, core socialist values and civilisation campaigns. Network, data and "
        "server security belong to safety_stability; only online public opinion is ideology.",
    ),
    Label(
        "party_building", "基层党组织建设", "Grassroots Party building",
        "Party organisations and Party members below the leadership team: branches, 'three meetings and "
        "one lesson', theme Party days, organisational-life meetings, admitting members, Party dues, "
        "member management, Party building in SOEs, new economic and social organisations and "
        "communities, village and community Party secretaries and two-committee (两委) teams. Cadres and "
        "staff as employees are cadre_talent.",
    ),
    Label(
        "cadre_talent", "干部人事与人才", "Cadres, personnel and talent",
        "Selecting, appointing, assessing, training, posting, paying and supervising cadres and staff as "
        "employees; staffing quotas and contract staff; personnel files; reports on personal matters; "
        "private travel abroad; side jobs and business interests of officials; attracting and serving "
        "talent. Travel abroad not marked official or private follows the problem's heading, and is "
        "cadre_talent when no heading decides.",
    ),
    Label(
        "integrity_supervision", "全面从严治党与监督执纪", "Strict Party governance and discipline supervision",
        "The responsibility-and-discipline system itself: principal responsibility and 'one post, two "
        "duties', responsibility lists, discipline-inspection and supervisory bodies and their capacity, "
        "inspection (巡察) work, case leads and case handling, warning education in general, integrity-risk "
        "control, clean-governance building, intra-Party talks, the audit-discipline coordination "
        "mechanism, and discipline action tied to no one area. A general instrument applied to one named "
        "area takes that area's category.",
    ),
    Label(
        "conduct_rules", "作风建设与中央八项规定", "Work style and the eight-point rules",
        "Work style and the central eight-point rules: the 'four undesirable styles', formalism and "
        "bureaucratism, official cars, office space, allowances, official receptions, improper dining, "
        "official travel abroad, private clubs, drink-driving, inaction and slow action, fewer documents "
        "and meetings; and the checks, exposure and accountability aimed at conduct (holiday checks, "
        "efficiency checks, recovering improper allowances), plus follow-up of work tasks (督查督办, "
        "traffic-light supervision, talks with lagging units).",
    ),
    Label(
        "procurement_bidding", "招投标与政府采购", "Tendering and government procurement",
        "Tendering and public purchasing procedures: open and invited tendering, bid rigging, government "
        "procurement and purchasing officers, bid evaluation and award, letting small works. Managing "
        "the works after award, and construction-market violations other than bid rigging (转包, 分包, "
        "挂靠), are construction_land.",
    ),
    Label(
        "finance_assets", "财务、国有资产与国企", "Finance, state assets and SOEs",
        "Public money, state assets and state-owned enterprises: budgets and their execution, special "
        "funds, financial management, state property and its leasing, SOE supervision, reform and "
        "assessment, where funds are deposited, recovering rent, slush funds, collective assets and "
        "shareholding cooperatives, debt risk, investment and financing, audit work and audit follow-up. "
        "The money of a project (budget, cost accounts, fund rules, project audit) is finance; the works "
        "and the land are construction_land.",
    ),
    Label(
        "construction_land", "工程建设与土地", "Construction projects and land",
        "Building projects and land: design changes, site supervision, project records, settlement and "
        "final accounts, government-funded works, muck and construction waste, land consolidation, "
        "demolition and its compensation, idle and unused land, reserved land, building without "
        "approval, and construction-market violations other than bid rigging. The tendering procedure "
        "itself is procurement_bidding; a project's money is finance_assets.",
    ),
    Label(
        "economy_business", "经济发展与营商环境", "Economic development and business environment",
        "Growth, industry, investment attraction, major projects, innovation and incubators, support and "
        "services for firms (policy payouts, firm service officers), foreign trade and opening up, "
        "development plans, and the cultural and tourism industry. Changing how government approves and "
        "registers is reform_governance.",
    ),
    Label(
        "livelihood_social", "民生与社会事业", "Livelihood and social services",
        "Public services and living conditions: education, health, elderly care, jobs, unpaid wages, "
        "housing and dilapidated-housing renewal, resettlement and moving back, rural revitalisation, "
        "village-strengthening companies and collective income, rural rubbish and toilets, community "
        "services, community and grid governance and social workers, cultural heritage and public "
        "cultural and sports events.",
    ),
    Label(
        "safety_stability", "安全生产与社会稳定", "Safety and social stability",
        "Work safety, fire, emergencies, stability maintenance and petitions (including leaders receiving "
        "petitioners), safe-city work, at-risk housing projects, confidentiality, network, data and "
        "server security, and the supervision of online rentals and homestays.",
    ),
    Label(
        "ecology_environment", "生态环境", "Ecology and environment",
        "Pollution and ecological protection: air, sewage, algal blooms, environmental enforcement, "
        "relocating and closing polluting firms, green and low-carbon development, energy use. Rural "
        "rubbish and toilets are livelihood_social.",
    ),
    Label(
        "reform_governance", "体制机制改革与依法行政", "Institutional reform and law-based administration",
        "How government is organised and acts under law: management systems, institutional reform, "
        "allocation of functions, lists of powers, reform of administrative approval and registration "
        "(one-window, same-day, free seals, commitment-based approval), street-level systems, unified "
        "law enforcement, legality review, normative documents, digital reform.",
    ),
    Label(
        "rectification_work", "整改工作组织", "Organising the rectification",
        "Running the rectification itself: the rectification leading group and plan, ledgers, lists of "
        "problems, tasks, responsibilities and deadlines, closing items, the special democratic-life "
        "meeting held for the rectification, supervising rectification progress, look-backs and using "
        "the results.",
    ),
    Label(
        "other", "其他", "Other",
        "None of the above; kept below 2% of measures.",
    ),
)

STATUSES: tuple[Label, ...] = (
    Label(
        "completed", "已完成", "Completed",
        "A concrete action reported as done, with or without 已: a named document issued, a meeting "
        "held, a body set up, a dated event, figures achieved.",
    ),
    Label(
        "partial", "基本完成/部分完成", "Partly completed",
        "Basically or partly done: a stage achieved while the wider goal stays open, or part done and "
        "the rest named (e.g. 356 of 714 mu done; the rest being negotiated).",
    ),
    Label(
        "in_progress", "推进中", "In progress",
        "Under way, not finished: work going on, started, drafted, awaiting approval, planned or due "
        "after the notice's date.",
    ),
    Label(
        "not_completed", "未完成", "Not completed",
        "Explicitly not done.",
    ),
    Label(
        "unclear", "无法判断", "Cannot tell",
        "No concrete action and no cue: a standing commitment only.",
    ),
)

CATEGORY_IDS: tuple[str, ...] = tuple(label.id for label in CATEGORIES)

INSTRUMENTS: tuple[str, ...] = ("integrity_supervision", "conduct_rules", "rectification_work")
"""Categories that are also instruments applied to areas (supervision, checks, talks, ledgers, 回头看):
by the spec's rule "Area first", such an instrument applied to a named area takes that area's category."""
STATUS_IDS: tuple[str, ...] = tuple(label.id for label in STATUSES)

def _index(labels: tuple[Label, ...]) -> dict[str, Label]:
    index: dict[str, Label] = {}
    for label in labels:
        index[label.id] = label
        index[label.zh] = label
        for part in label.zh.split("/"):
            index.setdefault(part.strip(), label)
    return index


_CATEGORY_INDEX = _index(CATEGORIES)
_STATUS_INDEX = _index(STATUSES)


def _lookup(key: str, index: dict[str, Label], kind: str, ids: tuple[str, ...]) -> Label:
    if isinstance(key, str):
        stripped = "".join(key.split())
        found = index.get(stripped) or index.get(stripped.lower())
        if found is not None:
            return found
    raise KeyError(f"unknown {kind} {key!r}; valid ids: {', '.join(ids)}")


def category(key: str) -> Label:
    """The category with id or 中文 name ``key``.

    Parameters
    ----------
    key : str
        A category id (``"finance_assets"``) or its 中文 name (``"财务、国有资产与国企"``).
        Whitespace is ignored; ids match case-insensitively.

    Returns
    -------
    Label

    Raises
    ------
    KeyError
        If ``key`` names no category; the message lists the valid ids.

    Examples
    --------
    >>> category("construction_land").zh
    '工程建设与土地'
    >>> category(" 生态环境 ").id
    'ecology_environment'
    >>> category("foo")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "unknown category 'foo'; valid ids: theory_political, ideology_publicity, ..., other"
    """
    return _lookup(key, _CATEGORY_INDEX, "category", CATEGORY_IDS)


def status(key: str) -> Label:
    """The status with id or 中文 name ``key``, as :func:`category` finds a category.

    For ``partial`` either half of its 中文 name is accepted too. A ``key`` that names no status
    raises ``KeyError`` listing the valid ids.

    Examples
    --------
    >>> status("completed").zh
    '已完成'
    >>> status("部分完成").id
    'partial'
    >>> status("done")
    Traceback (most recent call last):
    ...
    KeyError: "unknown status 'done'; valid ids: completed, partial, in_progress, not_completed, unclear"
    """
    return _lookup(key, _STATUS_INDEX, "status", STATUS_IDS)


def aggregate_status(statuses: Sequence[str]) -> str | None:
    """The status of a problem without an explicit marker, from its measures' statuses.

    ``completed`` if every measure is completed, ``not_completed`` if every one
    is not_completed, ``unclear`` if every one is unclear; otherwise ``partial``
    when at least one is completed or partial, else ``in_progress``.

    Parameters
    ----------
    statuses : sequence of str
        Status ids of the problem's measures.

    Returns
    -------
    str or None
        A status id; None for no measures.

    Raises
    ------
    ValueError
        If an element is not a status id.

    Examples
    --------
    >>> aggregate_status(["completed", "completed"])
    'completed'
    >>> aggregate_status(["completed", "unclear"])
    'partial'
    >>> aggregate_status(["in_progress", "not_completed"])
    'in_progress'
    >>> aggregate_status([]) is None
    True
    """
    statuses = list(statuses)
    for value in statuses:
        if value not in STATUS_IDS:
            raise ValueError(f"unknown status {value!r}; valid ids: {', '.join(STATUS_IDS)}")
    if not statuses:
        return None
    distinct = set(statuses)
    if len(distinct) == 1 and distinct <= {"completed", "not_completed", "unclear"}:
        return next(iter(distinct))
    if distinct & {"completed", "partial"}:
        return "partial"
    return "in_progress"


def aggregate_category(categories: Sequence[str]) -> str | None:
    """The majority category of a problem's or section's measures; ties go to the first seen.

    Ids are not checked against :data:`CATEGORY_IDS`, so label sets with
    additional categories aggregate too.

    Parameters
    ----------
    categories : sequence of str
        Category ids of the measures, in notice order.

    Returns
    -------
    str or None
        A category id; None for no measures.

    Examples
    --------
    >>> aggregate_category(["finance_assets", "construction_land", "construction_land"])
    'construction_land'
    >>> aggregate_category(["cadre_talent", "party_building"])
    'cadre_talent'
    >>> aggregate_category([]) is None
    True
    """
    categories = list(categories)
    if not categories:
        return None
    counts = Counter(categories)
    top = max(counts.values())
    return next(c for c in categories if counts[c] == top)
