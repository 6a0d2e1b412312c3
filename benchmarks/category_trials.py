"""Category ideas tried leave-one-notice-out on the annotated seeds, kept or left out.

    python benchmarks/category_trials.py [--labels training/annotations]

- prior weight: the default model with the lexicon prior at 3, 4, 6 and 8 (6 ships)
- union lexicon: the shipped lexicon and the seed-read one merged (the larger weight per term and category)
- problem agreement: each measure's log-probabilities plus ``beta`` times the mean of those of the other
  measures under its problem (beta 0.25, 0.5, 1), from one set of held-out predictions
- area first at the lexicon: in the prior, the weight of an instrument term (one containing 监督, 审计,
  问责, 检查, …) is multiplied by ``gamma`` when the measure also holds a term that is not an instrument;
  gamma 0.5 and 0.25

Every system sees the same folds (one per notice). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

from rectify_nlp import CategoryClassifier, evaluate, read_labels
from rectify_nlp.learning._evaluate import scores
from rectify_nlp.tagging import _estimators
from rectify_nlp.tagging._lexicon import _matcher, by_class
from rectify_nlp.tagging._records import context_records

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rectify_nlp" / "data" / "lexicon.tsv"
SEED_READ = ROOT / "benchmarks" / "seed_read_lexicon.tsv"
INSTRUMENTS = ("监督", "督查", "督办", "审计", "巡察", "巡视", "检查", "排查", "问责", "追责", "责任追究", "培训",
               "招聘", "专班", "工作小组", "谈话", "约谈", "考核", "整治", "立案", "查处", "处分", "自查", "教育")


def category_scores(records, **params) -> tuple[float, float]:
    c = evaluate(records, **params)["category"]
    return c["accuracy"], c["macro_f1"]


def union_lexicon(path: Path) -> None:
    weights: dict[tuple[str, str], float] = {}
    for source in (SHIPPED, SEED_READ):
        for line in source.read_text(encoding="utf-8-sig").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 2:
                key = (parts[0], parts[1].strip())
                weights[key] = max(weights.get(key, 0.0), float(parts[2]) if len(parts) > 2 and parts[2] else 1.0)
    path.write_text("category\tterm\tweight\n" + "".join(f"{c}\t{t}\t{w}\n" for (c, t), w in weights.items()),
                    encoding="utf-8")


def problem_agreement(records, betas) -> dict[float, tuple[float, float]]:
    """Held-out log-probabilities, then each measure shifted towards the mean of its problem's others."""
    out, classes = {}, None
    for notice in sorted({r["notice"] for r in records}):
        train = [r for r in records if r["notice"] != notice]
        test = [i for i, r in enumerate(records) if r["notice"] == notice]
        clf = CategoryClassifier().fit(context_records(train), [r["category"] for r in train])
        classes = list(clf.classes_) if classes is None else classes
        assert classes == list(clf.classes_), "every fold must see every category"
        for i, p in zip(test, clf.predict_proba(context_records([records[i] for i in test]))):
            out[i] = np.log(p + 1e-12)
    by_problem = defaultdict(list)
    for i, r in enumerate(records):
        by_problem[r["notice"], r["problem"]].append(i)
    truth, results = [r["category"] for r in records], {}
    for beta in betas:
        predicted = []
        for i, r in enumerate(records):
            others = [j for j in by_problem[r["notice"], r["problem"]] if j != i]
            shifted = out[i] + (beta * np.mean([out[j] for j in others], axis=0) if others else 0.0)
            predicted.append(classes[int(shifted.argmax())])
        s = scores(truth, predicted)
        results[beta] = (s["accuracy"], s["macro_f1"])
    return results


def area_first_prior(gamma: float):
    """A lexicon prior in which instrument terms count ``gamma`` times when the text also names an area."""
    def prior(texts, problems, classes, lexicon, context_weight):
        automaton, weights, words = _matcher(lexicon)
        instrument = np.array([any(w in term for w in INSTRUMENTS) for term in words])

        def cue_scores(items):
            area, tool = np.zeros((len(items), weights.shape[1])), np.zeros((len(items), weights.shape[1]))
            for row, text in enumerate(items):
                for term, _, _ in automaton.find_matches_as_indexes(text):
                    (tool if instrument[term] else area)[row] += weights[term]
            return area, tool

        area, tool = cue_scores(texts)
        named = area.sum(axis=1, keepdims=True) > 0
        out = np.log1p(area + np.where(named, gamma * tool, tool))
        if context_weight:
            out = out + context_weight * np.log1p(sum(cue_scores(problems)))
        return by_class(out, lexicon[0], classes)
    return prior


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", default=str(ROOT / "training" / "annotations"))
    args = parser.parse_args()
    records = read_labels(args.labels)
    rows = []
    for weight in (3.0, 4.0, 6.0, 8.0):
        rows.append((f"prior weight {weight:g}" + (" (default)" if weight == 6.0 else ""),
                     category_scores(records, prior_weight=weight)))
        print(rows[-1], file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        union = Path(tmp) / "union.tsv"
        union_lexicon(union)
        rows.append(("union of the shipped and seed-read lexicons", category_scores(records, lexicon=str(union))))
    for beta, result in problem_agreement(records, (0.25, 0.5, 1.0)).items():
        rows.append((f"problem agreement, beta {beta:g}", result))
    default_prior = _estimators.lexicon_prior
    try:
        for gamma in (0.5, 0.25):
            _estimators.lexicon_prior = area_first_prior(gamma)
            rows.append((f"area first at the lexicon, gamma {gamma:g}", category_scores(records)))
    finally:
        _estimators.lexicon_prior = default_prior
    print("| system | accuracy | macro-F1 |\n|---|---|---|")
    for name, (accuracy, macro_f1) in rows:
        print(f"| {name} | {accuracy:.3f} | {macro_f1:.3f} |")


if __name__ == "__main__":
    main()
