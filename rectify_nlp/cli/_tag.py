"""``rectify-nlp tag``: tag notices into one table."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ModelError, NoticeError
from ..tables._files import TABLE_FORMATS, write_table
from ..tables._summary import summarize
from ..tables._tag import tag as tag_paths
from ._common import MODEL_HELP, fail

SHOW_IGNORED = 20
"""Files a folder walk did not read, named one a line; past that, counted."""


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", required=True, metavar="OUT",
              help="Output table; the extension picks the format: .csv (UTF-8 with BOM), .jsonl, .xlsx "
                   "(measures + summary sheets), .parquet. '-' writes JSONL to stdout.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes (-1: all cores).")
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None, help=MODEL_HELP)
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when > 1 file).")
def tag(paths, out, jobs, model, progress):
    """Tag every measure of the notices in PATHS (files, folders searched recursively for
    .txt/.html/.htm/.docx/.pdf, or glob patterns) and write one table with a row per measure.

    A file that cannot be read is named with the reason and skipped; the others are tagged.
    Exit status 1 if any file failed. A folder's files with other suffixes are named as
    ignored, which is no failure. The output is written atomically."""
    if out != "-" and Path(out).suffix.lower() not in TABLE_FORMATS:
        fail(f"{out}: unknown output format; use one of {', '.join(TABLE_FORMATS)} or '-' for JSONL on stdout")
    try:
        df = tag_paths(list(paths), n_jobs=jobs, progress=progress, model=model)
    except (ModelError, NoticeError) as err:  # before anything is written: an existing table stays
        fail(str(err))
    ignored = df.attrs["ignored"]
    for message in ignored[:SHOW_IGNORED]:
        click.echo(f"rectify-nlp: ignored {message}", err=True)
    if len(ignored) > SHOW_IGNORED:
        click.echo(f"rectify-nlp: ignored {len(ignored) - SHOW_IGNORED} more files with other suffixes", err=True)
    for message in df.attrs["errors"]:
        click.echo(f"rectify-nlp: skipped {message}", err=True)
    if out == "-":
        click.echo(df.to_json(orient="records", lines=True, force_ascii=False), nl=False)
    else:
        write_table(df, out, summary=summarize(df) if out.lower().endswith(".xlsx") else None)
    failed = len(df.attrs["errors"])
    notices = len(df.attrs["notices"])
    click.echo(f"tagged {len(df)} measures in {notices} notice(s)"
               + (f"; {failed} file(s) failed" if failed else "") + (f" → {out}" if out != "-" else ""), err=True)
    sys.exit(1 if failed else 0)
