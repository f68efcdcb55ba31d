"""Transport and answer faults from a real scripted HTTP server on 127.0.0.1, through the real client.

Each fault is retried or ends as a clear finding; one bad block never stops its document."""

import json

import pytest

import llm_scenarios as sc
from conftest import load_gold_json
from extractor.backends import llm
from fault_server import FaultServer, Step, completion, ok

pytestmark = pytest.mark.usefixtures("no_network")


def good_answer(unit=0, project=0) -> str:
    """The right answer for a seed row, written from the gold (amounts as strings)."""
    p = load_gold_json()["units"][unit]["projects"][project]
    return json.dumps({
        "name": p["name"], "total": p["amounts"]["total"],
        "sources": [{"column": k, "amount": v} for k, v in p["amounts"]["sources"].items()],
        "goal": p["goal"],
        "indicators": [{"seq": i["seq"], "level1_code": i["level1_code"], "level1": i["level1"],
                        "level2_code": i["level2_code"], "level2": i["level2"], "name": i["name"],
                        "period_value": i["period_target"]["raw"], "annual_value": i["annual_target"]["raw"]}
                       for i in p["indicators"]],
    }, ensure_ascii=False)


def fault_client(fs, **kw):
    kw = {"timeout": 5.0, "transport_retries": 3, "validation_retries": 2, **kw}
    cfg = llm.LLMConfig(model="fault-model", base_url=fs.base_url, api_key="sk-test", cache_path=None, **kw)
    c = llm.ModelClient(cfg)
    c._wait = lambda state: 0.05 if not llm._retry_after(state.outcome.exception()) else \
        llm._retry_after(state.outcome.exception())
    return c


def assert_right(result):
    answer, project, findings, usage, block = result
    assert isinstance(answer, llm.RowAnswer), answer
    assert findings == []
    gold = load_gold_json()["units"][0]["projects"][0]
    assert project.model_dump(mode="json")["amounts"] == gold["amounts"]
    assert len(project.indicators) == len(gold["indicators"])
    return usage


def test_429_honours_retry_after():
    with FaultServer([Step(429, {"error": {"message": "slow down"}}, {"Retry-After": "1"}), ok(good_answer())]) as fs:
        usage = assert_right(sc.ask_row(fault_client(fs)))
    (t1, _), (t2, _) = fs.requests
    assert t2 - t1 >= 0.9  # waited as the server asked
    assert usage.prompt_tokens == 100


def test_500_is_retried():
    with FaultServer([Step(500, {"error": {"message": "boom"}}), Step(503, {"error": {"message": "busy"}}),
                      ok(good_answer())]) as fs:
        assert_right(sc.ask_row(fault_client(fs)))
    assert len(fs.requests) == 3


def test_hang_past_the_timeout_is_retried():
    with FaultServer([Step(200, completion(good_answer()), delay=3.0), ok(good_answer())]) as fs:
        assert_right(sc.ask_row(fault_client(fs, timeout=0.5)))
    assert len(fs.requests) == 2


def test_malformed_json_is_fed_back():
    with FaultServer([ok('{"name": "编外人员经费", "total": '), ok(good_answer())]) as fs:
        assert_right(sc.ask_row(fault_client(fs)))
    second = fs.requests[1][1]["messages"]
    assert second[-2] == {"role": "assistant", "content": '{"name": "编外人员经费", "total": '}
    assert "不符合要求" in second[-1]["content"]


def test_schema_violation_is_fed_back_then_gives_up_as_a_finding():
    bad = json.dumps({"total": "102.60", "indicators": "none"}, ensure_ascii=False)
    with FaultServer([ok(bad)], default=ok(bad)) as fs:
        result = sc.ask_row(fault_client(fs, validation_retries=2))
    err = result[0]
    assert isinstance(err, llm.ModelError) and err.code == "LLM_INVALID"
    assert "name" in str(err) and len(fs.requests) == 3
    assert "name: Field required" in fs.requests[1][1]["messages"][-1]["content"]


def test_json_schema_refused_falls_back_to_json_object():
    refusal = Step(400, {"error": {"message": "response_format.type json_schema is unavailable"}})
    with FaultServer([refusal, ok(good_answer())]) as fs:
        c = fault_client(fs)
        assert_right(sc.ask_row(c))
    formats = [r[1].get("response_format", {}).get("type") for r in fs.requests]
    assert formats == ["json_schema", "json_object"]
    assert c.modes == ["json_object", "text"]  # remembered for the next block


def test_ungrounded_numbers_never_land():
    answer = json.loads(good_answer())
    answer["total"] = "120.60"
    answer["sources"] = [{"column": "其他资金", "amount": "102.60"}]
    answer["indicators"][0]["annual_value"] = "99%"
    with FaultServer([ok(json.dumps(answer, ensure_ascii=False))]) as fs:
        _, project, findings, _, _ = sc.ask_row(fault_client(fs))
    assert project.amounts.total is None and project.amounts.sources == {}
    assert project.indicators[0].annual_target is None
    messages = " | ".join(f.message for f in findings)
    assert {f.code for f in findings} == {"LLM_UNGROUNDED"}
    assert "总计 120.60 is not in the source text" in messages
    assert "其他资金 102.60 is not what the 其他资金 cell says" in messages
    assert "'99%'" in messages


def test_cut_off_reply_and_dead_blocks_do_not_stop_the_document():
    """llm backend on page one's 3 projects: the first reply is cut off by the length limit, the
    second block's server errors persist; the third succeeds. Each failure is a finding."""
    steps = [ok('{"name": "编外', finish_reason="length")]
    steps += [Step(500, {"error": {"message": "down"}})] * 4
    steps += [ok(good_answer(0, 2))]
    with FaultServer(steps) as fs:
        result = sc.llm_on_page_one(fault_client(fs, concurrency=1))
    codes = [f.code for f in result.document.findings if f.code.startswith("LLM_")]
    assert codes == ["LLM_TRUNCATED", "LLM_HTTP"]
    names = [p.name for p in result.document.units[0].projects]
    assert len(names) == 3 and names[2] == "人事档案信息化建设专项经费"
    assert result.totals()["requests"] == 6


def test_token_budget_stops_requests_with_a_finding():
    with FaultServer([], default=ok(good_answer())) as fs:
        result = sc.llm_on_page_one(fault_client(fs, concurrency=1, token_budget=120))
    codes = [f.code for f in result.document.findings if f.code.startswith("LLM_")]
    assert len(fs.requests) == 1 and codes.count("LLM_BUDGET") == 2


def test_concurrency_is_bounded():
    with FaultServer([], default=Step(200, completion(good_answer()), delay=0.3)) as fs:
        sc.llm_on_page_one(fault_client(fs, concurrency=2))
    assert len(fs.requests) == 3 and fs.max_in_flight == 2
