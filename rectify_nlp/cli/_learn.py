"""``rectify-nlp train|evaluate|suggest``: learning from labels, scoring, and picking what to label next.

The learning code imports scikit-learn, so it is imported inside the commands: ``rectify-nlp tag``
starts without it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import LabelError, ModelError
from ..tables import write_sheet
from ..tagging import CLASSIFIERS, load
from ..text import readable
from ._common import (
    LABELS_HELP,
    MODEL_HELP,
    fail,
    notices_for_output,
    print_scores,
    read_label_sources,
    writing,
)


@click.command()
@click.option("--labels", "sources", multiple=True, required=True, metavar="PATH", help=LABELS_HELP)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Model directory to write (replaced atomically if it exists).")
@click.option("--allow-category", "extra", multiple=True, metavar="ID",
              help="Accept and train a category id that is not in the taxonomy.")
@click.option("--classifier", type=click.Choice(CLASSIFIERS), default=None,
              help="Linear model for categories (default: the library default).")
@click.option("--userdict", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A jieba-format user dictionary (`word [freq [tag]]` lines) of words to keep whole; "
                   "the words are saved with the model.")
@click.option("--evaluate/--no-evaluate", default=True, show_default=True,
              help="Record leave-one-notice-out metrics in the model card (needs labels from ≥ 2 notices).")
def train(sources, out, extra, classifier, userdict, evaluate):
    """Train a tagger on labelled measures and save it to --out with its model card."""
    records = read_label_sources(sources, extra)  # every label checked before the slow part starts
    from ..learning import train as train_records  # scikit-learn: imported only when needed

    params = {"classifier": classifier} if classifier else {}
    if userdict:
        params["userdict"] = str(userdict)
    try:
        tagger = train_records(records, cv="notice" if evaluate else None, progress=True, **params)
    except (LabelError, ModelError) as err:
        fail(str(err))
    if "metrics" in tagger.meta:
        print_scores(tagger.meta["metrics"])
    try:
        with writing(out):
            tagger.save(out)
    except ModelError as err:
        fail(readable(str(err)))
    click.echo(f"saved {readable(str(out))} ({len(records)} measures, categories: {', '.join(tagger.categories)})")


@click.command()
@click.option("--labels", "sources", multiple=True, required=True, metavar="PATH", help=LABELS_HELP)
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Score this trained model on the labels. Without it, train and test leave-one-notice-out.")
@click.option("--allow-category", "extra", multiple=True, metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evaluate(sources, model, extra, fmt):
    """Score category and status predictions: per-class precision/recall/F1, macro and weighted F1,
    accuracy and the confusion matrix. Leave-one-notice-out unless --model is given."""
    records = read_label_sources(sources, extra)
    from ..learning import evaluate as evaluate_records
    from ..learning import score_model

    try:
        if model is not None:
            report = score_model(load(model), records)
        else:
            report = evaluate_records(records, progress=fmt == "text")
    except (LabelError, ModelError) as err:
        fail(str(err))
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_scores(report)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None, help=MODEL_HELP)
@click.option("-n", "count", default=50, show_default=True, help="How many measures to suggest.")
@click.option("--strategy", type=click.Choice(["entropy", "margin"]), default="entropy", show_default=True)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A .csv (UTF-8 with BOM) or .xlsx to fill in: columns label_category and label_status are "
                   "left empty.")
def suggest(paths, model, count, strategy, out):
    """Pick the measures in PATHS whose labels would help the model most (the least confident,
    spread across notices and categories) and write them as a table ready to label. Give the filled-in
    file back to `train --labels`."""
    from ..learning import suggest as suggest_measures

    shown = readable(str(out))
    notices = notices_for_output(paths, model, out, (".csv", ".xlsx"), "write suggestions to a .csv or .xlsx file")
    df = suggest_measures(notices, n=count, strategy=strategy)
    with writing(out):
        notes = write_sheet(df, out, sheet="to_label")
    for note in notes:
        click.echo(f"rectify-nlp: {readable(note)}", err=True)
    click.echo(f"wrote {len(df)} measures from {df['notice'].nunique() if len(df) else 0} notice(s) to {shown}",
               err=True)
