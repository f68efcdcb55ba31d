"""Yes/no questions asked many ways (是否/是不是/有没有/有无/…吗/…没有/对吗/能否说/可不可以说/难道/…了没): the answer
opens with 是/否 (or 有/没有) and carries the fact that decides it. Our own phrasings, not from any QA set;
every expected verdict and figure comes from plain SQL over the stored gold.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT, gold_db, sql
from extractor.ask import answer
from extractor.evaluation.strict_qa import number_tokens

YES = re.compile(r"^(是|有)")
NO = re.compile(r"^(否|不是|没有)")



@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    return gold_db(tmp_path_factory, "three", ["yunxi-edu-2025.json", "linjiang-hwc-2024.json", "hefeng-agri-2023.json"])


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    return gold_db(tmp_path_factory, "two", ["conghua-hrss-2024.json", "forms-huadu-agri-2025.json"])



def said(value, text: str) -> bool:
    want = Decimal(str(value)).quantize(Decimal("0.01"))
    return any(v.quantize(Decimal("0.01")) == want for v, _, _ in number_tokens(text.split("（据")[0]))


def verdict(text: str) -> bool | None:
    return True if YES.match(text) else False if NO.match(text) else None


def amount(db: Path, name: str) -> Decimal:
    (v,), = sql(db, "SELECT total_value FROM projects WHERE name = ? ORDER BY total_value DESC LIMIT 1", name)
    return Decimal(str(v))


# ---------------------------------------------------------------- a named project's amount against a figure said

@pytest.mark.parametrize("question, name, op, figure", [
    ("就业补助资金是否超过1000万元？", "就业补助资金", ">", 1000),
    ("就业补助资金有没有超过2000万元", "就业补助资金", ">", 2000),
    ("就业补助资金超过1000万了吗", "就业补助资金", ">", 1000),
    ("就业补助资金不到1000万元吧，对吗", "就业补助资金", "<", 1000),
    ("区机关事业单位医保基金达到6000万元了没", "区机关事业单位医保基金", "≥", 6000),
    ("能否说动物疫病强制免疫经费少于500万元？", "动物疫病强制免疫经费", "<", 500),
    ("可不可以说农业技术推广服务经费不到200万元", "农业技术推广服务经费", "<", 200),
    ("难道高标准农田建设项目的金额低于1000万元？", "高标准农田建设项目", "<", 1000),
])
def test_an_amount_against_a_figure_opens_with_the_verdict_and_gives_the_figure(two, question, name, op, figure):
    got = amount(two, name)
    holds = {">": got > figure, "<": got < figure, "≥": got >= figure}[op]
    a = answer(two, question)
    assert verdict(a.answer) is holds, a.answer
    assert said(got, a.answer), a.answer


@pytest.mark.parametrize("question, name, figure", [("校舍维修改造工程经费有无超过2000万元", "校舍维修改造工程经费", 2000),
                                                    ("耕地地力保护补贴资金超过3000万元没有", "耕地地力保护补贴资金", 3000)])
def test_other_yes_no_words_with_a_figure(three, question, name, figure):
    got = amount(three, name)
    a = answer(three, question)
    assert verdict(a.answer) is (got > figure), a.answer
    assert said(got, a.answer), a.answer


# ---------------------------------------------------------------- comparisons: the sign found against the one asked

@pytest.mark.parametrize("question, left, right, more", [
    ("高标准农田建设项目比动物疫病强制免疫经费多吗", "高标准农田建设项目", "动物疫病强制免疫经费", True),
    ("动物疫病强制免疫经费是不是比农业面源污染治理项目多", "动物疫病强制免疫经费", "农业面源污染治理项目", True),
    ("农业技术推广服务经费的金额高于动物疫病强制免疫经费吗", "农业技术推广服务经费", "动物疫病强制免疫经费", True),
    ("农业面源污染治理项目比高标准农田建设项目少吗", "农业面源污染治理项目", "高标准农田建设项目", False),
])
def test_two_projects_compared(two, question, left, right, more):
    a_, b_ = amount(two, left), amount(two, right)
    a = answer(two, question)
    assert verdict(a.answer) is ((a_ > b_) if more else (a_ < b_)), a.answer
    assert said(a_, a.answer) and said(b_, a.answer), a.answer


def test_two_departments_compared_by_money_and_by_projects(two):
    (small, n_small), (big, n_big) = sql(two, "SELECT SUM(total_value), COUNT(*) FROM projects GROUP BY document_id "
                                              "ORDER BY document_id DESC")  # 花都 (2) first, then 从化 (1)
    a = answer(two, "花都区农业农村局的项目资金是否比从化区人社局多")
    assert verdict(a.answer) is (small > big), a.answer
    a = answer(two, "从化区人社局是不是比花都区农业农村局项目多")
    assert verdict(a.answer) is (n_big > n_small), a.answer
    assert str(n_big) in a.answer and str(n_small) in a.answer


# ---------------------------------------------------------------- counts bounded, membership, sources

@pytest.mark.parametrize("question, dept, op, n", [("从化区人社局的项目是否超过10个", "从化", ">", 10),
                                                   ("花都区农业农村局的项目有没有超过5个", "花都", ">", 5),
                                                   ("花都区农业农村局有4个项目吗", "花都", "=", 4)])
def test_a_count_against_a_bound(two, question, dept, op, n):
    (count,), = sql(two, "SELECT COUNT(*) FROM projects p JOIN documents d ON d.id = p.document_id "
                         "WHERE d.department LIKE ?", f"%{dept}%")
    a = answer(two, question)
    assert verdict(a.answer) is {">": count > n, "=": count == n}[op], a.answer
    assert str(count) in a.answer.split("（据")[0], a.answer


@pytest.mark.parametrize("question", ["高标准农田建设项目是花都区农业农村局的项目吗", "从化区人社局有没有高标准农田建设项目",
                                      "动物疫病强制免疫经费是不是农业技术推广中心的项目"])
def test_membership(two, question):
    def owner(name):
        (dept, unit), = sql(two, "SELECT d.department, un.name FROM projects p JOIN units un ON un.id = p.unit_id "
                                 "JOIN documents d ON d.id = p.document_id WHERE p.name = ?", name)
        return dept, unit
    truth = {"花都区农业农村局的": "花都" in owner("高标准农田建设项目")[0],
             "从化区人社局有没有": "从化" in owner("高标准农田建设项目")[0],
             "农业技术推广中心的": "农业技术推广中心" in owner("动物疫病强制免疫经费")[1]}
    key = next(k for k in truth if k in question)
    a = answer(two, question)
    assert verdict(a.answer) is truth[key], a.answer


@pytest.mark.parametrize("question, name, source", [("农业技术推广服务经费有没有用到单位资金", "农业技术推广服务经费", "单位资金"),
                                                    ("退休人员移交退管活动资金用的是其他资金吗", "退休人员移交退管活动资金", "其他资金")])
def test_a_source_used_or_not(two, question, name, source):
    (sources,), = sql(two, "SELECT sources FROM projects WHERE name = ? ORDER BY total_value DESC LIMIT 1", name)
    value = Decimal(json.loads(sources).get(source, "0"))
    a = answer(two, question)
    assert verdict(a.answer) is (value > 0), a.answer
    assert said(value, a.answer), a.answer


# ---------------------------------------------------------------- indicator targets and goal words

@pytest.mark.parametrize("question, project, op, figure", [
    ("高标准农田建设项目的满意度目标是不是≥95%", "高标准农田建设项目", "≥", 95),
    ("动物疫病强制免疫经费的免疫抗体合格率目标是不是70%", "动物疫病强制免疫经费", "=", 70),
])
def test_a_target_said_is_checked_against_the_projects_own(two, question, project, op, figure):
    like = "%满意度%" if "满意度" in question else "%免疫抗体合格率%"
    (raw,), = sql(two, "SELECT i.annual_raw FROM indicators i JOIN projects p ON p.id = i.project_id "
                       "WHERE p.name = ? AND i.name LIKE ?", project, like)
    got = Decimal(re.search(r"\d+(\.\d+)?", raw).group(0))
    a = answer(two, question)
    assert verdict(a.answer) is (got >= figure if op == "≥" else got == figure), a.answer
    assert raw in a.answer, a.answer


@pytest.mark.parametrize("question, project, word", [("高标准农田建设项目的目标里有没有提到竣工验收", "高标准农田建设项目", "竣工验收"),
                                                     ("动物疫病强制免疫经费的目标有没有提到培训", "动物疫病强制免疫经费", "培训")])
def test_goal_words(two, question, project, word):
    (goal,), = sql(two, "SELECT goal FROM projects WHERE name = ? AND document_id = 2", project)
    a = answer(two, question)
    assert verdict(a.answer) is (word in goal), a.answer


def test_every_department_or_not(three):
    docs = {d for (d,) in sql(three, "SELECT DISTINCT document_id FROM projects WHERE sources LIKE '%其他资金%'")}
    (n,), = sql(three, "SELECT COUNT(*) FROM documents")
    a = answer(three, "三个部门是不是都有项目用到其他资金")
    assert verdict(a.answer) is (len(docs) == n), a.answer


def test_a_department_not_in_the_database_is_no_and_states_no_figure(two):
    a = answer(two, "数据库里有没有番禺区教育局的表")
    assert verdict(a.answer) is False, a.answer
    assert not number_tokens(a.answer.split("（相关信息")[0]), a.answer
    assert verdict(answer(two, "数据库里有没有花都区农业农村局的绩效目标表").answer) is True
