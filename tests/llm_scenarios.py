"""LLM scenarios shared by scripts/record_cassettes.py (against a live server) and the tests (replaying).

Both sides build byte-identical requests from the same committed PDFs, so a
replay matches its recording on method, URI and body. Change a prompt, a
schema or a block's text and the replay misses: re-record (see cassettes/README.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import vcr

from extractor.layouts.wide import table as layout
from extractor.backends import llm
from extractor.layouts.wide import records as rules
from extractor.source.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
GRID = ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf"
NO_TABLE = ROOT / "tests" / "data" / "bad" / "no_table.pdf"

BASE_URL = "http://127.0.0.1:8765/v1"
MODEL = "gemma3-270m"
RECORDING_KEY = "sk-local-recording-key-not-secret"


def vcr_for(record_mode: str) -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        match_on=["method", "scheme", "host", "port", "path", "query", "body"],
        filter_headers=["authorization", "api-key", "x-api-key", "openai-organization", "openai-project"],
        decode_compressed_response=True,
    )


def client(cache_path=None, **overrides) -> llm.ModelClient:
    config = llm.LLMConfig(model=MODEL, base_url=BASE_URL, api_key=RECORDING_KEY, cache_path=cache_path,
                           timeout=300, concurrency=1, transport_retries=0, **overrides)
    return llm.ModelClient(config)


def seed_table():
    return layout.build_table(read_pdf(GRID).pages)


def row_block(table, key):
    doc, groups = rules.extract_with_rows(table)
    return doc, llm.row_block_text(table, groups[key])


def ask_row(c: llm.ModelClient, key=(0, 0)):
    """One project row through ask_json and our conversion; returns (answer or ModelError, project, findings, usage, block)."""
    table = seed_table()
    doc, text = row_block(table, key)
    prompt = llm.load_prompt("project_row@v1")
    usage = llm.Usage("row", prompt.id, c.config.model)
    block = llm.Block("row", text, [1])
    try:
        answer = llm.ask_json(c, prompt, text, doc.source_columns, llm.RowAnswer, usage, llm.Budget(10**6))
    except llm.ModelError as e:
        return e, None, [], usage, block
    project, findings = llm.answer_to_project(answer, block, doc.source_columns, "units[0].projects[0]")
    return answer, project, findings, usage, block


def damaged_table():
    """The seed table with one row's indicator cell stripped of its level codes: a form the rules don't know."""
    table = seed_table()
    ind_col = next(i for i, c in enumerate(table.columns) if c.kind == "indicators")
    target = next(r for r in table.rows if r.text(0).startswith("人事档案信息化建设专") and r.page == 1)
    for line in target.cells[ind_col]:
        line.text = re.sub(r"\d、\d-[^；]*；\d\d-[^；]*；", "", line.text)
    return table


def hybrid_on_damaged(c: llm.ModelClient):
    return llm.extract_table_with_model(damaged_table(), "hybrid", c)


def llm_on_page_one(c: llm.ModelClient):
    table = seed_table()
    table.rows = [r for r in table.rows if r.page == 1]
    return llm.extract_table_with_model(table, "llm", c)


def unknown_layout(c: llm.ModelClient):
    """A PDF with no table we know: the page goes to the model; returns LLMResult or the InputError."""
    from extractor.source.pdf import InputError

    try:
        return llm._extract_unknown_layout(read_pdf(NO_TABLE), c, llm.Budget(10**6))
    except InputError as e:
        return e


def text_mode_row(c: llm.ModelClient):
    """A server without structured output: JSON asked for in plain text, validation errors fed back."""
    c.modes = ["text"]
    return ask_row(c, key=(0, 10))


SCENARIOS = {
    "row_json_schema_fallback": lambda c: ask_row(c),
    "hybrid_damaged_row": hybrid_on_damaged,
    "llm_backend_page_one": llm_on_page_one,
    "unknown_layout_page": unknown_layout,
    "text_mode_validation": text_mode_row,
}


def gold_db(path) -> str:
    """The seed gold in a budget database at `path` (for the question-answering agent)."""
    from extractor.store import db as store
    from extractor.evaluation.harness import gold_from_json

    db = store.open_db(path)
    store.save_document(db, gold_from_json(ROOT / "eval" / "gold" / "conghua-hrss-2024.json"), path="gold.json",
                        sha256="gold", page_count=12)
    db.conn.close()
    return str(path)


AGENT_QUESTION = "哪个单位的财政拨款最多？"


def ask_agent_top_unit(c: llm.ModelClient, db_path=None):
    import tempfile

    from extractor.ask import agent

    db_path = db_path or gold_db(Path(tempfile.mkdtemp()) / "gold.db")
    # Recorded with the SQL tools alone (plan=False); the agent offers the plan tool by default. Re-record with
    # plan=True once a local server can be built (see cassettes/README.md), and drop this argument.
    return agent.ask_agent(db_path, AGENT_QUESTION, client=c, plan=False)


SCENARIOS["ask_agent_top_unit"] = ask_agent_top_unit
