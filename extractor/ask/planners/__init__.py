"""Small planners, each owning the phrases it understands, run in order over one question.

Names first (longest first, so that cue words inside names are never read as cues), then what the
table cannot tell, the scope, filters, and last what is asked. What no planner used is left over:
`read` returns it in `plan.not_understood`.
"""

from __future__ import annotations

import re

from extractor.ask.catalog import Catalog
from extractor.ask.plan import Plan
from extractor.ask.planners import amounts, bodies, coverage, exclusions, indicators, measures, names, refusals, scope, words
from extractor.ask.planners.base import Context
from extractor.ask.reading import Reading
from extractor.ask.text import norm


def normed_names(cat: Catalog) -> list[str]:
    """The database's names (bodies, projects, indicators) in matching form, once per catalog."""
    if "_normed_names" not in cat.__dict__:
        names = [d.department for d in cat.docs.values()] + [u.name for u in cat.units.values()] \
            + [p.name for p in cat.projects.values()] + [i.name for i in cat.indicators.values()]
        cat.__dict__["_normed_names"] = sorted(set(map(norm, names)))
    return cat.__dict__["_normed_names"]

PIPELINE = [
    words.plan_pasted_goals,  # “…”这句话是哪个项目的目标: a goal's own sentence, before any name is read in it
    bodies.plan_exact,  # 广州市从化区人力资源和社会保障局, 社会保险基金管理中心
    names.plan_projects_exact,  # 区机关事业单位医保基金, 智慧校园建设项目（head of the name）
    names.plan_name_brackets,  # （市补助）, （不带符号的那个）: which of the rows the name fits
    indicators.plan_levels,  # 满意度指标, 产出指标 (before indicator names: 服务对象满意度指标 is a level)
    names.plan_indicators_exact,  # 范围内报销率
    indicators.plan_bare_levels,  # 满意度 alone
    names.plan_sources,  # 财政拨款, 上年结转资金 (before refusals: 上年结转 is not last year)
    bodies.plan_abbreviations,  # 人社局, 社保中心, 花都农业农村局; 从化区农业农村局 refused
    bodies.plan_echoes,  # 云溪一中这所学校, 卫健委系统: the body named again
    bodies.plan_bare_own_unit,  # 局机关本级 with no body named: each table's own unit
    exclusions.plan_exclusions,  # 除了财政拨款之外 / X以外: rows left out (before 剩下的 is read as money left)
    refusals.plan_refusals,  # 执行率, 去年, 人均, 采购 …
    bodies.plan_places,  # 临江市 alone: the departments of that place
    amounts.plan_count_filter,  # 项目数超过10个的单位
    indicators.plan_targets,  # 目标值不低于95%, 以“人”为单位, 定性
    words.plan_words,  # 绩效目标提到培训, 名称包含“三支一扶”
    amounts.plan_page,  # 第9页
    names.plan_twin_amounts,  # 128万元那个 / 金额小的那笔: which row of one name
    names.plan_twin_marks_apart,  # （不带撇号） away from the name
    amounts.plan_amount_filter,  # 超过1000万元
    names.plan_project_skipping,  # 医保智能审核系统服务费: a name with words left out
    names.plan_project_fragments,  # 三支一扶, 技工学校免学费补助
    names.plan_name_brackets,
    names.plan_indicator_fragments,
    names.plan_indicator_words,  # 报销率 among the named project's indicators
    names.plan_indicators_of_named_projects,  # 慰问金发放及时率 for the named project's 社会化退休人员慰问金发放及时率
    refusals.plan_pending,  # 每人每月 with no indicator read: refused after all
    scope.plan_years,  # 2024年; 2019年 refused
    names.plan_fuzzy,  # 费用 for 经费
    scope.plan_scope,  # the departments named; across documents
    measures.plan_measure,  # what is asked, aggregated how
]


def read(cat: Catalog, question: str) -> tuple[Plan, Context]:
    ctx = Context(cat=cat, q=Reading(question, normed_names(cat)), names_docs=list(cat.scope_all))
    for planner in PIPELINE:
        planner(ctx)
    if ctx.q.claimed_count is not None and ctx.plan.claimed is None:
        ctx.plan.claimed = (*ctx.q.claimed_count, "count")
    ctx.plan.whether = ctx.q.asked if ctx.q.whether else ""
    ctx.plan.not_understood = ctx.q.leftovers(measures.CUE_WORDS)
    if ctx.of("project"):  # 三支一扶（中央补助）的补助资金: generic nouns after a project named say the project again
        ctx.plan.not_understood = [w for w in ctx.plan.not_understood if not names._generic(w)]
        # 为特殊退休人员安排的安置费: a piece of the named project's name, said apart from the rest of it
        named = [norm(ctx.cat.projects[i].name) for m in ctx.of("project") for i in m.ids if i in ctx.cat.projects]
        ctx.plan.not_understood = [w for w in ctx.plan.not_understood if not any(w in n for n in named)]
    if ctx.plan.not_understood and ctx.plan.then is not None and ctx.plan.then.ask == "goal" and not ctx.plan.refusal \
            and re.search(r"目标(里|中|上)?(说|讲|写)", ctx.q.text):
        ctx.plan.not_understood = []  # 最便宜的项目，它的目标说给几名临时人员发经费: what the goal says, printed whole
    if ctx.plan.not_understood and _in_named_goals(ctx, ctx.plan.not_understood):
        # 人事档案信息化建设专项经费打算完成多少卷档案: words only the named project's goal says — the goal answers
        ctx.plan.ask, ctx.plan.agg, ctx.plan.subject, ctx.plan.not_understood = "goal", None, "project", []
        ctx.plan.then, ctx.plan.also, ctx.plan.then_ask = None, [], None
    ctx.plan.unused = coverage.unconsumed(ctx.plan, ctx.q.masked())
    return ctx.plan, ctx


def _in_named_goals(ctx: Context, words: list[str]) -> bool:
    """Is every word left over said by the goal (绩效目标) of the one project named? A word counts when its
    characters are all in that goal and it shares a pair of characters with it (卷档案 in 完成32000卷流动人员档案)."""
    f = ctx.plan.filters
    if not f.projects or ctx.plan.refusal or ctx.plan.unused:
        return False
    goals = [norm(ctx.cat.projects[i].goal or "") for i in f.projects if i in ctx.cat.projects]
    names = {norm(ctx.cat.projects[i].name) for i in f.projects if i in ctx.cat.projects}
    if len(names) > 1 or not any(goals):
        return False

    def said(w: str, goal: str) -> bool:
        return w in goal or (all(c in goal for c in w) and any(w[k:k + 2] in goal for k in range(len(w) - 1)))
    return all(any(said(w, g) for g in goals) for w in words)
