"""The wide table (宽表): one row per 合计 / unit / project, columns 项目名称 | 总计 | sources… | 绩效目标 | 绩效指标.

`table` locates the table and its columns, `records` reads the rows into records; the OCR repairs
for this layout are in `layouts.repairs` (ocr_text on the table, ocr_document on the records).
"""

from __future__ import annotations

from extractor.layouts import repairs
from extractor.layouts.base import Block, Layout, Memo, Reading
from extractor.layouts.wide import records, table as tables
from extractor.layouts.wide.table import Row, Table
from extractor.models import Document
from extractor.source.page import InputError, PageText


def row_block_text(table: Table, rows: list[Row]) -> str:
    """The row as 'column label: cell text' lines, so that the model (and the grounding) see which column is which."""
    lines = []
    for ci, col in enumerate(table.columns):
        if col.kind == "other":
            continue
        text = "".join(r.text(ci) for r in rows)
        lines.append(f"{col.label}: {text}")
    return "\n".join(lines)


def reading_of_table(table: Table, state=None) -> Reading:
    """Records from an already located table, with each project's rows as its block."""
    doc, groups = records.extract_with_rows(table)
    blocks = {}
    for (ui, pi), rows in groups.items():
        p = doc.units[ui].projects[pi]
        blocks[(ui, pi)] = Block(f"p{p.pages[0] if p.pages else 0}:{ui}.{pi}", row_block_text(table, rows),
                                 list(p.pages), p.bbox, ui, pi)
    return Reading(doc, blocks, state)


class WideTable(Layout):
    name = "wide"
    prompt = "project_row@v1"

    def __init__(self):
        self.memo = Memo()

    def _table(self, pages: list[PageText]) -> Table:
        return self.memo.get(pages, tables.build_table)

    def detect(self, pages: list[PageText]) -> float:
        try:
            self._table(pages)
        except tables.LayoutError:
            return 0.0
        return 1.0  # a header row with the genre's column words was found

    def explain(self, pages: list[PageText]) -> str:
        try:
            self._table(pages)
        except tables.LayoutError as e:
            return str(e)
        return ""

    def extract(self, pages: list[PageText]) -> Reading:
        try:
            table = self._table(pages)
        except tables.LayoutError as e:
            raise InputError(str(e)) from None
        table, text_repairs = repairs.ocr_text(table, pages)  # scanned pages only: misreads the grammar pins down
        reading = reading_of_table(table, text_repairs)
        doc = reading.document
        if not doc.units and doc.totals.total is None:
            raise InputError("a table header was found but no rows could be read under it")
        return reading

    def repair(self, reading: Reading, pages: list[PageText]) -> Document:
        return repairs.ocr_document(reading.document, reading.state or [], pages)
