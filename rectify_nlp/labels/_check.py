"""Checking label files against the taxonomy and the parsed notices, and counting labels."""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .. import taxonomy
from ..errors import LabelError
from ..parsing._parse import parse
from ..reading._source import NOTICE_SUFFIXES
from ._jsonl import REQUIRED, label_files, read_jsonl


@dataclass
class LabelIssue:
    """One problem found in a label file: where it is and how to fix it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def find_notice_file(notice: str, search: Iterable[str | Path]) -> Path | None:
    """The file of the notice with id ``notice`` in the first folder of ``search`` that has it."""
    for folder in search:
        for suffix in NOTICE_SUFFIXES:
            candidate = Path(folder) / f"{notice}{suffix}"
            if candidate.exists():
                return candidate
    return None


def check_labels(path: str | Path, seeds: str | Path = "seeds", extra_categories: Iterable[str] = ()) -> tuple[list[LabelIssue], dict]:
    """Validate label files against the taxonomy and the parsed notices.

    Checks the schema, that ids are in the taxonomy, that offsets and text match
    the notice, that no measure is labelled twice or overlaps another, and that
    every measure the parser finds in each labelled notice is labelled.

    Returns
    -------
    issues : list of LabelIssue
    coverage : dict
        ``{notice: (labelled parsed measures, parsed measures)}``.
    """
    allowed_categories = set(taxonomy.CATEGORY_IDS) | set(extra_categories)
    issues: list[LabelIssue] = []
    by_notice: dict[str, list[dict]] = {}
    for file in label_files(path):
        if not file.exists():
            issues.append(LabelIssue(str(file), None, "no such file or directory"))
            continue
        try:
            records = read_jsonl(file)
        except LabelError as err:
            issues.append(LabelIssue(str(file), None, str(err)))
            continue
        for r in records:
            where = (r["_file"], r["_line"])
            missing = [k for k in REQUIRED if k not in r]
            if missing:
                issues.append(LabelIssue(*where, f"missing field(s) {', '.join(missing)}; every record needs {', '.join(REQUIRED)}"))
                continue
            if not isinstance(r["start"], int) or not isinstance(r["end"], int) or r["start"] >= r["end"]:
                issues.append(LabelIssue(*where, f"start/end must be integers with start < end, got {r['start']!r}, {r['end']!r}"))
                continue
            if r["category"] not in allowed_categories:
                issues.append(LabelIssue(*where, f"unknown category {r['category']!r}; valid ids: {', '.join(sorted(allowed_categories))}"))
            if r["status"] not in taxonomy.STATUS_IDS:
                issues.append(LabelIssue(*where, f"unknown status {r['status']!r}; valid ids: {', '.join(taxonomy.STATUS_IDS)}"))
            by_notice.setdefault(r["notice"], []).append(r)

    coverage: dict[str, tuple[int, int]] = {}
    label_root = Path(path) if Path(path).is_dir() else Path(path).parent
    for notice_id, records in sorted(by_notice.items()):
        source = find_notice_file(notice_id, [seeds, label_root / "notices"])
        if source is None:
            first = records[0]
            issues.append(LabelIssue(first["_file"], first["_line"], f"notice {notice_id!r} not found in {seeds}/ or "
                                     f"{label_root / 'notices'}/; keep the notice text beside the labels"))
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notice = parse(source)
        parsed = {(m.start, m.end): m for m in notice.measures}
        seen_ids: dict[str, dict] = {}
        seen_spans: dict[tuple[int, int], dict] = {}
        for r in records:
            where = (r["_file"], r["_line"])
            span = (r["start"], r["end"])
            if r["measure_id"] in seen_ids:
                issues.append(LabelIssue(*where, f"duplicate measure_id {r['measure_id']!r} (first at line "
                                         f"{seen_ids[r['measure_id']]['_line']}); keep one record per measure"))
                continue
            if span in seen_spans:
                issues.append(LabelIssue(*where, f"duplicate: offsets {span} already labelled at line "
                                         f"{seen_spans[span]['_line']}; keep one record per measure"))
                continue
            seen_ids[r["measure_id"]], seen_spans[span] = r, r
            actual = notice.text[r["start"]:r["end"]]
            if actual != r["text"]:
                issues.append(LabelIssue(*where, f"offsets {span} hold {actual[:20]!r}… but the record's text is "
                                         f"{r['text'][:20]!r}…; the boundary moved: relabel from a fresh export"))
            elif span not in parsed:
                issues.append(LabelIssue(*where, f"offsets {span} are not a measure the parser finds in {notice_id}; "
                                         "the boundary moved: relabel from a fresh export"))
        spans = sorted(seen_spans.items())
        for (a, ra), (b, rb) in zip(spans, spans[1:]):
            if b[0] < a[1]:
                issues.append(LabelIssue(rb["_file"], rb["_line"], f"overlaps the measure at line {ra['_line']} "
                                         f"({a[0]}-{a[1]} and {b[0]}-{b[1]}); measures never overlap"))
        labelled = [m for key, m in parsed.items() if key in seen_spans]
        for key, m in parsed.items():
            if key not in seen_spans:
                issues.append(LabelIssue(records[0]["_file"], None, f"measure {m.id} at {key[0]}-{key[1]} "
                                         f"({m.text[:20]}…) is not labelled; add a record for it"))
        coverage[notice_id] = (len(labelled), len(parsed))
    return issues, coverage


def label_stats(records: list[dict]) -> dict:
    """Counts by category and by status, per notice and in all."""
    out: dict[str, dict] = {}
    for group, rows in [("all", records)] + sorted(
        ((n, [r for r in records if r.get("notice") == n]) for n in {r.get("notice") for r in records}),
        key=lambda item: str(item[0]),
    ):
        out[str(group)] = {"measures": len(rows), "category": dict(Counter(r["category"] for r in rows)),
                           "status": dict(Counter(r["status"] for r in rows))}
    return out
