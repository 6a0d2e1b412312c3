import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, GroupKFold

import rectify_nlp
from rectify_nlp.cli import main
from rectify_nlp import CategoryClassifier, StatusClassifier
from rectify_nlp.tagging._records import context_records
from conftest import ROOT


def X(records):
    return context_records(records)


def test_lexicon_terms_match_longest_first_without_overlaps():
    from rectify_nlp.tagging._lexicon import lexicon_scores

    lexicon = (("party_building", "integrity_supervision"),
               {"三会": {"party_building": 1.0}, "三会一课": {"party_building": 2.0},
                "一课制度": {"integrity_supervision": 5.0}, "主题党日": {"party_building": 1.0}, "课": {"party_building": 9.0}})
    scores = lexicon_scores(["落实三会一课制度和主题党日", "三会", "", "一课制度"], lexicon)
    # 三会一课 wins over 三会 and hides the overlapping 一课制度; single characters are never terms
    assert np.allclose(np.expm1(scores), [[3.0, 0.0], [1.0, 0.0], [0.0, 0.0], [0.0, 5.0]])


@pytest.mark.parametrize("estimator", [CategoryClassifier(C=3.0, classifier="svm"), StatusClassifier(C=2.0)])
def test_estimators_follow_sklearn_conventions(estimator, records):
    params = estimator.get_params()
    copy = clone(estimator)
    assert copy.get_params() == params and not hasattr(copy, "classes_")
    field = "category" if isinstance(estimator, CategoryClassifier) else "status"
    sample = records[::3]
    assert copy.fit(X(sample), [r[field] for r in sample]) is copy
    proba = copy.predict_proba(X(records[:10]))
    assert proba.shape == (10, len(copy.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert set(copy.predict(X(records[:10]))) <= set(copy.classes_)


def test_grid_search_with_notice_groups(records):
    sample = records[::2]
    search = GridSearchCV(CategoryClassifier(), {"C": [1.0, 10.0]}, cv=GroupKFold(n_splits=2))
    search.fit(X(sample), [r["category"] for r in sample], groups=[r["notice"] for r in sample])
    assert search.best_params_["C"] in (1.0, 10.0)


def test_estimators_validate_input():
    with pytest.raises(ValueError, match="X has 2 measures but y has 1"):
        CategoryClassifier().fit([{"text": "a"}, {"text": "b"}], ["x"])
    with pytest.raises(ValueError, match="single class"):
        CategoryClassifier().fit([{"text": "a"}, {"text": "b"}], ["x", "x"])
    with pytest.raises(ValueError, match="unknown classifier 'tree'"):
        CategoryClassifier(classifier="tree").fit([{"text": "a"}, {"text": "b"}], ["x", "y"])
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        CategoryClassifier().predict([{"text": "a"}])


def test_status_sources_cover_stated_cue_and_model(trained):
    sources = trained.status_model.sources([
        {"text": "此项工作整改基本完成,剩余企业注销力争年内完成。"},
        {"text": "已形成人才发展规划送审稿,并经党工委专题会议审议。"},
        {"text": "制定出台《议事规则》,召开专题会议3次。"},
    ])
    assert sources == ["stated", "cue", "model"]


@pytest.mark.slow
def test_compiled_inference_equals_the_sklearn_estimators(parsed):
    from rectify_nlp.tagging._compiled import CompiledModels

    tagger = rectify_nlp.load()
    records = [m.context for n in parsed.values() for m in n.measures]
    # text the vocabularies have not seen: reversed word order and characters, case, runs of
    # white space, characters outside the Basic Multilingual Plane, empty fields
    unseen = ["", "   ", "Ab  CD 整改𠀀落实 ABC abc\t\n123", "囧囧 ☃ 新词汇测试完成了", "党委 会议  召开 了"]
    records += [{**r, "text": r["text"][::-1], "problem": r["section"], "section": ""} for r in records[::7]]
    records += [{"text": t, "problem": t[::-1], "section": t, "stated_status": None} for t in unseen]
    category, status, sources = CompiledModels.load(Path(tagger.path) / "inference.npz").predict(records)
    tagger.unpickle_estimators()  # the shipped model: trusted
    assert np.allclose(category, tagger.category_model.predict_proba(records), atol=1e-12)
    expected_status, expected_sources = tagger.status_model.decide(records)
    assert np.allclose(status, expected_status, atol=1e-12) and sources == expected_sources
    assert "sklearn" not in subprocess.run(
        [sys.executable, "-c", "import sys, rectify_nlp; rectify_nlp.load()('一、关于“X”问题的整改情况\\n(一)召开会议。'); "
         "print(sorted(m for m in sys.modules if m.startswith('sklearn')))"],
        capture_output=True, text=True, check=True).stdout.replace("[]", "")


@pytest.mark.slow
def test_retraining_on_the_same_data_gives_identical_predictions(records, trained):
    again = rectify_nlp.train(records, cv=None)
    sample = X(records)
    assert np.array_equal(trained.category_model.predict_proba(sample), again.category_model.predict_proba(sample))
    assert list(trained.status_model.predict(sample)) == list(again.status_model.predict(sample))


@pytest.mark.slow
def test_evaluate_reports_leave_one_notice_out(records, cross_validated):
    report = cross_validated
    assert set(report["folds"]) == {r["notice"] for r in records}
    for kind in ("category", "status"):
        scores = report[kind]
        assert {"accuracy", "macro_f1", "weighted_f1", "per_class", "confusion"} <= set(scores)
        matrix = np.array(scores["confusion"]["matrix"])
        assert matrix.sum() == len(records)
        assert np.trace(matrix) / matrix.sum() == pytest.approx(scores["accuracy"])
    with pytest.raises(ValueError, match="leave-one-notice-out"):
        rectify_nlp.evaluate(records, cv="random")


def test_default_model_loads_and_carries_its_card():
    tagger = rectify_nlp.load()
    meta = tagger.meta
    assert meta["labels"]["category"] == tagger.categories
    assert set(meta["artifacts"]) == {"model.joblib", "inference.npz"}
    for key in ("libraries", "training_data", "metrics"):
        assert key in meta
    assert meta["metrics"]["cv"] == "leave-one-notice-out"
    size = sum(f.stat().st_size for f in (ROOT / "models" / "default").iterdir())
    assert size <= 48 * 1024 * 1024  # two artifacts of a model trained on 3,387 measures


def test_default_model_was_trained_on_the_shipped_annotations():
    from rectify_nlp.labels import load_label_sources
    from rectify_nlp.learning._fit import training_hash

    records, _ = load_label_sources([ROOT / "training" / "annotations", ROOT / "training" / "written" / "written.jsonl"])
    card = rectify_nlp.load().meta["training_data"]
    assert card["sha256"] == training_hash(records) and card["origins"]["written"] > 2000


def test_tagger_fills_categories_probabilities_and_statuses():
    notice = rectify_nlp.load()(ROOT / "seeds" / "001_6f66318992fdd9a8.txt")
    assert len(notice.measures) == 47
    for m in notice.measures:
        assert m.category in rectify_nlp.taxonomy.CATEGORY_IDS
        assert m.category_proba[m.category] == max(m.category_proba.values())
        assert m.status in rectify_nlp.taxonomy.STATUS_IDS and m.status_source in ("stated", "cue", "model")
    assert all(p.status for p in notice.problems)


def test_cli_evaluate_json(tmp_path):
    labels = ROOT / "training" / "annotations"
    result = CliRunner().invoke(main, ["evaluate", "--labels", str(labels), "--model", str(ROOT / "models" / "default"),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for kind in ("category", "status"):
        assert {"accuracy", "macro_f1", "weighted_f1", "per_class", "confusion"} <= set(report[kind])


@pytest.mark.slow
def test_non_editable_install_loads_the_default_model_from_another_directory(tmp_path):
    """pip install . (not editable) into a fresh virtualenv, then load() from another directory."""
    import sysconfig

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(ROOT)],
                   check=True, cwd=tmp_path, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    # dependencies come from this test environment, appended after the venv's own packages
    deps = sysconfig.get_paths()["purelib"]
    code = (f"import sys; sys.path.append({deps!r}); import rectify_nlp; t = rectify_nlp.load(); "
            "n = t('一、关于“党建弱化”问题的整改情况\\n(一)严格落实三会一课制度,召开主题党日12次。'); "
            "e = rectify_nlp.examples(); print(t.path, n.measures[0].category, len(e), e[0], len(t(e[1]).measures))")
    out = subprocess.run([python, "-c", code], check=True, cwd=tmp_path, capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    path, category, examples, example, measures = out.stdout.split()
    assert path.startswith(str(env_dir)) and "site-packages" in path
    assert category == "party_building"
    assert (examples, measures) == ("5", "47") and example.startswith(str(env_dir))


TOY = [{"notice": "a", "text": t, "category": c, "status": s} for t, c, s in (
    ("召开三会一课,规范主题党日", "party_building", "completed"), ("发展党员3名", "party_building", "completed"),
    ("推进廉情直通车建设", "integrity_supervision", "in_progress"), ("开展廉政谈话12人次", "integrity_supervision", "completed"),
)]


def test_status_parameters_nest_like_scikit_learn():
    tagger = rectify_nlp.train(TOY, C=5.0, status__C=1.0)
    assert (tagger.category_model.C, tagger.status_model.C) == (5.0, 1.0)
    with pytest.raises(TypeError, match="unknown category parameter.*status_C.*valid: C, classifier"):
        rectify_nlp.train(TOY, status_C=1.0)
    with pytest.raises(TypeError, match=r"unknown status parameter\(s\) gamma; valid: status__C"):
        rectify_nlp.train(TOY, status__gamma=1.0)
    with pytest.raises(TypeError):
        CategoryClassifier("logreg")  # parameters are keyword-only


def test_a_two_class_model_fits_the_prior_it_predicts_with(tmp_path):
    # The lexicon says 会议 is party building; the labels say otherwise. Fitted with the prior as an
    # offset, the model learns to overrule it; fitted without it, the prior added at prediction wins.
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("category\tterm\tweight\nparty_building\t会议\t3.0\n", encoding="utf-8")
    texts = [f"召开{w}会议" for w in "甲乙丙丁戊己庚辛"] + [f"学习{w}文件" for w in "甲乙丙丁戊己庚辛"]
    labels = ["procurement_bidding"] * 8 + ["party_building"] * 8
    clf = CategoryClassifier(lexicon=lexicon).fit([{"text": t} for t in texts], labels)
    assert (clf.predict([{"text": t} for t in texts]) == np.array(labels)).mean() >= 0.9


def test_a_missing_lexicon_is_an_error_not_an_empty_lexicon(tmp_path):
    from rectify_nlp.tagging._lexicon import load_lexicon

    with pytest.raises(rectify_nlp.ModelError, match="nope.tsv: cannot read the lexicon"):
        load_lexicon(tmp_path / "nope.tsv")
    with pytest.raises(rectify_nlp.ModelError, match="nope.tsv"):
        CategoryClassifier(lexicon=tmp_path / "nope.tsv").fit(X(TOY), [r["category"] for r in TOY])


def test_user_words_travel_with_the_model_to_a_fresh_process(tmp_path):
    from rectify_nlp.tagging._tokens import Tokenizer

    text = "一、关于“清廉建设不够”问题的整改情况\n(一)深化廉情直通车建设,推进廉情直通车全覆盖。"
    assert "廉情直通车" not in Tokenizer().cut(text) and "廉情直通车" in Tokenizer(["廉情直通车"]).cut(text)
    userdict = tmp_path / "words.txt"
    userdict.write_text("廉情直通车 2000\n", encoding="utf-8")
    tagger = rectify_nlp.train(TOY, userdict=userdict)
    tagger.save(tmp_path / "m")
    here = tagger(text).measures[0].category_proba
    code = ("import json, sys, rectify_nlp; notice = rectify_nlp.load(sys.argv[1])(sys.argv[2]); "
            "print(json.dumps(notice.measures[0].category_proba))")
    there = json.loads(subprocess.run([sys.executable, "-c", code, str(tmp_path / "m"), text],
                                      capture_output=True, text=True, check=True).stdout)
    assert there == pytest.approx(here, abs=1e-12)
