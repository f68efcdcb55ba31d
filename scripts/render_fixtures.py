#!/usr/bin/env python3
"""Render the gold JSON into PDFs that look like the published 项目支出绩效目标表.

Reads eval/gold/conghua-hrss-2024.json (and nothing else) and writes, with
reportlab, two A4-landscape fixtures that differ only in their rules:

  fixtures/conghua-hrss-2024-grid.pdf          every cell ruled (full grid)
  fixtures/conghua-hrss-2024-header-ruled.pdf  lines only around the header row

Layout, as in the original: page 1 opens with the title and the 部门名称 / 单位
line; every page has the seven-column header row; then the 合计 row, each unit
row (name, amounts) followed by its projects (name indented by two characters,
amounts, goal, indicators). Amounts are right-aligned with thousands separators
in the column of their source. Text wraps by measured width, char by char.
Every cell is vertically centred. Pagination follows the seed text exactly:
page k holds the rows the gold puts on page k, so the 4 rows the original
repeats across a page break are drawn whole at the end of page N and again at
the start of page N+1. One body font size is used throughout: the largest
(from 7pt down) at which every page fits.

The font (WenQuanYi Zen Hei by default) is embedded as a TrueType subset; the
CID font STSong-Light is avoided on purpose (pdfplumber drops `·` from it).

After rendering, each PDF is read back with pdfplumber and checked: names on
every page, `·` `‘` `’` present as chars, and the 63.85 of
退休人员移交退管活动资金 inside the 其他资金 column.

Usage: python scripts/render_fixtures.py [--gold PATH] [--font PATH] [--outdir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold" / "conghua-hrss-2024.json"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WQYZenHei"
STEM = "conghua-hrss-2024"
VARIANTS = ("grid", "header-ruled")

PAGE_W, PAGE_H = landscape(A4)
LEFT = 28.0
COL_W = [120.0, 52.0, 52.0, 52.0, 52.0, 190.0, 268.0]
COL_X = [LEFT + sum(COL_W[:i]) for i in range(len(COL_W) + 1)]  # boundaries, 8 values
RIGHT = COL_X[-1]
HEADERS = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]
TOP_MARGIN = 28.0
BOTTOM_MARGIN = 34.0  # room for the footer
TITLE_SIZE = 15.0
SUBTITLE_SIZE = 9.0
TITLE_BLOCK = 50.0  # page 1: title + 部门名称 line, above the table
FOOTER_SIZE = 8.0
FOOTER_Y = 16.0
PAD_X = 3.0
PAD_Y = 3.0
LINE_W = 0.5
MAX_FS, MIN_FS, FS_STEP = 7.0, 4.0, 0.25
LEADING_RATIO = 9.0 / 7.0
INDENT_CHARS = 2


# ---------------------------------------------------------------------------
# rows
# ---------------------------------------------------------------------------

@dataclass
class Row:
    kind: str  # "total" | "unit" | "project"
    name: str
    amounts: dict
    goal: str = ""
    indicators: str = ""
    pages: list[int] = field(default_factory=list)
    unit: str = ""


def serialise_indicators(indicators: list[dict]) -> str:
    return "".join(
        f"{i['seq']}、{i['level1_code']}-{i['level1']}；{i['level2_code']}-{i['level2']}；{i['name']}；"
        f"实施周期指标值:{i['period_target']['raw']}；年度指标值:{i['annual_target']['raw']}。"
        for i in indicators
    )


def gold_rows(gold: dict) -> list[Row]:
    rows = [Row("total", "合计", gold["totals"], pages=[1])]
    for u in gold["units"]:
        rows.append(Row("unit", u["name"], u["amounts"], pages=list(u["pages"])))
        for p in u["projects"]:
            rows.append(Row("project", p["name"], p["amounts"], p["goal"] or "",
                            serialise_indicators(p["indicators"]), list(p["pages"]), u["name"]))
    return rows


def paginate(gold: dict, rows: list[Row]) -> dict[int, list[Row]]:
    """Page number -> rows on it, in order; a repeated row lands on both of its pages."""
    pages: dict[int, list[Row]] = {}
    for row in rows:
        assert row.pages, f"{row.name}: no pages in gold"
        for pg in row.pages:
            pages.setdefault(pg, []).append(row)
    n = max(pages)
    assert sorted(pages) == list(range(1, n + 1)), f"gap in pages: {sorted(pages)}"
    # The rows repeated across a break: last on page N, first on page N+1.
    repeated = {(r["unit"], r["name"]): r["pages"] for r in gold.get("repeated_rows", [])}
    multi = {(r.unit, r.name): r.pages for r in rows if len(r.pages) > 1}
    assert repeated == multi, (repeated, multi)
    for (unit, name), (a, b) in repeated.items():
        assert b == a + 1, (name, a, b)
        assert (pages[a][-1].unit, pages[a][-1].name) == (unit, name), f"{name} is not last on page {a}"
        assert (pages[b][0].unit, pages[b][0].name) == (unit, name), f"{name} is not first on page {b}"
    return pages


def fmt_money(s: str | None) -> str:
    """'2467.17' -> '2,467.17' (the digits as given, thousands separated)."""
    return "" if s is None else format(Decimal(s), ",")


def source_cells(row: Row, source_columns: list[str]) -> list[str]:
    """The four amount cells: 总计 then each source column (blank when absent)."""
    srcs = row.amounts.get("sources", {})
    unknown = set(srcs) - set(source_columns)
    assert not unknown, f"{row.name}: unknown source columns {unknown}"
    return [fmt_money(row.amounts.get("total"))] + [fmt_money(srcs.get(c)) for c in source_columns]


# ---------------------------------------------------------------------------
# measuring
# ---------------------------------------------------------------------------

def wrap(text: str, width: float, fs: float, first_indent: float = 0.0) -> list[str]:
    """Break text into lines no wider than width (the first line `first_indent`
    narrower), measuring char by char: CJK has no spaces to break at."""
    lines, cur, cur_w = [], "", 0.0
    limit = width - first_indent
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, fs)
        if cur and cur_w + w > limit + 1e-6:
            lines.append(cur)
            cur, cur_w, limit = "", 0.0, width
        cur += ch
        cur_w += w
    if cur or not lines:
        lines.append(cur)
    return lines


@dataclass
class Cell:
    lines: list[str]
    align: str = "left"  # left | right | center
    indent: float = 0.0  # first line only


@dataclass
class Laid:
    row: Row | None  # None for the header
    cells: list[Cell]
    height: float


def lay_out(row: Row | None, fs: float, source_columns: list[str]) -> Laid:
    leading = fs * LEADING_RATIO
    inner = [w - 2 * PAD_X for w in COL_W]
    if row is None:
        cells = [Cell(wrap(h, inner[i], fs), "center") for i, h in enumerate(HEADERS)]
    else:
        indent = INDENT_CHARS * fs if row.kind == "project" else 0.0
        cells = [Cell(wrap(row.name, inner[0], fs, indent), "left", indent)]
        cells += [Cell([s] if s else [], "right") for s in source_cells(row, source_columns)]
        for i, s in ((5, row.goal), (6, row.indicators)):
            cells.append(Cell(wrap(s, inner[i], fs) if s else [], "left"))
        for c, w in zip(cells[1:5], inner[1:5]):
            if c.lines:
                assert pdfmetrics.stringWidth(c.lines[0], FONT, fs) <= w, f"{row.name}: amount too wide"
    height = max(len(c.lines) for c in cells) * leading + 2 * PAD_Y
    return Laid(row, cells, height)


def table_top(pageno: int) -> float:
    return PAGE_H - TOP_MARGIN - (TITLE_BLOCK if pageno == 1 else 0.0)


def fit(pages: dict[int, list[Row]], source_columns: list[str]):
    """The largest font size at which every page's rows fit; fail loudly if none."""
    fs = MAX_FS
    while fs >= MIN_FS - 1e-9:
        laid = {}
        ok = True
        for pg, rows in pages.items():
            items = [lay_out(None, fs, source_columns)] + [lay_out(r, fs, source_columns) for r in rows]
            if sum(i.height for i in items) > table_top(pg) - BOTTOM_MARGIN:
                ok = False
                break
            laid[pg] = items
        if ok:
            return fs, laid
        fs = round(fs - FS_STEP, 4)
    raise SystemExit(f"render_fixtures: the rows do not fit the pages even at {MIN_FS}pt")


# ---------------------------------------------------------------------------
# drawing
# ---------------------------------------------------------------------------

def draw_cell(c: Canvas, cell: Cell, col: int, top: float, height: float, fs: float) -> None:
    if not cell.lines:
        return
    leading = fs * LEADING_RATIO
    block = len(cell.lines) * leading
    block_top = top - (height - block) / 2  # vertically centred
    x0, x1 = COL_X[col] + PAD_X, COL_X[col + 1] - PAD_X
    for i, line in enumerate(cell.lines):
        centre = block_top - (i + 0.5) * leading
        baseline = centre - 0.33 * fs
        if cell.align == "right":
            c.drawRightString(x1, baseline, line)
        elif cell.align == "center":
            c.drawCentredString((x0 + x1) / 2, baseline, line)
        else:
            c.drawString(x0 + (cell.indent if i == 0 else 0.0), baseline, line)


def render(gold: dict, laid: dict[int, list[Laid]], fs: float, variant: str, out: Path) -> dict:
    """Draw every page; return {page: [(row, top, bottom), ...]} for the checks."""
    c = Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1,
               initialFontName=FONT, initialFontSize=fs, initialLeading=fs * LEADING_RATIO)
    c.setTitle(gold["title"])
    c.setLineWidth(LINE_W)
    where: dict[int, list[tuple[Row | None, float, float]]] = {}
    for pg in sorted(laid):
        if pg == 1:
            c.setFont(FONT, TITLE_SIZE)
            c.drawCentredString(PAGE_W / 2, PAGE_H - TOP_MARGIN - TITLE_SIZE, gold["title"])
            c.setFont(FONT, SUBTITLE_SIZE)
            y = PAGE_H - TOP_MARGIN - TITLE_BLOCK + 8
            c.drawString(LEFT, y, f"部门名称：{gold['department']}")
            c.drawRightString(RIGHT, y, f"单位：{gold['money_unit']}")
        c.setFont(FONT, fs)
        c.setLineWidth(LINE_W)
        y = table_top(pg)
        bounds = [y]
        where[pg] = []
        for item in laid[pg]:
            for col, cell in enumerate(item.cells):
                draw_cell(c, cell, col, y, item.height, fs)
            where[pg].append((item.row, y, y - item.height))
            y -= item.height
            bounds.append(y)
        top, header_bottom, bottom = bounds[0], bounds[1], bounds[-1]
        if variant == "grid":
            for b in bounds:
                c.line(LEFT, b, RIGHT, b)
            for x in COL_X:
                c.line(x, top, x, bottom)
        elif variant == "header-ruled":
            c.line(LEFT, top, RIGHT, top)
            c.line(LEFT, header_bottom, RIGHT, header_bottom)
            for x in COL_X:
                c.line(x, top, x, header_bottom)
        else:
            raise ValueError(variant)
        c.setFont(FONT, FOOTER_SIZE)
        c.drawCentredString(PAGE_W / 2, FOOTER_Y, f"第 {pg} 页")
        c.showPage()
    c.save()
    return where


# ---------------------------------------------------------------------------
# checks (read the PDF back with pdfplumber)
# ---------------------------------------------------------------------------

def verify(path: Path, laid: dict[int, list[Laid]], where: dict, variant: str) -> list[str]:
    import pdfplumber

    report = []
    problems = []
    marks_expected = {m: 0 for m in "·‘’"}
    for pg, items in laid.items():
        for item in items:
            if item.row is not None:
                for cell in item.cells:
                    for m in marks_expected:
                        marks_expected[m] += sum(line.count(m) for line in cell.lines)
    marks_found = {m: 0 for m in marks_expected}
    with pdfplumber.open(path) as pdf:
        if len(pdf.pages) != len(laid):
            problems.append(f"{len(pdf.pages)} pages, expected {len(laid)}")
        for pg, page in enumerate(pdf.pages, 1):
            text = page.extract_text()
            # every name fragment (as wrapped) in the page text
            for item in laid[pg]:
                for frag in item.cells[0].lines:
                    if frag not in text:
                        problems.append(f"p{pg}: name fragment {frag!r} not in page text")
            # each whole cell, read column by column, line breaks removed
            body_top = PAGE_H - where[pg][0][2]  # below the header row (top-left origin)
            for col in (0, 5, 6):
                crop = page.crop((COL_X[col], body_top, COL_X[col + 1], page.height))
                col_text = (crop.extract_text() or "").replace("\n", "").replace(" ", "")
                for item in laid[pg][1:]:
                    want = "".join(item.cells[col].lines).replace(" ", "")
                    if want and want not in col_text:
                        problems.append(f"p{pg}: column {HEADERS[col]} lacks {want[:30]!r}")
            if f"第 {pg} 页" not in text:
                problems.append(f"p{pg}: footer missing")
            for ch in page.chars:
                if ch["text"] in marks_found:
                    marks_found[ch["text"]] += 1
            # 63.85: only ever in 总计 or 其他资金, and in 其他资金 for the project
            for row, top, bottom in where[pg]:
                if row is None or "63.85" not in json.dumps(row.amounts):
                    continue
                words = [w for w in page.extract_words()
                         if w["text"] == "63.85" and PAGE_H - top <= w["top"] and w["bottom"] <= PAGE_H - bottom]
                other = [w for w in words if COL_X[4] <= w["x0"] and w["x1"] <= COL_X[5]]
                total = [w for w in words if COL_X[1] <= w["x0"] and w["x1"] <= COL_X[2]]
                expect_total = row.amounts.get("total") == "63.85"
                if len(other) != 1 or len(total) != int(expect_total) or len(words) != 1 + int(expect_total):
                    problems.append(f"p{pg}: {row.name}: 63.85 at x {[(w['x0'], w['x1']) for w in words]}, "
                                    f"其他资金 is {COL_X[4]}..{COL_X[5]}")
                else:
                    report.append(f"p{pg} {row.name}: 63.85 at x {other[0]['x0']:.1f}..{other[0]['x1']:.1f} "
                                  f"within 其他资金 {COL_X[4]:.0f}..{COL_X[5]:.0f}")
        # header row geometry: 其他资金 header cell chars lie in its column
        hdr = [ch for ch in pdf.pages[0].chars if ch["text"] in "其他资金"]
        if not hdr:
            problems.append("no header chars found")
    for m, n in marks_expected.items():
        if marks_found[m] < n or n == 0:
            problems.append(f"mark {m!r}: {marks_found[m]} chars extracted, {n} drawn")
    report.append("marks extracted/drawn: " + ", ".join(f"{m} {marks_found[m]}/{n}" for m, n in marks_expected.items()))
    if problems:
        raise SystemExit(f"{path.name}: verification failed:\n  " + "\n  ".join(problems))
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--font", default=FONT_PATH, help="TrueType font (.ttf/.ttc, subfont 0) with CJK glyphs")
    ap.add_argument("--outdir", type=Path, default=ROOT / "fixtures")
    args = ap.parse_args(argv)

    pdfmetrics.registerFont(TTFont(FONT, args.font, subfontIndex=0))
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    source_columns = gold["source_columns"]
    assert HEADERS[2:5] == source_columns, source_columns
    rows = gold_rows(gold)
    # every glyph the PDFs need must be in the font (reportlab would draw .notdef silently)
    font = pdfmetrics.getFont(FONT)
    needed = set("".join(HEADERS) + gold["title"] + gold["department"] + "部门名称：单位第页0123456789,. ")
    needed |= set(gold["money_unit"])
    for r in rows:
        needed |= set(r.name + r.goal + r.indicators)
    missing = sorted(ch for ch in needed if ord(ch) not in font.face.charToGlyph)
    if missing:
        raise SystemExit(f"font {args.font} lacks glyphs: {missing}")

    pages = paginate(gold, rows)
    fs, laid = fit(pages, source_columns)
    print(f"font {args.font} (subfont 0), body {fs}pt, leading {fs * LEADING_RATIO:.2f}pt, "
          f"{len(pages)} pages")
    for pg, items in sorted(laid.items()):
        used = sum(i.height for i in items)
        print(f"  page {pg:2d}: {len(items) - 1:2d} rows, table {used:6.1f} of {table_top(pg) - BOTTOM_MARGIN:.1f}pt")
    args.outdir.mkdir(parents=True, exist_ok=True)
    for variant in VARIANTS:
        out = args.outdir / f"{STEM}-{variant}.pdf"
        where = render(gold, laid, fs, variant, out)
        report = verify(out, laid, where, variant)
        print(f"wrote {out} ({out.stat().st_size} bytes), verified:")
        for line in report:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
