"""是/否 first, for a yes/no question whatever plan it wraps (就业补助资金是否超过1000万元？ → 是，…1,200.00万元).

The inner question is answered as if asked plainly (how much, which rows, A against B); the verdict is read
off that answer, so the fact that decides it (the figure, the names, the target) always follows the 是/否.
A figure said in the question is checked by Answerer.checked; this module covers the rest:
- A比B多吗: the comparison's sign against the direction asked (多/高/大 or 少/低/小);
- 有没有…的项目 / 目标里是否提到X / 有没有满意度指标: rows found → 有/是, none → the answer already says 没有;
- 是否用到其他资金: the named row's amount in that source, 0 → 否.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractor.ask.answers.base import Result

#: An answer that already opens with its verdict (or a refusal, which states none).
_DECIDED = re.compile(r"^(是|不是|否|有|没有|无|对|不对)")
_MORE = re.compile(r"比.{0,40}?(多|高|大|贵)|(多于|高于|大于)")
_LESS = re.compile(r"比.{0,40}?(少|低|小|便宜)|(少于|低于|小于)")


def _yes(question: str) -> str:
    """有 for 有没有 / 有无 / 有…吗, else 是."""
    return "有" if re.search(r"有没有|有无|有没|有木有|^有|[^没]有.{0,12}吗", question) else "是"


def _no(question: str) -> str:
    return "没有" if _yes(question) == "有" else "否"


def verdict(question: str, res: Result, source: str | None = None) -> Result:
    if not question or res.kind in ("refuse", "none", "not_understood") or _DECIDED.match(res.text):
        return res
    say = None
    if res.kind == "compare":
        said = re.search(r"前者比后者(多|少)|两者相同|相等", res.text)
        more, less = _MORE.search(question), _LESS.search(question)
        if said and (more or less) and not (more and less):
            holds = said.group(1) == ("多" if more else "少")
            say = "是" if holds else "否"
    elif res.kind in ("list", "indicators", "count") and isinstance(res.value, (list, int)) and not isinstance(res.value, bool):
        n = len(res.value) if isinstance(res.value, list) else res.value
        if res.kind != "count":
            say = _yes(question) if n else _no(question)
    elif res.kind == "amount" and source and isinstance(res.value, Decimal):
        say = ("是" if res.value > 0 else "否")
    if say is None:
        return res
    return Result(f"{say}，{res.text}", res.value, res.citations, res.queries, res.kind, res.records)
