"""Two rows read as one: a band of a scanned table whose amount cells each hold one amount per row.

On a scan the rule between two one-line rows (合计 and the department's row, say) can be too faint
to find; the rows are then one band, and each amount cell joins two amounts into a string that is
no amount ('103615414.6672668998.50'). The band is parted between the amounts of its 总计 cell
when the table's arithmetic says that is what it holds: every line of every cell lies on one side
of each cut, every part has a name, and in every part the sources add up to its 总计. Anything
short of that is left as read (and reported unreadable by the layout). Each parting is a warning.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from extractor.layouts.repairs.base import Change, Repair
from extractor.layouts.repairs.header import fix_amount
from extractor.layouts.wide.table import Line, Row


def _value(text: str) -> Optional[Decimal]:
    fixed, _ = fix_amount(text)
    s = "".join(fixed.split()).replace(",", "")
    try:
        return Decimal(s) if s and s.lstrip("-").replace(".", "", 1).isdigit() else None
    except InvalidOperation:
        return None


def _cuts(lines: list[Line]) -> Optional[list[float]]:
    """Where to part a band between its 总计 lines (one amount each, one above the other), or None."""
    lines = sorted(lines, key=lambda l: l.top)
    if len(lines) < 2 or any(_value(l.text) is None for l in lines):
        return None
    if any(b.top < a.bottom - 0.5 for a, b in zip(lines, lines[1:])):
        return None
    return [(a.bottom + b.top) / 2 for a, b in zip(lines, lines[1:])]


def _parts(row: Row, cuts: list[float]) -> Optional[list[Row]]:
    """The band's lines dealt to the parts between `cuts`; None when a line crosses a cut."""
    bounds = [row.top] + cuts + [row.bottom]
    parts = [Row(row.page, a, b) for a, b in zip(bounds, bounds[1:])]
    for col, lines in row.cells.items():
        for line in lines:
            k = sum(1 for c in cuts if c <= (line.top + line.bottom) / 2)
            if line.top < bounds[k] - 0.5 or line.bottom > bounds[k + 1] + 0.5:
                return None
            parts[k].cells.setdefault(col, []).append(line)
    for p in parts:
        lines = [l for ls in p.cells.values() for l in ls]
        p.top, p.bottom = min(l.top for l in lines), max(l.bottom for l in lines)
    return parts


def _adds_up(part: Row, total: int, sources: list[int]) -> bool:
    """The part's sources (one amount a cell) add up to its 总计, and it has at least one."""
    values = []
    for col in sources:
        lines = part.cells.get(col, [])
        if len(lines) > 1:
            return False
        if lines:
            v = _value(lines[0].text)
            if v is None:
                return False
            values.append(v)
    t = _value(part.text(total))
    return bool(values) and t is not None and sum(values) == t


def split_joined_rows(row: Row, kinds: list[str], x0: float, x1: float) -> tuple[list[Row], Optional[Repair]]:
    """`row` parted into the rows it holds (see the module's docstring), and the repair saying so;
    `[row]` and None when nothing proves it holds more than one. `kinds` are the columns' kinds."""
    total = kinds.index("total") if "total" in kinds else None
    name = kinds.index("name") if "name" in kinds else None
    sources = [i for i, k in enumerate(kinds) if k == "source"]
    if total is None or name is None or not sources:
        return [row], None
    cuts = _cuts(row.cells.get(total, []))
    parts = _parts(row, cuts) if cuts else None
    if not parts or not all(p.text(name) and _adds_up(p, total, sources) for p in parts):
        return [row], None
    joined = row.text(name)
    names = " | ".join(p.text(name) for p in parts)
    repair = Repair(row.page, parts[-1].bbox(x0, x1), f"rows {names}", [Change("rows", joined, names)],
                    severity="warning",
                    note=f"one band held {len(parts)} rows (the rule between them too faint to find): parted "
                         f"between the amounts of its 总计 cell, each row's sources adding up to its 总计")
    return parts, repair
