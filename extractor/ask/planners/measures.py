"""What is asked and how rows are aggregated: amounts, counts, lists, targets, goals, sources;
sum, average, median, max/min, top or bottom N, the n-th; comparisons (difference, ratio, share);
the subject counted or ranked (projects, units, indicators, departments); two-step questions
(资金最多的单位有几个项目, 指标最多的项目是哪个单位的).

The cue words themselves and the subject they rank are read in extractor/ask/planners/cues.py; the
two-step questions in steps.py; names into filters in mentions.py.

Every phrase here is read on the question with the names already claimed (□), so a cue inside a
name (最低生活保障, 就业补助资金) is never read as a cue.
"""

from __future__ import annotations

import re
from copy import deepcopy

from extractor.ask.plan import Filters, Plan
from extractor.ask.planners import steps
from extractor.ask.planners.base import Context
from extractor.ask.planners.cues import CUE_WORDS  # noqa: F401  (read by the planners' leftovers)
from extractor.ask.planners.cues import CUES, LEAST, MOST, N, RANK_WORD, SUM_OF_RANKED, has
from extractor.ask.planners.cues import explicit_subject as _explicit_subject
from extractor.ask.planners.cues import order as _order
from extractor.ask.planners.cues import rank_by as _rank_by
from extractor.ask.planners.cues import ranked_subject as _ranked_subject
from extractor.ask.planners.cues import subject as _subject
from extractor.ask.planners.cues import subject_word as _subject_word
from extractor.ask.planners.mentions import apply_mentions as _apply_mentions

CUES_SUM = CUES["sum"]
#: 加一块儿 / 算在一块: added up (claimed by the amount planner so that 一块 is not read as 1 元).
TOGETHER = r"(加|合|放|算)(在)?一块儿?|一块儿"


def plan_measure(ctx: Context) -> None:
    plan = ctx.plan
    text = ctx.q.masked()
    if plan.refusal:
        return
    if _catalog(ctx, text):
        return
    if steps.two_step(ctx, text, _fill_step):
        return
    if _then_target(ctx, plan, text):
        return
    _fill(ctx, plan, text)
    _also(ctx, plan, text)
    _of_which(ctx, plan, text)
    _goal_too(ctx, plan)


def _goal_too(ctx: Context, plan: Plan) -> None:
    """打算建多少个回收点，目标里怎么说: the target found, then the goal's own wording asked for."""
    from extractor.ask.planners.refusals import GOAL_WORDING

    f = plan.filters
    if plan.ask == "target" and f.projects and not plan.also and ctx.q.search(GOAL_WORDING):
        goal = Plan(ask="goal", subject="project", filters=Filters(docs=list(f.docs), projects=list(f.projects),
                                                                   project_words=list(f.project_words)))
        plan.also.append(goal)


def _of_which(ctx: Context, plan: Plan, text: str) -> None:
    """有几条指标，其中产出指标几条 / 项目资金合计多少，其中财政拨款多少: the whole first, then the part that the
    filters said after 其中 pick (each part once), never the part alone."""
    cut = re.search(r"[,;?.](另外|此外|而|那么)?(其中|这里头|这里面|里头|当中)", text)
    k = cut.start() if cut else -1
    if k < 0 or plan.compare or plan.group_by or plan.then is not None or plan.ask not in ("count", "amount") \
            or plan.agg not in (None, "sum"):
        return
    after = [m for m in ctx.mentions if m.pos > k]
    levels_after = [w for w in plan.filters.level_words if w[:-2] and w[:-2] in ctx.q.text[k:]
                    and w[:-2] not in ctx.q.text[:k]]
    if not after and not levels_after:
        return
    whole = deepcopy(plan)
    wf = whole.filters
    for m in after:
        if m.kind == "unit":
            wf.units = [u for u in wf.units if u not in m.ids]
        elif m.kind == "project":
            wf.projects = [p for p in wf.projects if p not in m.ids]
        elif m.kind == "source":
            wf.source = None
        elif m.kind == "department":
            wf.departments = [d for d in wf.departments if d not in m.ids]
    if levels_after:
        wf.levels, wf.level_words, wf.level_parts = [], [], []
    parts = [plan] + [a for a in plan.also]
    whole.also = []
    if whole.filters.__dict__ == plan.filters.__dict__:
        return
    plan.__dict__.update({**whole.__dict__, "also": [deepcopy(p) for p in parts]})
    for p in plan.also:
        p.also = []


#: A later clause asking an indicator's target: …，参训人次目标多少 / ，满意度指标值是多少.
_TARGET_ASKED = r"(目标值|指标值|目标|指标)(定|定的|定了|设|设的|设了|要求)?(是|为|有)?(多少|几|什么|啥)"


def _then_target(ctx: Context, plan: Plan, text: str) -> bool:
    """A two-part question whose second part asks a target of the same project (…是哪个单位报的，参训人次目标
    多少): the first part is answered, then the target, as a further ask of the same question."""
    cut = None
    f = ctx.plan.filters
    for m in re.finditer(r"[,;?.。]", text):
        rest = text[m.end():]
        levels_later = f.level_words and all(w[:-2] in ctx.q.text[m.end():] for w in f.level_words)
        if re.search(_TARGET_ASKED, rest) and (levels_later or [x for x in ctx.of("indicator")
                                                                if x.pos + len(x.text) > m.end()]) \
                and not re.search(_TARGET_ASKED, text[:m.start()]):
            cut = m
            break
    if cut is None or not ctx.of("project") or not re.search(r"[\u4e00-\u9fff]", text[:cut.start()].replace("□", "")):
        return False
    head = text[:cut.start()]
    if not re.search(r"哪|多少|几|什么|啥|是否|有没有", head):
        return False  # the first part asks nothing of its own: one question, read whole
    first = deepcopy(plan)
    later = steps.levels_after(ctx, first.filters, cut.end())  # 满意度指标 said in the second part is its own
    _fill(ctx, first, head, mentions_before=min([cut.start()] + [x.pos for x in ctx.of("indicator")
                                                                  if x.pos + len(x.text) > cut.end()]))
    second = Plan(filters=Filters(docs=list(first.filters.docs), projects=list(first.filters.projects),
                                  project_words=list(first.filters.project_words)), period=plan.period)
    steps.give_levels(second.filters, later)
    # an indicator read across the cut (…报的，参训人次: 报参训人次) belongs to the second part
    _fill(ctx, second, text[cut.end():], offset=cut.end(),
          mentions_after=min([cut.end()] + [x.pos for x in ctx.of("indicator") if x.pos + len(x.text) > cut.end()]))
    if second.ask != "target" or first.ask == "target":
        return False
    first.also.append(second)
    plan.__dict__.update(first.__dict__)
    return True


def _fill_step(ctx: Context, plan: Plan, text: str, **kw) -> None:
    """The second step of a two-step question, with its own further asks (资金最少的单位有几个项目、几条指标)."""
    _fill(ctx, plan, text, **kw)
    if plan.ask == "count":
        _also(ctx, plan, text)


def _also(ctx: Context, plan: Plan, text: str) -> None:
    """Further asks of one question: 财政拨款是多少、其他资金是多少 (one amount per source), 有多少个项目，
    多少条指标 / 几个项目，几个单位 (one count per subject)."""
    if plan.compare or plan.group_by or plan.agg not in (None, "sum"):
        return
    sources = list(dict.fromkeys(m.ids[0] for m in ctx.of("source")))
    if plan.ask == "amount" and len(sources) >= 2:
        first = min(m.pos for m in ctx.of("source"))
        whole_first = re.search(r"总额|合计|总计|一共|总共|总预算|总规模|总数|总盘子", ctx.q.text[:first])
        plan.filters.source = sources[0]
        if whole_first:  # 项目总额，按财政拨款和其他资金分别多少: the whole, then each source
            first_part = deepcopy(plan)
            first_part.also = []
            plan.filters.source = None
            plan.also.append(first_part)
        for src in sources[1:]:
            other = deepcopy(plan)
            other.filters.source, other.also = src, []
            plan.also.append(other)
    if plan.ask == "list" and plan.subject in ("project", "unit") and not plan.agg and (re.search(
            r"(它们|这些项目|这些|其)的?[^,;?]{0,6}(合计|一共|总共|加起来|总额|总计|共)", text) or re.search(
            r"[,;?](一共|总共|合计|加起来|共计|总计)(是|有)?多少(钱)?[?]?$", text)):
        other = deepcopy(plan)  # 哪些项目提到“就业”，它们的预算合计是多少 / 哪些单位用了，一共多少: the list, then its sum
        other.ask, other.agg, other.also, other.subject = "amount", "sum", [], "project"
        plan.also.append(other)
    if plan.ask == "count" and plan.subject in ("project", "indicator") and re.search(
            r"(总金额|总额|总预算|多少钱|金额|预算|资金|经费)(一共|总共|合计)?(是|为|有)?(多少|几何)|(合计|一共|总共)(多少钱|金额)|"
            r"[,、;]多少(万元|元|亿元|钱)|多少钱(?!以上|以下|的)", text):
        other = deepcopy(plan)  # 一共有几个项目？总金额多少 / 设了几条指标，预算多少元: the count, then the sum
        other.ask, other.agg, other.also = "amount", "sum", []
        if other.subject == "indicator" and not other.filters.indicator_filtered():
            other.subject = "project"  # the money is the projects', not the indicators'
        plan.also.append(other)
    if plan.ask == "count" and _split_count(ctx, plan, text):
        return
    if plan.ask == "count":
        said = [_subject_word(m.group(3)) for m in re.finditer(r"(几|多少)(个|条|家|项(?!目))?(项目|指标|单位)", text)]
        for subject in dict.fromkeys(said):
            if subject != plan.subject:
                other = deepcopy(plan)
                other.subject, other.also = subject, []
                other.filters.levels = other.filters.levels if subject == "indicator" else []
                plan.also.append(other)


def _split_count(ctx: Context, plan: Plan, text: str) -> bool:
    """One count per thing named, when each is counted on its own: 数量指标几条、质量指标几条 (one per level),
    A和A·，分别有几条指标 (one per project named)."""
    f = plan.filters
    each = re.search(r"分别|各自|各有|各是", text)
    cues = len(re.findall(r"几条|几个|多少条|多少个|几项(?!目)", text))
    if len(f.levels) >= 2 and (each or cues >= 2):
        groups = list(zip(f.levels, f.level_words or [None] * len(f.levels)))
        f.levels, f.level_words = [groups[0][0]], [w for w in [groups[0][1]] if w]
        for group, word in groups[1:]:
            other = deepcopy(plan)
            other.filters.levels, other.filters.level_words, other.also = [group], [w for w in [word] if w], []
            plan.also.append(other)
        return True
    projects = [m for m in ctx.of("project") if m.ids]
    if each and len(projects) >= 2 and f.projects and not f.levels:
        f.projects, f.project_words = list(projects[0].ids), [projects[0].text]
        for m in projects[1:]:
            other = deepcopy(plan)
            other.filters.projects, other.filters.project_words, other.also = list(m.ids), [m.text], []
            plan.also.append(other)
        return True
    return False


# ---------------------------------------------------------------- which departments / tables / years


def _catalog(ctx: Context, text: str) -> bool:
    f = ctx.plan.filters
    m = re.search(r"(是|属于)?(哪一年|哪年|哪个年度|什么年度|几几年|哪一年度)", text)
    if m and ctx.of("department", "unit", "project"):  # 花都区农业农村局是哪一年的
        ctx.plan.ask, ctx.plan.subject = "list", "year"
        ctx.q.claim(m.start(), m.end())
        return True
    named = ctx.of("department", "unit", "project", "indicator", "source") or f.words or f.levels or f.target \
        or f.amount or re.search(MOST + "|" + LEAST + r"|多少钱|金额|预算|资金|平均|合计|总额|占|" + RANK_WORD, text)
    m = re.search(r"((哪些|哪几个|哪几家|几个|多少个|什么|哪个)部门|部门(有哪些|有几个|是哪些|名单|列表|有什么))"
                  r"(?!.*(单位|项目|指标))", text)
    if m and not named:
        ctx.plan.ask, ctx.plan.subject = ("count" if re.search(r"几个|多少个", m.group(0)) else "list"), "department"
        ctx.q.claim(m.start(), m.end())
        return True
    m = re.search(r"(哪些|哪几张|几张|多少张|什么)(绩效目标)?(表|文件|文档)|(表|文件)(有哪些|有几张)", text)
    if m and not named:
        ctx.plan.ask, ctx.plan.subject = ("count" if re.search(r"几张|多少张", m.group(0)) else "list"), "document"
        ctx.q.claim(m.start(), m.end())
        return True
    m = re.search(r"(哪些|哪几|什么|几个)(年度|年份|年)|(年度|年份)(有哪些|有几个)", text)
    if m and not named:
        ctx.plan.ask, ctx.plan.subject = "list", "year"
        ctx.q.claim(m.start(), m.end())
        return True
    return False


# ---------------------------------------------------------------- one step


def _operand(ctx: Context, m, base: Filters) -> Filters:
    f = Filters(docs=list(base.docs), source=base.source)
    _apply_mentions(ctx, f, before=m.pos + 1, after=m.pos)
    return f


def _fill(ctx: Context, plan: Plan, text: str, offset: int = 0, mentions_after: int = -1,
          mentions_before: int = 10**6) -> None:
    """One question (or the second step of one): ask, subject, aggregation, comparison."""
    f = plan.filters
    _apply_mentions(ctx, f, before=mentions_before, after=mentions_after)
    if ctx.plan.period:
        plan.period = True
    named = [m for m in ctx.of("department", "unit", "project", "source") if m.pos >= mentions_after]

    # 财政拨款占比最高的单位: a ranking by each row's share of its own total
    agg0, n0 = _order(text)
    if has(text, "share") and agg0 and f.source and (_explicit_subject(text) in ("unit", "project")
                                                     or not [m for m in named if m.kind != "source"]):
        plan.ask, plan.agg, plan.n, plan.rank_by = "list", agg0, n0, "share"
        plan.subject = _explicit_subject(text) or "unit"
        return
    # comparisons between two named things, and shares
    if has(text, "share"):
        _share(ctx, plan, text, named)
        if f.indicator_filtered() or re.search(r"指标数|条数|(全部|所有)的?指标|指标总数", text):
            plan.rank_by = "indicators"  # 满意度指标占全部指标的比例: a share of counts
        elif re.search(r"项目数|个数|几个|多少个|(全部|所有)的?项目(?!的?(资金|经费|预算|金额|支出|总额|钱))|项目总数", text):
            plan.rank_by = "projects"
        return
    things = [m for m in named if m.kind != "source"] or named
    inner = [m for m in things if m.kind != "department"]
    if len(inner) == 1 and (f.not_units or f.not_projects) and (has(text, "difference") or has(text, "ratio")):
        # 除了就业中心之外，其余单位的项目资金合计比就业中心多出多少: the rest against the one left out
        plan.ask, plan.compare = "compare", ("ratio" if has(text, "ratio") else "difference")
        rest = Filters(docs=list(f.docs), source=f.source, not_units=list(f.not_units), not_projects=list(f.not_projects))
        plan.parts = [rest, _operand(ctx, inner[0], f)]
        return
    if len(things) > 2:  # 花都的A比B多多少: the department before them is the scope, not a side
        inner = [m for m in things if m.kind not in ("department",)]
        things = inner if len(inner) >= 2 else things
    if len(things) == 1 and things[0].kind == "project" and len(things[0].ids) == 1 \
            and (has(text, "difference") or has(text, "ratio")) and re.search(r"两个|两者|两笔|两项|二者|两条", ctx.q.text):
        # 社会化管理人员节日慰问金有两个（一个带撇号），两者差多少: the name read exactly picked one row; both are meant
        twins = _twins(ctx, things[0].ids[0])
        if len(twins) == 2:
            things[0].ids = twins
    if len(things) == 1 and things[0].kind == "project" and len(things[0].ids) == 2 \
            and (has(text, "difference") or has(text, "ratio")):
        # 区高级技工学校免学费补助两个项目之间差了多少: the two rows one name fits
        plan.ask, plan.compare = "compare", ("ratio" if has(text, "ratio") else "difference")
        plan.parts = [Filters(docs=list(f.docs), source=f.source, projects=[i]) for i in things[0].ids]
        return
    if re.search(r"几个|多少个|个数|项目数|几条|多少条|指标数|数量", text) or (
            re.search(r"(项目|指标)(的)?(更|要|还)?(多|少)", text) and not re.search(r"预算|金额|资金|钱|经费|额", text)):
        # 项目比…多几个 / 哪个项目更多: compare counts
        plan.rank_by = "indicators" if re.search(r"指标", text) else "projects"
    if not things and len(f.docs) == 2 and (has(text, "difference") or has(text, "ratio")) \
            and re.search(r"(两个|两|2个)(部门|张表|单位)|部门之间|两者", ctx.q.text):
        # 两个部门的项目资金相差多少: the two tables in scope, one against the other
        plan.ask, plan.compare = "compare", ("ratio" if has(text, "ratio") else "difference")
        plan.parts = [Filters(docs=[d], source=f.source) for d in f.docs]
        _averaged(plan, text)
        return
    if has(text, "ratio") and len(things) >= 2:
        plan.ask, plan.compare = "compare", "ratio"
        plan.parts = [_operand(ctx, things[0], f), _operand(ctx, things[1], f)]
        _averaged(plan, text)
        return
    if has(text, "difference") and len(things) >= 2:
        plan.ask, plan.compare = "compare", "difference"
        plan.parts = [_operand(ctx, things[0], f), _operand(ctx, things[1], f)]
        _averaged(plan, text)
        return

    g = re.search(r"(每个|每一个|各个|各|分|按)(单位|部门)(分别|各自)?|()(单位|部门)(各|分别|各自)", text)
    agg_g, n_g = _order(text)
    ranked = _ranked_subject(text)  # 各部门金额最大的项目: the thing ranked is said after the ranking word
    g_said = g or re.search(r"(每个|每一个|各个|各|分|按)(单位|部门)(分别|各自)?|()(单位|部门)(各|分别|各自)",
                            ctx.q.text[offset:])  # 各部门 was read as the scope (all tables): it groups too
    if g_said and agg_g and ranked and ranked != _subject_word(g_said.group(2) or g_said.group(5)) \
            and not re.search(r"(哪个|哪一个|哪家|哪些)(单位|部门)", text):
        # 各部门金额最大的项目分别是哪个: one ranking per department (unit), never one across them
        plan.group_by = _subject_word(g_said.group(2) or g_said.group(5))
        plan.ask, plan.agg, plan.n, plan.subject = "list", agg_g, n_g, ranked
        said = re.search(rf"{MOST}|{LEAST}|前\s*{N}|后\s*{N}|倒数|第\s*{N}", text)
        plan.rank_by = _rank_by(text[:said.end()] if said else text, plan.subject, f)
        return
    if g and (has(text, "count") or re.search(r"多少钱|金额|预算|资金|多少", text)) and not _order(text)[0] \
            and not re.search(r"平均(每个|每家|每一个)(单位|部门)", text):
        # 每个单位有几个项目 / 各单位分别多少钱: one figure per unit (department)
        plan.group_by = _subject_word(g.group(2) or g.group(5))
        money = re.search(r"多少钱|花多少|花了?多少|金额|预算(?!单位)|资金|经费", text)
        plan.ask = "count" if has(text, "count") and not money else "amount"
        plan.with_total = plan.ask == "amount" and bool(re.search(CUES_SUM + r"|加总|合起来|总的", text))
        if has(text, "avg"):
            plan.agg = "avg"  # 各单位平均每个项目多少钱: one average per unit
        plan.subject = "indicator" if re.search(r"指标", text) else (
            "unit" if re.search(r"(几个|多少个|几家|多少家)(预算|下属|二级|所属)?单位|单位(数|的个数)", text) else "project")
        return
    if f.counted and not _order(text)[0]:  # 项目数不到5个的单位: the rows kept by how many they hold
        what = f.counted[2]
        plan.subject = ("department" if re.search("部门", text) else "unit") if what == "projects" else (
            "unit" if re.search(r"单位", text) and not re.search(r"项目", text) else "project")
        plan.ask = "count" if has(text, "count") else "list"
        return
    plan.subject = _subject(text, plan)
    if plan.subject == "project" and f.projects and re.search(r"指标", text) and not has(text, "goal"):
        plan.subject = "indicator"
    if plan.subject == "project" and re.search(r"指标[^,;?]{0,8}(几条|多少条)|(几条|多少条)(绩效)?指标", text) \
            and not re.search(r"(几个|多少个)项目", text):
        plan.subject = "indicator"  # 所有项目的指标加起来有几条: indicators are counted
    having = re.search(r"(有|设有|设置了?|设了|含有?|带有?)□+(的)?(项目|单位)", text)
    if having and (f.levels or f.target) and not f.lacks_indicators:
        f.has_indicators = True  # 有满意度指标的项目中…: the projects (units) having such indicators
        plan.subject = _subject_word(having.group(3))
    agg, n = _order(text)
    if agg and re.search(MOST, text) and re.search(LEAST, text) and has(text, "difference"):
        plan.ask, plan.agg = "amount", "spread"  # 最贵的项目和最便宜的项目差多少: the largest less the smallest
        plan.subject = _ranked_subject(text) or plan.subject
        return
    if agg and (f.levels or f.indicators) and not f.has_indicators and re.search(r"目标值|指标值|目标", ctx.q.text) \
            and not re.search(r"预算|金额|资金|钱|经费", text):
        # 哪个项目的满意度目标值最低: the indicators ranked by their targets (each named with its project)
        plan.agg, plan.n, plan.subject, plan.rank_by, plan.ask = agg, n, "indicator", "amount", "list"
        return
    if agg:
        plan.agg, plan.n = agg, n
        if agg in ("top", "bottom") and _ranked_subject(text):  # 最多的两个项目一共有多少条指标: projects
            plan.subject = _ranked_subject(text)
        # the criterion is said before the ranking word (指标最多的三个项目合计多少钱: by indicators)
        said = re.search(rf"{MOST}|{LEAST}|前\s*{N}|后\s*{N}|倒数|第\s*{N}", text)
        plan.rank_by = _rank_by(text[:said.end()] if said else text, plan.subject, f)
        if plan.subject == "project" and f.units and plan.rank_by == "amount" and re.search(r"哪个单位|哪家单位", text):
            plan.subject = "unit"
        plan.ask = "list"
        if agg in ("top", "bottom") and re.search(SUM_OF_RANKED, text) and not re.search(r"分别|各自|各是|各为", text):
            plan.ask = "amount"  # 资金最多的三个项目合计多少钱: the rows picked, then their sum
            tail = text[said.end():] if said else text
            plan.total_of = "amount" if re.search(r"多少钱|金额|预算|资金|经费|钱|万元", tail) else (
                "indicators" if re.search(r"指标|条", tail) else plan.rank_by)
        return
    if has(text, "median"):
        plan.ask, plan.agg = "amount", "median"
        return
    if has(text, "avg") and (plan.subject == "indicator" or f.indicator_filtered()) \
            and re.search(r"目标值|指标值|目标", ctx.q.text):
        plan.ask, plan.agg, plan.subject = "amount", "avg", "indicator"  # 满意度指标平均目标值
        return
    if has(text, "avg"):
        plan.ask, plan.agg = "amount", "avg"
        if re.search(r"(每个|每家|每一个)(单位)|平均每家(?!项目)", text) or (
                len(f.units) >= 2 and re.search(r"(三|四|五|两|几|\d)(家|个)单位.{0,12}平均每(家|个)(?!项目)", text)):
            plan.subject = "unit"  # 平均每个单位多少钱 / 三家单位的项目资金平均每家: over units
        if re.search(r"指标", text) and has(text, "count"):  # 项目平均有几个指标
            plan.rank_by = "indicators"
        elif plan.subject == "unit" and re.search(r"(几个|多少个)项目|项目(数|个数)", text):
            plan.rank_by = "projects"  # 平均每个单位有几个项目: projects counted per unit
        return
    if f.indicator_filtered() and _explicit_subject(text) in ("project", "unit") and (has(text, "count") or has(text, "list")):
        # 有多少个项目设置了满意度指标 / 哪些项目有质量指标: the projects (units) having such indicators
        f.has_indicators = True
        plan.subject = _explicit_subject(text)
        plan.ask = "count" if has(text, "count") else "list"
        return
    if (plan.subject == "indicator" or f.indicators or f.levels) and not f.has_indicators:
        if (has(text, "count") or (not f.projects and re.search(r"(有|是)多少(条|个)?(呢)?(\?)?$", text)
                                   and not re.search(r"(目标值|指标值|目标)(都|分别|各|又|各自)?(是|为|定|定了|定的|要求)?(多少|几)", text))) \
                and not f.indicators:
            plan.ask, plan.subject = "count", "indicator"
        elif f.indicators or (re.search(r"目标值|指标值|目标是多少|目标多少|定了多少|是多少|多少", text)
                              and (f.projects or f.levels)):
            plan.ask, plan.subject = "target", "indicator"
        else:
            plan.ask, plan.subject = "list", "indicator"
        return
    if f.projects and re.search(r"(属于|归|是|在)(哪个|哪家|哪一个|什么|哪些|哪几个)(单位|部门)|(哪个|哪家|哪些)单位(的|负责|申报|管|有)",
                                text):
        plan.ask = "unit_of"
        return
    if f.projects and (has(text, "goal") or re.search(r"的目标(是什么|是啥|呢|内容)?$|目标$", text)) \
            and not re.search(r"指标", text):
        plan.ask = "goal"
        return
    if f.units and not f.projects and re.search(r"项目", text) and not re.search(r"指标|多少|几", text) \
            and re.search(r"绩效目标|目标是什么|干什么|做什么|用途|用来|要达到什么|实现什么", text):
        plan.ask = "goal"  # 公费医疗办的项目是干什么的: the goal of each of its projects
        return
    # 财政拨款这一来源共计多少: the source named is what is summed, not the list of sources
    named_source = f.source and not re.search(r"哪些|哪几|哪种|什么|有哪|构成|组成|从哪|分别|各", text)
    added = re.search(r"(资金来源|来源)[^,;?]{0,6}(加起来|合计|一共|总共|加在一起|共计|总计)", text)
    if (f.projects or f.units or f.departments or f.not_sources) and has(text, "sources") and not named_source \
            and not added:  # (三个资金来源加起来一共多少: the sum, not the list of sources)
        plan.ask = "sources"
        return
    if (f.units or f.departments) and not f.projects and re.search(r"项目(都|分别|各自)?(有哪些|是哪些|有什么|是什么|都有哪些)", text):
        plan.ask, plan.subject = "list", "project"  # 推广中心的项目有哪些，各多少钱: the list shows each amount
        return
    if f.words and all(w == "indicator" for w, _ in f.words) and _explicit_subject(text) in (None, "indicator") \
            and not re.search(r"预算|金额|资金|钱|经费", text):
        # 跟培训有关的指标叫什么名字，目标多少: the indicators themselves (a list prints each target)
        plan.subject = "indicator"
        plan.ask = "count" if has(text, "count") else "list"
        return
    if f.words and not has(text, "count") and not has(text, "list") and (has(text, "sum") or re.search(r"多少|金额|预算", text)):
        plan.ask, plan.agg = "amount", "sum"
        return
    if has(text, "count") and re.search(r"[,;]?(分别)?(是|有|叫)(哪几|哪些)(个|项|家|条)?[?]?$", text) and not plan.agg:
        plan.ask = "list"  # 有几个项目是哪几个: the list, which says how many
        return
    if has(text, "count"):
        plan.ask = "count"
        if plan.subject == "project" and re.search(r"单位", text) and not f.units and not re.search(r"项目", text):
            plan.subject = "unit"
        return
    if f.source and not f.projects and not has(text, "sum") and re.search(r"哪(?:个|些|一个|几个|一项|笔)(?!单位|部门)", text):
        plan.ask, plan.subject = "list", "project"  # 用了其他资金的是哪个项目，多少钱: the projects having it (each amount shown)
        return
    if f.amount or f.words or f.page:
        plan.ask = "list"
        if plan.subject not in ("unit", "indicator"):
            plan.subject = "project"
        return
    if (f.units or f.departments) and not f.projects and re.search(r"项目", text) \
            and (not re.search(r"多少|金额|预算|钱|资金|经费|总额|合计", text)
                 or (re.search(r"项目(的)?(名称|名字|清单|名单|明细|列表)", text) and not has(text, "sum"))):
        plan.ask, plan.subject = "list", "project"  # 农村经营管理站的项目
        return
    if re.search(r"(哪些|哪几个|哪几|什么)(项目|单位|部门)", text) or (
            has(text, "list") and (plan.subject != "project" or not f.projects or len(f.projects) > 1)
            and not re.search(r"多少|金额|几何", text) and (re.search(r"项目|单位|部门", text) or f.units or f.departments)):
        plan.ask = "list"
        return
    plan.ask = "amount"
    if has(text, "sum") or re.search(TOGETHER, ctx.q.text):  # 两笔加一块儿: the rows added up
        plan.agg = "sum"


def _averaged(plan: Plan, text: str) -> None:
    """两个部门平均每个项目的金额相差多少: each side's average project, not its total, is compared."""
    if has(text, "avg") and plan.rank_by == "amount":
        plan.agg = "avg"


def _twins(ctx: Context, pid: int) -> list:
    """The rows of one table printed with the same name but for a trailing mark (A and A·)."""
    from extractor.ask.text import MARKS, norm
    p = ctx.cat.projects[pid]
    key = norm(p.name).rstrip(MARKS)
    return sorted(i for i, q in ctx.cat.projects.items() if q.doc_id == p.doc_id and norm(q.name).rstrip(MARKS) == key)


def _share(ctx: Context, plan: Plan, text: str, named: list) -> None:
    """占比: the part named before 占 over the whole named after it (or the part's department, or the table)."""
    f = plan.filters
    plan.ask, plan.compare = "share", "share"
    k = ctx.q.text.find("占")
    things = [m for m in named if m.kind != "source"]
    if k < 0 and len(things) >= 2:  # A是B的百分之几: A over B
        k = things[1].pos
    before = [m for m in named if k < 0 or m.pos < k]
    after = [m for m in named if k >= 0 and m.pos >= k]
    inside = _container(ctx, before)
    if inside is not None and not [m for m in after if m.kind != "source"]:
        # 医保基金在公医办里占多大比例: the whole is the unit it sits in; 推广服务经费里单位资金占多少: the project
        before = [m for m in before if m is not inside or inside.kind == "project"]
        after = [inside] + after
    # the part carries the question's filters (超过100万元的项目, 满意度指标, 提到培训的项目)
    part = Filters(docs=list(f.docs), levels=list(f.levels), level_words=list(f.level_words), target=f.target,
                   words=list(f.words), amount=f.amount)
    for m in before:
        _apply_mentions(ctx, part, before=m.pos + 1, after=m.pos)
    whole = Filters(docs=list(f.docs))
    for m in after:
        _apply_mentions(ctx, whole, before=m.pos + 1, after=m.pos)
    if inside is not None and inside.kind == "project":
        whole.source = None  # of the project's whole budget
    if re.search(r"占(本单位|所在单位|所属单位|该单位|本单位预算|单位|其(所在|所属)?单位|它的单位|自己单位|所在的单位)", text) \
            and part.projects:
        whole.units = sorted({ctx.cat.projects[p].unit_id for p in part.projects})
    if not (part.projects or part.units) and re.search(r"占(本单位|该单位|所在单位|所属单位|其单位|其所在单位|它的单位|它所在的?单位|单位|这个单位|那个单位)", text):
        whole.own_unit = True  # 预算最高的项目占该单位预算的百分比: the unit is known once the project is
    own = re.search(r"占(本单位|该单位|其|它的|自己|单位)(的)?(总)?(预算|总额|资金|金额|合计)", text)
    if own and part.units and not part.projects and part.source and not whole.units:
        whole.units = list(part.units)  # 社保中心的财政拨款占本单位预算: of the unit's own total
    elif part.source and (part.units or part.projects) and not whole.source \
            and not (inside is not None and inside.kind == "project") \
            and not re.search(r"占.{0,8}(总额|总预算|总计|全部预算|预算总|总金额|总资金)", text) \
            and not (whole.units and set(whole.units) == set(part.units) and not whole.projects):
        # (退管办的其他资金占退管办项目资金: the same unit named again is its whole budget, not its 其他资金)
        whole.source = part.source  # 人社局本级财政拨款占比: of the department's 财政拨款
    if not (whole.units or whole.projects or whole.departments):
        # the whole: the part's department (全局, 全部门, 总额), i.e. its documents
        docs = set()
        for p in part.projects:
            docs.add(ctx.cat.projects[p].doc_id)
        for u in part.units:
            docs.add(ctx.cat.units[u].doc_id)
        if docs:
            whole.docs = sorted(docs)
    _ranked_part(ctx, text[:k] if k >= 0 else text, part)
    plan.parts = [part, whole]


def _container(ctx: Context, before: list):
    """The thing a share is taken inside, said as 在U里 / P里 before 占: a unit after a project (在公医办里), or a
    project before a funding source (农业技术推广服务经费里单位资金); else None."""
    text = ctx.q.text
    for i, m in enumerate(before):
        end = m.pos + len(m.text)
        if not re.match(r"(里|中|内|当中|之中|里面|里头)", text[end:]):
            continue
        rest = before[i + 1:]
        if m.kind in ("unit", "department") and any(x.kind == "project" for x in before[:i]) and not rest:
            return m
        if m.kind == "project" and rest and all(x.kind == "source" for x in rest):
            return m
    return None


def _ranked_part(ctx: Context, head: str, part: Filters) -> None:
    """人社局预算最大的三个项目加起来占全局的百分之几 / 前两大项目合起来占…: the part is the projects the ranking
    picks, by amount, in the part's scope."""
    agg, n = _order(head)
    if agg not in ("top", "bottom", "max", "min", "nth", "nth_min") or part.projects \
            or _explicit_subject(head) not in (None, "project"):
        return
    part.projects = ranked_projects(ctx.cat, part, agg, n)
    part.picked_rank = (agg, n)
    word = {"top": "最大", "max": "最大", "bottom": "最小", "min": "最小"}.get(agg)
    part.picked_by = f"{word}的{n or 1}个项目" if word else f"{'第' if agg == 'nth' else '倒数第'}{n}大的项目"


def ranked_projects(cat, f: Filters, agg: str, n) -> list:
    """The projects a ranking picks among a Filters' documents (and units): 最大的三个, 第二大的 (ties share a place)."""
    rows = [p for p in cat.projects_of(f.docs) if (not f.units or p.unit_id in f.units) and p.total is not None]
    rows.sort(key=lambda p: p.total, reverse=agg in ("top", "max", "nth"))
    n = n or 1
    if agg in ("nth", "nth_min"):
        values = list(dict.fromkeys(p.total for p in rows))
        return [p.id for p in rows if n <= len(values) and p.total == values[n - 1]]
    return [p.id for p in rows[:n]]
