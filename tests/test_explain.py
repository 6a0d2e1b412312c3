"""Evidence for every tag: what decided each measure's category and status, and `rectify-nlp explain`."""

import json

import pytest
from click.testing import CliRunner

import rectify_nlp
from rectify_nlp.cli import main
from rectify_nlp.tagging._status_grammar import deciding_cues, read

SEED = "seeds/002_5c2e2c6e6d9d9ed6.txt"


@pytest.fixture(scope="module")
def notices():
    tagger = rectify_nlp.load()
    return [tagger(path) for path in rectify_nlp.examples()]


def test_every_measure_carries_evidence_for_both_tags(notices):
    for notice in notices:
        for m in notice.measures:
            assert m.category_evidence, m.id
            weights = [e["weight"] for e in m.category_evidence]
            assert weights == sorted(weights, reverse=True) and weights[0] > 0
            assert m.status_evidence, m.id


def test_rule_evidence_slices_the_notice_to_the_cue_inside_the_measure(notices):
    checked = 0
    for notice in notices:
        for m in notice.measures:
            if m.status_source not in ("cue", "stated"):
                continue
            for e in m.status_evidence:
                assert m.start <= e["start"] < e["end"] <= m.end
                assert notice.text[e["start"]:e["end"]] == e["text"]
                checked += 1
    assert checked > 50


def test_model_evidence_names_the_status_model_features(notices):
    model_decided = [m for n in notices for m in n.measures if m.status_source == "model"]
    assert model_decided
    assert all(e["source"] == "model" and e["weight"] > 0 for m in model_decided for e in m.status_evidence)


def test_category_evidence_names_the_lexicon_cue_in_the_text():
    notice = rectify_nlp.load()("一、关于“基层组织软弱”问题的整改情况\n(一)全面落实三会一课制度,规范党支部主题党日。")
    cues = [e["feature"] for e in notice.measures[0].category_evidence if e["kind"] == "cue"]
    assert notice.measures[0].category == "party_building"
    assert "三会一课" in cues


@pytest.mark.parametrize("text, status, cues", [
    ("县档案馆改造方案已印发,配套细则正在起草。", "partial", ["正在", "已"]),
    ("柳溪镇农机仓库改造工程基本完成。", "partial", ["基本完成"]),
    ("渔港码头加固工程尚未开工。", "not_completed", ["尚未"]),
    ("严格执行公务用车管理规定。", "unclear", ["严格"]),
    ("《关于正在修订的办法》已印发。", "in_progress", []),  # a cue inside a document title is no cue
])
def test_deciding_cues_point_at_the_words_that_decide(text, status, cues):
    reading = read(text)
    assert [text[c.start:c.end] for c in deciding_cues(reading, status)] == cues


def test_explain_cli_names_the_cue_with_offsets_into_the_notice():
    notice = rectify_nlp.load()(SEED)
    target = next(m for m in notice.measures if m.status_source == "cue")
    result = CliRunner().invoke(main, ["explain", SEED, "--measure", target.id, "--format", "json"])
    assert result.exit_code == 0, result.output
    [explained] = json.loads(result.stdout)
    cue = explained["status_evidence"][0]
    assert explained["measure_id"] == target.id and explained["status"] == target.status
    assert cue["source"] == "cue" and cue["rule"]
    assert notice.text[cue["start"]:cue["end"]] == cue["text"]
    text = CliRunner().invoke(main, ["explain", SEED, "--measure", target.id]).stdout
    assert target.id in text and cue["rule"] in text and f"{cue['start']}–{cue['end']}" in text


def test_explain_an_unknown_measure_is_one_line_and_exit_2():
    result = CliRunner().invoke(main, ["explain", SEED, "--measure", "p99m99"])
    assert result.exit_code == 2
    assert "no measure 'p99m99'" in result.output and "Traceback" not in result.output


def test_tables_carry_the_evidence_as_text():
    df = rectify_nlp.tag([SEED])
    assert df["category_evidence"].str.len().gt(0).all()
    ruled = df[df["status_source"] != "model"]
    assert ruled["status_evidence"].str.contains("–").all()
