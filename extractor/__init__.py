"""budget-extractor: 项目支出绩效目标表 PDFs → checked records → SQLite.

    >>> from extractor import extract_pdf
    >>> source, doc = extract_pdf("fixtures/conghua-hrss-2024-grid.pdf")
    >>> len(doc.units), sum(len(u.projects) for u in doc.units)
    (6, 47)
    >>> from extractor import extract   # any backend: rules | llm | hybrid (a model from the environment)
    >>> extract("fixtures/forms-huadu-agri-2025.pdf", backend="rules").layout
    'forms'
"""

__version__ = "0.1.0"

from extractor.models import Amounts, Document, Finding, Indicator, Project, Target, Unit  # noqa: E402
from extractor.source.page import InputError  # noqa: E402


def __getattr__(name: str):
    # The pipeline (pdfplumber, pdfminer: half a second) is imported when first asked for, so that
    # `extractor ask` and the store, which read no PDF, do not pay for it.
    if name in ("extract", "extract_pdf"):
        from extractor import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")

__all__ = ["Amounts", "Document", "Finding", "Indicator", "InputError", "Project", "Target", "Unit", "extract", "extract_pdf"]
