"""Honest uncertainty: deferring to a problem's other measures, calibration, review flags; measures
written for training; pinyin inserted by mirror sites. Notices are invented (青禾县)."""

import json
import shutil
import warnings

import numpy as np
import pytest
from conftest import ROOT

import rectify_nlp
from rectify_nlp import ParseWarning
from rectify_nlp.tagging import load_shared, write_card

NOTICE = """青禾县农业农村局党组关于巡察整改情况的通报
根据县委统一部署,现将巡察整改情况予以公布。
一、关于“农机购置补贴发放不规范”问题的整改情况
(一)对全县农机购置补贴申领资料逐户核查,追回违规领取补贴资金12.6万元。
(二)修订《农机购置补贴资金管理办法》,补贴资金一律通过惠农“一卡通”发放。
(三)对相关人员进行了提醒谈话。
"""


def _tag(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        return rectify_nlp.load()(text)


def test_an_unsure_measure_defers_to_its_problems_other_measures():
    notice = _tag(NOTICE)
    first, second, bare = notice.measures
    assert bare.text == "(三)对相关人员进行了提醒谈话。"
    alone = rectify_nlp.load().predict([bare.context]).category_proba[0]  # no siblings to defer to
    assert alone.max() < 0.7  # unsure on its own words
    assert bare.category == first.category == second.category == "finance_assets"
    assert bare.category_evidence[0]["kind"] == "problem"


def test_needs_review_reaches_the_tables_the_summary_and_the_page():
    notice = _tag(NOTICE + "(四)其他工作。\n")
    flagged = [m for m in notice.measures if m.needs_review]
    assert flagged and all(m.category_proba[m.category] < load_shared().meta["calibration"]["review"]["category"]
                           or m.status_source == "model" for m in flagged)
    df = rectify_nlp.tag([ROOT / "seeds" / "001_6f66318992fdd9a8.txt"])
    assert df["needs_review"].dtype == bool
    assert int(rectify_nlp.summarize(df)["measures_needs_review"].iloc[0]) == int(df["needs_review"].sum())
    page = rectify_nlp.render(notice)
    assert page.count("data-needs-review='true'") == len(flagged) and "需复核" in page


def test_the_shipped_model_is_calibrated_and_its_card_says_on_what():
    calibration = rectify_nlp.load().meta["calibration"]
    assert 0.25 <= calibration["category_temperature"] <= 4 and calibration["measures"] >= 300
    assert 0 < calibration["review"]["category"] < 1 and calibration["target"] == 0.9


def test_calibrate_fits_a_temperature_and_the_card_carries_it(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(ROOT / "models" / "default", model)
    tagger = rectify_nlp.load(model)
    records = [{"text": t, "category": c, "status": "completed"} for t, c in (
        ("召开三会一课,规范主题党日活动", "party_building"), ("追回违规发放的津补贴3.2万元", "conduct_rules"),
        ("规范政府采购流程,重新组织公开招标", "procurement_bidding"), ("建立台账", "rectification_work"),
    )] * 5
    calibration = rectify_nlp.calibrate(tagger, records)
    assert calibration["measures"] == 20 and calibration["category_temperature"] != 1.0
    before = load_shared(model)
    write_card(model, tagger.meta)
    after = load_shared(model)  # the card changed: the cache reloads
    assert after is not before and after.meta["calibration"] == calibration


def test_measures_without_a_notice_train_every_fold_and_are_not_scored(records):
    written = [json.loads(line) for line in
               (ROOT / "training" / "written" / "written.jsonl").read_text(encoding="utf-8").splitlines()]
    assert written and all(not r.get("notice") and r["origin"] == "written" for r in written)
    seeds = [r for r in records if r.get("notice")][:60] + [r for r in records if r.get("notice")][-60:]
    report = rectify_nlp.evaluate(seeds + written[:200])
    assert report["category"]["n"] == 120 and "" not in report["folds"]


@pytest.mark.parametrize("annotated, removed", [("根據(jù)区(qū)委部署", 2), ("方案(A版)和(de)", 0)])
def test_pinyin_inside_words_is_removed_on_reading_and_said(annotated, removed):
    text = f"青禾县农业农村局党组关于巡察整改情况的通报\n{annotated},现将整改情况予以公布。\n一、关于“学习不够”问题的整改情况\n(一)制定学习计划。"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        notice = rectify_nlp.parse(text)
    said = [str(w.message) for w in caught if "pinyin" in str(w.message)]
    assert bool(said) == bool(removed)
    assert ("(jù)" in notice.text) is False and len(notice.text) == len(text) - len("(jù)(qū)") * bool(removed)
    assert all(notice.text[m.start:m.end] == m.text for m in notice.measures)
