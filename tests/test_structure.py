import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rectify_nlp
from rectify_nlp.text import normalise
from conftest import SEED_FILES


def body_sections(notice):
    return [s for s in notice.sections if s.kind == "problems"]


def test_seed_000_sections_problems_and_totals(parsed):
    n = parsed["000"]
    assert len(body_sections(n)) == 13  # 13类问题
    assert len(n.problems) == 43  # 43项
    assert n.totals["problems"] == 43
    assert n.totals["completed"] == 32
    assert n.totals["partial"] == 11
    assert n.title == "杭州经济技术开发区党工委关于巡察整改情况的通报"
    assert n.meta["inspecting_body"] == "市委第三巡察组"
    assert n.meta["kind"] == "巡察"
    # scraped dates lost 年/月: 2018625日 is read as 2018-06-25
    assert n.meta["period_start"] == "2018-06-25"
    assert n.meta["feedback_date"] == "2018-09-26"


def test_seed_000_numbering_jump_and_repeat(parsed):
    ordinals = [s.ordinal for s in body_sections(parsed["000"])]
    assert ordinals[-3:] == ["十一、", "十三、", "十三、"]


def test_seed_002_stated_statuses_and_totals(parsed):
    n = parsed["002"]
    assert len(n.problems) == 27
    assert all(p.stated_status for p in n.problems)
    stated = [p.stated_status for p in n.problems]
    assert stated.count("completed") == 21
    assert stated.count("partial") == 5
    assert stated.count("not_completed") == 1
    assert {k: n.totals[k] for k in ("problems", "completed", "partial", "not_completed")} == {
        "problems": 31, "completed": 22, "partial": 7, "not_completed": 2}


def test_seed_002_nested_sections_and_special_kinds(parsed):
    n = parsed["002"]
    kinds = [s.kind for s in n.sections]
    assert kinds == ["rectification_work", "problems", "next_steps"]
    body = n.sections[1]
    areas = body.sections
    assert [a.ordinal for a in areas] == ["(一)", "(二)", "(三)"]
    groups = [g for a in areas for g in a.sections]
    assert len(groups) == 12 and groups[0].ordinal == "1."
    assert n.problems[0].section is groups[0]
    # next steps and rectification work hold no measures
    assert not n.sections[0].problems and not n.sections[2].problems


def test_seed_counts_004_003_001(parsed):
    assert len(parsed["004"].problems) == 32
    assert parsed["004"].totals["problems"] == 32 and parsed["004"].totals["problem_areas"] == 7
    assert len(parsed["003"].problems) == 33
    assert len(parsed["001"].problems) == 12
    assert len(parsed["001"].measures) == 47


def test_seed_001_meta_and_accountability(parsed):
    n = parsed["001"]
    assert n.meta["inspecting_body"] == "省委第五巡视组"
    assert n.meta["inspected_unit"] == "杭州市拱墅区"
    assert n.meta["period_start"] == "2022-08-05" and n.meta["period_end"] == "2022-11-04"
    assert n.meta["feedback_date"] == "2023-01-03"
    assert n.totals["party_discipline"] == 8
    assert n.totals["government_sanction"] == 4
    assert n.totals["judicial_transfer"] == 1
    assert n.totals["admonishment"] == 4
    assert n.totals["institutions"] == 43
    assert n.totals["recovered_wan_yuan"] == pytest.approx(340.8)


def test_measures_split_at_yi_shi_er_shi(parsed):
    problem = parsed["000"].problems[1]  # 问题2:班子凝聚力战斗力不够强。
    assert problem.title == "班子凝聚力战斗力不够强。"
    assert [m.ordinal for m in problem.measures] == ["一是", "二是", "三是", "四是"]
    assert problem.measures[1].text.startswith("二是优化调整职责分工")


def test_run_in_problem_heading_is_split_from_its_measures(parsed):
    problem = parsed["004"].problems[0]
    assert problem.title == "关于“理论学习中心组学习不扎实”的问题。"
    assert problem.measures[0].text.startswith("一是已制定理论学习中心组")


def test_labels_and_next_steps_are_not_measures(parsed):
    n = parsed["002"]
    assert not any(m.text.startswith("整改措施及成效") for m in n.measures)
    assert any(d.reason == "label" for d in n.dropped)
    for notice in parsed.values():
        assert not any(m.text.startswith("下一步") for m in notice.measures)


def covered_offsets(notice):
    """Characters that lie in a measure, a heading, the opening, a non-problem section or dropped text."""
    mask = bytearray(len(notice.text))

    def mark(a, b):
        mask[a:b] = b"\x01" * (b - a)

    for m in notice.measures:
        mark(m.start, m.end)
    for s in (s for top in notice.sections for s in top.walk()):
        mark(s.start, s.heading_end)
        if s.kind != "problems":
            mark(s.start, s.end)
    for p in notice.problems:
        mark(p.start, p.heading_end)
    if notice.opening:
        mark(notice.opening.start, notice.opening.end)
    for d in notice.dropped:
        mark(d.start, d.end)
    return mask


def assert_offset_invariants(notice):
    for m in notice.measures:
        assert notice.text[m.start:m.end] == m.text
        assert m.problem is not None and m in m.problem.measures
    spans = sorted((m.start, m.end) for m in notice.measures)
    for (a, b), (c, d) in zip(spans, spans[1:]):
        assert b <= c, f"measures overlap: {a}-{b} and {c}-{d}"
    mask = covered_offsets(notice)
    lost = [i for i, ch in enumerate(notice.text) if not mask[i] and not ch.isspace()]
    assert not lost, f"text in no node: {notice.text[lost[0]:lost[0] + 30]!r}"


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_offsets_overlap_and_coverage_on_seeds(parsed, key):
    assert_offset_invariants(parsed[key])


def test_furniture_and_contact_lines_are_dropped_with_reasons(parsed):
    n = parsed["003"]
    reasons = {d.reason for d in n.dropped}
    assert {"contact", "signature", "furniture"} <= reasons
    assert not any("勐腊" in m.text for m in n.measures)
    assert n.meta["signatory"] == "中共湖州南太湖新区工作委员会"
    assert n.meta["signed"] == "2024-02-22"


def _signature(notice):
    return [(p.title, [m.text for m in p.measures]) for p in notice.problems]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_same_structure_from_gbk_bytes_and_html_page(path, tmp_path, parsed):
    text = path.read_text(encoding="utf-8")
    expected = _signature(parsed[path.name[:3]])
    gbk = tmp_path / "gbk.txt"
    # GBK lacks U+00A0 and ©, which only occur in page furniture
    gbk.write_bytes(normalise(text).encode("gbk", errors="replace"))
    paragraphs = "\n".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    html = (
        '<html><head><meta charset="utf-8"><title>巡察整改</title><script>var x="一、关于“假”问题";</script></head>'
        '<body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/x">工作动态</a></li>'
        '<li><a href="/y">巡视巡察</a></li></ul></div>'
        f'<div class="main"><div class="article">{paragraphs}</div></div>'
        '<div class="footer"><p>版权所有 某某纪委</p><p>地址:某市某路1号</p><p>网站地图 | 联系我们</p></div>'
        "</body></html>"
    )
    lying = tmp_path / "page.html"
    # saved as GBK although the page declares UTF-8, as older sites do
    lying.write_bytes(html.encode("gb18030"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _signature(rectify_nlp.parse(gbk)) == expected
        assert _signature(rectify_nlp.parse(gbk.read_bytes())) == expected
        assert _signature(rectify_nlp.parse(lying)) == expected


def test_unstructured_text_is_one_section_of_paragraph_measures():
    text = "今年以来我们加强了学习。\n组织培训三次,参加人员二百人。\n完善制度两项。"
    with pytest.warns(UserWarning, match="no recognisable structure"):
        n = rectify_nlp.parse(text)
    assert len(n.sections) == 1 and len(n.problems) == 1
    assert [m.text for m in n.measures] == text.split("\n")


def test_traditional_and_fullwidth_forms():
    text = ("一、關於「意識形態工作不到位」問題的整改情況\n（一）制定意識形態工作責任制實施方案。\n"
            "（二）召開專題會議兩次。\r\n")
    n = rectify_nlp.parse(text)
    assert len(n.problems) == 1
    assert [m.ordinal for m in n.measures] == ["(一)", "(二)"]
    assert "\r" not in n.text and "（" not in n.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["一、关于“学习不够”问题的整改情况", "(一)制定方案。", "问题1:落实不力。", "1.关于“X”的问题。一是学习。二是整改。",
                     "(1)针对“Y”问题。(已完成)", "整改措施及成效:一是A。二是B。", "下一步,将持续整改。", "欢迎广大干部群众监督。联系电话:1",
                     "来源:某网 发布时间:2020-01-01", "二、下一步打算", "①加强管理。", "2023年6月27日"]),
), min_size=1, max_size=25))
def test_parse_never_raises_and_offsets_hold(lines):
    text = "\n".join(lines)
    if not normalise(text).strip():
        with pytest.raises(rectify_nlp.NoticeError):
            rectify_nlp.parse(text)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        notice = rectify_nlp.parse(text)
    assert_offset_invariants(notice)
