"""The per-project form layout (项目支出绩效目标申报表 / 审批表 / 批复表): one ruled form per project.

A form is a grid of cells: header fields as label | value neighbours (项目名称, 主管部门,
实施单位 or 项目单位, 项目属性, 项目期, 资金总额 (万元) and its breakdown, 年度目标 or
总体目标 with 中期 / 年度 rows), then one or two indicator blocks 一级指标 | 二级指标 |
三级指标 | 指标值 (| 分值 | 备注), whose 一级 / 二级 cells are often merged down several rows.

Cells come from the ruling lines: the page is cut into slots at every distinct rule
position, and neighbouring slots with no rule drawn between them are one (merged) cell.
A form starts at a 项目名称 cell and runs on, over page breaks, until the next one.
Indicator rows take their 一级 / 二级 label from the cell that covers them (a merged
cell covers all its rows); an empty label cell (a merged cell cut by a page break) carries
the label down. Two blocks: the 年度 block gives annual_target, the 中期 block gives
period_target for the same 三级指标 name. Level names lose a bracketed score or alternate
(产出指标(50分) → 产出指标); the row as printed is kept in `raw`.

The cells and the detection are in `forms.grid`; the indicator blocks become records in
`forms.records`. Takes `list[PageText]`, returns a `Document` with the findings met on the way; the
checker runs afterwards like for any producer. Not covered: forms without ruling lines,
the side-by-side 中期 | 年度 indicator grid, multi-year 中期资金总额 columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from extractor.models import Amounts, Document, Finding, Indicator, Project, Unit
from extractor.normalize import for_matching
from extractor.layouts.forms.grid import Cell, FormError, Grid, _lines, detect, grids_of  # noqa: F401  (detect, FormError: the reader's API)
from extractor.source.page import PageText
from extractor.layouts.forms.records import _indicators, _sum, clean_level  # noqa: F401  (clean_level: the reader's API)
from extractor.layouts.wide.records import parse_amount
from extractor.models import record_path
from extractor.vocabulary import MONEY_UNITS

LABEL_NAME = ("项目名称",)
LABEL_DEPARTMENT = ("主管部门", "主管部门及代码", "主管单位", "主管部门名称", "主管部门(单位)")
LABEL_UNIT = ("实施单位", "项目单位", "实施单位及代码", "项目单位及代码", "项目实施单位", "资金使用单位", "预算单位")
LABEL_TOTAL = ("资金总额", "年度资金总额", "项目资金总额", "项目总金额", "总金额", "合计", "总计", "预算金额",
               "年度预算金额", "项目预算金额", "项目资金", "年度资金", "总额")
# A breakdown label ends like a funding source: 一般公共预算, 政府性基金, 上年结转, 事业收入, 其他资金 …
_SOURCE = re.compile(r"(资金|拨款|预算|结转|收入|基金|补助|经费|专户)$")
_STOP = ("年度目标", "总体目标", "中期目标", "绩效目标", "绩效指标", "一级指标", "项目概况", "立项依据")
_EMPTY = ("", "—", "-", "–", "/", "／", "无", "0")
_UNITS = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))  # 亿元|万元|千元|元: longest first
_MONEY_UNIT = re.compile(rf"(?:[（(]|单位[:：])\s*({_UNITS})\s*(?:[）)]|$)")
_CODE_PREFIX = re.compile(r"^(?:[\[［【(（]\s*\d+\s*[\]］】)）]|\d{3,}\s*[-－—]\s*)\s*")
_HEADS = {"一级指标": "l1", "二级指标": "l2", "三级指标": "name", "分值": "score", "权重": "score",
          "分数": "score", "指标分值": "score", "备注": "remark", "说明": "remark"}


# ---------------------------------------------------------------- one form


#: Marks a scan's specks are read as; never the first or last character of a source label.
_SPECKS = "·‘’'`\"“”.,，。、:：;；-—_~．|"
_FIELD_LABELS = sorted(LABEL_DEPARTMENT + LABEL_UNIT, key=len, reverse=True)


def _glued_field(cell: Cell, label: str, value: str) -> tuple[str, str]:
    """On a scan, a field's label and its value in one cell (实施单位广州市番禺区教育局), the rule
    between them too faint to find: the label, and the rest of the cell as its value. A cell that
    is a label alone, or does not open with one, is left as it is."""
    if label in _FIELD_LABELS:
        return label, value
    for known in _FIELD_LABELS:
        if label.startswith(known) and len(label) > len(known) + 1:
            rest = cell.text.strip()
            cut = next((i + 1 for i in range(len(rest)) if for_matching(rest[:i + 1]) == known), None)
            if cut is not None:
                return known, rest[cut:].lstrip(":： ")
    return label, value


def _strip_code(text: str) -> str:
    return _CODE_PREFIX.sub("", text.strip()).strip()


@dataclass
class _Row:
    l1: str
    l2: str
    name: str
    value: str
    score: str
    remark: str


@dataclass
class _Form:
    page: int
    bbox: tuple[float, float, float, float]
    fields: dict[str, str] = field(default_factory=dict)
    amounts: Amounts = field(default_factory=Amounts)
    goal: Optional[str] = None
    pages: list[int] = field(default_factory=list)
    blocks: list[tuple[str, list[_Row]]] = field(default_factory=list)
    cols: Optional[dict[str, tuple[float, float]]] = None  # role → (x0, x1) of the open block
    carry: tuple[str, str] = ("", "")
    notes: list[tuple[str, str, str, int]] = field(default_factory=list)  # (code, severity, message, page)
    spans: list[tuple[int, float, float]] = field(default_factory=list)  # (page, top, bottom) of its grid rows
    scanned: bool = False  # read by OCR (its first page)


class _Reader:
    def __init__(self, pages: list[PageText], grids: list[Optional[Grid]]):
        self.pages = pages
        self.grids = grids
        self.forms: list[_Form] = []
        self.source_columns: list[str] = []
        self.money_unit: Optional[str] = None
        self.title: Optional[str] = None
        self.placed: dict[tuple[int, int], _Form] = {}  # (unit index, project index) → the form it was read from

    # -- header fields

    def header_fields(self, grid: Grid, form: _Form, r_from: int, r_to: int) -> None:
        cells = sorted((c for c in grid.cells if r_from <= c.r0 < r_to and c.text), key=lambda c: (c.r0, c.c0))
        for c in cells:
            unit = _MONEY_UNIT.search(c.label)
            if unit and self.money_unit is None:
                self.money_unit = unit.group(1)
            lab = c.label
            nb = grid.right_of(c)
            value = nb.text if nb is not None else ""
            if getattr(grid.page, "ocr", False):
                lab, value = _glued_field(c, lab, value)
            for key, labels in (("name", LABEL_NAME), ("department", LABEL_DEPARTMENT), ("unit", LABEL_UNIT)):
                if lab in labels and key not in form.fields:
                    form.fields[key] = _strip_code(value) if key != "name" else value
            if form.goal is None and re.match(r"^年度(绩效)?目标", lab) and nb is not None:
                form.goal = value or None
        if form.goal is None:
            for c in cells:
                nb = grid.right_of(c)
                if c.label in ("总体目标", "绩效目标", "项目绩效目标") and nb is not None and nb.text \
                        and not re.match(r"^(中期|年度)", nb.label):
                    form.goal = nb.text
                    break
        self.funding(grid, form, cells)

    def funding(self, grid: Grid, form: _Form, cells: list[Cell]) -> None:
        total_cell = None
        for c in cells:
            lab = re.sub(r"[（(](万元|元|千元)[）)]", "", c.label)
            nb = grid.right_of(c)
            if lab.startswith("中期") or nb is None or (lab not in LABEL_TOTAL and not lab.endswith("资金总额")):
                continue
            value = self.amount(nb, form, lab)
            if value is not None:
                form.amounts.total = value
                total_cell = c
                break
        if total_cell is None:
            return
        end = max(c.r1 for c in cells)
        for c in cells:
            if c.r0 > total_cell.r0 and any(c.label.startswith(s) for s in _STOP):
                end = min(end, c.r0)
        for c in cells:
            if c is total_cell or not (total_cell.r0 <= c.r0 < end):
                continue
            lab = re.sub(r"^其中[:：]?", "", re.sub(r"[（(](万元|元|千元)[）)]", "", c.label))
            if getattr(grid.page, "ocr", False):  # a speck read before or after the label (其中：-一般公共预算)
                lab = lab.strip(_SPECKS)
            nb = grid.right_of(c)
            if not lab or nb is None or not (_SOURCE.search(lab) or c.label.startswith("其中")):
                continue
            if nb.text and parse_amount(nb.text) is None and not re.search(r"\d", nb.text) \
                    and nb.label not in _EMPTY:
                continue  # a group label (项目资金（万元） | 资金总额 …), not a label | value pair
            if lab not in self.source_columns:
                self.source_columns.append(lab)
            value = self.amount(nb, form, lab)
            if value is not None:
                form.amounts.sources[lab] = value

    def amount(self, cell: Cell, form: _Form, label: str) -> Optional[Decimal]:
        if cell.label in _EMPTY:
            return None
        value = parse_amount(cell.text)
        if value is None and re.search(r"\d", cell.text):
            form.notes.append(("AMOUNT_UNREADABLE", "error", f"{label}: {cell.text!r} is not an amount", form.page))
        return value

    # -- indicator grid

    def header_row(self, grid: Grid, r: int) -> Optional[dict[str, tuple[int, int]]]:
        """Role → (c0, c1) when slot row r starts an indicator header row."""
        cols: dict[str, tuple[int, int]] = {}
        for c in grid.cells:
            if c.r0 != r or not c.text:
                continue
            lab = c.label
            role = _HEADS.get(lab)
            if role is None and ("指标值" in lab or "目标值" in lab) and "中期" not in lab:
                role = "value"
            if role and role not in cols:
                cols[role] = (c.c0, c.c1)
        return cols if {"l1", "l2", "name", "value"} <= set(cols) else None

    def block_kind(self, grid: Grid, r: int, cols: dict[str, tuple[int, int]]) -> Optional[str]:
        """"period" or "annual" from the block's label (left of the header, or a row across
        the grid just above it); None when neither says."""
        l1c = cols["l1"][0]
        texts = [grid.at(r, c).text for c in range(l1c)]
        above = grid.at(r - 1, l1c)
        if above is not None and above.c1 >= cols["value"][1]:
            texts.append(above.text)
        text = for_matching("".join(texts))
        if "中期" in text:
            return "period"
        if "年度" in text:
            return "annual"
        return None

    def indicator_rows(self, grid: Grid, form: _Form, r_from: int, r_to: int) -> None:
        cols: Optional[dict[str, tuple[int, int]]] = None
        open_block = form.cols is not None
        if form.cols is not None:  # a block open from the previous page: find its columns here by x
            cols = {}
            for role, (x0, x1) in form.cols.items():
                c0, c1 = grid.col_index(x0), grid.col_index(x1)
                if c0 is None or c1 is None or c0 >= c1:
                    form.notes.append(("LAYOUT", "warning", f"indicator columns not found again on page "
                                       f"{grid.page.number}; rows there not read", grid.page.number))
                    cols = None
                    form.cols = None
                    break
                cols[role] = (c0, c1)
        r = body = r_from
        while r < r_to:
            head = self.header_row(grid, r)
            if head is not None:
                cols = head
                form.cols = {role: (grid.xs[a], grid.xs[b]) for role, (a, b) in head.items()}
                kind = self.block_kind(grid, r, head)
                if not (open_block and r == r_from and kind in (None, form.blocks[-1][0])):
                    form.blocks.append((kind or "annual", []))
                    form.carry = ("", "")
                # else: the open block's header printed again at the top of the next page
                r = body = max(c.r1 for c in grid.cells if c.r0 == r and c.c0 >= head["l1"][0])
                continue
            if cols is None:
                r += 1
                continue
            name_cell = grid.at(r, cols["name"][0])
            if name_cell.c0 != cols["name"][0] or name_cell.c1 != cols["name"][1]:
                cols = form.cols = None  # a row across the grid: the block is over
                r += 1
                continue
            if name_cell.r0 == r:
                self.read_row(grid, form, r, cols, top=r_from if open_block else None, body=body)
            r += 1

    def read_row(self, grid: Grid, form: _Form, r: int, cols: dict[str, tuple[int, int]],
                 top: Optional[int], body: int) -> None:
        def text(role: str) -> str:
            if role not in cols:
                return ""
            cell = grid.at(r, cols[role][0])
            return cell.text if cell is not None else ""

        def level(role: str, carried: str) -> str:
            cell = grid.at(r, cols[role][0])
            if cell.text:
                return cell.text
            if cell.r1 >= grid.rows and cell.r0 != top and self.merged_style(grid, cols[role][0], body, cell):
                # An empty merged cell cut by the page break, its label printed in the part
                # on the next page.
                return self.label_on_next_page(grid, cell) or carried
            return carried

        l1, l2 = level("l1", form.carry[0]), level("l2", form.carry[1])
        form.carry = (l1, l2)
        row = _Row(l1, l2, text("name"), text("value"), text("score"), text("remark"))
        if not row.name:
            if row.value:
                form.notes.append(("IND_SYNTAX", "warning", f"an indicator row with 指标值 {row.value!r} but no "
                                   f"三级指标; not extracted", grid.page.number))
            return
        form.blocks[-1][1].append(row)

    @staticmethod
    def merged_style(grid: Grid, col: int, body: int, cell: Cell) -> bool:
        """Does this level column merge its labels on this page (some cell spans rows, and no
        other cell is empty)? Then an empty cell is a cut merged cell, not "same as above"."""
        column = {id(c): c for c in (grid.at(r, col) for r in range(body, grid.rows)) if c is not None}
        others = [c for c in column.values() if c is not cell]
        return any(c.r1 - c.r0 > 1 for c in others) and all(c.text for c in others)

    def label_on_next_page(self, grid: Grid, cell: Cell) -> str:
        """The text of the cell in the same column at the top of the next page's grid (below a
        repeated header row), when that page continues the form."""
        k = next(i for i, p in enumerate(self.pages) if p is grid.page) + 1
        nxt = self.grids[k] if k < len(self.grids) else None
        if nxt is None or (nxt.cells and nxt.cells[nxt.slot[0][0]].label in LABEL_NAME):
            return ""
        c0, c1 = nxt.col_index(cell.x0), nxt.col_index(cell.x1)
        if c0 is None or c1 is None:
            return ""
        r = 0
        while r < nxt.rows and self.header_row(nxt, r) is not None:
            r = max(c.r1 for c in nxt.cells if c.r0 == r)
        first = nxt.at(r, c0)
        if first is None or (first.c0, first.c1) != (c0, c1) or any(
                c.label in LABEL_NAME for c in nxt.cells if c.r0 <= r):
            return ""
        return first.text

    # -- whole document

    def read(self) -> Document:
        current: Optional[_Form] = None
        for page, grid in zip(self.pages, self.grids):
            if grid is None:
                continue
            starts = sorted({c.r0 for c in grid.cells if c.label in LABEL_NAME})
            bounds = ([0] if not starts or starts[0] > 0 else []) + starts + [grid.rows]
            for r_from, r_to in zip(bounds, bounds[1:]):
                if r_from in starts:
                    section = [c for c in grid.cells if r_from <= c.r0 < r_to]
                    bbox = (round(min(c.x0 for c in section), 1), round(grid.ys[r_from], 1),
                            round(max(c.x1 for c in section), 1), round(grid.ys[r_to], 1))
                    current = _Form(page.number, bbox, scanned=getattr(page, "ocr", False))
                    self.forms.append(current)
                    if self.title is None:
                        self.title = self.title_of(grid)
                    first_head = next((r for r in range(r_from, r_to) if self.header_row(grid, r)), r_to)
                    self.header_fields(grid, current, r_from, first_head)
                elif current is None:
                    continue  # before the first form (a cover page, a note)
                if not any(c.text for c in grid.cells if r_from <= c.r0 < r_to):
                    continue
                if page.number not in current.pages:
                    current.pages.append(page.number)
                current.spans.append((page.number, grid.ys[r_from], grid.ys[r_to]))
                self.indicator_rows(grid, current, r_from, r_to)
        if not self.forms:
            raise FormError(f"no per-project form (项目名称 … 一级指标 二级指标 三级指标) on any of "
                            f"{len(self.pages)} page(s)")
        return self.document()

    def title_of(self, grid: Grid) -> Optional[str]:
        above = [c for c in grid.outside if c.bottom <= grid.ys[0] + 1]
        lines = [line.strip() for line in _lines(above) if line.strip()]
        for line in lines:
            m = for_matching(line)
            if "绩效" in m and "表" in m:
                return line
        return lines[0] if lines else None

    def document(self) -> Document:
        title = self.title
        year = re.search(r"(20\d\d)\s*年", title or "")
        departments = [f.fields.get("department") for f in self.forms if f.fields.get("department")]
        doc = Document(title=title, department=departments[0] if departments else None,
                       money_unit=self.money_unit, budget_year=int(year.group(1)) if year else None,
                       source_columns=list(self.source_columns), totals=Amounts())
        findings: list[Finding] = []
        if len({for_matching(d) for d in departments}) > 1:
            findings.append(Finding(code="LAYOUT", severity="warning",
                                    message=f"forms name more than one 主管部门: {sorted(set(departments))}; "
                                            f"the first is the document's"))
        units: dict[str, Unit] = {}
        for form in self.forms:
            unit_name = form.fields.get("unit") or "(未注明单位)"
            key = for_matching(unit_name)
            if key not in units:
                units[key] = Unit(name=unit_name)
                doc.units.append(units[key])
            unit = units[key]
            ui, pi = doc.units.index(unit), len(unit.projects)
            record = record_path(ui, pi)
            self.placed[(ui, pi)] = form
            name = form.fields.get("name") or ""
            if not form.fields.get("unit"):
                findings.append(Finding(code="PROJECT_WITHOUT_UNIT", severity="error", pages=[form.page],
                                        message=f"form {name!r} names no 实施单位 / 项目单位", record=record,
                                        bbox=form.bbox))
            if not name:
                findings.append(Finding(code="ROW_WITHOUT_NAME", severity="error", pages=[form.page],
                                        message="a form with an empty 项目名称", record=record, bbox=form.bbox))
            indicators, problems = _indicators(form)
            for code, severity, message, page in form.notes + problems:
                findings.append(Finding(code=code, severity=severity, message=f"{name}: {message}",
                                        pages=[page], record=record, bbox=form.bbox))
            unit.projects.append(Project(name=name, amounts=form.amounts, goal=form.goal, pages=form.pages,
                                         bbox=form.bbox, indicators=indicators))
            unit.pages = sorted(set(unit.pages) | set(form.pages))
        for unit in doc.units:
            unit.amounts = _sum(p.amounts for p in unit.projects)
            unit.amounts.sources = {k: unit.amounts.sources[k] for k in doc.source_columns
                                    if k in unit.amounts.sources}
        doc.findings = findings
        return doc


def extract(pages: list[PageText], grids: Optional[list[Optional[Grid]]] = None) -> Document:
    """Records from a document of per-project forms. Raises FormError when there is none."""
    return extract_with_forms(pages, grids)[0]


def extract_with_forms(pages: list[PageText], grids: Optional[list[Optional[Grid]]] = None
                       ) -> tuple[Document, dict[tuple[int, int], _Form]]:
    """`extract`, plus the form each project was read from, keyed by (unit index, project index)."""
    grids = grids_of(pages) if grids is None else grids
    reader = _Reader(pages, grids)
    return reader.read(), reader.placed
