#!/usr/bin/env python3
"""Build the second strict question set (问答评测集二): eval/qa/dev2.json and eval/qa/test2.json.

Written without looking at the question engine (extractor/ask/): the questions are the ones an
analyst, a journalist, an auditor or a member of the public would type, in loose word order,
colloquial and formal registers, with abbreviations (人社局, 社保中心, 卫健委, 疾控中心, 经管站 …),
Chinese numerals (一千万, 百分之百) and two-part questions. Every expected answer is computed
here from the gold JSON in plain Python (Decimal), reusing scripts/build_qa.py's fact loading and
figure formats; nothing is imported from `extractor`.

Databases:
  seed  — conghua-hrss-2024 (广州市从化区人力资源和社会保障局)
  panyu — forms-panyu-edu-2024 (广州市番禺区教育局, 申报表)
  two   — seed + forms-huadu-agri-2025 (广州市花都区农业农村局)
  three — yunxi-edu-2025 (临江市云溪区教育局, 2025, 万元) + linjiang-hwc-2024 (临江市卫生健康委员会,
          2024, 元) + hefeng-agri-2023 (禾丰县农业农村局, 2023, 万元): three departments of three
          years and two money units.

Expectations use the format of build_qa.py, scored by extractor/evaluation/strict_qa.py. Money is
stated in the document's own unit as stored (万元 for most; 元 for 临江市卫生健康委员会); where a
question compares or adds departments of different units it asks for 万元 and the figure is
derived (2 decimals). The split is stratified by kind, ~50/50, with a fixed seed.

Usage: python scripts/build_qa2.py
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_qa as base  # noqa: E402  (fact loading and figure formats; imports nothing from extractor)
from build_qa import annual, load, mid, money, money2, pct_value, ranked, ratio, share  # noqa: E402

OUT = base.OUT
SEED = 20261130

SEED_D, PANYU, HUADU = base.SEED_D, base.PANYU, base.HUADU
YUNXI = load("yunxi-edu-2025")
LINJ = load("linjiang-hwc-2024")
HEF = load("hefeng-agri-2023")
DBS = {"seed": [SEED_D], "panyu": [PANYU], "two": [SEED_D, HUADU], "three": [YUNXI, LINJ, HEF]}
GOLDS = {"seed": ["conghua-hrss-2024"], "panyu": ["forms-panyu-edu-2024"],
         "two": ["conghua-hrss-2024", "forms-huadu-agri-2025"],
         "three": ["yunxi-edu-2025", "linjiang-hwc-2024", "hefeng-agri-2023"]}
#: 元 per money unit of each department (to compare departments of different units in 万元).
WAN = {YUNXI.name: Decimal(1), LINJ.name: Decimal("0.0001"), HEF.name: Decimal(1),
       SEED_D.name: Decimal(1), HUADU.name: Decimal(1), PANYU.name: Decimal(1)}
PREFIXES = ("广州市从化区", "广州市番禺区", "广州市花都区", "临江市云溪区", "临江市", "禾丰县")
#: How questions name a department that also has a unit of its own name.
DEPT_WORDS = ("人社局", "人力资源和社会保障局", "番禺区教育局", "番禺教育局", "花都区农业农村局", "花都农业农村局",
              "云溪区教育局", "教育局", "卫健委", "卫生健康委员会", "禾丰县农业农村局", "农业农村局")
LINJ_NOTE = "临江市卫生健康委员会's table is in 元: the figure is in 元 as printed"


# ---------------------------------------------------------------- facts


def dept_short(name: str) -> str:
    """A department as an answer may name it: 从化区人力资源和社会保障局, 云溪区教育局, 卫生健康委员会."""
    for p in ("广州市", "临江市"):
        if name.startswith(p) and name != p:
            return name[len(p):]
    return name


def short(name: str) -> str:
    """A unit without its city / district / county prefix; a department's own office keeps its district."""
    if any(name == d.name for ds in DBS.values() for d in ds):
        return dept_short(name)
    for p in PREFIXES:
        if name.startswith(p) and name != p:
            return name[len(p):]
    return name


def projects(db: str) -> list:
    return [p for d in DBS[db] for p in d.projects]


def units(db: str) -> list:
    return [u for d in DBS[db] for u in d.units]


def project_names(db: str) -> list[str]:
    return [p.name for p in projects(db)]


def proj(db: str, name: str, unit_core: str | None = None):
    found = [p for p in projects(db) if p.name == name and (unit_core is None or p.unit.endswith(unit_core))]
    assert len(found) == 1, (name, unit_core, len(found))
    return found[0]


def unit(db: str, core: str):
    found = [u for u in units(db) if u.name.endswith(core)]
    assert len(found) == 1, (core, len(found))
    return found[0]


def ind(p, name: str) -> dict:
    found = [i for i in p.indicators if i["name"] == name]
    assert len(found) == 1, (p.name, name)
    return found[0]


def target(p, name: str) -> str:
    t = ind(p, name)["annual_target"]
    assert t["value"] is not None, name
    return t["value"] + ("%" if t["unit"] == "%" else "")


def avg(ps: list) -> str:
    x = sum((p.total for p in ps), Decimal(0)) / len(ps)
    assert (x * 1000) % 10 != 5 or (x * 1000) % 1 != 0, f"half-cent tie at {x}: an answer may round either way"
    return money2(x)


def wan(d, amount: Decimal) -> Decimal:
    return amount * WAN[d.name]


# ---------------------------------------------------------------- items

ITEMS: list[dict] = []


#: Kinds asked of one unit or project: a department's name in them does not mean the whole department.
PART_KINDS = ("amount_project", "amount_unit", "rank", "multi_hop")


def item_of(db: str, kind: str, question: str, figures=(), names=(), max_extra=None, candidates=(), note=None,
            part_kinds=PART_KINDS, dept_words=None) -> dict:
    """One item: the expectation (figures, names, at most `max_extra` other `candidates`), and a note
    that a department named (`dept_words`, default DEPT_WORDS) outside `part_kinds` means the
    department as a whole."""
    expect: dict = {}
    if figures:
        expect["figures"] = [str(f) for f in figures]
    if names:
        expect["names"] = list(dict.fromkeys(names))
    if max_extra is not None:
        expect["max_extra"] = max_extra
        expect["candidates"] = sorted(set(candidates))
        assert set(expect["names"]) <= set(expect["candidates"]), question
    assert expect, question
    item = {"db": db, "kind": kind, "question": question, "expect": expect}
    if kind not in part_kinds and any(w in question for w in dept_words or DEPT_WORDS) and "本级" not in question:
        whole = "the named department as a whole (all its units), not only the unit of the same name (本级)"
        note = f"{whole}; {note}" if note else whole
    if note:
        item["note"] = note
    return item


def ask(db: str, kind: str, question: str, figures=(), names=(), max_extra=None, candidates=(), note=None):
    ITEMS.append(item_of(db, kind, question, figures, names, max_extra, candidates, note))


def refuse(db: str, question: str, say: list[str], note: str, may_say=()):
    expect = {"refuse": True, "say_one_of": say}
    if may_say:
        expect["may_say"] = [str(m) for m in may_say]
    ITEMS.append({"db": db, "kind": "refuse", "question": question, "expect": expect, "note": note})


def amount_project():
    k = "amount_project"
    for db, q, name, core in [
        ("three", "卫健委那个基本公共卫生服务项目经费，预算是多少元？", "基本公共卫生服务项目经费", None),
        ("three", "禾丰县的高标准农田建设项目拢共安排了多少钱", "高标准农田建设项目", None),
        ("three", "云溪区教育局：校舍维修改造工程经费，金额？", "校舍维修改造工程经费", None),
        ("three", "请问临江市妇幼保健院医疗设备购置项目的预算金额为多少", "医疗设备购置项目", None),
        ("three", "农机购置与应用补贴资金大概多少万", "农机购置与应用补贴资金", None),
        ("three", "实验小学课后服务经费给了多少钱啊", "课后服务经费", None),
        ("three", "耕地质量监测经费的总额", "耕地质量监测经费", None),
        ("three", "困难群众医保缴费资助资金安排了多少？", "困难群众医保缴费资助资金", None),
        ("three", "一中的学生食堂运营经费多少", "学生食堂运营经费", None),
        ("seed", "社会化管理人员生活费（不带符号的那个）预算多少", "社会化管理人员生活费", None),
        ("seed", "想知道劳动保障监察协管员财政补助项目（2024年市补助）安排了多少万元",
         "劳动保障监察协管员财政补助项目（2024年市补助）（穗财社〔2023〕33）", None),
        ("seed", "从化人社局 区高级技工学校国家助学金 多少钱", "区高级技工学校国家助学金", None),
        ("seed", "医疗保险补助资金（代医保从化分中心申报的）金额是多少？",
         "医疗保险补助资金（代广州市医疗保险服务中心从化分中心申报）", None),
        ("seed", "社会申办退休退管服务这个项目总共给了多少", "社会申办退休退管服务（2024年市补助）（穗财社（2023）33号）", None),
        ("panyu", "中小学教师继续教育培训经费，总额多少？", "中小学教师继续教育培训经费", None),
        ("panyu", "番禺教育局学生资助专项资金一共多少钱", "学生资助专项资金", None),
        ("two", "花都那边农业面源污染治理项目的预算有多少？", "农业面源污染治理项目", None),
        ("two", "农业技术推广服务经费（花都区）多少钱", "农业技术推广服务经费", None),
        ("two", "从化区人社局的社会申办退管活动资金（不带·的）多少", "社会申办退管活动资金", None),
    ]:
        p = proj(db, name, core)
        ask(db, k, q, figures=[money(p.total)], note=LINJ_NOTE if p.dept == LINJ.name else None)


def amount_unit():
    k = "amount_unit"
    for db, q, core in [
        ("three", "疾控中心的项目资金合计多少元？", "疾病预防控制中心"),
        ("three", "禾丰县农村经营管理站一共有多少项目经费", "农村经营管理站"),
        ("three", "云溪区实验小学的项目加起来多少钱", "实验小学"),
        ("three", "教师发展中心项目支出合计是多少", "教师发展中心"),
        ("three", "卫生监督执法支队的项目预算总额", "卫生健康综合监督执法支队"),
        ("three", "农技推广中心（禾丰县）总共多少钱", "农业技术推广中心"),
        ("three", "云溪一中的项目资金有多少", "第一中学"),
        ("three", "妇幼保健院项目经费有多少？", "妇幼保健院"),
        ("seed", "社保基金管理中心项目总额是多少万元？", "社会保险基金管理中心"),
        ("seed", "就业服务管理中心那边项目资金拢共多少", "劳动就业服务管理中心"),
        ("seed", "请给出区公费医疗管理委员会办公室的项目支出合计", "公费医疗管理委员会办公室"),
        ("seed", "城乡居保中心一共多少项目经费", "城乡居民保险管理中心"),
        ("seed", "退休职工管理委员会办公室的项目金额合计是多少", "退休职工管理委员会办公室"),
        ("panyu", "番禺区教育局本级（局机关）项目经费多少？", "番禺区教育局"),
        ("two", "花都动物疫病预防控制中心项目资金有多少", "动物疫病预防控制中心"),
    ]:
        u = unit(db, core)
        note = LINJ_NOTE if u.dept == LINJ.name else None
        ask(db, k, q, figures=[money(u.total)], note=note)
    ask("three", k, "卫健委本级（委机关自己）的项目资金是多少元", figures=[money(unit("three", "临江市卫生健康委员会").total)],
        note="the unit 临江市卫生健康委员会 itself, not the department total; " + LINJ_NOTE)
    ask("three", k, "教育局本级的项目一共多少万元？", figures=[money(unit("three", "云溪区教育局").total)],
        note="the unit 临江市云溪区教育局 itself (局本级), not the department total")


def amount_source():
    k = "amount_source"
    ask("three", k, "云溪区教育局的政府性基金预算拨款一共多少", figures=[money(YUNXI.source("政府性基金预算拨款"))])
    ask("three", k, "卫健委拿到的上级补助收入总共多少元？", figures=[money(LINJ.source("上级补助收入"))], note=LINJ_NOTE)
    ask("three", k, "禾丰县农业农村局财政专户拨款有多少？", figures=[money(HEF.source("财政专户拨款"))])
    ask("three", k, "妇幼保健院的事业收入是多少元", figures=[money(unit("three", "妇幼保健院").sources["事业收入"])],
        note=LINJ_NOTE)
    ask("three", k, "课后服务经费里财政专户管理资金占了多少钱", figures=[money(proj("three", "课后服务经费").sources["财政专户管理资金"])])
    ask("three", k, "高标准农田建设项目的其他资金是多少", figures=[money(proj("three", "高标准农田建设项目").sources["其他资金"])])
    ask("three", k, "卫健委的上年结转一共多少？", figures=[money(LINJ.source("上年结转"))],
        note="上年结转 is a funding column of the table: answerable, not a question about last year; " + LINJ_NOTE)
    ask("three", k, "云溪一中安排了多少单位资金", figures=[money(unit("three", "第一中学").sources["单位资金"])])
    ask("three", k, "云溪区教育局财政专户管理资金合计", figures=[money(YUNXI.source("财政专户管理资金"))])
    ask("seed", k, "人社局的项目钱里，财政拨款是多少、其他资金是多少？",
        figures=[money(SEED_D.source("财政拨款")), money(SEED_D.source("其他资金"))])
    ask("seed", k, "退休人员移交退管活动资金是什么钱？财政拨款还是其他资金，多少",
        names=["其他资金"], figures=[money(proj("seed", "退休人员移交退管活动资金").total)])
    ask("panyu", k, "学生资助专项资金里政府性基金有多少", figures=[money(proj("panyu", "学生资助专项资金").sources["政府性基金"])])
    ask("panyu", k, "番禺区教育局的事业收入总共多少？", figures=[money(PANYU.source("事业收入"))])
    ask("two", k, "花都区农业农村局的单位资金合计多少", figures=[money(HUADU.source("单位资金"))])
    ask("two", k, "高标准农田建设项目（花都）安排了多少一般公共预算", figures=[money(proj("two", "高标准农田建设项目").sources["一般公共预算"])])


def totals():
    k = "total"
    ask("three", k, "云溪区教育局2025年项目支出一共多少万元？", figures=[money(YUNXI.total)],
        note="2025 is the year the table holds: answerable")
    ask("three", k, "临江市卫健委所有项目加总是多少元", figures=[money(LINJ.total)], note=LINJ_NOTE)
    ask("three", k, "禾丰县农业农村局项目预算总计", figures=[money(HEF.total)])
    ask("three", k, "农业农村局这张表的合计数是多少？", figures=[money(HEF.total)],
        note="the only 农业农村局 in this database is 禾丰县's")
    ask("three", k, "教育局连同下属单位总共安排了多少项目资金", figures=[money(YUNXI.total)],
        note="the only 教育局 in this database is 云溪区's")
    ask("three", k, "三个部门的项目资金加起来一共多少万元（元折算成万元，保留两位小数）",
        figures=[money2(sum((wan(d, d.total) for d in DBS["three"]), Decimal(0)))],
        note="the sum across departments because the question asks for it; 元 converted to 万元")
    ask("seed", k, "从化人社局项目支出拢共多少？", figures=[money(SEED_D.total)])
    ask("seed", k, "人社局的项目预算总盘子有多大", figures=[money(SEED_D.total)])
    ask("seed", k, "这个部门的项目资金合计", figures=[money(SEED_D.total)])
    ask("panyu", k, "番禺区教育局五个项目一共多少万元？", figures=[money(PANYU.total)])
    ask("two", k, "花都农业农村局的项目总额", figures=[money(HUADU.total)])
    ask("two", k, "人社局项目资金总计多少（只算人社局）", figures=[money(SEED_D.total)])


def counts():
    k = "count"
    n_l1 = lambda d, l1: sum(1 for i in d.indicators if i["level1"] == l1)  # noqa: E731
    n_l2 = lambda d, l2: sum(1 for i in d.indicators if i["level2"] == l2)  # noqa: E731
    ask("three", k, "云溪区教育局一共报了几个项目？", figures=[len(YUNXI.projects)])
    ask("three", k, "卫健委的项目分属几个单位（含委本级）", figures=[len(LINJ.units)])
    ask("three", k, "禾丰县农业农村局总共有多少条绩效指标", figures=[len(HEF.indicators)])
    ask("three", k, "疾控中心有几个项目", figures=[len(unit("three", "疾病预防控制中心").projects)])
    ask("three", k, "禾丰县农业农村局有多少条一级指标是成本指标的？", figures=[n_l1(HEF, "成本指标")],
        note="indicators whose 一级指标 is 成本指标")
    ask("three", k, "卫健委的社会效益指标有几条", figures=[n_l2(LINJ, "社会效益指标")],
        note="indicators whose 二级指标 is 社会效益指标")
    big = [p for p in LINJ.projects if p.total > 10_000_000]
    ask("three", k, "卫健委超过一千万元的项目有几个", figures=[len(big)], note="total above 10,000,000 元")
    ask("three", k, "三个部门一共有多少个项目", figures=[sum(len(d.projects) for d in DBS["three"])],
        note="the sum across departments because the question asks for it")
    ask("three", k, "云溪区教育局的满意度指标总共几条？", figures=[n_l1(YUNXI, "满意度指标")])
    ask("three", k, "教师发展中心有多少个项目，多少条指标",
        figures=[len(unit("three", "教师发展中心").projects),
                 sum(len(p.indicators) for p in unit("three", "教师发展中心").projects)])
    ask("seed", k, "人社局下面的社保中心一共报了多少个项目", figures=[len(unit("seed", "社会保险基金管理中心").projects)])
    ask("seed", k, "从化人社局的产出指标有多少条", figures=[n_l1(SEED_D, "产出指标")])
    ask("seed", k, "金额在一千万元以上的项目有几个？", figures=[sum(1 for p in SEED_D.projects if p.total > 1000)],
        note="total above 1000 万元")
    ask("seed", k, "退管办几个项目？", figures=[len(unit("seed", "退休职工管理委员会办公室").projects)])
    ask("seed", k, "效益指标总共有几条", figures=[n_l1(SEED_D, "效益指标")])
    ask("panyu", k, "番禺区教育局一共几个单位报了项目", figures=[len(PANYU.units)])
    ask("panyu", k, "番禺教育局的产出指标共有多少条？", figures=[n_l1(PANYU, "产出指标")])
    ask("two", k, "花都区农业农村局一共有几个项目，几个单位（含局本级）", figures=[len(HUADU.projects), len(HUADU.units)])


def averages():
    k = "average"
    tot = lambda ps: [p.total for p in ps]  # noqa: E731
    ask("three", k, "云溪区教育局平均一个项目多少钱", figures=[avg(YUNXI.projects)])
    ask("three", k, "卫健委项目金额的中位数是多少元？", figures=[mid(tot(LINJ.projects))],
        note="20 projects: the mean of the 10th and 11th; " + LINJ_NOTE)
    ask("three", k, "禾丰县农业农村局项目的平均金额", figures=[avg(HEF.projects)])
    ask("three", k, "禾丰县农业农村局项目金额中位数", figures=[mid(tot(HEF.projects))])
    ask("three", k, "卫健委平均每个项目多少元", figures=[avg(LINJ.projects)], note=LINJ_NOTE)
    ask("three", k, "云溪区教育局的项目金额，中位数大概是多少", figures=[mid(tot(YUNXI.projects))])
    ask("three", k, "云溪一中几个项目平均下来每个多少钱？", figures=[avg(unit("three", "第一中学").projects)])
    ask("seed", k, "人社局项目的平均规模", figures=[avg(SEED_D.projects)])
    ask("seed", k, "社保中心项目金额的中位数", figures=[mid(tot(unit("seed", "社会保险基金管理中心").projects))])
    ask("seed", k, "公医办平均每个项目多少万元", figures=[avg(unit("seed", "公费医疗管理委员会办公室").projects)])
    ask("panyu", k, "番禺教育局每个项目平均多少钱？", figures=[avg(PANYU.projects)])
    ask("two", k, "花都区农业农村局平均一个项目多少", figures=[avg(HUADU.projects)])


def ranks():
    k = "rank"
    cands = lambda db: project_names(db)  # noqa: E731
    yp, lp, hp = ranked(YUNXI.projects), ranked(LINJ.projects), ranked(HEF.projects)
    ask("three", k, "云溪区教育局哪个项目钱最多？", names=[yp[0].name], figures=[money(yp[0].total)])
    ask("three", k, "禾丰县农业农村局金额最小的项目", names=[hp[-1].name], figures=[money(hp[-1].total)])
    ask("three", k, "卫健委预算排前三的项目", names=[p.name for p in lp[:3]], max_extra=0, candidates=cands("three"))
    ask("three", k, "禾丰县农业农村局第二大的项目是什么？多少钱", names=[hp[1].name], figures=[money(hp[1].total)])
    lu = sorted(LINJ.units, key=lambda u: u.total, reverse=True)
    ask("three", k, "卫健委里哪个单位项目资金最多", names=[short(lu[0].name)], figures=[money(lu[0].total)],
        note="the unit (委本级 counts as a unit); " + LINJ_NOTE)
    ask("three", k, "云溪区教育局最少的两个项目是哪两个", names=[p.name for p in yp[-2:]], max_extra=0,
        candidates=cands("three"))
    top = max(((d, p) for d in DBS["three"] for p in d.projects), key=lambda dp: wan(dp[0], dp[1].total))[1]
    ask("three", k, "三个部门所有项目里（元折成万元比较）金额最大的是哪个项目", names=[top.name],
        note="compared in one unit: 元 / 10000 = 万元")
    hu = sorted(HEF.units, key=lambda u: u.total)
    ask("three", k, "禾丰县农业农村局下属各单位里，哪个单位的项目资金最少", names=[short(hu[0].name)], figures=[money(hu[0].total)])
    ask("three", k, "临江卫健委排第五的项目是哪个", names=[lp[4].name], figures=[money(lp[4].total)], note=LINJ_NOTE)
    sp = ranked(SEED_D.projects)
    ask("seed", k, "人社局第三大的项目是哪个", names=[sp[2].name], figures=[money(sp[2].total)])
    ask("seed", k, "从化人社局资金排名前五的项目", names=[p.name for p in sp[:5]], max_extra=0, candidates=cands("seed"))
    su = sorted(SEED_D.units, key=lambda u: u.total, reverse=True)
    ask("seed", k, "从化区人社局各单位里资金第二多的是谁", names=[short(su[1].name)], figures=[money(su[1].total)])
    js = ranked(unit("seed", "劳动就业服务管理中心").projects, reverse=False)
    ask("seed", k, "就业中心金额最小的项目", names=[js[0].name], figures=[money(js[0].total)])
    pp = ranked(PANYU.projects)
    ask("panyu", k, "番禺区教育局第二大的项目是哪个？", names=[pp[1].name], figures=[money(pp[1].total)])
    pu = sorted(PANYU.units, key=lambda u: u.total)
    ask("panyu", k, "番禺教育局哪个单位的资金最少", names=[short(pu[0].name)], figures=[money(pu[0].total)])
    hd = ranked(HUADU.projects, reverse=False)
    ask("two", k, "花都区农业农村局金额最小的项目是哪个", names=[hd[0].name], figures=[money(hd[0].total)])


def shares():
    k = "share"
    ask("three", k, "云溪区教育局的政府性基金预算拨款占项目总额的百分之几", figures=[share(YUNXI.source("政府性基金预算拨款"), YUNXI.total)])
    ask("three", k, "卫健委本级的项目资金占整个卫健委的比重", figures=[share(unit("three", "临江市卫生健康委员会").total, LINJ.total)],
        note="the unit 临江市卫生健康委员会 over the department total")
    ask("three", k, "高标准农田建设项目在禾丰县农业农村局总额里占多少比例", figures=[share(proj("three", "高标准农田建设项目").total, HEF.total)])
    ask("three", k, "禾丰县农业农村局的其他资金占比", figures=[share(HEF.source("其他资金"), HEF.total)])
    ask("three", k, "卫健委的事业收入占项目资金的比例是多少", figures=[share(LINJ.source("事业收入"), LINJ.total)])
    ask("three", k, "义务教育阶段学校公用经费补助占云溪区教育局项目总额的百分比",
        figures=[share(proj("three", "义务教育阶段学校公用经费补助").total, YUNXI.total)])
    ask("three", k, "疾控中心占卫健委项目资金的比重是多少？", figures=[share(unit("three", "疾病预防控制中心").total, LINJ.total)])
    ask("seed", k, "公医办占了人社局项目资金的几成？给个百分比", figures=[share(unit("seed", "公费医疗管理委员会办公室").total, SEED_D.total)])
    ask("seed", k, "退管办的项目资金里，财政拨款所占比例是多少",
        figures=[share(unit("seed", "退休职工管理委员会办公室").sources["财政拨款"], unit("seed", "退休职工管理委员会办公室").total)])
    ask("seed", k, "2024年就业补助资金（市补助）占就业中心资金的比例",
        figures=[share(proj("seed", "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）").total,
                       unit("seed", "劳动就业服务管理中心").total)])
    ask("panyu", k, "校园安全保卫服务经费占番禺区教育局项目总额的比例", figures=[share(proj("panyu", "校园安全保卫服务经费").total, PANYU.total)])
    ask("two", k, "花都区农业农村局的单位资金占该局项目总额的比重", figures=[share(HUADU.source("单位资金"), HUADU.total)])


def compare():
    k = "compare"
    diff = lambda a, b: money(abs(a - b))  # noqa: E731
    t = lambda db, name, core=None: proj(db, name, core).total  # noqa: E731
    u = lambda db, core: unit(db, core).total  # noqa: E731
    ask("three", k, "校舍维修改造工程经费比校园安全保卫服务经费多多少钱",
        figures=[diff(t("three", "校舍维修改造工程经费"), t("three", "校园安全保卫服务经费"))])
    ask("three", k, "卫健委本级的项目资金是疾控中心的几倍", figures=[ratio(u("three", "临江市卫生健康委员会"), u("three", "疾病预防控制中心"))])
    ask("three", k, "禾丰县农技推广中心和动物疫病预防控制中心，项目资金差多少",
        figures=[diff(u("three", "农业技术推广中心"), u("three", "动物疫病预防控制中心"))])
    ask("three", k, "基本公共卫生服务项目经费是免疫规划疫苗接种经费的多少倍",
        figures=[ratio(t("three", "基本公共卫生服务项目经费"), t("three", "免疫规划疫苗接种经费"))])
    ask("three", k, "高标准农田建设项目比耕地地力保护补贴资金多多少？",
        figures=[diff(t("three", "高标准农田建设项目"), t("three", "耕地地力保护补贴资金"))])
    ask("three", k, "云溪一中和实验小学的项目经费相差多少", figures=[diff(u("three", "第一中学"), u("three", "实验小学"))])
    ask("three", k, "妇幼保健院比卫生监督执法支队多多少元", figures=[diff(u("three", "妇幼保健院"), u("three", "卫生健康综合监督执法支队"))],
        note=LINJ_NOTE)
    ask("seed", k, "就业中心的钱是社保中心的几倍？", figures=[ratio(u("seed", "劳动就业服务管理中心"), u("seed", "社会保险基金管理中心"))])
    ask("seed", k, "区高级技工学校免学费补助两个项目之间差了多少",
        figures=[diff(t("seed", "区高级技工学校免学费补助"), t("seed", "区高级技工学校免学费补助·"))])
    ask("seed", k, "公医办和城乡居保中心差多少钱", figures=[diff(u("seed", "公费医疗管理委员会办公室"), u("seed", "城乡居民保险管理中心"))])
    ask("panyu", k, "中小学教师继续教育培训经费是名师工作室建设经费的几倍？",
        figures=[ratio(t("panyu", "中小学教师继续教育培训经费"), t("panyu", "名师工作室建设经费"))])
    ask("two", k, "花都的动物疫病强制免疫经费比农业技术推广服务经费多多少",
        figures=[diff(t("two", "动物疫病强制免疫经费"), t("two", "农业技术推广服务经费"))])


def goal_mentions():
    k = "goal_mentions"

    def with_word(ps, word):
        return [p.name for p in ps if word in p.goal]

    for db, q, scope, word in [
        ("three", "禾丰县农业农村局哪些项目的绩效目标提到了培训？", HEF.projects, "培训"),
        ("three", "卫健委有哪些项目，目标里写了养老", LINJ.projects, "养老"),
        ("three", "云溪区教育局绩效目标中涉及就业的项目", YUNXI.projects, "就业"),
        ("three", "三个部门里，绩效目标提到养老的项目都有哪些？", projects("three"), "养老"),
        ("three", "目标里有“乡村振兴”的项目，卫健委有哪些", LINJ.projects, "乡村振兴"),
        ("three", "禾丰县农业农村局：目标中提到就业的项目是哪些", HEF.projects, "就业"),
        ("seed", "人社局哪些项目的绩效目标写到了档案", SEED_D.projects, "档案"),
        ("seed", "目标里提养老的项目有哪些？", SEED_D.projects, "养老"),
        ("panyu", "番禺教育局的项目中，绩效目标提到安全的是哪些", PANYU.projects, "安全"),
        ("panyu", "目标里讲到教师的项目，番禺教育局有哪几个", PANYU.projects, "教师"),
    ]:
        names = with_word(scope, word)
        assert names, q
        ask(db, k, q, names=names, max_extra=0, candidates=project_names(db),
            note=f"projects (of the named scope) whose 绩效目标 contains {word}")
    ask("three", k, "云溪区教育局绩效目标提到培训的项目有几个？", figures=[len(with_word(YUNXI.projects, "培训"))],
        note="each project once (the two 教师继续教育培训经费 of two units count as two)")
    ask("three", k, "卫健委目标里提到“培训”二字的项目数量", figures=[len(with_word(LINJ.projects, "培训"))])
    ask("seed", k, "绩效目标里出现就业两个字的项目有几个", figures=[len(with_word(SEED_D.projects, "就业"))])


def indicator_filter():
    k = "indicator_filter"

    def n(d, pred):
        return sum(1 for i in d.indicators if pred(i))

    def names(d, pred):
        return [i["name"] for i in d.indicators if pred(i)]

    eq100 = lambda i: pct_value(i) == 100 and annual(i).get("op") == "="  # noqa: E731
    ge = lambda v: (lambda i: pct_value(i) is not None and pct_value(i) >= v and annual(i).get("op") in ("=", "≥", ">"))  # noqa: E731
    unit_is = lambda u: (lambda i: annual(i).get("unit") == u)  # noqa: E731
    qual = lambda i: annual(i).get("value") is None  # noqa: E731
    all_ind = lambda d: [i["name"] for i in d.indicators]  # noqa: E731
    ask("three", k, "云溪区教育局有几条指标的年度目标是百分之百", figures=[n(YUNXI, eq100)], note="= 100% (100.00% alike)")
    ask("three", k, "卫健委哪个指标是按千分比（‰）算的？", names=names(LINJ, unit_is("‰")), max_extra=0, candidates=all_ind(LINJ))
    ask("three", k, "禾丰县农业农村局以“元/亩”为单位的指标一共几条", figures=[n(HEF, unit_is("元/亩"))])
    ask("three", k, "卫健委以人次计的指标有几条？", figures=[n(LINJ, unit_is("人次"))], note="人次 only, not 人")
    hours = names(LINJ, unit_is("小时"))
    assert len(hours) == 1
    ask("three", k, "有没有按小时考核的指标？是哪一个，目标多少", names=hours,
        figures=[next(i for i in LINJ.indicators if i["name"] == hours[0])["annual_target"]["value"]])
    days = names(HEF, unit_is("天"))
    assert len(days) == 1
    ask("three", k, "禾丰县农业农村局以“天”为单位的指标是哪个", names=days)
    ask("three", k, "云溪区教育局目标值不低于95%的指标有多少条", figures=[n(YUNXI, ge(95))],
        note="annual value in %, at least 95 (=, ≥, >)")
    ask("three", k, "卫健委的定性指标（没有数值的）共有几条", figures=[n(LINJ, qual)])
    zero = lambda i: annual(i).get("op") == "=" and annual(i).get("value") is not None and Decimal(annual(i)["value"]) == 0  # noqa: E731
    ask("three", k, "云溪区教育局里目标值定为0的指标有哪些", names=names(YUNXI, zero), max_extra=0,
        candidates=all_ind(YUNXI), note="annual target = 0 (0人, 0次)")
    ask("three", k, "禾丰县农业农村局有多少条指标用“≤”设了上限", figures=[n(HEF, lambda i: annual(i).get("op") == "≤")])
    ask("seed", k, "人社局以“%”为单位的指标有几条", figures=[n(SEED_D, unit_is("%"))])
    ask("seed", k, "指标值写成百分之百的指标一共多少条？", figures=[n(SEED_D, eq100)], note="= 100% (100.00% alike)")
    ask("seed", k, "从化人社局有几条指标的目标值在90%或以上", figures=[n(SEED_D, ge(90))],
        note="annual value in %, at least 90 (=, ≥, >)")
    ask("panyu", k, "番禺教育局的定性指标有几条", figures=[n(PANYU, qual)])
    ask("two", k, "花都区农业农村局以“%”计量的指标有多少条？", figures=[n(HUADU, unit_is("%"))])


def project_indicators():
    k = "project_indicators"
    for db, q, pname, core, pred in [
        ("three", "卫生健康信息化建设项目有哪些质量指标", "卫生健康信息化建设项目", None, lambda i: i["level2"] == "质量指标"),
        ("three", "禾丰县高标准农田建设项目设了哪些成本指标？", "高标准农田建设项目", None, lambda i: i["level1"] == "成本指标"),
        ("three", "校车运营补助经费的产出指标有哪些", "校车运营补助经费", None, lambda i: i["level1"] == "产出指标"),
        ("three", "免疫规划疫苗接种经费，数量指标都有啥", "免疫规划疫苗接种经费", None, lambda i: i["level2"] == "数量指标"),
        ("three", "种子质量抽检经费的满意度指标是什么", "种子质量抽检经费", None, lambda i: i["level1"] == "满意度指标"),
        ("three", "智慧校园建设经费的效益指标有哪些？", "智慧校园建设经费", None, lambda i: i["level1"] == "效益指标"),
        ("three", "医疗设备购置项目有哪些效益指标", "医疗设备购置项目", None, lambda i: i["level1"] == "效益指标"),
        ("seed", "就业补助资金（不带·那个）的产出指标有哪些", "就业补助资金", None, lambda i: i["level1"] == "产出指标"),
        ("seed", "社会申办退休退管服务的满意度指标是什么？", "社会申办退休退管服务（2024年市补助）（穗财社（2023）33号）", None,
         lambda i: i["level1"] == "满意度指标"),
        ("panyu", "名师工作室建设经费的数量指标有哪些", "名师工作室建设经费", None, lambda i: i["level2"] == "数量指标"),
        ("two", "农业面源污染治理项目设置了哪些效果指标？", "农业面源污染治理项目", None, lambda i: i["level1"] == "效果指标"),
    ]:
        p = proj(db, pname, core)
        want = [i["name"] for i in p.indicators if pred(i)]
        assert want, q
        ask(db, k, q, names=want, max_extra=0, candidates=[i["name"] for i in p.indicators],
            note="other indicators of the project must not be listed")
    p = proj("three", "课后服务经费")
    ask("three", k, "课后服务经费一共几条指标，分别叫什么", figures=[len(p.indicators)], names=[i["name"] for i in p.indicators])


def indicator_target():
    k = "indicator_target"
    for db, q, pname, core, iname in [
        ("three", "学生食堂运营经费里，每餐伙食成本上限定的多少", "学生食堂运营经费", None, "学生每餐伙食成本"),
        ("three", "基本公共卫生服务项目经费要管理多少65岁以上老人", "基本公共卫生服务项目经费", None, "65岁及以上老年人健康管理人数"),
        ("three", "孕产妇和儿童健康管理项目的婴儿死亡率控制目标是多少", "孕产妇和儿童健康管理项目", None, "婴儿死亡率"),
        ("three", "耕地地力保护补贴每亩补多少钱", "耕地地力保护补贴资金", None, "亩均补贴标准"),
        ("three", "村级动物防疫员补助经费覆盖多少个防疫员", "村级动物防疫员补助经费", None, "村级动物防疫员人数"),
        ("three", "中职学生就业创业指导经费的毕业生就业率目标", "中等职业学校学生就业创业指导经费", None, "毕业生就业率"),
        ("three", "禾丰县农业农村局本级的乡村振兴驻镇帮镇扶村工作经费，要派驻多少个镇", "乡村振兴驻镇帮镇扶村工作经费",
         "禾丰县农业农村局", "派驻工作队镇数"),
        ("three", "校舍维修改造工程经费对校舍使用年限的要求是多少年", "校舍维修改造工程经费", None, "校舍使用年限"),
        ("three", "重大传染病防控经费（不带撇的）突发疫情响应时间要求几个小时以内", "重大传染病防控经费", None, "突发疫情响应时间"),
        ("three", "计划生育家庭特别扶助金的扶助对象有多少人", "计划生育家庭特别扶助金", None, "扶助对象人数"),
        ("seed", "区机关事业单位医保基金的满意度目标定在多少", "区机关事业单位医保基金", None, None),
        ("panyu", "学生资助专项资金计划资助多少名学生", "学生资助专项资金", None, None),
        ("two", "动物疫病强制免疫经费的免疫密度目标是多少？", "动物疫病强制免疫经费", None, None),
    ]:
        p = proj(db, pname, core)
        if iname is None:
            iname = _pick(p, q)
        note = f"annual target of {iname}"
        if p.dept == LINJ.name and ind(p, iname)["annual_target"]["unit"] == "‰":
            note += " (‰)"
        ask(db, k, q, figures=[target(p, iname)], note=note)


def _pick(p, question: str) -> str:
    """The one indicator of p a question names loosely (满意度, 资助…人数, 免疫密度)."""
    if "满意度" in question:
        found = [i["name"] for i in p.indicators if "满意度" in i["name"] and i["annual_target"]["value"]]
    elif "资助" in question:
        found = [i["name"] for i in p.indicators if "资助" in i["name"] and i["annual_target"]["unit"] in ("人", "人次")]
    else:
        found = [i["name"] for i in p.indicators if "免疫密度" in i["name"]]
    assert len(found) == 1, (p.name, found)
    return found[0]


def multi_hop():
    k = "multi_hop"
    most = max(YUNXI.units, key=lambda u: len(u.projects))
    assert sum(1 for u in YUNXI.units if len(u.projects) == len(most.projects)) == 1
    ask("three", k, "云溪区教育局里项目最多的单位，它的项目资金合计多少？", names=[short(most.name)], figures=[money(most.total)])
    top = max(LINJ.projects, key=lambda p: len(p.indicators))
    assert sum(1 for p in LINJ.projects if len(p.indicators) == len(top.indicators)) == 1
    ask("three", k, "卫健委指标最多的项目是哪个，预算多少元", names=[top.name], figures=[money(top.total)], note=LINJ_NOTE)
    poor = min(HEF.units, key=lambda u: u.total)
    ask("three", k, "禾丰县农业农村局资金最少的单位有几个项目", figures=[len(poor.projects)])
    big = ranked(HEF.projects)[0]
    ask("three", k, "禾丰县农业农村局最贵的项目设了多少条指标", figures=[len(big.indicators)], names=[big.name])
    fewest = min(LINJ.units, key=lambda u: len(u.projects))
    assert sum(1 for u in LINJ.units if len(u.projects) == len(fewest.projects)) == 1
    ask("three", k, "卫健委项目最少的那个单位，项目资金总共多少元", names=[short(fewest.name)], figures=[money(fewest.total)],
        note=LINJ_NOTE)
    rich = max(YUNXI.units, key=lambda u: u.total)
    p = ranked(rich.projects, reverse=False)[0]
    ask("three", k, "云溪区教育局资金最多的单位里，最小的项目是哪个", names=[p.name], figures=[money(p.total)])
    mostp = max(DBS["three"], key=lambda d: len(d.projects))
    ask("three", k, "项目数量最多的部门，它的绩效指标一共多少条", names=[dept_short(mostp.name)], figures=[len(mostp.indicators)])
    most_s = max(SEED_D.units, key=lambda u: len(u.projects))
    ask("seed", k, "人社局项目最多的单位，资金一共多少", names=[short(most_s.name)], figures=[money(most_s.total)])
    top_s = ranked(SEED_D.projects)[0]
    ask("seed", k, "金额最大的那个项目有几条绩效指标", names=[top_s.name], figures=[len(top_s.indicators)])
    few = min(SEED_D.units, key=lambda u: len(u.projects))
    assert sum(1 for u in SEED_D.units if len(u.projects) == len(few.projects)) == 1
    ask("seed", k, "从化区人社局项目最少的单位是哪个？它的钱有多少", names=[short(few.name)], figures=[money(few.total)])
    pm = max(PANYU.projects, key=lambda p: len(p.indicators))
    assert sum(1 for p in PANYU.projects if len(p.indicators) == len(pm.indicators)) == 2
    hm = max(HUADU.units, key=lambda u: u.total)
    ask("two", k, "花都区农业农村局资金最多的单位，有几个项目", names=[short(hm.name)], figures=[len(hm.projects)])


def twins():
    k = "twins"
    t = lambda name, core=None: money(proj("three", name, core).total)  # noqa: E731
    ask("three", k, "教研活动专项经费是多少？", figures=[t("教研活动专项经费"), t("教研活动专项经费·")],
        note="two projects of this name (one with a trailing ·): both must be reported")
    ask("three", k, "重大传染病防控经费多少钱", figures=[t("重大传染病防控经费"), t("重大传染病防控经费’")],
        note="two projects of this name (one with a trailing ’), in 元: both must be reported")
    ask("three", k, "禾丰县农业技术推广服务经费安排了多少", figures=[t("农业技术推广服务经费"), t("农业技术推广服务经费·")],
        note="two projects of this name (one with a trailing ·): both")
    ask("three", k, "卫健委的编外人员经费有多少元？",
        names=[short(proj("three", "编外人员经费", c).unit) for c in ("疾病预防控制中心", "妇幼保健院")],
        figures=[t("编外人员经费", "疾病预防控制中心"), t("编外人员经费", "妇幼保健院")],
        note="same name in two units of 卫健委: both, with their units (教育系统编外人员经费 is another project)")
    ask("three", k, "教师继续教育培训经费多少钱，分别是哪个单位的",
        names=[short(proj("three", "教师继续教育培训经费", c).unit) for c in ("云溪区教育局", "教师发展中心")],
        figures=[t("教师继续教育培训经费", "云溪区教育局"), t("教师继续教育培训经费", "教师发展中心")],
        note="same name in two units: both, with their units")
    ask("three", k, "乡村振兴驻镇帮镇扶村工作经费两个单位各安排了多少",
        figures=[t("乡村振兴驻镇帮镇扶村工作经费", "禾丰县农业农村局"), t("乡村振兴驻镇帮镇扶村工作经费", "农村经营管理站")])
    ask("three", k, "两个教研活动专项经费加起来是多少", figures=[money(
        proj("three", "教研活动专项经费").total + proj("three", "教研活动专项经费·").total)])
    ask("three", k, "带撇号的那个重大传染病防控经费’，钱从哪个渠道来的，多少元",
        names=["上级补助收入"], figures=[t("重大传染病防控经费’")])
    s = lambda name, core=None: money(proj("seed", name, core).total)  # noqa: E731
    ask("seed", k, "社会申办退管活动资金多少钱", figures=[s("社会申办退管活动资金"), s("社会申办退管活动资金·")],
        note="two projects of this name: both")
    ask("seed", k, "企业职教幼教退休教师生活补贴费有几个，各多少",
        figures=[s("企业职教幼教退休教师生活补贴费"), s("企业职教幼教退休教师生活补贴费’")])
    ask("seed", k, "编外人员经费(1)-临聘人员经费是多少？是哪个单位的",
        names=[short(proj("seed", "编外人员经费(1)-临聘人员经费", c).unit) for c in ("劳动就业服务管理中心", "退休职工管理委员会办公室")],
        figures=[s("编外人员经费(1)-临聘人员经费", "劳动就业服务管理中心")],
        note="same name, same amount, in two units: both units")
    ask("seed", k, "自谋职业随军家属申领基本生活补贴和社会保险补贴一共多少", figures=[money(
        proj("seed", "广州市自谋职业随军家属申领基本生活补贴和社会保险补贴").total
        + proj("seed", "广州市自谋职业随军家属申领基本生活补贴和社会保险补贴·").total)],
        note="two projects of this name: their sum, as the question asks 一共")


def multi_dept():
    k = "multi_dept"
    d3 = DBS["three"]
    ask("three", k, "库里都有哪些部门，分别是哪一年的预算？", names=[dept_short(d.name) for d in d3],
        figures=[d.year for d in d3])
    y2024 = [d for d in d3 if d.year == 2024]
    assert len(y2024) == 1
    ask("three", k, "哪个部门的数据是2024年的", names=[dept_short(y2024[0].name)])
    ask("three", k, "三个部门各有多少个项目？", figures=sorted({len(d.projects) for d in d3}))
    big = max(d3, key=lambda d: wan(d, d.total))
    ask("three", k, "按万元比，哪个部门的项目资金最多，多少万元", names=[dept_short(big.name)], figures=[money(big.total)],
        note="卫健委's 元 converted to 万元 before comparing")
    ask("three", k, "禾丰县农业农村局是哪一年的项目支出绩效目标表", figures=[HEF.year])
    diff = abs(wan(YUNXI, YUNXI.total) - wan(LINJ, LINJ.total))
    ask("three", k, "云溪区教育局和卫健委的项目总额差多少万元", figures=[money2(diff)],
        note="卫健委's 元 converted to 万元; 2 decimals")
    own = [d for d in d3 if d.source("单位资金")]
    assert len(own) == 1
    ask("three", k, "哪个部门的资金来源里有单位资金？金额是多少", names=[dept_short(own[0].name)], figures=[money(own[0].source("单位资金"))])
    few = min(d3, key=lambda d: len(d.projects))
    ask("three", k, "哪个部门项目最少", names=[dept_short(few.name)], figures=[len(few.projects)])
    ask("three", k, "三个部门的绩效指标总共有多少条", figures=[sum(len(d.indicators) for d in d3)],
        note="the sum across departments because the question asks for it")
    ask("three", k, "各部门分别有几个单位（含本级）", figures=sorted({len(d.units) for d in d3}))
    ask("three", k, "卫健委的项目资金总额（元）和禾丰县农业农村局的（万元）分别是多少",
        figures=[money(LINJ.total), money(HEF.total)], note="per department, each in its own unit")
    d2 = DBS["two"]
    ask("two", k, "这个库里有几个部门？分别是谁", names=[dept_short(d.name) for d in d2], figures=[len(d2)])
    ask("two", k, "两个部门的项目资金分别多少", figures=[money(d.total) for d in d2])
    ask("two", k, "人社局和花都区农业农村局各有多少条绩效指标", figures=[len(d.indicators) for d in d2])
    few2 = min(d2, key=lambda d: len(d.projects))
    ask("two", k, "哪个部门的项目更少？", names=[dept_short(few2.name)], figures=[len(few2.projects)])


def refusals():
    r = refuse
    last = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份", "上一年"]
    done = ["执行", "实际", "完成", "决算", "支出进度"]
    this_year = ["这一年度", "该年度", "这一年", "该年"]  # the refusal may name the year by reference
    not_here = ["该部门", "此部门", "这个部门", "数据库", "库中", "库里"]
    r("three", "云溪区教育局2024年的项目资金是多少？", ["2024", "2025"] + this_year, "云溪区教育局's table is for 2025", [YUNXI.year])
    r("three", "2025年禾丰县农业农村局安排了多少项目经费", ["2025", "2023"] + this_year, "禾丰县's table is for 2023", [HEF.year])
    r("three", "卫健委2023年的基本公共卫生服务项目经费", ["2023", "2024"] + this_year, "卫健委's table is for 2024", [LINJ.year])
    r("three", "基本公共卫生服务项目经费执行了多少", done, "a target table has no execution")
    r("three", "妇幼保健院每名职工平均摊到多少项目经费", ["人均", "人数", "人员", "职工"], "no head count in the table")
    r("three", "云溪区人社局的项目预算有多少", ["人社", "人力资源"] + not_here, "department not in the database")
    r("three", "高标准农田建设项目去年建了多少亩", last, "no prior year")
    r("three", "校车运营补助经费实际发了多少钱？", done, "budget, not actual spending")
    r("three", "妇幼保健院的基本支出是多少", ["基本支出"], "the table lists project expenditure only")
    r("three", "卫健委的项目资金比上年增长了百分之几", last, "no prior year")
    r("three", "禾丰县农业农村局的决算数是多少？", ["决算"], "budget table, not final accounts")
    r("three", "学生资助专项资金到现在的支出进度怎么样", done + ["进度"], "no execution data")
    r("three", "禾丰县水利局有多少项目", ["水利局"] + not_here, "department not in the database")
    r("three", "义务教育阶段学校公用经费补助每个月拨多少", ["月", "每月", "月度"],
      "no monthly figures (the 1150元/生·年 standard is per pupil per year)")
    r("seed", "从化人社局前年的项目经费总额", last + ["前年"], "the table holds one budget year")
    r("seed", "社保中心今年实际花了多少钱", done, "budget, not actual spending")
    r("seed", "就业补助资金的执行进度到哪了", done + ["进度"], "no execution data")
    r("seed", "从化区教育局的项目总额是多少？", ["教育局"] + not_here, "department not in the database")
    r("seed", "公医办每个员工平均分到多少经费", ["人均", "人数", "人员", "员工"], "no head count")
    r("seed", "退管办的项目去年和今年比怎么样", last, "no prior year")
    r("panyu", "番禺区教育局每位教职工摊到多少项目经费", ["人均", "人数", "人员", "教职工", "职工"], "no staff count in the forms")
    r("panyu", "校园安全保卫服务经费上一年花了多少", last, "no prior year (上年结转 is a source, not last year's budget)")
    r("panyu", "2023年番禺区教育局的项目总额", ["2023", "2024"] + this_year, "the forms are for 2024", [PANYU.year])
    r("two", "花都区农业农村局的决算支出多少", ["决算"], "budget, not final accounts")
    r("two", "白云区人社局有几个项目？", ["白云"] + not_here, "department not in the database")
    r("two", "高标准农田建设项目完成得怎么样了", done, "targets, not results")


def more_seed_and_numerals():
    """More phrasings on the seed (so that each kind has about five there) and numbers written in words."""
    su = lambda core: unit("seed", core)  # noqa: E731
    sp = lambda name, core=None: proj("seed", name, core)  # noqa: E731
    ask("seed", "amount_source", "公医办的财政拨款有多少", figures=[money(su("公费医疗管理委员会办公室").sources["财政拨款"])])
    ask("seed", "amount_source", "退管办安排了多少其他资金？", figures=[money(su("退休职工管理委员会办公室").sources["其他资金"])])
    ask("seed", "amount_source", "就业中心的资金里财政拨款是多少", figures=[money(su("劳动就业服务管理中心").sources["财政拨款"])])
    ask("seed", "total", "人社局这一年的项目资金合计是多少万元", figures=[money(SEED_D.total)])
    ask("seed", "total", "从化区人力资源和社会保障局全部单位的项目经费加在一起是多少", figures=[money(SEED_D.total)])
    js = [p.total for p in su("劳动就业服务管理中心").projects]
    ask("seed", "average", "就业中心项目金额的中位数是多少", figures=[mid(js)], note="6 projects: the mean of the 3rd and 4th")
    ask("seed", "average", "公医办三个项目金额的中位数", figures=[mid([p.total for p in su("公费医疗管理委员会办公室").projects])])
    low = ranked(SEED_D.projects, reverse=False)[0]
    ask("seed", "rank", "人社局里最便宜的项目是哪个，多少钱", names=[low.name], figures=[money(low.total)])
    ask("seed", "share", "社保中心占人社局项目资金的百分比", figures=[share(su("社会保险基金管理中心").total, SEED_D.total)])
    ask("seed", "share", "城乡居保中心在全局项目资金里占百分之几", figures=[share(su("城乡居民保险管理中心").total, SEED_D.total)])
    ask("seed", "compare", "人社局本级比退管办多多少钱", figures=[money(su("从化区人力资源和社会保障局").total - su("退休职工管理委员会办公室").total)],
        note="the unit 广州市从化区人力资源和社会保障局 (局本级)")
    ask("seed", "compare", "就业补助资金是带点的就业补助资金·的几倍", figures=[ratio(sp("就业补助资金").total, sp("就业补助资金·").total)])
    ask("seed", "goal_mentions", "目标里有“退休”二字的项目有多少个", figures=[sum(1 for p in SEED_D.projects if "退休" in p.goal)])
    ask("seed", "goal_mentions", "绩效目标中写到“保障”的项目数是多少", figures=[sum(1 for p in SEED_D.projects if "保障" in p.goal)])
    raw90 = sum(1 for i in SEED_D.indicators if (annual(i).get("raw") or "").strip() == "90%或以上")
    ask("seed", "indicator_filter", "目标值写着“90%或以上”的指标有几条", figures=[raw90], note="annual value printed exactly 90%或以上")
    ask("seed", "indicator_filter", "人社局有几条指标是用“≤”设上限的", figures=[sum(1 for i in SEED_D.indicators if annual(i).get("op") == "≤")])
    for q, name, pred in [
        ("区高级技工学校免学费补助（不带·的）有哪些社会效益指标", "区高级技工学校免学费补助", lambda i: i["level2"] == "社会效益"),
        ("三支一扶计划补助资金（2024年市补助）的效益指标是哪些", "高校毕业生“三支一扶”计划补助资金（2024年市补助）（穗财社（2023）33号）",
         lambda i: i["level1"] == "效益指标"),
        ("区机关事业单位医保基金有哪些时效指标？", "区机关事业单位医保基金", lambda i: i["level2"] == "时效指标"),
    ]:
        p = sp(name)
        want = [i["name"] for i in p.indicators if pred(i)]
        assert want, q
        ask("seed", "project_indicators", q, names=want, max_extra=0, candidates=[i["name"] for i in p.indicators],
            note="other indicators of the project must not be listed")
    for q, name, iname in [
        ("2024年就业补助资金里一次性创业资助人数的目标是多少人", "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）", "一次性创业资助人数"),
        ("区高级技工学校免学费补助（不带·的）因贫辍学人数控制在几人以内", "区高级技工学校免学费补助", "因贫辍学人数"),
        ("三支一扶（2024年市补助）的服务期满率要达到多少", "高校毕业生“三支一扶”计划补助资金（2024年市补助）（穗财社（2023）33号）",
         "“三支一扶”高校毕业生的服务期满率"),
        ("社会化管理人员生活费（不带符号的那个）群众满意度目标是多少", "社会化管理人员生活费", "群众对社保工作满意度"),
    ]:
        ask("seed", "indicator_target", q, figures=[target(sp(name), iname)], note=f"annual target of {iname}")
    most = max(SEED_D.projects, key=lambda p: len(p.indicators))
    assert sum(1 for p in SEED_D.projects if len(p.indicators) == len(most.indicators)) == 1
    ask("seed", "multi_hop", "指标条数最多的项目，它的预算是多少", names=[most.name], figures=[money(most.total)])
    ask("seed", "twins", "区高级技工学校免学费补助加上带点的那个，合计多少",
        figures=[money(sp("区高级技工学校免学费补助").total + sp("区高级技工学校免学费补助·").total)])
    # numbers in words, and amounts that must be read in the document's unit
    ask("three", "count", "禾丰县农业农村局金额不到一百万元的项目有几个", figures=[sum(1 for p in HEF.projects if p.total < 100)],
        note="total below 100 万元")
    ask("three", "count", "卫健委不足100万元的项目有多少个", figures=[sum(1 for p in LINJ.projects if p.total < 1_000_000)],
        note="total below 1,000,000 元 (the table is in 元)")
    ge90 = sum(1 for i in LINJ.indicators if pct_value(i) is not None and pct_value(i) >= 90 and annual(i).get("op") in ("=", "≥", ">"))
    ask("three", "indicator_filter", "卫健委目标值不低于百分之九十的指标有几条", figures=[ge90],
        note="annual value in %, at least 90 (=, ≥, >)")


def build() -> list[dict]:
    for step in (amount_project, amount_unit, amount_source, totals, counts, averages, ranks, shares, compare,
                 goal_mentions, indicator_filter, project_indicators, indicator_target, multi_hop, twins,
                 multi_dept, refusals, more_seed_and_numerals):
        step()
    for n, item in enumerate(ITEMS, 1):
        ITEMS[n - 1] = {"id": f"r{n:03d}", **item}
    return ITEMS


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """Stratified by kind: each kind shuffled with a fixed seed, its first half (rounded at random) to dev2."""
    rng = random.Random(SEED)
    dev, test = [], []
    for kind in sorted({i["kind"] for i in items}):
        group = [i for i in items if i["kind"] == kind]
        rng.shuffle(group)
        half = len(group) // 2 + (rng.random() < 0.5 if len(group) % 2 else 0)
        dev += group[:half]
        test += group[half:]
    order = lambda i: i["id"]  # noqa: E731
    return sorted(dev, key=order), sorted(test, key=order)


def main() -> None:
    items = build()
    assert len({i["question"] for i in items}) == len(items), "duplicate question"
    assert not {i["question"] for i in base.build()} & {i["question"] for i in items}, "a question of the first set"
    for i in items:  # a refusal states no number; its expected words are not figures
        assert not i["expect"].get("refuse") or "figures" not in i["expect"]
    dev, test = split(items)
    meta = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "scripts/build_qa2.py (answers computed from the gold JSON in plain Python, "
                    "written without reading the engine)",
        "databases": {db: [f"../gold/{g}.json" for g in golds] for db, golds in GOLDS.items()},
    }
    for name, part, desc in (("dev2", dev, "Tune on this split."),
                             ("test2", test, "Report on this split; never tune the engine on it.")):
        doc = {**meta, "split": name, "description": desc, "items": part}
        (OUT / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    kinds = Counter(i["kind"] for i in items)
    print(f"{len(items)} items: dev2 {len(dev)}, test2 {len(test)}")
    print("by db:", dict(Counter(i["db"] for i in items)))
    for kind, n in sorted(kinds.items()):
        print(f"  {kind:20s} {n:3d}  dev2 {sum(i['kind'] == kind for i in dev)}  test2 {sum(i['kind'] == kind for i in test)}")


if __name__ == "__main__":
    main()
