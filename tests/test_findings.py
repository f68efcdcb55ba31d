"""Every finding code a stage can emit is registered in extractor/findings.py, and the README's table is
the registry's. Three nets: the code literals in the source (static), the findings of real runs here
(every text fixture, damaged golds, a failing model), and every Finding made during the whole test
session (conftest.py fails the session on an unregistered one)."""

import copy
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, gold_document
from extractor import checks, findings, pipeline
from extractor.source.page import InputError

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = sorted({code.split("_")[0] for code in findings.REGISTRY} | {"LAYOUT"})
LITERAL = re.compile(r"""(?<!startswith\()["']((?:%s)(?:_[A-Z0-9]+)*)["']""" % "|".join(FAMILIES))


def test_every_code_literal_in_the_source_is_registered():
    seen = {}
    for path in (ROOT / "extractor").rglob("*.py"):
        if path.name == "findings.py":
            continue
        for m in LITERAL.finditer(path.read_text(encoding="utf-8")):
            seen.setdefault(m.group(1), path.relative_to(ROOT))
    assert len(seen) > 25  # the scan finds the codes (it would pass vacuously otherwise)
    missing = {code: str(where) for code, where in seen.items() if code not in findings.REGISTRY}
    assert not missing, f"codes emitted but not registered in extractor/findings.py: {missing}"


def test_the_scan_would_catch_an_unregistered_code():
    assert LITERAL.findall('Finding(code="IND_NEW_THING", severity="warning")') == ["IND_NEW_THING"]
    assert "IND_NEW_THING" not in findings.REGISTRY


def emitted_by_fixtures() -> set[str]:
    codes = set()
    for pdf in sorted(FIXTURES.glob("*.pdf")):
        if "scan" in pdf.name:
            continue  # OCR is slow; tests/test_pipeline.py runs a scan and the session net catches its codes
        try:
            codes |= {f.code for f in pipeline.extract(pdf).document.findings}
        except InputError:
            pass
    return codes


def damage(gold_json) -> list:
    """Copies of the gold broken in the ways the checker knows."""
    def amounts(d):
        d["units"][1]["projects"][0]["amounts"]["total"] = "5046.00"
        d["units"][5]["amounts"] = {"total": "125.93", "sources": {"财政拨款": "125.93"}}
        del d["units"][0]["projects"][1]["amounts"]["total"]

    def indicators(d):
        inds = d["units"][0]["projects"][0]["indicators"]
        inds[0]["level1_code"] = "9"
        inds[1]["level2_code"] = "99"
        inds[2]["seq"] = 7
        inds[3]["annual_target"] = {"raw": "≥很多", "op": None, "value": None, "unit": None}
        inds[4]["level1_code"], inds[4]["level2_code"], inds[4]["level1"], inds[4]["level2"] = None, None, "奇怪", "未知"
        d["units"][0]["projects"][3]["indicators"] = []

    def duplicates(d):
        d["units"][2]["projects"].append(copy.deepcopy(d["units"][2]["projects"][0]))

    out = []
    for edit in (amounts, indicators, duplicates):
        data = copy.deepcopy(gold_json)
        edit(data)
        out.append(gold_document(data))
    return out


def test_every_code_emitted_on_fixtures_and_damaged_golds_is_registered(gold_json):
    codes = emitted_by_fixtures()
    for doc in damage(gold_json):
        codes |= {f.code for f in checks.run(doc).findings}
    assert {"AMOUNT_ROW_SUM", "AMOUNT_UNIT_SUM", "AMOUNT_MISSING", "IND_LEVEL1_CODE", "IND_SEQ",
            "DUPLICATE_PROJECT", "IND_MISSING", "REPEATED_ROW"} <= codes
    assert codes <= set(findings.REGISTRY), codes - set(findings.REGISTRY)


def test_the_readme_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert findings.markdown_table() in readme, "regenerate it: python -m extractor.findings"


@pytest.mark.parametrize("code", sorted(findings.REGISTRY))
def test_each_kind_has_a_severity_and_both_meanings(code):
    k = findings.kind(code)
    assert k.severity in ("error", "warning", "info") and k.en and k.zh
