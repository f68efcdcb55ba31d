#!/usr/bin/env python3
"""Build the fifth development question set (问答评测集五): eval/qa/dev5.json (one file, no split).

Written without reading or running the question engine (extractor/ask/), in the voices of people
who ask, each unlike the templates of dev, dev2, dev3 and dev4:

- a county People's Congress budget committee staffer (人大预算工委): formal, 请说明 / 请核实;
- a fiscal-transparency NGO volunteer: plain, checks what is and is not published;
- a TV reporter reading on air: 观众朋友们…, spoken numbers;
- a retired accountant: long compound questions (先…再…, 并且…);
- a grad student: 口径, 科目, 明细, 分项, 结构;
- a citizen writing traditional characters (從化區, 項目, 資金) or full-width digits (１２３);
- a hurried message with no punctuation at all;
- a question that quotes a figure to confirm (是不是…万？): the expected answer carries the true
  figure, so an answer that only echoes a wrong quoted figure fails.

Every expected answer is computed here from the gold JSON in plain Python (Decimal), with the fact
loading and figure formats of scripts/build_qa.py and scripts/build_qa2.py (which import nothing
from `extractor`). Databases are build_qa2's (seed, panyu, two, three); ≥ 75 % of the items are over
`seed` and `two`. Scored strictly on the answer text by extractor/evaluation/strict_qa.py.

Usage: python scripts/build_qa6.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_qa2 as q2  # noqa: E402  (facts, databases, item format; imports nothing from extractor)
from build_qa import annual, mid, money, ranked, ratio, share  # noqa: E402
from build_qa2 import HEF, HUADU, PANYU, SEED_D, YUNXI, avg, dept_short, short, target, unit  # noqa: E402
from qa_common import (  # noqa: E402  (refusal words, helpers that refuse a tie, check and write)
    LAST, DONE, FUTURE, NOT_HERE, OPINION, PER_HEAD, STAFF, su, sp, hp, val, only, ind_cands, unique_max,
    unique_min, nth, check, earlier_questions, write_set, S, TWO, P, T,
)

ask, refuse = q2.ask, q2.refuse
ITEMS = q2.ITEMS  # q2.ask appends here; this script never calls q2.build()


# ---------------------------------------------------------------- small helpers over the gold


def names_of(ps) -> list[str]:
    return [p.name for p in ps]


def inds(p, pred=lambda i: True) -> list[str]:
    return [i["name"] for i in p.indicators if pred(i)]


# ---------------------------------------------------------------- amounts


def amounts():
    k = "amount_project"
    ask(S, k, "请核实：区高级技工学校国家助学金项目，年度预算安排数是多少万元？", figures=[money(sp("区高级技工学校国家助学金").total)])
    ask(S, k, "观众朋友们，从化区为特殊退休人员安排的安置费，到底有多少钱呢？", figures=[money(sp("特殊退休人员安置费").total)])
    ask(S, k, "醫保基金計算機智能審核系統服務費多少錢", figures=[money(sp("医保基金计算机智能审核系统服务费").total)])
    ask(S, k, "本地政策待遇发放系统维护费这个科目的预算口径金额", figures=[money(sp("本地政策待遇发放系统维护费").total)])
    ask(S, k, "人事档案信息化建设专项经费不带点那个多少钱急", figures=[money(sp("人事档案信息化建设专项经费").total)],
        note="the one without the trailing ·")
    ask(TWO, k, "花都区动物疫病强制免疫经费安排了多少万元", figures=[money(hp("动物疫病强制免疫经费").total)])
    ask(TWO, k, "农业面源污染治理项目的资金盘子有多大？", figures=[money(hp("农业面源污染治理项目").total)])

    k = "amount_unit"
    ask(S, k, "请说明区城乡居民保险管理中心本年度项目支出预算合计。", figures=[money(su("城乡居民保险管理中心").total)])
    ask(S, k, "退休职工管理委员会办公室名下项目的钱加一起有多少", figures=[money(su("退休职工管理委员会办公室").total)])
    ask(S, k, "勞動就業服務管理中心的項目資金合計", figures=[money(su("劳动就业服务管理中心").total)])
    ask(S, k, "人社局本级（局机关自己）的项目明细合计是多少万元", figures=[money(su("从化区人力资源和社会保障局").total)],
        note="the unit 广州市从化区人力资源和社会保障局 itself (局本级), not the department")
    ask(TWO, k, "花都区农业技术推广中心这个单位报了多少钱的项目", figures=[money(unit(TWO, "农业技术推广中心").total)])
    ask(TWO, k, "花都农业农村局本级两个项目合计金额", figures=[money(unit(TWO, "花都区农业农村局").total)],
        note="the unit 广州市花都区农业农村局 itself (局本级)")

    k = "amount_source"
    ask(TWO, k, "花都那个高标准农田建设项目里，政府性基金预算出了多少", figures=[money(hp("高标准农田建设项目").sources["政府性基金预算"])])
    ask(TWO, k, "动物疫病预防控制中心的单位资金是多少？", figures=[money(unit(TWO, "动物疫病预防控制中心").sources["单位资金"])])
    ask(TWO, k, "花都区农业农村局一般公共预算口径的项目资金合计", figures=[money(HUADU.source("一般公共预算"))])
    ask(S, k, "从化区人社局项目资金中财政拨款这一来源共计多少万元", figures=[money(SEED_D.source("财政拨款"))])
    ask(S, k, "退管办那笔其他资金是多少 是哪个项目的", figures=[money(su("退休职工管理委员会办公室").sources["其他资金"])],
        names=["退休人员移交退管活动资金"])
    ask(TWO, k, "農業技術推廣服務經費裡面單位資金佔多少錢", figures=[money(hp("农业技术推广服务经费").sources["单位资金"])])


def totals_counts():
    k = "total"
    ask(S, k, "请人社局说明：本部门项目支出绩效目标表所列项目资金总额是多少？", figures=[money(SEED_D.total)])
    ask(S, k, "從化區人力資源和社會保障局項目總額", figures=[money(SEED_D.total)])
    ask(TWO, k, "花都区农业农村局整张表的项目资金合计是多少万元", figures=[money(HUADU.total)])
    ask(TWO, k, "库里两个部门的项目资金加在一起一共多少万元", figures=[money(SEED_D.total + HUADU.total)],
        note="the sum across departments because the question asks for it (both tables in 万元)")
    ask(P, k, "番禺区教育局申报的项目资金总数是多少", figures=[money(PANYU.total)])
    ask(T, k, "禾丰县农业农村局这张表项目资金总共多少万元", figures=[money(HEF.total)])

    k = "count"
    n_l2 = lambda d, l2: sum(1 for i in d.indicators if i["level2"] == l2)  # noqa: E731
    ask(S, k, "人社局这张表里一共列了几个项目", figures=[len(SEED_D.projects)])
    ask(S, k, "從化區人社局一共有幾條績效指標", figures=[len(SEED_D.indicators)])
    ask(S, k, "人社局的时效指标一共多少条", figures=[n_l2(SEED_D, "时效指标")], note="二级指标 时效指标")
    ask(S, k, "社保中心名下有多少个项目资金低于１０万元", figures=[sum(1 for p in su("社会保险基金管理中心").projects if p.total < 10)],
        note="社会保险基金管理中心 projects below 10 万元 (full-width digits in the question)")
    ask(S, k, "人社局下面一共几个单位报了项目包括局本级", figures=[len(SEED_D.units)])
    ask(TWO, k, "花都区农业农村局的指标明细一共有多少条", figures=[len(HUADU.indicators)])
    ask(TWO, k, "花都区农业农村局成本指标有几条？", figures=[n_l2(HUADU, "成本指标")], note="二级指标 成本指标")
    ask(S, k, "金额在100万元到500万元之间的项目，人社局有几个",
        figures=[sum(1 for p in SEED_D.projects if 100 <= p.total <= 500)], note="100 ≤ total ≤ 500 万元 (no total at either bound)")
    assert not any(p.total in (100, 500) for p in SEED_D.projects)


def averages_medians():
    k = "average"
    ask(S, k, "人社局47个项目平均下来一个项目多少万元", figures=[avg(SEED_D.projects)])
    ask(TWO, k, "花都区农业农村局本级的项目平均金额是多少", figures=[avg(unit(TWO, "花都区农业农村局").projects)],
        note="the unit 广州市花都区农业农村局 itself (局本级)")
    ask(S, k, "社保中心项目金额算术平均数", figures=[avg(su("社会保险基金管理中心").projects)])
    ask(TWO, k, "观众朋友们，花都区农业农村局平均每个项目投入多少万元？", figures=[avg(HUADU.projects)])
    ask(S, k, "人社局本级项目平均金额多少急", figures=[avg(su("从化区人力资源和社会保障局").projects)],
        note="the unit 广州市从化区人力资源和社会保障局 (局本级)")
    ask(T, k, "云溪区教育局项目平均金额是多少万元", figures=[avg(YUNXI.projects)])

    k = "median"
    tot = lambda ps: [p.total for p in ps]  # noqa: E731
    # (the seed's own median, 47.00, equals its project count: an answer stating the count would pass, so not asked)
    ask(S, k, "就业中心六个项目金额排个序，取中间值是多少", figures=[mid(tot(su("劳动就业服务管理中心").projects))],
        note="6 projects: the mean of the 3rd and 4th")
    ask(S, k, "人社局本级13个项目金额的中位数", figures=[mid(tot(su("从化区人力资源和社会保障局").projects))])
    ask(S, k, "退管办项目金额中位数是多少万元？", figures=[mid(tot(su("退休职工管理委员会办公室").projects))],
        note="6 projects: the mean of the 3rd and 4th")
    ask(TWO, k, "花都区农业农村局四个项目金额的中位数", figures=[mid(tot(HUADU.projects))], note="the mean of the 2nd and 3rd")
    ask(S, k, "從化區社保中心項目金額中位數", figures=[mid(tot(su("社会保险基金管理中心").projects))])
    ask(T, k, "禾丰县农业农村局各项目金额的中位数是多少", figures=[mid(tot(HEF.projects))])


def ranks():
    k = "rank"
    p2 = nth(SEED_D.projects, 2)
    ask(S, k, "人社局金额排第二的项目叫什么，多少钱", names=[p2.name], figures=[money(p2.total)])
    p4 = nth(SEED_D.projects, 4)
    ask(S, k, "请问人社局项目资金规模排名第四位的是哪个项目", names=[p4.name], figures=[money(p4.total)])
    low = nth(SEED_D.projects, 1, reverse=False)
    ask(S, k, "人社局哪个项目钱最少", names=[low.name], figures=[money(low.total)])
    lu = unique_min(SEED_D.units, key=lambda u: u.total)
    ask(S, k, "人社局所属单位里谁的项目资金最少？", names=[short(lu.name)], figures=[money(lu.total)])
    hu = unique_max(HUADU.units, key=lambda u: u.total)
    ask(TWO, k, "花都区农业农村局哪个单位的项目资金最多", names=[short(hu.name)], figures=[money(hu.total)])
    h2 = nth(HUADU.projects, 2)
    ask(TWO, k, "花都区农业农村局第二大的项目是啥", names=[h2.name], figures=[money(h2.total)])
    s3 = nth(su("社会保险基金管理中心").projects, 3)
    ask(S, k, "社保中心第三大的项目", names=[s3.name], figures=[money(s3.total)])

    k = "top_n"
    cands = q2.project_names
    top3 = ranked(SEED_D.projects)[:3]
    ask(S, k, "请列出人社局金额最大的三个项目", names=names_of(top3), max_extra=0, candidates=cands(S))
    bot3 = ranked(SEED_D.projects, reverse=False)[:3]
    assert ranked(SEED_D.projects, reverse=False)[3].total != bot3[-1].total
    ask(S, k, "人社局钱最少的三个项目分别是哪些", names=names_of(bot3), max_extra=0, candidates=cands(S))
    top2 = ranked(su("劳动就业服务管理中心").projects)[:2]
    ask(S, k, "就业中心资金最多的两个项目是什么", names=names_of(top2), max_extra=0, candidates=cands(S))
    hb2 = ranked(HUADU.projects, reverse=False)[:2]
    ask(TWO, k, "花都区农业农村局金额最小的两个项目", names=names_of(hb2), max_extra=0, candidates=cands(TWO))
    top5 = ranked(su("社会保险基金管理中心").projects)[:5]
    ask(S, k, "社保中心前５名的项目是哪几个", names=names_of(top5), max_extra=0, candidates=cands(S))
    ut = sorted(SEED_D.units, key=lambda u: u.total, reverse=True)[:2]
    assert sorted(SEED_D.units, key=lambda u: u.total, reverse=True)[2].total != ut[-1].total
    ask(S, k, "人社局哪两个单位的项目资金最多，各多少", names=[short(u.name) for u in ut], figures=[money(u.total) for u in ut])


def compare_share():
    k = "compare"
    ask(S, k, "就业中心的项目资金比公医办多出多少万元？",
        figures=[money(su("劳动就业服务管理中心").total - su("公费医疗管理委员会办公室").total)])
    ask(S, k, "区机关事业单位医保基金是区机关事业单位医保系统运维经费的多少倍",
        figures=[ratio(sp("区机关事业单位医保基金").total, sp("区机关事业单位医保系统运维经费").total)])
    ask(TWO, k, "花都高标准农田建设项目比农业面源污染治理项目多多少钱",
        figures=[money(hp("高标准农田建设项目").total - hp("农业面源污染治理项目").total)])
    ask(TWO, k, "人社局项目总额是花都区农业农村局的几倍", figures=[ratio(SEED_D.total, HUADU.total)],
        note="two departments compared, each its own total (both in 万元)")
    ask(S, k, "社会化管理人员生活费减去社会化管理人员生活费‘等于多少",
        figures=[money(sp("社会化管理人员生活费").total - sp("社会化管理人员生活费‘").total)])
    ask(S, k, "社保中心和城乡居保中心相比项目资金差额多少",
        figures=[money(su("社会保险基金管理中心").total - su("城乡居民保险管理中心").total)])

    k = "share"
    ask(S, k, "就业中心占人社局项目资金总额的比重是多少", figures=[share(su("劳动就业服务管理中心").total, SEED_D.total)])
    ask(S, k, "从资金结构看，人社局的财政拨款占全部项目资金的百分比", figures=[share(SEED_D.source("财政拨款"), SEED_D.total)])
    ask(TWO, k, "花都区农业农村局政府性基金预算在项目资金中的占比", figures=[share(HUADU.source("政府性基金预算"), HUADU.total)])
    ask(TWO, k, "高标准农田建设项目占花都区农业农村局项目总额的几成，给百分比",
        figures=[share(hp("高标准农田建设项目").total, HUADU.total)])
    ask(S, k, "2024年就业补助资金（市补助那个）占人社局全部项目资金的百分之多少",
        figures=[share(sp("2024年就业补助资金（2024年市补助）（穗财社（2023）33号）").total, SEED_D.total)])
    ask(S, k, "公醫辦佔人社局項目資金的比例", figures=[share(su("公费医疗管理委员会办公室").total, SEED_D.total)])


def goals():
    k = "goal_text"
    for db, q, p, clause in [
        (S, "人事档案信息化建设专项经费的绩效目标原文是怎么写的？要数字化多少卷档案", sp("人事档案信息化建设专项经费"),
         "32000卷"),
        (S, "请说明特殊退休人员安置费的绩效目标", sp("特殊退休人员安置费"), "重大疾病、医疗费用、意外事故"),
        (TWO, "农业面源污染治理项目打算建多少个农药包装废弃物回收点 目标里怎么说", hp("农业面源污染治理项目"), "回收点30个以上"),
        (TWO, "农业技术推广服务经费的年度目标是什么", hp("农业技术推广服务经费"), "培训农民3000人次以上"),
        (S, "区机关事业单位医保系统运维经费的绩效目标讲了什么", sp("区机关事业单位医保系统运维经费"), "高效运转"),
        (TWO, "动物疫病强制免疫经费的绩效目标原话", hp("动物疫病强制免疫经费"), "不发生区域性重大动物疫情"),
        (S, "编外人员经费(1)-临聘人员经费在就业中心那里的目标写的是发几名临时聘用人员的经费",
         sp("编外人员经费(1)-临聘人员经费", "劳动就业服务管理中心"), "1名临时聘用人员"),
    ]:
        assert clause in p.goal, (p.name, clause)
        ask(db, k, q, names=[clause], note=f"a clause of the 绩效目标 of {p.name}")

    k = "goal_mentions"

    def with_word(ps, word):
        return [p.name for p in ps if word in p.goal]

    for db, q, scope, word, as_count in [
        (S, "绩效目标里提到“档案”的项目有几个", SEED_D.projects, "档案", True),
        (S, "人社局哪些项目的目标里写了乡村振兴", SEED_D.projects, "乡村振兴", False),
        (S, "目标中出现医疗二字的项目有哪些", SEED_D.projects, "医疗", False),
        (S, "人社局绩效目标里提到创业的项目数量", SEED_D.projects, "创业", True),
        (TWO, "花都区农业农村局哪个项目的目标提到了培训", HUADU.projects, "培训", False),
        (S, "目标写了拥军的是哪个项目", SEED_D.projects, "拥军", False),
        (S, "绩效目标里说到“慰问”的项目有多少个", SEED_D.projects, "慰问", True),
    ]:
        names = with_word(scope, word)
        assert names, q
        if as_count:
            ask(db, k, q, figures=[len(names)], note=f"projects whose 绩效目标 contains {word}")
        else:
            ask(db, k, q, names=names, max_extra=0, candidates=q2.project_names(db),
                note=f"projects whose 绩效目标 contains {word}")


def indicators():
    k = "project_indicators"
    p = sp("区机关事业单位医保系统运维经费")
    ask(S, k, "区机关事业单位医保系统运维经费设了哪些绩效指标，请列明细", names=inds(p), max_extra=0, candidates=ind_cands(p, SEED_D))
    p = sp("就业补助资金")
    ask(S, k, "就业补助资金（不带点的）一共多少条指标", figures=[len(p.indicators)])
    p = hp("高标准农田建设项目")
    ask(TWO, k, "高标准农田建设项目有几条指标，其中预期产出指标几条",
        figures=[len(p.indicators), sum(1 for i in p.indicators if i["level1"] == "预期产出指标")])
    p = hp("动物疫病强制免疫经费")
    want = inds(p, lambda i: i["level2"] == "质量指标")
    ask(TWO, k, "动物疫病强制免疫经费的质量指标有哪些", names=want, max_extra=0, candidates=ind_cands(p, HUADU))
    p = sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）")
    want = inds(p, lambda i: i["level1"] == "效益指标")
    ask(S, k, "居民医保扩面专项财政补贴的效益指标有哪些", names=want, max_extra=0, candidates=ind_cands(p, SEED_D))
    p = sp("劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）")
    want = inds(p, lambda i: i["level2"] == "质量指标")
    ask(S, k, "劳动关系公共服务及薪酬调查经费财政补助，质量指标分项列一下", names=want, max_extra=0,
        candidates=ind_cands(p, SEED_D))
    p = hp("农业技术推广服务经费")
    ask(TWO, k, "農業技術推廣服務經費有幾條效果指標", figures=[sum(1 for i in p.indicators if i["level1"] == "效果指标")])

    k = "indicator_target"
    for db, q, pp, iname in [
        (TWO, "高标准农田建设项目新建高标准农田面积的目标值", hp("高标准农田建设项目"), "新建高标准农田面积"),
        (TWO, "农业技术推广服务经费要求技术指导多少小时内响应", hp("农业技术推广服务经费"), "技术指导响应时间"),
        (TWO, "动物疫病强制免疫经费，疫苗采购成本上限定的多少万元", hp("动物疫病强制免疫经费"), "疫苗采购成本"),
        (S, "劳动关系公共服务及薪酬调查经费的参加培训人次目标是多少",
         sp("劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）"), "参加培训人次"),
        (S, "区机关事业单位医保系统运维经费要求系统平均无故障时间多少天以上", sp("区机关事业单位医保系统运维经费"),
         "系统平均无故障时间（天）"),
        (S, "2024年就业补助资金市补助社会保险补贴人数目标是多少人",
         sp("2024年就业补助资金（2024年市补助）（穗财社（2023）33号）"), "社会保险补贴人数"),
        (TWO, "高标准农田亩均财政投入不超过多少元", hp("高标准农田建设项目"), "亩均财政投入"),
    ]:
        ask(db, k, q, figures=[target(pp, iname)], note=f"annual target of {iname}")

    k = "indicator_filter"
    n = lambda d, pred: sum(1 for i in d.indicators if pred(i))  # noqa: E731
    unit_is = lambda u: (lambda i: annual(i).get("unit") == u)  # noqa: E731
    op_is = lambda o: (lambda i: annual(i).get("op") == o)  # noqa: E731
    ask(S, k, "人社局以“人”为计量单位的指标有几条", figures=[n(SEED_D, unit_is("人"))], note="unit 人 (not 人次)")
    ask(S, k, "人社局目标值用大于号（＞）表示的指标一共多少条", figures=[n(SEED_D, op_is(">"))], note="annual op >")
    ask(TWO, k, "花都区农业农村局哪些指标以万亩为单位",
        names=[i["name"] for i in HUADU.indicators if annual(i).get("unit") == "万亩"],
        max_extra=0, candidates=list(dict.fromkeys(i["name"] for i in HUADU.indicators)))
    ask(TWO, k, "花都区农业农村局目标值为0次的指标是哪个", names=[only([i["name"] for i in HUADU.indicators
                                                          if val(i) == 0 and annual(i).get("unit") == "次"])])
    ge99 = lambda i: annual(i).get("unit") == "%" and val(i) is not None and val(i) >= 99  # noqa: E731
    ask(S, k, "人社局年度目标在99%及以上的指标有几条", figures=[n(SEED_D, ge99)],
        note="annual value in % at least 99 (any comparator: =100, >99)")
    ask(S, k, "人社局没有量化目标值的定性指标有哪些", names=list(dict.fromkeys(
        i["name"] for i in SEED_D.indicators if val(i) is None)))
    lt_pct = lambda i: annual(i).get("unit") == "%" and val(i) is not None and val(i) <= 80  # noqa: E731
    ask(TWO, k, "花都区农业农村局百分比目标不超过80%的指标有哪些",
        names=[i["name"] for i in HUADU.indicators if lt_pct(i)], max_extra=0,
        candidates=list(dict.fromkeys(i["name"] for i in HUADU.indicators)), note="annual value in % at most 80")
    ask(S, k, "以“天”计量的指标是哪条？目标多少天", names=[only([i["name"] for i in SEED_D.indicators if annual(i).get("unit") == "天"])],
        figures=[only([annual(i)["value"] for i in SEED_D.indicators if annual(i).get("unit") == "天"])])


def twins():
    k = "twins"
    ask(S, k, "企业离休干部补贴有几笔，各多少钱", figures=[money(sp("企业离休干部补贴").total), money(sp("企业离休干部补贴‘").total)],
        note="two projects of this name (one with a trailing ‘)")
    ask(S, k, "新中国成立前老工人补贴是多少", figures=[money(sp("新中国成立前老工人补贴").total), money(sp("新中国成立前老工人补贴‘").total)],
        note="two projects of this name: both")
    ask(S, k, "编外人员经费(1)-临时聘用人员经费分别在哪些单位，金额多少",
        names=[short(sp("编外人员经费(1)-临时聘用人员经费", c).unit) for c in ("社会保险基金管理中心", "城乡居民保险管理中心")],
        figures=[money(sp("编外人员经费(1)-临时聘用人员经费", c).total) for c in ("社会保险基金管理中心", "城乡居民保险管理中心")],
        note="same name in two units: both, with their units")
    ask(S, k, "原国有企业部分退休人员补贴两笔加起来多少",
        figures=[money(sp("原国有企业部分退休人员补贴").total + sp("原国有企业部分退休人员补贴‘").total)],
        note="two projects of this name: their sum, as asked")
    ask(S, k, "社会化管理人员节日慰问金大的那笔比小的那笔多多少",
        figures=[money(sp("社会化管理人员节日慰问金").total - sp("社会化管理人员节日慰问金‘").total)])
    ask(S, k, "人事档案信息化建设专项经费有两个吗？金额各是多少",
        figures=[money(sp("人事档案信息化建设专项经费").total), money(sp("人事档案信息化建设专项经费·").total)])


def multi_hop():
    k = "multi_hop"
    rich = unique_max(SEED_D.units, key=lambda u: u.total)
    small = ranked(rich.projects, reverse=False)[0]
    ask(S, k, "人社局资金最多的那个单位，它金额最小的项目是哪个", names=[small.name], figures=[money(small.total)])
    mostp = unique_max(SEED_D.units, key=lambda u: len(u.projects))
    ask(S, k, "项目个数最多的单位一共多少条指标", names=[short(mostp.name)],
        figures=[sum(len(p.indicators) for p in mostp.projects)])
    top = ranked(SEED_D.projects)[0]
    ask(S, k, "人社局最大的项目属于哪个单位，这个单位项目资金合计多少", names=[short(top.unit)],
        figures=[money(su(short(top.unit)).total)])
    few = unique_min(SEED_D.projects, key=lambda p: len(p.indicators))
    ask(S, k, "指标最少的项目是哪个 多少钱", names=[few.name], figures=[money(few.total)])
    htop = unique_max(HUADU.projects, key=lambda p: len(p.indicators))
    ask(TWO, k, "花都区农业农村局指标最多的项目，成本指标的目标值是多少",
        names=[htop.name], figures=[only([annual(i)["value"] for i in htop.indicators if i["level2"] == "成本指标"])])
    poor = unique_min(SEED_D.units, key=lambda u: u.total)
    ask(S, k, "人社局资金最少的单位有几个项目、几条指标", figures=[len(poor.projects), sum(len(p.indicators) for p in poor.projects)])


def multi_dept():
    k = "multi_dept"
    d2 = [SEED_D, HUADU]
    ask(TWO, k, "这个数据库收了哪几个部门的绩效目标表", names=[dept_short(d.name) for d in d2])
    ask(TWO, k, "两个部门各有几个项目", figures=[len(d.projects) for d in d2])
    ask(TWO, k, "人社局和花都区农业农村局各自项目资金总额是多少", figures=[money(d.total) for d in d2],
        note="each department's own total; not their sum")
    big = unique_max(d2, key=lambda d: len(d.indicators))
    ask(TWO, k, "哪个部门的绩效指标更多，多少条", names=[dept_short(big.name)], figures=[len(big.indicators)])
    ask(TWO, k, "两个部门中哪个部门用了政府性基金预算，多少钱",
        names=[dept_short(HUADU.name)], figures=[money(HUADU.source("政府性基金预算"))])
    top_all = ranked(SEED_D.projects + HUADU.projects)[0]
    ask(TWO, k, "两个部门所有项目中金额最大的是哪个", names=[top_all.name], figures=[money(top_all.total)])
    ask(TWO, k, "花都区农业农村局的平均项目金额和人社局的平均项目金额分别是多少",
        figures=[avg(HUADU.projects), avg(SEED_D.projects)])


def yes_no_confirm():
    k = "yes_no"
    ask(S, k, "人社局有没有使用其他资金的项目？有的话是哪个，多少钱", names=["退休人员移交退管活动资金"],
        figures=[money(sp("退休人员移交退管活动资金").total)])
    over5000 = [p for p in SEED_D.projects if p.total > 5000]
    ask(S, k, "人社局有没有超过5000万元的项目", names=names_of(over5000), max_extra=0, candidates=q2.project_names(S),
        note="yes: the projects above 5000 万元")
    ask(TWO, k, "花都区农业农村局是否设置了以小时计的指标？是哪条",
        names=[only([i["name"] for i in HUADU.indicators if annual(i).get("unit") == "小时"])])
    ask(S, k, "公医办是否有项目把满意度目标定为“＞90%”？是哪个", names=[p.name for p in su("公费医疗管理委员会办公室").projects
                                                if any("满意度" in i["name"] and annual(i).get("op") == ">" and val(i) == 90
                                                       for i in p.indicators)],
        note="区机关事业单位医保基金: 服务对象满意度 >90%")
    ask(TWO, k, "花都那边的农业技术推广中心有没有单位资金 多少", figures=[money(unit(TWO, "农业技术推广中心").sources["单位资金"])])
    ask(S, k, "城乡居保中心的项目是不是全部是财政拨款？合计多少", figures=[money(su("城乡居民保险管理中心").sources["财政拨款"])],
        names=["财政拨款"])

    k = "confirm"
    ask(S, k, "听说就业补助资金（不带点的）是1300万，是不是？", figures=[money(sp("就业补助资金").total)],
        note="the quoted 1300 is wrong: the answer must state 1200")
    ask(S, k, "我看到人社局项目总额是18276.74万元，对吗", figures=[money(SEED_D.total)], note="the quoted total is right")
    ask(S, k, "公医办的项目资金是不是5115万？", figures=[money(su("公费医疗管理委员会办公室").total)], note="right")
    ask(TWO, k, "花都区农业农村局项目总额是不是4000万元左右？具体多少", figures=[money(HUADU.total)],
        note="the quoted 4000 is approximate: the answer must state the exact total")
    ask(S, k, "区高级技工学校免学费补助（不带点）是733.73万元吗", figures=[money(sp("区高级技工学校免学费补助").total)],
        note="the quoted 733.73 has swapped digits: the true figure is 733.37")
    ask(S, k, "请核实：人社局一共有50个项目，是否属实？", figures=[len(SEED_D.projects)], note="wrong: 47")
    ask(TWO, k, "高标准农田建设项目是不是3256.8万元", figures=[money(hp("高标准农田建设项目").total)], note="right")
    ask(S, k, "社保中心是不是有18个项目？", figures=[len(su("社会保险基金管理中心").projects)], note="wrong: 17")


def voices():
    """The hurried, the traditional-character and the full-width askers on the plain kinds again,
    and the retired accountant's compound questions."""
    ask(S, "amount_project", "就业补助资金点那个多少钱", figures=[money(sp("就业补助资金·").total)], note="the one with the trailing ·")
    ask(S, "amount_unit", "公医办项目合计多少万元快", figures=[money(su("公费医疗管理委员会办公室").total)])
    ask(S, "count", "就业中心有几个项目几条指标", figures=[len(su("劳动就业服务管理中心").projects),
                                              sum(len(p.indicators) for p in su("劳动就业服务管理中心").projects)])
    ask(S, "total", "人社局项目总额是多少万元？另外其中财政拨款多少、其他资金多少，请一并列出。",
        figures=[money(SEED_D.total), money(SEED_D.source("财政拨款")), money(SEED_D.source("其他资金"))])
    ask(S, "compare", "先说就业中心项目资金合计，再说社保中心的，最后告诉我前者是后者的几倍",
        figures=[money(su("劳动就业服务管理中心").total), money(su("社会保险基金管理中心").total),
                 ratio(su("劳动就业服务管理中心").total, su("社会保险基金管理中心").total)])
    ask(TWO, "share", "花都区农业农村局单位资金合计是多少，占该局项目资金总额的百分之几",
        figures=[money(HUADU.source("单位资金")), share(HUADU.source("单位资金"), HUADU.total)])
    ask(S, "average", "社保中心17个项目总共多少钱，平均每个多少，最大的是哪个",
        figures=[money(su("社会保险基金管理中心").total), avg(su("社会保险基金管理中心").projects)],
        names=[unique_max(su("社会保险基金管理中心").projects, key=lambda p: p.total).name])
    ask(S, "indicator_target", "區高級技工學校國家助學金的畢業生初次就業率目標", figures=[target(sp("区高级技工学校国家助学金"), "毕业生初次就业率")])
    ask(S, "indicator_filter", "人社局以“次”为单位的指标有几条", figures=[sum(1 for i in SEED_D.indicators if annual(i).get("unit") == "次")])
    ask(S, "count", "人社局项目金额在１０００万元以上的有几个", figures=[sum(1 for p in SEED_D.projects if p.total > 1000)],
        note="total above 1000 万元 (full-width digits)")
    ask(S, "rank", "从化区人社局项目金额第１０名是哪个", names=[nth(SEED_D.projects, 10).name], figures=[money(nth(SEED_D.projects, 10).total)])
    n_sb = sum(1 for p in su("社会保险基金管理中心").projects if "补贴" in p.goal)
    assert n_sb != len(su("社会保险基金管理中心").projects)
    ask(S, "goal_mentions", "社保中心目标里写到补贴两个字的项目有多少个", figures=[n_sb],
        note="projects of 社会保险基金管理中心 whose 绩效目标 contains 补贴")


def refusals():
    r = refuse
    r(S, "人社局2023年的项目支出是多少？", ["2023"] + LAST + ["该年度", "这一年"], "the seed table is for 2024", may_say=[2024])
    r(S, "请说明就业补助资金截至目前的预算执行率", DONE + ["执行率"], "a target table has no execution")
    r(S, "社保中心的项目资金实际支出了多少", DONE, "budget, not actual spending")
    r(S, "从化区人均摊到多少人社项目资金", PER_HEAD, "no population in the table")
    r(S, "人社局有多少在编人员", STAFF, "no staff numbers in the table")
    r(S, "從化區民政局的項目資金是多少", ["民政"] + NOT_HERE, "department not in the database")
    r(S, "预测一下人社局明年项目资金会不会增加", FUTURE, "no forecast")
    r(S, "你觉得区机关事业单位医保基金安排得合不合理", OPINION, "opinion")
    r(TWO, "花都区农业农村局去年项目资金多少", LAST, "no prior year")
    r(TWO, "高标准农田建设项目今年实际完成了多少亩", DONE, "targets, not results")
    r(TWO, "白云区农业农村局高标准农田建设项目多少钱", ["白云"] + NOT_HERE, "department not in the database")
    r(S, "观众朋友们，就业补助资金到底发到了多少人手里？", DONE + ["发放"], "no results in a target table")
    r(S, "人社局项目支出比上年增长了多少个百分点", LAST, "no prior year")
    r(S, "请给出社保中心的基本支出明细", ["基本支出"], "the table lists project expenditure only")
    r(TWO, "花都区农业农村局2026年预算多少", ["2026"] + FUTURE + ["该年度"], "the huadu table is for 2025", may_say=[2025])
    r(S, "城乡居保中心每个参保居民平均分到多少钱", PER_HEAD + ["参保"], "no head count")
    r(S, "人社局项目资金的决算数是多少", ["决算"], "budget, not final accounts")
    r(TWO, "从化区卫健局的项目有几个", ["卫健", "卫生"] + NOT_HERE, "department not in the database")
    r(S, "公医办的项目做得好不好，绩效评价结果如何", OPINION + ["评价结果", "自评"], "no evaluation results")
    r(P, "番禺区教育局去年的学生资助专项资金多少", LAST, "no prior year")


def build() -> list[dict]:
    for step in (amounts, totals_counts, averages_medians, ranks, compare_share, goals, indicators, twins,
                 multi_hop, multi_dept, yes_no_confirm, voices, refusals):
        step()
    for n, item in enumerate(ITEMS, 1):
        ITEMS[n - 1] = {"id": f"f{n:03d}", **item}
    return ITEMS


def main() -> None:
    items = build()
    kinds = check(items, earlier_questions(("dev", "dev2", "dev3", "dev4", "seed-qa")), per_kind=5, refusals=15)
    write_set(items, "dev5", "scripts/build_qa6.py (answers computed from the gold JSON in plain Python, "
                                "written without reading the engine)",
              "A development set in the voices of a 人大 budget staffer, an NGO volunteer, a TV reporter, a retired "
              "accountant, a grad student, traditional characters and full-width digits, unpunctuated messages "
              "and quoted figures to confirm.", kinds)


if __name__ == "__main__":
    main()
