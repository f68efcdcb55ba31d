"""A form's indicator blocks as records: the 年度 block gives annual_target, the 中期 block period_target
for the same 三级指标 name; the row as printed is kept in `raw`. And a unit's amounts as the sum of its forms."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from rapidfuzz import fuzz

from extractor.indicators import parse_target
from extractor.models import Amounts, Indicator
from extractor.normalize import for_matching

if TYPE_CHECKING:
    from extractor.layouts.forms.reader import _Form, _Row

_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")


#: A bracket left open at the end (产出指标(50分, its ）lost in a scan): a level name never ends inside one.
_OPEN_TAIL = re.compile(r"[（(][^（）()]*$")


def clean_level(text: str) -> str:
    """A printed level label as a level name: 产出指标(50分) → 产出指标, 数量指标(或建筑规模指标) → 数量指标,
    and 产出指标(50分 (the closing bracket lost in a scan) → 产出指标."""
    return _OPEN_TAIL.sub("", _BRACKETS.sub("", for_matching(text))).rstrip(":：")


def _sum(amounts) -> Amounts:
    total: Optional[Decimal] = None
    sources: dict[str, Decimal] = {}
    for a in amounts:
        if a.total is not None:
            total = a.total if total is None else total + a.total
        for k, v in a.sources.items():
            sources[k] = sources.get(k, Decimal(0)) + v
    return Amounts(total=total, sources=sources)


def _raw(row: _Row, period: Optional[str], annual: Optional[str]) -> str:
    fields = [row.l1, row.l2, row.name]
    if period is not None:
        fields.append(f"中期指标值:{period}")
    if annual is not None:
        fields.append(f"年度指标值:{annual}")
    if row.score:
        fields.append(f"分值:{row.score}")
    if row.remark:
        fields.append(f"备注:{row.remark}")
    return "；".join(fields)


def _better_reading(a: str, b: str) -> str:
    """Of two OCR readings of one printed name (of equal length), the one that makes more words
    (jieba's segmentation score, as `lexicon.reread` weighs a character's two readings); `a` on a tie
    or when the lengths differ."""
    from extractor.source.lexicon import line_score

    if len(a) != len(b) or a == b:
        return a
    return b if line_score(b) > line_score(a) + 1.0 else a


def _near_pairs(annual: list[_Row], period: dict[str, _Row]) -> dict[int, str]:
    """On a scan, 年度 rows with no 中期 row of the same name, paired with the 中期 row OCR read a
    character or two apart (新建及改浩灌排渠道长席 / 新建及改造灌排渠道长度): same levels, the same
    rank among the unpaired rows of those levels, and names at least 60 % alike. Keyed by id(row)."""
    unpaired_a = [r for r in annual if for_matching(r.name) not in period]
    names = {for_matching(r.name) for r in annual}
    unpaired_p = [(k, r) for k, r in period.items() if k not in names]
    out: dict[int, str] = {}
    for levels in {(clean_level(r.l1), clean_level(r.l2)) for r in unpaired_a}:
        mine = [r for r in unpaired_a if (clean_level(r.l1), clean_level(r.l2)) == levels]
        theirs = [(k, r) for k, r in unpaired_p if (clean_level(r.l1), clean_level(r.l2)) == levels]
        if len(mine) != len(theirs):
            continue
        for a, (k, b) in zip(mine, theirs):
            if fuzz.ratio(for_matching(a.name), k) >= 60:
                out[id(a)] = k
    return out


def _indicators(form: _Form) -> tuple[list[Indicator], list[tuple[str, str, str, int]]]:
    annual = [row for kind, rows in form.blocks if kind == "annual" for row in rows]
    period: dict[str, _Row] = {}
    for kind, rows in form.blocks:
        if kind == "period":
            for row in rows:
                period.setdefault(for_matching(row.name), row)
    problems = []
    out: list[Indicator] = []
    used = set()
    near = _near_pairs(annual, period) if form.scanned else {}
    for row in annual:
        key = for_matching(row.name)
        p = period.get(key)
        name = row.name
        if p is None and id(row) in near:
            key = near[id(row)]
            p = period[key]
            name = _better_reading(row.name, p.name)
            problems.append(("OCR_REPAIR", "info", f"the 中期 row {p.name!r} and the 年度 row {row.name!r} read a "
                             f"character or two apart: one indicator (same level, same place in its block), "
                             f"named {name!r}", form.page))
        used.add(key)
        pv = p.value if p is not None and p.value else None
        out.append(Indicator(
            seq=len(out) + 1, level1=clean_level(row.l1) or None, level2=clean_level(row.l2) or None,
            name=name, period_target=parse_target(pv)[0] if pv else None,
            annual_target=parse_target(row.value)[0] if row.value else None, raw=_raw(row, pv, row.value or None)))
        if not row.value:
            problems.append(("IND_SYNTAX", "warning", f"indicator {row.name!r} has no 指标值", form.page))
    for key, row in period.items():  # in the 中期 block only: kept, with no annual value
        if key in used:
            continue
        out.append(Indicator(
            seq=len(out) + 1, level1=clean_level(row.l1) or None, level2=clean_level(row.l2) or None,
            name=row.name, period_target=parse_target(row.value)[0] if row.value else None,
            raw=_raw(row, row.value or None, None)))
    return out, problems
