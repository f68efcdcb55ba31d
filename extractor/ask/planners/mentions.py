"""The names a question gave (departments, units, projects, indicators, sources), put into a plan's
filters; a name that exists only in tables not asked about is refused."""

from __future__ import annotations

from extractor.ask.plan import Filters
from extractor.ask.planners.base import Context

def apply_mentions(ctx: Context, f: Filters, before: int = 10**6, after: int = -1) -> None:
    """Put the names the question gave (between `after` and `before`) into filters."""
    docs = list(f.docs)
    for m in sorted(ctx.mentions, key=lambda m: m.pos):
        if not (after <= m.pos < before):
            continue
        if m.kind == "department":
            f.departments += [d for d in m.ids if d not in f.departments]
        elif m.kind == "unit":
            kept = [u for u in m.ids if ctx.cat.units[u].doc_id in docs]
            f.units += [u for u in kept if u not in f.units]
            if not kept:
                outside(ctx, docs, m.text)
        elif m.kind == "project":
            kept = [p for p in m.ids if ctx.cat.projects[p].doc_id in docs]
            f.projects += [p for p in kept if p not in f.projects]
            f.project_words.append(m.text)
            if not kept:
                outside(ctx, docs, m.text)
        elif m.kind == "indicator":
            f.indicators += [n for n in m.ids if n not in f.indicators]
        elif m.kind == "source" and not f.source:
            f.source = m.ids[0]
    if f.departments:
        f.docs = [d for d in docs if ctx.cat.docs[d].department in f.departments] or docs


def outside(ctx: Context, docs: list, name: str) -> None:
    """A name that exists, but not in the tables asked about (花都区农业农村局的就业补助资金, 2025年的…)."""
    where = "、".join(dict.fromkeys(ctx.cat.docs[d].department for d in docs)) or "所问的表"
    ctx.refuse(f"数据中没有{where}的“{name}”：库中的这个名称属于其他部门或其他年度的表，无法回答。")
