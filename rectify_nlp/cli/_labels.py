"""``rectify-nlp labels check|stats``: validate and count label files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import taxonomy
from ..errors import LabelError
from ..labels import check_labels, label_stats, read_labels
from ._common import LABELS_HELP, fail


@click.group(help=f"Validate and count label files. PATH: {LABELS_HELP.split('. Repeat')[0]}.")
def labels():
    pass


@labels.command("check")
@click.argument("path", default="training/annotations", type=click.Path(path_type=Path))
@click.option("--seeds", default="seeds", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the notices the labels refer to.")
@click.option("--allow-category", "extra", multiple=True, metavar="ID",
              help="Accept a category id not in the taxonomy.")
def labels_check(path, seeds, extra):
    """Check labels as training reads them (text, known category, known status when given: a measure
    without a status trains the category model only), and records with notice and offsets against the
    notice text: duplicates, overlaps, and that a JSONL file labels every parsed measure of its notice.
    Exit status 1 on any issue."""
    issues, coverage = check_labels(path, seeds=seeds, extra_categories=extra)
    for issue in issues:
        click.echo(str(issue), err=True)
    total_labelled = sum(a for a, _ in coverage.values())
    total = sum(b for _, b in coverage.values())
    for notice, (a, b) in coverage.items():
        click.echo(f"{notice}: {a}/{b} parsed measures labelled")
    pct = 100.0 * total_labelled / total if total else 0.0
    click.echo(f"{len(issues)} issue(s); {total_labelled}/{total} parsed measures labelled ({pct:.1f}%)")
    sys.exit(1 if issues else 0)


@labels.command("stats")
@click.argument("path", default="training/annotations", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--allow-category", "extra", multiple=True, metavar="ID",
              help="Accept a category id not in the taxonomy.")
def labels_stats(path, fmt, extra):
    """Print counts by category and by status for each notice (status "none": not given)."""
    try:
        stats = label_stats(read_labels(path, extra_categories=extra))
    except LabelError as err:
        fail(str(err))
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    notices = [k for k in stats if k != "all"]
    header = ["label"] + notices + ["all"]
    rows = []
    for kind, ids in (("category", taxonomy.CATEGORY_IDS + tuple(extra)), ("status", taxonomy.STATUS_IDS + ("none",))):
        for label in ids:
            rows.append([f"{kind}:{label}"] + [str(stats[n][kind].get(label, 0)) for n in header[1:]])
    rows.append(["measures"] + [str(stats[n]["measures"]) for n in header[1:]])
    if fmt == "markdown":
        short = ["label"] + [n.split("_")[0] for n in notices] + ["all"]
        click.echo("| " + " | ".join(short) + " |")
        click.echo("|" + "---|" * len(short))
        for row in rows:
            click.echo("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
        for row in [header] + rows:
            click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)))
