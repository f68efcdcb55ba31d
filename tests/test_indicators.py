"""The indicator grammar: hand-written cases from DESIGN.md, the gold round trip, and fuzzing."""

import pytest
from hypothesis import given, settings, strategies as st

from extractor.indicators import parse_cell, parse_target, render_cell, same_target
from extractor.models import Target

# (raw, op, value, unit) written by hand from the values listed in DESIGN.md §1.
CASES = [
    ("96%", "=", "96", "%"),
    ("100.00%", "=", "100.00", "%"),
    ("≥90.00%", "≥", "90.00", "%"),
    ("＞99%", ">", "99", "%"),
    ("≤3人", "≤", "3", "人"),
    ("3次以下", "≤", "3", "次"),
    ("90%或以上", "≥", "90", "%"),
    ("95%以上", "≥", "95", "%"),
    ("≥27000人", "≥", "27000", "人"),
    ("227人", "=", "227", "人"),
    ("＞355天", ">", "355", "天"),
    ("≤65万元", "≤", "65", "万元"),
    ("±3%以内", "±", "3", "%"),
    ("0%", "=", "0", "%"),
    ("≥ 90 %", "≥", "90", "%"),
    ("不低于95%", "≥", "95", "%"),
    ("300元/人·月", "=", "300", "元/人·月"),
]
# A deadline is a date, not a number with a unit: qualitative, with no finding (2024年 alone is a number of 年).
QUALITATIVE = ["完成当年度市下达目标任务", "持续开展", "逐年提升", "安全", "及时", "按计划实施",
               "2024年12月底前", "2024年6月30日前", "2025年9月底前", "12月底前", "2023年底前"]
UNPARSEABLE = ["≥", "9O%", "≥≤90%", "90%%", "≥90%以下", "2024年12月底后", "2024年13"]


@pytest.mark.parametrize("raw,op,value,unit", CASES)
def test_numeric_values(raw, op, value, unit):
    target, problem = parse_target(raw)
    assert problem is None
    assert (target.raw, target.op, target.value, target.unit) == (raw, op, value, unit)


@pytest.mark.parametrize("raw", QUALITATIVE)
def test_qualitative_values(raw):
    target, problem = parse_target(raw)
    assert problem is None
    assert (target.op, target.value, target.unit) == (None, None, None)
    assert target.raw == raw


@pytest.mark.parametrize("raw", UNPARSEABLE)
def test_unparseable_values_are_problems_not_guesses(raw):
    target, problem = parse_target(raw)
    assert problem is not None and problem.code == "IND_VALUE_UNPARSED"
    assert target.raw == raw and target.value is None


def test_equal_other_than_format():
    assert same_target(parse_target("100%")[0], parse_target("100.00%")[0])
    assert same_target(parse_target("＞99%")[0], parse_target(">99%")[0])
    assert not same_target(parse_target("≥90%")[0], parse_target("90%")[0])
    assert not same_target(parse_target("持续开展")[0], parse_target("逐年提升")[0])


def test_cell_with_wrapped_lines_and_both_punctuations():
    cell = ("1、1-产出指标；11-数量指标；劳动保障监察举报投诉案件结案率；实施周期指标值:96%；年度指标值:96%。"
            "2、1-产出指标;13-时效指标;资助资金及时划拨率;实施周期指标值：100%;年度指标值：100%。")
    indicators, problems = parse_cell(cell)
    assert problems == []
    assert [(i.seq, i.level1_code, i.level2_code, i.level2, i.name) for i in indicators] == [
        (1, "1", "11", "数量指标", "劳动保障监察举报投诉案件结案率"),
        (2, "1", "13", "时效指标", "资助资金及时划拨率"),
    ]
    assert indicators[1].annual_target == Target(raw="100%", op="=", value="100", unit="%")


def test_cell_without_grammar_is_a_problem():
    indicators, problems = parse_cell("数量指标：培训人数不少于200人")
    assert indicators == [] and problems[0].code == "IND_SYNTAX"


def test_gold_round_trip(gold):
    """Every gold project's indicators, written in the grammar, parse back to themselves."""
    for _, _, project in gold.projects():
        text = render_cell(project.indicators)
        parsed, problems = parse_cell(text)
        assert problems == []
        strip = lambda inds: [i.model_dump(exclude={"raw"}) for i in inds]  # noqa: E731
        assert strip(parsed) == strip(project.indicators)


ALPHABET = st.sampled_from(list("0123456789、，,.。；;:：-—%％≥≤＞＞<>=±以上下内或人次天元万实施周期年度指标值产出数量 ") + ["\n", "1-产出指标", "11-数量指标", "实施周期指标值:"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_parse_cell_never_raises(text):
    indicators, problems = parse_cell(text)
    assert isinstance(indicators, list) and isinstance(problems, list)
    for ind in indicators:
        for t in (ind.period_target, ind.annual_target):
            assert t is None or isinstance(t.raw, str)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.lists(ALPHABET, max_size=10).map("".join)))
def test_parse_target_returns_a_parse_or_a_problem(text):
    target, problem = parse_target(text)
    assert target.raw == text
    if problem is None:
        # Either qualitative or a number that really is in the text.
        assert target.value is None or target.value.replace(".", "").isdigit()
    else:
        assert target.value is None
