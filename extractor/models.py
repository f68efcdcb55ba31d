"""Records: Document → Unit → Project → Indicator, plus Finding.

These models are the contract with every producer (rules, a model, a user's own
code) and with every consumer (checker, store, JSON export). `schemas/` holds
their JSON Schema; a test fails when the two drift apart.

Amounts are `Decimal` in Python and plain decimal strings in JSON ("2467.17"),
so that no binary float ever touches money.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

#: A money amount: Decimal in Python, a decimal string in JSON.
Money = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="always"),
    Field(json_schema_extra={"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
]


#: The record path of the document's 合计 row.
TOTALS = "totals"

_PATH = re.compile(r"^units\[(\d+)\](?:\.projects\[(\d+)\](?:\.indicators\[(\d+)\])?)?$")


def record_path(unit: int, project: Optional[int] = None, indicator: Optional[int] = None) -> str:
    """The path a finding names a record by (0-based): `units[0]`, `units[0].projects[3]`,
    `units[0].projects[3].indicators[1]`. The only place such paths are written."""
    path = f"units[{unit}]"
    if project is not None:
        path += f".projects[{project}]"
        if indicator is not None:
            path += f".indicators[{indicator}]"
    return path


def parse_record_path(path: Optional[str]) -> Optional[tuple[int, Optional[int], Optional[int]]]:
    """`units[0].projects[3]` → (0, 3, None); None for `totals`, None, or anything else."""
    m = _PATH.match(path or "")
    if not m:
        return None
    return tuple(int(g) if g is not None else None for g in m.groups())  # type: ignore[return-value]


class Amounts(BaseModel):
    """总计 and its breakdown by funding source (资金来源), e.g.
    {"total": "2467.17", "sources": {"财政拨款": "2467.17"}}. Empty columns are left out."""

    model_config = ConfigDict(extra="forbid")
    total: Optional[Money] = None
    sources: dict[str, Money] = Field(default_factory=dict)


class Target(BaseModel):
    """One indicator value (指标值), e.g. `≥90.00%` → op "≥", value "90.00", unit "%".

    `op` is one of = ≥ ≤ > < ±, or None when the value is qualitative
    (`持续开展`, `安全`). `value` keeps the digits as written so that `100%` and
    `100.00%` stay visibly different yet compare equal as Decimals."""

    model_config = ConfigDict(extra="forbid")
    raw: str
    op: Optional[Literal["=", "≥", "≤", ">", "<", "±"]] = None
    value: Optional[str] = None
    unit: Optional[str] = None


class Indicator(BaseModel):
    """A performance indicator (绩效指标): level 1 (一级指标), level 2 (二级指标), name (三级指标)."""

    model_config = ConfigDict(extra="forbid")
    seq: int
    level1: Optional[str] = None
    level1_code: Optional[str] = None
    level2: Optional[str] = None
    level2_code: Optional[str] = None
    name: str
    period_target: Optional[Target] = None
    annual_target: Optional[Target] = None
    raw: Optional[str] = Field(default=None, description="the indicator's source text")


class Project(BaseModel):
    """A funded project (项目) row: name, amounts, goal (绩效目标), indicators (绩效指标)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    amounts: Amounts = Field(default_factory=Amounts)
    goal: Optional[str] = None
    pages: list[int] = Field(default_factory=list)
    bbox: Optional[tuple[float, float, float, float]] = None
    indicators: list[Indicator] = Field(default_factory=list)
    indicators_raw: Optional[str] = Field(default=None, description="the indicator cell as read")


class Unit(BaseModel):
    """A unit using the funds (资金使用单位) with its subtotal row."""

    model_config = ConfigDict(extra="forbid")
    name: str
    amounts: Amounts = Field(default_factory=Amounts)
    pages: list[int] = Field(default_factory=list)
    bbox: Optional[tuple[float, float, float, float]] = None
    projects: list[Project] = Field(default_factory=list)


Severity = Literal["error", "warning", "info"]


class Finding(BaseModel):
    """Something a reader must know: a sum that does not reconcile, a repeated
    row, a value that does not parse, an ambiguity the extractor refused to guess."""

    model_config = ConfigDict(extra="forbid")
    code: str
    severity: Severity
    message: str
    pages: list[int] = Field(default_factory=list)
    record: Optional[str] = Field(default=None, description="path of the record, e.g. units[0].projects[3]")
    bbox: Optional[tuple[float, float, float, float]] = None


class Document(BaseModel):
    """One 项目支出绩效目标表 as published."""

    model_config = ConfigDict(extra="forbid")
    title: Optional[str] = None
    department: Optional[str] = None
    money_unit: Optional[str] = None
    budget_year: Optional[int] = None
    source_columns: list[str] = Field(default_factory=list)
    totals: Amounts = Field(default_factory=Amounts)
    units: list[Unit] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    page_readings: list[Literal["text", "ocr"]] = Field(
        default_factory=list,
        description="per page (page 1 first), what was read: its text layer, or OCR of the page image")

    def projects(self):
        """Every (unit_index, project_index, project)."""
        for ui, unit in enumerate(self.units):
            for pi, project in enumerate(unit.projects):
                yield ui, pi, project
