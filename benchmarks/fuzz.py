"""The fuzz strategies of ``tests/test_fuzz.py`` on many more inputs: crashes and offset violations.

    python benchmarks/fuzz.py [--n 10000] [--seed 0]

Each strategy (any str with surrogates, notice-like str, any bytes, encoded text, HTML tag soup,
deep nesting, mutated seeds) draws ``--n`` / 7 inputs, each passed to ``rectify_nlp.read_notices``.
A crash is any exception other than the library's own errors; a violation is a node whose offsets
do not hold in ``notice.text``. Prints a table of inputs, refused (library errors), crashes and
violations per strategy, and the first few crashes and violations in full.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout, and the tests' strategies

from hypothesis import HealthCheck, Phase, given, seed, settings
from test_fuzz import STRATEGIES, offset_violations

from rectify_nlp import RectifyError


def run(name, strategy, n: int, random_seed: int, counts: Counter, examples: list) -> None:
    @seed(random_seed)
    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(source):
        import warnings

        counts[name, "inputs"] += 1
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from rectify_nlp import read_notices

                notices = read_notices(source)
        except RectifyError:
            counts[name, "refused"] += 1
            return
        except Exception:  # noqa: BLE001 - what the fuzzing looks for
            counts[name, "crashes"] += 1
            examples.append(f"crash on {source!r:.200}\n{traceback.format_exc()}")
            return
        found = [v for notice in notices for v in offset_violations(notice)]
        if found:
            counts[name, "violations"] += 1
            examples.append(f"violation on {source!r:.200}: {found[:3]}")

    one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="inputs in all, spread over the strategies")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    counts: Counter = Counter()
    examples: list[str] = []
    start = time.perf_counter()
    per = -(-args.n // len(STRATEGIES))
    print("| strategy | inputs | refused | crashes | violations |\n|---|---|---|---|---|")
    for name, strategy in STRATEGIES.items():
        run(name, strategy, per, args.seed, counts, examples)
        print(f"| {name} | {counts[name, 'inputs']} | {counts[name, 'refused']} | {counts[name, 'crashes']} "
              f"| {counts[name, 'violations']} |", flush=True)
    total = {k: sum(v for (_, kk), v in counts.items() if kk == k) for k in ("inputs", "refused", "crashes",
                                                                            "violations")}
    print(f"| **all** | {total['inputs']} | {total['refused']} | {total['crashes']} | {total['violations']} |")
    print(f"\n{time.perf_counter() - start:.0f} s")
    for example in examples[:5]:
        print("\n" + example)
    sys.exit(1 if total["crashes"] or total["violations"] else 0)


if __name__ == "__main__":
    main()
