"""Plan → rows → the answer sentence, with its citations and caveats.

Rules every answer keeps:
- the figure asked for is in the sentence itself, with the document's money unit (18,276.74万元);
- every answer names the document it used (据…《…》); several documents are never added up unless
  the question asks (两个部门一共), and then each one's figure is shown too;
- a name that fits several rows reports all of them;
- an answer resting on a row with an error or warning finding says so (caveats);
- a refusal states no number at all, only what the table lacks.
"""

from __future__ import annotations

from extractor.ask.answers.amounts import Amounts
from extractor.ask.answers.base import Result
from extractor.ask.answers.caveats import caveats
from extractor.ask.answers.compare import Comparisons
from extractor.ask.answers.counts import Counts
from extractor.ask.answers.ranks import Ranks
from extractor.ask.answers.records import Records
from extractor.ask.answers.verdict import target_verdict, verdict

__all__ = ["Answerer", "Result", "caveats"]


class Answerer(Amounts, Counts, Ranks, Records, Comparisons):
    """Runs a plan: picks the answer its `ask` calls for."""

    def answer(self) -> Result:
        if self.plan.whether and self.plan.filters.target and self.plan.filters.projects and not self.plan.group_by:
            return self.target_checked()
        res = self.answer_one()
        res = self.checked(self.converted(res))
        if not self.plan.claimed:
            res = verdict(self.plan.whether, res, self.plan.filters.source, len(self.plan.filters.docs or self.cat.docs))
        for other in self.plan.also:  # 几个项目，几条指标: each ask answered, one after the other
            more = type(self)(self.cat, other).answer_one()
            head = res.text.split("。（据")[0]
            res = Result(f"{head}；{more.text}", [res.value, more.value], res.citations + more.citations,
                         res.queries + more.queries, res.kind, res.records + more.records)
        return res

    def converted(self, res: Result) -> Result:
        """总共多少元，合多少万元: one figure, also in the unit asked when the table prints another."""
        from decimal import Decimal

        want, docs = self.plan.money_unit, sorted({d for d, _ in res.records}) or self.plan.filters.docs
        own = self.unit_of(docs)
        if not want or not own or want == own or not isinstance(res.value, Decimal) \
                or self.plan.ask not in ("amount", "compare") or self.plan.compare == "ratio":
            return res
        head, _, tail = res.text.partition("。（据")
        text = f"{head}，合{self.in_unit(res.value, docs, want):,}{want}" + (f"。（据{tail}" if tail else "")
        return Result(text, res.value, res.citations, res.queries, res.kind, res.records)

    def checked(self, res: Result) -> Result:
        """是不是5000万元？ / 是否超过1000万: the figure said, checked against the one found — 是 or 不是 first, then
        the figure (a wrong figure said is corrected, never echoed as the answer)."""
        from decimal import Decimal

        from extractor.ask.text import to_unit

        claimed = self.plan.claimed
        if not claimed or res.kind in ("refuse", "none"):
            return res
        op, said, unit = claimed
        if unit == "count":  # 一共有50个项目吗: the rows counted or listed
            got = res.value if isinstance(res.value, int) else len(res.value) if res.kind == "list" and \
                isinstance(res.value, list) else None
            if got is None:
                return res
            got, want, unit = Decimal(got), Decimal(said), "个"
        else:
            # a name fitting several rows (就业补助资金 and its twin 就业补助资金·): the best-named row, listed first, decides
            got = res.value[0] if isinstance(res.value, list) and res.value else res.value
            if not isinstance(got, Decimal):
                return res
            docs = sorted({d for d, _ in res.records}) or self.plan.filters.docs
            want = to_unit(said, unit, self.unit_of(docs)) if unit else said
        holds = {"=": abs(got - want) < Decimal("0.005"), ">": got > want, "<": got < want, "≥": got >= want,
                 "≤": got <= want}.get(op)
        if holds is None:
            return res
        said_text = f"{'' if op == '=' else op}{said}{unit or ''}"
        verdict = "是。" if holds else f"不是（问题说的是{said_text}）。"
        return Result(verdict + res.text, res.value, res.citations, res.queries, res.kind, res.records)

    def target_checked(self) -> Result:
        """高标准农田建设项目的满意度目标是不是≥95%？: the named project's target found without the figure said,
        then 是/否 by comparing — never "no such indicator" because the figure said was wrong."""
        import copy

        plan = copy.deepcopy(self.plan)
        said, plan.filters.target, plan.ask, plan.agg = plan.filters.target, None, "target", None
        res = type(self)(self.cat, plan).answer_one()
        return target_verdict(said, res, self.plan.whether)

    def answer_one(self) -> Result:
        p = self.plan
        if p.group_by:
            return self.grouped()
        if p.ask == "catalog" or (p.ask in ("list", "count") and p.subject in ("document", "year")) or \
                (p.ask in ("list", "count") and p.subject == "department" and not p.agg and not p.filters.source):
            return self.catalog()
        missing = self.missing_source()
        if missing:
            return missing
        if p.then is not None or p.then_ask:
            return self.two_step()
        return getattr(self, "ask_" + p.ask)()

    def missing_source(self):
        """动物疫病预防控制中心的财政拨款, in a table whose columns are 一般公共预算 and 单位资金: say the
        table has no such column, rather than a 0 that would pass for an answer."""
        p = self.plan
        if p.ask not in ("amount", "share", "compare") and not p.agg:
            return None
        for f in [p.filters] + list(p.parts):
            docs = f.docs or p.filters.docs
            if f.source and docs and not any(self.cat.docs[d].has_source(self.cat, f.source) for d in docs):
                who = "、".join(dict.fromkeys(self.cat.docs[d].department for d in docs))
                cols = "、".join(self.cat.docs[d].source_columns and "、".join(self.cat.docs[d].source_columns) or ""
                                for d in docs).strip("、")
                text = f"{who}的表中没有“{f.source}”这一资金来源栏，无法回答" + (f"（表中的资金来源栏是：{cols}）" if cols else "")
                return self.result(text, None, [], "refuse", docs=docs)
        return None
