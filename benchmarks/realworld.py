"""How well `rectify_nlp.parse` reads the openings of real, published notices.

    python benchmarks/realworld.py .realworld [--facts PATH] [--json OUT]

The facts file (default: ../shared/realworld/dev.jsonl beside the repository) lists real
rectification-progress notices, one JSON object a line: `id`, `url`, `query`, `layout`, `facts`
(written by hand before any parser ran) and `visible` (how many problems and organising items the
opening shows). The texts themselves are third-party and are never committed. To re-find them, call
the search tool with corpus `pages` and each line's `query`, take the result whose address is the
line's `url`, and save its excerpt, exactly as returned (the notice's first ~700 characters, cut
mid-sentence), as `.realworld/<id>.txt` (UTF-8) in the git-ignored folder `.realworld/`. Lines whose
file is missing are skipped.

What is measured, for every notice whose file exists:
- meta fields (title, kind, inspecting_body, inspected_unit, period_start, period_end,
  feedback_date, published): right / stated, where stated = the fact is not null. Body and unit facts
  list acceptable answers; a `YYYY-MM` date fact is right when the parsed date equals it or starts
  with it; titles are compared with all whitespace removed. Spurious = the fact is null but the parser
  returned a value.
- totals: each key of `facts.totals` is right if `Notice.totals` has an equal number; `money_wan` is
  right if `recovered_wan_yuan` or `refunded_wan_yuan` equals it to 4 decimals.
- structure: extra problems = max(0, parsed problems - visible problems) (organising items or
  headings read as problems); visible problems found = min(parsed, visible) over all visible.
- crashes (any exception but `NoticeError`) and refusals (`NoticeError`); their stated facts count
  as not right.
"""

from __future__ import annotations

import argparse
import json
import re
import traceback
import warnings
from pathlib import Path
from typing import Any

import rectify_nlp

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FACTS = ROOT.parent / "shared" / "realworld" / "dev.jsonl"
META_FIELDS = ("title", "kind", "inspecting_body", "inspected_unit",
               "period_start", "period_end", "feedback_date", "published")
DATE_FIELDS = {"period_start", "period_end", "feedback_date", "published"}
MONEY_KEYS = ("recovered_wan_yuan", "refunded_wan_yuan")


def parsed_value(notice: Any, field: str) -> Any:
    value = notice.title if field == "title" else notice.meta.get(field)
    return None if value in (None, "") else value


def meta_right(field: str, fact: Any, got: Any) -> bool:
    if got is None:
        return False
    if field == "title":
        return re.sub(r"\s+", "", str(got)) == re.sub(r"\s+", "", fact)
    if isinstance(fact, list):
        return got in fact
    if field in DATE_FIELDS and re.fullmatch(r"\d{4}-\d{2}", fact):
        return str(got).startswith(fact)
    return str(got) == str(fact)


def total_right(key: str, fact: float, totals: dict[str, Any]) -> tuple[bool, Any]:
    """(right, what the parser returned) for one totals fact."""
    if key == "money_wan":
        got = {k: totals[k] for k in MONEY_KEYS if totals.get(k) is not None}
        return any(round(float(v), 4) == round(float(fact), 4) for v in got.values()), got or None
    got = totals.get(key)
    return got is not None and abs(float(got) - float(fact)) < 1e-9, got


def score(entry: dict[str, Any], path: Path) -> dict[str, Any]:
    """Score one notice opening against its facts."""
    facts, visible = entry["facts"], entry["visible"]
    row: dict[str, Any] = {"id": entry["id"], "layout": entry.get("layout", ""), "status": "ok",
                           "meta": {}, "totals": {}, "visible": int(visible.get("problems", 0)),
                           "parsed_problems": 0, "extra": 0, "found": 0}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notice = rectify_nlp.parse(path)
    except rectify_nlp.NoticeError as err:
        row["status"], row["error"], notice = "refused", str(err), None
    except Exception as err:  # noqa: BLE001 - a crash is what we measure
        row["status"], notice = "crash", None
        row["error"] = "".join(traceback.format_exception(type(err), err, err.__traceback__, limit=-3))
    for field in META_FIELDS:
        fact = facts.get(field)
        got = parsed_value(notice, field) if notice is not None else None
        right = fact is not None and meta_right(field, fact, got)
        row["meta"][field] = {"fact": fact, "got": got, "right": right,
                              "spurious": fact is None and got is not None}
    totals = dict(notice.totals) if notice is not None else {}
    for key, fact in facts.get("totals", {}).items():
        right, got = total_right(key, fact, totals)
        row["totals"][key] = {"fact": fact, "got": got, "right": right}
    if notice is not None:
        row["parsed_problems"] = len(notice.problems)
    row["extra"] = max(0, row["parsed_problems"] - row["visible"])
    row["found"] = min(row["parsed_problems"], row["visible"])
    return row


def pct(right: int, stated: int) -> str:
    return f"{100 * right / stated:.0f}%" if stated else "–"


def summarise(rows: list[dict[str, Any]], skipped: list[str]) -> dict[str, Any]:
    fields = {}
    for field in META_FIELDS:
        cells = [r["meta"][field] for r in rows]
        fields[field] = {"right": sum(c["right"] for c in cells),
                         "stated": sum(c["fact"] is not None for c in cells),
                         "spurious": sum(c["spurious"] for c in cells)}
    totals = [dict(id=r["id"], key=k, **c) for r in rows for k, c in r["totals"].items()]
    t_right = sum(c["right"] for c in totals)
    m_right = sum(f["right"] for f in fields.values())
    m_stated = sum(f["stated"] for f in fields.values())
    return {
        "notices": len(rows), "skipped": skipped, "fields": fields,
        "totals": {"right": t_right, "stated": len(totals), "misses": [c for c in totals if not c["right"]]},
        "all_facts": {"right": m_right + t_right, "stated": m_stated + len(totals)},
        "extra_problems": {"sum": sum(r["extra"] for r in rows), "notices": sum(r["extra"] > 0 for r in rows)},
        "visible_problems": {"found": sum(r["found"] for r in rows), "visible": sum(r["visible"] for r in rows)},
        "crashes": [{"id": r["id"], "error": r["error"]} for r in rows if r["status"] == "crash"],
        "refused": [{"id": r["id"], "error": r["error"]} for r in rows if r["status"] == "refused"],
        "per_notice": rows,
    }


def wrong_fields(row: dict[str, Any]) -> str:
    wrong = [f for f, c in row["meta"].items() if c["fact"] is not None and not c["right"]]
    wrong += [f"{f} (spurious)" for f, c in row["meta"].items() if c["spurious"]]
    wrong += [f"totals.{k}" for k, c in row["totals"].items() if not c["right"]]
    return ", ".join(wrong) or "—"


def report(summary: dict[str, Any]) -> str:
    rows = summary["per_notice"]
    out = ["## Per notice", "",
           "| id | layout | status | problems found/visible | extra | fields wrong |", "|---|---|---|---|---|---|"]
    for r in rows:
        layout = r["layout"] if len(r["layout"]) <= 24 else r["layout"][:23] + "…"
        out.append(f"| {r['id']} | {layout} | {r['status']} | {r['found']}/{r['visible']} | "
                   f"{r['extra']} | {wrong_fields(r)} |")
    out += ["", f"## Summary ({summary['notices']} notices"
            + (f"; {len(summary['skipped'])} without a file: {', '.join(summary['skipped'])}" if summary["skipped"] else "")
            + ")", "", "| measure | right/stated | % | spurious |", "|---|---|---|---|"]
    for field, f in summary["fields"].items():
        out.append(f"| {field} | {f['right']}/{f['stated']} | {pct(f['right'], f['stated'])} | {f['spurious']} |")
    t, a = summary["totals"], summary["all_facts"]
    ep, vp = summary["extra_problems"], summary["visible_problems"]
    out += [f"| totals | {t['right']}/{t['stated']} | {pct(t['right'], t['stated'])} | |",
            f"| **all facts** | **{a['right']}/{a['stated']}** | **{pct(a['right'], a['stated'])}** | |",
            f"| extra problems | {ep['sum']} in {ep['notices']} notices | | |",
            f"| visible problems found | {vp['found']}/{vp['visible']} | {pct(vp['found'], vp['visible'])} | |",
            f"| crashes | {len(summary['crashes'])} | | |",
            f"| refused (NoticeError) | {len(summary['refused'])} | | |"]
    out += ["", "## Misses (parsed vs fact)", ""]
    for field in META_FIELDS:
        for r in rows:
            c = r["meta"][field]
            if (c["fact"] is not None and not c["right"]) or c["spurious"]:
                what = "spurious" if c["spurious"] else "wrong"
                out.append(f"- {field} [{r['id']}] {what}: parsed={c['got']!r} fact={c['fact']!r}")
    for m in t["misses"]:
        out.append(f"- totals.{m['key']} [{m['id']}]: parsed={m['got']!r} fact={m['fact']!r}")
    for kind in ("crashes", "refused"):
        for c in summary[kind]:
            out += ["", f"{kind[:-1] if kind == 'crashes' else 'refused'} [{c['id']}]:", c["error"].rstrip()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score rectify_nlp.parse on real notice openings against hand-written facts "
                    "(meta fields, totals, problems found vs visible, crashes). See the module "
                    "docstring for how to re-find the openings into the git-ignored .realworld/.")
    parser.add_argument("dir", type=Path, help="folder holding <id>.txt openings, e.g. .realworld")
    parser.add_argument("--facts", type=Path, default=DEFAULT_FACTS,
                        help=f"JSONL facts file (default: {DEFAULT_FACTS})")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON to OUT")
    args = parser.parse_args(argv)
    entries = [json.loads(line) for line in args.facts.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows, skipped = [], []
    for entry in entries:
        path = args.dir / f"{entry['id']}.txt"
        if path.is_file():
            rows.append(score(entry, path))
        else:
            skipped.append(entry["id"])
    summary = summarise(rows, skipped)
    print(report(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
