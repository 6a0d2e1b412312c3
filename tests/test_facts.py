"""Facts a notice states about itself (meta, totals and their spans) and its title, one test per
family of forms. Every fixture is written in the project's own words: invented units, dates and
figures in the sentence patterns of published notices."""

import re
import warnings

import pytest

import rectify_nlp
from rectify_nlp.parsing._paragraphs import paragraphs
from rectify_nlp.parsing._title import title_span

OPENING = ("根据市委统一部署,2023年5月8日至7月12日,市委第二巡察组对某某市某某局党组开展了巡察。"
           "2023年9月20日,市委第二巡察组向某某市某某局党组反馈了巡察意见。按照巡察工作有关要求,"
           "现将巡察整改进展情况予以公布。")
BODY = ("一、组织整改落实情况\n局党组把巡察整改作为重大政治任务,成立整改工作领导小组,逐项明确责任领导和完成时限。\n"
        "二、巡察反馈问题整改落实情况\n(一)关于“学习制度执行不严”的问题\n一是修订学习制度。二是建立学习台账。\n")
TITLE = "中共某某市某某局党组关于巡察整改进展情况的通报"


def parse(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rectify_nlp.parse(text)


def title_of(text):
    """The title as ``title_span`` finds it, trimmed of what shares its line."""
    found = title_span(paragraphs(text))
    return text[found[1]:found[2]] if found else None


def assert_spans(notice):
    for key, span in notice.total_spans.items():
        phrase = notice.text[span.start:span.end]
        if key.endswith("wan_yuan"):  # converted to 万元: the phrase holds the amount as written
            assert re.search(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元)$", phrase), key
        else:
            assert str(notice.totals[key]) in phrase, key
    assert set(notice.total_spans) == set(notice.totals)


# --- the title among page furniture ----------------------------------------------------------------

def test_a_clean_title_line_wins_over_a_portal_header_and_a_breadcrumb_that_hold_notice_words():
    text = (f"页面:\n某某市人民政府门户网站 某某市某某局 政务公告 {TITLE}\n"
            "当前位置:首页 > 政务公开 > 通知公告\n"
            f"{TITLE}\n来源:本网   时间:2023-11-02 16:40:12   浏览:-\n{OPENING}\n{BODY}")
    n = parse(text)
    assert n.title == TITLE
    assert n.meta["published"] == "2023-11-02"


@pytest.mark.parametrize("line", [
    f"首页 > 巡视巡察 > {TITLE}",  # a breadcrumb that ends in the title
    f"【巡察整改】{TITLE}",  # a column label before it
    f"{TITLE} 2024-03-18",  # a date after it
    f"{TITLE}  来源:某某网 发布时间:2024-03-18 10:20",
    f"{TITLE}来源:某某网",
])
def test_the_title_is_trimmed_of_what_shares_its_line(line):
    assert title_of(f"返回上一级\n{line}\n{OPENING}\n{BODY}") == TITLE


@pytest.mark.parametrize("line", ["中共某某市某某局党组 关于巡察整改进展情况的通报", "中共某某市某某局党组关于 巡察整改进展情况的通报"])
def test_a_title_split_at_a_space_is_kept_whole(line):
    assert title_of(f"{line}\n{OPENING}") == line


def test_title_forms_without_the_word_zhenggai_or_without_a_closing_noun():
    assert title_of(f"某某学院党委关于专项巡察整改落实情况的通报\n作者:某某学院 日期:2024年06月03日\n{OPENING}") \
        == "某某学院党委关于专项巡察整改落实情况的通报"
    assert title_of(f"【巡察整改】中共某某县某某局党组关于某某专项巡察“回头看”整改进展情况\n{OPENING}") \
        == "中共某某县某某局党组关于某某专项巡察“回头看”整改进展情况"


def test_no_title_and_a_cut_label_line_is_never_a_title():
    cut = (f"{OPENING}\n一、组织整改落实情况\n局党组召开专题会议部署整改工作。\n二、反馈问题整改进展情况\n"
           "(一)思想认识有差距\n1.理论学习不够系统。\n整改情况:已完成。全年利用")
    assert parse(cut).title is None
    cut_mid = (f"{OPENING}\n二、集中整改期内整改进展情况\n问题1:某某站资产移交不实。\n"
               "整改情况:2024年5月8日,某某局在机关会议室召开专题会议,研究某某站资产移交问题整")
    assert parse(cut_mid).title is None
    assert title_of("通知公告\n政府公告\n" + OPENING) is None


# --- dates: the inspection, the feedback, publication ---------------------------------------------

def test_a_feedback_date_without_a_year_takes_the_year_of_the_period():
    n = parse("根据市委统一部署,2023年5月8日至7月12日,市委第二巡察组对某某局党组开展了巡察。"
              "9月20日,市委第二巡察组向某某局党组反馈了巡察意见。\n" + BODY)
    assert (n.meta["period_start"], n.meta["period_end"], n.meta["feedback_date"]) == \
        ("2023-05-08", "2023-07-12", "2023-09-20")


def test_a_period_and_a_feedback_that_cross_a_new_year():
    n = parse("根据区委统一部署,2023年11月6日至1月15日,区委第一巡察组对某某局党组进行了巡察。"
              "3月2日,区委巡察组向某某局党组反馈了巡察意见。\n" + BODY)
    assert (n.meta["period_start"], n.meta["period_end"], n.meta["feedback_date"]) == \
        ("2023-11-06", "2024-01-15", "2024-03-02")
    n = parse("根据区委统一部署,2023年10月9日至12月22日,区委第一巡察组对某某局党组进行了巡察。"
              "1月9日,区委巡察组向某某局党组反馈了巡察意见。\n" + BODY)
    assert n.meta["feedback_date"] == "2024-01-09"


def test_a_feedback_date_without_a_year_and_no_period_takes_the_year_of_publication():
    n = parse("发布时间:2024-06-01\n根据市委统一部署,市委巡察组对某某局党组进行了巡察。"
              "11月20日,市委巡察组向某某局党组反馈了巡察意见。按照有关要求,现将巡察整改情况予以公布。\n" + BODY)
    assert n.meta["feedback_date"] == "2023-11-20"


@pytest.mark.parametrize("sentence", [
    "2024年9月6日就巡察情况向我单位进行了反馈",
    "2024年9月6日,专项巡察组对我院进行巡察反馈",
    "并于2024年9月6日反馈了巡察意见",
    "2024年9月6日,巡察组向某某局党组反馈巡察意见",
    "2024年9月6日,市委第二巡察组向某某局党组进行了反馈",
    "2024年9月6日,巡察组向我局反馈了巡察情况",
    "2024年9月6日,市委第二巡察组向某某局党组反馈了巡察发现的问题",
    "2024年9月6日,市委第二巡察组召开巡察情况反馈会",
    "2024年9月6日对某某局党组进行了集中反馈",
])
def test_feedback_phrasings(sentence):
    n = parse(f"根据市委统一部署,2024年3月7日至5月7日,市委第二巡察组对某某局党组开展了巡察,{sentence},"
              f"指出了存在的问题。现将巡察整改进展情况予以公布。\n{BODY}")
    assert n.meta["feedback_date"] == "2024-09-06"
    assert n.meta["period_end"] == "2024-05-07"


@pytest.mark.parametrize("furniture", [
    "发布时间:2024-05-20",
    "编辑:某某 发表时间:2024-05-20 10:56 来源:某某网",
    "更新时间:2024-05-20浏览次数:来源:某某局作者:某某局 字体[ 大 中 小 ]",
    "来源:本网   时间:2024-05-20 18:18:56   浏览:-",
    "作者:某某学院         日期:2024年05月20日",
    "某某市某某局\n2024-05-20\n主动公开",
    "2024-05-20 09:02 某某网站",
])
def test_publication_dates_in_page_furniture(furniture):
    n = parse(f"{TITLE}\n{furniture}\n{OPENING}\n{BODY}")
    assert n.meta["published"] == "2024-05-20"


def test_a_date_after_the_title_on_its_line_is_the_publication_date():
    n = parse(f"打印\n{TITLE} 2024-05-20\n{OPENING}\n{BODY}")
    assert n.meta["published"] == "2024-05-20"
    assert "published" not in parse(f"{TITLE}\n{OPENING}\n{BODY}").meta


def test_a_date_that_lost_its_characters_and_reads_two_ways_is_left_empty_with_a_warning():
    n = parse("根据市委统一部署,2024117日至2024325日,市委第二巡察组对某某局党组进行了巡察。"
              "2024610日,市委第二巡察组向某某局党组反馈了巡察意见。\n" + BODY)
    assert "period_start" not in n.meta  # 2024年1月17日 or 2024年11月7日
    assert n.meta["period_end"] == "2024-03-25" and n.meta["feedback_date"] == "2024-06-10"
    assert any("period_start" in w and "2024117日" in w for w in n.warnings)


def test_a_damaged_date_read_one_way_that_contradicts_the_inspection_is_left_empty_with_a_warning():
    n = parse("根据市委统一部署,2024年3月1日至2024年5月10日,市委第二巡察组对某某局党组进行了巡察。"
              "2024131日,市委第二巡察组向某某局党组反馈了巡察意见。\n" + BODY)
    assert "feedback_date" not in n.meta
    assert any(w.startswith("feedback_date") for w in n.warnings)


# --- who inspected whom -----------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "区委巡察一组", "专项巡察组", "校党委巡察办专项巡察组", "市委第一提级巡察组", "中央第五巡视组",
    "县委“乡村振兴”、民生保障专项巡察组", "省委第十二巡视组",
])
def test_inspecting_bodies_are_named_whole(body):
    n = parse(f"根据统一部署,2024年3月7日至5月7日,{body}对某某县某某局党组开展了巡察。2024年6月3日,"
              f"{body}向某某县某某局党组反馈了巡察意见。现将巡察整改进展情况予以公布。\n{BODY}")
    assert n.meta["inspecting_body"] == body
    n = parse(f"根据统一部署,{body}于2024年3月7日至5月7日对某某县某某局党组进行了巡察。\n{BODY}")
    assert n.meta["inspecting_body"] == body


def test_the_inspected_unit_does_not_run_on():
    n = parse("2024年10月8日至10月30日,校党委巡察办专项巡察组对我院党委开展“三重一大”制度落实情况专项巡察。"
              "2025年1月6日,专项巡察组对我院进行巡察反馈。截至5月6日,4个问题已完成整改,1个问题已基本完成整改。\n" + BODY)
    assert n.meta["inspected_unit"] == "我院党委"
    assert n.meta["inspecting_body"] == "校党委巡察办专项巡察组"
    assert n.meta["feedback_date"] == "2025-01-06"
    n = parse("2023年3月6日至5月12日,区委第二巡察组对中共某某区某某局(某某区某某中心,含某某执法大队)党组开展了巡察。\n" + BODY)
    assert n.meta["inspected_unit"] == "中共某某区某某局(某某区某某中心,含某某执法大队)党组"
    n = parse("2023年3月6日至5月12日,市委第二巡察组对中共某某市某某局党组(以下简称“市某某局党组”)开展巡察。\n" + BODY)
    assert n.meta["inspected_unit"] == "中共某某市某某局党组"


# --- totals and their spans -------------------------------------------------------------------------

def totals_of(sentence, where="opening"):
    text = f"{OPENING}\n{sentence}\n{BODY}" if where == "opening" else (
        f"{OPENING}\n一、组织整改落实情况\n(一)加强组织领导。局党组专题研究整改工作5次。\n(二)细化整改任务。{sentence}\n"
        "二、巡察反馈问题整改落实情况\n(一)关于“学习制度执行不严”的问题\n一是修订学习制度。二是建立学习台账。\n")
    n = parse(text)
    assert_spans(n)
    return n.totals


@pytest.mark.parametrize("sentence, expected", [
    ("截至2025年3月31日,巡察反馈的3个方面25个问题,已整改完成22个(含立行立改问题3个),阶段性完成整改3个。",
     {"problem_areas": 3, "problems": 25, "completed": 22, "partial": 3}),
    ("截至6月10日,4个问题已完成整改,1个问题已基本完成整改。", {"completed": 4, "partial": 1}),
    ("巡察组共反馈18个问题,其中已完成整改16个,阶段性完成整改2个;移交立行立改问题3个,已全部办结。",
     {"problems": 18, "completed": 16, "partial": 2}),
    ("市委巡察组反馈意见提出了9项问题,局党组高度重视。", {"problems": 9}),
    ("反馈的6类问题21项具体任务中,15项具体任务已经整改到位,6项具体任务已部分整改到位。",
     {"problem_areas": 6, "problems": 21, "completed": 15, "partial": 6}),
    ("反馈的27个具体问题,目前已完成19个、基本完成6个、未完成2个。",
     {"problems": 27, "completed": 19, "partial": 6, "not_completed": 2}),
    ("巡察反馈问题共5个方面32个,已完成整改30个,正在推进2个。",
     {"problem_areas": 5, "problems": 32, "completed": 30, "in_progress": 2}),
])
def test_problem_counts_in_every_word_order(sentence, expected):
    assert totals_of(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("研究制定整改方案,聚焦5个方面,制定142条具体整改措施,明确整改时限。", {"measures_planned": 142}),
    ("针对反馈的问题,细化制定56项整改举措。", {"measures_planned": 56}),
])
def test_measures_planned_also_inside_an_organising_item(sentence, expected):
    assert totals_of(sentence) == expected
    assert totals_of(sentence, where="organising item") == expected


def test_accountability_figures_and_money_one_figure_one_key():
    totals = totals_of("巡察整改中,给予党纪处分3人次,政务处分2人次;移送司法机关1人;诫勉2人,组织处理4人;"
                       "给予责令检查、批评教育、谈话提醒12人,建立完善制度21项,收回清退违规资金3.1415万元。")
    assert totals == {"party_discipline": 3, "government_sanction": 2, "judicial_transfer": 1, "admonishment": 2,
                      "organisational_handling": 4, "education_reminder": 12, "institutions": 21,
                      "refunded_wan_yuan": 3.1415}
    assert totals_of("挽回经济损失12.5万元,追缴违规资金8000元。") == {"recovered_wan_yuan": 12.5, "refunded_wan_yuan": 0.8}
    assert totals_of("先后制定、完善17项制度。") == {"institutions": 17}


def test_figures_inside_measures_are_not_totals():
    n = parse(f"{OPENING}\n一、关于“资金管理不规范”的问题\n一是追回违规发放的补贴共计5.6万元。二是完善财务制度3项。\n")
    assert n.totals == {} and n.total_spans == {}


def test_total_spans_hold_the_phrase_of_each_figure():
    text = f"{OPENING}\n截至目前,巡察反馈的4个方面30个问题,已整改完成27个,阶段性完成整改3个。\n{BODY}"
    n = parse(text)
    assert n.text[n.total_spans["completed"].start:n.total_spans["completed"].end] == "已整改完成27个"
    assert n.text[n.total_spans["partial"].start:n.total_spans["partial"].end] == "阶段性完成整改3个"


def test_a_traditional_notice_gives_the_facts_of_its_simplified_twin():
    n = parse("中共某某市某某局黨組關於巡察整改進展情況的通報 2024-05-20\n"
              "根據市委統一部署,2023年5月8日至7月12日,市委第二巡察組對中共某某市某某局黨組(以下簡稱“市某某局黨組”)"
              "開展了巡察。9月20日,市委第二巡察組向某某市某某局黨組反饋了巡察意見。截至目前,巡察反饋的3個方面25個問題,"
              "已整改完成22個,階段性完成整改3個。\n" + BODY)
    assert n.meta == {"inspecting_body": "市委第二巡察组", "kind": "巡察", "inspected_unit": "中共某某市某某局党组",
                      "period_start": "2023-05-08", "period_end": "2023-07-12", "feedback_date": "2023-09-20",
                      "published": "2024-05-20"}
    assert n.totals == {"problem_areas": 3, "problems": 25, "completed": 22, "partial": 3}
    assert_spans(n)
