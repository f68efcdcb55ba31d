#!/usr/bin/env python3
"""Build the held-out strict question set three (问答测试集三): eval/qa/test3.json (one file, no split).

A HELD-OUT set: the engine is never tuned on it; its score is reported once. Written without reading
the question engine (extractor/ask/) and in the words of six kinds of askers:

- 报社数据新闻组 (a local newspaper's data desk): totals, rankings, shares, "how many";
- 财政局科员 (a finance-bureau clerk checking a colleague's sums): the colleague's wrong figure is in
  the question, the right one is expected;
- 社工机构 (a social-work NGO): programmes for the elderly, the disabled, job seekers;
- 思政课老师 (a teacher preparing a civics class): what a project is for, its goal in the table's words;
- 居民用手机 (a resident typing fragments on a phone): "退管办 几个项目";
- 研究生 (an MA student quoting the table's own words): “…”, 原文, 年度指标值.

Most items are over the seed (`seed`: 广州市从化区人力资源和社会保障局) and the two-department database
(`two`: the seed + 广州市花都区农业农村局); a few over `three` and `panyu` (databases of build_qa2.py).
Every expected answer is computed here from the gold JSON in plain Python (Decimal) with
scripts/build_qa.py's fact loading and figure formats; nothing is imported from `extractor`.
Item format and scoring: extractor/evaluation/strict_qa.py (figures / names with max_extra / refuse).

Kinds: amount_project, amount_unit, amount_source, total, count, average (mean and median), rank (n-th,
top / bottom N), share, compare (difference, ratio), goal_text (quote a project's goal: a clause of it
is expected), goal_mentions, project_indicators, indicator_target, indicator_filter, twins, multi_hop,
multi_dept, refuse.

Usage: python scripts/build_qa5.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_qa2 as q2  # noqa: E402  (facts and databases; imports nothing from extractor)
from build_qa import annual, mid, money, money2, ranked, ratio, share  # noqa: E402
from build_qa2 import HUADU, LINJ, LINJ_NOTE, PANYU, SEED_D, YUNXI, avg, short  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "eval" / "qa"
S, TWO, T3 = "seed", "two", "three"
SEED_YEAR, HUADU_YEAR = 2024, 2025  # the seed's title carries no year; its projects are 2024's (2024年市补助)
DEPT_WORDS = ("人社局", "人力资源和社会保障局", "花都区农业农村局", "花都农业农村局", "卫健委", "教育局")

ITEMS: list[dict] = []


# ---------------------------------------------------------------- facts


def proj(db: str, name: str, core: str | None = None):
    return q2.proj(db, name, core)


def unit(db: str, core: str):
    return q2.unit(db, core)


def inds(p, pred=lambda i: True) -> list[str]:
    return [i["name"] for i in p.indicators if pred(i)]


def ind(p, name: str) -> dict:
    return q2.ind(p, name)


def target(p, name: str) -> str:
    return q2.target(p, name)


def val(i):
    a = annual(i)
    return Decimal(a["value"]) if a.get("value") is not None else None


def goal_has(ps, word: str) -> list:
    return [p for p in ps if word in p.goal]


def names_of(ps) -> list[str]:
    return list(dict.fromkeys(p.name for p in ps))


def total(ps) -> Decimal:
    return sum((p.total for p in ps), Decimal(0))


def no_tie(values: list, at: int) -> None:
    """The n-th (0-based) of a ranking is unambiguous: its value differs from its neighbours'."""
    v = values[at]
    assert sum(1 for x in values if x == v) == 1, f"tie at rank {at + 1}: {v}"


# ---------------------------------------------------------------- items


def ask(db: str, kind: str, question: str, figures=(), names=(), max_extra=None, candidates=(), note=None):
    # Twins are told apart within a unit: a department's name in them is not the whole department.
    ITEMS.append(q2.item_of(db, kind, question, figures, names, max_extra, candidates, note,
                            part_kinds=q2.PART_KINDS + ("twins",), dept_words=DEPT_WORDS))


def none_found(db: str, kind: str, question: str, say: list[str], note: str):
    """A search that finds nothing: scored like a refusal (say so, state no number)."""
    ITEMS.append({"db": db, "kind": kind, "question": question, "expect": {"refuse": True, "say_one_of": say},
                  "note": note})


def refuse(db: str, question: str, say: list[str], note: str, may_say=()):
    expect = {"refuse": True, "say_one_of": say}
    if may_say:
        expect["may_say"] = [str(m) for m in may_say]
    ITEMS.append({"db": db, "kind": "refuse", "question": question, "expect": expect, "note": note})


def pnames(db: str) -> list[str]:
    return q2.project_names(db)


# ---------------------------------------------------------------- amounts


def amount_project():
    k = "amount_project"
    for db, q, name, core in [
        (S, "机关事业单位医保基金 预算?", "区机关事业单位医保基金", None),
        (S, "社工这边想了解：新中国成立前老工人补贴（名称后面不带引号的那笔）安排了多少万元", "新中国成立前老工人补贴", None),
        (S, "特殊退休人员安置费给了多少", "特殊退休人员安置费", None),
        (S, "同事录入时把居民医保扩面专项财政补贴（2024年市补助）写成了131.39万元，表上的数到底是多少？",
         "居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）", None),
        (S, "表中“劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）”一行的总计金额为多少",
         "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）", None),
        (S, "本地政策待遇发放系统维护费 几万", "本地政策待遇发放系统维护费", None),
        (S, "医保基金计算机智能审核系统服务费是多少钱？", "医保基金计算机智能审核系统服务费", None),
        (S, "报道要用：区高级技工学校国家助学金安排了多少", "区高级技工学校国家助学金", None),
        (S, "随军家属那个补贴（不带点的）预算多少", "广州市自谋职业随军家属申领基本生活补贴和社会保险补贴", None),
        (TWO, "花都 动物疫病强制免疫经费 多少钱", "动物疫病强制免疫经费", None),
        (TWO, "农业面源污染治理项目批了多少万元？", "农业面源污染治理项目", None),
        (TWO, "从化区人社局那张表里，特殊退休人员安置费是多少", "特殊退休人员安置费", None),
        (T3, "云溪后勤服务中心的学校食品安全监管经费 多少", "学校食品安全监管经费", None),
        ("panyu", "名师工作室建设经费报了多少钱", "名师工作室建设经费", None),
    ]:
        p = proj(db, name, core)
        ask(db, k, q, figures=[money(p.total)], note=LINJ_NOTE if p.dept == LINJ.name else None)
    ask(T3, k, "卫健委执法支队的执法人员业务培训经费，多少元？", figures=[money(proj(T3, "执法人员业务培训经费").total)],
        note=LINJ_NOTE)


def amount_unit():
    k = "amount_unit"
    ask(S, k, "城乡居保中心 小计", figures=[money(unit(S, "城乡居民保险管理中心").total)])
    ask(S, k, "我在核对科里的汇总表：公医办三个项目的小计，同事写的是5105万元，应该是多少？",
        figures=[money(unit(S, "公费医疗管理委员会办公室").total)])
    ask(S, k, "同事把社保中心17个项目加成了1353.72万元，正确的单位小计是多少", figures=[money(unit(S, "社会保险基金管理中心").total)])
    ask(S, k, "退管办一共安排了多少项目资金", figures=[money(unit(S, "退休职工管理委员会办公室").total)])
    ask(S, k, "人社局本级（局机关自己这一行）的项目小计是多少万元", figures=[money(unit(S, "从化区人力资源和社会保障局").total)],
        note="the unit 广州市从化区人力资源和社会保障局 itself (局本级), not the department")
    ask(S, k, "就业中心那一级单位的合计数", figures=[money(unit(S, "劳动就业服务管理中心").total)])
    ask(TWO, k, "花都农技推广中心的项目资金有多少", figures=[money(unit(TWO, "花都区农业技术推广中心").total)])
    ask(TWO, k, "花都区农业农村局局本级（不含下属中心）项目资金合计", figures=[money(unit(TWO, "花都区农业农村局").total)],
        note="the unit 广州市花都区农业农村局 itself (局本级)")


def amount_source():
    k = "amount_source"
    ask(S, k, "人社局所有项目里，“其他资金”一栏加起来多少", figures=[money(SEED_D.source("其他资金"))])
    ask(S, k, "请核对：从化区人社局项目资金中财政拨款合计数", figures=[money(SEED_D.source("财政拨款"))])
    ask(S, k, "退管办的钱里财政拨款占多少万元", figures=[money(unit(S, "退休职工管理委员会办公室").sources["财政拨款"])])
    others = [p for p in SEED_D.projects if p.sources.get("其他资金")]
    ask(S, k, "哪些项目用的是其他资金？", names=names_of(others), max_extra=0, candidates=pnames(S),
        note="projects with an amount under 其他资金")
    ask(TWO, k, "花都区农业农村局用了多少政府性基金预算", figures=[money(HUADU.source("政府性基金预算"))])
    ask(TWO, k, "花都区农业农村局一般公共预算一共安排了多少", figures=[money(HUADU.source("一般公共预算"))])
    ask(TWO, k, "动物疫病强制免疫经费里面单位资金多少", figures=[money(proj(TWO, "动物疫病强制免疫经费").sources["单位资金"])])


def totals():
    k = "total"
    ask(S, k, "人社局 总共 多少钱", figures=[money(SEED_D.total)])
    ask(S, k, "各单位小计加起来应当等于表底的合计，这个合计是多少万元？", figures=[money(SEED_D.total)])
    ask(S, k, "写稿用：从化区人社局这张绩效目标表，项目支出总额是多少", figures=[money(SEED_D.total)])
    ask(TWO, k, "只看花都区农业农村局，项目资金合计多少", figures=[money(HUADU.total)])
    ask(TWO, k, "从化区人社局的项目合计是多少（别把花都的算进来）", figures=[money(SEED_D.total)])
    ask(TWO, k, "两个部门的项目资金加在一起一共多少万元", figures=[money(SEED_D.total + HUADU.total)],
        note="the sum across the two departments because the question asks for it")


def counts():
    k = "count"
    l1 = lambda d, name: sum(1 for i in d.indicators if i["level1"] == name)  # noqa: E731
    l2 = lambda d, name: sum(1 for i in d.indicators if i["level2"] == name)  # noqa: E731
    ask(S, k, "公医办 几个项目", figures=[len(unit(S, "公费医疗管理委员会办公室").projects)])
    ask(S, k, "从化区人社局这张表里有几个单位（局本级也算一个）", figures=[len(SEED_D.units)])
    ask(S, k, "满意度指标（一级指标）一共有多少条", figures=[l1(SEED_D, "满意度指标")])
    ask(S, k, "二级指标是时效指标的有几条", figures=[l2(SEED_D, "时效指标")])
    ask(S, k, "金额不到10万元的小项目有几个？", figures=[sum(1 for p in SEED_D.projects if p.total < 10)],
        note="total below 10 万元")
    ask(S, k, "社保中心的项目一共挂了多少条绩效指标", figures=[sum(len(p.indicators) for p in unit(S, "社会保险基金管理中心").projects)])
    ask(S, k, "人社局有多少个项目的金额超过500万元", figures=[sum(1 for p in SEED_D.projects if p.total > 500)],
        note="total above 500 万元")
    ask(TWO, k, "花都区农业农村局的绩效指标总共多少条", figures=[len(HUADU.indicators)])
    ask(TWO, k, "花都区农业农村局有几条成本指标（二级指标）", figures=[l2(HUADU, "成本指标")])


def averages():
    k = "average"
    ask(S, k, "社保中心平均每个项目多少万元？保留两位小数", figures=[avg(unit(S, "社会保险基金管理中心").projects)])
    ask(S, k, "退管办6个项目金额的中位数", figures=[mid([p.total for p in unit(S, "退休职工管理委员会办公室").projects])],
        note="6 projects: the mean of the 3rd and 4th")
    # Not over all 47 projects: their median is 47 万元, and "47个项目" would pass for it.
    own = unit(S, "从化区人力资源和社会保障局").projects
    ask(S, k, "人社局本级那13个项目，金额中位数是多少？", figures=[mid([p.total for p in own])],
        note="the unit 广州市从化区人力资源和社会保障局 (局本级), 13 projects: the 7th")
    ask(S, k, "人社局平均每个单位分到多少项目资金（含局本级，6个单位）",
        figures=[money2(SEED_D.total / len(SEED_D.units))], note="department total / 6 units")
    big = [p.total for p in SEED_D.projects if p.total > 100]
    ask(S, k, "只看金额过百万（100万元以上）的项目，它们金额的中位数是多少", figures=[mid(big)],
        note=f"the {len(big)} projects above 100 万元")
    ask(TWO, k, "花都区农业农村局平均一个项目多少钱", figures=[avg(HUADU.projects)])
    ask(TWO, k, "花都区农业农村局四个项目的金额中位数（万元，两位小数）", figures=[mid([p.total for p in HUADU.projects])],
        note="4 projects: the mean of the 2nd and 3rd")


def ranks():
    k = "rank"
    sp = ranked(SEED_D.projects)
    tots = [p.total for p in sp]
    ask(S, k, "人社局哪个项目钱最多", names=[sp[0].name], figures=[money(sp[0].total)])
    no_tie(tots, 1)
    ask(S, k, "金额排第二的项目叫什么，多少钱", names=[sp[1].name], figures=[money(sp[1].total)])
    no_tie(tots, 3)
    ask(S, k, "按金额从大到小，第4名是哪个项目？", names=[sp[3].name], figures=[money(sp[3].total)])
    no_tie(tots, 9)
    ask(S, k, "人社局项目金额排名第十的是哪一个", names=[sp[9].name], figures=[money(sp[9].total)])
    no_tie(tots, 2)
    ask(S, k, "做图表用：人社局金额最大的三个项目", names=[p.name for p in sp[:3]], max_extra=0, candidates=pnames(S))
    lo = ranked(SEED_D.projects, reverse=False)
    no_tie([p.total for p in lo], 2)
    ask(S, k, "金额最小的三个项目是哪些", names=[p.name for p in lo[:3]], max_extra=0, candidates=pnames(S))
    so = ranked(unit(S, "社会保险基金管理中心").projects)
    ask(S, k, "社保中心里最大的项目", names=[so[0].name], figures=[money(so[0].total)])
    rt = ranked(unit(S, "退休职工管理委员会办公室").projects)
    ask(S, k, "退管办第二大的项目是哪个", names=[rt[1].name], figures=[money(rt[1].total)])
    us = sorted(SEED_D.units, key=lambda u: u.total)
    ask(S, k, "各单位按项目资金从少到多排，倒数第二的是哪个单位", names=[short(us[1].name)], figures=[money(us[1].total)],
        note="the second smallest unit total")
    hp = ranked(HUADU.projects)
    ask(TWO, k, "花都区农业农村局钱最少的项目", names=[hp[-1].name], figures=[money(hp[-1].total)])
    ask(TWO, k, "花都那边第二大的项目是什么", names=[hp[1].name], figures=[money(hp[1].total)])


def shares():
    k = "share"
    free = proj(S, "区高级技工学校免学费补助").total + proj(S, "区高级技工学校免学费补助·").total
    ask(S, k, "区高级技工学校免学费补助两笔加起来，占全局项目资金的比例是多少", figures=[share(free, SEED_D.total)],
        note="both twins (with and without ·) over the department total")
    p24 = proj(S, "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）")
    ask(S, k, "2024年就业补助资金（市补助）这一个项目占人社局总额的百分之几", figures=[share(p24.total, SEED_D.total)])
    ask(S, k, "财政拨款在人社局项目资金中占比（百分比，一位小数）", figures=[share(SEED_D.source("财政拨款"), SEED_D.total)])
    ask(S, k, "退管办在人社局全部项目资金里的比重", figures=[share(unit(S, "退休职工管理委员会办公室").total, SEED_D.total)])
    ask(TWO, k, "高标准农田建设项目占花都区农业农村局项目总额的比例",
        figures=[share(proj(TWO, "高标准农田建设项目").total, HUADU.total)])
    ask(TWO, k, "花都区农业农村局的政府性基金预算占该局项目资金的百分比",
        figures=[share(HUADU.source("政府性基金预算"), HUADU.total)])
    ask(TWO, k, "花都区农业农村局的项目资金相当于从化区人社局的百分之多少",
        figures=[share(HUADU.total, SEED_D.total)], note="花都 total over the seed's total")


def compare():
    k = "compare"
    u = lambda core: unit(S, core).total  # noqa: E731
    t = lambda name, db=S: proj(db, name).total  # noqa: E731
    ask(S, k, "就业中心比公医办多多少钱", figures=[money(u("劳动就业服务管理中心") - u("公费医疗管理委员会办公室"))])
    ask(S, k, "区高级技工学校免学费补助（不带点）和国家助学金差多少万元",
        figures=[money(t("区高级技工学校免学费补助") - t("区高级技工学校国家助学金"))])
    ask(S, k, "社会化管理人员生活费是带‘的那笔的几倍？一位小数",
        figures=[ratio(t("社会化管理人员生活费"), t("社会化管理人员生活费‘"))])
    ask(S, k, "社保中心的项目资金是城乡居保中心的几倍", figures=[ratio(u("社会保险基金管理中心"), u("城乡居民保险管理中心"))])
    ask(TWO, k, "人社局的项目总额是花都区农业农村局的几倍（一位小数）", figures=[ratio(SEED_D.total, HUADU.total)])
    ask(TWO, k, "花都的高标准农田建设项目比动物疫病强制免疫经费多多少",
        figures=[money(t("高标准农田建设项目", TWO) - t("动物疫病强制免疫经费", TWO))])


# ---------------------------------------------------------------- goals


def goal_text():
    """Quote a project's goal: a distinctive clause of the 绩效目标 (as printed) must appear in the answer."""
    k = "goal_text"
    for db, q, name, core, clauses in [
        (S, "人事档案信息化建设专项经费（不带点那笔）的绩效目标原文是怎么写的", "人事档案信息化建设专项经费", None,
         ["完成32000卷流动人员档案的数字化加工"]),
        (S, "特殊退休人员安置费是干什么用的？看它的绩效目标", "特殊退休人员安置费", None, ["重大疾病、医疗费用、意外事故"]),
        (S, "给学生讲“三支一扶”，想引用高校毕业生“三支一扶”计划补助资金（2024年市补助）的绩效目标，请给出原文",
         "高校毕业生“三支一扶”计划补助资金（2024年市补助）（穗财社（2023）33号）", None, ["吸引和留住各地优秀大学生"]),
        (S, "2024年就业补助资金（2024年市补助）的绩效目标里，“目标2”是什么", "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）",
         None, ["确保完成年度新增就业目标任务"]),
        (S, "区机关事业单位医保系统运维经费，绩效目标栏的原话", "区机关事业单位医保系统运维经费", None,
         ["确保区机关事业单位医保系统工作高效运转"]),
        (S, "就业中心的编外人员经费(1)-临聘人员经费，目标里说用于发放几名临聘人员的经费？原文怎么写", "编外人员经费(1)-临聘人员经费",
         "劳动就业服务管理中心", ["用于发放1名临时聘用人员经费"]),
        (TWO, "动物疫病强制免疫经费的绩效目标是什么", "动物疫病强制免疫经费", None, ["确保不发生区域性重大动物疫情"]),
        (TWO, "花都农业技术推广服务经费的年度目标怎么表述的", "农业技术推广服务经费", None, ["培训农民3000人次以上"]),
    ]:
        p = proj(db, name, core)
        assert all(c in p.goal for c in clauses), (name, clauses)
        ask(db, k, q, names=clauses, note="the answer quotes the project's 绩效目标 (this clause of it at least)")


def goal_mentions():
    k = "goal_mentions"
    for db, q, scope, word in [
        (S, "我们是做长者服务的社工机构，哪些项目的绩效目标写了“老有所养”？", SEED_D.projects, "老有所养"),
        (S, "目标里提到离休干部（含“离休”二字）的项目有哪些", SEED_D.projects, "离休"),
        (S, "帮求职的人找政策：绩效目标里写到“创业”的项目", SEED_D.projects, "创业"),
        (S, "目标 随军家属 哪几个项目", SEED_D.projects, "随军家属"),
        (S, "绩效目标中出现“人才”的项目名称", SEED_D.projects, "人才"),
        (S, "目标写到“求职”的是哪个项目？", SEED_D.projects, "求职"),
        (TWO, "两个部门中，绩效目标提到“农户”的项目是哪个", q2.projects(TWO), "农户"),
        (TWO, "绩效目标里写了“满意度”的项目有哪些（两个部门都算）", q2.projects(TWO), "满意度"),
    ]:
        ps = goal_has(scope, word)
        assert ps, q
        ask(db, k, q, names=names_of(ps), max_extra=0, candidates=pnames(db),
            note=f"projects whose 绩效目标 contains {word}")
    for db, q, scope, word in [
        (S, "绩效目标中提到“学生”的项目有几个", SEED_D.projects, "学生"),
        (S, "有多少个项目的目标写到了“医疗”二字", SEED_D.projects, "医疗"),
        (S, "目标含“参保”的项目数", SEED_D.projects, "参保"),
        (S, "帮困难群体找资源：绩效目标里出现“困难”的项目一共几个", SEED_D.projects, "困难"),
    ]:
        ps = goal_has(scope, word)
        assert ps, q
        ask(db, k, q, figures=[len(ps)], note=f"projects whose 绩效目标 contains {word}, each counted once (twins separately)")
    for db, q, word in [
        (S, "我们服务残障人士，有没有哪个项目的绩效目标提到“残疾”？", "残疾"),
        (TWO, "有没有项目的目标写到“失业”两个字", "失业"),
    ]:
        assert not any(word in p.goal or word in p.name for p in q2.projects(db)), word
        none_found(db, k, q, [word], f"no project's name or 绩效目标 contains {word}: the answer says none, with no figure")


# ---------------------------------------------------------------- indicators


def project_indicators():
    k = "project_indicators"
    lvl1 = lambda name: (lambda i: i["level1"] == name)  # noqa: E731
    lvl2 = lambda name: (lambda i: i["level2"] == name)  # noqa: E731
    for db, q, name, core, pred, what in [
        (S, "特殊退休人员安置费有哪些绩效指标？全部列出", "特殊退休人员安置费", None, None, "all"),
        (S, "就业补助资金（不带·）的社会效益指标有哪几条", "就业补助资金", None, lvl2("社会效益"), "level2 社会效益"),
        (S, "居民医保扩面专项财政补贴（2024年市补助）的产出指标", "居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）", None,
         lvl1("产出指标"), "level1 产出指标"),
        (S, "退休人员移交退管活动资金 效益指标 都有啥", "退休人员移交退管活动资金", None, lvl1("效益指标"), "level1 效益指标"),
        (S, "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）的满意度指标叫什么",
         "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）", None, lvl1("满意度指标"), "level1 满意度指标"),
        (TWO, "动物疫病强制免疫经费的成本指标是什么", "动物疫病强制免疫经费", None, lvl2("成本指标"), "level2 成本指标"),
        (TWO, "农业面源污染治理项目的生态效益指标有哪些", "农业面源污染治理项目", None, lvl2("生态效益指标"), "level2 生态效益指标"),
    ]:
        p = proj(db, name, core)
        want = inds(p, pred or (lambda i: True))
        assert want, q
        ask(db, k, q, names=want, max_extra=0, candidates=inds(p), note=f"indicators of the project ({what}); no others")
    p = proj(S, "区机关事业单位医保系统运维经费")
    ask(S, k, "区机关事业单位医保系统运维经费 几条指标", figures=[len(p.indicators)])
    p = proj(S, "本地政策待遇发放系统维护费")
    ask(S, k, "本地政策待遇发放系统维护费的指标，产出指标几条、满意度指标几条？",
        figures=[len(inds(p, lvl1("产出指标"))), len(inds(p, lvl1("满意度指标")))])
    p = proj(TWO, "高标准农田建设项目")
    ask(TWO, k, "花都高标准农田建设项目的效果指标（一级）共有几条", figures=[len(inds(p, lvl1("效果指标")))])


def indicator_target():
    k = "indicator_target"
    for db, q, name, core, iname in [
        (S, "“系统平均无故障时间（天）”这个指标，年度指标值是多少天", "区机关事业单位医保系统运维经费", None, "系统平均无故障时间（天）"),
        (S, "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）计划培训多少人次",
         "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）", None, "参加培训人次"),
        (S, "2024年就业补助资金（2024年市补助）的社会保险补贴人数，目标多少人",
         "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）", None, "社会保险补贴人数"),
        (S, "2024年就业补助资金（2024年市补助）里补贴发放准确率要达到多少",
         "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）", None, "补贴发放准确率"),
        (S, "社会申办退管活动资金（不带点）的社会申办退休人员接收率目标", "社会申办退管活动资金", None, "社会申办退休人员接收率"),
        (S, "劳动保障监察协管员财政补助项目（2024年市补助）涉110警情成功处置率定的多少",
         "劳动保障监察协管员财政补助项目（2024年市补助）（穗财社〔2023〕33）", None, "涉110警情成功处置率"),
        (S, "编外人员经费(1)-劳动保障监察协管员财政补助项目：群体性事件一年最多允许发生几次",
         "编外人员经费(1)-劳动保障监察协管员财政补助项目", None, "本年度涉劳资纠纷群体性事件发生次数"),
        (TWO, "高标准农田建设项目（花都）亩均财政投入上限是多少元/亩", "高标准农田建设项目", None, "亩均财政投入"),
        (TWO, "花都农业技术推广服务经费，技术指导要在多少小时内响应", "农业技术推广服务经费", None, "技术指导响应时间"),
        (TWO, "动物疫病强制免疫经费的畜禽强制免疫数量目标（万头只）", "动物疫病强制免疫经费", None, "畜禽强制免疫数量"),
        (TWO, "“农田灌溉水有效利用系数”的年度指标值", "高标准农田建设项目", None, "农田灌溉水有效利用系数"),
    ]:
        p = proj(db, name, core)
        ask(db, k, q, figures=[target(p, iname)], note=f"annual target of {iname}")


def indicator_filter():
    k = "indicator_filter"
    all_s = [i["name"] for i in SEED_D.indicators]
    all_h = [i["name"] for i in HUADU.indicators]
    unit_is = lambda u: (lambda i: annual(i).get("unit") == u)  # noqa: E731

    def names(d, pred):
        return list(dict.fromkeys(i["name"] for i in d.indicators if pred(i)))

    def n(d, pred):
        return sum(1 for i in d.indicators if pred(i))

    raw80 = lambda i: (annual(i).get("raw") or "").strip() == "80%或以上"  # noqa: E731
    ask(S, k, "年度指标值写的是“80%或以上”的指标有多少条", figures=[n(SEED_D, raw80)], note="annual value printed exactly 80%或以上")
    ask(S, k, "以“人”为计量单位的指标有哪些（同名的算一个）", names=names(SEED_D, unit_is("人")), max_extra=0, candidates=all_s,
        note="annual target unit 人 (not 人次, not %)")
    ask(S, k, "目标值用“＞”（大于）表示的指标一共几条", figures=[n(SEED_D, lambda i: annual(i).get("op") == ">")])
    qual = names(SEED_D, lambda i: val(i) is None)
    ask(S, k, "没有具体数值、只写了文字的指标（定性指标）有哪些", names=qual, max_extra=0, candidates=all_s,
        note="annual target without a value")
    lt80 = lambda i: annual(i).get("unit") == "%" and val(i) is not None and val(i) < 80  # noqa: E731
    ask(S, k, "百分比目标低于80%的指标有几条", figures=[n(SEED_D, lt80)], note="annual value in %, below 80")
    eq98 = lambda i: annual(i).get("unit") == "%" and val(i) == 98 and annual(i).get("op") == "="  # noqa: E731
    ask(S, k, "年度目标恰好是98%的指标条数（98.00%也算）", figures=[n(SEED_D, eq98)], note="= 98% (98.00% alike)")
    ask(TWO, k, "花都区农业农村局以“万亩”计的指标是哪些", names=names(HUADU, unit_is("万亩")), max_extra=0, candidates=all_h)
    ask(TWO, k, "花都区农业农村局以“万元”为单位的指标有哪几个", names=names(HUADU, unit_is("万元")), max_extra=0, candidates=all_h)
    ge90 = lambda i: unit_is("%")(i) and val(i) is not None and val(i) >= 90 and annual(i).get("op") in ("=", "≥", ">")  # noqa: E731
    ask(TWO, k, "花都区农业农村局百分比目标不低于90%的指标有多少条", figures=[n(HUADU, ge90)],
        note="annual value in %, at least 90 (=, ≥, >)")


# ---------------------------------------------------------------- twins, multi-hop, departments


def twins():
    k = "twins"
    s = lambda name, core=None: proj(S, name, core)  # noqa: E731
    ask(S, k, "企业离休干部补贴有两笔吧？分别多少", figures=[money(s("企业离休干部补贴").total), money(s("企业离休干部补贴‘").total)],
        note="two projects of this name (one with a trailing ‘): both")
    a, b = s("编外人员经费(1)-临时聘用人员经费", "社会保险基金管理中心"), s("编外人员经费(1)-临时聘用人员经费", "城乡居民保险管理中心")
    ask(S, k, "编外人员经费(1)-临时聘用人员经费是哪两个单位报的，各多少", names=[short(a.unit), short(b.unit)],
        figures=[money(a.total), money(b.total)], note="same name in two units: both, with their units")
    ask(S, k, "社会化管理人员节日慰问金两笔合计多少", figures=[money(s("社会化管理人员节日慰问金").total + s("社会化管理人员节日慰问金‘").total)],
        note="both twins summed, as the question asks")
    ask(S, k, "原国有企业部分退休人员补贴 带引号那笔 多少", figures=[money(s("原国有企业部分退休人员补贴‘").total)])
    n1 = "新中国成立初期参加革命工作部分退休干部生活、医疗等补助"
    ask(S, k, "新中国成立初期参加革命工作部分退休干部生活、医疗等补助，表里有几笔？各是多少", figures=[money(s(n1).total), money(s(n1 + "’").total)],
        note="two projects of this name (one with a trailing ’): both")
    c1, c2 = s("编外人员经费(1)-临聘人员经费", "劳动就业服务管理中心"), s("编外人员经费(1)-临聘人员经费", "退休职工管理委员会办公室")
    ask(S, k, "叫“编外人员经费(1)-临聘人员经费”的项目有几个，加起来多少钱", figures=[2, money(c1.total + c2.total)],
        note="same name in two units (就业中心, 退管办): 2 projects and their sum")
    ask(TWO, k, "人社局的人事档案信息化建设专项经费，两笔分别多少",
        figures=[money(proj(TWO, "人事档案信息化建设专项经费").total), money(proj(TWO, "人事档案信息化建设专项经费·").total)])


def multi_hop():
    k = "multi_hop"
    few = min(SEED_D.projects, key=lambda p: len(p.indicators))
    assert sum(len(p.indicators) == len(few.indicators) for p in SEED_D.projects) == 1
    fu = unit(S, few.unit.removeprefix("广州市从化区"))
    ask(S, k, "指标条数最少的那个项目是哪个单位报的？那个单位的项目资金一共多少", names=[few.name, short(fu.name)],
        figures=[money(fu.total)])
    has = [p for p in SEED_D.projects if "补贴发放及时率" in inds(p)]
    ask(S, k, "设了“补贴发放及时率”这个指标的项目有几个？它们金额合计多少", figures=[len(has), money(total(has))])
    owner = [p for p in SEED_D.projects if "系统平均无故障时间（天）" in inds(p)]
    assert len(owner) == 1
    ou = unit(S, owner[0].unit.removeprefix("广州市从化区"))
    ask(S, k, "“系统平均无故障时间（天）”是哪个项目的指标？这个项目所在单位一共多少项目资金",
        names=[owner[0].name, short(ou.name)], figures=[money(ou.total)])
    army = goal_has(SEED_D.projects, "随军家属")
    au = {p.unit for p in army}
    assert len(au) == 1
    armu = unit(S, au.pop().removeprefix("广州市从化区"))
    ask(S, k, "目标里提到随军家属的项目归哪个单位？这个单位一共有几个项目", names=[short(armu.name)], figures=[len(armu.projects)])
    most = max(SEED_D.units, key=lambda u: len(u.projects))
    big = ranked(most.projects)[0]
    ask(S, k, "项目个数最多的那个单位，它金额最大的项目是哪个", names=[big.name], figures=[money(big.total)])
    hm = max(HUADU.projects, key=lambda p: len(p.indicators))
    assert sum(len(p.indicators) == len(hm.indicators) for p in HUADU.projects) == 1
    ask(TWO, k, "花都区农业农村局里指标最多的项目是哪个，预算多少", names=[hm.name], figures=[money(hm.total)])
    own = max(HUADU.units, key=lambda u: u.sources.get("单位资金", Decimal(0)))
    assert len(own.projects) == 1
    ask(TWO, k, "花都区单位资金最多的是哪个单位？它报的项目叫什么", names=[short(own.name), own.projects[0].name])


def multi_dept():
    k = "multi_dept"
    d2 = q2.DBS[TWO]
    dn = [q2.dept_short(d.name) for d in d2]
    ask(TWO, k, "这个数据库里收了哪些部门的绩效目标表", names=dn)
    own = [d for d in d2 if d.source("单位资金")]
    assert len(own) == 1
    ask(TWO, k, "哪个部门的项目用到了“单位资金”这个来源？一共多少", names=[q2.dept_short(own[0].name)],
        figures=[money(own[0].source("单位资金"))])
    ask(TWO, k, "分部门列出项目资金合计和项目个数，不要加总",
        figures=[money(d.total) for d in d2] + [len(d.projects) for d in d2])
    gov = [d for d in d2 if d.source("政府性基金预算")]
    assert len(gov) == 1
    ask(TWO, k, "哪个部门有政府性基金预算的钱？多少", names=[q2.dept_short(gov[0].name)], figures=[money(gov[0].source("政府性基金预算"))])
    ask(TWO, k, "两个部门分别有几个单位（含本级）", figures=[len(d.units) for d in d2])
    lows = [ranked(d.projects, reverse=False)[0] for d in d2]
    ask(TWO, k, "人社局和花都区农业农村局，各自最小的项目是哪个、多少钱？", names=[p.name for p in lows],
        figures=[money(p.total) for p in lows])
    tops = [ranked(d.projects)[0] for d in d2]
    ask(TWO, k, "两个部门各自金额最大的项目分别是什么", names=[p.name for p in tops], figures=[money(p.total) for p in tops])
    ask(TWO, k, "两个部门合在一起总共多少个项目", figures=[sum(len(d.projects) for d in d2)],
        note="the sum across departments because the question asks for it")
    means = [avg(d.projects) for d in d2]
    hi = max(d2, key=lambda d: d.total / len(d.projects))
    ask(TWO, k, "哪个部门的项目平均规模更大？两边平均每个项目各多少万元", names=[q2.dept_short(hi.name)], figures=means)


# ---------------------------------------------------------------- refusals


def three_departments():
    """A few over three departments of three years and two money units (元 and 万元)."""
    d3 = q2.DBS[T3]
    ask(T3, "multi_dept", "三个部门的项目资金合计各是多少？各按自己表上的单位说", figures=[money(d.total) for d in d3],
        note="per department, each in its own unit (卫健委 in 元); never added up")
    yuan = [d for d in d3 if d is LINJ]
    ask(T3, "multi_dept", "库里哪个部门的表是以“元”为金额单位的", names=[q2.dept_short(yuan[0].name)])
    y23 = [d for d in d3 if d.year == 2023]
    assert len(y23) == 1
    ask(T3, "multi_dept", "哪张表是2023年度的？是哪个部门", names=[q2.dept_short(y23[0].name)])
    old = [p for p in q2.projects(T3) if "老年人" in p.goal or "老人" in p.goal]
    ask(T3, "goal_mentions", "做养老服务的社工问：三个部门里，绩效目标提到“老年人”或“老人”的项目有哪些",
        names=names_of(old), max_extra=0, candidates=pnames(T3), note="绩效目标 contains 老年人 or 老人 (三个部门)")
    job = goal_has(q2.projects(T3), "就业")
    ask(T3, "goal_mentions", "给找工作的人找项目：三个部门中目标写到“就业”的项目有几个", figures=[len(job)],
        note="绩效目标 contains 就业, over the three departments")
    per_month = [i["name"] for i in LINJ.indicators if annual(i).get("unit") == "元/人·月"]
    ask(T3, "indicator_filter", "卫健委按“元/人·月”计的指标有哪些", names=per_month, max_extra=0,
        candidates=[i["name"] for i in LINJ.indicators])
    ask("panyu", "goal_mentions", "番禺区教育局哪个项目的目标里写到“资助”", names=names_of(goal_has(PANYU.projects, "资助")),
        max_extra=0, candidates=pnames("panyu"))


def refusals():
    r = refuse
    last = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份", "上一年", "2022", "2023"]
    done = ["执行", "实际", "完成", "决算", "支出进度", "进度"]
    this_year = ["这一年度", "该年度", "这一年", "该年", "本年度", "年度"]
    not_here = ["该部门", "此部门", "这个部门", "数据库", "库中", "库里"]
    future = ["预测", "预计", "未来", "明年", "以后", "下一年", "下年"]
    opinion = ["评价", "判断", "观点", "主观", "看法", "好坏"]
    staff = ["人员", "编制", "人数", "职工", "工作人员", "员工"]
    capita = ["人均", "人口", "每人", "每位", "人数"]
    r(S, "从化区人社局2023年的项目预算是多少", ["2023"] + this_year, "the table holds one budget year (2024)", [SEED_YEAR])
    r(S, "就业补助资金的钱现在发出去多少了", done + ["发放"], "a target table holds no execution")
    r(S, "区机关事业单位医保基金已经拨付出去多少了", done + ["拨付"], "budget, not actual spending")
    r(S, "从化区按户籍人口算，人均摊到多少就业补助资金", capita, "no population figure in the table")
    r(S, "从化区民政局的项目经费有多少", ["民政"] + not_here, "department not in the database")
    r(S, "明年人社局的项目预算会不会增加", future, "no forecasts in a budget table")
    r(S, "你觉得就业补助资金花得值不值？", opinion + ["无法"], "an opinion, not in the table")
    r(S, "社保中心有多少名工作人员", staff, "no staffing figures")
    r(S, "社保中心的项目比三年前多了几个", last + ["三年前", "以前"], "no earlier year")
    r(S, "三支一扶补助资金的预算执行率", done + ["执行率"], "no execution data")
    r(S, "从化区残联有哪些项目", ["残联", "残疾人联合会"] + not_here, "department not in the database")
    r(S, "区高级技工学校国家助学金平均每个学生发多少钱", capita + ["学生"], "no head count of pupils in the table")
    r(TWO, "花都区农业农村局2024年安排了多少项目资金", ["2024"] + this_year, "花都's table is for 2025", [HUADU_YEAR])
    r(TWO, "高标准农田建设项目（花都）到现在实际建成了多少亩", done + ["建成"], "targets, not results")
    r(TWO, "番禺区教育局的项目在这个库里有多少钱", ["番禺"] + not_here, "番禺区教育局 is not in the database two")
    r(TWO, "预测一下花都区农业农村局下一年的项目资金", future, "no forecasts")
    r(TWO, "人社局和花都区农业农村局哪个部门工作做得更好", opinion + ["无法"], "an opinion, not in the table")
    r(T3, "云溪区教育局有多少名在编教师", staff + ["教师"], "no staffing figures")
    r(T3, "卫健委的基本公共卫生服务项目经费执行到多少了", done, "no execution data")



def build() -> list[dict]:
    for step in (amount_project, amount_unit, amount_source, totals, counts, averages, ranks, shares, compare,
                 goal_text, goal_mentions, project_indicators, indicator_target, indicator_filter, twins,
                 multi_hop, multi_dept, three_departments, refusals):
        step()
    for n, item in enumerate(ITEMS, 1):
        ITEMS[n - 1] = {"id": f"v{n:03d}", **item}
    return ITEMS


def main() -> None:
    items = build()
    assert len({i["question"] for i in items}) == len(items), "duplicate question"
    # Not a variation of an earlier development set: no question repeated word for word.
    old = set()
    for name in ("dev", "dev2", "dev3"):
        old |= {i["question"] for i in json.loads((OUT / f"{name}.json").read_text(encoding="utf-8"))["items"]}
    assert not old & {i["question"] for i in items}, old & {i["question"] for i in items}
    for i in items:  # a refusal states no number
        assert not i["expect"].get("refuse") or "figures" not in i["expect"]
    doc = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "scripts/build_qa5.py (answers computed from the gold JSON in plain Python, "
                    "written without reading the engine)",
        "databases": {db: [f"../gold/{g}.json" for g in golds] for db, golds in q2.GOLDS.items()},
        "split": "test3",
        "description": "Held-out set three: never tune the engine on it; its score is reported once.",
        "items": items,
    }
    (OUT / "test3.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    by_db = Counter(i["db"] for i in items)
    print(f"{len(items)} items in test3; seed+two {by_db['seed'] + by_db['two']} "
          f"({(by_db['seed'] + by_db['two']) / len(items):.0%})")
    print("by db:", dict(by_db))
    for kind, n in sorted(Counter(i["kind"] for i in items).items()):
        print(f"  {kind:20s} {n:3d}")


if __name__ == "__main__":
    main()
