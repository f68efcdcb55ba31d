"""The deterministic checker (`checks.run(doc)`). It runs on records from any producer (rules, a
model, a hand-edited JSON) and returns findings; it never changes an amount. The codes it emits,
their severity and meaning are registered in `extractor/findings.py`.

Modules by concern: `amounts` (sums), `repeats` (page-break repeats and duplicates), `indicators`.
To add a check: register its code in `extractor/findings.py`, write it in the module of its concern
(or a new one) as `check_x(doc) -> list[Finding]`, and add it to `check` below.
"""

from __future__ import annotations

from extractor.checks.amounts import check_amounts
from extractor.checks.indicators import check_indicators, level2_code_of  # noqa: F401
from extractor.checks.repeats import check_duplicates, resolve_repeats
from extractor.models import Document, Finding
from extractor.vocabulary import LEVEL1_NAMES  # noqa: F401  (the checker's level-name table)


def check(doc: Document) -> list[Finding]:
    """Every check on a document whose repeats are already resolved."""
    return check_amounts(doc) + check_duplicates(doc) + check_indicators(doc)


def run(doc: Document) -> Document:
    """Resolve page-break repeats, run every check, and return the document with
    its producer's findings followed by the checker's."""
    resolved, repeat_findings = resolve_repeats(doc)
    resolved.findings = list(doc.findings) + repeat_findings + check(resolved)
    return resolved
