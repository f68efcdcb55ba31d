"""Two-step questions (多跳): a ranking picks a row, then a second ask is put to it —
资金最多的单位有几个项目, 指标最多的项目是哪个单位的, 哪个单位的项目最多，它一共多少钱,
预算最高的项目占该单位预算的百分比. The second step is filled by the measures (`fill`, passed in).
"""

from __future__ import annotations

import re
from copy import deepcopy

from extractor.ask.plan import Filters, Plan
from extractor.ask.planners.base import Context
from extractor.ask.planners.cues import LEAST, MOST, N, SUBJ, explicit_subject, has, order, rank_by, ranked_subject, subject_word
from extractor.ask.planners.mentions import apply_mentions


def _take_all(ctx: Context, pattern: str) -> None:
    while ctx.q.take_match(pattern):
        pass

#: Stands for the projects a first step picks, in the second step's filters until they are known.
PICKED = -1

#: The second clause of a two-step question refers back to the row the first one picked.
PRONOUN = (r"[,;?](它的|它们的|它|其(?!中|他|它|余)|该单位的?|该项目的?|该部门的?|这个单位的?|这个项目的?|这个部门的?|"
           r"这家单位的?|那个单位的?|那个项目的?)|(它的|它们的|它)|"
           # 项目个数排第二的单位，项目资金合计多少: the second part asks of the row picked, with no pronoun
           r"[,;](?=(项目资金|项目的?(预算|金额|资金)|预算|金额|资金|经费|钱|有几|有多少|一共|合计|总共|共有|平均)[^,;?]*(多少|几)[^,;]*$)")


def pronoun_step(ctx: Context, text: str, fill) -> bool:
    """哪个单位的项目最多，它一共多少钱 / 预算最大的是哪个项目？这个项目有几条指标: rank, then ask of it."""
    m = re.search(PRONOUN, text)
    if not m or m.start() == 0:
        return False
    head_text, rest = text[:m.start()], text[m.end():]
    if m.group(1) is None and m.group(2) is None and re.search(
            rf"({MOST}|{LEAST})的(?:那个|这个|那一个|那家|那些)?{SUBJ}", head_text):
        return False  # 项目最少的那个单位，…: the ranking names its subject; the two-step reading below has it
    if _unit_of_ranked_then(ctx, head_text, rest, m, fill):
        return True
    named_hop = re.search(f"(?:{NAMED_UNIT_HOP})$", head_text)
    if named_hop and rest.strip(",;?") and _unit_of_named(ctx, named_hop, rest, m.start(), m.end(), fill):
        return True
    subject = explicit_subject(head_text)
    agg, n = order(head_text)
    if agg not in ("max", "min", "nth", "nth_min") or subject not in ("unit", "project", "department") \
            or not rest.strip(",;?"):
        return False
    first = Plan(ask="list", subject=subject, filters=deepcopy(ctx.plan.filters), agg=agg, n=n)
    later = levels_after(ctx, first.filters, m.end())
    first.rank_by = rank_by(head_text, subject, first.filters)
    apply_mentions(ctx, first.filters, before=m.start())
    ctx.q.claim(m.start(), m.end())
    second = Plan(filters=Filters(docs=list(ctx.plan.filters.docs)))
    if subject == "project" and re.search(r"(哪个|哪一个|什么)(单位|部门)", rest):
        ctx.plan.__dict__.update(first.__dict__)
        ctx.plan.then_ask = "unit_of"
        return True
    give_levels(second.filters, later)
    if subject == "project":
        second.filters.projects = [PICKED]
    fill(ctx, second, rest, offset=m.end(), mentions_after=m.end())
    if subject == "project" and second.subject == "project" and re.search(r"指标", ctx.q.text[m.end():]):
        second.subject = "indicator"
    first.then = second
    ctx.plan.__dict__.update(first.__dict__)
    return True


def _unit_of_ranked_then(ctx: Context, head_text: str, rest: str, m: re.Match, fill) -> bool:
    """人社局最大的项目属于哪个单位，这个单位项目资金合计多少: three hops — a ranking picks a project, its unit is
    named, then the rest is asked of that unit (not of the unit a ranking of units would pick)."""
    hop = re.search(UNIT_HOP + "$", head_text)
    if not hop or not rest.strip(",;?"):
        return False
    return _unit_hop(ctx, head_text, hop, rest, m.start(), m.end(), fill)


#: The unit of a ranked project: 最大的项目属于哪个单位 / 金额最多的那个项目所在的单位 / 最大项目所属单位.
_NTH = N.replace("(", "(?:", 1)
UNIT_HOP = (rf"({MOST}|{LEAST}|第\s*{_NTH}\s*(?:大|多|高|少|小|低))的?(?:那个|这个|那一个)?项目"
            rf"(?:(?:是)?(?:属于|归|在|是|挂在|由)?(?:哪个|哪一个|哪家|什么)(?:单位|部门)(?:报的|申报的|管的?|下面|名下|负责|的)?|"
            rf"(?:所在|所属|归属)的?(?:单位|部门)(?:的)?)")


#: The unit of a project named (not ranked): 是哪个单位报的 / 归哪个单位管 / 挂在哪个单位下面 / 所在的单位.
NAMED_UNIT_HOP = (r"(?:是|属于|归|挂在|在|由)?(?:哪个|哪一个|哪家|什么)(?:单位|部门)(?:报的|申报的|管的?|下面|名下|负责|的)?|"
                  r"(?:所在|所属|归属)的?(?:单位|部门)(?:的)?")


def _unit_of_named(ctx: Context, hop: re.Match, rest: str, cut: int, rest_at: int, fill) -> bool:
    """就业补助资金挂在哪个单位下面，这个单位一共几个项目: the named project's unit, then the rest asked of it."""
    named = [x for x in ctx.of("project") if x.pos < hop.start()]
    if not named or ctx.of("unit", "department") and any(x.pos > hop.start() for x in ctx.of("unit", "department")
                                                         if x.pos < cut):
        return False
    first = Plan(ask="list", subject="project", filters=deepcopy(ctx.plan.filters), agg="all")
    apply_mentions(ctx, first.filters, before=hop.start())
    if not first.filters.projects:
        return False
    ctx.q.claim(hop.start(), hop.end())
    ctx.q.claim(cut, rest_at)
    second = Plan(filters=Filters(docs=list(ctx.plan.filters.docs)))
    fill(ctx, second, rest, offset=rest_at, mentions_after=rest_at)
    first.then, first.then_ask = second, "unit_of"
    ctx.plan.__dict__.update(first.__dict__)
    return True


def unit_hop_inline(ctx: Context, text: str, fill) -> bool:
    """最大项目所在单位的项目资金占全部门的比例 / 预算最少的项目所属单位有几个项目: the unit of a ranked project,
    then an ask of that unit in the same clause."""
    hop = re.search(UNIT_HOP + r"(里|中|里面|当中|的|有|一共有|共有)?", text)
    if not hop or not re.search(r"所在|所属|归属", hop.group(0)):
        named = re.search(r"(?<=□)(?:所在|所属|归属)的?(?:单位|部门)(里|中|里面|当中|的|有|一共有|共有)?", text)
        if named and re.search(r"[\u4e00-\u9fff]", text[named.end():].replace("□", "")):
            return _unit_of_named(ctx, named, text[named.end():], named.end(), named.end(), fill)
        return False
    rest = text[hop.end():]
    if not re.search(r"[\u4e00-\u9fff]", rest.replace("□", "")):
        return False
    return _unit_hop(ctx, text[:hop.end()], hop, rest, hop.end(), hop.end(), fill)


def _unit_hop(ctx: Context, head_text: str, hop: re.Match, rest: str, cut: int, rest_at: int, fill) -> bool:
    agg, n = order(hop.group(1))
    if agg not in ("max", "min", "nth", "nth_min"):
        return False
    first = Plan(ask="list", subject="project", filters=deepcopy(ctx.plan.filters), agg=agg, n=n)
    first.rank_by = rank_by(head_text[:hop.start()], "project", first.filters)
    apply_mentions(ctx, first.filters, before=cut)
    ctx.q.claim(hop.start(), hop.end())
    ctx.q.claim(cut, rest_at)
    second = Plan(filters=Filters(docs=list(ctx.plan.filters.docs)))
    fill(ctx, second, rest, offset=rest_at, mentions_after=rest_at)
    first.then, first.then_ask = second, "unit_of"
    ctx.plan.__dict__.update(first.__dict__)
    return True


def levels_after(ctx: Context, f: Filters, pos: int) -> dict:
    """Indicator filters said after the ranking (资金最多的项目的满意度指标): taken off the first step."""
    after = ctx.q.text[pos:]
    if not f.level_words or not all(w[:-2] in after for w in f.level_words):
        return {}
    moved = {"levels": f.levels, "level_words": f.level_words, "level_parts": f.level_parts}
    f.levels, f.level_words, f.level_parts = [], [], []
    return moved


def give_levels(f: Filters, moved: dict) -> None:
    for k, v in moved.items():
        setattr(f, k, v)


def two_step(ctx: Context, text: str, fill) -> bool:
    """资金最多的单位有几个项目 / 预算最少的单位中最大的项目 / 指标最多的项目是哪个单位的."""
    if re.search(MOST, text) and re.search(LEAST, text) and has(text, "difference"):
        return False  # 最贵的和最便宜的差多少: one step, the spread
    group = re.search(r"(每个|每一个|各个|各|分)(部门|单位)|(部门|单位)(各自|分别|各)", ctx.q.text)
    if group and ranked_subject(text) and subject_word(group.group(2) or group.group(3)) != ranked_subject(text):
        return False  # 两个部门各自最大的项目，多少钱: one ranking per department, then its money (one step)
    if pronoun_step(ctx, text, fill) or unit_hop_inline(ctx, text, fill):
        return True
    nth = N.replace("(", "(?:", 1)
    m = re.search(rf"({MOST}|{LEAST}|第\s*{nth}\s*(?:大|多|高|少|小|低))的(?:那个|这个|那一个|那家|那些)?{SUBJ}"
                  rf"(中|里|里面|当中|下面|的|有|是|共有|一共有)?", text)
    if not m:  # 最少的那笔钱是干什么用的: a sum of money is a project
        m = re.search(rf"({MOST}|{LEAST})的(?:那|这)笔(钱|资金|经费)?()(是|的)?", text)
        if not m:
            return False
    rest = text[m.end():]
    said = ctx.q.text[m.end():]  # with names: 满意度指标 was claimed as a level
    first_subject = subject_word(m.group(2)) if m.group(2) and m.group(2) not in ("钱", "资金", "经费") else "project"
    if not re.search(rf"{SUBJ}|多少钱|金额|几个|多少|占|目标|干什么|做什么|用途|用来|用在|来源|哪些资金|什么资金", said) or first_subject not in ("unit", "project", "department"):
        return False
    # the rest must ask something of its own about another subject (or the same one's unit)
    unit_of = first_subject == "project" and re.search(r"(哪个|哪一个|什么)(单位|部门)", rest)
    if not unit_of and not re.search(r"项目|指标|预算|金额|多少钱|资金|经费|钱|占|目标|干什么|做什么|用途|用来|用在", said):
        return False
    first = Plan(ask="list", subject=first_subject, filters=deepcopy(ctx.plan.filters))
    later = levels_after(ctx, first.filters, m.end())
    first.agg = "max" if re.match(MOST, m.group(1)) else "min"
    if m.group(1).startswith("第"):  # 金额第二大的项目有几条指标: the n-th
        first.agg, first.n = order(m.group(1))
    first.rank_by = rank_by(text[: m.start()], first_subject)
    apply_mentions(ctx, first.filters, before=m.start())
    ctx.q.claim(m.start(), m.end())
    second = Plan(filters=Filters(docs=list(ctx.plan.filters.docs)))
    if unit_of:
        ctx.plan.__dict__.update(first.__dict__)
        ctx.plan.then_ask = "unit_of"
        ctx.q.claim(m.end() + unit_of.start(), m.end() + unit_of.end())
        _take_all(ctx, r"是|的")
        return True
    offset = m.end()
    give_levels(second.filters, later)
    if first_subject == "project":
        second.filters.projects = [PICKED]  # the rows the first step picks, known when it runs
    fill(ctx, second, rest, offset=offset, mentions_after=offset)
    first.then = second
    ctx.plan.__dict__.update(first.__dict__)
    return True
