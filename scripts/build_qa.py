#!/usr/bin/env python3
"""Build the strict question-answering sets (问答评测集): eval/qa/dev.json and eval/qa/heldout.json.

Questions are written as analysts, journalists and auditors ask them (colloquial, formal,
abbreviated: 人社局, 社保中心, 技工学校 …). Every expected answer is computed here, in plain
Python with Decimal, from the gold JSON files alone: this script imports nothing from
`extractor`, so the answers do not inherit the engine's or the store's bugs.

Three databases:
  seed  — eval/gold/conghua-hrss-2024.json (广州市从化区人力资源和社会保障局, 6 units, 47 projects)
  panyu — eval/gold/forms-panyu-edu-2024.json (广州市番禺区教育局, 申报表, 2024)
  two   — seed + eval/gold/forms-huadu-agri-2025.json (广州市花都区农业农村局, 批复表)

Expectations (scored by extractor/evaluation/strict_qa.py on the answer text only):
  figures — numbers that must appear: money in the document's unit (万元) as stored; derived
            money (averages, medians of an even count) to 2 decimals; shares and ratios to 1
            decimal (shares as "x.y%"); counts as integers;
  names   — names that must appear (project names in full as stored, trailing mark included;
            units and departments without the 广州市/广州市X区 prefix), optionally with
            max_extra over a list of candidates;
  refuse  — the table cannot answer: the answer must say so and state no number but the
            question's own (and, for a year outside the table, the year it holds: may_say).

The split is stratified by kind, ~50/50, with a fixed seed. Usage: python scripts/build_qa.py
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
OUT = ROOT / "eval" / "qa"
SEED = 20240614
PREFIXES = ("广州市从化区", "广州市番禺区", "广州市花都区")


# ---------------------------------------------------------------- facts from the gold


@dataclass
class Proj:
    dept: str
    unit: str
    name: str
    total: Decimal
    sources: dict
    goal: str
    indicators: list


@dataclass
class Unit:
    dept: str
    name: str
    total: Decimal
    sources: dict
    projects: list = field(default_factory=list)


@dataclass
class Dept:
    name: str
    year: int | None
    units: list

    @property
    def projects(self) -> list[Proj]:
        return [p for u in self.units for p in u.projects]

    @property
    def total(self) -> Decimal:
        # Forms print no 合计: the department total is the sum of its projects (checked against
        # the printed 合计 where there is one, in load()).
        return sum((p.total for p in self.projects), Decimal(0))

    def source(self, label: str) -> Decimal:
        return sum((p.sources.get(label, Decimal(0)) for p in self.projects), Decimal(0))

    @property
    def indicators(self) -> list[dict]:
        return [i for p in self.projects for i in p.indicators]


def load(stem: str) -> Dept:
    data = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    dec = lambda s: {k: Decimal(v) for k, v in s.items()}  # noqa: E731
    units = []
    for u in data["units"]:
        unit = Unit(data["department"], u["name"], Decimal(u["amounts"]["total"]), dec(u["amounts"]["sources"]))
        for p in u["projects"]:
            unit.projects.append(Proj(data["department"], u["name"], p["name"], Decimal(p["amounts"]["total"]),
                                      dec(p["amounts"]["sources"]), p.get("goal") or "", p["indicators"]))
        assert unit.total == sum(p.total for p in unit.projects), unit.name
        units.append(unit)
    dept = Dept(data["department"], data.get("budget_year"), units)
    if data["totals"].get("total"):
        assert Decimal(data["totals"]["total"]) == dept.total
    return dept


SEED_D = load("conghua-hrss-2024")
PANYU = load("forms-panyu-edu-2024")
HUADU = load("forms-huadu-agri-2025")
DBS = {"seed": [SEED_D], "panyu": [PANYU], "two": [SEED_D, HUADU]}


def short(name: str) -> str:
    """A unit as an answer may name it: without the city and district prefix (社会保险基金管理中心),
    except a department's own office, which keeps its district (番禺区教育局)."""
    if any(name == d.name for ds in DBS.values() for d in ds):
        return dept_short(name)
    for p in PREFIXES:
        if name.startswith(p) and name != p:
            return name[len(p):]
    return name


def dept_short(name: str) -> str:
    return name.removeprefix("广州市")


def all_projects(db: str) -> list[Proj]:
    return [p for d in DBS[db] for p in d.projects]


def all_units(db: str) -> list[Unit]:
    return [u for d in DBS[db] for u in d.units]


def proj(db: str, name: str, unit: str | None = None) -> Proj:
    found = [p for p in all_projects(db) if p.name == name and (unit is None or p.unit.endswith(unit))]
    assert len(found) == 1, (name, len(found))
    return found[0]


def unit(db: str, core: str) -> Unit:
    found = [u for u in all_units(db) if u.name.endswith(core)]
    assert len(found) == 1, (core, len(found))
    return found[0]


def dept(db: str, core: str) -> Dept:
    found = [d for d in DBS[db] if core in d.name]
    assert len(found) == 1, core
    return found[0]


# ---------------------------------------------------------------- how figures are written


def money(d: Decimal) -> str:
    """An amount as stored, without trailing zeros (the scorer treats 2140 and 2140.0000 alike)."""
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def money2(d: Decimal) -> str:
    """A derived amount (average, median) to 2 decimals, half up."""
    return format(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


def _one_decimal(x: Decimal) -> str:
    q1 = x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    # An answer that writes 2 decimals must round to the same figure, or the item is unfair.
    q2 = x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert q1 == q2, f"double rounding hazard at {x}"
    return format(q1, "f")


def share(part: Decimal, whole: Decimal) -> str:
    return _one_decimal(part * 100 / whole) + "%"


def ratio(a: Decimal, b: Decimal) -> str:
    return _one_decimal(a / b)


def mid(values: list[Decimal]) -> str:
    m = median(sorted(values))
    return money(m) if m in values else money2(Decimal(m))


def ranked(projects: list, reverse: bool = True) -> list:
    out = sorted(projects, key=lambda p: p.total, reverse=reverse)
    return out


def annual(i: dict) -> dict:
    return i.get("annual_target") or {}


def pct_value(i: dict):
    a = annual(i)
    return Decimal(a["value"]) if a.get("unit") == "%" and a.get("value") is not None else None


# ---------------------------------------------------------------- items

ITEMS: list[dict] = []
#: How questions name a department that also has a unit of its own name.
DEPT_WORDS = ("人社局", "从化区人力资源和社会保障局", "番禺区教育局", "番禺教育局", "花都区农业农村局", "花都农业农村局")


def ask(db: str, kind: str, question: str, figures=(), names=(), max_extra=None, candidates=(), note=None):
    expect: dict = {}
    if figures:
        expect["figures"] = [str(f) for f in figures]
    if names:
        expect["names"] = list(names)
    if max_extra is not None:
        expect["max_extra"] = max_extra
        expect["candidates"] = sorted(set(candidates))
    assert expect, question
    item = {"db": db, "kind": kind, "question": question, "expect": expect}
    if not note and kind not in ("amount_unit", "rank") and any(d in question for d in DEPT_WORDS):
        note = "the named department as a whole (all its units), not only the unit of the same name (局本级)"
    if note:
        item["note"] = note
    ITEMS.append(item)


def refuse(db: str, question: str, say: list[str], note: str, may_say: list[str] = ()):
    """`may_say`: numbers a refusal may state besides the question's own (the year the table holds)."""
    expect = {"refuse": True, "say_one_of": say}
    if may_say:
        expect["may_say"] = list(may_say)
    ITEMS.append({"db": db, "kind": "refuse", "question": question, "expect": expect, "note": note})


def project_names(db: str) -> list[str]:
    return [p.name for p in all_projects(db)]


def unit_names(db: str) -> list[str]:
    return [short(u.name) for u in all_units(db)]


def amount_project():
    k = "amount_project"
    for db, q, name in [
        ("seed", "区机关事业单位医保基金安排了多少钱？", "区机关事业单位医保基金"),
        ("seed", "医保基金计算机智能审核系统服务费的预算金额是多少", "医保基金计算机智能审核系统服务费"),
        ("seed", "本地政策待遇发放系统维护费多少", "本地政策待遇发放系统维护费"),
        ("seed", "请问退休人员移交退管活动资金的总额是多少万元？", "退休人员移交退管活动资金"),
        ("seed", "特殊退休人员安置费给了多少", "特殊退休人员安置费"),
        ("seed", "企业职教幼教退休教师待遇补助资金（2024年市补助）是多少？",
         "国有企业职教幼教退休教师待遇补助资金（2024年市补助）（穗财工〔2019〕169号）"),
        ("panyu", "番禺区教育局的校园安全保卫服务经费是多少钱", "校园安全保卫服务经费"),
        ("panyu", "智慧校园建设项目预算多少？", "智慧校园建设项目（2024年）"),
        ("panyu", "名师工作室建设经费安排了多少", "名师工作室建设经费"),
        ("panyu", "学生资助专项资金总额是多少万元", "学生资助专项资金"),
        ("two", "高标准农田建设项目预算多少", "高标准农田建设项目"),
        ("two", "动物疫病强制免疫经费有多少钱？", "动物疫病强制免疫经费"),
        ("two", "区机关事业单位医保系统运维经费是多少", "区机关事业单位医保系统运维经费"),
    ]:
        ask(db, k, q, figures=[money(proj(db, name).total)])
    p = proj("seed", "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）")
    ask("seed", k, "劳动关系公共服务及薪酬调查经费财政补助有多少", figures=[money(p.total)],
        note="the user drops the bracketed 市补助 / 文号 suffix")
    p = proj("seed", "居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）")
    ask("seed", k, "城乡居保中心的居民医保扩面专项财政补贴多少钱", figures=[money(p.total)])
    p = proj("seed", "2023年高校毕业生“三支一扶”计划补助资金（2023年市补助）（穗财社（2022）34号）")
    ask("seed", k, "2023年高校毕业生三支一扶计划补助资金是多少？", figures=[money(p.total)],
        note="answerable: 2023年 is part of the project's name, not a year outside the table")


def amount_unit():
    k = "amount_unit"
    for db, q, core in [
        ("seed", "社保中心的项目资金一共多少？", "社会保险基金管理中心"),
        ("seed", "公医办今年项目预算总额是多少", "公费医疗管理委员会办公室"),
        ("seed", "劳动就业服务管理中心所有项目加起来多少钱", "劳动就业服务管理中心"),
        ("seed", "退管办的项目支出合计", "退休职工管理委员会办公室"),
        ("seed", "城乡居民保险管理中心的预算是多少？", "城乡居民保险管理中心"),
        ("panyu", "番禺区教师发展中心的项目资金总额是多少？", "教师发展中心"),
        ("panyu", "学生资助管理中心有多少钱", "学生资助管理中心"),
        ("two", "花都区农业技术推广中心的项目经费有多少", "农业技术推广中心"),
        ("two", "从化区社保基金管理中心项目资金总共多少", "社会保险基金管理中心"),
    ]:
        ask(db, k, q, figures=[money(unit(db, core).total)])
    ask("seed", k, "人社局本级（局机关）的项目经费总共多少？",
        figures=[money(unit("seed", "从化区人力资源和社会保障局").total)],
        note="the unit 广州市从化区人力资源和社会保障局 itself, not the department total")


def amount_source():
    k = "amount_source"
    ask("seed", k, "人社局项目里其他资金有多少", figures=[money(SEED_D.source("其他资金"))])
    ask("seed", k, "财政拨款总共安排了多少？", figures=[money(SEED_D.source("财政拨款"))])
    ask("seed", k, "退管办的财政拨款是多少", figures=[money(unit("seed", "退休职工管理委员会办公室").sources["财政拨款"])])
    ask("panyu", k, "番禺区教育局的政府性基金有多少", figures=[money(PANYU.source("政府性基金"))])
    ask("panyu", k, "智慧校园建设项目有多少上年结转资金？",
        figures=[money(proj("panyu", "智慧校园建设项目（2024年）").sources["上年结转"])],
        note="上年结转 is a funding source printed in the form: answerable, not a question about last year")
    ask("panyu", k, "教师发展中心的事业收入是多少", figures=[money(unit("panyu", "教师发展中心").sources["事业收入"])])
    ask("panyu", k, "一般公共预算拨款合计多少？", figures=[money(PANYU.source("一般公共预算"))])
    ask("panyu", k, "中小学教师继续教育培训经费里的其他资金是多少钱",
        figures=[money(proj("panyu", "中小学教师继续教育培训经费").sources["其他资金"])])
    ask("two", k, "花都区农业农村局的政府性基金预算有多少？", figures=[money(HUADU.source("政府性基金预算"))])
    ask("two", k, "动物疫病预防控制中心的单位资金是多少", figures=[money(unit("two", "动物疫病预防控制中心").sources["单位资金"])])
    ask("two", k, "花都区农业农村局的一般公共预算一共多少", figures=[money(HUADU.source("一般公共预算"))])


def totals():
    k = "total"
    ask("seed", k, "从化区人社局项目支出总计多少？", figures=[money(SEED_D.total)])
    ask("seed", k, "全部项目合计金额是多少万元", figures=[money(SEED_D.total)])
    ask("seed", k, "这张绩效目标表的合计数是多少", figures=[money(SEED_D.total)])
    ask("panyu", k, "番禺区教育局这几个项目总共多少钱", figures=[money(PANYU.total)])
    ask("panyu", k, "申报表里所有项目的资金总额", figures=[money(PANYU.total)])
    ask("two", k, "花都区农业农村局项目资金总额是多少？", figures=[money(HUADU.total)])
    ask("two", k, "从化区人力资源和社会保障局的项目预算总计", figures=[money(SEED_D.total)],
        note="one named department only: never the sum of both")
    ask("two", k, "两个部门加起来一共有多少项目资金？", figures=[money(SEED_D.total + HUADU.total)],
        note="the sum across departments, because the question asks for it")


def counts():
    k = "count"
    has = lambda d, level2: sum(1 for p in d.projects if any(i["level2"].startswith(level2) for i in p.indicators))  # noqa: E731
    has1 = lambda d, level1: sum(1 for p in d.projects if any(i["level1"] == level1 for i in p.indicators))  # noqa: E731
    ask("seed", k, "社保中心有几个项目？", figures=[len(unit("seed", "社会保险基金管理中心").projects)])
    ask("seed", k, "人社局一共多少个项目", figures=[len(SEED_D.projects)])
    ask("seed", k, "从化人社局总共有多少条绩效指标？", figures=[len(SEED_D.indicators)])
    ask("seed", k, "设了质量指标的项目有几个", figures=[has(SEED_D, "质量指标")],
        note="projects with at least one 二级指标 质量指标")
    ask("seed", k, "有满意度指标的项目有多少个？", figures=[has1(SEED_D, "满意度指标")],
        note="projects with at least one 一级指标 满意度指标")
    ask("seed", k, "就业中心报了几个项目", figures=[len(unit("seed", "劳动就业服务管理中心").projects)])
    ask("seed", k, "公医办有多少条绩效指标", figures=[sum(len(p.indicators) for p in unit("seed", "公费医疗管理委员会办公室").projects)])
    ask("seed", k, "从化区人社局下面有几个资金使用单位？", figures=[len(SEED_D.units)])
    ask("panyu", k, "番禺区教育局申报了几个项目？", figures=[len(PANYU.projects)])
    ask("panyu", k, "绩效指标一共多少条", figures=[len(PANYU.indicators)])
    ask("panyu", k, "有几个项目设置了满意度指标", figures=[has1(PANYU, "满意度指标")])
    ask("two", k, "花都区农业农村局有几个项目", figures=[len(HUADU.projects)])
    ask("two", k, "数据库里两个部门一共有多少个项目？", figures=[len(SEED_D.projects) + len(HUADU.projects)])
    ask("two", k, "花都区农业农村局的绩效指标有多少条", figures=[len(HUADU.indicators)],
        note="each 三级指标 once, though two projects print it in a 中期 and a 年度 block")


def averages():
    k = "average"
    tot = lambda ps: [p.total for p in ps]  # noqa: E731
    avg = lambda ps: money2(sum(tot(ps), Decimal(0)) / len(ps))  # noqa: E731
    ask("seed", k, "平均每个项目多少钱？", figures=[avg(SEED_D.projects)])
    ask("seed", k, "项目金额的中位数是多少", figures=[mid(tot(SEED_D.projects))])
    ask("seed", k, "社保中心项目的平均金额", figures=[avg(unit("seed", "社会保险基金管理中心").projects)])
    ask("seed", k, "退管办项目金额中位数是多少？", figures=[mid(tot(unit("seed", "退休职工管理委员会办公室").projects))],
        note="6 projects: the mean of the 3rd and 4th")
    ask("seed", k, "就业中心平均每个项目有多少预算", figures=[avg(unit("seed", "劳动就业服务管理中心").projects)])
    ask("panyu", k, "番禺区教育局平均每个项目预算多少", figures=[avg(PANYU.projects)])
    ask("panyu", k, "项目金额的中位数", figures=[mid(tot(PANYU.projects))])
    ask("two", k, "花都区农业农村局项目的平均金额是多少？", figures=[avg(HUADU.projects)])
    ask("two", k, "花都农业农村局项目金额的中位数", figures=[mid(tot(HUADU.projects))])


def ranks():
    k = "rank"
    ps = ranked(SEED_D.projects)
    top = ps[0]
    ask("seed", k, "金额最大的项目是哪个？", names=[top.name], figures=[money(top.total)])
    low = ranked(SEED_D.projects, reverse=False)
    ask("seed", k, "哪个项目钱最少", names=[low[0].name], figures=[money(low[0].total)])
    ask("seed", k, "预算排前三的项目是哪些", names=[p.name for p in ps[:3]], max_extra=0,
        candidates=project_names("seed"))
    ask("seed", k, "第二大的项目是哪个，多少钱？", names=[ps[1].name], figures=[money(ps[1].total)])
    us = sorted(SEED_D.units, key=lambda u: u.total, reverse=True)
    ask("seed", k, "哪个单位的项目资金最多", names=[short(us[0].name)], figures=[money(us[0].total)])
    ask("seed", k, "金额最少的三个项目", names=[p.name for p in low[:3]], max_extra=0, candidates=project_names("seed"))
    s = ranked(unit("seed", "社会保险基金管理中心").projects)[0]
    ask("seed", k, "社保中心金额最大的项目是什么", names=[s.name], figures=[money(s.total)])
    ask("seed", k, "预算最少的单位是哪个？", names=[short(us[-1].name)], figures=[money(us[-1].total)])
    pp = ranked(PANYU.projects)
    ask("panyu", k, "番禺教育局哪个项目预算最多", names=[pp[0].name], figures=[money(pp[0].total)])
    ask("panyu", k, "最少的是哪个项目？", names=[pp[-1].name], figures=[money(pp[-1].total)])
    pu = sorted(PANYU.units, key=lambda u: u.total, reverse=True)
    ask("panyu", k, "哪个单位的资金最多", names=[short(pu[0].name)], figures=[money(pu[0].total)])
    tp = ranked(all_projects("two"))[0]
    ask("two", k, "两个部门里金额最大的项目是哪个", names=[tp.name], figures=[money(tp.total)])
    hp = ranked(HUADU.projects)[0]
    ask("two", k, "花都区农业农村局最大的项目是哪个", names=[hp.name], figures=[money(hp.total)])
    hu = sorted(HUADU.units, key=lambda u: u.total)[0]
    ask("two", k, "花都区农业农村局哪个单位钱最少？", names=[short(hu.name)], figures=[money(hu.total)])


def shares():
    k = "share"
    ask("seed", k, "就业中心占全局项目资金的比例是多少", figures=[share(unit("seed", "劳动就业服务管理中心").total, SEED_D.total)])
    ask("seed", k, "公医办的资金占全部的百分之多少？", figures=[share(unit("seed", "公费医疗管理委员会办公室").total, SEED_D.total)])
    ask("seed", k, "财政拨款占总额的比例", figures=[share(SEED_D.source("财政拨款"), SEED_D.total)])
    ask("seed", k, "区机关事业单位医保基金占人社局项目总额的比重是多少",
        figures=[share(proj("seed", "区机关事业单位医保基金").total, SEED_D.total)])
    ask("panyu", k, "一般公共预算占多少比例？", figures=[share(PANYU.source("一般公共预算"), PANYU.total)])
    ask("panyu", k, "学生资助管理中心占番禺教育局项目资金的比重",
        figures=[share(unit("panyu", "学生资助管理中心").total, PANYU.total)])
    ask("panyu", k, "上年结转资金占比多少", figures=[share(PANYU.source("上年结转"), PANYU.total)])
    ask("two", k, "花都区农业农村局里政府性基金预算占比是多少？", figures=[share(HUADU.source("政府性基金预算"), HUADU.total)])
    ask("two", k, "高标准农田建设项目占花都农业农村局总额的比例",
        figures=[share(proj("two", "高标准农田建设项目").total, HUADU.total)])


def compare():
    k = "compare"
    diff = lambda a, b: money(abs(a - b))  # noqa: E731
    u = lambda core: unit("seed", core).total  # noqa: E731
    ask("seed", k, "公医办比社保中心多多少钱？", figures=[diff(u("公费医疗管理委员会办公室"), u("社会保险基金管理中心"))])
    ask("seed", k, "区机关事业单位医保基金是区机关事业单位医保系统运维经费的几倍",
        figures=[ratio(proj("seed", "区机关事业单位医保基金").total, proj("seed", "区机关事业单位医保系统运维经费").total)])
    ask("seed", k, "就业中心和退管办的项目资金相差多少", figures=[diff(u("劳动就业服务管理中心"), u("退休职工管理委员会办公室"))])
    ask("seed", k, "社会申办退休退管服务和特殊退休人员安置费差多少？",
        figures=[diff(proj("seed", "社会申办退休退管服务（2024年市补助）（穗财社（2023）33号）").total,
                      proj("seed", "特殊退休人员安置费").total)])
    ask("seed", k, "社保中心的资金是城乡居保中心的多少倍", figures=[ratio(u("社会保险基金管理中心"), u("城乡居民保险管理中心"))])
    ask("panyu", k, "校园安全保卫服务经费比智慧校园建设项目多多少", figures=[diff(
        proj("panyu", "校园安全保卫服务经费").total, proj("panyu", "智慧校园建设项目（2024年）").total)])
    ask("panyu", k, "教育局本级是教师发展中心的几倍？", figures=[ratio(
        unit("panyu", "番禺区教育局").total, unit("panyu", "教师发展中心").total)])
    ask("two", k, "从化区人社局的项目资金是花都区农业农村局的几倍", figures=[ratio(SEED_D.total, HUADU.total)])
    ask("two", k, "高标准农田建设项目比区机关事业单位医保基金少多少？", figures=[diff(
        proj("two", "区机关事业单位医保基金").total, proj("two", "高标准农田建设项目").total)])


def goal_mentions():
    k = "goal_mentions"
    def with_word(db, word):
        return [p.name for p in all_projects(db) if word in p.goal]
    for db, q, word in [
        ("seed", "绩效目标里提到乡村振兴的项目有哪些？", "乡村振兴"),
        ("seed", "哪些项目的目标涉及就业", "就业"),
        ("seed", "目标中写到医保的项目", "医保"),
        ("seed", "哪些项目的绩效目标提到信息化？", "信息化"),
        ("panyu", "哪个项目的绩效目标里提到培训", "培训"),
        ("two", "哪些项目的绩效目标提到培训？", "培训"),
    ]:
        names = with_word(db, word)
        ask(db, k, q, names=names, max_extra=0, candidates=project_names(db),
            note=f"projects whose 绩效目标 contains {word}")
    ask("seed", k, "目标里提到慰问的项目有几个？", figures=[len(with_word("seed", "慰问"))])
    ask("seed", k, "绩效目标中出现“困难”字样的项目有多少个", figures=[len(with_word("seed", "困难"))])


def indicator_filter():
    k = "indicator_filter"
    def n(d, pred):
        return sum(1 for i in d.indicators if pred(i))
    eq100 = lambda i: pct_value(i) == 100 and annual(i).get("op") == "="  # noqa: E731
    ge95 = lambda i: pct_value(i) is not None and pct_value(i) >= 95 and annual(i).get("op") in ("=", "≥", ">")  # noqa: E731
    unit_is = lambda u: (lambda i: annual(i).get("unit") == u)  # noqa: E731
    ask("seed", k, "年度指标值为100%的指标有几条？", figures=[n(SEED_D, eq100)], note="100% and 100.00% alike")
    ask("seed", k, "目标值不低于95%的指标有多少条", figures=[n(SEED_D, ge95)],
        note="annual value in %, at least 95 (=, ≥, > ; 95%或以上 counts)")
    ask("seed", k, "以“人”为计量单位的指标有几条", figures=[n(SEED_D, unit_is("人"))])
    day = [i for i in SEED_D.indicators if annual(i).get("unit") == "天"]
    assert len(day) == 1
    ask("seed", k, "哪个指标的指标值是按天计的？", names=[day[0]["name"]], figures=[day[0]["annual_target"]["value"]])
    times = [i for i in SEED_D.indicators if annual(i).get("unit") == "次"]
    assert len(times) == 1
    ask("seed", k, "以次数为单位的绩效指标是哪个", names=[times[0]["name"]])
    ask("seed", k, "定性指标（没有数值的）有几条？", figures=[n(SEED_D, lambda i: annual(i).get("value") is None)])
    ask("panyu", k, "年度指标值写的是“≥95%”的指标有几条",
        figures=[n(PANYU, lambda i: annual(i).get("op") == "≥" and pct_value(i) == 95)])
    ask("panyu", k, "计量单位是“人”的指标有几条？", figures=[n(PANYU, unit_is("人"))], note="人次 is another unit")
    ask("two", k, "花都区农业农村局以万亩为单位的指标有几条", figures=[n(HUADU, unit_is("万亩"))])
    ask("two", k, "花都农业农村局年度指标值为100%的有几条？", figures=[n(HUADU, eq100)])


def project_indicators():
    k = "project_indicators"
    def names_at(db, pname, pred):
        p = proj(db, pname)
        return [i["name"] for i in p.indicators if pred(i)], [i["name"] for i in p.indicators]
    for db, q, pname, pred in [
        ("seed", "区机关事业单位医保基金的产出指标有哪些？", "区机关事业单位医保基金", lambda i: i["level1"] == "产出指标"),
        ("seed", "2024年就业补助资金（市补助）的效益指标是什么",
         "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）", lambda i: i["level1"] == "效益指标"),
        ("seed", "退休人员移交退管活动资金有哪些时效指标", "退休人员移交退管活动资金", lambda i: i["level2"] == "时效指标"),
        ("seed", "技工学校国家助学金的数量指标有哪些？", "区高级技工学校国家助学金", lambda i: i["level2"] == "数量指标"),
        ("panyu", "校园安全保卫服务经费的质量指标有哪些", "校园安全保卫服务经费", lambda i: i["level2"] == "质量指标"),
        ("panyu", "学生资助专项资金设了哪些社会效益指标？", "学生资助专项资金", lambda i: i["level2"] == "社会效益指标"),
        ("two", "高标准农田建设项目的效果指标有哪些", "高标准农田建设项目", lambda i: i["level1"] == "效果指标"),
        ("two", "动物疫病强制免疫经费的满意度指标是什么？", "动物疫病强制免疫经费", lambda i: "满意度" in i["level2"]),
    ]:
        want, every = names_at(db, pname, pred)
        assert want, q
        ask(db, k, q, names=want, max_extra=0, candidates=every, note="other indicators of the project must not be listed")


def indicator_target():
    k = "indicator_target"
    def target(db, pname, iname, field="annual_target"):
        found = [i for i in proj(db, pname).indicators if i["name"] == iname]
        assert len(found) == 1
        t = found[0][field]
        return t["value"] + ("%" if t["unit"] == "%" else "")
    for db, q, pname, iname in [
        ("seed", "区机关事业单位医保基金的范围内报销率目标是多少？", "区机关事业单位医保基金", "范围内报销率"),
        ("seed", "2024年就业补助资金里社会保险补贴人数的指标值", "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）", "社会保险补贴人数"),
        ("seed", "劳动关系公共服务及薪酬调查经费的参加培训人次定了多少",
         "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）", "参加培训人次"),
        ("seed", "退休人员移交退管活动资金的满意度目标是多少", "退休人员移交退管活动资金", "移交退休人员对退管业务的满意度"),
        ("panyu", "专职保安员人数的年度目标是多少？", "校园安全保卫服务经费", "专职保安员人数"),
        ("panyu", "智慧校园要部署多少个无线接入点", "智慧校园建设项目（2024年）", "部署校园网络无线接入点"),
        ("two", "高标准农田建设项目今年新建多少亩高标准农田？", "高标准农田建设项目", "新建高标准农田面积"),
        ("two", "农业技术推广服务经费计划开展多少期培训", "农业技术推广服务经费", "开展农业技术培训期数"),
    ]:
        ask(db, k, q, figures=[target(db, pname, iname)], note=f"annual target of {iname}")
    ask("two", k, "高标准农田建设项目的中期目标里新建面积是多少", figures=[target(
        "two", "高标准农田建设项目", "新建高标准农田面积", "period_target")], note="中期 (period) value, in 万亩")


def multi_hop():
    k = "multi_hop"
    most = max(SEED_D.units, key=lambda u: len(u.projects))
    p = ranked(most.projects)[0]
    ask("seed", k, "项目最多的那个单位里，金额最大的项目是哪个？", names=[p.name], figures=[money(p.total)])
    rich = max(SEED_D.units, key=lambda u: u.total)
    ask("seed", k, "资金最多的单位有几个项目", figures=[len(rich.projects)])
    top_ind = max(SEED_D.projects, key=lambda p: len(p.indicators))
    assert sum(1 for q in SEED_D.projects if len(q.indicators) == len(top_ind.indicators)) == 1
    ask("seed", k, "指标最多的项目是哪个单位的？", names=[short(top_ind.unit)])
    poor = min(SEED_D.units, key=lambda u: u.total)
    p = ranked(poor.projects)[0]
    ask("seed", k, "预算最少的单位中最大的项目是什么，多少钱", names=[p.name], figures=[money(p.total)])
    pr = max(PANYU.units, key=lambda u: u.total)
    p = ranked(pr.projects)[0]
    ask("panyu", k, "资金最多的单位里最大的项目是哪个", names=[p.name], figures=[money(p.total)])
    small = min((SEED_D, HUADU), key=lambda d: d.total)
    p = ranked(small.projects)[0]
    ask("two", k, "项目总额较小的那个部门，它最大的项目是哪个？", names=[p.name], figures=[money(p.total)])
    p = max(HUADU.projects, key=lambda p: len(p.indicators))
    ask("two", k, "花都区农业农村局中指标最多的项目有几条指标", figures=[len(p.indicators)], names=[p.name])


def twins():
    k = "twins"
    both = lambda name: [money(proj("seed", n).total) for n in (name, name_marked(name))]  # noqa: E731
    ask("seed", k, "人事档案信息化建设专项经费是多少？", figures=both("人事档案信息化建设专项经费"),
        note="two projects of this name (one with a trailing ·): both must be reported")
    ask("seed", k, "带“·”的那个人事档案信息化建设专项经费（人事档案信息化建设专项经费·）多少钱",
        figures=[money(proj("seed", "人事档案信息化建设专项经费·").total)])
    ask("seed", k, "技工学校免学费补助多少钱", figures=both("区高级技工学校免学费补助"))
    ask("seed", k, "就业补助资金有多少？", figures=both("就业补助资金"),
        note="就业补助资金 and 就业补助资金·; the 2024年就业补助资金 project may be mentioned too")
    ask("seed", k, "企业离休干部补贴两个项目合计多少", figures=[money(
        proj("seed", "企业离休干部补贴").total + proj("seed", "企业离休干部补贴‘").total)])
    ask("seed", k, "社会化管理人员节日慰问金的预算", figures=both("社会化管理人员节日慰问金"))
    ask("seed", k, "新中国成立前老工人补贴‘的金额是多少？", figures=[money(proj("seed", "新中国成立前老工人补贴‘").total)])
    ask("seed", k, "编外人员经费(1)-临时聘用人员经费多少钱", names=[
        short(proj("seed", "编外人员经费(1)-临时聘用人员经费", u).unit) for u in ("社会保险基金管理中心", "城乡居民保险管理中心")],
        figures=[money(proj("seed", "编外人员经费(1)-临时聘用人员经费", u).total)
                 for u in ("社会保险基金管理中心", "城乡居民保险管理中心")],
        note="same name in two units: both, with their units")
    ask("seed", k, "原国有企业部分退休人员补贴一共有几笔，各多少？", figures=both("原国有企业部分退休人员补贴"))


def name_marked(name: str) -> str:
    found = [p.name for p in SEED_D.projects if p.name != name and p.name.rstrip("·‘’") == name]
    assert len(found) == 1, name
    return found[0]


def two_dept():
    k = "two_dept"
    depts = [dept_short(d.name) for d in DBS["two"]]
    ask("two", k, "数据库里有哪些部门？", names=depts)
    users = [d for d in DBS["two"] if d.source("其他资金")]
    ask("two", k, "哪些部门用了其他资金，金额多少", names=[dept_short(d.name) for d in users],
        figures=[money(d.source("其他资金")) for d in users],
        note="an answer may add that the other department has none")
    own = [d for d in DBS["two"] if d.source("单位资金")]
    ask("two", k, "哪个部门有单位资金？一共多少", names=[dept_short(d.name) for d in own],
        figures=[money(d.source("单位资金")) for d in own])
    ask("two", k, "花都区农业农村局下面有几个单位", figures=[len(HUADU.units)])
    ask("two", k, "从化区人社局的财政拨款一共多少？", figures=[money(SEED_D.source("财政拨款"))])
    ask("two", k, "两个部门的项目数分别是多少", figures=[len(SEED_D.projects), len(HUADU.projects)])
    big = max(DBS["two"], key=lambda d: d.total)
    ask("two", k, "哪个部门的项目资金更多？", names=[dept_short(big.name)], figures=[money(big.total)])
    ask("two", k, "政府性基金预算在哪个部门，有多少？", names=[dept_short(HUADU.name)],
        figures=[money(HUADU.source("政府性基金预算"))])
    ask("two", k, "从化区人社局有多少条绩效指标", figures=[len(SEED_D.indicators)], note="one department only")


def refusals():
    r = refuse
    last = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份"]
    done = ["执行", "实际", "完成情况", "决算"]
    r("seed", "人社局去年的项目支出是多少？", last, "the table holds one budget year")
    r("seed", "就业补助资金的执行率是多少", done, "a target table has no execution")
    r("seed", "区机关事业单位医保基金实际支出了多少？", done, "budget, not actual spending")
    r("seed", "从化区人社局人均项目经费是多少", ["人均", "人数", "人员"], "no head count in the table")
    r("seed", "三支一扶项目的完成情况怎么样？", done, "targets, not results")
    r("seed", "社保中心的项目资金比上年增长了多少", last, "no prior year")
    r("seed", "从化区卫生健康局的项目预算有多少", ["卫生健康局", "该部门", "此部门", "这个部门"], "department not in the database")
    r("seed", "这些项目里政府采购的金额是多少？", ["采购"], "the table has no procurement column")
    r("seed", "就业中心有多少在编人员", ["编制", "在编", "人员"], "no staffing in the table")
    r("seed", "哪个项目的绩效评价得分最高", ["评价", "得分", "评分", "分值"], "no evaluation scores in the seed table")
    r("seed", "公医办的基本支出是多少？", ["基本支出"], "the table lists project expenditure only")
    r("seed", "就业补助资金截至目前的支出进度", ["进度", "执行", "实际"], "no execution data")
    r("seed", "社会化管理人员生活费的决算数是多少", ["决算"], "budget table, not final accounts")
    r("seed", "退管办每个月发放多少慰问金", ["月", "每月", "月度"], "no monthly figures")
    year = [str(PANYU.year)]
    r("panyu", "番禺区教育局2023年的校园安全保卫服务经费是多少", ["2023"], "the forms are for 2024", year)
    r("panyu", "2025年番禺区教育局安排了多少项目资金？", ["2025"], "the forms are for 2024", year)
    r("panyu", "智慧校园建设项目的执行率", done, "no execution")
    r("panyu", "学生资助专项资金实际发放了多少钱？", done, "no actual spending")
    r("panyu", "天河区教育局的项目预算总额", ["天河", "该部门", "此部门", "这个部门"], "department not in the database")
    r("panyu", "名师工作室建设经费去年花了多少", last, "no prior year")
    r("panyu", "校园安全保卫服务经费比上年多了多少？", last, "no prior year (上年结转 is a source, not last year's budget)")
    r("two", "番禺区教育局的校园安全保卫服务经费是多少？", ["番禺", "该部门", "此部门", "这个部门"],
      "that department is not in this database")
    r("two", "花都区农业农村局上年的预算是多少", last, "no prior year")
    r("two", "高标准农田建设项目实际建成了多少亩？", done, "targets, not results")
    r("two", "从化区农业农村局的项目总额", ["从化区农业农村局", "该部门", "此部门", "这个部门"],
      "no such department: 从化区 is the 人社局, 农业农村局 is 花都区's")
    r("two", "花都区人社局有多少项目？", ["花都区人社局", "花都区人力资源", "该部门", "此部门", "这个部门"],
      "no such department in the database")
    r("two", "动物疫病强制免疫经费的执行率是多少", done, "no execution")
    r("two", "两个部门的人均经费分别是多少？", ["人均", "人数", "人员"], "no head count")


def build() -> list[dict]:
    for step in (amount_project, amount_unit, amount_source, totals, counts, averages, ranks, shares, compare,
                 goal_mentions, indicator_filter, project_indicators, indicator_target, multi_hop, twins,
                 two_dept, refusals):
        step()
    for n, item in enumerate(ITEMS, 1):
        item_id = f"q{n:03d}"
        ITEMS[n - 1] = {"id": item_id, **item}
    return ITEMS


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """Stratified by kind: each kind shuffled with a fixed seed, its first half (rounded at random) to dev."""
    rng = random.Random(SEED)
    dev, held = [], []
    for kind in sorted({i["kind"] for i in items}):
        group = [i for i in items if i["kind"] == kind]
        rng.shuffle(group)
        half = len(group) // 2 + (rng.random() < 0.5 if len(group) % 2 else 0)
        dev += group[:half]
        held += group[half:]
    order = lambda i: i["id"]  # noqa: E731
    return sorted(dev, key=order), sorted(held, key=order)


def main() -> None:
    items = build()
    assert len({i["question"] for i in items}) == len(items), "duplicate question"
    dev, held = split(items)
    meta = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "scripts/build_qa.py (answers computed from the gold JSON in plain Python)",
        "databases": {"seed": ["../gold/conghua-hrss-2024.json"], "panyu": ["../gold/forms-panyu-edu-2024.json"],
                      "two": ["../gold/conghua-hrss-2024.json", "../gold/forms-huadu-agri-2025.json"]},
    }
    for name, part, desc in (("dev", dev, "Tune on this split."),
                             ("heldout", held, "Report on this split; never tune the engine on it.")):
        doc = {**meta, "split": name, "description": desc, "items": part}
        (OUT / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    from collections import Counter
    kinds = Counter(i["kind"] for i in items)
    print(f"{len(items)} items: dev {len(dev)}, heldout {len(held)}")
    print("by db:", dict(Counter(i["db"] for i in items)))
    for kind, n in sorted(kinds.items()):
        print(f"  {kind:20s} {n:3d}  dev {sum(i['kind'] == kind for i in dev)}  heldout {sum(i['kind'] == kind for i in held)}")


if __name__ == "__main__":
    main()
