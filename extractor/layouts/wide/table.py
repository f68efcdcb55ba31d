"""Rebuild table rows and cells from positioned characters.

Works with a full grid (rows cut at horizontal rulings) and without one (tables
ruled only around the header, or not at all): then each column's text is cut
into blocks at gaps wider than the line spacing, and blocks whose vertical
extents overlap make one row. Column x-ranges come from the header: its
vertical rulings where it has them, else the gaps between its labels.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Optional

from extractor.normalize import for_matching
from extractor.source.page import Char, PageText

HEADER_WORDS = ("项目名称", "总计", "合计", "财政拨款", "绩效目标", "绩效指标", "资金来源", "资金使用单位")
_FOOTER = re.compile(r"^(第\d+页(共\d+页)?|[-—–]?\d+[-—–]?|\d+/\d+|第\d+页/共\d+页)$")


@dataclass
class Line:
    """A run of characters on one baseline inside one column."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Column:
    """A table column: `kind` is name | total | source | goal | indicators | other."""

    label: str
    kind: str
    x0: float
    x1: float


@dataclass
class Row:
    page: int
    top: float
    bottom: float
    cells: dict[int, list[Line]] = field(default_factory=dict)

    def text(self, col: int) -> str:
        return "".join(line.text.strip() for line in self.cells.get(col, [])).strip()

    def bbox(self, x0: float, x1: float) -> tuple[float, float, float, float]:
        return (round(x0, 1), round(self.top, 1), round(x1, 1), round(self.bottom, 1))


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    preamble: list[str]  # text lines above the first header (title, 部门名称, 单位)
    page_count: int
    pages_with_header: list[int]
    notes: list[tuple[int, str]] = field(default_factory=list)  # (page, message) for findings


class LayoutError(Exception):
    """No table of the kind we know on any page."""


# ---------------------------------------------------------------- lines


def lines_from_chars(chars: list[Char]) -> list[Line]:
    """Group characters into lines: same line when their vertical extents mostly overlap."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c.top, c.x0))
    groups: list[list[Char]] = []
    for c in chars:
        placed = False
        for g in reversed(groups[-3:]):
            top = min(x.top for x in g[:1])
            bottom = g[0].bottom
            overlap = min(bottom, c.bottom) - max(top, c.top)
            if overlap > 0.5 * min(bottom - top, c.bottom - c.top):
                g.append(c)
                placed = True
                break
        if not placed:
            groups.append([c])
    lines = []
    for g in groups:
        if all(not c.text.strip() for c in g):
            continue
        g.sort(key=lambda c: c.x0)
        parts = [g[0].text]
        for a, b in zip(g, g[1:]):
            if b.x0 - a.x1 > 0.8 * max(a.size, 1.0) and a.text != " " and b.text != " ":
                parts.append(" ")
            parts.append(b.text)
        lines.append(
            Line("".join(parts), min(c.x0 for c in g), min(c.top for c in g), max(c.x1 for c in g), max(c.bottom for c in g))
        )
    lines.sort(key=lambda l: (l.top, l.x0))
    return lines


def _words(line_chars: list[Char]) -> list[tuple[float, float, str]]:
    """Split one line's chars at gaps wider than a character: (x0, x1, text)."""
    line_chars = sorted(line_chars, key=lambda c: c.x0)
    words: list[list[Char]] = [[line_chars[0]]]
    for a, b in zip(line_chars, line_chars[1:]):
        if b.x0 - a.x1 > max(a.size, 1.0):
            words.append([b])
        else:
            words[-1].append(b)
    return [(w[0].x0, w[-1].x1, "".join(c.text for c in w)) for w in words]


# ---------------------------------------------------------------- header


def _classify(labels: list[str]) -> list[str]:
    kinds = []
    for lab in labels:
        m = for_matching(lab)
        # 目标 / 指标 carry the column's role (a scan may misread 绩 as 续); no funding source ends so.
        if "绩效指标" in m or m in ("指标", "绩效指标") or m.endswith("效指标"):
            kinds.append("indicators")
        elif "绩效目标" in m or "年度目标" in m or m.endswith("效目标"):
            kinds.append("goal")
        elif "项目名称" in m or "资金使用单位" in m or m in ("单位", "项目"):
            kinds.append("name")
        elif m in ("总计", "合计", "金额", "资金总额", "预算金额", "总额") or m.startswith(("总计", "合计")):
            kinds.append("total")
        else:
            kinds.append("source")
    # Source columns are only those between 总计 and 绩效目标; anything else is "other".
    if "total" in kinds:
        t = kinds.index("total")
        end = kinds.index("goal") if "goal" in kinds else len(kinds)
        kinds = [k if k != "source" or t < i < end else "other" for i, k in enumerate(kinds)]
    return kinds


def _find_header(page: PageText) -> Optional[tuple[float, float]]:
    """(top, bottom) of the header band, or None when the page has no header."""
    lines = _group_page_lines(page.chars)
    for line in lines:
        text = for_matching("".join(c.text for c in sorted(line, key=lambda c: c.x0)))
        hits = sum(1 for w in HEADER_WORDS if w in text)
        if hits >= 3 or (hits >= 2 and "绩效指标" in text):
            top = min(c.top for c in line)
            bottom = max(c.bottom for c in line)
            # Stretch to the rulings around it, so that wrapped labels come in too.
            above = [r.y for r in page.hrules if r.y <= top + 1 and top - r.y < 40]
            below = [r.y for r in page.hrules if r.y >= bottom - 1 and r.y - bottom < 40]
            if above and below:
                return max(above), min(below)
            return top - 1, bottom + 1
    return None


def _group_page_lines(chars: list[Char]) -> list[list[Char]]:
    out: list[list[Char]] = []
    for c in sorted((c for c in chars if c.text.strip()), key=lambda c: c.top):
        if out and abs(c.top - out[-1][0].top) < 0.5 * max(c.size, 1.0):
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _merge_xs(xs: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for x in sorted(xs):
        if out and x - out[-1] < tol:
            continue
        out.append(x)
    return out


def _columns(page: PageText, band: tuple[float, float]) -> list[Column]:
    top, bottom = band
    band_chars = [c for c in page.chars if c.top >= top - 1 and c.bottom <= bottom + 1]
    xs = _merge_xs([r.x for r in page.vrules if r.top < bottom - 1 and r.bottom > top + 1])
    if len(xs) >= 4:
        bounds = list(zip(xs, xs[1:]))
    else:
        # No rulings: columns meet halfway between neighbouring labels.
        line = max(_group_page_lines(band_chars), key=len)
        words = _words(line)
        cuts = [(a[1] + b[0]) / 2 for a, b in zip(words, words[1:])]
        edges = [0.0] + cuts + [page.width]
        bounds = list(zip(edges, edges[1:]))
    labels = []
    for x0, x1 in bounds:
        inside = []
        for line in _group_page_lines(band_chars):
            for wx0, wx1, text in _words(line):
                # A word wider than the column is a group label (资金来源 over its sources).
                if wx0 >= x0 - 1 and wx1 <= x1 + 1:
                    inside.append(text)
        labels.append("".join(inside))
    kinds = _classify(labels)
    return [Column(lab, kind, x0, x1) for lab, kind, (x0, x1) in zip(labels, kinds, bounds) if lab or kind != "source"]


# ---------------------------------------------------------------- rows


def _column_of(columns: list[Column], c: Char) -> Optional[int]:
    mid = (c.x0 + c.x1) / 2
    for i, col in enumerate(columns):
        if col.x0 <= mid < col.x1:
            return i
    return None


def _is_footer(line: Line, page: PageText) -> bool:
    return line.top > page.height * 0.9 and bool(_FOOTER.match(re.sub(r"\s+", "", line.text)))


def _rows_by_rules(lines_by_col, rules: list[float], page: int, end: float) -> list[Row]:
    bounds = rules + [end]
    rows = [Row(page, a, b) for a, b in zip(bounds, bounds[1:])]
    for ci, lines in lines_by_col.items():
        for line in lines:
            mid = (line.top + line.bottom) / 2
            for row in rows:
                if row.top <= mid < row.bottom:
                    row.cells.setdefault(ci, []).append(line)
                    break
    out = [r for r in rows if r.cells]
    for r in out:
        r.top = min(l.top for ls in r.cells.values() for l in ls)
        r.bottom = max(l.bottom for ls in r.cells.values() for l in ls)
    return out


def _rows_by_blocks(lines_by_col, page: int) -> list[Row]:
    blocks = []  # (top, bottom, col, lines)
    heights = [l.bottom - l.top for ls in lines_by_col.values() for l in ls]
    lh = statistics.median(heights) if heights else 8.0
    for ci, lines in lines_by_col.items():
        lines = sorted(lines, key=lambda l: l.top)
        gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])]
        small = [g for g in gaps if g < lh]
        g_in = statistics.median(small) if small else 0.2 * lh
        threshold = g_in + max(1.5, 0.3 * lh)
        cur = [lines[0]]
        for a, b in zip(lines, lines[1:]):
            if b.top - a.bottom > threshold:
                blocks.append((cur[0].top, max(l.bottom for l in cur), ci, cur))
                cur = [b]
            else:
                cur.append(b)
        blocks.append((cur[0].top, max(l.bottom for l in cur), ci, cur))
    blocks.sort(key=lambda b: b[0])
    rows: list[Row] = []
    for top, bottom, ci, lines in blocks:
        if rows and top < rows[-1].bottom - 0.5:
            row = rows[-1]
            row.bottom = max(row.bottom, bottom)
        else:
            row = Row(page, top, bottom)
            rows.append(row)
        row.cells.setdefault(ci, []).extend(lines)
    for r in rows:
        for ls in r.cells.values():
            ls.sort(key=lambda l: l.top)
    return rows


def build_table(pages: list[PageText]) -> Table:
    """Rows of the wide target table over all pages. Raises LayoutError if no page has its header."""
    columns: Optional[list[Column]] = None
    rows: list[Row] = []
    preamble: list[str] = []
    with_header: list[int] = []
    notes: list[tuple[int, str]] = []
    for page in pages:
        band = _find_header(page)
        if band is not None:
            cols = _columns(page, band)
            if columns is None:
                columns = cols
                preamble = [l.text for l in lines_from_chars([c for c in page.chars if c.bottom <= band[0] + 1])]
            elif [c.kind for c in cols] != [c.kind for c in columns]:
                notes.append((page.number, "header differs from the first page's; first page's columns used"))
                cols = columns
            with_header.append(page.number)
            body_top = band[1]
        elif columns is None:
            continue
        else:
            cols = columns
            body_top = 0.0
        body = [c for c in page.chars if c.top >= body_top - 0.5]
        by_col: dict[int, list[Char]] = {}
        for c in body:
            ci = _column_of(cols, c)
            if ci is not None:
                by_col.setdefault(ci, []).append(c)
        lines_by_col = {}
        for ci, chars in by_col.items():
            lines = [l for l in lines_from_chars(chars) if not _is_footer(l, page)]
            if lines:
                lines_by_col[ci] = lines
        if not lines_by_col:
            continue
        x0, x1 = cols[0].x0, cols[-1].x1
        width = x1 - x0
        rules = _merge_xs([r.y for r in page.hrules if r.y > body_top + 1 and (r.x1 - r.x0) > 0.5 * width])
        if rules:
            page_rows = _rows_by_rules(lines_by_col, [body_top] + rules, page.number, page.height)
        else:
            page_rows = _rows_by_blocks(lines_by_col, page.number)
        rows.extend(page_rows)
    if columns is None:
        raise LayoutError(
            f"no 项目支出绩效目标表 header (项目名称 … 总计 … 绩效指标) found on any of {len(pages)} page(s)"
        )
    kinds = [c.kind for c in columns]
    if "name" not in kinds or "total" not in kinds:
        raise LayoutError(f"header found but without a name and a 总计 column: {[c.label for c in columns]}")
    return Table(columns, rows, preamble, len(pages), with_header, notes)
