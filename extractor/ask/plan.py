"""The typed query plan (查询计划): what a question asks, over which rows, aggregated how.

The planners (extractor/ask/planners/) fill a Plan from the question; the SQL builder
(extractor/ask/query.py) turns its filters into one parameterised SELECT; the answerer
(extractor/ask/answers.py) aggregates the rows and writes the sentence. Nothing in a plan is user
text pasted into SQL: names are resolved to ids or to strings compared through parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

#: What a plan asks for.
ASKS = ("amount", "count", "list", "target", "goal", "sources", "unit_of", "catalog", "share", "compare", "refuse")
#: What it counts, ranks or lists.
SUBJECTS = ("project", "unit", "indicator", "department", "document", "year")
#: How rows are aggregated.
AGGREGATIONS = ("sum", "avg", "median", "max", "min", "top", "bottom", "nth")


@dataclass
class TargetFilter:
    """A filter on an indicator's target (年度指标值 unless 实施周期 is asked): compared value, unit, text."""

    op: Optional[str] = None  # ≥ ≤ > < = between
    value: Optional[Decimal] = None
    high: Optional[Decimal] = None  # for between
    unit: Optional[str] = None  # %, 人, 次, 元, 天 …
    raw: Optional[str] = None  # the target exactly as printed (≥95%)
    contains: Optional[str] = None  # words in the printed target (按时)
    differs: bool = False  # 实施周期指标值 and 年度指标值 not the same
    qualitative: bool = False  # 定性: no number
    quantitative: bool = False  # 定量 / 数值型: a number
    period: bool = False  # 实施周期指标值 rather than 年度指标值
    printed_op: Optional[str] = None  # 目标写“≤”的指标: the comparator the target prints, whatever its number
    by_number: bool = False  # 不论≥还是≤: the number alone is compared, not the comparator printed before it

    def describe(self) -> str:
        if self.printed_op and self.op is None:
            return f"目标值写作“{self.printed_op}”的"
        if self.printed_op and self.op == "=" and self.value is not None:
            return f"目标值写作“{self.printed_op}{self.value}{self.unit or ''}”的"
        if self.qualitative:
            return "没有数值的（定性）"
        if self.quantitative and not self.unit:
            return "有数值的（定量）"
        if self.differs:
            return "实施周期指标值与年度指标值不同的"
        if self.raw:
            return f"写作“{self.raw}”的"
        if self.contains:
            return f"目标值中有“{self.contains}”的"
        bits = []
        if self.op and self.value is not None:
            words = {"≥": "不低于", "≤": "不高于", ">": "高于", "<": "低于", "=": "等于", "≠": "不等于"}
            if self.op == "between":
                bits.append(f"在{self.value}到{self.high}{self.unit or ''}之间")
            else:
                bits.append(f"{words.get(self.op, self.op)}{self.value}{self.unit or ''}")
            if self.by_number:
                bits.append("（只比数值，不论≥还是≤）")
        elif self.unit:
            bits.append(f"以“{self.unit}”为单位")
        return "目标值" + "".join(bits) + "的"


@dataclass
class Filters:
    """Which rows a plan reads. Empty lists mean no restriction; `docs` is always set."""

    docs: list = field(default_factory=list)  # document ids in scope
    departments: list = field(default_factory=list)  # department names asked for (all their units)
    units: list = field(default_factory=list)  # unit ids
    projects: list = field(default_factory=list)  # project ids
    project_words: list = field(default_factory=list)  # how the question named the projects
    source: Optional[str] = None  # canonical funding source (财政拨款, 一般公共预算拨款 …)
    without_source: bool = False  # 没有其他资金
    levels: list = field(default_factory=list)  # groups of level names: a row's level 1 or 2 in each group
    level_parts: list = field(default_factory=list)  # (word, group) when several levels are asked together
    level_words: list = field(default_factory=list)
    indicators: list = field(default_factory=list)  # indicator names
    target: Optional[TargetFilter] = None
    words: list = field(default_factory=list)  # (where: goal | name | indicator | any, word)
    words_any: bool = False  # 提到“农户”或“农民”: a row holding any of the words, not all
    words_not: bool = False  # 没有提到“补贴”: the rows holding none of the words
    not_projects: list = field(default_factory=list)  # 除了X之外 / X以外: project ids left out
    not_units: list = field(default_factory=list)  # unit ids left out
    not_sources: list = field(default_factory=list)  # canonical sources left out (除了财政拨款，还用了什么资金)
    picked_by: Optional[str] = None  # 最大的三个项目占…: the projects are those a ranking picked (前3 by amount)
    picked_rank: Optional[tuple] = None  # (agg, n) of that ranking, to pick again once the unit is known
    amount: Optional[tuple] = None  # (op, value[, high]) on the row's amount, in the document's unit
    page: Optional[int] = None
    has_indicators: bool = False  # projects (units) having at least one indicator that passes the filters
    counted: Optional[tuple] = None  # (op, n, projects | indicators): 项目数超过10个的单位, 指标多于5条的项目
    own_unit: bool = False  # 占该单位预算: the whole is the unit of the rows a first step picks
    lacks_indicators: bool = False  # 没有满意度指标的项目: those having none (with has_indicators)
    all_docs: bool = False  # the question asks across documents (两个部门一共, 所有部门): the sum is the value
    sum_docs: bool = False  # 一共 / 全部 with several documents: each one's figure, then their sum, labelled

    def indicator_filtered(self) -> bool:
        return bool(self.levels or self.indicators or self.target)


@dataclass
class Plan:
    ask: str = "amount"
    subject: str = "project"
    filters: Filters = field(default_factory=Filters)
    agg: Optional[str] = None
    n: Optional[int] = None  # top/bottom N, the n-th
    rank_by: str = "amount"  # amount | indicators | projects
    total_of: str = "amount"  # what the rows a ranking picks add up (前三个项目合计多少钱 / 一共几条指标)
    group_by: Optional[str] = None  # unit | source | level | department
    with_total: bool = False  # 各单位项目资金加总: one figure per group, then their total
    parts: list = field(default_factory=list)  # compare/share: [left Filters, right Filters]
    compare: Optional[str] = None  # difference | ratio | share
    then: Optional["Plan"] = None  # multi-hop: the row this plan picks narrows `then`
    also: list = field(default_factory=list)  # further asks of one question (几个项目，几条指标), answered after it
    then_ask: Optional[str] = None  # unit_of: which unit the picked project belongs to
    refusal: Optional[str] = None  # what the table cannot tell, said plainly
    related: Optional[str] = None  # a related fact to offer after a refusal (no figures)
    not_understood: list = field(default_factory=list)
    unused: list = field(default_factory=list)  # cue words (最高, 合计, 平均) no step of the plan carries
    notes: list = field(default_factory=list)  # words the planners read, for the answer's trace
    period: bool = False  # 实施周期 targets rather than 年度
    money_unit: Optional[str] = None  # the unit the question asks figures in (多少万元, 元折算成万元)
    whether: str = ""  # a yes/no question's text: the inner question answered, then 是/否 said first (answers.verdict)
    claimed: Optional[tuple] = None  # (op, value, unit) a figure said to be checked (是不是5000万元？是否超过1000万)

    def describe(self) -> dict:
        """A plain dict of the plan, for --json and the agent's tool."""
        f = self.filters
        return {k: v for k, v in {
            "ask": self.ask, "subject": self.subject, "agg": self.agg, "n": self.n, "rank_by": self.rank_by,
            "compare": self.compare, "group_by": self.group_by, "refusal": self.refusal,
            "claimed": [str(x) for x in self.claimed] if self.claimed else None,
            "not_understood": self.not_understood or None, "unused": self.unused or None,
            "filters": {k: v for k, v in {
                "docs": f.docs, "departments": f.departments, "units": f.units, "projects": f.projects,
                "source": f.source, "levels": f.levels, "indicators": f.indicators,
                "target": f.target.__dict__ if f.target else None, "words": f.words,
                "amount": [str(x) for x in f.amount] if f.amount else None, "page": f.page,
                "not_projects": f.not_projects, "not_units": f.not_units, "not_sources": f.not_sources}.items() if v},
            "then": self.then.describe() if self.then else None,
            "also": [a.describe() for a in self.also] or None,
        }.items() if v not in (None, [], {})}
