"""The command line as a user runs it: a real process, real files, real exit codes."""

import json
import subprocess
import sys

import pytest

from conftest import BAD, FIXTURES, RENDERINGS, load_gold_json


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_extract_writes_db_json_and_summary(tmp_path):
    db, out = tmp_path / "budget.db", tmp_path / "out.json"
    r = run("extract", FIXTURES / RENDERINGS[1], "--db", db, "--json", out)
    assert r.returncode == 0, r.stderr
    assert "6 units, 47 projects, 194 indicators; findings: 0 error, 0 warning, 4 info" in r.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    gold = load_gold_json()
    assert set(data) >= {"title", "department", "money_unit", "totals", "units", "findings"}
    assert data["totals"] == gold["totals"]
    assert data["units"][0]["projects"][0]["amounts"] == {"total": "102.60", "sources": {"财政拨款": "102.60"}}
    assert [f["code"] for f in data["findings"]] == ["REPEATED_ROW"] * 4

    c = run("check", "--db", db)
    assert c.returncode == 0
    lines = c.stdout.splitlines()
    assert sum("REPEATED_ROW" in line for line in lines) == 4
    assert "p.2,3" in lines[0] and lines[-1] == "0 error, 0 warning, 4 info"
    assert run("check", "--db", db, "--severity", "warning").stdout.splitlines() == ["0 error, 0 warning, 4 info"]


BAD_INPUTS = {
    "empty.pdf": "empty file",
    "not_a_pdf.pdf": "not a PDF",
    "truncated.pdf": "truncated",
    "encrypted.pdf": "encrypted PDF: it needs a password to open",
    "no_table.pdf": "no 项目支出绩效目标表 header",
    "blank.pdf": "no text layer",
}


@pytest.mark.parametrize("name,reason", BAD_INPUTS.items())
def test_bad_input_one_line_nonzero_nothing_written(tmp_path, name, reason):
    db = tmp_path / "budget.db"
    r = run("extract", BAD / name, "--db", db, "--json", tmp_path / "out.json")
    assert r.returncode != 0
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and name in err[0] and reason in err[0].split(name, 1)[1], r.stderr
    assert "Traceback" not in r.stderr
    assert not db.exists() and not (tmp_path / "out.json").exists()


def test_bad_input_leaves_existing_database_byte_for_byte(tmp_path):
    db = tmp_path / "budget.db"
    assert run("extract", FIXTURES / RENDERINGS[0], "--db", db).returncode == 0
    before = db.read_bytes()
    for name in BAD_INPUTS:
        assert run("extract", BAD / name, "--db", db).returncode != 0
    assert db.read_bytes() == before


def test_batch_records_the_bad_file_and_goes_on(tmp_path):
    db = tmp_path / "budget.db"
    r = run("extract", BAD / "truncated.pdf", FIXTURES / RENDERINGS[0], BAD / "empty.pdf", "--db", db)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 2
    assert RENDERINGS[0] in r.stdout
    import sqlite3
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM projects").fetchone()[0] == 47


def test_missing_file_and_missing_db(tmp_path):
    r = run("extract", tmp_path / "nope.pdf", "--db", tmp_path / "x.db")
    assert r.returncode != 0 and "no such file" in r.stderr
    r = run("check", "--db", tmp_path / "x.db")
    assert r.returncode == 2 and "no such database" in r.stderr
    assert not (tmp_path / "x.db").exists()
