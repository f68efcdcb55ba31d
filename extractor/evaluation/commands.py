"""`extractor eval load | run | qa | diff | report`: the command line over fixtures, runs and reports.

Default paths are relative to the current directory (`evaluation.paths`), never the installed package."""

from __future__ import annotations

from pathlib import Path

from extractor.evaluation.fixtures import EvalError, fixture_paths, load_gold, load_manifest
from extractor.evaluation.paths import DEFAULT_FIXTURES, DEFAULT_GOLD_DB, DEFAULT_QA, DEFAULT_RUNS_DB
from extractor.evaluation.report import report_html
from extractor.evaluation.runs import diff_runs, open_runs_db, run_eval, run_fields, run_qa_eval


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
        p.add_argument("--fixtures", help=f"a fixture manifest, or a folder of *.gold.json beside their PDFs "
                                          f"(default: {DEFAULT_FIXTURES}, from the current directory)")
        p.add_argument("--gold-db", help=f"default: {DEFAULT_GOLD_DB}, or gold.db beside --fixtures")
        if runs:
            p.add_argument("--runs-db", help=f"default: {DEFAULT_RUNS_DB}, or runs.db beside --fixtures")

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
    p.add_argument("--qa", default=str(DEFAULT_QA))
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
