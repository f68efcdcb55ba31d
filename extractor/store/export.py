"""Exports: spreadsheets for people (xlsx, csv) and the raw tables for programs (json).

    extractor export budget.db --format xlsx [--out budget.xlsx]   # one workbook, a sheet per table
    extractor export budget.db --format csv  [--out budget-csv/]   # the same tables, one CSV file each
    extractor export budget.db --format json [--out budget-json/]  # every database table as stored

Spreadsheets (文件 documents, 单位 units, 项目 projects, 指标 indicators, 发现 findings, 失败 failures):
amounts are numbers (xlsx: numeric cells whose number format shows the printed decimals, so
102.60 stays 102.60 and SUM works; csv: the exact decimal text), one column per funding source,
headers in Chinese with the money unit (总计（万元）) and the English field name in a second row
(`header="both"`, the xlsx default) or alone (`header="en"`); each row names its source file and
page. xlsx sheets have a frozen header, filters and column widths fitted to their content.
CSV is UTF-8 with a BOM so that Excel reads the Chinese right.

JSON keeps the database's own tables: amounts exact decimal text, JSON-valued columns as JSON text.
Every file is written whole or not at all, with the mode the user's umask gives.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Iterator, Optional

from extractor.store import db as store
from extractor.vocabulary import FUNDING_SOURCES

TABLES = ("documents", "units", "projects", "amounts", "indicators", "findings", "failures")  # json: raw tables
SHEETS = ("documents", "units", "projects", "indicators", "findings", "failures")  # xlsx, csv
SHEET_ZH = {"documents": "文件", "units": "单位", "projects": "项目", "indicators": "指标", "findings": "发现",
            "failures": "失败"}
FORMATS = ("csv", "json", "xlsx")


def sheet_names(fmt: str) -> tuple[str, ...]:
    return TABLES if fmt == "json" else SHEETS


def default_out(db_path: str | Path, fmt: str) -> Path:
    db_path = Path(db_path)
    stem = db_path.with_suffix("") if db_path.suffix else db_path
    return stem.with_name(f"{stem.name}.xlsx") if fmt == "xlsx" else stem.with_name(f"{stem.name}-{fmt}")


def connect_ro(db_path: str | Path) -> sqlite3.Connection:
    """A read-only connection (an export never changes the database)."""
    return sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic(path: Path, write: Callable[[str], None]) -> None:
    """write(tmp) beside `path`, then rename it into place with the umask's mode (mkstemp alone gives 0600)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------- raw tables (json)


def table(conn: sqlite3.Connection, name: str) -> tuple[list[str], Iterator[tuple]]:
    """A table's columns and rows in insertion order; a table the database lacks is empty."""
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")]
    if not cols:
        return list(store.columns(name)), iter(())
    cur = conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{name}] ORDER BY rowid")
    return cols, iter(cur)


def _write_json(path: Path, cols: list[str], rows) -> int:
    n = 0

    def write(tmp):
        nonlocal n
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("[")
            for row in rows:
                f.write(",\n" if n else "\n")
                f.write(json.dumps(dict(zip(cols, row)), ensure_ascii=False))
                n += 1
            f.write("\n]\n" if n else "]\n")

    _atomic(path, write)
    return n


# ---------------------------------------------------------------- spreadsheet tables


@dataclass
class Column:
    key: str  # English field name (second header row)
    zh: str  # Chinese header; money columns get the unit appended
    kind: str = "text"  # text | money (gets the unit in its header) | int | number
    width: Optional[int] = None  # fixed width (long free text), else fitted


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    rows: list[list]


def _dec(text) -> Optional[Decimal]:
    if text is None or text == "":
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _source_order(conn: sqlite3.Connection) -> list[str]:
    """Every funding source in the database: the vocabulary's order first, then as met."""
    seen: list[str] = []
    for (sources,) in conn.execute("SELECT sources FROM documents UNION ALL SELECT sources FROM units "
                                   "UNION ALL SELECT sources FROM projects"):
        for k in json.loads(sources or "{}"):
            if k not in seen:
                seen.append(k)
    known = [s for s in FUNDING_SOURCES if s in seen]
    return known + [s for s in seen if s not in known]


def _money_unit(conn: sqlite3.Connection) -> Optional[str]:
    units = {r[0] for r in conn.execute("SELECT DISTINCT money_unit FROM documents")}
    return units.pop() if len(units) == 1 else None


def _pages(text) -> tuple[Optional[int], str]:
    pages = json.loads(text or "[]")
    return (min(pages) if pages else None), ",".join(str(p) for p in pages)


def _amount_cols(sources: list[str]) -> list[Column]:
    return [Column("total", "总计", "money")] + [Column(f"sources.{s}", s, "money") for s in sources]


def _amount_values(total, sources_json, sources: list[str]) -> list:
    given = json.loads(sources_json or "{}")
    return [_dec(total)] + [_dec(given.get(s)) for s in sources]


def build_sheets(conn: sqlite3.Connection) -> list[Sheet]:
    conn.row_factory = sqlite3.Row
    sources = _source_order(conn)
    mixed = _money_unit(conn) is None
    unit_col = [Column("money_unit", "金额单位")] if mixed else []
    where = [Column("document_id", "文件编号", "int"), Column("file", "文件")]

    docs = Sheet("documents", [Column("document_id", "文件编号", "int"), Column("file", "文件"), Column("title", "表题"),
                               Column("department", "部门"), Column("budget_year", "预算年度", "int"),
                               Column("page_count", "页数", "int"), Column("money_unit", "金额单位")]
                 + _amount_cols(sources) + [Column("verdict", "结论"), Column("errors", "错误数", "int"),
                                            Column("warnings", "警告数", "int"), Column("extractor", "抽取方法"),
                                            Column("imported_at", "导入时间"), Column("path", "文件路径")], [])
    for d in conn.execute("SELECT * FROM documents ORDER BY id"):
        row = dict(d)
        docs.rows.append([row["id"], row["filename"], row["title"], row["department"], row["budget_year"],
                          row["page_count"], row["money_unit"]] + _amount_values(row["total"], row["sources"], sources)
                         + [row.get("verdict"), row.get("errors"), row.get("warnings"), row["extractor"],
                            row["imported_at"], row["path"]])

    units = Sheet("units", where + [Column("page", "页码", "int"), Column("pages", "所在页"), Column("seq", "序号", "int"),
                                    Column("name", "单位名称")] + unit_col + _amount_cols(sources), [])
    for u in conn.execute("SELECT u.*, d.filename, d.money_unit FROM units u JOIN documents d ON d.id = u.document_id "
                          "ORDER BY u.document_id, u.seq"):
        first, pages = _pages(u["pages"])
        units.rows.append([u["document_id"], u["filename"], first, pages, u["seq"], u["name"]]
                          + ([u["money_unit"]] if mixed else []) + _amount_values(u["total"], u["sources"], sources))

    projects = Sheet("projects", where + [Column("page", "页码", "int"), Column("pages", "所在页"),
                                          Column("unit", "单位名称"), Column("seq", "序号", "int"),
                                          Column("name", "项目名称", width=40)] + unit_col + _amount_cols(sources)
                     + [Column("indicators", "指标数", "int"), Column("goal", "绩效目标", width=60),
                        Column("project_id", "项目编号", "int")], [])
    for p in conn.execute(
            "SELECT p.*, d.filename, d.money_unit, (SELECT count(*) FROM indicators i WHERE i.project_id = p.id) AS n "
            "FROM projects p JOIN documents d ON d.id = p.document_id JOIN units u ON u.id = p.unit_id "
            "ORDER BY p.document_id, u.seq, p.seq"):
        first, pages = _pages(p["pages"])
        projects.rows.append([p["document_id"], p["filename"], first, pages, p["unit_name"], p["seq"], p["name"]]
                             + ([p["money_unit"]] if mixed else []) + _amount_values(p["total"], p["sources"], sources)
                             + [p["n"], p["goal"], p["id"]])

    inds = Sheet("indicators", where + [Column("page", "页码", "int"), Column("unit", "单位名称"),
                                        Column("project", "项目名称", width=40), Column("seq", "序号", "int"),
                                        Column("level1", "一级指标"), Column("level2", "二级指标"),
                                        Column("name", "三级指标", width=40), Column("period_raw", "实施周期指标值"),
                                        Column("annual_raw", "年度指标值"), Column("annual_op", "比较符"),
                                        Column("annual_value", "目标值", "number"), Column("annual_unit", "计量单位"),
                                        Column("project_id", "项目编号", "int")], [])
    for i in conn.execute(
            "SELECT i.*, d.filename, p.first_page, p.unit_name, p.name AS project FROM indicators i "
            "JOIN documents d ON d.id = i.document_id JOIN projects p ON p.id = i.project_id "
            "ORDER BY i.document_id, i.project_id, i.seq, i.id"):
        inds.rows.append([i["document_id"], i["filename"], i["first_page"], i["unit_name"], i["project"], i["seq"],
                          i["level1"], i["level2"], i["name"], i["period_raw"], i["annual_raw"], i["annual_op"],
                          _dec(i["annual_value"]), i["annual_unit"], i["project_id"]])

    have_f = {r[1] for r in conn.execute("PRAGMA table_info(findings)")}
    finds = Sheet("findings", where + [Column("page", "页码", "int"), Column("pages", "所在页"),
                                       Column("severity", "严重程度"), Column("code", "代码"),
                                       Column("meaning_zh", "含义", width=30), Column("message", "说明", width=60),
                                       Column("record", "记录")], [])
    for f in conn.execute("SELECT f.*, d.filename FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY "
                          "f.document_id, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.id"):
        first, pages = _pages(f["pages"])
        zh = f["meaning_zh"] if "meaning_zh" in have_f else store.meaning_zh(f["code"])
        finds.rows.append([f["document_id"], f["filename"], first, pages, f["severity"], f["code"],
                           zh or store.meaning_zh(f["code"]), f["message"], f["record"]])

    fails = Sheet("failures", [Column("file", "文件"), Column("path", "文件路径"), Column("error", "原因", width=60),
                               Column("failed_at", "时间")], [])
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'failures'").fetchone():
        for r in conn.execute("SELECT * FROM failures ORDER BY rowid"):
            fails.rows.append([r["filename"], r["path"], r["error"], r["failed_at"]])
    return [docs, units, projects, inds, finds, fails]


def _headers(sheet: Sheet, unit: Optional[str], header: str) -> list[list[str]]:
    zh = [c.zh + (f"（{unit}）" if c.kind == "money" and unit else "") for c in sheet.columns]
    en = [c.key for c in sheet.columns]
    return {"zh": [zh], "en": [en], "both": [zh, en]}[header]


def _csv_value(v) -> str:
    if v is None:
        return ""
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def _write_csv(path: Path, sheet: Sheet, unit: Optional[str], header: str) -> int:
    def write(tmp):
        with open(tmp, "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerows(_headers(sheet, unit, header))
            for row in sheet.rows:
                w.writerow([_csv_value(v) for v in row])

    _atomic(path, write)
    return len(sheet.rows)


def _number_format(v: Decimal) -> str:
    places = max(0, -v.as_tuple().exponent) if isinstance(v.as_tuple().exponent, int) else 2
    return "0" if places == 0 else "0." + "0" * places


def _display_width(v) -> int:
    s = _csv_value(v)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def _write_xlsx(path: Path, sheets: list[Sheet], unit: Optional[str], header: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold, grey = Font(bold=True), Font(italic=True, color="666666")
    fill = PatternFill("solid", fgColor="EEF2F7")
    for sheet in sheets:
        ws = wb.create_sheet(f"{SHEET_ZH[sheet.name]} {sheet.name}")
        heads = _headers(sheet, unit, header)
        for r, labels in enumerate(heads, start=1):
            for c, label in enumerate(labels, start=1):
                cell = ws.cell(row=r, column=c, value=label)
                cell.font = bold if r == 1 and header != "en" else grey if r == 2 else bold
                cell.fill = fill
        top = len(heads)
        for r, row in enumerate(sheet.rows, start=top + 1):
            for c, v in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
                if isinstance(v, Decimal):
                    cell.number_format = _number_format(v)
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
        last = get_column_letter(len(sheet.columns))
        ws.auto_filter.ref = f"A{top}:{last}{max(top, top + len(sheet.rows))}"
        for c, col in enumerate(sheet.columns, start=1):
            sample = [h[c - 1] for h in heads] + [row[c - 1] for row in sheet.rows[:300]]
            width = col.width or min(50, max(_display_width(v) for v in sample) + 2)
            ws.column_dimensions[get_column_letter(c)].width = width
    _atomic(path, wb.save)


# ---------------------------------------------------------------- the command's function


def export(db_path: str | Path, fmt: str, out: Optional[str | Path] = None,
           header: Optional[str] = None) -> list[tuple[Path, int]]:
    """Write the tables; returns [(file written, rows)], one per table (xlsx: the one file, once per sheet)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    header = header or ("both" if fmt == "xlsx" else "zh")
    out = Path(out) if out else default_out(db_path, fmt)
    conn = connect_ro(db_path)
    try:
        if fmt == "json":
            out.mkdir(parents=True, exist_ok=True)
            written = []
            for name in TABLES:
                cols, rows = table(conn, name)
                path = out / f"{name}.json"
                written.append((path, _write_json(path, cols, rows)))
            return written
        sheets = build_sheets(conn)
        unit = _money_unit(conn)
        if fmt == "xlsx":
            if out.is_dir():
                out = out / default_out(db_path, "xlsx").name
            out.parent.mkdir(parents=True, exist_ok=True)
            _write_xlsx(out, sheets, unit, header)
            return [(out, len(s.rows)) for s in sheets]
        out.mkdir(parents=True, exist_ok=True)
        return [(out / f"{s.name}.csv", _write_csv(out / f"{s.name}.csv", s, unit, header)) for s in sheets]
    finally:
        conn.close()
