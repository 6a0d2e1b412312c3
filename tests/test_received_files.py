"""Files people receive from others and open: a Label Studio export, label tables, the spreadsheets the
library writes. No file is written outside where the user asked; a malformed record is one line naming
it; no cell the library writes is a live formula; a spreadsheet limit is never crossed silently; a
command that cannot write says so in one line."""

import csv
import io
import json
import os
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROOT, seed

import rectify_nlp
from rectify_nlp import LabelError
from rectify_nlp.cli import main
from rectify_nlp.labels import check_labels, read_labels, write_label_set

HEADING = "一、关于“学习不够”问题的整改情况"
TITLE = "某某局党组关于巡察整改进展情况的通报"
FORMULA = '=HYPERLINK("http://example.invalid","详情")制定学习计划。'


def run(*args):
    return CliRunner().invoke(main, [a if isinstance(a, str) else os.fspath(a) for a in args])


def one_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("rectify-nlp: error: "), result.stderr
    return lines[-1]


def export_of(notice_field, text=f"{HEADING}\n(一)制定学习计划。", annotation=None) -> str:
    start = text.index("(一)")
    result = [{"id": "r0", "from_name": "label_category", "to_name": "text", "type": "labels",
               "value": {"start": start, "end": len(text), "labels": ["party_building"]}}]
    return json.dumps([{"data": {"text": text, "notice": notice_field},
                        "annotations": [annotation if annotation is not None else {"result": result}]}],
                      ensure_ascii=True)


# -- paths from data are names -------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../outside", "{tmp}/outside", "sub/dir", "..", ".hidden", "a\x00b",
                                  "\ud800x", " spaced "])
def test_labelstudio_import_writes_no_file_outside_the_folder_asked_for(tmp_path, name):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    export = work / "export.json"
    export.write_text(export_of(name.format(tmp=tmp_path)), encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    message = one_line(run("labelstudio", "import", export, "-o", work / "set"))
    assert "not a plain file name" in message or "character no file can hold" in message
    assert {p for p in tmp_path.rglob("*")} == before


def test_a_label_set_is_never_written_under_a_name_that_is_a_path(tmp_path):
    record = {"notice": "../escaped", "text": "x", "category": "other", "_file": "e.json", "_line": 1}
    with pytest.raises(LabelError, match="not a plain file name"):
        write_label_set([record], tmp_path / "set")
    assert not (tmp_path / "escaped.jsonl").exists()


def test_check_never_follows_a_path_column_to_a_file_that_is_not_the_notices(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"password": "hunter2"}', encoding="utf-8")
    binary = tmp_path / "n1.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    table = tmp_path / "labels.csv"
    table.write_text("notice,path,start,end,text,category\n"
                     f"n0,{secret},0,5,制定计划,other\n"
                     f"n1,{binary},0,5,制定计划,other\n", encoding="utf-8")
    result = run("labels", "check", table, "--seeds", tmp_path / "none")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "hunter2" not in result.output
    assert "notice 'n0' not found" in result.stderr
    assert "notice 'n1': " in result.stderr and "binary file" in result.stderr


# -- label records of any shape --------------------------------------------------------------

@pytest.mark.parametrize("annotation", [
    {"result": "not a list"}, {"result": [{"value": ["a", "list"]}]}, {"result": [{"value": {"labels": "other"}}]},
    {"result": [{"from_name": 3, "value": {"start": "0", "end": None, "labels": [1]}}]},
    {"result": [{"id": ["x"], "from_name": "label_category", "value": {"start": 0, "end": 3, "labels": [["a"]]}}]},
    {"result": [None, 1, "x"]}, {"result": [{"from_name": "label_category",
                                             "value": {"start": True, "end": 3.5, "labels": ["other"]}}]},
    {"updated_at": 5, "id": "x", "result": []},
])
def test_a_label_studio_field_of_the_wrong_type_is_missing_not_a_crash(tmp_path, annotation):
    export = tmp_path / "export.json"
    export.write_text(export_of("n1", annotation=annotation), encoding="utf-8")
    with pytest.raises(LabelError) as caught:
        read_labels(export)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("task", [{"data": {"text": "x", "measures": "str"}, "annotations": "str"},
                                  {"data": {"text": 3}}, {"data": ["text"]}, "task", {"data": {"text": "x",
                                  "notice": {"a": 1}}, "annotations": [{"result": [{"from_name": "label_category",
                                  "value": {"start": 0, "end": 1, "labels": ["other"]}}]}]}])
def test_a_task_of_the_wrong_shape_is_one_label_error_or_read_without_the_field(tmp_path, task):
    export = tmp_path / "export.json"
    export.write_text(json.dumps([task]), encoding="utf-8")
    try:
        records = read_labels(export)
    except LabelError as err:
        assert "\n" not in str(err)
    else:
        assert [r["notice"] for r in records] == [None]


@pytest.mark.parametrize("name, text", [("deep.json", "[" * 100_000 + "]" * 100_000),
                                        ("deep.jsonl", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n")])
def test_nested_json_is_one_label_error(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LabelError, match="nested deeper"):
        read_labels(path)


def test_a_broken_escape_that_no_file_can_hold_is_caught_by_check_before_training(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"text": "制定\\ud800计划", "category": "other", "status": "completed"}\n', encoding="utf-8")
    issues, _ = check_labels(path)
    assert [str(i) for i in issues] == [f"{path}:1: text holds U+D800, a character no file can hold (a broken "
                                        "escape?); correct the text"]
    with pytest.raises(LabelError, match="U\\+D800"):
        read_labels(path)


@pytest.mark.parametrize("field, value", [("problem", ["a"]), ("category", 5), ("status", {"a": 1}),
                                          ("measure_id", 3.5), ("notice", {"a": 1})])
def test_a_record_field_of_the_wrong_type_is_named(tmp_path, field, value):
    path = tmp_path / "labels.jsonl"
    record = {"notice": "n1", "text": "制定计划", "category": "other", field: value}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(LabelError, match=f"^{path}:1: {field} "):
        read_labels(path)


def _xlsx_with(sheet_xml: bytes) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["text", "category"])
    book.active.append(["制定计划", "other"])
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as package:
        for part in source.namelist():
            package.writestr(part, sheet_xml if part == "xl/worksheets/sheet1.xml" else source.read(part))
    return rebuilt.getvalue()


@pytest.mark.parametrize("sheet, message", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
     b'<c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>', "declares a DTD"),
    (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>',
     "not an Excel workbook"),
])
def test_a_malformed_or_dtd_carrying_sheet_is_one_label_error(tmp_path, sheet, message):
    path = tmp_path / "labels.xlsx"
    path.write_bytes(_xlsx_with(sheet))
    with pytest.raises(LabelError, match=message) as caught:
        read_labels(path)
    assert "\n" not in str(caught.value)


def test_a_short_csv_mixing_utf8_and_gbk_rows_is_refused_not_read_as_mojibake(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_bytes("text,category\n制定学习计划,党的建设\n".encode() + "召开专题会议,党的建设\n".encode("gbk"))
    with pytest.raises(LabelError, match="mixes encodings: line 2 is UTF-8, line 3 is not"):
        read_labels(path)


# -- spreadsheets: no live formula, no silent loss ---------------------------------------------

@pytest.fixture(scope="module")
def formula_notice(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formula")
    path = folder / "=1+1.txt"  # a notice id that would be a formula too
    # a full-width ＝ is normalised to = before anything is written
    path.write_text(f"{TITLE}\n{HEADING}\n＝HYPERLINK(\"http://example.invalid\",\"详情\")制定学习计划。\n"
                    "+1召开专题会议。\n@某某督促整改。\n", encoding="utf-8")
    return path


def _formula_texts(texts):
    return [t for t in texts if isinstance(t, str) and t[:1] and t[:1] in "=+-@"]


def test_tag_xlsx_and_suggest_xlsx_write_text_cells_only(formula_notice, tmp_path):
    from openpyxl import load_workbook

    assert run("tag", formula_notice, "-o", tmp_path / "t.xlsx").exit_code == 0
    assert run("suggest", formula_notice, "-o", tmp_path / "s.xlsx", "-n", "10").exit_code == 0
    for name in ("t.xlsx", "s.xlsx"):
        book = load_workbook(tmp_path / name)
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c.value for c in cells if c.data_type == "f"], name
        assert FORMULA in [c.value for c in cells], name  # the text itself, kept whole as text


def test_csv_cells_that_would_start_a_formula_get_an_apostrophe_taken_off_when_read_back(formula_notice, tmp_path):
    for args in (["tag", formula_notice, "-o", tmp_path / "t.csv"],
                 ["suggest", formula_notice, "-o", tmp_path / "s.csv", "-n", "10"]):
        assert run(*args).exit_code == 0
    for name in ("t.csv", "s.csv"):
        with open(tmp_path / name, encoding="utf-8-sig", newline="") as f:
            cells = [cell for row in csv.reader(f) for cell in row]
        assert not _formula_texts(cells), name
        assert "'" + FORMULA in cells
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["category"] = "other"
    with open(tmp_path / "labels.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    records = read_labels(tmp_path / "labels.csv")
    assert [r["text"] for r in records] == [FORMULA, "+1召开专题会议。", "@某某督促整改。"]
    assert {r["notice"] for r in records} == {"=1+1"}


def test_an_xlsx_cell_over_excels_limit_is_cut_and_said(tmp_path):
    long = "制定计划" * 10_000
    df = rectify_nlp.tag(seed("001"), progress=False)
    df.loc[0, "text"] = long
    with pytest.warns(UserWarning, match="1 cell\\(s\\) of sheet 'measures' held more than Excel's 32,767"):
        rectify_nlp.write_table(df, tmp_path / "t.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "t.xlsx", read_only=True)["measures"]
    header, first = list(sheet.iter_rows(max_row=2, values_only=True))
    cell = first[header.index("text")]
    assert len(cell) == 32_767 and cell.endswith("…")


def test_rows_past_a_sheets_limit_go_on_in_another_sheet_and_are_said(tmp_path, monkeypatch):
    from rectify_nlp.tables import _writer

    monkeypatch.setattr(_writer, "MAX_SHEET_ROWS", 21)
    df = rectify_nlp.tag(seed("001"), progress=False)
    with pytest.warns(UserWarning, match="sheet 'measures' held more rows than Excel's 20 and goes on"):
        rectify_nlp.write_table(df, tmp_path / "t.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "t.xlsx", read_only=True)
    sheets = [name for name in book.sheetnames if name.startswith("measures")]
    assert sheets == ["measures"] + [f"measures {k}" for k in range(2, len(sheets) + 1)]
    assert len(sheets) == -(-len(df) // 20) > 1
    rows = sum(book[name].max_row - 1 for name in sheets)
    assert rows == len(df)


def test_a_tag_csv_with_a_field_longer_than_the_csv_modules_default_reads_back_as_labels(tmp_path):
    long = "制定学习计划" * 30_000
    path = tmp_path / "labels.csv"
    path.write_text(f"text,category\n{long},other\n", encoding="utf-8")
    assert read_labels(path)[0]["text"] == long


def test_noncharacters_never_reach_a_sheet(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(f"{TITLE}\n{HEADING}\n(一)制定\ufffe学习\uffff计划。\n", encoding="utf-8")
    out = tmp_path / "t.xlsx"
    assert run("tag", path, "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as package:
        assert b"_xFFF" not in b"".join(package.read(p) for p in package.namelist())
    assert "制定学习计划。" in rectify_nlp.parse(path).measures[0].text


# -- one line where a traceback was ------------------------------------------------------------

@pytest.fixture
def unwritable(tmp_path):
    """A path no one can write to, root included: its folder is a file."""
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    return blocker / "sub"


@pytest.mark.parametrize("command", [["render", "{seed}", "-o", "{out}/page.html"],
                                     ["suggest", "{seed}", "-o", "{out}/s.xlsx"],
                                     ["suggest", "{seed}", "-o", "{out}/s.csv"],
                                     ["labelstudio", "export", "{seed}", "-o", "{out}/tasks.json"],
                                     ["labelstudio", "export", "{seed}", "-o", "{tmp}/t.json", "--config",
                                      "{out}/c.xml"],
                                     ["labelstudio", "import", "{export}", "-o", "{out}/set"]])
def test_a_command_that_cannot_write_says_so_in_one_line(tmp_path, unwritable, command):
    export = tmp_path / "export.json"
    export.write_text(export_of("n1"), encoding="utf-8")
    args = [a.format(seed=seed("001"), out=unwritable, tmp=tmp_path, export=export) for a in command]
    message = one_line(run(*args))
    assert "cannot be written" in message and str(unwritable) in message


@pytest.mark.slow
def test_train_that_cannot_write_its_model_says_so_in_one_line(unwritable):
    message = one_line(run("train", "--labels", ROOT / "training" / "annotations", "--no-evaluate",
                           "--out", unwritable / "model"))
    assert "cannot be written" in message


def test_file_names_that_are_not_utf8_are_shown_and_written_readably(tmp_path):
    folder = os.fsdecode(bytes(tmp_path) if isinstance(tmp_path, bytes) else os.fsencode(tmp_path))
    name = os.fsdecode(b"\xff\xfe-notice.txt")
    source = os.path.join(folder, name)
    with open(os.fsencode(source), "wb") as f:
        f.write(seed("001").read_bytes())
    for command in (["render", source, "-o", os.path.join(folder, os.fsdecode(b"\xff.html"))],
                    ["labelstudio", "export", source, "-o", os.path.join(folder, os.fsdecode(b"\xff.json"))],
                    ["suggest", source, "-o", os.path.join(folder, os.fsdecode(b"\xff.xlsx")), "-n", "5"]):
        result = run(*command)
        assert result.exit_code == 0, (command[0], result.output, result.exception)
        assert "\\xff" in result.stderr
    with open(os.fsencode(os.path.join(folder, os.fsdecode(b"\xff.json"))), encoding="utf-8") as f:
        tasks = json.load(f)
    assert tasks[0]["data"]["notice"] == "\\xff\\xfe-notice"
