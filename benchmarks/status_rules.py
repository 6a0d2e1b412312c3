"""What each rule of the status grammar does on real measures: status macro-F1 without it.

    python benchmarks/status_rules.py [--labels training/annotations] [--pages .realworld_measures/pages]

For every rule of `rectify_nlp.vocabulary.STATUS_RULES`, and for each of the grammar's mechanisms
(a deadline read without a notice date, a deadline clause scheduling the act after it, the next-step
opener, completion rates and found-then-done counts), the status model is refitted on the labels with
that one piece taken out and scored on the real measures of `benchmarks/realworld_measures/` (see
`realworld_measures.py` for re-finding their text) and leave-one-notice-out on the labelled notices.
A piece whose removal raises the real-measure figure does not help there.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import warnings
from pathlib import Path

import rectify_nlp
import rectify_nlp.tagging._status_figures as figures
import rectify_nlp.tagging._status_grammar as grammar
from rectify_nlp.learning._evaluate import scores
from rectify_nlp.tagging import StatusClassifier, context_records
from realworld_measures import ROOT, load_set

NEVER = re.compile(r"(?!)")
MECHANISMS = {
    "deadline without a date": (grammar, "_DEADLINE", NEVER),
    "next-step opener": (grammar, "_FUTURE_OPENER", NEVER),
    "completion rate": (figures, "_RATE_DONE", NEVER),
    "found then done": (figures, "_PART_DONE", figures._PART_DONE[:2]),
}


def status_figures(labels: list[dict], dev: list[dict]) -> tuple[float, float]:
    """(real-measure status macro-F1, leave-one-notice-out status macro-F1 on the labelled notices)."""
    trained = [r for r in labels if r.get("status")]
    model = StatusClassifier().fit(context_records(trained), [r["status"] for r in trained])
    real = scores([r["status"] for r in dev], list(model.predict(context_records(dev))))["macro_f1"]
    truth, predicted = [], []
    for notice in sorted({r["notice"] for r in trained if r.get("notice")}):
        fold = [r for r in trained if r.get("notice") != notice]
        held = [r for r in trained if r.get("notice") == notice]
        fitted = StatusClassifier().fit(context_records(fold), [r["status"] for r in fold])
        truth += [r["status"] for r in held]
        predicted += list(fitted.predict(context_records(held)))
    return real, scores(truth, predicted)["macro_f1"]


@contextlib.contextmanager
def without(module, name: str, value):
    kept = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, kept)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", default=str(ROOT / "training" / "annotations"))
    parser.add_argument("--pages", type=Path, default=ROOT / ".realworld_measures" / "pages")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    labels = rectify_nlp.read_labels(args.labels)
    dev = [r for r in load_set(args.pages)[0] if r["status"]]
    if not dev:
        raise SystemExit(f"no page texts in {args.pages}: see realworld_measures.py")
    real, seeds = status_figures(labels, dev)
    print(f"{len(dev)} real measures with an agreed status\n")
    print("| taken out | real measures: status macro-F1 | change | labelled notices, leave-one-out | change |")
    print("|---|---|---|---|---|")
    print(f"| nothing | {real:.3f} | | {seeds:.3f} | |")
    pieces = [(f"rule {rule.name}", grammar, "RULES", tuple(r for r in grammar.RULES if r is not rule))
              for rule in grammar.RULES]
    pieces += [(name, *spec) for name, spec in MECHANISMS.items()]
    for name, module, attribute, value in pieces:
        with without(module, attribute, value):
            r, s = status_figures(labels, dev)
        print(f"| {name} | {r:.3f} | {r - real:+.3f} | {s:.3f} | {s - seeds:+.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
