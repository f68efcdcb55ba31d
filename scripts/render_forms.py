#!/usr/bin/env python3
"""Render the per-project form gold (eval/gold/forms-*.json) into PDFs that look like the
published 项目支出绩效目标申报表 / 批复表: one form per project, A4 portrait.

Reads only the gold JSON (its Document part and the gold-only "form_extras") and writes
fixtures/<stem>.pdf for each gold file, where <stem> is the gold file's stem:

  * every form starts on a new page; page 1 of a form carries the document title above it;
    a long form runs onto the next page (the gold's `pages` must say so: the renderer fails
    when a form does not take exactly the pages its gold lists);
  * the form is fully ruled: every cell is a stroked rectangle;
  * header fields are label | value cells (项目名称, 主管部门 …, 项目资金（万元） with its
    breakdown, 年度目标 or 总体目标 with 中期 / 年度 rows);
  * the indicator grid is 一级指标 | 二级指标 | 三级指标 | 指标值 (| 分值 | 备注 for the
    申报表 style); consecutive rows with the same printed 一级 (and 二级) label share one
    merged cell, its label printed once and vertically centred over its rows;
  * a project whose gold has a 中期 value prints two stacked blocks, 中期绩效指标 then
    年度绩效指标, each with its own header row;
  * where a page break cuts a merged cell, the label is printed once, in the part on the
    earlier page (as word processors do), or in the later part when it does not fit there.

The printed level labels, 分值 and 备注 come from each indicator's `raw`
("产出指标(50分)；数量指标；三级指标；中期指标值:…；年度指标值:…；分值:…；备注:…").

The font (WenQuanYi Zen Hei by default) is embedded as a TrueType subset; STSong-Light is
avoided on purpose (pdfplumber drops `·` from it). After rendering, each PDF is read back
with pdfplumber and checked: page count, every project name on its first page, `·` kept.

Usage: python scripts/render_forms.py [--gold PATH ...] [--font PATH] [--outdir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "eval" / "gold"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WQYZenHei"

PAGE_W, PAGE_H = A4  # portrait
LEFT = 42.0
RIGHT = PAGE_W - 42.0
TOP_MARGIN = 48.0
BOTTOM_MARGIN = 52.0
TITLE_SIZE = 16.0
TITLE_BLOCK = 44.0
FOOTER_SIZE = 9.0
FOOTER_Y = 28.0
FS = 9.0
LEADING = 12.0
PAD_X = 4.0
PAD_Y = 4.0
LINE_W = 0.6

# Renderings of one gold: the default, and variants that only change how the grid is drawn.
VARIANTS = {
    "": {"merge": True, "split_label": "first", "repeat_header": False},
    # a merged cell cut by a page break has its label in the part on the later page, and the
    # grid's header row is printed again at the top of the continuation page (only rendered
    # for golds with a form that runs over a page break)
    "split-late": {"merge": True, "split_label": "last", "repeat_header": True},
    # no merged level cells: every row is ruled, the 一级/二级 label printed in a group's first row
    "unmerged": {"merge": False, "split_label": "first", "repeat_header": False},
}

# Column edges of the indicator grid (x of each boundary), per style.
STYLES = {
    # 申报表: 绩效指标 | 一级 | 二级 | 三级 | 指标值 | 分值 | 备注
    "panyu": {
        "grid": [LEFT, 94.0, 160.0, 236.0, 380.0, 460.0, 496.0, RIGHT],
        "heads": ["一级指标", "二级指标", "三级指标", "指标值", "分值", "备注"],
        "label_x": 94.0,      # header labels end here
        "pair_x": (300.0, 360.0),  # second label | value pair on one row
        "money": "column",    # breakdown: one label | value row each
        "dept_label": "主管部门", "unit_label": "实施单位",
    },
    # 批复表: 绩效指标 | 一级 | 二级 | 三级 | 指标值
    "huadu": {
        "grid": [LEFT, 104.0, 182.0, 290.0, 456.0, RIGHT],
        "heads": ["一级指标", "二级指标", "三级指标", "指标值"],
        "label_x": 104.0,
        "pair_x": (300.0, 360.0),
        "money": "pairs",     # breakdown: two label | value pairs per row
        "money_x": [104.0, 214.0, 330.0, 440.0, RIGHT],
        "dept_label": "主管部门及代码", "unit_label": "项目单位",
    },
}


# ---------------------------------------------------------------------------
# the form as rows of cells
# ---------------------------------------------------------------------------

@dataclass
class FCell:
    x0: float
    x1: float
    text: str
    align: str = "left"  # left | center
    span: int = 1        # rows covered, from the row it starts on


@dataclass
class FRow:
    cells: list[FCell]
    breakable: bool = False  # may a page break come before this row
    height: float = 0.0
    head: bool = False       # an indicator grid's header row


def wrap(text: str, width: float) -> list[str]:
    """Break text into lines no wider than width, char by char (CJK has no spaces)."""
    lines, cur, cur_w = [], "", 0.0
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, FS)
        if cur and cur_w + w > width + 1e-6:
            lines.append(cur)
            cur, cur_w = "", 0.0
        cur += ch
        cur_w += w
    if cur:
        lines.append(cur)
    return lines


def text_height(cell: FCell) -> float:
    n = len(wrap(cell.text, cell.x1 - cell.x0 - 2 * PAD_X)) if cell.text else 1
    return max(n, 1) * LEADING + 2 * PAD_Y


def fmt_money(s: str | None) -> str:
    return "" if s is None else format(Decimal(s), ",")


def parse_raw(raw: str) -> dict:
    """The printed row back from an indicator's raw text."""
    parts = raw.split("；")
    out = {"l1": parts[0], "l2": parts[1], "name": parts[2]}
    for p in parts[3:]:
        key, _, value = p.partition(":")
        out[key] = value
    return out


def grid_rows(style: dict, block_label: str, rows: list[dict], value_key: str, merge: bool) -> list[FRow]:
    """One indicator block: the header row and a row per indicator, 一级/二级 merged down
    (or, unmerged, printed in the first row of their group only)."""
    xs = style["grid"]
    n = len(rows)
    header = FRow([FCell(xs[0], xs[1], block_label, "center", span=n + 1)]
                  + [FCell(a, b, h, "center") for a, b, h in zip(xs[1:], xs[2:], style["heads"])],
                  breakable=True, head=True)
    out = [header]
    for i, r in enumerate(rows):
        cells = []
        if i == 0 or rows[i - 1]["l1"] != r["l1"]:
            span = next((j for j in range(i + 1, n) if rows[j]["l1"] != r["l1"]), n) - i
            cells.append(FCell(xs[1], xs[2], r["l1"], "center", span if merge else 1))
        elif not merge:
            cells.append(FCell(xs[1], xs[2], ""))
        if i == 0 or (rows[i - 1]["l1"], rows[i - 1]["l2"]) != (r["l1"], r["l2"]):
            span = next((j for j in range(i + 1, n) if (rows[j]["l1"], rows[j]["l2"]) != (r["l1"], r["l2"])), n) - i
            cells.append(FCell(xs[2], xs[3], r["l2"], "center", span if merge else 1))
        elif not merge:
            cells.append(FCell(xs[2], xs[3], ""))
        cells.append(FCell(xs[3], xs[4], r["name"], "left"))
        cells.append(FCell(xs[4], xs[5], r[value_key], "center"))
        if len(xs) > 6:
            cells.append(FCell(xs[5], xs[6], r.get("分值", ""), "center"))
            cells.append(FCell(xs[6], xs[7], r.get("备注", ""), "left"))
        out.append(FRow(cells, breakable=i > 0))
    return out


def form_rows(gold: dict, unit: dict, project: dict, extra: dict, merge: bool = True) -> list[FRow]:
    fx = gold["form_extras"]
    style = STYLES[fx["style"]]
    lx = style["label_x"]
    pa, pb = style["pair_x"]
    rows = [
        FRow([FCell(LEFT, lx, "项目名称", "center"), FCell(lx, RIGHT, project["name"])]),
        FRow([FCell(LEFT, lx, style["dept_label"], "center"), FCell(lx, pa, fx["主管部门"]),
              FCell(pa, pb, style["unit_label"], "center"), FCell(pb, RIGHT, unit["name"])]),
        FRow([FCell(LEFT, lx, "项目属性", "center"), FCell(lx, pa, extra["项目属性"]),
              FCell(pa, pb, "项目期", "center"), FCell(pb, RIGHT, extra["项目期"])]),
    ]
    amounts = project["amounts"]
    sources = gold["source_columns"]
    labels = [("其中：" if i == 0 else "") + s for i, s in enumerate(sources)]
    if style["money"] == "column":
        mx = style["grid"][3]
        rows.append(FRow([FCell(LEFT, lx, "项目资金（万元）", "center", span=len(sources) + 1),
                          FCell(lx, mx, "资金总额", "left"), FCell(mx, RIGHT, fmt_money(amounts["total"]))]))
        for s, lab in zip(sources, labels):
            rows.append(FRow([FCell(lx, mx, lab), FCell(mx, RIGHT, fmt_money(amounts["sources"].get(s)))]))
    else:
        m = style["money_x"]
        pairs = [(lab, fmt_money(amounts["sources"].get(s))) for s, lab in zip(sources, labels)]
        if len(pairs) % 2:
            pairs.append(("", ""))
        rows.append(FRow([FCell(LEFT, lx, "项目资金（万元）", "center", span=1 + len(pairs) // 2),
                          FCell(m[0], m[1], "年度资金总额"), FCell(m[1], RIGHT, fmt_money(amounts["total"]))]))
        for k in range(0, len(pairs), 2):
            (la, va), (lb, vb) = pairs[k], pairs[k + 1]
            rows.append(FRow([FCell(m[0], m[1], la), FCell(m[1], m[2], va),
                              FCell(m[2], m[3], lb), FCell(m[3], m[4], vb)]))
    year = fx.get("year")
    if extra.get("中期目标"):
        span = extra["项目期"][extra["项目期"].index("（"):]
        mx = style["money_x"][1] if "money_x" in style else style["grid"][3]
        rows.append(FRow([FCell(LEFT, lx, "总体目标", "center", span=2),
                          FCell(lx, mx, f"中期目标{span}", "center"), FCell(mx, RIGHT, extra["中期目标"])]))
        rows.append(FRow([FCell(lx, mx, f"年度目标（{year}年）" if year else "年度目标", "center"),
                          FCell(mx, RIGHT, project["goal"])]))
    else:
        rows.append(FRow([FCell(LEFT, lx, "年度目标", "center"), FCell(lx, RIGHT, project["goal"])]))
    printed = [parse_raw(i["raw"]) for i in project["indicators"]]
    period_rows = [r for r in printed if "中期指标值" in r]
    if period_rows:
        rows += grid_rows(style, "中期绩效指标", period_rows, "中期指标值", merge)
        rows += grid_rows(style, "年度绩效指标", printed, "年度指标值", merge)
    else:
        rows += grid_rows(style, "绩效指标", printed, "年度指标值", merge)
    return rows


def size_rows(rows: list[FRow]) -> None:
    """Row heights: each row fits its one-row cells; a merged cell's rows grow evenly if short."""
    for r in rows:
        r.height = max([text_height(c) for c in r.cells if c.span == 1] + [LEADING + 2 * PAD_Y])
    for i, r in enumerate(rows):
        for c in r.cells:
            if c.span > 1:
                have = sum(x.height for x in rows[i:i + c.span])
                need = text_height(c)
                if need > have:
                    for x in rows[i:i + c.span]:
                        x.height += (need - have) / c.span


# ---------------------------------------------------------------------------
# pages
# ---------------------------------------------------------------------------

@dataclass
class Placed:
    x0: float
    x1: float
    top: float     # PDF coordinates (y up): top > bottom
    bottom: float
    text: str
    align: str


@dataclass
class Page:
    title: str | None
    cells: list[Placed] = field(default_factory=list)


def paginate(rows: list[FRow], title: str, split_label: str = "first", repeat_header: bool = False) -> list[Page]:
    """Rows onto pages; merged cells cut at a break keep their label in one part (the first
    that fits, or with split_label "last" the last); repeat_header prints the grid's header
    row again at the top of a continuation page."""
    pages = [Page(title)]
    first_top = PAGE_H - TOP_MARGIN - TITLE_BLOCK
    tops: list[tuple[int, float]] = []  # (page index, top y) per row
    y = first_top
    for i, r in enumerate(rows):
        if y - r.height < BOTTOM_MARGIN:
            k = i
            while not rows[k].breakable:  # keep a grid header with its first row
                k -= 1
            assert k > 0 and (k == i or tops[k][0] == len(pages) - 1), "a form longer than a page before its indicator grid"
            # move rows k..i-1 to the new page
            pages.append(Page(None))
            tops = tops[:k]
            y = PAGE_H - TOP_MARGIN
            if repeat_header and not rows[k].head:
                head = next(rows[j] for j in range(k - 1, -1, -1) if rows[j].head)
                for c in head.cells:  # the block-label cell's copy is left blank
                    pages[-1].cells.append(Placed(c.x0, c.x1, y, y - head.height,
                                                  c.text if c.span == 1 else "", c.align))
                y -= head.height
            for j in range(k, i):
                tops.append((len(pages) - 1, y))
                y -= rows[j].height
        tops.append((len(pages) - 1, y))
        y -= r.height
    for i, r in enumerate(rows):
        for c in r.cells:
            parts = []  # (page, top, bottom) of each page's share of the cell
            for j in range(i, i + c.span):
                pg, top = tops[j]
                bottom = top - rows[j].height
                if parts and parts[-1][0] == pg:
                    parts[-1] = (pg, parts[-1][1], bottom)
                else:
                    parts.append((pg, top, bottom))
            need = text_height(c)
            order = list(range(len(parts)))
            if split_label == "last":
                order.reverse()
            holder = next((k for k in order if parts[k][1] - parts[k][2] >= need - 1e-6), None)
            assert holder is not None or not c.text, f"{c.text!r} fits no part of its merged cell"
            for k, (pg, t, b) in enumerate(parts):
                pages[pg].cells.append(Placed(c.x0, c.x1, t, b, c.text if k == holder else "", c.align))
    return pages


def draw_page(canvas: Canvas, page: Page, number: int, total: int) -> None:
    if page.title:
        canvas.setFont(FONT, TITLE_SIZE)
        canvas.drawCentredString(PAGE_W / 2, PAGE_H - TOP_MARGIN - TITLE_SIZE, page.title)
    canvas.setFont(FONT, FS)
    canvas.setLineWidth(LINE_W)
    for c in page.cells:
        canvas.rect(c.x0, c.bottom, c.x1 - c.x0, c.top - c.bottom, stroke=1, fill=0)
        if not c.text:
            continue
        lines = wrap(c.text, c.x1 - c.x0 - 2 * PAD_X)
        block_top = c.top - ((c.top - c.bottom) - len(lines) * LEADING) / 2  # vertically centred
        for k, line in enumerate(lines):
            baseline = block_top - (k + 0.5) * LEADING - 0.33 * FS
            if c.align == "center":
                canvas.drawCentredString((c.x0 + c.x1) / 2, baseline, line)
            else:
                canvas.drawString(c.x0 + PAD_X, baseline, line)
    canvas.setFont(FONT, FOOTER_SIZE)
    canvas.drawCentredString(PAGE_W / 2, FOOTER_Y, f"— {number} —")


def render(gold: dict, out: Path, variant: str = "") -> tuple[list[tuple[str, list[int]]], int]:
    """Draw every form; return (project name, pages) as drawn, and how many `·` were drawn."""
    v = VARIANTS[variant]
    extras = {e["name"]: e for e in gold["form_extras"]["projects"]}
    all_pages: list[Page] = []
    drawn = []
    for unit in gold["units"]:
        for project in unit["projects"]:
            rows = form_rows(gold, unit, project, extras[project["name"]], v["merge"])
            size_rows(rows)
            pages = paginate(rows, gold["title"], v["split_label"], v["repeat_header"])
            first = len(all_pages) + 1
            drawn.append((project["name"], list(range(first, first + len(pages)))))
            all_pages += pages
    canvas = Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1,
                    initialFontName=FONT, initialFontSize=FS)
    canvas.setTitle(gold["title"])
    for n, page in enumerate(all_pages, 1):
        draw_page(canvas, page, n, len(all_pages))
        canvas.showPage()
    canvas.save()
    return drawn, sum(c.text.count("·") for page in all_pages for c in page.cells)


def verify(path: Path, gold: dict, dots: int) -> list[str]:
    import pdfplumber

    problems = []
    projects = [p for u in gold["units"] for p in u["projects"]]
    n_pages = max(n for p in projects for n in p["pages"])
    with pdfplumber.open(path) as pdf:
        if len(pdf.pages) != n_pages:
            problems.append(f"{len(pdf.pages)} pages, gold says {n_pages}")
        found_dots = sum(1 for pg in pdf.pages for c in pg.chars if c["text"] == "·")
        for p in projects:
            text = pdf.pages[p["pages"][0] - 1].extract_text().replace("\n", "")
            if p["name"][:8] not in text:
                problems.append(f"{p['name']} not on page {p['pages'][0]}")
    if found_dots != dots:
        problems.append(f"· read back {found_dots} times, drawn {dots}")
    if problems:
        raise SystemExit(f"{path.name}: verification failed:\n  " + "\n  ".join(problems))
    return [f"{n_pages} pages, {len(projects)} forms, · {found_dots}/{dots}"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, nargs="*", default=sorted(GOLD_DIR.glob("forms-*.json")))
    ap.add_argument("--font", default=FONT_PATH, help="TrueType font (.ttf/.ttc, subfont 0) with CJK glyphs")
    ap.add_argument("--outdir", type=Path, default=ROOT / "fixtures")
    args = ap.parse_args(argv)
    pdfmetrics.registerFont(TTFont(FONT, args.font, subfontIndex=0))
    font = pdfmetrics.getFont(FONT)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for gold_path in args.gold:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = json.dumps(gold, ensure_ascii=False) + "".join(
            h for s in STYLES.values() for h in s["heads"] + [s["dept_label"], s["unit_label"]])
        text += "项目名称属性期资金（万元）总额其中：年度中期目标总体绩效指标—0123456789,."
        missing = sorted({ch for ch in text if ch.strip() and ord(ch) not in font.face.charToGlyph})
        if missing:
            raise SystemExit(f"font {args.font} lacks glyphs: {missing}")
        want = [(p["name"], p["pages"]) for u in gold["units"] for p in u["projects"]]
        for variant in VARIANTS:
            if variant == "split-late" and all(len(pages) == 1 for _, pages in want):
                continue  # no form runs over a page break: nothing to split
            out = args.outdir / f"{gold_path.stem}{'-' + variant if variant else ''}.pdf"
            drawn, dots = render(gold, out, variant)
            if drawn != want:
                raise SystemExit(f"{out.name}: forms drawn on pages {drawn}, gold says {want}")
            for line in verify(out, gold, dots):
                print(f"wrote {out} ({out.stat().st_size} bytes): {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
