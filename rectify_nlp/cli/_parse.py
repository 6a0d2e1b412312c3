"""``rectify-nlp parse``: the structure of notices, as an outline or a JSON tree."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import click

from ..display import notice_to_dict, notice_to_text
from ..errors import NoticeError
from ..parsing import parse as parse_notice
from ._common import fail


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: an indented outline; json: the full tree with offsets (shape in the README).")
def parse(files, fmt):
    """Print the sections, problems and measures of notice FILES (.txt or .html in any common encoding, .docx, or
    a PDF with a text layer)."""
    out = []
    for file in files:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                notice = parse_notice(file)
            except NoticeError as err:
                fail(str(err))
        for w in caught:
            click.echo(f"rectify-nlp: warning: {w.message}", err=True)
        out.append(notice)
    if fmt == "json":
        data = [notice_to_dict(n) for n in out]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(notice_to_text(n) for n in out))
