"""The `llm` backend: a model fills every project block the layout hands it, guarded by the checker.

One request per block (a project row of the wide table, a form). The model's answer is validated
(Pydantic), grounded (every amount and indicator value must be found in the block's own text) and
converted by our code (`backends.records`). Whatever fails becomes a finding with the block's page
and box, never a silent number; a block the model could not fill keeps the rules' reading.

The pieces: `config` (LLMConfig), `client` (transport, retries, format fallback, ask_json),
`prompts` (package data), `grounding`, `usage` (cache, usage, budget), `records` (answer → record).
This module re-exports the names callers used when they all lived here.
"""

from __future__ import annotations

from extractor.backends.answers import IndicatorAnswer, RegionAnswer, RowAnswer, SourceAmount  # noqa: F401
from extractor.backends.client import ModelClient, ModelError, _json_from_text, _retry_after, ask_json  # noqa: F401
from extractor.backends.config import LLMConfig  # noqa: F401
from extractor.backends.grounding import find_in_source, ground_row  # noqa: F401
from extractor.backends.prompts import Prompt, load_prompt  # noqa: F401
from extractor.backends.model import Answered, ModelStrategy, ask_blocks  # noqa: F401
from extractor.backends.records import answer_to_project  # noqa: F401
from extractor.backends.usage import Budget, Cache, Result, Usage  # noqa: F401
from extractor.checks import run as run_checks
from extractor.layouts.base import Block
from extractor.layouts.wide import reading_of_table, row_block_text  # noqa: F401
from extractor.models import Document

#: The name this module had for its result.
LLMResult = Result


class LLM(ModelStrategy):
    """Every block to the model; its record replaces the rules' one whenever it gives one."""

    name = "llm"

    def select(self, doc: Document, blocks: dict[tuple[int, int], Block]) -> list[tuple[int, int]]:
        return sorted(blocks)

    def accept(self, doc: Document, ui: int, pi: int, answered: Answered) -> bool:
        return True


def extract_table_with_model(table, backend: str, client: ModelClient,
                             prompt_ref: str = "project_row@v1") -> Result:
    """A located wide table (no OCR repairs) through a model backend and the checks: for tests and tools."""
    from extractor.backends.hybrid import Hybrid

    strategy = Hybrid() if backend == "hybrid" else LLM()
    reading = reading_of_table(table)
    doc, usage, prompt_id = strategy.fill(reading.document, reading.blocks, client, prompt_ref)
    return Result(run_checks(doc), usage, prompt_id, client.config.model, layout="wide")


def _extract_unknown_layout(source, client: ModelClient, budget: Budget) -> Result:
    """No layout we know: the model reads the pages (see `backends.pages`)."""
    from extractor.backends.pages import read_pages

    doc, usage, prompt_id = read_pages(source.pages, client, budget)
    return Result(run_checks(doc), usage, prompt_id, client.config.model)


def page_text(page) -> str:
    from extractor.backends.pages import page_text as text

    return text(page)


def cmd_serve(args) -> int:
    """`extractor llm-serve` (the command lives in `backends.serve`)."""
    from extractor.backends.serve import cmd_serve as serve

    return serve(args)
