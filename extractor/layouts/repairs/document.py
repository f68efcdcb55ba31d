"""The document stage: amounts the reconciliation proves misread, page-break copies read alike, twins pointed out."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Optional

from rapidfuzz.distance import Levenshtein

from extractor.layouts.repairs.base import CODE, UNSURE_CODE, Repair, _as_finding, _ocr_pages
from extractor.models import TOTALS, Amounts, Document, Finding, Project, record_path
from extractor.normalize import for_matching

def _one_digit_apart(a: Decimal, b: Decimal) -> bool:
    """Same digits but one, as printed (same length and decimals)."""
    sa, sb = format(a, "f"), format(b, "f")
    return len(sa) == len(sb) and sum(x != y for x, y in zip(sa, sb)) == 1


def _columns(a: Amounts) -> dict[str, Optional[Decimal]]:
    return {"总计": a.total, **a.sources}


def _set(a: Amounts, col: str, value: Decimal) -> None:
    if col == "总计":
        a.total = value
    else:
        a.sources[col] = value


def _row_residual(a: Amounts) -> Decimal:
    if a.total is None or not a.sources:
        return Decimal(0)
    return a.total - sum(a.sources.values(), Decimal(0))


def _repair_block(parent: Amounts, children: list[Amounts]) -> Optional[tuple[int, str, Decimal, Decimal]]:
    """The one amount in a parent row and its child rows that both checks pin down:
    (row index, -1 for the parent; column; old; new), or None."""
    rows = [parent] + children
    cols = sorted({k for r in rows for k in _columns(r)} - {"总计"})
    cols = ["总计"] + cols
    row_bad = [i for i, r in enumerate(rows) if _row_residual(r) != 0]
    col_res = {}
    for c in cols:
        p = _columns(parent).get(c)
        s = sum((_columns(ch).get(c) or Decimal(0)) for ch in children)
        col_res[c] = (p or Decimal(0)) - s
    col_bad = [c for c in cols if col_res[c] != 0]
    if len(row_bad) != 1 or len(col_bad) != 1:
        return None
    r, c = row_bad[0], col_bad[0]
    old = _columns(rows[r]).get(c)
    if old is None:
        return None
    if r == 0:
        new = old - col_res[c]  # the parent is wrong: it should be the sum of its children
    else:
        new = old + col_res[c]  # a child is wrong by what its column is off
    trial = copy.deepcopy(rows[r])
    _set(trial, c, new)
    if _row_residual(trial) != 0 or new < 0 or not _one_digit_apart(old, new):
        return None
    return r - 1, c, old, new


def _near(a: str, b: str) -> Optional[int]:
    """Edit distance between a (maybe cut short) first copy and the whole second one, if small."""
    b = b[:len(a)] if len(b) > len(a) else b
    d = Levenshtein.distance(a, b)
    return d if d <= max(2, len(a) // 30) else None


def _reading_confidence(text: str, page, bbox) -> Optional[float]:
    """How sure the recogniser was of `text` as read inside `bbox` on an OCR page: the mean
    line score (weighted by length) of the OCR lines there that are pieces of `text`."""
    confs = getattr(page, "confidences", None)
    if not confs or bbox is None or not text:
        return None
    x0, top, x1, bottom = bbox
    lines: dict[tuple, list] = {}
    for c, conf in zip(page.chars, confs):
        if x0 - 1 <= (c.x0 + c.x1) / 2 <= x1 + 1 and top - 1 <= (c.top + c.bottom) / 2 <= bottom + 1:
            lines.setdefault((c.top, c.bottom, conf), []).append(c)
    target = for_matching(text)
    total = weight = 0.0
    for (_, _, conf), cs in lines.items():
        cs.sort(key=lambda c: c.x0)
        # Lines of neighbouring cells may share a top and a score: a gap splits them.
        pieces, cur = [], [cs[0]]
        for prev, c in zip(cs, cs[1:]):
            if c.x0 - prev.x1 > 0.5 * max(c.size, 1.0):
                pieces.append(cur)
                cur = []
            cur.append(c)
        pieces.append(cur)
        for run in pieces:
            piece = for_matching("".join(c.text for c in run))
            if len(piece) >= 2 and piece in target:
                total += conf * len(piece)
                weight += len(piece)
    return total / weight if weight else None


def _same_row_twice(a: Project, b: Project) -> list[str]:
    """What differs between two readings of one row printed on both sides of a page break
    (same amounts, next page, texts equal but for a few characters); [] when they read alike
    already or are not such a pair."""
    if not (a.pages and b.pages and min(b.pages) == max(a.pages) + 1 and a.amounts == b.amounts):
        return []
    pairs = [("name", a.name, b.name), ("goal", a.goal or "", b.goal or ""),
             ("indicators", a.indicators_raw or "", b.indicators_raw or "")]
    diffs = []
    for label, x, y in pairs:
        x, y = for_matching(x), for_matching(y)
        if label != "name" and y.startswith(x):
            continue
        if label == "name" and x == y:
            continue
        d = _near(x, y)
        if d is None:
            return []
        diffs.append(f"{label}: {d} character{'s' if d != 1 else ''}")
    return diffs


def _counted_once(projects: list[Project]) -> list[list[int]]:
    """Project indices grouped as the checker counts them: a row printed again after a page
    break is one group (check.resolve_repeats decides, here as there)."""
    from extractor.checks.core import _is_page_break_repeat

    groups: list[list[int]] = []
    for i, p in enumerate(projects):
        if groups and _is_page_break_repeat(projects[groups[-1][-1]], p):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


#: Marks that tell projects of one name apart (人事档案信息化建设专项经费 and …经费·), and their look-alikes.
_NAME_MARKS = "·‘’'`．.、，,"


def twin_findings(doc: Document, scanned: set[int]) -> list[Finding]:
    """An OCR_TWIN warning on each project of a unit whose name, its trailing marks aside, is
    another project's there (page-break copies of one row aside), when either is on a scanned
    page: the sums reconcile whichever way two such rows are read, so a mark misread or missed
    swaps their amounts silently; only the image can tell, and a reader must look."""
    out = []
    for ui, unit in enumerate(doc.units):
        groups = _counted_once(unit.projects)
        by_stem: dict[str, list[int]] = {}
        for g in groups:
            stem = for_matching(unit.projects[g[0]].name).rstrip(_NAME_MARKS)
            by_stem.setdefault(stem, []).append(g[0])
        for stem, firsts in by_stem.items():
            if len(firsts) < 2 or not any(set(unit.projects[i].pages) & scanned for i in firsts):
                continue
            names = [unit.projects[i].name for i in firsts]
            read = "; ".join(f"{unit.projects[i].name} {format(unit.projects[i].amounts.total, 'f') if unit.projects[i].amounts.total is not None else '—'}"
                             for i in firsts)
            for g in groups:
                if g[0] not in firsts:
                    continue
                for pi in g:
                    p = unit.projects[pi]
                    out.append(Finding(
                        code="OCR_TWIN", severity="warning", pages=list(p.pages), record=record_path(ui, pi),
                        bbox=p.bbox, message=f"{unit.name} / {p.name}: {len(names)} projects whose names differ only by "
                        f"a trailing mark read from the scan ({read}); the sums reconcile whichever way they are "
                        f"read, so which amount is whose rests on the marks: check them on the page image"))
    return out


#: The marks a name carries at its end to tell it from a same-named project (· ‘ ’, and ' ` as OCR reads them).
_TRAILING = "·‘’'`"


def drop_lone_marks(doc: Document, scanned: set[int]) -> list[Finding]:
    """A trailing mark (· ‘ ’) tells a project from another of the same name in its unit; read from a
    scan on a name that no other project of the unit shares, it is a speck (or a serif) taken for a mark:
    dropped from every printed copy of the row, with an OCR_REPAIR finding. (Every mark in our golds
    sits on such a twin; a name alone never carries one.) Changes `doc` in place."""
    out = []
    stems = [for_matching(u.name).rstrip(_NAME_MARKS) for u in doc.units]
    for ui, unit in enumerate(doc.units):  # a unit's name is its own: a mark read after it tells nothing apart
        name = unit.name.rstrip()
        if name and name[-1] in _TRAILING and set(unit.pages) & scanned and stems.count(stems[ui]) == 1 \
                and name.rstrip(_TRAILING).rstrip():
            unit.name = name.rstrip(_TRAILING).rstrip()
            out.append(Finding(code=CODE, severity="info", pages=list(unit.pages), record=record_path(ui),
                               bbox=unit.bbox, message=f"{unit.name}: the trailing '{name[len(unit.name):]}' read "
                               f"from the scan dropped: no other unit has this name"))
    for ui, unit in enumerate(doc.units):
        groups = _counted_once(unit.projects)
        stems: dict[str, int] = {}
        for g in groups:
            stem = for_matching(unit.projects[g[0]].name).rstrip(_NAME_MARKS)
            stems[stem] = stems.get(stem, 0) + 1
        for g in groups:
            first = unit.projects[g[0]]
            name = first.name.rstrip()
            if not name or name[-1] not in _TRAILING or not set(first.pages) & scanned:
                continue
            if stems.get(for_matching(name).rstrip(_NAME_MARKS), 0) > 1:
                continue
            bare = name.rstrip(_TRAILING).rstrip()
            if not bare:
                continue
            for pi in g:
                unit.projects[pi].name = bare
            out.append(Finding(
                code=CODE, severity="info", pages=sorted({n for pi in g for n in unit.projects[pi].pages}),
                record=record_path(ui, g[0]), bbox=first.bbox,
                message=f"{unit.name} / {bare}: the trailing '{name[len(bare):]}' read from the scan dropped: a mark "
                        f"tells a project from a same-named one, and no other project of {unit.name} has this name"))
    return out


def _has_ideograph(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def unreadable_names(doc: Document, scanned: set[int]) -> list[Finding]:
    """Units and projects on scanned pages whose name holds no Chinese character at all (WIRTIMRAAA:
    the recogniser made letters of a name it could not read): a warning on the record, for its
    amounts stand as read under a name nobody can match."""
    out = []
    for ui, unit in enumerate(doc.units):
        records = [(record_path(ui), unit.name, unit.pages, unit.bbox)]
        records += [(record_path(ui, pi), p.name, p.pages, p.bbox) for pi, p in enumerate(unit.projects)]
        for record, name, pages, bbox in records:
            if name and not name.startswith("(") and set(pages) & scanned and not _has_ideograph(name):
                out.append(Finding(code=UNSURE_CODE, severity="warning", pages=list(pages), bbox=bbox, record=record,
                                   message=f"name read as {name!r}, with no Chinese character: the recogniser could "
                                           f"not read it (the amounts are as read)"))
    return out


def _region_prefix(department: str) -> str:
    """The place a department's name opens with (广州市花都区 of 广州市花都区农业农村局): its longest
    prefix ending in 省 / 市 / 区 / 县 / 旗 / 州 / 盟, up to 12 characters."""
    best = ""
    for i, c in enumerate(department[:12]):
        if c in "省市区县旗州盟":
            best = department[:i + 1]
    return best


def units_as_the_department_reads(doc: Document, scanned: set[int]) -> list[Finding]:
    """A unit's name that reads a character away from the department's (广州市化都区农业农村局 under
    部门名称：广州市花都区农业农村局), or whose place name does (广州市化都区农业技术推广中心): the
    department's reading is taken (its line prints in a larger type, or on every form), with an
    OCR_REPAIR finding on the unit."""
    dept = "".join((doc.department or "").split())
    region = _region_prefix(dept)
    out = []
    if len(dept) < 4:
        return out
    for ui, unit in enumerate(doc.units):
        name = unit.name
        if not set(unit.pages) & scanned or name == dept or name.startswith("("):
            continue
        fixed = None
        if len(name) == len(dept) and Levenshtein.distance(name, dept) <= max(1, len(dept) // 10):
            fixed = dept
        elif len(region) >= 3 and name[:len(region)] != region and Levenshtein.distance(name[:len(region)], region) == 1:
            fixed = region + name[len(region):]
        if fixed is None:
            continue
        unit.name = fixed
        out.append(Finding(code=CODE, severity="info", pages=list(unit.pages), bbox=unit.bbox, record=record_path(ui),
                           message=f"unit name read as {name!r}: the department's name reads {dept!r}, a character "
                                   f"apart; taken as {fixed!r}"))
    return out


def ocr_document(doc: Document, repairs: list[Repair], pages) -> Document:
    """On records from OCR'd pages: amounts that the reconciliation proves misread set right, rows
    printed on both sides of a page break made to read alike (see `_same_row_twice`), and every
    repair (these and the text ones) as an OCR_REPAIR finding. Returns a new Document."""
    scanned = _ocr_pages(pages)
    if not scanned:
        return doc
    doc = doc.model_copy(deep=True)
    findings: list[Finding] = []
    by_number = {p.number: p for p in pages}

    def amount_fix(where: str, a: Amounts, col: str, old: Decimal, new: Decimal, record: str, pages_, bbox, why: str):
        _set(a, col, new)
        findings.append(Finding(
            code=CODE, severity="info", pages=list(pages_), record=record, bbox=bbox,
            message=f"{where}: {col} read by OCR as {format(old, 'f')}, set to {format(new, 'f')}: {why}"))

    # Rows printed on both sides of a page break first: the sums count them once.
    for ui, unit in enumerate(doc.units):
        for pi in range(len(unit.projects) - 1):
            a, b = unit.projects[pi], unit.projects[pi + 1]
            if not (set(a.pages) | set(b.pages)) & scanned:
                continue
            diffs = _same_row_twice(a, b)
            if diffs:
                used = []
                for field_, label in (("name", "项目名称"), ("goal", "绩效目标"), ("indicators_raw", "绩效指标")):
                    x, y = getattr(a, field_) or "", getattr(b, field_) or ""
                    if x == y:
                        continue
                    keep_a = False
                    alike = for_matching(x) == for_matching(y)  # width forms only: either will do
                    if not alike and (field_ == "name" or len(for_matching(x)) >= len(for_matching(y))):  # not cut short
                        ca = _reading_confidence(x, by_number.get(a.pages[0]), a.bbox)
                        cb = _reading_confidence(y, by_number.get(b.pages[0]), b.bbox)
                        keep_a = ca is not None and cb is not None and ca > cb
                    src, dst = (a, b) if keep_a else (b, a)
                    setattr(dst, field_, getattr(src, field_))
                    if field_ == "indicators_raw":
                        dst.indicators = [i.model_copy(deep=True) for i in src.indicators]
                    if not alike:
                        used.append(f"{label} from page {src.pages[0]}")
                findings.append(Finding(
                    code=CODE, severity="info", pages=sorted(set(a.pages) | set(b.pages)),
                    record=record_path(ui, pi), bbox=a.bbox,
                    message=f"{b.name}: the row printed on page {max(a.pages)} and again on page {min(b.pages)} "
                            f"was read differently by OCR ({'; '.join(diffs)}); both copies now read alike "
                            + (f"({', '.join(used)}: the reading the recogniser was surer of, or the whole one), "
                               if used else "")
                            + "so that it is counted once"))
    for ui, unit in enumerate(doc.units):
        on_scan = set(unit.pages) & scanned or any(set(p.pages) & scanned for p in unit.projects)
        if not on_scan or not unit.projects:
            continue
        groups = _counted_once(unit.projects)
        hit = _repair_block(unit.amounts, [unit.projects[g[0]].amounts for g in groups])
        if hit is None:
            continue
        r, col, old, new = hit
        if r < 0:
            amount_fix(unit.name, unit.amounts, col, old, new, record_path(ui), unit.pages, unit.bbox,
                       "then the unit row equals both the sum of its sources and the sum of its projects")
        else:
            for pi in groups[r]:  # every printed copy of the row
                p = unit.projects[pi]
                amount_fix(f"{unit.name} / {p.name}", p.amounts, col, old, new, record_path(ui, pi),
                           p.pages, p.bbox, f"then the row's 总计 equals the sum of its sources and {unit.name}'s "
                           f"{col} equals the sum of its projects; one digit differs")
    if doc.units and (doc.totals.total is not None):
        hit = _repair_block(doc.totals, [u.amounts for u in doc.units])
        if hit is not None:
            r, col, old, new = hit
            if r < 0:
                amount_fix("合计", doc.totals, col, old, new, TOTALS, [], None,
                           "then 合计 equals both the sum of its sources and the sum of the units")
            elif set(doc.units[r].pages) & scanned:
                u = doc.units[r]
                amount_fix(u.name, u.amounts, col, old, new, record_path(r), u.pages, u.bbox,
                           "then the unit row equals the sum of its sources and 合计 the sum of the units")
    findings += drop_lone_marks(doc, scanned)  # after the page-break copies read alike
    findings += twin_findings(doc, scanned)
    findings += unreadable_names(doc, scanned)
    findings += units_as_the_department_reads(doc, scanned)
    # Text repairs: find the record each row became.
    where = {}
    for ui, unit in enumerate(doc.units):
        if unit.bbox is not None and unit.pages:
            where[(unit.pages[0], unit.bbox)] = record_path(ui)
        for pi, p in enumerate(unit.projects):
            if p.bbox is not None and p.pages:
                where[(p.pages[0], p.bbox)] = record_path(ui, pi)
    text_findings = [_as_finding(r, where.get((r.page, r.bbox))) for r in repairs]
    doc.findings = list(doc.findings) + text_findings + findings
    return doc
