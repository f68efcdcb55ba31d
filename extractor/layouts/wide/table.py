"""Rebuild table rows and cells from positioned characters: one code path, ruled or not.

1. Where: the pages (and the band of each page) that hold the 项目支出绩效目标表 (locate.py).
2. Columns: the header's labels (header.py) joined with the body's white gutters; vertical rules,
   where drawn, are taken as the edges (columns.py).
3. Rows: each column's lines cut into blocks at gaps wider than the line spacing (and at any
   horizontal rule); blocks whose vertical extents overlap make one row. Where rules are drawn
   between body rows, the bands between rules are the rows.
A header repeated on a later page (drawn the same or differently) is recognised there and never
becomes a row.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field
from typing import Iterable, Optional

from extractor.layouts.wide.columns import Cuts, find_cuts
from extractor.layouts.wide.header import Header, classify, clean_label, page_words
from extractor.layouts.wide.locate import TablePage, find_table_pages
from extractor.source.page import Char, PageText
from extractor.vocabulary import funding_source

_AMOUNT_TEXT = re.compile(r"^-?[\d,]+(\.\d+)?$")


@dataclass
class Line:
    """A run of characters on one baseline inside one column."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    doubt: str = ""  # why the column of this text is in doubt (it straddles an edge, or fits two columns)


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
    table_pages: list[int] = field(default_factory=list)  # the pages the table was found on
    unknown_labels: list[str] = field(default_factory=list)  # source labels outside the vocabulary
    scanned: list[int] = field(default_factory=list)  # pages read by OCR


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


# ---------------------------------------------------------------- rows


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


def _merge_xs(xs: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for x in sorted(xs):
        if out and x - out[-1] < tol:
            continue
        out.append(x)
    return out


def _rows_by_blocks(lines_by_col, page: int, rules: Iterable[float] = ()) -> list[Row]:
    """Rows from blocks of lines; a rule between two lines always parts them."""
    rules = sorted(rules)
    blocks = []  # (top, bottom, col, lines)
    heights = [l.bottom - l.top for ls in lines_by_col.values() for l in ls]
    lh = statistics.median(heights) if heights else 8.0
    # The gap between two lines of one cell is the same in every column (one leading): measure it
    # where cells run longest (a column of one-line names has only gaps between rows).
    gaps = sorted(b.top - a.bottom for ls in lines_by_col.values()
                  for a, b in zip(sorted(ls, key=lambda l: l.top), sorted(ls, key=lambda l: l.top)[1:]))
    small = [g for g in gaps if -0.5 * lh < g < lh]
    g_in = small[len(small) // 5] if small else 0.2 * lh
    threshold = g_in + max(1.5, 0.3 * lh)
    for ci, lines in lines_by_col.items():
        lines = sorted(lines, key=lambda l: l.top)
        cur = [lines[0]]
        for a, b in zip(lines, lines[1:]):
            if b.top - a.bottom > threshold or any(a.bottom <= y <= b.top for y in rules):
                blocks.append((cur[0].top, max(l.bottom for l in cur), ci, cur))
                cur = [b]
            else:
                cur.append(b)
        blocks.append((cur[0].top, max(l.bottom for l in cur), ci, cur))
    blocks.sort(key=lambda b: b[0])
    rows: list[Row] = []
    for top, bottom, ci, lines in blocks:
        if rows and top < rows[-1].bottom - 0.5 and not any(rows[-1].top < y <= top for y in rules):
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




# ---------------------------------------------------------------- columns


def _body_words(tp: TablePage):
    """Words of the table's body on one page (footer and anything below the table left out)."""
    for line, words in page_words(tp.page):
        if line[0].top >= tp.top - 0.5 and line[0].bottom <= tp.bottom + 0.5:
            yield from (w for w in words if w.top >= tp.top - 0.5 and w.bottom <= tp.bottom + 0.5)


def _vrule_xs(tp: TablePage) -> list[float]:
    """Vertical rules crossing the header or the body."""
    top = tp.header.top if tp.header else tp.top
    return [r.x for r in tp.page.vrules if r.bottom > top + 1 and r.top < tp.bottom - 1]


def _columns(header: Header, table_pages: list[TablePage]) -> tuple[list[Column], Cuts]:
    """Columns of the table: labels from `header`, edges from every page's body (one table, one geometry)."""
    spans = [(w.x0, w.x1) for tp in table_pages for w in _body_words(tp)]
    xs = sorted({round(x, 1) for tp in table_pages for x in _vrule_xs(tp)})
    cuts = find_cuts(header.labels, spans, xs)
    right = max([tp.page.width for tp in table_pages])
    labels = [l.text for l in header.labels]
    kinds = classify([clean_label(l) for l in labels])
    cols = [Column(clean_label(lab), kind, x0, x1)
            for lab, kind, (x0, x1) in zip(labels, kinds, cuts.bounds(0.0, right))]
    return cols, cuts


def _mark_doubts(lines_by_col: dict[int, list[Line]], cols: list[Column], cuts: Cuts) -> None:
    """Amounts whose column is in doubt: their box crosses an edge, or lies where two alignments disagree."""
    for ci, lines in lines_by_col.items():
        col = cols[ci]
        for line in lines:
            if not _AMOUNT_TEXT.match(re.sub(r"\s+", "", line.text)):
                continue
            if (ci > 0 and line.x0 < col.x0 - 0.5) or (ci + 1 < len(cols) and line.x1 > col.x1 + 0.5):
                line.doubt = f"{line.text.strip()} crosses the edge of column {col.label}"
            for lo, hi in cuts.doubt:
                if line.x0 >= lo - 0.5 and line.x1 <= hi + 0.5:
                    line.doubt = (f"{line.text.strip()} may belong to column {col.label} or its neighbour "
                                  f"(no rule, and the header's alignment does not settle it)")


# ---------------------------------------------------------------- rows


def _column_at(edges: list[float], x: float) -> Optional[int]:
    i = bisect.bisect_right(edges, x) - 1
    return i if 0 <= i < len(edges) - 1 else None


def _lines_by_column(tp: TablePage, cols: list[Column]) -> dict[int, list[Line]]:
    """Each column's lines on the page: a word goes whole to the column holding its middle
    (a space, to the column holding its own)."""
    edges = [c.x0 for c in cols] + [cols[-1].x1]
    by_col: dict[int, list[Char]] = {}
    for w in _body_words(tp):
        ci = _column_at(edges, w.mid)
        if ci is not None:
            by_col.setdefault(ci, []).extend(w.chars)
    for c in tp.page.chars:  # spaces: page_lines leaves them out, lines_from_chars reads them
        if c.text.isspace() and c.top >= tp.top - 0.5 and c.bottom <= tp.bottom + 0.5:
            ci = _column_at(edges, (c.x0 + c.x1) / 2)
            if ci is not None:
                by_col.setdefault(ci, []).append(c)
    return {ci: lines for ci, chars in by_col.items() if (lines := lines_from_chars(chars))}


def _page_rows(tp: TablePage, cols: list[Column], lines_by_col: dict[int, list[Line]]) -> list[Row]:
    x0, x1 = cols[0].x0, cols[-1].x1
    tops = [l.top for ls in lines_by_col.values() for l in ls]
    bottoms = [l.bottom for ls in lines_by_col.values() for l in ls]
    left = min(l.x0 for ls in lines_by_col.values() for l in ls)
    right = max(l.x1 for ls in lines_by_col.values() for l in ls)
    width = right - left
    rules = _merge_xs([r.y for r in tp.page.hrules
                       if tp.top - 1 < r.y < tp.bottom and min(r.x1, right) - max(r.x0, left) > 0.5 * width])
    # Rules between body rows (text above and below them) make the rows; a rule only above the body
    # or under its last row (a three-line table) says nothing about rows.
    inner = [y for y in rules if min(tops) < y < max(bottoms)]
    if len(inner) >= 2:
        rows = _rows_by_rules(lines_by_col, [tp.top] + [y for y in rules if y > tp.top + 1], tp.page.number,
                              tp.bottom)
        if getattr(tp.page, "ocr", False):
            total = next((i for i, c in enumerate(cols) if c.kind == "total"), None)
            rows = [part for row in rows for part in _split_unruled(row, total)]
        return rows
    return _rows_by_blocks(lines_by_col, tp.page.number, inner)


def _split_unruled(row: Row, total: Optional[int]) -> list[Row]:
    """A band between two rules that holds several rows, on a scan where the rules between them
    were too faint to find (合计, the unit and its first project in one band): parted by blocks of
    lines when that gives one row per amount in the 总计 column, each row its own total."""
    amounts = [l for l in row.cells.get(total, []) if _AMOUNT_TEXT.match(re.sub(r"\s+", "", l.text))] \
        if total is not None else []
    if len(amounts) < 2:
        return [row]
    parts = _rows_by_blocks(row.cells, row.page)
    per_part = [sum(1 for l in p.cells.get(total, []) if any(l is a for a in amounts)) for p in parts]
    if len(parts) != len(amounts) or per_part != [1] * len(parts):
        return [row]
    return parts


# ---------------------------------------------------------------- the table


def _labels_read_elsewhere(columns: list[Column], found: list[TablePage]) -> list[tuple[int, str]]:
    """Source columns whose label OCR misread on the first page (财政接效) but read as a funding source
    of the vocabulary where the header is printed again (财政拨款, over the same column): relabelled
    with that reading when all such readings agree. Returns the notes saying so."""
    notes = []
    for col in columns:
        if col.kind != "source" or funding_source(col.label) is not None:
            continue
        if funding_source(re.sub(r"[^\w（）()]", "", col.label)) is not None:
            continue  # a mark glued to a label of the vocabulary: the OCR repair drops it, and says so
        seen = {clean_label(l.text) for tp in found if tp.header is not None for l in tp.header.labels
                if col.x0 <= l.mid <= col.x1 and funding_source(clean_label(l.text)) is not None}
        if len(seen) == 1:
            label = seen.pop()
            notes.append((found[0].page.number, f"header label {col.label!r} misread; the header printed again "
                                                f"on a later page reads {label!r} over the same column"))
            col.label = label
    return notes


def build_table(pages: list[PageText], page_numbers: Optional[Iterable[int]] = None) -> Table:
    """Rows of the wide target table. `page_numbers` (1-based) says where the table is, instead of
    finding it. Raises LayoutError if no page has its header."""
    found = find_table_pages(pages, page_numbers)
    first = next((tp for tp in found if tp.header is not None), None)
    if first is None:
        where = f"pages {sorted(page_numbers)}" if page_numbers is not None else f"any of {len(pages)} page(s)"
        raise LayoutError(f"no 项目支出绩效目标表 header (项目名称 … 总计 … 绩效目标 … 绩效指标) found on {where}")
    found = found[found.index(first):]
    columns, cuts = _columns(first.header, found)
    kinds = [c.kind for c in columns]
    if "name" not in kinds or "total" not in kinds:
        raise LayoutError(f"header found but without a name and a 总计 column: {[c.label for c in columns]}")
    preamble = [l.text for l in lines_from_chars([c for c in first.page.chars if c.bottom <= first.header.top + 1])]
    notes: list[tuple[int, str]] = [
        (first.page.number, f"header label {read!r} read past recognising: taken for {label} by its place "
                            f"and the column under it") for read, label in first.header.inferred]
    if getattr(first.page, "ocr", False):
        notes += _labels_read_elsewhere(columns, found)
    rows: list[Row] = []
    for tp in found:
        if tp.header is not None and tp is not first:
            again = classify([clean_label(l.text) for l in tp.header.labels])
            if again != kinds:
                notes.append((tp.page.number, "header differs from the first page's; first page's columns used"))
        lines_by_col = _lines_by_column(tp, columns)
        if not lines_by_col:
            continue
        _mark_doubts(lines_by_col, columns, cuts)
        rows.extend(_page_rows(tp, columns, lines_by_col))
    return Table(columns, rows, preamble, len(pages), [tp.page.number for tp in found if tp.header is not None],
                 notes, table_pages=[tp.page.number for tp in found],
                 scanned=[p.number for p in pages if getattr(p, "ocr", False)])
