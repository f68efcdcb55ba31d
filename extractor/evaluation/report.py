"""One self-contained HTML page for a run: documents, per-field scores, the worst records."""

from __future__ import annotations

import html
import json

import sqlite_utils

from extractor.evaluation.runs import run_fields


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
