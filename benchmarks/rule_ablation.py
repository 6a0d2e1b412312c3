"""Each rule of the status cue grammar is needed by its test: remove it, and its test fails.

    python benchmarks/rule_ablation.py

For every rule in ``rectify_nlp.tagging._status_grammar.RULES`` this runs
``tests/test_status_cues.py::test_rule_<name>`` in a fresh process with that one rule taken
out, and prints whether the test then fails (it should, for every rule). Exit status 1 if any
test still passes without its rule.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rectify_nlp.tagging._status_grammar import RULES

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import sys, pytest
import rectify_nlp.tagging._status_grammar as grammar
grammar.RULES = tuple(r for r in grammar.RULES if r.name != {name!r})
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "tests/test_status_cues.py::test_rule_{name}"]))
"""


def main() -> int:
    survivors = []
    for rule in RULES:
        code = subprocess.run([sys.executable, "-c", PROBE.format(name=rule.name)], cwd=ROOT,
                              capture_output=True).returncode
        verdict = "its test fails without it" if code == 1 else f"its test still passes (exit {code})"
        survivors += [rule.name] if code != 1 else []
        print(f"{rule.name:12s} {verdict}", flush=True)
    print(f"{len(RULES) - len(survivors)}/{len(RULES)} rules are each needed by their test")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
