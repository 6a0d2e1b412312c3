"""Tagging speed, cold start and peak memory of the shipped default model.

    pip install ".[bench]"
    python benchmarks/speed.py [--copies 200] [--repeat 5] [--out benchmarks/results/speed.json]

- throughput: `rectify_nlp.tag` over COPIES copies of the seed notices (spread evenly over the five
  seeds), with 1 and 2 worker processes, in a fresh process each; MB/s counts the UTF-8 bytes of the
  files, measures/s the rows produced; model loading is included (end to end). Each setting runs
  REPEAT times and the median run is reported, beside every run's MB/s (a shared virtual machine varies).
- cold start: wall time of `rectify-nlp tag seeds/001_6f66318992fdd9a8.txt -o out.csv` in a new
  process, median of 5 runs.
- peak RSS: the largest resident set of each of those processes (children included).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

THROUGHPUT = """
import json, resource, sys, time
t0 = time.perf_counter()
import rectify_nlp
df = rectify_nlp.tag([sys.argv[1]], n_jobs=int(sys.argv[2]), progress=False, batch_size=int(sys.argv[3]))
elapsed = time.perf_counter() - t0
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": elapsed, "measures": len(df), "errors": len(df.attrs["errors"]), "peak_rss_mb": rss / 1024}))
"""


def machine() -> dict:
    cpu = platform.processor()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = None
    try:
        mem = round(int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 1024 ** 2, 1)
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem, "python": platform.python_version(),
            "platform": platform.platform()}


def peak_rss_of(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of a command, measured from a wrapper process."""
    wrapper = ("import resource, subprocess, sys, time, json; t=time.perf_counter(); "
               "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
               "print(json.dumps([time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024]))")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, check=True, capture_output=True, text=True)
    seconds, rss = json.loads(out.stdout)
    return seconds, rss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5, help="throughput runs per setting; the median is reported")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "speed.json")
    args = parser.parse_args()
    results = {"machine": machine(), "copies": args.copies}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        total_bytes = 0
        for i in range(args.copies):
            src = SEEDS[i % len(SEEDS)]
            shutil.copy(src, corpus / f"{i:04d}_{src.name}")
            total_bytes += src.stat().st_size
        results["corpus_mb"] = round(total_bytes / 1e6, 3)
        for jobs in (1, 2):
            runs = []
            for _ in range(args.repeat):
                out = subprocess.run([sys.executable, "-c", THROUGHPUT, str(corpus), str(jobs), str(args.batch_size)],
                                     check=True, capture_output=True, text=True, cwd=tmp)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            run = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]  # the median run
            run["mb_per_s"] = round(total_bytes / 1e6 / run["seconds"], 3)
            run["measures_per_s"] = round(run["measures"] / run["seconds"], 1)
            run["mb_per_s_runs"] = [round(total_bytes / 1e6 / r["seconds"], 3) for r in runs]
            run["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
            results[f"throughput_{jobs}_process"] = run
            print(f"{jobs} process(es): {run['mb_per_s']} MB/s median of {args.repeat} "
                  f"({min(run['mb_per_s_runs'])}–{max(run['mb_per_s_runs'])}), {run['measures_per_s']} measures/s, "
                  f"peak RSS {run['peak_rss_mb']:.0f} MB", file=sys.stderr)
        cli = shutil.which("rectify-nlp", path=str(Path(sys.executable).parent)) or shutil.which("rectify-nlp")
        seed = str(ROOT / "seeds" / "001_6f66318992fdd9a8.txt")
        runs = [peak_rss_of([cli, "tag", seed, "-o", str(Path(tmp) / "out.csv")], Path(tmp)) for _ in range(5)]
        results["cold_start"] = {"command": "rectify-nlp tag seeds/001_6f66318992fdd9a8.txt -o out.csv",
                                 "median_seconds": round(statistics.median(r[0] for r in runs), 3),
                                 "runs": [round(r[0], 3) for r in runs],
                                 "peak_rss_mb": round(max(r[1] for r in runs), 1)}
        print(f"cold start: {results['cold_start']['median_seconds']} s median, "
              f"peak RSS {results['cold_start']['peak_rss_mb']} MB", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
