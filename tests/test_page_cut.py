"""The scan eval's page cut (scripts/ocr_split_eval.py): scoring the first k pages of a document
against what those pages print. A project that continues past page k is in neither the cut gold
nor, once aligned, the prediction; a set of forms' unit amounts are its begun forms' sum."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

from conftest import ROOT
from extractor.evaluation.harness import gold_document
from extractor.models import Finding

sys.path.insert(0, str(ROOT / "scripts"))
from ocr_split_eval import gold_on_pages, prediction_on_pages  # noqa: E402


def load(name: str) -> dict:
    return json.loads((ROOT / "eval" / "gold" / f"{name}.json").read_text(encoding="utf-8"))


def read_through(gold: dict, k: int) -> dict:
    """What a perfect reader of pages 1..k holds: every unit and project begun there."""
    g = json.loads(json.dumps(gold))
    g["units"] = [u for u in g["units"] if not u.get("pages") or min(u["pages"]) <= k]
    for u in g["units"]:
        u["projects"] = [p for p in u["projects"] if min(p["pages"]) <= k]
    return g


def a_cut_page(gold: dict) -> int:
    return next(min(p["pages"]) for u in gold["units"] for p in u["projects"] if len(p["pages"]) > 1)


def names(doc) -> list[str]:
    return [p.name for u in doc.units for p in u.projects]


def test_a_project_continuing_past_the_cut_is_scored_nowhere():
    gold = load("conghua-hrss-2024")
    k = a_cut_page(gold)
    seen = gold_document(read_through(gold, k))
    cut_gold = gold_document(gold_on_pages(gold, k))
    assert len(names(seen)) == len(names(cut_gold)) + 1  # the one continuing past k
    kept = prediction_on_pages(seen, gold, k)
    assert names(kept) == names(cut_gold)


def test_findings_follow_the_projects_that_moved_up():
    gold = load("conghua-hrss-2024")
    k = a_cut_page(gold)
    seen = gold_document(read_through(gold, k))
    ui = next(i for i, u in enumerate(seen.units) if any(min(p["pages"]) <= k < max(p["pages"])
                                                       for p in gold["units"][i]["projects"]))
    gone = next(pi for pi, p in enumerate(gold["units"][ui]["projects"]) if min(p["pages"]) <= k < max(p["pages"]))
    last = len(seen.units[ui].projects) - 1
    seen.findings = [Finding(code="OCR_UNSURE", severity="warning", record=f"units[{ui}].projects[{gone}]", message="cut"),
                     Finding(code="LAYOUT", severity="warning", record=f"units[{ui}].projects[{last}].amounts", message="kept")]
    kept = prediction_on_pages(seen, gold, k)
    assert [f.code for f in kept.findings] == (["LAYOUT"] if gone != last else [])
    if gone != last:
        assert kept.findings[0].record == f"units[{ui}].projects[{last - 1}].amounts"
        assert kept.units[ui].projects[last - 1].name == seen.units[ui].projects[last].name


def test_a_set_of_forms_unit_is_what_its_begun_forms_add_up_to():
    gold = load("forms-huadu-agri-2025")
    k = 1
    cut = gold_on_pages(gold, k)
    changed = 0
    for u, full in zip(cut["units"], gold["units"]):
        begun = [p for p in full["projects"] if min(p["pages"]) <= k]
        if len(begun) < len(full["projects"]):
            changed += 1
            assert Decimal(u["amounts"]["total"]) == sum(Decimal(p["amounts"]["total"]) for p in begun)
            assert Decimal(u["amounts"]["total"]) < Decimal(full["amounts"]["total"])
    assert changed
