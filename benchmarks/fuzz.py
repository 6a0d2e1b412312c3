"""The fuzz strategies of ``tests/test_fuzz.py`` on many more inputs: crashes, hangs and violations.

    python benchmarks/fuzz.py [--n 10000] [--seed 0] [--hang 10]

Each strategy draws ``--n`` / (number of strategies) inputs. A notice source is read with
``rectify_nlp.read_notices`` and tagged with the default model; a label file is read and checked; a
spreadsheet cell is written and read back (see ``tests/test_fuzz.py``). A crash is any exception other
than the library's own errors; a hang an input that takes over ``--hang`` seconds (it is interrupted);
a violation what a check found wrong (an offset that does not hold in ``notice.text``, a measure left
untagged, a label record that cannot be written, a cell that starts a formula or does not read back).
Prints a table of inputs, refused (one of the library's errors, one line), crashes, hangs and violations
per strategy, the slowest input of each, and the first few crashes, hangs and violations in full.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout, and the tests' strategies

from hypothesis import HealthCheck, Phase, given, seed, settings
from test_fuzz import REFUSED, STRATEGIES, _tagger

from rectify_nlp import RectifyError


class _Hang(Exception):
    pass


def _interrupt(signum, frame):
    raise _Hang


def run(name, strategy, checker, n: int, random_seed: int, hang: float, counts: Counter, slowest: dict,
        examples: list) -> None:
    @seed(random_seed)
    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(source):
        counts[name, "inputs"] += 1
        refused = sum(REFUSED.values())
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, hang)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = checker(source)
        except _Hang:
            counts[name, "hangs"] += 1
            examples.append(f"hang (over {hang:g} s) on {source!r:.200}")
            return
        except RectifyError:  # the checks turn the library's errors into [], so this one escaped a check
            counts[name, "refused"] += 1
            return
        except Exception:  # what the fuzzing looks for
            counts[name, "crashes"] += 1
            examples.append(f"crash on {source!r:.200}\n{traceback.format_exc()}")
            return
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            slowest[name] = max(slowest.get(name, 0.0), time.perf_counter() - start)
        counts[name, "refused"] += sum(REFUSED.values()) - refused
        if found:
            counts[name, "violations"] += 1
            examples.append(f"violation on {source!r:.200}: {found[:3]}")

    one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="inputs in all, spread over the strategies")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang", type=float, default=10.0, help="seconds after which an input counts as a hang")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _interrupt)
    counts: Counter = Counter()
    slowest: dict[str, float] = {}
    examples: list[str] = []
    start = time.perf_counter()
    per = -(-args.n // len(STRATEGIES))
    kinds = ("inputs", "refused", "crashes", "hangs", "violations")
    _tagger()  # the model loads once, before any input is timed
    print("| strategy | inputs | refused | crashes | hangs | violations | slowest input |")
    print("|---|---|---|---|---|---|---|")
    for name, (strategy, checker) in STRATEGIES.items():
        run(name, strategy, checker, per, args.seed, args.hang, counts, slowest, examples)
        print(f"| {name} | " + " | ".join(str(counts[name, k]) for k in kinds) + f" | {slowest.get(name, 0):.2f} s |",
              flush=True)
    total = {k: sum(v for (_, kk), v in counts.items() if kk == k) for k in kinds}
    print("| **all** | " + " | ".join(str(total[k]) for k in kinds) + f" | {max(slowest.values()):.2f} s |")
    print(f"\n{time.perf_counter() - start:.0f} s")
    for example in examples[:5]:
        print("\n" + example)
    sys.exit(1 if total["crashes"] or total["hangs"] or total["violations"] else 0)


if __name__ == "__main__":
    main()
