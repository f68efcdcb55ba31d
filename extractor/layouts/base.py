"""The layout contract and registry.

A layout is one way a 项目支出绩效目标表 is printed: the wide table (one row per project), the
per-project forms (申报表 / 批复表), and whatever a third party registers. Each layout says

- `detect(pages) → confidence` (0 = not this layout, 1 = certainly), cheaply enough to ask every layout;
- `extract(pages) → Reading`: the records as printed (rules only, no model), plus the text block of each
  project record, which is what a model is shown when a backend asks one (`Block`);
- `repair(reading, pages) → Document`: its own repairs (OCR misreads the layout's grammar or sums pin down;
  nothing on pages with a text layer).

The pipeline asks the registered layouts in turn (plugins, then the built-ins: wide, forms); the first
that is certain (confidence ≥ 1) reads the document, else the most confident (see `choose`). Then
extract → repair → backend → checks (see `extractor.pipeline`).

Third-party layouts register through the entry-point group `extractor.layouts`, as `llm` plugins do:

    [project.entry-points."extractor.layouts"]
    ledger = "my_package.ledger:LedgerLayout"

The object named there is a `Layout` subclass (or an instance of one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, Optional

from extractor.models import Document
from extractor.source.page import PageText

ENTRY_POINT_GROUP = "extractor.layouts"

#: The built-in layouts, in the order ties are broken.
BUILTIN = ("extractor.layouts.wide:WideTable", "extractor.layouts.forms:Forms")


@dataclass
class Block:
    """A piece of the source a model reads: its text, where it is, and which record it fills."""

    id: str
    text: str
    pages: list[int]
    bbox: Optional[tuple] = None
    unit_index: Optional[int] = None
    project_index: Optional[int] = None
    #: The text labels each amount with its column ("财政拨款: 102.60"), so grounding may insist on it.
    strict_columns: bool = True


@dataclass
class Reading:
    """What a layout read: the records as printed (with the findings met on the way), each project's
    block keyed by (unit index, project index), and whatever its repairs need later."""

    document: Document
    blocks: dict[tuple[int, int], Block] = field(default_factory=dict)
    state: Any = None


class Layout:
    """Base class of a layout; subclasses set `name` and implement detect and extract."""

    name = "layout"
    #: The prompt a model is asked with for one project block of this layout.
    prompt = "project_row@v1"

    def detect(self, pages: list[PageText]) -> float:
        raise NotImplementedError

    def explain(self, pages: list[PageText]) -> str:
        """Why `detect` said 0, in one line (used when no layout takes the document)."""
        return ""

    def extract(self, pages: list[PageText]) -> Reading:
        """Records as printed. Raises `InputError` (one-line reason) when the pages hold none."""
        raise NotImplementedError

    def repair(self, reading: Reading, pages: list[PageText]) -> Document:
        return reading.document


class Memo:
    """The last result for one list of pages: detect and extract share their expensive first step.

    Keyed on the identity of the page objects, which the memo keeps alive (so the ids stay theirs)."""

    def __init__(self):
        self.key: Optional[tuple] = None
        self.pages: Optional[list] = None
        self.value: Any = None

    def get(self, pages: list[PageText], make):
        key = tuple(id(p) for p in pages)
        if key != self.key:
            self.key, self.pages, self.value = key, list(pages), None
            try:
                self.value = ("ok", make(pages))
            except Exception as e:  # remembered and raised again on every ask for these pages
                self.value = ("error", e)
        kind, value = self.value
        if kind == "error":
            raise value
        return value


def _load(target: str):
    module, _, attr = target.partition(":")
    obj = getattr(import_module(module), attr)
    return obj() if isinstance(obj, type) else obj


def registered() -> list[Layout]:
    """The layouts in the order they are asked: those installed under the `extractor.layouts` entry-point
    group first (so that a plugin sure of a document can claim it), then the built-in ones."""
    builtins = [_load(t) for t in BUILTIN]
    names = {layout.name for layout in builtins}
    plugins = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        obj = ep.load()
        layout = obj() if isinstance(obj, type) else obj
        if layout.name not in names:  # a plugin does not replace a built-in layout
            plugins.append(layout)
            names.add(layout.name)
    return plugins + builtins


def choose(pages: list[PageText], layouts: Optional[list[Layout]] = None) -> tuple[Optional[Layout], str]:
    """The layout for these pages: the first that is certain (confidence ≥ 1; the rest are not asked, since
    detection costs time), else the most confident (ties: the first asked); None when every layout says 0,
    with why: the first built-in layout's explanation."""
    layouts = registered() if layouts is None else layouts
    best, best_conf = None, 0.0
    for layout in layouts:
        conf = layout.detect(pages)
        if conf >= 1.0:
            return layout, ""
        if conf > best_conf:
            best, best_conf = layout, conf
    if best is not None:
        return best, ""
    builtin = [layout for layout in layouts if type(layout).__module__.startswith("extractor.")]
    others = [layout for layout in layouts if layout not in builtin]
    reasons = [r for r in (layout.explain(pages) for layout in builtin + others) if r]
    return None, reasons[0] if reasons else f"no known layout on any of {len(pages)} page(s)"
