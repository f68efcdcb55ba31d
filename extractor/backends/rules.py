"""The `rules` backend: the layout's own reading, no model. The deterministic baseline every other
backend starts from."""

from __future__ import annotations

from extractor.layouts.base import Block
from extractor.models import Document


class Rules:
    name = "rules"
    needs_model = False

    def fill(self, doc: Document, blocks: dict[tuple[int, int], Block], client=None, prompt_ref=None):
        return doc, [], None
