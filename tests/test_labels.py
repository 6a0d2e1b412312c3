import json
import re
import shutil

import pytest
from click.testing import CliRunner

from rectify_nlp import taxonomy
from rectify_nlp.cli import main
from rectify_nlp.labels import check_labels, read_labels
from conftest import ROOT

ANNOTATIONS = ROOT / "training" / "annotations"


def test_shipped_annotations_pass_the_check_and_cover_every_parsed_measure(parsed):
    issues, coverage = check_labels(ANNOTATIONS, seeds=ROOT / "seeds")
    assert issues == []
    assert set(coverage) == {n.id for n in parsed.values()}
    for notice in parsed.values():
        assert coverage[notice.id] == (len(notice.measures), len(notice.measures))


def test_label_distribution_follows_the_spec():
    records = read_labels(ANNOTATIONS)
    categories = [r["category"] for r in records]
    assert categories.count("other") <= 0.02 * len(records)
    assert set(taxonomy.CATEGORY_IDS) - {"other"} <= set(categories)
    assert {r["status"] for r in records} <= set(taxonomy.STATUS_IDS)


def _copy(tmp_path):
    target = tmp_path / "labels"
    shutil.copytree(ANNOTATIONS, target)
    return target


def _rewrite(path, change):
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    change(records)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _check(path):
    result = CliRunner().invoke(main, ["labels", "check", str(path), "--seeds", str(ROOT / "seeds")])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("change, expected", [
    (lambda rs: rs[3].update(category="party_build"), r"\.jsonl:4: unknown category 'party_build'; valid ids: "),
    (lambda rs: rs[5].update(status="done"), r"\.jsonl:6: unknown status 'done'"),
    (lambda rs: rs[2].update(start=rs[2]["start"] + 1, end=rs[2]["end"] + 1), r"\.jsonl:3: offsets .* the boundary moved"),
    (lambda rs: rs.pop(7), r"measure p\d\dm\d\d at \d+-\d+ .* is not labelled; add a record for it"),
    (lambda rs: rs.insert(4, dict(rs[4])), r"\.jsonl:6: duplicate measure_id 'p\d\dm\d\d' \(first at line 5\); keep one record"),
    (lambda rs: rs[0].pop("text"), r"\.jsonl:1: text is missing; every labelled measure needs its text"),
])
def test_check_catches_each_fault_with_file_line_and_fix(tmp_path, change, expected):
    labels = _copy(tmp_path)
    target = sorted(labels.glob("*.jsonl"))[1]
    _rewrite(target, change)
    code, stderr = _check(labels)
    assert code == 1
    assert re.search(expected, stderr), stderr


def test_check_passes_on_a_clean_copy(tmp_path):
    code, stderr = _check(_copy(tmp_path))
    assert code == 0, stderr


def test_stats_prints_counts_per_notice():
    result = CliRunner().invoke(main, ["labels", "stats", str(ANNOTATIONS), "--format", "json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    records = read_labels(ANNOTATIONS)
    assert stats["all"]["measures"] == len(records)
    assert sum(stats["all"]["category"].values()) == len(records)
    assert len(stats) == 6
