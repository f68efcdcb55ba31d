"""One pipeline for every backend, layout and reader:

    read (text layer, or OCR per page)          source.pdf, source.ocr
    → locate: the most confident layout          layouts.base.choose (registry: wide, forms, plugins)
    → layout: records as printed + blocks         Layout.extract
    → its repairs (scanned pages only)           Layout.repair
    → records step, by backend strategy           backends: rules | llm | hybrid
    → checks                                      checks.run

The model step comes after the layout's repairs, so that `hybrid` sends the model only the rows the
repaired rules' reading still gets wrong. With no layout, a backend with a model reads the pages
(`backends.pages`); the rules say why no layout took the document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from extractor import backends, checks
from extractor.backends.usage import Result
from extractor.layouts import base
from extractor.models import Document
from extractor.source.page import InputError, SourceFile
from extractor.source import textlayer
from extractor.source.pdf import read_pdf


def _client(config, client):
    """The model client for a backend that needs one (configuration from the environment by default)."""
    if client is not None:
        return client
    from extractor.backends.client import ModelClient
    from extractor.backends.config import LLMConfig

    return ModelClient(config or LLMConfig.from_env())


def run(source: SourceFile, backend: str = "rules", *, config=None, client=None, prompt: Optional[str] = None,
        layouts: Optional[list[base.Layout]] = None) -> Result:
    """Checked records from an already-read file. Raises InputError when it holds no table we know."""
    strategy = backends.get(backend)
    client = _client(config, client) if strategy.needs_model else None
    layout, why_not = base.choose(source.pages, layouts)
    if layout is None:
        if client is None:
            raise InputError(why_not)
        from extractor.backends.pages import read_pages
        from extractor.backends.usage import Budget

        doc, usage, prompt_id = read_pages(source.pages, client, Budget(client.config.token_budget))
        return Result(_with_readings(checks.run(doc), source), usage, prompt_id, client.config.model)
    reading = layout.extract(source.pages)
    reading.document = layout.repair(reading, source.pages)
    doc, usage, prompt_id = strategy.fill(reading.document, reading.blocks, client, prompt or layout.prompt)
    return Result(_with_readings(checks.run(doc), source), usage, prompt_id, client.config.model if client else None,
                  layout.name)


def _with_readings(doc: Document, source: SourceFile) -> Document:
    """Which reading each page gave (its text layer or OCR), and where the two disagreed (source/textlayer.py)."""
    doc.page_readings = [getattr(r, "used", "text") for r in source.readings] or [
        "ocr" if getattr(p, "ocr", False) else "text" for p in source.pages]
    doc.findings = list(doc.findings) + textlayer.findings(source.readings)
    return doc


def extract(path: str | Path, backend: str = "rules", **options) -> Result:
    """Read and extract one PDF: `extract("a.pdf", backend="hybrid").document`. Raises InputError on bad input."""
    return run(read_pdf(path), backend, **options)


def extract_source(source: SourceFile, backend: str = "rules", **options) -> Document:
    """The checked Document of an already-read file."""
    return run(source, backend, **options).document


def extract_pdf(path: str | Path) -> tuple[SourceFile, Document]:
    """Read and extract one PDF with the rules. Raises InputError (one-line reason) on bad input."""
    source = read_pdf(path)
    return source, extract_source(source)
