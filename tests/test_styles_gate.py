"""CI gate over random styles: our extractor on the committed sample of seeded renderings.

tests/data/styles/ holds twelve PDFs drawn by scripts/layoutgen.py (a standalone generator that does
not import `extractor`) from the golds in eval/gold/, with every value of every style knob at least
once: lineless and ruled tables, wrapped and two-row headers, repeated headers, rows cut at page
breaks, budget books with other tables and prose. Each comes with its gold as drawn and its style.
Scores are computed against those golds by the project's scorer; nothing here is produced by the
code under test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor import extract_pdf
from extractor.evaluation.harness import gold_document
from extractor.evaluation.scoring import prf, score_document

SAMPLE = Path(__file__).parent / "data" / "styles"
PDFS = sorted(SAMPLE.glob("*.pdf"))
GATE = 0.99


def _gold(pdf: Path):
    return gold_document(json.loads(pdf.with_name(pdf.stem + ".gold.json").read_text(encoding="utf-8")))


def _style(pdf: Path) -> dict:
    return json.loads(pdf.with_name(pdf.stem + ".style.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extracted():
    return {pdf.name: extract_pdf(pdf)[1] for pdf in PDFS}


def test_sample_is_there():
    assert len(PDFS) >= 12, "the committed CI sample of styled renderings is missing"


def test_every_field_f1_at_least_the_gate(extracted):
    counts: dict[str, list[int]] = {}
    for pdf in PDFS:
        for name, (tp, fp, fn) in score_document(_gold(pdf), extracted[pdf.name]).counts.items():
            c = counts.setdefault(re.sub(r"\.amount\[.*\]$", ".amount.sources", name), [0, 0, 0])
            c[0], c[1], c[2] = c[0] + tp, c[1] + fp, c[2] + fn
    low = {f: round(prf(*c)["f1"], 4) for f, c in counts.items() if prf(*c)["f1"] < GATE}
    assert not low, f"fields under F1 {GATE} on the styles sample: {low}"


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_table_found_on_the_pages_it_was_drawn_on(pdf, extracted):
    style = _style(pdf)
    first, last = style["table_pages"]
    where = [f for f in extracted[pdf.name].findings if f.code == "TABLE_PAGES"]
    if (first, last) == (1, style["pages"]):
        assert where == []  # the table fills the PDF: nothing to say
    else:
        assert len(where) == 1
        assert where[0].pages == list(range(first, last + 1))


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_department_exact(pdf, extracted):
    assert extracted[pdf.name].department == _gold(pdf).department
