"""The LLM path replayed from cassettes recorded against a real llama.cpp server (Gemma 3 270M).

Record mode is none: a request the cassette does not hold fails, with a message
that says how to re-record. The network is blocked."""

import shutil
from decimal import Decimal

import pytest
import yaml

import llm_scenarios as sc
from extractor.backends import llm
from extractor.source.pdf import InputError

pytestmark = pytest.mark.usefixtures("no_network")

RERECORD = ("Re-record it against a real server: `extractor dev serve &` then "
            "`python scripts/record_cassettes.py {name}` (see cassettes/README.md).")


def _miss(obj) -> bool:
    text = str(obj)
    return "Can't overwrite existing cassette" in text or "CannotOverwriteExistingCassette" in text


def replayed(name, fn=None, c=None):
    """Run a scenario against its cassette; a request the cassette lacks fails the test with how to re-record."""
    with sc.vcr_for("none").use_cassette(f"{name}.yaml", allow_playback_repeats=False) as cassette:
        result = (fn or sc.SCENARIOS[name])(c or sc.client())
    findings = getattr(getattr(result, "document", None), "findings", [])
    if _miss(result) or any(_miss(f.message) for f in findings) or \
            (isinstance(result, tuple) and _miss(result[0])):
        pytest.fail(f"cassette {name}.yaml has no recording for a request this code makes "
                    f"(a prompt, schema or block text changed?). " + RERECORD.format(name=name))
    return result, cassette


def recorded(name):
    text = (sc.CASSETTES / f"{name}.yaml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)["interactions"]


def numbers_in(project):
    vals = [project.amounts.total] + list(project.amounts.sources.values())
    return [format(v, "f") for v in vals if v is not None]


def test_json_schema_refusal_falls_back_and_is_remembered():
    (answer, project, findings, usage, block), cassette = replayed("row_json_schema_fallback")
    _, interactions = recorded("row_json_schema_fallback")
    import json
    formats = [json.loads(i["request"]["body"])["response_format"]["type"] for i in interactions]
    assert formats == ["json_schema", "json_object"]
    assert interactions[0]["response"]["status"]["code"] >= 400
    assert cassette.play_count == 2 and usage.mode == "json_object"


def test_real_model_output_is_grounded_or_flagged():
    """The small model copies its few-shot example: every number it invents is dropped and named."""
    (answer, project, findings, usage, block), _ = replayed("row_json_schema_fallback")
    for value in numbers_in(project):
        assert llm.find_in_source(value, block.text) >= 0
    claimed = [answer.total] + [s.amount for s in answer.sources]
    for value in claimed:
        if value is not None and llm.find_in_source(value, block.text) < 0:
            assert any(value in f.message and f.code == "LLM_UNGROUNDED" for f in findings)
    for ind in project.indicators:
        for t in (ind.period_target, ind.annual_target):
            assert t is None or llm.find_in_source(t.raw, block.text) >= 0


def test_hybrid_sends_only_the_row_the_rules_cannot_read(gold_json):
    result, cassette = replayed("hybrid_damaged_row")
    _, interactions = recorded("hybrid_damaged_row")
    import json
    bodies = [json.loads(i["request"]["body"])["messages"][-1]["content"] for i in interactions]
    assert all(b.startswith("项目名称（资金使用单位）: 人事档案信息化建设专项经费\n") for b in bodies)
    doc = result.document
    assert sum(len(u.projects) for u in doc.units) == 47
    # Every other row is the rules' reading, identical to the gold.
    gold_projects = {(u["name"], p["name"]): p for u in gold_json["units"] for p in u["projects"]}
    same = [p for u in doc.units for p in u.projects
            if p.model_dump(mode="json")["amounts"] == gold_projects.get((u.name, p.name), {}).get("amounts")]
    assert len(same) >= 46
    assert result.totals()["requests"] == cassette.play_count == len(interactions)


def test_llm_backend_fills_every_row_and_the_checker_judges_it():
    result, cassette = replayed("llm_backend_page_one")
    doc = result.document
    assert [len(u.projects) for u in doc.units] == [3]
    assert len(result.usage) == 3
    # The rules said 102.60 etc.; whatever the model said that is not in its row was dropped and flagged,
    # so the checker's sums (not the model) decide what reconciles.
    for p in doc.units[0].projects:
        for v in numbers_in(p):
            assert Decimal(v) in (Decimal("102.60"), Decimal("104.00"), Decimal("16.92"))
    llm_codes = {f.code for f in doc.findings if f.code.startswith("LLM_")}
    assert llm_codes <= {"LLM_UNGROUNDED", "LLM_UNKNOWN_COLUMN", "LLM_INVALID", "LLM_TRUNCATED"}
    assert result.totals()["prompt_tokens"] > 0


def test_unknown_layout_goes_to_the_model_by_page():
    result, _ = replayed("unknown_layout_page")
    _, interactions = recorded("unknown_layout_page")
    import json
    assert isinstance(result, InputError) and "model found no project" in str(result)
    messages = json.loads(interactions[-1]["request"]["body"])["messages"]
    assert "版式未知" in messages[0]["content"]
    from extractor.source.pdf import read_pdf
    assert messages[-1]["content"] == llm.page_text(read_pdf(sc.NO_TABLE).pages[0])


def test_plain_text_mode_feeds_validation_errors_back():
    import json
    (err, project, findings, usage, block), _ = replayed("text_mode_validation", fn=sc.text_mode_row)
    _, interactions = recorded("text_mode_validation")
    first, second = (json.loads(i["request"]["body"]) for i in interactions)
    assert "response_format" not in first and "JSON Schema" in first["messages"][-1]["content"]
    first_answer = json.loads(interactions[0]["response"]["body"]["string"])["choices"][0]["message"]["content"]
    assert second["messages"][-2] == {"role": "assistant", "content": first_answer}
    assert "不符合要求" in second["messages"][-1]["content"]
    assert isinstance(err, llm.ModelError) and err.code == "LLM_TRUNCATED"


def test_second_identical_run_makes_zero_requests(tmp_path):
    c = sc.client(cache_path=str(tmp_path / "cache.db"))
    with sc.vcr_for("none").use_cassette("row_json_schema_fallback.yaml") as cassette:
        first = sc.ask_row(c)
        played = cassette.play_count
        again = sc.ask_row(sc.client(cache_path=str(tmp_path / "cache.db")))
        assert cassette.play_count == played == 2
    assert again[3].requests == 0 and again[3].cached == 1
    assert again[1].model_dump() == first[1].model_dump()


def test_a_prompt_change_misses_with_how_to_rerecord(tmp_path, monkeypatch):
    prompts = tmp_path / "prompts"
    shutil.copytree(sc.ROOT / "extractor" / "prompts", prompts)
    path = prompts / "project_row@v1.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("不要编造", "绝不编造"), encoding="utf-8")
    monkeypatch.setenv("EXTRACTOR_PROMPTS", str(prompts))
    with pytest.raises(pytest.fail.Exception, match="Re-record it against a real server"):
        replayed("row_json_schema_fallback")


def test_cassettes_say_where_they_come_from_and_hold_no_secrets():
    files = sorted(sc.CASSETTES.glob("*.yaml"))
    assert len(files) >= 5
    for f in files:
        text, interactions = recorded(f.stem)
        assert text.startswith("# Recorded 20") and "gemma-3-270m-q4_k_m.gguf" in text.splitlines()[1]
        assert sc.RECORDING_KEY not in text
        for i in interactions:
            assert not {"authorization", "api-key", "x-api-key"} & {h.lower() for h in i["request"]["headers"]}


def test_usage_is_what_the_server_reported():
    import json
    (_, _, _, usage, _), _ = replayed("row_json_schema_fallback")
    _, interactions = recorded("row_json_schema_fallback")
    reported = [json.loads(i["response"]["body"]["string"]).get("usage") for i in interactions
                if i["response"]["status"]["code"] == 200]
    assert usage.prompt_tokens == sum(u["prompt_tokens"] for u in reported)
    assert usage.completion_tokens == sum(u["completion_tokens"] for u in reported)


def test_agent_with_the_real_small_model_is_verified_or_falls_back(tmp_path):
    """Recorded: Gemma 3 270M, given the tools, does not return the JSON asked for; the agent
    does not pass its text on but answers with the offline engine and says why."""
    import json
    from extractor.ask.engine import answer as offline
    db = sc.gold_db(tmp_path / "gold.db")
    (ans, trace, usage), cassette = replayed("ask_agent_top_unit", fn=lambda c: sc.ask_agent_top_unit(c, db))
    _, interactions = recorded("ask_agent_top_unit")
    sent = json.loads(interactions[0]["request"]["body"])
    assert [t["function"]["name"] for t in sent["tools"]] == ["sql", "search_names"]
    assert sent["messages"][-1]["content"] == sc.AGENT_QUESTION
    if ans.kind == "agent":
        assert ans.citations and {(c["table"], c["id"]) for c in ans.citations} <= trace.read
    else:
        assert ans.kind.startswith("offline-fallback: ") and "未能核实" in ans.answer
        assert ans.value == offline(db, sc.AGENT_QUESTION).value and ans.citations
    assert usage.requests == cassette.play_count == len(interactions)
