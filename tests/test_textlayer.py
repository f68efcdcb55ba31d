"""A text layer we should not trust (文字层不可信): a scanner's corrupted invisible OCR layer, fonts
without a Unicode map, and the clean text PDF that must stay on the fast path.

The documents in tests/data/textlayer/ are page 1 of the seed, made by
`scripts/make_textlayer_docs.py --pages 1 --seed 3 --quality 50` (and `--seed 4 --label goodlayer`
with every corruption rate 0). The manifests beside them list the corruptions made. OCR is slow, so
each OCR'd page is read once per session.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pdfplumber
import pytest

from conftest import FIXTURES, ROOT, gold_document
from extractor.findings import REGISTRY
from extractor.source import pdf as read
from extractor.source import textlayer

DATA = ROOT / "tests" / "data" / "textlayer"
CLEAN = DATA / "conghua-hrss-2024-p1-clean.pdf"
PUA = DATA / "conghua-hrss-2024-p1-pua.pdf"
CID = DATA / "conghua-hrss-2024-p1-cid.pdf"
LAYERED = DATA / "conghua-hrss-2024-p1-layered-s3.pdf"
GOOD_LAYER = DATA / "conghua-hrss-2024-p1-goodlayer-s4.pdf"
GRID = FIXTURES / "conghua-hrss-2024-grid.pdf"


def _page_text(path, number: int = 1):
    with pdfplumber.open(path) as pdf:
        return read._page_text(pdf.pages[number - 1], number)


def _gold_page1_projects() -> set[str]:
    gold = gold_document()
    return {p.name for u in gold.units for p in u.projects if p.pages == [1]}


# ---------------------------------------------------------------- judging characters (no OCR)


def test_clean_layer_is_judged_clean():
    r = textlayer.judge_chars(_page_text(CLEAN))
    assert r.score == 1.0 and r.reasons == [] and not textlayer.unusable(r)


def test_private_use_layer_is_unusable():
    r = textlayer.judge_chars(_page_text(PUA))
    assert textlayer.unusable(r)
    assert r.score < 0.1
    assert any("private-use" in x for x in r.reasons)


def test_cid_layer_is_unusable():
    text = _page_text(CID)
    assert any(c.text.startswith("(cid:") for c in text.chars)  # the document is what it claims
    r = textlayer.judge_chars(text)
    assert textlayer.unusable(r)
    assert any("(cid:N)" in x for x in r.reasons)


def test_a_page_of_latin_letters_is_unusable():
    page = _page_text(CLEAN)
    latin = [read.Char(chr(ord("a") + i % 26), c.x0, c.top, c.x1, c.bottom, c.size) for i, c in enumerate(page.chars)]
    r = textlayer.judge_chars(read.PageText(1, page.width, page.height, latin))
    assert textlayer.unusable(r) and any("Latin letters" in x for x in r.reasons)


def test_checks_count_failures_on_a_corrupted_layer_only():
    clean = textlayer.check_reading(_page_text(CLEAN))
    assert clean.cells >= 10 and clean.amounts >= 8
    assert clean.failures == 0
    # The layered scan's text layer carries no rules: borrow the clean page's (same geometry).
    layer = _page_text(LAYERED)
    layer = textlayer.with_rules_of(layer, _page_text(CLEAN))
    checks = textlayer.check_reading(layer)
    # Misread labels lose whole cells (a header 绩效揩标 is no indicator column): those count too.
    assert textlayer.penalised_failures(checks, clean) >= 5
    # The table finder locates a table by its whole header signature: a layer whose labels are misread
    # may not be read as a table at all; either way it must lose cells against the clean reading.
    assert checks.cells < clean.cells or checks.failures > 0


# ---------------------------------------------------------------- clean text PDFs never OCR


@pytest.fixture
def no_ocr(monkeypatch):
    from extractor.source import ocr

    def refuse(*a, **k):
        raise AssertionError("a clean text PDF was sent to OCR")

    monkeypatch.setattr(ocr, "ocr_page", refuse)
    monkeypatch.setattr(ocr, "ocr_image", refuse)


def test_clean_text_pdfs_never_ocr(no_ocr):
    from extractor.pipeline import extract_pdf

    for path in (CLEAN, GRID):
        source, doc = extract_pdf(path)
        assert doc.page_readings == ["text"] * len(source.pages)
        assert all(r.used == "text" and r.score == 1.0 for r in source.readings)
        assert not [f for f in doc.findings if f.code.startswith("TEXT_LAYER")]


def test_read_without_ocr_says_text_on_every_page():
    source = read.read_pdf(PUA, ocr=False)
    assert [r.used for r in source.readings] == ["text"]


def test_without_ocr_a_layered_scan_keeps_its_layer(monkeypatch):
    """A searchable scan read on an install without OCR: its text layer, as before, not an error."""
    from extractor.source import ocr

    def not_installed(*a, **k):
        raise read.InputError("OCR is not installed")

    monkeypatch.setattr(ocr, "ocr_page", not_installed)
    source = read.read_pdf(LAYERED)
    (r,) = source.readings
    assert r.used == "text" and any("OCR could not read the page" in x for x in r.reasons)
    assert len(source.pages[0].chars) > 500


def test_findings_are_registered():
    assert {"TEXT_LAYER_UNUSED", "TEXT_LAYER_AMOUNT"} <= set(REGISTRY)


# ---------------------------------------------------------------- with OCR (one page each)

def _ocr_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


ocr_needed = pytest.mark.skipif(not _ocr_available(), reason="OCR (rapidocr, onnxruntime) not installed")


@pytest.fixture(scope="session")
def layered():
    from extractor.pipeline import extract_pdf

    return extract_pdf(LAYERED)


@ocr_needed
def test_corrupted_layer_is_set_aside_for_ocr(layered):
    source, doc = layered
    assert doc.page_readings == ["ocr"]
    (r,) = source.readings
    assert r.used == "ocr"
    assert r.text_failures > r.ocr_failures
    assert r.agreement < textlayer.AGREE
    assert any(f.code == "TEXT_LAYER_UNUSED" and f.pages == [1] for f in doc.findings)
    # OCR read the page's projects, not the layer's misread names.
    names = {p.name for _, _, p in doc.projects()}
    assert len(names & _gold_page1_projects()) >= 2


@ocr_needed
def test_amount_changed_in_the_layer_is_reported(layered):
    source, doc = layered
    manifest = json.loads(LAYERED.with_suffix(".json").read_text(encoding="utf-8"))
    changed = [c for c in manifest["pages"][0]["corruptions"] if c["kind"] == "digit" and c.get("amount")]
    assert changed, "the document was made with one amount changed"
    messages = [f.message for f in doc.findings if f.code == "TEXT_LAYER_AMOUNT"]
    for c in changed:
        was, now = (format(Decimal(x.replace(",", "")), "f") for x in (c["number"], c["to"]))
        assert any(f"text layer {now}, page image {was}" in m for m in messages), (c, messages)


@ocr_needed
def test_exact_layer_over_a_scan_is_kept():
    source = read.read_pdf(GOOD_LAYER)
    (r,) = source.readings
    assert r.used == "text", r.reasons
    assert r.text_failures == 0 and r.agreement >= textlayer.AGREE
    # It was read against the image: both readings' failures are known.
    assert r.ocr_failures is not None


@ocr_needed
def test_font_without_unicode_map_is_read_from_the_rendered_page():
    from extractor.pipeline import extract_pdf

    with pdfplumber.open(CID) as pdf:
        assert not pdf.pages[0].images  # nothing scanned: the page must be rendered to be read
    source, doc = extract_pdf(CID)
    assert doc.page_readings == ["ocr"]
    names = {p.name for _, _, p in doc.projects()}
    assert len(names & _gold_page1_projects()) >= 2
    assert doc.totals.total == Decimal("18276.74")
