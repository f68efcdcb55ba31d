"""Exports read back equal to the database; the Datasette metadata describes every table and column."""

import asyncio
import contextlib
import csv
import io
import json
import re
import sqlite3
import subprocess

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


def test_csv_one_file_per_table_equal_to_the_db(db_path, tmp_path):
    out = tmp_path / "csv"
    r = cli("export", "--db", db_path, "--format", "csv", "--out", out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in export.TABLES)
    for table in export.TABLES:
        cols, rows = db_rows(db_path, table)
        with open(out / f"{table}.csv", newline="", encoding="utf-8-sig") as f:
            got = list(csv.reader(f))
        assert got[0] == cols
        assert got[1:] == [["" if v is None else str(v) for v in row] for row in rows], table
    with open(out / "projects.csv", newline="", encoding="utf-8-sig") as f:
        totals = {r["name"]: r["total"] for r in csv.DictReader(f)}
    assert totals["编外人员经费(1)-劳动保障监察协管员财政补助项目"] == "102.60"  # exact text, trailing zero kept
    assert f"{out / 'amounts.csv'}: " in r.stdout


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


def test_xlsx_one_sheet_per_table_equal_to_the_db(db_path, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "budget.xlsx"
    r = cli("export", "--db", db_path, "--format", "xlsx", "--out", out)
    assert r.returncode == 0, r.stderr
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == list(export.TABLES)
    for table in export.TABLES:
        cols, rows = db_rows(db_path, table)
        got = list(wb[table].iter_rows(values_only=True))
        assert list(got[0]) == cols
        # A read-only sheet ends a row at its last non-empty cell: pad to the header's width.
        got_rows = [tuple(r) + (None,) * (len(cols) - len(r)) for r in got[1:]]
        assert got_rows == [tuple(r) for r in rows], table
    amount_col = db_rows(db_path, "amounts")[0].index("amount")
    cells = [row[amount_col] for row in wb["amounts"].iter_rows(min_row=2)]
    assert cells and all(c.data_type == "s" for c in cells)  # text cells: no float ever touches money
    wb.close()


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
             if not re.search(r"_fts_(data|idx|docsize|config|content)$", n)]
    assert set(names) >= set(export.TABLES)
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
