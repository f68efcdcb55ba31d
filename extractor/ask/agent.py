"""A question-answering agent for when a model is configured: OpenAI tool calling with the
offline engine's plan vocabulary as a `plan` tool (extractor/ask/tool.py), a guarded `sql` tool
and a `search_names` tool over the budget database.

The agent keeps the offline engine's rules: a question the table cannot answer (执行数, 上年,
人均 …, read by the same refusal planner) is refused without asking the model and without a
figure; an answer resting on rows with error or warning findings carries them as caveats; and the
whole question or nothing (coverage.py): the step whose result holds the answer's figure must carry
every cue of the question (最多 → a ranking, 平均 → an average, 几个 → a count, 指标 → the
indicators). A plan the model fills is checked before it runs (the model is told what it lacks);
an SQL answer is read for the same concepts (sqlcover.py); an answer that does not carry them
is not passed on, and the offline engine answers instead.

The model may only read the database through `sqltool.run_sql` (read-only,
authorizer, one SELECT over known tables, row cap, time limit). Its final
answer must cite rows it actually read, and the figure it states must appear
in what the tools returned; otherwise the answer is not trusted and the
offline engine answers instead, saying so.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

import openai
from rapidfuzz import fuzz, process

from extractor.ask import sqlcover, sqltool
from extractor.ask import tool as plan_tool
from extractor.ask.answers import caveats as caveats_of
from extractor.ask.catalog import load_catalog
from extractor.ask.engine import Answer
from extractor.ask.engine import answer as offline_answer
from extractor.ask.planners import coverage
from extractor.ask.planners import read as read_question
from extractor.backends.llm import LLMConfig, ModelClient, Usage, _json_from_text
from extractor.normalize import for_matching
from extractor.store.db import SCHEMA

#: The SQL-level tools (the recorded cassettes were made with these alone).
SQL_TOOLS = [
    {"type": "function", "function": {
        "name": "sql",
        "description": "Run ONE read-only SQLite SELECT over the budget tables and get rows back (at most 50).",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}},
    {"type": "function", "function": {
        "name": "search_names",
        "description": "Find units, projects or indicators whose names are close to a text (fuzzy). Returns ids.",
        "parameters": {"type": "object", "properties": {
            "text": {"type": "string"}, "kind": {"type": "string", "enum": ["unit", "project", "indicator"]}},
            "required": ["text"]}}},
]
#: With the plan vocabulary (extractor/ask/tool.py) first: what `extractor ask` offers the model.
TOOLS = [plan_tool.TOOL] + SQL_TOOLS

SYSTEM = """你是预算数据分析助手，用中文回答关于项目支出绩效目标表数据库的问题。
只能通过工具读取数据：sql（一条只读 SELECT）和 search_names（按名称模糊查找）。
表结构：
{schema}
金额是万元（documents.money_unit），以精确小数文本存储：计算时用 CAST(total AS REAL)。
回答时只输出一个 JSON 对象：{{"answer": "中文回答", "value": 数值或文本或null, "citations": [{{"table": "projects", "id": 12}}]}}。
citations 必须是你通过工具读到的行（表名和 id）。数据中没有的内容，回答“数据中没有”，value 为 null。"""


#: Said to the model when it has the plan tool: prefer it, and the table's limits.
PLAN_RULES = """
另有 plan 工具：按查询计划回答（优先使用），给出名称即可，不需要 id。
表中只有一个年度的预算数和绩效目标：没有执行数、实际支出、上年数、人员数、政府采购、评价得分、按月数据；
问到这些时回答“表中没有…”，不要给出任何数字。部门名指整个部门（所有单位），不是同名的本级单位。"""


#: The tables an answer can come from (not the bookkeeping ones: failures, llm_usage).
AGENT_TABLES = ("documents", "units", "projects", "amounts", "indicators", "findings")


def schema_text() -> str:
    return "\n".join(f"- {t}({', '.join(SCHEMA[t])})" for t in AGENT_TABLES)


@dataclass
class AgentTrace:
    steps: list[dict] = field(default_factory=list)
    read: set[tuple[str, int]] = field(default_factory=set)  # (table, id) rows the model saw
    values: list[str] = field(default_factory=list)  # every cell value the tools returned
    need: list[tuple[str, str]] = field(default_factory=list)  # the question's cues: (concept, word)
    carrying: list[str] = field(default_factory=list)  # values returned by steps that carry every cue


def _tables_in(query: str) -> list[str]:
    try:
        tree = sqltool.check_sql(query)
    except sqltool.SQLRefused:
        return []
    import sqlglot.expressions as exp

    return sorted({t.name for t in tree.find_all(exp.Table)})


def tool_sql(db_path: str, query: str, trace: AgentTrace) -> dict:
    try:
        result = sqltool.run_sql(db_path, query, max_rows=50, timeout_s=2.0)
    except sqltool.SQLRefused as e:
        return {"error": f"refused: {e}"}
    except sqlite3.Error as e:
        return {"error": f"SQL error: {e}"}
    tables = _tables_in(query)
    if "id" in result["columns"] and len(tables) == 1:
        i = result["columns"].index("id")
        trace.read.update((tables[0], row[i]) for row in result["rows"] if isinstance(row[i], int))
    values = [str(v) for row in result["rows"] for v in row if v is not None]
    trace.values.extend(values)
    missing = _missing(trace.need, sqlcover.carried(query))
    if not missing:
        trace.carrying.extend(values)
    return result


def tool_search(db_path: str, text: str, kind: Optional[str], trace: AgentTrace) -> dict:
    table = {"unit": "units", "indicator": "indicators"}.get(kind or "project", "projects")
    conn = sqltool.connect_readonly(db_path)
    try:
        rows = conn.execute(f"SELECT id, name FROM {table}").fetchall()
    finally:
        conn.close()
    names = {r[0]: r[1] for r in rows}
    hits = process.extract(for_matching(text), {k: for_matching(v) for k, v in names.items()},
                           scorer=fuzz.partial_ratio, limit=10, score_cutoff=60)
    out = [{"table": table, "id": key, "name": names[key], "score": round(score)} for _, score, key in hits]
    trace.read.update((table, h["id"]) for h in out)
    trace.values.extend(h["name"] for h in out)
    return {"matches": out}


def _missing(need: list[tuple[str, str]], carried: set[str]) -> list[str]:
    """The cue words of the question whose concept `carried` lacks."""
    return [word for concept, word in need if concept not in carried]


#: How the plan tool carries each concept: told to the model when its plan lacks one.
PLAN_HINTS = {"rank": "agg=max/min/top/bottom/nth", "sum": "agg=sum (or ask=count/share/compare)",
              "average": "agg=avg", "median": "agg=median", "share": "compare=share",
              "count": "ask=count", "indicator": "subject=indicator, levels or indicators", "target": "ask=target"}


def _grounded_value(value: Any, trace: AgentTrace, values: Optional[list[str]] = None) -> bool:
    values = trace.values if values is None else values
    if value is None:
        return True
    if isinstance(value, (int, float)) or re.fullmatch(r"-?[\d,]+(\.\d+)?", str(value)):
        try:
            v = Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            return False
        for s in values:
            try:
                if Decimal(s.replace(",", "")) == v:
                    return True
            except InvalidOperation:
                if str(value) in s:  # a figure inside a returned sentence or name
                    return True
        return False
    return any(for_matching(str(value)) in for_matching(s) for s in values)


#: A figure an answer states: a decimal, a grouped number, or two digits or more that are not a year.
_FIGURE = re.compile(r"(?<![\d.])\d[\d,]*\.\d+|(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\d.,])\d{2,}(?![\d.,年])")


def _ungrounded_figures(text: str, values: list[str]) -> list[str]:
    """The figures in an answer's text that no step (of those allowed) returned."""
    return [f for f in _FIGURE.findall(text) if not _grounded_value(f, AgentTrace(), values)]


def tool_plan(db_path: str, args: dict, trace: AgentTrace) -> dict:
    """Run the plan the model filled, once it carries every cue of the question; else tell it what it lacks."""
    cat = load_catalog(db_path)
    try:
        missing = _missing(trace.need, coverage.carried_by(plan_tool.plan_from_args(cat, args)))
        if missing:
            hints = "; ".join(f"“{w}” needs {PLAN_HINTS[c]}" for c, w in trace.need if w in missing)
            return {"error": f"plan does not carry the question's {'、'.join(missing)}: {hints}"}
        result = plan_tool.run_plan(cat, args)
    except (KeyError, ValueError, TypeError, sqltool.SQLRefused) as e:
        return {"error": f"plan not runnable: {type(e).__name__}: {e}"}
    trace.read.update((r["table"], r["id"]) for r in result["rows"])
    value = result["value"]
    values = re.findall(r"[\d,]+(?:\.\d+)?", result["answer"]) + [result["answer"]] + [
        str(v) for v in (value if isinstance(value, list) else [value]) if v is not None]
    trace.values.extend(values)
    trace.carrying.extend(values)
    return json.loads(json.dumps(result, ensure_ascii=False, default=str))


def _caveats_for(db_path: str, cited: set) -> list[dict]:
    """Findings (error, warning) on the rows the model cited: projects and units by id."""
    cat = load_catalog(db_path)
    records = []
    for table, i in cited:
        if table == "projects" and i in cat.projects:
            records.append((cat.projects[i].doc_id, cat.projects[i].record))
        elif table == "units" and i in cat.units:
            records.append((cat.units[i].doc_id, cat.units[i].record))
    return caveats_of(cat, records)


def ask_agent(db_path: str, question: str, config: Optional[LLMConfig] = None, max_steps: int = 6,
              client: Optional[ModelClient] = None, plan: bool = True) -> tuple[Answer, AgentTrace, Usage]:
    """Answer with the model and the tools; fall back to the offline engine when the model's
    answer cannot be verified (no citations it read, a figure no tool returned, or a figure from
    a step that does not carry the question's cues).

    `plan`: offer the plan tool (what `extractor ask` does); False offers the SQL tools alone."""
    config = config or LLMConfig.from_env()
    trace = AgentTrace()
    usage = Usage("ask", "ask_agent@v1", config.model)
    # The refusal rules first: what the table cannot tell is refused without asking the model.
    read, ctx = read_question(load_catalog(db_path), question)
    if read.refusal:
        return offline_answer(db_path, question), trace, usage
    trace.need = [] if read.ask == "catalog" else coverage.needed(read, ctx.q.masked())
    client = client or ModelClient(config)
    tools = TOOLS if plan else SQL_TOOLS
    system = SYSTEM.format(schema=schema_text()) + (PLAN_RULES if plan else "")
    messages: list[dict] = [{"role": "system", "content": system},
                            {"role": "user", "content": question}]
    reason = "the model gave no final answer"
    for _ in range(max_steps):
        try:
            response = client.chat(
                usage, model=config.model, messages=messages, tools=tools, temperature=config.temperature,
                max_tokens=config.max_tokens, **({"seed": config.seed} if config.seed is not None else {}))
        except (openai.APIError, openai.APIConnectionError) as e:
            reason = f"model request failed: {type(e).__name__}"
            break
        usage.add(response.usage.model_dump() if response.usage else {}, config.prices)
        msg = response.choices[0].message
        calls = msg.tool_calls or []
        if calls:
            messages.append({"role": "assistant", "content": msg.content or "",
                             "tool_calls": [c.model_dump() for c in calls]})
            for call in calls:
                try:
                    args = json.loads(call.function.arguments or "{}")
                except json.JSONDecodeError:
                    args = {}
                if call.function.name == "plan":
                    result = tool_plan(db_path, args, trace)
                elif call.function.name == "sql":
                    result = tool_sql(db_path, str(args.get("query", "")), trace)
                elif call.function.name == "search_names":
                    result = tool_search(db_path, str(args.get("text", "")), args.get("kind"), trace)
                else:
                    result = {"error": f"no tool named {call.function.name}"}
                trace.steps.append({"tool": call.function.name, "args": args, "result": result})
                messages.append({"role": "tool", "tool_call_id": call.id,
                                 "content": json.dumps(result, ensure_ascii=False, default=str)[:6000]})
            continue
        try:
            final = _json_from_text(msg.content or "")
        except (json.JSONDecodeError, ValueError):
            reason = "the model's answer was not the JSON asked for"
            break
        cited = {(c.get("table"), c.get("id")) for c in final.get("citations", []) if isinstance(c, dict)}
        if final.get("value") is not None and (not cited or not cited <= trace.read):
            reason = "the model cited rows it did not read" if cited else "the model cited no rows"
            break
        if not _grounded_value(final.get("value"), trace):
            reason = f"the model's figure {final.get('value')!r} is not in any row it read"
            break
        text = str(final.get("answer", ""))
        if trace.need and (not _grounded_value(final.get("value"), trace, trace.carrying)
                           or _ungrounded_figures(text, trace.carrying)):
            # the whole question or nothing: the figure must come from a step that carries every cue
            words = "、".join(w for _, w in trace.need)
            reason = f"the model's answer does not rest on a step that carries the question's {words}"
            break
        citations = [{"table": t, "id": i} for t, i in sorted(cited, key=str)]
        sql = "; ".join(s["args"].get("query", "") for s in trace.steps if s["tool"] == "sql") or "; ".join(
            s["result"].get("sql", "") for s in trace.steps if s["tool"] == "plan")
        cav = _caveats_for(db_path, cited)
        if cav:  # the same caveat rule as the offline engine's
            text += f"注意：所依据的行有检查发现（{'、'.join(dict.fromkeys(c['code'] for c in cav))}），数字可能有误，请核对原表。"
        return Answer(answer=text, value=final.get("value"), citations=citations, sql=sql, kind="agent",
                      caveats=cav), trace, usage
    fallback = offline_answer(db_path, question)
    fallback.answer = f"{fallback.answer}（模型的回答未能核实：{reason}；以上为离线引擎的回答）"
    fallback.kind = f"offline-fallback: {reason}"
    return fallback, trace, usage
