"""Per-project forms read by OCR: what the layout does when the scan loses a rule.

The scan is simulated on a forms fixture's text layer (its pages presented as if OCR had read them,
a ruling line taken out), so that the result is checked against what the page really prints.
"""

from __future__ import annotations

import dataclasses

import pytest

from conftest import FIXTURES
from extractor import pipeline
from extractor.layouts.forms.grid import build_grid
from extractor.source import pdf as read
from extractor.source.ocr.page import OCRPageText
from extractor.source.page import VRule

FORMS = FIXTURES / "forms-panyu-edu-2024.pdf"


@pytest.fixture(scope="module")
def text_source():
    return read.read_pdf(FORMS)


def without_rule_after(page, label: str, ocr: bool = True):
    """The page with the rule right of each `label` cell taken out over that cell's height (the
    label and its value then read as one cell)."""
    grid = build_grid(page)
    vrules = list(page.vrules)
    for cell in (c for c in grid.cells if c.label == label):
        kept = []
        for r in vrules:
            if abs(r.x - cell.x1) <= 1.5 and r.top < cell.bottom and r.bottom > cell.top:
                kept += [VRule(r.x, r.top, cell.top), VRule(r.x, cell.bottom, r.bottom)]
            else:
                kept.append(r)
        vrules = [r for r in kept if r.bottom - r.top > 0.5]
    fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(read.PageText)}
    fields["vrules"] = vrules
    return OCRPageText(**fields, dpi=200) if ocr else read.PageText(**fields)


def units_of(doc):
    return [(u.name, [p.name for p in u.projects]) for u in doc.units]


def test_a_unit_label_glued_to_its_value_on_a_scan_still_names_the_unit(text_source):
    plain = pipeline.extract_source(text_source)
    pages = [without_rule_after(p, "实施单位") for p in text_source.pages]
    assert any("实施单位" in c.label and c.label != "实施单位" for c in build_grid(pages[0]).cells)  # glued
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert units_of(doc) == units_of(plain)
    assert not any(f.code == "PROJECT_WITHOUT_UNIT" for f in doc.findings)


def test_a_glued_label_is_not_split_on_a_text_layer(text_source):
    pages = [without_rule_after(p, "实施单位", ocr=False) for p in text_source.pages]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert any(f.code == "PROJECT_WITHOUT_UNIT" for f in doc.findings)


def test_a_speck_read_before_a_source_label_is_not_part_of_it(text_source):
    plain = pipeline.extract_source(text_source)
    pages = []
    for page in text_source.pages:
        grid = build_grid(page)
        cell = next(c for c in grid.cells if c.label.startswith("其中"))
        after = next(c for c in sorted(cell.chars, key=lambda c: c.x0) if c.text in ":：")
        w = after.x1 - after.x0
        speck = dataclasses.replace(after, text="-", x0=after.x0 + 0.6 * w, x1=after.x0 + 0.9 * w)
        fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(read.PageText)}
        fields["chars"] = list(page.chars) + [speck]
        pages.append(OCRPageText(**fields, dpi=200))
    assert any("-" in c.label for c in build_grid(pages[0]).cells if c.label.startswith("其中"))
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert doc.source_columns == plain.source_columns
    assert [p.amounts for u in doc.units for p in u.projects] == [p.amounts for u in plain.units for p in u.projects]


@pytest.mark.parametrize("printed,level", [("产出指标(50分", "产出指标"), ("产出指标(50分)", "产出指标"), ("效益指标（30分", "效益指标")])
def test_a_level_label_whose_closing_bracket_was_lost_loses_its_score(printed, level):
    from extractor.layouts.forms.records import clean_level

    assert clean_level(printed) == level


def period_name_misread(source, ocr: bool):
    """The source with the first indicator name of the first 中期 block read a character wrong
    (新建高标准农田面积 → 新建高标准农出面积): the 年度 block still reads it right."""
    pages = []
    done = False
    for page in source.pages:
        chars = list(page.chars)
        if not done:
            rows: dict[int, list] = {}
            for c in chars:
                rows.setdefault(round(c.top), []).append(c)
            for top in sorted(rows):  # the 中期 block comes first
                line = sorted(rows[top], key=lambda c: c.x0)
                text = "".join(c.text for c in line)
                if "新建高标准农田面积" in text:
                    first = line[text.index("新建高标准农田面积") + 6]
                    chars = [dataclasses.replace(c, text="出") if c is first else c for c in chars]
                    done = True
                    break
        fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(read.PageText)}
        fields["chars"] = chars
        pages.append(OCRPageText(**fields, dpi=200) if ocr else read.PageText(**fields))
    return read.SourceFile(source.path, source.sha256, pages)


def test_a_period_row_read_a_character_apart_is_paired_with_its_annual_row():
    source = read.read_pdf(FIXTURES / "forms-huadu-agri-2025.pdf")
    plain = pipeline.extract_source(source).units[0].projects[0]
    first = plain.indicators[0]
    assert first.name == "新建高标准农田面积" and first.period_target is not None
    doc = pipeline.extract_source(period_name_misread(source, ocr=True))
    got = doc.units[0].projects[0]
    assert [(i.name, i.period_target, i.annual_target) for i in got.indicators] == \
        [(i.name, i.period_target, i.annual_target) for i in plain.indicators]
    assert any(f.code == "OCR_REPAIR" and "新建高标准农出面积" in f.message for f in doc.findings)
    text = pipeline.extract_source(period_name_misread(source, ocr=False)).units[0].projects[0]
    assert len(text.indicators) == len(plain.indicators) + 1  # a text layer is read as printed
