"""One pipeline for every backend: a model that answers nothing useful, or a server that fails, leaves
exactly the rules' records on every fixture (wide tables, forms, a scan), plus the model's findings.

Real PDFs, a real scripted HTTP server on 127.0.0.1 (tests/fault_server.py), the real client."""

import dataclasses
from pathlib import Path

import pytest

from extractor import pipeline
from extractor.backends import llm
from extractor.layouts import base
from extractor.source.page import SourceFile
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
    """Each PDF read once per module (a scan's OCR is the slow part), with its rules-only result."""
    if name not in sources:
        source = read_pdf(FIXTURES / name)
        sources[name] = (source, pipeline.run(source, "rules"))
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


#: hybrid on every fixture; llm (every block asked) on one wide table and one document of forms.
CASES = [(name, "hybrid") for name in PDFS] + [("conghua-hrss-2024-grid.pdf", "llm"), ("forms-huadu-agri-2025.pdf", "llm")]


@pytest.mark.parametrize("answer", [EMPTY, HTTP_500], ids=["empty-answer", "http-500"])
@pytest.mark.parametrize("name,backend", CASES)
def test_a_useless_model_leaves_the_rules_records(sources, name, backend, answer):
    source, rules = source_of(sources, name)
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


def misprinted(source, unit: int, project: int, rules_doc):
    """The source with one digit of a project's 总计 changed on the page, so that its row no longer sums."""
    p = rules_doc.units[unit].projects[project]
    total = format(p.amounts.total, "f")
    page = next(pg for pg in source.pages if pg.number == p.pages[0])
    x0, top, x1, bottom = p.bbox
    chars = [c for c in page.chars if top - 1 <= c.top and c.bottom <= bottom + 1]
    chars.sort(key=lambda c: (round(c.top), c.x0))
    text = "".join(c.text for c in chars)
    at = text.index(total) + len(total) - 1  # the first printing of the amount: the 总计 column
    last = chars[at]
    changed = dataclasses.replace(last, text="8" if last.text != "8" else "7")
    pages = [dataclasses.replace(pg, chars=[changed if c is last else c for c in pg.chars]) if pg is page else pg
             for pg in source.pages]
    return SourceFile(source.path, source.sha256, pages)


@pytest.mark.parametrize("answer,code", [(EMPTY, "LLM_INVALID"), (HTTP_500, "LLM_HTTP")], ids=["empty-answer", "http-500"])
def test_hybrid_asks_only_about_rows_the_rules_or_the_checker_reject(sources, answer, code):
    source, rules = source_of(sources, "conghua-hrss-2024-grid.pdf")
    damaged = misprinted(source, 0, 2, rules.document)
    rules_damaged = pipeline.run(damaged, "rules")
    assert "AMOUNT_ROW_SUM" in {f.code for f in rules_damaged.document.findings}
    with FaultServer([], default=answer) as fs:
        result = pipeline.run(damaged, "hybrid", client=client_for(fs))
    assert [u.block for u in result.usage] == ["p1:0.2"] and len(fs.requests) >= 1  # that row alone
    assert records(result.document) == records(rules_damaged.document)
    assert [f for f in result.document.findings if not f.code.startswith("LLM_")] == rules_damaged.document.findings
    assert [f.code for f in result.document.findings if f.code.startswith("LLM_")] == [code]


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
