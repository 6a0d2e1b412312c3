"""``rectify-nlp render``: tagged notices as one HTML page to read."""

from __future__ import annotations

from pathlib import Path

import click

from ..display import render as render_notices
from ..files import atomic_path
from ..text import readable
from ._common import MODEL_HELP, notices_for_output, writing


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML page to write (self-contained: open it in any browser).")
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None, help=MODEL_HELP)
def render(paths, out, model):
    """Tag the notices in PATHS and write them as one HTML page: each notice's text with every measure
    highlighted in its category's colour and its status as a badge, sections and problems as headings,
    and the stated totals beside the found ones. Hover over a measure for its probabilities."""
    notices = notices_for_output(paths, model, out, (".html", ".htm"), "write the page to a .html file")
    with writing(out), atomic_path(out) as tmp:
        tmp.write_text(render_notices(notices), encoding="utf-8")
    measures = sum(len(n.measures) for n in notices)
    click.echo(f"rendered {len(notices)} notice(s), {measures} measures → {readable(str(out))}", err=True)
