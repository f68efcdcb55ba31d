"""Backends: the strategy of the records step. `rules` (the layout's reading, no model); `llm` (the model
fills every block the layout hands it); `hybrid` (rules first, the model only for the blocks the rules or
the checker reject, kept only when it passes the checks better).

A strategy has `name`, `needs_model` and `fill(doc, blocks, client, prompt_ref) → (doc, usage, prompt id)`.
"""

from __future__ import annotations

from importlib import import_module

#: Backend name → "module:class".
STRATEGIES = {
    "rules": "extractor.backends.rules:Rules",
    "llm": "extractor.backends.llm:LLM",
    "hybrid": "extractor.backends.hybrid:Hybrid",
}
NAMES = tuple(STRATEGIES)


def get(name: str):
    """The strategy object for a backend name (ValueError names the known ones)."""
    try:
        module, _, cls = STRATEGIES[name].partition(":")
    except KeyError:
        raise ValueError(f"unknown backend {name!r}: one of {', '.join(NAMES)}") from None
    return getattr(import_module(module), cls)()
