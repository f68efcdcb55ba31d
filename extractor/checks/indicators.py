"""Indicators (绩效指标): numbering, level codes and names, values that parse, 实施周期 vs 年度 values.

Indicators from per-project forms print no level codes (level1_code and level2_code both null);
they are checked by name instead (IND_LEVEL1_NAME, IND_LEVEL2_NAME, IND_LEVEL_MISMATCH).
"""

from __future__ import annotations

from typing import Optional

from extractor.checks.common import _f
from extractor.indicators import parse_target, same_target
from extractor.models import Document, Finding, Target, record_path
from extractor.normalize import for_matching
from extractor.vocabulary import FORM_LEVEL2_ALIASES, LEVEL1, LEVEL1_NAMES, LEVEL2, LEVEL2_ALIASES


def _check_target(t: Optional[Target], where: str, pages, record, bbox) -> list[Finding]:
    if t is None:
        return []
    parsed, problem = parse_target(t.raw)
    if problem:
        return [_f(problem.code, "warning", f"{where}: {problem.message}", pages, record, bbox)]
    if (parsed.op, parsed.value, parsed.unit) != (t.op, t.value, t.unit):
        return [_f("IND_VALUE_MISREAD", "warning",
                   f"{where}: {t.raw!r} reads as {parsed.op} {parsed.value} {parsed.unit or ''}, "
                   f"record says {t.op} {t.value} {t.unit or ''}", pages, record, bbox)]
    return []


_LEVEL2_CODE_OF = {name: code for code, name in LEVEL2.items()}


def level2_code_of(name: Optional[str]) -> Optional[str]:
    """The level-2 code a level-2 name stands for, or None when the name is unknown."""
    m = for_matching(name or "")
    m = LEVEL2_ALIASES.get(m, FORM_LEVEL2_ALIASES.get(m, m))
    return _LEVEL2_CODE_OF.get(m)


def _check_level_names(ind, where: str, pages, record, bbox) -> list[Finding]:
    """A code-less indicator: its level names must be known, and level 2 must sit under level 1."""
    out = []
    l1 = LEVEL1_NAMES.get(for_matching(ind.level1 or ""))
    if l1 is None:
        out.append(_f("IND_LEVEL1_NAME", "warning", f"{where}: unknown level-1 name {ind.level1!r}",
                      pages, record, bbox))
    l2 = level2_code_of(ind.level2)
    if l2 is None:
        out.append(_f("IND_LEVEL2_NAME", "warning", f"{where}: unknown level-2 name {ind.level2!r}",
                      pages, record, bbox))
    if l1 is not None and l2 is not None and l2[0] not in l1:
        out.append(_f("IND_LEVEL_MISMATCH", "warning",
                      f"{where}: level 2 {ind.level2} ({LEVEL2[l2]}) is not under level 1 {ind.level1}",
                      pages, record, bbox))
    return out


def check_indicators(doc: Document) -> list[Finding]:
    out: list[Finding] = []
    for ui, unit in enumerate(doc.units):
        for pi, p in enumerate(unit.projects):
            rec = record_path(ui, pi)
            pages, bbox = p.pages, p.bbox
            if not p.indicators:
                out.append(_f("IND_MISSING", "warning", f"{p.name}: no indicators", pages, rec, bbox))
                continue
            seqs = [i.seq for i in p.indicators]
            if seqs != list(range(1, len(seqs) + 1)):
                out.append(_f("IND_SEQ", "warning", f"{p.name}: indicators numbered {seqs}, expected 1..{len(seqs)}",
                              pages, rec, bbox))
            for k, ind in enumerate(p.indicators):
                irec = record_path(ui, pi, k)
                where = f"{p.name} indicator {ind.seq} ({ind.name})"
                codeless = ind.level1_code is None and ind.level2_code is None
                if codeless:
                    out += _check_level_names(ind, where, pages, irec, bbox)
                elif ind.level1_code not in LEVEL1:
                    out.append(_f("IND_LEVEL1_CODE", "warning", f"{where}: unknown level-1 code {ind.level1_code!r}",
                                  pages, irec, bbox))
                elif ind.level1 and for_matching(ind.level1) != LEVEL1[ind.level1_code]:
                    out.append(_f("IND_LEVEL1_CODE", "warning",
                                  f"{where}: level-1 code {ind.level1_code} is {LEVEL1[ind.level1_code]}, "
                                  f"not {ind.level1}", pages, irec, bbox))
                l2 = LEVEL2_ALIASES.get(ind.level2 or "", ind.level2)
                if codeless:
                    pass  # checked by name above
                elif ind.level2_code not in LEVEL2:
                    out.append(_f("IND_LEVEL2_CODE", "warning", f"{where}: unknown level-2 code {ind.level2_code!r}",
                                  pages, irec, bbox))
                else:
                    if l2 and for_matching(l2) != LEVEL2[ind.level2_code]:
                        out.append(_f("IND_LEVEL2_CODE", "warning",
                                      f"{where}: level-2 code {ind.level2_code} is {LEVEL2[ind.level2_code]}, "
                                      f"not {ind.level2}", pages, irec, bbox))
                    if ind.level1_code and not ind.level2_code.startswith(ind.level1_code):
                        out.append(_f("IND_LEVEL_MISMATCH", "warning",
                                      f"{where}: level 2 {ind.level2_code}-{ind.level2} is not under level 1 "
                                      f"{ind.level1_code}-{ind.level1}", pages, irec, bbox))
                out += _check_target(ind.period_target, f"{where} 实施周期指标值", pages, irec, bbox)
                out += _check_target(ind.annual_target, f"{where} 年度指标值", pages, irec, bbox)
                if ind.period_target and ind.annual_target and not same_target(ind.period_target, ind.annual_target):
                    if codeless:
                        out.append(_f("IND_TARGET_DIFFERS", "info",
                                      f"{where}: 中期 {ind.period_target.raw} ≠ 年度 {ind.annual_target.raw} "
                                      f"(a form's 中期 value covers the whole 项目期)", pages, irec, bbox))
                    else:
                        out.append(_f("IND_TARGET_DIFFERS", "warning",
                                      f"{where}: 实施周期 {ind.period_target.raw} ≠ 年度 {ind.annual_target.raw}",
                                      pages, irec, bbox))
    return out
