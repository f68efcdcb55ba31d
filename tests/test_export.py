"""Exports read back equal to the database; the Datasette metadata describes every table and column."""

import asyncio
import contextlib
import csv
import io
import json
import re
import sqlite3
import os
import stat
import subprocess
from decimal import Decimal

import pytest

from conftest import FIXTURES, RENDERINGS
from extractor.store import export
from extractor.store import db as store
from extractor.cli.main import main


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, extracted):
    path = tmp_path_factory.mktemp("export") / "budget.db"
    db = store.open_db(path)
    for name in RENDERINGS:
        source, doc = extracted[name]
        store.save_document(db, doc, path=str(FIXTURES / name), sha256=source.sha256, page_count=len(source.pages))
    store.save_failure(db, path="in/bad,\"quoted\".pdf", sha256=None, error="not a PDF (no %PDF- header)")
    db.conn.close()
    return path


def db_rows(path, table):
    conn = sqlite3.connect(path)
    try:
        cur = conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
        return [c[0] for c in cur.description], cur.fetchall()
    finally:
        conn.close()


def cli(*args):
    """The command line, in this process (a subprocess would pay the start-up again and again)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def doc_totals(path):
    """{file name: (total, {source: amount})} as the database stores them (exact text)."""
    conn = sqlite3.connect(path)
    try:
        return {f: (Decimal(t), {k: Decimal(v) for k, v in json.loads(s).items()})
                for f, t, s in conn.execute("SELECT filename, total, sources FROM documents")}
    finally:
        conn.close()


def test_csv_spreadsheets_with_units_sources_file_and_page(db_path, tmp_path):
    out = tmp_path / "csv"
    r = cli("export", db_path, "--format", "csv", "--out", out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in export.SHEETS)
    with open(out / "projects.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    assert {"文件", "页码", "单位名称", "项目名称", "总计（万元）", "财政拨款（万元）", "其他资金（万元）"} <= set(head)
    body = [dict(zip(head, r)) for r in rows[1:]]
    assert len(body) == 2 * 47
    one = next(r for r in body if r["项目名称"] == "编外人员经费(1)-劳动保障监察协管员财政补助项目")
    assert one["总计（万元）"] == one["财政拨款（万元）"] == "102.60" and one["其他资金（万元）"] == ""  # exact text
    assert one["页码"].isdigit() and one["文件"] in RENDERINGS
    for name, (total, sources) in doc_totals(db_path).items():
        mine = [r for r in body if r["文件"] == name]
        assert sum(Decimal(r["总计（万元）"]) for r in mine) == total
        for source, amount in sources.items():
            assert sum(Decimal(r[f"{source}（万元）"] or 0) for r in mine) == amount
    assert f"wrote {out / 'projects.csv'}: 94 rows" in r.stdout

    en = tmp_path / "csv-en"
    assert cli("export", "--db", db_path, "--format", "csv", "--out", en, "--header", "en").returncode == 0
    with open(en / "projects.csv", newline="", encoding="utf-8-sig") as f:
        head = next(csv.reader(f))
    assert {"file", "page", "unit", "name", "total", "sources.财政拨款"} <= set(head)


def test_xlsx_sums_to_the_document_totals(db_path, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "budget.xlsx"
    old = os.umask(0o022)
    try:
        r = cli("export", db_path, "--format", "xlsx", "--out", out)
    finally:
        os.umask(old)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # the umask's mode, not mkstemp's 0600
    assert r.stdout.startswith(f"wrote {out}: ")
    wb = load_workbook(out)
    assert wb.sheetnames == [f"{export.SHEET_ZH[s]} {s}" for s in export.SHEETS]
    ws = wb["项目 projects"]
    zh = [c.value for c in ws[1]]
    en = [c.value for c in ws[2]]
    assert zh[en.index("total")] == "总计（万元）" and zh[en.index("sources.财政拨款")] == "财政拨款（万元）"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == f"A2:{ws.cell(2, len(en)).column_letter}{2 + 94}"
    name_col = ws.column_dimensions[ws.cell(1, en.index("name") + 1).column_letter].width
    assert name_col >= 30
    col = {k: i for i, k in enumerate(en)}
    rows = [[c for c in r] for r in ws.iter_rows(min_row=3)]
    assert len(rows) == 94
    totals = [r[col["total"]] for r in rows]
    assert all(c.data_type == "n" and c.number_format == "0.00" for c in totals)  # numbers, shown with 2 decimals
    for name, (total, sources) in doc_totals(db_path).items():
        mine = [r for r in rows if r[col["file"]].value == name]
        assert round(sum(r[col["total"]].value for r in mine), 2) == float(total)
        for source, amount in sources.items():
            got = sum(r[col[f"sources.{source}"]].value or 0 for r in mine)
            assert round(got, 2) == float(amount)
        assert all(isinstance(r[col["page"]].value, int) for r in mine)
    docs = wb["文件 documents"]
    den = [c.value for c in docs[2]]
    assert [r[den.index("verdict")] for r in docs.iter_rows(min_row=3, values_only=True)] == ["ok", "ok"]
    finds = wb["发现 findings"]
    fen = [c.value for c in finds[2]]
    assert {r[fen.index("meaning_zh")] for r in finds.iter_rows(min_row=3, values_only=True)} == {
        "跨页重复打印的行：只计一次，两页都保留"}
    wb.close()


def test_export_checks_its_output_before_writing(db_path, tmp_path):
    # /sys refuses new files even to root (these tests may run as root, where chmod proves nothing).
    r = cli("export", db_path, "--format", "xlsx", "--out", "/sys/budget.xlsx")
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1 and "cannot create files in /sys" in r.stderr
    r = cli("export", db_path, "--format", "csv", "--out", "/sys/budget-csv")
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1 and "not writable" in r.stderr
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    r = cli("export", db_path, "--format", "csv", "--out", a_file)
    assert r.returncode == 2 and "not a directory" in r.stderr and a_file.read_text() == "x"


def test_json_one_file_per_table_equal_to_the_db(db_path, tmp_path):
    written = export.export(db_path, "json", tmp_path / "json")
    assert [p.name for p, _ in written] == [f"{t}.json" for t in export.TABLES]
    for (path, n), table in zip(written, export.TABLES):
        cols, rows = db_rows(db_path, table)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert n == len(rows) and data == [dict(zip(cols, row)) for row in rows], table
    amounts = json.loads((tmp_path / "json" / "amounts.json").read_text(encoding="utf-8"))
    assert all(isinstance(a["amount"], str) for a in amounts)
    assert {a["amount"] for a in amounts} >= {"102.60", "63.85", "18212.89"}


def test_export_needs_an_existing_database(tmp_path):
    r = cli("export", "--db", tmp_path / "none.db", "--format", "csv")
    assert r.returncode == 2 and "no such database" in r.stderr
    assert not (tmp_path / "none.db").exists()


# ---------------------------------------------------------------- Datasette


def metadata(db_path):
    r = cli("datasette-metadata", "--db", db_path)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_metadata_describes_every_table_and_column_in_both_languages(db_path):
    md = metadata(db_path)
    tables = md["databases"][db_path.stem]["tables"]
    conn = sqlite3.connect(db_path)
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
             if not re.search(r"_(fts|words)_(data|idx|docsize|config|content)$", n)]
    assert set(names) >= set(export.TABLES) | {"projects_words", "indicators_words"}
    cjk, latin = re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[A-Za-z]{3}")
    for name in names:
        assert name in tables, name
        assert cjk.search(tables[name]["description"]) and latin.search(tables[name]["description"]), name
        for col in [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")]:
            text = tables[name]["columns"].get(col, "")
            assert cjk.search(text) and latin.search(text), f"{name}.{col}"
    conn.close()


def test_datasette_shows_the_descriptions(db_path):
    from datasette.app import Datasette

    md = metadata(db_path)
    assert list(md["databases"]) == ["budget"]
    ds = Datasette([str(db_path)], metadata=md)

    async def fetch():
        data = await ds.client.get("/budget/projects.json?_shape=objects")
        page = await ds.client.get("/budget/projects")
        served = await ds.client.get("/-/metadata.json")
        return data, page, served

    data, page, served = asyncio.run(fetch())
    assert data.status_code == 200
    assert len(data.json()["rows"]) == data.json()["filtered_table_rows_count"] == 2 * 47
    assert page.status_code == 200
    projects = md["databases"]["budget"]["tables"]["projects"]
    assert projects["description"] in page.text
    assert f"<dt>total</dt><dd>{projects['columns']['total']}</dd>" in page.text
    assert served.json()["databases"]["budget"]["tables"]["projects"]["description"] == projects["description"]


def test_datasette_sorts_numerically_states_units_and_finds_two_character_words(db_path):
    from datasette.app import Datasette

    md = metadata(db_path)
    projects = md["databases"]["budget"]["tables"]["projects"]
    assert "万元" in projects["columns"]["total_value"] and "{money_unit}" not in json.dumps(md, ensure_ascii=False)
    assert "total_value" in projects["sortable_columns"]
    ds = Datasette([str(db_path)], metadata=md)

    async def fetch(path):
        return await ds.client.get(path)

    rows = asyncio.run(fetch("/budget/projects.json?_shape=objects&_sort_desc=total_value&_size=max")).json()["rows"]
    values = [r["total_value"] for r in rows]
    assert values == sorted(values, reverse=True) and rows[0]["total"] == max((r["total"] for r in rows), key=float)
    found = asyncio.run(fetch("/budget/projects.json?_shape=objects&_search=就业&_size=max"))
    assert found.status_code == 200, found.text
    names = {r["name"] for r in found.json()["rows"]}
    assert "就业补助资金" in names and all("就业" in r["unit_name"] + r["name"] + (r["goal"] or "")
                                         for r in found.json()["rows"])
    inds = asyncio.run(fetch("/budget/indicators.json?_shape=objects&_search=培训")).json()["rows"]
    assert inds and all("培训" in r["name"] for r in inds)
    summed = asyncio.run(fetch("/budget.json?_shape=array&sql=" + "select+round(sum(total_value),2)+as+s+from+projects"))
    assert summed.json()[0]["s"] == 2 * 18276.74


def test_datasette_metadata_out_says_what_it_wrote(db_path, tmp_path):
    out = tmp_path / "metadata.json"
    r = cli("datasette-metadata", db_path, "--out", out)
    assert r.returncode == 0 and str(out) in r.stderr and json.loads(out.read_text(encoding="utf-8"))
    r = cli("datasette-metadata", db_path, "--out", tmp_path / "no" / "such" / "metadata.json")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "no such directory" in r.stderr
