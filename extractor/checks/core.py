"""The deterministic checker. It runs on records from any producer (rules, a
model, a hand-edited JSON) and returns findings; it never changes an amount.

Codes (severity):
  AMOUNT_ROW_SUM (error)      a row's 总计 differs from the sum of its sources
  AMOUNT_UNIT_SUM (error)     a unit row differs from the sum of its projects
  AMOUNT_GRAND_SUM (error)    the 合计 row differs from the sum of the units
  AMOUNT_MISSING (error)      a row with no 总计
  REPEATED_ROW (info)         a row printed again after a page break; counted once
  DUPLICATE_PROJECT (warning) two projects of one unit with the same name and amounts
  IND_SEQ (warning)           indicators not numbered 1..N
  IND_LEVEL1_CODE / IND_LEVEL2_CODE (warning)  unknown level code, or code and name disagree
  IND_LEVEL_MISMATCH (warning) a level-2 code not under its level-1 code
  IND_VALUE_UNPARSED / IND_VALUE_EMPTY (warning)  a value that does not parse
  IND_TARGET_DIFFERS (warning) 实施周期 and 年度 values differ other than in format (info for a
                              code-less indicator: a form's 中期 value covers the whole 项目期)
  IND_MISSING (warning)       a project with no indicators

Indicators from per-project forms print no level codes (level1_code and level2_code both
null); they are checked by name instead:
  IND_LEVEL1_NAME (warning)   a level-1 name we do not know (or none)
  IND_LEVEL2_NAME (warning)   a level-2 name we do not know (or none)
  IND_LEVEL_MISMATCH (warning) a known level-2 name under a level-1 name it does not belong to
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Optional

from extractor.indicators import LEVEL1, LEVEL2, LEVEL2_ALIASES, parse_target, same_target
from extractor.models import Amounts, Document, Finding, Project, Target
from extractor.normalize import for_matching


def _f(code, severity, message, pages=None, record=None, bbox=None) -> Finding:
    return Finding(code=code, severity=severity, message=message, pages=list(pages or []), record=record, bbox=bbox)


def _fmt(d: Optional[Decimal]) -> str:
    return "—" if d is None else format(d, "f")


# ---------------------------------------------------------------- repeats


def _same_row(a: Project, b: Project) -> bool:
    return (
        for_matching(a.name) == for_matching(b.name)
        and a.amounts.total == b.amounts.total
        and a.amounts.sources == b.amounts.sources
    )


def _is_page_break_repeat(a: Project, b: Project) -> bool:
    """b is a at the top of the next page: the same row, printed again (whole or
    completing a cut first copy) right after a page break."""
    if not (a.pages and b.pages and min(b.pages) == max(a.pages) + 1):
        return False
    if not _same_row(a, b):
        return False
    ga, gb = for_matching(a.goal or ""), for_matching(b.goal or "")
    ia, ib = for_matching(a.indicators_raw or ""), for_matching(b.indicators_raw or "")
    if not (ia or ib):
        ia = "".join(i.name for i in a.indicators)
        ib = "".join(i.name for i in b.indicators)
    return gb.startswith(ga) and ib.startswith(ia)


def resolve_repeats(doc: Document) -> tuple[Document, list[Finding]]:
    """Keep once a row printed again after a page break, and report it.

    Only an exact repeat adjacent across a page break is merged; any other
    duplicate stays and is reported (DUPLICATE_PROJECT), never dropped."""
    doc = doc.model_copy(deep=True)
    findings = []
    for ui, unit in enumerate(doc.units):
        kept: list[Project] = []
        for project in unit.projects:
            prev = kept[-1] if kept else None
            if prev is not None and _is_page_break_repeat(prev, project):
                # The later copy is the whole one; keep its text, with both pages, and the box of the
                # first (a record's bbox is on its first page).
                project.pages = sorted(set(prev.pages) | set(project.pages))
                project.bbox = prev.bbox or project.bbox
                kept[-1] = project
                findings.append(_f(
                    "REPEATED_ROW", "info",
                    f"{project.name} ({_fmt(project.amounts.total)}) is printed on page {prev.pages[-1]} and again "
                    f"on page {min(project.pages[1:] or project.pages)}; counted once",
                    project.pages, f"units[{ui}].projects[{len(kept) - 1}]", project.bbox,
                ))
            else:
                kept.append(project)
        unit.projects = kept
    return doc, findings


# ---------------------------------------------------------------- amounts


def _row_sum(amounts: Amounts, label: str, pages, record, bbox) -> list[Finding]:
    if amounts.total is None:
        return [_f("AMOUNT_MISSING", "error", f"{label}: no 总计", pages, record, bbox)]
    if amounts.sources:
        s = sum(amounts.sources.values(), Decimal(0))
        if s != amounts.total:
            parts = " + ".join(f"{k} {_fmt(v)}" for k, v in amounts.sources.items())
            return [_f("AMOUNT_ROW_SUM", "error",
                       f"{label}: 总计 {_fmt(amounts.total)} ≠ {parts} = {_fmt(s)}", pages, record, bbox)]
    return []


def _sum_of(children: Iterable[Amounts]) -> Amounts:
    total = Decimal(0)
    sources: dict[str, Decimal] = {}
    for a in children:
        total += a.total or 0
        for k, v in a.sources.items():
            sources[k] = sources.get(k, Decimal(0)) + v
    return Amounts(total=total, sources=sources)


def _compare(code, label, parent: Amounts, summed: Amounts, pages, record, bbox) -> list[Finding]:
    out = []
    if parent.total is not None and parent.total != summed.total:
        out.append(_f(code, "error", f"{label}: 总计 {_fmt(parent.total)} ≠ sum of parts {_fmt(summed.total)} "
                      f"(difference {_fmt(parent.total - summed.total)})", pages, record, bbox))
    for k in sorted(set(parent.sources) | set(summed.sources)):
        a, b = parent.sources.get(k, Decimal(0)), summed.sources.get(k, Decimal(0))
        if a != b:
            out.append(_f(code, "error", f"{label}: {k} {_fmt(a)} ≠ sum of parts {_fmt(b)} "
                          f"(difference {_fmt(a - b)})", pages, record, bbox))
    return out


def check_amounts(doc: Document) -> list[Finding]:
    out: list[Finding] = []
    if doc.totals.total is not None or doc.totals.sources:
        out += _row_sum(doc.totals, "合计", [], "totals", None)
        out += _compare("AMOUNT_GRAND_SUM", "合计", doc.totals, _sum_of(u.amounts for u in doc.units), [], "totals", None)
    for ui, unit in enumerate(doc.units):
        rec = f"units[{ui}]"
        out += _row_sum(unit.amounts, unit.name, unit.pages, rec, unit.bbox)
        if unit.projects:
            out += _compare("AMOUNT_UNIT_SUM", unit.name, unit.amounts, _sum_of(p.amounts for p in unit.projects),
                            unit.pages, rec, unit.bbox)
        for pi, p in enumerate(unit.projects):
            out += _row_sum(p.amounts, p.name, p.pages, f"{rec}.projects[{pi}]", p.bbox)
    return out


def check_duplicates(doc: Document) -> list[Finding]:
    out = []
    for ui, unit in enumerate(doc.units):
        seen: dict[tuple, int] = {}
        for pi, p in enumerate(unit.projects):
            key = (for_matching(p.name), p.amounts.total, tuple(sorted(p.amounts.sources.items())))
            if key in seen:
                out.append(_f("DUPLICATE_PROJECT", "warning",
                              f"{p.name} ({_fmt(p.amounts.total)}) appears twice in {unit.name} "
                              f"(also projects[{seen[key]}]); both kept", p.pages, f"units[{ui}].projects[{pi}]", p.bbox))
            else:
                seen[key] = pi
    return out


# ---------------------------------------------------------------- indicators


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


# Level names for indicators that carry no codes (per-project forms): name → the level-1
# codes it stands for. 效果指标 (Guangdong's template) holds both 效益 and 满意度 level-2s.
LEVEL1_NAMES: dict[str, frozenset[str]] = {
    **{name: frozenset({code}) for code, name in LEVEL1.items()},
    "预期产出指标": frozenset({"1"}),
    "效果指标": frozenset({"2", "3"}),
}
# Level-2 names seen on forms, beyond LEVEL2 and LEVEL2_ALIASES.
FORM_LEVEL2_ALIASES = {
    "经济成本指标": "经济成本", "社会成本指标": "社会成本", "生态环境成本指标": "生态环境成本",
    "社会公众或服务对象满意度指标": "服务对象满意度", "社会公众或服务对象满意度": "服务对象满意度",
    "服务对象满意度指标": "服务对象满意度", "满意度指标": "服务对象满意度",
}
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
            rec = f"units[{ui}].projects[{pi}]"
            pages, bbox = p.pages, p.bbox
            if not p.indicators:
                out.append(_f("IND_MISSING", "warning", f"{p.name}: no indicators", pages, rec, bbox))
                continue
            seqs = [i.seq for i in p.indicators]
            if seqs != list(range(1, len(seqs) + 1)):
                out.append(_f("IND_SEQ", "warning", f"{p.name}: indicators numbered {seqs}, expected 1..{len(seqs)}",
                              pages, rec, bbox))
            for k, ind in enumerate(p.indicators):
                irec = f"{rec}.indicators[{k}]"
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


def check(doc: Document) -> list[Finding]:
    """Every check on a document whose repeats are already resolved."""
    return check_amounts(doc) + check_duplicates(doc) + check_indicators(doc)


def run(doc: Document) -> Document:
    """Resolve page-break repeats, run every check, and return the document with
    its producer's findings followed by the checker's."""
    resolved, repeat_findings = resolve_repeats(doc)
    resolved.findings = list(doc.findings) + repeat_findings + check(resolved)
    return resolved
