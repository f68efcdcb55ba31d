"""Commands over a stored database: check, documents, export, review, datasette-metadata; and schema."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from extractor.cli.common import (EXIT_FOUND, EXIT_OK, CliError, add_db, add_json, connect_ro, emit_json,
                                  existing_db, json_target, resolve_db, say, writable_dir, writable_file,
                                  write_text_atomic)

SEVERITIES = ("error", "warning", "info")


# ---------------------------------------------------------------- check


def cmd_check(args) -> int:
    from extractor import findings as registry

    db_path = existing_db(resolve_db(args))
    target = json_target(args)
    rows = _recheck(db_path) if args.recheck else _stored_findings(db_path)
    listed = [r for r in rows if SEVERITIES.index(r["severity"]) <= SEVERITIES.index(args.severity)]
    counts = Counter(r["severity"] for r in rows)
    if target:
        for r in listed:
            kind = registry.REGISTRY.get(r["code"])
            r["meaning_en"], r["meaning_zh"] = (kind.en, kind.zh) if kind else (None, r.get("meaning_zh"))
        emit_json(target, listed)
    else:
        for r in listed:
            pages = ",".join(str(p) for p in json.loads(r["pages"] or "[]"))
            where = f"{r['filename']}" + (f" p.{pages}" if pages else "") + (f" {r['record']}" if r["record"] else "")
            zh = r.get("meaning_zh") or _zh(r["code"])
            print(f"{r['severity']:<7} {r['code']:<18} {where}: {r['message']}" + (f"（{zh}）" if zh else ""))
        print(", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES))
    return EXIT_FOUND if args.strict and counts.get("error") else EXIT_OK


def _zh(code: str):
    from extractor.store.db import meaning_zh

    return meaning_zh(code)


def _stored_findings(db_path) -> list[dict]:
    from extractor.store import db as store

    db = store.open_db(db_path)
    try:
        return store.findings(db)
    finally:
        db.conn.close()


def _recheck(db_path) -> list[dict]:
    """The checker run again on the stored records (after a hand edit of an amount, say), plus the stored
    findings of the kinds only extraction can make (page-break repeats, OCR repairs, model notes).
    Nothing is written."""
    from extractor.checks import core as check
    from extractor.store import db as store

    db = store.open_db(db_path)
    try:
        out = []
        for d in db.query("SELECT id, filename FROM documents ORDER BY id"):
            fresh = check.check(store.load_document(db, d["id"]))
            made = {f.code for f in fresh}
            checker_codes = made | _CHECKER_CODES
            kept = [r for r in store.findings(db, d["id"]) if r["code"] not in checker_codes]
            out += kept + [dict(code=f.code, severity=f.severity, message=f.message, pages=json.dumps(f.pages),
                                record=f.record, filename=d["filename"], document_id=d["id"],
                                meaning_zh=store.meaning_zh(f.code)) for f in fresh]
        out.sort(key=lambda r: (SEVERITIES.index(r["severity"]), r["document_id"]))
        return out
    finally:
        db.conn.close()


#: Codes the checker (checks/core.py) makes from records alone: --recheck replaces them; the rest are kept.
_CHECKER_CODES = {"AMOUNT_ROW_SUM", "AMOUNT_UNIT_SUM", "AMOUNT_GRAND_SUM", "AMOUNT_MISSING", "DUPLICATE_PROJECT",
                  "IND_SEQ", "IND_LEVEL1_CODE", "IND_LEVEL2_CODE", "IND_LEVEL_MISMATCH", "IND_LEVEL1_NAME",
                  "IND_LEVEL2_NAME", "IND_VALUE_UNPARSED", "IND_VALUE_EMPTY", "IND_VALUE_MISREAD",
                  "IND_TARGET_DIFFERS", "IND_MISSING"}


# ---------------------------------------------------------------- documents


def cmd_documents(args) -> int:
    db_path = existing_db(resolve_db(args))
    target = json_target(args)
    conn = connect_ro(db_path)
    try:
        have = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
        verdict = "verdict, errors, warnings" if "verdict" in have else "NULL AS verdict, NULL AS errors, NULL AS warnings"
        rows = [dict(r) for r in conn.execute(
            f"SELECT id, filename, path, page_count, {verdict}, extractor, imported_at FROM documents ORDER BY id")]
    finally:
        conn.close()
    if target:
        emit_json(target, rows)
        return EXIT_OK
    if not rows:
        print(f"{db_path}: no documents")
        return EXIT_OK
    width = max(len(r["filename"] or "") for r in rows)
    print(f"{'id':>4}  {'file':<{width}}  {'pages':>5}  {'verdict':<34}  imported at")
    for r in rows:
        v = r["verdict"] or "?"
        if v != "ok" and r["errors"] is not None:
            v += f": {r['errors']} errors, {r['warnings']} warnings"
        print(f"{r['id']:>4}  {r['filename']:<{width}}  {r['page_count'] or 0:>5}  {v:<34}  {r['imported_at']}")
    return EXIT_OK


# ---------------------------------------------------------------- schema, export, datasette-metadata, review


def cmd_schema(args) -> int:
    from extractor.models import Document

    if args.out:
        writable_file(args.out, "--out")
    text = json.dumps(Document.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2) + "\n"
    return _write_out(args, text, f"wrote {args.out}")


def _write_out(args, text: str, said: str) -> int:
    """`text` to --out (written whole, and `said` on stderr) or to stdout."""
    if args.out:
        write_text_atomic(args.out, text)
        say(args, said, file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_export(args) -> int:
    from extractor.store import export

    db_path = existing_db(resolve_db(args))
    out = Path(args.out) if args.out else export.default_out(db_path, args.format)
    if args.format == "xlsx":
        if out.is_dir():
            out = out / export.default_out(db_path, "xlsx").name
        writable_file(out, "--out")
    else:
        writable_dir(out, "--out")
    written = export.export(db_path, args.format, out, header=args.header)
    if args.format == "xlsx":
        say(args, f"wrote {written[0][0]}: " + ", ".join(f"{n} {sheet}" for (_, n), sheet in
                                                        zip(written, export.sheet_names(args.format))))
    else:
        for path, n in written:
            say(args, f"wrote {path}: {n} rows")
    return EXIT_OK


def cmd_review(args) -> int:
    from extractor import review

    refs = list(args.refs)
    if len(refs) > 2:
        raise CliError("review takes [DB] FILE_OR_DOC_ID")
    args.database = refs.pop(0) if len(refs) == 2 else None
    db_path = existing_db(resolve_db(args))
    if args.out:
        writable_file(args.out, "--out")
    try:
        out = review.review(db_path, refs[0], args.out, resolution=args.resolution, image_format=args.image_format)
    except review.ReviewError as e:
        raise CliError(str(e)) from None
    say(args, f"wrote {out}")
    return EXIT_OK


def cmd_datasette_metadata(args) -> int:
    from importlib import resources

    db_path = resolve_db(args)
    if args.out:
        writable_file(args.out, "--out")
    data = json.loads(resources.files("extractor.store").joinpath("datasette_metadata.json").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Datasette names a database after its file's stem: budget.db → "budget"; descriptions name the money unit.
    text = text.replace("{money_unit}", _money_unit(db_path))
    data = json.loads(text)
    data["databases"] = {Path(db_path).stem: data["databases"]["budget"]}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _write_out(args, text, f"wrote {args.out} (datasette {db_path} --metadata {args.out})")


def _money_unit(db_path) -> str:
    """The money unit of every stored document when they agree (万元), else a pointer to the column."""
    units = set()
    if Path(db_path).is_file():
        conn = connect_ro(db_path)
        try:
            units = {r[0] for r in conn.execute("SELECT DISTINCT money_unit FROM documents")}
        except Exception:
            units = set()
        finally:
            conn.close()
    return units.pop() if len(units) == 1 and None not in units else "见 documents.money_unit / see documents.money_unit"


def add_commands(sub) -> None:
    c = sub.add_parser("check", help="list the stored findings (or re-run the checks on the stored records)")
    add_db(c)
    c.add_argument("--severity", choices=SEVERITIES, default="info", help="least severe to list (default: info)")
    c.add_argument("--strict", action="store_true", help="exit 1 when any finding is an error")
    c.add_argument("--recheck", action="store_true",
                   help="run the checks again on the stored records (after editing them) instead of listing the "
                        "findings stored at extraction; nothing is written")
    add_json(c, "the findings")
    c.set_defaults(func=cmd_check)

    d = sub.add_parser("documents", help="list the stored documents: id, file, pages, verdict, imported at")
    add_db(d)
    add_json(d, "the documents")
    d.set_defaults(func=cmd_documents)

    s = sub.add_parser("schema", help="print the JSON Schema of the export")
    s.add_argument("--out", help="write it to this file")
    s.add_argument("--quiet", "-q", action="store_true")
    s.set_defaults(func=cmd_schema)

    x = sub.add_parser("export", help="write spreadsheets (xlsx, csv) or the raw tables (json)",
                       description="xlsx: one workbook, a sheet each for documents, units, projects, indicators, "
                                   "findings and failures; amounts are numbers (exact decimals, one column per "
                                   "funding source), headers in Chinese with the unit and the English field name "
                                   "below, each row with its file and page. csv: the same tables, one file each "
                                   "(--out is a folder), UTF-8 with a BOM for Excel. json: every database table "
                                   "as stored, amounts as exact text.")
    add_db(x)
    x.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    x.add_argument("--out", metavar="DIR_OR_FILE", help="default: budget-csv/, budget-json/ or budget.xlsx beside the db")
    x.add_argument("--header", choices=("zh", "en", "both"), default=None,
                   help="header rows of xlsx and csv: Chinese (with the unit), English field names, or both "
                        "(default: both for xlsx, zh for csv)")
    x.add_argument("--quiet", "-q", action="store_true")
    x.set_defaults(func=cmd_export)

    r = sub.add_parser("review", help="an HTML page showing one document's records over its page images")
    r.add_argument("refs", nargs="+", metavar="[DB] FILE_OR_DOC_ID",
                   help="the PDF (found by content hash) or a documents.id (see `extractor documents`); "
                        "the database may come first")
    r.add_argument("--db", dest="db_option", metavar="DB", help="the same as DB")
    r.add_argument("--out", metavar="REVIEW.html", help="default: <file name>.review.html")
    r.add_argument("--resolution", type=int, default=144, help="page image resolution in dpi (default: 144)")
    r.add_argument("--image-format", choices=("webp", "jpeg", "png"), default="webp",
                   help="page images: webp (default, smallest), jpeg, or png (lossless, large)")
    r.add_argument("--quiet", "-q", action="store_true")
    r.set_defaults(func=cmd_review)

    m = sub.add_parser("datasette-metadata", help="print Datasette metadata describing every table and column",
                       description="datasette budget.db --metadata metadata.json shows the descriptions, the money "
                                   "unit, numeric sorting and word search (就业) on projects and indicators.")
    add_db(m, help_text="the database it is for (Datasette names it by the file stem)")
    m.add_argument("--out", help="write it to this file")
    m.add_argument("--quiet", "-q", action="store_true")
    m.set_defaults(func=cmd_datasette_metadata)
