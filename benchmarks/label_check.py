"""How soon a bad label stops training: a large label file whose last row is wrong.

    python benchmarks/label_check.py [--rows 20000] [--format jsonl|csv]

Writes ``--rows`` invented labelled measures and one with an unknown status at the end, then
times (a) ``rectify_nlp.read_labels`` rejecting the file in this process and (b) the whole
``rectify-nlp train --labels FILE --out DIR`` command in a fresh process (interpreter and CLI
start-up included), and checks that the command exits 2 naming the last row and that no model
directory was written. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_labels(path: Path, rows: int) -> int:
    """The file with ``rows`` good records and a bad last one; returns the bad one's line."""
    records = [{"notice": f"n{i % 5}", "text": f"整顿青禾片区第{i}号台账并按月复核", "category": "other",
                "status": "completed"} for i in range(rows)]
    records.append({"notice": "n0", "text": "末行", "category": "other", "status": "快好了"})
    if path.suffix == ".csv":
        lines = ["notice,text,category,status"] + [",".join(r.values()) for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="gbk")
        return rows + 2
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return rows + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from rectify_nlp import LabelError, read_labels

    with tempfile.TemporaryDirectory() as tmp:
        labels = Path(tmp) / f"labels.{args.format}"
        bad_line = write_labels(labels, args.rows)
        start = time.perf_counter()
        try:
            read_labels(labels)
            raise SystemExit("the bad row was not found")
        except LabelError as err:
            assert err.line == bad_line, err
        read_s = time.perf_counter() - start
        out = Path(tmp) / "model"
        start = time.perf_counter()
        process = subprocess.run([sys.executable, "-c", "from rectify_nlp.cli import main; main()", "train",
                                  "--labels", str(labels), "--out", str(out)],
                                 capture_output=True, text=True, cwd=ROOT, check=False)
        cli_s = time.perf_counter() - start
        assert process.returncode == 2 and f":{bad_line}: unknown status" in process.stderr, process.stderr
        assert not out.exists()
    print(f"| records | format | read_labels rejects row {bad_line} | `train` command exits 2 (with start-up) |")
    print("|---|---|---|---|")
    print(f"| {args.rows + 1} | {args.format} | {read_s:.2f} s | {cli_s:.2f} s |")


if __name__ == "__main__":
    main()
