"""How well a model tags real measures from published pages it never trained on.

    python benchmarks/realworld_measures.py [--pages .realworld_measures/pages] [--model [NAME=]DIR ...]
                                            [--json OUT]

The development set is `benchmarks/realworld_measures/`: `pages.jsonl` lists the published pages (news on
rectification, audit-rectification reports, campaign reports, the problem parts of notices) with the
address, the query that finds each with the search tool (corpus `pages`), its kind, and the length and
SHA-256 prefix of the excerpt as saved; `measures.jsonl` lists the measures on them: character offsets
of the measure and of the finding it answers (when the page states one) in that excerpt, and the labels
of two annotators who worked blind from `../shared/spec/taxonomy.md` alone. A measure is scored on a
label when both annotators gave it.

The page texts are third-party and never committed. To re-find them, call the search tool with each
page's `query` and save the excerpt of the result whose address is the page's `url`, as
`.realworld_measures/pages/<page>.txt` (UTF-8); a page whose file is missing or whose length or hash
differs is skipped and counted.

Measures of one page under one stated problem (or none) are grouped as the parser groups the measures
of one problem, so an unsure category can defer to its siblings (`rectify_nlp.tagging._uncertainty`).
For each model (the shipped default if none is given) it prints category accuracy and macro-F1, status
accuracy and macro-F1, both by page kind, how many measures `needs_review` flags and how often both
their tags are right against the rest, and a reliability table: in bins of the category's calibrated
top probability, how often the model is right. `--calibrate DIR` first fits the temperatures and review
thresholds of the model in DIR on this set (`rectify_nlp.calibrate`) and writes them into its card.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np

import rectify_nlp
from rectify_nlp.learning._evaluate import scores
from rectify_nlp.tagging._records import context_records  # where every release has it

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "benchmarks" / "realworld_measures"
BINS = (0.0, 0.3, 0.5, 0.7, 0.9, 1.0001)


def load_set(pages_dir: Path) -> tuple[list[dict], dict]:
    """The measures whose page text is at hand, as records with both annotators' labels."""
    pages = {p["page"]: p for p in map(json.loads, (SET / "pages.jsonl").read_text(encoding="utf-8").splitlines())}
    texts, missing = {}, Counter()
    for page, meta in pages.items():
        path = pages_dir / f"{page}.txt"
        if not path.exists():
            missing["missing"] += 1
            continue
        text = path.read_text(encoding="utf-8")
        if len(text) != meta["chars"] or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] != meta["sha256"]:
            missing["differs"] += 1
            continue
        texts[page] = text
    records = []
    for m in map(json.loads, (SET / "measures.jsonl").read_text(encoding="utf-8").splitlines()):
        text = texts.get(m["page"])
        if text is None:
            continue
        problem = text[m["problem_start"]:m["problem_end"]] if m["problem_start"] is not None else ""
        records.append({**m, "text": text[m["start"]:m["end"]], "problem": problem, "section": "",
                        "kind": pages[m["page"]]["kind"],
                        "category": m["category_a"] if m["category_a"] == m["category_b"] else None,
                        "status": m["status_a"] if m["status_a"] == m["status_b"] else None})
    return records, {"pages": len(pages), "pages_read": len(texts), **missing}


def kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two annotators."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(records: list[dict]) -> dict:
    out = {}
    for field in ("category", "status"):
        a, b = [r[f"{field}_a"] for r in records], [r[f"{field}_b"] for r in records]
        out[field] = {"agreement": sum(x == y for x, y in zip(a, b)) / len(a), "kappa": kappa(a, b),
                      "kept": sum(x == y for x, y in zip(a, b))}
    return out


def reliability(confidence: np.ndarray, right: np.ndarray) -> list[dict]:
    rows = []
    for low, high in zip(BINS, BINS[1:]):
        inside = (confidence >= low) & (confidence < high)
        if inside.any():
            rows.append({"bin": f"{low:.1f}–{min(high, 1.0):.1f}", "n": int(inside.sum()),
                         "confidence": float(confidence[inside].mean()), "accuracy": float(right[inside].mean())})
    return rows


def groups(records: list[dict]) -> list[tuple]:
    """Each measure's problem on its page: what the parser would put under one problem."""
    return [(r["page"], r["problem"]) for r in records]


def score(tagger, records: list[dict]) -> dict:
    try:
        found = tagger.predict(context_records(records), groups=groups(records))
    except TypeError:  # a release before groups and needs_review (to score it, run this script under its code)
        found = tagger.predict(context_records(records))
        found = argparse.Namespace(**found._asdict(), needs_review=np.zeros(len(records), dtype=bool))
    category = [str(found.category_classes[p.argmax()]) for p in found.category_proba]
    status = [str(found.status_classes[p.argmax()]) for p in found.status_proba]
    confidence = np.array([p.max() for p in found.category_proba])
    with_category = [i for i, r in enumerate(records) if r["category"]]
    with_status = [i for i, r in enumerate(records) if r["status"]]
    right = np.array([category[i] == records[i]["category"] for i in with_category])
    both = [i for i in with_category if records[i]["status"]]
    both_right = np.array([category[i] == records[i]["category"] and status[i] == records[i]["status"] for i in both])
    review = found.needs_review[both]
    out = {
        "category": scores([records[i]["category"] for i in with_category], [category[i] for i in with_category]),
        "status": scores([records[i]["status"] for i in with_status], [status[i] for i in with_status]),
        "reliability": reliability(confidence[with_category], right),
        "calibration": tagger.meta.get("calibration"),
        "review": {"flagged": int(review.sum()), "of": len(both),
                   "both_right_flagged": float(both_right[review].mean()) if review.any() else None,
                   "both_right_kept": float(both_right[~review].mean()) if (~review).any() else None},
        "by_kind": {},
    }
    for kind in sorted({r["kind"] for r in records}):
        ci = [i for i in with_category if records[i]["kind"] == kind]
        si = [i for i in with_status if records[i]["kind"] == kind]
        out["by_kind"][kind] = {
            "category_accuracy": float(np.mean([category[i] == records[i]["category"] for i in ci])) if ci else None,
            "status_accuracy": float(np.mean([status[i] == records[i]["status"] for i in si])) if si else None,
            "n": len(ci)}
    for key in ("category", "status"):
        out[key].pop("confusion")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=ROOT / ".realworld_measures" / "pages")
    parser.add_argument("--model", action="append", default=[], metavar="[NAME=]DIR",
                        help="a model directory to score (repeatable); the shipped default when none is given")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--calibrate", type=Path, metavar="DIR",
                        help="first fit the temperatures and review thresholds of the model in DIR on this set "
                             "and write them into its model card (how the shipped model was calibrated)")
    args = parser.parse_args(argv)
    records, read = load_set(args.pages)
    if not records:
        raise SystemExit(f"no page texts in {args.pages}: re-find them as this script's docstring says")
    if args.calibrate:
        tagger = rectify_nlp.load(args.calibrate)
        labelled = [r for r in records if r["category"]]
        print("calibration:", rectify_nlp.calibrate(tagger, labelled, groups=groups(labelled)))
        from rectify_nlp.tagging import write_card

        write_card(args.calibrate, tagger.meta)
    models = [m.partition("=")[::2] if "=" in m else (Path(m).name, m) for m in args.model] or [("shipped", None)]
    result = {"set": {**read, "measures": len(records), "pages_of_measures": len({r["page"] for r in records}),
                      "kinds": dict(Counter(r["kind"] for r in records))},
              "annotators": agreement(records), "models": {}}
    for name, path in models:
        result["models"][name] = score(rectify_nlp.load(path), records)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def report(result: dict) -> str:
    s, a = result["set"], result["annotators"]
    lines = [f"{s['measures']} real measures from {s['pages_of_measures']} pages "
             f"({', '.join(f'{k} {v}' for k, v in sorted(s['kinds'].items()))}); "
             f"{s['pages'] - s['pages_read']} pages not at hand",
             f"annotators agree on {a['category']['agreement']:.1%} of categories (κ {a['category']['kappa']:.2f}, "
             f"{a['category']['kept']} kept) and {a['status']['agreement']:.1%} of statuses "
             f"(κ {a['status']['kappa']:.2f}, {a['status']['kept']} kept)", "",
             "| model | category accuracy | category macro-F1 | status accuracy | status macro-F1 | needs_review "
             "| both tags right: flagged / kept |", "|---|---|---|---|---|---|---|"]
    for name, m in result["models"].items():
        review = m["review"]
        flagged = f"{review['flagged']}/{review['of']}"
        split = f"{review['both_right_flagged'] or 0:.2f} / {review['both_right_kept'] or 0:.2f}"
        lines.append(f"| {name} | {m['category']['accuracy']:.3f} | {m['category']['macro_f1']:.3f} | "
                     f"{m['status']['accuracy']:.3f} | {m['status']['macro_f1']:.3f} | {flagged} | {split} |")
    for name, m in result["models"].items():
        lines += ["", f"{name}, by page kind: " + "; ".join(
            f"{kind} {v['category_accuracy']:.2f}/{v['status_accuracy']:.2f} (n={v['n']})"
            for kind, v in m["by_kind"].items()),
            f"{name}, reliability of the category's top probability:", "",
            "| top probability | measures | mean probability | accuracy |", "|---|---|---|---|"]
        lines += [f"| {r['bin']} | {r['n']} | {r['confidence']:.2f} | {r['accuracy']:.2f} |" for r in m["reliability"]]
        per = m["status"]["per_class"]
        lines.append(f"{name}, status F1: " + ", ".join(f"{k} {v['f1']:.2f} (n={v['support']})"
                                                      for k, v in per.items() if v["support"]))
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
