"""The eval's default paths are the current directory's, never the installed package's."""

import json
from pathlib import Path

from extractor.cli import main
from extractor.evaluation import paths

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extractor"


def test_defaults_are_relative_to_the_current_directory():
    for p in (paths.DEFAULT_FIXTURES, paths.DEFAULT_GOLD_DB, paths.DEFAULT_RUNS_DB, paths.DEFAULT_QA):
        assert not p.is_absolute()


def test_run_from_elsewhere_without_a_manifest_says_so_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    before = sorted(PACKAGE.rglob("*.db"))
    assert main(["eval", "run"]) == 2
    assert "no fixture manifest" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [] and sorted(PACKAGE.rglob("*.db")) == before


def test_run_with_flags_writes_where_it_is_told(tmp_path, monkeypatch):
    entry = next(i for i in json.loads((ROOT / "eval" / "fixtures.json").read_text(encoding="utf-8"))
                 if i["id"].startswith("forms-huadu"))
    base = ROOT / "eval"
    manifest = tmp_path / "fixtures.json"
    manifest.write_text(json.dumps([{**entry, "gold": str(base / entry["gold"]),
                                     "renderings": [str(base / entry["renderings"][0])]}]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "run", "--fixtures", str(manifest), "--gold-db", "g.db", "--runs-db", "r.db"]) == 0
    assert (tmp_path / "g.db").exists() and (tmp_path / "r.db").exists()
