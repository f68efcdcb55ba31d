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


def test_amounts_sort_and_sum_as_numbers(tmp_path, extracted):
    db = store.open_db(tmp_path / "budget.db")
    save(db, extracted)
    totals = [r[0] for r in db.execute("SELECT total_value FROM projects ORDER BY total_value DESC").fetchall()]
    assert totals == sorted(totals, reverse=True) and isinstance(totals[0], float)
    # Text order would put 8.64 above 2467.17; the REAL twin does not.
    top = db.execute("SELECT total FROM projects ORDER BY total_value DESC LIMIT 1").fetchone()[0]
    assert top == max((r[0] for r in db.execute("SELECT total FROM projects")), key=float)
    assert db.execute("SELECT total FROM projects ORDER BY total DESC LIMIT 1").fetchone()[0] != top
    s = db.execute("SELECT round(sum(total_value), 2) FROM projects").fetchone()[0]
    assert f"{s:.2f}" == db.execute("SELECT total FROM documents").fetchone()[0] == "18276.74"
    by_source = dict(db.execute("SELECT source, round(sum(amount_value), 2) FROM amounts "
                                "WHERE record_type = 'project' GROUP BY source").fetchall())
    assert by_source == {"财政拨款": 18212.89, "其他资金": 63.85}


def test_word_index_finds_two_character_words(tmp_path, extracted):
    db = store.open_db(tmp_path / "budget.db")
    save(db, extracted)

    def search(index, table, q):
        return {r[0] for r in db.execute(f"SELECT name FROM [{table}] WHERE id IN "
                                         f"(SELECT rowid FROM [{index}] WHERE [{index}] MATCH ?)", [q])}
    assert search("projects_fts", "projects", '"就业"') == set()  # trigram cannot see two characters
    hits = search("projects_words", "projects", '"就业"')
    assert hits >= {"就业补助资金", "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）"}
    # Every hit says 就业 in a column the index covers (unit name, project name, goal); none is missed.
    said = {r[0] for r in db.execute("SELECT name FROM projects WHERE unit_name || name || coalesce(goal, '') "
                                     "LIKE '%就业%'")}
    assert hits == said
    assert search("indicators_words", "indicators", '"培训"')


def test_verdict_and_chinese_meaning_are_stored(tmp_path, extracted):
    db = store.open_db(tmp_path / "budget.db")
    save(db, extracted)
    assert db.execute("SELECT verdict, errors, warnings FROM documents").fetchone() == ("ok", 0, 0)
    assert {r[0] for r in db.execute("SELECT meaning_zh FROM findings")} == {"跨页重复打印的行：只计一次，两页都保留"}


def test_an_older_database_gains_the_new_columns_on_open(tmp_path, extracted):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    save(db, extracted)
    db.conn.close()
    # Make it look like a database from before the numeric columns, verdicts, meanings and word index.
    conn = sqlite3.connect(path)
    for table, col in (("projects", "total_value"), ("units", "total_value"), ("documents", "total_value"),
                       ("amounts", "amount_value"), ("findings", "meaning_zh"), ("documents", "verdict"),
                       ("documents", "errors"), ("documents", "warnings")):
        conn.execute(f"ALTER TABLE [{table}] DROP COLUMN [{col}]")
    conn.execute("DROP TABLE projects_words")
    conn.execute("DROP TABLE indicators_words")
    conn.commit()
    conn.close()
    db = store.open_db(path)
    assert db.execute("SELECT count(*) FROM projects WHERE total_value IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT max(total_value) FROM projects").fetchone()[0] == max(
        float(r[0]) for r in db.execute("SELECT total FROM projects"))
    assert db.execute("SELECT verdict FROM documents").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM findings WHERE meaning_zh IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM projects_words WHERE projects_words MATCH '\"就业\"'").fetchone()[0] >= 2
