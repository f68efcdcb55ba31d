"""`extractor`: a thin command line over the package's functions.

    extractor extract FILE.pdf [FILE.pdf …] [--db budget.db] [--json out.json]
    extractor check [--db budget.db] [--severity warning] [--strict]
    extractor schema [--out schemas/document.schema.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from . import __version__, store
from .models import Document
from .pipeline import extract_pdf
from .read import InputError

SEVERITIES = ("error", "warning", "info")


def _err(msg: str) -> None:
    print(f"extractor: error: {msg}", file=sys.stderr)


def write_json(doc: Document, path: str | Path) -> None:
    """The JSON export, written whole or not at all."""
    path = Path(path)
    data = doc.model_dump(mode="json")
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def summary(doc: Document) -> str:
    n_proj = sum(len(u.projects) for u in doc.units)
    n_ind = sum(len(p.indicators) for u in doc.units for p in u.projects)
    sev = Counter(f.severity for f in doc.findings)
    return (f"{len(doc.units)} units, {n_proj} projects, {n_ind} indicators; findings: "
            + ", ".join(f"{sev.get(s, 0)} {s}" for s in SEVERITIES))


def cmd_extract(args) -> int:
    if args.json and len(args.files) > 1:
        _err("--json takes one input file")
        return 2
    failed = 0
    db = None
    for file in args.files:
        try:
            source, doc = extract_pdf(file)
        except InputError as e:
            _err(f"{file}: {e}")
            failed += 1
            continue
        if db is None:
            db = store.open_db(args.db)
        store.save_document(db, doc, path=file, sha256=source.sha256, page_count=len(source.pages))
        if args.json:
            write_json(doc, args.json)
        print(f"{file}: {len(source.pages)} pages, {summary(doc)} → {args.db}")
    return 1 if failed else 0


def cmd_check(args) -> int:
    if not Path(args.db).exists():
        _err(f"{args.db}: no such database (run `extractor extract FILE.pdf --db {args.db}` first)")
        return 2
    db = store.open_db(args.db)
    rows = [r for r in store.findings(db) if SEVERITIES.index(r["severity"]) <= SEVERITIES.index(args.severity)]
    for r in rows:
        pages = ",".join(str(p) for p in json.loads(r["pages"] or "[]"))
        where = f"{r['filename']}" + (f" p.{pages}" if pages else "") + (f" {r['record']}" if r["record"] else "")
        print(f"{r['severity']:<7} {r['code']:<18} {where}: {r['message']}")
    counts = Counter(r["severity"] for r in store.findings(db))
    print(", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES))
    return 1 if args.strict and counts.get("error") else 0


def cmd_schema(args) -> int:
    text = json.dumps(Document.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extractor", description="项目支出绩效目标表 PDFs → checked records → SQLite")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract PDFs into the database")
    e.add_argument("files", nargs="+", metavar="FILE.pdf")
    e.add_argument("--db", default="budget.db", help="SQLite database (default: budget.db)")
    e.add_argument("--json", metavar="OUT.json", help="also write the records as JSON (one input file)")
    e.set_defaults(func=cmd_extract)

    c = sub.add_parser("check", help="list the stored findings")
    c.add_argument("--db", default="budget.db")
    c.add_argument("--severity", choices=SEVERITIES, default="info", help="least severe to list (default: info)")
    c.add_argument("--strict", action="store_true", help="exit 1 when any finding is an error")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("schema", help="print the JSON Schema of the export")
    s.add_argument("--out", help="write it to this file")
    s.set_defaults(func=cmd_schema)

    from . import eval as eval_harness

    eval_harness.add_command(sub)

    from . import llm

    llm.add_command(sub)

    from . import ask

    ask.add_command(sub)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
