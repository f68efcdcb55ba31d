"""The catalog (名录): every name the database holds — documents, departments, units, projects,
indicators, funding sources, places — loaded once per database file and cached.

The planners match the question against these names; the SQL builder turns what they found back
into ids. A department (部门) is the body a document is published for: all its units, not only the
unit of the same name (局本级).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

from extractor.ask import sqltool
from extractor.ask.text import dec, head, norm, unbracketed
from extractor.vocabulary import FUNDING_SOURCES, funding_source


@dataclass
class Doc:
    id: int
    filename: str
    title: str
    department: str
    money_unit: Optional[str]
    year: Optional[int]
    printed_total: Optional[Decimal]
    sources: dict
    source_columns: list
    total: Optional[Decimal] = None  # printed 合计, else the sum of its units

    def has_source(self, cat: "Catalog", canonical: str) -> bool:
        """Does this table print (or fill) a column of that funding source?"""
        labels = set(self.source_columns) | set(self.sources)
        labels |= {s for u in cat.units.values() if u.doc_id == self.id for s in u.sources}
        return any(cat.sources.get(label, label) == canonical for label in labels)

    @property
    def label(self) -> str:
        """How an answer names the document: 广州市从化区人力资源和社会保障局《项目支出绩效目标表…》."""
        return f"{self.department}《{self.title or self.filename}》"


@dataclass
class Unit:
    id: int
    doc_id: int
    seq: int
    name: str
    total: Optional[Decimal]
    sources: dict
    pages: list

    @property
    def record(self) -> str:
        return f"units[{self.seq - 1}]"


@dataclass
class Project:
    id: int
    doc_id: int
    unit_id: int
    seq: int
    unit_name: str
    name: str
    total: Optional[Decimal]
    sources: dict
    goal: str
    pages: list
    first_page: Optional[int]
    unit_seq: int = 0

    @property
    def record(self) -> str:
        return f"units[{self.unit_seq - 1}].projects[{self.seq - 1}]"


@dataclass
class Indicator:
    id: int
    project_id: int
    seq: int
    level1: str
    level2: str
    name: str
    annual_raw: Optional[str]
    annual_op: Optional[str]
    annual_value: Optional[Decimal]
    annual_unit: Optional[str]
    period_raw: Optional[str]


@dataclass
class Catalog:
    db_path: str
    docs: dict
    units: dict
    projects: dict
    indicators: dict
    findings: list  # {document_id, code, severity, message, record, pages}
    sources: dict  # printed label → canonical source
    places: set
    scope: list = field(default_factory=list)  # default documents: each department's latest year
    scope_all: list = field(default_factory=list)  # every document but re-extractions of one publication

    # ---- lookups
    def departments(self, docs=None) -> dict:
        """Department name → its document ids (within `docs`)."""
        out: dict = {}
        for d in sorted(docs if docs is not None else self.scope):
            out.setdefault(self.docs[d].department, []).append(d)
        return out

    def units_of(self, docs) -> list:
        docs = set(docs)
        return [u for u in self.units.values() if u.doc_id in docs]

    def projects_of(self, docs) -> list:
        docs = set(docs)
        return [p for p in self.projects.values() if p.doc_id in docs]

    def money_unit(self, docs) -> Optional[str]:
        units = {self.docs[d].money_unit for d in docs}
        return units.pop() if len(units) == 1 else None

    def source_labels(self, canonical: str) -> list:
        return [label for label, c in self.sources.items() if c == canonical]


_REGION = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,3}?市)?(?:[\u4e00-\u9fff]{2,3}?(?:区|县|市))?")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|区|县)")


def region(name: str) -> str:
    """The place a body's name starts with: 广州市从化区人力资源和社会保障局 → 广州市从化区."""
    m = _REGION.match(norm(name))
    return m.group(0) if m else ""


def core(name: str) -> str:
    """A body's name without its place: 广州市从化区人力资源和社会保障局 → 人力资源和社会保障局."""
    n = norm(name)
    c = n[len(region(n)):]
    return c if len(c) >= 2 else n


def places_of(name: str) -> set:
    """Every way a body's place may be written: 广州市从化区 → 广州市, 广州, 从化区, 从化, 广州市从化区."""
    r = region(name)
    out = {r} if r else set()
    for p in _PLACE.findall(r):
        out.add(p)
        out.add(p[:-1])
    return {p for p in out if len(p) >= 2}


def _year_of(*texts) -> Optional[int]:
    for t in texts:
        m = re.search(r"(?<!\d)(20\d{2})(?!\d)", t or "")
        if m:
            return int(m.group(1))
    return None


def _rows(db_path, sql: str) -> list[dict]:
    res = sqltool.run_sql(db_path, sql, max_rows=1_000_000, timeout_s=10.0)
    return [dict(zip(res["columns"], r)) for r in res["rows"]]


def _canonical_source(label: str) -> str:
    return funding_source(label) or label


def _load(db_path: str) -> Catalog:
    docs = {}
    for r in _rows(db_path, "SELECT id, path, filename, title, department, money_unit, budget_year, total, "
                            "sources, source_columns FROM documents ORDER BY id"):
        filename = r["filename"] or Path(r["path"] or "").name
        docs[r["id"]] = Doc(r["id"], filename, r["title"] or "", r["department"] or filename, r["money_unit"],
                            r["budget_year"] or _year_of(r["title"], filename, r["path"]), dec(r["total"]),
                            json.loads(r["sources"] or "{}"), json.loads(r["source_columns"] or "[]"))
    units = {r["id"]: Unit(r["id"], r["document_id"], r["seq"], r["name"], dec(r["total"]),
                           json.loads(r["sources"] or "{}"), json.loads(r["pages"] or "[]"))
             for r in _rows(db_path, "SELECT id, document_id, seq, name, total, sources, pages FROM units ORDER BY id")}
    projects = {}
    for r in _rows(db_path, "SELECT id, document_id, unit_id, seq, unit_name, name, total, sources, goal, pages, "
                            "first_page FROM projects ORDER BY id"):
        u = units.get(r["unit_id"])
        projects[r["id"]] = Project(r["id"], r["document_id"], r["unit_id"], r["seq"], r["unit_name"], r["name"],
                                    dec(r["total"]), json.loads(r["sources"] or "{}"), r["goal"] or "",
                                    json.loads(r["pages"] or "[]"), r["first_page"], u.seq if u else 0)
    indicators = {r["id"]: Indicator(r["id"], r["project_id"], r["seq"] or 0, r["level1"] or "", r["level2"] or "",
                                     r["name"] or "", r["annual_raw"], r["annual_op"], dec(r["annual_value"]),
                                     r["annual_unit"], r["period_raw"])
                  for r in _rows(db_path, "SELECT id, project_id, seq, level1, level2, name, annual_raw, annual_op, "
                                          "annual_value, annual_unit, period_raw FROM indicators ORDER BY id")}
    findings = _rows(db_path, "SELECT document_id, code, severity, message, record, pages FROM findings "
                              "WHERE severity IN ('error', 'warning') ORDER BY id")
    for d in docs.values():
        d.total = d.printed_total if d.printed_total is not None else sum(
            (u.total or Decimal(0) for u in units.values() if u.doc_id == d.id), Decimal(0))
    sources = {}
    for d in docs.values():
        for s in list(d.source_columns) + list(d.sources):
            sources.setdefault(s, _canonical_source(s))
    for r in _rows(db_path, "SELECT DISTINCT source FROM amounts"):
        if r["source"]:
            sources.setdefault(r["source"], _canonical_source(r["source"]))

    # Re-extractions of one publication (same department, year and total) count once: the newest.
    newest = {}
    for d in docs.values():
        newest[(d.department, d.year, d.total)] = d.id
    scope_all = sorted(newest.values())
    latest: dict = {}
    for i in scope_all:
        d = docs[i]
        latest[d.department] = max(latest.get(d.department, -1), d.year or -1)
    scope = [i for i in scope_all if (docs[i].year or -1) == latest[docs[i].department] or docs[i].year is None]
    places = set()
    for text in [d.department for d in docs.values()] + [u.name for u in units.values()]:
        places |= places_of(text)
    return Catalog(str(db_path), docs, units, projects, indicators, findings, sources, places,
                   scope=scope, scope_all=scope_all)


_CACHE: dict = {}


def load_catalog(db_path) -> Catalog:
    """The database's names, cached per file (path, size, mtime)."""
    p = Path(db_path)
    st = p.stat()
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    cat = _CACHE.get(key)
    if cat is None:
        cat = _load(str(p))
        for stale in [k for k in _CACHE if k[0] == key[0]] + list(_CACHE)[:-7]:
            _CACHE.pop(stale, None)
        _CACHE[key] = cat
    return cat


def project_keys(p: Project) -> list[tuple[str, str]]:
    """The ways a question may name a project exactly: (key, how)."""
    # norm() drops the marks (· ‘ ’) that tell twin rows apart: both twins share their keys.
    full = norm(p.name)
    keys = [(full, "exact")]
    for k in (head(p.name), unbracketed(p.name)):
        if len(k) >= 4 and k not in (x for x, _ in keys):
            keys.append((k, "head"))
    return keys


def all_source_words() -> dict:
    """Every way a funding source is written → its canonical name (from the vocabulary)."""
    out = {}
    for canonical, variants in FUNDING_SOURCES.items():
        for v in variants:
            if len(v) >= 3:  # not 其他 alone: 其他年度 is no funding source
                out[norm(v)] = canonical
    return out
