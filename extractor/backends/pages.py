"""No layout we know: a model reads each page (`page_region` prompt) and names the projects on it.

Only backends with a model get here; the rules say "no table header found" instead.
"""

from __future__ import annotations

from extractor.backends.answers import RegionAnswer
from extractor.backends.client import ModelClient, ModelError, ask_json
from extractor.backends.prompts import load_prompt
from extractor.backends.records import answer_to_project
from extractor.backends.usage import Budget, Usage
from extractor.layouts.base import Block
from extractor.layouts.wide.table import lines_from_chars
from extractor.models import Document, Finding, Unit, record_path
from extractor.source.page import InputError, PageText

PROMPT = "page_region@v1"


def page_text(page: PageText) -> str:
    return "\n".join(line.text for line in lines_from_chars(page.chars))


def read_pages(pages: list[PageText], client: ModelClient, budget: Budget) -> tuple[Document, list[Usage], str]:
    """Records the model found on the pages, with the findings of the way; InputError when it found none."""
    prompt = load_prompt(PROMPT)
    doc = Document()
    unit = None
    usages = []
    for page in pages:
        text = page_text(page)
        if not text.strip():
            continue
        block = Block(f"page{page.number}", text, [page.number], (0.0, 0.0, page.width, page.height),
                      strict_columns=False)
        usage = Usage(block.id, prompt.id, client.config.model)
        usages.append(usage)
        try:
            answer = ask_json(client, prompt, text, [], RegionAnswer, usage, budget)
        except ModelError as e:
            doc.findings.append(Finding(code=e.code, severity="error", message=f"{block.id}: {e}",
                                        pages=block.pages, bbox=block.bbox))
            continue
        if answer.projects and unit is None:
            unit = Unit(name="(未注明单位)")
            doc.units.append(unit)
        for row in answer.projects:
            record = record_path(0, len(unit.projects))
            columns = [s.column for s in row.sources]
            project, found = answer_to_project(row, block, columns, record, strict_columns=False)
            unit.projects.append(project)
            doc.findings.extend(found)
    if not doc.units:
        raise InputError("no table header found, and the model found no project in the text")
    return doc, usages, prompt.id
