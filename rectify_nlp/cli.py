"""The ``rectify-nlp`` command line; each command mirrors a function of the Python API."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import click

from .reading import NoticeError


class CliError(click.ClickException):
    """A one-line error on stderr and exit status 2, with no traceback."""

    exit_code = 2

    def show(self, file=None):
        click.echo(f"rectify-nlp: error: {self.format_message()}", err=True)


def _fail(message: str):
    raise CliError(message)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="rectify-nlp")
def main():
    """Read Chinese inspection-rectification notices (巡视/巡察整改情况通报), split them into
    problems and measures, and tag every measure with a category and a completion status.

    \b
    Typical use:
      rectify-nlp parse notice.txt                 # the structure, as text
      rectify-nlp tag notices/ -o measures.xlsx    # tag a folder with the default model
      rectify-nlp evaluate --labels training/annotations
      rectify-nlp train --labels training/annotations --labels mine.csv --out models/mine
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: an indented outline; json: the full tree with offsets (shape in the README).")
def parse(files, fmt):
    """Print the sections, problems and measures of notice FILES (.txt or .html, any common encoding)."""
    from .io import notice_to_dict, notice_to_text
    from .structure import parse as parse_notice

    out = []
    for file in files:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                notice = parse_notice(file)
            except NoticeError as err:
                _fail(str(err))
        for w in caught:
            click.echo(f"rectify-nlp: warning: {w.message}", err=True)
        out.append(notice)
    if fmt == "json":
        data = [notice_to_dict(n) for n in out]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(notice_to_text(n) for n in out))


@main.group()
def labels():
    """Validate and count label files (JSONL records of labelled measures)."""


@labels.command("check")
@click.argument("path", default="training/annotations", type=click.Path(path_type=Path))
@click.option("--seeds", default="seeds", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the notices the labels refer to.")
@click.option("--allow-category", "extra", multiple=True, metavar="ID", help="Accept a category id not in the taxonomy.")
def labels_check(path, seeds, extra):
    """Check labels: schema, taxonomy ids, offsets against the notice text, duplicates,
    overlaps, and that every parsed measure of each notice is labelled. Exit status 1 on any issue."""
    from .labels import check_labels

    if not path.exists():
        _fail(f"{path}: no such file or directory")
    issues, coverage = check_labels(path, seeds=seeds, extra_categories=extra)
    for issue in issues:
        click.echo(str(issue), err=True)
    total_labelled = sum(a for a, _ in coverage.values())
    total = sum(b for _, b in coverage.values())
    for notice, (a, b) in coverage.items():
        click.echo(f"{notice}: {a}/{b} parsed measures labelled")
    pct = 100.0 * total_labelled / total if total else 0.0
    click.echo(f"{len(issues)} issue(s); {total_labelled}/{total} parsed measures labelled ({pct:.1f}%)")
    sys.exit(1 if issues or not total else 0)


@labels.command("stats")
@click.argument("path", default="training/annotations", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def labels_stats(path, fmt):
    """Print counts by category and by status for each notice."""
    from . import taxonomy
    from .labels import label_stats, read_labels

    stats = label_stats(read_labels(path))
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    notices = [k for k in stats if k != "all"]
    header = ["label"] + notices + ["all"]
    rows = []
    for kind, ids in (("category", taxonomy.CATEGORY_IDS), ("status", taxonomy.STATUS_IDS)):
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


def _read_label_sources(sources, extra=()):
    from .labels import load_label_sources

    try:
        records, report = load_label_sources(sources, extra_categories=extra)
    except (ValueError, FileNotFoundError) as err:
        _fail(str(err))
    for line in report:
        click.echo(line, err=True)
    return records


def _print_scores(report: dict) -> None:
    for kind in ("category", "status"):
        s = report[kind]
        click.echo(f"{kind}: accuracy {s['accuracy']:.3f}  macro-F1 {s['macro_f1']:.3f}  "
                   f"weighted-F1 {s['weighted_f1']:.3f}  (n={s['n']})")
        for label, c in s["per_class"].items():
            if c["support"]:
                click.echo(f"  {label:22s} P {c['precision']:.2f}  R {c['recall']:.2f}  F1 {c['f1']:.2f}  n={c['support']}")
    if report.get("folds"):
        click.echo("per held-out notice:")
        for notice, f in report["folds"].items():
            click.echo(f"  {notice}: category {f['category_accuracy']:.3f}  status {f['status_accuracy']:.3f}  "
                       f"(n={f['measures']})")


LABELS_HELP = ("Labelled measures: a JSONL file or folder (our format), a .csv/.xlsx with columns text, category"
               "[, status][, problem][, notice], or a Label Studio export (.json). Repeat to merge; a later source "
               "overrides an earlier one for the same measure.")


@main.command()
@click.option("--labels", "sources", multiple=True, required=True, metavar="PATH", help=LABELS_HELP)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Model directory to write (replaced atomically if it exists).")
@click.option("--allow-category", "extra", multiple=True, metavar="ID",
              help="Accept and train a category id that is not in the taxonomy.")
@click.option("--classifier", type=click.Choice(["logreg", "svm", "sgd", "cnb"]), default=None,
              help="Linear model for categories (default: the library default).")
@click.option("--evaluate/--no-evaluate", default=True, show_default=True,
              help="Record leave-one-notice-out metrics in the model card (needs labels from ≥ 2 notices).")
def train(sources, out, extra, classifier, evaluate):
    """Train a tagger on labelled measures and save it to --out with its model card."""
    from .training import evaluate as evaluate_records
    from .training import train as train_records

    records = _read_label_sources(sources, extra)
    params = {"classifier": classifier} if classifier else {}
    with click.progressbar(length=1, label="training", file=sys.stderr) as bar:
        tagger = train_records(records, **params)
        bar.update(1)
    notices = {r.get("notice") for r in records}
    if evaluate and len(notices) >= 2:
        click.echo(f"leave-one-notice-out over {len(notices)} notices…", err=True)
        report = evaluate_records(records, **params)
        tagger.meta["metrics"] = {"cv": "leave-one-notice-out",
                                  **{k: {m: report[k][m] for m in ("accuracy", "macro_f1", "weighted_f1", "n")}
                                     for k in ("category", "status")}}
        _print_scores(report)
    tagger.meta["extra_categories"] = list(extra)
    tagger.save(out)
    click.echo(f"saved {out} ({len(records)} measures, categories: {', '.join(tagger.categories)})")


@main.command()
@click.option("--labels", "sources", multiple=True, required=True, metavar="PATH", help=LABELS_HELP)
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Score this trained model on the labels. Without it, train and test leave-one-notice-out.")
@click.option("--allow-category", "extra", multiple=True, metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evaluate(sources, model, extra, fmt):
    """Score category and status predictions: per-class precision/recall/F1, macro and weighted F1,
    accuracy and the confusion matrix. Leave-one-notice-out unless --model is given."""
    from .pipeline import ModelError
    from .training import evaluate as evaluate_records
    from .training import score_model

    records = _read_label_sources(sources, extra)
    try:
        if model is not None:
            from .batch import load

            report = score_model(load(model), records)
        else:
            report = evaluate_records(records)
    except (ValueError, ModelError) as err:
        _fail(str(err))
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_scores(report)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", required=True, metavar="OUT",
              help="Output table; the extension picks the format: .csv (UTF-8 with BOM), .jsonl, .xlsx "
                   "(measures + summary sheets), .parquet. '-' writes JSONL to stdout.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes (-1: all cores).")
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model directory (default: the model shipped with the package).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when > 1 file).")
def tag(paths, out, jobs, model, progress):
    """Tag every measure of the notices in PATHS (files, folders searched recursively for
    .txt/.html/.htm, or glob patterns) and write one table with a row per measure.

    A file that cannot be read is named with the reason and skipped; the others are tagged.
    Exit status 1 if any file failed. The output is written atomically."""
    from .batch import tag as tag_paths
    from .io import TABLE_FORMATS, summarize, write_table
    from .pipeline import ModelError

    if out != "-" and Path(out).suffix.lower() not in TABLE_FORMATS:
        _fail(f"{out}: unknown output format; use one of {', '.join(TABLE_FORMATS)} or '-' for JSONL on stdout")
    try:
        df = tag_paths(list(paths), n_jobs=jobs, progress=progress, model=model)
    except ModelError as err:
        _fail(str(err))
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


def _tagged_notices(paths, model, jobs=1):
    from .batch import _cached, default_model_path, expand_paths
    from .pipeline import ModelError

    files, errors = expand_paths(paths)
    for err in errors:
        click.echo(f"rectify-nlp: skipped {err}", err=True)
    try:
        tagger = _cached(str(model or default_model_path()))
    except ModelError as err:
        _fail(str(err))
    notices = []
    for item in tagger.pipe(files, n_jobs=jobs, errors="return"):
        if isinstance(item, Exception):
            click.echo(f"rectify-nlp: skipped {item}", err=True)
        else:
            notices.append(item)
    return tagger, notices


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model directory (default: the shipped model).")
@click.option("-n", "count", default=50, show_default=True, help="How many measures to suggest.")
@click.option("--strategy", type=click.Choice(["entropy", "margin"]), default="entropy", show_default=True)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A .csv (UTF-8 with BOM) or .xlsx to fill in: columns category and status are left empty.")
def suggest(paths, model, count, strategy, out):
    """Pick the measures in PATHS whose labels would help the model most (the least confident,
    spread across notices and categories) and write them as a table ready to label. Give the filled-in
    file back to `train --labels`."""
    from .io import atomic_path
    from .training import suggest as suggest_measures

    if out.suffix.lower() not in (".csv", ".xlsx"):
        _fail(f"{out}: write suggestions to a .csv or .xlsx file")
    _, notices = _tagged_notices(paths, model)
    if not notices:
        _fail("no notice could be read from PATHS")
    df = suggest_measures(notices, n=count, strategy=strategy)
    with atomic_path(out) as tmp:
        if out.suffix.lower() == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            df.to_excel(tmp, index=False, sheet_name="to_label")
    click.echo(f"wrote {len(df)} measures from {df['notice'].nunique() if len(df) else 0} notice(s) to {out}", err=True)


@main.group()
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
    from .io import atomic_path
    from .labelstudio import export_tasks, labeling_config

    tagger, notices = _tagged_notices(paths, model)
    count = export_tasks(notices, out, model_version=tagger.meta.get("name", "rectify_nlp"))
    if config:
        with atomic_path(config) as tmp:
            tmp.write_text(labeling_config(tagger.meta.get("extra_categories", ())), encoding="utf-8")
    click.echo(f"wrote {count} task(s) to {out}" + (f" and the labelling interface to {config}" if config else ""), err=True)


@labelstudio.command("import")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the label set: <notice>.jsonl files and notices/<notice>.txt.")
@click.option("--allow-category", "extra", multiple=True, metavar="ID")
def labelstudio_import(export, out, extra):
    """Turn a Label Studio JSON export into a label folder (JSONL plus the notice texts), which
    `labels check --seeds OUT/notices`, `train --labels` and `evaluate --labels` read."""
    from .labels import write_label_set
    from .labelstudio import read_labelstudio

    try:
        records = read_labelstudio(export, extra)
    except ValueError as err:
        _fail(str(err))
    files = write_label_set(records, out)
    click.echo(f"wrote {len(records)} labelled measures in {files} notice file(s) to {out}", err=True)
