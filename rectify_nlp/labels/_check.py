"""Checking label files against the taxonomy and the parsed notices, and counting labels."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from ..errors import LabelError, NoticeError
from ..files import plain_name
from ..parsing import parse
from ..reading import NOTICE_SUFFIXES
from ..text import readable
from ._read import LabelIssue, checked_records, label_files, read_file


def find_notice_file(notice: str, search: Iterable[str | Path]) -> Path | None:
    """The file of the notice with id ``notice`` in the first folder of ``search`` that has it; None for
    an id that is not a plain file name (it never reaches outside the folders)."""
    if plain_name(notice) is None:
        return None
    for folder in search:
        for suffix in NOTICE_SUFFIXES:
            candidate = Path(folder) / f"{notice}{suffix}"
            if candidate.exists():
                return candidate
    return None


def _names_notice(path, notice_id: str) -> bool:
    """Whether a record's ``path`` names a notice file of the notice ``notice_id`` (``FILE`` of ``FILE#2`` too):
    a path column is followed to nothing else."""
    if not isinstance(path, str) or not path.strip():
        return False
    path = Path(path)
    return path.suffix.lower() in NOTICE_SUFFIXES and path.stem in (notice_id, notice_id.rpartition("#")[0])


def check_labels(path: str | Path, seeds: str | Path = "seeds",
                 extra_categories: Iterable[str] = ()) -> tuple[list[LabelIssue], dict]:
    """Validate a label source (any form :func:`read_labels` reads) against the taxonomy and the parsed notices.

    Every record is checked as training checks it (text, a known category, a known status
    when one is given: a measure without a status trains the category model only). Records
    that name their notice and offsets are also checked against the notice: the offsets
    hold the record's text, the span is a measure the parser finds, no measure is labelled
    twice or overlaps another; and a JSONL file, which labels a whole notice, must label
    every measure the parser finds in it.

    Returns
    -------
    issues : list of LabelIssue
    coverage : dict
        ``{notice: (labelled parsed measures, parsed measures)}``.
    """
    try:
        files = label_files(path)
    except LabelError as err:
        return [LabelIssue.of(err)], {}
    issues, by_notice = _read_all(files, path, extra_categories)
    coverage: dict[str, tuple[int, int]] = {}
    label_root = Path(path) if Path(path).is_dir() else Path(path).parent
    for notice_id, records in sorted(by_notice.items()):
        paths = [Path(r["path"]) for r in records if _names_notice(r.get("path"), notice_id)]  # as suggest writes it
        source = next((p for p in paths if p.is_file()), None) \
            or find_notice_file(notice_id, [seeds, label_root / "notices"])
        first = records[0]
        if source is None:
            issues.append(LabelIssue(first["_file"], first["_line"], f"notice {notice_id!r} not found in {seeds}/ or "
                                     f"{label_root / 'notices'}/; keep the notice text beside the labels"))
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                notice = parse(source)
        except NoticeError as err:
            issues.append(LabelIssue(first["_file"], first["_line"], f"notice {notice_id!r}: {readable(str(err))}"))
            continue
        found, coverage[notice_id] = _against_notice(notice, records)
        issues += found
    return issues, coverage


def _read_all(files, path, extra_categories) -> tuple[list[LabelIssue], dict[str, list[dict]]]:
    """The issues of every file's records on their own, and the records that name a notice and offsets."""
    issues: list[LabelIssue] = []
    by_notice: dict[str, list[dict]] = {}
    labelled_any = with_status = False
    for file in files:
        try:
            records, problems = checked_records(read_file(file), extra_categories)
        except LabelError as err:
            issues.append(LabelIssue.of(err))
            continue
        issues.extend(problems)
        labelled_any = labelled_any or bool(records)
        with_status = with_status or any(r.get("status") for r in records)
        for r in records:
            if r.get("notice") and r.get("start") is not None:
                by_notice.setdefault(str(r["notice"]), []).append(r)
    if labelled_any and not with_status:
        issues.append(LabelIssue(str(path), None, "no measure has a status; training needs some to learn statuses"))
    return issues, by_notice


def _against_notice(notice, records: list[dict]) -> tuple[list[LabelIssue], tuple[int, int]]:
    """The records of one notice checked against its parsed measures: (issues, (labelled, parsed))."""
    issues: list[LabelIssue] = []
    parsed = {(m.start, m.end): m for m in notice.measures}
    seen_ids: dict[str, dict] = {}
    seen_spans: dict[tuple[int, int], dict] = {}
    for r in records:
        where = (r["_file"], r["_line"])
        span = (r["start"], r["end"])
        if r.get("measure_id") and r["measure_id"] in seen_ids:
            issues.append(LabelIssue(*where, f"duplicate measure_id {r['measure_id']!r} (first at line "
                                     f"{seen_ids[r['measure_id']]['_line']}); keep one record per measure"))
            continue
        if span in seen_spans:
            issues.append(LabelIssue(*where, f"duplicate: offsets {span} already labelled at line "
                                     f"{seen_spans[span]['_line']}; keep one record per measure"))
            continue
        seen_ids[r.get("measure_id")], seen_spans[span] = r, r
        actual = notice.text[r["start"]:r["end"]]
        if actual != r["text"]:
            issues.append(LabelIssue(*where, f"offsets {span} hold {actual[:20]!r}… but the record's text is "
                                     f"{r['text'][:20]!r}…; the boundary moved: relabel from a fresh export"))
        elif span not in parsed:
            issues.append(LabelIssue(*where, f"offsets {span} are not a measure the parser finds in {notice.id}; "
                                     "the boundary moved: relabel from a fresh export"))
    for (a, ra), (b, rb) in pairwise(sorted(seen_spans.items())):
        if b[0] < a[1]:
            issues.append(LabelIssue(rb["_file"], rb["_line"], f"overlaps the measure at line {ra['_line']} "
                                     f"({a[0]}-{a[1]} and {b[0]}-{b[1]}); measures never overlap"))
    if any(r["_file"].endswith(".jsonl") for r in records):  # a JSONL file labels its whole notice
        for key, m in parsed.items():
            if key not in seen_spans:
                issues.append(LabelIssue(records[0]["_file"], None, f"measure {m.id} at {key[0]}-{key[1]} "
                                         f"({m.text[:20]}…) is not labelled; add a record for it"))
    return issues, (sum(key in seen_spans for key in parsed), len(parsed))


def label_stats(records: list[dict]) -> dict:
    """Counts by category and by status, per notice and in all."""
    out: dict[str, dict] = {}
    for group, rows in [("all", records)] + sorted(
        ((n, [r for r in records if r.get("notice") == n]) for n in {r.get("notice") for r in records}),
        key=lambda item: str(item[0]),
    ):
        out["(no notice)" if group is None else str(group)] = {
            "measures": len(rows), "category": dict(Counter(r["category"] for r in rows)),
            "status": dict(Counter(r.get("status") or "none" for r in rows))}
    return out
