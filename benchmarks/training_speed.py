"""Training speed: leave-one-notice-out ``evaluate`` against a plain TF-IDF + logistic regression.

    pip install ".[bench]"
    python benchmarks/training_speed.py [--labels training/annotations] [--repeat 3] [--json OUT]

In one process, over the same folds (one per notice of the labelled seeds), times

- (a) plain: for each notice held out, ``TfidfVectorizer(analyzer="char", ngram_range=(1, 3),
  sublinear_tf=True)`` + ``LogisticRegression(max_iter=1000)`` on the measure text, fitted on
  the other notices, predicting the held-out notice's categories;
- (b) model: ``rectify_nlp.evaluate(records)`` (category and status models, every fold).

Each runs ``--repeat`` times, alternating (a, b, a, b, ...) so both see the same machine load;
the median seconds, the range, the ratio b/a of the medians and both pipelines' category accuracy
and macro-F1 (scored alike, by ``rectify_nlp.learning._evaluate.scores``) are printed as a
markdown table, and written to ``--json OUT`` when given. Imports and the one-time warm-up
(tokenizer dictionary, lexicon) happen before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plain_lono(records) -> list[str]:
    """Out-of-fold category predictions of char 1-3-gram TF-IDF + LogisticRegression, one fold per notice."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    groups = [r.get("notice") or "" for r in records]
    pred = [""] * len(records)
    for notice in sorted(set(groups)):
        train = [i for i, g in enumerate(groups) if g != notice]
        test = [i for i, g in enumerate(groups) if g == notice]
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        X = vectorizer.fit_transform([records[i]["text"] for i in train])
        model = LogisticRegression(max_iter=1000).fit(X, [records[i]["category"] for i in train])
        for i, p in zip(test, model.predict(vectorizer.transform([records[i]["text"] for i in test]))):
            pred[i] = str(p)
    return pred


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", default=str(ROOT / "training" / "annotations"),
                        help="labelled measures (a directory or file rectify_nlp.read_labels takes)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each pipeline (default 3); medians reported")
    parser.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    import rectify_nlp
    from rectify_nlp.learning._evaluate import scores

    records = list(rectify_nlp.read_labels(args.labels))
    truth = [r["category"] for r in records]
    notices = len({r.get("notice") or "" for r in records})

    # warm-up outside the clock: imports, tokenizer dictionary, lexicon, scikit-learn modules
    warm = [r for r in records if r.get("notice") == records[0].get("notice")][:20]
    warm += [r for r in records if r.get("notice") != records[0].get("notice")][:20]
    rectify_nlp.evaluate(warm)
    plain_lono(warm)

    plain_times, model_times = [], []
    plain_pred, model_report = None, None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        plain_pred = plain_lono(records)
        plain_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        model_report = rectify_nlp.evaluate(records)
        model_times.append(time.perf_counter() - t0)

    plain_scores = scores(truth, plain_pred)
    rows = {
        "plain": {"pipeline": "char 1-3 TF-IDF + LogisticRegression (category only)", "seconds": plain_times,
                  "category_accuracy": plain_scores["accuracy"], "category_macro_f1": plain_scores["macro_f1"]},
        "model": {"pipeline": "rectify_nlp.evaluate (category + status)", "seconds": model_times,
                  "category_accuracy": model_report["category"]["accuracy"],
                  "category_macro_f1": model_report["category"]["macro_f1"],
                  "status_accuracy": model_report["status"]["accuracy"],
                  "status_macro_f1": model_report["status"]["macro_f1"]},
    }
    for row in rows.values():
        row["median_seconds"] = statistics.median(row["seconds"])
    ratio = rows["model"]["median_seconds"] / rows["plain"]["median_seconds"]

    print(f"leave-one-notice-out, {len(records)} measures, {notices} notices, {args.repeat} runs each "
          f"(median, range), {os.cpu_count()} cores\n")
    print("| pipeline | median s | range s | category acc | category macro-F1 | status acc | status macro-F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows.values():
        status = (f"{row['status_accuracy']:.3f} | {row['status_macro_f1']:.3f}" if "status_accuracy" in row
                  else "– | –")
        print(f"| {row['pipeline']} | {row['median_seconds']:.2f} | {min(row['seconds']):.2f}–"
              f"{max(row['seconds']):.2f} | {row['category_accuracy']:.3f} | {row['category_macro_f1']:.3f} | "
              f"{status} |")
    print(f"\nratio model / plain: {ratio:.2f}×")

    if args.json:
        out = {"measures": len(records), "notices": notices, "repeat": args.repeat, "ratio": ratio,
               "pipelines": rows, "rectify_nlp": rectify_nlp.__version__,
               "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()}}
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
