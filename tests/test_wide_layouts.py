"""Wide tables drawn here, with reportlab, in layouts our house renderer never draws.

Each test draws a small PDF (lineless, labels left-aligned and amounts right-aligned, a wrapped
label, a funding source outside the vocabulary, an amount across a column edge, a budget book with
a 政府采购预算表 that also says 项目名称) and states what a reader sees on that page; the
expected values are written by hand here, not produced by the extractor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from extractor import extract_pdf  # noqa: E402
from extractor.layouts.wide import table as layout  # noqa: E402
from extractor.source.pdf import read_pdf  # noqa: E402

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
pytestmark = pytest.mark.skipif(not FONT_FILE.exists(), reason="needs fonts-wqy-zenhei")

W, H = landscape(A4)
FS = 8.0
# Column edges (never drawn): name | 总计 | 财政拨款 | 财政专户拨款 (wrapped) | 专项债券资金 | 绩效目标 | 绩效指标
EDGES = [40, 200, 262, 324, 366, 440, 590, 800]
LABELS = ["项目名称", "总计", "财政拨款", "财政专户|拨款", "专项债券资金", "绩效目标", "绩效指标"]
IND = "1、1-产出指标；11-数量指标；培训人次；年度指标值:≥100人次。"
ROWS = [  # name, indent, total, 财政拨款, 财政专户拨款, 专项债券资金, goal, indicators
    ("合计", 0, "30.00", "20.00", "6.00", "4.00", "", ""),
    ("某某县人力资源局", 0, "30.00", "20.00", "6.00", "4.00", "", ""),
    ("职业技能培训经费", 8, "24.00", "20.00", "", "4.00", "开展职业技能培训。", IND),
    ("档案数字化经费", 8, "6.00", "", "6.00", "", "完成档案数字化。", IND),
]


def _font() -> str:
    if "TZenHei" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TZenHei", str(FONT_FILE), subfontIndex=0))
    return "TZenHei"


def _table_page(c: Canvas, rows=ROWS, shift: dict | None = None) -> None:
    """Our table without a single rule: labels left-aligned, amounts right-aligned."""
    font = _font()
    c.setFont(font, 14)
    c.drawCentredString(W / 2, H - 40, "2024年项目支出绩效目标表")
    c.setFont(font, 9)
    c.drawString(40, H - 62, "部门名称：某某县人力资源局\u3000\u3000单位：万元")
    c.setFont(font, FS)
    y = H - 84
    for (x0, x1), label in zip(zip(EDGES, EDGES[1:]), LABELS):
        for k, part in enumerate(label.split("|")):
            c.drawString(x0 + 3, y - k * FS * 1.3, part)
    y -= 2 * FS * 1.3 + 8
    for r, row in enumerate(rows):
        name, indent, *amounts, goal, ind = row
        c.drawString(EDGES[0] + 3 + indent, y, name)
        for i, text in enumerate(amounts):
            dx = (shift or {}).get((r, i), 0.0)
            if text:
                c.drawRightString(EDGES[i + 2] - 3 + dx, y, text)
        c.drawString(EDGES[5] + 3, y, goal)
        c.drawString(EDGES[6] + 3, y, ind[:26])
        if ind[26:]:
            c.drawString(EDGES[6] + 3, y - FS * 1.3, ind[26:])
        y -= 2 * FS * 1.3 + 8


def _draw(path: Path, pages) -> Path:
    c = Canvas(str(path), pagesize=(W, H), invariant=1)
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return path


def _procurement_page(c: Canvas) -> None:
    """A 政府采购预算表: its header says 项目名称, 总计 and 财政拨款 too, but no 绩效指标."""
    font = _font()
    c.setFont(font, 14)
    c.drawCentredString(W / 2, H - 40, "2024年政府采购预算表")
    c.setFont(font, FS)
    xs = [40, 160, 300, 400, 480, 560, 640]
    for x, label in zip(xs, ["单位名称", "项目名称", "采购品目", "采购数量", "总计", "财政拨款", "其他资金"]):
        c.drawString(x, H - 80, label)
    for k, row in enumerate([["某某县人力资源局", "职业技能培训经费", "办公设备购置", "3", "12.00", "12.00", ""]]):
        for x, text in zip(xs, row):
            c.drawString(x, H - 100 - 14 * k, text)


def _prose_page(c: Canvas) -> None:
    c.setFont(_font(), 10)
    c.drawString(40, H - 60, "四、绩效目标设置情况：本部门共2个项目实行绩效目标管理，具体见项目支出绩效目标表。")


def _project(doc, name):
    return next(p for u in doc.units for p in u.projects if p.name == name)


def test_lineless_left_labels_right_amounts(tmp_path):
    _, doc = extract_pdf(_draw(tmp_path / "lineless.pdf", [_table_page]))
    assert doc.source_columns == ["财政拨款", "财政专户拨款", "专项债券资金"]  # wrapped label joined
    assert doc.department == "某某县人力资源局" and doc.money_unit == "万元" and doc.budget_year == 2024
    assert {k: str(v) for k, v in _project(doc, "档案数字化经费").amounts.sources.items()} == {"财政专户拨款": "6.00"}
    assert {k: str(v) for k, v in _project(doc, "职业技能培训经费").amounts.sources.items()} == \
        {"财政拨款": "20.00", "专项债券资金": "4.00"}
    assert str(doc.totals.total) == "30.00"
    assert not [f for f in doc.findings if f.code == "AMOUNT_COLUMN_AMBIGUOUS"]


def test_unknown_source_label_kept_and_reported(tmp_path):
    _, doc = extract_pdf(_draw(tmp_path / "unknown.pdf", [_table_page]))
    unknown = [f for f in doc.findings if f.code == "SOURCE_LABEL_UNKNOWN"]
    assert len(unknown) == 1 and "专项债券资金" in unknown[0].message
    assert "专项债券资金" in doc.totals.sources  # kept under its own name, not merged into 其他资金


def test_amount_across_a_column_edge_is_never_silent(tmp_path):
    # 6.00 of 财政专户拨款 drawn 14 pt to the right: it crosses the edge into 专项债券资金.
    pdf = _draw(tmp_path / "straddle.pdf", [lambda c: _table_page(c, shift={(3, 2): 14.0})])
    _, doc = extract_pdf(pdf)
    ambiguous = [f for f in doc.findings if f.code == "AMOUNT_COLUMN_AMBIGUOUS"]
    assert ambiguous and all(f.severity == "warning" for f in ambiguous)
    assert any(f.record == "units[0].projects[1]" for f in ambiguous)


def test_table_inside_a_budget_book(tmp_path):
    pdf = _draw(tmp_path / "book.pdf", [_prose_page, _procurement_page, _table_page, _procurement_page, _prose_page])
    _, doc = extract_pdf(pdf)
    assert [p.name for u in doc.units for p in u.projects] == ["职业技能培训经费", "档案数字化经费"]
    where = [f for f in doc.findings if f.code == "TABLE_PAGES"]
    assert len(where) == 1 and where[0].pages == [3]


def test_pages_override(tmp_path):
    pdf = _draw(tmp_path / "book2.pdf", [_procurement_page, _table_page, _table_page])
    table = layout.build_table(read_pdf(pdf).pages, page_numbers=[3])
    assert table.table_pages == [3]
    with pytest.raises(layout.LayoutError):
        layout.build_table(read_pdf(pdf).pages, page_numbers=[1])
