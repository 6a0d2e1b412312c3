"""Retraining with user labels, label formats, and the model lifecycle."""

import json
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from click.testing import CliRunner

import rectify_nlp
from rectify_nlp import taxonomy
from rectify_nlp.cli import main
from rectify_nlp.labels import load_label_sources, merge_labels, read_labels
from rectify_nlp import ModelError
from rectify_nlp.learning._evaluate import score_model
from conftest import ROOT, seed

ANNOTATIONS = str(ROOT / "training" / "annotations")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def model_dir(trained_dir):
    return trained_dir


def _relabel(predicted: dict, k: int) -> dict:
    """Pick k measures and give each a category its model did not predict."""
    changed = {}
    for key, category in list(predicted.items())[::7][:k]:
        changed[key] = next(c for c in ("ecology_environment", "safety_stability") if c != category)
    return changed


@pytest.mark.slow
def test_label_studio_round_trip_retrains_changed_measures(tmp_path, model_dir):
    tasks = tmp_path / "tasks.json"
    result = run("labelstudio", "export", seed("001"), "--model", model_dir, "-o", tasks,
                 "--config", tmp_path / "interface.xml")
    assert result.exit_code == 0, result.output
    assert "<Choices name=\"label_status\"" in (tmp_path / "interface.xml").read_text(encoding="utf-8")
    exported = json.loads(tasks.read_text(encoding="utf-8"))
    task = exported[0]
    regions = task["predictions"][0]["result"]
    predicted = {(r["value"]["start"], r["value"]["end"]): r["value"]["labels"][0] for r in regions
                 if r["from_name"] == "label_category"}
    changed = _relabel(predicted, 6)
    # an annotator accepts the pre-annotations and changes some categories, as Label Studio exports it
    result_items = []
    for r in regions:
        r = json.loads(json.dumps(r))
        span = (r["value"]["start"], r["value"]["end"])
        if r["from_name"] == "label_category" and span in changed:
            r["value"]["labels"] = [changed[span]]
        result_items.append(r)
    task["annotations"] = [{"id": 1, "result": result_items, "was_cancelled": False,
                            "created_at": "2026-11-23T10:00:00Z"}]
    export = tmp_path / "export.json"
    export.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")

    labels = tmp_path / "my_labels"
    assert run("labelstudio", "import", export, "-o", labels).exit_code == 0
    assert (labels / "notices" / f"{seed('001').stem}.txt").exists()
    check = run("labels", "check", labels, "--seeds", labels / "notices")
    assert check.exit_code == 0, check.stderr

    out = tmp_path / "mine"
    result = run("train", "--labels", ANNOTATIONS, "--labels", labels, "--out", out, "--no-evaluate")
    assert result.exit_code == 0, result.output
    # the accepted pre-annotations that differ from the seed annotations override them too
    gold = {(r["start"], r["end"]): (r["category"], r["status"]) for r in read_labels(ANNOTATIONS)
            if r["notice"] == seed("001").stem}
    imported = {(r["start"], r["end"]): (r["category"], r["status"]) for r in read_labels(labels)}
    overridden = sum(imported[span] != gold[span] for span in imported)
    assert overridden >= len(changed)
    assert f"{overridden} overridden, {len(imported) - overridden} unchanged" in result.stderr
    tagger = rectify_nlp.load(out)
    notice = tagger(seed("001"))
    got = {(m.start, m.end): m.category for m in notice.measures}
    # the model learned each correction from the measure's own words; tagging a whole notice may still
    # pull an unsure measure towards its problem's other measures (tagging._uncertainty)
    for span, category in changed.items():
        m = next(m for m in notice.measures if (m.start, m.end) == span)
        found = tagger.predict([m.context])
        assert found.category_classes[found.category_proba[0].argmax()] == category
    kept = [span for span in predicted if span not in changed]
    assert sum(got[s] == predicted[s] for s in kept) >= 0.9 * len(kept)


@pytest.mark.slow
def test_csv_edited_like_a_user_retrains(tmp_path, model_dir):
    table = tmp_path / "tagged.csv"
    assert run("tag", seed("004"), "-o", table, "--model", model_dir).exit_code == 0
    df = pd.read_csv(table, encoding="utf-8-sig")
    predicted = {row.text: row.category for row in df.itertuples()}
    changed = _relabel(predicted, 5)
    # the user keeps only text and category columns, writes categories in 中文, adds status to some rows
    edited = pd.DataFrame({
        "text": list(changed),
        "category": [taxonomy.category(c).zh for c in changed.values()],
        "status": ["已完成", "", "in_progress", "", "基本完成"][: len(changed)],
        "problem": [df.set_index("text").loc[t, "problem_title"] for t in changed],
    })
    mine = tmp_path / "my_labels.csv"
    edited.to_csv(mine, index=False, encoding="utf-8-sig")
    records, report = load_label_sources([ANNOTATIONS, mine])
    assert f"{len(changed)} overridden" in report[0]
    out = tmp_path / "mine"
    assert run("train", "--labels", ANNOTATIONS, "--labels", mine, "--out", out, "--no-evaluate").exit_code == 0
    tagger = rectify_nlp.load(out)
    notice = tagger(seed("004"))
    got = {m.text: (m.category, m.status) for m in notice.measures}
    for text, category in changed.items():  # learned from the measure's own words (see the test above)
        m = next(m for m in notice.measures if m.text == text)
        found = tagger.predict([m.context])
        assert found.category_classes[found.category_proba[0].argmax()] == category
    by_text = {r["text"]: r for r in records}
    assert by_text[list(changed)[0]]["status"] == "completed"
    assert by_text[list(changed)[2]]["status"] == "in_progress"
    # a row without status kept the status it had in the seed annotations
    assert by_text[list(changed)[1]]["status"] in taxonomy.STATUS_IDS


def test_merge_counts_added_overridden_and_conflicts():
    base = [{"notice": "a", "start": 0, "end": 5, "text": "甲", "category": "party_building", "status": "completed"}]
    later = [
        {"text": "甲", "category": "cadre_talent", "status": None},
        {"text": "乙", "category": "cadre_talent", "status": "completed"},
        {"text": "乙", "category": "finance_assets", "status": "completed"},
    ]
    merged, counts = merge_labels([base, later])
    assert counts == {"added": 2, "overridden": 2, "unchanged": 0, "conflicts": 1}
    by_text = {r["text"]: r for r in merged}
    assert by_text["甲"]["category"] == "cadre_talent" and by_text["甲"]["status"] == "completed"
    assert by_text["乙"]["category"] == "finance_assets"


@pytest.mark.slow
def test_unknown_category_refused_unless_declared(tmp_path):
    mine = tmp_path / "new.csv"
    rows = ["text,category,status"]
    rows += [f"开展数据要素市场建设试点第{i}批并出台数据资产登记办法,data_elements,completed" for i in range(12)]
    mine.write_text("\n".join(rows) + "\n", encoding="utf-8")
    refused = run("train", "--labels", ANNOTATIONS, "--labels", mine, "--out", tmp_path / "m", "--no-evaluate")
    assert refused.exit_code == 2
    assert "unknown category 'data_elements'" in refused.stderr and "valid ids:" in refused.stderr
    assert "--allow-category" in refused.stderr
    assert not (tmp_path / "m").exists()
    ok = run("train", "--labels", ANNOTATIONS, "--labels", mine, "--out", tmp_path / "m", "--no-evaluate",
             "--allow-category", "data_elements")
    assert ok.exit_code == 0, ok.output
    tagger = rectify_nlp.load(tmp_path / "m")
    assert "data_elements" in tagger.categories
    report = score_model(tagger, load_label_sources([mine], ["data_elements"])[0])
    assert report["category"]["per_class"]["data_elements"]["support"] == 12


def test_suggest_writes_a_table_ready_to_label(tmp_path, model_dir):
    out = tmp_path / "to_label.csv"
    result = run("suggest", ROOT / "seeds", "--model", model_dir, "-n", 20, "-o", out)
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert len(df) == 20
    assert df["notice"].nunique() >= 4
    assert df["uncertainty"].is_monotonic_decreasing
    assert (df["label_category"] == "").all() and (df["label_status"] == "").all()
    assert set(df["category"]) <= set(taxonomy.CATEGORY_IDS)
    tagger = rectify_nlp.load(model_dir)
    all_measures = [m for n in tagger.pipe(sorted((ROOT / "seeds").glob("*.txt"))) for m in n.measures]
    confident = sorted(max(m.category_proba.values()) for m in all_measures)
    assert df["category_proba"].median() < confident[len(confident) // 2]


# -- model lifecycle ------------------------------------------------------------


@pytest.fixture
def model_copy(tmp_path, model_dir):
    import shutil

    target = tmp_path / "model"
    shutil.copytree(model_dir, target)
    return target


@pytest.mark.parametrize("name", ["model.joblib", "inference.npz"])
def test_truncated_artifact_is_refused(model_copy, name):
    artifact = model_copy / name
    artifact.write_bytes(artifact.read_bytes()[: artifact.stat().st_size // 2])
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        rectify_nlp.load(model_copy)


@pytest.mark.parametrize("name", ["model.joblib", "inference.npz"])
def test_one_byte_change_is_refused(model_copy, name):
    artifact = model_copy / name
    data = bytearray(artifact.read_bytes())
    data[len(data) // 3] ^= 0x01
    artifact.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="altered or truncated"):
        rectify_nlp.load(model_copy)


def _card_says_made_with(model_dir, library, version):
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["libraries"][library] = version
    meta_path.write_text(json.dumps(meta), encoding="utf-8")


def test_a_model_from_another_major_version_of_rectify_nlp_is_refused(model_copy):
    _card_says_made_with(model_copy, "rectify_nlp", "9.0.0")
    with pytest.raises(ModelError, match="made with rectify_nlp 9.0.0"):
        rectify_nlp.load(model_copy)


@pytest.mark.parametrize("library, version, pin", [("scikit-learn", "0.24.2", "0.24"), ("numpy", "0.9.1", "0")])
def test_other_library_versions_refuse_only_unpickling(model_dir, model_copy, library, version, pin):
    _card_says_made_with(model_copy, library, version)
    tags = [(m.category, m.status) for m in rectify_nlp.load(model_copy)(seed("001")).measures]
    assert tags == [(m.category, m.status) for m in rectify_nlp.load(model_dir)(seed("001")).measures]
    with pytest.raises(ModelError, match=rf"pickled under {library} {version} .* install {library}=={pin}\.\*") as err:
        rectify_nlp.load(model_copy, unpickle=True)
    assert "\n" not in str(err.value) and "cannot be loaded" not in str(err.value)
    with pytest.raises(ModelError, match=f"pickled under {library} {version}"):
        rectify_nlp.load(model_copy).unpickle_estimators()


def test_inference_arrays_are_numbers_and_text_any_numpy_reads(model_dir):
    """No object arrays (they would need pickle) and no .npy format newer than numpy 1.26 reads."""
    import zipfile

    import numpy as np

    for path in (ROOT / "models" / "default" / "inference.npz", model_dir / "inference.npz"):
        with np.load(path, allow_pickle=False) as data:
            assert {data[k].dtype.kind for k in data.files} <= set("biufU")
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                with archive.open(name) as member:
                    assert np.lib.format.read_magic(member) in {(1, 0), (2, 0)}


def test_cli_refuses_an_altered_model_in_one_line(model_copy):
    (model_copy / "model.joblib").write_bytes(b"not a model")
    result = run("tag", seed("001"), "-o", "-", "--model", model_copy)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "SHA-256" in result.stderr


KILL_DURING = {
    "the artifact write": """
        import joblib
        real = joblib.dump
        def dump(obj, path, **kw):
            open(path, "wb").write(b"partial")
            os._exit(9)
        joblib.dump = dump
    """,
    "the swap of directories": """
        real = os.replace
        calls = []
        def replace(a, b):
            calls.append(a)
            real(a, b)
            if len(calls) == 1:
                os._exit(9)
        os.replace = replace
    """,
}


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(KILL_DURING))
def test_a_save_killed_half_way_leaves_the_old_model_loadable(model_copy, moment):
    before = rectify_nlp.load(model_copy).meta["artifacts"]
    script = "import os, sys\n" + textwrap.dedent(KILL_DURING[moment]) + textwrap.dedent(f"""
        import rectify_nlp
        tagger = rectify_nlp.load({str(model_copy)!r}, unpickle=True)  # our own model: trusted
        tagger.meta["name"] = "replacement"
        tagger.save({str(model_copy)!r})
    """)
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert process.returncode == 9, process.stderr
    survivor = rectify_nlp.load(model_copy)
    assert survivor.meta["artifacts"] == before
    assert survivor.meta.get("name") != "replacement"


@pytest.mark.slow
def test_the_cli_and_the_library_write_the_same_model_card(tmp_path):
    import shutil

    labels = tmp_path / "labels"
    labels.mkdir()
    for notice in ("001", "003"):
        shutil.copy(next((ROOT / "training" / "annotations").glob(f"{notice}_*.jsonl")), labels)
    assert run("train", "--labels", labels, "--out", tmp_path / "cli" / "m").exit_code == 0
    rectify_nlp.train(rectify_nlp.read_labels(labels)).save(tmp_path / "lib" / "m")
    cards = [json.loads((tmp_path / way / "m" / "meta.json").read_text(encoding="utf-8")) for way in ("cli", "lib")]
    for card in cards:
        assert card.pop("created")
        assert card["metrics"]["cv"] == "leave-one-notice-out" and set(card["metrics"]["folds"]) == {
            "001_6f66318992fdd9a8", "003_e18896d77fb62f9c"}
    assert cards[0] == cards[1]


class _Payload:
    """A pickle that, when loaded, writes a marker file: what an attacker would put in model.joblib."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _rewrite_card(model_dir, artifacts):
    from rectify_nlp.tagging._store import sha256

    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["artifacts"] = {name: sha256(model_dir / name) for name in artifacts}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")


def test_a_model_directory_rewritten_by_an_attacker_runs_no_code(model_copy, tmp_path):
    import joblib

    marker = tmp_path / "pwned"
    joblib.dump(_Payload(marker), model_copy / "model.joblib")
    _rewrite_card(model_copy, ["model.joblib", "inference.npz"])  # the hashes fixed to match the payload
    tagger = rectify_nlp.load(model_copy)  # reads inference.npz only
    assert tagger(seed("001")).measures[0].category
    assert run("tag", seed("001"), "--model", model_copy, "-o", tmp_path / "t.csv").exit_code == 0
    with pytest.raises(ModelError, match="unpickle_estimators"):
        tagger.category_model
    _rewrite_card(model_copy, ["model.joblib"])  # inference.npz no longer listed: nothing safe to load
    with pytest.raises(ModelError, match="no inference.npz"):
        rectify_nlp.load(model_copy)
    result = run("tag", seed("001"), "--model", model_copy, "-o", tmp_path / "u.csv")
    assert result.exit_code == 2 and "no inference.npz" in result.output
    assert not marker.exists()
    with pytest.raises(ModelError):
        rectify_nlp.load(model_copy, unpickle=True)  # asking by name is the only way in; not estimators
    assert marker.exists()  # …and asking by name did run it: the hashes guard against damage only
