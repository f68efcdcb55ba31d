"""SQLite storage: real files, re-import by content hash, full-text search, all-or-nothing writes."""

import sqlite3

import pytest

from conftest import FIXTURES, RENDERINGS
from extractor.store import db as store


def save(db, extracted, name=RENDERINGS[0]):
    source, doc = extracted[name]
    return store.save_document(db, doc, path=str(FIXTURES / name), sha256=source.sha256,
                               page_count=len(source.pages))


def counts(path):
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                for t in ("documents", "units", "projects", "indicators", "findings", "amounts")}
    finally:
        conn.close()


def test_rows_land_in_their_tables(tmp_path, extracted):
    path = tmp_path / "budget.db"
    db = store.open_db(path)
    save(db, extracted)
    c = counts(path)
    assert (c["documents"], c["units"], c["projects"], c["indicators"], c["findings"]) == (1, 6, 47, 194, 4)
    row = db.execute("SELECT total, sources, pages FROM projects WHERE name = '退休人员移交退管活动资金'").fetchone()
    assert row == ("63.85", '{"其他资金": "63.85"}', "[10]")
    # The long amounts table sums back to the 合计 row, by source.
    by_source = dict(db.execute(
        "SELECT source, printf('%.2f', sum(CAST(amount AS REAL))) FROM amounts WHERE record_type = 'project' "
        "GROUP BY source").fetchall())
    assert by_source == {"财政拨款": "18212.89", "其他资金": "63.85"}


def test_same_file_again_replaces_never_duplicates(tmp_path, extracted):
    path = tmp_path / "budget.db"
    db = store.open_db(path)
    first = save(db, extracted)
    before = counts(path)
    second = save(db, extracted)
    assert second == first
    assert counts(path) == before
    save(db, extracted, RENDERINGS[1])  # another file (another hash) is a second document
    assert counts(path)["projects"] == 2 * before["projects"]


def test_full_text_search_on_chinese_names(tmp_path, extracted):
    db = store.open_db(tmp_path / "budget.db")
    save(db, extracted)
    hits = [r[0] for r in db.execute(
        "SELECT name FROM projects WHERE rowid IN (SELECT rowid FROM projects_fts WHERE projects_fts MATCH ?)",
        ['"人事档案"']).fetchall()]
    assert sorted(hits) == ["人事档案信息化建设专项经费", "人事档案信息化建设专项经费·"]
    n = db.execute("SELECT count(*) FROM indicators_fts WHERE indicators_fts MATCH ?", ['"满意度"']).fetchone()[0]
    assert n == db.execute("SELECT count(*) FROM indicators WHERE name LIKE '%满意度%'").fetchone()[0] > 0


def test_failed_write_leaves_database_unchanged(tmp_path, extracted):
    path = tmp_path / "budget.db"
    db = store.open_db(path)
    save(db, extracted)
    before = counts(path)
    # A real constraint fails half-way through the second import (after documents, units, projects).
    db.execute("CREATE TRIGGER no_findings BEFORE INSERT ON findings BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    db.conn.commit()
    with pytest.raises(sqlite3.IntegrityError):
        save(db, extracted, RENDERINGS[1])
    with pytest.raises(sqlite3.IntegrityError):
        save(db, extracted, RENDERINGS[0])  # a re-import that fails keeps the old rows
    assert counts(path) == before
