"""Found against stated: the problems and problem statuses the library finds in a notice, beside the
totals the notice states about itself — a check that needs no labels.

    python benchmarks/totals.py [--realworld .realworld]

For every seed notice (``seeds/``) that states at least one total, the table gives, per total
(problems, completed, partial, in_progress, not_completed), found / stated / difference, as
:func:`rectify_nlp.summarize` computes them. A problem's status is the one it states, else the
aggregate of its measures' tagged statuses.

The files in ``.realworld/`` (if the folder exists; see benchmarks/realworld.py) are openings only
(the first ~700 characters of real notices): they state totals but hold few of their problems, so
they are reported separately, with the totals read and the problems visible in the opening, and no
difference is computed for them.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import pandas as pd

import rectify_nlp
from rectify_nlp.tables._rows import TOTAL_KEYS

ROOT = Path(__file__).resolve().parent.parent


def _cell(found, stated, diff) -> str:
    if pd.isna(stated):
        return f"{found} / –"
    return f"{found} / {stated} / {int(diff):+d}"


def seeds_table(folder: Path) -> list[str]:
    summary = rectify_nlp.summarize(rectify_nlp.tag(sorted(folder.glob("*.txt")), progress=False))
    lines = ["| notice | " + " | ".join(TOTAL_KEYS) + " |", "|---|" + "---|" * len(TOTAL_KEYS)]
    stating = summary[summary[[f"{key}_stated" for key in TOTAL_KEYS]].notna().any(axis=1)]
    exact = total = 0
    for _, row in stating.iterrows():
        cells = []
        for key in TOTAL_KEYS:
            cells.append(_cell(row[f"{key}_found"], row[f"{key}_stated"], row[f"{key}_diff"]))
            if not pd.isna(row[f"{key}_stated"]):
                total += 1
                exact += int(row[f"{key}_diff"] == 0)
        lines.append(f"| {row['notice_id']} | " + " | ".join(cells) + " |")
    lines.append(f"\n{len(stating)} of {len(summary)} seed notices state totals; "
                 f"{exact} of {total} stated totals are matched exactly (cells: found / stated / found − stated).")
    return lines


def openings_table(folder: Path) -> list[str]:
    lines = ["| opening | stated totals | problems visible | statuses visible |", "|---|---|---|---|"]
    for path in sorted(folder.glob("*.txt")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notice = rectify_nlp.parse(path)
        stated = {k: int(v) for k, v in notice.totals.items() if k in TOTAL_KEYS}
        if stated:
            statuses = ", ".join(f"{k} {v}" for k, v in sorted(notice.status_counts.items())) or "–"
            lines.append(f"| {path.stem} | {', '.join(f'{k} {v}' for k, v in stated.items())} | "
                         f"{len(notice.problems)} | {statuses} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--realworld", type=Path, default=ROOT / ".realworld")
    args = parser.parse_args()
    print("## Seeds: found / stated / difference\n")
    print("\n".join(seeds_table(args.seeds)))
    if args.realworld.is_dir():
        print("\n## Openings of real notices (openings only: no difference computed)\n")
        print("\n".join(openings_table(args.realworld)))


if __name__ == "__main__":
    main()
