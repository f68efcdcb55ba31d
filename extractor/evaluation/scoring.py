"""Score a predicted Document against a gold one, field by field.

Records are aligned first: units by name, projects by unit, normalised name and
总计 (an optimal assignment), then indicators inside each matched project by
name and number. Each field of each record then counts as

  TP  gold has a value and the prediction has the same one
  FP  the prediction has a value that is not the gold's (or the record is invented)
  FN  the gold has a value that the prediction lacks or gets wrong (or the record is missed)

so a wrong value is one FP and one FN, as in slot-filling evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from rapidfuzz import fuzz

from extractor.evaluation.align import assign
from extractor.models import Amounts, Document, Indicator, Project, Target, Unit
from extractor.normalize import for_matching


@dataclass
class Score:
    counts: dict[str, list[int]] = field(default_factory=dict)  # field → [tp, fp, fn]
    errors: list[dict] = field(default_factory=list)

    def add(self, name: str, tp=0, fp=0, fn=0) -> None:
        c = self.counts.setdefault(name, [0, 0, 0])
        c[0] += tp
        c[1] += fp
        c[2] += fn

    def merge(self, other: "Score", **context) -> None:
        for k, (tp, fp, fn) in other.counts.items():
            self.add(k, tp, fp, fn)
        self.errors.extend({**context, **e} for e in other.errors)

    def table(self) -> dict[str, dict]:
        return {k: prf(*v) for k, v in sorted(self.counts.items())}


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def _show(v: Any) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, tuple):
        return " ".join("" if x is None else str(x) for x in v).strip()
    return str(v)


def _dec(s: Optional[str]) -> Optional[Decimal]:
    try:
        return Decimal(s) if s is not None else None
    except InvalidOperation:
        return None


def _field(score: Score, name: str, record: str, gold: Any, pred: Any) -> None:
    if gold is not None and pred == gold:
        score.add(name, tp=1)
        return
    if pred is not None:
        score.add(name, fp=1)
    if gold is not None:
        score.add(name, fn=1)
    if gold is not None or pred is not None:
        score.errors.append({"kind": "wrong", "record": record, "field": name, "gold": _show(gold), "pred": _show(pred)})


# ---------------------------------------------------------------- field values


def _amount_fields(prefix: str, a: Amounts) -> dict[str, Any]:
    out = {f"{prefix}.amount.total": a.total}
    for k, v in a.sources.items():
        out[f"{prefix}.amount[{for_matching(k)}]"] = v
    return out


def _target_fields(prefix: str, t: Optional[Target]) -> dict[str, Any]:
    if t is None:
        return {f"{prefix}.raw": None, f"{prefix}.parsed": None}
    parsed = (t.op, _dec(t.value), t.unit) if t.value is not None else ("qualitative", for_matching(t.raw), None)
    return {f"{prefix}.raw": t.raw, f"{prefix}.parsed": parsed}


def document_fields(d: Document) -> dict[str, Any]:
    return {"document.title": d.title, "document.department": d.department, "document.money_unit": d.money_unit,
            "document.budget_year": d.budget_year, **_amount_fields("document", d.totals)}


def unit_fields(u: Unit) -> dict[str, Any]:
    return {"unit.name": u.name, **_amount_fields("unit", u.amounts)}


def project_fields(unit: Unit, p: Project) -> dict[str, Any]:
    return {"project.name": p.name, "project.unit": for_matching(unit.name),
            **_amount_fields("project", p.amounts),
            "project.goal": for_matching(p.goal) if p.goal else None,
            "project.pages": tuple(p.pages) or None}


def indicator_fields(i: Indicator) -> dict[str, Any]:
    level = lambda code, name: (code, for_matching(name)) if (code or name) else None  # noqa: E731
    return {"indicator.level1": level(i.level1_code, i.level1 or ""), "indicator.level2": level(i.level2_code, i.level2 or ""),
            "indicator.name": i.name or None,
            **_target_fields("indicator.period_target", i.period_target),
            **_target_fields("indicator.annual_target", i.annual_target)}


def _compare(score: Score, record: str, gold: dict, pred: dict) -> None:
    for name in sorted(set(gold) | set(pred)):
        _field(score, name, record, gold.get(name), pred.get(name))


def _missed(score: Score, record: str, level: str, fields: dict) -> None:
    for name, v in fields.items():
        if v is not None:
            score.add(name, fn=1)
    score.errors.append({"kind": "missed", "record": record, "field": level, "gold": record, "pred": None})


def _invented(score: Score, record: str, level: str, fields: dict) -> None:
    for name, v in fields.items():
        if v is not None:
            score.add(name, fp=1)
    score.errors.append({"kind": "invented", "record": record, "field": level, "gold": None, "pred": record})


# ---------------------------------------------------------------- alignment


def _name_sim(a: str, b: str) -> float:
    return fuzz.ratio(for_matching(a), for_matching(b)) / 100.0


def _project_sim(gu: Unit, gp: Project, pu: Unit, pp: Project) -> float:
    s = 0.55 * _name_sim(gp.name, pp.name)
    s += 0.25 * (for_matching(gu.name) == for_matching(pu.name))
    s += 0.20 * (gp.amounts.total is not None and gp.amounts.total == pp.amounts.total)
    return s


def _indicator_sim(g: Indicator, p: Indicator) -> float:
    return 0.7 * _name_sim(g.name, p.name) + 0.3 * (g.seq == p.seq)


def score_document(gold: Document, pred: Document) -> Score:
    score = Score()
    _compare(score, "document", document_fields(gold), document_fields(pred))

    # Units by name.
    pairs = assign([[_name_sim(g.name, p.name) for p in pred.units] for g in gold.units], minimum=0.6)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, j in pairs:
        _compare(score, gold.units[i].name, unit_fields(gold.units[i]), unit_fields(pred.units[j]))
    for i, u in enumerate(gold.units):
        if i not in matched_g:
            _missed(score, u.name, "unit", unit_fields(u))
    for j, u in enumerate(pred.units):
        if j not in matched_p:
            _invented(score, u.name, "unit", unit_fields(u))

    # Projects across the whole document, so that a project put under the wrong unit still aligns.
    gps = [(u, p) for u in gold.units for p in u.projects]
    pps = [(u, p) for u in pred.units for p in u.projects]
    pairs = assign([[_project_sim(gu, gp, pu, pp) for pu, pp in pps] for gu, gp in gps], minimum=0.5)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, j in pairs:
        (gu, gp), (pu, pp) = gps[i], pps[j]
        record = f"{gu.name} / {gp.name}"
        _compare(score, record, project_fields(gu, gp), project_fields(pu, pp))
        _score_indicators(score, record, gp.indicators, pp.indicators)
    for i, (gu, gp) in enumerate(gps):
        if i not in matched_g:
            record = f"{gu.name} / {gp.name}"
            _missed(score, record, "project", project_fields(gu, gp))
            for ind in gp.indicators:
                _missed(score, f"{record} / #{ind.seq} {ind.name}", "indicator", indicator_fields(ind))
    for j, (pu, pp) in enumerate(pps):
        if j not in matched_p:
            record = f"{pu.name} / {pp.name}"
            _invented(score, record, "project", project_fields(pu, pp))
            for ind in pp.indicators:
                _invented(score, f"{record} / #{ind.seq} {ind.name}", "indicator", indicator_fields(ind))
    return score


def _score_indicators(score: Score, record: str, gold: list[Indicator], pred: list[Indicator]) -> None:
    pairs = assign([[_indicator_sim(g, p) for p in pred] for g in gold], minimum=0.5)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, j in pairs:
        _compare(score, f"{record} / #{gold[i].seq} {gold[i].name}", indicator_fields(gold[i]), indicator_fields(pred[j]))
    for i, g in enumerate(gold):
        if i not in matched_g:
            _missed(score, f"{record} / #{g.seq} {g.name}", "indicator", indicator_fields(g))
    for j, p in enumerate(pred):
        if j not in matched_p:
            _invented(score, f"{record} / #{p.seq} {p.name}", "indicator", indicator_fields(p))


def score_missing_document(gold: Document) -> Score:
    """A document the backend failed on: everything in the gold is missed."""
    score = score_document(gold, Document())
    score.errors.insert(0, {"kind": "missed", "record": gold.title or "document", "field": "document",
                            "gold": gold.title, "pred": None})
    return score
