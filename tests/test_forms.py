"""The per-project form layout: every rendering of the form golds extracts to its gold exactly,
the checker is quiet on the golds and speaks on damaged copies, and the wide path is untouched."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import FIXTURES, ROOT
from extractor import extract_pdf
from extractor import checks as check
from extractor.layouts.forms import reader as forms
from extractor.layouts.wide import table as layout
from extractor.evaluation.harness import gold_document
from extractor.models import Document
from extractor.pipeline import extract_source
from extractor.source.pdf import Char, HRule, PageText, VRule

GOLDS = {
    "forms-panyu-edu-2024": {"projects": 5, "indicators": 41, "with_period": 0},
    "forms-huadu-agri-2025": {"projects": 4, "indicators": 36, "with_period": 19},
}
# Every rendering and the gold it was drawn from (scripts/render_forms.py).
RENDERINGS = {
    "forms-panyu-edu-2024.pdf": "forms-panyu-edu-2024",
    "forms-panyu-edu-2024-unmerged.pdf": "forms-panyu-edu-2024",
    "forms-huadu-agri-2025.pdf": "forms-huadu-agri-2025",
    "forms-huadu-agri-2025-split-late.pdf": "forms-huadu-agri-2025",
    "forms-huadu-agri-2025-unmerged.pdf": "forms-huadu-agri-2025",
}
DOC_FIELDS = ("title", "department", "money_unit", "budget_year", "source_columns", "totals")
PROJECT_FIELDS = ("name", "amounts", "goal", "pages")


def load_gold(stem: str) -> dict:
    return json.loads((ROOT / "eval" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def gold_doc(data: dict) -> Document:
    return gold_document(data)  # without form_extras: what the renderer needs and the Document has no field for


@pytest.fixture(scope="module")
def form_docs():
    return {name: extract_pdf(FIXTURES / name) for name in RENDERINGS}


@pytest.fixture(params=sorted(RENDERINGS))
def pair(request, form_docs):
    """(extracted document as JSON, its gold as JSON, the Document) for one rendering."""
    source, doc = form_docs[request.param]
    return doc.model_dump(mode="json"), load_gold(RENDERINGS[request.param]), doc


# ---------------------------------------------------------------- the golds themselves


@pytest.mark.parametrize("stem", GOLDS)
def test_gold_counts_and_reconciliation(stem):
    gold = load_gold(stem)
    projects = [p for u in gold["units"] for p in u["projects"]]
    indicators = [i for p in projects for i in p["indicators"]]
    assert len(projects) == GOLDS[stem]["projects"]
    assert len(indicators) == GOLDS[stem]["indicators"]
    assert sum(1 for i in indicators if i["period_target"]) == GOLDS[stem]["with_period"]
    for p in projects:
        assert Decimal(p["amounts"]["total"]) == sum(Decimal(v) for v in p["amounts"]["sources"].values())
    for i in indicators:
        assert i["level1_code"] is None and i["level2_code"] is None
        assert "(" not in i["level1"] + i["level2"]
    assert gold["totals"] == {"total": None, "sources": {}}


@pytest.mark.parametrize("stem", GOLDS)
def test_checker_is_quiet_on_the_gold(stem):
    findings = check.run(gold_doc(load_gold(stem))).findings
    assert [f for f in findings if f.severity != "info"] == []
    # 中期 values that differ from the 年度 ones are expected on a multi-year form: info only
    assert {f.code for f in findings} <= {"IND_TARGET_DIFFERS"}


# ---------------------------------------------------------------- renderings → gold, exactly


def test_document_fields(pair):
    got, gold, _ = pair
    assert {k: got[k] for k in DOC_FIELDS} == {k: gold[k] for k in DOC_FIELDS}


def test_units_match_gold(pair):
    got, gold, _ = pair
    assert [(u["name"], u["amounts"], u["pages"]) for u in got["units"]] == \
        [(u["name"], u["amounts"], u["pages"]) for u in gold["units"]]


def test_every_project_matches_gold(pair):
    got, gold, _ = pair
    g = [[{k: p[k] for k in PROJECT_FIELDS} for p in u["projects"]] for u in got["units"]]
    w = [[{k: p[k] for k in PROJECT_FIELDS} for p in u["projects"]] for u in gold["units"]]
    assert g == w


def test_every_indicator_matches_gold(pair):
    got, gold, _ = pair
    g = [(p["name"], i) for u in got["units"] for p in u["projects"] for i in p["indicators"]]
    w = [(p["name"], i) for u in gold["units"] for p in u["projects"] for i in p["indicators"]]
    assert len(g) == len(w)
    for a, b in zip(g, w):
        assert a == b  # every field: seq, levels, codes (null), name, both targets, raw


def test_no_error_or_warning_and_every_project_located(pair):
    _, _, doc = pair
    assert [f for f in doc.findings if f.severity != "info"] == []
    for _, _, p in doc.projects():
        assert p.pages
        x0, top, x1, bottom = p.bbox
        assert x0 < x1 and top < bottom


def test_two_blocks_give_period_and_annual(form_docs):
    doc = form_docs["forms-huadu-agri-2025.pdf"][1]
    p = doc.units[0].projects[0]  # 高标准农田建设项目: 3 years, 中期 and 年度 blocks, over 2 pages
    assert p.pages == [1, 2]
    first = p.indicators[0]
    assert (first.level1, first.level2, first.name) == ("预期产出指标", "数量指标", "新建高标准农田面积")
    assert first.period_target.raw == "≥3.2万亩" and first.annual_target.raw == "≥1.1万亩"
    assert p.indicators[-1].level2 == "社会公众或服务对象满意度指标"
    # in the annual block only: no 中期 value
    tech = doc.units[1].projects[0]
    only_annual = next(i for i in tech.indicators if i.name == "农业主推技术入户率")
    assert only_annual.period_target is None and only_annual.annual_target.raw == "≥90%"


# ---------------------------------------------------------------- damaged golds


def damaged(stem: str, edit) -> list:
    data = load_gold(stem)
    edit(data)
    return check.run(gold_doc(data)).findings


def test_changed_amount():
    def edit(d):
        d["units"][0]["projects"][1]["amounts"]["sources"]["上年结转"] = "238.3725"  # was 238.3275
    found = damaged("forms-panyu-edu-2024", edit)
    assert [f.code for f in found] == ["AMOUNT_UNIT_SUM", "AMOUNT_ROW_SUM"]
    assert found[0].record == "units[0]" and "上年结转" in found[0].message and "-0.0450" in found[0].message
    assert found[1].record == "units[0].projects[1]" and found[1].pages == [2]


def test_unknown_level_names():
    def edit(d):
        ind = d["units"][0]["projects"][0]["indicators"]
        ind[0]["level1"] = "产出目标"
        ind[1]["level2"] = "数量目标"
    found = damaged("forms-panyu-edu-2024", edit)
    assert [(f.code, f.severity, f.record) for f in found] == [
        ("IND_LEVEL1_NAME", "warning", "units[0].projects[0].indicators[0]"),
        ("IND_LEVEL2_NAME", "warning", "units[0].projects[0].indicators[1]"),
    ]


def test_level2_under_the_wrong_level1():
    def edit(d):
        d["units"][1]["projects"][0]["indicators"][0]["level1"] = "效果指标"  # its level 2 is 数量指标
    found = [f for f in damaged("forms-huadu-agri-2025", edit) if f.severity != "info"]
    assert [f.code for f in found] == ["IND_LEVEL_MISMATCH"]


def test_form_label_aliases_are_known():
    # 预期产出指标 → 产出, 效果指标 → 效益 (and, in Guangdong's template, 满意度)
    assert check.LEVEL1_NAMES["预期产出指标"] == {"1"}
    assert check.level2_code_of("社会公众或服务对象满意度指标") == "31"
    assert check.level2_code_of("经济成本指标") == "41"
    assert check.level2_code_of("成本指标") == "14"
    assert check.level2_code_of("数量目标") is None


def test_levels_lose_scores_and_alternates():
    assert forms.clean_level("产出指标(50分)") == "产出指标"
    assert forms.clean_level("产出指标（50分）") == "产出指标"
    assert forms.clean_level("数量指标(或建筑规模指标)") == "数量指标"
    assert forms.clean_level("效 益 指 标") == "效益指标"


# ---------------------------------------------------------------- a small form built by hand


def _form_page(cells, number=1) -> PageText:
    """A ruled page from (x0, top, x1, bottom, text) cells, 9pt chars laid left to right."""
    chars, hrules, vrules = [], [], []
    for x0, top, x1, bottom, text in cells:
        hrules += [HRule(x0, x1, top), HRule(x0, x1, bottom)]
        vrules += [VRule(x0, top, bottom), VRule(x1, top, bottom)]
        y = (top + bottom) / 2 - 4.5
        for k, ch in enumerate(text):
            chars.append(Char(ch, x0 + 3 + 9 * k, y, x0 + 12 + 9 * k, y + 9, 9.0))
    return PageText(number, 595.0, 842.0, chars, hrules, vrules)


def _small_form(total="12.50", unit="某某中心"):
    rows = [
        (0, 20, [(40, 100, "项目名称"), (100, 560, "测试项目")]),
        (20, 40, [(40, 100, "主管部门"), (100, 300, "某某局"), (300, 360, "实施单位"), (360, 560, unit)]),
        (40, 60, [(40, 200, "资金总额（万元）"), (200, 560, total)]),
        (60, 80, [(40, 200, "其中：财政拨款"), (200, 560, "12.50")]),
        (80, 100, [(40, 100, "年度目标"), (100, 560, "完成")]),
        (100, 120, [(40, 140, "一级指标"), (140, 240, "二级指标"), (240, 400, "三级指标"), (400, 560, "指标值")]),
    ]
    cells = [(x0, top + 50, x1, bottom + 50, t) for top, bottom, cs in rows for x0, x1, t in cs]
    # 一级 merged over three rows, 二级 over two; each label printed once
    cells += [(40, 170, 140, 230, "产出指标(60分)"), (140, 170, 240, 210, "数量指标"),
              (140, 210, 240, 230, "质量指标"),
              (240, 170, 400, 190, "甲"), (400, 170, 560, 190, "≥3个"),
              (240, 190, 400, 210, "乙"), (400, 190, 560, 210, "及时"),
              (240, 210, 400, 230, "丙"), (400, 210, 560, 230, "100%")]
    return _form_page(cells)


def test_merged_cells_carry_their_label_down():
    doc = forms.extract([_small_form()])
    p = doc.units[0].projects[0]
    assert (p.name, doc.department, doc.units[0].name, doc.money_unit) == ("测试项目", "某某局", "某某中心", "万元")
    assert p.amounts.total == Decimal("12.50") and p.amounts.sources == {"财政拨款": Decimal("12.50")}
    assert [(i.level1, i.level2, i.name, i.annual_target.raw) for i in p.indicators] == [
        ("产出指标", "数量指标", "甲", "≥3个"), ("产出指标", "数量指标", "乙", "及时"), ("产出指标", "质量指标", "丙", "100%")]
    assert p.indicators[0].raw == "产出指标(60分)；数量指标；甲；年度指标值:≥3个"
    assert check.run(doc).findings == []


def test_unreadable_amount_and_missing_unit_are_reported():
    doc = check.run(forms.extract([_small_form(total="12.5O", unit="")]))
    codes = [f.code for f in doc.findings]
    assert "AMOUNT_UNREADABLE" in codes and "PROJECT_WITHOUT_UNIT" in codes and "AMOUNT_MISSING" in codes


# ---------------------------------------------------------------- the wide path is untouched


def test_wide_fixtures_take_the_wide_path(monkeypatch):
    from conftest import RENDERINGS as WIDE
    from extractor.source.pdf import read_pdf

    def no_forms(*a, **k):
        raise AssertionError("the forms path was taken for a wide table")

    source = read_pdf(FIXTURES / WIDE[0])
    assert not forms.detect(source.pages)
    monkeypatch.setattr(forms, "extract", no_forms)
    monkeypatch.setattr(forms, "detect", no_forms)
    doc = extract_source(source)
    assert sum(len(u.projects) for u in doc.units) == 47


def test_form_pdfs_have_no_wide_header(form_docs):
    for name in ("forms-panyu-edu-2024.pdf", "forms-huadu-agri-2025.pdf"):
        source = form_docs[name][0]
        with pytest.raises(layout.LayoutError):
            layout.build_table(source.pages)
        assert forms.detect(source.pages)
