"""What the commands share: one-line errors, warnings on stderr, label sources, tagged notices."""

from __future__ import annotations

import os
from contextlib import contextmanager

import click

from ..errors import LabelError, ModelError
from ..text import readable

LABELS_HELP = ("Labelled measures: a JSONL file (our format); a .csv (UTF-8, GBK/GB18030 or UTF-16; comma- or "
               "tab-separated), .tsv or .xlsx table with columns text and category[, status] (or label_category"
               "[, label_status], as suggest writes them); a Label Studio export (.json); or a folder of them. Repeat "
               "to merge; a later source overrides an earlier one for the same measure.")

MODEL_HELP = "Model directory (default: the model shipped with the package)."


class CliError(click.ClickException):
    """A one-line error on stderr and exit status 2, with no traceback."""

    exit_code = 2

    def show(self, file=None):
        click.echo(f"rectify-nlp: error: {self.format_message()}", err=True)


def fail(message: str):
    raise CliError(message)


@contextmanager
def writing(path):
    """A block that writes ``path``: its failure (a read-only folder, a full disk) is one line naming the path."""
    try:
        yield
    except OSError as err:
        fail(f"{readable(os.fspath(path))}: cannot be written ({err.strerror or err}); choose a folder you can "
             "write to, with room")


def notices_for_output(paths, model, out, suffixes: tuple[str, ...], advice: str) -> list:
    """The tagged notices of PATHS for a command writing OUT, after checking OUT's suffix; a usage error
    when the suffix is not one of ``suffixes`` or no notice could be read."""
    if out.suffix.lower() not in suffixes:
        fail(f"{readable(str(out))}: {advice}")
    _, notices = tagged_notices(paths, model)
    if not notices:
        fail("no notice could be read from PATHS")
    return notices


def read_label_sources(sources, extra=()) -> list[dict]:
    """The merged records of label sources, the merge reported on stderr."""
    from ..labels import load_label_sources

    try:
        records, report = load_label_sources(sources, extra_categories=extra)
    except LabelError as err:
        fail(str(err))
    for line in report:
        click.echo(line, err=True)
    return records


def tagged_notices(paths, model, jobs: int = 1):
    """The shared tagger for ``model`` and the notices in ``paths`` tagged by it; unreadable files are named."""
    from ..reading import expand_paths
    from ..tagging import load_shared

    files, errors = expand_paths(paths)
    for err in errors:
        click.echo(f"rectify-nlp: skipped {readable(str(err))}", err=True)
    try:
        tagger = load_shared(model)
    except ModelError as err:
        fail(str(err))
    notices = []
    for item in tagger.pipe(files, n_jobs=jobs, errors="return"):
        if isinstance(item, Exception):
            click.echo(f"rectify-nlp: skipped {readable(str(item))}", err=True)
        else:
            notices.append(item)
    return tagger, notices


def print_scores(report: dict) -> None:
    """Scores per kind and class, and per held-out notice when there are folds."""
    for kind in ("category", "status"):
        s = report[kind]
        click.echo(f"{kind}: accuracy {s['accuracy']:.3f}  macro-F1 {s['macro_f1']:.3f}  "
                   f"weighted-F1 {s['weighted_f1']:.3f}  (n={s['n']})")
        for label, c in s["per_class"].items():
            if c["support"]:
                click.echo(f"  {label:22s} P {c['precision']:.2f}  R {c['recall']:.2f}  F1 {c['f1']:.2f}  "
                           f"n={c['support']}")
    if report.get("folds"):
        click.echo("per held-out notice:")
        for notice, f in report["folds"].items():
            status = "-" if f["status_accuracy"] is None else f"{f['status_accuracy']:.3f}"
            click.echo(f"  {notice}: category {f['category_accuracy']:.3f}  status {status}  (n={f['measures']})")
