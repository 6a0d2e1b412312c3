"""Decompression bombs: a small Word or PDF file that unpacks to gigabytes, refused in time and memory.

    python benchmarks/bombs.py [--docx-gb 1] [--pdf-mb 0.9]

Builds (with ``tests/hostile_files.py``) a .docx whose main part unpacks to ``--docx-gb`` GB of XML, and a PDF
of about ``--pdf-mb`` MB whose content stream unpacks to about 300 MB of drawing operators (deflate packs
them about 330:1), and reads each with ``rectify_nlp.read_notices`` in a fresh process, which reports the
outcome, the wall time and its peak resident memory (``ru_maxrss``) beside that of a process that only
imports the library and reads a seed. The target: each refused in under 10 s with under 1 GB peak.
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
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import hostile_files  # noqa: E402

CHILD = """
import json, resource, sys, time, warnings
sys.path.insert(0, {root!r})
warnings.simplefilter("ignore")
import rectify_nlp
start = time.perf_counter()
try:
    rectify_nlp.read_notices(sys.argv[1])
    outcome = "read"
except rectify_nlp.RectifyError as err:
    outcome = "refused: " + str(err).split(": ", 1)[1]
print(json.dumps({{"outcome": outcome, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docx-gb", type=float, default=1.0)
    parser.add_argument("--pdf-mb", type=float, default=0.9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = {"a seed notice (.txt), for scale": ROOT / "seeds" / "001_6f66318992fdd9a8.txt"}
        start = time.perf_counter()
        docx = Path(folder) / "bomb.docx"
        docx.write_bytes(hostile_files.docx_bomb(int(args.docx_gb * 1e9)))
        files[f".docx holding {args.docx_gb:g} GB of XML"] = docx
        pdf = Path(folder) / "bomb.pdf"
        pdf.write_bytes(hostile_files.pdf_bomb(int(args.pdf_mb * 1e6 * 330)))
        files["PDF whose content stream unpacks ~330:1"] = pdf
        print(f"(built in {time.perf_counter() - start:.0f} s)\n")
        print("| file | size | outcome | time | peak memory |\n|---|---|---|---|---|")
        for name, path in files.items():
            result = measure(path)
            print(f"| {name} | {path.stat().st_size / 1e6:.2f} MB | {result['outcome']} | {result['seconds']:.2f} s "
                  f"| {result['peak_mb']:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
