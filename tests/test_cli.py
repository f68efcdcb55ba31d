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


# ---------------------------------------------------------------- verdicts, --strict, exit codes

AMOUNT_ERROR = BAD.parent / "amount-error.pdf"


def test_strict_passes_a_clean_document_and_fails_one_with_an_amount_error(tmp_path):
    db = tmp_path / "budget.db"
    r = run("extract", FIXTURES / RENDERINGS[0], "--db", db, "--strict")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # stderr is a pipe here: no progress drawn on it
    assert r.stdout.rstrip().endswith(f"4 info; ok → {db}")
    r = run("extract", AMOUNT_ERROR, "--db", db, "--strict")
    assert r.returncode == 1
    assert "needs review: 2 errors, 0 warnings" in r.stdout
    assert len(r.stderr.splitlines()) == 1 and "--strict" in r.stderr
    # Without --strict the same document is stored, reported, and the exit is 0.
    r = run("extract", AMOUNT_ERROR, "--db", tmp_path / "other.db")
    assert r.returncode == 0 and "needs review" in r.stdout
    # Already stored: skipped, but --strict still sees its stored errors; the footer counts it.
    r = run("extract", AMOUNT_ERROR, FIXTURES / RENDERINGS[0], "--db", db, "--strict")
    assert r.returncode == 1
    assert r.stdout.splitlines()[-1] == f"2 files: 0 extracted, 2 skipped, 0 failed; 1 needs review → {db}"

    listed = run("documents", db)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "file", "pages", "verdict"]
    assert RENDERINGS[0] in lines[1] and " ok " in lines[1] and " 12 " in lines[1]
    assert "amount-error.pdf" in lines[2] and "needs review: 2 errors, 0 warnings" in lines[2]
    as_json = json.loads(run("documents", "--db", db, "--json").stdout)
    assert [(d["filename"], d["verdict"], d["errors"]) for d in as_json] == [
        (RENDERINGS[0], "ok", 0), ("amount-error.pdf", "needs review", 2)]

    c = run("check", db, "--severity", "error")
    assert c.returncode == 0
    errors = c.stdout.splitlines()[:-1]
    assert {line.split()[1] for line in errors} == {"AMOUNT_ROW_SUM", "AMOUNT_UNIT_SUM"}
    assert any("（行的总计不等于各资金来源之和）" in line for line in errors)  # the Chinese meaning beside it
    assert run("check", db, "--strict").returncode == 1
    found = json.loads(run("check", db, "--json").stdout)
    row_sum = next(f for f in found if f["code"] == "AMOUNT_ROW_SUM")
    assert row_sum["meaning_zh"] == "行的总计不等于各资金来源之和" and row_sum["meaning_en"]


def test_recheck_runs_the_checks_on_edited_records(tmp_path):
    import sqlite3

    db = tmp_path / "budget.db"
    assert run("extract", FIXTURES / RENDERINGS[0], "--db", db).returncode == 0
    conn = sqlite3.connect(db)  # a user corrects… wrongly: a project total by hand
    conn.execute("UPDATE projects SET total = '999.00' WHERE name = '退休人员移交退管活动资金'")
    conn.commit()
    conn.close()
    assert run("check", db, "--strict").returncode == 0  # the stored findings predate the edit
    r = run("check", db, "--recheck", "--strict")
    assert r.returncode == 1
    assert any(line.startswith("error") and "AMOUNT_ROW_SUM" in line for line in r.stdout.splitlines())
    assert sum("REPEATED_ROW" in line for line in r.stdout.splitlines()) == 4  # extraction's notes are kept


# ---------------------------------------------------------------- no tracebacks, checked before any work


def test_unwritable_db_fails_fast_in_one_line_before_extracting():
    import resource

    def cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    c0 = cpu()
    # A scan: extracting it takes tens of seconds; /sys refuses new files even to root.
    r = run("extract", FIXTURES / "conghua-hrss-2024-scan.pdf", "--db", "/sys/budget.db")
    # CPU time, the interpreter's start-up included: wall time on a loaded shared machine says little.
    assert cpu() - c0 < 2
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert "--db /sys/budget.db: cannot create files in /sys" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [
    ("extract", FIXTURES / RENDERINGS[0], "--json", "/sys/out.json"),
    ("schema", "--out", "/sys/schema.json"),
    ("datasette-metadata", "--out", "/nonexistent/dir/metadata.json"),
    ("extract", FIXTURES / RENDERINGS[0], "--db", BAD / "not_a_pdf.pdf"),
])
def test_output_paths_are_checked_before_work(tmp_path, args):
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr and not list(tmp_path.iterdir())


def test_review_out_checked_and_db_named_first(tmp_path):
    db = tmp_path / "budget.db"
    assert run("extract", FIXTURES / RENDERINGS[0], "--db", db, "--quiet").stdout == ""
    r = run("review", db, "1", "--out", "/sys/review.html")
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1 and "/sys" in r.stderr
    r = run("check", db, "--db", tmp_path / "other.db")
    assert r.returncode == 2 and "two databases given" in r.stderr


def test_broken_pipe_ends_quietly():
    r = subprocess.run(f"{sys.executable} -m extractor schema | head -1", shell=True, capture_output=True,
                       text=True, timeout=60)
    assert r.stdout == "{\n" and r.stderr == ""


def test_json_alone_puts_the_records_on_stdout_and_the_summary_on_stderr(tmp_path):
    r = run("extract", FIXTURES / RENDERINGS[0], "--db", tmp_path / "b.db", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["totals"] == load_gold_json()["totals"]
    assert "47 projects" in r.stderr and "ok →" in r.stderr
    r = run("extract", FIXTURES / RENDERINGS[0], "--db", tmp_path / "b.db", "--json", tmp_path / "r.json")
    assert r.stdout.rstrip().endswith(f"→ {tmp_path / 'b.db'}, {tmp_path / 'r.json'}")


def test_schema_out_says_what_it_wrote(tmp_path):
    out = tmp_path / "schema.json"
    r = run("schema", "--out", out)
    assert r.returncode == 0 and r.stderr.strip() == f"wrote {out}" and json.loads(out.read_text())["title"]


def test_json_never_takes_a_database_as_its_file(tmp_path):
    db = tmp_path / "budget.db"
    assert run("extract", FIXTURES / RENDERINGS[0], "--db", db).returncode == 0
    before = db.read_bytes()
    r = run("check", "--json", db)  # --json then the database: JSON on stdout, the database untouched
    assert r.returncode == 0 and isinstance(json.loads(r.stdout), list) and db.read_bytes() == before


# ---------------------------------------------------------------- a user's own gold


def test_gold_draft_edit_eval_run_from_a_temp_directory(tmp_path):
    work = tmp_path / "mine"
    work.mkdir()
    pdf = work / "report.pdf"
    pdf.write_bytes((FIXTURES / RENDERINGS[0]).read_bytes())
    r = run("gold", "draft", "report.pdf", cwd=work)
    assert r.returncode == 0, r.stderr
    gold_path = work / "report.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert gold["source_pdf"] == "report.pdf" and gold["findings"] == [] and len(gold["repeated_rows"]) == 4
    assert gold["to_review"] == []  # a clean document: nothing flagged
    assert run("gold", "draft", "report.pdf", cwd=work).returncode == 2  # never overwrites an edited gold

    r = run("eval", "run", "--fixtures", ".", cwd=work)
    assert r.returncode == 0, r.stderr
    assert "micro F1 1.000" in r.stdout and (work / "runs.db").exists() and (work / "gold.db").exists()

    # The user corrects a name the extraction got "wrong": the next run scores against the correction.
    gold["units"][0]["projects"][0]["name"] = "编外人员经费（1）劳动保障监察协管员财政补助项目"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    r = run("eval", "run", "--fixtures", str(work), "--fail-under", "1.0", cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    name_line = next(line for line in r.stdout.splitlines() if line.strip().startswith("project.name"))
    assert "F1 1.000" not in name_line


def test_gold_draft_marks_records_with_findings(tmp_path):
    r = run("gold", "draft", AMOUNT_ERROR, "--out", tmp_path / "g.json")
    assert r.returncode == 0, r.stderr
    gold = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    flagged = {e["record"]: {f["code"] for f in e["findings"]} for e in gold["to_review"]}
    assert flagged == {"units[0].projects[0]": {"AMOUNT_ROW_SUM"}, "units[0]": {"AMOUNT_UNIT_SUM"}}
    assert gold["to_review"][0]["name"]


def test_database_first_for_ask_and_dev_commands_grouped(tmp_path):
    db = tmp_path / "budget.db"
    assert run("extract", db, FIXTURES / RENDERINGS[0], "--quiet").returncode == 0  # sqlite-utils style
    r = run("ask", db, "哪个单位的财政拨款最多？", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["answer"]
    out = tmp_path / "answer.json"
    assert run("ask", "--db", db, "哪个单位的财政拨款最多？", "--json", out).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["answer"] == json.loads(r.stdout)["answer"]
    help_text = run("dev", "--help").stdout
    assert "serve" in help_text and "record-cassettes" in help_text
    assert run("llm-serve").returncode == 2  # developer commands live under `dev` only
