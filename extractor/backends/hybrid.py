"""The `hybrid` backend: the rules first; the model only for the blocks the rules or the checker reject,
and the rules' record is kept unless the model's passes the checks better.

So configuring a model never makes a result worse: a model that answers nothing, or a server that
fails, leaves exactly the rules' records (plus the model's findings saying what went wrong).
"""

from __future__ import annotations

from extractor.backends.model import Answered, ModelStrategy
from extractor.checks import check_amounts, check_indicators
from extractor.layouts.base import Block
from extractor.models import Document, Finding, Project, Unit, record_path

#: Verdicts on a row that send it to the model.
REJECTED = frozenset({"IND_SYNTAX", "AMOUNT_UNREADABLE", "AMOUNT_ROW_SUM", "AMOUNT_MISSING", "IND_MISSING"})


def row_verdicts(project: Project, unit_name: str = "") -> list[Finding]:
    """The checker's row-level findings on this project alone (before repeats are merged)."""
    alone = Document(units=[Unit(name=unit_name, projects=[project])])
    return [f for f in check_amounts(alone) + check_indicators(alone) if f.record and "projects" in f.record]


def _weight(findings: list[Finding]) -> tuple[int, int]:
    severities = [f.severity for f in findings]
    return severities.count("error"), severities.count("warning")


class Hybrid(ModelStrategy):
    name = "hybrid"

    def select(self, doc: Document, blocks: dict[tuple[int, int], Block]) -> list[tuple[int, int]]:
        """Only rows the rules could not parse or the checker rejects."""
        codes: dict[str, set[str]] = {}
        for f in doc.findings:  # the producers' own findings, on rows as printed
            codes.setdefault(f.record or "", set()).add(f.code)
        out = []
        for ui, pi in sorted(blocks):
            p = doc.units[ui].projects[pi]
            here = codes.get(record_path(ui, pi), set()) | {f.code for f in row_verdicts(p, doc.units[ui].name)}
            if not p.indicators:
                here.add("IND_MISSING")
            if here & REJECTED:
                out.append((ui, pi))
        return out

    def accept(self, doc: Document, ui: int, pi: int, answered: Answered) -> bool:
        """The model's record replaces the rules' one only when it draws fewer errors (then fewer warnings)
        from the checker and the grounding than the rules' one draws from the checker and the rules."""
        unit = doc.units[ui]
        record = record_path(ui, pi)
        rules = [f for f in doc.findings if f.record == record and f.severity != "info"]
        rules += row_verdicts(unit.projects[pi], unit.name)
        model = [f for f in answered.findings if f.severity != "info"]
        model += row_verdicts(answered.project, unit.name)
        return _weight(model) < _weight(rules)
