"""The eval harness: gold fixtures in SQLite, per-field scores, stored runs, diffs and reports.

    extractor eval load  [--gold-db eval/gold.db]
    extractor eval run   [--backend rules] [--prompt NAME@VERSION] [--model M] [--fail-under 0.99]
    extractor eval qa    [--qa eval/qa/seed-qa.json] [--fail-under 0.9]
    extractor eval diff  RUN_A RUN_B [--fail-on-regression]
    extractor eval report RUN [--out report.html]

Fixtures are listed in eval/fixtures.json: a gold JSON (the reviewable source of
truth, in the export format) and the PDF renderings made from it. `load` puts
every gold into a gold database after checking that its amounts reconcile;
`run` scores every rendering against the gold read back from that database.
"""

from __future__ import annotations

import html
import json
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

import sqlite_utils

from extractor.checks import core as check
from extractor.store import db as store
from extractor.models import Document
from extractor.source.pdf import InputError, sha256_of
from extractor.evaluation.scoring import Score, prf, score_document, score_missing_document

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "eval"
DEFAULT_GOLD_DB = EVAL_DIR / "gold.db"
DEFAULT_RUNS_DB = EVAL_DIR / "runs.db"


#: Gold annotations that are not records: what the checker must report, a form's extra fields.
GOLD_ONLY_KEYS = ("repeated_rows", "form_extras", "source_pdf", "to_review")


class EvalError(Exception):
    """A fixture or run that cannot be used; str() is the one-line reason."""


@dataclass
class Fixture:
    id: str
    gold_path: Path
    renderings: list[Path]
    note: str = ""


def load_manifest(path: Path = EVAL_DIR / "fixtures.json") -> list[Fixture]:
    """The fixtures of a manifest (JSON list), or of a folder of `*.gold.json` files (`extractor gold draft`),
    each scored against the PDF its `source_pdf` names (default: the PDF of the same name beside it)."""
    path = Path(path)
    if path.is_dir():
        return _folder_fixtures(path)
    if not path.is_file():
        raise EvalError(f"{path}: no such fixture manifest or folder")
    base = path.parent
    items = json.loads(path.read_text(encoding="utf-8"))
    return [Fixture(i["id"], (base / i["gold"]).resolve(), [(base / r).resolve() for r in i["renderings"]],
                    i.get("note", "")) for i in items]


def _folder_fixtures(folder: Path) -> list[Fixture]:
    out = []
    for gold in sorted(folder.glob("*.gold.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        stem = gold.name[: -len(".gold.json")]
        pdf = (gold.parent / data.get("source_pdf", f"{stem}.pdf")).resolve()
        if not pdf.is_file():
            raise EvalError(f"{gold}: its PDF {pdf} is missing (set source_pdf in the gold)")
        out.append(Fixture(stem, gold.resolve(), [pdf], "a user's gold"))
    if not out:
        raise EvalError(f"{folder}: no *.gold.json here (make one with `extractor gold draft REPORT.pdf`)")
    return out


def fixture_paths(fixtures: Optional[str], gold_db: Optional[str], runs_db: Optional[str] = None) -> tuple[Path, Path, Path]:
    """(manifest or folder, gold db, runs db): the project's own by default; beside a user's fixtures when
    --fixtures names them (never inside the installed package)."""
    if not fixtures:
        return EVAL_DIR / "fixtures.json", Path(gold_db or DEFAULT_GOLD_DB), Path(runs_db or DEFAULT_RUNS_DB)
    where = Path(fixtures) if Path(fixtures).is_dir() else Path(fixtures).parent
    return Path(fixtures), Path(gold_db) if gold_db else where / "gold.db", Path(runs_db) if runs_db else where / "runs.db"


def gold_document(data: dict) -> Document:
    """The records of a gold JSON object, without its gold-only annotations (the data is not changed)."""
    return Document.model_validate({k: v for k, v in data.items() if k not in GOLD_ONLY_KEYS})


def gold_from_json(path: Path) -> Document:
    return gold_document(json.loads(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- gold database


def load_gold(fixtures: list[Fixture], gold_db: Path) -> dict[str, int]:
    """Check every gold and store it in the gold database; returns {fixture id: document id}."""
    docs = {}
    for fx in fixtures:
        doc = gold_from_json(fx.gold_path)
        checked = check.run(doc)
        bad = [f for f in checked.findings if f.severity == "error"]
        if bad:
            raise EvalError(f"gold {fx.gold_path.name} does not reconcile: {bad[0].code}: {bad[0].message}")
        docs[fx.id] = checked
    db = store.open_db(gold_db)
    if not db["fixtures"].exists():
        db["fixtures"].create({"id": str, "document_id": int, "gold": str, "renderings": str, "note": str}, pk="id")
    ids = {}
    for fx in fixtures:
        doc_id = store.save_document(db, docs[fx.id], path=str(fx.gold_path), sha256=sha256_of(fx.gold_path),
                                     page_count=0, extractor="gold")
        db["fixtures"].upsert({"id": fx.id, "document_id": doc_id, "gold": str(fx.gold_path),
                               "renderings": json.dumps([str(r) for r in fx.renderings]), "note": fx.note}, pk="id")
        ids[fx.id] = doc_id
    return ids


# ---------------------------------------------------------------- backends


@dataclass
class Extraction:
    document: Document
    usage: dict


def rules_backend(path: Path, **_) -> Extraction:
    from extractor.pipeline import extract_pdf

    _, doc = extract_pdf(path)
    return Extraction(doc, {})


def get_backend(name: str) -> Callable[..., Extraction]:
    if name == "rules":
        return rules_backend
    try:
        from extractor.backends import llm
    except ImportError:
        raise EvalError(f"backend {name!r} is not available in this version") from None
    return llm.eval_backend(name)


# ---------------------------------------------------------------- runs


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


def git_commit() -> Optional[str]:
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
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
    gold_path = (Path(qa_path).parent / data["gold"]).resolve()
    items = qa.load_qa(qa_path)
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
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


# ---------------------------------------------------------------- report


def report_html(db: sqlite_utils.Database, run_id: int, worst: int = 20) -> str:
    run = db["runs"].get(run_id)
    fields = run_fields(db, run_id)
    errors = list(db.query("SELECT * FROM run_errors WHERE run_id = ? ORDER BY fixture, rendering, record, field",
                           [run_id]))
    docs = list(db.query("SELECT * FROM run_documents WHERE run_id = ?", [run_id]))
    by_record: dict[str, list[dict]] = {}
    for e in errors:
        by_record.setdefault(f"{e['fixture']} · {e['rendering']} · {e['record']}", []).append(e)
    worst_records = sorted(by_record.items(), key=lambda kv: -len(kv[1]))[:worst]
    esc = html.escape

    def num(v):
        return "—" if v is None else f"{v:.3f}"

    rows = "".join(
        f"<tr class='{'bad' if f['f1'] < 1 else ''}'><td>{esc(k)}</td><td>{f['tp']}</td><td>{f['fp']}</td>"
        f"<td>{f['fn']}</td><td>{num(f['precision'])}</td><td>{num(f['recall'])}</td><td>{num(f['f1'])}</td></tr>"
        for k, f in fields.items())
    doc_rows = "".join(
        f"<tr><td>{esc(d['fixture'])}</td><td>{esc(d['rendering'])}</td><td>{esc(d['status'])}</td>"
        f"<td>{esc(d['error'] or '')}</td><td>{d['seconds']}</td></tr>" for d in docs)
    worst_html = "".join(
        f"<h3>{esc(rec)} <small>({len(errs)} errors)</small></h3><table><tr><th>field</th><th>kind</th>"
        f"<th>gold</th><th>prediction</th></tr>"
        + "".join(f"<tr><td>{esc(e['field'])}</td><td>{esc(e['kind'])}</td><td class='gold'>{esc(e['gold'] or '∅')}</td>"
                  f"<td class='pred'>{esc(e['pred'] or '∅')}</td></tr>" for e in errs)
        + "</table>" for rec, errs in worst_records) or "<p>No errors: every field matches the gold.</p>"
    config = json.loads(run["config"] or "{}")
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>eval run {run_id}</title>
<style>
body {{ font: 14px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: .5em 0 1.5em; }}
td, th {{ border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top; }}
tr.bad td {{ background: #fff0f0; }} td.gold {{ background: #f0fff0; }} td.pred {{ background: #fff6e6; }}
small {{ color: #666; font-weight: normal; }}
</style></head><body>
<h1>Eval run {run_id}</h1>
<p>backend <b>{esc(str(run['backend']))}</b>, prompt {esc(str(run['prompt']))}, model {esc(str(run['model']))},
commit {esc(str(run['git_commit']))}, started {esc(run['started_at'])}, {run['seconds']} s;
micro F1 <b>{num(run['micro_f1'])}</b>, lowest field F1 <b>{num(run['min_f1'])}</b>;
requests {run['requests']}, tokens {run['prompt_tokens']} in / {run['completion_tokens']} out.</p>
<p>fixtures: {esc(', '.join(config.get('fixtures', [])))}</p>
<h2>Documents</h2><table><tr><th>fixture</th><th>rendering</th><th>status</th><th>error</th><th>s</th></tr>{doc_rows}</table>
<h2>Fields</h2><table><tr><th>field</th><th>TP</th><th>FP</th><th>FN</th><th>precision</th><th>recall</th><th>F1</th></tr>{rows}</table>
<h2>Worst records</h2>{worst_html}
</body></html>
"""


# ---------------------------------------------------------------- CLI


def _print_fields(fields: dict[str, dict]) -> None:
    for k, f in fields.items():
        print(f"  {k:<40} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}  "
              f"(tp {f['tp']}, fp {f['fp']}, fn {f['fn']})")


def cmd_load(args) -> int:
    manifest, gold_db, _ = fixture_paths(args.fixtures, args.gold_db)
    ids = load_gold(load_manifest(manifest), gold_db)
    for fid, doc_id in ids.items():
        print(f"{fid}: document {doc_id} → {gold_db}")
    return 0


def cmd_run(args) -> int:
    manifest, gold_db, runs_db = fixture_paths(args.fixtures, args.gold_db, args.runs_db)
    args.runs_db = str(runs_db)
    fixtures = load_manifest(manifest)
    run_id = run_eval(fixtures, backend=args.backend, prompt=args.prompt, model=args.model,
                      gold_db=gold_db, runs_db=runs_db, progress=print)
    db = open_runs_db(Path(args.runs_db))
    run = db["runs"].get(run_id)
    fields = run_fields(db, run_id)
    print(f"run {run_id}: {run['documents']} documents ({run['failed_documents']} failed), "
          f"micro F1 {run['micro_f1']:.3f}, lowest field F1 {run['min_f1']:.3f} → {args.runs_db}")
    _print_fields(fields)
    missed = list(db.query("SELECT * FROM run_errors WHERE run_id = ? AND kind != 'wrong'", [run_id]))
    for e in missed[:20]:
        print(f"  {e['kind']} {e['field']}: {e['fixture']} {e['rendering']} {e['record']}")
    if args.fail_under is not None:
        low = {k: f["f1"] for k, f in fields.items() if f["f1"] < args.fail_under}
        if low or not fields:
            print(f"FAIL: fields under F1 {args.fail_under}: " + ", ".join(f"{k} {v:.3f}" for k, v in low.items()))
            return 1
    return 0


def cmd_qa(args) -> int:
    run_id = run_qa_eval(Path(args.qa), runs_db=Path(args.runs_db))
    db = open_runs_db(Path(args.runs_db))
    run = db["runs"].get(run_id)
    fields = run_fields(db, run_id)
    a = fields["qa.answer"]
    print(f"run {run_id}: QA {a['tp']}/{a['tp'] + a['fn']} correct ({run['micro_f1']:.1%}), "
          f"citations on {fields['qa.citations']['tp']} of {fields['qa.citations']['tp'] + fields['qa.citations']['fn']} "
          f"answered → {args.runs_db}")
    for e in db.query("SELECT * FROM run_errors WHERE run_id = ?", [run_id]):
        print(f"  wrong [{e['field']}] {e['record']}: expected {e['gold']}, got {e['pred']}")
    if args.fail_under is not None and run["micro_f1"] < args.fail_under:
        print(f"FAIL: QA accuracy {run['micro_f1']:.3f} is under {args.fail_under}")
        return 1
    return 0


def cmd_diff(args) -> int:
    db = open_runs_db(Path(args.runs_db))
    d = diff_runs(db, args.run_a, args.run_b)
    print(f"run {args.run_a} → run {args.run_b}: {len(d['changed'])} fields changed, "
          f"{len(d['broke'])} record fields broke, {len(d['fixed'])} fixed")
    for f in d["changed"]:
        a = "—" if f["a"] is None else f"{f['a']:.3f}"
        b = "—" if f["b"] is None else f"{f['b']:.3f}"
        delta = "" if f["delta"] is None else f" ({f['delta']:+.3f})"
        print(f"  {f['field']:<40} {a} → {b}{delta}")
    for label, items in (("broke", d["broke"]), ("fixed", d["fixed"])):
        for e in items:
            print(f"  {label}: {e['fixture']} {e['rendering']} {e['record']} [{e['field']}] "
                  f"gold {e['gold']!r} pred {e['pred']!r}")
    return 1 if args.fail_on_regression and d["regressed"] else 0


def cmd_report(args) -> int:
    db = open_runs_db(Path(args.runs_db))
    run_fields(db, args.run)  # raises if missing
    out = Path(args.out or f"eval-run-{args.run}.html")
    out.write_text(report_html(db, args.run), encoding="utf-8")
    print(f"wrote {out}")
    return 0


def add_command(sub) -> None:
    e = sub.add_parser("eval", help="score extraction against the gold fixtures")
    esub = e.add_subparsers(dest="eval_command", required=True)

    def common(p, runs=True):
        p.add_argument("--fixtures", metavar="DIR_OR_MANIFEST",
                       help="a fixture manifest, or a folder of *.gold.json (default: the project's eval/fixtures.json)")
        p.add_argument("--gold-db", help="default: eval/gold.db, or gold.db beside --fixtures")
        if runs:
            p.add_argument("--runs-db", help="default: eval/runs.db, or runs.db beside --fixtures")

    p = esub.add_parser("load", help="check the golds and put them in the gold database")
    common(p, runs=False)
    p.set_defaults(func=_guard(cmd_load))

    p = esub.add_parser("run", help="score every fixture and store the run")
    common(p)
    p.add_argument("--backend", choices=["rules", "llm", "hybrid"], default="rules")
    p.add_argument("--prompt", help="NAME@VERSION of the prompt (llm, hybrid)")
    p.add_argument("--model", help="model name (llm, hybrid)")
    p.add_argument("--fail-under", type=float, help="exit 1 if any field's F1 is below this")
    p.set_defaults(func=_guard(cmd_run))

    p = esub.add_parser("qa", help="score a question-answering set and store the run")
    p.add_argument("--qa", default=str(EVAL_DIR / "qa" / "seed-qa.json"))
    p.add_argument("--runs-db", default=str(DEFAULT_RUNS_DB))
    p.add_argument("--fail-under", type=float, help="exit 1 if accuracy is below this (0..1)")
    p.set_defaults(func=_guard(cmd_qa))

    p = esub.add_parser("diff", help="per-field deltas and the records that broke or got fixed")
    p.add_argument("run_a", type=int)
    p.add_argument("run_b", type=int)
    p.add_argument("--runs-db", default=str(DEFAULT_RUNS_DB))
    p.add_argument("--fail-on-regression", action="store_true", help="exit 1 if any field got worse")
    p.set_defaults(func=_guard(cmd_diff))

    p = esub.add_parser("report", help="write one self-contained HTML page for a run")
    p.add_argument("run", type=int)
    p.add_argument("--runs-db", default=str(DEFAULT_RUNS_DB))
    p.add_argument("--out")
    p.set_defaults(func=_guard(cmd_report))


def _guard(fn):
    def wrapped(args):
        try:
            return fn(args)
        except EvalError as e:
            import sys

            print(f"extractor: error: {e}", file=sys.stderr)
            return 2
    return wrapped
