"""Amounts (金额): a project's, a unit's, a department's or the table's; sums, averages, medians."""

from __future__ import annotations

import statistics
from decimal import Decimal

from extractor.ask.text import round2
from extractor.ask.answers.base import Base, Result


class Amounts(Base):
    def ask_amount(self) -> Result:
        p, f = self.plan, self.plan.filters
        if p.agg == "spread":
            return self.spread()
        if p.agg in ("avg", "median"):
            return self.average()
        if p.agg in ("top", "bottom", "max", "min", "nth", "nth_min"):
            return self.rank_total()
        label = f.source or "预算"
        if f.projects or f.words or f.has_indicators or f.not_projects:
            rows = self.project_rows(f)
            if not rows:
                where = "、".join(self.cat.units[u].name for u in f.units)
                what = "、".join(f"“{w}”" for w in f.project_words)
                text = f"数据中没有{where}的{what}项目。" if where and what else "数据中没有符合条件的项目。"
                return Result(text, None, [], list(self.sqls), "none")
            cites = [self.cite_project(r["id"], r["value"]) for r in rows]
            parts = [f"{r['unit_name']}「{r['name']}」{self.m(r['value'], [r['document_id']])}（第{r['first_page']}页）"
                     for r in rows]
            docs = [r["document_id"] for r in rows]
            if len(rows) == 1:
                r = rows[0]
                return self.result(f"{r['unit_name']}「{r['name']}」的{label}为{self.m(r['value'], docs)}（第{r['first_page']}页）",
                                   r["value"], cites, "amount", docs)
            if p.agg == "sum":
                tot = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
                return self.result(f"{len(rows)}个项目的{label}合计{self.m(tot, docs)}：" + "；".join(parts), tot, cites,
                                   "amount", docs)
            lead = f"“{f.project_words[0]}”对应{len(rows)}个项目" if len(f.project_words) == 1 else f"共{len(rows)}个项目"
            return self.result(f"{lead}，{label}分别为：" + "；".join(parts), [r["value"] for r in rows], cites,
                               "amount", docs)
        if f.units:
            rows = self.unit_rows(f)
            cites = [self.cite_unit(r["id"], r["value"]) for r in rows]
            docs = [r["document_id"] for r in rows]
            if len(rows) == 1:
                r = rows[0]
                return self.result(f"{r['name']}的{label}为{self.m(r['value'], docs)}", r["value"], cites, "amount", docs)
            parts = [f"{r['name']}{self.m(r['value'], docs)}" for r in rows]
            tot = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
            if p.agg == "sum":
                return self.result(f"{len(rows)}个单位的{label}合计{self.m(tot, docs)}：" + "；".join(parts), tot, cites,
                                   "amount", docs)
            return self.result(f"{len(rows)}个单位的{label}分别为：" + "；".join(parts), [r["value"] for r in rows],
                               cites, "amount", docs)
        return self.doc_totals(label)

    def doc_totals(self, label: str) -> Result:
        f = self.plan.filters
        if f.source and not any(self.cat.docs[d].has_source(self.cat, f.source) for d in f.docs):
            # 从化区人社局的单位资金: the table has no such column; say so, with no figure
            who = "、".join(dict.fromkeys(self.cat.docs[d].department for d in f.docs))
            return self.result(f"{who}的表中没有“{f.source}”这一资金来源栏，即没有{f.source}", None, [], "total")
        parts, values, cites = [], [], []
        for g in self.per_doc(f):
            rows = self.unit_rows(g)
            tot = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
            d = g.docs[0] if len(g.docs) == 1 else None
            who = "、".join(dict.fromkeys(self.cat.docs[x].department for x in g.docs))
            units = "；".join(f"{r['name']}{self.m(r['value'], g.docs)}" for r in rows if r["value"])
            parts.append(f"{who}的{label}合计{self.m(tot, g.docs)}" + (f"（其中：{units}）" if units and len(rows) > 1 else ""))
            values.append(tot)
            cites += [self.cite_doc(x, tot if d else None) for x in g.docs]
        if len(values) == 1:
            return self.result(parts[0], values[0], cites, "total")
        text = "；".join(parts)
        if (f.all_docs or f.sum_docs) and self.cat.money_unit(f.docs):
            both = sum(values, Decimal(0))
            text += f"。{len(values)}张表加在一起共{self.m(both)}"
            if f.all_docs:
                return self.result(text, both, cites, "total")
        elif f.all_docs or (f.sum_docs and self.plan.money_unit):
            # a 元 table and 万元 tables, added only when asked across them (三个部门一共) or in a unit (多少万元)
            unit = self.common_unit(f.docs)
            both = round2(sum((self.in_unit(v, g.docs, unit) for v, g in zip(values, self.per_doc(f))), Decimal(0)))
            text += f"。各表金额单位不同，折算成{unit}后{len(values)}张表加在一起共{both:,}{unit}"
            if f.all_docs:
                return self.result(text, both, cites, "total")
        return self.result(text, values, cites, "total")

    def spread(self) -> Result:
        """最贵的项目和最便宜的项目差多少: the largest less the smallest."""
        p, f = self.plan, self.plan.filters
        rows = [r for r in self.subject_rows(f, p.subject) if r.get("value") is not None]
        if len(rows) < 2:
            return self.result("没有足够的记录可比较", None, [], "none")
        rows.sort(key=lambda r: r["value"] * self.yuan(r))
        lo, hi = rows[0], rows[-1]
        docs = sorted({d for r in (lo, hi) for d in self.row_docs(r, f.docs)})
        diff = hi["value"] - lo["value"] if self.unit_of(docs) else None
        if diff is None:
            return self.result("两者的金额单位不同，无法直接相减", None, [], "none")
        noun = {"unit": "单位", "department": "部门"}.get(p.subject, "项目")
        cites = [self.cite(r, p.subject) for r in (hi, lo)]
        name = (lambda r: f"「{r['name']}」" if p.subject == "project" else r["name"])
        return self.result(f"{self.scope_name(f)}预算最多的{noun}是{name(hi)}（{self.m(hi['value'], docs)}），最少的是{name(lo)}"
                           f"（{self.m(lo['value'], docs)}），两者相差{self.m(diff, docs)}", diff, cites, "compare", docs)

    def average_target(self) -> Result:
        """满意度指标的平均目标值: the mean of the targets that have a number, one mean per unit of measure."""
        p, f = self.plan, self.plan.filters
        rows = self.indicator_rows(f)
        pre = "period" if p.period else "annual"
        by_unit: dict = {}
        for r in rows:
            if r["value"] is not None:
                by_unit.setdefault(r[pre + "_unit"] or "", []).append(r)
        if not by_unit:
            return self.result("这些指标的目标值都没有数值（定性），无法求平均", None, [], "none")
        what = self.describe(f, "indicator") or "绩效指标"
        parts, values, cites = [], [], []
        for unit, rs in sorted(by_unit.items(), key=lambda kv: -len(kv[1])):
            v = round2(sum((r["value"] for r in rs), Decimal(0)) / len(rs))
            parts.append(f"以“{unit or '无单位'}”计的{len(rs)}条平均{v}{unit}")
            values.append(v)
            cites += [self.cite_project(r["project_id"], indicator=r["name"], target=r[pre + "_raw"]) for r in rs]
        lead = f"{self.scope_name(f)}{what}共{len(rows)}条，有数值的目标值中，"
        return self.result(lead + "；".join(parts), values[0] if len(values) == 1 else values, cites, "avg")

    def average(self) -> Result:
        p = self.plan
        if p.subject == "indicator":
            return self.average_target()
        parts, values, cites = [], [], []
        if p.subject == "unit":  # 平均每个单位多少钱
            for g in self.per_doc(p.filters):
                rows = [r for r in self.unit_rows(g) if r["value"] is not None]
                if not rows:
                    continue
                if p.rank_by == "projects":  # 平均每个单位有几个项目
                    n = sum(int(r["projects"] or 0) for r in rows)
                    v = Decimal(n) / len(rows)
                    parts.append(f"{self.scope_name(g)}{len(rows)}个单位共{n}个项目，平均每个单位{round2(v)}个"
                                 f"（约{v.quantize(Decimal('0.1'))}个）")
                    values.append(round2(v))
                    cites += [self.cite_unit(r["id"], r["value"]) for r in rows]
                    continue
                tot = sum((r["value"] for r in rows), Decimal(0))
                v = round2(tot / len(rows))
                parts.append(f"{self.scope_name(g)}{len(rows)}个单位平均每个单位{self.m(v, g.docs)}（合计{self.m(tot, g.docs)}÷{len(rows)}个）")
                values.append(v)
                cites += [self.cite_unit(r["id"], r["value"]) for r in rows]
            if values:
                return self.result("；".join(parts), values[0] if len(values) == 1 else values, cites, "avg")
        for g in self.per_doc(p.filters):
            rows = [r for r in self.project_rows(g) if r["value"] is not None]
            if not rows:
                continue
            if p.rank_by == "indicators":  # 项目平均有几个指标
                counts = [self.rank_value(r, "indicators") for r in rows]
                v = round2(sum(counts, Decimal(0)) / len(counts))
                parts.append(f"{self.scope_name(g)}{len(rows)}个项目共{sum(counts)}条指标，平均每个项目{v}条")
                values.append(v)
                cites += [self.cite_project(r["id"], r["value"]) for r in rows]
                continue
            vals = sorted(r["value"] for r in rows)
            who = self.scope_name(g)
            tot = sum(vals, Decimal(0))
            if p.agg == "median":
                med = statistics.median(vals)
                v = med if isinstance(med, Decimal) else Decimal(str(med))
                parts.append(f"{who}{len(vals)}个项目金额的中位数为{self.m(v, g.docs)}")
            else:
                v = round2(tot / len(vals))
                parts.append(f"{who}{len(vals)}个项目平均每个项目{self.m(v, g.docs)}（合计{self.m(tot, g.docs)}÷{len(vals)}个）")
            values.append(v)
            cites += [self.cite_project(r["id"], r["value"]) for r in rows]
        if not values:
            return Result("数据中没有可计算的项目金额。", None, [], list(self.sqls), "none")
        return self.result("；".join(parts), values[0] if len(values) == 1 else values, cites, p.agg)
