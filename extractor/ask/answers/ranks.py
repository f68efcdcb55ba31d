"""Rankings (排名): max, min, top or bottom N, the n-th; and two-step questions (资金最多的单位有几个项目)."""

from __future__ import annotations

from decimal import Decimal

from extractor.ask.plan import Filters, Plan
from extractor.ask.text import MONEY_WORDS, dec, round2
from extractor.ask.answers.base import Base, Result


class Ranks(Base):
    def rank_value(self, r, by: str):
        if by == "indicators":
            if "indicators" in r:
                return Decimal(r["indicators"])
            return Decimal(sum(1 for i in self.cat.indicators.values() if i.project_id == r["id"]))
        if by == "projects":
            return Decimal(r.get("projects", 0))
        if by == "share":  # the row's source over its own total, in per cent
            total = Decimal(str(r.get("total") or 0)) if r.get("total") not in (None, "") else Decimal(0)
            return round2((r["value"] or Decimal(0)) * 100 / total) if total else Decimal(0)
        if by == "avg":  # the unit's average project
            n = r.get("projects") or 0
            return round2((r["value"] or Decimal(0)) / n * self.yuan(r)) if n else Decimal(0)
        return (r["value"] if r.get("value") is not None else Decimal(0)) * self.yuan(r)

    def yuan(self, r) -> Decimal:
        """The size of a row's money unit in 元: rows of a 元 table and a 万元 table rank together."""
        if "annual_raw" in r:  # an indicator ranks by its target, not by money
            return Decimal(1)
        doc = r.get("document_id") or (r.get("docs") or [None])[0]
        unit = self.cat.docs[doc].money_unit if doc in self.cat.docs else None
        return MONEY_WORDS.get(unit or "", Decimal(1))

    def row_docs(self, r, docs) -> list:
        doc = r.get("document_id") or (r.get("docs") or [None])[0]
        return [doc] if doc in self.cat.docs else docs

    def ranked(self, f: Filters, p: Plan) -> list[dict]:
        rows = self.subject_rows(f, p.subject)
        if p.rank_by == "indicators" and f.indicator_filtered() and p.subject in ("project", "unit"):
            # 数量指标最多的项目: count the indicators that pass the filters, not all of them
            key = "project_id" if p.subject == "project" else "unit_id"
            counts: dict = {}
            for i in self.indicator_rows(f):
                counts[i[key]] = counts.get(i[key], 0) + 1
            for r in rows:
                r["indicators"] = counts.get(r["id"], 0)
        if p.subject == "indicator":  # targets without a number (定性) do not rank
            rows = [r for r in rows if r["value"] is not None]
        desc = p.agg in ("max", "top", "nth")
        return sorted(rows, key=lambda r: self.rank_value(r, p.rank_by), reverse=desc)

    def pick(self, rows, p: Plan) -> list[dict]:
        if not rows:
            return []
        n = p.n or 1
        if p.agg == "all":  # the projects named, each (their unit is asked next)
            return rows
        if p.agg in ("max", "min"):
            best = self.rank_value(rows[0], p.rank_by)
            return [r for r in rows if self.rank_value(r, p.rank_by) == best]
        if p.agg in ("top", "bottom"):
            return rows[:n]
        if p.agg in ("nth", "nth_min"):
            # the n-th distinct value: ties share a place
            values = list(dict.fromkeys(self.rank_value(r, p.rank_by) for r in rows))
            if n > len(values):
                return []
            return [r for r in rows if self.rank_value(r, p.rank_by) == values[n - 1]]
        return rows[:1]

    def show(self, r, p: Plan, docs) -> str:
        if p.subject == "indicator":
            pre = "period" if p.period else "annual"
            return f"“{r['name']}”（「{r['project']}」，{'实施周期' if p.period else '年度'}指标值{r[pre + '_raw']}）"
        docs = self.row_docs(r, docs)
        if p.rank_by == "avg":
            n = r.get("projects") or 1
            v = f"{r.get('projects')}个项目，平均每个{self.m(round2((r['value'] or Decimal(0)) / n), docs)}"
        elif p.rank_by == "indicators":
            v = f"{self.rank_value(r, 'indicators')}条{self.indicator_noun(p.filters)}"
        elif p.rank_by == "projects":
            v = f"{r.get('projects')}个项目"
        elif p.rank_by == "share":
            v = f"{p.filters.source}{self.m(r['value'], docs)}，占其预算{self.m(dec(r.get('total')), docs)}的{self.rank_value(r, 'share')}%"
        else:
            v = self.m(r["value"], docs)
        if p.subject == "project":
            return f"「{r['name']}」（{r['unit_name']}，{v}，第{r['first_page']}页）"
        return f"{r['name']}（{v}）"

    def indicator_noun(self, f: Filters) -> str:
        """指标, or the levels asked (数量指标) when the ranking counts only those."""
        return "、".join(f.level_words) or "指标" if f.indicator_filtered() else "指标"

    def rank_total(self) -> Result:
        """资金最多的三个项目合计多少钱: the rows picked, then their sum."""
        p, f = self.plan, self.plan.filters
        picked = self.pick(self.ranked(f, p), p)
        if not picked:
            return self.result("没有可排序的记录", None, [], "rank")
        listed = self.rank(f, p)
        docs = sorted({d for r in picked for d in self.row_docs(r, f.docs)})
        if p.total_of in ("indicators", "projects"):
            tot = sum((self.rank_value(r, p.total_of) for r in picked), Decimal(0))
            noun = "条指标" if p.total_of == "indicators" else "个项目"
            text = f"{listed.text.split('。（据')[0]}；这{len(picked)}个合计{tot}{noun}"
        else:
            tot = sum((r["value"] or Decimal(0) for r in picked), Decimal(0))
            text = f"{listed.text.split('。（据')[0]}；这{len(picked)}个合计{self.m(tot, docs)}"
        return self.result(text, tot, listed.citations, "rank_sum")

    def rank(self, f: Filters, p: Plan) -> Result:
        rows = self.ranked(f, p)
        picked = self.pick(rows, p)
        noun = {"project": "项目", "unit": "单位", "indicator": "指标", "department": "部门"}[p.subject]
        by = {"indicators": self.indicator_noun(f) + "数", "projects": "项目数", "avg": "项目平均金额",
              "share": f"{f.source}占比"}.get(p.rank_by, f.source or "预算")
        if p.subject == "indicator":
            by = "目标值"
        if not picked:
            return self.result(f"没有可排序的{noun}", None, [], "rank")
        word = {"max": "最多的", "min": "最少的", "top": f"最多的{p.n}个", "bottom": f"最少的{p.n}个",
                "nth": f"第{p.n}多的", "nth_min": f"倒数第{p.n}的"}[p.agg]
        if p.subject == "indicator":
            word = word.replace("最多", "最高").replace("最少", "最低").replace("多的", "高的")
        who = self.scope_name(f)
        docs = f.docs
        cites = [self.cite(r, p.subject) for r in picked]
        body = "；".join(self.show(r, p, docs) for r in picked)
        value = picked[0]["name"] if len(picked) == 1 else [r["name"] for r in picked]
        return self.result(f"{who}{by}{word}{noun}是：{body}", value, cites, "rank")

    def two_step(self) -> Result:
        p = self.plan
        first = self.pick(self.ranked(p.filters, p), p)
        if not first:
            return self.result("没有可排序的记录", None, [], "rank")
        noun = {"project": "项目", "unit": "单位", "department": "部门"}[p.subject]
        by = {"indicators": self.indicator_noun(p.filters) + "数", "projects": "项目数", "avg": "项目平均金额"}.get(
            p.rank_by, p.filters.source or "预算")
        word = {"max": "最多", "min": "最少", "nth": f"第{p.n}多", "nth_min": f"倒数第{p.n}"}.get(p.agg, "最多")
        lead = f"{by}{word}的{noun}是" + "、".join(self.show(r, p, p.filters.docs) for r in first)
        if p.agg == "all":
            lead = "、".join(self.show(r, p, p.filters.docs) for r in first)
        cites = [self.cite(r, p.subject) for r in first]
        if p.then_ask == "unit_of" and p.then is not None:
            # …属于哪个单位，这个单位…: the rest is asked of the picked project's unit
            units = list(dict.fromkeys(r["unit_name"] for r in first))
            lead = f"{lead}，它属于{'、'.join(units)}"
            second = p.then
            second.filters.units = sorted({self.cat.projects[r["id"]].unit_id for r in first})
            second.filters.docs = sorted({self.cat.units[u].doc_id for u in second.filters.units})
            if second.compare == "share" and len(second.parts) == 2:
                # 最大项目所在单位的资金占全部门的比例: the unit is the part; the whole is its table unless named
                part, whole = second.parts
                part.units, part.projects, part.docs = list(second.filters.units), [], list(second.filters.docs)
                if not (whole.units or whole.projects or whole.departments):
                    whole.docs = list(second.filters.docs)
            inner = type(self)(self.cat, second)
            res = inner.answer()
            self.sqls += inner.sqls
            self.records += inner.records
            return Result(f"{lead}；{res.text}", res.value, cites + res.citations, list(dict.fromkeys(self.sqls)),
                          "two_step", self.records)
        if p.then_ask == "unit_of":
            units = list(dict.fromkeys(r["unit_name"] for r in first))
            money = "" if p.rank_by == "amount" else "，预算" + "、".join(self.m(r["value"], self.row_docs(r, p.filters.docs))
                                                                     for r in first)
            return self.result(f"{lead}，它属于{'、'.join(units)}{money}", units[0] if len(units) == 1 else units, cites,
                               "two_step")
        second = p.then
        f2 = second.filters
        if p.subject == "unit":
            f2.units = [r["id"] for r in first]
        elif p.subject == "department":
            f2.docs = [d for r in first for d in r["docs"]]
        else:
            f2.projects = [r["id"] for r in first]
        f2.docs = sorted({self.cat.units[u].doc_id for u in f2.units} or set(f2.docs))
        for more in second.also:  # 有几个项目、几条指标: each further ask is of the same picked rows
            more.filters.units, more.filters.projects, more.filters.docs = list(f2.units), list(f2.projects), list(f2.docs)
        if second.compare == "share" and len(second.parts) == 2:
            # 预算最高的项目占该单位预算的百分比: the picked rows are the part; the whole is their unit or table
            part, whole = second.parts
            if part.picked_rank and p.subject == "unit":
                # 资金最多的单位里，最大的项目占这个单位的多少: the ranking is run again inside the unit picked
                from extractor.ask.planners.measures import ranked_projects
                inside = type(part)(docs=list(f2.docs), units=list(f2.units))
                part.projects, part.units, part.docs = ranked_projects(self.cat, inside, *part.picked_rank), [], list(f2.docs)
                if whole.own_unit or not (whole.units or whole.projects or whole.departments):
                    whole.units, whole.own_unit = list(f2.units), False
            else:
                part.projects, part.units, part.docs = list(f2.projects), list(f2.units), list(f2.docs)
            if whole.own_unit:
                whole.units = sorted({self.cat.projects[i].unit_id for i in f2.projects} or set(f2.units))
            if not (whole.units or whole.projects or whole.departments):
                whole.docs = list(f2.docs)
        inner = type(self)(self.cat, second)  # the second step is a whole plan of its own (self is an Answerer)
        res = inner.answer()
        self.sqls += inner.sqls
        self.records += inner.records
        text = res.text
        return Result(f"{lead}；{text}", res.value, cites + res.citations, list(dict.fromkeys(self.sqls)),
                      "two_step", self.records)

    # ---- indicators' targets, goals, sources
