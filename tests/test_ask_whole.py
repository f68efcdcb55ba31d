"""The whole question or nothing (extractor/ask/planners/coverage.py), and the kinds of question it
made us answer whole: indicators counted per project (数量指标最多的项目), sums of the top N, two steps
through a pronoun (它一共多少钱), targets said in words (百分之九十, 九成), a funding source a table has
no column for.

Questions are written here in several phrasings; expected figures come from plain SQL over the
stored gold, never from the engine.
"""

import hashlib
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from extractor.ask import answer
from extractor.evaluation.harness import gold_from_json
from extractor.evaluation.strict_qa import number_tokens
from extractor.store import open_db, save_document

GOLD = ROOT / "eval" / "gold"


def _build(path: Path, golds: list[str]) -> Path:
    db = open_db(path)
    for name in golds:
        gold = GOLD / name
        save_document(db, gold_from_json(gold), path=str(gold), sha256=hashlib.sha256(gold.read_bytes()).hexdigest(),
                      page_count=0, extractor="gold")
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("whole") / "seed.db", ["conghua-hrss-2024.json"])


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("whole") / "two.db",
                  ["conghua-hrss-2024.json", "forms-huadu-agri-2025.json"])


def sql(db: Path, q: str, *params) -> list:
    with sqlite3.connect(db) as c:
        return c.execute(q, params).fetchall()


def figures(text: str) -> list[Decimal]:
    return [v for v, _, _ in number_tokens(text.split("（据")[0])]


def unit_id(db: Path, word: str) -> int:
    (uid,), = sql(db, "SELECT id FROM units WHERE name LIKE ?", f"%{word}%")
    return uid


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize("question, word", [
    ("社保中心的项目预算占比最高的是哪个", "最高"),  # a share, then a ranking of shares: the plan has no such step
    ("哪个单位的平均指标数最多", "指标"),  # an average of counts per unit, ranked
    ("社保中心哪个项目的中位数最大", "中位"),
])
def test_a_cue_no_step_of_the_plan_carries_gives_no_figure_and_is_named(seed, question, word):
    a = answer(seed, question)
    assert a.kind == "not_understood", a.answer
    assert word in a.answer
    assert figures(a.answer) == [], a.answer


def test_every_cue_carried_answers(seed):
    """The rule must not refuse what the plan does carry (a ranking, a sum, a count, an average)."""
    for q in ("社保中心一共有多少个项目", "人社局拢共多少预算", "预算排名第二的项目是哪个", "就业中心的项目平均有几个指标",
              "社保中心项目资金的中位数"):
        a = answer(seed, q)
        assert a.kind != "not_understood" and figures(a.answer), (q, a.answer)


# ---------------------------------------------------------------- indicators counted per project


def _most_level(db: Path, unit_word: str, level: str) -> tuple[set, int, str]:
    rows = sql(db, "SELECT p.name, COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id "
                   "WHERE p.unit_id = ? AND (i.level1 LIKE ? OR i.level2 LIKE ?) GROUP BY p.id",
               unit_id(db, unit_word), f"%{level}%", f"%{level}%")
    best = max(n for _, n in rows)
    (richest,), = sql(db, "SELECT name FROM projects WHERE unit_id = ? ORDER BY total_value DESC LIMIT 1",
                      unit_id(db, unit_word))
    return {name for name, n in rows if n == best}, best, richest


@pytest.mark.parametrize("question", [
    "社保中心的项目里，哪个项目的数量指标最多？",
    "社保中心数量指标最多的项目是哪个",
    "在社保中心，哪一个项目设的数量指标最多",
])
def test_the_project_with_most_indicators_of_a_level(seed, question):
    names, n, richest = _most_level(seed, "社会保险基金", "数量")
    a = answer(seed, question)
    assert all(name in a.answer for name in names), a.answer
    assert f"{n}条数量指标" in a.answer
    if richest not in names:  # the largest budget is another question's answer
        assert f"「{richest}」" not in a.answer


# ---------------------------------------------------------------- the top N, added up


def _top_sum(db: Path, n: int) -> Decimal:
    rows = sql(db, "SELECT total FROM projects ORDER BY total_value DESC LIMIT ?", n)
    return sum((Decimal(t) for t, in rows), Decimal(0))


@pytest.mark.parametrize("question, n", [
    ("资金最多的三个项目合计多少钱", 3),
    ("预算前三的项目一共多少钱", 3),
    ("金额最大的5个项目加起来是多少", 5),
])
def test_the_sum_of_the_top_n_is_stated(seed, question, n):
    a = answer(seed, question)
    assert _top_sum(seed, n) in figures(a.answer), a.answer


# ---------------------------------------------------------------- two steps


def _unit_with_most_projects(db: Path) -> tuple[str, Decimal]:
    (name, total), = sql(db, "SELECT u.name, u.total FROM units u ORDER BY "
                             "(SELECT COUNT(*) FROM projects p WHERE p.unit_id = u.id) DESC LIMIT 1")
    return name, Decimal(total)


@pytest.mark.parametrize("question", [
    "哪个单位的项目最多，它一共多少钱？",
    "项目最多的单位总预算是多少",
    "项目最多的单位，其预算合计是多少",
])
def test_the_unit_with_most_projects_then_its_total(seed, question):
    name, total = _unit_with_most_projects(seed)
    a = answer(seed, question)
    assert name in a.answer and total in figures(a.answer), a.answer


def test_the_largest_project_then_its_satisfaction_target(seed):
    (pid, pname), = sql(seed, "SELECT id, name FROM projects ORDER BY total_value DESC LIMIT 1")
    targets = sql(seed, "SELECT annual_raw FROM indicators WHERE project_id = ? AND (level1 LIKE '%满意度%' OR "
                        "level2 LIKE '%满意度%')", pid)
    a = answer(seed, "资金最多的项目的满意度指标目标值是多少")
    assert pname in a.answer and targets and all(t in a.answer for t, in targets), a.answer


# ---------------------------------------------------------------- targets said in words


def _at_least_percent(db: Path, v: int) -> int:
    rows = sql(db, "SELECT annual_op, annual_value FROM indicators WHERE annual_unit = '%' AND annual_value IS NOT NULL")
    return sum(1 for op, value in rows if op not in ("≤", "<") and Decimal(value) >= v)


@pytest.mark.parametrize("question", [
    "目标值不低于百分之九十的指标有几条",
    "年度指标值达到九成以上的指标有多少",
    "目标值不低于90%的指标有几条",
])
def test_a_percent_said_in_words(seed, question):
    a = answer(seed, question)
    assert Decimal(_at_least_percent(seed, 90)) in figures(a.answer), a.answer


def test_an_indicator_named_by_a_word_of_it_within_the_project(seed):
    (raw,), = sql(seed, "SELECT i.annual_raw FROM indicators i JOIN projects p ON p.id = i.project_id "
                        "WHERE p.name = '区机关事业单位医保基金' AND i.name LIKE '%报销率%'")
    a = answer(seed, "区机关事业单位医保基金的报销率目标是多少")
    assert raw in a.answer, a.answer


# ---------------------------------------------------------------- a source the table has no column for


def test_a_source_a_table_does_not_print_is_refused_without_a_zero(two):
    for q in ("动物疫病预防控制中心的财政拨款是多少", "动物疫病预防控制中心的财政拨款占花都农业农村局财政拨款的多少"):
        a = answer(two, q)
        assert "没有" in a.answer and "财政拨款" in a.answer, a.answer
        assert figures(a.answer) == [], a.answer


def test_a_source_said_twice_is_read_twice(seed):
    uid = unit_id(seed, "社会保险基金")
    (part,), = sql(seed, "SELECT amount FROM amounts WHERE record_type = 'unit' AND unit_id = ? AND source = '财政拨款'", uid)
    (whole,), = sql(seed, "SELECT amount FROM amounts WHERE record_type = 'totals' AND source = '财政拨款'")
    pct = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))
    a = answer(seed, "社保中心的财政拨款占全局财政拨款的比例")
    assert pct in figures(a.answer), a.answer


def test_an_indicator_named_in_other_words_within_the_project(tmp_path):
    db = _build(tmp_path / "panyu.db", ["forms-panyu-edu-2024.json"])
    (name, raw), = sql(db, "SELECT i.name, i.annual_raw FROM indicators i JOIN projects p ON p.id = i.project_id "
                           "WHERE p.name = '学生资助专项资金' AND i.annual_unit = '人' AND i.name LIKE '资助%'")
    a = answer(db, "学生资助专项资金的资助学生人数目标是多少")
    assert name in a.answer and raw in a.answer, a.answer


def test_a_word_left_over_is_named_as_the_question_says_it(seed):
    """The words before it are taken off without moving it (按时完成 was reported as 年度指标)."""
    a = answer(seed, "就业中心的项目里有没有叫做乌托邦计划的")
    assert "乌托邦" in a.answer and figures(a.answer) == [], a.answer


# ---------------------------------------------------------------- what a question says besides names


def test_projects_lacking_a_level_are_not_those_having_it(seed):
    (n,), = sql(seed, "SELECT COUNT(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE "
                      "i.project_id = p.id AND (i.level1 LIKE '%满意度%' OR i.level2 LIKE '%满意度%'))")
    for q in ("哪些项目没有满意度指标", "没有设置满意度指标的项目有几个"):
        a = answer(seed, q)
        assert f"共{n}个" in a.answer and "没有满意度" in a.answer, a.answer


def test_largest_less_smallest(seed):
    (hi,), = sql(seed, "SELECT MAX(total_value) FROM projects")
    (lo,), = sql(seed, "SELECT MIN(total_value) FROM projects")
    a = answer(seed, "人社局最贵的项目和最便宜的项目差多少钱")
    assert (Decimal(str(hi)) - Decimal(str(lo))).quantize(Decimal("0.01")) in figures(a.answer), a.answer


def test_average_per_unit_and_per_unit_averages(seed):
    units = sql(seed, "SELECT u.total, (SELECT COUNT(*) FROM projects p WHERE p.unit_id = u.id) FROM units u")
    per_unit = (sum(Decimal(t) for t, _ in units) / len(units)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert per_unit in figures(answer(seed, "人社局平均每个单位多少钱").answer)
    a = answer(seed, "人社局各单位平均每个项目多少钱")
    for total, n in units:
        assert (Decimal(total) / n).quantize(Decimal("0.01"), ROUND_HALF_UP) in figures(a.answer), a.answer


def test_two_asks_in_one_question(seed):
    uid = unit_id(seed, "社会保险基金")
    (n_projects,), = sql(seed, "SELECT COUNT(*) FROM projects WHERE unit_id = ?", uid)
    (n_indicators,), = sql(seed, "SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id "
                                 "WHERE p.unit_id = ?", uid)
    a = answer(seed, "社保中心有多少个项目，多少条指标")
    assert {Decimal(n_projects), Decimal(n_indicators)} <= set(figures(a.answer)), a.answer
    (other,), = sql(seed, "SELECT amount FROM amounts WHERE record_type = 'totals' AND source = '其他资金'")
    a = answer(seed, "人社局的项目钱里，财政拨款是多少、其他资金是多少？")
    assert Decimal(other) in figures(a.answer), a.answer


def test_twins_told_apart_in_words(seed):
    rows = dict(sql(seed, "SELECT name, total FROM projects WHERE name LIKE '社会化管理人员生活费%'"))
    plain = rows.pop("社会化管理人员生活费")
    (marked,) = rows.values()
    a = answer(seed, "社会化管理人员生活费（不带符号的那个）预算多少")
    assert Decimal(plain) in figures(a.answer) and Decimal(marked) not in figures(a.answer), a.answer
    a = answer(seed, "区高级技工学校免学费补助两个项目之间差了多少")
    (x,), (y,) = sql(seed, "SELECT total FROM projects WHERE name LIKE '区高级技工学校免学费补助%'")
    assert abs(Decimal(x) - Decimal(y)) in figures(a.answer), a.answer


def test_a_level_filter_no_step_reads_is_not_understood_or_read(seed):
    """满意度指标平均目标值 is a mean of targets, not of budgets; 有满意度指标的项目中预算最多 keeps the filter."""
    vals = [Decimal(v) for v, in sql(seed, "SELECT annual_value FROM indicators WHERE annual_unit = '%' AND "
                                           "annual_value IS NOT NULL AND (level1 LIKE '%满意度%' OR level2 LIKE '%满意度%')")]
    a = answer(seed, "满意度指标平均目标值")
    assert (sum(vals) / len(vals)).quantize(Decimal("0.01"), ROUND_HALF_UP) in figures(a.answer), a.answer
    (name,), = sql(seed, "SELECT p.name FROM projects p WHERE EXISTS (SELECT 1 FROM indicators i WHERE i.project_id = p.id "
                         "AND (i.level1 LIKE '%满意度%' OR i.level2 LIKE '%满意度%')) ORDER BY p.total_value DESC LIMIT 1")
    assert f"「{name}」" in answer(seed, "有满意度指标的项目中预算最多的是哪个").answer
    rows = sql(seed, "SELECT p.total FROM projects p WHERE EXISTS (SELECT 1 FROM indicators i WHERE i.project_id = p.id "
                     "AND (i.level1 LIKE '%质量%' OR i.level2 LIKE '%质量%'))")
    assert sum(Decimal(t) for t, in rows) in figures(answer(seed, "设有质量指标的项目一共多少钱").answer)


def test_rows_kept_by_how_many_they_hold(seed):
    units = [n for n, c in sql(seed, "SELECT u.name, (SELECT COUNT(*) FROM projects p WHERE p.unit_id = u.id) FROM units u")
             if c > 10]
    for q in ("有哪些单位的项目数超过10个", "项目数超过10个的单位有几个"):
        a = answer(seed, q)
        assert f"共{len(units)}个" in a.answer and all(u in a.answer for u in units), a.answer
    projects = [n for n, c in sql(seed, "SELECT p.name, (SELECT COUNT(*) FROM indicators i WHERE i.project_id = p.id) "
                                        "FROM projects p") if c >= 8]
    a = answer(seed, "有8条以上指标的项目有几个")
    assert f"共{len(projects)}个" in a.answer, a.answer


def test_units_ranked_by_a_source_share_of_their_own_total(two):
    rows = sql(two, "SELECT u.name, CAST(a.amount AS REAL) / u.total_value FROM units u JOIN amounts a ON "
                    "a.unit_id = u.id AND a.record_type = 'unit' AND a.source = '其他资金' WHERE u.total_value > 0")
    best = max(rows, key=lambda r: r[1])[0]
    a = answer(two, "哪个单位的其他资金占比最高")
    assert best in a.answer and "%" in a.answer, a.answer


@pytest.mark.parametrize("question, indicator", [
    ("社保补贴人数目标是多少", "社会保险补贴人数"),  # 社保 for 社会保险, no project named
    ("创业资助人数要达到多少", "一次性创业资助人数"),  # 人数 here is a head count an indicator holds, not staff
    ("欠薪线索查证率是多少", "欠薪线索事项查证率"),
])
def test_an_indicator_named_in_other_words(seed, question, indicator):
    targets = [t for t, in sql(seed, "SELECT annual_raw FROM indicators WHERE name = ?", indicator)]
    a = answer(seed, question)
    assert targets and indicator in a.answer and all(t in a.answer for t in targets), a.answer


def test_staff_head_counts_are_still_refused(seed):
    for q in ("人社局有多少人", "社保中心的工作人员有几个"):
        a = answer(seed, q)
        assert "没有人员" in a.answer and figures(a.answer) == [], a.answer


def test_the_largest_project_then_its_goal_and_unit_and_money(seed):
    (pname, goal, total, unit), = sql(seed, "SELECT name, goal, total, unit_name FROM projects ORDER BY total_value DESC LIMIT 1")
    a = answer(seed, "预算最高的项目的绩效目标是什么")
    assert pname in a.answer and goal[:20] in a.answer, a.answer
    (iname, itotal, iunit), = sql(seed, "SELECT p.name, p.total, p.unit_name FROM projects p ORDER BY "
                                        "(SELECT COUNT(*) FROM indicators i WHERE i.project_id = p.id) DESC LIMIT 1")
    a = answer(seed, "指标最多的项目是哪个单位的，多少钱")
    assert iunit in a.answer and Decimal(itotal) in figures(a.answer), a.answer


def test_colloquial_amounts(seed):
    (total,), = sql(seed, "SELECT total FROM documents")
    assert Decimal(total) in figures(answer(seed, "整个人社局的项目加一块儿多少钱").answer)  # 一块儿 is not 1 块
    (n,), = sql(seed, "SELECT COUNT(*) FROM projects WHERE total_value >= 10000")  # 上亿: at least 1亿元 (10000万元)
    a = answer(seed, "人社局有没有上亿的项目")
    assert (n == 0) == ("没有" in a.answer), a.answer
    (goal,), = sql(seed, "SELECT goal FROM projects ORDER BY total_value LIMIT 1")
    assert goal[:15] in answer(seed, "最少的那笔钱是干什么用的").answer


def test_twin_mark_said_before_the_name_and_a_quoted_level_word_in_names(seed):
    rows = dict(sql(seed, "SELECT name, total FROM projects WHERE name LIKE '企业离休干部补贴%'"))
    plain = rows.pop("企业离休干部补贴")
    (marked,) = rows.values()
    a = answer(seed, "带撇的企业离休干部补贴多少钱")
    assert Decimal(marked) in figures(a.answer) and Decimal(plain) not in figures(a.answer), a.answer
    (n,), = sql(seed, "SELECT COUNT(*) FROM indicators WHERE name LIKE '%满意度%'")
    assert f"共{n}条" in answer(seed, "指标名称中有“满意度”的指标有几条").answer


def test_a_project_named_with_words_left_out(seed):
    (total,), = sql(seed, "SELECT total FROM projects WHERE name = '医保基金计算机智能审核系统服务费'")
    assert Decimal(total) in figures(answer(seed, "医保智能审核系统服务费的预算").answer)
    rows = sql(seed, "SELECT total FROM projects WHERE name LIKE '%三支一扶%计划补助资金%'")
    a = answer(seed, "三支一扶补助资金一共多少")
    assert sum(Decimal(t) for t, in rows) in figures(a.answer), a.answer


def test_units_of_the_projects_a_word_finds(seed):
    units = {u for u, in sql(seed, "SELECT DISTINCT unit_name FROM projects WHERE goal LIKE '%乡村振兴%'")}
    a = answer(seed, "目标里提到乡村振兴的项目分别属于哪些单位")
    assert f"共{len(units)}个" in a.answer and all(u in a.answer for u in units), a.answer


def test_two_departments_compared_when_neither_is_named(tmp_path):
    """两个部门的项目资金相差多少: the two tables in scope, one against the other (expected from plain SQL)."""
    import hashlib
    import sqlite3
    from decimal import Decimal as D

    from extractor.ask import answer
    from extractor.evaluation.harness import gold_from_json
    from extractor.store import open_db, save_document

    path = tmp_path / "two.db"
    db = open_db(path)
    for name in ("conghua-hrss-2024.json", "hefeng-agri-2023.json"):
        gold = ROOT / "eval" / "gold" / name
        save_document(db, gold_from_json(gold), path=str(gold), sha256=hashlib.sha256(gold.read_bytes()).hexdigest(),
                      page_count=0, extractor="gold")
    db.conn.close()
    totals = [D(str(t)) for (t,) in sqlite3.connect(path).execute(
        "SELECT SUM(CAST(total AS REAL)) FROM units GROUP BY document_id ORDER BY document_id")]
    ans = answer(path, "两个部门的项目资金相差多少万元")
    assert ans.value is not None and abs(D(str(ans.value)) - abs(totals[0] - totals[1])) < D("0.01")
