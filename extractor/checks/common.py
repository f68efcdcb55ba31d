"""What every check shares: how a finding is made and how an amount is shown in a message."""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from extractor.models import Finding


def _f(code, severity, message, pages=None, record=None, bbox=None) -> Finding:
    return Finding(code=code, severity=severity, message=message, pages=list(pages or []), record=record, bbox=bbox)


def _fmt(d: Optional[Decimal]) -> str:
    return "—" if d is None else format(d, "f")
