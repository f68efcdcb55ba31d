#!/usr/bin/env python3
"""Build the third strict question set (问答评测集三): eval/qa/dev3.json (one file, no split).

Written without reading the question engine (extractor/ask/) and with phrasings unlike dev.json and
dev2.json: a reporter's, an auditor's, a citizen's on a phone, a deputy's formal letter; abbreviations;
numbers in words; two-part questions. It weights the kinds the engine was weakest at on test2: goal
mentions (2–4 character words), the indicators of a project (list, count, by level), twins (same-named
projects told apart by amount, unit or mark), indicator targets (one named target; targets ≥ / < / = a
value with a unit), shares and multi-hop. Every expected answer is computed here from the gold JSON in
plain Python (Decimal), with scripts/build_qa.py's and scripts/build_qa2.py's fact loading and figure
formats; nothing is imported from `extractor`. The databases are build_qa2's (seed, panyu, two, three).

Usage: python scripts/build_qa3.py
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
from build_qa2 import HEF, LINJ, LINJ_NOTE, PANYU, SEED_D, YUNXI, avg, ind, proj, short, target, unit  # noqa: E402

ask, refuse = q2.ask, q2.refuse
ITEMS = q2.ITEMS  # q2.ask appends here; build() below never calls q2.build()
T = "three"


def names_of(ps) -> list[str]:
    return [p.name for p in ps]


def goal_has(ps, word: str) -> list:
    return [p for p in ps if word in p.goal]


def inds(p, pred=lambda i: True) -> list[str]:
    return [i["name"] for i in p.indicators if pred(i)]


def lvl1(name):
    return lambda i: i["level1"] == name


def lvl2_starts(name):
    return lambda i: i["level2"].startswith(name)


def val(i):
    a = annual(i)
    return Decimal(a["value"]) if a.get("value") is not None else None


# ---------------------------------------------------------------- goal mentions (绩效目标提及)


def goal_mentions():
    k = "goal_mentions"
    for db, q, scope, word in [
        (T, "记者想了解：云溪区教育局哪几个项目在绩效目标里写了“安全”这个词？", YUNXI.projects, "安全"),
        (T, "手机上问一下 卫健委目标里带“检测”两字的项目都有啥", LINJ.projects, "检测"),
        (T, "请列出禾丰县农业农村局绩效目标含“增收”的全部项目", HEF.projects, "增收"),
        (T, "审计关注：临江市卫生健康委员会各项目绩效目标中出现“健康管理”的有哪些", LINJ.projects, "健康管理"),
        (T, "云溪区教育局，目标文字里出现“教师”的项目清单", YUNXI.projects, "教师"),
        (T, "禾丰县农业农村局的项目里，绩效目标讲到“农户”或“农民”的是哪几个？", HEF.projects, None),
        (T, "在卫健委的绩效目标表中，目标一栏提及“培训”的项目名称", LINJ.projects, "培训"),
        (T, "哪些项目的目标写了“监测”？只看禾丰县农业农村局", HEF.projects, "监测"),
        (T, "这三个部门里，绩效目标写到“乡村振兴”的项目有哪些", q2.projects(T), "乡村振兴"),
        ("seed", "从化人社局：目标描述里有“补贴”一词的项目请逐一列出", SEED_D.projects, "补贴"),
    ]:
        if word is None:
            ps = [p for p in scope if "农户" in p.goal or "农民" in p.goal]
            w = "农户 or 农民"
        else:
            ps, w = goal_has(scope, word), word
        assert ps, q
        ask(db, k, q, names=names_of(ps), max_extra=0, candidates=q2.project_names(db),
            note=f"projects of the named scope whose 绩效目标 contains {w}")
    for db, q, scope, word in [
        (T, "云溪区教育局目标里提到“学校”的项目，一共有几个？", YUNXI.projects, "学校"),
        (T, "卫健委绩效目标含“养老”字样的项目数是多少", LINJ.projects, "养老"),
        (T, "禾丰县农业农村局有多少个项目的目标写了“补贴”或“补助”？", HEF.projects, None),
        ("seed", "人社局绩效目标里讲“发放”的项目，数一数有几个", SEED_D.projects, "发放"),
    ]:
        ps = [p for p in scope if "补贴" in p.goal or "补助" in p.goal] if word is None else goal_has(scope, word)
        assert ps, q
        ask(db, k, q, figures=[len(ps)], note="each project once (same-named projects count separately)")
    # does project Y's goal mention X: a choice among named projects
    for q, pnames, word in [
        ("课后服务经费、校车运营补助经费、学生食堂运营经费这三个，哪个的目标提到了“家长”？",
         ["课后服务经费", "校车运营补助经费", "学生食堂运营经费"], "家长"),
        ("下面几个项目的绩效目标中，哪些写了“老年人”：基本公共卫生服务项目经费、医养结合养老服务补助资金、计划生育家庭特别扶助金",
         ["基本公共卫生服务项目经费", "医养结合养老服务补助资金", "计划生育家庭特别扶助金"], "老年人"),
        ("高标准农田建设项目、耕地地力保护补贴资金、耕地质量监测经费——谁的目标里出现了“耕地质量”？",
         ["高标准农田建设项目", "耕地地力保护补贴资金", "耕地质量监测经费"], "耕地质量"),
        ("出生缺陷综合防治经费和孕产妇和儿童健康管理项目，目标里谈到“筛查”的是哪一个？",
         ["出生缺陷综合防治经费", "孕产妇和儿童健康管理项目"], "筛查"),
    ]:
        ps = [proj(T, n) for n in pnames]
        hit = goal_has(ps, word)
        assert 0 < len(hit) < len(ps), q
        ask(T, k, q, names=names_of(hit), max_extra=0, candidates=pnames,
            note=f"among the named projects, those whose 绩效目标 contains {word}")


# ---------------------------------------------------------------- a project's indicators (项目指标)


def project_indicators():
    k = "project_indicators"
    for db, q, pname, core, pred, what in [
        (T, "请逐条列出智慧校园建设经费的全部绩效指标名称", "智慧校园建设经费", None, None, "all"),
        (T, "卫生监督执法专项经费设置了什么指标？全部列一下", "卫生监督执法专项经费", None, None, "all"),
        (T, "农作物病虫害绿色防控经费：产出类指标（一级指标为产出指标）有哪些", "农作物病虫害绿色防控经费", None,
         lvl1("产出指标"), "level1 产出指标"),
        (T, "妇幼保健院医疗设备购置项目的时效指标叫什么", "医疗设备购置项目", None, lvl2_starts("时效"), "level2 时效指标"),
        (T, "关于农村人居环境整治专项资金，效益方面（一级指标为效益指标）考核哪些内容", "农村人居环境整治专项资金", None,
         lvl1("效益指标"), "level1 效益指标"),
        (T, "实验室设备更新项目的质量指标请列明", "实验室设备更新项目", None, lvl2_starts("质量"), "level2 质量指标"),
        (T, "计划生育家庭特别扶助金里面，数量指标有哪些？", "计划生育家庭特别扶助金", None, lvl2_starts("数量"), "level2 数量指标"),
        (T, "高标准农田建设项目一共有哪些指标（全部）", "高标准农田建设项目", None, None, "all"),
        ("seed", "人事档案信息化建设专项经费（不带·的）下设的全部指标有哪些", "人事档案信息化建设专项经费", None, None, "all"),
        ("panyu", "名师工作室建设经费的满意度指标是哪条", "名师工作室建设经费", None, lvl1("满意度指标"), "level1 满意度指标"),
    ]:
        p = proj(db, pname, core)
        want = inds(p, pred or (lambda i: True))
        assert want, q
        ask(db, k, q, names=want, max_extra=0, candidates=inds(p), note=f"indicators of the project ({what}); no others")
    for db, q, pname, core, pred in [
        (T, "免疫规划疫苗接种经费总共挂了几条指标", "免疫规划疫苗接种经费", None, None),
        (T, "校舍维修改造工程经费的指标数量是多少条？", "校舍维修改造工程经费", None, None),
        (T, "耕地地力保护补贴资金有几条产出指标（一级指标）", "耕地地力保护补贴资金", None, lvl1("产出指标")),
        (T, "基本公共卫生服务项目经费中数量指标占了几条", "基本公共卫生服务项目经费", None, lvl2_starts("数量")),
        (T, "学生体质健康提升项目的指标，数量指标几条、质量指标几条？", "学生体质健康提升项目", None, "two"),
        ("seed", "区机关事业单位医保基金一共设置了多少条绩效指标", "区机关事业单位医保基金", None, None),
    ]:
        p = proj(db, pname, core)
        if pred == "two":
            figs = [len(inds(p, lvl2_starts("数量"))), len(inds(p, lvl2_starts("质量")))]
        else:
            figs = [len(inds(p, pred or (lambda i: True)))]
        assert all(figs), q
        ask(db, k, q, figures=figs, note="indicators of the project, counted")


# ---------------------------------------------------------------- twins (同名项目)


def twins():
    k = "twins"
    t = lambda name, core=None: proj(T, name, core)  # noqa: E731
    a, b = t("教研活动专项经费"), t("教研活动专项经费·")
    small = min((a, b), key=lambda p: p.total)
    ask(T, k, "教研活动专项经费有两笔，金额小的那笔，数量指标叫什么？",
        names=inds(small, lvl2_starts("数量")), max_extra=0, candidates=inds(a) + inds(b),
        note=f"the smaller of the two (the one of {money(small.total)} 万元): its 数量指标 only")
    ask(T, k, "疾控中心的编外人员经费（不是妇幼保健院那笔）是多少元", figures=[money(t("编外人员经费", "疾病预防控制中心").total)],
        note=LINJ_NOTE)
    ask(T, k, "妇幼保健院编外人员经费设了几条指标，预算多少元",
        figures=[len(t("编外人员经费", "妇幼保健院").indicators), money(t("编外人员经费", "妇幼保健院").total)], note=LINJ_NOTE)
    tf = t("教师继续教育培训经费", "教师发展中心")
    ask(T, k, "教师发展中心报的那个教师继续教育培训经费，有多少条绩效指标？", figures=[len(tf.indicators)])
    te = t("教师继续教育培训经费", "云溪区教育局")
    ask(T, k, "金额126.8万元的教师继续教育培训经费是哪个单位报的，参训人次目标多少",
        names=[short(te.unit)], figures=[target(te, "参训校长及骨干教师人次")])
    tj = t("乡村振兴驻镇帮镇扶村工作经费", "农村经营管理站")
    ask(T, k, "经管站的乡村振兴驻镇帮镇扶村工作经费：几条指标、多少万元？", figures=[len(tj.indicators), money(tj.total)])
    hi = t("乡村振兴驻镇帮镇扶村工作经费", "禾丰县农业农村局")
    ask(T, k, "两个同名的乡村振兴驻镇帮镇扶村工作经费，钱多的那个是哪个单位的？差多少万元",
        names=[short(hi.unit)], figures=[money(hi.total - tj.total)])
    dot = t("农业技术推广服务经费·")
    ask(T, k, "带间隔号（·）的农业技术推广服务经费·，列出它的全部指标", names=inds(dot), max_extra=0,
        candidates=inds(dot) + inds(t("农业技术推广服务经费")), note="only the · one")
    plain = t("重大传染病防控经费")
    ask(T, k, "重大传染病防控经费，128万元那个（不带撇号），设了几条指标", figures=[len(plain.indicators)])
    ask(T, k, "重大传染病防控经费两笔加起来多少元？",
        figures=[money(plain.total + t("重大传染病防控经费’").total)], note="both twins summed; " + LINJ_NOTE)
    s = lambda name: proj("seed", name)  # noqa: E731
    ask("seed", k, "区高级技工学校免学费补助·（带点）这一笔是多少万元", figures=[money(s("区高级技工学校免学费补助·").total)])
    ask("seed", k, "就业补助资金和就业补助资金·，分别有几条指标",
        figures=[len(s("就业补助资金").indicators), len(s("就业补助资金·").indicators)])


# ---------------------------------------------------------------- indicator targets (指标目标值)


def indicator_target():
    k = "indicator_target"
    for db, q, pname, core, iname in [
        (T, "义务教育阶段学校公用经费补助：小学生均公用经费标准定的多少？", "义务教育阶段学校公用经费补助", None, "小学生均公用经费标准"),
        (T, "校园安全保卫服务经费里保安服务单价最高不超过多少", "校园安全保卫服务经费", None, "保安服务单价"),
        (T, "普惠性幼儿园奖补资金要让多少在园幼儿受惠？", "普惠性幼儿园奖补资金", None, "受惠在园幼儿人数"),
        (T, "请函告：学生资助专项资金中“资助家庭经济困难学生人数”年度指标值", "学生资助专项资金", None, "资助家庭经济困难学生人数"),
        (T, "教育局本级那个教师继续教育培训经费，培训考核合格率要多少", "教师继续教育培训经费", "云溪区教育局", "培训考核合格率"),
        (T, "免疫规划疫苗接种经费，适龄儿童接种率的目标值？", "免疫规划疫苗接种经费", None, "适龄儿童免疫规划疫苗接种率"),
        (T, "高标准农田建设项目今年要新建多少亩高标准农田", "高标准农田建设项目", None, "新建高标准农田面积"),
        (T, "病死畜禽无害化处理补助：病死猪每头补助标准上限多少元", "病死畜禽无害化处理补助", None, "病死猪无害化处理补助标准"),
        (T, "校舍维修改造工程经费，单个运动场改造成本控制在多少以内", "校舍维修改造工程经费", None, "单个运动场改造成本"),
        (T, "课后服务经费每生每学期收费标准不超过多少", "课后服务经费", None, "课后服务收费标准"),
        ("seed", "区高级技工学校国家助学金：毕业生初次就业率定的目标", "区高级技工学校国家助学金", None, "毕业生初次就业率"),
        ("panyu", "番禺那个中小学教师继续教育培训经费，人均培训成本封顶多少", "中小学教师继续教育培训经费", None, "人均培训成本"),
    ]:
        p = proj(db, pname, core)
        if iname is None:
            iname = _pick(p, q)
        ask(db, k, q, figures=[target(p, iname)], note=f"annual target of {iname}")


def _pick(p, q: str) -> str:
    """The one numeric indicator of p a loose question names (by key words)."""
    keys = [w for w in ("接种率", "新建", "无害化处理率", "维修", "课后服务", "助学金", "培训") if w in q]
    found = [i["name"] for i in p.indicators if val(i) is not None and any(w in i["name"] for w in keys)]
    if not found and "人" in q:
        found = [i["name"] for i in p.indicators if annual(i).get("unit") in ("人", "人次") and val(i) is not None]
    assert len(found) == 1, (p.name, q, found, inds(p))
    return found[0]


def indicator_filter():
    k = "indicator_filter"

    def pick(d, pred):
        return [i for i in d.indicators if pred(i)]

    def ge(v, u):
        return lambda i: annual(i).get("unit") == u and val(i) is not None and val(i) >= v and annual(i).get("op") in ("=", "≥", ">")

    rows = [
        (YUNXI, "云溪区教育局以“所”计量、目标不少于100所（含100）的指标是哪些", ge(Decimal(100), "所"), "names"),
        (LINJ, "卫健委哪些指标以“人”为单位且目标值达到一万人及以上？", ge(Decimal(10000), "人"), "names"),
        (HEF, "禾丰县农业农村局以“亩”为单位的指标有几条", lambda i: annual(i).get("unit") == "亩", "count"),
        (YUNXI, "云溪区教育局年度目标写“≤”（设上限）的指标，列一下名称", lambda i: annual(i).get("op") == "≤", "names"),
        (LINJ, "卫健委目标值恰好等于100%的指标一共多少条（100.00%也算）",
         lambda i: annual(i).get("unit") == "%" and val(i) == 100 and annual(i).get("op") == "=", "count"),
        (HEF, "禾丰县农业农村局中，以%计、年度目标数值低于90%的指标有哪些（不论≥还是≤）",
         lambda i: annual(i).get("unit") == "%" and val(i) is not None and val(i) < 90, "names"),
        (LINJ, "卫健委以“人次”计、目标不少于一千人次的指标有几条", ge(Decimal(1000), "人次"), "count"),
    ]
    for d, q, pred, how in rows:
        got = pick(d, pred)
        assert got, q
        if how == "names":
            ask(T, k, q, names=[i["name"] for i in got], max_extra=0, candidates=[i["name"] for i in d.indicators],
                note="indicators of the named department matching the stated unit and bound")
        else:
            ask(T, k, q, figures=[len(got)], note="indicators of the named department matching the stated unit and bound")
    ask("seed", k, "人社局指标里，没有数值（定性描述）的有几条",
        figures=[len(pick(SEED_D, lambda i: val(i) is None))], note="annual target without a value")
    ask("panyu", k, "番禺教育局以“%”计、目标不低于95%的指标数", figures=[len(pick(PANYU, ge(Decimal(95), "%")))],
        note="annual value in %, at least 95 (=, ≥, >)")


# ---------------------------------------------------------------- shares and multi-hop


def shares():
    k = "share"
    u = lambda core: unit(T, core)  # noqa: E731
    ask(T, k, "后勤服务中心占云溪区教育局全部项目资金的几成？百分比保留一位小数",
        figures=[share(u("教育后勤服务中心").total, YUNXI.total)])
    ask(T, k, "妇幼保健院在卫健委项目盘子里的份额", figures=[share(u("妇幼保健院").total, LINJ.total)])
    ask(T, k, "耕地地力保护补贴资金在禾丰县农业农村局项目总额中所占百分比",
        figures=[share(proj(T, "耕地地力保护补贴资金").total, HEF.total)])
    ask(T, k, "一中五个项目里，高中学费收入安排支出占一中资金的比例",
        figures=[share(proj(T, "高中学费收入安排支出").total, u("第一中学").total)])
    ask(T, k, "卫健委全部项目资金中，上级补助收入占比多少", figures=[share(LINJ.source("上级补助收入"), LINJ.total)])
    ask(T, k, "基本公共卫生服务项目经费占卫健委本级（委机关）项目资金的百分比",
        figures=[share(proj(T, "基本公共卫生服务项目经费").total, u("临江市卫生健康委员会").total)],
        note="over the unit 临江市卫生健康委员会 (委本级), not the department")
    ask("seed", k, "就业中心的资金占从化区人社局项目总额的比重（%）", figures=[share(unit("seed", "劳动就业服务管理中心").total, SEED_D.total)])
    ask("panyu", k, "学生资助专项资金占番禺区教育局项目总额百分之多少",
        figures=[share(proj("panyu", "学生资助专项资金").total, PANYU.total)])


def multi_hop():
    k = "multi_hop"
    old = goal_has(LINJ.projects, "养老")
    top = max(old, key=lambda p: p.total)
    ask(T, k, "卫健委目标里提到养老的项目中，哪个钱最多？多少元", names=[top.name], figures=[money(top.total)], note=LINJ_NOTE)
    most = max(HEF.projects, key=lambda p: len(p.indicators))
    assert sum(len(p.indicators) == len(most.indicators) for p in HEF.projects) == 1
    ask(T, k, "禾丰县农业农村局指标设得最多的那个项目，属于哪个单位，金额多少", names=[short(most.unit)], figures=[money(most.total)])
    poor = min(YUNXI.units, key=lambda u: u.total)
    top_p = ranked(poor.projects)[0]
    ask(T, k, "云溪区教育局里项目资金最少的单位，它最大的项目叫什么", names=[top_p.name], figures=[money(top_p.total)])
    cheap = ranked(LINJ.projects, reverse=False)[0]
    ask(T, k, "卫健委最便宜的项目，有几条指标？", names=[cheap.name], figures=[len(cheap.indicators)])
    big_u = max(HEF.units, key=lambda u: u.total)
    low = ranked(big_u.projects, reverse=False)[0]
    ask(T, k, "禾丰县资金最多的单位里，金额最小的项目是哪个，它的满意度指标叫什么",
        names=[low.name] + inds(low, lvl1("满意度指标")))
    ya = max(YUNXI.projects, key=lambda p: len(p.indicators))
    tie = [p for p in YUNXI.projects if len(p.indicators) == len(ya.indicators)]
    ask(T, k, "云溪区教育局指标条数最多的项目有哪几个（并列都算）", names=names_of(tie), max_extra=0,
        candidates=q2.project_names(T), note="every project tied at the most indicators")
    train = goal_has(HEF.projects, "培训")
    ask(T, k, "禾丰县目标中写到培训的项目，合计多少万元", figures=[money(sum((p.total for p in train), Decimal(0)))],
        note="sum of the projects of 禾丰县农业农村局 whose 绩效目标 contains 培训")
    sm = ranked(SEED_D.projects)[1]
    ask("seed", k, "人社局按金额排第二大的项目是哪个单位报的？那个单位总共多少钱",
        names=[short(unit("seed", sm.unit.replace("广州市从化区", "")).name)],
        figures=[money(unit("seed", sm.unit.replace("广州市从化区", "")).total)])


# ---------------------------------------------------------------- the other kinds (≥ 3 each)


def others():
    ask(T, "amount_project", "我是记者，想核一下：临江卫健委“全科医生转岗培训经费”是多少元？",
        figures=[money(proj(T, "全科医生转岗培训经费").total)], note=LINJ_NOTE)
    ask(T, "amount_project", "请问禾丰县的病死畜禽无害化处理补助，预算数？", figures=[money(proj(T, "病死畜禽无害化处理补助").total)])
    ask(T, "amount_project", "云溪一中 实验室设备更新 批了多少", figures=[money(proj(T, "实验室设备更新项目").total)])
    ask("seed", "amount_project", "人事档案信息化建设专项经费·（带点）多少万", figures=[money(proj("seed", "人事档案信息化建设专项经费·").total)])
    ask(T, "amount_unit", "兹函询：临江市卫生健康综合监督执法支队项目支出合计数", figures=[money(unit(T, "卫生健康综合监督执法支队").total)],
        note=LINJ_NOTE)
    ask(T, "amount_unit", "后勤服务中心（云溪区教育系统）项目经费合计？", figures=[money(unit(T, "教育后勤服务中心").total)])
    ask(T, "amount_unit", "禾丰县动物疫控中心四个项目合起来多少钱", figures=[money(unit(T, "动物疫病预防控制中心").total)])
    ask(T, "amount_source", "审计问：卫健委资金来源中“财政拨款”一项合计多少元",
        figures=[money(LINJ.source(_src(LINJ, "一般公共预算", "财政拨款")))], note=LINJ_NOTE)
    ask(T, "amount_source", "云溪区教育局这张表里，一般公共预算拨款那一栏合计数", figures=[money(YUNXI.source(_src(YUNXI, "一般公共预算拨款")))])
    ask(T, "amount_source", "禾丰县农业农村局资金来源里，财政拨款有多少万元", figures=[money(HEF.source(_src(HEF, "财政拨款")))])
    ask(T, "total", "临江卫健委2024年度项目支出总规模（元）", figures=[money(LINJ.total)], note=LINJ_NOTE)
    ask(T, "total", "禾丰农业农村局整体项目资金，一共几何？", figures=[money(HEF.total)])
    ask(T, "total", "云溪教育系统项目资金全口径合计（万元）", figures=[money(YUNXI.total)])
    ask(T, "count", "疾控中心和妇幼保健院加起来有几个项目", figures=[len(unit(T, "疾病预防控制中心").projects) + len(unit(T, "妇幼保健院").projects)])
    ask(T, "count", "云溪区教育局金额过千万（一千万元以上）的项目有几个", figures=[sum(1 for p in YUNXI.projects if p.total > 1000)],
        note="total above 1000 万元")
    ask(T, "count", "禾丰县农业农村局下面有几个单位？（含局本级）", figures=[len(HEF.units)])
    ask(T, "average", "云溪区教育局五个单位（含局本级），平均每个单位多少项目资金？保留两位小数", figures=[money2(YUNXI.total / len(YUNXI.units))],
        note="department total / number of units (5)")
    ask(T, "average", "实验小学四个项目的平均额", figures=[avg(unit(T, "实验小学").projects)])
    ask(T, "average", "禾丰县农技推广中心项目金额的中位数", figures=[mid([p.total for p in unit(T, "农业技术推广中心").projects])])
    lp = ranked(LINJ.projects)
    ask(T, "rank", "卫健委预算倒数第一的项目叫啥", names=[lp[-1].name], figures=[money(lp[-1].total)])
    hp = ranked(HEF.projects)
    ask(T, "rank", "禾丰县农业农村局金额第三的项目和它的金额", names=[hp[2].name], figures=[money(hp[2].total)])
    yu = sorted(YUNXI.units, key=lambda u: u.total, reverse=True)
    ask(T, "rank", "云溪区教育局各单位按项目资金从多到少，排第二的是谁", names=[short(yu[1].name)], figures=[money(yu[1].total)])
    ask(T, "compare", "免疫规划疫苗接种经费比实验室检测能力建设经费多多少元",
        figures=[money(proj(T, "免疫规划疫苗接种经费").total - proj(T, "实验室检测能力建设经费").total)])
    ask(T, "compare", "农机购置与应用补贴资金是高素质农民培育培训经费的多少倍（一位小数）",
        figures=[ratio(proj(T, "农机购置与应用补贴资金").total, proj(T, "高素质农民培育培训经费").total)])
    ask(T, "compare", "一中跟后勤服务中心，哪个项目资金多？多多少万元",
        names=[short(max((unit(T, "第一中学"), unit(T, "教育后勤服务中心")), key=lambda u: u.total).name)],
        figures=[money(abs(unit(T, "第一中学").total - unit(T, "教育后勤服务中心").total))])
    d3 = q2.DBS[T]
    ask(T, "multi_dept", "库中三个部门按项目数从多到少排，第一是谁，几个项目",
        names=[q2.dept_short(max(d3, key=lambda d: len(d.projects)).name)], figures=[max(len(d.projects) for d in d3)])
    old = min(d3, key=lambda d: d.year)
    ask(T, "multi_dept", "年份最早的那张表是哪个部门的，哪一年", names=[q2.dept_short(old.name)], figures=[old.year])
    ask(T, "multi_dept", "禾丰县农业农村局和云溪区教育局的项目资金合计（都是万元）",
        figures=[money(HEF.total + YUNXI.total)], note="the sum because the question asks for it")


def _src(d, *labels) -> str:
    """The one funding label among `labels` that the department uses (the tables name it differently)."""
    found = [lb for lb in labels if d.source(lb)]
    assert len(found) == 1, (d.name, labels, found)
    return found[0]


def refusals():
    r = refuse
    last = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份", "上一年"]
    done = ["执行", "实际", "完成", "决算", "支出进度"]
    this_year = ["这一年度", "该年度", "这一年", "该年"]
    not_here = ["该部门", "此部门", "这个部门", "数据库", "库中", "库里"]
    r(T, "记者提问：云溪区教育局二〇二六年的项目预算安排了多少", ["2026", "2025"] + this_year, "the table is for 2025; 二〇二六 is 2026", [YUNXI.year, 2026])
    r(T, "临江卫健委二〇二三年度的项目支出是多少元", ["2023", "2024"] + this_year, "the table is for 2024; 二〇二三 is 2023", [LINJ.year, 2023])
    r(T, "审计请核：校园安全保卫服务经费截至目前实际支付了多少", done, "a target table has no payments")
    r(T, "高标准农田建设项目的决算金额", ["决算"], "budget, not final accounts")
    r(T, "禾丰县林业局的项目资金", ["林业局"] + not_here, "department not in the database")
    r(T, "临江市人民医院有哪些项目", ["人民医院"] + not_here + ["单位"], "unit not in the database")
    r(T, "疾控中心有多少在编职工（编制数）", ["在编", "人员", "编制", "人数"], "no staffing figures in the table")
    r(T, "卫健委各项目跟前一年相比是增是减", last + ["前一年"], "no prior year")
    r(T, "云溪区教育局这些项目的政府采购招标结果怎样", ["招标", "采购", "中标"], "no procurement results in a target table")
    r(T, "云溪区教育局的人员经费（基本支出）总共多少", ["基本支出", "人员经费"], "project expenditure only")
    r("seed", "麻烦问下 社保中心这些项目审计查出过什么问题没有", ["审计"], "a target table holds no audit findings")
    r("seed", "就业补助资金全年实际完成率是多少", done, "targets, not results")
    r("panyu", "番禺区教育局各学校的在校生人数分别多少", ["在校生", "学生人数", "人数", "学校"], "no enrolment by school in the forms")


def build() -> list[dict]:
    assert not ITEMS, "build_qa2's items were built in this process"
    for step in (goal_mentions, project_indicators, twins, indicator_target, indicator_filter, shares, multi_hop,
                 others, refusals):
        step()
    for n, item in enumerate(ITEMS, 1):
        ITEMS[n - 1] = {"id": f"t{n:03d}", **item}
    return ITEMS


def main() -> None:
    items = build()
    assert len({i["question"] for i in items}) == len(items), "duplicate question"
    old = {i["question"] for i in base.build()}
    for name in ("dev2", "test2"):
        old |= {i["question"] for i in json.loads((base.OUT / f"{name}.json").read_text(encoding="utf-8"))["items"]}
    assert not old & {i["question"] for i in items}, "a question of an earlier set"
    for i in items:  # a refusal states no number
        assert not i["expect"].get("refuse") or "figures" not in i["expect"]
    doc = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "scripts/build_qa3.py (answers computed from the gold JSON in plain Python, "
                    "written without reading the engine)",
        "databases": {db: [f"../gold/{g}.json" for g in golds] for db, golds in q2.GOLDS.items()},
        "split": "dev3",
        "description": "Third set, phrasings unlike dev and dev2; one file, no split.",
        "items": items,
    }
    (base.OUT / "dev3.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} items in dev3")
    print("by db:", dict(Counter(i["db"] for i in items)))
    for kind, n in sorted(Counter(i["kind"] for i in items).items()):
        print(f"  {kind:20s} {n:3d}")


if __name__ == "__main__":
    main()
