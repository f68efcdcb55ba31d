"""Scanned pages: OCR into the same Chars and rulings as the text path, and the repairs that the
indicator grammar and the reconciliation prove.

OCR is slow (seconds a page), so one page of the scanned seed is read once per session; the
repair tests simulate OCR misreads on the text layer of the seed instead (its pages marked as
read by OCR), which also shows that correct text passes the repair stage unchanged.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from decimal import Decimal

import pytest

from conftest import FIXTURES, RENDERINGS

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")

from extractor import pipeline  # noqa: E402
from extractor.layouts.wide import table as layout
from extractor.source import ocr
from extractor.source import pdf as read
from extractor.layouts import repairs as repair
from extractor.layouts.wide.records import parse_amount  # noqa: E402

SCAN = FIXTURES / "conghua-hrss-2024-scan.pdf"
TEXT = FIXTURES / RENDERINGS[0]


# ---------------------------------------------------------------- one scanned page, read once


@pytest.fixture(scope="session")
def scanned_page_pdf(tmp_path_factory):
    """Page 1 of the scanned seed as a PDF of its own (the page image copied as is)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(SCAN))
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [0])
    path = tmp_path_factory.mktemp("scan") / "scan-p1.pdf"
    one.save(str(path))
    return path


@pytest.fixture(scope="session")
def scanned(scanned_page_pdf):
    return read.read_pdf(scanned_page_pdf)


@pytest.fixture(scope="session")
def text_page1():
    return read.read_pdf(TEXT).pages[0]


def test_page_without_text_layer_goes_to_ocr(scanned):
    import pdfplumber

    with pdfplumber.open(scanned.path) as pdf:
        assert not pdf.pages[0].chars  # image only
    page = scanned.pages[0]
    assert isinstance(page, ocr.OCRPageText) and page.ocr
    assert len(page.chars) > 1000
    assert 0.5 <= abs(page.skew) <= 1.0  # scripts/make_scans.py turned it by 0.5°–1°, and it was undone
    assert page.width == pytest.approx(841.9, abs=1) and page.height == pytest.approx(595.3, abs=1)


def test_rulings_found_where_the_text_pdf_draws_them(scanned, text_page1):
    page = scanned.pages[0]

    def near(xs, ys, tol=1.5):
        return all(any(abs(x - y) <= tol for y in ys) for x in xs)

    want_y = sorted({round(r.y, 1) for r in text_page1.hrules})
    want_x = sorted({round(r.x, 1) for r in text_page1.vrules})
    got_y = [r.y for r in page.hrules]
    got_x = [r.x for r in page.vrules]
    assert near(want_y, got_y) and near(got_y, want_y)
    assert near(want_x, got_x) and near(got_x, want_x)


def test_chars_land_in_their_columns(scanned):
    table = layout.build_table(scanned.pages)
    kinds = [c.kind for c in table.columns]
    assert kinds == ["name", "total", "source", "source", "source", "goal", "indicators"]
    col = {c.label: i for i, c in enumerate(table.columns)}
    rows = {r.text(0): r for r in table.rows}
    grand = rows["合计"]
    assert parse_amount(grand.text(col["总计"])) == Decimal("18276.74")
    assert parse_amount(grand.text(col["财政拨款"])) == Decimal("18212.89")
    assert grand.text(col["财政专户拨款"]) == ""
    assert parse_amount(grand.text(col["其他资金"])) == Decimal("63.85")  # the single-source amount's column
    unit = rows["广州市从化区人力资源和社会保障局"]
    assert parse_amount(unit.text(col["总计"])) == Decimal("2467.17")
    project = next(r for name, r in rows.items() if name.startswith("人事档案信息化建设专项经费"))
    assert parse_amount(project.text(col["总计"])) == Decimal("16.92")
    assert "人事档案" in project.text(col["绩效目标"]) and "档案数据化工作完成率" in project.text(col["绩效指标"])


# ---------------------------------------------------------------- marks the recogniser leaves out

_MARKS = "·‘’"


def _one_page_pdf(src, index: int, out):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(src))
    one = pdfium.PdfDocument.new()
    one.import_pages(doc, [index])
    one.save(str(out))
    return out


def _names_with_marks(page: read.PageText) -> list[str]:
    """The 项目名称 lines (x < 148 pt) of a text-layer page that end in ·, ‘ or ’."""
    lines: dict[float, list[read.Char]] = {}
    for c in page.chars:
        if c.x0 < 148:
            lines.setdefault(round(c.top, 1), []).append(c)
    texts = ["".join(c.text for c in sorted(cs, key=lambda c: c.x0)) for cs in lines.values()]
    return sorted(t for t in texts if t and t[-1] in _MARKS)


@pytest.fixture(scope="session")
def scanned_page8(tmp_path_factory):
    """Page 8 of the scanned seed: four names end in a quote mark (three ‘, one ’)."""
    path = _one_page_pdf(SCAN, 7, tmp_path_factory.mktemp("scan8") / "scan-p8.pdf")
    return read.read_pdf(path)


def test_trailing_marks_are_read_from_the_image(scanned_page8):
    want = _names_with_marks(read.read_pdf(TEXT).pages[7])
    assert len(want) == 4 and {w[-1] for w in want} == {"‘", "’"}
    page = scanned_page8.pages[0]
    assert sorted(m.text for m in page.marks) == sorted(w[-1] for w in want)
    got = _names_with_marks(page)
    # Each mark ends the same name line as in the text layer (the line's last 4 characters).
    assert sorted(g[-5:] for g in got) == sorted(w[-5:] for w in want)


def test_no_mark_is_added_where_the_page_has_none(scanned):
    page = scanned.pages[0]
    assert _names_with_marks(read.read_pdf(TEXT).pages[0]) == []
    assert page.marks == []
    assert not [c for c in page.chars if c.text in _MARKS]


def test_marks_become_findings_and_an_unclear_quote_a_warning(scanned_page8):
    table = layout.build_table(scanned_page8.pages)
    _, repairs = repair.ocr_text(table, scanned_page8.pages)
    marks = [r for r in repairs if any(c.kind == "mark" for c in r.changes)]
    assert len(marks) == 4 and all(r.what.startswith("项目名称 of ") for r in marks)
    for r in marks:
        (change,) = r.changes
        assert change.after == change.before + change.after[-1] and change.after[-1] in "‘’"
        m = next(m for m in scanned_page8.pages[0].marks if m.text == change.after[-1])
        assert m.rival is not None
    # The warning, when there is one, says why (two readings, or a dot a speck would make); a clear one is info.
    for r in marks:
        assert (r.severity == "warning") == ("hardly tells them apart" in r.note or "speck" in r.note)


def test_a_dot_of_a_pixel_or_two_is_a_close_call():
    import numpy as np

    grey = np.full((40, 120), 236, np.uint8)
    for i in range(4):
        grey[10:28, 5 + i * 20:21 + i * 20] = 40
    small, big = grey.copy(), grey.copy()
    small[18:20, 88:90] = 40  # 2 × 2 px
    big[17:21, 86:90] = 40  # 4 × 4 px
    m_small = ocr.trailing_mark(small, small < 150, (5, 10, 81, 28), "一二三四", 120, 236)
    m_big = ocr.trailing_mark(big, big < 150, (5, 10, 81, 28), "一二三四", 120, 236)
    assert m_small.text == m_big.text == "·"
    assert m_small.margin < ocr.UNCLEAR_MARGIN <= m_big.margin
    note = repair._mark_repair(1, (0, 0, 1, 1), "项目名称 of x", [("一二三四", m_small)])
    assert note.severity == "warning" and "speck" in note.note


def test_a_round_blob_on_the_foot_of_a_line_is_a_full_stop_and_a_slanted_one_is_not():
    """。 after the last ideograph: a ring a third of the line high, on the line's foot. A ， (its
    tail slanting down to the left) or a blob after a digit is not read as one."""
    import numpy as np

    def line(blob):
        grey = np.full((40, 120), 236, np.uint8)
        for i in range(4):  # four 'glyphs' 18 px high
            grey[10:28, 5 + i * 20:21 + i * 20] = 40
        for r, c in blob:
            grey[r, c] = 40
        return grey, grey < 150

    ring = [(r, c) for r in range(22, 28) for c in range(84, 90) if r in (22, 27) or c in (84, 89)]
    grey, mask = line(ring)
    m = ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 120, 236)
    assert m is not None and m.text == "。" and m.rival == "，"
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三4", 120, 236) is None
    comma = [(r, c) for r in range(21, 28) for c in range(84, 90) if abs((89 - c) - (r - 21)) <= 1]
    grey, mask = line(comma)
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 120, 236) is None


def test_trailing_mark_shapes():
    """A synthetic line: ideograph-sized blocks, then a dot or a quote-sized blob."""
    import numpy as np

    def line(blob_rows, blob_cols, weight_top: bool):
        grey = np.full((40, 120), 236, np.uint8)
        for i in range(4):  # four 'glyphs' 18 px high
            grey[10:28, 5 + i * 20:21 + i * 20] = 40
        r0, r1 = blob_rows
        c0, c1 = blob_cols
        grey[r0:r1, c0:c1] = 60
        # a quote's head: the darker, wider part, on top (’) or below (‘)
        head = (r0, r0 + 2) if weight_top else (r1 - 2, r1)
        grey[head[0]:head[1], c0 - 1:c1] = 20
        mask = grey < 150
        return grey, mask

    grey, mask = line((17, 20), (88, 90), True)  # mid-height, 2×3 px
    m = ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 120, 236)
    assert m is not None and m.text == "·"
    grey, mask = line((11, 16), (88, 90), True)
    m = ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 120, 236)
    assert m is not None and m.text == "’" and m.rival == "‘"
    grey, mask = line((11, 16), (88, 90), False)
    m = ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 120, 236)
    assert m is not None and m.text == "‘"
    # The recogniser read something there already; or more ink follows; or the blob is a full glyph.
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四’", 120, 236) is None
    grey2, mask2 = grey.copy(), mask.copy()
    mask2[10:28, 96:112] = True
    assert ocr.trailing_mark(grey2, mask2, (5, 10, 81, 28), "一二三四", 120, 236) is None
    grey, mask = line((10, 28), (84, 92), True)
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 120, 236) is None
    # A ruling line just after the text bounds the search: nothing beyond it is a mark.
    grey, mask = line((17, 20), (88, 90), True)
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 84, 236) is None


def test_text_pdf_is_not_sent_to_ocr(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("OCR called on a page with a text layer")

    monkeypatch.setattr(ocr, "ocr_page", refuse)
    assert len(read.read_pdf(TEXT).pages) == 12


def test_models_load_from_the_wheel_without_network(monkeypatch, no_network):
    monkeypatch.setattr(ocr.recogniser, "_engine", None)
    assert ocr.engine() is not None


def test_missing_ocr_install_is_one_clear_line(monkeypatch):
    monkeypatch.setattr(ocr.recogniser, "_engine", None)
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import fails
    with pytest.raises(read.InputError, match=r"pip install 'budget-extractor\[ocr\]'"):
        ocr.engine()


# ---------------------------------------------------------------- image-only PDFs OCR cannot read


def _image_pdf(path, draw=None):
    from PIL import Image, ImageDraw

    img = Image.new("L", (1654, 1169), 235)  # A4 landscape at 140 dpi, paper grey
    if draw:
        draw(ImageDraw.Draw(img))
    img.save(path, "PDF", resolution=140.0)
    return path


def _scribble(d):
    import random

    rnd = random.Random(7)
    for _ in range(40):
        x, y = rnd.randrange(100, 1500), rnd.randrange(100, 1000)
        d.arc((x, y, x + rnd.randrange(20, 200), y + rnd.randrange(20, 200)), rnd.randrange(360), rnd.randrange(360),
              fill=30, width=4)


@pytest.mark.parametrize("name,draw,reason", [
    ("blank-scan.pdf", None, "OCR read no text"),
    ("scribble-scan.pdf", _scribble, ""),
])
def test_unreadable_scan_is_one_error_line(tmp_path, name, draw, reason):
    pdf = _image_pdf(tmp_path / name, draw)
    db = tmp_path / "budget.db"
    r = subprocess.run([sys.executable, "-m", "extractor", "extract", str(pdf), "--db", str(db)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and name in err[0] and reason in err[0], r.stderr
    assert "Traceback" not in r.stderr
    assert not db.exists()


# ---------------------------------------------------------------- repairs (OCR misreads simulated)


def as_ocr(page: read.PageText, chars=None) -> ocr.OCRPageText:
    """A text-layer page presented as if OCR had read it (optionally with other chars)."""
    fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(read.PageText)}
    if chars is not None:
        fields["chars"] = chars
    return ocr.OCRPageText(**fields, dpi=200)


@pytest.fixture(scope="session")
def text_source():
    return read.read_pdf(TEXT)


def misread(source: read.SourceFile, page: int, edits: dict[tuple[float, float], str]) -> read.SourceFile:
    """The source with every page marked OCR'd, and on `page` the char at (x0, top) replaced."""
    pages = []
    for p in source.pages:
        chars = list(p.chars)
        if p.number == page:
            for i, c in enumerate(chars):
                key = (round(c.x0, 1), round(c.top, 1))
                if key in edits:
                    chars[i] = dataclasses.replace(c, text=edits[key])
        pages.append(as_ocr(p, chars))
    return read.SourceFile(source.path, source.sha256, pages)


def chars_of(page: read.PageText, text: str, x_min: float, x_max: float, nth: int = 0) -> list[read.Char]:
    """The chars spelling `text` on one line between x_min and x_max (the nth such place)."""
    line = sorted((c for c in page.chars if x_min <= c.x0 < x_max), key=lambda c: (round(c.top), c.x0))
    found = []
    for i in range(len(line) - len(text) + 1):
        run = line[i:i + len(text)]
        if "".join(c.text for c in run) == text and len({round(c.top) for c in run}) == 1:
            found.append(run)
    return found[nth]


def findings(doc, code):
    return [f for f in doc.findings if f.code == code]


@pytest.fixture(scope="session")
def plain(text_source):
    """The seed's text layer extracted as it is."""
    return pipeline.extract_source(text_source)


def test_correct_text_passes_the_repair_stage_unchanged(text_source, plain):
    marked = read.SourceFile(text_source.path, text_source.sha256, [as_ocr(p) for p in text_source.pages])
    doc = pipeline.extract_source(marked)
    assert findings(doc, "OCR_REPAIR") == []
    # Twins (names that differ by a trailing mark alone) are pointed out on a scan; nothing else changes.
    doc.findings = [f for f in doc.findings if f.code != "OCR_TWIN"]
    # The pages are marked as OCR'd, so the document says so; the records are the same.
    assert set(doc.page_readings) == {"ocr"}
    assert doc.model_dump(exclude={"page_readings"}) == plain.model_dump(exclude={"page_readings"})


def test_semicolons_read_as_colons_are_repaired_with_a_finding(text_source, plain):
    page = text_source.pages[0]
    # Every ； of the first project's indicator cell read as ：
    cell = [c for c in page.chars if c.x0 > 546 and 126 < c.top < 200 and c.text == "；"]
    assert len(cell) > 10
    src = misread(text_source, 1, {(round(c.x0, 1), round(c.top, 1)): "：" for c in cell})
    doc = pipeline.extract_source(src)
    assert doc.units[0].projects[0] == plain.units[0].projects[0]
    fixes = findings(doc, "OCR_REPAIR")
    assert len(fixes) == 1 and fixes[0].severity == "info" and fixes[0].pages == [1]
    assert fixes[0].record == "units[0].projects[0]"
    assert "OCR text repaired" in fixes[0].message and "'指标：11'→'指标；11'" in fixes[0].message
    assert not [f for f in doc.findings if f.code.startswith("IND_")]


def test_ge_read_as_2_is_repaired_with_a_finding(text_source, plain):
    page = text_source.pages[1]
    ge = chars_of(page, "≥90.00%", 540, 842)[0]
    src = misread(text_source, 2, {(round(ge.x0, 1), round(ge.top, 1)): "2"})  # ≥90.00% → 290.00%
    doc = pipeline.extract_source(src)
    fixes = [f for f in findings(doc, "OCR_REPAIR") if "290.00%" in f.message]
    assert len(fixes) == 1 and "'290.00%'→'≥90.00%'" in fixes[0].message and fixes[0].pages == [2]
    assert doc.units == plain.units


def test_indicator_grammar_repairs():
    text = ("1.1-产出措标：11-数量指标：参保率：实施周期指标值：292%：年度指标值：292%。"
            "21产出指标13时效指标，拨款及时率：实施周期市标值95%年度指标值.95%")
    fixed, changes = repair.repair_indicator_text(text)
    assert fixed == ("1、1-产出指标；11-数量指标；参保率；实施周期指标值：≥92%；年度指标值：≥92%。"
                     "2、1-产出指标；13-时效指标；拨款及时率；实施周期指标值：95%；年度指标值：95%")
    assert any(str(c) == "292%→≥92%" for c in changes)
    fixed, _ = repair.repair_indicator_text("1、1-产出指标；11-数量指标；a；实施周期指标值:90%；年度指标值:90%；"
                                            "2、2-效益指标；22-社会效益；b；实施周期指标值:3次以下；年度指标值:3次以下")
    assert "90%。2、2-效益指标" in fixed
    # A value over 100% with no single reading left is not touched.
    fixed, changes = repair.repair_indicator_text("1、1-产出指标；11-数量指标；x；实施周期指标值：2100%；年度指标值：100%。")
    assert "2100%" in fixed and not [c for c in changes if c.kind == "value"]
    # Correct text is left alone.
    good = "1、1-产出指标；14-成本指标；人均成本；实施周期指标值:≤3人；年度指标值:≤3人。"
    assert repair.repair_indicator_text(good) == (good, [])


def test_document_numbers_and_brackets():
    fixed, changes = repair.fix_doc_numbers("通知（穗老（2016.26号）；（穗财工（2019169号）；（穗财社（2023）33号）")
    assert fixed == "通知（穗老〔2016〕26号）；（穗财工〔2019〕169号）；（穗财社（2023）33号）"
    assert len(changes) == 2
    # 〕 read as an underscore (the committed seed scan did): still a misread bracket.
    assert repair.fix_doc_numbers("通知(穗老〔2011_60号)")[0] == "通知(穗老〔2011〕60号)"
    assert repair.pair_brackets("（穗财社（2023）9号)")[0] == "（穗财社（2023）9号）"


def _amount_cells(page, text, nth_line=0):
    """(x0, top) keys of `text`'s chars in the 总计 and 财政拨款 columns of one row."""
    total = chars_of(page, text, 148, 200, nth_line)
    source = chars_of(page, text, 200, 252, nth_line)
    return total, source


def test_amount_misread_by_one_digit_is_repaired_when_the_sums_prove_it(text_source):
    page = text_source.pages[0]
    total, _ = _amount_cells(page, "102.60")
    src = misread(text_source, 1, {(round(total[4].x0, 1), round(total[4].top, 1)): "8"})  # 总计 102.80
    doc = pipeline.extract_source(src)
    p = doc.units[0].projects[0]
    assert p.amounts.total == Decimal("102.60")
    fix = [f for f in findings(doc, "OCR_REPAIR") if "102.80" in f.message]
    assert len(fix) == 1 and "set to 102.60" in fix[0].message and fix[0].record == "units[0].projects[0]"
    assert not [f for f in doc.findings if f.severity == "error"]


@pytest.mark.parametrize("case", ["both_cells", "two_digits"])
def test_amount_is_not_changed_without_proof(text_source, case):
    page = text_source.pages[0]
    total, source = _amount_cells(page, "102.60")
    key = lambda c: (round(c.x0, 1), round(c.top, 1))  # noqa: E731
    if case == "both_cells":  # 总计 and 财政拨款 both read 102.80: the row adds up, two columns do not
        edits = {key(total[4]): "8", key(source[4]): "8"}
        want = Decimal("102.80")
    else:  # 总计 read 108.80: two digits off
        edits = {key(total[2]): "8", key(total[4]): "8"}
        want = Decimal("108.80")
    doc = pipeline.extract_source(misread(text_source, 1, edits))
    assert doc.units[0].projects[0].amounts.total == want
    assert not [f for f in findings(doc, "OCR_REPAIR") if "set to" in f.message]
    errors = {f.code for f in doc.findings if f.severity == "error"}
    assert "AMOUNT_UNIT_SUM" in errors  # the wrong amount carries a finding


@pytest.mark.parametrize("wrong_on", [11, 12])
def test_page_break_copies_take_the_reading_the_recogniser_was_surer_of(text_source, plain, wrong_on):
    """编外人员经费(1)-临时聘用人员经费 is printed at the foot of page 11 and again at the top of
    page 12. One copy's name is misread on a line the recogniser was less sure of: both copies
    take the other reading, whichever page it is on."""
    name = "编外人员经费(1)-临时聘用人员经费"
    pages = []
    for p in text_source.pages:
        chars, confs = list(p.chars), [0.99] * len(p.chars)
        if p.number == wrong_on:
            (lin,) = [c for c in chars_of(p, "临时聘用", 0, 148) if c.text == "临"]
            for i, c in enumerate(chars):
                if c.x0 < 148 and round(c.top) == round(lin.top):
                    confs[i] = 0.80
                    if c is lin:
                        chars[i] = dataclasses.replace(c, text="恼")
        page = as_ocr(p, chars)
        page.confidences = confs
        pages.append(page)
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    # Read alike, the two copies are one project again (REPEATED_ROW), under the right name.
    (row,) = [p for u in doc.units for p in u.projects if 11 in p.pages and "聘用人员经费" in p.name]
    assert row.pages == [11, 12] and row.name == name
    (note,) = [f for f in findings(doc, "OCR_REPAIR") if "printed on page 11 and again on page 12" in f.message]
    assert f"项目名称 from page {23 - wrong_on}" in note.message
    assert doc.units == plain.units


# ---------------------------------------------------------------- the recogniser's second reading


def test_second_reading_is_taken_only_where_words_make_it_clear():
    from extractor.source import lexicon

    # 薪 offered at 0.38 beside 新 0.62: 薪酬 is a word, 新酬 is not.
    text, choices = lexicon.reread("和开展新酬调查", [None, None, None, (0.62, "薪", 0.38), None, None, None])
    assert text == "和开展薪酬调查" and [(c.first, c.second) for c in choices] == [("新", "薪")]
    # 稳 offered beside 穗 (Guangzhou's 穗财社): the words hardly care, so the first reading stays.
    alts = [None] * 8
    alts[1] = (0.6, "稳", 0.4)
    assert lexicon.reread("（穗财社〔2023〕", alts) == ("（穗财社〔2023〕", [])
    # A character the recogniser was sure of is never changed, however odd the word.
    assert lexicon.reread("开展新酬", [None, None, (0.95, "薪", 0.05), None])[1] == []
    # Only ideograph for ideograph.
    assert lexicon.reread("达到9O%", [None, None, None, (0.5, "0", 0.5), None])[1] == []


@pytest.fixture(scope="session")
def scanned_page3(tmp_path_factory):
    path = _one_page_pdf(SCAN, 2, tmp_path_factory.mktemp("scan3") / "scan-p3.pdf")
    return read.read_pdf(path)


def test_scan_reads_xinchou(scanned_page3):
    """Page 3 of the scanned seed: 薪酬 four times (at 7 pt and 200 dpi the recogniser may
    prefer 新; then lexicon.reread sets it right)."""
    page = scanned_page3.pages[0]
    text = "".join(c.text for c in page.chars)
    want = "".join(c.text for c in read.read_pdf(TEXT).pages[2].chars)
    assert text.count("薪酬") == want.count("薪酬") == 4 and "新酬" not in text
    assert all(r.choice.second in "薪-" for r in page.rereads)


def test_second_readings_become_findings_on_their_cell(text_source):
    """A line the OCR stage reread (simulated on the text layer of page 3: the name line of
    the 薪酬 project) gives an OCR_REPAIR finding on that project, with the odds and the gain."""
    from extractor.source import lexicon

    page = text_source.pages[2]
    run = chars_of(page, "薪酬调查", 0, 148)
    line = [c for c in page.chars if c.x0 < 148 and round(c.top) == round(run[0].top)]
    x0, x1 = min(c.x0 for c in line), max(c.x1 for c in line)
    ctx_start = next(i for i, c in enumerate(sorted(line, key=lambda c: c.x0)) if c is run[0])
    text = "".join(c.text for c in sorted(line, key=lambda c: c.x0))
    at = ctx_start - max(0, ctx_start - 3)
    reread = ocr.Reread(x0, run[0].top, x1, run[0].bottom, text[max(0, ctx_start - 3):ctx_start + 3], at,
                        lexicon.Choice(ctx_start, "新", "薪", 0.62, 0.38, 6.7))
    pages = [as_ocr(p) for p in text_source.pages]
    pages[2].rereads = [reread]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    (f,) = [f for f in findings(doc, "OCR_REPAIR") if "second reading" in f.message]
    assert f.pages == [3] and "新酬" in f.message and "薪酬" in f.message and "+6.7 nats" in f.message
    name = next(p for u in doc.units for p in u.projects if "薪酬调查" in p.name)
    assert f.message.startswith(f"项目名称 of {name.name}")


def _glyph_line(width=140):
    """A grey line image: four ideograph-sized blocks 18 px high from x=30, paper 236."""
    import numpy as np

    grey = np.full((40, width), 236, np.uint8)
    for i in range(4):
        grey[10:28, 30 + i * 20:46 + i * 20] = 40
    return grey


def test_leading_list_comma_is_read_from_its_slant():
    for mark, cols in (("、", (10, 11, 12)), ("，", (12, 11, 10))):
        grey = _glyph_line()
        for r, c in zip((23, 24, 25), cols):  # a 3-px stroke, low in the line
            grey[r, c:c + 2] = 30
        mask = grey < 150
        m = ocr.leading_mark(grey, mask, (30, 10, 106, 28), "一二三四", 2, 236)
        assert m is not None and m.text == mark and m.at_start
    # A round dot does not say which: nothing is added.
    grey = _glyph_line()
    grey[23:26, 10:13] = 30
    assert ocr.leading_mark(grey, grey < 150, (30, 10, 106, 28), "一二三四", 2, 236) is None
    # Nor when the recogniser read punctuation first, or the blob sits high (not a comma).
    grey = _glyph_line()
    for r, c in zip((23, 24, 25), (10, 11, 12)):
        grey[r, c:c + 2] = 30
    assert ocr.leading_mark(grey, grey < 150, (30, 10, 106, 28), "、一二三", 2, 236) is None
    grey = _glyph_line()
    for r, c in zip((11, 12, 13), (10, 11, 12)):
        grey[r, c:c + 2] = 30
    assert ocr.leading_mark(grey, grey < 150, (30, 10, 106, 28), "一二三四", 2, 236) is None


def test_glyph_the_detector_missed_is_found_but_not_a_speck():
    import numpy as np

    mask = np.zeros((120, 300), bool)
    mask[10:28, 20:200] = True  # a detected line
    mask[40:58, 20:120] = True  # another
    mask[62:79, 22:26] = True  # a lone ）-sized stroke below, no box
    mask[100:102, 250:252] = True  # a speck
    got = ocr.orphans(mask, [(20, 10, 200, 28), (20, 40, 120, 58)])
    assert got == [(22, 62, 26, 79)]


def test_dot_or_dash_is_told_by_the_ink_where_the_recogniser_offered_both():
    import numpy as np

    def line(bar_width):
        mask = np.zeros((30, 120), bool)
        mask[5:23, 0:18] = True  # 一 (an ideograph's block)
        mask[5:23, 38:56] = True  # 二
        mask[12:15, 27 - bar_width // 2:27 + (bar_width + 1) // 2] = True  # the mark between
        return mask

    alts = [None, (0.8, "-", 0.1), None]
    # Glyph boxes: 一 1 em, · 0.3 em, 二 1 em over 0..56 px → em ≈ 24 px; the mark at 27.
    text, ch = ocr.fix_dot_dash("一·二", alts, (0, 5, 56, 23), line(7))
    assert text == "一-二" and ch[0].why == "shape"
    assert ocr.fix_dot_dash("一·二", alts, (0, 5, 56, 23), line(2))[0] == "一·二"
    # Without the recogniser offering the other reading, nothing is looked at.
    assert ocr.fix_dot_dash("一·二", [None] * 3, (0, 5, 56, 23), line(7))[0] == "一·二"


def test_scanned_page3_reads_the_hyphen_in_a_name(scanned_page3):
    text = "".join(c.text for c in scanned_page3.pages[0].chars)
    assert "编外人员经费(2)-高校" in text and "经费(2)·" not in text


def test_forms_read_by_ocr_get_the_name_repairs():
    """A per-project form whose name's closing bracket was read half-width: set to the width
    of the bracket it closes, with a finding, as in the wide table."""
    src = read.read_pdf(FIXTURES / "forms-panyu-edu-2024.pdf")
    plain = pipeline.extract_source(src)
    (ui, pi), project = next(((ui, pi), p) for ui, u in enumerate(plain.units) for pi, p in enumerate(u.projects)
                             if p.name.endswith("）"))
    name = project.name
    pages = []
    for p in src.pages:
        chars = list(p.chars)
        if p.number == project.pages[0]:
            line = chars_of(p, name[-4:], 0, 842)
            chars = [dataclasses.replace(c, text=")") if c is line[-1] else c for c in chars]
        pages.append(as_ocr(p, chars))
    doc = pipeline.extract_source(read.SourceFile(src.path, src.sha256, pages))
    assert doc.units == plain.units
    (fix,) = findings(doc, "OCR_REPAIR")
    assert fix.record == f"units[{ui}].projects[{pi}]" and "'024年)'→'024年）'" in fix.message


def test_close_calls_left_as_read_are_reported(text_source):
    """A close call the OCR stage could not settle (simulated on page 3's 欠薪 indicator) is an
    OCR_UNSURE finding on that project's 绩效指标, a warning when the two readings are close; the
    text is not changed."""
    page = text_source.pages[2]
    run = chars_of(page, "欠薪线索", 546, 842)
    line = sorted((c for c in page.chars if c.x0 >= 546 and round(c.top) == round(run[0].top)), key=lambda c: c.x0)
    i = next(k for k, c in enumerate(line) if c is run[1])
    text = "".join(c.text for c in line)
    doubt = ocr.Unsure(line[0].x0, run[0].top, line[-1].x1, run[0].bottom, text[i - 3:i + 3], 3,
                       "薪", 0.54, "新", 0.46)
    pages = [as_ocr(p) for p in text_source.pages]
    pages[2].unsure = [doubt]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    (f,) = findings(doc, "OCR_UNSURE")
    assert f.severity == "warning" and f.pages == [3] and "绩效指标 of " in f.message
    assert "(薪 0.54 or 新 0.46)" in f.message
    plain = pipeline.extract_source(text_source)
    assert doc.units == plain.units
    from extractor.source import lexicon
    assert lexicon.unsure("薪", (0.54, "新", 0.46)) and not lexicon.unsure("薪", (0.95, "新", 0.05))
    assert not lexicon.unsure("：", (0.5, "；", 0.5))


def test_quotes_read_as_one_mark_are_paired_again():
    """“稳就业”“保居民就业”: the recogniser read ”“ as one ” (with “ as its second reading). The next
    ” closes nothing, so the “ comes back after the first; without that second reading, or with
    quotes that pair, nothing changes."""
    text = "推进“稳就业”保居民就业”工作。"
    alts = [None] * len(text)
    alts[text.index("”")] = (0.93, "“", 0.02)
    fixed, (choice,) = ocr.restore_quote_pair(text, alts)
    assert fixed == "推进“稳就业”“保居民就业”工作。" and choice.why == "pair" and choice.second == "”“"
    assert ocr.restore_quote_pair(text, [None] * len(text)) == (text, [])
    good = "推进“稳就业”“保居民就业”工作。"
    assert ocr.restore_quote_pair(good, [(0.6, "“", 0.4)] * len(good)) == (good, [])


# ---------------------------------------------------------------- header labels, metadata, twins


def test_a_mark_is_never_part_of_a_header_label():
    import numpy as np

    grey = np.full((40, 120), 236, np.uint8)
    for i in range(4):
        grey[10:28, 5 + i * 20:21 + i * 20] = 40
    grey[17:20, 88:90] = 40  # a speck at mid-height after the last glyph: a · to the mark test
    mask = grey < 150
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "一二三四", 120, 236).text == "·"
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "财政拨款", 120, 236) is None
    assert ocr.trailing_mark(grey, mask, (5, 10, 81, 28), "总计", 120, 236) is None


def test_header_labels_come_from_the_vocabulary():
    assert repair.vocabulary_label("财政拨款·") == "财政拨款"
    assert repair.vocabulary_label("财政专户拨款’") == "财政专户拨款"
    assert repair.vocabulary_label("财政拔款") == "财政拨款"  # one misread ideograph, one label that close
    assert repair.vocabulary_label("其他资金") == "其他资金"
    assert repair.vocabulary_label("专项债券资金") is None  # not ours: kept as read


def test_header_label_with_a_mark_glued_to_it_is_read_as_the_label(text_source, plain):
    page = text_source.pages[0]
    label = chars_of(page, "财政拨款", 0, 842)
    speck = dataclasses.replace(label[-1], text="·", x0=label[-1].x1, x1=label[-1].x1 + 2)
    pages = [as_ocr(p, list(p.chars) + ([speck] if p.number == 1 else [])) for p in text_source.pages]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert doc.source_columns == plain.source_columns
    assert [p.amounts for u in doc.units for p in u.projects] == [p.amounts for u in plain.units for p in u.projects]
    assert any(f.message.startswith("table header") and "财政拨款·" in f.message for f in findings(doc, "OCR_REPAIR"))


@pytest.mark.parametrize("line,department", [
    ("部门名称：广州市从化区人力资源和社会保障局单位:万元", "广州市从化区人力资源和社会保障局"),
    ("部门名称;广州市从化区人力资源和社会保障局单位：万元", "广州市从化区人力资源和社会保障局"),
    ("部门名称：某县事业单位单位：元", "某县事业单位"),
])
def test_department_and_unit_split_when_ocr_drops_the_gap(line, department):
    from extractor.layouts.wide.records import _metadata

    fixed, changes = repair.fix_metadata_line(line)
    assert changes
    meta = _metadata([fixed])
    assert meta["department"] == department and meta["money_unit"] in ("万元", "元")
    assert repair.fix_metadata_line("部门名称：广州市某局　　单位：万元") == ("部门名称：广州市某局　　单位：万元", [])


def test_twins_swapped_by_a_misread_mark_carry_a_finding(text_source, plain):
    """人事档案信息化建设专项经费 and …经费· are two projects: read the mark on the wrong one and the
    amounts swap while every sum still reconciles. It must not be silent."""
    where = [(u, p) for u in plain.units for p in u.projects if p.name.startswith("人事档案信息化建设专项经费")]
    assert len(where) == 2
    pages = []
    for p in text_source.pages:
        chars = list(p.chars)
        dots = [c for c in chars if c.text == "·" and any(q.pages and p.number in q.pages and q.bbox and
                q.bbox[1] - 1 <= c.top <= q.bbox[3] for _, q in where)]
        chars = [c for c in chars if c not in dots]  # the mark missed: both read as the same name
        pages.append(as_ocr(p, chars))
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    twins = [f for f in findings(doc, "OCR_TWIN") if "人事档案信息化建设专项经费" in f.message]
    assert len(twins) >= 2 and all(f.severity == "warning" for f in twins)
    assert not [f for f in plain.findings if f.code == "OCR_TWIN"]  # a text layer needs no such warning


def test_progress_is_reported_per_page_and_the_time_kept(scanned_page_pdf):
    seen = []
    with ocr.reporting(lambda n, count, s: seen.append((n, count, s))):
        src = read.read_pdf(scanned_page_pdf)
    assert [(n, c) for n, c, _ in seen] == [(1, 1)]
    assert seen[0][2] > 0 and src.pages[0].seconds == pytest.approx(seen[0][2])


def test_read_pdf_reports_pages_to_its_progress_callback(scanned_page_pdf, monkeypatch, tmp_path):
    """`read_pdf(progress=)` (what the CLI's page bar calls) hears of each OCR'd page; and with the
    model cache on (EXTRACTOR_OCR_CACHE), a second read needs no model at all and reads the same."""
    monkeypatch.setenv("EXTRACTOR_OCR_CACHE", str(tmp_path / "models"))
    seen = []
    first = read.read_pdf(scanned_page_pdf, progress=lambda n, count: seen.append((n, count)))
    assert seen[0] == (1, 1) and set(seen) == {(1, 1)}  # the page as OCR'd, then "all read"
    assert any((tmp_path / "models").rglob("*.pkl"))

    def no_models():
        raise AssertionError("the models ran although the cache holds their answers")

    monkeypatch.setattr(ocr.recogniser, "engine", no_models)
    again = read.read_pdf(scanned_page_pdf)
    assert [(c.text, c.x0, c.top) for c in again.pages[0].chars] == [(c.text, c.x0, c.top) for c in first.pages[0].chars]
    assert first.pages[0].lines and all(ln.read for ln in first.pages[0].lines if ln.text)


def test_a_comparator_is_told_by_the_bar_under_it_where_the_recogniser_offered_both():
    """'≥9' read as '>9' (> 0.55, ≥ 0.40): the glyph's ink has a bar under the chevron, so ≥. A chevron
    without one stays >; a sure reading, or one without the rival, is left alone."""
    import numpy as np

    def line(bar: bool):
        mask = np.zeros((24, 60), bool)
        for k in range(8):  # a chevron pointing right, 10 px wide, rows 2..17
            mask[2 + k, 2 + k] = mask[17 - k, 2 + k] = True
        if bar:
            mask[20:22, 2:12] = True
        mask[2:22, 20:30] = True  # '9'
        return mask

    box = (0, 0, 30, 22)  # ≥ (0.83 em) + 9 (0.6 em) over 30 px: em ≈ 21 px
    alts = [(0.55, "≥", 0.40), None]
    text, choices = ocr.fix_comparators(">9", alts, box, line(bar=True))
    assert text == "≥9" and choices[0].why == "shape"
    assert ocr.fix_comparators(">9", alts, box, line(bar=False)) == (">9", [])
    assert ocr.fix_comparators(">9", [(0.95, "≥", 0.04), None], box, line(bar=True))[0] == ">9"
    assert ocr.fix_comparators(">9", [None, None], box, line(bar=True))[0] == ">9"
