"""The answerer's ground: rows read through the SQL builder, citations, the sentence's frame."""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from extractor.ask import query
from extractor.ask.catalog import Catalog
from extractor.ask.plan import Filters, Plan
from extractor.ask.planners.indicators import target_matches
from extractor.ask.text import dec, money, round2


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


def _compare(a, op: str, b) -> bool:
    return {"≥": a >= b, "≤": a <= b, ">": a > b, "<": a < b, "=": a == b}.get(op, a == b)


def _plain(d: Decimal) -> Decimal:
    """5E+6 → 5000000, 1.50 → 1.5: a threshold as the user would write it."""
    return Decimal(int(d)) if d == d.to_integral() else d.normalize()


class Base:
    """Rows, citations and the frame every answer shares."""

    def __init__(self, cat: Catalog, plan: Plan):
        self.cat, self.plan = cat, plan
        self.sqls: list[str] = []  # every SELECT shown, in the order run
        self.records: list = []  # (document id, record path) the answer rests on

    def run(self, q: query.Query) -> list[dict]:
        self.sqls.append(q.shown())
        return q.rows(self.cat.db_path)

    def unit_of(self, docs) -> Optional[str]:
        return self.cat.money_unit(docs)

    def m(self, d, docs=None) -> str:
        return money(d, self.unit_of(docs or self.plan.filters.docs))

    def common_unit(self, docs) -> Optional[str]:
        """The unit figures of tables in different money units are put in to be added or compared: the one
        the question asked (多少万元), else 万元."""
        return self.plan.money_unit or "万元"

    def in_unit(self, d: Decimal, docs, unit: str) -> Decimal:
        """An amount of the table(s) `docs` (one money unit) in `unit`, to the cent."""
        from extractor.ask.text import MONEY_WORDS, round2

        own = self.unit_of(docs)
        if d is None or own is None or own == unit or own not in MONEY_WORDS or unit not in MONEY_WORDS:
            return d
        return round2(d * MONEY_WORDS[own] / MONEY_WORDS[unit])

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

    def cite(self, r, subject: str) -> dict:
        if subject == "unit":
            return self.cite_unit(r["id"], r["value"])
        if subject == "department":
            return self.cite_doc(r["docs"][0], r["value"])
        if subject == "indicator":
            return self.cite_project(r["project_id"], indicator=r["name"], target=r["annual_raw"])
        return self.cite_project(r["id"], r["value"])

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
            rows = [r for r in rows if (r["id"] in keep) != f.lacks_indicators]
        for r in rows:
            r["value"] = _amount(r) if f.source else dec(r["total"])
            if f.source and r["value"] is None:
                r["value"] = Decimal(0)
        return rows

    def unit_rows(self, f: Filters) -> list[dict]:
        rows = self.run(query.units(self.cat, f))
        if f.words or f.amount:  # 目标里提到乡村振兴的项目属于哪些单位: the units of those projects
            keep = {r["unit_id"] for r in self.project_rows(Filters(**{**f.__dict__, "has_indicators": False}))}
            rows = [r for r in rows if r["id"] in keep]
        if f.has_indicators:
            keep = self.having_indicators(f, "unit_id")
            rows = [r for r in rows if (r["id"] in keep) != f.lacks_indicators]
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

    def subject_rows(self, f: Filters, subject: str) -> list[dict]:
        rows = self._subject_rows(f, subject)
        if f.counted and subject in ("project", "unit", "department"):
            rows = [r for r in rows if _compare(self.held(r, subject, f.counted[2]), f.counted[0], f.counted[1])]
        return rows

    def held(self, r, subject: str, what: str) -> int:
        """How many projects (indicators) a row holds."""
        if subject == "project":
            return sum(1 for i in self.cat.indicators.values() if i.project_id == r["id"]) if what == "indicators" else 1
        return int(r.get(what) or 0)

    def _subject_rows(self, f: Filters, subject: str) -> list[dict]:
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

    def scope_name(self, f: Filters) -> str:
        if f.units:
            return "、".join(self.cat.units[u].name for u in f.units)
        if f.projects:
            return ""
        return "、".join(dict.fromkeys(self.cat.docs[d].department for d in f.docs))

    # ---- counts and lists

    def describe(self, f: Filters, subject: str) -> str:
        bits = []
        if f.words:
            where = {"goal": "绩效目标", "name": "名称", "indicator": "指标", "any": "名称、目标或指标"}
            said = [f"{where[w.removeprefix('not_')]}中{'没有' if f.words_not or w.startswith('not_') else ''}提到“{word}”"
                    for w, word in f.words]
            bits += ["或".join(said)] if f.words_any else said
        if f.level_words:
            bits.append(("没有" if f.lacks_indicators else "设有" if f.has_indicators else "") + "、".join(dict.fromkeys(f.level_words)))
        if f.target:
            bits.append(f.target.describe().rstrip("的"))
        if f.amount:
            op, low, high, said = (list(f.amount) + [None, None])[:4]
            unit = said or self.unit_of(f.docs) or ""
            words = {"≥": "不少于", "≤": "不超过", ">": "超过", "<": "低于", "=": "等于"}
            bits.append(f"金额在{_plain(low)}到{_plain(high)}{unit}之间" if op == "between"
                        else f"金额{words.get(op, op)}{_plain(low)}{unit}")
        if f.source:
            bits.append(("没有" if f.without_source else "有") + f.source
                        + "".join(f"而没有{x}" for x in f.not_sources))
        if f.counted:
            op, n, what = f.counted
            words = {"≥": "不少于", "≤": "不超过", ">": "超过", "<": "少于", "=": "正好"}
            bits.append(f"{'指标' if what == 'indicators' else '项目'}数{words.get(op, op)}{n}{'条' if what == 'indicators' else '个'}")
        return "，".join(bits)

    def with_source(self, rows, f: Filters, subject: str) -> list:
        """Listed or counted under a funding source (有其他资金的项目): the rows that have some."""
        if f.source and not f.without_source and subject in ("project", "unit"):
            return [r for r in rows if r["value"]]
        return rows

    def per_doc(self, f: Filters) -> list[Filters]:
        """One Filters per document when several are in scope and none was named."""
        if len(f.docs) <= 1 or f.projects or f.units:
            return [f]
        out = []
        for d in f.docs:
            g = Filters(**{**f.__dict__, "docs": [d]})
            out.append(g)
        return out

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
        if self.plan.ask == "compare" and self.plan.agg == "avg":  # each side's average project
            rows = [r for r in self.project_rows(f) if r["value"] is not None]
            avg = round2(sum((r["value"] for r in rows), Decimal(0)) / len(rows)) if rows else Decimal(0)
            names = [n for n in ("、".join(r["name"] for r in self.unit_rows(f)) if f.units else "",) if n]
            name = names[0] if names else "、".join(dict.fromkeys(self.cat.docs[d].department for d in f.docs))
            return avg, f"{name}（{len(rows)}个项目）", [self.cite_project(r["id"], r["value"]) for r in rows]
        if f.projects or f.words:
            rows = self.project_rows(f)
            total = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
            names = "、".join(dict.fromkeys(f"「{r['name']}」" for r in rows))
            return total, names, [self.cite_project(r["id"], r["value"]) for r in rows]
        if f.units:
            rows = self.unit_rows(f)
            total = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
            return total, "、".join(r["name"] for r in rows), [self.cite_unit(r["id"], r["value"]) for r in rows]
        g = Filters(docs=f.docs, source=f.source, not_units=f.not_units, not_projects=f.not_projects)
        if f.not_projects:  # 除了X之外的项目: their own amounts, not the units' totals
            rows = self.project_rows(g)
            total = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
            left = "、".join(f"「{self.cat.projects[p].name}」" for p in f.not_projects)
            return total, f"除{left}外的{len(rows)}个项目", [self.cite_project(r["id"], r["value"]) for r in rows]
        rows = self.unit_rows(g)
        total = sum((r["value"] or Decimal(0) for r in rows), Decimal(0))
        name = "、".join(dict.fromkeys(self.cat.docs[d].department for d in f.docs))
        if f.not_units:
            name = f"{name}除{'、'.join(self.cat.units[u].name for u in f.not_units)}外的{len(rows)}个单位"
        return total, name, [self.cite_doc(d) for d in f.docs]

    # ---- asks
