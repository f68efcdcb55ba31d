"""Cells of a ruled form page (项目支出绩效目标申报表 / 批复表), and whether a document holds such forms.

Cells come from the ruling lines: the page is cut into slots at every distinct rule position, and
neighbouring slots with no rule drawn between them are one (merged) cell.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from extractor.normalize import for_matching, join_lines
from extractor.source.page import Char, PageText

_TOL = 1.5  # points: rules closer than this are one
_MAX_SLOTS = 40_000


class FormError(Exception):
    """No per-project form on any page."""


# ---------------------------------------------------------------- cells


@dataclass
class Cell:
    r0: int  # first slot row
    r1: int  # one past the last slot row
    c0: int
    c1: int
    x0: float
    top: float
    x1: float
    bottom: float
    chars: list[Char] = field(default_factory=list)
    text: str = ""

    @property
    def label(self) -> str:
        """The text as a label: normalised, without a trailing colon."""
        return for_matching(self.text).rstrip(":：")


@dataclass
class Grid:
    page: PageText
    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    slot: list[list[int]]  # cell index of each (row, col)
    outside: list[Char]    # chars in no cell (title, footer)

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    def at(self, r: int, c: int) -> Optional[Cell]:
        if 0 <= r < self.rows and 0 <= c < len(self.xs) - 1:
            return self.cells[self.slot[r][c]]
        return None

    def right_of(self, cell: Cell) -> Optional[Cell]:
        return self.at(cell.r0, cell.c1)

    def col_index(self, x: float) -> Optional[int]:
        """The index of the column edge at x, if the grid has one there."""
        best = min(range(len(self.xs)), key=lambda i: abs(self.xs[i] - x))
        return best if abs(self.xs[best] - x) <= 2 * _TOL else None


def _merge(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return out


def _intervals(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + _TOL:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _covered(intervals: list[tuple[float, float]], a: float, b: float) -> bool:
    return any(lo <= a + _TOL and hi >= b - _TOL for lo, hi in intervals)


def _lines(chars: list[Char]) -> list[str]:
    """Characters into lines (same line when their vertical extents mostly overlap), top to bottom."""
    groups: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c.top, c.x0)):
        g = groups[-1] if groups else None
        if g is not None:
            top, bottom = min(x.top for x in g), max(x.bottom for x in g)
            if min(bottom, c.bottom) - max(top, c.top) > 0.5 * min(bottom - top, c.bottom - c.top):
                g.append(c)
                continue
        groups.append([c])
    lines = []
    for g in groups:
        g.sort(key=lambda c: c.x0)
        parts = [g[0].text]
        for a, b in zip(g, g[1:]):
            if b.x0 - a.x1 > 0.8 * max(a.size, 1.0) and a.text.strip() and b.text.strip():
                parts.append(" ")
            parts.append(b.text)
        lines.append("".join(parts))
    return lines


def build_grid(page: PageText) -> Optional[Grid]:
    """The page's ruled cells, merged cells as one; None when the page has no ruled table."""
    hrules = [r for r in page.hrules if r.x1 - r.x0 > 2 * _TOL]
    vrules = [r for r in page.vrules if r.bottom - r.top > 2 * _TOL]
    xs, ys = _merge([r.x for r in vrules]), _merge([r.y for r in hrules])
    if len(xs) < 3 or len(ys) < 3 or len(xs) * len(ys) > _MAX_SLOTS:
        return None  # no table, or a drawing (a chart's thousands of strokes), not a form
    v_at = [_intervals([(r.top, r.bottom) for r in vrules if abs(r.x - x) <= _TOL]) for x in xs]
    h_at = [_intervals([(r.x0, r.x1) for r in hrules if abs(r.y - y) <= _TOL]) for y in ys]
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(v_at[c + 1], ys[r], ys[r + 1]):
                union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not _covered(h_at[r + 1], xs[c], xs[c + 1]):
                union(r * nc + c, (r + 1) * nc + c)
    index: dict[int, int] = {}
    cells: list[Cell] = []
    slot = [[0] * nc for _ in range(nr)]
    for r in range(nr):
        for c in range(nc):
            root = find(r * nc + c)
            if root not in index:
                index[root] = len(cells)
                cells.append(Cell(r, r + 1, c, c + 1, xs[c], ys[r], xs[c + 1], ys[r + 1]))
            cell = cells[index[root]]
            cell.r1, cell.c0, cell.c1 = max(cell.r1, r + 1), min(cell.c0, c), max(cell.c1, c + 1)
            cell.x0, cell.x1 = xs[cell.c0], xs[cell.c1]
            cell.bottom = ys[cell.r1]
            slot[r][c] = index[root]
    outside = []
    for ch in page.chars:
        if not ch.text.strip():
            continue
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]:
            cells[slot[bisect_right(ys, cy) - 1][bisect_right(xs, cx) - 1]].chars.append(ch)
        else:
            outside.append(ch)
    for cell in cells:
        cell.text = join_lines(_lines(cell.chars)) if cell.chars else ""
    return Grid(page, xs, ys, cells, slot, outside)


# ---------------------------------------------------------------- detection


def _has_label(grid: Grid, *labels: str) -> bool:
    have = {c.label for c in grid.cells if c.text}
    return all(lab in have for lab in labels)


def grids_of(pages: list[PageText]) -> list[Optional[Grid]]:
    """Each page's grid (None for a page with no ruled table), to share between detect and extract."""
    return [build_grid(p) for p in pages]


def detect(pages: list[PageText], grids: Optional[list[Optional[Grid]]] = None) -> bool:
    """True when some page holds a form: a 项目名称 cell, and an 一级 / 二级 / 三级指标 header row."""
    grids = grids_of(pages) if grids is None else grids
    name = any(g is not None and _has_label(g, "项目名称") for g in grids)
    head = any(g is not None and _has_label(g, "一级指标", "二级指标", "三级指标") for g in grids)
    return name and head
