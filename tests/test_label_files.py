"""Label files as users bring them: every encoding, every format, every way they go wrong."""

import os
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, seed

import rectify_nlp
from rectify_nlp import LabelError, taxonomy
from rectify_nlp.cli import main
from rectify_nlp.labels import check_labels, labeling_config, read_labels

ROWS = [("编制青禾片区台账并按月复核", "生态环境", "已完成"),
        ("修订澄川公司采购细则", "procurement_bidding", ""),
        ("组织松岭支部专题学习三次", "基层党组织建设", "推进中")]
EXPECTED = [("编制青禾片区台账并按月复核", "ecology_environment", "completed"),
            ("修订澄川公司采购细则", "procurement_bidding", None),
            ("组织松岭支部专题学习三次", "party_building", "in_progress")]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _table(sep=","):
    return "".join(sep.join(r) + "\n" for r in [("text", "category", "status"), *ROWS])


@pytest.mark.parametrize("name, data", [
    ("utf8.csv", _table().encode("utf-8")),
    ("bom.csv", _table().encode("utf-8-sig")),
    ("gbk.csv", _table().encode("gbk")),
    ("gb18030.csv", _table().encode("gb18030")),
    ("unicode_text.txt", _table("\t").encode("utf-16")),  # Excel "Unicode text": UTF-16 LE with BOM, tabs
    ("be.csv", b"\xfe\xff" + _table().encode("utf-16-be")),
    ("tabs.tsv", _table("\t").encode("utf-8")),
    ("crlf.csv", _table().replace("\n", "\r\n").encode("gbk")),
])
def test_every_encoding_excel_saves_reads_the_same(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    got = [(r["text"], r["category"], r.get("status")) for r in read_labels(path)]
    assert got == EXPECTED


def test_xlsx_reads_the_same_and_rows_are_spreadsheet_rows(tmp_path):
    path = tmp_path / "mine.xlsx"
    pd.DataFrame(ROWS, columns=["text", "category", "status"]).to_excel(path, index=False)
    records = read_labels(path)
    assert [(r["text"], r["category"], r.get("status")) for r in records] == EXPECTED
    assert [r["_line"] for r in records] == [2, 3, 4]


def _xlsx(path, rows):
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(path, index=False)


def _write(path: Path, content):
    if path.suffix == ".xlsx" and isinstance(content, list):
        _xlsx(path, content)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


GOOD = '{"text": "清点澄川仓库", "category": "finance_assets", "status": "completed"}\n'
TASK = {"data": {"text": "一、整改情况\n(一)清点澄川仓库。", "notice": "n1"}, "annotations": [{"result": [
    {"id": "a", "from_name": "label_category", "type": "labels", "value": {"start": 10, "end": 16, "labels": ["X"]}}]}]}

# name, content, expected line (the row or task), what the message says
MALFORMED = [
    ("bad.jsonl", GOOD + "{not json\n", 2, r"not valid JSON"),
    ("list.jsonl", GOOD + GOOD + "[1, 2]\n", 3, r"expected a JSON object"),
    ("number_text.jsonl", GOOD + '{"text": 12, "category": "other"}\n', 2, r"text is 12 \(int\), not text"),
    ("no_text.jsonl", '{"category": "other"}\n', 1, r"text is missing"),
    ("blank_text.jsonl", '{"text": "  ", "category": "other"}\n', 1, r"text is empty"),
    ("category.jsonl", GOOD + '{"text": "甲", "category": "parties"}\n', 2, r"unknown category 'parties'.*--allow-category"),
    ("status.jsonl", '{"text": "甲", "category": "other", "status": "done"}\n', 1, r"unknown status 'done'"),
    ("no_category.jsonl", '{"text": "甲", "status": "completed"}\n', 1, r"category is missing"),
    ("offsets.jsonl", '{"text": "甲", "category": "other", "start": 9, "end": 3}\n', 1, r"start/end must be integers"),
    ("no_text.csv", "measure,category\n甲,other\n", 1, r"no column 'text' in the header \(measure, category\)"),
    ("no_category.csv", "text,status\n甲,completed\n", 1, r"no column 'category'"),
    ("twice.csv", "text,category,text\n甲,other,乙\n", 1, r"column 'text' appears twice"),
    ("category.csv", "text,category\n甲,other\n乙,other\n丙,不存在的类别\n", 4, r"unknown category '不存在的类别'"),
    ("status.csv", "text,category,status\n甲,other,\n乙,other,差不多\n", 3, r"unknown status '差不多'"),
    ("missing_text.csv", "text,category\n甲,other\n,other\n", 3, r"text is empty"),
    ("label_column.csv", "text,category,label_category\n甲,other,乱写\n", 2, r"unknown category '乱写'"),
    ("quoted.csv", 'text,category\n"甲\n乙",other\n丙,坏\n', 4, r"unknown category '坏'"),
    ("rows.xlsx", [("text", "category"), ("甲", "other"), ("乙", "坏类别")], 3, r"unknown category '坏类别'"),
    ("number.xlsx", [("text", "category"), (12345, "other")], 2, r"text is 12345 \(int\), not text"),
    ("header.xlsx", [("measure", "category"), ("甲", "other")], 1, r"no column 'text'"),
    ("ls_invalid.json", '[\n {"data": \n', 3, r"not valid JSON"),
    ("ls_not_list.json", '"tasks"', 1, r"a Label Studio JSON export is a list of tasks, this holds a str"),
    ("ls_no_text.json", json.dumps([TASK, {"data": {}}]), 2, r"task 2 has no data.text"),
    ("ls_category.json", json.dumps([TASK]), 1, r"unknown category 'X'"),
    # whole-file problems: no line to name
    ("not_a_zip.xlsx", b"text,category\n", None, r"not an Excel workbook \(.xlsx\)"),
    ("empty.csv", b"", None, r"the file is empty"),
    ("blank.jsonl", b"\n  \n", None, r"the file is empty"),
    ("header_only.csv", "text,category\n", None, r"no labelled measures in it"),
    ("old_excel.xls", b"\xd0\xcf\x11\xe0" + bytes(60), None, r"not a label file type \(.xls\).*as .xlsx"),
]


@pytest.mark.parametrize("name, content, line, message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_label_files_give_one_line_naming_file_and_row(tmp_path, name, content, line, message):
    path = tmp_path / name
    _write(path, content)
    with pytest.raises(LabelError, match=message) as caught:
        read_labels(path)
    err = caught.value
    assert (err.file, err.line) == (str(path), line)
    assert "\n" not in str(err) and str(err).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_enough_malformed_inputs_name_their_line():
    assert sum(m[2] is not None for m in MALFORMED) >= 15


def test_a_folder_without_label_files_and_an_unreadable_file_are_named(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("甲", encoding="utf-8")
    with pytest.raises(LabelError, match=r"no label files \(.jsonl, .csv"):
        read_labels(tmp_path)
    locked = tmp_path / "locked.csv"
    locked.write_text("text,category\n甲,other\n", encoding="utf-8")

    real_open = os.open

    def refuse(name, *args, **kwargs):
        if str(name).endswith("locked.csv"):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(LabelError, match=r"locked.csv: cannot be read: Permission denied"):
        read_labels(locked)


def test_every_problem_is_counted_and_check_lists_them_all(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("text,category,status\n甲,坏,completed\n乙,other,坏\n丙,other,completed\n", encoding="utf-8")
    with pytest.raises(LabelError, match=r"mine.csv:2: unknown category '坏'.*\(1 more problem"):
        read_labels(path)
    issues, _ = check_labels(path)
    assert [(i.line, i.message.split(";")[0]) for i in issues] == [(2, "unknown category '坏'"), (3, "unknown status '坏'")]


@pytest.mark.parametrize("args", [
    ("labels", "stats", "{bad}"),
    ("train", "--labels", "{bad}", "--out", "{tmp}/model"),
    ("evaluate", "--labels", "{bad}"),
    ("labelstudio", "import", "{tmp}/export.json", "-o", "{tmp}/out"),
    ("labels", "stats", "{tmp}/nowhere.csv"),
])
def test_cli_says_one_line_and_exits_2(tmp_path, args):
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,category\n甲,other\n", encoding="utf-8")
    (tmp_path / "export.json").write_text('{"not": "tasks"}', encoding="utf-8")
    result = run(*(a.format(bad=bad, tmp=tmp_path) for a in args))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("rectify-nlp: error: ") and "Traceback" not in result.output
    assert not (tmp_path / "model").exists() and not (tmp_path / "out").exists()


def test_stats_and_check_read_every_format_train_reads(tmp_path):
    annotations = read_labels(ROOT / "training" / "annotations")
    first = [r for r in annotations if r["notice"] == annotations[0]["notice"]]
    frame = pd.DataFrame([{k: r[k] for k in ("notice", "measure_id", "start", "end", "text", "category", "status")}
                          for r in first])
    frame.to_csv(tmp_path / "mine.csv", index=False, encoding="gbk")
    frame.to_excel(tmp_path / "mine.xlsx", index=False)
    for name in ("mine.csv", "mine.xlsx"):
        stats = run("labels", "stats", tmp_path / name, "--format", "json")
        assert stats.exit_code == 0, stats.output
        assert json.loads(stats.stdout)["all"]["measures"] == len(first)
        check = run("labels", "check", tmp_path / name, "--seeds", ROOT / "seeds")
        assert check.exit_code == 0, check.output
        assert f"{len(first)}/{len(first)} parsed measures labelled" in check.stdout
    frame.loc[len(frame) - 1, "start"] += 1
    frame.to_csv(tmp_path / "moved.csv", index=False)
    check = run("labels", "check", tmp_path / "moved.csv", "--seeds", ROOT / "seeds")
    assert check.exit_code == 1 and f"moved.csv:{len(frame) + 1}: offsets" in check.stderr


def test_label_studio_import_leaves_an_unset_status_out_and_check_agrees(tmp_path, parsed):
    notice = parsed["003"]
    result = [{"id": f"r{i}", "from_name": "label_category", "to_name": "text", "type": "labels",
               "value": {"start": m.start, "end": m.end, "labels": ["other"]}} for i, m in enumerate(notice.measures)]
    result += [{"id": "r0", "from_name": "label_status", "to_name": "text", "type": "choices",
                "value": {"start": notice.measures[0].start, "end": notice.measures[0].end, "choices": ["completed"]}}]
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"data": {"text": notice.text, "notice": notice.id}, "annotations": [
        {"result": result}]}], ensure_ascii=False), encoding="utf-8")
    assert run("labelstudio", "import", export, "-o", tmp_path / "set").exit_code == 0
    lines = [json.loads(x) for x in (tmp_path / "set" / f"{notice.id}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [("status" in r) for r in lines] == [True] + [False] * (len(lines) - 1)
    check = run("labels", "check", tmp_path / "set", "--seeds", tmp_path / "set" / "notices")
    assert check.exit_code == 0, check.output
    assert check_labels(export, seeds=tmp_path / "set" / "notices") == ([], {notice.id: (len(lines), len(lines))})


def test_labelling_interface_escapes_any_category_name():
    names = ["R&D", "<x>", 'say "hi"']
    root = ET.fromstring(labeling_config(names))
    labels = root.find("Labels")
    assert [e.get("value") for e in labels][-3:] == names
    assert [e.get("value") for e in labels][:-3] == list(taxonomy.CATEGORY_IDS)
    assert [e.get("value") for e in root.find("Choices")] == list(taxonomy.STATUS_IDS)
    assert (labels.get("name"), root.find("Choices").get("name")) == ("label_category", "label_status")


def test_suggest_gives_each_text_once_and_its_filled_table_reads_back_as_labels(tmp_path, trained):
    mine = tmp_path / "my_notices"  # notices outside seeds/: check finds them by the path column
    mine.mkdir()
    for prefix in ("002", "004"):
        (mine / seed(prefix).name).write_bytes(seed(prefix).read_bytes())
    notices = [trained(mine / seed("002").name), trained(mine / seed("002").name), trained(mine / seed("004").name)]
    df = rectify_nlp.suggest(notices, n=500)
    assert df["text"].is_unique
    distinct = {m.text for n in notices for m in n.measures}
    assert len(df) == len(distinct)
    in_002 = df[df["notice"] == notices[0].id]
    assert (in_002["duplicates"] >= 1).all()
    for column in ("category", "category_zh", "category_proba", "status", "status_zh", "status_proba",
                   "status_source", "label_category", "label_status"):
        assert column in df.columns
    assert df["category"].isin(taxonomy.CATEGORY_IDS).all() and (df["label_category"] == "").all()
    # the user fills the first three rows with a label other than the prediction, leaves the rest empty
    filled = df.copy()
    choices = [c for c in taxonomy.CATEGORY_IDS if c != "other"]
    labels = {i: next(c for c in choices if c != filled.at[i, "category"]) for i in filled.index[:3]}
    for i, category in labels.items():
        filled.at[i, "label_category"] = taxonomy.category(category).zh
    filled.at[filled.index[0], "label_status"] = "已完成"
    filled.to_csv(tmp_path / "filled.csv", index=False, encoding="utf-8-sig")
    records = read_labels(tmp_path / "filled.csv")
    assert [r["category"] for r in records] == list(labels.values())
    assert [r.get("status") for r in records] == ["completed", None, None]
    assert [r["text"] for r in records] == [df.at[i, "text"] for i in labels]
    assert (records[0]["start"], records[0]["end"]) == (df.at[filled.index[0], "start"], df.at[filled.index[0], "end"])
    check = run("labels", "check", tmp_path / "filled.csv", "--seeds", tmp_path / "nowhere")
    assert check.exit_code == 0, check.output
    assert len(check_labels(tmp_path / "filled.csv", seeds=tmp_path / "nowhere")[1]) == len({r["notice"] for r in records})


def test_a_bad_row_at_the_end_stops_training_before_any_fitting(tmp_path, monkeypatch):
    from rectify_nlp.tagging import _estimators

    def no_fitting(*args, **kwargs):
        raise AssertionError("fitting started before the labels were checked")

    monkeypatch.setattr(_estimators.CategoryClassifier, "fit", no_fitting)
    rows = [json.dumps({"notice": f"n{i % 3}", "text": f"整顿青禾第{i}号台账", "category": "other",
                        "status": "completed"}, ensure_ascii=False) for i in range(3000)]
    rows.append(json.dumps({"notice": "n0", "text": "末行", "category": "other", "status": "快好了"}, ensure_ascii=False))
    labels = tmp_path / "big.jsonl"
    labels.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for command in ("train", "evaluate"):
        extra = ("--out", tmp_path / "model") if command == "train" else ()
        result = run(command, "--labels", labels, *extra)
        assert result.exit_code == 2, result.output
        assert result.stderr.strip() == f"rectify-nlp: error: {labels}:3001: unknown status '快好了'; valid ids: " \
            + ", ".join(taxonomy.STATUS_IDS)
    no_status = tmp_path / "no_status.csv"
    no_status.write_text("text,category\n整顿青禾台账,other\n修订澄川细则,procurement_bidding\n", encoding="utf-8")
    result = run("train", "--labels", no_status, "--out", tmp_path / "model")
    assert result.exit_code == 2 and "no labelled measure has a status" in result.stderr
    assert not (tmp_path / "model").exists()


def test_label_studio_exports_made_with_the_earlier_control_names_still_import(tmp_path):
    old = json.loads(json.dumps(TASK))
    item = old["annotations"][0]["result"][0]
    item.update(from_name="category", value={**item["value"], "labels": ["finance_assets"]})
    old["annotations"][0]["result"].append({"id": "a", "from_name": "status", "type": "choices",
                                            "value": {"start": 10, "end": 16, "choices": ["已完成"]}})
    path = tmp_path / "old.json"
    path.write_text(json.dumps([old], ensure_ascii=False), encoding="utf-8")
    [record] = read_labels(path)
    assert (record["text"], record["category"], record["status"]) == ("清点澄川仓库", "finance_assets", "completed")
