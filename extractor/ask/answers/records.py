"""What a record says: an indicator's target (指标值), a project's goal (绩效目标), funding sources,
the unit a project belongs to."""

from __future__ import annotations


from decimal import Decimal

from extractor.ask import query
from extractor.ask.plan import Filters
from extractor.ask.text import dec
from extractor.ask.answers.base import Base, Result


class Records(Base):
    def ask_target(self) -> Result:
        f = self.plan.filters
        rows = self.indicator_rows(f)
        lead = ""
        if not rows and f.indicators and f.projects and f.project_words:
            # 就业补助资金的一次性创业资助人数: not in the rows named 就业补助资金, but in 2024年就业补助资金（…）
            wider = self.projects_containing(f)
            if wider:
                rows = self.indicator_rows(Filters(**{**f.__dict__, "projects": wider}))
                if rows:
                    named = "、".join(f"「{w}」" for w in f.project_words)
                    lead = f"名为{named}的项目没有“{'、'.join(f.indicators)}”这条指标；名称中含{named}的项目有："
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
        return self.result(lead + "；".join(parts), vals[0] if len(set(vals)) == 1 else vals, cites, "target")

    def projects_containing(self, f: Filters) -> list:
        """Projects in scope whose names hold a word the question named them by."""
        from extractor.ask.text import norm

        words = [norm(w) for w in f.project_words]
        return [p.id for p in self.cat.projects_of(f.docs) if any(w in norm(p.name) for w in words)
                and p.id not in f.projects]

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
        pids = f.projects or [r["id"] for r in self.project_rows(f)]  # 公费医疗办的项目是干什么的: each one's goal
        if f.units:  # 就业中心的编外人员经费: of the rows of that name, the unit's own
            pids = [p for p in pids if self.cat.projects[p].unit_id in f.units] or pids
        for pid in pids:
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
        if f.not_sources:
            return self.other_sources()
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

    def other_sources(self) -> Result:
        """除了财政拨款之外还用了什么资金: the sources other than those named, each with its amount."""
        f = self.plan.filters
        parts, cites, sources = [], [], []
        for d in f.docs:
            units = [self.cat.units[u] for u in f.units] if f.units else self.cat.units_of([d])
            totals: dict = {}
            for u in units:
                if u.doc_id != d or u.id in f.not_units:
                    continue
                for label, v in u.sources.items():
                    canon = self.cat.sources.get(label, label)
                    if canon in f.not_sources or label in f.not_sources or dec(v) in (None, Decimal(0)):
                        continue
                    totals[label] = totals.get(label, Decimal(0)) + dec(v)
                    cites.append(self.cite_unit(u.id, u.total))
            who = "、".join(u.name for u in units if u.doc_id == d) if f.units else self.cat.docs[d].department
            left = "、".join(f.not_sources)
            if totals:
                parts.append(f"{who}除{left}外用到的资金来源：" + "；".join(f"{k}{self.m(v, [d])}" for k, v in totals.items()))
            else:
                parts.append(f"{who}除{left}外没有用到其他资金来源")
            sources += list(totals)
        self.run(query.units(self.cat, Filters(docs=f.docs, units=f.units)))
        return self.result("；".join(parts), list(dict.fromkeys(sources)), cites, "sources")

    # ---- comparisons
