#!/usr/bin/env python3
"""Build the sixth development question set (问答评测集六): eval/qa/dev6.json (one file, no split).

Written without reading or running the question engine (extractor/ask/), in voices unlike those of
dev … dev5:

- a village cadre typing colloquially (咋、啥、多少钱啊、有没得、拢共);
- an internal auditor (列支、资金来源结构、口径一致吗、勾稽);
- a data journalist chaining facts (先找…再看…);
- a high-school student doing homework (老师让我算…);
- a CPPCC member drafting a proposal (政协委员, 提案, 请提供…);
- a disability-services worker (残联, 困难群体, 护理、医疗补助);
- someone pasting a long sentence copied from the table itself and asking about it.

The kinds the engine is weakest at are weighted (multi-hop, multi-department, unit amounts, totals,
goal mentions of 2–4-character words: ≥ 10 each; refusals ≥ 20); every other kind ≥ 4.

Every expected answer is computed here from the gold JSON in plain Python (Decimal), with the fact
loading, figure formats and item format of scripts/build_qa.py and scripts/build_qa2.py (which
import nothing from `extractor`). Databases are build_qa2's (seed, panyu, two, three); ≥ 75 % of the
items are over `seed` and `two`. Scored strictly on the answer text by extractor/evaluation/strict_qa.py.

Usage: python scripts/build_qa7.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_qa as base  # noqa: E402
import build_qa2 as q2  # noqa: E402  (facts, databases, item format; imports nothing from extractor)
from build_qa import annual, mid, money, money2, ranked, ratio, share  # noqa: E402
from build_qa2 import HEF, HUADU, PANYU, SEED_D, YUNXI, avg, dept_short, proj, short, target, unit  # noqa: E402

ask, refuse = q2.ask, q2.refuse
ITEMS = q2.ITEMS  # q2.ask appends here; this script never calls q2.build()
S, TWO, P, T = "seed", "two", "panyu", "three"

LAST = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份", "上一年", "前一年"]
DONE = ["执行", "实际", "完成", "决算", "支出进度", "发放情况", "到位"]
FUTURE = ["预测", "未来", "明年", "下一年", "下一年度", "以后", "今后", "其他年度", "预计"]
NOT_HERE = ["该部门", "此部门", "这个部门", "数据库", "库中", "库里"]
OPINION = ["评价", "判断", "意见", "主观", "观点", "合理", "看法", "建议"]
PER_HEAD = ["人均", "人数", "人口", "人员", "每人", "户籍"]
STAFF = ["编制", "人员", "人数", "职工", "在编"]
THIS_YEAR = ["这一年度", "该年度", "这一年", "该年"]


# ---------------------------------------------------------------- small helpers over the gold


def su(core):
    return unit(S, core)


def sp(name, core=None):
    return proj(S, name, core)


def hp(name):
    return proj(TWO, name)


def total(ps) -> Decimal:
    return sum((p.total for p in ps), Decimal(0))


def val(i):
    a = annual(i)
    return Decimal(a["value"]) if a.get("value") is not None else None


def only(xs):
    assert len(xs) == 1, xs
    return xs[0]


def unique_max(xs, key):
    best = max(xs, key=key)
    assert sum(1 for x in xs if key(x) == key(best)) == 1, "a tie: the question would be ambiguous"
    return best


def unique_min(xs, key):
    best = min(xs, key=key)
    assert sum(1 for x in xs if key(x) == key(best)) == 1, "a tie: the question would be ambiguous"
    return best


def nth(ps, n, reverse=True):
    r = ranked(ps, reverse=reverse)
    assert (n == 1 or r[n - 2].total != r[n - 1].total) and (n == len(r) or r[n - 1].total != r[n].total), n
    return r[n - 1]


def with_word(ps, word) -> list[str]:
    return [p.name for p in ps if word in p.goal]


def level_labels(d) -> set[str]:
    return {i["level1"] for i in d.indicators} | {i["level2"] for i in d.indicators}


def ind_cands(p, d) -> list[str]:
    """A project's indicator names as candidates, without those that are also a level label."""
    labels = level_labels(d)
    return list(dict.fromkeys(i["name"] for i in p.indicators if i["name"] not in labels))


# ---------------------------------------------------------------- weak kinds (≥ 10 each)


def multi_hop():
    k = "multi_hop"
    own = su("从化区人力资源和社会保障局")
    ask(S, k, "劳动保障监察协管员财政补助项目（2024年市补助）是哪个单位报的？那个单位所有项目拢共多少钱",
        names=[short(own.name)], figures=[money(own.total)])
    job = su("劳动就业服务管理中心")
    ask(S, k, "就业补助资金（不带点的）挂在哪个单位下面，这个单位一共几个项目", names=[short(job.name)],
        figures=[len(job.projects)])
    ret = su("退休职工管理委员会办公室")
    ask(S, k, "我们做残疾人服务的想了解：特殊退休人员安置费所在的单位，项目资金占全局的比例是多少",
        names=[short(ret.name)], figures=[share(ret.total, SEED_D.total)])
    soc = su("社会保险基金管理中心")
    big = unique_max(soc.projects, key=lambda p: p.total)
    assert "托管退休人员" in big.goal
    ask(S, k, "先找社保中心里钱最多的项目，再告诉我它的绩效目标里说要稳定发放谁的生活补贴",
        names=[big.name, "托管退休人员"], figures=[money(big.total)])
    med = su("公费医疗管理委员会办公室")
    mp = unique_max(med.projects, key=lambda p: p.total)
    ask(S, k, "公医办金额最大的那个项目一共设了几条指标", names=[mp.name], figures=[len(mp.indicators)])
    cx = su("城乡居民保险管理中心")
    cp = unique_max(cx.projects, key=lambda p: len(p.indicators))
    ask(S, k, "城乡居保中心里指标条数最多的项目，预算是多少", names=[cp.name], figures=[money(cp.total)])
    rp = unique_max(ret.projects, key=lambda p: p.total)
    sat = only([i for i in rp.indicators if i["level1"] == "满意度指标"])
    ask(S, k, "退管办预算最大的项目，它的满意度指标目标值定的多少", names=[rp.name],
        figures=[target(rp, sat["name"])], note=f"{sat['name']}")
    p2 = nth(own.projects, 2)
    ask(S, k, "老师让我算：人社局本级项目中金额第二大的那个，占本级项目总额的百分之几",
        names=[p2.name], figures=[share(p2.total, own.total)], note="the unit 局本级, not the department")
    small = unique_min(job.projects, key=lambda p: p.total)
    assert "1名临时聘用人员" in small.goal
    ask(S, k, "就业中心最便宜的项目是啥？它的目标说给几名临时人员发经费", names=[small.name],
        figures=[money(small.total), 1])
    old = sp("新中国成立前老工人补贴")
    ou = su(old.unit.removeprefix("广州市从化区"))
    ask(S, k, "新中国成立前老工人补贴归哪个单位管，那个单位总共报了多少个项目", names=[short(ou.name)],
        figures=[len(ou.projects)])
    hb = unique_max(HUADU.projects, key=lambda p: len(p.indicators))
    ask(TWO, k, "花都区农业农村局里指标最多的项目，钱有多少", names=[hb.name], figures=[money(hb.total)])
    fund = only([p for p in HUADU.projects if p.sources.get("政府性基金预算")])
    ask(TWO, k, "花都区农业农村局的政府性基金预算用在了哪个项目上？这个项目要新建多少万亩高标准农田",
        names=[fund.name], figures=[target(fund, "新建高标准农田面积")])
    hs = unique_min(HUADU.projects, key=lambda p: p.total)
    ask(TWO, k, "花都那边金额最小的项目，一共有几条绩效指标，在哪个单位", names=[hs.name, short(hs.unit)],
        figures=[len(hs.indicators)])
    topu = unique_max(SEED_D.units, key=lambda u: u.total)
    tp = unique_max(topu.projects, key=lambda p: p.total)
    ask(S, k, "数据新闻要用：人社局资金最多的单位里，最大的项目占这个单位的多少",
        names=[short(topu.name), tp.name], figures=[share(tp.total, topu.total)])


def multi_dept():
    k = "multi_dept"
    a, b = SEED_D, HUADU
    ask(TWO, k, "库里这俩部门哪个项目多？多几个", names=[dept_short(a.name)],
        figures=[len(a.projects) - len(b.projects)])
    ask(TWO, k, "两个部门平均每个项目各是多少万元", figures=[avg(a.projects), avg(b.projects)],
        note="per department, never pooled")
    ask(TWO, k, "从化人社局和花都农业农村局的指标条数各多少", figures=[len(a.indicators), len(b.indicators)])
    ask(TWO, k, "每个部门分别有几个预算单位（本级也算）", figures=[len(a.units), len(b.units)])
    ask(TWO, k, "花都区农业农村局的项目总额相当于人社局的百分之几", figures=[share(b.total, a.total)])
    ask(TWO, k, "两个部门项目资金相差多少万元", figures=[money(a.total - b.total)])
    ask(TWO, k, "哪个部门的钱里有单位资金？有多少", names=[dept_short(b.name)], figures=[money(b.source("单位资金"))])
    ask(TWO, k, "政府性基金预算是哪个部门在用，金额多少", names=[dept_short(b.name)],
        figures=[money(b.source("政府性基金预算"))])
    ta, tb = ranked(a.projects)[0], ranked(b.projects)[0]
    ask(TWO, k, "两个部门各自最大的项目分别是啥，多少钱", names=[ta.name, tb.name],
        figures=[money(ta.total), money(tb.total)])
    ask(TWO, k, "政协委员写提案用：两家单位满意度类的指标各有几条",
        figures=[sum(1 for i in a.indicators if i["level1"] == "满意度指标"),
                 sum(1 for i in b.indicators if "满意度" in i["level2"])],
        note="seed: 一级指标 满意度指标; huadu: 二级指标 社会公众或服务对象满意度指标")
    over = [u for u in a.units if u.total > b.total]
    cands = [short(u.name) for u in a.units if u.name != a.name]
    ask(TWO, k, "人社局下面有没有哪个单位的项目钱比花都区农业农村局整个局还多", names=[short(u.name) for u in over],
        max_extra=0, candidates=cands, note="units of 人社局 whose total exceeds the whole 花都 department")
    ask(TWO, k, "这个库里收了哪几个部门的绩效目标表", names=[dept_short(a.name), dept_short(b.name)])
    ask(TWO, k, "两个部门的指标各几条，项目金额中位数又分别是多少",
        figures=[len(a.indicators), len(b.indicators), mid([p.total for p in a.projects]), mid([p.total for p in b.projects])],
        note="per department, never pooled")


def amount_unit():
    k = "amount_unit"
    ask(S, k, "社保中心这个单位报上来的项目钱一共多少啊", figures=[money(su("社会保险基金管理中心").total)])
    ask(S, k, "人社局本级自己（不算下属）列支的项目支出是多少", figures=[money(su("从化区人力资源和社会保障局").total)],
        note="the unit 局本级 itself")
    ask(S, k, "人社局下属的就业中心，项目经费有多少", figures=[money(su("劳动就业服务管理中心").total)])
    ask(S, k, "公医办名下有多少钱的项目", figures=[money(su("公费医疗管理委员会办公室").total)])
    cx = su("城乡居民保险管理中心")
    ask(S, k, "审计问一下：城乡居保中心项目支出合计多少，其中财政拨款列了多少", figures=[money(cx.total), money(cx.sources["财政拨款"])])
    ret = su("退休职工管理委员会办公室")
    ask(S, k, "退管办这个单位总共多少钱，里头其他资金占多少钱", figures=[money(ret.total), money(ret.sources["其他资金"])])
    an = unit(TWO, "动物疫病预防控制中心")
    ask(TWO, k, "花都区动物疫病预防控制中心的项目预算，按资金来源分别是多少",
        figures=[money(an.sources["一般公共预算"]), money(an.sources["单位资金"])])
    own = unit(TWO, "花都区农业农村局")
    ask(TWO, k, "花都农业农村局本级（局机关）拿了多少一般公共预算", figures=[money(own.sources["一般公共预算"])],
        note="the unit 局本级 itself")
    tc = unit(TWO, "农业技术推广中心")
    ask(TWO, k, "花都农技推广中心的单位资金和一般公共预算各有多少", figures=[money(tc.sources["单位资金"]),
                                                               money(tc.sources["一般公共预算"])])
    subs = [u for u in SEED_D.units if u.name != SEED_D.name]
    ask(S, k, "人社局下属单位（不含局本级）的项目资金加起来多少", figures=[money(total([p for u in subs for p in u.projects]))],
        note="department total minus the unit 局本级")
    two_c = [su("社会保险基金管理中心"), su("城乡居民保险管理中心")]
    ask(S, k, "社保中心和城乡居保中心两个中心合起来有多少项目经费", figures=[money(sum((u.total for u in two_c), Decimal(0)))])
    ask(S, k, "表上有一行写着“广州市从化区劳动就业服务管理中心”，这个中心底下一共有几个项目、多少钱",
        figures=[len(su("劳动就业服务管理中心").projects), money(su("劳动就业服务管理中心").total)])
    ask(T, k, "禾丰县动物疫病预防控制中心这个单位的项目合计是多少", figures=[money(unit(T, "禾丰县动物疫病预防控制中心").total)])


def totals():
    k = "total"
    ask(S, k, "人社局总共一共多少钱啊", figures=[money(SEED_D.total)])
    ask(S, k, "咱从化人社局这张表的总盘子有多大", figures=[money(SEED_D.total)])
    ask(S, k, "从化区人社系统项目支出预算总规模是多少万元", figures=[money(SEED_D.total)])
    ask(S, k, "把人社局全部47个项目的预算加起来是多少", figures=[money(SEED_D.total)])
    ask(S, k, "“广州市从化区人力资源和社会保障局项目支出绩效目标表”最底下那行合计是多少", figures=[money(SEED_D.total)])
    ask(S, k, "人社局的项目总额，按财政拨款和其他资金拆开各多少，口径一致吗",
        figures=[money(SEED_D.total), money(SEED_D.source("财政拨款")), money(SEED_D.source("其他资金"))])
    ask(TWO, k, "花都区农业农村局三个资金来源加起来一共多少", figures=[money(HUADU.total)])
    ask(TWO, k, "花都农业农村局项目支出合计多少，其中一般公共预算多少", figures=[money(HUADU.total),
                                                                 money(HUADU.source("一般公共预算"))])
    ask(TWO, k, "库里所有部门的项目资金全部加在一起总共多少万元", figures=[money(SEED_D.total + HUADU.total)],
        note="the sum across departments because the question asks for it (both in 万元)")
    ask(TWO, k, "只算从化人社局，项目资金合计多少", figures=[money(SEED_D.total)])
    ask(TWO, k, "花都那个局的项目钱总共有好多", figures=[money(HUADU.total)])
    ask(P, k, "番禺区教育局的表一共多少钱", figures=[money(PANYU.total)])
    ask(T, k, "禾丰县农业农村局一共安排了多少万元的项目", figures=[money(HEF.total)])


def goal_mentions():
    k = "goal_mentions"
    cands_s, cands_two = q2.project_names(S), q2.project_names(TWO)
    for db, q, scope, word, as_count in [
        (S, "绩效目标里提到“公平”的项目有几个", SEED_D.projects, "公平", True),
        (S, "目标里写了“护理”的都是哪些项目", SEED_D.projects, "护理", False),
        (S, "我们残联关心的：目标里提到困难的项目有哪些", SEED_D.projects, "困难", False),
        (S, "人社局有几个项目的目标里带“学生”两个字", SEED_D.projects, "学生", True),
        (S, "绩效目标提到人才的项目有几个啊", SEED_D.projects, "人才", True),
        (S, "目标里提了“随军家属”的项目是哪些", SEED_D.projects, "随军家属", False),
        (S, "人社局哪些项目的目标写到了信息", SEED_D.projects, "信息", False),
        (S, "目标里讲到“和谐”的项目总共几个", SEED_D.projects, "和谐", True),
        (S, "有没得项目的目标提到了“劳资纠纷”？是哪些", SEED_D.projects, "劳资纠纷", False),
        (TWO, "花都区农业农村局目标里提到“农药”的项目有哪些", HUADU.projects, "农药", False),
        (TWO, "花都农业农村局有几个项目的目标写了“2025年”", HUADU.projects, "2025年", True),
        (TWO, "人社局目标里说到“小微企业”的项目有几个", SEED_D.projects, "小微企业", True),
        (S, "绩效目标中出现“慰问金”三个字的项目，列一下", SEED_D.projects, "慰问金", False),
    ]:
        names = with_word(scope, word)
        assert names, q
        note = f"projects (of the named scope) whose 绩效目标 contains {word}"
        if as_count:
            ask(db, k, q, figures=[len(names)], note=note)
        else:
            ask(db, k, q, names=names, max_extra=0, candidates=cands_s if db == S else cands_two, note=note)


def pasted():
    """Someone pastes a sentence from the table and asks whose it is."""
    cands = q2.project_names(S)
    clause = "保持我区就业形势总体稳定，有效带动我区就业困难人员和应届高校生等人群稳定就业"
    ask(S, "goal_mentions", f"“{clause}”——这句话是哪个项目的绩效目标？", names=with_word(SEED_D.projects, clause),
        max_extra=0, candidates=cands, note="projects whose 绩效目标 contains the pasted sentence")
    clause = "完成32000卷流动人员档案的数字化加工及系统建立"
    ps = [p for p in SEED_D.projects if clause in p.goal]
    assert len(ps) == 2
    ask(S, "multi_hop", f"表里有句“{clause}”，这是哪个项目的目标？这个项目多少钱",
        names=[p.name for p in ps], figures=[money(p.total) for p in ps], max_extra=0, candidates=cands,
        note="two projects carry this goal: both, with their amounts")
    iname = "涉劳资纠纷隐患化解率"
    ps = [p for p in SEED_D.projects if any(i["name"] == iname and i["annual_target"]["raw"] == "98%" for i in p.indicators)]
    assert ps
    ask(S, "indicator_filter", f"我从表里复制的：“{iname} 98%”，这条指标是哪些项目设的？", names=[p.name for p in ps],
        max_extra=0, candidates=cands)


def refusals():
    r = refuse
    r(S, "社会化管理人员生活费实际发放人数是多少", DONE + ["发放人数", "人数"], "no head count of recipients in the table")
    r(S, "区机关事业单位医保基金的预算执行率是多少", DONE + ["执行率"], "a target table has no execution")
    r(S, "从化区每个残疾人能分到多少人社项目的钱", ["残疾"] + PER_HEAD, "no population in the table")
    r(S, "退管办有几个工作人员", STAFF + ["工作人员"], "no staff numbers in the table")
    r(S, "人社局2023年项目资金多少", ["2023"] + THIS_YEAR, "the seed table is the 2024 one", may_say=[2024])
    r(S, "明年人社局项目预算会涨多少", FUTURE, "no forecast")
    r(S, "社会化管理人员生活费定得高不高，值不值", OPINION, "opinion")
    r(S, "从化区残联的项目有多少钱", ["残联", "残疾人联合会"] + NOT_HERE, "department not in the database")
    r(TWO, "花都区民政局的项目一共多少", ["民政"] + NOT_HERE, "department not in the database")
    r(TWO, "动物疫病强制免疫经费实际花掉多少了", DONE, "budget, not actual spending")
    r(TWO, "花都区上一年度建了多少亩高标准农田", LAST, "no prior year")
    r(S, "公医办每个参保人平均报销多少钱", PER_HEAD + ["参保人", "报销"], "no head count")
    r(S, "居民医保扩面专项财政补贴实际参保了多少人", DONE + ["参保人数", "人数"], "targets are rates; no actual count")
    r(S, "人社局的基本支出是多少", ["基本支出"], "the table lists project expenditure only")
    r(S, "人社局项目资金到位率多少了", DONE + ["到位率"], "no execution data")
    r(S, "企业离休干部补贴每个离休干部每月发多少", ["每月", "月", "人均", "人数", "标准"], "no per-head or monthly standard")
    r(S, "社保中心前三季度花了多少钱", DONE + ["季度"], "no execution data")
    r(TWO, "花都区农业农村局2024年的项目预算", ["2024", "2025"] + THIS_YEAR, "the huadu table is for 2025", may_say=[2025])
    r(TWO, "你认为农业面源污染治理项目效果会好吗", OPINION + FUTURE, "opinion / forecast")
    r(S, "从化人社局项目资金跟去年比多了还是少了", LAST, "no prior year")
    r(TWO, "农业技术推广服务经费的决算是多少", ["决算"], "budget, not final accounts")
    r(S, "就业中心有多少个编制", STAFF, "no staff numbers")
    r(T, "禾丰县农业农村局2024年预算多少", ["2024", "2023"] + THIS_YEAR, "禾丰县's table is for 2023", may_say=[2023])
    r(S, "人社局的项目资金在全市各区里排第几", ["全市", "其他区", "其他部门", "各区"], "one district's department only")
    r(S, "区高级技工学校国家助学金发给了多少个学生", DONE + ["人数", "学生人数", "发放"], "no recipient count")
    r(P, "番禺区教育局明年的预算大概多少", FUTURE, "no forecast")
    r(S, "就业补助资金的完成率现在到多少了", DONE + ["完成率"], "a target table has targets, not progress")


# ---------------------------------------------------------------- the other kinds (≥ 4 each)


def plain_amounts():
    k = "amount_project"
    ask(S, k, "新中国成立前老工人补贴（不带撇的）多少钱啊", figures=[money(sp("新中国成立前老工人补贴").total)])
    ask(S, k, "原国有企业部分退休人员补贴预算列了多少", figures=[money(sp("原国有企业部分退休人员补贴").total)])
    ask(S, k, "做残疾人服务的想问，特殊退休人员安置费一年有多少", figures=[money(sp("特殊退休人员安置费").total)])
    ask(S, k, "表里“居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）”这一行的金额是多少",
        figures=[money(sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）").total)])
    ask(TWO, k, "农业技术推广服务经费花都给了好多钱", figures=[money(hp("农业技术推广服务经费").total)])

    k = "amount_source"
    ask(S, k, "审计看资金来源结构：人社局财政拨款占了多少钱", figures=[money(SEED_D.source("财政拨款"))])
    ask(S, k, "人社局用其他资金列支的是哪个项目，多少", names=["退休人员移交退管活动资金"],
        figures=[money(SEED_D.source("其他资金"))])
    ask(TWO, k, "高标准农田建设项目里政府性基金预算多少，一般公共预算多少",
        figures=[money(hp("高标准农田建设项目").sources["政府性基金预算"]), money(hp("高标准农田建设项目").sources["一般公共预算"])])
    ask(TWO, k, "花都区农业农村局单位资金一共有多少", figures=[money(HUADU.source("单位资金"))])
    ask(TWO, k, "动物疫病强制免疫经费有没有单位资金？多少", figures=[money(hp("动物疫病强制免疫经费").sources["单位资金"])])
    ask(T, k, "云溪区教育局的单位资金合计是多少", figures=[money(YUNXI.source("单位资金"))])


def counts_and_averages():
    k = "count"
    ask(S, k, "人社局拢共报了几个项目", figures=[len(SEED_D.projects)])
    ask(S, k, "人社局的效益指标总共有多少条", figures=[sum(1 for i in SEED_D.indicators if i["level1"] == "效益指标")])
    ask(S, k, "人社局100万元以下的项目有几个", figures=[sum(1 for p in SEED_D.projects if p.total < 100)],
        note="total below 100 万元")
    ask(S, k, "城乡居保中心一共设了多少条绩效指标",
        figures=[sum(len(p.indicators) for p in su("城乡居民保险管理中心").projects)])
    ask(TWO, k, "花都区农业农村局的时效指标有几条", figures=[sum(1 for i in HUADU.indicators if i["level2"] == "时效指标")])
    ask(S, k, "人社局有几条质量指标", figures=[sum(1 for i in SEED_D.indicators if i["level2"] == "质量指标")])

    k = "average"
    ask(S, k, "社保中心平均每个项目多少钱啊", figures=[avg(su("社会保险基金管理中心").projects)])
    ask(S, k, "老师布置的题：人社局本级13个项目的平均金额", figures=[avg(su("从化区人力资源和社会保障局").projects)],
        note="the unit 局本级")
    ask(S, k, "公医办三个项目平均下来一个有好多", figures=[avg(su("公费医疗管理委员会办公室").projects)])
    ask(TWO, k, "花都区农业农村局4个项目平均一个多少", figures=[avg(HUADU.projects)])
    ask(TWO, k, "花都农业农村局本级那两个项目的均值是多少万元", figures=[avg(unit(TWO, "花都区农业农村局").projects)],
        note="the unit 局本级")

    k = "median"
    ask(S, k, "社保中心那些项目金额的中位数是好多", figures=[mid([p.total for p in su("社会保险基金管理中心").projects])],
        note="17 projects: the 9th")
    ask(S, k, "退管办项目金额排在中间的是多少", figures=[mid([p.total for p in su("退休职工管理委员会办公室").projects])],
        note="6 projects: the mean of the 3rd and 4th")
    ask(TWO, k, "花都农业农村局项目金额的中位数是多少", figures=[mid([p.total for p in HUADU.projects])])
    ask(S, k, "人社局本级项目金额中位数", figures=[mid([p.total for p in su("从化区人力资源和社会保障局").projects])],
        note="the unit 局本级")


def ranks():
    k = "rank"
    cands_all = q2.project_names(S)
    r = ranked(SEED_D.projects)
    ask(S, k, "人社局钱最多的项目是啥", names=[r[0].name], figures=[money(r[0].total)])
    p4 = nth(SEED_D.projects, 4)
    ask(S, k, "人社局金额排第四的项目", names=[p4.name], figures=[money(p4.total)], max_extra=3, candidates=cands_all,
        note="the one without the trailing ·; the three above it may be listed")
    lo = nth(su("社会保险基金管理中心").projects, 1, reverse=False)
    ask(S, k, "社保中心里最少的那个项目是哪个，多少钱", names=[lo.name], figures=[money(lo.total)])
    hu = sorted(HUADU.units, key=lambda u: u.total)
    ask(TWO, k, "花都区农业农村局哪个单位钱最少", names=[short(hu[0].name)], figures=[money(hu[0].total)])
    su_r = sorted(SEED_D.units, key=lambda u: u.total)
    ask(S, k, "人社局6个单位里项目资金倒数第二的是谁", names=[short(su_r[1].name)], figures=[money(su_r[1].total)])

    k = "top_n"
    cands = q2.project_names(S)
    ask(S, k, "人社局最大的三个项目列一下", names=[p.name for p in r[:3]], max_extra=0, candidates=cands)
    low = ranked(SEED_D.projects, reverse=False)
    assert low[2].total != low[3].total
    ask(S, k, "人社局金额最小的三个项目是哪些", names=[p.name for p in low[:3]], max_extra=0, candidates=cands)
    hr = ranked(HUADU.projects)
    ask(TWO, k, "花都区农业农村局排前二的项目", names=[p.name for p in hr[:2]], max_extra=0, candidates=q2.project_names(TWO))
    jr = ranked(su("劳动就业服务管理中心").projects)
    ask(S, k, "就业中心最多钱的两个项目", names=[p.name for p in jr[:2]], max_extra=0, candidates=cands)


def compare_share():
    k = "compare"
    d = lambda a, b: money(abs(a - b))  # noqa: E731
    ask(S, k, "公医办比社保中心多多少钱", figures=[d(su("公费医疗管理委员会办公室").total, su("社会保险基金管理中心").total)])
    ask(S, k, "社会化管理人员生活费是带撇那个的几倍",
        figures=[ratio(sp("社会化管理人员生活费").total, sp("社会化管理人员生活费‘").total)])
    ask(S, k, "区机关事业单位医保基金和区机关事业单位医保系统运维经费差多少",
        figures=[d(sp("区机关事业单位医保基金").total, sp("区机关事业单位医保系统运维经费").total)])
    ask(TWO, k, "高标准农田建设项目是农业面源污染治理项目的几倍",
        figures=[ratio(hp("高标准农田建设项目").total, hp("农业面源污染治理项目").total)])
    ask(S, k, "就业中心的项目钱是人社局本级的多少倍",
        figures=[ratio(su("劳动就业服务管理中心").total, su("从化区人力资源和社会保障局").total)])
    ask(TWO, k, "花都动物疫病预防控制中心比农业技术推广中心多多少万元",
        figures=[d(unit(TWO, "动物疫病预防控制中心").total, unit(TWO, "农业技术推广中心").total)])

    k = "share"
    ask(S, k, "就业中心占人社局项目资金的几成，给个百分比", figures=[share(su("劳动就业服务管理中心").total, SEED_D.total)])
    ask(S, k, "人社局的财政拨款占总额百分之几", figures=[share(SEED_D.source("财政拨款"), SEED_D.total)])
    ask(TWO, k, "花都区农业农村局政府性基金预算占项目总额的比重", figures=[share(HUADU.source("政府性基金预算"), HUADU.total)])
    ask(S, k, "区机关事业单位医保基金在公医办里占多大比例",
        figures=[share(sp("区机关事业单位医保基金").total, su("公费医疗管理委员会办公室").total)])
    ask(TWO, k, "农业技术推广服务经费里单位资金占百分之多少",
        figures=[share(hp("农业技术推广服务经费").sources["单位资金"], hp("农业技术推广服务经费").total)])


def goals_and_indicators():
    k = "goal_text"
    for db, q, p, clause in [
        (S, "区高级技工学校国家助学金的绩效目标写的啥", sp("区高级技工学校国家助学金"), "家庭经济困难学生"),
        (S, "社会化管理人员节日慰问金（不带撇）目标是怎么写的", sp("社会化管理人员节日慰问金"), "提高社会化管理人员的生活水平"),
        (TWO, "高标准农田建设项目的绩效目标要新建多少亩，原文怎么说", hp("高标准农田建设项目"), "新建高标准农田1.1万亩"),
        (S, "新中国成立前老工人补贴的目标里说要解决啥问题", sp("新中国成立前老工人补贴"), "生活补贴、护理费发放问题"),
    ]:
        assert clause in p.goal, (p.name, clause)
        ask(db, k, q, names=[clause], note=f"a clause of the 绩效目标 of {p.name}")

    k = "project_indicators"
    for db, q, p, d, pred in [
        (S, "编外人员经费(1)-劳动保障监察协管员财政补助项目有哪些社会效益指标",
         sp("编外人员经费(1)-劳动保障监察协管员财政补助项目"), SEED_D, lambda i: i["level2"] == "社会效益"),
        (S, "居民医保扩面专项财政补贴的数量指标是哪几条",
         sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）"), SEED_D, lambda i: i["level2"] == "数量指标"),
        (TWO, "动物疫病强制免疫经费设了哪些质量指标", hp("动物疫病强制免疫经费"), HUADU, lambda i: i["level2"] == "质量指标"),
        (TWO, "农业面源污染治理项目的生态效益指标有啥", hp("农业面源污染治理项目"), HUADU, lambda i: i["level2"] == "生态效益指标"),
    ]:
        want = [i["name"] for i in p.indicators if pred(i)]
        assert want, q
        ask(db, k, q, names=want, max_extra=0, candidates=ind_cands(p, d),
            note="other indicators of the project must not be listed")

    k = "indicator_target"
    for db, q, p, iname in [
        (S, "2024年就业补助资金的社会保险补贴人数目标是多少人",
         sp("2024年就业补助资金（2024年市补助）（穗财社（2023）33号）"), "社会保险补贴人数"),
        (S, "编外人员经费(1)-劳动保障监察协管员财政补助项目，涉劳资纠纷群体性事件次数控制在几次",
         sp("编外人员经费(1)-劳动保障监察协管员财政补助项目"), "本年度涉劳资纠纷群体性事件发生次数"),
        (TWO, "农业技术推广服务经费要培训农民多少人次", hp("农业技术推广服务经费"), "培训农民人次"),
        (TWO, "高标准农田的亩均财政投入上限是多少", hp("高标准农田建设项目"), "亩均财政投入"),
        (S, "社会申办退管活动资金（不带点）的社会申办退休人员接收率要求多少", sp("社会申办退管活动资金"), "社会申办退休人员接收率"),
    ]:
        ask(db, k, q, figures=[target(p, iname)], note=f"annual target of {iname}")

    k = "indicator_filter"
    n = lambda d, pred: sum(1 for i in d.indicators if pred(i))  # noqa: E731
    ask(S, k, "人社局目标值是“90%或以上”的指标有多少条", figures=[n(SEED_D, lambda i: annual(i).get("raw") == "90%或以上")],
        note="annual value printed exactly 90%或以上")
    ask(S, k, "人社局以“人”为单位的指标有几条", figures=[n(SEED_D, lambda i: annual(i).get("unit") == "人")])
    ask(S, k, "目标值用“＞”写的指标有几条", figures=[n(SEED_D, lambda i: annual(i).get("op") == ">")])
    ask(TWO, k, "花都区农业农村局以“万元”为单位的指标有哪些", names=[i["name"] for i in HUADU.indicators
                                                          if annual(i).get("unit") == "万元"],
        max_extra=0, candidates=[i["name"] for i in HUADU.indicators])
    ask(TWO, k, "花都农业农村局目标值不低于90%的百分比指标有几条",
        figures=[n(HUADU, lambda i: annual(i).get("unit") == "%" and val(i) >= 90 and annual(i).get("op") in ("=", "≥", ">"))],
        note="annual value in %, at least 90 (=, ≥, >)")
    ask(S, k, "人社局目标值为98%的指标一共几条",
        figures=[n(SEED_D, lambda i: annual(i).get("unit") == "%" and val(i) == 98 and annual(i).get("op") == "=")],
        note="= 98% (98.00% alike)")


def twins_yes_confirm():
    k = "twins"
    ask(S, k, "企业离休干部补贴有几个？各多少钱", figures=[money(sp("企业离休干部补贴").total), money(sp("企业离休干部补贴‘").total)],
        note="two projects of this name (one with a trailing ‘): both")
    ask(S, k, "人事档案信息化建设专项经费两个加一起多少",
        figures=[money(sp("人事档案信息化建设专项经费").total + sp("人事档案信息化建设专项经费·").total)])
    ask(S, k, "原国有企业部分退休人员补贴多少钱", figures=[money(sp("原国有企业部分退休人员补贴").total),
                                                money(sp("原国有企业部分退休人员补贴‘").total)],
        note="two projects of this name: both")
    ask(S, k, "编外人员经费(1)-临聘人员经费在哪几个单位都有，各多少",
        names=[short(sp("编外人员经费(1)-临聘人员经费", c).unit) for c in ("劳动就业服务管理中心", "退休职工管理委员会办公室")],
        figures=[money(sp("编外人员经费(1)-临聘人员经费", "劳动就业服务管理中心").total)])

    k = "yes_no"
    ask(S, k, "人社局有没得超过1000万的项目？有的话是哪些", names=[p.name for p in SEED_D.projects if p.total > 1000],
        max_extra=0, candidates=q2.project_names(S), note="projects above 1000 万元")
    own_funds = [u for u in HUADU.units if u.sources.get("单位资金")]
    ask(TWO, k, "花都区农业农村局有没有用到单位资金？哪些单位用了，一共多少",
        names=[short(u.name) for u in own_funds], figures=[money(HUADU.source("单位资金"))])
    ask(S, k, "公医办的项目是不是全是财政拨款？一共多少", names=["财政拨款"],
        figures=[money(su("公费医疗管理委员会办公室").sources["财政拨款"])])
    ask(TWO, k, "花都区农业农村局是否有以“公里”计的指标？是哪些",
        names=[i["name"] for i in HUADU.indicators if annual(i).get("unit") == "公里"],
        max_extra=0, candidates=[i["name"] for i in HUADU.indicators])

    k = "confirm"
    ask(S, k, "我看表里写区机关事业单位医保基金是5046万，对不对", figures=[money(sp("区机关事业单位医保基金").total)],
        note="the quoted 5046 has swapped digits: 5064")
    ask(S, k, "就业中心的项目资金是8783.91万元吧？", figures=[money(su("劳动就业服务管理中心").total)], note="right")
    ask(TWO, k, "花都区农业农村局是不是有10个项目", figures=[len(HUADU.projects)], note="wrong: 8")
    ask(S, k, "表上写“社会化管理人员生活费 499.86”，人社局这个项目真的就是499.86万吗",
        figures=[money(sp("社会化管理人员生活费").total)], note="right")
    ask(S, k, "社保中心的项目合计是不是1353.72万元", figures=[money(su("社会保险基金管理中心").total)],
        note="wrong: 1335.72")


def build() -> list[dict]:
    for step in (multi_hop, multi_dept, pasted, amount_unit, totals, goal_mentions, refusals, plain_amounts,
                 counts_and_averages, ranks, compare_share, goals_and_indicators, twins_yes_confirm):
        step()
    for n, item in enumerate(ITEMS, 1):
        ITEMS[n - 1] = {"id": f"g{n:03d}", **item}
    return ITEMS


def earlier_questions() -> set[str]:
    """Questions of the development sets (the held-out ones are not read here)."""
    seen = set()
    for split in ("dev", "dev2", "dev3", "dev4", "dev5", "seed-qa"):
        path = base.OUT / f"{split}.json"
        if path.exists():
            doc = json.loads(path.read_text(encoding="utf-8"))
            seen |= {i["question"] for i in (doc["items"] if isinstance(doc, dict) else doc) if "question" in i}
    return seen


WEAK = ("multi_hop", "multi_dept", "amount_unit", "total", "goal_mentions")


def main() -> None:
    items = build()
    assert len({i["question"] for i in items}) == len(items), "duplicate question"
    repeated = {i["question"] for i in items} & earlier_questions()
    assert not repeated, repeated
    for i in items:  # a refusal states no number; its expected words are not figures
        assert not i["expect"].get("refuse") or "figures" not in i["expect"]
    kinds = Counter(i["kind"] for i in items)
    assert min(kinds.values()) >= 4 and kinds["refuse"] >= 20 and all(kinds[w] >= 10 for w in WEAK), kinds
    assert len(items) >= 150 and sum(i["db"] in (S, TWO) for i in items) >= 0.75 * len(items)
    doc = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "scripts/build_qa7.py (answers computed from the gold JSON in plain Python, "
                    "written without reading the engine)",
        "split": "dev6",
        "description": "A development set in the voices of a village cadre, an internal auditor, a data journalist, a "
                       "high-school student, a CPPCC member, a disability-services worker and someone pasting text "
                       "from the table; weighted to multi-hop, multi-department, unit amounts, totals, goal mentions "
                       "and refusals.",
        "databases": {db: [f"../gold/{g}.json" for g in golds] for db, golds in q2.GOLDS.items()},
        "items": items,
    }
    (base.OUT / "dev6.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} items; seed+two {sum(i['db'] in (S, TWO) for i in items)}")
    print("by db:", dict(Counter(i["db"] for i in items)))
    for kind, n in sorted(kinds.items()):
        print(f"  {kind:20s} {n:3d}")


if __name__ == "__main__":
    main()
