"""One fixture per family of real layouts (../shared/realworld/README.md, ../shared/spec/notice-structure.md).

Every fixture is written in the project's own words: invented units, content and figures, with
the headings, enumerators and sentence patterns of the family it stands for.
"""

import warnings

import pytest

import rectify_nlp

OPENING = ("根据区委统一部署,2024年3月4日至5月10日,区委第二巡察组对区某某局党组开展了常规巡察。"
           "2024年6月20日,区委第二巡察组向区某某局党组反馈了巡察意见。现将巡察整改进展情况予以公布。\n")


def parse(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rectify_nlp.ParseWarning)
        notice = rectify_nlp.parse(text)
    for node in notice.measures:
        assert notice.text[node.start:node.end] == node.text
    return notice


def kinds(notice):
    return [(s.ordinal, s.kind) for s in notice.sections]


def test_a_organising_section_with_run_in_items_then_the_problem_part():
    notice = parse(OPENING + "一、局党组及主要负责人组织整改落实情况\n"
                   "(一)提高站位抓整改。局党组召开专题会议,成立整改工作领导小组。\n"
                   "(二)建立台账抓落实。制定整改方案,明确责任人和完成时限。\n"
                   "二、巡察反馈问题整改落实情况\n"
                   "(一)关于“学习贯彻不够深入”的问题\n"
                   "一是制定年度学习计划。二是开展专题研讨4次。\n"
                   "(二)关于“财务审批不严格”的问题\n"
                   "一是修订财务管理办法。二是清退违规报销费用1.2万元。\n")
    assert kinds(notice) == [("一、", "rectification_work"), ("二、", "problems")]
    assert [p.ordinal for p in notice.problems] == ["(一)", "(二)"]
    assert [m.ordinal for m in notice.measures] == ["一是", "二是", "一是", "二是"]
    assert notice.opening is not None and notice.meta["feedback_date"] == "2024-06-20"


def test_b_organising_paragraphs_led_by_yishi_hold_no_problems():
    notice = parse(OPENING + "局党组把巡察整改作为一项重大政治任务来抓。一是加强组织领导,成立领导小组。"
                   "二是压实整改责任,逐项明确责任领导。三是注重建章立制,完善长效机制。\n")
    assert notice.problems == [] and notice.measures == []
    assert kinds(notice) == [(None, "rectification_work")]
    assert any("no problems recognised" in w for w in notice.warnings)


def test_c_unnumbered_organising_paragraph_then_problems():
    notice = parse(OPENING + "局党组高度重视巡察整改工作,一是召开专题会议研究部署,二是建立整改台账。\n"
                   "一、关于“意识形态责任制落实不到位”问题的整改情况\n"
                   "(一)制定意识形态工作责任清单。\n(二)开展网络舆情专项排查。\n")
    assert kinds(notice) == [("一、", "problems")]
    assert [m.text for m in notice.measures] == ["(一)制定意识形态工作责任清单。", "(二)开展网络舆情专项排查。"]


def test_d_problems_first_with_measures_run_on_in_the_heading_paragraph():
    notice = parse(OPENING + "一、在政治建设不够有力方面\n"
                   "(一)关于落实民主集中制不严格的问题。一是修订党组议事规则;二是建立会议纪要审核制度。\n"
                   "(二)关于党建与业务融合不深的问题。一是开展结对共建;二是评选示范支部3个。\n")
    assert kinds(notice) == [("一、", "problems")]
    assert [p.title for p in notice.problems] == ["关于落实民主集中制不严格的问题。", "关于党建与业务融合不深的问题。"]
    assert [m.ordinal for m in notice.measures] == ["一是", "二是", "一是", "二是"]


def test_e_sections_run_inline_in_one_paragraph():
    notice = parse("某某学院关于巡察整改落实情况的通报\n"
                   "2024年4月1日至4月20日,校党委第一巡察组对我院党委开展了专项巡察。现将整改情况予以通报。 "
                   "一、提高政治站位,强化组织领导 学院党委召开专题会议,成立整改工作领导小组。 "
                   "二、查找问题根源,明确整改方向 班子成员认真剖析,认为根源在于制度执行不严。 "
                   "三、聚焦突出问题,精准实施整改 针对“议事规则不健全”的问题,修订了议事规则。\n")
    assert kinds(notice) == [("一、", "rectification_work"), ("二、", "attitude"), ("三、", "problems")]
    assert [s.title for s in notice.sections] == ["提高政治站位,强化组织领导", "查找问题根源,明确整改方向",
                                                  "聚焦突出问题,精准实施整改"]
    assert notice.problems == []


def test_f_arabic_items_directly_under_an_organising_heading_are_not_problems():
    notice = parse(OPENING + "一、坚持把巡察整改作为重大政治任务,以实际行动践行“两个维护”\n"
                   "1.强化政治引领。局党组先后召开会议5次,研究部署整改工作。\n"
                   "2.健全工作机制。建立周调度、月通报制度。\n"
                   "二、对照巡察反馈问题逐项整改\n"
                   "1.关于“选人用人不规范”的问题。\n整改措施:修订干部选拔任用工作办法。\n")
    assert kinds(notice) == [("一、", "rectification_work"), ("二、", "problems")]
    assert [p.title for p in notice.problems] == ["关于“选人用人不规范”的问题。"]
    assert [m.text for m in notice.measures] == ["修订干部选拔任用工作办法。"]


def test_g_labelled_problems_with_stated_statuses():
    notice = parse(OPENING + "一、组织整改落实情况\n局党组召开专题会议部署整改。\n"
                   "二、集中整改期内整改进展情况\n(一)关于整改不彻底方面\n"
                   "问题1:违规发放加班补贴。\n整改情况:一是清退违规发放的补贴。二是修订考勤制度。\n完成情况:已完成\n"
                   "问题2:公务用车管理不规范。\n整改情况:建立用车登记制度,开展专项检查。\n整改进度:持续推进\n"
                   "问题3车辆台账缺失。\n整改情况:已完成。补建车辆台账12本。\n")
    assert kinds(notice) == [("一、", "rectification_work"), ("二、", "problems")]
    assert [(p.ordinal, p.stated_status) for p in notice.problems] == [
        ("问题1:", "completed"), ("问题2:", "in_progress"), ("问题3", "completed")]
    assert [m.text for m in notice.problems[0].measures] == ["一是清退违规发放的补贴。", "二是修订考勤制度。"]
    assert [m.text for m in notice.problems[2].measures] == ["补建车辆台账12本。"]
    assert {notice.text[d.start:d.end] for d in notice.dropped if d.reason == "status"} == {
        "完成情况:已完成", "整改进度:持续推进", "整改情况:已完成。"}


def test_g_numbered_findings_in_the_problem_part_with_status_labels():
    notice = parse(OPENING + "一、组织整改落实情况\n局党组高度重视,逐项制定整改措施。\n"
                   "二、反馈问题整改进展情况\n(一)思想认识有差距\n"
                   "1.中心组学习次数不达标。\n整改情况:已完成。制定全年学习计划,开展集体学习10次。\n"
                   "2.学习缺乏自觉性。\n整改情况:基本完成。建立学习提醒制度。\n")
    assert [(p.title, p.stated_status) for p in notice.problems] == [
        ("中心组学习次数不达标。", "completed"), ("学习缺乏自觉性。", "partial")]
    assert notice.sections[1].children[0].title == "思想认识有差距"


def test_an_attitude_part_holds_neither_problems_nor_measures():
    notice = parse(OPENING + "一、组织整改落实情况\n局党组召开专题会议部署整改。\n"
                   "二、局党组对存在问题的认识和态度\n(一)诚恳接受。局党组完全赞同巡察组的意见。\n"
                   "三、巡察反馈意见整改落实情况\n(一)关于“制度执行不严”的问题\n修订内控制度8项。\n"
                   "四、下一步工作打算\n(一)持续巩固整改成果。\n")
    assert kinds(notice) == [("一、", "rectification_work"), ("二、", "attitude"), ("三、", "problems"),
                             ("四、", "next_steps")]
    assert [m.text for m in notice.measures] == ["修订内控制度8项。"]


def test_theme_problem_sub_problem_three_levels_deep():
    notice = parse(OPENING + "(一)在“落实全面从严治党责任”方面\n"
                   "1.关于“主体责任压得不实”问题的整改\n"
                   "(1)关于“谈心谈话流于形式”的问题。巡察指出,部分支部谈心谈话记录雷同。\n"
                   "一是制定谈心谈话清单;二是开展抽查2次。\n"
                   "(2)关于“警示教育不经常”的问题。\n召开警示教育大会1次。\n")
    assert [p.ordinal for p in notice.problems] == ["(1)", "(2)"]
    assert [s.ordinal for s in notice.sections[0].walk()] == ["(一)", "1."]
    assert [m.text for m in notice.problems[1].measures] == ["召开警示教育大会1次。"]


def test_the_problem_part_takes_headings_that_state_a_finding():
    notice = parse(OPENING + "一、巡察反馈问题整改落实情况\n"
                   "(一)学习贯彻上级决策部署不到位。\n一是建立第一议题制度。二是开展专题学习。\n"
                   "(二)基层党组织建设存在短板。\n规范三会一课台账。\n")
    assert [p.title for p in notice.problems] == ["学习贯彻上级决策部署不到位。", "基层党组织建设存在短板。"]


@pytest.mark.parametrize("damaged, ordinal", [("一)关于“台账不全”问题的整改", "一)"),
                                              ("1、关于“台账不全”问题的整改", "1、")])
def test_damaged_enumerators(damaged, ordinal):
    notice = parse(OPENING + damaged + "\n补建台账12本。\n")
    assert [p.ordinal for p in notice.problems] == [ordinal]
    assert [m.text for m in notice.measures] == ["补建台账12本。"]


def test_an_opening_cut_off_mid_sentence_keeps_its_structure():
    whole = (OPENING + "一、组织整改落实情况\n(一)压实责任。成立整改工作领导小组。\n"
             "二、巡察反馈问题整改落实情况\n(一)关于“制度执行不严”的问题\n一是修订内控制度。二是开展专项检")
    notice = parse(whole)
    assert notice.title is None
    assert kinds(notice) == [("一、", "rectification_work"), ("二、", "problems")]
    assert [p.title for p in notice.problems] == ["关于“制度执行不严”的问题"]
    assert notice.measures[-1].text == "二是开展专项检"
    cut = parse("某某局党组关于巡察整改进展情况的通报\n" + OPENING + "整改情况:2024年7月组织召开专题会议,研究部署整")
    assert cut.title == "某某局党组关于巡察整改进展情况的通报"


@pytest.mark.parametrize("head", [
    "当前位置:首页 > 政务公开 > 通知公告 > 某某局党组关于巡察整改进展情况的通报",
    "某某市人民政府门户网站 某某局 政府公告 某某局党组关于巡察整改进展情况的通报",
    "【巡察整改】某某局党组关于巡察整改进展情况的通报 2024-05-20",
])
def test_the_title_among_page_furniture(head):
    notice = parse("政府公告\n" + head + "\n" + OPENING + "一、组织整改落实情况\n局党组召开专题会议部署整改。\n")
    assert notice.title == "某某局党组关于巡察整改进展情况的通报"
    assert notice.text[notice.dropped[0].start:notice.dropped[0].end] == "政府公告"
    title = next(d for d in notice.dropped if d.reason == "title")
    assert notice.text[title.start:title.end] == notice.title
