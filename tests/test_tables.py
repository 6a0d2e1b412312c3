"""Tables: rows that keep what the summary needs, files written completely, and a CLI that never
leaves a traceback, a smaller table or leftovers behind."""

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings

import openpyxl
import pandas as pd
import psutil
import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED_FILES, seed

import rectify_nlp
from rectify_nlp import taxonomy
from rectify_nlp.cli import main
from rectify_nlp.document import Measure, Problem
from rectify_nlp.tables._rows import MEASURE_COLUMNS

FORMATS = [".csv", ".jsonl", ".xlsx", ".parquet"]


@pytest.fixture(scope="module")
def tagger():
    from rectify_nlp.tagging._tagger import load_shared

    return load_shared(None)


@pytest.fixture(scope="module")
def two(tagger):
    return rectify_nlp.tag([seed("000"), seed("002")], progress=False, model=tagger)


def test_summary_comes_from_the_rows_through_concat_and_csv(two, tagger):
    summary = rectify_nlp.summarize(two)
    pd.testing.assert_frame_equal(rectify_nlp.summarize(pd.concat([two, two])), summary)
    buffer = io.StringIO()
    two.to_csv(buffer, index=False)
    buffer.seek(0)
    pd.testing.assert_frame_equal(rectify_nlp.summarize(pd.read_csv(buffer)), summary, check_dtype=False)
    for path in (seed("000"), seed("002")):
        tagged = tagger(path)
        row = summary.set_index("notice_id").loc[tagged.id]
        assert row["problems_found"] == len(tagged.problems)
        assert row["problems_stated"] == tagged.totals["problems"]
        for status in ("completed", "partial"):
            assert row[f"{status}_found"] == tagged.status_counts.get(status, 0)
            assert row[f"{status}_diff"] == row[f"{status}_found"] - row[f"{status}_stated"]


def test_summary_refuses_a_table_without_its_columns(two):
    with pytest.raises(ValueError, match="missing notice_problems"):
        rectify_nlp.summarize(two.drop(columns=["notice_problems"]))


def test_status_names_follow_the_taxonomy(two):
    assert list(two.columns) == MEASURE_COLUMNS
    assert (two["status_zh"] == two["status"].map(lambda s: taxonomy.status(s).zh)).all()
    assert (two["category_zh"] == two["category"].map(lambda c: taxonomy.category(c).zh)).all()


def test_a_skipped_file_is_a_warning_naming_it_or_an_error(tmp_path):
    shutil.copy(seed("001"), tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.warns(rectify_nlp.SkippedFileWarning, match="empty.txt"):
        df = rectify_nlp.tag(tmp_path, progress=False)
    assert len(df) == 47
    with pytest.raises(rectify_nlp.NoticeError, match="empty.txt"):
        rectify_nlp.tag(tmp_path, progress=False, errors="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(rectify_nlp.tag(tmp_path, progress=False, errors="ignore")) == 47


def test_measure_ids_follow_changes_to_the_list():
    problem = Problem(0, 0, 0, 0, 0, "t", index=3)
    problem.measures = [Measure(0, 0, str(i), problem=problem) for i in range(3)]
    assert [m.id for m in problem.measures] == ["p03m01", "p03m02", "p03m03"]
    problem.measures.insert(0, Measure(0, 0, "new", problem=problem))
    assert [m.id for m in problem.measures] == ["p03m01", "p03m02", "p03m03", "p03m04"]


def test_xlsx_has_frozen_filtered_fitted_sheets_and_chinese_headers(tmp_path):
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(main, ["tag", str(seed("001")), "-o", str(out), "--headers", "zh"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["measures", "summary"]
    measures, summary = book["measures"], book["summary"]
    for sheet in (measures, summary):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    header = [c.value for c in measures[1]]
    assert header[MEASURE_COLUMNS.index("text")] == "整改举措" and header[0] == "通报编号"
    assert [c.value for c in summary[1]][3:6] == ["问题数(识别)", "问题数(通报)", "问题数(差额)"]
    widths = {k: v.width for k, v in measures.column_dimensions.items()}
    assert widths["A"] < widths[openpyxl.utils.get_column_letter(MEASURE_COLUMNS.index("text") + 1)] <= 61


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_outputs_follow_the_umask(tmp_path, two, umask):
    from rectify_nlp.tables._writer import write_table

    old = os.umask(umask)
    try:
        write_table(two, tmp_path / "t.csv")
    finally:
        os.umask(old)
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_run_that_tags_nothing_leaves_the_output(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    result = CliRunner().invoke(main, ["tag", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 1 and "left as it was" in result.stderr
    assert out.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.csv"]


def test_leftovers_of_a_killed_run_are_removed_by_the_next(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = [tmp_path / f".out.xlsx.rectify-tmp-{dead.pid}-0.xlsx", tmp_path / f".b.csv.rectify-tmp-{dead.pid}-3.csv"]
    for path in stale:
        path.write_bytes(b"half")
    (tmp_path / f".out.xlsx.rectify-tmp-{dead.pid}-0.xlsx.d").mkdir()
    live = tmp_path / ".out.xlsx.rectify-tmp-1-0.xlsx"  # pid 1 is alive: a run still writing
    live.write_bytes(b"busy")
    result = CliRunner().invoke(main, ["tag", str(seed("001")), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.xlsx", live.name])


def _is_worker(process) -> bool:
    try:
        return "joblib.externals.loky.backend.popen_loky_posix" in process.cmdline()
    except psutil.NoSuchProcess:
        return False


@pytest.mark.slow
def test_a_killed_run_leaves_no_workers_and_its_leftovers_go_with_the_next_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        for path in SEED_FILES:
            (folder / f"{i}_{path.name}").symlink_to(path)
    out = tmp_path / "out.xlsx"
    code = "import sys; from rectify_nlp.cli import main; main()"
    run = subprocess.Popen([sys.executable, "-c", code, "tag", str(folder), "-o", str(out), "-j", "2", "--no-progress"],
                           cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        workers = []
        while run.poll() is None and not (len(workers) == 2 and list(tmp_path.glob(".out.xlsx.rectify-tmp-*"))):
            time.sleep(0.1)
            workers = [p for p in psutil.Process(run.pid).children(recursive=True) if _is_worker(p)]
        assert run.poll() is None, "the run ended before it could be killed"
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    _, alive = psutil.wait_procs(workers, timeout=10)
    for process in alive:
        process.kill()
    assert alive == []
    leftovers = list(tmp_path.glob(".out.xlsx.rectify-tmp-*"))
    assert leftovers and not out.exists()  # XlsxWriter stages rows in the .d folder until it closes
    result = CliRunner().invoke(main, ["tag", str(seed("001")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.xlsx"]


def test_an_unwritable_output_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["tag", str(seed("001")), "-o", str(tmp_path / "file" / "out.csv")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and "cannot write the output" in result.stderr


@pytest.mark.parametrize("suffix", FORMATS)
def test_file_names_that_are_not_utf8(tmp_path, suffix):
    name = os.fsdecode(b"notice-\xff\xfe.txt")
    shutil.copy(seed("001"), tmp_path / name)
    out = tmp_path / os.fsdecode(b"out-\xff" + suffix.encode())
    result = CliRunner().invoke(main, ["tag", str(tmp_path / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        df = pd.read_csv(out, encoding="utf-8-sig")
    elif suffix == ".jsonl":
        df = pd.read_json(out, lines=True)
    elif suffix == ".parquet":
        with open(out, "rb") as file:  # pyarrow opens no path that is not UTF-8
            df = pd.read_parquet(file)
    else:
        df = pd.read_excel(out, sheet_name="measures")
    assert len(df) == 47 and set(df["notice_id"]) == {"notice-\\xff\\xfe"}


def test_jobs_zero_is_one_line():
    result = CliRunner().invoke(main, ["tag", str(seed("001")), "-o", "-", "--jobs", "0"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "--jobs 0" in result.stderr
    with pytest.raises(ValueError, match="n_jobs"):
        rectify_nlp.tag(seed("001"), n_jobs=0)


@pytest.mark.parametrize("to_stdout", [False, True])
def test_jsonl_holds_every_probability_and_the_tables_the_top_one(tmp_path, to_stdout):
    import json

    out = tmp_path / "m.jsonl"
    result = CliRunner().invoke(main, ["tag", str(seed("001")), "-o", "-" if to_stdout else str(out)])
    assert result.exit_code == 0, result.output
    lines = (result.stdout if to_stdout else out.read_text(encoding="utf-8")).splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 47
    for row in rows:
        assert set(row["category_distribution"]) >= {row["category"]}
        assert row["category_proba"] == max(row["category_distribution"].values())
        assert row["status_proba"] == row["status_distribution"][row["status"]]
        assert abs(sum(row["status_distribution"].values()) - 1) < 1e-9
    df = rectify_nlp.tag([seed("001")], progress=False)
    assert df["category_proba"].map(type).eq(float).all() and "category_distribution" not in df.columns
