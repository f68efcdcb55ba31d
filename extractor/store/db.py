"""SQLite storage (sqlite-utils): documents, units, projects, amounts, indicators, findings.

Amounts are stored as exact decimal TEXT ("2467.17") and, beside it, as a REAL
(`total_value`, `amount_value`) so that sorting and SUM are numeric in plain SQL
and Datasette (the text stays the record; the REAL is for ordering and adding up).
`amounts` repeats every
figure in long form (one row per record and funding source) so that questions
like 哪个单位的财政拨款最多 are one GROUP BY. Importing a file whose content hash
is already stored replaces its rows in one transaction. `failures` holds the files a
batch could not extract (see extractor/batch.py).
"""

from __future__ import annotations

import json
from decimal import Decimal
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import sqlite_utils

from extractor import __version__
from extractor.models import Amounts, Document, Finding, Indicator, Project, Target, Unit

SCHEMA = {
    "documents": {
        "id": int, "path": str, "filename": str, "sha256": str, "title": str, "department": str,
        "money_unit": str, "budget_year": int, "page_count": int, "source_columns": str,
        "total": str, "sources": str, "extractor": str, "extractor_version": str, "imported_at": str,
        "model": str, "prompt": str,
    },
    "units": {
        "id": int, "document_id": int, "seq": int, "name": str, "total": str, "sources": str,
        "pages": str, "bbox": str,
    },
    "projects": {
        "id": int, "document_id": int, "unit_id": int, "seq": int, "unit_name": str, "name": str,
        "total": str, "sources": str, "goal": str, "pages": str, "first_page": int, "bbox": str,
        "indicators_raw": str,
    },
    "amounts": {
        "document_id": int, "record_type": str, "unit_id": int, "project_id": int, "source": str, "amount": str,
    },
    "indicators": {
        "id": int, "document_id": int, "project_id": int, "seq": int, "level1_code": str, "level1": str,
        "level2_code": str, "level2": str, "name": str,
        "period_raw": str, "period_op": str, "period_value": str, "period_unit": str,
        "annual_raw": str, "annual_op": str, "annual_value": str, "annual_unit": str, "raw": str,
    },
    "findings": {
        "id": int, "document_id": int, "code": str, "severity": str, "message": str, "pages": str,
        "record": str, "bbox": str,
    },
    # A file a batch could not extract: one row per path, replaced when it fails again,
    # removed when it (or its content, by sha256) is later stored.
    # Model traffic of an llm/hybrid extraction: one row per block (request retries included).
    "llm_usage": {
        "id": int, "document_id": int, "block": str, "prompt": str, "model": str, "mode": str, "requests": int,
        "cached": int, "prompt_tokens": int, "completion_tokens": int, "cost": float, "seconds": float,
    },
    "failures": {
        "path": str, "filename": str, "sha256": str, "error": str, "extractor_version": str, "failed_at": str,
    },
}
#: Columns derived from the records, for people and their tools: a REAL beside each exact amount (sorting,
#: SUM), the verdict of a document, the Chinese meaning of a finding. Kept apart from SCHEMA, which the ask
#: agent's prompt lists (its recorded cassettes match that prompt byte for byte).
DERIVED = {
    "documents": {"total_value": float, "verdict": str, "errors": int, "warnings": int},
    "units": {"total_value": float},
    "projects": {"total_value": float},
    "amounts": {"amount_value": float},
    "findings": {"meaning_zh": str},
}


def columns(table: str) -> dict:
    """Every column of a table: the records' (SCHEMA) then the derived ones."""
    return {**SCHEMA[table], **DERIVED.get(table, {})}


PKS = {"failures": "path"}
FOREIGN_KEYS = {
    "units": [("document_id", "documents", "id")],
    "projects": [("document_id", "documents", "id"), ("unit_id", "units", "id")],
    "amounts": [("document_id", "documents", "id")],
    "indicators": [("document_id", "documents", "id"), ("project_id", "projects", "id")],
    "findings": [("document_id", "documents", "id")],
    "llm_usage": [("document_id", "documents", "id")],
}
FTS = {"projects": ["name", "goal"], "indicators": ["name"]}
#: Word indexes (jieba-segmented text, unicode61): table → (index name, the columns segmented).
WORD_FTS = {"projects": ("projects_words", ["unit_name", "name", "goal"]), "indicators": ("indicators_words", ["name"])}
#: The REAL twin of each exact-text amount column, filled when an older database gains it.
NUMERIC_TWINS = {"documents": ("total", "total_value"), "units": ("total", "total_value"),
                 "projects": ("total", "total_value"), "amounts": ("amount", "amount_value")}


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (and create if needed) a budget database."""
    db = sqlite_utils.Database(path)
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    added: set[tuple[str, str]] = set()
    for name in SCHEMA:
        cols = columns(name)
        if not db[name].exists():
            pk = PKS.get(name) or ("id" if "id" in cols else None)
            db[name].create(cols, pk=pk, foreign_keys=FOREIGN_KEYS.get(name), not_null=None)
        else:  # a database made by an older version: add the columns it lacks
            have = db[name].columns_dict
            for col, kind in cols.items():
                if col not in have:
                    db[name].add_column(col, kind)
                    added.add((name, col))
    if added:
        _backfill(db, added)
    for table, (index, _cols) in WORD_FTS.items():
        if not db[index].exists():
            db.execute(f"CREATE VIRTUAL TABLE [{index}] USING fts5(words, tokenize='unicode61')")
            with db.conn:
                for row in db.query(f"SELECT * FROM [{table}]"):
                    _index_words(db.conn, table, row)
    for name, cols in FTS.items():
        if not db[name].detect_fts():
            # trigram: FTS5's default tokenizer would take a whole run of Chinese as one token.
            db[name].enable_fts(cols, tokenize="trigram", create_triggers=True)
    for table, cols in (("units", ["document_id"]), ("projects", ["document_id"]), ("projects", ["unit_id"]),
                        ("indicators", ["project_id"]), ("findings", ["document_id"]),
                        ("amounts", ["document_id"]), ("documents", ["sha256"]), ("failures", ["sha256"])):
        db[table].create_index(cols, if_not_exists=True, unique=(table == "documents"))


def _backfill(db: sqlite_utils.Database, added: set[tuple[str, str]]) -> None:
    """Fill the columns an older database just gained from what it already holds."""
    from extractor import findings as registry

    with db.conn:
        for table, (text, real) in NUMERIC_TWINS.items():
            if (table, real) in added:
                db.execute(f"UPDATE [{table}] SET [{real}] = CAST([{text}] AS REAL) WHERE [{text}] IS NOT NULL")
        if ("findings", "meaning_zh") in added:
            for code, kind in registry.REGISTRY.items():
                db.execute("UPDATE findings SET meaning_zh = ? WHERE code = ?", [kind.zh, code])
        if ("documents", "verdict") in added:
            for (doc_id,) in db.execute("SELECT id FROM documents").fetchall():
                sev = [r[0] for r in db.execute("SELECT severity FROM findings WHERE document_id = ?", [doc_id])]
                v, e, w = verdict(sev)
                db.execute("UPDATE documents SET verdict = ?, errors = ?, warnings = ? WHERE id = ?", [v, e, w, doc_id])


def verdict(severities) -> tuple[str, int, int]:
    """(verdict, errors, warnings) of a document from its findings' severities: "ok" when it has
    neither errors nor warnings, else "needs review" (info findings are notes, not doubts)."""
    severities = list(severities)
    e, w = severities.count("error"), severities.count("warning")
    return ("needs review" if e or w else "ok"), e, w


def words(text: Optional[str]) -> str:
    """Text cut into words for the word index (jieba search mode: 就业培训补贴 → 就业 培训 补贴 就业培训…)."""
    if not text:
        return ""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are not the user's business
    return " ".join(w for w in jieba.cut_for_search(text) if w.strip())


def _index_words(conn: sqlite3.Connection, table: str, row: dict) -> None:
    index, cols = WORD_FTS[table]
    text = " ".join(words(row.get(c)) for c in cols)
    conn.execute(f"INSERT INTO [{index}] (rowid, words) VALUES (?, ?)", [row["id"], text])


def _real(d) -> Optional[float]:
    return None if d is None else float(d)


def _j(value) -> Optional[str]:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _dec(d) -> Optional[str]:
    return None if d is None else format(d, "f")


def _sources(a: Amounts) -> str:
    return json.dumps({k: format(v, "f") for k, v in a.sources.items()}, ensure_ascii=False)


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    cols = list(row)
    cur = conn.execute(
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [row[c] for c in cols],
    )
    return cur.lastrowid


def save_document(db: sqlite_utils.Database, doc: Document, *, path: str, sha256: str, page_count: int,
                  extractor: str = "rules", llm_usage: Optional[list[dict]] = None, model: Optional[str] = None,
                  prompt: Optional[str] = None) -> int:
    """Store one document's records and findings; returns its id.

    A document with the same sha256 is replaced, all in one transaction: a
    failure leaves the database as it was. `model` and `prompt` (NAME@VERSION)
    say what filled it when a model did; `llm_usage` is its traffic per block."""
    ensure_schema(db)
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        old = conn.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        doc_id = old[0] if old else None
        if doc_id is not None:
            for table, (index, _) in WORD_FTS.items():
                conn.execute(f"DELETE FROM [{index}] WHERE rowid IN (SELECT id FROM [{table}] WHERE document_id = ?)",
                             [doc_id])
            for table in ("llm_usage", "findings", "indicators", "amounts", "projects", "units"):
                conn.execute(f"DELETE FROM [{table}] WHERE document_id = ?", [doc_id])
            conn.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        row = dict(
            path=str(path), filename=Path(path).name, sha256=sha256, title=doc.title, department=doc.department,
            money_unit=doc.money_unit, budget_year=doc.budget_year, page_count=page_count,
            source_columns=_j(doc.source_columns), total=_dec(doc.totals.total), sources=_sources(doc.totals),
            extractor=extractor, extractor_version=__version__, model=model, prompt=prompt,
            imported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            total_value=_real(doc.totals.total),
        )
        row["verdict"], row["errors"], row["warnings"] = verdict(f.severity for f in doc.findings)
        if doc_id is not None:
            row["id"] = doc_id
        doc_id = _insert(conn, "documents", row)
        for source, amount in doc.totals.sources.items():
            _insert(conn, "amounts", dict(document_id=doc_id, record_type="totals", unit_id=None, project_id=None,
                                          source=source, amount=_dec(amount), amount_value=_real(amount)))
        for ui, unit in enumerate(doc.units):
            unit_id = _insert(conn, "units", dict(
                document_id=doc_id, seq=ui + 1, name=unit.name, total=_dec(unit.amounts.total),
                sources=_sources(unit.amounts), pages=_j(unit.pages), bbox=_j(unit.bbox),
                total_value=_real(unit.amounts.total)))
            for source, amount in unit.amounts.sources.items():
                _insert(conn, "amounts", dict(document_id=doc_id, record_type="unit", unit_id=unit_id,
                                              project_id=None, source=source, amount=_dec(amount),
                                              amount_value=_real(amount)))
            for pi, p in enumerate(unit.projects):
                prow = dict(
                    document_id=doc_id, unit_id=unit_id, seq=pi + 1, unit_name=unit.name, name=p.name,
                    total=_dec(p.amounts.total), sources=_sources(p.amounts), goal=p.goal, pages=_j(p.pages),
                    first_page=min(p.pages) if p.pages else None, bbox=_j(p.bbox), indicators_raw=p.indicators_raw,
                    total_value=_real(p.amounts.total))
                project_id = prow["id"] = _insert(conn, "projects", prow)
                _index_words(conn, "projects", prow)
                for source, amount in p.amounts.sources.items():
                    _insert(conn, "amounts", dict(document_id=doc_id, record_type="project", unit_id=unit_id,
                                                  project_id=project_id, source=source, amount=_dec(amount),
                                                  amount_value=_real(amount)))
                for ind in p.indicators:
                    pt, at = ind.period_target, ind.annual_target
                    irow = dict(
                        document_id=doc_id, project_id=project_id, seq=ind.seq, level1_code=ind.level1_code,
                        level1=ind.level1, level2_code=ind.level2_code, level2=ind.level2, name=ind.name,
                        period_raw=pt and pt.raw, period_op=pt and pt.op, period_value=pt and pt.value,
                        period_unit=pt and pt.unit, annual_raw=at and at.raw, annual_op=at and at.op,
                        annual_value=at and at.value, annual_unit=at and at.unit, raw=ind.raw)
                    irow["id"] = _insert(conn, "indicators", irow)
                    _index_words(conn, "indicators", irow)
        for f in doc.findings:
            _insert(conn, "findings", dict(document_id=doc_id, code=f.code, severity=f.severity, message=f.message,
                                           pages=_j(f.pages), record=f.record, bbox=_j(f.bbox),
                                           meaning_zh=meaning_zh(f.code)))
        for u in llm_usage or []:
            _insert(conn, "llm_usage", {"document_id": doc_id, **{k: u.get(k) for k in (
                "block", "prompt", "model", "mode", "requests", "cached", "prompt_tokens", "completion_tokens",
                "cost", "seconds")}})
        conn.execute("DELETE FROM failures WHERE path = ? OR sha256 = ?", [str(path), sha256])
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return doc_id


def meaning_zh(code: str) -> Optional[str]:
    """The Chinese meaning of a finding code (None for a code the registry does not know)."""
    from extractor import findings as registry

    kind = registry.REGISTRY.get(code)
    return kind.zh if kind else None


def stored_document(db: sqlite_utils.Database, sha256: str, extractor_version: str = __version__,
                    extractor: str = "rules") -> Optional[int]:
    """The id of the document stored from this content by this extractor and version, or None."""
    if not db["documents"].exists():
        return None
    row = db.execute("SELECT id FROM documents WHERE sha256 = ? AND extractor_version = ? AND extractor = ?",
                     [sha256, extractor_version, extractor]).fetchone()
    return row[0] if row else None


def save_failure(db: sqlite_utils.Database, *, path: str, sha256: Optional[str], error: str) -> None:
    """Record (or replace) the failure of one file, in its own transaction."""
    ensure_schema(db)
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    with conn:
        conn.execute("INSERT OR REPLACE INTO failures (path, filename, sha256, error, extractor_version, failed_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     [str(path), Path(path).name, sha256, error, __version__,
                      datetime.now(timezone.utc).isoformat(timespec="seconds")])


def _amounts(total: Optional[str], sources: Optional[str]) -> Amounts:
    return Amounts(total=Decimal(total) if total is not None else None,
                   sources={k: Decimal(v) for k, v in json.loads(sources or "{}").items()})


def _target(row: dict, prefix: str) -> Optional[Target]:
    if row[f"{prefix}_raw"] is None:
        return None
    return Target(raw=row[f"{prefix}_raw"], op=row[f"{prefix}_op"], value=row[f"{prefix}_value"],
                  unit=row[f"{prefix}_unit"])


def load_document(db: sqlite_utils.Database, document_id: int) -> Document:
    """The inverse of `save_document`: a Document's records (not its findings) read back from the tables."""
    d = db["documents"].get(document_id)
    doc = Document(title=d["title"], department=d["department"], money_unit=d["money_unit"],
                   budget_year=d["budget_year"], source_columns=json.loads(d["source_columns"] or "[]"),
                   totals=_amounts(d["total"], d["sources"]))
    for u in db.query("SELECT * FROM units WHERE document_id = ? ORDER BY seq", [document_id]):
        unit = Unit(name=u["name"], amounts=_amounts(u["total"], u["sources"]), pages=json.loads(u["pages"] or "[]"))
        for p in db.query("SELECT * FROM projects WHERE unit_id = ? ORDER BY seq", [u["id"]]):
            inds = [Indicator(seq=i["seq"], level1=i["level1"], level1_code=i["level1_code"], level2=i["level2"],
                              level2_code=i["level2_code"], name=i["name"], period_target=_target(i, "period"),
                              annual_target=_target(i, "annual"), raw=i["raw"])
                    for i in db.query("SELECT * FROM indicators WHERE project_id = ? ORDER BY seq, id", [p["id"]])]
            unit.projects.append(Project(name=p["name"], amounts=_amounts(p["total"], p["sources"]), goal=p["goal"],
                                         pages=json.loads(p["pages"] or "[]"), indicators=inds,
                                         indicators_raw=p["indicators_raw"]))
        doc.units.append(unit)
    return doc


def findings(db: sqlite_utils.Database, document_id: Optional[int] = None) -> list[dict]:
    """Stored findings, most severe first, with their document's file name."""
    if not db["findings"].exists():
        return []
    sql = (
        "SELECT f.*, d.filename FROM findings f JOIN documents d ON d.id = f.document_id "
        + ("WHERE f.document_id = ? " if document_id is not None else "")
        + "ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.document_id, f.id"
    )
    cur = db.execute(sql, [document_id] if document_id is not None else [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def as_finding(row: dict) -> Finding:
    return Finding(code=row["code"], severity=row["severity"], message=row["message"],
                   pages=json.loads(row["pages"] or "[]"), record=row["record"],
                   bbox=tuple(json.loads(row["bbox"])) if row["bbox"] else None)
