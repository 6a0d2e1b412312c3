import json

from click.testing import CliRunner

from rectify_nlp.cli import main
from conftest import seed


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_parse_json_shape():
    result = run("parse", seed("002"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["problems"] == 27
    body = data["sections"][1]
    assert body["type"] == "section" and body["kind"] == "problems"
    problem = body["children"][0]["children"][0]["children"][0]
    assert problem["type"] == "problem" and problem["stated_status"] == "completed"
    measure = problem["measures"][0]
    assert measure["text"].startswith("一是")
    assert {"id", "start", "end", "ordinal", "category", "status"} <= set(measure)
    assert data["totals"]["problems"] == 31


def test_parse_text_outline_lists_problems():
    result = run("parse", seed("001"))
    assert result.exit_code == 0
    assert result.stdout.count("\n    P ") == 12


def test_parse_bad_inputs_one_line_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)))
    for path, word in ((tmp_path / "missing.txt", "no such file"), (empty, "empty"), (binary, "binary")):
        result = run("parse", path)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and word in lines[0]
        assert "Traceback" not in result.output


def test_parse_warns_on_unstructured_text(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("今年加强了学习。\n完善制度两项。", encoding="utf-8")
    result = run("parse", path)
    assert result.exit_code == 0
    assert "warning" in result.stderr and "no recognisable structure" in result.stderr
