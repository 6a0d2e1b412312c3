"""Time of parsing (and tagging) pathological inputs as they double in size: linear or not.

    python benchmarks/adversarial.py [--max-kb 1024] [--tag] [--repeat 3]

Each input family grows from 16 kB to ``--max-kb`` (UTF-8 bytes) by doubling; each size is timed
through ``rectify_nlp.parse`` (the sizes taking turns, the fastest of ``--repeat`` rounds), and with ``--tag`` also through
``rectify_nlp.load()`` on the parsed notice. The table gives the time at each size and the ratio
time(2n)/time(n): about 2 is linear, about 4 quadratic; the target is ≤ 2.5. "per doubling" is
the geometric mean over all doublings, (t_max / t_min) ** (1 / doublings), which a busy shared
machine disturbs little; "worst" is the largest single ratio between times of 50 ms or more.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import warnings
from functools import partial
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout this script is in
import rectify_nlp

HEADING = "\n一、关于“学习不够”问题的整改情况\n(一)制定学习计划。"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode("utf-8")))


# name -> a text of about ``n`` UTF-8 bytes
FAMILIES = {
    "digit run before a heading": lambda n: _repeat("1", n) + HEADING,
    "bar (separator) then spaces": lambda n: "|" + _repeat(" ", n) + "x" + HEADING,
    "figure after 挽回 (money)": lambda n: "挽回" + _repeat("1", n) + HEADING,
    "one long line without punctuation": lambda n: "一、关于“X”问题的整改\n" + _repeat("整改落实", n),
    "one long sentence line": lambda n: "一、关于“X”问题的整改\n" + _repeat("整改落实,", n) + "。",
    "spaces inside a heading": lambda n: "一、关于" + _repeat(" ", n) + "问题" + HEADING,
    "enumerators only": lambda n: _repeat("一、", n),
    "many measures under one problem": lambda n: "一、关于“X”问题的整改\n" + _repeat("(1)制定学习计划。\n", n),
    "many 一是 in one paragraph": lambda n: "一、关于“X”问题的整改\n" + _repeat("一是制定计划。", n),
    "many problems": lambda n: _repeat("1.关于“学习不够”问题的整改\n一是制定计划。\n", n),
    "title lines and openings": lambda n: _repeat("某某局党组关于巡察整改情况的通报\n现将整改情况通报如下。\n一、关于“X”问题\n", n),
    "deep HTML nesting": lambda n: "<html><body>" + _repeat("<div>", n // 2) + "<p>一、关于“X”问题的整改</p>"
                                   "<p>(一)措施。</p>" + _repeat("</div>", n // 2) + "</body></html>",
    "one huge paragraph element": lambda n: "<html><body><p>" + _repeat("制定学习计划。", n) + "</p></body></html>",
    "unclosed tags": lambda n: "<html><body>" + _repeat("<p><b><i>整改。", n),
    # the page's sentences sit in attributes, so it is read by its tags alone; then hostile tag text
    "tag name that never ends": lambda n: "<html><body>" + '<p title="整改。整改。整改。">一、关于问题</p>' * 20
                                          + "<a" + _repeat("b", n),
    "attributes full of 。, unclosed": lambda n: "<html><body>" + _repeat('<p title="整改。整改。">x<a', n),
    "tags without an end": lambda n: "<html><body>" + '<p title="整改。整改。整改。">一、关于问题</p>' * 20
                                     + _repeat("<p class=x ", n),
    "invisible characters before headings": lambda n: _repeat("\u2060\u202a一、关于“X”问题的整改\n\u00ad(一)措施。\n", n),
    "furniture-like lines": lambda n: _repeat("来源:某某网 发布时间:2020-01-01 阅读次数\n", n) + HEADING,
    "totals-like opening": lambda n: _repeat("反馈问题共4个方面37个具体问题,已完成整改34个,", n) + HEADING,
}


def _fastest(calls: list, repeat: int) -> list[float]:
    """The fastest of ``repeat`` timings of each call. The calls take turns (every size once, then
    again), so a slow spell of a shared machine does not land on one size alone; each is timed with
    the cyclic garbage collector paused (its passes, triggered by allocation counts, add pauses that
    have nothing to do with the input)."""
    best = [float("inf")] * len(calls)
    for _ in range(repeat):
        for i, call in enumerate(calls):
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                call()
                best[i] = min(best[i], time.perf_counter() - start)
            finally:
                gc.enable()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-kb", type=int, default=1024)
    parser.add_argument("--min-kb", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tag", action="store_true", help="also time tagging with the default model")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    tagger = rectify_nlp.load() if args.tag else None
    sizes = []
    kb = args.min_kb
    while kb <= args.max_kb:
        sizes.append(kb)
        kb *= 2
    print(f"| input | {' | '.join(f'{s} kB' for s in sizes)} | per doubling | worst |")
    print(f"|---|{'---|' * len(sizes)}---|---|")
    worst_all = 0.0
    for name, make in FAMILIES.items():
        for stage in ("parse", "tag") if tagger else ("parse",):
            texts = [make(size * 1024) for size in sizes]
            if stage == "parse":
                calls = [partial(rectify_nlp.parse, text) for text in texts]
            else:
                calls = [partial(tagger.tag, [rectify_nlp.parse(text)]) for text in texts]
            times = _fastest(calls, args.repeat)
            mean = (times[-1] / times[0]) ** (1 / (len(times) - 1))
            worst = max((b / a for a, b in pairwise(times) if a >= 0.05), default=float("nan"))
            worst_all = max(worst_all, mean)
            cells = " | ".join(f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s" for t in times)
            print(f"| {name}{' (tag)' if stage == 'tag' else ''} | {cells} | {mean:.2f} | {worst:.2f} |", flush=True)
    print(f"\nlargest growth per doubling over all inputs: {worst_all:.2f}")


if __name__ == "__main__":
    main()
