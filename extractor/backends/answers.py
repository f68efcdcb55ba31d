"""What the model is asked to return (the request schema): one project row, or the projects of a page region.

Amounts are strings: Decimal fields in a request schema break some servers, and our code
converts them (see `backends.records`)."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel


class SourceAmount(BaseModel):
    column: str
    amount: str


class IndicatorAnswer(BaseModel):
    seq: int
    level1_code: Optional[str] = None
    level1: Optional[str] = None
    level2_code: Optional[str] = None
    level2: Optional[str] = None
    name: str
    period_value: Optional[str] = None
    annual_value: Optional[str] = None


class RowAnswer(BaseModel):
    """What the model returns for one project row. Amounts are strings: Decimal
    fields in a request schema break some servers, and we convert them ourselves."""

    # (The docstring is part of the JSON schema sent to the model, so part of every cassette's key.)

    name: str
    total: Optional[str] = None
    sources: list[SourceAmount] = []
    goal: Optional[str] = None
    indicators: list[IndicatorAnswer] = []


class RegionAnswer(BaseModel):
    projects: list[RowAnswer] = []
