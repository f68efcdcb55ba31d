"""The plan vocabulary as a tool for the agent (extractor/ask/agent.py): the model fills a typed plan
(what is asked, names, filters, aggregation, comparison) instead of writing SQL, and the same
answerer runs it — same SQL builder, same citations, same caveats.

Names the model gives are read by the same planners as a question's names (full names, heads of
names, abbreviations such as 人社局 / 社保中心, fragments, near spellings), so it needs no ids.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from extractor.ask.answers import Answerer, caveats
from extractor.ask.catalog import Catalog
from extractor.ask.plan import AGGREGATIONS, ASKS, Filters, Plan, TargetFilter
from extractor.ask.planners import bodies, indicators, measures, names
from extractor.ask.planners.base import Context
from extractor.ask.reading import Reading

_NAMES = {"type": "array", "items": {"type": "string"}}
_THING = {
    "department": {"type": "string", "description": "a department (部门) as a whole, e.g. 从化区人社局"},
    "units": {**_NAMES, "description": "units (单位), full or short names (社保中心)"},
    "projects": {**_NAMES, "description": "project names or fragments of them (三支一扶)"},
    "source": {"type": "string", "description": "a funding source (财政拨款, 一般公共预算, 其他资金 …)"},
}

SCHEMA = {
    "type": "object",
    "properties": {
        "ask": {"type": "string", "enum": [a for a in ASKS if a not in ("catalog", "refuse")]},
        "subject": {"type": "string", "enum": ["project", "unit", "indicator", "department"]},
        **_THING,
        "levels": {**_NAMES, "description": "indicator levels (产出, 数量, 满意度, 效益 …)"},
        "indicators": {**_NAMES, "description": "indicator names"},
        "target": {"type": "object", "properties": {
            "op": {"type": "string", "enum": ["≥", "≤", ">", "<", "=", "between"]}, "value": {"type": "number"},
            "high": {"type": "number"}, "unit": {"type": "string"}, "raw": {"type": "string"},
            "qualitative": {"type": "boolean"}, "period": {"type": "boolean"},
            "printed_op": {"type": "string", "enum": ["≥", "≤", ">", "<"],
                           "description": "targets printed with this comparator, whatever their number"},
            "by_number": {"type": "boolean", "description": "compare the number alone, not the comparator printed"}}},
        "words": {"type": "array", "items": {"type": "object", "properties": {
            "where": {"type": "string", "enum": ["goal", "name", "indicator", "any"]}, "word": {"type": "string"}}}},
        "words_not": {"type": "boolean", "description": "the rows holding none of the words (没有提到)"},
        "exclude": {"type": "object", "properties": {k: _THING[k] for k in ("units", "projects")} | {
            "sources": _NAMES}, "description": "rows left out (除了…之外)"},
        "amount": {"type": "object", "properties": {
            "op": {"type": "string", "enum": ["≥", "≤", ">", "<", "=", "between"]}, "value": {"type": "number"},
            "high": {"type": "number"}}, "description": "a filter on amounts, in the document's money unit"},
        "agg": {"type": "string", "enum": list(AGGREGATIONS) + ["nth_min"]},
        "n": {"type": "integer"},
        "rank_by": {"type": "string", "enum": ["amount", "indicators", "projects"]},
        "compare": {"type": "string", "enum": ["difference", "ratio", "share"]},
        "compare_to": {"type": "object", "properties": _THING,
                       "description": "the other side of a comparison, or the whole of a share"},
    },
    "required": ["ask"],
}

TOOL = {"type": "function", "function": {
    "name": "plan",
    "description": "Answer with the offline engine's typed query plan (preferred to raw SQL). Returns the answer "
                   "sentence, its value, the rows it rests on (table, id), and caveats (findings on those rows).",
    "parameters": SCHEMA}}


def _mentions(cat: Catalog, text: str) -> Context:
    """The names in `text`, read by the question planners."""
    ctx = Context(cat=cat, q=Reading(text), names_docs=list(cat.scope_all))
    for planner in (bodies.plan_exact, names.plan_projects_exact, names.plan_indicators_exact, names.plan_sources,
                    bodies.plan_abbreviations, names.plan_project_fragments, names.plan_fuzzy):
        planner(ctx)
    return ctx


def _filters(cat: Catalog, args: dict, docs: list) -> Filters:
    f = Filters(docs=list(docs))
    bits = [args.get("department") or ""] + list(args.get("units") or []) + list(args.get("projects") or []) \
        + list(args.get("indicators") or [])
    if args.get("source"):
        bits.append(args["source"])
    ctx = _mentions(cat, "，".join(b for b in bits if b))
    measures._apply_mentions(ctx, f)
    return f


def _number(v):
    try:
        return None if v is None else Decimal(str(v))
    except InvalidOperation:
        return None


def plan_from_args(cat: Catalog, args: dict) -> Plan:
    f = _filters(cat, args, cat.scope)
    for level in args.get("levels") or []:
        ctx = Context(cat=cat, q=Reading(level), names_docs=list(cat.scope_all))
        f.levels.append(indicators._levels_for(ctx, level.replace("指标", "")) or [level])
        f.level_words.append(level)
    t = args.get("target") or {}
    if t:
        f.target = TargetFilter(op=t.get("op"), value=_number(t.get("value")), high=_number(t.get("high")),
                                unit=t.get("unit"), raw=t.get("raw"), qualitative=bool(t.get("qualitative")),
                                period=bool(t.get("period")), printed_op=t.get("printed_op"),
                                by_number=bool(t.get("by_number")))
    f.words = [(w.get("where", "any"), w["word"]) for w in args.get("words") or [] if w.get("word")]
    f.words_not = bool(args.get("words_not")) and bool(f.words)
    ex = args.get("exclude") or {}
    if ex:
        left = _filters(cat, {k: ex.get(k) for k in ("units", "projects")}, cat.scope)
        f.not_units, f.not_projects = list(left.units), list(left.projects)
        f.not_sources = [s for s in (_filters(cat, {"source": s}, cat.scope).source for s in ex.get("sources") or []) if s]
    a = args.get("amount") or {}
    if a.get("op") and _number(a.get("value")) is not None:
        f.amount = (a["op"], _number(a["value"]), _number(a.get("high")), None)  # in the document's unit
    plan = Plan(ask=args.get("ask", "amount"), subject=args.get("subject", "project"), filters=f,
                agg=args.get("agg"), n=args.get("n"), rank_by=args.get("rank_by", "amount"),
                compare=args.get("compare"))
    if plan.compare:
        plan.ask = "share" if plan.compare == "share" else "compare"
        other = _filters(cat, args.get("compare_to") or {}, cat.scope)
        if plan.compare == "share" and not (other.units or other.projects or other.departments):
            other.docs = f.docs
        plan.parts = [f, other]
    return plan


def run_plan(cat: Catalog, args: dict) -> dict:
    """Run a plan the model filled; the result the tool returns."""
    plan = plan_from_args(cat, args)
    res = Answerer(cat, plan).answer()
    return {"answer": res.text, "value": res.value, "rows": [{"table": c.get("table"), "id": c.get("id")}
                                                              for c in res.citations if c.get("id") is not None],
            "caveats": caveats(cat, res.records), "sql": res.sql, "plan": plan.describe()}
