"""How fast the model learns a new region: accuracy on a held-out notice as its own labels are added.

    python benchmarks/learning_curve.py [--labels training/annotations] [--notices seeds]
        [--k 10 20 40] [--random-seeds 5] [--lexicon shipped seed-read]
        [--json benchmarks/results/learning_curve.json] [--plot benchmarks/learning_curve.png]

For each labelled notice N in turn (the "new region"):

- k=0: ``rectify_nlp.train`` on the labels of the other notices; it tags N (parsed from
  ``--notices``/N.txt) and is scored on all of N's labelled measures.
- suggest: that k=0 model's tags of N go to ``rectify_nlp.suggest([N], n=k)``, re-run for each k
  (what a user with a budget of k labels would do); the picked measures' labels are taken from the
  annotations and added to the training labels, the model is retrained and scored on the REST of N
  (the labelled measures not added). Whether suggest's picks are nested (k=10 inside k=20 inside
  k=40) is checked and reported.
- random: the same with k measures of N drawn at random, nested (the first k of one shuffle per
  seed), for ``--random-seeds`` seeds; mean ± sd over seeds.

Suggested measures are matched to annotation records by notice id and character offsets, with
the text compared too; every annotation the parser does not find, and every parsed measure
without a label, is counted and reported. Scores: category accuracy and macro-F1 (mean F1 over the
categories present in the test measures, as ``rectify_nlp.evaluate`` computes it), on each notice
and pooled over notices (all rest measures of the five notices together); status accuracy for
k=0 only. With labels added only the category model is refitted, with ``CategoryClassifier`` (the
estimator ``train`` fits, same parameters): refitting the status model too would double the time.
Because suggest picks the measures the k=0 model is least sure of, its rest is easier than a
random rest even before retraining; the column "k=0 on same rest" scores the k=0 model on exactly
the measures each selection leaves, so the gain from the labels themselves is the difference.

``--lexicon shipped`` uses the package's cue lexicon, written from the label spec alone by someone who
had not read the seeds (the honest "new region" setting); ``seed-read`` the earlier lexicon, whose
author had read them (``benchmarks/seed_read_lexicon.tsv``); any other value is the path of a lexicon file. Writes the JSON and the plot (atomically) and prints markdown tables.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = {"shipped": None, "seed-read": ROOT / "benchmarks" / "seed_read_lexicon.tsv"}


def match(notice, labelled: dict) -> dict:
    """Parsed measures against the notice's annotation records, by offsets and text."""
    parsed = {(m.start, m.end): m for m in notice.measures}
    return {
        "annotated": len(labelled), "parsed": len(parsed),
        "annotations_not_parsed": [labelled[k]["measure_id"] for k in labelled if k not in parsed],
        "text_differs": [labelled[k]["measure_id"] for k in labelled
                         if k in parsed and parsed[k].text != labelled[k]["text"]],
        "parsed_not_annotated": [parsed[k].id for k in parsed if k not in labelled],
    }


def scored(predicted: dict, labelled: dict, test: list, k0: dict | None = None) -> dict:
    """Scores of the predicted (category, status) of each test measure (by offsets); with k0, the k=0
    model's category accuracy on the same measures."""
    pairs = [(labelled[k]["category"], predicted[k][0], labelled[k].get("status"), predicted[k][1]) for k in test]
    out = {"n": len(test), **metrics(pairs), "_pairs": pairs}
    if k0 is not None:
        out["k0_accuracy_on_rest"] = sum(k0[k][0] == labelled[k]["category"] for k in test) / len(test)
    return out


def metrics(pairs: list) -> dict:
    """Category accuracy and macro-F1 (over the categories present in the truth), status accuracy."""
    from sklearn.metrics import f1_score

    truth, guess = [p[0] for p in pairs], [p[1] for p in pairs]
    status = [(p[2], p[3]) for p in pairs if p[2] and p[3]]
    return {
        "accuracy": sum(t == g for t, g in zip(truth, guess)) / len(pairs),
        "macro_f1": float(f1_score(truth, guess, labels=sorted(set(truth)), average="macro", zero_division=0)),
        "status_accuracy": sum(t == g for t, g in status) / len(status) if status else None,
    }


def curve_for(lexicon_name: str, lexicon: Path | None, records: list, notices_dir: Path, ks: list, seeds: int,
              log) -> dict:
    """Every run of one lexicon (None: the package's): per notice, k=0, suggest at each k, random at each k and seed."""
    import rectify_nlp

    params = {"lexicon": str(lexicon)} if lexicon else {}
    runs, checks = [], {}
    for notice_id in sorted({r["notice"] for r in records}):
        t0 = time.perf_counter()
        notice = rectify_nlp.parse(notices_dir / f"{notice_id}.txt")
        labelled = {(r["start"], r["end"]): r for r in records if r["notice"] == notice_id}
        checks[notice_id] = match(notice, labelled)
        curve = NoticeCurve(notice, labelled, [r for r in records if r["notice"] != notice_id], params)
        runs += curve.runs(ks, seeds)
        checks[notice_id]["suggest_nested"] = curve.nested
        log(f"{lexicon_name} lexicon, {notice_id}: {len(curve.usable)} labelled measures, "
            f"{time.perf_counter() - t0:.0f} s")
    return {"runs": runs, "checks": checks}


class NoticeCurve:
    """The runs of one held-out notice: the other notices' labels plus k of its own, scored on its rest."""

    def __init__(self, notice, labelled: dict, others: list, params: dict):
        self.notice, self.labelled, self.others, self.params = notice, labelled, others, params
        self.usable = [(m.start, m.end) for m in notice.measures
                       if (m.start, m.end) in labelled and labelled[m.start, m.end]["text"] == m.text]
        self.measures = {(m.start, m.end): m for m in notice.measures}
        self.k0 = None
        self.nested = None

    def run(self, method: str, seed: int | None, chosen: list, **extra) -> dict:
        """Refit the category model with the chosen measures' labels added; score on the rest of the notice."""
        from rectify_nlp import CategoryClassifier

        training = self.others + [self.labelled[c] for c in chosen]
        model = CategoryClassifier(**self.params).fit(training, [r["category"] for r in training])
        rest = [u for u in self.usable if u not in set(chosen)]
        guess = model.predict([self.measures[u].context for u in rest])
        return {"notice": self.notice.id, "method": method, "seed": seed, "k": len(chosen),
                "picked": [self.labelled[c]["measure_id"] for c in chosen], **extra,
                **scored({u: (str(g), None) for u, g in zip(rest, guess)}, self.labelled, rest, self.k0)}

    def runs(self, ks: list, seeds: int) -> list:
        import rectify_nlp

        # k=0: the model a user has, trained on the other notices, tags the notice; suggest ranks its measures
        tagger = rectify_nlp.train(self.others, cv=None, **self.params)
        self.k0 = {(m.start, m.end): (m.category, m.status) for m in tagger.tag([self.notice])[0].measures}
        runs = [{"notice": self.notice.id, "method": "k=0", "seed": None, "k": 0, "picked": [],
                 **scored(self.k0, self.labelled, self.usable)}]
        ks = [k for k in ks if k < len(self.usable)]
        suggested = {k: list(zip(df["notice"], df["start"], df["end"]))
                     for k in ks for df in [rectify_nlp.suggest([self.notice], n=k)]}
        self.nested = all(set(suggested[a]) <= set(suggested[b]) for a, b in itertools.pairwise(ks))
        labelled = {(self.notice.id, *u) for u in self.usable}
        for k in ks:
            runs.append(self.run("suggest", None, [(s, e) for n, s, e in suggested[k] if (n, s, e) in labelled],
                                 suggested_without_label=[f"{n} {s}-{e}" for n, s, e in suggested[k]
                                                          if (n, s, e) not in labelled]))
        for seed in range(seeds):
            order = random.Random(seed).sample(self.usable, len(self.usable))
            runs += [self.run("random", seed, order[:k]) for k in ks]
        return runs


def mean_sd(values: list) -> dict:
    values = [v for v in values if v is not None]
    return {"mean": statistics.fmean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0,
            "values": values} if values else {"mean": None, "sd": None, "values": []}


def summarise(runs: list) -> dict:
    """Per notice and pooled figures for each method and k; random as mean and sd over seeds."""
    fields = ("n", "accuracy", "macro_f1", "status_accuracy", "k0_accuracy_on_rest")
    groups: dict[tuple, list] = {}
    for r in runs:
        groups.setdefault((r["notice"], r["method"], r["k"]), []).append(r)
        groups.setdefault(("pooled", r["method"], r["k"], r["seed"]), []).append(r)
    per_notice, pooled = {}, {}
    for group, members in groups.items():
        if group[0] == "pooled":
            pairs = [p for r in members for p in r["_pairs"]]
            row = {"n": len(pairs), **metrics(pairs)}
            if members[0]["k"]:
                row["k0_accuracy_on_rest"] = sum(r["k0_accuracy_on_rest"] * r["n"] for r in members) / len(pairs)
            pooled.setdefault((group[1], group[2]), []).append(row)
        else:
            per_notice[group] = members
    out = {"per_notice": [], "pooled": []}
    for (notice, method, k), members in sorted(per_notice.items()):
        out["per_notice"].append({"notice": notice, "method": method, "k": k, "seeds": len(members),
                                  **{f: mean_sd([m.get(f) for m in members]) for f in fields}})
    for (method, k), rows in sorted(pooled.items(), key=lambda item: (item[0][1], item[0][0])):
        out["pooled"].append({"method": method, "k": k, "seeds": len(rows),
                              **{f: mean_sd([row.get(f) for row in rows]) for f in fields}})
    return out


def cell(stat: dict, with_sd: bool) -> str:
    if stat["mean"] is None:
        return "–"
    return f"{stat['mean']:.3f} ± {stat['sd']:.3f}" if with_sd else f"{stat['mean']:.3f}"


def tables(summary: dict) -> str:
    """Markdown: pooled, then per notice; suggest beside random (mean ± sd over seeds)."""
    pooled = {(r["method"], r["k"]): r for r in summary["pooled"]}
    lines = [("| k | rest (suggest / random) | suggest acc | random acc | k=0 model on the same rest "
              "(suggest / random) | suggest macro-F1 | random macro-F1 |"), "|---:|---:|---:|---:|---:|---:|---:|"]
    base = pooled["k=0", 0]
    lines.append(f"| 0 | {base['n']['mean']:.0f} | {cell(base['accuracy'], False)} | | | "
                 f"{cell(base['macro_f1'], False)} | |")
    for k in sorted({k for _, k in pooled if k}):
        s, r = pooled["suggest", k], pooled["random", k]
        lines.append(f"| {k} | {s['n']['mean']:.0f} / {r['n']['mean']:.0f} | **{cell(s['accuracy'], False)}** | "
                     f"{cell(r['accuracy'], True)} | {cell(s['k0_accuracy_on_rest'], False)} / "
                     f"{cell(r['k0_accuracy_on_rest'], True)} | {cell(s['macro_f1'], False)} | "
                     f"{cell(r['macro_f1'], True)} |")
    lines.append(f"\nstatus accuracy of the k=0 model (pooled): {cell(base['status_accuracy'], False)}")
    per = {(r["notice"], r["method"], r["k"]): r for r in summary["per_notice"]}
    lines += ["", "| notice | k | rest | suggest acc | random acc | k=0 model on the same rest (suggest / random) |",
              "|---|---:|---:|---:|---:|---:|"]
    for notice in sorted({n for n, _, _ in per}):
        base = per[notice, "k=0", 0]
        lines.append(f"| {notice} | 0 | {base['n']['mean']:.0f} | {cell(base['accuracy'], False)} | | |")
        for k in sorted({k for n, m, k in per if n == notice and k}):
            s, r = per[notice, "suggest", k], per[notice, "random", k]
            lines.append(f"| | {k} | {s['n']['mean']:.0f} | {cell(s['accuracy'], False)} | "
                         f"{cell(r['accuracy'], True)} | {cell(s['k0_accuracy_on_rest'], False)} / "
                         f"{cell(r['k0_accuracy_on_rest'], True)} |")
    return "\n".join(lines)


def plot(results: dict, path: Path) -> None:
    """Pooled category accuracy against k, one panel per lexicon."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results["lexicons"])
    fig, axes = plt.subplots(1, len(names), figsize=(5.2 * len(names), 4.2), sharey=True, squeeze=False)
    for ax, name in zip(axes[0], names):
        pooled = {(r["method"], r["k"]): r for r in results["lexicons"][name]["summary"]["pooled"]}
        ks = sorted({k for _, k in pooled if k})
        base = pooled["k=0", 0]["accuracy"]["mean"]
        for method, colour in (("suggest", "tab:red"), ("random", "tab:blue")):
            mean = [base] + [pooled[method, k]["accuracy"]["mean"] for k in ks]
            sd = [0.0] + [pooled[method, k]["accuracy"]["sd"] for k in ks]
            label = "random (mean ± sd over seeds)" if method == "random" else "suggest"
            ax.plot([0] + ks, mean, "o-", color=colour, label=label)
            if method == "random":
                ax.fill_between([0] + ks, [m - s for m, s in zip(mean, sd)], [m + s for m, s in zip(mean, sd)],
                                color=colour, alpha=0.15)
            ax.plot([0] + ks, [base] + [pooled[method, k]["k0_accuracy_on_rest"]["mean"] for k in ks], "--",
                    color=colour, alpha=0.7, label=f"k=0 model on {method}'s rest")
        ax.set_title(f"{name} lexicon" if name in LEXICONS else Path(name).name)
        ax.set_xlabel("labels added from the held-out notice (k)")
        ax.set_xticks([0] + ks)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("category accuracy, rest of the notice (pooled)")
    axes[0][0].legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    with atomic(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110)
    plt.close(fig)


class atomic:
    """A temporary path beside ``path``, renamed onto it when the block succeeds."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.tmp.chmod(0o644)
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def commit() -> str | None:
    """The git commit of the checkout the script runs from, if it is one."""
    import subprocess

    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", default=str(ROOT / "training" / "annotations"),
                        help="labelled measures with notice ids and offsets (default: training/annotations)")
    parser.add_argument("--notices", default=str(ROOT / "seeds"), help="folder holding <notice id>.txt")
    parser.add_argument("--k", type=int, nargs="+", default=[10, 20, 40], help="label budgets (default 10 20 40)")
    parser.add_argument("--random-seeds", type=int, default=5, help="random draws per k (default 5)")
    parser.add_argument("--lexicon", nargs="+", default=["shipped"],
                        help="cue lexicons to run with: shipped (the package's, written from the spec alone), "
                             "seed-read (benchmarks/seed_read_lexicon.tsv, whose author had read the seeds) "
                             "or the path of a lexicon TSV (default: shipped)")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results" / "learning_curve.json"))
    parser.add_argument("--plot", default=str(ROOT / "benchmarks" / "learning_curve.png"))
    args = parser.parse_args(argv)
    if args.random_seeds < 2 or min(args.k) < 1:
        parser.error("--random-seeds must be at least 2 and every --k at least 1")
    lexicons = {name: LEXICONS[name] if name in LEXICONS else Path(name).resolve() for name in args.lexicon}
    for name, path in lexicons.items():
        if path and not path.is_file():
            parser.error(f"--lexicon {name}: neither shipped, seed-read nor a lexicon file")

    import rectify_nlp

    warnings.simplefilter("ignore", rectify_nlp.ParseWarning)
    records = rectify_nlp.read_labels(args.labels)
    ks = sorted(set(args.k))
    started = time.perf_counter()
    results = {"k": ks, "random_seeds": args.random_seeds, "labels": os.path.relpath(args.labels, ROOT),
               "suggest": "suggest([notice], n=k) re-run for each k on the k=0 model's tags",
               "lexicons": {}}
    for name, lexicon in lexicons.items():
        t0 = time.perf_counter()
        curve = curve_for(name, lexicon, records, Path(args.notices), ks, args.random_seeds,
                          lambda line: print(line, file=sys.stderr, flush=True))
        summary = summarise(curve["runs"])
        for run in curve["runs"]:
            del run["_pairs"]
        results["lexicons"][name] = {"lexicon": os.path.relpath(lexicon, ROOT) if lexicon
                                     else "rectify_nlp/data/lexicon.tsv (the package's)", "seconds": time.perf_counter() - t0,
                                     "checks": curve["checks"], "summary": summary, "runs": curve["runs"]}
        print(f"\n### {name} lexicon\n\n{tables(summary)}\n")
    results["seconds"] = time.perf_counter() - started
    results["rectify_nlp"] = {"version": rectify_nlp.__version__, "path": rectify_nlp.__file__, "commit": commit()}
    results["machine"] = {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}

    for name, lexicon in results["lexicons"].items():
        for notice, check in lexicon["checks"].items():
            off = {k: v for k, v in check.items() if isinstance(v, list) and v}
            if off or not check["suggest_nested"]:
                print(f"{name}, {notice}: {off or ''} {'' if check['suggest_nested'] else 'suggest picks not nested'}")
    checks = next(iter(results["lexicons"].values()))["checks"]
    print(f"annotations matched to parsed measures by offsets and text: "
          f"{sum(c['annotated'] - len(c['annotations_not_parsed']) - len(c['text_differs']) for c in checks.values())}"
          f"/{sum(c['annotated'] for c in checks.values())}; suggest picks nested in every notice: "
          f"{all(c['suggest_nested'] for lx in results['lexicons'].values() for c in lx['checks'].values())}")
    print(f"total {results['seconds']:.0f} s")

    with atomic(Path(args.json)) as tmp:
        tmp.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    plot(results, Path(args.plot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
