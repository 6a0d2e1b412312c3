"""Fuzzing the reader and the parser: any str, any bytes, HTML tag soup, mutated seeds.

The property: ``parse`` returns a notice whose every node's offsets hold, or raises one of the
library's own errors; nothing else. ``benchmarks/fuzz.py`` runs the same strategies on ten
thousands of inputs; here a modest, derandomised number keeps CI fast and deterministic.
"""

from __future__ import annotations

import warnings

from conftest import SEED_FILES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rectify_nlp
from rectify_nlp import RectifyError

CI = settings(max_examples=120, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED_LINES = [p.read_text(encoding="utf-8").splitlines() for p in SEED_FILES]
NOTICE_WORDS = ["一、", "(一)", "1.", "(1)", "问题1:", "①", "一是", "二是", "关于“学习不够”问题", "的整改情况",
                "整改措施:", "已完成", "持续推进", "下一步", "联系电话:", "某某局党组关于巡察整改情况的通报",
                "现将整改情况予以公布。", "。", ",", "\n", " ", "|", "1" * 30, "挽回", "万元", "3个问题已完成整改"]


def offset_violations(notice) -> list[str]:
    """Every node whose offsets do not hold in ``notice.text`` (empty when all hold)."""
    text, found = notice.text, []

    def span(what, start, end):
        if not 0 <= start <= end <= len(text):
            found.append(f"{what}: {start}-{end} outside 0-{len(text)}")

    for m in notice.measures:
        span("measure", m.start, m.end)
        if text[m.start:m.end] != m.text:
            found.append(f"measure {m.start}-{m.end}: {m.text[:20]!r} != text")
    for kind, heads in (("section", [s for top in notice.sections for s in top.walk()]), ("problem", notice.problems)):
        for h in heads:
            span(kind, h.start, h.end)
            if not (h.start <= h.heading_end <= h.end and h.start <= h.title_start <= h.title_end <= h.heading_end):
                found.append(f"{kind} {h.start}-{h.end}: heading or title outside it")
            if text[h.title_start:h.title_end] != h.title:
                found.append(f"{kind} title {h.title[:20]!r} != text[{h.title_start}:{h.title_end}]")
    for name, s in [("opening", notice.opening)] + [("dropped", d) for d in notice.dropped] \
            + [(f"total {k}", s) for k, s in notice.total_spans.items()]:
        if s is not None:
            span(name, s.start, s.end)
    if notice.title is not None and notice.title not in text:
        found.append(f"title {notice.title[:20]!r} not in the text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        found.append("the text cannot be written as UTF-8")
    return found


def check(source) -> list[str]:
    """Parse ``source``: the offset violations, ``[]`` if refused by one of the library's errors.
    Any other exception propagates (a crash)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            notices = rectify_nlp.read_notices(source)
        except RectifyError as err:
            assert "\n" not in str(err), f"a library error spans lines: {err}"
            return []
    return [v for n in notices for v in offset_violations(n)]


# --- strategies ------------------------------------------------------------------------------

any_text = st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=300)  # surrogates too
notice_like_text = st.lists(st.sampled_from(NOTICE_WORDS) | st.text(max_size=8), min_size=1, max_size=60).map("".join)
any_bytes = st.binary(min_size=1, max_size=600)
encoded_text = st.tuples(notice_like_text, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "latin-1"])).map(
    lambda t: t[0].encode(t[1], "replace"))

_TAGS = ["p", "div", "span", "b", "table", "tr", "td", "br", "h1", "script", "style", "html", "body", "li", "a"]
_html_piece = st.one_of(
    st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(["<!-- x -->", "<!--", "-->", "<!DOCTYPE html>", "<?xml version='1.0'?>", "<?pi x?>",
                     "&amp;", "&#12290;", "&nbsp;", "&bogus;", "&#xD800;", "<", ">", "<p class='a", "<![CDATA[x]]>"]),
    st.sampled_from(NOTICE_WORDS),
)
tag_soup = st.lists(_html_piece, min_size=1, max_size=80).map(lambda parts: "<html><body>" + "".join(parts))


@st.composite
def deep_nesting(draw):
    depth = draw(st.integers(1, 1000))
    tag = draw(st.sampled_from(["div", "span", "p", "td", "b"]))
    closed = draw(st.booleans())
    inner = draw(st.lists(st.sampled_from(NOTICE_WORDS), min_size=1, max_size=10).map("".join))
    return f"<html><body>{f'<{tag}>' * depth}<p>一、关于“X”问题的整改</p><p>{inner}</p>" \
           f"{f'</{tag}>' * depth if closed else ''}</body></html>"


_ENUMERATORS = ["一、", "(一)", "1.", "(1)", "①", "问题1", "一是", "二是", "十一、", "(十)", ""]


@st.composite
def mutated_seed(draw):
    lines = list(draw(st.sampled_from(SEED_LINES)))
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "enumerator", "cut"]))
        if action == "delete":
            del lines[k]
        elif action == "duplicate":
            lines.insert(k, lines[k])
        elif action == "insert":
            lines.insert(k, draw(st.sampled_from(NOTICE_WORDS) | st.sampled_from(lines)))
        elif action == "enumerator":
            lines[k] = draw(st.sampled_from(_ENUMERATORS)) + lines[k].lstrip("一二三四五六七八九十()、.0123456789")
        else:
            lines[k] = lines[k][:draw(st.integers(0, len(lines[k])))]
    return "\n".join(lines) or "。"


STRATEGIES = {
    "any str": any_text,
    "notice-like str": notice_like_text,
    "any bytes": any_bytes,
    "encoded text": encoded_text,
    "tag soup": tag_soup,
    "deep nesting": deep_nesting(),
    "mutated seed": mutated_seed(),
}


# --- properties ------------------------------------------------------------------------------

def _test_for(strategy):
    @CI
    @given(strategy)
    def test(source):
        assert check(source) == []
    return test


test_any_str = _test_for(STRATEGIES["any str"])
test_notice_like_str = _test_for(STRATEGIES["notice-like str"])
test_any_bytes = _test_for(STRATEGIES["any bytes"])
test_encoded_text = _test_for(STRATEGIES["encoded text"])
test_tag_soup = _test_for(STRATEGIES["tag soup"])
test_deep_nesting = _test_for(STRATEGIES["deep nesting"])
test_mutated_seed = _test_for(STRATEGIES["mutated seed"])


def test_the_invariant_check_sees_a_broken_offset():
    notice = rectify_nlp.parse("一、关于“学习不够”问题的整改情况\n(一)制定学习计划。")
    notice.measures[0].start += 1
    notice.problems[0].title_start += 1
    assert len(offset_violations(notice)) == 2
