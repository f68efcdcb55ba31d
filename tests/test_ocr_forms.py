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
