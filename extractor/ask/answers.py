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

import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Optional

from extractor.ask import query
from extractor.ask.catalog import Catalog
from extractor.ask.plan import Filters, Plan
from extractor.ask.planners.indicators import target_matches
from extractor.ask.text import dec, money, percent, round2


class Result:
    """What an answer is made of before it becomes the Answer model."""

    def __init__(self, text: str, value=None, citations=None, queries=None, kind: str = "", records=None):
        self.text, self.value, self.citations, self.kind = text, value, citations or [], kind
        self.queries = list(queries or [])  # every SELECT that ran, the main one first
        self.sql = self.queries[0] if self.queries else ""
        self.records = records or []  # (document id, record path) the answer rests on


def _amount(row) -> Optional[Decimal]:
    v = row.get("amount")
    if v is None:
        return None
    if isinstance(v, str) and "," in v:  # two printed labels of one source: add them
        return sum((dec(x) or Decimal(0) for x in v.split(",")), Decimal(0))
    return dec(v)


def _plain(d: Decimal) -> Decimal:
    """5E+6 → 5000000, 1.50 → 1.5: a threshold as the user would write it."""
    return Decimal(int(d)) if d == d.to_integral() else d.normalize()


class Answerer:
    def __init__(self, cat: Catalog, plan: Plan):
        self.cat, self.plan = cat, plan
        self.sqls: list[str] = []
        self.records: list = []
        self.citations: list = []

    # ---- plumbing
    def run(self, q: query.Query) -> list[dict]:
        self.sqls.append(q.shown())
        return q.rows(self.cat.db_path)

    def unit_of(self, docs) -> Optional[str]:
        return self.cat.money_unit(docs)

    def m(self, d, docs=None) -> str:
        return money(d, self.unit_of(docs or self.plan.filters.docs))

    def label(self, f: Filters) -> str:
        return f"{self.cat.sources and f.source or ''}" if f.source else "预算"

    def docs_used(self, docs) -> str:
        return "；".join(self.cat.docs[d].label for d in sorted(set(docs)))

    def cite_project(self, pid, amount=None, indicator=None, target=None) -> dict:
        p = self.cat.projects[pid]
        self.records.append((p.doc_id, p.record))
        return {"table": "projects", "id": pid, "document": self.cat.docs[p.doc_id].filename, "unit": p.unit_name,
                "project": p.name,
                "page": p.first_page, "pages": p.pages, "amount": None if amount is None else str(amount),
                "indicator": indicator, "target": target, "record": p.record}

    def cite_unit(self, uid, amount=None) -> dict:
        u = self.cat.units[uid]
        self.records.append((u.doc_id, u.record))
        return {"table": "units", "id": uid, "document": self.cat.docs[u.doc_id].filename, "unit": u.name,
                "project": None,
                "page": min(u.pages) if u.pages else None, "pages": u.pages,
                "amount": None if amount is None else str(amount), "indicator": None, "target": None,
                "record": u.record}

    def cite_doc(self, doc_id, amount=None) -> dict:
        d = self.cat.docs[doc_id]
        self.records.append((doc_id, "totals"))
        pages = sorted({pg for u in self.cat.units.values() if u.doc_id == doc_id for pg in u.pages})
        return {"table": "documents", "id": doc_id, "document": d.filename, "unit": None, "project": "合计",
                "page": pages[0] if pages else None,
                "pages": pages[:1], "amount": None if amount is None else str(amount), "indicator": None,
                "target": None, "record": "totals"}

    def result(self, text: str, value=None, citations=None, kind: str = "", docs=None) -> Result:
        if docs is None:
            docs = sorted({d for d, _ in self.records}) or self.plan.filters.docs
        if docs:
            text = text.rstrip("。") + f"。（据{self.docs_used(docs)}）"
        return Result(text, value, citations, list(dict.fromkeys(self.sqls)), kind, self.records)

    # ---- rows
    def having_indicators(self, f: Filters, key: str) -> set:
        """Projects (or units) with at least one indicator passing the filters."""
        return {r[key] for r in self.indicator_rows(f)}

    def project_rows(self, f: Filters) -> list[dict]:
        rows = self.run(query.projects(self.cat, f))
        if f.has_indicators:
            keep = self.having_indicators(f, "project_id")
            rows = [r for r in rows if r["id"] in keep]
        for r in rows:
            r["value"] = _amount(r) if f.source else dec(r["total"])
            if f.source and r["value"] is None:
                r["value"] = Decimal(0)
        return rows

    def unit_rows(self, f: Filters) -> list[dict]:
        rows = self.run(query.units(self.cat, f))
        if f.has_indicators:
            keep = self.having_indicators(f, "unit_id")
            rows = [r for r in rows if r["id"] in keep]
        for r in rows:
            r["value"] = (_amount(r) or Decimal(0)) if f.source else dec(r["total"])
        return rows

    def indicator_rows(self, f: Filters) -> list[dict]:
        rows = self.run(query.indicators(self.cat, f))
        t = f.target
        if t:
            def keep(r):
                if t.differs:
                    return (r["period_raw"] or "") != (r["annual_raw"] or "")
                pre = "period" if t.period else "annual"
                return target_matches(t, r[f"{pre}_raw"], r[f"{pre}_op"], dec(r[f"{pre}_value"]), r[f"{pre}_unit"])
            rows = [r for r in rows if keep(r)]
        pre = "period" if self.plan.period else "annual"
        for r in rows:  # an indicator ranks by its target value (目标值最高的指标)
            r["value"] = dec(r[pre + "_value"])
        return rows

    def counted(self, f: Filters, what: str) -> tuple[Decimal, str, list]:
        """How many projects (or indicators) a Filters names: for 项目比…多几个 and 项目数占比."""
        g = Filters(**{**f.__dict__})
        rows = self.indicator_rows(g) if what == "indicators" else self.project_rows(g)
        name = self.scope_name(g) or "、".join(f"「{w}」" for w in g.project_words)
        said = self.describe(g, "indicator" if what == "indicators" else "project")
        if said:
            name = f"{name}{said}的" + ("指标" if what == "indicators" else "项目")
        return Decimal(len(rows)), name, [self.cite_doc(d) for d in g.docs]

    def whole(self, f: Filters) -> tuple[Decimal, str, list]:
        """The amount of what a Filters names: its projects, else its units, else its documents."""
        if self.plan.ask in ("compare", "share") and self.plan.rank_by in ("projects", "indicators"):
            return self.counted(f, self.plan.rank_by)
        if f.projects or f.words:
            rows = self.project_rows(f)
            total = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
            names = "、".join(dict.fromkeys(f"「{r['name']}」" for r in rows))
            return total, names, [self.cite_project(r["id"], r["value"]) for r in rows]
        if f.units:
            rows = self.unit_rows(f)
            total = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
            return total, "、".join(r["name"] for r in rows), [self.cite_unit(r["id"], r["value"]) for r in rows]
        g = Filters(docs=f.docs, source=f.source)
        rows = self.unit_rows(g)
        total = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
        name = "、".join(dict.fromkeys(self.cat.docs[d].department for d in f.docs))
        return total, name, [self.cite_doc(d) for d in f.docs]

    # ---- asks
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
        for name, g in groups:
            if p.ask == "count":
                rows = self.with_source(self.subject_rows(g, p.subject), g, p.subject)
                v = len(rows)
                parts.append(f"{name}{v}{'条' if p.subject == 'indicator' else '个'}")
            else:
                v, _, c = self.whole(g)
                cites += c
                parts.append(f"{name}{self.m(v, g.docs)}")
            values[name] = v
        noun = {"project": "项目", "indicator": "绩效指标", "unit": "单位"}.get(p.subject, "项目")
        what = f"{p.filters.source or '预算'}" if p.ask != "count" else f"{noun}数"
        by = "各部门" if p.group_by == "department" else "各单位"
        return self.result(f"{by}的{what}：" + "；".join(parts), values, cites, "grouped")

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

    def answer(self) -> Result:
        p = self.plan
        if p.group_by:
            return self.grouped()
        if p.ask == "catalog" or (p.ask in ("list", "count") and p.subject in ("document", "year")) or \
                (p.ask in ("list", "count") and p.subject == "department" and not p.agg and not p.filters.source):
            return self.catalog()
        if p.then is not None or p.then_ask:
            return self.two_step()
        return getattr(self, "ask_" + p.ask)()

    def catalog(self) -> Result:
        cat, p = self.cat, self.plan
        docs = cat.scope_all
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

    def per_doc(self, f: Filters) -> list[Filters]:
        """One Filters per document when several are in scope and none was named."""
        if len(f.docs) <= 1 or f.projects or f.units:
            return [f]
        out = []
        for d in f.docs:
            g = Filters(**{**f.__dict__, "docs": [d]})
            out.append(g)
        return out

    def ask_amount(self) -> Result:
        p, f = self.plan, self.plan.filters
        if p.agg in ("avg", "median"):
            return self.average()
        label = f.source or "预算"
        if f.projects or f.words:
            rows = self.project_rows(f)
            if not rows:
                return Result("数据中没有符合条件的项目。", None, [], list(self.sqls), "none")
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
        if (f.all_docs or f.sum_docs) and self.cat.money_unit(f.docs):  # never add 元 to 万元
            both = sum(values, Decimal(0))
            text += f"。{len(values)}张表加在一起共{self.m(both)}"
            if f.all_docs:
                return self.result(text, both, cites, "total")
        return self.result(text, values, cites, "total")

    def average(self) -> Result:
        p = self.plan
        parts, values, cites = [], [], []
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

    def scope_name(self, f: Filters) -> str:
        if f.units:
            return "、".join(self.cat.units[u].name for u in f.units)
        if f.projects:
            return ""
        return "、".join(dict.fromkeys(self.cat.docs[d].department for d in f.docs))

    # ---- counts and lists
    def subject_rows(self, f: Filters, subject: str) -> list[dict]:
        if subject == "unit":
            return self.unit_rows(f)
        if subject == "indicator":
            return self.indicator_rows(f)
        if subject == "department":
            rows = []
            for dep, ds in self.cat.departments(f.docs).items():
                total, _, _ = self.whole(Filters(docs=ds, source=f.source))
                projects = [p for p in self.cat.projects_of(ds)]
                inds = sum(1 for i in self.cat.indicators.values() if self.cat.projects[i.project_id].doc_id in ds)
                rows.append({"id": dep, "name": dep, "docs": ds, "value": total, "projects": len(projects),
                             "indicators": inds})
            if f.source:  # 哪些部门用到了其他资金: the ones with some
                rows = [r for r in rows if (r["value"] == 0) == f.without_source]
            return rows
        return self.project_rows(f)

    def describe(self, f: Filters, subject: str) -> str:
        bits = []
        if f.words:
            where = {"goal": "绩效目标", "name": "名称", "indicator": "指标", "any": "名称、目标或指标"}
            bits += [f"{where[w]}中提到“{word}”" for w, word in f.words]
        if f.level_words:
            bits.append(("设有" if f.has_indicators else "") + "、".join(f.level_words))
        if f.target:
            bits.append(f.target.describe().rstrip("的"))
        if f.amount:
            op = f.amount[0]
            words = {"≥": "不少于", "≤": "不超过", ">": "超过", "<": "低于", "=": "等于"}
            bits.append(f"金额在{self.m(_plain(f.amount[1]))}到{self.m(_plain(f.amount[2]))}之间" if op == "between"
                        else f"金额{words.get(op, op)}{self.m(_plain(f.amount[1]))}")
        if f.source:
            bits.append(("没有" if f.without_source else "有") + f.source)
        return "，".join(bits)

    def with_source(self, rows, f: Filters, subject: str) -> list:
        """Listed or counted under a funding source (有其他资金的项目): the rows that have some."""
        if f.source and not f.without_source and subject in ("project", "unit"):
            return [r for r in rows if r["value"]]
        return rows

    def ask_count(self) -> Result:
        p, f = self.plan, self.plan.filters
        noun = {"project": "项目", "unit": "单位", "indicator": "绩效指标"}.get(p.subject, "项目")
        measure = {"project": "个", "unit": "个", "indicator": "条"}.get(p.subject, "个")
        parts, values, cites = [], [], []
        for g in self.per_doc(f):
            rows = self.with_source(self.subject_rows(g, p.subject), g, p.subject)
            who = self.scope_name(g) or "、".join(f"「{w}」" for w in f.project_words)
            what = self.describe(g, p.subject)
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

    def list_indicators(self, rows, lead) -> Result:
        pre = "period" if self.plan.period else "annual"
        flabel = "实施周期指标值" if pre == "period" else "年度指标值"
        by = defaultdict(list)
        for r in rows:
            by[(r["project_id"], r["project"], r["unit_name"], r["first_page"])].append(r)
        parts = []
        for (pid, project, unit, page), rs in by.items():
            items = "；".join(f"{r['name']}（{r['level1']}/{r['level2']}，{flabel}{r[pre + '_raw'] or '未填'}）" for r in rs)
            parts.append(f"「{project}」（{unit}，第{page}页）的{lead.strip() or ''}指标{len(rs)}条：{items}")
        cites = [self.cite_project(r["project_id"], indicator=r["name"], target=r[pre + "_raw"]) for r in rows]
        return self.result("\n".join(parts), list(dict.fromkeys(r["name"] for r in rows)), cites, "indicators")

    def rank_value(self, r, by: str):
        if by == "indicators":
            if "indicators" in r:
                return Decimal(r["indicators"])
            return Decimal(sum(1 for i in self.cat.indicators.values() if i.project_id == r["id"]))
        if by == "projects":
            return Decimal(r.get("projects", 0))
        if by == "avg":  # the unit's average project
            n = r.get("projects") or 0
            return round2((r["value"] or Decimal(0)) / n) if n else Decimal(0)
        return r["value"] if r.get("value") is not None else Decimal(0)

    def ranked(self, f: Filters, p: Plan) -> list[dict]:
        rows = self.subject_rows(f, p.subject)
        if p.subject == "indicator":  # targets without a number (定性) do not rank
            rows = [r for r in rows if r["value"] is not None]
        desc = p.agg in ("max", "top", "nth")
        return sorted(rows, key=lambda r: self.rank_value(r, p.rank_by), reverse=desc)

    def pick(self, rows, p: Plan) -> list[dict]:
        if not rows:
            return []
        n = p.n or 1
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
        if p.rank_by == "avg":
            v = f"{r.get('projects')}个项目，平均每个{self.m(self.rank_value(r, 'avg'), docs)}"
        elif p.rank_by == "indicators":
            v = f"{self.rank_value(r, 'indicators')}条指标"
        elif p.rank_by == "projects":
            v = f"{r.get('projects')}个项目"
        else:
            v = self.m(r["value"], docs)
        if p.subject == "project":
            return f"「{r['name']}」（{r['unit_name']}，{v}，第{r['first_page']}页）"
        return f"{r['name']}（{v}）"

    def rank(self, f: Filters, p: Plan) -> Result:
        rows = self.ranked(f, p)
        picked = self.pick(rows, p)
        noun = {"project": "项目", "unit": "单位", "indicator": "指标", "department": "部门"}[p.subject]
        by = {"indicators": "指标数", "projects": "项目数", "avg": "项目平均金额"}.get(p.rank_by, f.source or "预算")
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

    def cite(self, r, subject: str) -> dict:
        if subject == "unit":
            return self.cite_unit(r["id"], r["value"])
        if subject == "department":
            return self.cite_doc(r["docs"][0], r["value"])
        if subject == "indicator":
            return self.cite_project(r["project_id"], indicator=r["name"], target=r["annual_raw"])
        return self.cite_project(r["id"], r["value"])

    def two_step(self) -> Result:
        p = self.plan
        first = self.pick(self.ranked(p.filters, p), p)
        if not first:
            return self.result("没有可排序的记录", None, [], "rank")
        noun = {"project": "项目", "unit": "单位", "department": "部门"}[p.subject]
        by = {"indicators": "指标数", "projects": "项目数"}.get(p.rank_by, p.filters.source or "预算")
        word = "最多" if p.agg == "max" else "最少"
        lead = f"{by}{word}的{noun}是" + "、".join(self.show(r, p, p.filters.docs) for r in first)
        cites = [self.cite(r, p.subject) for r in first]
        if p.then_ask == "unit_of":
            units = list(dict.fromkeys(r["unit_name"] for r in first))
            return self.result(f"{lead}，它属于{'、'.join(units)}", units[0] if len(units) == 1 else units, cites,
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
        inner = Answerer(self.cat, second)
        res = inner.answer()
        self.sqls += inner.sqls
        self.records += inner.records
        text = res.text
        return Result(f"{lead}；{text}", res.value, cites + res.citations, list(dict.fromkeys(self.sqls)),
                      "two_step", self.records)

    # ---- indicators' targets, goals, sources
    def ask_target(self) -> Result:
        f = self.plan.filters
        rows = self.indicator_rows(f)
        if not rows:
            what = "、".join(f.indicators or f.level_words) or "这样的指标"
            return self.result(f"数据中没有{what}", None, [], "target")
        pre = "period" if self.plan.period else "annual"
        flabel = "实施周期指标值" if pre == "period" else "年度指标值"
        other = "annual" if pre == "period" else "period"
        olabel = "年度" if other == "annual" else "实施周期"
        parts = [f"「{r['project']}」（{r['unit_name']}，第{r['first_page']}页）的“{r['name']}”{flabel}为{r[pre + '_raw']}"
                 + (f"（{olabel}指标值{r[other + '_raw']}）" if r[other + "_raw"] and r[other + "_raw"] != r[pre + "_raw"]
                    else "")
                 for r in rows]
        vals = [r[pre + "_raw"] for r in rows]
        cites = [self.cite_project(r["project_id"], indicator=r["name"], target=r[pre + "_raw"]) for r in rows]
        return self.result("；".join(parts), vals[0] if len(set(vals)) == 1 else vals, cites, "target")

    def ask_unit_of(self) -> Result:
        """就业补助资金属于哪个单位: the units of the projects named."""
        f = self.plan.filters
        rows = self.project_rows(f)
        cites = [self.cite_project(r["id"], r["value"]) for r in rows]
        parts = [f"「{r['name']}」属于{r['unit_name']}（{self.m(r['value'], [r['document_id']])}，第{r['first_page']}页）"
                 for r in rows]
        units = list(dict.fromkeys(r["unit_name"] for r in rows))
        return self.result("；".join(parts), units[0] if len(units) == 1 else units, cites, "unit_of")

    def ask_goal(self) -> Result:
        f = self.plan.filters
        parts, cites, goals = [], [], []
        for pid in f.projects:
            pr = self.cat.projects[pid]
            if pr.goal:
                parts.append(f"「{pr.name}」（{pr.unit_name}，第{pr.first_page}页）的绩效目标：{pr.goal}")
                goals.append(pr.goal)
                cites.append(self.cite_project(pid))
        self.run(query.projects(self.cat, f))
        if not parts:
            return self.result("数据中没有这些项目的绩效目标", None, [], "goal")
        return self.result("\n".join(parts), goals[0] if len(set(goals)) == 1 else goals, cites, "goal")

    def ask_sources(self) -> Result:
        f = self.plan.filters
        parts, cites, sources = [], [], []
        if f.projects:
            for pid in f.projects:
                pr = self.cat.projects[pid]
                srcs = "，".join(f"{k}{self.m(dec(v), [pr.doc_id])}" for k, v in pr.sources.items())
                parts.append(f"「{pr.name}」（{pr.unit_name}）的资金来源：{srcs or '未列'}；总计{self.m(pr.total, [pr.doc_id])}")
                sources += list(pr.sources)
                cites.append(self.cite_project(pid, pr.total))
        else:
            units = f.units or [u.id for u in self.cat.units_of(f.docs)]
            for uid in units:
                u = self.cat.units[uid]
                srcs = "，".join(f"{k}{self.m(dec(v), [u.doc_id])}" for k, v in u.sources.items())
                parts.append(f"{u.name}的资金来源：{srcs or '未列'}")
                sources += list(u.sources)
                cites.append(self.cite_unit(uid, u.total))
        self.run(query.units(self.cat, Filters(docs=f.docs, units=f.units)))
        return self.result("；".join(parts), list(dict.fromkeys(sources)), cites, "sources")

    # ---- comparisons
    def ask_share(self) -> Result:
        part, whole = self.plan.parts
        a, a_name, ca = self.whole(part)
        b, b_name, cb = self.whole(whole)
        if not b:
            return self.result("数据中没有可用来计算占比的总额", None, [], "share")
        if self.plan.rank_by in ("projects", "indicators"):
            noun = "个项目" if self.plan.rank_by == "projects" else "条指标"
            pct = percent(a, b)
            return self.result(f"{a_name}{a}{noun}，占{b_name}{b}{noun}的{pct}%", pct, ca + cb, "share")
        if part.source and not (part.projects or part.units) and not b_name:
            a_name = part.source
        a_label = a_name if a_name and (part.projects or part.units or part.words) else (part.source or a_name)
        b_label = (b_name + (whole.source or "预算") + ("总额" if not (whole.units or whole.projects) else "")) if b_name \
            else "预算总额"
        pct = percent(a, b)
        docs = part.docs + whole.docs
        return self.result(f"{a_label}{self.m(a, docs)}，占{b_label}{self.m(b, docs)}的{pct}%", pct, ca + cb, "share")

    def ask_compare(self) -> Result:
        left, right = self.plan.parts
        a, a_name, ca = self.whole(left)
        b, b_name, cb = self.whole(right)
        docs = left.docs + right.docs
        label = left.source or "预算"
        if self.plan.rank_by in ("projects", "indicators"):
            noun = "个项目" if self.plan.rank_by == "projects" else "条指标"
            if self.plan.compare == "ratio":
                r = round2(a / b) if b else None
                return self.result(f"{a_name}有{a}{noun}，{b_name}有{b}{noun}，前者是后者的{r}倍", r, ca + cb,
                                   "compare")
            return self.result(f"{a_name}有{a}{noun}，{b_name}有{b}{noun}，前者比后者{'多' if a >= b else '少'}"
                               f"{abs(a - b)}{noun[0]}", abs(a - b), ca + cb, "compare")
        if self.plan.compare == "ratio":
            if not b:
                return self.result(f"{b_name}的{label}为零，无法计算倍数", None, ca + cb, "compare")
            r = round2(a / b)
            return self.result(f"{a_name}的{label}{self.m(a, docs)}是{b_name}{self.m(b, docs)}的{r}倍", r, ca + cb,
                               "compare")
        diff = a - b
        word = "多" if diff >= 0 else "少"
        return self.result(f"{a_name}的{label}{self.m(a, docs)}，{b_name}{self.m(b, docs)}，前者比后者{word}"
                           f"{self.m(abs(diff), docs)}", abs(diff), ca + cb, "compare")


def caveats(cat: Catalog, records: list) -> list[dict]:
    """Error and warning findings on the rows an answer rests on (the row itself, or its indicators)."""
    wanted = set(records)
    out = []
    for fnd in cat.findings:
        rec = fnd.get("record") or ""
        doc = fnd.get("document_id")
        hit = (doc, rec) in wanted or any(doc == d and (rec.startswith(r + ".indicators") or
                                                        (r == "totals" and rec.startswith("totals")))
                                          for d, r in wanted)
        if hit:
            out.append({"code": fnd["code"], "severity": fnd["severity"], "record": rec,
                        "document": cat.docs[doc].filename if doc in cat.docs else None, "message": fnd["message"]})
    return out
