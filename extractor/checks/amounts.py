"""Amounts reconcile (金额勾稽): a row's 总计 is the sum of its sources, a unit the sum of its projects,
合计 the sum of the units, column by column. AMOUNT_ROW_SUM, AMOUNT_UNIT_SUM, AMOUNT_GRAND_SUM, AMOUNT_MISSING;
UNIT_WITHOUT_PROJECTS where a unit has amounts and nothing to check them against."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from extractor.checks.common import _f, _fmt
from extractor.models import TOTALS, Amounts, Document, Finding, record_path


def _row_sum(amounts: Amounts, label: str, pages, record, bbox) -> list[Finding]:
    if amounts.total is None:
        return [_f("AMOUNT_MISSING", "error", f"{label}: no 总计", pages, record, bbox)]
    if amounts.sources:
        s = sum(amounts.sources.values(), Decimal(0))
        if s != amounts.total:
            parts = " + ".join(f"{k} {_fmt(v)}" for k, v in amounts.sources.items())
            return [_f("AMOUNT_ROW_SUM", "error",
                       f"{label}: 总计 {_fmt(amounts.total)} ≠ {parts} = {_fmt(s)}", pages, record, bbox)]
    return []


def _sum_of(children: Iterable[Amounts]) -> Amounts:
    total = Decimal(0)
    sources: dict[str, Decimal] = {}
    for a in children:
        total += a.total or 0
        for k, v in a.sources.items():
            sources[k] = sources.get(k, Decimal(0)) + v
    return Amounts(total=total, sources=sources)


def _compare(code, label, parent: Amounts, summed: Amounts, pages, record, bbox) -> list[Finding]:
    out = []
    if parent.total is not None and parent.total != summed.total:
        out.append(_f(code, "error", f"{label}: 总计 {_fmt(parent.total)} ≠ sum of parts {_fmt(summed.total)} "
                      f"(difference {_fmt(parent.total - summed.total)})", pages, record, bbox))
    for k in sorted(set(parent.sources) | set(summed.sources)):
        a, b = parent.sources.get(k, Decimal(0)), summed.sources.get(k, Decimal(0))
        if a != b:
            out.append(_f(code, "error", f"{label}: {k} {_fmt(a)} ≠ sum of parts {_fmt(b)} "
                          f"(difference {_fmt(a - b)})", pages, record, bbox))
    return out


def check_amounts(doc: Document) -> list[Finding]:
    out: list[Finding] = []
    if doc.totals.total is not None or doc.totals.sources:
        out += _row_sum(doc.totals, "合计", [], TOTALS, None)
        out += _compare("AMOUNT_GRAND_SUM", "合计", doc.totals, _sum_of(u.amounts for u in doc.units), [], TOTALS, None)
    for ui, unit in enumerate(doc.units):
        rec = record_path(ui)
        out += _row_sum(unit.amounts, unit.name, unit.pages, rec, unit.bbox)
        if unit.projects:
            out += _compare("AMOUNT_UNIT_SUM", unit.name, unit.amounts, _sum_of(p.amounts for p in unit.projects),
                            unit.pages, rec, unit.bbox)
        elif unit.amounts.total is not None or unit.amounts.sources:
            # No project to add up: its amounts stand unchecked (a table cut short, or 合计 misread as a unit).
            out.append(_f("UNIT_WITHOUT_PROJECTS", "warning", f"{unit.name}: amounts with no project under them; "
                          "nothing checks them", unit.pages, rec, unit.bbox))
        for pi, p in enumerate(unit.projects):
            out += _row_sum(p.amounts, p.name, p.pages, record_path(ui, pi), p.bbox)
    return out
