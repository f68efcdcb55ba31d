"""What a repair is (a Change in a cell, a Repair of a cell, its Finding) and the string being repaired."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from extractor.models import Finding

CODE = "OCR_REPAIR"
UNSURE_CODE = "OCR_UNSURE"


@dataclass
class Change:
    kind: str  # separator | item | level | label | value | docno | bracket
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.before}→{self.after}"


@dataclass
class Repair:
    """The repairs made in one cell of one row: where, and what changed."""

    page: int
    bbox: tuple[float, float, float, float]
    what: str  # e.g. "绩效指标 of 就业补助资金"
    changes: list[Change] = field(default_factory=list)
    severity: str = "info"
    note: str = ""  # why, when the kind of change does not say it
    code: str = "OCR_REPAIR"  # or OCR_UNSURE: nothing changed, a close call reported


def _ocr_pages(pages) -> set[int]:
    return {p.number for p in pages if getattr(p, "ocr", False)}


class _Text:
    """A string being repaired, with the record of every change."""

    def __init__(self, text: str):
        self.s = text
        self.changes: list[Change] = []

    def replace(self, a: int, b: int, new: str, kind: str, context: int = 2, whole: bool = False) -> None:
        old = self.s[a:b]
        if old == new:
            return
        # Record only what differs (or the whole span), with a little context on either side.
        p = q = 0
        while not whole and p < min(len(old), len(new)) and old[p] == new[p]:
            p += 1
        while not whole and q < min(len(old), len(new)) - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
            q += 1
        ca, cb = a + p, b - q
        pre = self.s[max(0, ca - context):ca]
        post = self.s[cb:cb + context]
        self.changes.append(Change(kind, f"{pre}{old[p:len(old) - q]}{post}", f"{pre}{new[p:len(new) - q]}{post}"))
        self.s = self.s[:a] + new + self.s[b:]


def _summary(changes: list[Change], limit: int = 12) -> str:
    counts: dict[tuple[str, str], int] = {}
    order = []
    for c in changes:
        key = (c.before, c.after)
        if key not in counts:
            order.append(key)
        counts[key] = counts.get(key, 0) + 1
    parts = [f"'{a}'→'{b}'" + (f" ×{counts[(a, b)]}" if counts[(a, b)] > 1 else "") for a, b in order[:limit]]
    if len(order) > limit:
        parts.append(f"… {len(order) - limit} more")
    return "; ".join(parts)


def _as_finding(r: Repair, record: Optional[str], pages: Optional[list[int]] = None) -> Finding:
    if r.code == CODE:
        message = (f"{r.what}: OCR text repaired ({len(r.changes)} change{'s' if len(r.changes) != 1 else ''}): "
                   f"{_summary(r.changes)}" + (f" ({r.note})" if r.note else ""))
    else:
        message = f"{r.what}: the recogniser was unsure, left as read: {r.note}"
    return Finding(code=r.code, severity=r.severity, pages=pages or [r.page], bbox=r.bbox, record=record,
                   message=message)
