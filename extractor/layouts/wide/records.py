"""Deterministic extraction for the wide layout: one row per 合计 / unit / project,
columns 项目名称 | 总计 | sources… | 绩效目标 | 绩效指标.

Takes a layout `Table`, returns a `Document` with every row as printed (repeats
across page breaks included: the checker decides about those) and the
findings met on the way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from rapidfuzz.distance import Levenshtein

from extractor.indicators import parse_cell
from extractor.layouts.wide.table import Row, Table
from extractor.models import TOTALS, Amounts, Document, Finding, Project, Unit, record_path
from extractor.normalize import for_matching, join_lines
from extractor.vocabulary import MONEY_UNITS, funding_source

_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_GRAND_TOTAL = ("合计", "总计", "小计合计")
_MONEY_UNITS = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))  # 亿元|万元|千元|元


def parse_amount(text: str) -> Optional[Decimal]:
    """'2,467.17' → Decimal('2467.17'); None when the text is not an amount."""
    s = re.sub(r"\s+", "", text or "")
    if not _AMOUNT.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


_DEPARTMENT = re.compile(r"(?:部门名称|单位名称|编制单位|预算单位|主管部门|部门|单位)\s*[:：]\s*(.+?)\s*(?:(?:金额)?单位\s*[:：].*)?$")
_MONEY_UNIT = re.compile(rf"(?:金额)?单位\s*[:：]\s*({_MONEY_UNITS})")
_YEAR = re.compile(r"(20\d\d)\s*年")


def _metadata(preamble: list[str]) -> dict:
    """Title, department, money unit and budget year from the lines above the header.

    部门名称 and 单位 may share a line (部门名称：X　　单位：万元, the gap lost in a scan): the
    department ends where 单位： begins. The year is in the title (2024年…) or a line of its own
    (2024年度, 预算年度：2024年)."""
    meta: dict = {}
    for line in preamble:
        m = for_matching(line)
        if "title" not in meta and ("绩效目标表" in m or "绩效目标" in m and "表" in m):
            meta["title"] = line.strip()
        u = _MONEY_UNIT.search(line)
        if u:
            meta["money_unit"] = u.group(1)
        text = line.strip()
        if "department" not in meta and not _MONEY_UNIT.match(text):
            d = _DEPARTMENT.match(text)
            if d and d.group(1).strip():
                meta["department"] = re.sub(r"\s+", "", d.group(1))
    years = [_YEAR.search(meta.get("title") or "")] + [_YEAR.search(line) for line in preamble]
    year = next((y for y in years if y), None)
    if year:
        meta["budget_year"] = int(year.group(1))
    return meta


def _begins(text: str, part: str, scanned: bool) -> bool:
    """`text` begins with `part`; on two OCR readings of one print, up to one character in 25 may be
    read differently (培养， read 培养。 in one copy), and the part's first line may be lost (its
    rest is then inside the text)."""
    if text.startswith(part):
        return True
    return scanned and len(text) >= len(part) > 0 and \
        (Levenshtein.distance(part, text[:len(part)]) <= max(1, len(part) // 25) or (len(part) >= 8 and part in text))


class _Builder:
    def __init__(self, table: Table):
        self.table = table
        self.cols = table.columns
        self.kind_of = {i: c.kind for i, c in enumerate(self.cols)}
        self.name_col = next(i for i, c in enumerate(self.cols) if c.kind == "name")
        self.total_col = next(i for i, c in enumerate(self.cols) if c.kind == "total")
        self.source_cols = [i for i, c in enumerate(self.cols) if c.kind == "source"]
        self.goal_col = next((i for i, c in enumerate(self.cols) if c.kind == "goal"), None)
        self.ind_col = next((i for i, c in enumerate(self.cols) if c.kind == "indicators"), None)
        self.findings: list[Finding] = []
        self.project_rows: dict[tuple[int, int], list[Row]] = {}  # (unit, project) → the table rows it came from
        # How far a unit's name starts from the column edge; projects are indented further.
        starts = [r.cells[self.name_col][0].x0 for r in table.rows if self.name_col in r.cells]
        self.name_left = min(starts) if starts else self.cols[self.name_col].x0

    def find(self, code, severity, message, row: Row, record=None):
        self.findings.append(
            Finding(code=code, severity=severity, message=message, pages=[row.page], record=record,
                    bbox=row.bbox(self.cols[0].x0, self.cols[-1].x1))
        )

    def amounts(self, row: Row, record: str) -> Amounts:
        out = Amounts()
        for ci in [self.total_col] + self.source_cols:
            text = row.text(ci)
            if not text:
                continue
            value = parse_amount(text)
            if value is None:
                self.find("AMOUNT_UNREADABLE", "error",
                          f"{self.cols[ci].label}: {text!r} is not an amount", row, record)
                continue
            doubt = next((line.doubt for line in row.cells.get(ci, []) if line.doubt), "")
            if doubt:
                self.find("AMOUNT_COLUMN_AMBIGUOUS", "warning", f"{self.cols[ci].label}: {doubt}", row, record)
            if ci == self.total_col:
                out.total = value
            else:
                out.sources[join_lines([self.cols[ci].label])] = value
        return out

    def is_project(self, row: Row) -> bool:
        has_body = any(row.text(ci) for ci in (self.goal_col, self.ind_col) if ci is not None)
        indented = self.name_col in row.cells and row.cells[self.name_col][0].x0 > self.name_left + 4
        return has_body or indented

    def is_continuation(self, row: Row, prev: Optional[Row]) -> bool:
        """Part of a tall row carried over a page break: the first row of a page with nothing in the
        amount columns (every unit and project row has its 总计), following a project row. Its name
        cell may hold the rest of a name that wrapped across the break."""
        return (
            prev is not None and row.page == prev.page + 1
            and not any(row.text(ci) for ci in [self.total_col] + self.source_cols)
            and (not row.text(self.name_col) or self.is_project(prev))
        )

    def report_where_and_labels(self) -> None:
        """Say where the table was found, and which source labels are outside the vocabulary."""
        pages = self.table.table_pages
        if pages and pages != list(range(1, self.table.page_count + 1)):  # said only when it does not fill the PDF
            span = f"{pages[0]}–{pages[-1]}" if pages == list(range(pages[0], pages[-1] + 1)) else ", ".join(map(str, pages))
            self.findings.append(Finding(
                code="TABLE_PAGES", severity="info", pages=pages,
                message=f"项目支出绩效目标表 found on page(s) {span} of {self.table.page_count}"))
        for i in self.source_cols:
            label = self.cols[i].label
            if funding_source(label) is None:
                self.findings.append(Finding(
                    code="SOURCE_LABEL_UNKNOWN", severity="warning", pages=self.table.pages_with_header[:1],
                    message=f"funding-source column {label!r} is not in the vocabulary; kept under its own name"))

    def group_text(self, parts: list[Row], ci: Optional[int]) -> str:
        return for_matching(join_lines([p.text(ci) for p in parts])) if ci is not None else ""

    def is_partial_print(self, a: list[Row], b: list[Row]) -> bool:
        """a, at the foot of a page, is the top part of b, printed whole again on the next page
        (a name cut short, or no name at all where the cell's text sat lower than the cut)."""
        amounts = [self.total_col] + self.source_cols
        if any(self.group_text(a, ci) and self.group_text(a, ci) != self.group_text(b, ci) for ci in amounts):
            return False
        texts = [self.name_col, self.goal_col, self.ind_col]
        pairs = [(self.group_text(a, ci), self.group_text(b, ci)) for ci in texts]
        scanned = a[0].page in self.table.scanned and b[0].page in self.table.scanned
        # On a scan, a is a PART only when some text of it is cut short by more than a misread or two:
        # two whole copies read a character apart are left to the OCR repair, which keeps the reading
        # the recogniser was surer of (folded here, the later copy's reading would win unasked).
        cut_short = not scanned or any(len(y) - len(x) > max(1, len(y) // 25) for x, y in pairs)
        return any(x for x, _ in pairs) and all(_begins(y, x, scanned) for x, y in pairs) \
            and any(x != y for x, y in pairs) and cut_short

    def fold_partial_prints(self, groups: list[list[Row]]) -> tuple[list[list[Row]], dict[int, set[int]]]:
        """Rows cut at the foot of a page and printed again on the next: the top part folded into the
        whole copy (its page kept); a nameless top part that is not a copy is the start of the next row."""
        out: list[list[Row]] = []
        extra: dict[int, set[int]] = {}
        for i, g in enumerate(groups):
            nxt = groups[i + 1] if i + 1 < len(groups) else None
            at_foot = nxt is not None and nxt[0].page == g[-1].page + 1
            if at_foot and self.is_partial_print(g, nxt):
                extra.setdefault(id(nxt[0]), set()).update({r.page for r in g} | extra.pop(id(g[0]), set()))
                self.find("REPEATED_ROW", "info", f"{join_lines([nxt[0].text(self.name_col)])}: the part printed at the "
                          f"foot of page {g[-1].page} is printed whole again on page {nxt[0].page}; counted once", g[0])
                continue
            if at_foot and not self.group_text(g, self.name_col) and self.group_text(nxt, self.name_col):
                nxt[0:0] = g  # the row's top part; its name is on the next page
                continue
            out.append(g)
        return out, extra

    def is_unread_grand_total(self, row: Row, merged: list[list[Row]]) -> bool:
        """On a scan, the table's first row with its name unread (合计 read as nothing) and a 总计 larger
        than any other row's: the grand total, as every such table opens."""
        if row.page not in self.table.scanned or not merged or row is not merged[0][0]:
            return False
        mine = parse_amount(row.text(self.total_col))
        others = [parse_amount(g[0].text(self.total_col)) for g in merged[1:]]
        return mine is not None and all(v is None or v < mine for v in others)

    def build(self) -> Document:
        meta = _metadata(self.table.preamble)
        doc = Document(
            title=meta.get("title"), department=meta.get("department"), money_unit=meta.get("money_unit"),
            budget_year=meta.get("budget_year"),
            source_columns=[join_lines([self.cols[i].label]) for i in self.source_cols],
        )
        for page, message in self.table.notes:
            self.findings.append(Finding(code="LAYOUT", severity="warning", message=message, pages=[page]))
        self.report_where_and_labels()
        # Rows as (row, continuation rows)
        merged: list[list[Row]] = []
        for row in self.table.rows:
            if merged and self.is_continuation(row, merged[-1][-1]):
                merged[-1].append(row)
            else:
                merged.append([row])
        merged, extra_pages = self.fold_partial_prints(merged)
        unit: Optional[Unit] = None
        for parts in merged:
            row = next((p for p in parts if p.text(self.name_col)), parts[0])  # a top part may have no name
            name = join_lines([p.text(self.name_col) for p in parts])
            pages = sorted({p.page for p in parts} | extra_pages.get(id(row), set()))
            bbox = row.bbox(self.cols[0].x0, self.cols[-1].x1)
            if for_matching(name) in _GRAND_TOTAL:
                if doc.totals.total is not None:
                    self.find("ROW_UNEXPECTED", "warning", f"a second {name} row; ignored", row)
                    continue
                doc.totals = self.amounts(row, TOTALS)
                continue
            if not name and self.is_unread_grand_total(row, merged):
                self.find("LAYOUT", "warning", "the first row's name could not be read; its 总计 is the largest of "
                          "the table: taken for the 合计 row", row, TOTALS)
                doc.totals = self.amounts(row, TOTALS)
                continue
            if not name:
                self.find("ROW_WITHOUT_NAME", "error", "a row with no name; not extracted: "
                          + " | ".join(row.text(i) for i in sorted(row.cells))[:80], row)
                continue
            if self.is_project(row):
                if unit is None:
                    unit = Unit(name="(未注明单位)", pages=[row.page])
                    doc.units.append(unit)
                    self.find("PROJECT_WITHOUT_UNIT", "error", f"project {name!r} comes before any unit row", row)
                ui, pi = len(doc.units) - 1, len(unit.projects)
                record = record_path(ui, pi)
                goal = join_lines([p.text(self.goal_col) for p in parts]) if self.goal_col is not None else ""
                ind_text = join_lines([p.text(self.ind_col) for p in parts]) if self.ind_col is not None else ""
                indicators, problems = parse_cell(ind_text)
                for prob in problems:
                    if prob.code.startswith("IND_VALUE"):
                        continue  # the checker re-reads every value, whoever produced it
                    self.find(prob.code, "warning", f"{name}: {prob.message}", row, record)
                self.project_rows[(ui, pi)] = parts
                unit.projects.append(Project(
                    name=name, amounts=self.amounts(row, record), goal=goal or None, pages=pages, bbox=bbox,
                    indicators=indicators, indicators_raw=ind_text or None,
                ))
            else:
                record = record_path(len(doc.units))
                unit = Unit(name=name, amounts=self.amounts(row, record), pages=pages, bbox=bbox)
                doc.units.append(unit)
        doc.findings = self.findings
        return doc


def extract(table: Table) -> Document:
    """Records from a wide-layout table; findings for whatever could not be read as it stands."""
    return _Builder(table).build()


def extract_with_rows(table: Table) -> tuple[Document, dict[tuple[int, int], list[Row]]]:
    """`extract`, plus the table rows each project came from, keyed by (unit index, project index)."""
    builder = _Builder(table)
    return builder.build(), builder.project_rows
