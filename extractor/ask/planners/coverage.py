"""The whole question or nothing (整题作答): every asking word must be used by the plan.

The planners claim the names and filters they read; what no planner claimed and is not a function
word is left over (Reading.leftovers). But the measures read their cue words (合计, 最多, 平均, 占比,
几个, 指标) on the whole question without claiming them, so a cue can sit in the question while the
plan answers something else: 哪个项目的数量指标最多 answered with the largest budget, 前三个项目合计
多少钱 answered with a list. Here each kind of cue (a concept) names the plan fields that consume it;
a cue whose concept no step of the plan carries is reported as not understood, and the answer then
states no figure.

Cues are looked for on the masked question (names claimed as □), so 最低生活保障 or 就业补助资金
never count as cues.
"""

from __future__ import annotations

import re
from typing import Callable

from extractor.ask.plan import Plan


def _steps(plan: Plan) -> list[Plan]:
    """The plan, its second step (multi-hop) and its compared parts' owner: every plan that answers."""
    out, p = [], plan
    while p is not None:
        out.append(p)
        out += p.also
        p = p.then
    return out


def _ranks(p: Plan) -> bool:
    return p.agg in ("max", "min", "top", "bottom", "nth", "nth_min", "spread") or p.then_ask == "unit_of" \
        or any(part.picked_by for part in p.parts)


def _sums(p: Plan) -> bool:
    """A figure that adds rows up: an amount (a sum unless averaged), a count, a share or comparison, a grouping,
    or a ranking of units or departments by their totals (哪个单位的项目总预算最多)."""
    if p.ask in ("amount",) and p.agg in (None, "sum", "top", "bottom", "spread"):
        return True
    if _ranks(p) and p.rank_by == "amount" and p.subject in ("unit", "department"):
        return True
    return p.ask in ("count", "share", "compare") or bool(p.group_by) or p.filters.all_docs or p.filters.sum_docs


def _counts(p: Plan) -> bool:
    return p.ask == "count" or p.rank_by in ("indicators", "projects") or bool(p.group_by) or bool(p.filters.counted) \
        or (p.ask == "amount" and p.total_of in ("indicators", "projects")) \
        or p.subject in ("document", "department", "year")


def _averages(p: Plan) -> bool:
    return p.agg == "avg" or p.rank_by == "avg"


def _indicators(p: Plan) -> bool:
    """The plan reads indicators: counts, lists, ranks or targets them, or keeps the projects having some.
    A level filter on a ranking of projects by amount reads none (数量指标最多 is not 预算最多)."""
    f = p.filters
    return p.subject == "indicator" or "indicators" in (p.rank_by, p.total_of) or p.ask == "target" or f.has_indicators \
        or any(w == "indicator" for w, _ in f.words) or p.group_by == "level" \
        or any(part.indicator_filtered() for part in p.parts) \
        or (f.indicator_filtered() and p.ask in ("count", "list") and not p.agg)


#: (concept, cue pattern on the masked question, does a plan step consume it?)
CONCEPTS: list[tuple[str, str, Callable[[Plan], bool]]] = [
    ("rank", r"最多|最少|最大|最小|最高|最低|最贵|最便宜|排名|排第|排在第|第[一二三四五六七八九十\d]+(多|大|高|少|小|低)|"
             r"前[一二三四五六七八九十两\d]+(个|名|项|位|家|大)|倒数", _ranks),
    ("sum", r"合计|总计|总额|总和|加起来|加在一起|拢共|累计|总金额|总预算|(一共|总共|共计)(是|有|为)?多少(钱|万元|元)?", _sums),
    ("average", r"平均|均值", _averages),
    ("median", r"中位", lambda p: p.agg == "median"),
    ("share", r"占比|比例|比重|百分之几|份额|几成", lambda p: p.compare == "share" or p.rank_by == "share"),
    # 高出多少 / 相差多少: two figures and the gap between them, not the figures alone
    ("difference", r"相差|差多少|差额|差距|差值|高出多少|多出多少|(?<!最)低多少|(?<!最)少多少|(?<!最)多多少|(?<!最)高多少|差了多少",
     lambda p: p.compare in ("difference", "ratio") or p.agg == "spread"),
    ("count", r"(?<!哪)几个|(?<!哪)几项(?!目(经费|资金|预算|金额|钱|支出|总额))|(?<!哪)几条|(?<!哪)几家|(?<!哪)几类|(?<!哪)几种|多少个|多少项(?!目(经费|资金|预算|金额|钱|支出|总额))|多少条|多少家|多少种|个数|条数|项目数|指标数", _counts),
    ("indicator", r"指标", _indicators),
    # 参训人次目标多少 / 目标值是多少: a target asked must be read (a list of units is no answer to it)
    ("target", r"(目标|目标值|指标值)(是|定|定的|为|要求|有)?(多少|几)", lambda p: p.ask == "target" or _indicators(p)),
]


def cues(masked: str) -> list[tuple[str, str]]:
    """The cue words of `masked`: (concept, the word as said), in CONCEPTS' order."""
    out = []
    for concept, pattern, _consumed in CONCEPTS:
        m = re.search(pattern, masked)
        if m:
            out.append((concept, m.group(0)))
    return out


def needed(plan: Plan, masked: str) -> list[tuple[str, str]]:
    """What any answer to the question must carry: its cue words, and the indicators when a level or
    target filter was read (满意度指标 claimed as a name leaves no 指标 on the masked question)."""
    out = cues(masked)
    f = plan.filters
    if (f.levels or f.target) and not any(c == "indicator" for c, _ in out):
        out.append(("indicator", "、".join(f.level_words) or "指标"))
    return out


def carried_by(plan: Plan) -> set[str]:
    """The concepts some step of `plan` carries."""
    steps = _steps(plan)
    return {concept for concept, _pattern, consumed in CONCEPTS if any(consumed(p) for p in steps)}


def unconsumed(plan: Plan, masked: str) -> list[str]:
    """The cue words of `masked` whose concept no step of the plan carries."""
    if plan.refusal or plan.ask == "catalog":
        return []
    steps = _steps(plan)
    out = []
    f = plan.filters
    if (f.levels or f.target) and not any(_indicators(p) for p in steps):
        # 满意度指标 was read as a filter, but no step reads indicators: it would change nothing
        out.append("、".join(f.level_words) or "指标")
    carried = carried_by(plan)
    out += [word for concept, word in cues(masked) if concept not in carried]
    return out
