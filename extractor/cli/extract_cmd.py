"""`extractor extract`: PDFs → records in the database, a verdict per document, a footer per batch."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from extractor.cli.common import (EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK, CliError, DB_SUFFIXES, add_json, emit_json,
                                  err, json_target, resolve_db, say, writable_db)
from extractor.models import Document

SEVERITIES = ("error", "warning", "info")


def summary(doc: Document) -> str:
    """`6 units, 47 projects, 194 indicators; findings: 0 error, 0 warning, 4 info; ok`."""
    n_proj = sum(len(u.projects) for u in doc.units)
    n_ind = sum(len(p.indicators) for u in doc.units for p in u.projects)
    sev = Counter(f.severity for f in doc.findings)
    return (f"{len(doc.units)} units, {n_proj} projects, {n_ind} indicators; findings: "
            + ", ".join(f"{sev.get(s, 0)} {s}" for s in SEVERITIES) + "; " + verdict_text(doc))


def verdict(severities) -> tuple[str, int, int]:
    from extractor.store.db import verdict as of  # sqlite-utils loads only once the paths are checked

    return of(severities)


def verdict_text(doc: Document) -> str:
    """ok, or `needs review: 2 errors, 1 warning`."""
    v, e, w = verdict(f.severity for f in doc.findings)
    if v == "ok":
        return v
    return f"{v}: {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


def add_command(sub) -> None:
    e = sub.add_parser("extract", help="extract PDFs into the database",
                       description="Extract PDFs into the database. Inputs are files, directories (searched "
                                   "recursively for *.pdf) or glob patterns. Files whose content is already stored "
                                   "by this extractor version are skipped; a bad file is recorded in the failures "
                                   "table and the batch goes on (exit 1 at the end). One bad file named alone "
                                   "writes nothing. The database may come first, as in sqlite-utils: "
                                   "`extractor extract budget.db report.pdf`.")
    e.add_argument("files", nargs="+", metavar="FILE_DIR_OR_GLOB")
    e.add_argument("--db", dest="db_option", metavar="DB", help="SQLite database (default: budget.db)")
    add_json(e, "the records of the one input file")
    e.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: the number of CPUs)")
    e.add_argument("--force", action="store_true", help="extract again files already stored")
    e.add_argument("--strict", action="store_true",
                   help="exit 1 when any document (extracted or already stored) has an error finding")
    e.add_argument("--quiet", "-q", action="store_true", help="no progress, no per-file lines: errors only")
    e.add_argument("--backend", choices=("rules", "llm", "hybrid"),
                   help="rules (no model); hybrid: rules first, the model for rows they cannot read or the checker "
                        "rejects; llm: the model for every row (default: hybrid when EXTRACTOR_MODEL is set, "
                        "else rules)")
    e.set_defaults(func=cmd_extract)


def _split_db(args) -> None:
    """`extract budget.db a.pdf`: a first input that names a database (by suffix) is the database."""
    args.database = None
    if len(args.files) > 1 and args.files[0].lower().endswith(DB_SUFFIXES):
        args.database = args.files.pop(0)


def cmd_extract(args) -> int:
    _split_db(args)
    db_path = resolve_db(args)
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    model = os.environ.get("EXTRACTOR_MODEL")
    backend = args.backend or ("hybrid" if model else "rules")
    if backend != "rules" and not model:
        raise CliError(f"--backend {backend} needs a model: set EXTRACTOR_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY)")
    json_out = json_target(args)
    writable_db(db_path)  # before any work: an unwritable database must not cost an extraction
    from extractor import batch

    files, problems = batch.expand_inputs(args.files)
    if json_out and (len(files) != 1 or problems):
        raise CliError("--json takes one input file")
    # With the records on stdout, the human lines go to stderr.
    info = sys.stderr if json_out == "-" else sys.stdout
    if args.backend is None and not model:
        say(args, "rules only: no model configured (set EXTRACTOR_MODEL to let a model read what the rules cannot)",
            file=info)
    # One file named on the command line: a bad one is reported and nothing is written.
    single = (len(args.files) == 1 and len(files) == 1 and not os.path.isdir(args.files[0])
              and not batch.is_pattern(args.files[0]))
    for arg, reason in problems:
        err(f"{arg}: {reason}")
    show = sys.stderr.isatty() and not args.quiet
    bar = _FileBar(len(files)) if show and not single and files else None
    pages = _PageBar(files[0]) if show and single else None
    counts, review, errored = Counter(), 0, 0
    try:
        with (bar or pages or _Nothing()):
            with batch.run(files, db_path, args.jobs, record_failures=not single,
                           force=bool(args.force or json_out), backend=backend,
                           progress=pages.update if pages else None) as outcomes:
                for o in outcomes:
                    counts[o.status] += 1
                    if o.status == "stored":
                        if pages:
                            pages.stop()
                        if json_out:
                            emit_json(json_out, o.document.model_dump(mode="json"))
                        v, e, _ = verdict(f.severity for f in o.document.findings)
                        review += v != "ok"
                        errored += e > 0
                        ocr = (f" ({o.ocr_pages} by OCR, {o.ocr_seconds / o.ocr_pages:.1f} s/page)"
                               if o.ocr_pages else "")
                        say(args, f"{o.path}: {o.page_count} pages{ocr}, {summary(o.document)} → {db_path}"
                                  + (f", {json_out}" if json_out and json_out != "-" else ""), file=info)
                    elif o.status == "skipped":
                        v, e = _stored_verdict(db_path, o.document_id)
                        review += v not in (None, "ok")
                        errored += bool(e)
                        say(args, f"{o.path}: skipped, {o.message}" + (f"; {v}" if v else ""), file=info)
                    else:
                        err(f"{o.path}: {o.message}")
                    if bar:
                        bar.advance(o)
    except KeyboardInterrupt:
        err(f"interrupted after {sum(counts.values())} of {len(files)} files; every stored document is whole: "
            "run the same command again to resume")
        return EXIT_INTERRUPTED
    if not single:
        say(args, f"{len(files)} files: {counts['stored']} extracted, {counts['skipped']} skipped, "
                  f"{counts['failed']} failed; {review} need{'s' if review == 1 else ''} review → {db_path}",
            file=info)
    if counts["failed"] or problems:
        return EXIT_FOUND
    if args.strict and errored:
        err(f"--strict: {errored} document{'s' if errored != 1 else ''} with error findings "
            f"(`extractor check {db_path} --severity error` lists them)")
        return EXIT_FOUND
    return EXIT_OK


def _stored_verdict(db_path: str, document_id) -> tuple:
    """(verdict, errors) of a document already in the database, for the footer and --strict."""
    if document_id is None or not Path(db_path).exists():
        return None, 0
    from extractor.cli.common import connect_ro

    conn = connect_ro(db_path)
    try:
        row = conn.execute("SELECT verdict, errors FROM documents WHERE id = ?", [document_id]).fetchone()
        return (row["verdict"], row["errors"] or 0) if row else (None, 0)
    except Exception:  # a database from before verdicts were stored, opened read-only
        return None, 0
    finally:
        conn.close()


# ---------------------------------------------------------------- progress on a terminal (stderr), never on a pipe


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_GLYPH = {"stored": "[green]✓[/]", "skipped": "[blue]↷[/]", "failed": "[red]✗[/]"}


def _rich_progress(*columns):
    from rich.console import Console
    from rich.progress import Progress

    return Progress(*columns, console=Console(stderr=True), redirect_stdout=sys.stdout.isatty(),
                    redirect_stderr=True, transient=False)


class _FileBar:
    """Files done of files, in a batch."""

    def __init__(self, total: int):
        from rich.progress import (BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.progress = _rich_progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                       MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
        self.task = self.progress.add_task("extracting", total=total)

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()
        return False

    def advance(self, o) -> None:
        from rich.markup import escape

        self.progress.update(self.task, advance=1, description=f"{_GLYPH[o.status]} {escape(Path(o.path).name)}")


class _PageBar:
    """Pages read of pages, for one file (a scan takes seconds a page); a spinner when the reader cannot say."""

    def __init__(self, path: str):
        from rich.markup import escape
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn

        from extractor import batch

        self.per_page = batch.page_progress_supported()
        total = _page_count(path)
        cols = [SpinnerColumn(), TextColumn("{task.description}")]
        if self.per_page:
            cols += [BarColumn(), MofNCompleteColumn(), TextColumn("pages")]
        cols.append(TimeElapsedColumn())
        self.progress = _rich_progress(*cols)
        what = f"reading {escape(Path(path).name)}" + (f" ({total} pages)" if total and not self.per_page else "")
        self.task = self.progress.add_task(what, total=total if self.per_page else None)
        self.stopped = False

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def update(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.progress.stop()


def _page_count(path: str):
    try:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        try:
            return len(pdf)
        finally:
            pdf.close()
    except Exception:  # not installed, or a file the extraction will report on properly
        return None
