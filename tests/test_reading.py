import codecs

import pytest

import rectify_nlp
from rectify_nlp import NoticeError
from rectify_nlp.text import decode, normalise
from rectify_nlp.reading._html import html_to_text
from rectify_nlp.reading._source import read_text
from conftest import seed

SAMPLE = "一、关于“意识形态工作不到位”问题的整改情况\n(一)制定实施方案。\n(二)召开专题会议两次。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gbk", "gb18030"])
def test_decodes_common_encodings(encoding):
    assert decode(SAMPLE.encode(encoding)) == SAMPLE


def test_big5_traditional_text():
    text = "一、關於「意識形態工作不到位」問題的整改情況\n(一)制定實施方案,召開專題會議。\n" * 3
    assert decode(text.encode("big5")) == text


def test_normalises_width_and_line_endings():
    assert normalise("（一）关于：一是\r\n二是\r三是\u3000。") == "(一)关于:一是\n二是\n三是 。"


def test_text_str_and_path_agree(tmp_path):
    path = tmp_path / "n.txt"
    path.write_bytes(codecs.BOM_UTF8 + SAMPLE.replace("\n", "\r\n").encode("utf-8"))
    from_path = rectify_nlp.parse(path)
    from_str = rectify_nlp.parse(SAMPLE)
    assert from_path.text == from_str.text
    assert [m.text for m in from_path.measures] == ["(一)制定实施方案。", "(二)召开专题会议两次。"]
    assert from_path.id == "n" and from_path.source == str(path)


def test_read_notice_keeps_normalised_text_without_structure():
    notice = rectify_nlp.read_unparsed("（一）制定方案：")
    assert notice.text == "(一)制定方案:" and notice.sections == []


def test_html_main_text_leaves_out_navigation_and_footer():
    html = ("<html><body><nav><a>首页</a><a>工作动态</a></nav><h1>某区委关于巡察整改情况的通报</h1>"
            "<div id='content'><p>根据市委统一部署,市委第一巡察组对某区进行了巡察。</p>"
            "<p>一、关于“学习不够”问题的整改情况</p><p>(一)制定学习计划。</p></div>"
            "<footer><p>版权所有 某市纪委 ICP备000号</p></footer></body></html>")
    text = html_to_text(html)
    assert "首页" not in text and "版权所有" not in text
    assert text.splitlines()[0] == "某区委关于巡察整改情况的通报"
    notice = rectify_nlp.parse(html)
    assert notice.title == "某区委关于巡察整改情况的通报"
    assert [m.text for m in notice.measures] == ["(一)制定学习计划。"]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (bytes(range(256)) * 4, "binary"),
    (b"\x81\x20\xff\xfe\x80" * 50, "undecodable"),
])
def test_bad_bytes_name_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(NoticeError, match=message) as info:
        rectify_nlp.parse(path)
    assert str(path) in str(info.value)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(NoticeError, match="no such file"):
        rectify_nlp.parse(tmp_path / "missing.txt")
    with pytest.raises(NoticeError, match="directory"):
        rectify_nlp.parse(tmp_path)


def test_html_only_page_without_text():
    with pytest.raises(NoticeError, match="no text"):
        read_text("<html><body><script>var a=1;</script></body></html>")


def test_seed_bytes_equal_seed_path():
    path = seed("001")
    assert rectify_nlp.parse(path.read_bytes()).text == rectify_nlp.parse(path).text


@pytest.mark.parametrize("prefix", ["<!-- saved from url=(0014)about:internet -->\n", "<!DOCTYPE html><!-- x -->",
                                    '<?xml-stylesheet href="a.css"?>'])
def test_html_with_comments_or_instructions_before_the_root(prefix):
    html = prefix + "<html><body><p>一、关于“学习不够”问题的整改情况</p><p>(一)制定学习计划。</p></body></html>"
    assert read_text(html)[0] == "一、关于“学习不够”问题的整改情况\n(一)制定学习计划。"


def test_html_nested_deeper_than_libxml2s_default_limit():
    html = "<html><body>" + "<div>" * 300 + "<p>一、关于“学习不够”问题的整改情况</p><p>(一)制定学习计划。</p>" \
        + "</div>" * 300 + "</body></html>"
    assert read_text(html)[0] == "一、关于“学习不够”问题的整改情况\n(一)制定学习计划。"


def test_html_whose_sentences_sit_in_one_paragraph_keeps_the_headings_beside_it():
    html = ("<html><body><h2>一、关于“学习不够”问题的整改情况</h2>"
            "<p>制定学习计划,开展专题学习。召开专题会议。</p></body></html>")
    assert read_text(html)[0] == "一、关于“学习不够”问题的整改情况\n制定学习计划,开展专题学习。召开专题会议。"
