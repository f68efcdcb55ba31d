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
    if found:
        while ctx.q.take_match(_REST):
            pass
