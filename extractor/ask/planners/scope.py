"""Which documents a question reads: a year (2024年), a department, or all of them.

With no year asked, each department's latest table is read. A year the database does not hold is
refused (数据中没有2023年的预算表), naming no other figure. A year inside a project's name
(2023年高校毕业生…) was claimed with the name before this planner runs.
"""

from __future__ import annotations

import re

from extractor.ask.planners.base import Context

#: Words by which a question asks across every document (两个部门一共, 所有部门, 全库).
ALL_DOCS = r"这(两|三)个部门|(两|三|四|五|各|多)个部门|(两|三|四|五)个(局|委|委员会)|所有部门|全部部门|各部门|各个部门|所有的部门|全部的部门|全库|整个数据库|数据库里所有|库里所有|所有表|全部表|所有的表|(两|三|四|五)张表|各张表"


def plan_years(ctx: Context) -> None:
    cat = ctx.cat
    plan = ctx.plan
    for m in list(re.finditer(r"(?<!\d)((?:19|20)\d{2})\s*年(度)?", ctx.q.text)):
        if not ctx.q.free(m.start(), m.end()):
            continue
        ctx.q.claim(m.start(), m.end())
        year = int(m.group(1))
        docs = [d for d in cat.scope_all if cat.docs[d].year == year]
        if not docs:
            ctx.refuse(f"数据中没有{year}年的预算表，库中的表都不是这一年的，无法回答。")
            continue
        plan.filters.docs = sorted(set(docs) & set(plan.filters.docs or docs)) or docs


def plan_scope(ctx: Context) -> None:
    """Narrow the documents to the departments named; note a question asked across documents."""
    f = ctx.plan.filters
    if not f.docs:
        f.docs = list(ctx.cat.scope)
    m = ctx.q.take_match(ALL_DOCS)
    if m:
        f.all_docs = True
    if ctx.q.has(r"一共|总共|合计|总计|全部|所有|加起来|加在一起|共计|汇总"):
        f.sum_docs = True
    deps = [d for m in ctx.of("department") for d in m.ids]
    if deps:
        f.departments = list(dict.fromkeys(deps))
    units = [u for m in ctx.of("unit") for u in m.ids]
    named = {ctx.cat.docs[d].department for d in f.docs}
    if deps:
        docs = [d for d in f.docs if ctx.cat.docs[d].department in deps]
        if docs:
            f.docs = docs
        else:  # 农业农村局2024年: the department has no table of that year
            asked = "、".join(dict.fromkeys(y + "年" for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", ctx.q.text)))
            ctx.refuse("数据中没有" + "、".join(m.text for m in ctx.of("department")) + (asked or "这一年度") +
                       "的预算表（表中只有其他年度的预算），无法回答。")
    elif units and len(named) > 1:
        docs = sorted({ctx.cat.units[u].doc_id for u in units} & set(f.docs))
        if docs:
            f.docs = docs
    _money_unit_asked(ctx)


def _money_unit_asked(ctx: Context) -> None:
    """一共多少万元 / 总共多少元，合多少万元: the unit figures are wanted in (the one the table does not print,
    when two are said); tables in 元 and in 万元 are added or compared in it."""
    said = [m.group(1) for m in re.finditer(r"(?:多少|几|折算成|换算成|折合成?|合成?|单位为|单位是|以|用|按)(万元|亿元|元)",
                                            ctx.q.text)]
    if said:
        own = ctx.cat.money_unit(ctx.plan.filters.docs)
        ctx.plan.money_unit = next((u for u in said if u != own), said[0])
