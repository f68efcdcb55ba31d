"""The deterministic path end to end: PDF → blocks → table → records → checked records."""

from __future__ import annotations

from pathlib import Path

from . import check, layout, rules
from .models import Document
from .read import InputError, SourceFile, read_pdf


def extract_source(source: SourceFile) -> Document:
    """Records and findings from an already-read file. Raises InputError when it holds no table we know."""
    try:
        table = layout.build_table(source.pages)
    except layout.LayoutError as e:
        raise InputError(str(e)) from None
    doc = rules.extract(table)
    if not doc.units and doc.totals.total is None:
        raise InputError("a table header was found but no rows could be read under it")
    return check.run(doc)


def extract_pdf(path: str | Path) -> tuple[SourceFile, Document]:
    """Read and extract one PDF. Raises InputError (one-line reason) on bad input."""
    source = read_pdf(path)
    return source, extract_source(source)
