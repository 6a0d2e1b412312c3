"""``rectify-nlp tag``: tag notices into one table, written as the notices are tagged."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ModelError, NoticeError
from ..tables import TABLE_FORMATS, TableWriter, jsonl_line, measure_rows
from ..tagging import tag_paths
from ..text import readable
from ._common import MODEL_HELP, fail

SHOW_IGNORED = 20
"""Files a folder walk did not read, named one a line; past that, counted."""


class _NothingTagged(Exception):
    """Raised inside the writer so that the temporary file is discarded and an existing output stays."""


class _Stdout:
    """JSONL on stdout, with the writer's interface."""

    rows = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        sys.stdout.flush()

    def write(self, rows):
        self.rows += len(rows)
        click.echo("".join(jsonl_line(row) for row in rows), nl=False)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", required=True, metavar="OUT",
              help="Output table; the extension picks the format: .csv (UTF-8 with BOM), .jsonl, .xlsx "
                   "(measures + summary sheets), .parquet. '-' writes JSONL to stdout.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes (-1: all cores).")
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None, help=MODEL_HELP)
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when > 1 file).")
@click.option("--headers", type=click.Choice(["id", "zh"]), default="id", show_default=True,
              help="Column names: ids (stable keys), or Chinese (zh) for .csv and .xlsx.")
def tag(paths, out, jobs, model, progress, headers):
    """Tag every measure of the notices in PATHS (files, folders searched recursively for
    .txt/.html/.htm/.docx/.pdf, or glob patterns) and write one table with a row per measure.

    A file that cannot be read is named with the reason and skipped; the others are tagged.
    Exit status 1 if any file failed. A folder's files with other suffixes are named as
    ignored, which is no failure. Rows are written as the notices are tagged, to a temporary
    file renamed over OUT at the end: a run that fails or tags nothing leaves OUT as it was."""
    shown = readable(out)
    if out != "-" and not any(out.lower().endswith(s) for s in TABLE_FORMATS):
        fail(f"{shown}: unknown output format; use one of {', '.join(TABLE_FORMATS)} or '-' for JSONL on stdout")
    if jobs == 0:
        fail("--jobs 0: give a number of worker processes, or -1 for all cores")
    ignored: list[NoticeError] = []
    failed = notices = 0
    try:
        with _Stdout() if out == "-" else TableWriter(out, headers=headers) as writer:
            for item in tag_paths(list(paths), n_jobs=jobs, progress=progress, model=model, ignored=ignored):
                if ignored:
                    _report_ignored(ignored)
                    ignored.clear()
                if isinstance(item, NoticeError):
                    failed += 1
                    click.echo(f"rectify-nlp: skipped {readable(str(item))}", err=True)
                else:
                    notices += 1
                    writer.write(list(measure_rows(item)))
            if not notices:
                raise _NothingTagged
    except (ModelError, NoticeError) as err:  # before any row: an existing table stays
        fail(readable(str(err)))
    except _NothingTagged:
        kept = f"; {shown} left as it was" if out != "-" else ""
        click.echo(f"rectify-nlp: no notice could be tagged{kept}", err=True)
        sys.exit(1)
    except OSError as err:
        fail(f"{shown}: cannot write the output ({err.strerror or err}); choose a folder you can write to")
    for note in getattr(writer, "notes", []):
        click.echo(f"rectify-nlp: {readable(note)}", err=True)
    click.echo(f"tagged {writer.rows} measures in {notices} notice(s)"
               + (f"; {failed} file(s) failed" if failed else "") + (f" → {shown}" if out != "-" else ""), err=True)
    sys.exit(1 if failed else 0)


def _report_ignored(ignored: list) -> None:
    for err in ignored[:SHOW_IGNORED]:
        click.echo(f"rectify-nlp: ignored {readable(str(err))}", err=True)
    if len(ignored) > SHOW_IGNORED:
        click.echo(f"rectify-nlp: ignored {len(ignored) - SHOW_IGNORED} more files with other suffixes", err=True)
