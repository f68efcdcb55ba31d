"""Per-project forms (项目支出绩效目标申报表 / 审批表 / 批复表): one ruled form per project.

`grid` cuts a page into cells and detects forms, `reader` reads each form's header fields and
indicator blocks, `records` turns the blocks into indicators. The OCR repairs of this layout are
`layouts.repairs.ocr_forms`.
"""

from __future__ import annotations

from extractor.layouts import repairs
from extractor.layouts.base import Block, Layout, Memo, Reading
from extractor.layouts.forms import grid as grids
from extractor.layouts.forms import reader
from extractor.models import Document
from extractor.source.page import InputError, PageText


def form_text(pages: list[PageText], spans: list[tuple[int, float, float]]) -> str:
    """The text of a form's grid rows, page by page, line by line (what a model is shown)."""
    by_number = {p.number: p for p in pages}
    out = []
    for number, top, bottom in spans:
        page = by_number.get(number)
        if page is None:
            continue
        chars = [c for c in page.chars if top - 1 <= (c.top + c.bottom) / 2 <= bottom + 1]
        out += [line for line in grids._lines(chars) if line.strip()]
    return "\n".join(out)


class Forms(Layout):
    name = "forms"
    prompt = "project_row@v1"

    def __init__(self):
        self.memo = Memo()

    def _grids(self, pages: list[PageText]):
        return self.memo.get(pages, grids.grids_of)

    def detect(self, pages: list[PageText]) -> float:
        # Below the wide table's 1.0: a document both could read has always been read as a wide table.
        return 0.9 if grids.detect(pages, self._grids(pages)) else 0.0

    def explain(self, pages: list[PageText]) -> str:
        return "" if self.detect(pages) else "no per-project form (项目名称 … 一级指标 二级指标 三级指标) on any page"

    def extract(self, pages: list[PageText]) -> Reading:
        try:
            doc, placed = reader.extract_with_forms(pages, self._grids(pages))
        except grids.FormError as e:
            raise InputError(str(e)) from None
        if not any(u.projects for u in doc.units):
            raise InputError("per-project forms were found but no project could be read from them")
        blocks = {}
        for (ui, pi), form in placed.items():
            p = doc.units[ui].projects[pi]
            blocks[(ui, pi)] = Block(f"p{form.page}:{ui}.{pi}", form_text(pages, form.spans), list(p.pages),
                                     p.bbox, ui, pi, strict_columns=False)
        return Reading(doc, blocks)

    def repair(self, reading: Reading, pages: list[PageText]) -> Document:
        return repairs.ocr_forms(reading.document, pages)
