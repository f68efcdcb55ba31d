"""Phrasing handled by general rules rather than by listed questions: other words for a cue
(extractor/ask/synonyms.py), a lead-in before the question, years said in words, goal words joined by
或, rows of one name told apart by their money or a mark said away from the name, a unit then a bound
in it, a count then its money.

Questions are our own (not from any QA set); expected figures come from plain SQL over the stored gold.
"""

import hashlib
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from extractor.ask import answer
from extractor.ask.synonyms import canonical
from extractor.evaluation.harness import gold_from_json
from extractor.evaluation.strict_qa import number_tokens
from extractor.store import open_db, save_document

GOLD = ROOT / "eval" / "gold"


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("phrasings") / "three.db"
    db = open_db(path)
    for name in ("yunxi-edu-2025.json", "linjiang-hwc-2024.json", "hefeng-agri-2023.json"):
        gold = GOLD / name
        save_document(db, gold_from_json(gold), path=str(gold), sha256=hashlib.sha256(gold.read_bytes()).hexdigest(),
                      page_count=0, extractor="gold")
    db.conn.close()
    return path


def sql(db: Path, q: str, *params) -> list:
    with sqlite3.connect(db) as c:
        return c.execute(q, params).fetchall()


def figures(text: str) -> list[Decimal]:
    return [v for v, _, _ in number_tokens(text.split("（据")[0])]


def dept_doc(db: Path, word: str) -> int:
    (doc,), = sql(db, "SELECT id FROM documents WHERE department LIKE ?", f"%{word}%")
    return doc


# ---------------------------------------------------------------- the vocabulary itself


def test_variants_become_the_planners_words_but_never_inside_a_name():
    assert "最少" in canonical("禾丰县农业农村局金额排最后的项目")
    assert "合计" in canonical("项目预算合起来多少")
    assert canonical("排最后的项目", names=["排最后的项目"]) == "排最后的项目"  # a name holding a variant


# ---------------------------------------------------------------- cue variants, in our own phrasings


@pytest.mark.parametrize("question", ["禾丰县农业农村局所有项目里面，金额排最后的是哪一个呢", "禾丰县农业农村局预算垫底的项目叫啥"])
def test_the_smallest_project_said_other_ways(three, question):
    (name, total), = sql(three, "SELECT name, total FROM projects WHERE document_id = ? ORDER BY total_value LIMIT 1",
                         dept_doc(three, "禾丰"))
    a = answer(three, question)
    assert f"「{name}」" in a.answer and Decimal(total) in figures(a.answer), a.answer


@pytest.mark.parametrize("question", ["禾丰县农业农村局项目预算合起来多少", "禾丰县农业农村局所有项目的预算之和",
                                      "记者想了解：禾丰县农业农村局项目预算加总是多少？", "审计问：禾丰县农业农村局项目支出总规模"])
def test_a_sum_said_other_ways_and_after_a_lead_in(three, question):
    (total,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = ?", dept_doc(three, "禾丰"))
    a = answer(three, question)
    assert a.kind != "not_understood" and a.kind != "refuse", a.answer
    assert round(Decimal(str(total)), 2) in [round(f, 2) for f in figures(a.answer)], a.answer


def test_a_year_said_in_words_is_read_as_that_year(three):
    a = answer(three, "临江卫健委二〇一九年的项目支出是多少元")
    assert a.kind == "refuse" and "2019" in a.answer and not [f for f in figures(a.answer) if f != 2019], a.answer


# ---------------------------------------------------------------- goals, twins, bounds, two asks


def test_goal_words_joined_by_or_match_either(three):
    doc = dept_doc(three, "禾丰")
    (n,), = sql(three, "SELECT COUNT(*) FROM projects WHERE document_id = ? AND (goal LIKE '%补贴%' OR goal LIKE '%补助%')", doc)
    (both,), = sql(three, "SELECT COUNT(*) FROM projects WHERE document_id = ? AND goal LIKE '%补贴%' AND goal LIKE '%补助%'", doc)
    assert n != both  # else the test could not tell 或 from 和
    a = answer(three, "禾丰县农业农村局绩效目标里说了“补贴”或者“补助”的项目有几个")
    assert Decimal(n) in figures(a.answer), a.answer


def test_rows_of_one_name_told_apart_by_their_money(three):
    rows = sql(three, "SELECT total, unit_name FROM projects WHERE name = '教师继续教育培训经费' ORDER BY total_value")
    assert len(rows) == 2
    small, big = rows
    a = answer(three, f"预算{Decimal(small[0]).normalize()}万元的教师继续教育培训经费属于哪个单位")
    assert small[1] in a.answer and big[1] not in a.answer, a.answer
    a = answer(three, "教师继续教育培训经费里钱少的那个是哪个单位的")
    assert small[1] in a.answer and big[1] not in a.answer, a.answer


def test_a_unit_then_a_bound_in_it(three):
    doc = dept_doc(three, "卫生健康")
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators WHERE document_id = ? AND annual_unit = '人次' "
                       "AND CAST(annual_value AS REAL) >= 1000 AND COALESCE(annual_op, '=') NOT IN ('≤', '<')", doc)
    (all_n,), = sql(three, "SELECT COUNT(*) FROM indicators WHERE document_id = ? AND annual_unit = '人次'", doc)
    assert n != all_n  # else the bound would not be tested
    a = answer(three, "卫健委计量单位为“人次”、年度目标至少一千人次的指标有多少条")
    assert f"共{n}条" in a.answer, a.answer


def test_a_count_then_its_money(three):
    (pid, total), = sql(three, "SELECT id, total FROM projects WHERE name = '校车运营补助经费'")
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators WHERE project_id = ?", pid)
    for q in ("校车运营补助经费有几条指标？预算是多少", "校车运营补助经费多少钱，设了几个指标"):
        a = answer(three, q)
        assert Decimal(n) in figures(a.answer) and Decimal(total) in figures(a.answer), (q, a.answer)


def test_a_share_of_all_project_money_is_of_money(three):
    doc = dept_doc(three, "云溪")
    (part,), = sql(three, "SELECT total_value FROM units WHERE document_id = ? AND name LIKE '%后勤服务中心%'", doc)
    (whole,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = ?", doc)
    a = answer(three, "后勤服务中心的钱占云溪区教育局全部项目资金的比例")
    want = (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.01"))
    assert want in figures(a.answer), a.answer


def test_one_count_per_level_when_each_is_counted(three):
    (pid,), = sql(three, "SELECT id FROM projects WHERE name = '学生体质健康提升项目'")
    counts = {lv: sql(three, "SELECT COUNT(*) FROM indicators WHERE project_id = ? AND (level1 LIKE ? OR level2 LIKE ?)",
                      pid, f"%{lv}%", f"%{lv}%")[0][0] for lv in ("数量", "时效")}
    a = answer(three, "学生体质健康提升项目：时效指标有几条，数量指标又有几条")
    for lv, n in counts.items():
        assert f"{lv}指标的绩效指标共{n}条" in a.answer, a.answer


def test_a_level_said_as_a_side_of_the_work(three):
    (pid,), = sql(three, "SELECT id FROM projects WHERE name = '农村人居环境整治专项资金'")
    names = [n for n, in sql(three, "SELECT name FROM indicators WHERE project_id = ? AND level1 LIKE '%成本%'", pid)]
    assert names
    a = answer(three, "农村人居环境整治专项资金在成本方面考核什么")
    assert all(n in a.answer for n in names) and a.kind not in ("not_understood", "refuse"), a.answer


def test_a_unit_said_with_lai_hengliang_and_a_word_said_with_erzi(three):
    doc = dept_doc(three, "卫生健康")
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators WHERE document_id = ? AND annual_unit = '人次'", doc)
    assert f"共{n}条" in answer(three, "卫健委有几条指标是用人次来衡量的").answer
    (m,), = sql(three, "SELECT COUNT(*) FROM projects WHERE document_id = ? AND goal LIKE '%培训%'", dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局绩效目标包含培训二字的项目有几个")
    assert Decimal(m) in figures(a.answer) and "二字" not in a.answer, a.answer


# ---------------------------------------------------------------- targets said other ways (dev3's causes)


@pytest.mark.parametrize("question", ["禾丰县农业农村局哪些指标的年度目标写的是“≤”", "禾丰县农业农村局带≤号的指标有哪些",
                                      "禾丰县农业农村局设了上限的指标有几条"])
def test_a_comparator_printed_alone_is_a_filter(three, question):
    doc = dept_doc(three, "禾丰")
    want = sql(three, "SELECT i.name FROM indicators i JOIN projects p ON p.id = i.project_id "
                      "WHERE p.document_id = ? AND i.annual_op IN ('≤', '<')", doc)
    ans = answer(three, question)
    assert ans.value is not None and "≤" in ans.answer
    if "几条" in question:
        assert ans.value == len(want)
    else:
        assert all(n in ans.answer for (n,) in want)
        ge = sql(three, "SELECT i.name FROM indicators i JOIN projects p ON p.id = i.project_id "
                        "WHERE p.document_id = ? AND i.annual_op = '≥' AND i.name NOT IN "
                        "(SELECT name FROM indicators WHERE annual_op IN ('≤', '<'))", doc)
        assert not any(f"{n}（" in ans.answer for (n,) in ge)


@pytest.mark.parametrize("question", ["禾丰县农业农村局目标低于90%的指标有哪些，不管符号", "禾丰县农业农村局哪些指标目标数值在90%以下（只看数值）"])
def test_a_bound_on_the_number_alone_whatever_the_comparator(three, question):
    doc = dept_doc(three, "禾丰")
    strict = "<" if "低于" in question else "<="
    rows = sql(three, f"SELECT i.name FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.document_id = ? "
                      f"AND i.annual_unit = '%' AND CAST(i.annual_value AS REAL) {strict} 90", doc)
    ans = answer(three, question)
    assert rows and all(n in ans.answer for (n,) in rows)
    assert any(op == "≥" for (op,) in sql(three, f"SELECT i.annual_op FROM indicators i JOIN projects p ON p.id = i.project_id "
                                                  f"WHERE p.document_id = ? AND i.annual_unit = '%' "
                                                  f"AND CAST(i.annual_value AS REAL) {strict} 90", doc))  # ≥60% is kept


def test_a_compared_number_no_planner_reads_is_not_dropped(three):
    """哪些项目的金额低于5 (no unit): not a list of every project."""
    ans = answer(three, "禾丰县农业农村局哪些项目的金额低于5")
    assert ans.value is None and "低于5" in ans.answer


@pytest.mark.parametrize("question,indicator", [
    ("高标准农田建设项目今年要新建多少亩高标准农田", "新建高标准农田面积"),
    ("高标准农田建设项目新建农田多少亩", "新建高标准农田面积"),
    ("课后服务经费每生每学期收费标准不超过多少", "课后服务收费标准"),
])
def test_an_indicator_named_with_its_unit_and_the_project_said_again(three, question, indicator):
    (raw,), = sql(three, "SELECT annual_raw FROM indicators WHERE name = ?", indicator)
    ans = answer(three, question)
    assert indicator in ans.answer and raw in ans.answer


def test_a_per_said_for_a_target_unit_is_not_refused_but_a_per_alone_is(three):
    (raw,), = sql(three, "SELECT annual_raw FROM indicators WHERE name = '保安服务单价'")
    assert "/人·月" in raw
    ans = answer(three, "校园安全保卫服务经费每人每月保安服务单价最多多少")
    assert raw in ans.answer
    refused = answer(three, "校园安全保卫服务经费每人多少钱")
    assert refused.value is None and "人员" in refused.answer and not figures(refused.answer)


@pytest.mark.parametrize("question", ["教师继续教育培训经费是哪个单位报的，参训教师人数目标多少",
                                      "高标准农田建设项目预算多少？新建高标准农田面积指标值是多少",
                                      "高素质农民培育培训经费是哪个单位的，满意度指标目标值是多少"])
def test_a_second_part_asking_a_target_is_answered_too(three, question):
    ans = answer(three, question)
    project = question.split("是哪个")[0].split("预算")[0]
    pid_rows = sql(three, "SELECT p.id, p.total, u.name FROM projects p JOIN units u ON u.id = p.unit_id WHERE p.name = ?", project)
    targets = {raw for pid, _, _ in pid_rows for (raw,) in sql(
        three, "SELECT annual_raw FROM indicators WHERE project_id = ? AND (name LIKE '%参训教师人数%' OR name LIKE '%新建高标准%' "
               "OR level1 LIKE '满意度%')", pid)}
    assert targets and any(t in ans.answer for t in targets)
    if "哪个单位" in question:
        assert any(u in ans.answer for _, _, u in pid_rows)
    else:
        assert Decimal(pid_rows[0][1]) in figures(ans.answer)


def test_several_projects_named_and_a_filter_names_only_those_kept(three):
    goals = sql(three, "SELECT name, goal FROM projects WHERE document_id = ?", dept_doc(three, "卫生"))
    having = [n for n, g in goals if "老年人" in (g or "")][:2]
    lacking = [n for n, g in goals if "老年人" not in (g or "")][:1]
    ans = answer(three, f"这几个项目哪些绩效目标提到了老年人：{'、'.join(having + lacking)}")
    assert all(n in ans.answer for n in having) and lacking[0] not in ans.answer


# ---------------------------------------------------------------- what is left out, what is lacking


def test_a_source_left_out_names_the_others_with_their_amounts(three):
    doc = dept_doc(three, "禾丰")
    rows = sql(three, "SELECT source, SUM(CAST(amount AS REAL)) FROM amounts WHERE document_id = ? AND record_type = 'unit' "
                      "GROUP BY source", doc)
    others = {s: round(v, 2) for s, v in rows if v and "财政拨款" not in s and "合计" not in s}
    ans = answer(three, "除了财政拨款之外，禾丰县农业农村局还用了别的什么资金？")
    assert ans.value is not None and "财政拨款" not in [v for v in (ans.value or [])]
    for s in others:
        assert s in ans.answer


def test_a_project_left_out_of_a_units_sum(three):
    (uid, unit), = sql(three, "SELECT id, name FROM units WHERE name LIKE '%农业技术推广中心%' AND document_id = ?",
                       dept_doc(three, "禾丰"))
    projects = sql(three, "SELECT name, CAST(total AS REAL) FROM projects WHERE unit_id = ? ORDER BY seq", uid)
    assert len(projects) >= 2
    left_out, _ = projects[0]
    want = round(sum(t for n, t in projects[1:]), 2)
    ans = answer(three, f"{left_out}以外，{unit}其余项目的预算加起来是多少")
    assert Decimal(str(want)) in [round(v, 2) for v in figures(ans.answer)]
    ans2 = answer(three, f"除了{left_out}，{unit}剩下的项目一共多少钱")
    assert Decimal(str(want)) in [round(v, 2) for v in figures(ans2.answer)]


@pytest.mark.parametrize("question", ["禾丰县农业农村局有多少个项目一条满意度指标都没有设",
                                      "禾丰县农业农村局缺少满意度指标的项目有几个"])
def test_projects_lacking_a_level_said_other_ways(three, question):
    doc = dept_doc(three, "禾丰")
    (n,), = sql(three, "SELECT COUNT(*) FROM projects p WHERE p.document_id = ? AND NOT EXISTS (SELECT 1 FROM indicators i "
                       "WHERE i.project_id = p.id AND (i.level1 LIKE '满意度%' OR i.level2 LIKE '%满意度%'))", doc)
    assert answer(three, question).value == n


def test_goals_not_mentioning_a_word(three):
    doc = dept_doc(three, "禾丰")
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND goal NOT LIKE '%农户%'", doc)
    ans = answer(three, "禾丰县农业农村局绩效目标没有提到农户的项目有几个")
    assert ans.value == len(rows)


def test_the_own_unit_said_without_a_body_and_counted_with_it(three):
    doc = dept_doc(three, "禾丰")
    (own, n_own), = sql(three, "SELECT u.id, COUNT(p.id) FROM units u JOIN documents d ON d.id = u.document_id "
                               "JOIN projects p ON p.unit_id = u.id WHERE d.id = ? AND u.name = d.department", doc)
    (units,), = sql(three, "SELECT COUNT(*) FROM units WHERE document_id = ?", doc)
    assert answer(three, "禾丰县农业农村局局机关本级自己有几个项目").value == n_own
    assert answer(three, "禾丰县农业农村局下属几个单位（含局本级）").value == units


@pytest.mark.parametrize("question", ["高标准农田建设项目的绩效目标原文是怎么写的", "关于高标准农田建设项目，目标一栏写的内容"])
def test_the_goal_asked_as_its_column_or_its_wording(three, question):
    (goal,), = sql(three, "SELECT goal FROM projects WHERE name = '高标准农田建设项目'")
    assert goal[:12] in answer(three, question).answer


def test_a_target_asked_with_a_planning_verb(three):
    (raw,), = sql(three, "SELECT annual_raw FROM indicators WHERE name = '新建高标准农田面积'")
    assert raw in answer(three, "高标准农田建设项目计划新建高标准农田面积多少").answer


def test_rows_of_one_name_added_up_when_said_together(three):
    rows = sql(three, "SELECT CAST(total AS REAL) FROM projects WHERE name LIKE '农业技术推广服务经费%'")
    assert len(rows) == 2
    want = Decimal(str(round(sum(t for (t,) in rows), 2)))
    assert want in [round(v, 2) for v in figures(answer(three, "农业技术推广服务经费 两笔 加一块儿 是多少").answer)]


def test_the_word_said_twice_is_one_word(three):
    ans = answer(three, "云溪区教育局有没有和养老相关的项目（名称或目标里有“养老”）？是哪个")
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND (name LIKE '%养老%' OR goal LIKE '%养老%')",
               dept_doc(three, "教育"))
    assert rows and all(n in ans.answer for (n,) in rows)


def test_targets_written_in_words_with_examples_given(three):
    doc = dept_doc(three, "禾丰")
    rows = sql(three, "SELECT i.name FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.document_id = ? "
                      "AND i.annual_value IS NULL", doc)
    ans = answer(three, "禾丰县农业农村局年度目标写成文字（比如“有效提升”“稳步推进”）而不是数字的指标有哪些")
    assert rows and all(n in ans.answer for (n,) in rows)


def test_indicators_about_a_word_listed_with_their_targets(three):
    doc = dept_doc(three, "禾丰")
    rows = sql(three, "SELECT i.name, i.annual_raw FROM indicators i JOIN projects p ON p.id = i.project_id "
                      "WHERE p.document_id = ? AND i.name LIKE '%培训%'", doc)
    ans = answer(three, "禾丰县农业农村局有没有跟培训有关的指标？叫什么名字，目标多少")
    assert rows and all(n in ans.answer and (raw or "") in ans.answer for n, raw in rows)


def test_a_ranking_then_an_ask_of_the_row_it_picks_with_no_pronoun(three):
    doc = dept_doc(three, "禾丰")
    rows = sql(three, "SELECT u.name, COUNT(p.id), SUM(CAST(p.total AS REAL)) FROM units u JOIN projects p ON p.unit_id = u.id "
                      "WHERE u.document_id = ? GROUP BY u.id ORDER BY COUNT(p.id) DESC", doc)
    assert rows[0][1] > rows[1][1]
    ans = answer(three, "禾丰县农业农村局项目个数最多的单位，项目资金合计多少")
    assert rows[0][0] in ans.answer and Decimal(str(round(rows[0][2], 2))) in [round(v, 2) for v in figures(ans.answer)]


@pytest.mark.parametrize("question,n", [("禾丰县农业农村局预算最大的三个项目加起来占全局项目资金的百分之几", 3),
                                        ("禾丰县农业农村局前两大项目合起来占它项目资金的比例", 2)])
def test_a_share_of_the_projects_a_ranking_picks(three, question, n):
    doc = dept_doc(three, "禾丰")
    totals = [t for (t,) in sql(three, "SELECT CAST(total AS REAL) FROM projects WHERE document_id = ? ORDER BY CAST(total AS REAL) DESC", doc)]
    want = Decimal(str(round(100 * sum(totals[:n]) / sum(totals), 2)))
    assert want in [round(v, 2) for v in figures(answer(three, question).answer)]


def test_a_source_over_the_same_units_whole_budget(three):
    doc = dept_doc(three, "禾丰")
    (uid, name, total), = sql(three, "SELECT id, name, CAST(total AS REAL) FROM units WHERE document_id = ? AND name = "
                                     "(SELECT department FROM documents WHERE id = ?)", doc, doc)
    (part,), = sql(three, "SELECT SUM(CAST(amount AS REAL)) FROM amounts WHERE unit_id = ? AND record_type = 'unit' "
                          "AND source LIKE '%财政拨款%'", uid)
    want = Decimal(str(round(100 * part / total, 2)))
    ans = answer(three, "禾丰县农业农村局本级的财政拨款占禾丰县农业农村局本级预算的比重")
    assert want in [round(v, 2) for v in figures(ans.answer)]


def test_averages_over_units_money_and_project_counts(three):
    doc = dept_doc(three, "禾丰")
    units = sql(three, "SELECT u.id, u.name, CAST(u.total AS REAL), (SELECT COUNT(*) FROM projects p WHERE p.unit_id = u.id) "
                       "FROM units u WHERE u.document_id = ? ORDER BY u.seq", doc)
    n = Decimal(str(round(sum(c for *_, c in units) / len(units), 2)))
    assert n in [round(v, 2) for v in figures(answer(three, "禾丰县农业农村局平均每个单位有几个项目").answer)]
    two = units[1:3]  # units, not the one bearing the department's name
    want = Decimal(str(round(sum(t for _, _, t, _ in two) / 2, 2)))
    ans = answer(three, f"{two[0][1]}、{two[1][1]}两家单位的项目资金平均每家多少万元")
    assert want in [round(v, 2) for v in figures(ans.answer)]


def test_the_rest_against_the_one_left_out(three):
    doc = dept_doc(three, "禾丰")
    units = sql(three, "SELECT name, CAST(total AS REAL) FROM units WHERE document_id = ? ORDER BY seq", doc)
    name, own = units[-1]
    rest = sum(t for n, t in units[:-1])
    want = Decimal(str(round(abs(rest - own), 2)))
    ans = answer(three, f"除了{name}之外，禾丰县农业农村局其余单位的项目资金合计比{name}多出多少")
    assert want in [round(v, 2) for v in figures(ans.answer)]


def test_a_gap_asked_but_not_read_states_no_figure(three):
    ans = answer(three, "三个部门中，哪个部门平均每个项目的金额更高？高出多少")
    assert ans.value is None and not figures(ans.answer)


def test_a_unit_said_that_the_indicator_does_not_measure_in(three):
    """多少卷: the best-fitting name is a rate (%), not a count of 卷: not answered with it."""
    ans = answer(three, "高标准农田建设项目打算完成多少卷档案的数字化")
    assert ans.value is None


def test_levels_listed_then_one_indicator_word_each_counted(three):
    doc = dept_doc(three, "禾丰")
    counts = [sql(three, "SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.document_id = ? "
                         "AND (i.level1 LIKE ? OR i.level2 LIKE ?)", doc, f"%{lv}%", f"%{lv}%")[0][0] for lv in ("产出", "满意度")]
    ans = answer(three, "产出、满意度这两类一级指标，禾丰县农业农村局各有多少条？")
    assert [Decimal(c) for c in counts] == [v for v in figures(ans.answer) if v in {Decimal(c) for c in counts}][:2]


def test_a_median_said_as_the_mean_of_the_middle_two(three):
    import statistics
    doc = dept_doc(three, "禾丰")
    totals = [Decimal(str(t)) for (t,) in sql(three, "SELECT total FROM projects WHERE document_id = ?", doc)]
    want = round(Decimal(str(statistics.median(totals))), 2)
    ans = answer(three, "禾丰县农业农村局的项目按金额排，中间两个的平均值是多少")
    assert want in [round(v, 2) for v in figures(ans.answer)]


def test_the_nth_ranked_row_then_an_ask_of_it(three):
    doc = dept_doc(three, "禾丰")
    units = sql(three, "SELECT u.id, u.name FROM units u WHERE u.document_id = ? ORDER BY CAST(u.total AS REAL) DESC", doc)
    uid, name = units[1]
    (n,), = sql(three, "SELECT COUNT(*) FROM projects WHERE unit_id = ?", uid)
    ans = answer(three, "禾丰县农业农村局预算第二多的单位有几个项目")
    assert name in ans.answer and f"项目共{n}个" in ans.answer


def test_an_indicator_said_shorter_than_the_named_projects_own(three):
    """The named project's indicator holds the words said (参训农民满意度 said as 农民满意度)."""
    rows = sql(three, "SELECT i.name, i.annual_raw FROM indicators i JOIN projects p ON p.id = i.project_id "
                      "WHERE p.name = '高素质农民培育培训经费' AND i.name LIKE '%满意度%'")
    ans = answer(three, "高素质农民培育培训经费的农民满意度目标是多少")
    assert rows and all(raw in ans.answer for _, raw in rows)


def test_a_target_not_equal_to_a_value(three):
    doc = dept_doc(three, "禾丰")
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.document_id = ? "
                       "AND i.annual_unit = '%' AND NOT (COALESCE(i.annual_op, '=') = '=' AND CAST(i.annual_value AS REAL) = 100)", doc)
    assert answer(three, "禾丰县农业农村局里年度目标不等于100%的百分比指标有几条").value == n


def test_one_word_mentioned_and_another_not(three):
    doc = dept_doc(three, "教育")
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND goal LIKE '%学生%' AND goal NOT LIKE '%教师%'", doc)
    ans = answer(three, "云溪区教育局哪些项目的目标提到了学生但没有提到教师")
    assert rows and all(n in ans.answer for (n,) in rows)
    assert len(ans.citations) == len(rows)


def test_a_units_projects_listed_with_each_amount(three):
    rows = sql(three, "SELECT p.name, p.total FROM projects p JOIN units u ON u.id = p.unit_id WHERE u.name = '禾丰县农业技术推广中心'")
    ans = answer(three, "禾丰县农业技术推广中心的项目有哪些，各多少钱")
    assert all(n in ans.answer for n, _ in rows)
    assert {Decimal(t) for _, t in rows} <= set(figures(ans.answer))


def test_rows_a_ranking_picks_left_out(three):
    doc = dept_doc(three, "禾丰")
    totals = [t for (t,) in sql(three, "SELECT CAST(total AS REAL) FROM projects WHERE document_id = ? ORDER BY CAST(total AS REAL) DESC", doc)]
    want = Decimal(str(round(sum(totals[1:]) / (len(totals) - 1), 2)))
    ans = answer(three, "禾丰县农业农村局如果把金额最大的那个项目去掉，剩下的项目平均每个多少万元")
    assert want in [round(v, 2) for v in figures(ans.answer)]


# ---------------------------------------------------------------- how it is asked, not what (extractor/ask/fillers.py)


@pytest.mark.parametrize("question", [
    "老师您好，麻烦帮忙查一下禾丰县农业农村局项目预算合计是多少，谢谢",
    "作为一名普通市民，我很好奇禾丰县农业农村局项目预算合计是多少",
    "不好意思打扰了，禾丰县农业农村局项目预算合计是多少？万分感谢",
    "听说禾丰县农业农村局项目预算合计挺多，请您帮我核实一下",
    "小白求助禾丰县农业农村局项目预算合计是多少请回答",  # no punctuation at all
    "禾豐縣農業農村局項目預算合計是多少？",  # traditional characters
])
def test_asking_words_around_a_question_do_not_sink_it(three, question):
    (total,), = sql(three, "SELECT SUM(total_value) FROM projects WHERE document_id = ?", dept_doc(three, "禾丰"))
    a = answer(three, question)
    assert a.kind not in ("not_understood", "refuse"), a.answer
    assert round(Decimal(str(total)), 2) in [round(f, 2) for f in figures(a.answer)], a.answer


@pytest.mark.parametrize("question", ["老师您好，禾丰县农业农村局的办公楼面积是多少，谢谢",
                                      "听说禾丰县农业农村局的公务用车数量是多少"])
def test_a_concept_the_table_lacks_still_refuses_among_fillers(three, question):
    a = answer(three, question)
    assert a.kind in ("not_understood", "refuse") and not figures(a.answer), a.answer


def test_full_width_digits_are_digits(three):
    (n,), = sql(three, "SELECT COUNT(*) FROM projects WHERE document_id = ? AND total_value > 1000", dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局有几个项目超过１０００万元")
    assert f"共{n}个" in a.answer, a.answer


@pytest.mark.parametrize("said,verdict", [("4000万元", "不是"), ("4286.5万元", "是"), ("4286.50万", "是")])
def test_a_figure_said_to_confirm_is_checked_and_the_right_one_given(three, said, verdict):
    (total,), = sql(three, "SELECT total FROM projects WHERE name = '高标准农田建设项目'")
    a = answer(three, f"禾丰县农业农村局的高标准农田建设项目是不是{said}？")
    assert a.answer.startswith(verdict) and Decimal(total) in figures(a.answer), a.answer


@pytest.mark.parametrize("question,verdict", [("高标准农田建设项目的预算超过4000万元了吗", "是"),
                                              ("高标准农田建设项目是否低于4000万元", "不是")])
def test_a_bound_asked_yes_or_no_of_a_named_project(three, question, verdict):
    (total,), = sql(three, "SELECT total FROM projects WHERE name = '高标准农田建设项目'")
    a = answer(three, question)
    assert a.answer.startswith(verdict) and Decimal(total) in figures(a.answer), a.answer


def test_whether_any_row_passes_is_answered_with_the_rows(three):
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND total_value > 2000", dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局有没有项目超过2000万元？")
    assert rows and all(f"「{n}」" in a.answer for n, in rows), a.answer


@pytest.mark.parametrize("question", ["禾丰县农业农村局的项目里有没有提到乡村振兴的", "禾丰县农业农村局有木有提到乡村振兴的项目"])
def test_is_there_asks_whether_never_the_negation(three, question):
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND (goal LIKE '%乡村振兴%' OR name LIKE '%乡村振兴%')",
               dept_doc(three, "禾丰"))
    a = answer(three, question)
    assert rows and "没有提到" not in a.answer and all(f"「{n}」" in a.answer for n, in rows), a.answer


def test_is_there_a_level_asks_whether_never_lacks(three):
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id "
                       "WHERE p.document_id = ? AND (i.level1 LIKE '%满意度%' OR i.level2 LIKE '%满意度%')", dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局有没有满意度指标")
    assert not a.answer.split("满意度")[0].endswith("没有") and f"共{n}条" in a.answer, a.answer


@pytest.mark.parametrize("said", [21, 25])
def test_a_count_said_to_confirm_is_checked(three, said):
    (n,), = sql(three, "SELECT COUNT(*) FROM projects WHERE document_id = ?", dept_doc(three, "禾丰"))
    a = answer(three, f"请核实：禾丰县农业农村局一共有{said}个项目，是否属实？")
    assert a.answer.startswith("是" if said == n else "不是") and f"共{n}个" in a.answer, a.answer


def test_rows_bounded_by_a_figure_in_a_yes_no_question_stay_a_filter(three):
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND total_value > 1000", dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局有没有超过1000万元的项目")
    assert f"共{len(rows)}个" in a.answer and all(f"「{n}」" in a.answer for n, in rows), a.answer


def test_which_two_units_asks_the_top_two_units(three):
    rows = sql(three, "SELECT unit_name, SUM(total_value) s FROM projects WHERE document_id = ? GROUP BY unit_id "
                      "ORDER BY s DESC LIMIT 3", dept_doc(three, "禾丰"))
    a = answer(three, "观众朋友们，禾丰县农业农村局哪两个单位的项目资金最多，各多少")
    assert rows[0][0] in a.answer and rows[1][0] in a.answer and rows[2][0] not in a.answer, a.answer


def test_the_middle_value_is_the_median(three):
    vals = sorted(Decimal(t) for t, in sql(three, "SELECT total FROM projects WHERE document_id = ?", dept_doc(three, "禾丰")))
    mid = vals[len(vals) // 2] if len(vals) % 2 else (vals[len(vals) // 2 - 1] + vals[len(vals) // 2]) / 2
    a = answer(three, "禾丰县农业农村局的项目金额排个序，取中间值是多少")
    assert round(mid, 2) in [round(f, 2) for f in figures(a.answer)], a.answer


def test_money_reaching_hands_is_spending_and_refused(three):
    a = answer(three, "听说高标准农田建设项目的钱到底发到了多少农户手里？")
    assert a.kind == "refuse" and not figures(a.answer), a.answer


def test_percent_targets_not_above_a_bound_compare_the_printed_number(three):
    rows = sql(three, "SELECT DISTINCT name FROM indicators WHERE document_id = ? AND annual_unit = '%' "
                      "AND CAST(annual_value AS REAL) <= 80", dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局百分比目标不超过80%的指标有哪些")
    assert rows and all(n in a.answer for n, in rows), a.answer


def test_which_department_has_more_said_with_a_count_after(three):
    rows = sql(three, "SELECT d.department, COUNT(*) c FROM indicators i JOIN documents d ON d.id = i.document_id "
                      "GROUP BY d.id ORDER BY c DESC")
    a = answer(three, "哪个部门的绩效指标更多，多少条")
    assert rows[0][0] in a.answer.split("是：")[-1] and Decimal(rows[0][1]) in figures(a.answer), a.answer


def test_a_count_in_ten_thousands_is_read_whole():
    from extractor.ask.reading import ten_thousands
    assert ten_thousands("达到一万人及以上") == "达到10000人及以上" and ten_thousands("3万人次") == "30000人次"
    assert ten_thousands("1000万元") == "1000万元" and ten_thousands("5万亩") == "5万亩"


def test_the_unit_of_a_ranked_project_then_asked_of(three):
    (unit_id, unit), = sql(three, "SELECT unit_id, unit_name FROM projects WHERE document_id = ? ORDER BY total_value LIMIT 1",
                           dept_doc(three, "禾丰"))
    (n,), = sql(three, "SELECT COUNT(*) FROM projects WHERE unit_id = ?", unit_id)
    a = answer(three, "禾丰县农业农村局金额最小的项目是哪个单位的，这个单位有几个项目")
    assert f"它属于{unit}" in a.answer and f"{unit}项目共{n}个" in a.answer, a.answer


def test_a_named_source_said_as_this_source_is_summed(three):
    doc = dept_doc(three, "禾丰")
    (total,), = sql(three, "SELECT SUM(CAST(json_extract(sources, '$.财政拨款') AS REAL)) FROM projects WHERE document_id = ?", doc)
    a = answer(three, "禾丰县农业农村局项目资金中财政拨款这一来源共计多少万元")
    assert round(Decimal(str(total)), 2) in [round(f, 2) for f in figures(a.answer)], a.answer


def test_a_second_step_asks_each_count(three):
    (unit_id,), = sql(three, "SELECT unit_id FROM projects WHERE document_id = ? GROUP BY unit_id ORDER BY SUM(total_value) "
                             "LIMIT 1", dept_doc(three, "禾丰"))
    (n,), = sql(three, "SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.unit_id = ?", unit_id)
    a = answer(three, "禾丰县农业农村局资金最少的单位有几个项目、几条指标")
    assert f"共{n}条" in a.answer, a.answer


def test_which_project_uses_a_source_lists_the_projects_having_it(three):
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND json_extract(sources, '$.财政专户拨款') IS NOT NULL",
               dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局有没有使用财政专户拨款的项目？有的话是哪个，多少钱")
    assert rows and all(f"「{n}」" in a.answer for n, in rows), a.answer


def test_a_compound_question_is_answered_clause_by_clause(three):
    doc = dept_doc(three, "禾丰")
    (total, n), = sql(three, "SELECT SUM(total_value), COUNT(*) FROM projects WHERE document_id = ?", doc)
    (top,), = sql(three, "SELECT name FROM projects WHERE document_id = ? ORDER BY total_value DESC LIMIT 1", doc)
    a = answer(three, "禾丰县农业农村局项目总共多少钱，平均每个多少，最大的是哪个")
    got = [round(f, 2) for f in figures(a.answer)]
    assert round(Decimal(str(total)), 2) in got and round(Decimal(str(total)) / n, 2) in got and f"「{top}」" in a.answer, a.answer


def test_a_compound_question_with_a_refused_clause_states_no_figure(three):
    a = answer(three, "禾丰县农业农村局项目总共多少钱，平均每个多少，执行率多少")
    assert a.kind in ("refuse", "not_understood") and not figures(a.answer), a.answer


def test_words_only_the_named_projects_goal_says_are_answered_with_the_goal(three):
    goals = [g for g, in sql(three, "SELECT goal FROM projects WHERE name = '乡村振兴驻镇帮镇扶村工作经费'")]
    assert any("脱贫攻坚成果" in g for g in goals)  # the words asked below are a goal's, no indicator's
    a = answer(three, "乡村振兴驻镇帮镇扶村工作经费要巩固拓展什么成果")
    assert "脱贫攻坚成果" in a.answer, a.answer
    b = answer(three, "乡村振兴驻镇帮镇扶村工作经费的办公楼面积多大")
    assert b.kind == "not_understood" and not figures(b.answer), b.answer


def test_who_asks_said_in_a_first_clause_is_not_the_question(three):
    (n,), = sql(three, "SELECT COUNT(*) FROM projects WHERE document_id = ?", dept_doc(three, "禾丰"))
    a = answer(three, "家里孩子在县里读书，想知道禾丰县农业农村局有几个项目")
    assert f"共{n}个" in a.answer, a.answer


@pytest.mark.parametrize("question", ["禾丰县农业农村局的项目预算是不是太多了", "高标准农田建设项目的钱够用吗",
                                      "高标准农田建设项目的钱是不是用完了", "听说禾丰县农业农村局去年的预算更多"])
def test_opinions_and_spending_asked_yes_or_no_are_refused_without_a_figure(three, question):
    a = answer(three, question)
    assert a.kind == "refuse" and not figures(a.answer), a.answer


def test_a_source_said_against_another_keeps_rows_without_it(three):
    rows = sql(three, "SELECT name FROM projects WHERE document_id = ? AND json_extract(sources, '$.其他资金') IS NOT NULL "
                      "AND json_extract(sources, '$.财政拨款') IS NULL", dept_doc(three, "禾丰"))
    mixed = sql(three, "SELECT name FROM projects WHERE document_id = ? AND json_extract(sources, '$.其他资金') IS NOT NULL "
                       "AND json_extract(sources, '$.财政拨款') IS NOT NULL", dept_doc(three, "禾丰"))
    a = answer(three, "禾丰县农业农村局哪些项目的钱来自其他资金而不是财政拨款")
    assert rows and mixed and all(f"「{n}」" in a.answer for n, in rows), a.answer
    assert not any(f"「{n}」" in a.answer for n, in mixed), a.answer


def test_two_rows_of_one_name_said_as_both_are_compared(three):
    rows = sql(three, "SELECT name, total FROM projects WHERE name LIKE '乡村振兴驻镇帮镇扶村工作经费%' ORDER BY total_value DESC")
    assert len(rows) == 2
    a = answer(three, "乡村振兴驻镇帮镇扶村工作经费有两个，两者差多少钱")
    assert Decimal(rows[0][1]) - Decimal(rows[1][1]) in figures(a.answer), a.answer


def test_a_units_project_details_added_up_is_a_sum(three):
    (total,), = sql(three, "SELECT SUM(p.total_value) FROM projects p JOIN units u ON u.id = p.unit_id "
                           "WHERE u.name = '禾丰县农业技术推广中心'")
    a = answer(three, "禾丰县农业技术推广中心的项目明细合计是多少万元")
    assert round(Decimal(str(total)), 2) in [round(f, 2) for f in figures(a.answer)], a.answer


def test_how_many_then_which_ones_lists_them_with_the_count(three):
    rows = sql(three, "SELECT p.name FROM projects p JOIN units u ON u.id = p.unit_id WHERE u.name = '禾丰县农业技术推广中心'")
    a = answer(three, "禾丰县农业技术推广中心有几个项目是哪几个")
    assert f"共{len(rows)}个" in a.answer and all(f"「{n}」" in a.answer for n, in rows), a.answer
