"""`extractor`: a thin command line over the package's functions.

    extractor extract FILE_DIR_OR_GLOB… [--db budget.db] [--jobs N] [--force] [--json out.json]
    extractor check [--db budget.db] [--severity warning] [--strict]
    extractor schema [--out schemas/document.schema.json]
    extractor export [--db budget.db] --format csv|json|xlsx [--out DIR_OR_FILE]
    extractor review FILE_OR_DOC_ID [--db budget.db] [--out review.html]
    extractor datasette-metadata [--db budget.db] [--out metadata.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from extractor import __version__
from extractor.store import db as store
from extractor.models import Document

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


def _progress(total: int):
    """A rich progress bar on stderr (a terminal); print() to stdout/stderr goes above it."""
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                        redirect_stdout=sys.stdout.isatty(), redirect_stderr=True)
    return progress, progress.add_task("extracting", total=total)


_GLYPH = {"stored": "[green]✓[/]", "skipped": "[blue]↷[/]", "failed": "[red]✗[/]"}


def cmd_extract(args) -> int:
    from extractor import batch

    if args.jobs is not None and args.jobs < 1:
        _err("--jobs must be at least 1")
        return 2
    model = os.environ.get("EXTRACTOR_MODEL")
    backend = args.backend or ("hybrid" if model else "rules")
    if backend != "rules" and not model:
        _err(f"--backend {backend} needs a model: set EXTRACTOR_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY)")
        return 2
    if args.backend is None and not model:
        print("rules only: no model configured (set EXTRACTOR_MODEL to let a model read what the rules cannot)")
    files, problems = batch.expand_inputs(args.files)
    if args.json and (len(files) != 1 or problems):
        _err("--json takes one input file")
        return 2
    # One file named on the command line: a bad one is reported and nothing is written.
    single = (len(args.files) == 1 and len(files) == 1 and not os.path.isdir(args.files[0])
              and not batch.is_pattern(args.files[0]))
    for arg, reason in problems:
        _err(f"{arg}: {reason}")
    counts = Counter()
    progress = task = None
    if not single and files and sys.stderr.isatty():
        progress, task = _progress(len(files))
        progress.start()
    try:
        with batch.run(files, args.db, args.jobs, record_failures=not single,
                       force=bool(args.force or args.json), backend=backend) as outcomes:
            for o in outcomes:
                counts[o.status] += 1
                if o.status == "stored":
                    if args.json:
                        write_json(o.document, args.json)
                    print(f"{o.path}: {o.page_count} pages, {summary(o.document)} → {args.db}")
                elif o.status == "skipped":
                    print(f"{o.path}: skipped, {o.message}")
                else:
                    _err(f"{o.path}: {o.message}")
                if progress is not None:
                    from rich.markup import escape
                    progress.update(task, advance=1, description=f"{_GLYPH[o.status]} {escape(Path(o.path).name)}")
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        _err(f"interrupted after {sum(counts.values())} of {len(files)} files; every stored document is whole: "
             "run the same command again to resume")
        return 130
    if progress is not None:
        progress.stop()
    if not single:
        print(f"{len(files)} files: {counts['stored']} extracted, {counts['skipped']} skipped, "
              f"{counts['failed']} failed → {args.db}")
    return 1 if counts["failed"] or problems else 0


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


def cmd_export(args) -> int:
    from extractor.store import export

    if not Path(args.db).exists():
        _err(f"{args.db}: no such database (run `extractor extract FILE.pdf --db {args.db}` first)")
        return 2
    try:
        written = export.export(args.db, args.format, args.out)
    except (OSError, ValueError) as e:
        _err(str(e))
        return 2
    if args.format == "xlsx":
        print(f"{written[0][0]}: " + ", ".join(f"{p_rows} {name}" for (_, p_rows), name in zip(written, export.TABLES)))
    else:
        for path, n in written:
            print(f"{path}: {n} rows")
    return 0


def cmd_review(args) -> int:
    from extractor import review

    try:
        out = review.review(args.db, args.document, args.out, resolution=args.resolution)
    except review.ReviewError as e:
        _err(str(e))
        return 2
    print(out)
    return 0


def cmd_datasette_metadata(args) -> int:
    from importlib import resources

    data = json.loads(resources.files("extractor.store").joinpath("datasette_metadata.json").read_text(encoding="utf-8"))
    # Datasette names a database after its file's stem: budget.db → "budget".
    name = Path(args.db).stem
    data["databases"] = {name: data["databases"]["budget"]}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extractor", description="项目支出绩效目标表 PDFs → checked records → SQLite")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract PDFs into the database",
                       description="Extract PDFs into the database. Inputs are files, directories (searched "
                                   "recursively for *.pdf) or glob patterns. Files whose content is already stored "
                                   "by this extractor version are skipped; a bad file is recorded in the failures "
                                   "table and the batch goes on (exit 1 at the end). One bad file named alone "
                                   "writes nothing.")
    e.add_argument("files", nargs="+", metavar="FILE_DIR_OR_GLOB")
    e.add_argument("--db", default="budget.db", help="SQLite database (default: budget.db)")
    e.add_argument("--json", metavar="OUT.json", help="also write the records as JSON (one input file)")
    e.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: the number of CPUs)")
    e.add_argument("--force", action="store_true", help="extract again files already stored")
    e.add_argument("--backend", choices=("rules", "llm", "hybrid"),
                   help="rules (no model); hybrid: rules first, the model for rows they cannot read or the checker "
                        "rejects; llm: the model for every row (default: hybrid when EXTRACTOR_MODEL is set, "
                        "else rules)")
    e.set_defaults(func=cmd_extract)

    c = sub.add_parser("check", help="list the stored findings")
    c.add_argument("--db", default="budget.db")
    c.add_argument("--severity", choices=SEVERITIES, default="info", help="least severe to list (default: info)")
    c.add_argument("--strict", action="store_true", help="exit 1 when any finding is an error")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("schema", help="print the JSON Schema of the export")
    s.add_argument("--out", help="write it to this file")
    s.set_defaults(func=cmd_schema)

    x = sub.add_parser("export", help="write every table as CSV, JSON or XLSX",
                       description="One file per table (csv, json: --out is a directory) or one sheet per table "
                                   "(xlsx: --out is a file): documents, units, projects, amounts, indicators, "
                                   "findings, failures. Values as stored: amounts stay exact decimal text.")
    x.add_argument("--db", default="budget.db")
    x.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    x.add_argument("--out", metavar="DIR_OR_FILE", help="default: budget-csv/, budget-json/ or budget.xlsx beside the db")
    x.set_defaults(func=cmd_export)

    r = sub.add_parser("review", help="an HTML page showing one document's records over its page images")
    r.add_argument("document", metavar="FILE_OR_DOC_ID", help="the PDF (found by content hash) or a documents.id")
    r.add_argument("--db", default="budget.db")
    r.add_argument("--out", metavar="REVIEW.html", help="default: <file name>.review.html")
    r.add_argument("--resolution", type=int, default=72, help="page image resolution in dpi (default: 72)")
    r.set_defaults(func=cmd_review)

    m = sub.add_parser("datasette-metadata", help="print Datasette metadata describing every table and column",
                       description="datasette budget.db --metadata metadata.json shows the descriptions.")
    m.add_argument("--db", default="budget.db", help="the database it is for (Datasette names it by the file stem)")
    m.add_argument("--out", help="write it to this file")
    m.set_defaults(func=cmd_datasette_metadata)

    from extractor.evaluation import harness as eval_harness

    eval_harness.add_command(sub)

    # The model and question-answering modules load openai, jieba and sqlglot: only when used.
    a = sub.add_parser("ask", help="ask the database a question in Chinese (an agent when a model is configured)")
    a.add_argument("question", help="e.g. 哪个单位的财政拨款最多？")
    a.add_argument("--db", default="budget.db", help="SQLite database (default: budget.db)")
    a.add_argument("--json", action="store_true", help="print {answer, value, citations, sql} as JSON")
    a.add_argument("--offline", action="store_true",
                   help="never use a model, even when EXTRACTOR_MODEL is set (the default without one)")
    a.add_argument("--model", help="the model for the agent (default: EXTRACTOR_MODEL)")
    a.set_defaults(func=lambda args: _lazy("extractor.ask.engine", "cmd_ask")(args))

    v = sub.add_parser("llm-serve", help="serve the bundled small model with llama.cpp's OpenAI-compatible server")
    v.add_argument("--port", type=int, default=8765)
    v.add_argument("--model-path", help="a GGUF file (default: the bundled Gemma 3 270M)")
    v.add_argument("--n-ctx", type=int, default=4096)
    v.set_defaults(func=lambda args: _lazy("extractor.backends.llm", "cmd_serve")(args))
    return p


def _lazy(module: str, name: str):
    import importlib

    return getattr(importlib.import_module(module), name)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
