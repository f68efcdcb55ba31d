#!/usr/bin/env python3
"""Build the fourth held-out strict question set (问答评测集·测试四): eval/qa/test4.json.

HELD OUT: the engine is never tuned on this set; the integrator runs it once and reports the score.
Written without reading the engine (extractor/ask/) or any held-out set, in the voices of seven askers:

  审 — a provincial finance-department reviewer (formal: 请列示, 请核实, 口径);
  工 — a labour-union representative (临聘人员, 劳动保障监察, 欠薪, 工资);
  播 — a radio call-in host (colloquial: 咱们, 听众问, 到底);
  史 — a local historian (离休干部, 新中国成立前老工人, 三支一扶 of 2022/2023);
  测 — a software tester (odd spacing, English words such as total / top / amount, numbers written
       in words such as 一千二百万, abbreviations such as 人社局, 社保中心, 公医办, 退管办);
  家 — a parent asking about schools (技工学校, 助学金, 云溪区 / 番禺区 schools);
  农 — a farmer asking about agricultural subsidies (花都区农业农村局, 禾丰县农业农村局).

Every expected answer is computed here from the gold JSON in plain Python (Decimal), with the fact
loading, figure formats and item format of scripts/build_qa2.py (which imports nothing from
`extractor`); this script imports nothing from `extractor` either. Scored strictly on the answer
text by extractor/evaluation/strict_qa.py.

Databases (as in build_qa2.py): seed — conghua-hrss-2024; two — seed + forms-huadu-agri-2025;
panyu — forms-panyu-edu-2024; three — yunxi-edu-2025 + linjiang-hwc-2024 + hefeng-agri-2023.
At least 70 % of the items are over seed and two.

Interpretations are stated in the question where a figure could be read two ways (保留两位小数,
含局本级, 两项加起来, 不带撇号的那一项 …) and in the item's `note`.

Hand-checked against the gold JSON (read directly with python3 -c, not through this script): see
HAND_CHECKED below; `--check` prints those items for a second look.

Usage: python scripts/build_qa8.py [--check]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_qa2 as q2  # noqa: E402  (facts, figure formats and item format; imports nothing from extractor)
from build_qa import annual, mid, money, money2, pct_value, ranked, ratio, share  # noqa: E402
from qa_common import nth, unique_max, unique_min  # noqa: E402  (each refuses a tie: an ambiguous question)

OUT = q2.OUT
SEED_D, HUADU = q2.SEED_D, q2.HUADU
PANYU, YUNXI, HEF = q2.PANYU, q2.YUNXI, q2.HEF
GOLDS = {db: q2.GOLDS[db] for db in ("seed", "two", "panyu", "three")}
#: Sets the engine was tuned on: no question of theirs may be repeated here.
DEV_SETS = ("dev", "dev2", "dev3", "dev4", "dev5")

ITEMS: list[dict] = []


def ask(db: str, kind: str, question: str, figures=(), names=(), max_extra=None, candidates=(), note=None,
        part: bool = False):
    """One answerable item. `part`: the department word in the question names a unit or a project's
    owner, not the department as a whole (so no whole-department note)."""
    part_kinds = (kind,) if part else ()
    ITEMS.append(q2.item_of(db, kind, question, figures, names, max_extra, candidates, note, part_kinds=part_kinds))


def refuse(db: str, question: str, say: list[str], note: str, may_say=()):
    expect = {"refuse": True, "say_one_of": say}
    if may_say:
        expect["may_say"] = [str(m) for m in may_say]
    ITEMS.append({"db": db, "kind": "refuse", "question": question, "expect": expect, "note": note})


# ---------------------------------------------------------------- facts

sp = lambda name, core=None: q2.proj("seed", name, core)  # noqa: E731
su = lambda core: q2.unit("seed", core)  # noqa: E731
hp = lambda name: q2.proj("two", name)  # noqa: E731  (花都's projects are unique by name in `two`)

JOBS = "劳动就业服务管理中心"
SOCIAL = "社会保险基金管理中心"
MEDICAL = "公费医疗管理委员会办公室"
RETIRE = "退休职工管理委员会办公室"
RURAL = "城乡居民保险管理中心"
SEED_OFFICE = "广州市从化区人力资源和社会保障局"
BIG = "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）"
INSPECT = "劳动保障监察协管员财政补助项目（2024年市补助）（穗财社〔2023〕33）"
SANZHI_2024 = "高校毕业生“三支一扶”计划补助资金（2024年市补助）（穗财社（2023）33号）"
WAGES = "劳动关系公共服务及薪酬调查经费财政补助（2024年市补助）（穗财社（2023）33号）"


def hunit(core: str):
    found = [u for u in HUADU.units if u.name.endswith(core)]
    assert len(found) == 1, core
    return found[0]


def seed_names() -> list[str]:
    return q2.project_names("seed")


def inds(ps) -> list[dict]:
    return [i for p in ps for i in p.indicators]


def ind_names(ps) -> list[str]:
    return sorted({i["name"] for i in inds(ps)})


def with_goal_word(ps, word: str) -> list:
    return [p for p in ps if word in p.goal]





def target_of(p, iname: str) -> str:
    return q2.target(p, iname)


def whole_units(d) -> list[str]:
    return [q2.short(u.name) for u in d.units]


# ---------------------------------------------------------------- kinds


def amount_project():
    k = "amount_project"
    ask("seed", k, "劳动保障监察协管员财政补助项目（2024年市补助）那笔钱安排了多少？", figures=[money(sp(INSPECT).total)],
        note="the 2024 市补助 project, not 编外人员经费(1)-劳动保障监察协管员财政补助项目")  # 工
    ask("seed", k, "新中国成立初期参加革命工作部分退休干部生活、医疗等补助，不带撇号的那一项，预算多少万元？",
        figures=[money(sp("新中国成立初期参加革命工作部分退休干部生活、医疗等补助").total)])  # 史
    ask("seed", k, "医保基金计算机智能审核系统服务费    多少钱？？",
        figures=[money(sp("医保基金计算机智能审核系统服务费").total)])  # 测: odd spacing
    ask("seed", k, "听众来电问：特殊退休人员安置费安排了多少钱？", figures=[money(sp("特殊退休人员安置费").total)])  # 播
    ask("seed", k, "居民医保扩面专项财政补贴 amount 是多少",
        figures=[money(sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）").total)])  # 测: English word
    ask("seed", k, "劳动关系公共服务及薪酬调查经费财政补助给了多少万元？", figures=[money(sp(WAGES).total)])  # 工
    ask("two", k, "我家养猪，想问下花都的动物疫病强制免疫经费预算是多少钱？", figures=[money(hp("动物疫病强制免疫经费").total)])  # 农
    ask("two", k, "请核对广州市花都区农业农村局高标准农田建设项目的预算总额。", figures=[money(hp("高标准农田建设项目").total)],
        part=True)  # 审
    ask("three", k, "云溪区实验小学的学生体质健康提升项目有多少经费？", figures=[money(q2.proj("three", "学生体质健康提升项目").total)])  # 家
    ask("three", k, "禾丰县的农村劳动力转移就业技能培训补助是多少钱", figures=[money(q2.proj("three", "农村劳动力转移就业技能培训补助").total)])  # 农


def amount_unit():
    k = "amount_unit"
    ask("seed", k, "城乡居民保险管理中心的项目钱加起来一共多少", figures=[money(su(RURAL).total)])  # 工
    ask("seed", k, "请列示从化区劳动就业服务管理中心的项目支出合计数。", figures=[money(su(JOBS).total)])  # 审
    ask("seed", k, "社保 中心  total 多少？", figures=[money(su(SOCIAL).total)])  # 测
    ask("seed", k, "人社局本级，就是局机关自己那一块，项目加起来多少钱？", figures=[money(su(SEED_OFFICE).total)],
        note="the unit 广州市从化区人力资源和社会保障局 itself (局本级), not the department total")  # 播
    ask("seed", k, "退管办这个单位的项目经费合计是多少？", figures=[money(su(RETIRE).total)])  # 史
    ask("two", k, "花都区农业技术推广中心一共有多少项目资金？", figures=[money(hunit("农业技术推广中心").total)])  # 农
    ask("two", k, "花都区农业农村局本级（局机关）的项目支出是多少？", figures=[money(hunit("花都区农业农村局").total)],
        note="the unit 广州市花都区农业农村局 itself (局本级), not the department total")  # 审
    ask("three", k, "云溪区教育后勤服务中心的项目经费一共多少", figures=[money(q2.unit("three", "教育后勤服务中心").total)])  # 家


def amount_source():
    k = "amount_source"
    ask("seed", k, "从化区人力资源和社会保障局的项目资金里，其他资金合计多少？", figures=[money(SEED_D.source("其他资金"))])  # 审
    ask("seed", k, "退管办 财政拨款 amount？", figures=[money(su(RETIRE).sources["财政拨款"])])  # 测
    ask("seed", k, "社会申办退管活动资金（不带点那个）用的是哪一类资金，多少？", names=["财政拨款"],
        figures=[money(sp("社会申办退管活动资金").sources["财政拨款"])])  # 工
    ask("two", k, "花都区农业农村局的项目里，政府性基金预算一共多少？", figures=[money(HUADU.source("政府性基金预算"))])  # 农
    ask("two", k, "请分别列示花都区农业农村局一般公共预算和单位资金的金额。",
        figures=[money(HUADU.source("一般公共预算")), money(HUADU.source("单位资金"))])  # 审
    ask("two", k, "动物疫病强制免疫经费里单位资金占了多少钱", figures=[money(hp("动物疫病强制免疫经费").sources["单位资金"])])  # 农
    ask("two", k, "只算从化区人社局，财政拨款一共多少？", figures=[money(SEED_D.source("财政拨款"))])  # 工
    ask("three", k, "云溪一中的财政专户管理资金是多少", figures=[money(q2.unit("three", "第一中学").sources["财政专户管理资金"])])  # 家


def totals():
    k = "total"
    ask("seed", k, "咱们从化区人社局的项目预算一共多少钱？", figures=[money(SEED_D.total)])  # 播
    ask("seed", k, "人社局 total 项目支出？", figures=[money(SEED_D.total)])  # 测
    ask("seed", k, "请核实从化区人力资源和社会保障局项目支出合计数（万元）。", figures=[money(SEED_D.total)])  # 审
    ask("seed", k, "人社局所有项目加起来是多少万？请用阿拉伯数字", figures=[money(SEED_D.total)])  # 测
    ask("two", k, "花都区农业农村局一共安排了多少项目资金（含下属单位）？", figures=[money(HUADU.total)])  # 农
    both = SEED_D.total + HUADU.total
    ask("two", k, "库里两个部门的项目支出加在一起是多少万元？", figures=[money(both)],
        note="the sum across the two departments because the question asks for it (both in 万元)")  # 审
    ask("two", k, "只看从化区人社局，项目资金总额是多少？", figures=[money(SEED_D.total)])  # 工
    ask("three", k, "禾丰县农业农村局拢共多少项目钱", figures=[money(HEF.total)])  # 农


def counts():
    k = "count"
    ask("seed", k, "从化区人社局共涉及多少个预算单位（含局本级）？", figures=[len(SEED_D.units)])  # 审
    staff = [p for p in SEED_D.projects if p.name.startswith("编外人员经费")]
    ask("seed", k, "人社局名称以“编外人员经费”开头的项目有几个？", figures=[len(staff)],
        note="every project whose name begins with 编外人员经费, same-named ones in different units counted separately")  # 工
    ask("seed", k, "人社局 项目数 = ?", figures=[len(SEED_D.projects)])  # 测
    ask("seed", k, "退管办一共设了多少条绩效指标？", figures=[len(inds(su(RETIRE).projects))])  # 史
    n_time = sum(1 for i in SEED_D.indicators if i["level2"] == "时效指标")
    ask("seed", k, "人社局的时效指标一共几条？", figures=[n_time], note="indicators whose 二级指标 is 时效指标")  # 播
    big = [p for p in SEED_D.projects if p.total > 500]
    ask("seed", k, "人社局金额超过五百万元的项目有几个？", figures=[len(big)], note="total above 500 万元")  # 测: numerals
    small = [p for p in SEED_D.projects if p.total < 10]
    ask("seed", k, "人社局  金额不足十万元的项目  有几个？", figures=[len(small)], note="total below 10 万元")  # 测: numerals
    ask("two", k, "花都区农业农村局报了几个项目？", figures=[len(HUADU.projects)])  # 农
    ask("two", k, "花都区农业农村局一共设置了多少条绩效指标？", figures=[len(HUADU.indicators)])  # 审
    ask("three", k, "云溪区第一中学报了几个项目", figures=[len(q2.unit("three", "第一中学").projects)])  # 家


def averages():
    k = "average"
    ask("seed", k, "从化区人社局的项目平均每个多少万元（保留两位小数）？", figures=[q2.avg(SEED_D.projects)])  # 审
    ask("seed", k, "社保中心的项目平均下来每个多少钱", figures=[q2.avg(su(SOCIAL).projects)])  # 工
    ask("seed", k, "人社局本级 average 项目金额？", figures=[q2.avg(su(SEED_OFFICE).projects)],
        note="the unit 广州市从化区人力资源和社会保障局 itself (局本级)")  # 测
    per_unit = SEED_D.total / len(SEED_D.units)
    ask("seed", k, "人社局平均每个单位分到多少项目资金？（含局本级，保留两位小数）", figures=[money2(per_unit)],
        note="department total over its units (局本级 counted)")  # 播
    ask("seed", k, "人社局平均每个项目有几条绩效指标？保留一位小数",
        figures=[ratio(Decimal(len(SEED_D.indicators)), Decimal(len(SEED_D.projects)))])  # 审
    ask("two", k, "花都区农业农村局项目的平均金额是多少", figures=[q2.avg(HUADU.projects)])  # 农
    ask("three", k, "云溪区实验小学平均每个项目多少钱", figures=[q2.avg(q2.unit("three", "实验小学").projects)])  # 家


def medians():
    k = "median"
    tot = lambda ps: [p.total for p in ps]  # noqa: E731
    ps = sorted(SEED_D.projects, key=lambda p: p.total)
    middle = ps[len(ps) // 2]
    assert len(ps) % 2 == 1 and sum(1 for p in ps if p.total == middle.total) == 1
    assert mid(tot(SEED_D.projects)) == money(middle.total)
    ask("seed", k, "从化区人社局全部项目金额的中位数是多少？正好是哪个项目的金额？", names=[middle.name],
        figures=[money(middle.total)], note="47 projects: the 24th; its figure equals the project count, hence the name")  # 审
    ask("seed", k, "人社局本级那些项目，金额中位数是多少", figures=[mid(tot(su(SEED_OFFICE).projects))],
        note="the unit 广州市从化区人力资源和社会保障局 itself (局本级): 13 projects, the 7th")  # 工
    ask("seed", k, "median of 退管办 项目金额?", figures=[mid(tot(su(RETIRE).projects))],
        note="6 projects: the mean of the 3rd and 4th")  # 测
    counts_ = [Decimal(len(p.indicators)) for p in SEED_D.projects]
    ask("seed", k, "人社局各项目的指标条数，中位数是几条？", figures=[mid(counts_)])  # 播
    over100 = [p.total for p in SEED_D.projects if p.total > 100]
    ask("seed", k, "人社局金额在100万元以上的项目，金额的中位数是多少", figures=[mid(over100)],
        note=f"projects above 100 万元 ({len(over100)})")  # 审
    ask("two", k, "花都区农业农村局4个项目金额的中位数", figures=[mid(tot(HUADU.projects))],
        note="the mean of the 2nd and 3rd, to 2 decimals")  # 农
    yj = q2.unit("three", "云溪区教育局")
    ask("three", k, "云溪区教育局本级项目金额的中位数是多少？", figures=[mid(tot(yj.projects))],
        note="the unit 临江市云溪区教育局 itself (局本级)")  # 家


def ranks():
    k = "rank"
    second = nth(SEED_D.projects, 2)
    ask("seed", k, "从化区人社局项目金额排第二的是哪个项目？", names=[second.name], figures=[money(second.total)])  # 审
    fourth = nth(SEED_D.projects, 4)
    ask("seed", k, "人社局 项目金额 No.4 是哪个？", names=[fourth.name], figures=[money(fourth.total)])  # 测
    j2 = nth(su(JOBS).projects, 2)
    ask("seed", k, "就业中心金额第二大的项目是哪个", names=[j2.name], figures=[money(j2.total)], part=True)  # 工
    us = sorted(SEED_D.units, key=lambda u: u.total, reverse=True)
    ask("seed", k, "人社局下面几个单位，项目资金排第三的是哪个单位？", names=[q2.short(us[2].name)], figures=[money(us[2].total)],
        note="局本级 counts as a unit")  # 播
    small2 = nth(SEED_D.projects, 2, reverse=False)
    ask("seed", k, "人社局金额第二小的项目是哪个？", names=[small2.name], figures=[money(small2.total)])  # 测
    h2 = nth(HUADU.projects, 2)
    ask("two", k, "花都区农业农村局哪个项目的钱第二多？", names=[h2.name], figures=[money(h2.total)])  # 农
    yz = nth(q2.unit("three", "第一中学").projects, 3)
    ask("three", k, "云溪区第一中学金额排第三的项目是哪个", names=[yz.name], figures=[money(yz.total)])  # 家


def top_n():
    k = "top_n"
    cs = seed_names()
    top3 = ranked(SEED_D.projects)[:3]
    assert top3[2].total > ranked(SEED_D.projects)[3].total
    ask("seed", k, "请列出从化区人社局金额最大的三个项目。", names=[p.name for p in top3], max_extra=0, candidates=cs)  # 审
    s3 = ranked(su(SOCIAL).projects, reverse=False)[:3]
    assert s3[2].total < ranked(su(SOCIAL).projects, reverse=False)[3].total
    ask("seed", k, "社保中心金额最小的三个项目是哪些", names=[p.name for p in s3], max_extra=0, candidates=cs)  # 工
    o5 = ranked(su(SEED_OFFICE).projects)[:5]
    assert o5[4].total > ranked(su(SEED_OFFICE).projects)[5].total
    ask("seed", k, "top 5 项目 by 金额（人社局本级）", names=[p.name for p in o5], max_extra=0, candidates=cs,
        note="the unit 广州市从化区人力资源和社会保障局 itself (局本级)")  # 测
    u2 = sorted(SEED_D.units, key=lambda u: u.total)[:2]
    office = q2.short(SEED_OFFICE)  # the department's own name: an answer may well name it as the scope
    assert office not in [q2.short(u.name) for u in u2]
    ask("seed", k, "人社局资金最少的两个单位是哪两个？", names=[q2.short(u.name) for u in u2], max_extra=0,
        candidates=[n for n in whole_units(SEED_D) if n != office],
        note="局本级 counts as a unit; the department's own name is not counted as an extra unit named")  # 播
    h2 = ranked(HUADU.projects)[:2]
    ask("two", k, "花都区农业农村局金额前两名的项目", names=[p.name for p in h2], max_extra=0,
        candidates=q2.project_names("two"))  # 农
    both5 = ranked(q2.projects("two"))[:5]
    assert both5[4].total > ranked(q2.projects("two"))[5].total
    ask("two", k, "把两个部门的项目放在一起比，金额最大的五个项目是哪些？", names=[p.name for p in both5], max_extra=0,
        candidates=q2.project_names("two"), note="projects of both departments ranked together (both in 万元)")  # 审
    hb = ranked(HEF.projects, reverse=False)[:3]
    assert hb[2].total < ranked(HEF.projects, reverse=False)[3].total
    ask("three", k, "禾丰县农业农村局金额最小的3个项目", names=[p.name for p in hb], max_extra=0,
        candidates=[p.name for p in HEF.projects])  # 农


def compare():
    k = "compare"
    d = lambda a, b: money(abs(a - b))  # noqa: E731
    ask("seed", k, "就业补助资金比就业补助资金·多多少钱？", figures=[d(sp("就业补助资金").total, sp("就业补助资金·").total)])  # 工
    ask("seed", k, "公医办项目资金比社保中心多出多少万元？", figures=[d(su(MEDICAL).total, su(SOCIAL).total)])  # 审
    ask("seed", k, "2024年就业补助资金 minus 区机关事业单位医保基金 = ?", figures=[d(sp(BIG).total, sp("区机关事业单位医保基金").total)],
        note="2024年就业补助资金 is the 2024年市补助 project")  # 测
    ask("seed", k, "企业离休干部补贴两个项目（带‘的和不带的）相差多少？",
        figures=[d(sp("企业离休干部补贴").total, sp("企业离休干部补贴‘").total)])  # 史
    ask("two", k, "高标准农田建设项目比农业面源污染治理项目多多少钱", figures=[d(hp("高标准农田建设项目").total, hp("农业面源污染治理项目").total)])  # 农
    ask("two", k, "从化区人社局和花都区农业农村局项目总额相差多少万元？", figures=[d(SEED_D.total, HUADU.total)])  # 审
    ask("three", k, "云溪区实验小学和教育后勤服务中心的项目经费差多少",
        figures=[d(q2.unit("three", "实验小学").total, q2.unit("three", "教育后勤服务中心").total)])  # 家


def ratios():
    k = "ratio"
    ask("seed", k, "就业中心的项目资金是公医办的多少倍？保留一位小数", figures=[ratio(su(JOBS).total, su(MEDICAL).total)])  # 审
    ask("seed", k, "2024年就业补助资金（市补助）是就业补助资金（不带点）的几倍", figures=[ratio(sp(BIG).total, sp("就业补助资金").total)])  # 工
    ask("seed", k, "区机关事业单位医保基金 / 区机关事业单位医保系统运维经费 = 几倍",
        figures=[ratio(sp("区机关事业单位医保基金").total, sp("区机关事业单位医保系统运维经费").total)])  # 测
    ask("seed", k, "社会化管理人员生活费（不带撇号）是社会化管理人员节日慰问金（不带撇号）的几倍？",
        figures=[ratio(sp("社会化管理人员生活费").total, sp("社会化管理人员节日慰问金").total)])  # 播
    ask("two", k, "高标准农田建设项目的钱是动物疫病强制免疫经费的几倍", figures=[ratio(hp("高标准农田建设项目").total, hp("动物疫病强制免疫经费").total)])  # 农
    ask("two", k, "从化区人社局的项目总额是花都区农业农村局的几倍？", figures=[ratio(SEED_D.total, HUADU.total)])  # 审
    ask("three", k, "云溪一中的项目经费是实验小学的几倍", figures=[ratio(q2.unit("three", "第一中学").total, q2.unit("three", "实验小学").total)])  # 家


def shares():
    k = "share"
    ask("seed", k, "退管办占人社局项目总额的百分比是多少？", figures=[share(su(RETIRE).total, SEED_D.total)])  # 播
    staff = sum((p.total for p in SEED_D.projects if p.name.startswith("编外人员经费")), Decimal(0))
    ask("seed", k, "名称以“编外人员经费”开头的项目合计占人社局项目资金的百分之几？", figures=[share(staff, SEED_D.total)],
        note="all six 编外人员经费… projects of every unit, summed, over the department total")  # 工
    ask("seed", k, "财政拨款 share of 人社局 total?", figures=[share(SEED_D.source("财政拨款"), SEED_D.total)])  # 测
    ask("seed", k, "区机关事业单位医保基金占公医办项目资金的百分之几", figures=[share(sp("区机关事业单位医保基金").total, su(MEDICAL).total)])  # 审
    ask("two", k, "花都区农业农村局里，高标准农田建设项目占该局项目资金的比例是多少", figures=[share(hp("高标准农田建设项目").total, HUADU.total)])  # 农
    ask("two", k, "花都区农业农村局的政府性基金预算占其项目总额的比重", figures=[share(HUADU.source("政府性基金预算"), HUADU.total)])  # 审
    ask("two", k, "两个部门项目资金合计里，从化区人社局占百分之多少？", figures=[share(SEED_D.total, SEED_D.total + HUADU.total)],
        note="over the sum of both departments, as the question asks")  # 播
    ask("three", k, "农机购置与应用补贴资金占禾丰县农业农村局项目总额的百分比",
        figures=[share(q2.proj("three", "农机购置与应用补贴资金").total, HEF.total)])  # 农


def goal_text():
    k = "goal_text"
    for db, q, p, note in [
        ("seed", "就业中心那个编外人员经费(1)-临聘人员经费，绩效目标原文是什么？", sp("编外人员经费(1)-临聘人员经费", JOBS),
         "the 就业中心 project (退管办 has a project of the same name with another goal)"),  # 工
        ("seed", "新中国成立前老工人补贴（不带撇号）的绩效目标是怎么写的？", sp("新中国成立前老工人补贴"), None),  # 史
        ("seed", "请引用区机关事业单位医保系统运维经费的绩效目标。", sp("区机关事业单位医保系统运维经费"), None),  # 审
        ("seed", "特殊退休人员安置费这个项目想达到什么目标？把原话念一下", sp("特殊退休人员安置费"), None),  # 播
        ("seed", "区高级技工学校国家助学金的绩效目标是什么", sp("区高级技工学校国家助学金"), None),  # 家
        ("two", "花都的农业技术推广服务经费，绩效目标原文是什么？", hp("农业技术推广服务经费"), None),  # 农
        ("two", "动物疫病强制免疫经费的绩效目标写的是啥", hp("动物疫病强制免疫经费"), None),  # 农
        ("three", "课后服务经费的绩效目标原文", q2.proj("three", "课后服务经费"), None),  # 家
    ]:
        assert p.goal and len(p.goal) <= 120, p.name
        ask(db, k, q, names=[p.goal], note=note or "the goal (绩效目标) quoted in full", part=True)


def goal_mentions():
    k = "goal_mentions"
    for db, q, scope, word in [
        ("seed", "哪些项目的绩效目标里提到了“工资”？", SEED_D.projects, "工资"),  # 工
        ("seed", "绩效目标里写到“创业”的项目有哪些", SEED_D.projects, "创业"),  # 播
        ("seed", "哪些项目的绩效目标提到“学业”", SEED_D.projects, "学业"),  # 家
        ("seed", "目标里写了“老有所养”的项目都有哪些？", SEED_D.projects, "老有所养"),  # 史
        ("seed", "绩效目标提到“随军家属”的是哪几个项目", SEED_D.projects, "随军家属"),  # 播
        ("two", "花都区农业农村局哪些项目的目标提到“农药”？", HUADU.projects, "农药"),  # 农
        ("two", "两个部门里，绩效目标提到“培训”的项目有哪些", q2.projects("two"), "培训"),  # 农
        ("three", "云溪区教育局哪些项目的绩效目标提到了“安全”", YUNXI.projects, "安全"),  # 家
    ]:
        names = [p.name for p in with_goal_word(scope, word)]
        assert names, q
        ask(db, k, q, names=names, max_extra=0, candidates=q2.project_names(db),
            note=f"projects (of the named scope) whose 绩效目标 contains {word}; a name shared by two units is listed once")
    n_lixiu = len(with_goal_word(SEED_D.projects, "离休"))
    ask("seed", k, "绩效目标里写到“离休”两个字的项目有几个？", figures=[n_lixiu],
        note="each project once, twins (‘ ’ ·) counted separately")  # 史
    n_med = len(with_goal_word(SEED_D.projects, "医疗"))
    ask("seed", k, "goal 里含 “医疗” 的项目 count？", figures=[n_med], note="each project once, twins counted separately")  # 测
    n_it = len(with_goal_word(SEED_D.projects, "信息化"))
    ask("seed", k, "人社局绩效目标中含“信息化”一词的项目共有几个？", figures=[n_it], note="each project once, twins counted separately")  # 审


def project_indicators():
    k = "project_indicators"
    p = sp("编外人员经费(1)-劳动保障监察协管员财政补助项目")
    ask("seed", k, "编外人员经费(1)-劳动保障监察协管员财政补助项目有哪些绩效指标？", names=[i["name"] for i in p.indicators],
        note="all its indicators")  # 工
    ask("seed", k, "2024年就业补助资金（市补助）设置了几条绩效指标？", figures=[len(sp(BIG).indicators)])  # 审
    for db, q, p, pred in [
        ("seed", "区机关事业单位医保系统运维经费 的 效益指标 有哪些", sp("区机关事业单位医保系统运维经费"),
         lambda i: i["level1"] == "效益指标"),  # 测
        ("seed", "就业补助资金（不带·）的满意度指标是哪个", sp("就业补助资金"), lambda i: i["level1"] == "满意度指标"),  # 工
        ("seed", "企业离休干部补贴（不带‘）有哪些产出指标", sp("企业离休干部补贴"), lambda i: i["level1"] == "产出指标"),  # 史
        ("two", "高标准农田建设项目有哪些成本指标", hp("高标准农田建设项目"), lambda i: i["level2"] == "成本指标"),  # 农
        ("three", "学生食堂运营经费有哪些质量指标", q2.proj("three", "学生食堂运营经费"), lambda i: i["level2"] == "质量指标"),  # 家
    ]:
        want = [i["name"] for i in p.indicators if pred(i)]
        assert want, q
        ask(db, k, q, names=want, max_extra=0, candidates=[i["name"] for i in p.indicators],
            note="other indicators of the project must not be listed")
    p = sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）")
    ask("seed", k, "居民医保扩面专项财政补贴有几条数量指标？", figures=[sum(1 for i in p.indicators if i["level2"] == "数量指标")])  # 播
    p = hp("农业技术推广服务经费")
    ask("two", k, "农业技术推广服务经费一共有多少条指标？其中效果指标几条？",
        figures=[len(p.indicators), sum(1 for i in p.indicators if i["level1"] == "效果指标")])  # 农


def indicator_target():
    k = "indicator_target"
    for db, q, p, iname in [
        ("seed", "劳动保障监察协管员财政补助项目（2024年市补助）的欠薪线索事项查证率目标是多少？", sp(INSPECT), "欠薪线索事项查证率"),  # 工
        ("seed", "区高级技工学校国家助学金的因贫辍学人数要控制在几人以内", sp("区高级技工学校国家助学金"), "因贫辍学人数"),  # 家
        ("seed", "区机关事业单位医保系统运维经费中，系统平均无故障时间的年度指标值是多少天",
         sp("区机关事业单位医保系统运维经费"), "系统平均无故障时间（天）"),  # 审
        ("seed", "劳动关系公共服务及薪酬调查经费 参加培训人次 target?", sp(WAGES), "参加培训人次"),  # 测
        ("seed", "2024年市补助的三支一扶项目，“三支一扶”人员扎根基层服务基层这个指标定的多少", sp(SANZHI_2024),
         "“三支一扶”人员扎根基层服务基层"),  # 史
        ("seed", "社会申办退管活动资金·（带点的）满意度目标是多少", sp("社会申办退管活动资金·"), "社会化退休人员对退管业务的满意度"),  # 工
        ("two", "高标准农田建设项目的新建高标准农田面积，年度目标是多少万亩", hp("高标准农田建设项目"), "新建高标准农田面积"),  # 农
        ("two", "农业技术推广服务经费要培训多少人次农民", hp("农业技术推广服务经费"), "培训农民人次"),  # 农
        ("two", "动物疫病强制免疫经费的免疫抗体合格率要求多少？", hp("动物疫病强制免疫经费"), "免疫抗体合格率"),  # 农
        ("three", "校车运营补助经费计划运营多少辆校车", q2.proj("three", "校车运营补助经费"), "运营校车数量"),  # 家
    ]:
        ask(db, k, q, figures=[target_of(p, iname)], note=f"annual target of {iname}", part=True)


def indicator_filter():
    k = "indicator_filter"
    seed_all = ind_names(SEED_D.projects)
    below90 = sum(1 for i in SEED_D.indicators if pct_value(i) is not None and pct_value(i) < 90)
    ask("seed", k, "人社局年度指标值是百分比、且数值低于90的指标有多少条？", figures=[below90],
        note="annual target in %, value below 90, whatever the comparator (80%或以上 counts)")  # 审
    days = sorted({i["name"] for i in SEED_D.indicators if annual(i).get("unit") == "天"})
    ask("seed", k, "单位是“天”的指标有哪些？", names=days, max_extra=0, candidates=seed_all)  # 测
    people = sorted({i["name"] for i in SEED_D.indicators if annual(i).get("unit") == "人"})
    ask("seed", k, "人社局以“人”为计量单位的指标有哪些", names=people, max_extra=0, candidates=seed_all,
        note="annual target unit 人 (names listed once)")  # 工
    gt = sum(1 for i in SEED_D.indicators if annual(i).get("op") == ">")
    ask("seed", k, "有多少条指标的目标值是用“＞”（大于）表示的？", figures=[gt], note="annual comparator >")  # 播
    qual = sorted({i["name"] for i in SEED_D.indicators if annual(i).get("value") is None})
    ask("seed", k, "人社局没有数值的定性指标有哪几条？", names=qual, max_extra=0, candidates=seed_all,
        note="annual target without a number")  # 审
    ge98 = sum(1 for i in SEED_D.indicators
               if pct_value(i) is not None and pct_value(i) >= 98 and annual(i).get("op") in ("=", "≥", ">"))
    ask("seed", k, "目标值 >= 98% 的指标有几条（含＝、≥、＞）", figures=[ge98],
        note="annual target in %, at least 98 (=, ≥, >)")  # 测
    huadu_all = ind_names(HUADU.projects)
    km = sorted({i["name"] for i in HUADU.indicators if annual(i).get("unit") == "公里"})
    ask("two", k, "花都区农业农村局以“公里”计的指标有哪些", names=km, max_extra=0, candidates=huadu_all)  # 农
    le = sum(1 for i in HUADU.indicators if annual(i).get("op") == "≤")
    ask("two", k, "花都区农业农村局里用“≤”设上限的指标有几条？", figures=[le], note="annual comparator ≤ (48小时以内 counts)")  # 农
    wan = [i for i in HUADU.indicators if annual(i).get("unit") == "万元"]
    ask("two", k, "花都区农业农村局以“万元”为单位的指标有哪些？目标各是多少", names=[i["name"] for i in wan],
        figures=[annual(i)["value"] for i in wan], max_extra=0, candidates=huadu_all)  # 审
    n_people = sum(1 for i in PANYU.indicators if annual(i).get("unit") == "人")
    ask("panyu", k, "番禺区教育局单位为“人”的指标有几条", figures=[n_people], note="annual target unit 人 (not 人次)")  # 家


def twins():
    k = "twins"
    s = lambda name, core=None: money(sp(name, core).total)  # noqa: E731
    ask("seed", k, "编外人员经费(1)-临时聘用人员经费有几个？各是哪个单位的、各多少钱？",
        names=[q2.short(sp("编外人员经费(1)-临时聘用人员经费", c).unit) for c in (SOCIAL, RURAL)],
        figures=[s("编外人员经费(1)-临时聘用人员经费", SOCIAL), s("编外人员经费(1)-临时聘用人员经费", RURAL)],
        note="same name in two units: both, with their units")  # 工
    ask("seed", k, "新中国成立前老工人补贴多少钱", figures=[s("新中国成立前老工人补贴"), s("新中国成立前老工人补贴‘")],
        note="two projects of this name (one with a trailing ‘): both must be reported")  # 史
    ask("seed", k, "原国有企业部分退休人员补贴一共安排了多少？两项加起来算", figures=[money(
        sp("原国有企业部分退休人员补贴").total + sp("原国有企业部分退休人员补贴‘").total)],
        note="two projects of this name: their sum, as asked")  # 播
    ask("seed", k, "人事档案信息化建设专项经费   合计？（两个同名项目加总）", figures=[money(
        sp("人事档案信息化建设专项经费").total + sp("人事档案信息化建设专项经费·").total)])  # 测
    ask("seed", k, "社会化管理人员节日慰问金有两个同名项目，请分别列出金额。",
        figures=[s("社会化管理人员节日慰问金"), s("社会化管理人员节日慰问金‘")])  # 审
    ask("two", k, "就业补助资金是多少钱", figures=[s("就业补助资金"), s("就业补助资金·")],
        note="two projects of this name (就业补助资金, 就业补助资金·): both; 2024年就业补助资金… is another project")  # 播
    ask("two", k, "企业离休干部补贴预算是多少", figures=[s("企业离休干部补贴"), s("企业离休干部补贴‘")],
        note="two projects of this name: both")  # 史
    ask("three", k, "乡村振兴驻镇帮镇扶村工作经费合计多少（两个单位加总）", figures=[money(
        q2.proj("three", "乡村振兴驻镇帮镇扶村工作经费", "禾丰县农业农村局").total
        + q2.proj("three", "乡村振兴驻镇帮镇扶村工作经费", "农村经营管理站").total)])  # 农


def multi_hop():
    k = "multi_hop"
    top = ranked(SEED_D.projects)[0]
    owner = q2.unit("seed", top.unit.removeprefix("广州市从化区"))
    ask("seed", k, "从化区人社局金额最大的项目属于哪个单位？那个单位项目资金合计多少？", names=[q2.short(owner.name)],
        figures=[money(owner.total)])  # 审
    few = unique_min(SEED_D.projects, key=lambda p: len(p.indicators))
    ask("seed", k, "人社局指标最少的那个项目是哪个？它有多少钱？", names=[few.name], figures=[money(few.total)])  # 工
    ask("seed", k, "新中国成立前老工人补贴（不带撇号）所在的单位一共有几个项目？", names=[q2.short(su(SOCIAL).name)],
        figures=[len(su(SOCIAL).projects)])  # 史
    rp = sp("居民医保扩面专项财政补贴（2024年市补助）（穗财社（2023）34号）")
    assert rp.unit.endswith(RURAL)
    ask("seed", k, "居民医保扩面专项财政补贴所在单位 total 多少钱", names=[RURAL], figures=[money(su(RURAL).total)])  # 测
    rtop = ranked(su(RETIRE).projects)[0]
    ask("seed", k, "退管办金额最大的项目有几条指标？", names=[rtop.name], figures=[len(rtop.indicators)])  # 播
    hlow = ranked(HUADU.projects, reverse=False)[0]
    sat = [i for i in hlow.indicators if "满意度" in i["name"]]
    assert len(sat) == 1
    ask("two", k, "花都区农业农村局金额最小的项目，它的满意度指标目标值是多少？", names=[hlow.name],
        figures=[target_of(hlow, sat[0]["name"])])  # 农
    hmost = unique_max(HUADU.projects, key=lambda p: len(p.indicators))
    ask("two", k, "花都区农业农村局里指标最多的项目，金额是多少", names=[hmost.name], figures=[money(hmost.total)])  # 农
    ytop = ranked(q2.unit("three", "云溪区教育局").projects)[0]
    ask("three", k, "云溪区教育局本级金额最大的项目有几条指标？", names=[ytop.name], figures=[len(ytop.indicators)],
        note="the unit 临江市云溪区教育局 itself (局本级)")  # 家


def multi_dept():
    k = "multi_dept"
    d2 = q2.DBS["two"]
    ask("two", k, "数据库里有哪些部门的绩效目标表？", names=[q2.dept_short(d.name) for d in d2])  # 审
    ask("two", k, "两个部门各有多少个项目？", figures=[len(d.projects) for d in d2])  # 播
    ask("two", k, "两个部门分别有几个预算单位（含本级）", figures=[len(d.units) for d in d2])  # 审
    other = [d for d in d2 if d.source("其他资金")]
    assert len(other) == 1
    ask("two", k, "哪个部门用到了其他资金？金额多少", names=[q2.dept_short(other[0].name)], figures=[money(other[0].source("其他资金"))])  # 工
    own = [d for d in d2 if d.source("单位资金")]
    assert len(own) == 1
    ask("two", k, "哪个部门有单位资金，一共多少？", names=[q2.dept_short(own[0].name)], figures=[money(own[0].source("单位资金"))])  # 农
    ask("two", k, "各部门 total 分别是多少", figures=[money(d.total) for d in d2], note="per department, not added")  # 测
    ask("two", k, "两个部门的项目平均金额各是多少？", figures=[q2.avg(d.projects) for d in d2])  # 审
    tops = [ranked(d.projects)[0] for d in d2]
    ask("two", k, "两个部门里金额最大的项目分别是哪个？", names=[p.name for p in tops], figures=[money(p.total) for p in tops])  # 史
    d3 = q2.DBS["three"]
    low = unique_min(d3, key=lambda d: q2.wan(d, d.total))
    ask("three", k, "三个部门里哪个部门的项目支出总额最小？（元折成万元比较）", names=[q2.dept_short(low.name)],
        figures=[money(low.total)], note="卫健委's 元 converted to 万元 before comparing")  # 审


def yes_no():
    k = "yes_no"
    ask("seed", k, "就业补助资金（不带·）有没有超过1000万元？", figures=[money(sp("就业补助资金").total)])  # 工
    top = ranked(SEED_D.projects)[0]
    assert top.name != "区机关事业单位医保基金"
    ask("seed", k, "区机关事业单位医保基金是不是人社局金额最大的项目？", names=[top.name], figures=[money(top.total)],
        note="no: the answer names the largest project and its amount")  # 审
    p = sp("退休人员移交退管活动资金")
    assert set(p.sources) == {"其他资金"}
    ask("seed", k, "退休人员移交退管活动资金 用的是 财政拨款 吗？", names=["其他资金"], figures=[money(p.total)],
        note="no: all of it is 其他资金")  # 测
    assert set(su(SOCIAL).sources) == {"财政拨款"}
    ask("seed", k, "社保中心的项目是不是全部都是财政拨款？", figures=[money(su(SOCIAL).total)],
        note="yes: 财政拨款 equals the unit total")  # 播
    p = sp("区高级技工学校免学费补助")
    sat = [i["name"] for i in p.indicators if i["level1"] == "满意度指标"]
    assert len(sat) == 1
    ask("seed", k, "区高级技工学校免学费补助（不带·）有没有设满意度指标？目标是多少", figures=[target_of(p, sat[0])])  # 家
    fund = [p for p in HUADU.projects if p.sources.get("政府性基金预算")]
    assert len(fund) == 1
    ask("two", k, "花都区农业农村局有没有用到政府性基金预算？用在哪个项目上", names=[fund[0].name],
        figures=[money(fund[0].sources["政府性基金预算"])])  # 农
    p = hp("动物疫病强制免疫经费")
    ask("two", k, "动物疫病强制免疫经费有没有要求疫情发生次数为0的指标？是哪一条", names=["区域性重大动物疫情发生次数"],
        figures=[target_of(p, "区域性重大动物疫情发生次数")])  # 农
    ask("three", k, "云溪区教育局有没有校车方面的项目？多少钱", names=["校车运营补助经费"],
        figures=[money(q2.proj("three", "校车运营补助经费").total)])  # 家


def confirm():
    """A quoted figure: right ones must be confirmed with the figure, wrong ones corrected to the true one."""
    k = "confirm"
    ask("seed", k, "就业补助资金（不带点的）是一千二百万吗？", figures=[money(sp("就业补助资金").total)])  # 测: numerals, right
    ask("seed", k, "表上区机关事业单位医保基金是5046万元，对吗？", figures=[money(sp("区机关事业单位医保基金").total)],
        note="the quoted 5046 is wrong (transposed)")  # 审: wrong
    ask("seed", k, "我听说劳动保障监察协管员财政补助项目（2024年市补助）有300万，是这样吗？", figures=[money(sp(INSPECT).total)],
        note="the quoted 300 is wrong")  # 工: wrong
    ask("seed", k, "有人说人社局项目总盘子是18276.74万，对不对？", figures=[money(SEED_D.total)])  # 播: right
    ask("seed", k, "企业离休干部补贴（不带撇号的）是210万元吗", figures=[money(sp("企业离休干部补贴").total)],
        note="the quoted 210 is wrong")  # 史: wrong
    ask("two", k, "花都高标准农田建设项目预算是3265.8万元？", figures=[money(hp("高标准农田建设项目").total)],
        note="the quoted 3265.8 is wrong")  # 农: wrong
    ask("two", k, "动物疫病强制免疫经费是五百一十二万零八百元，对吗", figures=[money(hp("动物疫病强制免疫经费").total)],
        note="right (512.08 万元), quoted in words")  # 农: right
    ask("three", k, "云溪区实验小学的课后服务经费是246.33万元吗", figures=[money(q2.proj("three", "课后服务经费").total)],
        note="the quoted 246.33 is wrong")  # 家: wrong


def refusals():
    r = refuse
    last = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份", "上一年", "前几年"]
    done = ["执行", "实际", "完成", "决算", "支出进度", "花了"]
    future = ["明年", "下一年", "以后", "未来", "预测", "今后"]
    opinion = ["评价", "主观", "判断", "看法", "观点", "值不值", "好坏", "结论"]
    staff = ["编制", "在编", "人数", "职工", "人员", "员工"]
    per_head = ["人均", "每人", "人口", "人数", "per capita"]
    not_here = ["该部门", "此部门", "这个部门", "数据库", "库中", "库里"]
    # seed
    r("seed", "从化区人社局2023年的项目支出总额是多少？", ["2023"] + last,
      "the table holds one budget year, not 2023's (a project named 2023年… is a project of this table, "
      "not a 2023 total)", ["2024"])  # 审
    r("seed", "就业补助资金的预算执行率是多少？", done + ["执行率"], "a target table has no execution")  # 审
    r("seed", "临聘人员一个月工资是多少？", ["月", "工资", "每月"] + per_head, "no monthly wage in the table")  # 工
    r("seed", "人社局有多少在编职工？", staff, "no staff numbers in the table")  # 工
    r("seed", "明年人社局的项目预算会增加吗？", future, "a forecast: not in the table")  # 播
    r("seed", "你觉得就业补助资金花得值不值？", opinion, "an opinion, not a figure of the table")  # 播
    r("seed", "人社局 per capita 项目经费是多少（按全区人口算）", per_head, "no population in the table")  # 测
    r("seed", "从化区人社局十年前的项目经费是多少", last + ["十年前"], "no earlier years")  # 史
    r("seed", "区高级技工学校今年实际招了多少学生？", done + ["招生", "学生人数"], "no enrolment figures, only rates")  # 家
    r("seed", "从化区教育局 total 是多少", ["教育局"] + not_here, "department not in the database")  # 测
    r("seed", "社保中心实际已经支出了多少钱？", done, "budget, not actual spending")  # 审
    r("seed", "劳动保障监察协管员每人每月补助多少钱？", per_head + ["每月", "月"], "no per-person monthly figure")  # 工
    r("seed", "公医办的基本支出（人员经费、公用经费）是多少", ["基本支出"], "the table lists project expenditure only")  # 播
    r("seed", "新中国成立前老工人现在还有几位健在？", ["人数", "健在", "在世", "人员", "老工人"], "no head count in the table")  # 史
    r("seed", "人社局这些项目的决算数是多少？", ["决算"], "budget table, not final accounts")  # 审
    # two
    r("two", "花都区农业农村局2024年的项目资金是多少", ["2024"] + last, "花都's form is for 2025", ["2025"])  # 农
    r("two", "高标准农田建设项目到现在实际建成了多少亩？", done + ["建成"], "targets, not results")  # 农
    r("two", "从化区农业农村局的项目总额是多少？", ["从化区农业农村局", "农业农村局"] + not_here,
      "not in the database (从化区 has 人社局, 农业农村局 is 花都区's)")  # 审
    r("two", "越秀区教育局有几个项目？", ["越秀"] + not_here, "department not in the database")  # 测
    r("two", "花都区农业农村局明年的项目预算会不会涨？", future, "a forecast")  # 农
    r("two", "花都区农业农村局和从化区人社局，哪个部门的钱用得更好？", opinion + ["绩效评价", "结果"], "an opinion")  # 播
    r("two", "花都区农业农村局有多少编制人员？", staff, "no staff numbers")  # 工
    r("two", "动物疫病强制免疫经费去年花了多少？", last, "no prior year")  # 农
    # three / panyu
    r("three", "禾丰县农业农村局2024年安排了多少钱", ["2024"] + last, "禾丰县's table is for 2023", ["2023"])  # 农
    r("three", "云溪区实验小学每位老师平均摊到多少项目经费？", staff + per_head + ["老师", "教师"], "no staff numbers")  # 家
    r("panyu", "番禺区教育局的学生资助专项资金实际发放了多少？", done + ["发放"], "budget, not actual spending")  # 家


STEPS = (amount_project, amount_unit, amount_source, totals, counts, averages, medians, ranks, top_n, compare, ratios,
         shares, goal_text, goal_mentions, project_indicators, indicator_target, indicator_filter, twins, multi_hop,
         multi_dept, yes_no, confirm, refusals)


def build() -> list[dict]:
    ITEMS.clear()
    for step in STEPS:
        step()
    return [{"id": f"t4-{n:03d}", **item} for n, item in enumerate(ITEMS, 1)]


#: Items read against the gold JSON by hand (plain json + Decimal over eval/gold/*.json, not through this
#: script or build_qa*.py), each with a fragment of its question so that a renumbering is caught.
HAND_CHECKED: dict[str, str] = {
    "t4-001": "劳动保障监察协管员财政补助项目（2024年市补助）那笔钱", "t4-013": "社保 中心",
    "t4-023": "一般公共预算和单位资金", "t4-036": "以“编外人员经费”开头的项目有几个", "t4-041": "不足十万元",
    "t4-045": "项目平均每个多少万元",
    "t4-048": "平均每个单位分到", "t4-049": "平均每个项目有几条", "t4-052": "全部项目金额的中位数",
    "t4-056": "100万元以上的项目", "t4-062": "排第三的是哪个单位", "t4-067": "社保中心金额最小的三个",
    "t4-071": "金额最大的五个", "t4-078": "相差多少万元", "t4-088": "合计占人社局", "t4-094": "农机购置与应用补贴资金占",
    "t4-095": "编外人员经费(1)-临聘人员经费，绩效目标", "t4-111": "“离休”", "t4-112": "“医疗”", "t4-113": "“信息化”",
    "t4-125": "无故障时间的年度", "t4-128": "带点的）满意度", "t4-133": "数值低于90", "t4-136": "（大于）",
    "t4-138": ">= 98%", "t4-142": "单位为“人”", "t4-156": "满意度指标目标值", "t4-167": "元折成万元",
    "t4-170": "移交退管活动资金 用的是", "t4-173": "政府性基金预算？用在",
}


def check_set(items: list[dict]) -> None:
    questions = [i["question"] for i in items]
    assert len(set(questions)) == len(questions), "duplicate question"
    earlier = set()
    for split in DEV_SETS:
        earlier |= {i["question"] for i in json.loads((OUT / f"{split}.json").read_text(encoding="utf-8"))["items"]}
    repeated = [q for q in questions if q in earlier]
    assert not repeated, f"questions of a development set: {repeated}"
    for i in items:
        e = i["expect"]
        assert not e.get("refuse") or "figures" not in e, i["id"]
    kinds = Counter(i["kind"] for i in items)
    assert min(kinds.values()) >= 6 and kinds["refuse"] >= 20, kinds
    assert sum(i["db"] in ("seed", "two") for i in items) >= 0.7 * len(items)
    assert len(items) >= 150, len(items)
    by_id = {i["id"]: i["question"] for i in items}
    for id_, fragment in HAND_CHECKED.items():
        assert fragment in by_id[id_], f"{id_} is no longer the hand-checked item ({fragment})"


def main(argv: list[str]) -> None:
    items = build()
    check_set(items)
    if "--check" in argv:
        for i in items:
            if i["id"] in HAND_CHECKED:
                print(json.dumps(i, ensure_ascii=False))
        return
    doc = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "scripts/build_qa8.py (answers computed from the gold JSON in plain Python, "
                    "written without reading the engine or any held-out set)",
        "databases": {db: [f"../gold/{g}.json" for g in golds] for db, golds in GOLDS.items()},
        "split": "test4",
        "description": "HELD OUT: report on this set once; never tune the engine on it.",
        "hand_checked": list(HAND_CHECKED),
        "items": items,
    }
    (OUT / "test4.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} items")
    print("by db:", dict(Counter(i["db"] for i in items)))
    for kind, n in sorted(Counter(i["kind"] for i in items).items()):
        print(f"  {kind:20s} {n:3d}")


if __name__ == "__main__":
    main(sys.argv[1:])
