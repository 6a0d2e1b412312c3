"""Category and status baselines against the model, leave-one-notice-out on the annotated seeds.

    pip install ".[bench]"
    python benchmarks/baselines.py [--labels training/annotations] [--out benchmarks/results/baselines.json]

Every system sees the same folds (one per notice) and the same tokenisation
(rectify_nlp.tagging._tokens.cut). Systems:

- majority: the most frequent label of the training folds
- spec cues: the taxonomy's "typical cues" counted in the measure text; no hit → majority
- lexicon alone: the category with the highest cue-lexicon score (measure text plus half its problem title)
- tfidf text: word + character TF-IDF of the measure text and logistic regression, no context or lexicon
- tfidf + lexicon, tfidf + context: one ingredient added each (no lexicon prior)
- fastText: supervised fastText (fasttext-wheel) on the tokenised measure text
- model (logreg/svm/sgd/cnb): the library's CategoryClassifier (all blocks and the lexicon prior)
  with each linear model
- model, no prior: the default model without the lexicon prior
- model, prior weight 4: the default model with the earlier, weaker lexicon prior
- model, seed-read lexicon: the default model with the earlier lexicon, whose author had read the seeds
  (benchmarks/seed_read_lexicon.tsv), instead of the shipped one written from the spec alone
- model, nested choice: classifier and prior weight chosen inside each training fold by an inner
  leave-one-notice-out, so the held-out notice never influences the choice
- lexicon alone / model, held-out terms removed: in each fold, lexicon terms found in the held-out
  notice's measures but in no training notice are dropped: a pessimistic bound on how much the
  lexicon's author having read the seeds lifts the figures
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from importlib import resources
from collections import Counter
from pathlib import Path


from rectify_nlp import taxonomy
from rectify_nlp import CategoryClassifier, StatusClassifier, read_labels
from rectify_nlp.learning._evaluate import scores
from rectify_nlp.tagging._lexicon import lexicon_scores, load_lexicon
from rectify_nlp.tagging._records import context_records
from rectify_nlp.tagging._status_cues import stated_status
from rectify_nlp.tagging._status_grammar import read, verdict
from rectify_nlp.tagging._tokens import Tokenizer

cut = Tokenizer().cut

CANDIDATES = ("logreg", "svm", "sgd", "cnb")
SEED_READ_LEXICON = str(Path(__file__).resolve().parent / "seed_read_lexicon.tsv")
NESTED_GRID = [{"classifier": c, "prior_weight": p} for c in CANDIDATES for p in (4.0, 6.0)]


def folds(records):
    notices = sorted({r["notice"] for r in records})
    for notice in notices:
        train = [r for r in records if r["notice"] != notice]
        test = [r for r in records if r["notice"] == notice]
        yield notice, train, test


def X(records):
    return context_records(records)


def majority(train, test, field):
    label = Counter(r[field] for r in train).most_common(1)[0][0]
    return [label] * len(test)


def _spec_cues(path=Path(__file__).resolve().parents[2] / "shared" / "spec" / "taxonomy.md") -> dict[str, list[str]]:
    """The "typical cues" column of the specification's category table: {category id: cues}."""
    cues = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].strip("`") in taxonomy.CATEGORY_IDS and cells[3]:
            cues[cells[0].strip("`")] = [c.strip() for c in cells[3].replace("/", ", ").split(",") if c.strip()]
    return cues


SPEC_CUES = _spec_cues()


def spec_cues(train, test):
    fallback = Counter(r["category"] for r in train).most_common(1)[0][0]
    out = []
    for r in test:
        hits = Counter({c: sum(r["text"].count(cue) for cue in cues) for c, cues in SPEC_CUES.items()})
        best = hits.most_common(1)
        out.append(best[0][0] if best and best[0][1] > 0 else fallback)
    return out


def lexicon_alone(train, test, lexicon=None):
    lexicon = load_lexicon(lexicon)
    scores = lexicon_scores([r["text"] for r in test], lexicon) + 0.5 * lexicon_scores([r["problem"] for r in test], lexicon)
    return [lexicon[0][i] for i in scores.argmax(axis=1)]


def without_held_out_terms(system):
    """Run ``system`` with a lexicon that lacks the terms found only in the held-out notice."""
    def run(train, test):
        seen = "\n".join(r["text"] + r["problem"] for r in train)
        held_out = "\n".join(r["text"] + r["problem"] for r in test)
        lines = (resources.files("rectify_nlp") / "data" / "lexicon.tsv").read_text(encoding="utf-8").splitlines()
        kept = [lines[0]] + [l for l in lines[1:] if not (l.split("\t")[1] in held_out and l.split("\t")[1] not in seen)]
        print(f"    held-out lexicon: {len(lines) - len(kept)} of {len(lines) - 1} terms dropped", file=sys.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
            f.write("\n".join(kept) + "\n")
        try:
            return system(train, test, lexicon=f.name)
        finally:
            os.unlink(f.name)
    return run


def category_model(**params):
    def run(train, test, **more):
        clf = CategoryClassifier(**params, **more).fit(X(train), [r["category"] for r in train])
        return list(clf.predict(X(test)))
    return run


def nested_model(train, test):
    inner_notices = sorted({r["notice"] for r in train})
    best, best_f1 = None, -1.0
    for params in NESTED_GRID:
        y_true, y_pred = [], []
        for notice in inner_notices:
            tr = [r for r in train if r["notice"] != notice]
            te = [r for r in train if r["notice"] == notice]
            y_pred += category_model(**params)(tr, te)
            y_true += [r["category"] for r in te]
        f1 = scores(y_true, y_pred)["macro_f1"]
        if f1 > best_f1:
            best, best_f1 = params, f1
    print(f"    nested: fold chose {best} (inner macro-F1 {best_f1:.3f})", file=sys.stderr)
    return category_model(**best)(train, test)


def fasttext_model(train, test):
    import fasttext

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        for r in train:
            f.write(f"__label__{r['category']} {' '.join(cut(r['text']))}\n")
        path = f.name
    try:
        model = fasttext.train_supervised(path, epoch=50, lr=0.5, wordNgrams=2, dim=50, minCount=1, seed=0,
                                          thread=1, verbose=0)
    finally:
        os.unlink(path)
    out = []
    for r in test:
        # model.predict breaks under numpy 2 (copy=False); the underlying call works
        labels = model.f.predict(" ".join(cut(r["text"])), 1, 0.0, "strict")
        out.append(labels[0][1].replace("__label__", "") if labels else "other")
    return out


def status_rules(train, test):
    fallback = Counter(r["status"] for r in train).most_common(1)[0][0]
    return [stated_status(r["text"]) or verdict(read(r["text"])) or fallback for r in test]


def status_model(**params):
    def run(train, test):
        clf = StatusClassifier(**params).fit(X(train), [r["status"] for r in train])
        return list(clf.predict(X(test)))
    return run


def evaluate(records, field, system):
    y_true, y_pred = [], []
    start = time.perf_counter()
    for _, train, test in folds(records):
        y_pred += list(system(train, test))
        y_true += [r[field] for r in test]
    result = scores(y_true, y_pred)
    result["seconds"] = round(time.perf_counter() - start, 2)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", default="training/annotations")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/baselines.json"))
    parser.add_argument("--skip-fasttext", action="store_true")
    args = parser.parse_args()
    records = [r for r in read_labels(args.labels)]

    category_systems = {
        "majority": lambda tr, te: majority(tr, te, "category"),
        "spec cues": spec_cues,
        "lexicon alone": lexicon_alone,
        "tfidf text": category_model(context_weight=0, section_weight=0, lexicon_weight=0, prior_weight=0),
        "tfidf + lexicon": category_model(context_weight=0, section_weight=0, prior_weight=0),
        "tfidf + context": category_model(lexicon_weight=0, prior_weight=0),
    }
    if not args.skip_fasttext:
        category_systems["fastText"] = fasttext_model
    for name in CANDIDATES:
        category_systems[f"model ({name})"] = category_model(classifier=name)
    category_systems["model, no prior"] = category_model(prior_weight=0)
    category_systems["model, prior weight 4"] = category_model(prior_weight=4.0)
    category_systems["model, seed-read lexicon"] = category_model(lexicon=SEED_READ_LEXICON)
    category_systems["model, nested choice"] = nested_model
    category_systems["lexicon alone, held-out terms removed"] = without_held_out_terms(lexicon_alone)
    category_systems["model, held-out lexicon terms removed"] = without_held_out_terms(category_model())
    status_systems = {
        "majority": lambda tr, te: majority(tr, te, "status"),
        "stated + cue rules": status_rules,
        "linear model only": status_model(use_rules=False),
        "model (rules, then linear)": status_model(),
    }
    results = {"labels": args.labels, "measures": len(records), "category": {}, "status": {}}
    for field, systems in (("category", category_systems), ("status", status_systems)):
        for name, system in systems.items():
            print(f"{field}: {name}…", file=sys.stderr)
            results[field][name] = evaluate(records, field, system)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for field in ("category", "status"):
        print(f"\n| {field} system | accuracy | macro-F1 | weighted-F1 |\n|---|---|---|---|")
        for name, r in results[field].items():
            print(f"| {name} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {r['weighted_f1']:.3f} |")


if __name__ == "__main__":
    main()
