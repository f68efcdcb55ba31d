"""Filters on amounts: 超过1000万元, 低于5万元, 在100万到500万元之间, 预算是6万元.

The filter keeps the figure and the unit the question said (100, 万元); the SQL builder compares it
with each row in 元, through its document's money unit, so a database holding a 元 table and a 万元
table filters both right (1亿元 = 10000万元 = 100000000元)."""

from __future__ import annotations

import re

from extractor.ask.planners.base import Context
from extractor.ask.text import CN_NUM, cn_number, to_unit
from extractor.vocabulary import PREFIX_COMPARATORS, SUFFIX_COMPARATORS

_MONEY = r"(亿元|亿|万元|万|千元|百万元|百万|元|块钱|块)"


def plan_page(ctx: Context) -> None:
    """第9页: the rows printed on that page."""
    m = ctx.q.take_match(r"第\s*(\d+)\s*页(上|里|中)?")
    if m:
        ctx.plan.filters.page = int(m.group(1))


#: 上亿 / 过千万 / 破百万: at least that much.
_ROUND = {"亿": ("1", "亿元"), "千万": ("1000", "万元"), "百万": ("100", "万元"), "十万": ("10", "万元"), "万": ("1", "万元")}


def plan_amount_filter(ctx: Context) -> None:
    q = ctx.q
    f = ctx.plan.filters
    together = q.search(r"(加|合|放|算)(在)?一块儿?|一块儿")
    if together:  # 加一块儿: together, not 1 块 (元)
        q.claim(together.start(), together.end())
    m = q.search(r"(上|过|破|超)(亿|千万|百万|十万)(元)?(以上)?")
    if m:
        value, unit = _ROUND[m.group(2)]
        q.claim(m.start(), m.end())
        f.amount = ("≥", cn_number(value), None, unit)
        return
    m = q.search(rf"(在|介于)?\s*({CN_NUM})\s*{_MONEY}?\s*(?:到|至|-|~|—|和|与|跟)\s*({CN_NUM})\s*{_MONEY}\s*(之间|以内)?")
    if m and (m.group(3) or m.group(5)) and (re.search(r"到|至|-|~|—", m.group(0)) or m.group(1) or m.group(6)):
        # 介于100万元和500万元之间: 和 joins the two ends only inside 介于 … 之间
        said = m.group(5) or m.group(3)
        lo = to_unit(cn_number(m.group(2)), m.group(3) or said, said)
        q.claim(m.start(), m.end())
        f.amount = ("between", lo, cn_number(m.group(4)), _unit(said))
        return
    before = "|".join(re.escape(w) for w, _ in PREFIX_COMPARATORS) + "|不足|不到|达到|等于|正好|恰好|是|为|在|有"
    after = "|".join(re.escape(w) for w, _ in SUFFIX_COMPARATORS) + "|之上|之下"
    m = q.search(rf"({before})?(?:了)?\s*({CN_NUM})\s*{_MONEY}\s*({after})?")  # 超过了200万元
    if not m:
        return
    value = cn_number(m.group(2))
    if value is None:
        return
    b, a = m.group(1) or "", m.group(4) or ""
    op = "="
    for word, o in PREFIX_COMPARATORS + [("不足", "<"), ("不到", "<"), ("达到", "≥"), ("有", "≥")]:  # 预算有1200万吗
        if b == word:
            op = o
            break
    else:
        for word, o in SUFFIX_COMPARATORS + [("之上", ">"), ("之下", "<")]:
            if a == word:
                op = o
                break
    if _checks_a_figure(ctx, m):
        ctx.plan.claimed = (op, value, _unit(m.group(3)))
        return
    q.claim(m.start(), m.end())
    f.amount = (op, value, None, _unit(m.group(3)))


#: The yes/no words claimed with a figure to check (the question is known to ask whether: Reading.whether).
_YES_NO = re.compile(r"是不是|是否|对不对|对吗|没错吧|没错吗|吗|(?<![什怎这那多])么|不是吧|确实是|真的是")
#: …while a question asking which rows or how many keeps the figure as a filter (有没有项目超过1000万, 哪个项目是5064万).
_ROWS_ASKED = re.compile(r"哪|几个|几项|多少个|多少项|有无|是否有|(有|存在)(项目|单位|指标)")


def _checks_a_figure(ctx: Context, m: re.Match) -> bool:
    """区机关事业单位医保基金是不是5000万元？ / 就业补助资金是否超过1000万元: the figure is the named row's, to confirm
    or correct, not a filter over rows. The comparator and the yes/no words are claimed with it."""
    q = ctx.q
    if not ctx.of("project", "unit", "department") or _ROWS_ASKED.search(q.text) or not q.whether:
        return False
    if re.match(r"(的)?(项目|单位|指标|那个|那笔|那项)", q.text[m.end():]):  # 有没有超过5000万元的项目: rows kept by it
        return False
    q.claim(m.start(), m.end())
    for w in _YES_NO.finditer(q.text):
        q.claim(w.start(), w.end())
    return True


def _unit(said):
    """万 → 万元, 块钱 → 元: the money unit a question said."""
    return {"万": "万元", "亿": "亿元", "百万": "百万元", "块": "元", "块钱": "元"}.get(said, said)


def plan_count_filter(ctx: Context) -> None:
    """项目数超过10个的单位 / 指标多于5条的项目 / 有8条以上指标的项目: rows kept by how many they hold."""
    q = ctx.q
    before = "|".join(re.escape(w) for w, _ in PREFIX_COMPARATORS) + "|不足|不到|达到|有|在"
    after = "|".join(re.escape(w) for w, _ in SUFFIX_COMPARATORS)
    m = q.search(rf"(项目|指标|绩效指标)(的)?(数|个数|数量|条数)?(都)?({before})了?\s*({CN_NUM})\s*(个|条|项)(项目|指标)?({after})?")
    what = m and m.group(1)
    if not m:  # 有8条以上指标的项目
        m = q.search(rf"({before})\s*({CN_NUM})\s*(个|条|项)({after})?(的)?(项目|指标|绩效指标)(的)?(?=单位|项目|部门)")
        if not m:
            return
        b, n, a, what = m.group(1), m.group(2), m.group(4) or "", m.group(6)
    else:
        b, n, a = m.group(5), m.group(6), m.group(9) or ""
    value = cn_number(n)
    if value is None:
        return
    op = "≥" if b in ("达到", "有", "在") and not a else "="
    for word, o in PREFIX_COMPARATORS + [("不足", "<"), ("不到", "<")]:
        if b == word:
            op = o
    for word, o in SUFFIX_COMPARATORS:
        if a == word:
            op = o
    if b == "有" and not a:
        op = "="
    q.claim(m.start(), m.end())
    ctx.plan.filters.counted = (op, int(value), "indicators" if "指标" in what else "projects")
