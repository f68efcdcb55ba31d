"""The layout registry: the built-in layouts detect their own fixtures, the surest one reads the document,
and a third-party layout installed under the `extractor.layouts` entry-point group is used by the pipeline
(a real distribution's metadata on sys.path, found by importlib.metadata)."""

import importlib
import sys
from pathlib import Path

import pytest

from extractor import pipeline
from extractor.layouts import base
from extractor.source.pdf import read_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def pages():
    return {name: read_pdf(FIXTURES / name).pages
            for name in ("conghua-hrss-2024-grid.pdf", "forms-huadu-agri-2025.pdf")}


def test_each_builtin_layout_detects_its_own_kind_of_document(pages):
    wide, forms = base.registered()[-2:]
    assert (wide.name, forms.name) == ("wide", "forms")
    assert wide.detect(pages["conghua-hrss-2024-grid.pdf"]) == 1.0
    assert forms.detect(pages["conghua-hrss-2024-grid.pdf"]) == 0.0
    assert wide.detect(pages["forms-huadu-agri-2025.pdf"]) == 0.0
    assert forms.detect(pages["forms-huadu-agri-2025.pdf"]) > 0.5
    assert base.choose(pages["forms-huadu-agri-2025.pdf"])[0].name == "forms"


def test_every_project_has_a_block_with_its_own_text(pages):
    for name, p in pages.items():
        layout, _ = base.choose(p)
        reading = layout.extract(p)
        for (ui, pi), block in reading.blocks.items():
            project = reading.document.units[ui].projects[pi]
            assert project.name[:6] in block.text.replace("\n", "").replace(" ", "")
        assert len(reading.blocks) == sum(len(u.projects) for u in reading.document.units)


PLUGIN = '''
from extractor.layouts.base import Layout, Reading
from extractor.models import Document, Project, Unit


class Ledger(Layout):
    name = "ledger"

    def detect(self, pages):
        return 1.0  # certain: asked before the built-in layouts, it claims the document

    def extract(self, pages):
        return Reading(Document(title="ledger", units=[Unit(name="U", projects=[Project(name="P")])]))
'''


def test_a_third_party_layout_from_an_entry_point_is_used(tmp_path, monkeypatch, pages):
    (tmp_path / "ledger_layout.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "ledger_layout-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ledger-layout\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[extractor.layouts]\nledger = ledger_layout:Ledger\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert [layout.name for layout in base.registered()] == ["ledger", "wide", "forms"]
    result = pipeline.run(read_pdf(FIXTURES / "conghua-hrss-2024-grid.pdf"), "rules")
    assert result.layout == "ledger" and result.document.title == "ledger"
    sys.modules.pop("ledger_layout", None)


def test_a_certain_layout_ends_the_search(pages):
    asked = []

    class Spy(base.Layout):
        def __init__(self, name, conf):
            self.name, self.conf = name, conf

        def detect(self, pages):
            asked.append(self.name)
            return self.conf

    chosen, _ = base.choose(pages["conghua-hrss-2024-grid.pdf"], [Spy("a", 0.4), Spy("b", 1.0), Spy("c", 1.0)])
    assert chosen.name == "b" and asked == ["a", "b"]
    asked.clear()
    chosen, _ = base.choose(pages["conghua-hrss-2024-grid.pdf"], [Spy("a", 0.4), Spy("b", 0.7), Spy("c", 0.7)])
    assert chosen.name == "b" and asked == ["a", "b", "c"]
    chosen, why = base.choose(pages["conghua-hrss-2024-grid.pdf"], [Spy("a", 0.0)])
    assert chosen is None and why
