"""Ask the budget in Chinese, offline: a question → a typed plan → parameterised SQL → an answer.

    answer("budget.db", "社保中心项目的平均金额是多少？")
    # Answer(answer="广州市从化区社会保险基金管理中心17个项目平均每个项目78.57万元…（据…《…》）",
    #        value=Decimal("78.57"), citations=[…], sql="SELECT …", caveats=[], plan={…})

No model. The planners (extractor/ask/planners/) read the question against the database's own
names (extractor/ask/catalog.py) and fill a Plan (extractor/ask/plan.py); extractor/ask/query.py
builds the SQL; extractor/ask/answers.py writes the sentence. The whole question or nothing: a word
no planner understood is named and no figure is given; what the table cannot tell (执行数, 上年,
人均 …) is said plainly, with no number that could pass for an answer.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from extractor.ask.answers import Answerer, Result, caveats
from extractor.ask.answers.verdict import refusal_verdict
from extractor.ask.catalog import load_catalog
from extractor.ask.planners import read
from extractor.ask.planners.refusals import lacking
from extractor.ask.reading import strip_function_words
from extractor.ask.text import norm

__all__ = ["Answer", "answer"]

MAX_QUESTION = 300


class Answer(BaseModel):
    """An answer: a Chinese sentence, the value it states, the rows it came from, the SQL that ran,
    the findings on those rows (caveats) and the plan that answered."""

    answer: str
    value: Any = None
    citations: list[dict] = Field(default_factory=list)
    sql: str = ""
    kind: str = Field(default="", description="the plan that answered: amount, total, count, rank, …")
    caveats: list[dict] = Field(default_factory=list)
    plan: dict = Field(default_factory=dict)
    queries: list[str] = Field(default_factory=list, description="every SELECT that ran; `sql` is the main one")

    def to_json(self) -> dict:
        return {"answer": self.answer, "value": _jsonable(self.value), "citations": self.citations, "sql": self.sql,
                "queries": self.queries, "caveats": self.caveats, "plan": _jsonable(self.plan)}


def _jsonable(v):
    if isinstance(v, Decimal):
        return format(v, "f")  # decimals as strings, as in the JSON export
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


def nothing(text: str, kind: str = "none", plan: dict | None = None) -> Answer:
    return Answer(answer=text, value=None, citations=[], sql="", kind=kind, plan=plan or {})


_BODY_END = ("局", "中心", "办", "委", "站", "所", "院", "队", "处", "室", "厅", "会")


def _not_understood(words: list[str]) -> str:
    concept = lacking(words)
    if concept:  # 发下去, 往年: the word says what the table lacks — name that, not only the word
        return concept
    shown = "、".join(f"“{w}”" for w in dict.fromkeys(words))
    if any(w.endswith(_BODY_END) for w in words):  # a body the database lacks (广州市教育局)
        return f"数据中没有{shown}：库中没有这个部门或单位的预算表，无法回答，所以不给出数字。"
    return (f"无法回答：问题中的{shown}在库中找不到对应的内容——它不是库中任何部门、单位、项目、指标或资金来源的名称，"
            f"也不是表中有的数据，所以不给出数字。")


def _not_carried(words: list[str]) -> str:
    shown = "、".join(f"“{w}”" for w in dict.fromkeys(words))
    return (f"无法完整回答：问题中的{shown}这一要求，无法和问题的其余部分合成一个查询；只回答一部分会答非所问，"
            f"所以不给出数字。可以把问题拆开来问。")


#: Where a compound question splits (先说…，再说…；另外…): its clauses, each asked on its own.
_CLAUSES = re.compile(r"[，,；;。？?！!\s]+|另外|此外|然后|再说|最后")
#: A clause that asks something (not 请一并列出 or 谢谢).
_ASKS = re.compile(r"多少|几|哪|什么|啥|是否|吗|有没有|列出|各是|分别|"
                   r"最(多|少|大|小|高|低|贵|便宜)的(项目|单位)$")  # 金额最小的项目，…: a ranking clause asks which


def _by_clauses(db_path, cat, question: str, failed: Answer) -> Answer:
    """社保中心17个项目总共多少钱，平均每个多少，最大的是哪个: a question no one plan carries, answered clause by
    clause — each clause after the first is asked of what the first named (社保中心) unless it names its own. Every
    clause must be answered in full; if one is refused or not understood, the whole answer is the first failure."""
    pieces = [p for p in _CLAUSES.split(question) if p]
    if any(not _ASKS.search(p) and re.search(r"[\u4e00-\u9fff]{2,}", strip_function_words(norm(p))) for p in pieces):
        return failed  # a clause asking nothing but saying something (不含办公楼): its words would be dropped
    parts = [p for p in pieces if _ASKS.search(p)]
    if not 2 <= len(parts) <= 4:
        return failed
    _plan0, ctx0 = read(cat, parts[0])
    named = "".join(dict.fromkeys(m.text for m in ctx0.of("department", "unit", "project")))
    texts, answers = [], []
    for i, part in enumerate(parts):
        asked = part
        if i and named:
            _plan, ctx = read(cat, part)
            if not ctx.of("department", "unit", "project"):
                asked = named + "的" + part
        a = answer(db_path, asked, split=False)
        if a.kind in ("refuse", "not_understood", "none") or a.value is None:
            return failed
        if i == 0 and a.kind == "rank" and isinstance(a.value, str) \
                and sum(p.name == a.value for p in cat.projects.values()) == 1:  # (a name one row bears)
            named = a.value  # 金额最小的项目，一共有几条指标，在哪个单位: the later clauses ask of the project it picked
        answers.append(a)
        texts.append(a.answer.split("。（据")[0])
    first = answers[0]
    tail = first.answer.partition("。（据")[2]
    return Answer(answer="；".join(texts) + (f"。（据{tail}" if tail else "。"), value=[a.value for a in answers],
                  citations=[c for a in answers for c in a.citations], sql=first.sql, kind="clauses",
                  caveats=[c for a in answers for c in a.caveats], plan={"clauses": [a.plan for a in answers]},
                  queries=[q for a in answers for q in a.queries])


def answer(db_path, question: str, split: bool = True) -> Answer:
    """Answer a Chinese question about the budget database at `db_path` (`split`: a compound question no one
    plan carries may be answered clause by clause)."""
    cat = load_catalog(db_path)
    if not cat.docs or not cat.projects:
        return nothing("数据中没有任何预算表（数据库是空的）。")
    if len(question or "") > MAX_QUESTION:
        return nothing("问题太长，无法可靠地回答；请只问一件事。")
    if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", question or ""):
        return nothing("问题是空的：没有可以回答的内容。")
    plan, _ctx = read(cat, question)
    described = plan.describe()
    if plan.refusal:
        text = refusal_verdict(plan.whether, plan.refusal) + (f"（相关信息：{plan.related}。）" if plan.related else "")
        return nothing(text, "refuse", described)
    if plan.not_understood:
        failed = nothing(_not_understood(plan.not_understood), "not_understood", described)
        return _by_clauses(db_path, cat, question, failed) if split else failed
    if plan.unused:
        failed = nothing(_not_carried(plan.unused), "not_understood", described)
        return _by_clauses(db_path, cat, question, failed) if split else failed
    answerer = Answerer(cat, plan)
    res: Result = answerer.answer()
    cav = caveats(cat, res.records)
    text = res.text
    if cav:
        codes = "、".join(dict.fromkeys(c["code"] for c in cav))
        text += f"注意：所依据的行有检查发现（{codes}），数字可能有误，请核对原表。"
    return Answer(answer=text, value=res.value, citations=res.citations, sql=res.sql, kind=res.kind, caveats=cav,
                  plan=described, queries=res.queries)
