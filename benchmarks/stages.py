"""Where tagging time goes: each stage of tagging with the default model, timed separately.

    python benchmarks/stages.py [--copies 40] [--batch-size 8] [--repeat 3]

Parses COPIES copies of the seed notices (spread evenly over the five seeds), then, batch by batch
as `rectify_nlp.tag` does, times the lexicon scan, each TF-IDF block of the category model, the
status model's character block and its cue signals, the whole prediction, and the table rows. The
model and the segmentation dictionary are loaded before timing starts. Each figure is the fastest of
REPEAT passes (seconds for the whole corpus), beside its share of parse + predict + rows.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import rectify_nlp
from rectify_nlp.tables._rows import measure_rows
from rectify_nlp.tagging._compiled import CompiledModels
from rectify_nlp.tagging._lexicon import lexicon_scores
from rectify_nlp.tagging._records import column
from rectify_nlp.tagging._status_cues import status_signals
from rectify_nlp.tagging._tokens import Tokenizer

cut = Tokenizer().cut

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def timed(stages: dict, name: str, work):
    start = time.perf_counter()
    result = work()
    stages[name] += time.perf_counter() - start
    return result


def one_pass(tagger, sources: list[str], batch_size: int) -> dict[str, float]:
    compiled = CompiledModels.load(Path(tagger.path) / "inference.npz")
    stages: dict[str, float] = defaultdict(float)
    for i in range(0, len(sources), batch_size):
        notices = timed(stages, "parse", lambda: [rectify_nlp.parse(s) for s in sources[i:i + batch_size]])
        records = [m.context for n in notices for m in n.measures]
        fields = {f: column(records, f) for f in ("text", "problem", "section")}
        timed(stages, "  lexicon scan (text and problem)",
              lambda: (lexicon_scores(fields["text"], compiled.lexicon), lexicon_scores(fields["problem"], compiled.lexicon)))
        for block in compiled.blocks:
            name = f"  {type(block).__name__.strip('_')} {block.field}"
            timed(stages, name, lambda: block.matrix(fields[block.field]))
        timed(stages, "  status CharBlock text", lambda: compiled.status_block.matrix(fields["text"]))
        timed(stages, "  status signals", lambda: status_signals(fields["text"], column(records, "stated_status")))
        timed(stages, "predict (all of the above and the products)", lambda: tagger.tag(notices))
        timed(stages, "table rows", lambda: [row for n in notices for row in measure_rows(n)])
    return stages


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = [SEEDS[i % len(SEEDS)].read_text(encoding="utf-8") for i in range(args.copies)]
    megabytes = sum(len(s.encode("utf-8")) for s in sources) / 1e6
    tagger = rectify_nlp.load()
    cut("预热")  # load the segmentation dictionary before timing
    passes = [one_pass(tagger, sources, args.batch_size) for _ in range(args.repeat)]
    best = {name: min(p[name] for p in passes) for name in passes[0]}
    total = best["parse"] + best["predict (all of the above and the products)"] + best["table rows"]
    print(f"{args.copies} copies, {megabytes:.2f} MB, batches of {args.batch_size}; fastest of {args.repeat} passes")
    for name, seconds in best.items():
        print(f"{name:48s} {seconds:7.3f} s  {100 * seconds / total:5.1f}%")
    print(f"{'parse + predict + rows':48s} {total:7.3f} s  {megabytes / total:.2f} MB/s")


if __name__ == "__main__":
    main()
