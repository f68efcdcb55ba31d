"""Batch runs as a user runs them: folders of PDFs, worker processes, failures recorded, resume after Ctrl-C."""

import contextlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BAD, FIXTURES, RENDERINGS
from extractor import batch
from extractor.cli.main import main

TABLES = ("documents", "units", "projects", "amounts", "indicators", "findings", "failures")


def run(*args):
    """The command line in this process (the interrupted run below is a real process, signalled)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def make_copies(directory: Path, n: int) -> list[Path]:
    """n copies of the fixture renderings, each with its own content hash (a comment after %%EOF, then %%EOF)."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = FIXTURES / RENDERINGS[i % 2]
        dst = directory / f"copy-{i:02d}.pdf"
        dst.write_bytes(src.read_bytes() + f"\n%copy-{i}\n%%EOF\n".encode())
        out.append(dst)
    return out


def content(db_path) -> dict:
    """Every table's rows, with ids replaced by what they point to and times dropped: comparable across runs."""
    conn = sqlite3.connect(db_path)
    try:
        docs = dict(conn.execute("SELECT id, sha256 FROM documents"))
        units = {i: (docs[d], s) for i, d, s in conn.execute("SELECT id, document_id, seq FROM units")}
        projects = {i: (units[u], s) for i, u, s in conn.execute("SELECT id, unit_id, seq FROM projects")}
        out = {}
        for table in TABLES:
            cur = conn.execute(f"SELECT * FROM [{table}]")
            cols = [c[0] for c in cur.description]
            rows = []
            for r in cur:
                d = dict(zip(cols, r))
                for k in ("id", "imported_at", "failed_at"):
                    d.pop(k, None)
                if "document_id" in d:
                    d["document_id"] = docs[d["document_id"]]
                if d.get("unit_id") is not None:
                    d["unit_id"] = units[d["unit_id"]]
                if d.get("project_id") is not None:
                    d["project_id"] = projects[d["project_id"]]
                if "path" in d:
                    d["path"] = Path(d["path"]).name
                rows.append(json.dumps(d, ensure_ascii=False, sort_keys=True))
            out[table] = sorted(rows)
        # The full-text indexes follow their tables.
        out["fts"] = [conn.execute(f"SELECT count(*) FROM {t}_{kind}").fetchone()[0]
                      for t in ("projects", "indicators") for kind in ("fts", "words")]
        return out
    finally:
        conn.close()


def test_expand_inputs_files_dirs_globs(tmp_path):
    copies = make_copies(tmp_path / "a" / "deep", 2)
    (tmp_path / "a" / "notes.txt").write_text("x")
    upper = tmp_path / "b" / "UPPER.PDF"
    upper.parent.mkdir()
    upper.write_bytes(b"%PDF-")
    files, problems = batch.expand_inputs([
        str(tmp_path / "a"), str(tmp_path / "a" / "deep" / "*.pdf"), str(tmp_path / "b"),
        str(tmp_path / "nothing-*.pdf"), str(tmp_path / "missing.pdf")])
    assert files == [str(copies[0]), str(copies[1]), str(upper), str(tmp_path / "missing.pdf")]  # each once
    assert problems == [(str(tmp_path / "nothing-*.pdf"), "no file matches this pattern")]


def test_batch_with_workers_stores_good_records_bad_and_resumes(tmp_path):
    src = tmp_path / "in"
    good = make_copies(src, 4)
    shutil.copytree(BAD, src / "bad")
    db = tmp_path / "budget.db"

    r = run("extract", src, "--db", db, "--jobs", "2")
    assert r.returncode == 1, r.stderr
    bad_names = sorted(p.name for p in BAD.iterdir())
    assert sorted(line.split("/bad/")[1].split(":")[0] for line in r.stderr.splitlines()) == bad_names
    assert "Traceback" not in r.stderr
    assert r.stdout.splitlines()[-1] == f"{4 + len(bad_names)} files: 4 extracted, 0 skipped, {len(bad_names)} failed; 0 need review → {db}"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (4, 4)
    assert conn.execute("SELECT count(*) FROM projects").fetchone()[0] == 4 * 47
    failures = {Path(p).name: (sha, err, ver) for p, sha, err, ver in
                conn.execute("SELECT path, sha256, error, extractor_version FROM failures")}
    assert sorted(failures) == bad_names
    assert failures["truncated.pdf"][1].startswith("truncated") and failures["truncated.pdf"][2] == "0.1.0"
    assert all(sha and len(sha) == 64 for sha, _, _ in failures.values())  # every bad file could be hashed
    conn.close()
    before = content(db)

    # A re-run skips what is stored, records the failures again (replacing them), changes nothing else.
    r = run("extract", src, "--db", db, "--jobs", "2")
    assert r.returncode == 1
    skipped = [line for line in r.stdout.splitlines() if ": skipped, already in" in line]
    assert sorted(Path(line.split(":")[0]).name for line in skipped) == [p.name for p in good]
    assert "0 extracted, 4 skipped" in r.stdout
    assert content(db) == before

    # A file that failed and is then fixed: stored, and its failure removed.
    shutil.copyfile(good[0], src / "bad" / "truncated.pdf")
    with open(src / "bad" / "truncated.pdf", "ab") as f:
        f.write(b"%fixed\n%%EOF\n")
    r = run("extract", src, "--db", db, "--jobs", "2")
    assert "1 extracted, 4 skipped" in r.stdout
    conn = sqlite3.connect(db)
    assert "truncated.pdf" not in {Path(p).name for (p,) in conn.execute("SELECT path FROM failures")}
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    conn.close()


def test_same_content_twice_in_one_batch_is_stored_once(tmp_path):
    a, b = make_copies(tmp_path, 1)[0], tmp_path / "same.pdf"
    shutil.copyfile(a, b)
    db = tmp_path / "budget.db"
    r = run("extract", a, b, "--db", db, "--jobs", "1")
    assert r.returncode == 0
    assert f"{b}: skipped, same content as {a}" in r.stdout
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_a_directory_with_one_bad_file_is_a_batch(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copyfile(BAD / "empty.pdf", tmp_path / "in" / "empty.pdf")
    db = tmp_path / "budget.db"
    r = run("extract", tmp_path / "in", "--db", db)
    assert r.returncode == 1 and "empty file" in r.stderr
    assert sqlite3.connect(db).execute("SELECT filename, error FROM failures").fetchall() == [
        ("empty.pdf", "empty file (0 bytes)")]


def _documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet, or being written
        return 0


def test_interrupted_batch_resumes_to_the_same_database(tmp_path):
    copies = make_copies(tmp_path / "in", 4)
    db, ref = tmp_path / "budget.db", tmp_path / "reference.db"

    p = subprocess.Popen([sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "--db", str(db),
                          "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _documents(db) < 1 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, (out, err)
    assert "interrupted" in err and "Traceback" not in err
    done = _documents(db)
    assert 1 <= done < len(copies)
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)

    r = run("extract", tmp_path / "in", "--db", db, "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert f"{len(copies) - done} extracted, {done} skipped, 0 failed" in r.stdout

    assert run("extract", tmp_path / "in", "--db", ref, "--jobs", "2").returncode == 0
    assert content(db) == content(ref)
    assert len(content(ref)["documents"]) == len(copies)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX system")
def test_worker_returns_plain_data():
    out = batch.extract_one(str(FIXTURES / RENDERINGS[0]))
    assert out["ok"] and out["page_count"] == 12 and len(out["sha256"]) == 64 and out["maxrss_kb"] > 0
    json.dumps(out)  # nothing but plain data crosses the process boundary
    bad = batch.extract_one(str(BAD / "not_a_pdf.pdf"))
    assert not bad["ok"] and bad["error"].startswith("not a PDF") and len(bad["sha256"]) == 64


_DOC: dict = {}


def _fake_extract(path: str, backend: str = "rules") -> dict:
    """Stands in for batch.extract_one in the workers: a known document at once, or a process that dies."""
    if path.endswith("crash.pdf"):
        os._exit(3)
    return {"path": path, "ok": True, "sha256": batch.sha256_of(path), "pid": os.getpid(), "page_count": 12,
            "document": _DOC["doc"], "seconds": 0.0, "maxrss_kb": 0}


def test_a_worker_that_dies_fails_its_file_alone(tmp_path, monkeypatch, extracted):
    _DOC["doc"] = extracted[RENDERINGS[0]][1].model_dump(mode="json")
    monkeypatch.setattr(batch, "extract_one", _fake_extract)
    files = make_copies(tmp_path / "in", 5)
    crash = tmp_path / "in" / "crash.pdf"
    crash.write_bytes(b"%PDF-1.4 whatever\n%%EOF\n")
    db = tmp_path / "budget.db"
    with batch.run([str(f) for f in files[:2]] + [str(crash)] + [str(f) for f in files[2:]], db, jobs=2) as outcomes:
        got = {Path(o.path).name: o for o in outcomes}
    assert got["crash.pdf"].status == "failed" and "worker process died" in got["crash.pdf"].message
    assert sorted(n for n, o in got.items() if o.status == "stored") == [f.name for f in files]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT filename FROM failures").fetchall() == [("crash.pdf",)]
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def _on_a_terminal(args):
    """Run the command with stderr a pseudo-terminal: (exit code, stdout, what the terminal showed)."""
    master, slave = os.openpty()
    env = dict(os.environ, COLUMNS="120")
    p = subprocess.Popen([sys.executable, "-m", "extractor", *map(str, args)],
                         stdout=subprocess.PIPE, stderr=slave, text=True, env=env)
    os.close(slave)
    chunks = []

    def drain():  # read as it comes: a full terminal buffer would block the progress display
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the other side is closed
                break
            if not data:
                break
            chunks.append(data)

    import threading

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = p.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(master)
    return p.returncode, out, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_one_file_shows_progress_on_a_terminal_and_quiet_shows_nothing(tmp_path):
    code, out, err = _on_a_terminal(["extract", FIXTURES / RENDERINGS[0], "--db", tmp_path / "a.db"])
    assert code == 0
    assert f"reading {RENDERINGS[0]}" in err and ("12 pages" in err or "/12" in err)
    assert "47 projects" in out and "reading" not in out
    code, out, err = _on_a_terminal(["extract", FIXTURES / RENDERINGS[1], "--db", tmp_path / "a.db", "--quiet"])
    assert code == 0 and out == "" and err == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_stderr_only(tmp_path):
    """stderr a terminal: a rich progress bar there; stdout (a pipe) keeps its plain lines."""
    master, slave = os.openpty()
    env = dict(os.environ, COLUMNS="120")
    p = subprocess.Popen([sys.executable, "-m", "extractor", "extract", str(BAD / "empty.pdf"),
                          str(BAD / "not_a_pdf.pdf"), "--db", str(tmp_path / "b.db")],
                         stdout=subprocess.PIPE, stderr=slave, text=True, env=env)
    os.close(slave)
    out, _ = p.communicate(timeout=120)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert p.returncode == 1
    assert "2/2" in err and "empty file" in err and "not a PDF" in err  # the bar, and the failures above it
    assert out.splitlines()[1:] == [f"2 files: 0 extracted, 0 skipped, 2 failed; 0 need review → {tmp_path / 'b.db'}"]
    assert out.splitlines()[0].startswith("rules only: no model configured")
