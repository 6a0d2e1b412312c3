"""The status cue grammar, one test per rule, on invented measures of an invented county (青禾县).

Each test fails when its rule is taken out: removing a row of ``RULES`` or the code rule named
in the test's docstring changes the status it asserts. The measures use the normalised text's
ASCII punctuation, as the tagger sees it.
"""

import numpy as np
import pytest

from rectify_nlp.tagging._status_cues import decide_by_rules, stated_status, status_signals
from rectify_nlp.tagging._status_grammar import RULES, read, verdict

REF = "2024-06-30"  # the invented notice's date


def status(text, stated=None, reference_date=None):
    return verdict(read(text, reference_date), stated or None)


def test_every_rule_has_a_test():
    names = {r.name for r in RULES}
    tested = {name[len("test_rule_"):] for name in globals() if name.startswith("test_rule_")}
    assert names == tested


# -- partial ---------------------------------------------------------------------------------

def test_rule_degree():
    assert status("柳溪镇农机仓库改造工程基本完成。") == "partial"


def test_rule_stage():
    assert status("青禾县农技推广平台建设取得阶段性成效。") == "partial"
    assert status("每季度通报阶段性进展。") != "partial"  # habitual: a routine, not a state
    assert status("形成农机整改阶段进展情况汇报,报送县委。") != "partial"  # a report's name, not a stage


def test_rule_remainder():
    assert status("清理闲置公务车辆,剩余车辆移交拍卖机构处置。") == "partial"
    assert status("清理闲置公务车辆,其余8辆移交拍卖机构处置。") == "partial"


# -- negated ---------------------------------------------------------------------------------

def test_rule_negation():
    assert status("渔港码头加固工程尚未开工。") == "not_completed"
    assert status("经复查,尚未发现违规占用车辆情况。") != "not_completed"  # a check reported, not a gap


def test_rule_still_open():
    assert status("更换老旧水表,仍有部分小区水表需要排查。") == "not_completed"
    assert status("已更换老旧水表300只,仍有部分小区水表需要排查。") == "partial"


# -- pending ---------------------------------------------------------------------------------

def test_rule_progressive():
    assert status("县图书馆数字化系统正在调试。") == "in_progress"
    assert status("农机补贴发放正按程序办理。") == "in_progress"
    assert status("项目用地手续审批中。") == "in_progress"
    assert status("正式印发《青禾县农机补贴办法》。") is None  # 正式 is not progressive


def test_rule_inceptive():
    assert status("启动乡村公路养护信息系统建设。") == "in_progress"
    assert status("召开乡村公路养护启动大会。") is None  # a meeting held


def test_rule_hastening():
    assert status("加快乡镇污水管网改造。") == "in_progress"


def test_rule_gradual():
    assert status("分期分批整治老旧小区消防通道。") == "in_progress"


def test_rule_modal():
    assert status("力争年内完成渔港码头加固。") == "in_progress"
    assert status("拟对全县农机合作社开展抽查。") == "in_progress"
    assert status("预计9月底前建成冷链仓库。") == "in_progress"
    assert status("下一步,要扩大农机补贴覆盖面。") == "in_progress"
    assert status("补充拟任人选考察材料1份。") is None  # 拟任: attributive
    assert status("为下一步决策提供了参考。") is None  # 下一步决策: a noun


def test_rule_future():
    assert status("县农机站将于秋收后组织农机具安全检查。") == "in_progress"
    assert status("将农机安全纳入乡镇年度考核。") is None  # disposal 将 (=把)


def test_rule_continuing():
    """将继续/将进一步 promises more of the same: a standing commitment, not a plan."""
    assert status("县农机站将继续加强农机具安全检查。") == "unclear"
    assert status("县农机站将进一步规范农机补贴发放。") == "unclear"


def test_rule_awaiting():
    assert status("仓储中心待竣工验收后投入使用。") == "in_progress"


def test_rule_draft():
    assert status("草拟了《青禾县农机具报废管理办法》。") == "in_progress"
    assert status("起草并印发《青禾县农机具报废管理办法》。") is None  # issued: done


def test_rule_approval():
    assert status("河道保洁办法已提交县政府常务会议审议。") == "in_progress"


# -- done, beside pending work: partial; without the done rule the measure is in_progress --------

def test_rule_perfective():
    assert status("已对接三家物流企业,冷链仓库正在选址。") == "partial"
    assert status("走访了沿河商户,冷链仓库正在选址。") == "partial"


def test_rule_completion():
    assert status("县档案馆改造工程竣工,配套道路正在施工。") == "partial"


def test_rule_document():
    assert status("制定《青禾县农机具安全管理细则》,配套系统正在调试。") == "partial"
    assert status("修改完善《青禾县农机具安全管理细则》,配套系统正在调试。") == "partial"


def test_rule_establish():
    assert status("建立农机维修服务台账,配套软件正在调试。") == "partial"
    assert status("建立台账,配套软件正在调试。") == "partial"
    assert status("建立健全农机维修机制,配套软件正在调试。") == "in_progress"  # 建立健全: a commitment


def test_rule_campaign():
    assert status("开展农机安全培训,考核系统正在调试。") == "partial"
    assert status("积极开展农机安全培训,考核系统正在调试。") == "in_progress"  # a commitment


def test_rule_decided():
    assert status("经县政府常务会议研究同意,配套资金正在拨付。") == "partial"


def test_rule_treatment():
    assert status("对违规企业给予通报批评,复查工作正在进行。") == "partial"


def test_rule_event():
    assert status("召开农机安全专题会议,复查工作正在进行。") == "partial"
    assert status("每季度召开农机安全会议,复查工作正在进行。") == "in_progress"  # habitual


def test_rule_body():
    assert status("成立农机安全工作专班,复查工作正在进行。") == "partial"
    assert status("成立由县长任组长、分管副县长任副组长、各乡镇主要负责人为成员的农机安全检查组,复查正在进行。") \
        == "partial"


def test_rule_dated():
    assert status("8月15日对接物流企业,冷链仓库正在选址。") == "partial"


def test_rule_figure():
    assert status("走访商户46户,冷链仓库正在选址。") == "partial"
    assert status("每年开展2次农机安全检查,冷链仓库正在选址。") == "in_progress"  # habitual


# -- standing --------------------------------------------------------------------------------

def test_rule_commitment():
    assert status("严格执行农机报废制度,进一步规范农机补贴发放。") == "unclear"


# -- code rules of the grammar ---------------------------------------------------------------

def test_a_cue_word_in_a_list_of_steps_is_no_act():
    """The 、 guard of pending rules."""
    assert status("实行报批、初审、复核制度。") is None


def test_a_deadline_after_the_notice_date_is_pending():
    """dates_ahead."""
    assert status("于2025年底前建成县农机展示馆。", reference_date=REF) == "in_progress"
    assert status("于2025年底前建成县农机展示馆。", reference_date="2026-03-01") is None
    assert status("于2025年底前建成县农机展示馆。") == "in_progress"  # no date to compare with: a plan


def test_a_yearless_date_in_a_narrative_is_past():
    """The yearless-date rule of _periods: only a yearless deadline is read in the notice's year."""
    assert status("12月20日召开农机安全会议。", reference_date=REF) is None
    assert status("12月20日前召开农机安全会议。", reference_date=REF) == "in_progress"


def test_a_span_of_years_is_no_date():
    """The numeral guard of _YEAR_DATE: 三年内 is a span, not this year."""
    assert status("按照三年内轮训一遍的原则,举办农机手培训班。", reference_date=REF) is None
    assert status("年内举办农机手培训班。", reference_date=REF) == "in_progress"


def test_an_as_of_date_is_the_reference_without_a_notice_date():
    """reference_of: the latest 截至 date."""
    text = "截至2024年5月底,已检修水泵40台,排灌站于2024年9月底前完成检修。"
    assert status(text) == "partial"


def test_part_of_a_whole_done():
    """_part_of_whole; 其中 breaks a total down."""
    assert status("全县120台老旧农机中,已完成报废更新85台。") == "partial"
    assert status("12个村级服务站中的9个已投入运营。") == "partial"
    assert status("共有12个村级服务站,其中的9个位于山区。") is None
    assert status("共检查农机120台,其中拖拉机85台。") is None


def test_a_share_below_the_whole():
    """_share_done."""
    assert status("完成年度农机年检任务的60%。") == "partial"
    assert status("完成年度农机年检任务的105%。") is None


def test_the_heading_names_a_task_not_its_state():
    """_body: the lead heading is left out."""
    assert status("(三)稳步推进农机报废更新。全县已报废老旧农机46台。") is None


def test_a_purpose_clause_names_a_goal():
    """_PURPOSE."""
    assert status("为即将开展的农机年检做好准备,已检修水泵40台。") is None


def test_a_condition_makes_the_following_clauses_a_rule():
    """_CONDITIONAL."""
    assert status("凡农机具达到报废年限的,由县农机站提请县政府审批。") == "unclear"


def test_hastening_under_a_commitment_verb_is_standing():
    """The pushing-under-commitment rule of _sentence_kinds."""
    assert status("持续加快乡镇污水管网改造。") == "unclear"


def test_hastening_beside_done_work_is_left_to_the_model():
    """verdict: pushing is pending only where nothing is done."""
    assert status("加快农机补贴发放,已发放补贴86户。") is None


def test_standing_commitments_under_a_problem_marked_done_are_completed():
    """verdict: the guide's (已完成) exception."""
    assert status("严格执行农机报废制度。", stated="completed") == "completed"
    assert status("严格执行农机报废制度。", stated="partial") == "unclear"


def test_full_width_punctuation_reads_as_normalised():
    """_ASCII."""
    assert status("已对接三家物流企业，冷链仓库正在选址。") == "partial"


# -- the functions the estimators call -------------------------------------------------------

def test_stated_verdict_wins_over_the_grammar():
    texts = ["此项工作整改基本完成,剩余车辆力争年内处置。", "渔港码头加固工程正在施工。", "召开农机安全会议3次。"]
    proba = np.full((3, 3), 1 / 3)
    out, sources = decide_by_rules(texts, proba, ["completed", "in_progress", "partial"])
    assert stated_status(texts[0]) == "partial"
    assert sources == ["stated", "cue", "model"]
    assert out[0].tolist() == [0.0, 0.0, 1.0] and out[1].tolist() == [0.0, 1.0, 0.0] and np.allclose(out[2], 1 / 3)


def test_decide_by_rules_reads_dates_and_markers_per_measure():
    texts = ["于2025年底前建成县农机展示馆。", "严格执行农机报废制度。"]
    classes = ["completed", "in_progress", "unclear"]
    _, sources = decide_by_rules(texts, np.full((2, 3), 1 / 3), classes, None, ["2026-03-01", None])
    assert sources == ["model", "cue"]  # the deadline has passed: the model decides
    out, sources = decide_by_rules(texts, np.full((2, 3), 1 / 3), classes, ["", "completed"], [REF, ""])
    assert sources == ["cue", "cue"] and out.argmax(axis=1).tolist() == [1, 0]


def test_status_signals_keep_their_layout():
    signals = status_signals(["已印发细则,配套系统正在调试。", "严格执行农机报废制度。"], ["", "completed"])
    assert signals.shape == (2, 10)
    assert signals[0, :3].tolist() == [0.0, 1.0, 0.0] and signals[0, 8] == 1.0
    assert signals[1, 3] == 1.0 and signals[1, 9] == 1.0  # stated completed one-hot; all standing


@pytest.mark.parametrize("text", ["", "   ", "一是。", "《》", "12月", "2024年"])
def test_degenerate_text_reads_without_error(text):
    assert read(text, REF).kinds <= {"done", "standing"}


def test_the_tagger_reads_dates_against_the_notice_date():
    import rectify_nlp
    from rectify_nlp.tagging._tagger import reference_date

    text = "一、关于“农机管理不规范”问题的整改情况\n(一)于2025年底前建成县农机展示馆。"
    notice = rectify_nlp.parse(text)
    notice.meta.update(feedback_date="2024-01-10", signed="2026-02-01")
    assert reference_date(notice) == "2026-02-01"
    notice.meta["published"] = "2024-06-30"
    assert reference_date(notice) == "2024-06-30"
    measure = rectify_nlp.load().tag([notice])[0].measures[0]
    assert (measure.status, measure.status_source) == ("in_progress", "cue")
    assert measure.context["reference_date"] is None  # the measure does not know its notice; the tagger does


def test_the_first_character_screen_never_skips_a_clause_a_rule_matches():
    """Rules are searched only in clauses holding a character a match can start with."""
    import rectify_nlp

    clauses = {c for path in rectify_nlp.examples() for m in rectify_nlp.parse(path).measures
               for c in m.text.replace("。", ",").split(",")}
    screened = [r for r in RULES if r.first is not None]
    assert len(screened) >= len(RULES) - 3
    for rule in screened:
        for clause in clauses:
            if rule.pattern.search(clause):
                assert not rule.first.isdisjoint(clause), (rule.name, clause)


def test_a_month_end_is_read_in_its_year():
    """February ends on the 29th in a leap year: a deadline of 2月底 is still ahead on the 28th."""
    from datetime import date

    from rectify_nlp.tagging._status_figures import dates_ahead

    assert dates_ahead("2月底前完成整改", date(2024, 2, 28))
    assert not dates_ahead("2月底前完成整改", date(2023, 2, 28))


def test_a_deadline_clause_schedules_the_act_after_it():
    assert status("2025年6月底前,完成全县农机合作社清理。") == "in_progress"
    assert status("要求各乡镇于9月30日前完成农机安全自查。") == "in_progress"


def test_next_steps_make_every_act_planned():
    """下一步,…将…: the acts it names are planned (the grammar's next-step opener)."""
    assert status("下一步,县农机站将制定农机安全检查清单,对合作社逐一复查。") == "in_progress"
    assert status("近期,县农机站将对合作社开展回头看。") == "in_progress"


def test_a_completion_rate_under_a_hundred_is_partial():
    assert status("共排查农机隐患62处,已整改58处,整改率93.5%。") == "partial"
    assert status("农机补贴问题整改率达100%。") != "partial"


def test_found_then_fewer_done_is_partial():
    assert status("排查的31家合作社存在问题46个,已经完成整改40个。") == "partial"
    assert status("交办问题12个,已办结12个。") != "partial"


def test_a_stated_verdict_before_a_count_is_part_of_a_whole():
    assert stated_status("全县18项整改任务已完成11项,其余7项正在推进。") is None
    assert status("全县18项整改任务已完成11项,其余7项正在推进。") == "partial"


def test_a_year_end_routine_is_no_deadline():
    assert status("每年年底向县委报告一次农机安全工作。", reference_date=REF) != "in_progress"
    assert status("年底前向县委报告农机安全工作。", reference_date=REF) == "in_progress"
