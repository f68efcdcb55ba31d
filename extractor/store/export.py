"""Export the database's tables as CSV, JSON or XLSX: one file (or sheet) per table.

    extractor export --db budget.db --format csv  [--out budget-csv/]   # DIR/documents.csv, DIR/units.csv, …
    extractor export --db budget.db --format json [--out budget-json/]  # DIR/documents.json, … (arrays of objects)
    extractor export --db budget.db --format xlsx [--out budget.xlsx]   # one sheet per table

Values are exported as stored: amounts stay exact decimal text ("2467.17", never a
float), JSON-valued columns (pages, bbox, sources, source_columns) stay JSON text,
NULL is an empty CSV field, JSON null, an empty XLSX cell. CSV is UTF-8 with a BOM
so that Excel reads the Chinese right. The database is opened read-only.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterator, Optional

from extractor.store import db as store

TABLES = ("documents", "units", "projects", "amounts", "indicators", "findings", "failures")
FORMATS = ("csv", "json", "xlsx")


def default_out(db_path: str | Path, fmt: str) -> Path:
    db_path = Path(db_path)
    stem = db_path.with_suffix("") if db_path.suffix else db_path
    return stem.with_name(f"{stem.name}.xlsx") if fmt == "xlsx" else stem.with_name(f"{stem.name}-{fmt}")


def connect_ro(db_path: str | Path) -> sqlite3.Connection:
    """A read-only connection (an export never changes the database)."""
    return sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)


def table(conn: sqlite3.Connection, name: str) -> tuple[list[str], Iterator[tuple]]:
    """A table's columns and rows in insertion order; a table the database lacks is empty."""
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")]
    if not cols:
        return list(store.SCHEMA[name]), iter(())
    cur = conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{name}] ORDER BY rowid")
    return cols, iter(cur)


def _atomic(path: Path, mode: str = "w", **kw):
    """Open a temp file beside `path`; the caller os.replace()s it when complete."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    return tmp, os.fdopen(fd, mode, **kw)


def _write_csv(path: Path, cols: list[str], rows) -> int:
    tmp, f = _atomic(path, newline="", encoding="utf-8-sig")
    n = 0
    try:
        with f:
            w = csv.writer(f)
            w.writerow(cols)
            for row in rows:
                w.writerow(["" if v is None else v for v in row])
                n += 1
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return n


def _write_json(path: Path, cols: list[str], rows) -> int:
    tmp, f = _atomic(path, encoding="utf-8")
    n = 0
    try:
        with f:
            f.write("[")
            for row in rows:
                f.write(",\n" if n else "\n")
                f.write(json.dumps(dict(zip(cols, row)), ensure_ascii=False))
                n += 1
            f.write("\n]\n" if n else "]\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return n


def _write_xlsx(path: Path, conn: sqlite3.Connection) -> dict[str, int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    counts = {}
    bold = Font(bold=True)
    for name in TABLES:
        ws = wb.create_sheet(name)
        cols, rows = table(conn, name)
        header = []
        for c in cols:
            cell = WriteOnlyCell(ws, value=c)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        n = 0
        for row in rows:
            # Text stays text (an amount is a string cell, exact); control characters Excel refuses are dropped.
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
            n += 1
        counts[name] = n
    tmp, f = _atomic(path, "wb")
    f.close()
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return counts


def export(db_path: str | Path, fmt: str, out: Optional[str | Path] = None) -> list[tuple[Path, int]]:
    """Write every table; returns [(file written, rows)], one per table (xlsx: the one file per sheet)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    out = Path(out) if out else default_out(db_path, fmt)
    conn = connect_ro(db_path)
    try:
        if fmt == "xlsx":
            if out.is_dir():
                out = out / default_out(db_path, "xlsx").name
            out.parent.mkdir(parents=True, exist_ok=True)
            counts = _write_xlsx(out, conn)
            return [(out, counts[name]) for name in TABLES]
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(f"{out}: not a directory (--format {fmt} writes one file per table)")
        out.mkdir(parents=True, exist_ok=True)
        write = _write_csv if fmt == "csv" else _write_json
        written = []
        for name in TABLES:
            path = out / f"{name}.{fmt}"
            cols, rows = table(conn, name)
            written.append((path, write(path, cols, rows)))
        return written
    finally:
        conn.close()
