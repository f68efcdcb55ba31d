"""The guarded SQL tool (extractor/sqltool.py): reads work, everything else is refused or stopped."""

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import GOLD_PATH, gold_document
from extractor.store import db as store
from extractor.ask.sqltool import SQLRefused, SQLTimeout, check_sql, connect_readonly, run_sql


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqltool") / "budget.db"
    d = store.open_db(path)
    store.save_document(d, gold_document(), path=str(GOLD_PATH),
                        sha256=hashlib.sha256(GOLD_PATH.read_bytes()).hexdigest(), page_count=12)
    d.conn.close()
    return path


# ---------------------------------------------------------------- what is allowed


def test_select(db):
    r = run_sql(db, "SELECT unit_name, name, total FROM projects ORDER BY CAST(total AS REAL) DESC LIMIT 3")
    assert r["columns"] == ["unit_name", "name", "total"]
    assert r["rows"][0][2] == "7391.11" and not r["truncated"]


def test_cte_window_json_and_fts(db):
    r = run_sql(db, "WITH u AS (SELECT id, name FROM units) SELECT COUNT(*) FROM u")
    assert r["rows"] == [[6]]
    r = run_sql(db, "SELECT name, RANK() OVER (ORDER BY CAST(total AS REAL) DESC) FROM units LIMIT 1")
    assert r["rows"][0][1] == 1
    r = run_sql(db, "SELECT json_extract(sources, '$.其他资金') FROM units WHERE name LIKE '%退休职工%'")
    assert r["rows"] == [["63.85"]]
    r = run_sql(db, "SELECT name FROM projects WHERE rowid IN "
                    "(SELECT rowid FROM projects_fts WHERE projects_fts MATCH '\"三支一扶\"')")
    assert len(r["rows"]) == 4
    r = run_sql(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5) SELECT SUM(x) FROM c")
    assert r["rows"] == [[15]]


def test_rows_capped(db):
    r = run_sql(db, "SELECT name FROM indicators", max_rows=10)
    assert len(r["rows"]) == 10 and r["truncated"]
    r = run_sql(db, "SELECT name FROM units", max_rows=6)
    assert len(r["rows"]) == 6 and not r["truncated"]


def test_odd_path(tmp_path, db):
    odd = tmp_path / "a b#c?d%20.db"
    odd.write_bytes(db.read_bytes())
    assert run_sql(odd, "SELECT COUNT(*) FROM units")["rows"] == [[6]]
    with pytest.raises(FileNotFoundError):
        run_sql(tmp_path / "missing.db", "SELECT 1")
    assert not (tmp_path / "missing.db").exists()


# ---------------------------------------------------------------- the red team

HOSTILE = [
    ("drop", "DROP TABLE units"),
    ("update", "UPDATE projects SET total = '0'"),
    ("insert", "INSERT INTO units (name) VALUES ('x')"),
    ("delete", "DELETE FROM amounts"),
    ("replace", "REPLACE INTO units (id, name) VALUES (1, 'x')"),
    ("insert or replace", "INSERT OR REPLACE INTO units (id, name) VALUES (1, 'x')"),
    ("upsert", "INSERT INTO units (id, name) VALUES (1, 'x') ON CONFLICT(id) DO UPDATE SET name = 'y'"),
    ("attach", "ATTACH DATABASE '{tmp}/attached.db' AS x"),
    ("detach", "DETACH DATABASE main"),
    ("pragma write", "PRAGMA writable_schema = ON"),
    ("pragma user_version", "PRAGMA user_version = 7"),
    ("pragma journal", "PRAGMA journal_mode = DELETE"),
    ("pragma table function", "SELECT * FROM pragma_table_info('units')"),
    ("stacked", "SELECT 1; DROP TABLE units"),
    ("stacked after comment", "SELECT 1 /* harmless */; DELETE FROM units"),
    ("stacked after line comment", "SELECT 1 --\n; UPDATE units SET name = 'x'"),
    ("comment-prefixed write", "/* SELECT */ DELETE FROM units"),
    ("write inside a CTE", "WITH x AS (SELECT 1) DELETE FROM units"),
    ("load_extension", "SELECT load_extension('/tmp/evil.so')"),
    ("readfile", "SELECT readfile('/etc/passwd')"),
    ("writefile", "SELECT writefile('{tmp}/out.txt', 'x')"),
    ("fts3_tokenizer", "SELECT fts3_tokenizer('simple')"),
    ("runaway recursive CTE", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"),
    ("runaway cross join", "SELECT COUNT(*) FROM indicators a, indicators b, indicators c, indicators d"),
    ("create temp", "CREATE TEMP TABLE t AS SELECT * FROM units"),
    ("create view", "CREATE VIEW v AS SELECT 1"),
    ("create trigger", "CREATE TRIGGER t AFTER INSERT ON units BEGIN DELETE FROM units; END"),
    ("alter", "ALTER TABLE units ADD COLUMN x TEXT"),
    ("vacuum into", "VACUUM INTO '{tmp}/copy.db'"),
    ("vacuum", "VACUUM"),
    ("reindex", "REINDEX"),
    ("analyze", "ANALYZE"),
    ("sqlite_master tampering", "UPDATE sqlite_master SET sql = 'CREATE TABLE units(x)' WHERE name = 'units'"),
    ("sqlite_master read", "SELECT sql FROM sqlite_master"),
    ("sqlite_schema in a subquery", "SELECT (SELECT COUNT(*) FROM sqlite_schema)"),
    ("sqlite_master in a CTE", "WITH s AS (SELECT * FROM sqlite_master) SELECT * FROM s"),
    ("CTE named like sqlite_master", "WITH sqlite_master AS (SELECT 1) SELECT * FROM sqlite_master"),
    ("unknown table", "SELECT * FROM secrets"),
    ("unknown table in a subquery", "SELECT name FROM units WHERE id IN (SELECT id FROM secrets)"),
    ("unknown table in a union", "SELECT name FROM units UNION SELECT name FROM secrets"),
    ("fts shadow table", "SELECT * FROM projects_fts_data"),
    ("temp schema", "SELECT * FROM temp.units"),
    ("other schema", "SELECT * FROM x.units"),
    ("select into", "SELECT * INTO backup FROM units"),
    ("transaction", "BEGIN IMMEDIATE"),
    ("savepoint", "SAVEPOINT s"),
    ("not a function we allow", "SELECT sqlite_version()"),
    ("zeroblob", "SELECT zeroblob(1000000000)"),
    ("empty", "   "),
    ("garbage", "SELEC name FROM units"),
]


@pytest.mark.parametrize("label,sql", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_refused_and_file_unchanged(db, tmp_path, label, sql):
    sql = sql.replace("{tmp}", str(tmp_path))
    before = db.read_bytes()
    start = time.monotonic()
    with pytest.raises(SQLRefused) as e:
        run_sql(db, sql, timeout_s=0.5)
    assert e.value.reason
    assert time.monotonic() - start < 5
    assert db.read_bytes() == before, f"{label}: the database changed"
    assert not list(tmp_path.iterdir()), f"{label}: wrote {list(tmp_path.iterdir())}"
    for side in (db.with_name(db.name + "-journal"), db.with_name(db.name + "-wal")):
        assert not side.exists()


def test_runaway_is_stopped_by_the_time_limit(db):
    start = time.monotonic()
    with pytest.raises(SQLTimeout):
        run_sql(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT MAX(x) FROM c",
                timeout_s=0.3)
    assert time.monotonic() - start < 3


def test_refusals_name_the_reason():
    cases = {"SELECT 1; SELECT 2": "one statement", "DELETE FROM units": "only SELECT",
             "SELECT * FROM secrets": "unknown table", "SELECT load_extension('x')": "load_extension",
             "SELECT * FROM pragma_table_info('units')": "table-valued"}
    for sql, words in cases.items():
        with pytest.raises(SQLRefused, match=words):
            check_sql(sql)


def test_authorizer_alone_denies(db):
    """Past the parser, the connection itself refuses: defence in depth."""
    before = db.read_bytes()
    conn = connect_readonly(db)
    try:
        for sql in ("DELETE FROM units", "PRAGMA writable_schema = ON", "ATTACH DATABASE ':memory:' AS x",
                    "SELECT load_extension('x')", "CREATE TEMP TABLE t (x)", "SELECT * FROM sqlite_master",
                    "SELECT sqlite_version()"):
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute(sql).fetchall()
        assert conn.execute("SELECT COUNT(*) FROM units").fetchone() == (6,)
    finally:
        conn.close()
    assert db.read_bytes() == before
