"""Counts and lists (个数, 清单): projects, units, indicators; per unit or per level; and what the
database holds (departments, tables, years)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from extractor.ask import query
from extractor.ask.plan import Filters, Plan
from extractor.ask.answers.base import Base, Result
from extractor.ask.text import round2


class Counts(Base):
    def ask_count(self) -> Result:
        p, f = self.plan, self.plan.filters
        noun = {"project": "项目", "unit": "单位", "indicator": "绩效指标"}.get(p.subject, "项目")
        measure = {"project": "个", "unit": "个", "indicator": "条"}.get(p.subject, "个")
        parts, values, cites = [], [], []
        for g in self.per_doc(f):
            rows = self.with_source(self.subject_rows(g, p.subject), g, p.subject)
            what = self.describe(g, p.subject)
            # several projects named, a filter kept some: naming all of them would name those it did not keep
            who = self.scope_name(g) or (f"所问的{len(set(f.project_words))}个项目中" if what and len(set(f.project_words)) > 1
                                         else "、".join(f"「{w}」" for w in f.project_words))
            lead = f"{who}" + (f"{what}的" if what else "")
            n = len(rows)
            listing = ""
            if p.subject == "project" and 0 < n <= 12:
                listing = "：" + "；".join(f"「{r['name']}」{self.m(r['value'], g.docs)}" for r in rows)
            elif p.subject == "unit" and 0 < n <= 12:
                listing = "：" + "、".join(r["name"] for r in rows)
            parts.append(f"{lead}{noun}共{n}{measure}{listing}")
            values.append(n)
            for r in rows[:50]:
                if p.subject == "unit":
                    cites.append(self.cite_unit(r["id"], r["value"]))
                elif p.subject == "indicator":
                    cites.append(self.cite_project(r["project_id"], indicator=r["name"], target=r["annual_raw"]))
                else:
                    cites.append(self.cite_project(r["id"], r["value"]))
        text = "；".join(parts)
        if len(values) > 1 and (f.all_docs or f.sum_docs):
            text += f"。{len(values)}张表加在一起共{sum(values)}{measure}{noun}"
            if f.all_docs:
                return self.result(text, sum(values), cites, "count")
        return self.result(text, values[0] if len(values) == 1 else values, cites, "count")

    def ask_list(self) -> Result:
        p, f = self.plan, self.plan.filters
        if p.agg:
            return self.rank(f, p)
        rows = self.with_source(self.subject_rows(f, p.subject), f, p.subject)
        what = self.describe(f, p.subject)
        who = self.scope_name(f)
        noun = {"project": "项目", "unit": "单位", "indicator": "绩效指标", "department": "部门"}[p.subject]
        lead = f"{who}" + (f"{what}的" if what else "")
        if not rows:
            return self.result(f"没有{lead}{noun}", [], [], "list")
        if p.subject == "indicator":
            return self.list_indicators(rows, lead)
        if p.subject == "unit":
            cites = [self.cite_unit(r["id"], r["value"]) for r in rows]
            body = "；".join(f"{r['name']}（{self.m(r['value'])}）" for r in rows)
        elif p.subject == "department":
            cites = [self.cite_doc(d) for r in rows for d in r["docs"]]
            body = "；".join(f"{r['name']}（{self.m(r['value'])}）" for r in rows)
        else:
            cites = [self.cite_project(r["id"], r["value"]) for r in rows]
            body = "；".join(f"「{r['name']}」（{r['unit_name']}，{self.m(r['value'], [r['document_id']])}，第{r['first_page']}页）"
                            for r in rows)
        return self.result(f"{lead}{noun}共{len(rows)}个：{body}", [r["name"] for r in rows], cites, "list")

    def level_label(self, r) -> str:
        """产出指标/数量指标; level 1 alone when level 2 reads as an indicator's name in the tables asked
        (服务对象满意度指标 holds 服务对象满意度): a list of indicators must name only the indicators it lists."""
        if "_indicator_names" not in self.__dict__:
            docs = set(self.plan.filters.docs)
            self.__dict__["_indicator_names"] = {i.name for i in self.cat.indicators.values()
                                                 if self.cat.projects[i.project_id].doc_id in docs}
        level2 = r["level2"] or ""
        if level2 and any(n in level2 and n != r["name"] for n in self._indicator_names):
            return r["level1"] or ""
        return f"{r['level1']}/{r['level2']}"

    def list_indicators(self, rows, lead) -> Result:
        pre = "period" if self.plan.period else "annual"
        flabel = "实施周期指标值" if pre == "period" else "年度指标值"
        by = defaultdict(list)
        for r in rows:
            by[(r["project_id"], r["project"], r["unit_name"], r["first_page"])].append(r)
        parts = []
        for (pid, project, unit, page), rs in by.items():
            items = "；".join(f"{r['name']}（{self.level_label(r)}，{flabel}{r[pre + '_raw'] or '未填'}）" for r in rs)
            parts.append(f"「{project}」（{unit}，第{page}页）{len(rs)}条：{items}")
        cites = [self.cite_project(r["project_id"], indicator=r["name"], target=r[pre + "_raw"]) for r in rows]
        head = f"{lead}绩效指标共{len(rows)}条" + (f"，分属{len(by)}个项目" if len(by) > 1 else "") + "：\n"
        return self.result(head + "\n".join(parts), list(dict.fromkeys(r["name"] for r in rows)), cites, "indicators")

    def grouped(self) -> Result:
        """One figure per unit (per department): 每个单位有几个项目, 各单位分别多少钱."""
        p, f = self.plan, self.plan.filters
        if p.group_by == "level":
            return self.per_level()
        groups = ([(dep, Filters(**{**f.__dict__, "docs": ds, "units": []})) for dep, ds in self.cat.departments(f.docs).items()]
                  if p.group_by == "department" else
                  [(u.name, Filters(**{**f.__dict__, "units": [u.id]})) for u in self.cat.units_of(f.docs)
                   if not f.units or u.id in f.units])
        parts, values, cites = [], {}, []
        if p.agg not in (None, "sum", "avg"):
            return self.ranked_per_group(groups)
        for name, g in groups:
            if p.ask == "count":
                rows = self.with_source(self.subject_rows(g, p.subject), g, p.subject)
                v = len(rows)
                parts.append(f"{name}{v}{'条' if p.subject == 'indicator' else '个'}")
            elif p.agg == "avg":  # 各单位平均每个项目多少钱
                rows = [r for r in self.project_rows(g) if r["value"] is not None]
                v = round2(sum((r["value"] for r in rows), Decimal(0)) / len(rows)) if rows else None
                cites += [self.cite_project(r["id"], r["value"]) for r in rows]
                parts.append(f"{name}{len(rows)}个项目，平均每个{self.m(v, g.docs)}" if rows else f"{name}没有项目")
            else:
                v, _, c = self.whole(g)
                cites += c
                parts.append(f"{name}{self.m(v, g.docs)}")
            values[name] = v
        noun = {"project": "项目", "indicator": "绩效指标", "unit": "单位"}.get(p.subject, "项目")
        what = f"{p.filters.source or '预算'}" if p.ask != "count" else f"{noun}数"
        if p.agg == "avg":
            what = "项目平均金额"
        by = "各部门" if p.group_by == "department" else "各单位"
        text = f"{by}的{what}：" + "；".join(parts)
        if p.with_total and p.agg != "avg" and p.ask == "amount" and len(self.cat.departments(f.docs)) == 1:
            total = sum((v for v in values.values() if v is not None), Decimal(0))
            text = f"{by}的{what}合计{self.m(total, f.docs)}（其中：" + "；".join(parts) + "）"
            values = total
        return self.result(text, values, cites, "grouped")

    def ranked_per_group(self, groups: list) -> Result:
        """各部门金额最大的项目: the ranking asked, run in each department (unit) on its own."""
        texts, values, cites, records = [], {}, [], []
        for name, g in groups:
            sub = Plan(**{**self.plan.__dict__, "group_by": None, "filters": g})
            inner = type(self)(self.cat, sub)
            res = inner.answer()
            self.sqls += inner.sqls
            self.records += inner.records
            texts.append(res.text.split("。（据")[0])
            values[name] = res.value
            cites += res.citations
        return self.result("；".join(texts), values, cites, "grouped")

    def per_level(self) -> Result:
        """就业补助资金的产出指标和效益指标各有几个: one count (or list) per level."""
        f = self.plan.filters
        parts, values, cites = [], {}, []
        for word, group in f.level_parts:
            g = Filters(**{**f.__dict__, "levels": [x for x in f.levels if x != sorted({v for _, gg in f.level_parts for v in gg})]
                           + [group]})
            rows = self.indicator_rows(g)
            names = "、".join(r["name"] for r in rows)
            parts.append(f"{word}{len(rows)}条" + (f"（{names}）" if rows and len(rows) <= 10 else ""))
            values[word] = len(rows)
            cites += [self.cite_project(r["project_id"], indicator=r["name"], target=r["annual_raw"]) for r in rows]
        who = "、".join(dict.fromkeys(f"「{w}」" for w in f.project_words)) or self.scope_name(f)
        return self.result(f"{who}的" + "；".join(parts), values, cites, "grouped")

    def catalog(self) -> Result:
        cat, p = self.cat, self.plan
        docs = cat.scope_all
        if p.filters.departments:  # 临江市有几个部门: the departments of the place named
            docs = [d for d in docs if cat.docs[d].department in p.filters.departments] or docs
        self.run(query.documents(cat, docs))
        deps = cat.departments(docs)
        if p.subject == "year":
            if p.filters.departments or p.filters.units or p.filters.projects:
                docs = p.filters.docs
            years = sorted({cat.docs[d].year for d in docs if cat.docs[d].year})
            text = ("库中的表是" + "、".join(f"{y}年" for y in years) + "的预算") if years else "库中的表没有标明年度"
            return self.result(text, years, [self.cite_doc(d) for d in docs], "catalog", docs=docs)
        if p.subject == "document":
            parts = [f"{cat.docs[d].department}《{cat.docs[d].title or cat.docs[d].filename}》" for d in docs]
            return self.result(f"数据库里有{len(docs)}张表：" + "；".join(parts), len(docs),
                               [self.cite_doc(d) for d in docs], "catalog", docs=[])
        parts = [f"{dep}（{'、'.join(cat.docs[d].title or cat.docs[d].filename for d in ds)}）" for dep, ds in deps.items()]
        return self.result(f"数据库里有{len(deps)}个部门的绩效目标表：" + "；".join(parts), list(deps) if p.ask != "count"
                           else len(deps), [self.cite_doc(d) for d in docs], "catalog", docs=[])
