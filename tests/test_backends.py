"""Choosing the backend from the command line, and the model traffic stored with a document."""

import contextlib
import io
import sqlite3
import subprocess

import pytest

import llm_scenarios as sc
from conftest import FIXTURES, RENDERINGS
from extractor.store import db as store
from extractor.cli.main import main

pytestmark = pytest.mark.usefixtures("no_network")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_no_model_means_rules_only_and_one_line_says_so(tmp_path):
    r = run("extract", FIXTURES / RENDERINGS[0], "--db", tmp_path / "b.db")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].startswith("rules only: no model configured")
    assert sqlite3.connect(tmp_path / "b.db").execute("SELECT extractor FROM documents").fetchone() == ("rules",)


def test_asking_for_a_model_backend_without_a_model_is_an_error(tmp_path):
    r = run("extract", FIXTURES / RENDERINGS[0], "--db", tmp_path / "b.db", "--backend", "llm")
    assert r.returncode == 2 and "needs a model: set EXTRACTOR_MODEL" in r.stderr
    assert not (tmp_path / "b.db").exists()


def test_hybrid_is_the_default_with_a_model_and_asks_nothing_when_the_rules_read_everything(tmp_path, monkeypatch):
    # Nothing listens on this port: a request would fail. Hybrid on the clean seed makes none.
    monkeypatch.setenv("EXTRACTOR_MODEL", "gemma3-270m")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("EXTRACTOR_LLM_CACHE", str(tmp_path / "cache.db"))
    r = run("extract", FIXTURES / RENDERINGS[0], "--db", tmp_path / "b.db")
    assert r.returncode == 0, r.stderr
    assert "rules only" not in r.stdout and "47 projects" in r.stdout
    conn = sqlite3.connect(tmp_path / "b.db")
    assert conn.execute("SELECT extractor, model, prompt FROM documents").fetchone() == (
        "hybrid", "gemma3-270m", "project_row@v1")
    assert conn.execute("SELECT count(*) FROM llm_usage").fetchone() == (0,)


def test_model_traffic_is_stored_per_block_with_its_document(tmp_path):
    with sc.vcr_for("none").use_cassette("hybrid_damaged_row.yaml"):
        result = sc.hybrid_on_damaged(sc.client())
    db = store.open_db(tmp_path / "b.db")
    store.save_document(db, result.document, path="x.pdf", sha256="x", page_count=12, extractor="hybrid",
                        llm_usage=[vars(u) for u in result.usage])
    rows = list(db.query("SELECT * FROM llm_usage"))
    assert len(rows) == 1 and rows[0]["prompt"] == "project_row@v1" and rows[0]["model"] == sc.MODEL
    assert rows[0]["prompt_tokens"] == result.totals()["prompt_tokens"] > 0
    assert rows[0]["requests"] == result.totals()["requests"]
    # Re-importing the same content replaces the usage rows too.
    store.save_document(db, result.document, path="x.pdf", sha256="x", page_count=12, extractor="hybrid",
                        llm_usage=[])
    assert db.execute("SELECT count(*) FROM llm_usage").fetchone() == (0,)


def test_a_database_from_before_new_columns_gains_them(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT, sha256 TEXT)")
    conn.commit()
    conn.close()
    db = store.open_db(path)
    assert {"model", "prompt", "extractor"} <= set(db["documents"].columns_dict)
