"""Both committed renderings of the seed must match the hand-labelled gold exactly."""

from decimal import Decimal

import pytest

from conftest import RENDERINGS

CONTRACT_PROJECT = ("name", "amounts", "goal", "pages")
CONTRACT_INDICATOR = ("seq", "level1", "level1_code", "level2", "level2_code", "name", "period_target", "annual_target")


@pytest.fixture(params=RENDERINGS)
def doc(request, extracted):
    return extracted[request.param][1]


def test_document_header_fields(doc, gold_json):
    assert doc.title == gold_json["title"]
    assert doc.department == gold_json["department"]
    assert doc.money_unit == gold_json["money_unit"] == "万元"
    assert doc.source_columns == ["财政拨款", "财政专户拨款", "其他资金"]
    assert doc.model_dump(mode="json")["totals"] == gold_json["totals"]


def test_units_match_gold(doc, gold_json):
    got = [(u.name, u.model_dump(mode="json")["amounts"], u.pages) for u in doc.units]
    want = [(u["name"], u["amounts"], u["pages"]) for u in gold_json["units"]]
    assert got == want


def test_every_project_matches_gold(doc, gold_json):
    got = [[{k: p[k] for k in CONTRACT_PROJECT} for p in u["projects"]] for u in doc.model_dump(mode="json")["units"]]
    want = [[{k: p[k] for k in CONTRACT_PROJECT} for p in u["projects"]] for u in gold_json["units"]]
    assert sum(map(len, got)) == 47
    for gu, wu in zip(got, want):
        assert gu == wu


def test_every_indicator_matches_gold(doc, gold_json):
    got = [
        {k: i[k] for k in CONTRACT_INDICATOR}
        for u in doc.model_dump(mode="json")["units"] for p in u["projects"] for i in p["indicators"]
    ]
    want = [
        {k: i[k] for k in CONTRACT_INDICATOR}
        for u in gold_json["units"] for p in u["projects"] for i in p["indicators"]
    ]
    assert len(got) == len(want) == 194
    assert got == want


def test_repeated_rows_reported_once_each(doc, gold_json):
    repeats = [f for f in doc.findings if f.code == "REPEATED_ROW"]
    assert len(repeats) == 4
    for f, want in zip(repeats, gold_json["repeated_rows"]):
        assert want["name"] in f.message
        assert f.pages == want["pages"]
        assert f.severity == "info"
    # Counted once: each repeated project appears once in its unit.
    for want in gold_json["repeated_rows"]:
        unit = next(u for u in doc.units if u.name == want["unit"])
        assert [p.name for p in unit.projects].count(want["name"]) == 1


def test_ambiguous_single_source_lands_in_its_drawn_column(doc):
    unit = next(u for u in doc.units if u.name == "广州市从化区退休职工管理委员会办公室")
    project = next(p for p in unit.projects if p.name == "退休人员移交退管活动资金")
    assert project.amounts.sources == {"其他资金": Decimal("63.85")}
    assert unit.amounts.sources == {"财政拨款": Decimal("385.70"), "其他资金": Decimal("63.85")}


def test_trailing_marks_keep_projects_apart(doc):
    unit = doc.units[0]
    names = {p.name: p.amounts.total for p in unit.projects}
    assert names["人事档案信息化建设专项经费"] == Decimal("16.92")
    assert names["人事档案信息化建设专项经费·"] == Decimal("74.21")


def test_clean_seed_has_no_error_or_warning(doc):
    assert [f for f in doc.findings if f.severity != "info"] == []


def test_every_project_has_page_and_box(doc):
    for _, _, p in doc.projects():
        assert p.pages and all(1 <= n <= 12 for n in p.pages)
        x0, top, x1, bottom = p.bbox
        assert x0 < x1 and top < bottom
