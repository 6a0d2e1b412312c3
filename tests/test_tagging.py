import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED_FILES, seed

import rectify_nlp
from rectify_nlp.cli import main
from rectify_nlp.tables._rows import DISTRIBUTIONS, MEASURE_COLUMNS


@pytest.fixture(scope="module")
def seeds_table():
    return rectify_nlp.tag([ROOT / "seeds"], progress=False)


def test_tag_returns_one_row_per_parsed_measure(seeds_table, parsed):
    df = seeds_table
    assert list(df.columns) == MEASURE_COLUMNS
    assert len(df) == sum(len(n.measures) for n in parsed.values())
    assert df["category"].notna().all() and df["status"].notna().all()
    assert (df["category_proba"] >= df["runner_up_proba"]).all()
    assert df.attrs["errors"] == []
    first = df.iloc[0]
    assert rectify_nlp.parse(first["path"]).text[first["start"]:first["end"]] == first["text"]


def test_summarize_sets_counts_beside_stated_totals(seeds_table):
    summary = rectify_nlp.summarize(seeds_table)
    assert len(summary) == 5
    row = summary.set_index("notice_id").loc[seed("002").stem]
    assert row["problems_stated"] == 31 and row["problems_found"] == 27 and row["problems_diff"] == -4
    assert row["completed_found"] == 21
    category_columns = [f"measures_{c}" for c in rectify_nlp.taxonomy.CATEGORY_IDS]
    assert (summary[category_columns].sum(axis=1) == summary["measures"]).all()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx", ".parquet"])
def test_cli_tag_writes_every_format(tmp_path, suffix, seeds_table):
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(main, ["tag", str(ROOT / "seeds"), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        df = pd.read_csv(out, encoding="utf-8-sig")
    elif suffix == ".jsonl":
        df = pd.read_json(out, lines=True)
        assert list(df.columns[len(MEASURE_COLUMNS):]) == list(DISTRIBUTIONS)
        df = df[MEASURE_COLUMNS]
    elif suffix == ".parquet":
        df = pd.read_parquet(out)
    else:
        sheets = pd.read_excel(out, sheet_name=None)
        assert list(sheets) == ["measures", "summary"]
        assert len(sheets["summary"]) == 5
        df = sheets["measures"]
    assert list(df.columns) == MEASURE_COLUMNS
    assert len(df) == len(seeds_table)
    assert list(df["category"]) == list(seeds_table["category"])


def test_cli_tag_to_stdout_is_jsonl():
    result = CliRunner().invoke(main, ["tag", str(seed("001")), "-o", "-"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 47 and rows[0]["notice_id"] == seed("001").stem


def test_bad_files_are_named_and_skipped_and_gbk_twin_matches(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "seeds", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 8)
    utf8 = seed("003")
    (folder / "sub").mkdir()
    (folder / "sub" / "gbk_twin.txt").write_bytes(utf8.read_text(encoding="utf-8").encode("gb18030"))
    out = tmp_path / "out.csv"
    out.write_text("previous results\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["tag", str(folder), "-o", str(out), "--no-progress"])
    assert result.exit_code == 1
    assert "empty.txt: the file is empty" in result.stderr
    assert "binary.html: looks like a binary file" in result.stderr
    assert "2 file(s) failed" in result.stderr
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert df["notice_id"].nunique() == 6
    twin = df[df["notice_id"] == "gbk_twin"].drop(columns=["notice_id", "path"]).reset_index(drop=True)
    original = df[df["notice_id"] == utf8.stem].drop(columns=["notice_id", "path"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(twin, original)


def test_interrupted_write_leaves_the_old_output(tmp_path, seeds_table, monkeypatch):
    import pyarrow.parquet as pq

    from rectify_nlp.tables._writer import write_table

    out = tmp_path / "out.parquet"
    out.write_bytes(b"old")

    def crash(self, table, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pq.ParquetWriter, "write_table", crash)
    with pytest.raises(KeyboardInterrupt):
        write_table(seeds_table, out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]


@pytest.mark.slow
def test_pipe_is_lazy_ordered_and_parallel_matches_serial():
    tagger = rectify_nlp.load()
    sources = [*SEED_FILES, *SEED_FILES[:2]]
    serial = [n.id for n in tagger.pipe(sources, batch_size=2)]
    assert serial == [p.stem for p in sources]
    parallel = list(tagger.pipe(sources, n_jobs=2, batch_size=2))
    assert [n.id for n in parallel] == serial
    assert [m.category for n in parallel for m in n.measures] == \
           [m.category for n in tagger.pipe(sources) for m in n.measures]


@pytest.mark.slow
def test_dask_cluster_gives_exactly_the_local_rows(seeds_table):
    import distributed

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            df = rectify_nlp.tag([ROOT / "seeds"], backend="dask", n_jobs=2, batch_size=1, progress=False)
    pd.testing.assert_frame_equal(df, seeds_table)


def test_a_missing_path_is_an_error_and_leaves_an_existing_table(tmp_path):
    with pytest.raises(rectify_nlp.NoticeError, match=r"nope.txt: no such file.*pattern matches no files"):
        rectify_nlp.tag([tmp_path / "nope.txt", str(tmp_path / "*.html")], progress=False)
    with pytest.raises(rectify_nlp.NoticeError, match="does-not-exist"):
        rectify_nlp.tag(["does-not-exist/"], progress=False)
    keep = tmp_path / "keep.csv"
    assert CliRunner().invoke(main, ["tag", str(seed("001")), "-o", str(keep)]).exit_code == 0
    before = keep.read_bytes()
    result = CliRunner().invoke(main, ["tag", str(tmp_path / "seedz"), "-o", str(keep)])
    assert result.exit_code == 2 and "seedz: no such file" in result.output
    assert keep.read_bytes() == before


def test_parallel_workers_refuse_a_model_that_changed_on_disk():
    tagger = rectify_nlp.load()
    tagger.meta["artifacts"] = {name: "0" * 64 for name in tagger.meta["artifacts"]}  # what the parent loaded
    with pytest.raises(rectify_nlp.ModelError, match="changed while notices were being tagged"):
        list(tagger.pipe(SEED_FILES[:2], n_jobs=2, batch_size=1))


def test_tagging_by_path_follows_a_model_retrained_in_place(tmp_path, records):
    few = [r for r in records if r["notice"].startswith("001")]
    categories = sorted({r["category"] for r in few})
    shifted = [{**r, "category": categories[(categories.index(r["category"]) + 1) % len(categories)]} for r in few]
    out = tmp_path / "m"
    rectify_nlp.train(few).save(out)
    first = rectify_nlp.tag([seed("001")], model=out, progress=False)
    retrained = rectify_nlp.train(shifted)
    retrained.save(out)
    second = rectify_nlp.tag([seed("001")], model=out, progress=False)
    expected = [m.category for m in retrained(seed("001")).measures]
    assert list(second["category"]) == expected != list(first["category"])
