"""``rectify-nlp labelstudio export|import``: the round trip with Label Studio."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import LabelError
from ..files import atomic_path
from ..labels import export_tasks, labeling_config, read_labels, write_label_set
from ..text import readable
from ._common import fail, tagged_notices, writing


@click.group()
def labelstudio():
    """Round trip with Label Studio: export tasks with pre-annotations, import the annotations."""


@labelstudio.command("export")
@click.argument("paths", nargs=-1, required=True)
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tasks JSON to import into Label Studio.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the labelling interface (XML) to paste into the project settings.")
def labelstudio_export(paths, model, out, config):
    """Write one Label Studio task per notice in PATHS, with the model's tags as pre-annotations."""
    tagger, notices = tagged_notices(paths, model)
    with writing(out):
        count = export_tasks(notices, out, model_version=tagger.meta.get("name", "rectify_nlp"))
    if config:
        with writing(config), atomic_path(config) as tmp:
            tmp.write_text(labeling_config(tagger.meta.get("extra_categories", ())), encoding="utf-8")
    interface = f" and the labelling interface to {readable(str(config))}" if config else ""
    click.echo(f"wrote {count} task(s) to {readable(str(out))}{interface}", err=True)


@labelstudio.command("import")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the label set: <notice>.jsonl files and notices/<notice>.txt.")
@click.option("--allow-category", "extra", multiple=True, metavar="ID")
def labelstudio_import(export, out, extra):
    """Turn a Label Studio JSON export into a label folder (JSONL plus the notice texts), which
    `labels check --seeds OUT/notices`, `train --labels` and `evaluate --labels` read."""
    try:
        records = read_labels(export, extra_categories=extra)
        with writing(out):
            files = write_label_set(records, out)
    except LabelError as err:
        fail(readable(str(err)))
    click.echo(f"wrote {len(records)} labelled measures in {files} notice file(s) to {readable(str(out))}", err=True)
