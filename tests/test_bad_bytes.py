"""Bad bytes: every error a reader or the tagger meets on a damaged or hostile file is one
NoticeError naming the file, and a batch leaves that file out, says so, and writes the rest.
Packages and PDFs are bounded in what they unpack to before anything is parsed."""

import csv
import warnings

import pytest
from click.testing import CliRunner
from conftest import SEED_FILES
from hostile_files import (
    HEADING,
    MEASURE,
    docx,
    docx_bomb,
    docx_damaged_deflate,
    docx_misplaced_directory,
    docx_nested,
    docx_numbered_from,
    paragraph,
    pdf,
    pdf_bomb,
)

import rectify_nlp
from rectify_nlp import NoticeError
from rectify_nlp.cli import main
from rectify_nlp.files import MAX_UNPACKED_BYTES
from rectify_nlp.reading import read_text
from rectify_nlp.reading._pdf import MAX_UNPACKED_BYTES as MAX_PDF_UNPACKED_BYTES

TITLE = "某某局党组关于巡察整改进展情况的通报"


def one_line_refusal(source, match: str) -> str:
    with pytest.raises(NoticeError, match=match) as caught:
        read_text(source)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def quiet_read(source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rectify_nlp.read_notices(source)


# -- Word packages ---------------------------------------------------------------------------

def test_a_docx_nested_a_thousand_elements_deep_is_read():
    notice = quiet_read(docx_nested(1000))[0]
    assert [m.text for m in notice.measures] == [MEASURE]


def test_a_list_numbered_from_beyond_words_range_loses_its_labels_not_the_notice():
    notice = quiet_read(docx_numbered_from(10**15))[0]
    assert notice.problems[0].title == HEADING[2:]
    assert "制定计划。" in notice.text
    assert "a." in quiet_read(docx_numbered_from(1))[0].text  # within range the label is written


def test_a_docx_whose_deflate_stream_is_damaged_is_one_notice_error():
    one_line_refusal(docx_damaged_deflate(), "not a readable Word .docx")


def test_a_docx_whose_central_directory_is_misplaced_is_one_notice_error():  # found by benchmarks/fuzz.py
    one_line_refusal(docx_misplaced_directory(), "not a readable Word .docx")


def test_a_package_unpacking_past_its_bound_is_refused_before_any_part_is_read():
    bomb = docx_bomb(MAX_UNPACKED_BYTES + 1)
    assert len(bomb) < MAX_UNPACKED_BYTES / 500
    one_line_refusal(bomb, "unpacks to 100 MB from .* over the 100 MB limit")
    assert quiet_read(docx(paragraph(HEADING) + paragraph(MEASURE)))[0].measures[0].text == MEASURE


# -- PDFs ------------------------------------------------------------------------------------

def test_a_pdf_whose_page_tree_names_a_non_page_is_one_notice_error():
    one_line_refusal(pdf(b"BT /F1 12 Tf 72 720 Td (text) Tj ET", kids="5 0 R"), "damaged PDF: page 1")


def test_a_pdf_whose_streams_unpack_past_the_bound_is_refused_before_pdfium_reads_it():
    one_line_refusal(pdf_bomb(MAX_PDF_UNPACKED_BYTES + (1 << 20)), "streams unpack to over 32 MB")
    one_line_refusal(pdf_bomb(1 << 20), "no text layer")  # under the bound: read, and judged as usual


# -- text ------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", ["0000年底前", "9999年底前完成,明年", "截至0000年6月"])
def test_a_year_no_calendar_has_is_no_date(year):
    notice = rectify_nlp.load()(f"{TITLE}\n发布时间:9999-12-30\n{HEADING}\n(一)制定学习计划,{year}完成。")
    assert notice.measures[0].status


@pytest.mark.parametrize("written", ["0000年1月1日", "2021年2月30日", "2021-02-30"])
def test_a_date_no_calendar_has_is_left_out_of_the_meta(written):
    notice = quiet_read(f"{TITLE}\n{written}\n{HEADING}\n{MEASURE}\n某某局\n{written}")[0]
    assert "published" not in notice.meta and "signed" not in notice.meta


def test_text_opening_with_a_thousand_brackets_is_read():
    notice = quiet_read("[" * 1000 + f"\n{HEADING}\n{MEASURE}")[0]
    assert [m.text for m in notice.measures] == [MEASURE]


INVISIBLE = ["\u2060", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u061c", "\ufe0f", "\x85",
             "\x9c", "\ufeff", "\U000e0001"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_an_invisible_character_before_every_line_keeps_the_seeds_structure(char):
    def shape(texts):
        notices = [rectify_nlp.parse(t) for t in texts]
        return [([p.title for p in n.problems], [m.text for m in n.measures]) for n in notices]

    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    marked = ["\n".join(char + line for line in t.split("\n")) for t in texts]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert shape(marked) == shape(texts)


def test_a_file_mixing_utf8_and_gbk_lines_is_refused_not_read_as_mojibake():
    data = f"{HEADING}\n".encode() + f"{MEASURE}\n(二)召开专题会议。\n".encode("gbk")
    one_line_refusal(data, "mixes encodings: line 1 is UTF-8, line 2 is not")
    assert read_text(f"{HEADING}\n{MEASURE}".encode("gbk"))[0].startswith("一、")  # one encoding: read


# -- one bad file never costs a batch --------------------------------------------------------

@pytest.fixture
def batch(tmp_path, monkeypatch):
    """Two good notices around a file whose reading raises what no reader should: the batch's last line
    of defence is what is tested, whatever the readers may still let through."""
    good = [tmp_path / "a.txt", tmp_path / "c.txt"]
    for path in good:
        path.write_text(f"{TITLE}\n{HEADING}\n{MEASURE}", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_text("坏文件", encoding="utf-8")
    from rectify_nlp.parsing import _parse

    real = _parse.read_text

    def read(source, **kwargs):
        if str(source).endswith("b.txt"):
            raise RecursionError("maximum recursion depth exceeded\nwith a second line")
        return real(source, **kwargs)

    monkeypatch.setattr(_parse, "read_text", read)
    return [str(p) for p in (good[0], bad, good[1])]


def test_pipe_yields_the_error_of_a_file_no_reader_foresaw_in_its_place(batch):
    items = list(rectify_nlp.load().pipe(batch, errors="return"))
    assert [type(i).__name__ for i in items] == ["Notice", "NoticeError", "Notice"]
    assert str(items[1]).startswith(batch[1] + ": could not be read: RecursionError")
    assert "\n" not in str(items[1])


def test_tag_leaves_out_a_file_no_reader_foresaw_with_a_warning(batch):
    with pytest.warns(rectify_nlp.SkippedFileWarning, match="b.txt: could not be read: RecursionError"):
        df = rectify_nlp.tag(batch, progress=False)
    assert sorted(set(df["notice_id"])) == ["a", "c"]


def test_the_cli_writes_the_table_of_the_files_it_could_read(batch, tmp_path):
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["tag", *batch, "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "b.txt: could not be read: RecursionError" in result.stderr
    with open(out, encoding="utf-8-sig", newline="") as f:
        assert sorted({row["notice_id"] for row in csv.DictReader(f)}) == ["a", "c"]


def test_a_notice_the_tagger_fails_on_is_left_out_and_the_batch_tagged(monkeypatch, tmp_path):
    paths = []
    for name in ("a", "b", "c"):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(f"{TITLE}\n{HEADING}\n(一){name}制定学习计划。", encoding="utf-8")
    tagger = rectify_nlp.load()
    real = tagger.predict

    def predict(records, explain=False, groups=None):
        if any("b制定" in r["text"] for r in records):
            raise ValueError("a value the model never saw")
        return real(records, explain, groups)

    monkeypatch.setattr(tagger, "predict", predict)
    items = list(tagger.pipe(paths, errors="return"))
    assert [type(i).__name__ for i in items] == ["Notice", "NoticeError", "Notice"]
    assert items[0].measures[0].category and items[2].measures[0].category
    assert "b.txt: could not be read: ValueError: a value the model never saw" in str(items[1])


# -- the model directory ---------------------------------------------------------------------

@pytest.fixture
def model_copy(tmp_path):
    import shutil

    from rectify_nlp.tagging import _store

    target = tmp_path / "model"
    shutil.copytree(_store.default_model_path(), target)
    return target


def _rewrite_inference(root, change) -> None:
    """Change the arrays of ``inference.npz`` and write its new SHA-256 into the card, as a tampered copy would."""
    import json

    import numpy as np

    from rectify_nlp.tagging import _store

    path = root / _store.INFERENCE
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    config = json.loads(str(arrays["config"]))
    change(config, arrays)
    arrays["config"] = np.array(json.dumps(config, ensure_ascii=False))
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    card = json.loads((root / _store.META).read_text(encoding="utf-8"))
    card["artifacts"][_store.INFERENCE] = _store.sha256(path)
    (root / _store.META).write_text(json.dumps(card), encoding="utf-8")


@pytest.mark.parametrize("change", [
    lambda config, arrays: config.update(lexicon_weight="heavy"),
    lambda config, arrays: config.update(category_classes=[1, 2]),
    lambda config, arrays: config.update(status_use_rules="yes"),
    lambda config, arrays: arrays.update(category_coef=arrays["category_coef"][:, :-7]),
    lambda config, arrays: arrays.update(idf0=arrays["idf0"][:3]),
    lambda config, arrays: config["blocks"][0].update(ngram=[1, 9]),
], ids=["weight-text", "classes-numbers", "rules-text", "coef-narrow", "idf-short", "ngram-long"])
def test_an_altered_inference_config_fails_when_loaded_not_when_tagging(model_copy, change):
    _rewrite_inference(model_copy, change)
    with pytest.raises(rectify_nlp.ModelError, match="the model cannot be loaded"):
        rectify_nlp.load(model_copy)


def test_a_missing_model_is_loaded_from_the_backup_of_an_interrupted_save_only_with_a_warning(model_copy):
    backup = model_copy.with_name(f".{model_copy.name}.old")
    model_copy.rename(backup)
    with pytest.warns(UserWarning, match=r"no model here; loading .*\.model\.old, the model a save that was "):
        tagger = rectify_nlp.load(model_copy)
    assert tagger.path == str(backup)
