"""Inter-annotator agreement on the double-annotated sample.

    python training/agreement/kappa.py            # summary
    python training/agreement/kappa.py --list     # also every disagreement

Compares the first pass (first_pass.jsonl: the labels of the sampled measures as
first annotated, before adjudication) with the independent second pass
(second_pass.jsonl, labelled from docs/annotation-guide.md alone), matched by
notice and measure_id. Reports raw agreement and Cohen's kappa for category and
for status.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

HERE = Path(__file__).resolve().parent


def read(path: Path) -> dict[tuple[str, str], dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["notice"], r["measure_id"]): r for r in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--first", type=Path, default=HERE / "first_pass.jsonl")
    parser.add_argument("--second", type=Path, default=HERE / "second_pass.jsonl")
    parser.add_argument("--list", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    first, second = read(args.first), read(args.second)
    keys = sorted(set(first) & set(second))
    missing = sorted(set(first) ^ set(second))
    if missing:
        print(f"warning: {len(missing)} measure(s) are in only one pass, e.g. {missing[0]}")
    print(f"double-annotated measures: {len(keys)}")
    for field in ("category", "status"):
        a = [first[k][field] for k in keys]
        b = [second[k][field] for k in keys]
        agree = sum(x == y for x, y in zip(a, b)) / len(keys)
        print(f"{field:8s}  agreement {agree:.3f}  Cohen's kappa {cohen_kappa_score(a, b):.3f}")
        if args.list:
            for k, x, y in zip(keys, a, b):
                if x != y:
                    print(f"    {k[0][:3]} {k[1]}  first={x:22s} second={y:22s} {first[k]['text'][:40]}")


if __name__ == "__main__":
    main()
