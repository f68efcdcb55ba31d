"""The kinds a fresh writer's questions found weakest — refusals by what the table lacks, unit and
document totals said many ways, per-department figures, goal words, two-hop chains — asked in our own
phrasings (not from any QA set). Expected figures come from plain SQL over the stored gold.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from conftest import ROOT, gold_db, sql
from extractor.ask import answer
from extractor.evaluation.strict_qa import number_tokens




@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    return gold_db(tmp_path_factory, "three", ["yunxi-edu-2025.json", "linjiang-hwc-2024.json", "hefeng-agri-2023.json"])


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    return gold_db(tmp_path_factory, "two", ["conghua-hrss-2024.json", "forms-huadu-agri-2025.json"])



def figures(text: str) -> list[Decimal]:
    return [v for v, _, _ in number_tokens(text.split("（据")[0])]


def said(value, text: str, places: int = 2) -> bool:
    want = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return any(f.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == want for f in figures(text))


# ---------------------------------------------------------------- refusals name what the table lacks

EXECUTION = ("执行数", "实际支出")
OTHER_YEAR = ("其他年度",)
PER_PERSON = ("人均",)


@pytest.mark.parametrize("question, lacks", [
    ("基本公共卫生服务项目经费已经发出去多少了", EXECUTION),
    ("禾丰县农业农村局耕地地力保护补贴资金已经发给农民多少", EXECUTION),
    ("疾控中心的经费支出了多少", EXECUTION),
    ("卫健委的项目开支了多少", EXECUTION),
    ("云溪区教育局项目资金的使用率是多少", EXECUTION),
    ("校车运营补助经费发下去多少了", EXECUTION),
    ("禾丰县农业农村局三年前的项目资金是多少", OTHER_YEAR),
    ("两年前校车运营补助经费多少钱", OTHER_YEAR),
    ("卫健委前几年的项目预算是多少", OTHER_YEAR),
    ("云溪区教育局往届的项目经费", OTHER_YEAR),
    ("卫健委的钱花到哪去了", EXECUTION),
    ("疾控中心的项目钱都花出去了吗", EXECUTION),
    ("审计要求：卫健委的项目执行率是多少", ("执行",)),
    ("写提案用：卫健委去年项目资金多少", OTHER_YEAR),
    ("禾丰县农业农村局高标准农田建设项目完工了吗", EXECUTION),
    # a sum shared out per person is a per-capita figure, whichever word counts the people
    ("疾控中心每位医生平均分到多少项目经费", PER_PERSON),
    ("云溪区教育局每一位教师摊多少钱", PER_PERSON),
    ("禾丰县农业农村局每户能拿到多少补贴", PER_PERSON),
    ("卫健委的项目钱平均到每个村民是多少", PER_PERSON),
])
def test_a_refusal_names_the_concept_the_table_lacks_and_states_no_figure(three, question, lacks):
    a = answer(three, question)
    assert a.kind == "refuse" or a.kind == "not_understood", a.answer
    assert any(w in a.answer for w in lacks), a.answer
    assert all(v in {x for x, _, _ in number_tokens(question)} for v, _, _ in number_tokens(a.answer)), a.answer


# ---------------------------------------------------------------- two hops: a ranked project's unit, then an ask of it


def _biggest_project_unit(db: Path, dept_word: str):
    (doc,), = sql(db, "SELECT id FROM documents WHERE department LIKE ?", f"%{dept_word}%")
    (unit_id,), = sql(db, "SELECT unit_id FROM projects WHERE document_id = ? ORDER BY total_value DESC LIMIT 1", doc)
    return doc, unit_id


@pytest.mark.parametrize("question", ["卫健委预算最多的那个项目所在的单位，项目资金合计多少",
                                      "禾丰县农业农村局金额最大项目所属单位的项目资金一共多少"])
def test_the_unit_a_ranked_project_sits_in_then_its_total(three, question):
    word = "卫生健康" if "卫健委" in question else "禾丰"
    _doc, unit = _biggest_project_unit(three, word)
    (total,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE unit_id = ?", unit)
    a = answer(three, question)
    assert said(total, a.answer), a.answer


def test_the_share_of_a_ranked_projects_unit_in_its_department(three):
    doc, unit = _biggest_project_unit(three, "禾丰")
    (part,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE unit_id = ?", unit)
    (whole,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = ?", doc)
    a = answer(three, "禾丰县农业农村局最大项目所在单位的项目资金占全部门的比例是多少")
    assert said(Decimal(str(part)) / Decimal(str(whole)) * 100, a.answer.split("占")[-1], 1), a.answer


def test_the_sources_of_a_ranked_project(three):
    (sources,), = sql(three, "SELECT sources FROM projects WHERE document_id = 2 ORDER BY total_value DESC LIMIT 1")
    a = answer(three, "卫健委金额最大的项目用的是哪些资金来源")
    import json
    assert all(s in a.answer for s in json.loads(sources)), a.answer


def test_the_one_of_a_set_picked_by_its_project_count_then_its_average(three):
    (avg,), = sql(three, "SELECT AVG(total_value) FROM projects WHERE unit_id = (SELECT unit_id FROM projects WHERE "
                         "document_id = 3 GROUP BY unit_id ORDER BY COUNT(*) DESC, SUM(total_value) DESC LIMIT 1)")
    a = answer(three, "禾丰县农业农村局的单位中项目最多的那个，平均每个项目多少钱")
    assert said(avg, a.answer), a.answer


# ---------------------------------------------------------------- per department, never summed across unless asked


def test_the_average_projects_of_two_departments_compared(two):
    avgs = [Decimal(str(a)) for (a,) in sql(two, "SELECT AVG(total_value) FROM projects GROUP BY document_id")]
    for question in ("两个部门平均每个项目的金额相差多少万元", "两个部门中，哪个部门平均每个项目的金额更高？高出多少"):
        a = answer(two, question)
        assert said(abs(avgs[0] - avgs[1]), a.answer), a.answer


@pytest.mark.parametrize("question", ["各部门金额最大的项目分别是哪个", "每个部门最大的项目各是什么"])
def test_a_ranking_asked_of_each_department_is_run_in_each(three, question):
    names = [n for (n,) in sql(three, "SELECT (SELECT name FROM projects p WHERE p.document_id = d.id "
                                      "ORDER BY total_value DESC LIMIT 1) FROM documents d")]
    a = answer(three, question)
    assert all(f"「{n}」" in a.answer for n in names), a.answer


def test_units_counted_per_department(three):
    counts = [c for (c,) in sql(three, "SELECT COUNT(*) FROM units GROUP BY document_id")]
    a = answer(three, "每个部门下面有几个预算单位")
    assert all(Decimal(c) in figures(a.answer) for c in counts), a.answer


# ---------------------------------------------------------------- units: 下属 / 不含本级 / 连同下属; totals said as 加总


def test_subordinate_units_leave_the_own_unit_out_unless_joined_to_it(three):
    (own,), = sql(three, "SELECT SUM(p.total_value) FROM projects p JOIN units u ON u.id = p.unit_id "
                         "JOIN documents d ON d.id = u.document_id WHERE d.department = '禾丰县农业农村局' AND u.name = d.department")
    (whole,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = 3")
    for question in ("禾丰县农业农村局下属单位（不含本级）项目资金合计多少", "禾丰县农业农村局不含本级的项目资金合计"):
        assert said(Decimal(str(whole)) - Decimal(str(own)), answer(three, question).answer), question
    a = answer(three, "禾丰县农业农村局有几个下属单位")
    assert Decimal(3) in figures(a.answer) and Decimal(4) not in figures(a.answer), a.answer
    assert said(whole, answer(three, "禾丰县农业农村局连同下属单位一共多少项目资金").answer)


def test_each_units_money_added_up_gives_the_total_too(three):
    (whole,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = 2")
    a = answer(three, "卫健委各单位项目资金加总")
    assert said(whole, a.answer), a.answer


def test_a_lead_in_before_a_bare_city_unit_is_not_a_place(three):
    (total,), = sql(three, "SELECT SUM(p.total_value) FROM projects p JOIN units u ON u.id = p.unit_id "
                           "WHERE u.name = '临江市妇幼保健院'")
    a = answer(three, "请问市妇幼保健院全部项目的预算是多少")
    assert said(total, a.answer), a.answer


# ---------------------------------------------------------------- goal words said with other verbs


@pytest.mark.parametrize("question, word", [("禾丰县农业农村局目标中和监测有关的项目有哪些", "监测"),
                                            ("卫健委目标里跟养老沾边的项目有哪些", "养老"),
                                            ("禾丰县农业农村局绩效目标涵盖养老的项目", "养老"),
                                            ("禾丰县农业农村局目标文字里出现过检测的项目是哪些", "检测"),
                                            ("云溪区教育局有哪些项目的目标讲到了帮扶", "帮扶")])
def test_goal_words_said_other_ways_search_the_goals_only(three, question, word):
    dept = {"禾丰": "禾丰县农业农村局", "卫健": "临江市卫生健康委员会", "云溪": "临江市云溪区教育局"}[question[:2]]
    want = {n for (n,) in sql(three, "SELECT p.name FROM projects p JOIN documents d ON d.id = p.document_id "
                                     "WHERE d.department = ? AND p.goal LIKE ?", dept, f"%{word}%")}
    others = {n for (n,) in sql(three, "SELECT name FROM projects")} - want
    a = answer(three, question)
    assert all(f"「{n}」" in a.answer for n in want), a.answer
    assert not [n for n in others if f"「{n}」" in a.answer], a.answer


@pytest.mark.parametrize("question, dept", [("卫健委系统项目资金合计", "临江市卫生健康委员会"),
                                            ("禾丰县农业农村局及其下属单位项目合计", "禾丰县农业农村局")])
def test_a_department_said_as_its_system_or_with_its_subordinates_is_all_of_it(three, question, dept):
    (whole,), = sql(three, "SELECT SUM(p.total_value) FROM projects p JOIN documents d ON d.id = p.document_id "
                           "WHERE d.department = ?", dept)
    a = answer(three, question)
    assert said(whole, a.answer), a.answer


def test_a_unit_named_again_as_this_school(three):
    (total,), = sql(three, "SELECT SUM(p.total_value) FROM projects p JOIN units u ON u.id = p.unit_id "
                           "WHERE u.name = '临江市云溪区第一中学'")
    assert said(total, answer(three, "云溪一中这所学校的项目资金").answer)


def test_a_year_the_department_lacks_is_named_in_its_refusal(three):
    a = answer(three, "卫健委2023年的项目资金")
    assert a.kind == "refuse" and "2023年" in a.answer, a.answer


# ---------------------------------------------------------------- tuned misses whose cause was general


def test_a_piece_of_the_named_projects_name_said_apart_is_no_goal_question(two):
    (total,), = sql(two, "SELECT total FROM projects WHERE name = '特殊退休人员安置费'")
    a = answer(two, "从化区为特殊退休人员安排的安置费一共多少钱")
    assert said(total, a.answer) and "的绩效目标：" not in a.answer, a.answer


def test_a_project_named_again_as_this_item_is_not_an_economic_classification(two):
    (total,), = sql(two, "SELECT total FROM projects WHERE name = '本地政策待遇发放系统维护费'")
    a = answer(two, "本地政策待遇发放系统维护费这笔款项的预算是多少")
    assert said(total, a.answer), a.answer
    assert answer(two, "本地政策待遇发放系统维护费的经济分类科目是什么").kind == "refuse"


def test_a_quoted_target_keeps_its_comparator(three):
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators WHERE document_id = 2 AND annual_op = '≥' "
                       "AND CAST(annual_value AS REAL) = 95 AND annual_unit = '%'")
    a = answer(three, "卫健委年度指标值写作“≥95%”的指标有几条")
    assert Decimal(n) in figures(a.answer), a.answer
    b = answer(three, "卫健委年度指标值写作“＜95%”的指标有几条")
    assert Decimal(n) not in figures(b.answer), b.answer


@pytest.mark.parametrize("question, whole_sql, part_sql", [
    ("禾丰县农业农村局高标准农田建设项目有几条指标，其中产出指标几条",
     "SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.name = '高标准农田建设项目' AND p.document_id = 3",
     "SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.name = '高标准农田建设项目' "
     "AND p.document_id = 3 AND i.level1 LIKE '%产出%'"),
    ("卫健委有几个项目，其中疾控中心几个", "SELECT COUNT(*) FROM projects WHERE document_id = 2",
     "SELECT COUNT(*) FROM projects WHERE unit_name = '临江市疾病预防控制中心'"),
    ("卫健委项目资金合计多少，其中上级补助收入多少", "SELECT SUM(total_value) FROM projects WHERE document_id = 2",
     "SELECT SUM(amount_value) FROM amounts WHERE document_id = 2 AND record_type = 'project' AND source = '上级补助收入'"),
])
def test_the_whole_then_the_part_said_after_of_which(three, question, whole_sql, part_sql):
    (whole,), = sql(three, whole_sql)
    (part,), = sql(three, part_sql)
    a = answer(three, question)
    assert said(whole, a.answer) and said(part, a.answer), a.answer


def test_the_goals_wording_asked_after_a_target_and_a_head_count_read_from_the_goal(three):
    (goal,), = sql(three, "SELECT goal FROM projects WHERE name = '高标准农田建设项目'")
    a = answer(three, "高标准农田建设项目打算新建多少亩高标准农田 目标里怎么说")
    assert goal in a.answer, a.answer
    (goal,), = sql(three, "SELECT goal FROM projects WHERE name = '教育系统编外人员经费'")
    b = answer(three, "教育系统编外人员经费的目标写的是保障几名编外人员")
    assert b.kind != "refuse" and goal in b.answer, b.answer


def test_the_goal_of_a_name_several_units_share_is_the_named_units(three):
    (goal,), = sql(three, "SELECT goal FROM projects WHERE name = '编外人员经费' AND unit_name = '临江市妇幼保健院'")
    a = answer(three, "妇幼保健院的编外人员经费的绩效目标是什么")
    assert goal in a.answer and "疾控中心编外" not in a.answer, a.answer


# ---------------------------------------------------------------- who asks and why; a named project's unit, then its figures


@pytest.mark.parametrize("question", ["写报告要用：卫健委有几个项目", "做社区服务的想问，卫健委有几个项目",
                                      "先找卫健委，再告诉我它有几个项目"])
def test_who_asks_and_why_is_not_part_of_the_question(three, question):
    (n,), = sql(three, "SELECT COUNT(*) FROM projects WHERE document_id = 2")
    a = answer(three, question)
    assert Decimal(n) in figures(a.answer), a.answer


@pytest.mark.parametrize("question, ask", [
    ("校车运营补助经费是哪个单位报的？那个单位所有项目拢共多少钱", "sum"),
    ("校车运营补助经费挂在哪个单位下面，这个单位一共几个项目", "count"),
    ("校车运营补助经费所在单位有几个项目", "count"),
])
def test_a_named_projects_unit_then_an_ask_of_that_unit(three, question, ask):
    (unit,), = sql(three, "SELECT unit_id FROM projects WHERE name = '校车运营补助经费'")
    (n, total), = sql(three, "SELECT COUNT(*), SUM(total_value) FROM projects WHERE unit_id = ?", unit)
    a = answer(three, question)
    assert said(total, a.answer) if ask == "sum" else Decimal(n) in figures(a.answer), a.answer


def test_a_named_projects_unit_then_its_share_of_the_department(three):
    (unit,), = sql(three, "SELECT unit_id FROM projects WHERE name = '校车运营补助经费'")
    (part,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE unit_id = ?", unit)
    (whole,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = 1")
    a = answer(three, "校车运营补助经费所在的单位，项目资金占全局的比例是多少")
    assert said(Decimal(str(part)) / Decimal(str(whole)) * 100, a.answer.split("占")[-1], 1), a.answer


# ---------------------------------------------------------------- totals said with sources, systems, pointing words


def test_the_whole_then_each_source_when_the_total_is_asked_first(three):
    (whole,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = 2")
    parts = [v for (v,) in sql(three, "SELECT SUM(amount_value) FROM amounts WHERE document_id = 2 AND record_type = "
                                      "'project' AND source IN ('财政拨款', '上级补助收入') GROUP BY source")]
    a = answer(three, "卫健委的项目总额，按财政拨款和上级补助收入拆开各多少")
    assert said(whole, a.answer) and all(said(v, a.answer) for v in parts), a.answer


def test_sources_added_up_are_the_total(three):
    (whole,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = 1")
    assert said(whole, answer(three, "云溪区教育局各个资金来源加起来一共多少").answer)


@pytest.mark.parametrize("question, dept", [("卫健系统项目资金一共多少", "临江市卫生健康委员会"),
                                            ("禾丰那个局的项目钱总共有好多", "禾丰县农业农村局")])
def test_a_department_said_as_a_system_or_by_its_place_and_a_pointing_word(three, question, dept):
    (whole,), = sql(three, "SELECT SUM(p.total_value) FROM projects p JOIN documents d ON d.id = p.document_id "
                           "WHERE d.department = ?", dept)
    a = answer(three, question)
    assert said(whole, a.answer), a.answer


# ---------------------------------------------------------------- pasted goal text, years as goal words, comparators typed


def test_a_sentence_pasted_from_a_goal_finds_its_project(three):
    (goal,), = sql(three, "SELECT goal FROM projects WHERE name = '校车运营补助经费'")
    sentence = goal.split("，")[0] + "，" + goal.split("，")[1]
    a = answer(three, f"“{sentence}”——这句话是哪个项目的绩效目标？")
    assert "「校车运营补助经费」" in a.answer, a.answer


def test_a_year_quoted_as_a_goal_word_is_searched_not_read_as_a_target(two):
    want = {n for (n,) in sql(two, "SELECT name FROM projects WHERE document_id = 2 AND goal LIKE '%2025年%'")}
    a = answer(two, "花都区农业农村局哪些项目的绩效目标里提到“2025年”")
    assert want and all(f"「{n}」" in a.answer for n in want), a.answer


def test_a_typed_greater_than_is_kept(two):
    (n,), = sql(two, "SELECT COUNT(*) FROM indicators WHERE document_id = 1 AND annual_op = '>'")
    a = answer(two, "人社局有几条指标的目标值写成“＞”")
    assert n and Decimal(n) in figures(a.answer), a.answer


def test_a_share_inside_the_unit_or_the_project_it_is_said_in(three):
    (part, unit_total), = sql(three, "SELECT p.total_value, (SELECT SUM(total_value) FROM projects q WHERE q.unit_id = p.unit_id) "
                                     "FROM projects p WHERE p.name = '免疫规划疫苗接种经费'")
    a = answer(three, "免疫规划疫苗接种经费在疾控中心里占多大比例")
    assert said(Decimal(str(part)) / Decimal(str(unit_total)) * 100, a.answer.split("占")[-1]), a.answer
    (src,), = sql(three, "SELECT amount_value FROM amounts WHERE record_type = 'project' AND source = '上级补助收入' "
                         "AND project_id = (SELECT id FROM projects WHERE name = '免疫规划疫苗接种经费')")
    b = answer(three, "免疫规划疫苗接种经费里上级补助收入占百分之多少")
    assert said(Decimal(str(src)) / Decimal(str(part)) * 100, b.answer.split("占")[-1]), b.answer


def test_units_listed_then_their_sum(three):
    rows = sql(three, "SELECT SUM(amount_value) FROM amounts WHERE document_id = 3 AND record_type = 'project' AND source = '其他资金'")
    a = answer(three, "禾丰县农业农村局哪些单位用了其他资金，一共多少")
    assert said(rows[0][0], a.answer), a.answer


def test_the_largest_project_inside_the_unit_a_ranking_picks_over_that_unit(three):
    (unit,), = sql(three, "SELECT unit_id FROM projects WHERE document_id = 3 GROUP BY unit_id ORDER BY SUM(total_value) DESC LIMIT 1")
    (big, total), = sql(three, "SELECT MAX(total_value), SUM(total_value) FROM projects WHERE unit_id = ?", unit)
    a = answer(three, "禾丰县农业农村局资金最多的单位里，最大的项目占这个单位的多少")
    assert said(Decimal(str(big)) / Decimal(str(total)) * 100, a.answer.split("占")[-1]), a.answer


def test_the_second_largest_of_the_own_unit_over_the_own_unit(three):
    rows = [v for (v,) in sql(three, "SELECT p.total_value FROM projects p JOIN units u ON u.id = p.unit_id "
                                     "WHERE u.name = '禾丰县农业农村局' ORDER BY p.total_value DESC")]
    a = answer(three, "禾丰县农业农村局本级项目中金额第二大的那个，占本级项目总额的百分之几")
    assert said(Decimal(str(rows[1])) / Decimal(str(sum(rows))) * 100, a.answer.split("占")[-1]), a.answer


def test_a_pasted_goal_piece_holding_a_number_and_a_body_word_is_no_body(three):
    (goal,), = sql(three, "SELECT goal FROM projects WHERE name = '乡村振兴教育帮扶经费'")
    a = answer(three, f"表里有一句“{goal.split('，')[1]}”，这是哪个项目的目标？")
    assert "「乡村振兴教育帮扶经费」" in a.answer, a.answer


def test_a_name_before_a_colon_is_kept_not_taken_for_a_lead_in(three):
    (total,), = sql(three, "SELECT total FROM projects WHERE name = '种子质量抽检经费'")
    assert said(total, answer(three, "种子质量抽检：多少钱").answer)


def test_a_ranking_clause_then_clauses_asked_of_the_project_it_picks(three):
    (name, unit, pid), = sql(three, "SELECT name, unit_name, id FROM projects WHERE document_id = 3 ORDER BY total_value DESC LIMIT 1")
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators WHERE project_id = ?", pid)
    a = answer(three, "禾丰县农业农村局金额最大的项目，有几条指标，是哪个单位的")
    assert f"「{name}」" in a.answer and unit in a.answer and Decimal(n) in figures(a.answer), a.answer
