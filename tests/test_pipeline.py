"""One pipeline for every backend: a model that answers nothing useful, or a server that fails, leaves
exactly the rules' records on every fixture (wide tables, forms, a scan), plus the model's findings.

Real PDFs, a real scripted HTTP server on 127.0.0.1 (tests/fault_server.py), the real client."""

from pathlib import Path

import pytest

from extractor import pipeline
from extractor.backends import llm
from extractor.layouts import base
from extractor.source.pdf import read_pdf
from fault_server import FaultServer, Step, ok

pytestmark = pytest.mark.usefixtures("no_network")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: Every text-layer fixture, and one scan (OCR is slow: one is enough to put scans through the same path).
PDFS = sorted(p.name for p in FIXTURES.glob("*.pdf") if "scan" not in p.name) + ["forms-huadu-agri-2025-scan.pdf"]

EMPTY = ok("{}")
HTTP_500 = Step(500, {"error": {"message": "internal error"}})


@pytest.fixture(scope="module")
def sources():
    return {}


def source_of(sources, name):
    if name not in sources:
        sources[name] = read_pdf(FIXTURES / name)
    return sources[name]


def client_for(fs):
    cfg = llm.LLMConfig(model="fault-model", base_url=fs.base_url, api_key="sk-test", cache_path=None,
                        timeout=5.0, transport_retries=1, validation_retries=1, concurrency=2)
    c = llm.ModelClient(cfg)
    c._wait = lambda state: 0.0
    return c


def records(doc):
    """Everything but the findings."""
    return doc.model_dump(mode="json", exclude={"findings"})


@pytest.mark.parametrize("answer", [EMPTY, HTTP_500], ids=["empty-answer", "http-500"])
@pytest.mark.parametrize("backend", ["hybrid", "llm"])
@pytest.mark.parametrize("name", PDFS)
def test_a_useless_model_leaves_the_rules_records(sources, name, backend, answer):
    source = source_of(sources, name)
    rules = pipeline.run(source, "rules")
    with FaultServer([], default=answer) as fs:
        result = pipeline.run(source, backend, client=client_for(fs))
    assert result.layout == rules.layout
    assert records(result.document) == records(rules.document)
    model_findings = [f for f in result.document.findings if f.code.startswith("LLM_")]
    others = [f for f in result.document.findings if not f.code.startswith("LLM_")]
    assert others == rules.document.findings
    asked = {u.block for u in result.usage}
    # Every block asked got a finding that says what went wrong and that the rules' reading stays.
    expected_code = "LLM_INVALID" if answer is EMPTY else "LLM_HTTP"
    assert {f.code for f in model_findings} <= {expected_code}
    assert len(model_findings) == len(asked)
    assert all("the rules' reading of this row is kept" in f.message for f in model_findings)
    if backend == "llm":  # the model is asked about every project row the layout read (repeats included)
        layout, _ = base.choose(source.pages)
        assert len(asked) == len(layout.extract(source.pages).blocks) >= sum(len(u.projects)
                                                                              for u in rules.document.units) > 0
        assert len(fs.requests) >= len(asked)


def test_hybrid_asks_only_about_rows_the_rules_or_the_checker_reject(sources):
    source = source_of(sources, "conghua-hrss-2024-grid.pdf")
    with FaultServer([], default=EMPTY) as fs:
        result = pipeline.run(source, "hybrid", client=client_for(fs))
    rejected = {f.record for f in pipeline.run(source, "rules").document.findings
                if f.code in ("IND_SYNTAX", "AMOUNT_UNREADABLE", "AMOUNT_ROW_SUM", "AMOUNT_MISSING", "IND_MISSING")}
    assert len(result.usage) == len(rejected)


def test_with_no_layout_the_rules_say_why_and_a_model_reads_the_pages():
    from extractor.source.page import InputError

    source = read_pdf(Path(__file__).resolve().parent / "data" / "bad" / "no_table.pdf")
    with pytest.raises(InputError, match="header"):
        pipeline.run(source, "rules")
    with FaultServer([], default=EMPTY) as fs:
        with pytest.raises(InputError, match="the model found no project"):
            pipeline.run(source, "hybrid", client=client_for(fs))
        assert len(fs.requests) >= 1  # the page went to the model
