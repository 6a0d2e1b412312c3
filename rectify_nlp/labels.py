"""Label files: reading, validating and counting labelled measures.

A label record (one JSON object per line in ``training/annotations/<notice>.jsonl``)::

    {"notice": "001_6f66318992fdd9a8", "measure_id": "p03m02", "start": 2210, "end": 2301,
     "text": "...", "problem": "...", "section": "...", "stated_status": null,
     "category": "economy_business", "status": "completed", "note": ""}

Offsets refer to ``notice.text`` of the parsed notice. Both offsets and text are
stored, so a parser change that moves a boundary is caught by ``check_labels``
instead of silently mislabelling a different stretch of text.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import taxonomy

REQUIRED = ("notice", "measure_id", "start", "end", "text", "problem", "section", "category", "status")


@dataclass
class LabelIssue:
    """One problem found in a label file: where it is and how to fix it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def label_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.jsonl") if p.is_file())
    return [path]


def read_jsonl(path: str | Path) -> list[dict]:
    """Records of a JSONL label file, each with ``_file`` and ``_line`` for messages."""
    records = []
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as err:
                raise ValueError(f"{path}:{number}: not valid JSON ({err.msg}); each line must be one JSON object")
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object, found {type(record).__name__}")
            record["_file"], record["_line"] = str(path), number
            records.append(record)
    return records


def read_labels(path: str | Path) -> list[dict]:
    """All labelled measures under a JSONL file or a directory of them.

    Examples
    --------
    >>> records = read_labels("training/annotations")
    >>> records[0]["notice"], records[0]["measure_id"]
    ('000_f86f210ebf964fa1', 'p01m01')
    """
    files = label_files(path)
    if not files or not files[0].exists():
        raise FileNotFoundError(f"{path}: no label files (.jsonl) found")
    return [r for f in files for r in read_jsonl(f)]


def find_notice_file(notice: str, search: Iterable[str | Path]) -> Path | None:
    for folder in search:
        for suffix in (".txt", ".html", ".htm"):
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
    from .structure import parse

    allowed_categories = set(taxonomy.CATEGORY_IDS) | set(extra_categories)
    issues: list[LabelIssue] = []
    by_notice: dict[str, list[dict]] = {}
    for file in label_files(path):
        if not file.exists():
            issues.append(LabelIssue(str(file), None, "no such file or directory"))
            continue
        try:
            records = read_jsonl(file)
        except ValueError as err:
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


TABLE_COLUMNS = ("text", "category", "status", "problem", "notice")


def _normalise_label(value, kind: str, extra: set, where: str) -> str | None:
    """A category/status id from an id or a 中文 name; None for an empty cell."""
    if value is None or (isinstance(value, float) and value != value) or not str(value).strip():
        return None
    key = str(value).strip()
    if kind == "category" and key in extra:
        return key
    try:
        return (taxonomy.category if kind == "category" else taxonomy.status)(key).id
    except KeyError as err:
        hint = " (or declare it with --allow-category)" if kind == "category" else ""
        raise ValueError(f"{where}: {err.args[0]}{hint}")


def read_table_labels(path: str | Path, extra_categories: Iterable[str] = ()) -> list[dict]:
    """Labels edited in a spreadsheet: ``.csv`` or ``.xlsx`` with columns
    ``text, category[, status][, problem][, notice]`` (categories as ids or 中文 names).

    The tables that ``rectify-nlp tag`` and ``rectify-nlp suggest`` write have these
    columns (and more, which are kept when present: start, end, section_title, notice_id).
    """
    import pandas as pd

    path = Path(path)
    frame = pd.read_excel(path) if path.suffix.lower() == ".xlsx" else pd.read_csv(path, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in ("text", "category") if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; a label table needs "
                         f"text, category[, status][, problem][, notice]")
    extra = set(extra_categories)
    records = []
    for i, row in enumerate(frame.to_dict("records")):
        line = i + 2  # the header is line 1
        where = f"{path}:{line}"
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        category = _normalise_label(row.get("category"), "category", extra, where)
        if category is None:
            continue  # a row the user left unlabelled
        record = {
            "text": text.strip(), "category": category,
            "status": _normalise_label(row.get("status"), "status", extra, where),
            "problem": _cell(row.get("problem", row.get("problem_title"))),
            "section": _cell(row.get("section", row.get("section_title"))),
            "notice": _cell(row.get("notice", row.get("notice_id"))),
            "_file": str(path), "_line": line,
        }
        for key in ("start", "end"):
            if _cell(row.get(key)) is not None:
                record[key] = int(row[key])
        records.append(record)
    return records


def _cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value).strip() if isinstance(value, str) else value


def read_label_source(path: str | Path, extra_categories: Iterable[str] = ()) -> list[dict]:
    """Records of one label source, by its form: JSONL file or folder, CSV/XLSX, Label Studio JSON."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return read_table_labels(path, extra_categories)
    if suffix == ".json":
        from .labelstudio import read_labelstudio

        return read_labelstudio(path, extra_categories)
    records = read_labels(path)
    extra = set(extra_categories)
    for r in records:
        where = f"{r['_file']}:{r['_line']}"
        r["category"] = _normalise_label(r.get("category"), "category", extra, where)
        r["status"] = _normalise_label(r.get("status"), "status", extra, where)
    return records


def _key(record: dict) -> tuple:
    if record.get("notice") and record.get("start") is not None and record.get("end") is not None:
        return ("span", str(record["notice"]), int(record["start"]), int(record["end"]))
    return ("text", record["text"])


def merge_labels(sources: list[list[dict]]) -> tuple[list[dict], dict]:
    """Merge label sets; a later source overrides an earlier one for the same measure.

    A measure is matched by notice and offsets, else by its exact text. A row
    without a status keeps the status it had. Returns the merged records and
    counts: ``added``, ``overridden`` (a later source changed a label),
    ``unchanged`` and ``conflicts`` (one source labelling a measure two ways).
    """
    merged: dict[tuple, dict] = {}
    by_text: dict[str, tuple] = {}
    counts = {"added": 0, "overridden": 0, "unchanged": 0, "conflicts": 0}
    for records in sources:
        seen_here: dict[tuple, dict] = {}
        for r in records:
            key = _key(r)
            if key[0] == "text" and key not in merged and r["text"] in by_text:
                key = by_text[r["text"]]
            if key in seen_here and (seen_here[key]["category"], seen_here[key].get("status")) != (r["category"], r.get("status")):
                counts["conflicts"] += 1
            seen_here[key] = r
            old = merged.get(key)
            if old is None:
                merged[key] = dict(r)
                by_text.setdefault(r["text"], key)
                counts["added"] += 1
                continue
            new = {**old, **{k: v for k, v in r.items() if v is not None and k not in ("_file", "_line")}}
            if (new["category"], new.get("status")) != (old["category"], old.get("status")):
                counts["overridden"] += 1
            else:
                counts["unchanged"] += 1
            merged[key] = new
    return list(merged.values()), counts


def load_label_sources(sources: Iterable[str | Path], extra_categories: Iterable[str] = ()) -> tuple[list[dict], list[str]]:
    """Read and merge label sources in order; returns records and report lines."""
    sources = list(sources)
    sets = [read_label_source(s, extra_categories) for s in sources]
    records, counts = merge_labels(sets)
    report = [f"labels: {len(records)} measures from {len(sources)} source(s); "
              + ", ".join(f"{v} {k}" for k, v in counts.items())]
    return records, report


def write_label_set(records: list[dict], out: str | Path) -> int:
    """Write records as ``<notice>.jsonl`` files, and any notice texts they carry as
    ``notices/<notice>.txt``, so the set can be checked and retrained without the originals."""
    from .io import atomic_path

    out = Path(out)
    by_notice: dict[str, list[dict]] = {}
    texts: dict[str, str] = {}
    for r in records:
        notice = str(r.get("notice") or "unknown")
        if r.get("notice_text"):
            texts[notice] = r["notice_text"]
        clean = {k: v for k, v in r.items() if not k.startswith("_") and k != "notice_text"}
        clean.setdefault("note", "")
        by_notice.setdefault(notice, []).append(clean)
    for notice, text in texts.items():
        with atomic_path(out / "notices" / f"{notice}.txt") as tmp:
            tmp.write_text(text, encoding="utf-8")
    for notice, rows in by_notice.items():
        rows.sort(key=lambda r: (r.get("start") is None, r.get("start") or 0))
        with atomic_path(out / f"{notice}.jsonl") as tmp:
            tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(by_notice)
