"""Merging label sources, and writing a label set back."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..errors import LabelError
from ..files import atomic_path, plain_name
from ._read import read_labels


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
            labels = (r["category"], r.get("status"))
            if key in seen_here and (seen_here[key]["category"], seen_here[key].get("status")) != labels:
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


def load_label_sources(sources: Iterable[str | Path],
                       extra_categories: Iterable[str] = ()) -> tuple[list[dict], list[str]]:
    """Read and merge label sources in order; returns records and report lines."""
    sources = list(sources)
    sets = [read_labels(s, extra_categories=extra_categories) for s in sources]
    records, counts = merge_labels(sets)
    report = [f"labels: {len(records)} measures from {len(sources)} source(s); "
              + ", ".join(f"{v} {k}" for k, v in counts.items())]
    return records, report


def write_label_set(records: list[dict], out: str | Path) -> int:
    """Write records as ``<notice>.jsonl`` files, and any notice texts they carry as
    ``notices/<notice>.txt``, so the set can be checked and retrained without the originals.
    Every file is written inside ``out``: a notice id that is not a plain file name is refused."""
    out = Path(out)
    by_notice: dict[str, list[dict]] = {}
    texts: dict[str, str] = {}
    for r in records:
        notice = str(r.get("notice") or "unknown")
        if plain_name(notice) is None:  # read_labels refuses such records; a name from data is never a path
            raise LabelError(f"notice {notice[:60]!r} is not a plain file name; no file is written for it",
                             file=r.get("_file"), line=r.get("_line"))
        if r.get("notice_text"):
            texts[notice] = r["notice_text"]
        clean = {k: v for k, v in r.items() if not k.startswith("_") and k != "notice_text"
                 and not (k == "status" and v is None)}  # an unset status is left out, as check and train expect
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
