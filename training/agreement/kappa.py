"""Inter-annotator agreement on the double-annotated sample.

    python training/agreement/kappa.py            # summary
    python training/agreement/kappa.py --list     # also every disagreement

Compares the first pass (first_pass.jsonl: the labels of the sampled measures as
first annotated, before adjudication) with the independent second pass
(second_pass.jsonl, labelled from docs/annotation-guide.md alone), matched by
notice and measure_id. Reports raw agreement and Cohen's kappa for category and
for status, on the whole sample and on the measures the guide does not quote
(the guide's examples are seed measures, so a second annotator reading the
guide has seen their labels).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

HERE = Path(__file__).resolve().parent
GUIDE = HERE.parent.parent / "docs" / "annotation-guide.md"


def quoted_in(guide: str, text: str, length: int = 12) -> bool:
    """Whether the guide quotes any stretch of ``length`` characters of the text."""
    return any(text[i:i + length] in guide for i in range(0, max(len(text) - length, 0) + 1, 4))


def read(path: Path) -> dict[tuple[str, str], dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["notice"], r["measure_id"]): r for r in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--first", type=Path, default=HERE / "first_pass.jsonl")
    parser.add_argument("--second", type=Path, default=HERE / "second_pass.jsonl")
    parser.add_argument("--sample", type=Path, default=HERE / "sample.jsonl", help="the sampled measures (texts)")
    parser.add_argument("--list", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    first, second, sample = read(args.first), read(args.second), read(args.sample)
    keys = sorted(set(first) & set(second))
    missing = sorted(set(first) ^ set(second))
    if missing:
        print(f"warning: {len(missing)} measure(s) are in only one pass, e.g. {missing[0]}")
    guide = GUIDE.read_text(encoding="utf-8")
    unquoted = [k for k in keys if not quoted_in(guide, sample[k]["text"])]
    for name, subset in (("all double-annotated", keys), ("not quoted in the guide", unquoted)):
        print(f"{name}: {len(subset)} measures")
        for field in ("category", "status"):
            a = [first[k][field] for k in subset]
            b = [second[k][field] for k in subset]
            agree = sum(x == y for x, y in zip(a, b)) / len(subset)
            print(f"  {field:8s}  agreement {agree:.3f}  Cohen's kappa {cohen_kappa_score(a, b):.3f}")
    if args.list:
        for field in ("category", "status"):
            for k in keys:
                x, y = first[k][field], second[k][field]
                if x != y:
                    print(f"  {field}: {k[0][:3]} {k[1]}  first={x:22s} second={y:22s} {sample[k]['text'][:40]}")


if __name__ == "__main__":
    main()
