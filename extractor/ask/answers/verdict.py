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
#: X是Y的项目吗 / X属于Y吗: the row looked for within Y — found is 是, not found is 不是.
_MEMBER = re.compile(r"是.{1,30}的(项目|吗)|属于")
_DIRECTION = re.compile(r"多|高|大|贵|少|低|小|便宜")


def _asks_more(question: str, res: Result):
    """多/高/大 (True) or 少/低/小 (False) asked: the last such word once the names compared are taken out
    (比高标准农田建设项目少吗: the 高 of the name is no direction)."""
    for name in re.findall(r"「([^」]+)」", res.text):
        question = question.replace(name, "□")
    words = _DIRECTION.findall(question)
    return words[-1] in ("多", "高", "大", "贵") if words else None


def _yes(question: str) -> str:
    """有 for 有没有 / 有无 / 有…吗, else 是."""
    return "有" if re.search(r"有没有|有无|有没|有木有|^有|[^没]有.{0,12}吗", question) else "是"


def _no(question: str) -> str:
    return "没有" if _yes(question) == "有" else "否"


def _two_named(question: str, res: Result):
    """A的金额高于B吗, answered as the two amounts: A's against B's, A being the one named first."""
    names = re.findall(r"「([^」]+)」", res.text.split("（据")[0])
    if len(names) != 2 or not isinstance(res.value, list) or len(res.value) != 2:
        return None
    at = [question.find(n) for n in names]
    if -1 in at:
        return None
    a, b = res.value if at[0] < at[1] else res.value[::-1]
    more = _asks_more(question, res)
    if more is None:
        return None
    return "是" if (a > b if more else a < b) else "否"


def verdict(question: str, res: Result, source: str | None = None, n_docs: int = 1) -> Result:
    if question and res.kind in ("refuse", "none") and res.value is None:
        text = refusal_verdict(question, res.text)
        return Result(text, res.value, res.citations, res.queries, res.kind, res.records)
    if not question or res.kind in ("refuse", "none", "not_understood") or _DECIDED.match(res.text):
        return res
    say = None
    if res.kind == "amount" and not source:
        if isinstance(res.value, list):
            say = _two_named(question, res)
        elif _MEMBER.search(question):  # X是Y的项目吗: found within Y, else refused
            say = "是"
    if say is None and res.kind in ("total", "amount", "catalog") and not source \
            and re.search(r"有没有|有无|是否有", question):
        say = "有"  # 数据库里有没有花都区农业农村局的表 / Y有没有X这个项目: found
    if say is None and re.search(r"都", question) and re.search(r"([两三四五六七八九十几各每]|\d+)个?部门|所有部门|全部部门", question) and res.records:
        docs = {d for d, _ in res.records}  # 两个部门都有…吗: every department must have one
        say = "是" if len(docs) >= n_docs else "否，不是每个部门都有"
    if say is not None:
        pass
    elif res.kind == "compare":
        said = re.search(r"前者比后者(多|少)|两者相同|相等", res.text)
        more = _asks_more(question, res)
        if said and more is not None:
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


_PRINTED = re.compile(r"(≥|≤|>|<|=)?\s*(\d+(?:\.\d+)?)\s*%?\s*(或以上|以上|或以下|以下)?")


def _target_holds(op: str, want: Decimal, printed: str):
    m = _PRINTED.search(printed or "")
    if not m:
        return None
    got = Decimal(m.group(2))
    return {"=": got == want, "≠": got == want, "≥": got >= want, "≤": got <= want, ">": got > want,
            "<": got < want}.get(op)


def target_verdict(said, res: Result, question: str = "") -> Result:
    """The target found against the one said (是不是≥95% / 是否达到90%以上): 是 when every row found meets it.
    是不是70% reads as a figure to confirm (the filter reads 不是 as ≠; here it is the figure said)."""
    if res.kind != "target" or res.value is None or said is None or said.value is None:
        return res
    values = res.value if isinstance(res.value, list) else [res.value]
    op = said.op or "="
    if op in ("=", "≠") and re.search(r"达到|不低于|不少于|以上", question):  # 是否达到95%: at least, not exactly
        op = "≥"
    holds = [_target_holds(op, Decimal(str(said.value)), str(v)) for v in values]
    if None in holds:
        return res
    op = "" if op in ("=", "≠") else op
    say = "是" if all(holds) else f"不是（问题说的是{op}{said.value}{said.unit or ''}）"
    return Result(f"{say}。{res.text}", res.value, res.citations, res.queries, res.kind, res.records)


#: 数据中没有…: a refusal because the thing asked of is not in the database answers 有没有X with 没有.
def refusal_verdict(question: str, text: str) -> str:
    if not question or not text.startswith("数据中没有"):
        return text
    if _MEMBER.search(question):  # 动物疫病强制免疫经费是不是农业技术推广中心的项目: not found within it
        return "不是。" + text
    if re.search(r"有没有|有无|有没|是否有|有.{0,20}吗", question):
        return "没有。" + text
    return text
