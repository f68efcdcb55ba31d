#!/usr/bin/env python3
"""Draw a wide 项目支出绩效目标表 from a gold document in a style drawn at random from a seed.

Our own renderer (scripts/render_fixtures.py) draws one house style, and our extractor scores
1.000 on it; documents drawn by others (no rules, wrapped and grouped headers, budget books)
scored 0.46–0.91. This generator draws the variety those documents showed, so that a score is
measured over styles nobody tuned for.

    python scripts/layoutgen.py --gold eval/gold/X.json --seed N --out out/styles/ [--set rules=none ...]

writes `<stem>-s<N>.pdf`, `<stem>-s<N>.gold.json` (the gold as drawn: pages, printed year, title,
source labels and order, money unit, level codes) and `<stem>-s<N>.style.json` (the knobs).

Knobs (see KNOBS): rules, header rows and alignment, header repeat, cell alignment, amount
alignment and separators, font face and size, page size and orientation, what happens to a row
at a page break, metadata and year lines, budget-book pages around the table, money unit,
funding-column order and labels, name indent, indicator line breaks, footer.

Forms golds (eval/gold/forms-*.json) are drawn as a wide table: level codes are filled from the
level names (national template; 成本指标 as level 1 gets 4), printed with the canonical names,
and a 合计 row is added (the sum of the units). The rendering's gold says so.

Same gold + same seed + same overrides ⇒ the same bytes (reportlab invariant=1).
Standalone on purpose: it does not import `extractor`, so a gold is never made by the code it
is used to score.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

from reportlab.lib.pagesizes import A3, A4, landscape, portrait
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent

FONTS = {  # knob value → (registered name, file, subfont)
    "zenhei": ("LGZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "uming": ("LGUMingCN", "/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "microhei": ("LGMicroHei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
}
# Faces only ever chosen by name (--set font=…), never drawn from a seed: adding them to KNOBS would
# change every seed's draw. Faces the OCR path was never tuned on (issue 13: scans nobody drew for us).
# Noto CJK ships CFF outlines, which reportlab cannot embed: a TrueType copy of its GBK subset is
# made once into out/fonts/ (noto_ttf); the source is then (collection, face index).
EXTRA_FONTS = {
    "gbsn00lp": ("LGSungtiLGB", "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),  # GB Song 宋体
    "ukai": ("LGUKaiCN", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0),  # Kai 楷体
    "notosans": ("LGNotoSansSC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # SC face, 黑体-like
    "notoserif": ("LGNotoSerifSC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),  # SC face, 宋体-like
}
CFF_FONTS = {"notosans", "notoserif"}
FONT_DIR = ROOT / "out" / "fonts"
SIZE_RANGE = (4.5, 14.0)  # a body size asked for by name (--set size=…)
PAGES = {
    "A4-portrait": portrait(A4), "A4-landscape": landscape(A4),
    "A3-portrait": portrait(A3), "A3-landscape": landscape(A3),
}
# Categorical knobs, drawn in this order from the seed (order matters for reproducibility).
KNOBS: dict[str, list[str]] = {
    "rules": ["grid", "header-box", "horizontal", "three-line", "none"],
    "header": ["one-row", "two-row"],
    "header_align": ["center", "left"],
    "header_repeat": ["yes", "no", "restyled"],
    "valign": ["middle", "top"],
    "amount_align": ["right", "center"],
    "thousands": ["yes", "no"],
    "font": ["zenhei", "uming", "microhei"],
    "page": list(PAGES),
    "breaks": ["move", "split", "repeat"],
    "meta": ["one-line", "left-right", "two-lines"],
    "year": ["title", "line", "none"],
    "book": ["no", "yes"],
    "money": ["as-gold", "yuan"],
    "source_order": ["gold", "shuffled"],
    "source_labels": ["gold", "variant"],
    "indent": ["yes", "no"],
    "ind_breaks": ["no", "yes"],
    "footer": ["page", "page-of", "dash", "none"],
}
# Body font sizes to start from, per page size; fitting may go lower.
START_SIZES = {"A4-portrait": [5.5, 6.0, 6.5, 7.0], "A4-landscape": [6.0, 6.5, 7.0, 7.5, 8.0],
               "A3-portrait": [7.0, 7.5, 8.0, 8.5], "A3-landscape": [7.5, 8.0, 9.0, 10.0]}
MIN_FS = 4.5

# Printed alternatives for a funding-source label, and the labels whose presence forbids them
# (财政拨款 may be printed as 一般公共预算拨款 only when no other budget's column sits beside it).
LABEL_VARIANTS = {
    "财政拨款": ("一般公共预算拨款", ("政府性基金", "国有资本")),
    "财政专户拨款": ("财政专户管理资金", ()),
    "财政专户管理资金": ("财政专户拨款", ()),
    "其他资金": ("其他收入", ()),
    "一般公共预算": ("一般公共预算拨款", ()),
    "政府性基金": ("政府性基金预算拨款", ()),
    "政府性基金预算": ("政府性基金预算拨款", ()),
    "国有资本经营预算": ("国有资本经营预算拨款", ()),
}
NAME_LABELS = ["项目名称（资金使用单位）", "项目名称", "单位名称/项目名称"]

# Level codes of the national template, by the words of a level-2 name (forms print none).
LEVEL1_NAMES = {"1": "产出指标", "2": "效益指标", "3": "满意度指标", "4": "成本指标"}
LEVEL2_BY_WORD = [  # (word in the level-2 name, (level-1 code, level-2 code, printed level-2 name))
    ("数量", ("1", "11", "数量指标")), ("质量", ("1", "12", "质量指标")),
    ("时效", ("1", "13", "时效指标")),
    ("经济成本", ("4", "41", "经济成本")), ("社会成本", ("4", "42", "社会成本")),
    ("生态环境成本", ("4", "43", "生态环境成本")), ("成本", ("1", "14", "成本指标")),
    ("经济效益", ("2", "21", "经济效益")), ("社会效益", ("2", "22", "社会效益")),
    ("生态效益", ("2", "23", "生态效益")), ("可持续", ("2", "24", "可持续影响")),
    ("满意度", ("3", "31", "服务对象满意度")),
]


# ---------------------------------------------------------------------------
# the document to draw
# ---------------------------------------------------------------------------

@dataclass
class Rec:
    """One table row as drawn: 合计, a unit (资金使用单位) or a project."""

    kind: str  # total | unit | project
    name: str
    amounts: dict  # {"total": str|None, "sources": {gold label: str}}
    goal: str = ""
    indicators: list = field(default_factory=list)
    unit: int = -1  # index of the unit (units and projects)
    project: int = -1  # index inside the unit (projects)


def _codes(ind: dict) -> dict:
    """An indicator with level codes; a forms indicator gets them (and the canonical names) from its words."""
    if ind.get("level1_code") and ind.get("level2_code"):
        return {k: v for k, v in ind.items() if k != "raw"}
    l2 = ind.get("level2") or ""
    for word, (c1, c2, name2) in LEVEL2_BY_WORD:
        if word in l2:
            if word == "成本" and "产出" not in (ind.get("level1") or ""):
                continue  # a bare 成本 under a cost level-1 is not 产出's 14
            out = {k: v for k, v in ind.items() if k != "raw"}
            out.update(level1=LEVEL1_NAMES[c1], level1_code=c1, level2=name2, level2_code=c2)
            return out
    raise ValueError(f"no level code for level-2 name {l2!r}")


def _year_of(gold: dict, stem: str) -> int:
    if gold.get("budget_year"):
        return int(gold["budget_year"])
    m = re.search(r"(20\d\d)", (gold.get("title") or "") + stem)
    return int(m.group(1)) if m else 2024


def _sum(amounts: list[dict], labels: list[str]) -> dict:
    total = sum((Decimal(a["total"]) for a in amounts if a.get("total") is not None), Decimal(0))
    sources = {}
    for k in labels:
        vals = [Decimal(a["sources"][k]) for a in amounts if k in a.get("sources", {})]
        if vals:
            sources[k] = format(sum(vals, Decimal(0)), "f")
    return {"total": format(total, "f"), "sources": sources}


def wide_records(gold: dict) -> tuple[list[Rec], bool]:
    """The rows of the wide table, and whether the gold is a set of forms drawn wide."""
    forms = any(not i.get("level1_code") for u in gold["units"] for p in u["projects"] for i in p["indicators"])
    totals = gold.get("totals") or {}
    if totals.get("total") is None:  # a set of forms prints no 合计: the wide table does
        totals = _sum([u["amounts"] for u in gold["units"]], gold["source_columns"])
    recs = [Rec("total", "合计", totals)]
    for ui, u in enumerate(gold["units"]):
        recs.append(Rec("unit", u["name"], u["amounts"], unit=ui))
        for pi, p in enumerate(u["projects"]):
            recs.append(Rec("project", p["name"], p["amounts"], p.get("goal") or "",
                            [_codes(i) for i in p["indicators"]], ui, pi))
    return recs, forms


def indicator_items(indicators: list[dict]) -> list[str]:
    """The 绩效指标 cell, one string per indicator, in the seed's language."""
    out = []
    for i in indicators:
        parts = [f"{i['level1_code']}-{i['level1']}", f"{i['level2_code']}-{i['level2']}", i["name"]]
        if i.get("period_target"):
            parts.append(f"实施周期指标值:{i['period_target']['raw']}")
        if i.get("annual_target"):
            parts.append(f"年度指标值:{i['annual_target']['raw']}")
        out.append(f"{i['seq']}、" + "；".join(parts) + "。")
    return out


# ---------------------------------------------------------------------------
# style
# ---------------------------------------------------------------------------

@dataclass
class Style:
    seed: int
    knobs: dict  # categorical knobs (KNOBS)
    font_size: float = 7.0  # body, after fitting
    header_size: float = 7.0
    title_size: float = 15.0
    margin: float = 30.0
    pad: float = 3.0
    leading: float = 1.3  # × font size
    name_frac: float = 0.2
    goal_frac: float = 0.4
    amount_slack: list = field(default_factory=list)
    name_label: str = NAME_LABELS[0]
    source_order: list = field(default_factory=list)  # gold labels, in print order
    source_print: dict = field(default_factory=dict)  # gold label → printed label
    book_before: list = field(default_factory=list)
    book_after: list = field(default_factory=list)
    year: int = 2024
    year_line: str = "{year}年度"
    size_set: Optional[float] = None  # the body size asked for (--set size=…); fitting may still go lower

    def record(self) -> dict:
        d = asdict(self)
        if d["size_set"] is None:  # the record of a drawn style stays as it was
            del d["size_set"]
        d["font_size_bucket"] = size_bucket(self.font_size)
        return d


def size_bucket(fs: float) -> str:
    return "<6" if fs < 6 else "6-7.5" if fs < 8 else "≥8"


def choose_style(seed: int, gold: dict, stem: str, overrides: Optional[dict] = None) -> Style:
    rng = random.Random(seed)
    knobs = {k: rng.choice(v) for k, v in KNOBS.items()}
    overrides = dict(overrides or {})
    size = overrides.pop("size", None)
    for k, v in overrides.items():
        if k == "font" and v in EXTRA_FONTS:
            knobs[k] = v
            continue
        if k not in KNOBS or v not in KNOBS[k]:
            raise ValueError(f"unknown knob value {k}={v}")
        knobs[k] = v
    s = Style(seed, knobs)
    s.font_size = rng.choice(START_SIZES[knobs["page"]])
    s.header_size = s.font_size + rng.choice([0.0, 0.5, 1.0])
    if size is not None:  # a body size by name: the header keeps its drawn step above the body
        fs = float(size)
        if not SIZE_RANGE[0] <= fs <= SIZE_RANGE[1]:
            raise ValueError(f"size={size}: outside {SIZE_RANGE}")
        s.header_size += fs - s.font_size
        s.font_size = s.size_set = fs
    s.title_size = rng.choice([13.0, 15.0, 16.0, 18.0])
    s.margin = rng.uniform(22, 45)
    s.pad = rng.uniform(2.0, 4.0)
    s.leading = rng.uniform(1.2, 1.5)
    s.name_frac = rng.uniform(0.16, 0.26)
    s.goal_frac = rng.uniform(0.3, 0.45)
    labels = list(gold["source_columns"])
    s.amount_slack = [rng.uniform(0, 16) for _ in range(len(labels) + 1)]
    s.name_label = rng.choice(NAME_LABELS)
    order = labels[:]
    rng.shuffle(order)
    s.source_order = order if knobs["source_order"] == "shuffled" else labels
    s.source_print = {k: k for k in labels}
    if knobs["source_labels"] == "variant":
        for k in labels:
            alt, forbidden = LABEL_VARIANTS.get(k, (None, ()))
            if alt and alt not in labels and not any(f in o for o in labels for f in forbidden):
                s.source_print[k] = alt
    books = ["说明", "收支总表", "一般公共预算支出表", "政府采购预算表"]
    rng.shuffle(books)
    cut = rng.randint(1, 3)
    s.book_before, s.book_after = books[:cut], books[cut:cut + rng.randint(0, 2)]
    if "政府采购预算表" not in s.book_before + s.book_after:
        s.book_after.append("政府采购预算表")  # the table whose header also says 项目名称: always in a book
    s.year = _year_of(gold, stem)
    s.year_line = rng.choice(["{year}年度", "预算年度：{year}年"])
    return s


# ---------------------------------------------------------------------------
# measuring and wrapping (CJK wraps anywhere; measured char by char)
# ---------------------------------------------------------------------------

_WIDTHS: dict[tuple[str, str], float] = {}


def char_w(ch: str, font: str, fs: float) -> float:
    w = _WIDTHS.get((font, ch))
    if w is None:
        w = _WIDTHS[(font, ch)] = pdfmetrics.stringWidth(ch, font, 1000.0)
    return w * fs / 1000.0


def text_w(s: str, font: str, fs: float) -> float:
    return sum(char_w(ch, font, fs) for ch in s)


def wrap(text: str, width: float, font: str, fs: float, first_indent: float = 0.0) -> list[str]:
    lines, cur, cur_w, limit = [], "", 0.0, width - first_indent
    for ch in text:
        w = char_w(ch, font, fs)
        if cur and cur_w + w > limit + 1e-6:
            lines.append(cur)
            cur, cur_w, limit = "", 0.0, width
        cur += ch
        cur_w += w
    if cur or not lines:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------------------
# the table's geometry
# ---------------------------------------------------------------------------

@dataclass
class Col:
    key: str  # name | total | src:<gold label> | goal | ind
    label: str
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class Cell:
    lines: list  # [(text, top offset from the row top, x indent)]
    align: str


@dataclass
class Piece:
    """A row, or the part of one, as it sits on a page."""

    rec: Optional[Rec]
    cells: list  # Cell per column
    height: float
    part: str = "whole"  # whole | first | rest | clipped (first part of a row repeated whole after)


class Table:
    def __init__(self, gold: dict, recs: list[Rec], style: Style, font: str):
        self.gold, self.recs, self.s, self.font = gold, recs, style, font
        k = style.knobs
        self.yuan = k["money"] == "yuan" and gold.get("money_unit") == "万元"
        self.money_unit = "元" if self.yuan else gold.get("money_unit") or "万元"
        self.cols = ([Col("name", style.name_label), Col("total", "总计")]
                     + [Col(f"src:{g}", style.source_print[g]) for g in style.source_order]
                     + [Col("goal", "绩效目标"), Col("ind", "绩效指标")])
        self.page_w, self.page_h = PAGES[k["page"]]

    # amounts ---------------------------------------------------------------
    def money(self, s: Optional[str]) -> Optional[str]:
        """A gold amount in the printed unit, as a plain decimal string."""
        if s is None:
            return None
        d = Decimal(s)
        return format((d * 10000).quantize(Decimal("0.01")), "f") if self.yuan else s

    def amount_text(self, s: Optional[str]) -> str:
        v = self.money(s)
        if v is None:
            return ""
        return format(Decimal(v), ",") if self.s.knobs["thousands"] == "yes" else v

    def cell_text(self, rec: Rec, col: Col) -> str:
        if col.key == "name":
            return rec.name
        if col.key == "total":
            return self.amount_text(rec.amounts.get("total"))
        if col.key.startswith("src:"):
            return self.amount_text(rec.amounts.get("sources", {}).get(col.key[4:]))
        if col.key == "goal":
            return rec.goal
        return "" if rec.kind != "project" else "\n".join(indicator_items(rec.indicators))

    # widths ----------------------------------------------------------------
    def fit_widths(self, fs: float) -> bool:
        s, font = self.s, self.font
        hfs = s.header_size - (s.font_size - fs)
        table_w = self.page_w - 2 * s.margin
        amount_cols = [c for c in self.cols if c.key == "total" or c.key.startswith("src:")]
        widths = {}
        for i, c in enumerate(amount_cols):
            need = max((text_w(self.cell_text(r, c), font, fs) for r in self.recs), default=0.0)
            w = need + 2 * s.pad + s.amount_slack[i]
            while len(wrap(c.label, w - 2 * s.pad, font, hfs)) > 3:  # a label wraps onto at most 3 lines
                w += 2.0
            widths[c.key] = w
        rest = table_w - sum(widths.values())
        name_w = max(table_w * s.name_frac, 6 * fs + 2 * s.pad)
        text_w_ = rest - name_w
        goal_w = text_w_ * s.goal_frac
        ind_w = text_w_ - goal_w
        if goal_w < 9 * fs + 2 * s.pad or ind_w < 14 * fs + 2 * s.pad:
            return False
        widths.update(name=name_w, goal=goal_w, ind=ind_w)
        x = s.margin
        for c in self.cols:
            c.x0, c.x1 = x, x + widths[c.key]
            x = c.x1
        return True

    def lay_out(self, rec: Rec, fs: float) -> Piece:
        s, font = self.s, self.font
        lead = fs * s.leading
        cells = []
        for c in self.cols:
            inner = c.x1 - c.x0 - 2 * s.pad
            text = self.cell_text(rec, c)
            indent = 2 * fs if c.key == "name" and rec.kind == "project" and s.knobs["indent"] == "yes" else 0.0
            if c.key == "ind" and s.knobs["ind_breaks"] == "yes":
                lines = [ln for item in text.split("\n") for ln in wrap(item, inner, font, fs)] if text else []
            else:
                lines = wrap(text.replace("\n", ""), inner, font, fs, indent) if text else []
            amount = c.key == "total" or c.key.startswith("src:")
            align = s.knobs["amount_align"] if amount else "left"
            cells.append((lines, align, indent))
        height = max(len(ls) for ls, _, _ in cells) * lead + 2 * s.pad
        out = []
        for lines, align, indent in cells:
            block = len(lines) * lead
            top = s.pad if s.knobs["valign"] == "top" else (height - block) / 2
            out.append(Cell([(t, top + i * lead, indent if i == 0 else 0.0) for i, t in enumerate(lines)], align))
        return Piece(rec, out, height)

    # header ----------------------------------------------------------------
    def header_cells(self, hfs: float, align: str) -> tuple[list, float]:
        """[(x0, x1, top, bottom, lines)] relative to the header top, and the header's height."""
        s, font = self.s, self.font
        lead = hfs * s.leading
        lines_of = lambda label, x0, x1: wrap(label, x1 - x0 - 2 * s.pad, font, hfs)  # noqa: E731
        srcs = [c for c in self.cols if c.key.startswith("src:")]
        if s.knobs["header"] == "one-row" or not srcs:
            cells = [(c.x0, c.x1, lines_of(c.label, c.x0, c.x1)) for c in self.cols]
            h = max(len(ls) for _, _, ls in cells) * lead + 2 * s.pad
            return [(x0, x1, 0.0, h, ls, align) for x0, x1, ls in cells], h
        group = lines_of("资金来源", srcs[0].x0, srcs[-1].x1)
        h1 = len(group) * lead + 2 * s.pad
        sub = [(c.x0, c.x1, lines_of(c.label, c.x0, c.x1)) for c in srcs]
        h2 = max(len(ls) for _, _, ls in sub) * lead + 2 * s.pad
        spanning = [(c.x0, c.x1, lines_of(c.label, c.x0, c.x1)) for c in self.cols if not c.key.startswith("src:")]
        h = max(h1 + h2, max(len(ls) for _, _, ls in spanning) * lead + 2 * s.pad)
        h1 = h - h2
        cells = [(x0, x1, 0.0, h, ls, align) for x0, x1, ls in spanning]
        cells.append((srcs[0].x0, srcs[-1].x1, 0.0, h1, group, "center"))
        cells += [(x0, x1, h1, h, ls, align) for x0, x1, ls in sub]
        return cells, h


# ---------------------------------------------------------------------------
# pages
# ---------------------------------------------------------------------------

@dataclass
class TablePage:
    title_block: bool
    header: Optional[str]  # None | "first" | "repeat"
    pieces: list


def printed_year(s, title: str) -> Optional[int]:
    """The budget year the page prints: the year knob's, or else one the gold's own title keeps
    (linjiang's 项目支出绩效目标表（2024年度）): a year on the page is the document's year."""
    if s.knobs["year"] != "none":
        return s.year
    m = re.search(r"(20\d\d)年", title)
    return int(m.group(1)) if m else None


def title_lines(tab: Table) -> tuple[str, list[tuple[str, str]]]:
    """The printed title, and the lines under it: [(text, 'left'|'right'|'center'|'lr:<right text>')]."""
    s, g = tab.s, tab.gold
    base = re.sub(r"^20\d\d年度?", "", g.get("title") or "")
    if "目标表" not in base:  # a forms gold's 申报表 / 批复表 title: the wide table has its own
        base = "项目支出绩效目标表"
    k = s.knobs
    title = f"{s.year}年{base}" if k["year"] == "title" else base
    lines = []
    if k["year"] == "line":
        lines.append((s.year_line.format(year=s.year), "center"))
    dept, unit = f"部门名称：{g['department']}", f"单位：{tab.money_unit}"
    if k["meta"] == "one-line":
        lines.append((f"{dept}\u3000\u3000{unit}", "left"))
    elif k["meta"] == "left-right":
        lines.append((dept, "lr:" + unit))
    else:
        lines += [(dept, "left"), (unit, "right")]
    return title, lines


class Paginator:
    def __init__(self, tab: Table, fs: float):
        self.tab, self.fs = tab, fs
        s = tab.s
        self.top = tab.page_h - s.margin
        self.bottom = s.margin + (14.0 if s.knobs["footer"] != "none" else 0.0)
        hfs = s.header_size - (s.font_size - fs)
        self.header_h = tab.header_cells(hfs, "center")[1]
        if s.knobs["header_repeat"] == "restyled":
            self.repeat_h = tab.header_cells(hfs * 0.85, "left")[1]
        else:
            self.repeat_h = self.header_h if s.knobs["header_repeat"] == "yes" else 0.0
        _, lines = title_lines(tab)
        self.title_h = s.title_size * 1.8 + len(lines) * 13.0 + 6.0

    def capacity(self, first: bool) -> float:
        return self.top - self.bottom - (self.title_h + self.header_h if first else self.repeat_h)

    def run(self) -> list[TablePage]:
        tab, fs = self.tab, self.fs
        breaks = tab.s.knobs["breaks"]
        pages = [TablePage(True, "first", [])]
        room = self.capacity(True)
        for rec in tab.recs:
            piece = tab.lay_out(rec, fs)
            if piece.height <= room:
                pages[-1].pieces.append(piece)
                room -= piece.height
                continue
            parts = split(piece, room, tab.s.pad, fs * tab.s.leading) if rec.kind == "project" else None
            if breaks in ("split", "repeat") and parts and pages[-1].pieces:
                first, rest = parts
                if breaks == "repeat":
                    first.part, rest = "clipped", piece
                pages[-1].pieces.append(first)
            else:
                rest = piece
            pages.append(TablePage(False, "repeat" if self.repeat_h else None, [rest]))
            room = self.capacity(False) - rest.height
            assert room >= 0, f"{rec.name}: a row taller than a page"
        return pages


def split(piece: Piece, room: float, pad: float, lead: float) -> Optional[tuple[Piece, Piece]]:
    """Cut a row where the page ends: lines above the cut stay, the rest goes on (part of each cell on each page)."""
    cut = room - pad
    if cut < 2 * lead:
        return None
    first, rest = [], []
    moved_tops = [t for c in piece.cells for _, t, _ in c.lines if t + lead > cut]
    if not moved_tops:
        return None
    shift = min(moved_tops) - pad
    for c in piece.cells:
        first.append(Cell([ln for ln in c.lines if ln[1] + lead <= cut], c.align))
        rest.append(Cell([(t, top - shift, ind) for t, top, ind in c.lines if top + lead > cut], c.align))
    if not any(c.lines for c in first):
        return None
    return Piece(piece.rec, first, room, "first"), Piece(piece.rec, rest, piece.height - shift, "rest")


def fit(tab: Table) -> tuple[float, list[TablePage]]:
    """The largest body size, from the style's, at which columns fit and no row is taller than half a page."""
    fs = tab.s.font_size
    while fs >= MIN_FS - 1e-9:
        if tab.fit_widths(fs):
            pg = Paginator(tab, fs)
            tallest = max(tab.lay_out(r, fs).height for r in tab.recs)
            if tallest <= 0.5 * pg.capacity(False) and pg.capacity(True) > 3 * tallest / 4:
                return fs, pg.run()
        fs = round(fs - 0.5, 2)
    raise ValueError("the table does not fit the page at any size")


# ---------------------------------------------------------------------------
# budget-book pages (部门预算 disclosure around the table)
# ---------------------------------------------------------------------------

def _money(rng: random.Random, lo: float, hi: float) -> Decimal:
    return Decimal(str(round(rng.uniform(lo, hi), 2))).quantize(Decimal("0.01"))


def book_table(kind: str, tab: Table, rng: random.Random) -> tuple[str, list[str], list[list[str]]]:
    """(title, header, rows) of another table of the budget book, with plausible random numbers."""
    y, fmt = tab.s.year, (lambda d: tab.amount_text(format(d, "f")))
    if kind == "收支总表":
        incomes = ["一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "财政专户管理资金", "单位资金", "上年结转"]
        spends = ["一般公共服务支出", "教育支出", "社会保障和就业支出", "卫生健康支出", "农林水支出", "住房保障支出"]
        a = [_money(rng, 10, 9000) for _ in incomes]
        weights = [rng.uniform(1, 10) for _ in spends]  # spending shares of the same total: all positive
        b = [(sum(a) * Decimal(str(round(w / sum(weights), 4)))).quantize(Decimal("0.01")) for w in weights[:-1]]
        b.append(sum(a) - sum(b))
        rows = [[i, fmt(x), o, fmt(z)] for i, x, o, z in zip(incomes, a, spends, b)]
        rows.append(["收入总计", fmt(sum(a)), "支出总计", fmt(sum(b))])
        return f"{y}年部门收支总表", ["收入项目", "预算数", "支出项目", "预算数"], rows
    if kind == "一般公共预算支出表":
        codes = [("208", "社会保障和就业支出"), ("20801", "人力资源和社会保障管理事务"), ("2080101", "行政运行"),
                 ("2080109", "社会保险经办机构"), ("2080199", "其他人力资源和社会保障管理事务支出"),
                 ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗"),
                 ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金")]
        # Amounts on the 7-digit items; a 类 or 款 line is the sum of the items under it, as printed.
        leaf = {c: (_money(rng, 0, 3000), _money(rng, 0, 3000)) for c, _ in codes if len(c) == 7}
        under = lambda code: [v for c, v in leaf.items() if c.startswith(code)]  # noqa: E731
        rows = []
        for code, name in [("", "合计")] + codes:
            base, proj = sum((b for b, _ in under(code)), Decimal(0)), sum((p for _, p in under(code)), Decimal(0))
            rows.append([code, name, fmt(base + proj), fmt(base), fmt(proj)])
        return f"{y}年一般公共预算支出表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], rows
    if kind == "政府采购预算表":
        items = ["办公设备购置", "信息技术服务", "物业管理服务", "印刷服务", "车辆维修和保养服务", "软件开发服务"]
        projects = [r for r in tab.recs if r.kind == "project"]
        rows = []
        for r in rng.sample(projects, min(len(projects), rng.randint(3, 8))):
            amt = _money(rng, 1, 200)
            unit = tab.recs[[i for i, x in enumerate(tab.recs) if x.kind == "unit" and x.unit == r.unit][0]].name
            rows.append([unit, r.name, rng.choice(items), str(rng.randint(1, 30)), fmt(amt), fmt(amt), ""])
        return (f"{y}年政府采购预算表",
                ["单位名称", "项目名称", "采购品目", "采购数量", "总计", "财政拨款", "其他资金"], rows)
    raise ValueError(kind)


def prose(tab: Table, rng: random.Random) -> tuple[str, list[str]]:
    """A 说明 page: headings and paragraphs that name the department, its units and some totals."""
    g, y, u = tab.gold, tab.s.year, tab.money_unit
    units = [r.name for r in tab.recs if r.kind == "unit"]
    total = tab.amount_text(tab.recs[0].amounts.get("total"))
    n_proj = sum(1 for r in tab.recs if r.kind == "project")
    up = rng.uniform(1, 20)
    return f"关于{g['department']}{y}年部门预算的说明", [
        "一、部门主要职责",
        f"{g['department']}负责贯彻落实国家和省、市有关方针政策，统筹推进本部门职责范围内各项工作，"
        f"组织实施年度工作计划，并对所属单位的预算执行情况进行监督管理。",
        "二、部门预算单位构成",
        f"纳入本部门{y}年部门预算编制范围的单位共{len(units)}个，包括：{'、'.join(units)}。",
        "三、收支预算总体情况",
        f"{y}年收入预算{tab.amount_text(format(_money(rng, 5000, 90000), 'f'))}{u}，比上年增长{up:.2f}%，"
        f"主要原因是人员经费和项目支出有所增加。支出预算与收入预算相等。",
        "四、绩效目标设置情况",
        f"{y}年本部门共{n_proj}个项目实行绩效目标管理，涉及资金合计{total}{u}，"
        f"具体见《项目支出绩效目标表》。",
        "五、名词解释",
        "财政拨款收入：指本级财政当年拨付的资金。上年结转：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    ]


# ---------------------------------------------------------------------------
# drawing
# ---------------------------------------------------------------------------

class Drawer:
    def __init__(self, tab: Table, fs: float, out: Path):
        self.tab, self.fs, self.s = tab, fs, tab.s
        self.font = tab.font
        self.c = Canvas(str(out), pagesize=(tab.page_w, tab.page_h), invariant=1, pageCompression=1,
                        initialFontName=self.font, initialFontSize=fs)
        self.c.setTitle(tab.gold.get("title") or "")
        self.pageno = 0
        self.total_pages = 0

    def text(self, x: float, baseline: float, s: str, align: str = "left") -> None:
        if align == "right":
            self.c.drawRightString(x, baseline, s)
        elif align == "center":
            self.c.drawCentredString(x, baseline, s)
        else:
            self.c.drawString(x, baseline, s)

    def cell_text(self, x0: float, x1: float, top_y: float, lines, align: str, fs: float) -> None:
        """lines: [(text, offset from top_y downward, indent)]."""
        lead = fs * self.s.leading
        self.c.setFont(self.font, fs)
        for t, off, indent in lines:
            base = top_y - off - 0.5 * lead - 0.33 * fs
            if align == "right":
                self.text(x1 - self.s.pad, base, t, "right")
            elif align == "center":
                self.text((x0 + x1) / 2, base, t, "center")
            else:
                self.text(x0 + self.s.pad + indent, base, t)

    def footer(self) -> None:
        k = self.s.knobs["footer"]
        if k == "none":
            return
        s = {"page": f"第 {self.pageno} 页", "page-of": f"第{self.pageno}页 共{self.total_pages}页",
             "dash": f"- {self.pageno} -"}[k]
        self.c.setFont(self.font, 8)
        self.text(self.tab.page_w / 2, self.s.margin / 2, s, "center")

    def end_page(self) -> None:
        self.footer()
        self.c.showPage()

    # ours ------------------------------------------------------------------
    def header(self, y: float, kind: str) -> float:
        s, tab = self.s, self.tab
        hfs = s.header_size - (s.font_size - self.fs)
        align = s.knobs["header_align"]
        if kind == "repeat" and s.knobs["header_repeat"] == "restyled":
            hfs, align = hfs * 0.85, "left" if align == "center" else "center"
        cells, h = tab.header_cells(hfs, align)
        lead = hfs * s.leading
        for x0, x1, top, bottom, lines, al in cells:
            off = top + ((bottom - top) - len(lines) * lead) / 2
            self.cell_text(x0, x1, y, [(t, off + i * lead, 0.0) for i, t in enumerate(lines)], al, hfs)
        rules = s.knobs["rules"]
        c = self.c
        left, right = tab.cols[0].x0, tab.cols[-1].x1
        if rules in ("grid", "header-box"):
            for x0, x1, top, bottom, _, _ in cells:
                c.rect(x0, y - bottom, x1 - x0, bottom - top)
        elif rules in ("horizontal", "three-line"):
            c.setLineWidth(1.0 if rules == "three-line" else 0.5)
            c.line(left, y, right, y)
            c.setLineWidth(0.5)
            c.line(left, y - h, right, y - h)
            for x0, x1, top, bottom, _, _ in cells:
                if top == 0.0 and bottom < h:  # the 资金来源 group: a short rule under it
                    c.line(x0, y - bottom, x1, y - bottom)
        return h

    def table_page(self, page: TablePage) -> tuple[list[tuple[Piece, int]], float]:
        """Draw one page of our table; returns the pieces with their page and the y where the body starts."""
        s, tab, c = self.s, self.tab, self.c
        self.pageno += 1
        c.setLineWidth(0.5)
        y = tab.page_h - s.margin
        if page.title_block:
            title, lines = title_lines(tab)
            c.setFont(self.font, s.title_size)
            self.text(tab.page_w / 2, y - s.title_size, title, "center")
            y -= s.title_size * 1.8
            c.setFont(self.font, 9)
            for text, where in lines:
                y -= 13.0
                left, right = tab.cols[0].x0, tab.cols[-1].x1
                if where.startswith("lr:"):
                    self.text(left, y + 3, text)
                    self.text(right, y + 3, where[3:], "right")
                elif where == "center":
                    self.text(tab.page_w / 2, y + 3, text, "center")
                else:
                    self.text(left if where == "left" else right, y + 3, text, where)
            y -= 6.0
        top = y
        header_bottom = None
        if page.header:
            y -= self.header(y, page.header)
            header_bottom = y
        bounds = [y]
        for p in page.pieces:
            for col, cell in zip(tab.cols, p.cells):
                self.cell_text(col.x0, col.x1, y, cell.lines, cell.align, self.fs)
            y -= p.height
            bounds.append(y)
        rules = s.knobs["rules"]
        left, right = tab.cols[0].x0, tab.cols[-1].x1
        body_top = bounds[0]
        if rules in ("grid", "horizontal"):
            for b in bounds:
                c.line(left, b, right, b)
        if rules == "grid":
            for x in [col.x0 for col in tab.cols] + [right]:
                c.line(x, body_top, x, bounds[-1])
        if rules == "three-line":
            if header_bottom is None:  # no header on this page: the top rule opens the body
                c.setLineWidth(1.0)
                c.line(left, top, right, top)
            c.setLineWidth(1.0)
            c.line(left, bounds[-1], right, bounds[-1])
            c.setLineWidth(0.5)
        self.end_page()
        return [(p, self.pageno) for p in page.pieces], body_top

    # book pages ------------------------------------------------------------
    def meta_line(self, y: float) -> None:
        self.c.setFont(self.font, 9)
        self.text(self.s.margin, y, f"部门名称：{self.tab.gold['department']}")
        self.text(self.tab.page_w - self.s.margin, y, f"单位：{self.tab.money_unit}", "right")

    def other_table(self, title: str, header: list[str], rows: list[list[str]]) -> None:
        s, tab, c = self.s, self.tab, self.c
        self.pageno += 1
        fs = min(9.0, self.fs + 1)
        lead = fs * s.leading
        y = tab.page_h - s.margin
        c.setFont(self.font, s.title_size)
        self.text(tab.page_w / 2, y - s.title_size, title, "center")
        y -= s.title_size * 1.8 + 8
        self.meta_line(y)
        y -= 8
        table_w = tab.page_w - 2 * s.margin
        need = [max(text_w(r[i], self.font, fs) for r in rows + [header]) + 2 * s.pad + 6 for i in range(len(header))]
        scale = table_w / sum(need)
        xs = [s.margin]
        for w in need:
            xs.append(xs[-1] + w * scale)
        amountish = [all(re.fullmatch(r"[\d,.\-]*", r[i]) for r in rows) for i in range(len(header))]
        bounds = [y]
        for k, row in enumerate([header] + rows):
            cells = [wrap(t, xs[i + 1] - xs[i] - 2 * s.pad, self.font, fs) if t else [] for i, t in enumerate(row)]
            h = max(len(ls) for ls in cells) * lead + 2 * s.pad
            if y - h < s.margin + 14:
                break
            for i, ls in enumerate(cells):
                al = "center" if k == 0 else ("right" if amountish[i] else "left")
                self.cell_text(xs[i], xs[i + 1], y, [(t, s.pad + j * lead, 0.0) for j, t in enumerate(ls)], al, fs)
            y -= h
            bounds.append(y)
        if s.knobs["rules"] != "none":  # the book's other tables are plainly ruled
            c.setLineWidth(0.5)
            for b in bounds:
                c.line(xs[0], b, xs[-1], b)
            for x in xs:
                c.line(x, bounds[0], x, bounds[-1])
        self.end_page()

    def prose_page(self, title: str, paragraphs: list[str]) -> None:
        s, tab, c = self.s, self.tab, self.c
        self.pageno += 1
        fs = 10.5
        y = tab.page_h - s.margin - s.title_size
        c.setFont(self.font, s.title_size)
        self.text(tab.page_w / 2, y, title, "center")
        y -= s.title_size * 1.5
        c.setFont(self.font, fs)
        width = tab.page_w - 2 * s.margin
        for para in paragraphs:
            heading = len(para) < 16 and para[1] == "、"
            for line in wrap(para, width, self.font, fs, 0.0 if heading else 2 * fs):
                y -= fs * 1.7
                indent = 2 * fs if not heading and line == para[:len(line)] else 0.0
                self.text(s.margin + indent, y, line)
        self.end_page()


# ---------------------------------------------------------------------------
# rendering, gold, verification
# ---------------------------------------------------------------------------

@dataclass
class Rendering:
    pdf: Path
    gold_path: Path
    style_path: Path
    gold: dict
    style: dict


def register_font(knob: str) -> str:
    name, path, sub = FONTS.get(knob) or EXTRA_FONTS[knob]
    if knob in CFF_FONTS:
        path, sub = str(noto_ttf(knob)), 0
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=sub))
    return name


def gbk_codepoints() -> set[int]:
    """What a mainland government table prints: ASCII and every character of GBK (the GB 2312 hanzi and
    symbols, ≤ ≥ among them, and the rarer hanzi of names), plus the marks our golds carry (· ‘ ’ “ ”)."""
    out = set(range(0x20, 0x7F)) | {0xB7, 0x2018, 0x2019, 0x201C, 0x201D}
    for cp in range(0x80, 0x10000):
        if not 0xD800 <= cp < 0xE000:
            try:
                chr(cp).encode("gbk")
                out.add(cp)
            except UnicodeEncodeError:
                pass
    return out


def noto_ttf(knob: str) -> Path:
    """A TrueType copy (quadratic outlines, cu2qu) of the GBK subset of a CFF face, made once
    into out/fonts/ (about 30 s). Needs fontTools (dev extra)."""
    _, src, index = EXTRA_FONTS[knob]
    out = FONT_DIR / f"{knob}-gbk.ttf"
    if out.exists():
        return out
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.ttLib import newTable

    font = FTFont(src, fontNumber=index)
    opts = subset.Options()
    opts.name_IDs, opts.layout_features, opts.notdef_outline, opts.desubroutinize = ["*"], [], True, True
    opts.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "BASE", "GDEF"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=gbk_codepoints())
    sub.subset(font)
    order, glyph_set, glyphs = font.getGlyphOrder(), font.getGlyphSet(), {}
    for g in order:  # cubic → quadratic, within 1 font unit
        pen = TTGlyphPen(glyph_set)
        glyph_set[g].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[g] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    del font["CFF "]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for k in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
              "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, k, 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    FONT_DIR.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    font.save(str(tmp))
    tmp.replace(out)  # never a half-written font for a second caller
    return out


def drawn_gold(tab: Table, placed: list[tuple[Piece, int]], title: str) -> dict:
    """The gold of what was drawn: printed title, year, labels, order, unit; pages as drawn."""
    s, g = tab.s, tab.gold
    pages_of: dict[int, list[int]] = {}
    copies: dict[int, int] = {}
    for piece, pg in placed:
        key = id(piece.rec)
        if pg not in pages_of.setdefault(key, []):
            pages_of[key].append(pg)
        copies[key] = copies.get(key, 0) + (piece.part in ("whole", "clipped"))

    def amounts(a: dict) -> dict:
        src = a.get("sources", {})
        return {"total": tab.money(a.get("total")),
                "sources": {s.source_print[k]: tab.money(src[k]) for k in s.source_order if k in src}}

    recs = tab.recs
    out = {"title": title, "department": g["department"], "money_unit": tab.money_unit,
           "budget_year": printed_year(s, title),
           "source_columns": [s.source_print[k] for k in s.source_order],
           "totals": amounts(recs[0].amounts), "units": [], "findings": []}
    repeated = []
    for r in recs[1:]:
        if r.kind == "unit":
            out["units"].append({"name": r.name, "amounts": amounts(r.amounts), "pages": pages_of[id(r)],
                                 "projects": []})
            continue
        out["units"][-1]["projects"].append({
            "name": r.name, "amounts": amounts(r.amounts), "goal": r.goal or None, "pages": pages_of[id(r)],
            "indicators": r.indicators})
        if copies[id(r)] > 1:
            repeated.append({"unit": out["units"][-1]["name"], "name": r.name, "pages": pages_of[id(r)]})
    out["repeated_rows"] = repeated
    return out


def render(gold_path: Path, seed: int, out_dir: Path, overrides: Optional[dict] = None,
           stem: Optional[str] = None, verify: bool = True) -> Rendering:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    gstem = Path(gold_path).name.removesuffix(".json")
    stem = stem or f"{gstem}-s{seed}"
    style = choose_style(seed, gold, gstem, overrides)
    font = register_font(style.knobs["font"])
    recs, forms = wide_records(gold)
    tab = Table(gold, recs, style, font)
    check_glyphs(tab)
    fs, pages = fit(tab)
    rng = random.Random(f"book:{seed}")
    book = style.knobs["book"] == "yes"
    before = style.book_before if book else []
    after = style.book_after if book else []

    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{stem}.pdf"
    d = Drawer(tab, fs, pdf)
    d.total_pages = len(before) + len(pages) + len(after)
    for kind in before:
        d.prose_page(*prose(tab, rng)) if kind == "说明" else d.other_table(*book_table(kind, tab, rng))
    placed, body_tops = [], {}
    first_page = d.pageno + 1
    for page in pages:
        pieces, top = d.table_page(page)
        body_tops[d.pageno] = top
        placed += pieces
    for kind in after:
        d.prose_page(*prose(tab, rng)) if kind == "说明" else d.other_table(*book_table(kind, tab, rng))
    d.c.save()

    title, _ = title_lines(tab)
    g = drawn_gold(tab, placed, title)
    record = style.record()
    record.update(columns=[[c.key, round(c.x0, 2), round(c.x1, 2)] for c in tab.cols],
                  body_tops={str(k): round(v, 2) for k, v in body_tops.items()},
                  drawn_from_forms=forms, rows_split=sum(p.part == "first" for p, _ in placed),
                  rows_repeated=sum(p.part == "clipped" for p, _ in placed), font_size=fs, table_pages=[first_page, first_page + len(pages) - 1], pages=d.pageno,
                  gold=_shown(Path(gold_path)), book_before=before, book_after=after)
    gpath, spath = out_dir / f"{stem}.gold.json", out_dir / f"{stem}.style.json"
    gpath.write_text(json.dumps(g, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    spath.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if verify:
        problems = verify_pdf(pdf, tab, g, body_tops, record)
        if problems:
            raise AssertionError(f"{pdf.name}: " + "; ".join(problems[:8]))
    return Rendering(pdf, gpath, spath, g, record)


def _shown(path: Path) -> str:
    """A gold's path as recorded: relative to the repository when inside it (stable across checkouts)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def check_glyphs(tab: Table) -> None:
    face = pdfmetrics.getFont(tab.font).face
    text = "".join(tab.cell_text(r, c) for r in tab.recs for c in tab.cols) + tab.gold["department"]
    missing = sorted({ch for ch in text if ch.strip() and ord(ch) not in face.charToGlyph})
    if missing:
        raise ValueError(f"font {tab.s.knobs['font']} lacks {missing}")


def verify_pdf(pdf: Path, tab: Table, gold: dict, body_tops: dict[int, float], style: dict) -> list[str]:
    """Read the PDF back: every unit and project name in the name column's text, marks as chars, pages as drawn."""
    import pdfplumber

    problems = []
    names = [u["name"] for u in gold["units"]] + [p["name"] for u in gold["units"] for p in u["projects"]]
    col = tab.cols[0]
    first, last = style["table_pages"]
    with pdfplumber.open(pdf) as doc:
        if len(doc.pages) != style["pages"]:
            problems.append(f"{len(doc.pages)} pages, drew {style['pages']}")
        column = ""
        marks = {m: 0 for m in "·‘’"}
        for pg in range(first, last + 1):
            page = doc.pages[pg - 1]
            top = tab.page_h - body_tops[pg]
            crop = page.crop((col.x0, max(top, 0), col.x1, page.height))
            column += re.sub(r"\s+", "", crop.extract_text() or "")
            for ch in page.chars:
                if ch["text"] in marks:
                    marks[ch["text"]] += 1
    for n in names:
        if re.sub(r"\s+", "", n) not in column:
            problems.append(f"name {n!r} not read back")
    for m in marks:
        drawn = sum(n.count(m) for n in names)
        if marks[m] < drawn:
            problems.append(f"mark {m!r}: {marks[m]} read, {drawn} in names")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "styles")
    ap.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE", help="force a knob value")
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args(argv)
    overrides = dict(kv.split("=", 1) for kv in args.set)
    r = render(args.gold, args.seed, args.out, overrides, verify=not args.no_verify)
    k = r.style["knobs"]
    print(f"wrote {r.pdf} ({r.pdf.stat().st_size} bytes, {r.style['pages']} pages, table on "
          f"{r.style['table_pages'][0]}–{r.style['table_pages'][1]}, body {r.style['font_size']}pt): "
          + " ".join(f"{a}={b}" for a, b in k.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
