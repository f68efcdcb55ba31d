"""The deterministic path end to end: PDF → blocks → table → records → checked records."""

from __future__ import annotations

from pathlib import Path

from extractor.checks import core as check
from extractor.layouts.forms import reader as forms
from extractor.layouts.wide import table as layout
from extractor.layouts import repairs as repair
from extractor.layouts.wide import records as rules
from extractor.models import Document
from extractor.source import textlayer
from extractor.source.pdf import InputError, SourceFile, read_pdf


def extract_source(source: SourceFile) -> Document:
    """Records and findings from an already-read file. Raises InputError when it holds no table we know."""
    doc = _extract_source(source)
    # Which reading each page gave (text layer or OCR), and where the two disagreed (source/textlayer.py).
    doc.page_readings = [getattr(r, "used", "text") for r in source.readings] or [
        "ocr" if getattr(p, "ocr", False) else "text" for p in source.pages]
    doc.findings = list(doc.findings) + textlayer.findings(source.readings)
    return doc


def _extract_source(source: SourceFile) -> Document:
    try:
        table = layout.build_table(source.pages)
    except layout.LayoutError as e:
        # No wide table: a document of per-project forms (项目支出绩效目标申报表 / 批复表)?
        grids = forms.grids_of(source.pages)
        if not forms.detect(source.pages, grids):
            raise InputError(str(e)) from None
        try:
            doc = forms.extract(source.pages, grids)
        except forms.FormError as fe:
            raise InputError(str(fe)) from None
        doc = repair.ocr_forms(doc, source.pages)  # scanned pages only
        if not any(u.projects for u in doc.units):
            raise InputError("per-project forms were found but no project could be read from them")
        return check.run(doc)
    table, repairs = repair.ocr_text(table, source.pages)  # scanned pages only: OCR misreads the grammar pins down
    doc = repair.ocr_document(rules.extract(table), repairs, source.pages)
    if not doc.units and doc.totals.total is None:
        raise InputError("a table header was found but no rows could be read under it")
    return check.run(doc)


def extract_pdf(path: str | Path) -> tuple[SourceFile, Document]:
    """Read and extract one PDF. Raises InputError (one-line reason) on bad input."""
    source = read_pdf(path)
    return source, extract_source(source)
