"""``rectify-nlp explain``: what decided each tag of a notice."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..display import explain as explain_notice
from ..display import explanation_text
from ..errors import NoticeError
from ._common import MODEL_HELP, fail, tagged_notices


@click.command()
@click.argument("path")
@click.option("--measure", "measure_id", default=None, metavar="ID",
              help="Only this measure (its id, e.g. p02m03, as in the tables' measure_id column).")
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None, help=MODEL_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(path, measure_id, model, fmt):
    """Tag the notice in PATH and show what decided each measure's tags: for the category, the lexicon
    cues and features that weighed most (with their weights); for the status, the stated verdict or
    grammar cue with its offsets in the notice text, or the status model's strongest features."""
    _, notices = tagged_notices([path], model)
    if not notices:
        fail(f"{path}: no notice could be read")
    try:
        explained = explain_notice(notices[0], measure_id)
    except NoticeError as err:
        fail(str(err))
    if fmt == "json":
        click.echo(json.dumps(explained, ensure_ascii=False, indent=1))
    else:
        click.echo(explanation_text(explained))
