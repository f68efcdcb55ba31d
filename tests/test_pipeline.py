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


def test_hybrid_keeps_the_rules_record_unless_the_models_passes_the_checks_better():
    from decimal import Decimal

    from extractor.backends.hybrid import Hybrid
    from extractor.backends.model import Answered
    from extractor.backends.usage import Usage
    from extractor.layouts.base import Block
    from extractor.models import Amounts, Document, Finding, Indicator, Project, Target, Unit

    money = Amounts(total=Decimal("10.00"), sources={"财政拨款": Decimal("10.00")})
    rules_row = Project(name="培训经费", amounts=money)  # no indicators: IND_MISSING
    doc = Document(units=[Unit(name="某单位", amounts=money, projects=[rules_row])])
    block = Block("p1:0.0", "项目名称: 培训经费", [1], None, 0, 0)
    target = Target(raw="≥90%", op="≥", value="90", unit="%")
    better = Project(name="培训经费", amounts=money, indicators=[Indicator(
        seq=1, level1_code="1", level1="产出指标", level2_code="11", level2="数量指标", name="培训人数",
        period_target=target, annual_target=target)])
    worse = Project(name="培训经费", amounts=money)
    ungrounded = Finding(code="LLM_UNGROUNDED", severity="warning", message="x", record="units[0].projects[0]")
    usage = Usage("p1:0.0", "project_row@v1", "m")
    assert Hybrid().select(doc, {(0, 0): block}) == [(0, 0)]
    assert Hybrid().accept(doc, 0, 0, Answered(block, usage, better, []))
    assert not Hybrid().accept(doc, 0, 0, Answered(block, usage, worse, [ungrounded]))
    assert not Hybrid().accept(doc, 0, 0, Answered(block, usage, rules_row.model_copy(), []))  # a tie keeps the rules
