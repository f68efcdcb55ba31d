"""What a question leaves out (除外): 除了财政拨款之外…还用了什么资金, 退休人员移交退管活动资金以外，退管办其余
项目…, 除了就业中心之外的单位. The thing named is not a filter but its opposite: its rows are left out.

Read after the names and before the refusals (其余 / 剩下的 then say "the rest", not money left over).
"""

from __future__ import annotations

import re

from extractor.ask.planners.base import Context

_BEFORE = re.compile(r"(除了|除去|除开|除|不算|不含|不包括|不计|扣除|去掉|刨去|刨除|排除)$")
_AFTER = re.compile(r"^(和|与|及|、)?(之外|以外|外(?![地省市区县]))")
#: "the rest" once something is left out: no content of its own.
_REST = r"(其余的?|其他的?|其它的?|别的|剩下的?|剩余的?|余下的?|另外的?)(?!资金)"


def _runs(ctx: Context) -> list[list]:
    """Names said one after another, joined by 和 / 、 (除了A和B之外): each run is left out or kept whole."""
    text = ctx.q.text
    runs: list[list] = []
    for m in sorted(ctx.of("project", "unit", "source"), key=lambda m: m.pos):
        last = runs[-1][-1] if runs else None
        if last is not None and re.fullmatch(r"(和|与|及|、)", text[last.pos + len(last.text):m.pos]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def plan_exclusions(ctx: Context) -> None:
    text = ctx.q.text
    f = ctx.plan.filters
    found = False
    for run in _runs(ctx):
        start, end = run[0].pos, run[-1].pos + len(run[-1].text)
        before = _BEFORE.search(text[:start])
        if before and not ctx.q.free(before.start(), before.end()):
            before = None
        after = _AFTER.match(text[end:])
        if not before and not after:
            continue
        for m in run:
            ctx.mentions.remove(m)
            if m.kind == "project":
                f.not_projects += [i for i in m.ids if i not in f.not_projects]
            elif m.kind == "unit":
                f.not_units += [i for i in m.ids if i not in f.not_units]
            else:
                f.not_sources += [i for i in m.ids if i not in f.not_sources]
        if before:
            ctx.q.claim(before.start(), before.end())
        if after:
            ctx.q.claim(end, end + after.end())
        for m in run[:-1]:  # the 和 / 、 between them
            ctx.q.claim(m.pos + len(m.text), m.pos + len(m.text) + 1)
        found = True
    found = _ranked_left_out(ctx) or found
    _subordinates(ctx)
    if found:
        while ctx.q.take_match(_REST):
            pass


#: 把金额最大的那个项目去掉 / 不算最小的两个项目: rows a ranking picks, left out.
_RANKED = re.compile(r"(把|将)?(去掉|除去|除掉|扣除|扣掉|不算|排除|拿掉|剔除)?(金额|预算|资金)?(最大|最高|最多|最小|最低|最少)的"
                     r"(那个|那一个|一个|那|([一二两三四五六七八九十\d]+)个)?项目(去掉|除去|除掉|扣除|扣掉|不算|排除|拿掉|剔除)?")


def _ranked_left_out(ctx: Context) -> bool:
    from extractor.ask.text import cn_number

    m = ctx.q.search(_RANKED.pattern)
    if not m or not (m.group(2) or m.group(7)):
        return False
    docs = sorted({d for x in ctx.of("department") for d in ctx.cat.scope if ctx.cat.docs[d].department in x.ids}) \
        or list(ctx.cat.scope)
    units = {u for x in ctx.of("unit") for u in x.ids}
    rows = [p for p in ctx.cat.projects_of(docs) if p.total is not None and (not units or p.unit_id in units)]
    rows.sort(key=lambda p: p.total, reverse=m.group(4) in ("最大", "最高", "最多"))
    n = int(cn_number(m.group(6))) if m.group(6) else 1
    f = ctx.plan.filters
    f.not_projects += [p.id for p in rows[:n] if p.id not in f.not_projects]
    ctx.q.claim(m.start(), m.end())
    return True


#: 下属单位 / 二级单位 / 不含本级: the units under a department, its own unit (本级, the one bearing its name) left out.
_OWN_LEFT_OUT = r"(不含|不包括|不包含|不算|不计|扣除|除去|除掉|除了|除)(局机关|局|机关)?本级(单位)?(以外|之外|外|在内)?"
_UNDER = r"下属|二级单位"


def _subordinates(ctx: Context) -> None:
    m = ctx.q.search(_OWN_LEFT_OUT)
    if m:
        ctx.q.claim(m.start(), m.end())
    elif not ctx.q.search(_UNDER) or any(x.own_unit for x in ctx.of("unit")) \
            or ctx.q.search(r"(不算|不含|不包括|不计|除了?|除去|除开)(其|它的)?(所有|全部|各)?(下属|二级)") or ctx.q.search(r"(含|包括|包含|连同|加上)(局机关|局|机关)?本级|"
                                                   r"(连同|和|及|与|以及|加上|包括|包含|含|带上)(其|它的|它|各|所有|全部)*(下属|二级)|"
                                                   r",(其|它的|它)(各|所有|全部)*(下属|二级)"):  # 及其下属 reads ,它的下属
        return
    deps = {d for x in ctx.of("department") for d in x.ids}
    docs = [d for d in ctx.cat.scope if not deps or ctx.cat.docs[d].department in deps]
    f = ctx.plan.filters
    for u in ctx.cat.units_of(docs):
        if u.name == ctx.cat.docs[u.doc_id].department and u.id not in f.not_units:
            f.not_units.append(u.id)
