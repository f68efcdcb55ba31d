"""What a model's SQL carries, in the coverage rule's concepts (extractor/ask/planners/coverage.py).

The agent (extractor/ask/agent.py) lets the model answer with one SELECT. The whole question or
nothing holds there too: 哪个单位的预算最多 answered by a SELECT without ORDER BY … LIMIT or MAX
is a list, not a ranking; 平均 needs AVG; 几个 needs COUNT; 指标 needs the indicators table. Read
from the parsed query (sqlglot), never from the question's words.
"""

from __future__ import annotations

import sqlglot.expressions as exp

from extractor.ask import sqltool

#: Stored totals: a unit's or a document's `total` is already a sum (合计) of its rows.
_TOTALS = {"units", "documents"}
_TARGET_COLUMNS = {"annual_raw", "annual_op", "annual_value", "annual_unit",
                   "period_raw", "period_op", "period_value", "period_unit", "raw"}


def _has(tree: exp.Expression, *kinds) -> bool:
    return any(True for _ in tree.find_all(*kinds))


def _ranks(tree: exp.Expression) -> bool:
    if _has(tree, exp.Max, exp.Min):
        return True
    return any(s.args.get("order") is not None and s.args.get("limit") is not None for s in tree.find_all(exp.Select))


def carried(query: str) -> set[str]:
    """The concepts (rank, sum, average, median, share, count, indicator, target) `query` carries;
    nothing for a query the guard refuses."""
    try:
        tree = sqltool.check_sql(query)
    except sqltool.SQLRefused:
        return set()
    tables = {t.name for t in tree.find_all(exp.Table)}
    columns = {c.name for c in tree.find_all(exp.Column)}
    out = set()
    if _ranks(tree):
        out.add("rank")
    if _has(tree, exp.Sum) or any(f.name.lower() == "total" for f in tree.find_all(exp.Anonymous)) \
            or ("total" in columns and tables & _TOTALS):
        out.add("sum")
    if _has(tree, exp.Avg):
        out.add("average")
    if _has(tree, exp.Median) or (_has(tree, exp.Order) and any(s.args.get("offset") is not None
                                                               for s in tree.find_all(exp.Select))):
        out.add("median")
    if _has(tree, exp.Div):
        out.add("share")
    if _has(tree, exp.Count):
        out.add("count")
    if "indicators" in tables:
        out.add("indicator")
        if columns & _TARGET_COLUMNS:
            out.add("target")
    return out
