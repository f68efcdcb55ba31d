"""A model's answer for one block → a record: grounded, converted by our code (Decimal amounts, parsed
indicator values), and a finding for whatever the source text does not back."""

from __future__ import annotations

from extractor.backends.answers import RowAnswer
from extractor.backends.grounding import find_in_source, ground_row
from extractor.indicators import parse_target
from extractor.layouts.base import Block
from extractor.layouts.wide.records import parse_amount
from extractor.models import Amounts, Finding, Indicator, Project
from extractor.normalize import for_matching


def answer_to_project(answer: RowAnswer, block: Block, columns: list[str], record: str,
                      strict_columns: bool = True) -> tuple[Project, list[Finding]]:
    """Our conversion of a grounded answer: Decimal amounts, parsed targets, findings for the rest."""
    findings = []

    def finding(code, msg, severity="error"):
        findings.append(Finding(code=code, severity=severity, message=f"{answer.name}: {msg}", pages=block.pages,
                                record=record, bbox=block.bbox))

    problems = ground_row(answer, block.text, strict_columns=strict_columns)
    bad = " ".join(problems)
    for p in problems:
        finding("LLM_UNGROUNDED", p)
    amounts = Amounts()
    if answer.total is not None and f"总计 {answer.total}" not in bad:
        amounts.total = parse_amount(answer.total)
    for s in answer.sources:
        if f"{s.column} {s.amount}" in bad:
            continue  # an ungrounded number is dropped, and its finding says what the model claimed
        column = next((c for c in columns if for_matching(c) == for_matching(s.column)), None)
        if column is None:
            finding("LLM_UNKNOWN_COLUMN", f"source column {s.column!r} is not one of {columns}")
            continue
        value = parse_amount(s.amount)
        if value is not None:
            amounts.sources[column] = value
    indicators = []
    for ind in answer.indicators:
        if find_in_source(ind.name, block.text) < 0:
            # Text the model wrote is not a record: the indicator is left out and the finding says so.
            finding("LLM_UNGROUNDED", f"indicator {ind.seq} name {ind.name!r} is not in the source text; left out")
            continue
        targets = {}
        for key, value in (("period_target", ind.period_value), ("annual_target", ind.annual_value)):
            if value is None or f"indicator {ind.seq} " in bad and repr(value) in bad:
                continue
            targets[key], _ = parse_target(value)  # the checker reports values that do not parse
        indicators.append(Indicator(seq=ind.seq, level1=ind.level1, level1_code=ind.level1_code, level2=ind.level2,
                                    level2_code=ind.level2_code, name=ind.name, **targets))
    name = answer.name.strip()
    if find_in_source(name, block.text) < 0:
        finding("LLM_UNGROUNDED", f"project name {name!r} is not in the source text", severity="warning")
    return Project(name=name, amounts=amounts, goal=answer.goal, pages=block.pages, bbox=block.bbox,
                   indicators=indicators), findings
