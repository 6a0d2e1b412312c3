"""Tagging many notices into one file: time and peak memory per output format, and summary time.

    python benchmarks/scale.py [--copies 1000] [--jobs 1] [--formats csv,jsonl,parquet,xlsx] [--json OUT]

Makes ``--copies`` symlinked copies of each seed notice in a temporary folder (5 seeds, so 5 × copies
notices) and runs ``rectify-nlp tag FOLDER -o OUT.<format>`` in a subprocess for each format (csv,
jsonl, parquet, xlsx), timing it and sampling the resident memory of the process and all its
children every 0.05 s (psutil; peak of the sum). Targets: peak RSS ≤ 400 MB whatever the number of
notices, and ``.xlsx`` within 3× the time of ``.csv``. Then times :func:`rectify_nlp.summarize` on
the table of 200 notices (40 copies of the seeds), read back from the CSV.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("csv", "jsonl", "parquet", "xlsx")
CLI = "import sys; from rectify_nlp.cli import main; sys.argv[0] = 'rectify-nlp'; main()"


def make_copies(folder: Path, copies: int) -> int:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(copies):
        for path in seeds:
            (folder / f"c{i:05d}_{path.name}").symlink_to(path)
    return copies * len(seeds)


def run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB, the process and its children) of the CLI with ``args``."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CLI, *args], cwd=ROOT)
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            members = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in members))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode != 0:
        raise SystemExit(f"rectify-nlp {' '.join(args)} exited with {process.returncode}")
    return time.perf_counter() - start, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000, help="copies of each seed (default 1000: 5,000 notices)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: all four)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results: dict = {"copies": args.copies, "jobs": args.jobs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        results["notices"] = make_copies(folder, args.copies)
        for fmt in args.formats.split(","):
            seconds, rss = run(["tag", str(folder), "-o", f"{tmp}/out.{fmt}", "--no-progress", "-j", str(args.jobs)])
            results[fmt] = {"seconds": round(seconds, 1), "peak_rss_mb": round(rss), "bytes": Path(f"{tmp}/out.{fmt}").stat().st_size}
            print(f"{fmt:8s} {seconds:8.1f} s  peak RSS {rss:6.0f} MB", flush=True)
        if "xlsx" in results and "csv" in results:
            results["xlsx_over_csv"] = round(results["xlsx"]["seconds"] / results["csv"]["seconds"], 2)

        import pandas as pd

        import rectify_nlp

        small = Path(tmp) / "small"
        small.mkdir()
        make_copies(small, 40)
        run(["tag", str(small), "-o", f"{tmp}/small.csv", "--no-progress", "-j", str(args.jobs)])
        df = pd.read_csv(f"{tmp}/small.csv", encoding="utf-8-sig")
        start = time.perf_counter()
        summary = rectify_nlp.summarize(df)
        results["summarize_200"] = {"seconds": round(time.perf_counter() - start, 3), "notices": len(summary),
                                    "rows": len(df)}
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
