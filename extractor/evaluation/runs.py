"""Runs: score every rendering against its gold (or a QA set on a database built from its gold), store
the run in the runs database, read runs back, and diff two of them."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

import sqlite_utils

from extractor import checks as check
from extractor.evaluation.fixtures import EvalError, Extraction, Fixture, get_backend, gold_from_json, load_gold
from extractor.evaluation.paths import DEFAULT_GOLD_DB, DEFAULT_RUNS_DB
from extractor.evaluation.scoring import Score, prf, score_document, score_missing_document
from extractor.source.pdf import InputError, sha256_of
from extractor.store import db as store


RUN_TABLES = {
    "runs": {"id": int, "started_at": str, "seconds": float, "backend": str, "prompt": str, "model": str,
             "config": str, "git_commit": str, "documents": int, "failed_documents": int, "min_f1": float,
             "micro_f1": float, "requests": int, "prompt_tokens": int, "completion_tokens": int, "cost": float},
    "run_fields": {"run_id": int, "field": str, "tp": int, "fp": int, "fn": int, "precision": float,
                   "recall": float, "f1": float},
    "run_errors": {"run_id": int, "fixture": str, "rendering": str, "kind": str, "record": str, "field": str,
                   "gold": str, "pred": str},
    "run_documents": {"run_id": int, "fixture": str, "rendering": str, "status": str, "error": str,
                      "seconds": float, "errors": int, "warnings": int},
}


def open_runs_db(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    for name, cols in RUN_TABLES.items():
        if not db[name].exists():
            db[name].create(cols, pk="id" if "id" in cols else None,
                            foreign_keys=[("run_id", "runs", "id")] if "run_id" in cols else None)
    for name in ("run_fields", "run_errors", "run_documents"):
        db[name].create_index(["run_id"], if_not_exists=True)
    return db


def git_commit(where: Optional[Path] = None) -> Optional[str]:
    """The commit of the checkout at `where` (the current directory by default), "-dirty" when changed."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=where, capture_output=True, text=True,
                              timeout=10)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=where,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head.stdout.strip() + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def run_eval(fixtures: list[Fixture], *, backend: str = "rules", prompt: Optional[str] = None,
             model: Optional[str] = None, gold_db: Path = DEFAULT_GOLD_DB, runs_db: Path = DEFAULT_RUNS_DB,
             extract: Optional[Callable[..., Extraction]] = None, progress: Callable[[str], None] = lambda s: None) -> int:
    """Score every rendering of every fixture, store the run, return its id.

    `extract` replaces the named backend (a user's own extractor, or a broken
    one in a test); it takes a PDF path and returns an Extraction."""
    ids = load_gold(fixtures, gold_db)
    gdb = sqlite_utils.Database(gold_db)
    if extract is not None:
        backend = f"custom:{getattr(extract, '__name__', 'extract')}"
    else:
        extract = get_backend(backend)
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    total = Score()
    doc_rows = []
    usage_total = {"requests": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost": 0.0}
    for fx in fixtures:
        gold = store.load_document(gdb, ids[fx.id])
        for pdf in fx.renderings:
            t = time.perf_counter()
            try:
                result = extract(pdf, prompt=prompt, model=model)
                s = score_document(gold, result.document)
                for k in usage_total:
                    usage_total[k] += result.usage.get(k, 0) or 0
                sev = [f.severity for f in result.document.findings]
                row = dict(status="ok", error=None, errors=sev.count("error"), warnings=sev.count("warning"))
            except (InputError, EvalError) as e:
                s = score_missing_document(gold)
                row = dict(status="failed", error=str(e), errors=None, warnings=None)
            total.merge(s, fixture=fx.id, rendering=pdf.name)
            doc_rows.append(dict(fixture=fx.id, rendering=pdf.name, seconds=round(time.perf_counter() - t, 3), **row))
            progress(f"{fx.id} {pdf.name}: {row['status']}")
    table = total.table()
    micro = prf(*[sum(c[i] for c in total.counts.values()) for i in range(3)])["f1"]
    db = open_runs_db(runs_db)
    with db.conn:
        run_id = db["runs"].insert(dict(
            started_at=started, seconds=round(time.perf_counter() - t0, 3), backend=backend,
            prompt=prompt, model=model,
            config=json.dumps({"backend": backend, "prompt": prompt, "model": model,
                               "extract": getattr(extract, "__name__", str(extract)),
                               "fixtures": [fx.id for fx in fixtures]}, ensure_ascii=False),
            git_commit=git_commit(), documents=len(doc_rows),
            failed_documents=sum(r["status"] == "failed" for r in doc_rows),
            min_f1=min((v["f1"] for v in table.values()), default=0.0), micro_f1=micro, **usage_total,
        )).last_pk
        db["run_fields"].insert_all({"run_id": run_id, "field": k, **v} for k, v in table.items())
        db["run_errors"].insert_all({"run_id": run_id, **{k: e.get(k) for k in
                                     ("fixture", "rendering", "kind", "record", "field", "gold", "pred")}}
                                    for e in total.errors)
        db["run_documents"].insert_all({"run_id": run_id, **r} for r in doc_rows)
    return run_id


def run_qa_eval(qa_path: Path, *, runs_db: Path = DEFAULT_RUNS_DB, work_dir: Optional[Path] = None,
                engine: str = "offline") -> int:
    """Score a QA set (eval/qa/*.json) on a database built from its gold, and store it as a run.

    Fields: `qa.answer` (TP correct, FP answered but wrong, FN not correct) and `qa.citations`
    (TP answered with citations, FN answered without); wrong items are the run's errors."""
    import tempfile

    from extractor.evaluation import qa

    data = json.loads(Path(qa_path).read_text(encoding="utf-8"))
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    if qa.is_strict(qa_path):  # strict sets (eval/qa/dev.json): answer text scored, databases per set
        gold_path = ", ".join(g for golds in data["databases"].values() for g in golds)
        with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
            report = qa.score_strict(qa_path, tmp)
    else:
        gold_path = (Path(qa_path).parent / data["gold"]).resolve()
        items = qa.load_qa(qa_path)
        with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
            db_path = Path(tmp) / "qa-gold.db"
            gdb = store.open_db(db_path)
            store.save_document(gdb, check.run(gold_from_json(gold_path)), path=str(gold_path),
                                sha256=sha256_of(gold_path), page_count=0, extractor="gold")
            gdb.conn.close()
            report = qa.score_qa(str(db_path), items)
    wrong = [i for i in report["items"] if not i["ok"]]
    answered_wrong = sum(1 for i in wrong if i["got"] is not None)
    fields = {
        "qa.answer": prf(report["correct"], answered_wrong, report["total"] - report["correct"]),
        "qa.citations": prf(report["cited"], 0, report["answered"] - report["cited"]),
    }
    db = open_runs_db(runs_db)
    with db.conn:
        run_id = db["runs"].insert(dict(
            started_at=started, seconds=round(time.perf_counter() - t0, 3), backend=f"ask-{engine}",
            config=json.dumps({"qa": str(qa_path), "gold": str(gold_path), "engine": engine}, ensure_ascii=False),
            git_commit=git_commit(), documents=1, failed_documents=0,
            min_f1=min(f["f1"] for f in fields.values()), micro_f1=report["accuracy"],
            requests=0, prompt_tokens=0, completion_tokens=0, cost=0.0)).last_pk
        db["run_fields"].insert_all({"run_id": run_id, "field": k, **v} for k, v in fields.items())
        db["run_errors"].insert_all({"run_id": run_id, "fixture": Path(qa_path).stem, "rendering": "qa",
                                     "kind": "wrong", "record": i["question"], "field": f"qa.{i['kind']}",
                                     "gold": json.dumps(i["expected"], ensure_ascii=False, default=str),
                                     "pred": json.dumps(i["got"], ensure_ascii=False, default=str)} for i in wrong)
    return run_id


def run_fields(db: sqlite_utils.Database, run_id: int) -> dict[str, dict]:
    rows = list(db.query("SELECT * FROM run_fields WHERE run_id = ? ORDER BY field", [run_id]))
    if not rows and not list(db.query("SELECT id FROM runs WHERE id = ?", [run_id])):
        raise EvalError(f"no run {run_id} in {db.conn.execute('PRAGMA database_list').fetchone()[2]}")
    return {r["field"]: r for r in rows}


def _error_keys(db, run_id) -> dict[tuple, dict]:
    return {(e["fixture"], e["rendering"], e["record"], e["field"]): e
            for e in db.query("SELECT * FROM run_errors WHERE run_id = ?", [run_id])}


def diff_runs(db: sqlite_utils.Database, a: int, b: int) -> dict:
    """Per-field F1 deltas, and the (record, field) errors B has that A had not (broke) and the reverse (fixed)."""
    fa, fb = run_fields(db, a), run_fields(db, b)
    fields = []
    for k in sorted(set(fa) | set(fb)):
        f1a = fa[k]["f1"] if k in fa else None
        f1b = fb[k]["f1"] if k in fb else None
        fields.append({"field": k, "a": f1a, "b": f1b,
                       "delta": None if f1a is None or f1b is None else f1b - f1a})
    ea, eb = _error_keys(db, a), _error_keys(db, b)
    broke = [eb[k] for k in sorted(set(eb) - set(ea))]
    fixed = [ea[k] for k in sorted(set(ea) - set(eb))]
    changed = [f for f in fields if f["delta"] is None or abs(f["delta"]) > 1e-12]
    return {"a": a, "b": b, "fields": fields, "changed": changed, "broke": broke, "fixed": fixed,
            "regressed": any((f["delta"] or 0) < -1e-12 for f in fields) or bool(broke)}
