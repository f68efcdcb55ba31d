"""Grounding: every amount and indicator value a model gives must be found in the block's own text.

A value that is not in the source is not a record; the caller turns each problem into a finding."""

from __future__ import annotations

import re

from extractor.backends.answers import RowAnswer
from extractor.normalize import for_matching

_AMOUNT_TEXT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _plain(text: str) -> str:
    return for_matching(text).replace(",", "")


def find_in_source(value: str, source: str) -> int:
    """Offset of `value` in `source` after normalisation (NFKC, no spaces, no thousands commas), or -1."""
    v = _plain(value)
    return _plain(source).find(v) if v else -1


def ground_row(answer: RowAnswer, source: str, strict_columns: bool = True) -> list[str]:
    """Every amount and indicator value of the answer must be in the source text.

    With `strict_columns`, an amount must also sit on its column's line
    ("财政拨款: 102.60"), since the block text labels each cell."""
    problems = []
    lines = {}
    for line in source.splitlines():
        label, sep, cell = line.partition(": ")
        if sep:
            lines[_plain(label)] = _plain(cell)
    amounts = [("总计", answer.total)] + [(s.column, s.amount) for s in answer.sources]
    for column, amount in amounts:
        if amount is None:
            continue
        if not _AMOUNT_TEXT.match(amount.strip()):
            problems.append(f"{column} {amount!r} is not an amount")
        elif find_in_source(amount, source) < 0:
            problems.append(f"{column} {amount} is not in the source text")
        elif strict_columns and lines:
            cell = next((v for k, v in lines.items() if _plain(column) in k or k in _plain(column)), None) \
                if column != "总计" else next((v for k, v in lines.items() if "总计" in k or "合计" in k), None)
            if cell is not None and _plain(amount) != cell:
                problems.append(f"{column} {amount} is not what the {column} cell says ({cell or 'empty'})")
    for ind in answer.indicators:
        for label, value in (("实施周期指标值", ind.period_value), ("年度指标值", ind.annual_value)):
            if value is not None and find_in_source(value, source) < 0:
                problems.append(f"indicator {ind.seq} {label} {value!r} is not in the source text")
    return problems
