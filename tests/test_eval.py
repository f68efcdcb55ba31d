"""The eval harness: the scorer's own counts, stored runs, diffs that name exactly what a change broke."""

import copy
import json
import subprocess
import sys

import pytest

from conftest import ROOT, gold_document
from extractor.evaluation import harness as ev
from extractor.evaluation.scoring import score_document

MARKS = ("·", "‘", "’")


def field_counts(score):
    return {k: tuple(v) for k, v in score.counts.items()}


def test_perfect_prediction_scores_one(gold):
    s = score_document(gold, gold.model_copy(deep=True))
    assert s.errors == []
    assert all(v["f1"] == 1.0 for v in s.table().values())
    n_ind = sum(len(p.indicators) for _, _, p in gold.projects())
    assert s.counts["indicator.name"] == [n_ind, 0, 0]
    assert s.counts["project.name"] == [47, 0, 0]


def test_dropped_project_moves_exactly_its_counts(gold, gold_json):
    data = copy.deepcopy(gold_json)
    dropped = data["units"][3]["projects"].pop(1)  # 就业补助资金, 8 indicators
    s = score_document(gold, gold_document(data))
    base = field_counts(score_document(gold, gold))
    got = field_counts(s)
    n = len(dropped["indicators"])
    for k, (tp, fp, fn) in base.items():
        if k.startswith("project."):
            want = 1 if (k != "project.amount[其他资金]") else 0
        elif k.startswith("indicator."):
            want = n
        else:
            want = 0
        assert got[k] == (tp - want, 0, want), k
    missed = [e for e in s.errors if e["kind"] == "missed"]
    assert [e["field"] for e in missed] == ["project"] + ["indicator"] * n
    assert missed[0]["record"].endswith("/ 就业补助资金")


def test_changed_amount_is_one_fp_and_one_fn(gold, gold_json):
    data = copy.deepcopy(gold_json)
    data["units"][0]["projects"][2]["amounts"] = {"total": "16.29", "sources": {"财政拨款": "16.29"}}
    s = score_document(gold, gold_document(data))
    assert s.counts["project.amount.total"] == [46, 1, 1]
    assert s.counts["project.amount[财政拨款]"] == [45, 1, 1]
    assert s.counts["project.name"] == [47, 0, 0]
    wrong = {(e["field"], e["gold"], e["pred"]) for e in s.errors}
    assert wrong == {("project.amount.total", "16.92", "16.29"), ("project.amount[财政拨款]", "16.92", "16.29")}


def test_invented_project_is_listed_and_counted(gold, gold_json):
    data = copy.deepcopy(gold_json)
    fake = copy.deepcopy(data["units"][5]["projects"][1])
    fake.update(name="虚构的项目经费", amounts={"total": "9.99", "sources": {"财政拨款": "9.99"}})
    data["units"][5]["projects"].append(fake)
    s = score_document(gold, gold_document(data))
    assert s.counts["project.name"] == [47, 1, 0]
    assert s.counts["indicator.name"][1] == len(fake["indicators"])
    invented = [e for e in s.errors if e["kind"] == "invented"]
    assert invented[0]["field"] == "project" and invented[0]["record"].endswith("/ 虚构的项目经费")


def drop_marks(path, **kw):
    """A deliberately broken rule: normalises away the marks that tell projects apart."""
    result = ev.rules_backend(path)
    for unit in result.document.units:
        for p in unit.projects:
            p.name = p.name.rstrip("".join(MARKS))
    return result


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("eval")
    fixtures = ev.load_manifest(ROOT / "eval" / "fixtures.json")
    kw = dict(gold_db=d / "gold.db", runs_db=d / "runs.db")
    good = ev.run_eval(fixtures, backend="rules", **kw)
    broken = ev.run_eval(fixtures, extract=drop_marks, **kw)
    return d, good, broken


def test_rules_backend_scores_one_on_every_field(runs):
    d, good, _ = runs
    db = ev.open_runs_db(d / "runs.db")
    run = db["runs"].get(good)
    n = sum(len(fx.renderings) for fx in ev.load_manifest(ROOT / "eval" / "fixtures.json"))
    assert run["min_f1"] == 1.0 and run["documents"] == n and run["failed_documents"] == 0
    assert run["git_commit"]
    fields = ev.run_fields(db, good)
    assert {"project.name", "project.amount.total", "project.goal", "indicator.level1", "indicator.level2",
            "indicator.name", "indicator.period_target.parsed", "indicator.annual_target.raw"} <= set(fields)


def test_diff_names_exactly_what_the_broken_rule_changed(runs, gold_json):
    d, good, broken = runs
    db = ev.open_runs_db(d / "runs.db")
    diff = ev.diff_runs(db, good, broken)
    assert [f["field"] for f in diff["changed"]] == ["project.name"]
    marked = sorted(f"{u['name']} / {p['name']}" for u in gold_json["units"] for p in u["projects"]
                    if p["name"].endswith(MARKS))
    assert len(marked) >= 10
    for rendering in ("conghua-hrss-2024-grid.pdf", "conghua-hrss-2024-header-ruled.pdf"):
        assert sorted(e["record"] for e in diff["broke"] if e["rendering"] == rendering) == marked
    assert {e["field"] for e in diff["broke"]} == {"project.name"}
    assert diff["fixed"] == [] and diff["regressed"]
    back = ev.diff_runs(db, broken, good)
    assert len(back["fixed"]) == len(diff["broke"]) and back["broke"] == [] and not back["regressed"]


def test_report_shows_gold_beside_prediction(runs):
    d, _, broken = runs
    page = ev.report_html(ev.open_runs_db(d / "runs.db"), broken)
    assert "<td class='gold'>人事档案信息化建设专项经费·</td><td class='pred'>人事档案信息化建设专项经费</td>" in page
    assert "project.name" in page and "http" not in page.replace("http-equiv", "")


def test_cli_gates(runs, tmp_path):
    d, good, broken = runs
    def run(*args):
        return subprocess.run([sys.executable, "-m", "extractor", "eval", *map(str, args)], capture_output=True,
                              text=True, timeout=300)
    r = run("diff", good, broken, "--runs-db", d / "runs.db", "--fail-on-regression")
    assert r.returncode == 1 and "project.name" in r.stdout and "broke:" in r.stdout
    r = run("diff", broken, good, "--runs-db", d / "runs.db", "--fail-on-regression")
    assert r.returncode == 0 and "fixed:" in r.stdout
    r = run("report", broken, "--runs-db", d / "runs.db", "--out", tmp_path / "r.html")
    assert r.returncode == 0 and (tmp_path / "r.html").exists()
    r = run("diff", good, 999, "--runs-db", d / "runs.db")
    assert r.returncode == 2 and "no run 999" in r.stderr


def test_gold_that_does_not_reconcile_is_refused(tmp_path, gold_json):
    data = copy.deepcopy(gold_json)
    data["units"][0]["amounts"]["total"] = "1.00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ev.EvalError, match="does not reconcile"):
        ev.load_gold([ev.Fixture("bad", bad, [])], tmp_path / "gold.db")
    assert not (tmp_path / "gold.db").exists()


def test_gold_round_trips_through_the_gold_database(tmp_path, gold):
    fixtures = ev.load_manifest(ROOT / "eval" / "fixtures.json")
    ids = ev.load_gold(fixtures, tmp_path / "gold.db")
    import sqlite_utils
    from extractor.store import db as store
    back = store.load_document(sqlite_utils.Database(tmp_path / "gold.db"), ids["conghua-hrss-2024"])
    assert score_document(gold, back).errors == []


def test_qa_set_is_scored_and_stored_like_any_run(tmp_path):
    runs_db = tmp_path / "runs.db"
    run_id = ev.run_qa_eval(ROOT / "eval" / "qa" / "seed-qa.json", runs_db=runs_db)
    db = ev.open_runs_db(runs_db)
    fields = ev.run_fields(db, run_id)
    answer = fields["qa.answer"]
    assert answer["tp"] + answer["fn"] >= 40
    assert answer["recall"] >= 0.9  # issue 5: the offline engine answers ≥ 90%
    assert fields["qa.citations"]["fn"] == 0  # every answer with a value is cited
    assert db["runs"].get(run_id)["backend"] == "ask-offline"
    wrong = db.execute("SELECT count(*) FROM run_errors WHERE run_id = ?", [run_id]).fetchone()[0]
    assert wrong == answer["fn"]
