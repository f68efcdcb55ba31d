"""The model step shared by the `llm` and `hybrid` backends: ask the chosen blocks, keep the chosen answers.

A block the model could not fill (transport, format, validation, budget) keeps the rules' reading and
gets the model's finding; an answer not kept gets an LLM_NOT_BETTER note. Producer findings about a
row the model refilled are dropped: the checker re-judges the new record.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional

from extractor.backends.answers import RowAnswer
from extractor.backends.client import ModelClient, ModelError, ask_json
from extractor.backends.prompts import Prompt, load_prompt
from extractor.backends.records import answer_to_project
from extractor.backends.usage import Budget, Usage
from extractor.layouts.base import Block
from extractor.models import Document, Finding, Project, record_path


@dataclass
class Answered:
    """One block's outcome: the model's record (None when it gave none) and the findings about it."""

    block: Block
    usage: Usage
    project: Optional[Project]
    findings: list[Finding]


def ask_blocks(blocks: list[Block], client: ModelClient, prompt: Prompt, columns: list[str],
               budget: Budget) -> list[Answered]:
    """Every block to the model (`config.concurrency` at a time), in the blocks' order."""

    def work(block: Block) -> Answered:
        usage = Usage(block.id, prompt.id, client.config.model)
        record = record_path(block.unit_index, block.project_index)
        try:
            answer = ask_json(client, prompt, block.text, columns, RowAnswer, usage, budget)
            project, found = answer_to_project(answer, block, columns, record, strict_columns=block.strict_columns)
            return Answered(block, usage, project, found)
        except ModelError as e:
            return Answered(block, usage, None, [Finding(
                code=e.code, severity="error", message=f"{block.id}: {e}; the rules' reading of this row is kept",
                pages=block.pages, record=record, bbox=block.bbox)])

    with ThreadPoolExecutor(max_workers=max(1, client.config.concurrency)) as pool:
        return list(pool.map(work, blocks))


class ModelStrategy:
    """A backend that asks a model about some blocks (`select`) and keeps some answers (`accept`)."""

    name = "model"
    needs_model = True

    def select(self, doc: Document, blocks: dict[tuple[int, int], Block]) -> list[tuple[int, int]]:
        raise NotImplementedError

    def accept(self, doc: Document, ui: int, pi: int, answered: Answered) -> bool:
        raise NotImplementedError

    def fill(self, doc: Document, blocks: dict[tuple[int, int], Block], client: ModelClient,
             prompt_ref: str) -> tuple[Document, list[Usage], str]:
        """The records step with a model: the chosen blocks asked, each answer kept or not (`accept`)."""
        prompt = load_prompt(prompt_ref)
        todo = [blocks[k] for k in self.select(doc, blocks)]
        answered = ask_blocks(todo, client, prompt, doc.source_columns, Budget(client.config.token_budget))
        doc = doc.model_copy(deep=True)
        replaced: set[str] = set()
        new_findings: list[Finding] = []
        for a in answered:
            ui, pi = a.block.unit_index, a.block.project_index
            if a.project is not None and self.accept(doc, ui, pi, a):
                doc.units[ui].projects[pi] = a.project
                replaced.add(record_path(ui, pi))
                new_findings += a.findings
            elif a.project is not None:
                new_findings.append(Finding(
                    code="LLM_NOT_BETTER", severity="info", pages=a.block.pages, record=record_path(ui, pi),
                    bbox=a.block.bbox, message=f"{a.block.id}: the model's reading of this row passes the checks no "
                                               f"better than the rules' one; the rules' reading is kept"))
            else:
                new_findings += a.findings
        # The producers' findings about rows the model refilled no longer hold; the checker re-judges them.
        doc.findings = [f for f in doc.findings if f.record not in replaced] + new_findings
        return doc, [a.usage for a in answered], prompt.id
