#!/usr/bin/env python3
"""Build the fourth strict question set (问答评测集四): eval/qa/dev4.json (one file, no split).

Written without reading the question engine (extractor/ask/) and with phrasings unlike dev, dev2 and
dev3: a 审计 or 纪检 officer's check, a 人大代表's written query, a student's thesis question, a WeChat
message full of fillers and spaces, an elderly citizen, English-influenced word order (请问…是多少，
关于…), a condition first (如果只看…, 在…里面, 除了…之外), negations (没有设置…的项目), ranges (介于…
之间), ordinals (第三多), ratios (是…的几倍), goal text, 2-character words (就业, 医疗, 养老, 培训) in
goals, names and indicators. Most items (≥ 70 %) are over the `seed` and `two` databases.

Every expected answer is computed here from the gold JSON in plain Python (Decimal), with
scripts/build_qa.py's and scripts/build_qa2.py's fact loading and figure formats; nothing is imported
from `extractor`. Databases are build_qa2's (seed, panyu, two, three).

Usage: python scripts/build_qa4.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_qa as base  # noqa: E402
import build_qa2 as q2  # noqa: E402  (facts, databases and the item format; imports nothing from extractor)
from build_qa import annual, mid, money, money2, ranked, ratio, share  # noqa: E402
from build_qa2 import HEF, HUADU, LINJ, LINJ_NOTE, PANYU, SEED_D, YUNXI, avg, dept_short, proj, short, target, unit  # noqa: E402

ask, refuse = q2.ask, q2.refuse
ITEMS = q2.ITEMS  # q2.ask appends here; build() below never calls q2.build()
S, T, TWO = "seed", "three", "two"

LAST = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份", "上一年", "前一年"]
DONE = ["执行", "实际", "完成", "决算", "支出进度", "发放情况"]
FUTURE = ["预测", "未来", "明年", "下一年", "下一年度", "以后", "今后", "其他年度", "预计"]
NOT_HERE = ["该部门", "此部门", "这个部门", "数据库", "库中", "库里"]
OPINION = ["评价", "判断", "意见", "主观", "观点", "合理", "看法", "建议"]


def names_of(ps) -> list[str]:
    return [p.name for p in ps]


def inds(p, pred=lambda i: True) -> list[str]:
    return [i["name"] for i in p.indicators if pred(i)]


def uniq(xs) -> list:
    return list(dict.fromkeys(xs))


def val(i):
    a = annual(i)
    return Decimal(a["value"]) if a.get("value") is not None else None


def su(core):
    return unit(S, core)


def sp(name, core=None):
    return proj(S, name, core)


def total(ps) -> Decimal:
    return sum((p.total for p in ps), Decimal(0))


def only(xs):
    assert len(xs) == 1, xs
    return xs[0]


def ind_names(indicators) -> list[str]:
    """Indicator names as candidates for max_extra, each once, without those that are also a level label:
    服务对象满意度 names an indicator of 公医办 and is the 二级指标 of every seed 满意度 indicator, so an
    answer that prints an indicator's levels would otherwise be charged with an extra name."""
    labels = {i["level1"] for i in indicators} | {i["level2"] for i in indicators}
    return [n for n in uniq(i["name"] for i in indicators) if n not in labels]


# ---------------------------------------------------------------- amounts (金额)


def amounts():
    ask(S, "amount_project", "您好，我是区人大代表，现书面询问：特殊退休人员安置费这一项安排的预算数额为多少？",
        figures=[money(sp("特殊退休人员安置费").total)])
    ask(S, "amount_project", "请问金额是多少，关于医保基金计算机智能审核系统服务费这个项目？",
        figures=[money(sp("医保基金计算机智能审核系统服务费").total)])
    ask(S, "amount_project", "本人撰写毕业论文需引用数据：居民医保扩面专项财政补贴的预算额是多少？",
        figures=[money(sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）").total)])
    ask(S, "amount_project", "纪检监察核查：编外人员经费(1)-劳动保障监察协管员财政补助项目列支金额",
        figures=[money(sp("编外人员经费(1)-劳动保障监察协管员财政补助项目").total)])
    ask(S, "amount_project", "在 吗 ，问下 那个 2022年三支一扶（中央补助）的补助资金 到底 给了 多少 啊",
        figures=[money(sp("2022年高校毕业生“三支一扶”计划补助资金（2022年中央补助）（粤财社（2023）19号）（穗财社（2023）9号）").total)])
    ask(S, "amount_unit", "城乡居民保险管理中心名下两个项目合计金额，请告知。", figures=[money(su("城乡居民保险管理中心").total)])
    ask(S, "amount_unit", "如果只看公医办，它的项目预算加总是多少？", figures=[money(su("公费医疗管理委员会办公室").total)])
    ask(S, "amount_unit", "请问总额是多少，关于退管办的全部项目？", figures=[money(su("退休职工管理委员会办公室").total)])
    ask(S, "amount_unit", "在就业中心里面，六个项目的钱合起来是多少万元", figures=[money(su("劳动就业服务管理中心").total)])
    # funding sources (资金来源)
    ask(S, "amount_source", "除了财政拨款之外，人社局的项目还用了别的什么资金？金额多少？",
        names=["其他资金"], figures=[money(SEED_D.source("其他资金"))])
    rest = [p for p in su("退休职工管理委员会办公室").projects if p.name != "退休人员移交退管活动资金"]
    assert all(set(p.sources) == {"财政拨款"} for p in rest)
    ask(S, "amount_source", "退休人员移交退管活动资金以外，退管办其余项目的财政拨款加起来是多少",
        figures=[money(sum((p.sources["财政拨款"] for p in rest), Decimal(0)))],
        note="the 财政拨款 of 退管办's other five projects")
    other = [p for p in SEED_D.projects if "其他资金" in p.sources]
    ask(S, "amount_source", "全部项目里，钱来自“其他资金”而不是财政拨款的是哪一个？", names=names_of(other),
        max_extra=0, candidates=q2.project_names(S))
    ask(S, "amount_source", "审计核对：人社局资金来源中财政拨款一栏的合计数", figures=[money(SEED_D.source("财政拨款"))])
    # totals (合计)
    ask(S, "total", "请区人社局书面答复：本部门纳入绩效目标管理的项目资金总规模是多少万元？", figures=[money(SEED_D.total)])
    ask(S, "total", "亲 问一下哈 人社局 所有项目 加 起来 多少 万 啊", figures=[money(SEED_D.total)])
    ask(S, "total", "我老头子看不懂这张表，表上的钱总共是多少啊？", figures=[money(SEED_D.total)])


# ---------------------------------------------------------------- counts (计数)


def counts():
    k = "count"
    shebao = su("社会保险基金管理中心")
    ask(S, k, "在社保中心里面，一级指标属于满意度指标的指标有多少条？",
        figures=[sum(1 for p in shebao.projects for i in p.indicators if i["level1"] == "满意度指标")])
    ask(S, k, "局机关本级自己申报的项目数量是多少", figures=[len(su("从化区人力资源和社会保障局").projects)],
        note="the unit 广州市从化区人力资源和社会保障局 (局本级)")
    by1 = Counter(i["level1"] for i in SEED_D.indicators)
    assert set(by1) == {"产出指标", "效益指标", "满意度指标"}
    ask(S, k, "产出、效益、满意度这三类一级指标，人社局各有多少条？",
        figures=[by1["产出指标"], by1["效益指标"], by1["满意度指标"]])
    no_eff = [p for p in SEED_D.projects if not any(i["level1"] == "效益指标" for i in p.indicators)]
    ask(S, k, "没有设置效益指标的项目一共几个？", figures=[len(no_eff)],
        note="projects with no indicator whose 一级指标 is 效益指标")
    ask(S, k, "二级指标是时效指标的，人社局全部加起来多少条", figures=[sum(1 for i in SEED_D.indicators if i["level2"] == "时效指标")])
    rng = [p for p in SEED_D.projects if Decimal(100) <= p.total <= Decimal(500)]
    ask(S, k, "金额介于100万元到500万元之间（含两端）的项目有几个", figures=[len(rng)])
    ask(S, k, "社保中心的项目中，金额不足10万元的有几个", figures=[sum(1 for p in shebao.projects if p.total < 10)],
        note="total below 10 万元")
    qual_units = [u for u in SEED_D.units if any(i["level2"] == "质量指标" for p in u.projects for i in p.indicators)]
    ask(S, k, "有质量指标的项目分布在几个单位？", figures=[len(qual_units)],
        note="units having at least one project with a 二级指标 质量指标")
    ask(S, k, "项目名称里带“补贴”两个字的项目，人社局有几个", figures=[sum(1 for p in SEED_D.projects if "补贴" in p.name)])
    ask(S, k, "在退管办里面，一共设了多少条绩效指标", figures=[sum(len(p.indicators) for p in su("退休职工管理委员会办公室").projects)])
    # negation with names
    gy = su("公费医疗管理委员会办公室")
    no_sat = [p for p in gy.projects if not any(i["level1"] == "满意度指标" for i in p.indicators)]
    ask(S, "negation", "公医办哪些项目没有满意度指标？", names=names_of(no_sat), max_extra=0,
        candidates=names_of(gy.projects), note="projects of 公医办 with no 一级指标 满意度指标")
    jy = su("劳动就业服务管理中心")
    no_sat2 = [p for p in jy.projects if not any(i["level1"] == "效益指标" for i in p.indicators)]
    assert no_sat2
    ask(S, "negation", "就业中心里，没有设置效益指标的项目有哪些", names=names_of(no_sat2), max_extra=0,
        candidates=names_of(jy.projects), note="projects with no 一级指标 效益指标")
    ju = su("城乡居民保险管理中心")
    no_quality = [p for p in SEED_D.projects if not any(i["level2"] == "质量指标" for i in p.indicators)]
    ask(S, "negation", "人社局有多少个项目一条质量指标都没有设", figures=[len(no_quality)],
        note="projects without any 二级指标 质量指标")
    lacks = [p for p in ju.projects if not any(i["level1"] == "效益指标" for i in p.indicators)]
    ask(S, "negation", "城乡居保中心有没有哪个项目缺少效益指标？是哪个", names=names_of(lacks), max_extra=0,
        candidates=names_of(ju.projects))


# ---------------------------------------------------------------- averages, medians, ranks (平均、中位数、排名)


def averages_and_ranks():
    own = su("从化区人力资源和社会保障局")
    ask(S, "average", "请计算人社局本级（局机关）各项目金额的中位数", figures=[mid([p.total for p in own.projects])],
        note="the 13 projects of the unit 广州市从化区人力资源和社会保障局")
    tg = su("退休职工管理委员会办公室")
    ask(S, "average", "在退管办里面，项目金额的中位数是多少？", figures=[mid([p.total for p in tg.projects])],
        note="6 projects: the mean of the 3rd and 4th")
    top = ranked(SEED_D.projects)[0]
    rest = [p for p in SEED_D.projects if p is not top]
    ask(S, "average", "如果把金额最大的那个项目去掉，剩下的项目平均每个多少万元（两位小数）", figures=[avg(rest)],
        note=f"mean of the 46 projects other than {top.name}")
    ask(S, "average", "论文数据核对：公医办、社保中心、就业中心三家单位的项目资金平均每家多少万元？",
        figures=[money2((su("公费医疗管理委员会办公室").total + su("社会保险基金管理中心").total
                         + su("劳动就业服务管理中心").total) / 3)],
        note="mean of the three unit totals, 2 decimals")
    ask(S, "average", "人社局平均每个单位有几个项目（保留一位小数）", figures=[ratio(Decimal(len(SEED_D.projects)), Decimal(len(SEED_D.units)))],
        note="47 projects / 6 units")
    us = sorted(SEED_D.units, key=lambda u: u.total, reverse=True)
    ask(S, "rank", "人社局资金量第三多的单位是哪个？", names=[short(us[2].name)], figures=[money(us[2].total)],
        note="the unit 局本级 counts as a unit")
    sb = ranked(su("社会保险基金管理中心").projects)
    assert sb[1].total != sb[2].total
    ask(S, "rank", "在社保中心里面，哪个项目钱第二多", names=[sb[1].name], figures=[money(sb[1].total)])
    lo = ranked(SEED_D.projects, reverse=False)
    ask(S, "rank", "全人社局金额第二小的项目叫什么", names=[lo[1].name], figures=[money(lo[1].total)])
    most = max(SEED_D.units, key=lambda u: len(u.projects))
    ask(S, "rank", "人社局 哪个单位 项目 个数 最 多 啊", names=[short(most.name)], figures=[len(most.projects)])
    ask(S, "rank", "按金额从高到低，人社局第四名的项目是哪个", names=[ranked(SEED_D.projects)[3].name],
        figures=[money(ranked(SEED_D.projects)[3].total)])
    jy = ranked(su("劳动就业服务管理中心").projects)
    ask(S, "rank", "就业中心预算排前两位的项目分别是什么", names=[p.name for p in jy[:2]], max_extra=0,
        candidates=q2.project_names(S))


# ---------------------------------------------------------------- shares and ratios (占比、倍数)


def shares_and_ratios():
    ask(S, "share", "请问比例是多少，关于就业补助资金（不带点的那个）占劳动就业服务管理中心资金？",
        figures=[share(sp("就业补助资金").total, su("劳动就业服务管理中心").total)])
    ask(S, "share", "退管办的其他资金占退管办项目资金的比重", figures=[share(SEED_D.source("其他资金"), su("退休职工管理委员会办公室").total)])
    top3 = ranked(SEED_D.projects)[:3]
    ask(S, "share", "人社局预算最大的三个项目加起来占全局项目资金的百分之几", figures=[share(total(top3), SEED_D.total)])
    ask(S, "share", "区高级技工学校免学费补助两笔合计，占人社局本级项目资金的百分比",
        figures=[share(sp("区高级技工学校免学费补助").total + sp("区高级技工学校免学费补助·").total, su("从化区人力资源和社会保障局").total)],
        note="both twins over the unit 局本级")
    ask(S, "compare", "公医办的项目资金是城乡居保中心的几倍？",
        figures=[ratio(su("公费医疗管理委员会办公室").total, su("城乡居民保险管理中心").total)])
    ask(S, "compare", "就业中心比公医办多出多少万元", figures=[money(su("劳动就业服务管理中心").total - su("公费医疗管理委员会办公室").total)])
    ask(S, "compare", "社会化管理人员生活费（不带撇号）是社会化管理人员生活费‘的几倍",
        figures=[ratio(sp("社会化管理人员生活费").total, sp("社会化管理人员生活费‘").total)])
    others = SEED_D.total - su("劳动就业服务管理中心").total
    jy = su("劳动就业服务管理中心").total
    assert others > jy
    ask(S, "compare", "除了就业中心之外，其余五个单位的项目资金合计比就业中心多出多少",
        figures=[money(others - jy)], note="the other five units together minus 就业中心")


# ---------------------------------------------------------------- words in goals, names, indicators (二字词)


def words():
    k = "goal_mentions"
    for q, word in [
        ("哪些项目的绩效目标里出现了“医疗”这个词？请全部列出", "医疗"),
        ("请教一下：目标描述里出现“养老”字样的都是什么项目", "养老"),
        ("在人社局的项目中，绩效目标里讲到“档案”的是哪些", "档案"),
    ]:
        ps = [p for p in SEED_D.projects if word in p.goal]
        assert ps, q
        ask(S, k, q, names=names_of(ps), max_extra=0, candidates=q2.project_names(S),
            note=f"projects whose 绩效目标 contains {word}")
    for q, word in [
        ("绩效目标里提到“稳定”的项目有几个", "稳定"),
        ("目标中带“安全”二字的项目数量，人社局共计几项", "安全"),
    ]:
        ask(S, k, q, figures=[sum(1 for p in SEED_D.projects if word in p.goal)],
            note=f"projects whose 绩效目标 contains {word}, each once")
    ss = su("社会保险基金管理中心")
    neg = [p for p in ss.projects if "补贴" not in p.goal]
    ask(S, "negation", "在社保中心里面，绩效目标没有提到“补贴”的项目有哪些", names=names_of(neg), max_extra=0,
        candidates=names_of(ss.projects), note="projects of 社保中心 whose 绩效目标 does not contain 补贴")
    # words in indicator names
    jy_inds = uniq(i["name"] for i in SEED_D.indicators if "就业" in i["name"])
    ask(S, "indicator_words", "指标名称里含有“就业”的指标有哪些（同名的算一条）", names=jy_inds, max_extra=0,
        candidates=ind_names(SEED_D.indicators))
    px = uniq(i["name"] for i in SEED_D.indicators if "培训" in i["name"])
    ask(S, "indicator_words", "有没有跟培训有关的指标？叫什么名字，目标多少", names=px,
        figures=[only([target(p, px[0]) for p in SEED_D.projects if px[0] in inds(p)])])
    ylb = [i for i in SEED_D.indicators if "医保" in i["name"]]
    ask(S, "indicator_words", "名称中带“医保”的绩效指标共有多少条", figures=[len(ylb)])
    names_w = [p for p in SEED_D.projects if "医保" in p.name]
    ask(S, "name_words", "项目名字里有“医保”两个字的项目，金额合计是多少", figures=[money(total(names_w))],
        note="projects whose name contains 医保")
    # goal text (绩效目标原文)
    ask(S, "goal_text", "人事档案信息化建设专项经费打算完成多少卷档案的数字化？", figures=["32000"],
        note="from the goal text of the project (both twins say 32000卷)")
    ask(S, "goal_text", "区高级技工学校国家助学金的绩效目标原文是怎么写的",
        names=["对涉农专业和非涉农专业家庭经济困难学生予以助学支持"], note="a phrase of the goal text")
    ask(S, "goal_text", "特殊退休人员安置费的绩效目标讲的是什么", names=["重大疾病、医疗费用、意外事故"],
        note="a phrase of the goal text")
    ask(S, "goal_text", "关于区机关事业单位医保系统运维经费，目标一栏写的内容", names=["医保系统工作高效运转"],
        note="a phrase of the goal text")


# ---------------------------------------------------------------- indicators (指标筛选、目标值)


def indicators():
    k = "indicator_filter"
    pct = lambda i: annual(i).get("unit") == "%" and val(i) is not None  # noqa: E731
    between = [i for i in SEED_D.indicators if pct(i) and Decimal(95) <= val(i) <= Decimal(99)]
    ask(S, k, "年度指标值的数值介于95%和99%之间（含两端，不管是=、≥还是＞）的百分比指标有几条", figures=[len(between)])
    days = [i for i in su("公费医疗管理委员会办公室").projects for i in i.indicators if annual(i).get("unit") == "天"]
    d = only(days)
    ask(S, k, "在公医办里面，计量单位是“天”的那个指标叫什么？目标定的多少", names=[d["name"]], figures=[d["annual_target"]["value"]])
    ask(S, k, "用大于号“＞”表述年度目标的指标有多少条", figures=[sum(1 for i in SEED_D.indicators if annual(i).get("op") == ">")])
    low = uniq(i["name"] for i in SEED_D.indicators if pct(i) and val(i) < 80)
    ask(S, k, "年度目标低于80%的百分比指标是哪些？（同名的只算一个）", names=low, max_extra=0,
        candidates=ind_names(SEED_D.indicators))
    times = uniq(i["name"] for i in SEED_D.indicators if annual(i).get("unit") == "次")
    ask(S, k, "以“次”计量的指标是哪个", names=times, max_extra=0, candidates=ind_names(SEED_D.indicators))
    qual = uniq(i["name"] for i in SEED_D.indicators if val(i) is None)
    ask(S, k, "年度目标写成文字（比如“逐年提升”“安全”）而不是数字的指标，名称是什么", names=qual, max_extra=0,
        candidates=ind_names(SEED_D.indicators))
    ppl = uniq(i["name"] for i in SEED_D.indicators if annual(i).get("unit") == "人")
    ask(S, k, "计量单位为“人”的指标有哪几个（同名算一个）", names=ppl, max_extra=0,
        candidates=ind_names(SEED_D.indicators))
    eq100 = [i for i in su("退休职工管理委员会办公室").projects for i in i.indicators if pct(i) and val(i) == 100 and annual(i).get("op") == "="]
    ask(S, k, "在退管办里面，年度目标恰好是100%（100.00%也算）的指标有多少条", figures=[len(eq100)])
    # a project's indicators
    k = "project_indicators"
    p = sp("就业补助资金·")
    ask(S, k, "就业补助资金·（带点）的效益指标都有哪些", names=inds(p, lambda i: i["level1"] == "效益指标"), max_extra=0,
        candidates=inds(p) + inds(sp("就业补助资金")), note="the · one; its 一级指标 效益指标 only")
    p = sp("劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）")
    ask(S, k, "劳动关系公共服务及薪酬调查经费的质量指标叫什么", names=inds(p, lambda i: i["level2"] == "质量指标"),
        max_extra=0, candidates=inds(p))
    p = sp("区机关事业单位医保系统运维经费")
    ask(S, k, "在区机关事业单位医保系统运维经费里面，社会效益类的指标有哪些", names=inds(p, lambda i: i["level2"] == "社会效益"),
        max_extra=0, candidates=inds(p))
    p = sp("特殊退休人员安置费")
    ask(S, k, "特殊退休人员安置费一共几条指标？按一级指标分别是几条", figures=[len(p.indicators)],
        note="3 indicators, one of each 一级指标 (产出, 效益, 满意度)")
    p = sp("区高级技工学校国家助学金")
    ask(S, k, "请列出区高级技工学校国家助学金中属于产出指标的各项", names=inds(p, lambda i: i["level1"] == "产出指标"),
        max_extra=0, candidates=inds(p))
    # targets
    k = "indicator_target"
    ask(S, k, "涉劳资纠纷隐患化解率的年度目标是多少",
        figures=uniq(target(p, "涉劳资纠纷隐患化解率") for p in SEED_D.projects if "涉劳资纠纷隐患化解率" in inds(p)),
        note="two projects set it, both at 98%")
    ask(S, k, "请问目标值是多少，关于参保居民满意度这个指标？",
        figures=[target(sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）"), "参保居民满意度")])
    ask(S, k, "纪检核查：劳动保障监察协管员财政补助项目（2024年市补助）中“涉110警情成功处置率”的年度指标值",
        figures=[target(sp("劳动保障监察协管员财政补助项目（2024年市补助）（穗财社〔2023〕33）"), "涉110警情成功处置率")])
    ask(S, k, "劳动关系公共服务及薪酬调查经费，计划培训多少人次",
        figures=[target(sp("劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）"), "参加培训人次")])
    ask(S, k, "如果只看社会申办退管活动资金（不带点），慰问金发放及时率目标是多少",
        figures=[target(sp("社会申办退管活动资金"), "社会化退休人员慰问金发放及时率")])
    ask(S, k, "群体性事件发生次数，编外人员经费(1)-劳动保障监察协管员那个项目要求控制在几次以下",
        figures=[target(sp("编外人员经费(1)-劳动保障监察协管员财政补助项目"), "本年度涉劳资纠纷群体性事件发生次数")])


# ---------------------------------------------------------------- multi-hop and twins


def multi_hop_and_twins():
    k = "multi_hop"
    rich = max(SEED_D.units, key=lambda u: u.total)
    top = max(rich.projects, key=lambda p: len(p.indicators))
    assert sum(len(p.indicators) == len(top.indicators) for p in rich.projects) == 1
    ask(S, k, "资金最多的那个单位里，指标最多的项目是哪个？几条", names=[top.name], figures=[len(top.indicators)])
    few = min(SEED_D.projects, key=lambda p: len(p.indicators))
    assert sum(len(p.indicators) == len(few.indicators) for p in SEED_D.projects) == 1
    ask(S, k, "指标条数最少的项目是哪个，它属于哪个单位", names=[few.name, short(few.unit)])
    second = ranked(SEED_D.projects)[1]
    ask(S, k, "人社局金额第二大的项目，它的效益指标是什么",
        names=[second.name] + inds(second, lambda i: i["level1"] == "效益指标"))
    cnt = sorted(SEED_D.units, key=lambda u: len(u.projects), reverse=True)
    assert len(cnt[1].projects) > len(cnt[2].projects)
    ask(S, k, "项目个数排第二的单位，项目资金合计多少", names=[short(cnt[1].name)], figures=[money(cnt[1].total)])
    med = su("公费医疗管理委员会办公室")
    big = ranked(med.projects)[0]
    ask(S, k, "公医办最大那个项目的范围内报销率目标是多少", names=[big.name], figures=[target(big, "范围内报销率")])
    # twins (同名项目)
    k = "twins"
    ask(S, k, "嗯那个 企业离休干部补贴 两笔 加一块儿 是多少啊",
        figures=[money(sp("企业离休干部补贴").total + sp("企业离休干部补贴‘").total)])
    ask(S, k, "我是退休老工人，想打听一下政府给新中国成立前老工人补贴一共拨了多少钱（两笔都算上）",
        figures=[money(sp("新中国成立前老工人补贴").total + sp("新中国成立前老工人补贴‘").total)])
    ask(S, k, "社会化管理人员节日慰问金有两个（一个带撇号），两者差多少钱",
        figures=[money(sp("社会化管理人员节日慰问金").total - sp("社会化管理人员节日慰问金‘").total)])
    tw = [p for p in SEED_D.projects if p.name == "编外人员经费(1)-临时聘用人员经费"]
    assert len(tw) == 2
    ask(S, k, "编外人员经费(1)-临时聘用人员经费出现在哪几个单位？各多少", names=[short(p.unit) for p in tw],
        figures=[money(p.total) for p in tw])
    ask(S, k, "如果只看带撇号的那个企业职教幼教退休教师生活补贴费’，金额是多少",
        figures=[money(sp("企业职教幼教退休教师生活补贴费’").total)])


# ---------------------------------------------------------------- two departments in one database (two)


def two_departments():
    H, D = HUADU, SEED_D
    ask(TWO, "multi_dept", "麻烦列一下，这个数据库里装的是哪些部门的表", names=[dept_short(D.name), dept_short(H.name)])
    ask(TWO, "multi_dept", "除了财政拨款和一般公共预算，两个部门还用到了哪些资金来源？",
        names=sorted({s for d in (D, H) for p in d.projects for s in p.sources} - {"财政拨款", "一般公共预算"}))
    ask(TWO, "multi_dept", "从化区人社局的项目个数是花都区农业农村局的几倍", figures=[ratio(Decimal(len(D.projects)), Decimal(len(H.projects)))])
    ask(TWO, "multi_dept", "两个部门的项目资金相差多少万元（保留两位小数）", figures=[money2(D.total - H.total)])
    ask(TWO, "multi_dept", "花都区农业农村局和从化区人社局合起来有多少条绩效指标", figures=[len(D.indicators) + len(H.indicators)],
        note="the sum because the question asks for it")
    ad, ah = D.total / len(D.projects), H.total / len(H.projects)
    assert ah > ad
    ask(TWO, "multi_dept", "两个部门中，哪个部门平均每个项目的金额更高？高出多少万元（两位小数）",
        names=[dept_short(H.name)], figures=[money2(ah - ad)])
    hp = ranked(H.projects)
    ask(TWO, "rank", "花都区农业农村局的项目，金额第二大的是哪个", names=[hp[1].name], figures=[money(hp[1].total)])
    ask(TWO, "average", "把花都区农业农村局四个项目按金额排，中间两个的平均值（即中位数）是多少",
        figures=[mid([p.total for p in H.projects])])
    cost = [i["name"] for i in H.indicators if i["level2"] == "成本指标"]
    ask(TWO, "indicator_filter", "花都区农业农村局的指标里，成本指标有哪些？列名称", names=cost, max_extra=0,
        candidates=[i["name"] for i in H.indicators])
    wan = [i for i in H.indicators if annual(i).get("unit") == "万元"]
    ask(TWO, "indicator_filter", "花都区农业农村局以“万元”为单位的指标，目标值各是多少", names=[i["name"] for i in wan],
        figures=[i["annual_target"]["value"] for i in wan])
    ge90 = [i["name"] for i in H.indicators if annual(i).get("unit") == "%" and val(i) is not None and val(i) >= 90
            and annual(i).get("op") in ("=", "≥", ">")]
    ask(TWO, "indicator_filter", "花都区农业农村局里，以%计且年度目标不低于90%的指标有哪些", names=ge90, max_extra=0,
        candidates=[i["name"] for i in H.indicators])
    qual = [i["name"] for i in H.indicators if val(i) is None]
    ask(TWO, "indicator_filter", "在花都区农业农村局里面，年度指标值不是数值（定性）的指标有哪些", names=qual, max_extra=0,
        candidates=[i["name"] for i in H.indicators])
    ask(TWO, "indicator_filter", "花都区农业农村局年度目标写“≥”的指标有几条", figures=[sum(1 for i in H.indicators if annual(i).get("op") == "≥")])
    sat = [i for i in H.indicators if "满意度" in i["level2"]]
    ask(TWO, "count", "花都区农业农村局有几条满意度类的指标？（二级指标里带“满意度”）", figures=[len(sat)])
    gp = proj(TWO, "高标准农田建设项目")
    area = [i for i in gp.indicators if i["name"] == "新建高标准农田面积"][0]
    ask(TWO, "indicator_target", "高标准农田建设项目的新建高标准农田面积，中期指标值和年度指标值分别是多少",
        figures=[area["period_target"]["value"], area["annual_target"]["value"]])
    ask(TWO, "indicator_target", "请问年度目标是多少，关于花都区农业技术推广服务经费的技术指导响应时间？",
        figures=[target(proj(TWO, "农业技术推广服务经费"), "技术指导响应时间")])
    ask(TWO, "amount_source", "高标准农田建设项目中，一般公共预算和政府性基金预算各安排了多少？",
        figures=[money(gp.sources["一般公共预算"]), money(gp.sources["政府性基金预算"])])
    ask(TWO, "share", "花都区农业农村局政府性基金预算占该局项目资金的百分比",
        figures=[share(H.source("政府性基金预算"), H.total)])
    ask(TWO, "compare", "高标准农田建设项目的金额是农业面源污染治理项目的几倍",
        figures=[ratio(gp.total, proj(TWO, "农业面源污染治理项目").total)])
    farm = [p for p in H.projects if "农户" in p.goal]
    ask(TWO, "goal_mentions", "花都区农业农村局哪些项目的绩效目标里出现了“农户”", names=names_of(farm), max_extra=0,
        candidates=q2.project_names(TWO))
    train = [p for p in q2.projects(TWO) if "培训" in p.goal]
    ask(TWO, "goal_mentions", "两个部门所有项目中，绩效目标提到培训的有哪些", names=names_of(train), max_extra=0,
        candidates=q2.project_names(TWO))
    ask(TWO, "goal_text", "花都区农业技术推广服务经费的目标里，计划培训农民多少人次", figures=["3000"],
        note="the goal text says 培训农民3000人次以上")
    ask(TWO, "goal_text", "高标准农田建设项目的绩效目标中，项目区亩均节本增效要达到多少元以上", figures=["100"])
    hu = sorted(H.units, key=lambda u: u.total, reverse=True)
    ask(TWO, "rank", "花都区农业农村局各单位中，项目资金排第二的单位", names=[short(hu[1].name)], figures=[money(hu[1].total)])
    mp = max(H.projects, key=lambda p: len(p.indicators))
    assert sum(len(p.indicators) == len(mp.indicators) for p in H.projects) == 1
    cost_i = only([i for i in mp.indicators if i["level2"] == "成本指标"])
    ask(TWO, "multi_hop", "花都区农业农村局指标最多的项目是哪个，它的成本指标目标值是多少",
        names=[mp.name], figures=[cost_i["annual_target"]["value"]])
    small = ranked(H.projects)[-1]
    ask(TWO, "multi_hop", "如果只看花都区农业农村局，金额最小的那个项目有哪些效果指标",
        names=inds(small, lambda i: i["level1"] == "效果指标"), max_extra=0, candidates=inds(small))
    ask(TWO, "amount_source", "花都那边 动物疫病强制免疫经费 里 单位资金 占 多少 钱",
        figures=[money(proj(TWO, "动物疫病强制免疫经费").sources["单位资金"])])
    # the seed department inside the two-department database
    ask(TWO, "count", "我想问问从化区人社局的社保中心，一共有几个项目啊", figures=[len(su("社会保险基金管理中心").projects)])
    ITEMS[-1]["note"] = "the unit 社会保险基金管理中心 of 从化区人社局"
    ask(TWO, "rank", "从化区人力资源和社会保障局金额最小的项目是哪个", names=[ranked(D.projects)[-1].name],
        figures=[money(ranked(D.projects)[-1].total)])
    big = [p for p in D.projects if p.total > 5000]
    ask(TWO, "amount_project", "从化区人社局的项目里，金额在5000万元以上的是哪些", names=names_of(big), max_extra=0,
        candidates=q2.project_names(TWO), note="total above 5000 万元, 从化区人社局 only")
    t_units = sum(1 for p in D.projects if any(i["level2"] == "时效指标" for i in p.indicators))
    ask(TWO, "count", "在从化区人社局里面，设置了时效指标的项目有多少个", figures=[t_units],
        note="projects with at least one 二级指标 时效指标")
    people = uniq(i["name"] for i in D.indicators if annual(i).get("unit") == "人")
    ask(TWO, "indicator_filter", "从化区人社局的指标里面，以“人”为单位的有哪几条（同名算一条）", names=people, max_extra=0,
        candidates=ind_names(D.indicators + H.indicators))
    ask(TWO, "total", "只算从化区人社局，不算花都的，项目资金总共多少", figures=[money(D.total)])
    ask(TWO, "amount_unit", "花都区农业技术推广中心，项目金额是多少，有几条指标",
        figures=[money(unit(TWO, "农业技术推广中心").total), sum(len(p.indicators) for p in unit(TWO, "农业技术推广中心").projects)])


# ---------------------------------------------------------------- a few over panyu and three


def other_databases():
    ask(T, "rank", "禾丰县农业农村局金额第三多的单位是哪个？", names=[short(sorted(HEF.units, key=lambda u: u.total, reverse=True)[2].name)],
        figures=[money(sorted(HEF.units, key=lambda u: u.total, reverse=True)[2].total)])
    ask(T, "compare", "请问倍数是多少，关于云溪区教育局项目资金相对于禾丰县农业农村局？",
        figures=[ratio(YUNXI.total, HEF.total)], note="both in 万元")
    rng = [p for p in YUNXI.projects if Decimal(100) <= p.total <= Decimal(500)]
    ask(T, "count", "云溪区教育局金额介于100万元和500万元之间（含）的项目数", figures=[len(rng)])
    ask(T, "average", "如果只看妇幼保健院，项目金额中位数是多少元", figures=[mid([p.total for p in unit(T, "妇幼保健院").projects])],
        note="5 projects: the 3rd; " + LINJ_NOTE)
    old = [p for p in YUNXI.projects if "养老" in p.goal or "养老" in p.name]
    ask(T, "goal_mentions", "云溪区教育局有没有和养老相关的项目（名称或目标里有“养老”）？是哪个", names=names_of(old), max_extra=0,
        candidates=q2.project_names(T))
    jy = [p for p in HEF.projects if "就业" in p.name]
    ask(T, "name_words", "禾丰县农业农村局项目名称里有“就业”的，预算多少", names=names_of(jy), figures=[money(p.total) for p in jy])
    nos = [p for p in unit(T, "卫生健康综合监督执法支队").projects
           if not any(i["level1"] == "满意度指标" for i in p.indicators)]
    if nos:
        ask(T, "negation", "卫生监督执法支队里没有满意度指标的项目", names=names_of(nos), max_extra=0,
            candidates=names_of(unit(T, "卫生健康综合监督执法支队").projects))
    lp = ranked(LINJ.projects)
    ask(T, "share", "卫健委前两大项目合起来占卫健委项目资金的比例", figures=[share(lp[0].total + lp[1].total, LINJ.total)])
    pc = Counter(i["level1"] for i in HEF.indicators)
    ask(T, "count", "禾丰县农业农村局成本指标和满意度指标各有几条（一级指标）", figures=[pc["成本指标"], pc["满意度指标"]])
    ask(T, "multi_hop", "云溪一中里金额第二大的项目有几条指标", names=[ranked(unit(T, "第一中学").projects)[1].name],
        figures=[len(ranked(unit(T, "第一中学").projects)[1].indicators)])
    ask("panyu", "rank", "番禺区教育局项目按金额排第三的是哪个", names=[ranked(PANYU.projects)[2].name],
        figures=[money(ranked(PANYU.projects)[2].total)])
    ask("panyu", "compare", "番禺区教育局本级的项目资金是学生资助管理中心的几倍",
        figures=[ratio(unit("panyu", "番禺区教育局").total, unit("panyu", "学生资助管理中心").total)], note="局本级 unit")
    ask("panyu", "indicator_filter", "番禺教育局的成本指标一共几条（一级指标为成本指标）",
        figures=[sum(1 for i in PANYU.indicators if i["level1"] == "成本指标")])
    ask("panyu", "average", "番禺区教育局五个项目金额的中位数", figures=[mid([p.total for p in PANYU.projects])])


# ---------------------------------------------------------------- refusals (表里没有的)


def refusals():
    r = refuse
    this_year = ["这一年度", "该年度", "这一年", "该年"]
    r(S, "请书面说明就业补助资金下一年度的预算预测数", FUTURE, "a forecast: the table holds one year's targets")
    r(S, "你认为区机关事业单位医保基金的钱是不是给多了？", OPINION + ["多了"], "an opinion, not a figure of the table")
    r(S, "截至第三季度，社保中心各项目的预算执行率分别是多少", DONE, "no execution in a target table")
    r(S, "技工学校免学费补助去年实际资助了多少学生", LAST + DONE, "neither last year nor results are in the table")
    r(S, "从化区平均每个退休人员能分到多少退管活动经费", ["人均", "人数", "每人", "退休人员数", "人员数量"],
      "no head count in the table")
    r(S, "从化区民政局的养老服务项目预算是多少", ["民政局"] + NOT_HERE, "department not in the database")
    r(S, "诶 那个 就业补助资金 比 上一年 多了 还是 少了 呀", LAST, "no prior year in the table")
    r(S, "我的养老金明年能涨多少？", ["养老金", "个人", "明年", "预测", "未来"], "personal pension, future: not in the table")
    r(S, "审计请提供企业离休干部补贴的决算数与预算数差异", ["决算"], "budget only, no final accounts")
    r(S, "社保中心有多少名临聘人员", ["人数", "多少人", "人员数量", "编制", "临聘人员数"], "no staff numbers in the table")
    r(S, "人社局这些项目最后的绩效自评得分是多少", ["自评", "评价", "得分", "评分"], "targets, not evaluation scores")
    r(TWO, "花都区农业农村局的公用经费有多少", ["公用经费", "基本支出"], "project expenditure only")
    r(TWO, "从化区人社局和花都区农业农村局去年的项目资金谁多", LAST, "no prior year")
    r(TWO, "花都区农业农村局的高标准农田建设项目实际建成了多少亩", DONE + ["建成"], "targets, not results")
    r(TWO, "花都区林业园林局有哪些项目", ["林业", "园林"] + NOT_HERE, "department not in the database")
    r(TWO, "农业面源污染治理项目到年底能不能达标，你估计一下", FUTURE + ["估计", "判断", "能否", "达标"],
      "a forecast / judgement, not in the table")
    r(T, "临江卫健委2025年的预算安排有多少", ["2025", "2024"] + this_year, "the table is for 2024", [LINJ.year])
    r("panyu", "番禺区教育局智慧校园建设项目的中标单位是谁", ["中标", "招标", "采购"], "no procurement results in the forms")


def build() -> list[dict]:
    assert not ITEMS, "build_qa2's items were built in this process"
    for step in (amounts, counts, averages_and_ranks, shares_and_ratios, words, indicators, multi_hop_and_twins,
                 two_departments, other_databases, refusals):
        step()
    for n, item in enumerate(ITEMS, 1):
        ITEMS[n - 1] = {"id": f"f{n:03d}", **item}
    return ITEMS


def earlier_questions() -> set[str]:
    old = set()
    for name in ("dev", "heldout", "dev2", "test2", "dev3"):
        path = base.OUT / f"{name}.json"
        old |= {i["question"] for i in json.loads(path.read_text(encoding="utf-8"))["items"]}
    return old


def main() -> None:
    items = build()
    assert len({i["question"] for i in items}) == len(items), "duplicate question"
    assert not earlier_questions() & {i["question"] for i in items}, "a question of an earlier set"
    for i in items:  # a refusal states no number
        assert not i["expect"].get("refuse") or "figures" not in i["expect"]
    doc = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "scripts/build_qa4.py (answers computed from the gold JSON in plain Python, "
                    "written without reading the engine)",
        "databases": {db: [f"../gold/{g}.json" for g in golds] for db, golds in q2.GOLDS.items()},
        "split": "dev4",
        "description": "Fourth set, phrasings unlike dev, dev2 and dev3, weighted to seed and two; one file, no split.",
        "items": items,
    }
    (base.OUT / "dev4.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    by_db = Counter(i["db"] for i in items)
    print(f"{len(items)} items in dev4; seed+two {(by_db['seed'] + by_db['two']) / len(items):.0%}")
    print("by db:", dict(by_db))
    for kind, n in sorted(Counter(i["kind"] for i in items).items()):
        print(f"  {kind:20s} {n:3d}")


if __name__ == "__main__":
    main()
