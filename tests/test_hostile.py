"""Hostile and unlucky input: no crash, no hang, no lost table, no code from a model file.

Each test is a repro: the library's one-line error, or the right result.
"""

import json
import os
import threading
import time
import warnings

import pytest
from conftest import SEED_FILES

import rectify_nlp
from rectify_nlp import ModelError, NoticeError, ParseWarning
from rectify_nlp.files import read_regular_file

HEADING = "一、关于“学习不够”问题的整改情况\n(一)制定学习计划。\n(二)召开专题会议。"
TITLE = "某某局党组关于巡察整改进展情况的通报"
OPENING = "根据统一部署,现将巡察整改进展情况予以公布。"
unix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")


def finishes(call, seconds=20):
    """Run ``call`` in a thread; fail (instead of hanging the suite) if it does not return in time."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as err:  # noqa: BLE001 - handed back to the test
            outcome["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def one_line(err) -> str:
    message = str(err.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def quiet_parse(source, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        return rectify_nlp.parse(source, **kwargs)


# -- only regular files, bounded -------------------------------------------------------------

@unix_only
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "notice.txt"
    os.mkfifo(fifo)
    with pytest.raises(NoticeError, match="named pipe") as err:
        finishes(lambda: rectify_nlp.parse(fifo))
    assert str(fifo) in one_line(err)


@unix_only
def test_label_files_lexicons_and_user_dictionaries_pass_the_same_gate(tmp_path):
    from rectify_nlp.tagging._lexicon import load_lexicon
    from rectify_nlp.tagging._tokens import read_userdict

    fifo = tmp_path / "labels.csv"
    os.mkfifo(fifo)
    with pytest.raises(rectify_nlp.LabelError, match="named pipe") as err:
        finishes(lambda: rectify_nlp.read_labels(fifo))
    assert str(fifo) in one_line(err)
    for read in (load_lexicon, read_userdict):
        with pytest.raises(ModelError, match="named pipe"):
            finishes(lambda: read(fifo))  # noqa: B023 - called at once


@unix_only
def test_dev_zero_is_refused_without_reading_it():
    with pytest.raises(NoticeError, match="character device") as err:
        finishes(lambda: rectify_nlp.parse("/dev/zero"))
    assert one_line(err).startswith("/dev/zero: ")


@unix_only
def test_a_socket_is_refused(tmp_path):
    import socket

    path = str(tmp_path / "s.txt")
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(path)
        with pytest.raises(NoticeError, match="socket"):
            finishes(lambda: rectify_nlp.parse(path))


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(HEADING, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(NoticeError, match="over the .* limit") as err:
        rectify_nlp.parse(path, max_bytes=size - 1)
    assert str(path) in one_line(err)
    assert len(quiet_parse(path, max_bytes=size).measures) == 2


def test_reading_stops_one_byte_past_the_limit(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"a" * 100)
    assert read_regular_file(path, limit=100) == b"a" * 100
    with pytest.raises(NoticeError, match="limit"):
        read_regular_file(path, limit=99)


# -- the model directory ---------------------------------------------------------------------

def model_dir_with(tmp_path, card) -> str:
    root = tmp_path / "model"
    root.mkdir()
    (root / "meta.json").write_text(json.dumps(card), encoding="utf-8")
    return str(root)


@pytest.mark.parametrize("card, message", [
    ([1, 2, 3], "holds a JSON list, not a model card"),
    ("model", "holds a JSON str"),
    ({"artifacts": None}, "no 'artifacts'"),
    ({"artifacts": []}, "no 'artifacts'"),
    ({"artifacts": {"inference.npz": 5}}, "no 'artifacts'"),
    ({"artifacts": {"/dev/zero": "0" * 64}}, "'/dev/zero', which is not a file of the model directory"),
    ({"artifacts": {"../x": "0" * 64}}, "'../x', which is not a file of the model directory"),
])
def test_a_damaged_model_card_is_one_model_error(tmp_path, card, message):
    path = model_dir_with(tmp_path, card)
    with pytest.raises(ModelError, match=message) as err:
        finishes(lambda: rectify_nlp.load(path))
    assert one_line(err).startswith(path)


@unix_only
def test_an_artifact_that_is_a_device_or_a_pipe_is_refused(tmp_path):
    from rectify_nlp.tagging._store import library_versions

    path = model_dir_with(tmp_path, {"libraries": library_versions(), "artifacts": {"inference.npz": "0" * 64}})
    os.symlink("/dev/zero", os.path.join(path, "inference.npz"))
    with pytest.raises(ModelError, match="character device"):
        finishes(lambda: rectify_nlp.load(path))
    os.remove(os.path.join(path, "inference.npz"))
    os.mkfifo(os.path.join(path, "inference.npz"))
    with pytest.raises(ModelError, match="named pipe"):
        finishes(lambda: rectify_nlp.load(path))


@unix_only
def test_a_meta_json_that_is_a_pipe_is_refused(tmp_path):
    root = tmp_path / "model"
    root.mkdir()
    os.mkfifo(root / "meta.json")
    with pytest.raises(ModelError, match="meta.json: is a named pipe"):
        finishes(lambda: rectify_nlp.load(root))


# -- str input: surrogates and paths ---------------------------------------------------------

def test_a_lone_surrogate_is_replaced_with_a_warning():
    with pytest.warns(ParseWarning, match="replaced by U\\+FFFD"):
        notice = rectify_nlp.parse(HEADING.replace("学习计划", "学习\ud800计划"))
    assert "\ud800" not in notice.text and "\ufffd" in notice.measures[0].text
    notice.text.encode("utf-8")  # writes out: no UnicodeEncodeError later
    assert len(notice.measures) == 2


@pytest.mark.parametrize("path", ["a/" * 600 + "notice.txt", "notices/a\x00b.txt", "x" * 5000 + ".html"])
def test_a_str_that_names_a_file_is_never_read_as_notice_text(path):
    with pytest.raises(NoticeError) as err:
        rectify_nlp.parse(path)
    assert path[:20] in one_line(err) and ("no such file" in str(err.value) or "cannot be read" in str(err.value))


# -- what is not a notice --------------------------------------------------------------------

PDF_SOURCE = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
              b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
              b"4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 24 Tf 100 700 Td (Hello) Tj ET\nendstream\nendobj\n"
              b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
ENGLISH = ("The committee reviewed the findings of the inspection team and agreed on the measures to take. "
           "Each department reported on its progress, and the remaining tasks were assigned.\n") * 3
CSV_TEXT = "notice_id,problem,measure,category\n" + "".join(f"n{k},关于问题{k},措施{k}。,other\n" for k in range(8))
JSON_TEXT = json.dumps([{"measure": "制定学习计划。", "category": "other"}] * 3, ensure_ascii=False)


@pytest.mark.parametrize("data, message", [
    (PDF_SOURCE[5:], "Chinese characters; this does not look like a notice"),  # the body, without %PDF-
    (ENGLISH.encode(), "0% Chinese characters; this does not look like a notice"),
    (CSV_TEXT.encode(), "is a table \\(CSV\\)"),
    (CSV_TEXT.replace(",", "\t").encode(), "is a table \\(TSV\\)"),
    (JSON_TEXT.encode(), "is JSON"),
])
def test_what_is_not_a_notice_is_refused_in_one_line(tmp_path, data, message):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(NoticeError, match=message) as err:
        rectify_nlp.parse(path)
    assert one_line(err).startswith(str(path))


def test_mojibake_is_named():
    big5_through_ascii = "一、關於學習不夠問題的整改情況\n(一)制定學習計劃。".encode("big5").decode("ascii", "replace")
    lost_as_question_marks = big5_through_ascii.replace("\ufffd", "?")
    with pytest.raises(NoticeError, match="mojibake"):
        rectify_nlp.parse(lost_as_question_marks.encode())
    gbk_as_latin1 = HEADING.encode("gbk").decode("latin-1")
    with pytest.raises(NoticeError, match="mojibake"):
        rectify_nlp.parse(gbk_as_latin1.encode("utf-8"))


def test_a_str_that_is_not_chinese_is_parsed_with_a_warning():
    with pytest.warns(ParseWarning, match="does not look like a notice"):
        rectify_nlp.parse(ENGLISH)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_no_seed_nor_its_traditional_twin_is_refused(path):
    from test_script import to_traditional

    text = path.read_text(encoding="utf-8")
    for data in (text.encode("utf-8"), to_traditional(text).encode("big5", "ignore")):
        assert quiet_parse(data).measures


# -- several notices in one file -------------------------------------------------------------

def test_a_file_holding_two_notices_gives_each(tmp_path):
    first = f"{TITLE}\n{OPENING}\n{HEADING}\n"
    second = first.replace("某某局", "某某院").replace("学习不够", "作风不实")
    path = tmp_path / "two.txt"
    path.write_text(first + "\n" + second, encoding="utf-8")
    with pytest.warns(ParseWarning, match="holds 2 notices"):
        rectify_nlp.parse(path)
    notices = rectify_nlp.read_notices(path)
    assert [n.id for n in notices] == ["two#1", "two#2"]
    assert [n.title for n in notices] == [TITLE, TITLE.replace("某某局", "某某院")]
    assert [[p.title for p in n.problems] for n in notices] == [["关于“学习不够”问题的整改情况"],
                                                                ["关于“作风不实”问题的整改情况"]]
    for n in notices:
        assert n.source == str(path) and len(n.measures) == 2
        assert all(n.text[m.start:m.end] == m.text for m in n.measures)


def test_a_tagger_reads_a_file_as_its_pipe_does(tmp_path):
    tagger = rectify_nlp.load()
    one = tmp_path / "one.txt"
    one.write_text(f"{TITLE}\n{OPENING}\n{HEADING}\n", encoding="utf-8")
    alone, (piped,) = tagger(one), list(tagger.pipe([one]))
    assert (alone.id, [(m.start, m.end, m.category, m.status) for m in alone.measures]) \
        == (piped.id, [(m.start, m.end, m.category, m.status) for m in piped.measures])
    two = tmp_path / "two.txt"
    two.write_text(one.read_text(encoding="utf-8") * 2, encoding="utf-8")
    assert [n.id for n in tagger.pipe([two])] == ["two#1", "two#2"]
    with pytest.raises(NoticeError, match="holds 2 notices; tag them with tagger.pipe"):
        tagger(two)


def test_a_title_line_without_an_opening_after_it_does_not_start_a_notice():
    text = f"{TITLE}\n{OPENING}\n{HEADING}\n{TITLE}\n二、关于“作风不实”问题的整改情况\n(一)开展检查。"
    notices = rectify_nlp.read_notices(text)
    assert len(notices) == 1 and len(notices[0].problems) == 2


# -- HTML and quadratic patterns -------------------------------------------------------------

def test_html_with_a_doctype_and_a_comment_before_one_paragraph():
    with pytest.warns(ParseWarning):
        notice = rectify_nlp.parse("<!DOCTYPE html><!-- x --><p>x。</p>")
    assert notice.text == "x。"


@pytest.mark.parametrize("depth", [200, 2500])  # over libxml2's limits: 256, and 2048 with huge_tree
def test_nesting_deeper_than_the_parsers_limit_keeps_headings_and_measures(depth):
    html = ("<html><body>" + "<div><span>" * depth + "<p>一、关于“学习不够”问题的整改情况</p>"
            "<p>(一)制定学习计划。</p><p>(二)召开专题会议。</p>" + "</span></div>" * depth + "</body></html>")
    notice = quiet_parse(html)
    assert [p.title for p in notice.problems] == ["关于“学习不够”问题的整改情况"]
    assert [m.text for m in notice.measures] == ["(一)制定学习计划。", "(二)召开专题会议。"]


def _seconds(text: str) -> float:
    start = time.perf_counter()
    quiet_parse(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("make", [
    lambda n: "1" * n + "\n一、关于“X”问题的整改\n(一)措施。",
    lambda n: "|" + " " * n + "x\n一、关于“X”问题的整改\n(一)措施。",
    lambda n: "挽回" + "1" * n + "\n一、关于“X”问题的整改\n(一)措施。",
    lambda n: "一、关于“X”问题的整改\n" + "整改" * (n // 2),
    lambda n: "<div>" * (n // 50) + "<p>一、关于“X”问题的整改</p><p>(一)措施。</p>" + "</div>" * (n // 50),
    # sentences in attributes, so the page is read by its tags alone, then a tag name that never ends
    lambda n: "<html><body>" + '<p title="整改。整改。整改。">一、关于问题</p>' * 20 + "<a" + "b" * n,
], ids=["digits", "pipe-spaces", "money-digits", "long-line", "deep-html", "unended-tag-name"])
def test_pathological_inputs_take_linear_time(make):
    """A fourfold input may take at most 12 times as long (quadratic would be 16; the 52 s of
    the digit run came from that). The best of three runs smooths a busy machine."""
    small, large = 20_000, 80_000
    t_small = min(_seconds(make(small)) for _ in range(3))
    t_large = min(_seconds(make(large)) for _ in range(3))
    assert t_large < max(12 * t_small, 0.5), (t_small, t_large)


def test_tagging_a_file_holding_two_notices_keeps_both(tmp_path):
    first = f"{TITLE}\n{OPENING}\n{HEADING}\n"
    path = tmp_path / "two.txt"
    path.write_text(first + first.replace("某某局", "某某院"), encoding="utf-8")
    df = rectify_nlp.tag([path], progress=False)
    assert df.groupby("notice_id").size().to_dict() == {"two#1": 2, "two#2": 2}
    assert set(df["notice_title"]) == {TITLE, TITLE.replace("某某局", "某某院")}
