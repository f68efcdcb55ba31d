"""The checker on the gold and on damaged copies of it: each damage gives its finding."""

import copy
from decimal import Decimal


from conftest import gold_document
from extractor import checks as check
from extractor.models import Document


def codes(doc: Document) -> list[str]:
    return [f.code for f in check.run(doc).findings]


def damaged(gold_json, edit) -> Document:
    data = copy.deepcopy(gold_json)
    edit(data)
    return gold_document(data)


def test_gold_is_clean(gold):
    assert codes(gold) == []


def test_changed_project_amount(gold_json):
    def edit(d):
        p = d["units"][0]["projects"][2]  # 人事档案信息化建设专项经费 16.92
        p["amounts"] = {"total": "16.29", "sources": {"财政拨款": "16.29"}}
    found = check.run(damaged(gold_json, edit)).findings
    assert [f.code for f in found] == ["AMOUNT_UNIT_SUM", "AMOUNT_UNIT_SUM"]  # 总计 and 财政拨款
    assert "0.63" in found[0].message and found[0].record == "units[0]"


def test_total_that_is_not_the_sum_of_its_sources(gold_json):
    def edit(d):
        d["units"][1]["projects"][0]["amounts"]["total"] = "5046.00"
    found = check.run(damaged(gold_json, edit)).findings
    assert [f.code for f in found] == ["AMOUNT_UNIT_SUM", "AMOUNT_ROW_SUM"]
    assert found[1].record == "units[1].projects[0]" and found[1].pages == [4]


def test_dropped_project(gold_json):
    def edit(d):
        del d["units"][3]["projects"][1]  # 就业补助资金 1,200.00
    found = check.run(damaged(gold_json, edit)).findings
    assert {f.code for f in found} == {"AMOUNT_UNIT_SUM"}
    assert all(f.record == "units[3]" for f in found)
    assert any("1200.00" in f.message for f in found)


def test_a_unit_whose_projects_were_all_lost_is_flagged(gold_json):
    """Every project of a unit dropped (a cut-off table, or 合计 read as a unit on a scan): the unit's amounts
    still add up into 合计, so only the empty unit itself can say that nothing checks them."""
    def edit(d):
        d["units"][5]["projects"] = []
    found = check.run(damaged(gold_json, edit)).findings
    assert [f.code for f in found] == ["UNIT_WITHOUT_PROJECTS"]
    assert found[0].record == "units[5]" and found[0].severity == "warning"


def test_changed_unit_row_breaks_the_grand_total(gold_json):
    def edit(d):
        d["units"][5]["amounts"] = {"total": "125.93", "sources": {"财政拨款": "125.93"}}
    assert sorted(codes(damaged(gold_json, edit))) == sorted(
        ["AMOUNT_GRAND_SUM", "AMOUNT_GRAND_SUM", "AMOUNT_UNIT_SUM", "AMOUNT_UNIT_SUM"])


def test_wrong_level_code(gold_json):
    def edit(d):
        d["units"][0]["projects"][0]["indicators"][0]["level2_code"] = "21"  # 数量指标 is 11
    found = check.run(damaged(gold_json, edit)).findings
    assert {f.code for f in found} == {"IND_LEVEL2_CODE", "IND_LEVEL_MISMATCH"}
    assert all(f.record == "units[0].projects[0].indicators[0]" for f in found)


def test_unknown_level1_code(gold_json):
    def edit(d):
        d["units"][0]["projects"][0]["indicators"][0]["level1_code"] = "7"
    assert "IND_LEVEL1_CODE" in codes(damaged(gold_json, edit))


def test_unparseable_value(gold_json):
    def edit(d):
        d["units"][0]["projects"][0]["indicators"][1]["annual_target"] = {
            "raw": "9S%", "op": None, "value": None, "unit": None}
    found = check.run(damaged(gold_json, edit)).findings
    assert "IND_VALUE_UNPARSED" in [f.code for f in found]
    assert "IND_TARGET_DIFFERS" in [f.code for f in found]


def test_period_and_annual_differ(gold_json):
    def edit(d):
        d["units"][0]["projects"][0]["indicators"][0]["annual_target"] = {
            "raw": "97%", "op": "=", "value": "97", "unit": "%"}
    assert codes(damaged(gold_json, edit)) == ["IND_TARGET_DIFFERS"]


def test_value_misread_by_its_producer(gold_json):
    def edit(d):
        d["units"][0]["projects"][0]["indicators"][0]["period_target"]["value"] = "69"
    assert "IND_VALUE_MISREAD" in codes(damaged(gold_json, edit))


def test_numbering_gap(gold_json):
    def edit(d):
        d["units"][0]["projects"][0]["indicators"][2]["seq"] = 5
    assert codes(damaged(gold_json, edit)) == ["IND_SEQ"]


def test_page_break_repeat_is_kept_once_and_reported(gold_json):
    def edit(d):
        projects = d["units"][4]["projects"]
        first = copy.deepcopy(projects[1])
        first["pages"], projects[1]["pages"] = [10], [11]
        projects.insert(1, first)
    doc = damaged(gold_json, edit)
    out = check.run(doc)
    assert [f.code for f in out.findings] == ["REPEATED_ROW"]
    assert len(out.units[4].projects) == len(gold_json["units"][4]["projects"])
    assert out.units[4].projects[1].pages == [10, 11]


def test_duplicate_not_at_a_page_break_is_kept_and_flagged(gold_json):
    def edit(d):
        projects = d["units"][4]["projects"]
        projects.append(copy.deepcopy(projects[0]))
    out = check.run(damaged(gold_json, edit))
    # Nothing silently dropped: both copies stay, the sums break and the duplicate is named.
    assert len(out.units[4].projects) == len(gold_json["units"][4]["projects"]) + 1
    assert "DUPLICATE_PROJECT" in [f.code for f in out.findings]
    assert "AMOUNT_UNIT_SUM" in [f.code for f in out.findings]


def test_checker_never_changes_amounts(gold_json):
    doc = damaged(gold_json, lambda d: d["units"][0]["projects"][0]["amounts"].update(total="1.00"))
    out = check.run(doc)
    assert out.units[0].projects[0].amounts.total == Decimal("1.00")
