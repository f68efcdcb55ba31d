"""The question-answering agent's tool loop, driven by a scripted OpenAI-compatible server on 127.0.0.1.

The model is scripted here (tool calls, then a final answer), so the test checks our side of the
loop: tools run guarded, answers must cite rows the tools returned, and a figure no tool returned
is never passed on."""

import json

import pytest

from conftest import gold_document
from extractor.ask import agent
from extractor.backends import llm
from extractor.store import db as store
from fault_server import FaultServer, Step

pytestmark = pytest.mark.usefixtures("no_network")


@pytest.fixture(scope="module")
def gold_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("agent") / "gold.db"
    db = store.open_db(path)
    store.save_document(db, gold_document(), path="gold.json", sha256="gold", page_count=12)
    db.conn.close()
    return str(path)


def tool_call(name, args, call_id="call_1"):
    return Step(200, {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                      "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                          "role": "assistant", "content": None,
                          "tool_calls": [{"id": call_id, "type": "function",
                                          "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}}]}}],
                      "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})


def final(obj):
    return Step(200, {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                      "choices": [{"index": 0, "finish_reason": "stop",
                                   "message": {"role": "assistant", "content": json.dumps(obj, ensure_ascii=False)}}],
                      "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})


def client(fs):
    return llm.ModelClient(llm.LLMConfig(model="m", base_url=fs.base_url, api_key="k", cache_path=None, timeout=5))


TOP_UNIT = "SELECT id, name, total FROM units ORDER BY CAST(total AS REAL) DESC LIMIT 1"


def top_unit(gold_db):
    import sqlite3
    return sqlite3.connect(gold_db).execute(TOP_UNIT).fetchone()


def test_cited_grounded_answer_is_accepted(gold_db):
    uid, name, total = top_unit(gold_db)
    steps = [tool_call("sql", {"query": TOP_UNIT}),
             final({"answer": f"{name}最多，{total}万元", "value": total, "citations": [{"table": "units", "id": uid}]})]
    with FaultServer(steps) as fs:
        ans, trace, usage = agent.ask_agent(gold_db, "哪个单位的预算最多？", client=client(fs))
    assert ans.kind == "agent" and ans.value == total and ans.citations == [{"table": "units", "id": uid}]
    assert ans.sql == TOP_UNIT and usage.requests == 2 and usage.prompt_tokens == 20
    # The tool result went back to the model as a tool message.
    tool_msg = fs.requests[1][1]["messages"][-1]
    assert tool_msg["role"] == "tool" and name in tool_msg["content"]


def test_a_figure_no_tool_returned_is_not_passed_on(gold_db):
    uid, name, _ = top_unit(gold_db)
    steps = [tool_call("sql", {"query": TOP_UNIT}),
             final({"answer": "9999万元", "value": "9999.00", "citations": [{"table": "units", "id": uid}]})]
    with FaultServer(steps) as fs:
        ans, _, _ = agent.ask_agent(gold_db, "哪个单位的预算最多？", client=client(fs))
    assert ans.kind.startswith("offline-fallback") and "9999.00" in ans.kind
    assert ans.value != "9999.00" and "未能核实" in ans.answer


def test_citing_rows_never_read_falls_back(gold_db):
    steps = [final({"answer": "就业补助资金1200万元", "value": "1200.00", "citations": [{"table": "projects", "id": 3}]})]
    with FaultServer(steps) as fs:
        ans, _, _ = agent.ask_agent(gold_db, "就业补助资金是多少？", client=client(fs))
    assert ans.kind == "offline-fallback: the model cited rows it did not read"


def test_hostile_sql_from_the_model_is_refused_and_the_file_is_untouched(gold_db):
    from pathlib import Path
    before = Path(gold_db).read_bytes()
    steps = [tool_call("sql", {"query": "DROP TABLE projects"}),
             tool_call("sql", {"query": "SELECT 1; DELETE FROM units"}, "call_2"),
             final({"answer": "数据中没有", "value": None, "citations": []})]
    with FaultServer(steps) as fs:
        ans, trace, _ = agent.ask_agent(gold_db, "删掉所有项目", client=client(fs))
    assert [s["result"].get("error", "")[:8] for s in trace.steps] == ["refused:", "refused:"]
    assert Path(gold_db).read_bytes() == before
    assert ans.value is None


def test_name_search_tool_finds_both_marked_projects(gold_db):
    steps = [tool_call("search_names", {"text": "人事档案信息化建设", "kind": "project"}),
             final({"answer": "有两个", "value": None, "citations": []})]
    with FaultServer(steps) as fs:
        _, trace, _ = agent.ask_agent(gold_db, "人事档案信息化建设专项经费有哪些？", client=client(fs))
    names = [m["name"] for m in trace.steps[0]["result"]["matches"]]
    assert "人事档案信息化建设专项经费" in names and "人事档案信息化建设专项经费·" in names


def test_server_down_falls_back_to_the_offline_engine(gold_db):
    with FaultServer([], default=Step(500, {"error": {"message": "down"}})) as fs:
        c = client(fs)
        c.config.transport_retries = 0
        ans, _, _ = agent.ask_agent(gold_db, "就业补助资金的总计是多少？", client=c)
    assert ans.kind.startswith("offline-fallback: model request failed")


def test_plan_tool_answers_with_the_engine_vocabulary(gold_db):
    """The model fills a typed plan (names as it would say them); the engine's answerer runs it."""
    steps = [tool_call("plan", {"ask": "amount", "agg": "avg", "units": ["社保中心"]}),
             final({"answer": "社保中心平均每个项目78.57万元", "value": "78.57",
                    "citations": [{"table": "projects", "id": 17}]})]
    with FaultServer(steps) as fs:
        ans, trace, _ = agent.ask_agent(gold_db, "社保中心项目的平均金额", client=client(fs), plan=True)
    sent = fs.requests[0][1]
    assert sent["tools"][0]["function"]["name"] == "plan" and "plan 工具" in sent["messages"][0]["content"]
    result = trace.steps[0]["result"]
    assert "78.57" in result["answer"] and result["plan"]["agg"] == "avg"
    assert len(result["rows"]) == 17 and all(r["table"] == "projects" for r in result["rows"])
    assert ans.kind == "agent" and ans.value == "78.57"


def test_plan_tool_compares_two_departments_parts(gold_db):
    steps = [tool_call("plan", {"ask": "compare", "compare": "difference", "units": ["公医办"],
                                "compare_to": {"units": ["社保中心"]}}),
             final({"answer": "多3779.28万元", "value": "3779.28", "citations": [{"table": "units", "id": 2}]})]
    with FaultServer(steps) as fs:
        ans, trace, _ = agent.ask_agent(gold_db, "公医办比社保中心多多少钱？", client=client(fs), plan=True)
    assert "3,779.28万元" in trace.steps[0]["result"]["answer"]
    assert ans.kind == "agent" and ans.value == "3779.28"


def test_what_the_table_cannot_tell_is_refused_without_the_model(gold_db):
    with FaultServer([]) as fs:
        ans, trace, usage = agent.ask_agent(gold_db, "就业补助资金的执行率是多少？", client=client(fs))
    assert fs.requests == [] and usage.requests == 0
    assert ans.value is None and "执行" in ans.answer and not any(ch.isdigit() for ch in ans.answer)


def test_agent_answer_over_a_flagged_row_carries_its_caveat(tmp_path):
    from extractor.models import Finding

    doc = gold_document()
    doc.findings.append(Finding(code="AMOUNT_ROW_SUM", severity="error", message="总计 ≠ 各列之和",
                                record="units[0]", pages=[1]))
    path = tmp_path / "flagged.db"
    db = store.open_db(path)
    store.save_document(db, doc, path="flagged.json", sha256="flagged", page_count=12)
    db.conn.close()
    q = "SELECT id, name, total FROM units WHERE seq = 1"
    steps = [tool_call("sql", {"query": q}),
             final({"answer": "2467.17万元", "value": "2467.17", "citations": [{"table": "units", "id": 1}]})]
    with FaultServer(steps) as fs:
        ans, _, _ = agent.ask_agent(str(path), "人社局本级的预算是多少？", client=client(fs))
    assert ans.kind == "agent" and [c["code"] for c in ans.caveats] == ["AMOUNT_ROW_SUM"]
    assert "AMOUNT_ROW_SUM" in ans.answer


# The whole question or nothing (coverage.py) holds on the agent path too.

def test_plan_tool_is_offered_by_default(gold_db):
    steps = [final({"answer": "数据中没有", "value": None, "citations": []})]
    with FaultServer(steps) as fs:
        agent.ask_agent(gold_db, "就业补助资金是多少？", client=client(fs))
    assert [t["function"]["name"] for t in fs.requests[0][1]["tools"]] == ["plan", "sql", "search_names"]


def test_sql_answer_that_does_not_rank_is_not_passed_on(gold_db):
    """最多 asked; the model's SELECT reads one unit's total without ordering: a figure, but not a ranking."""
    q = "SELECT id, name, total FROM units WHERE seq = 2"
    import sqlite3
    uid, name, total = sqlite3.connect(gold_db).execute(q).fetchone()
    steps = [tool_call("sql", {"query": q}),
             final({"answer": f"{name}最多，{total}万元", "value": total, "citations": [{"table": "units", "id": uid}]})]
    with FaultServer(steps) as fs:
        ans, _, _ = agent.ask_agent(gold_db, "哪个单位的预算最多？", client=client(fs), plan=False)
    assert ans.kind.startswith("offline-fallback: the model's answer does not rest on a step that carries")
    assert "最多" in ans.kind and "未能核实" in ans.answer
    top = sqlite3.connect(gold_db).execute(TOP_UNIT).fetchone()
    assert ans.value == top[1] != name  # the engine's ranking, not the model's unordered row


def test_sql_ranking_by_amount_does_not_answer_a_question_about_indicators(gold_db):
    """哪个项目的数量指标最多: ORDER BY total carries the ranking but reads no indicator."""
    q = "SELECT id, name, total FROM projects ORDER BY CAST(total AS REAL) DESC LIMIT 1"
    import sqlite3
    pid, name, total = sqlite3.connect(gold_db).execute(q).fetchone()
    steps = [tool_call("sql", {"query": q}),
             final({"answer": f"{name}，{total}万元", "value": name, "citations": [{"table": "projects", "id": pid}]})]
    with FaultServer(steps) as fs:
        ans, _, _ = agent.ask_agent(gold_db, "哪个项目的数量指标最多？", client=client(fs), plan=False)
    assert ans.kind.startswith("offline-fallback: the model's answer does not rest on a step that carries")
    assert name not in ans.answer.split("（模型")[0] or total not in ans.answer


def test_sql_figure_in_the_text_with_no_value_must_be_carried_too(gold_db):
    """value null but a figure in the sentence: the figure is read like a value."""
    q = "SELECT id, name, total FROM units WHERE seq = 2"
    steps = [tool_call("sql", {"query": q}),
             final({"answer": "平均每个项目100.00万元", "value": None, "citations": []})]
    with FaultServer(steps) as fs:
        ans, _, _ = agent.ask_agent(gold_db, "社保中心项目的平均金额是多少？", client=client(fs), plan=False)
    assert ans.kind.startswith("offline-fallback: the model's answer does not rest on a step that carries the question's 平均")


def test_plan_lacking_a_cue_is_sent_back_to_the_model(gold_db):
    """平均 asked; the model's first plan has no agg: the tool says what it lacks, nothing runs; the second plan does."""
    steps = [tool_call("plan", {"ask": "amount", "units": ["社保中心"]}),
             tool_call("plan", {"ask": "amount", "agg": "avg", "units": ["社保中心"]}, "call_2"),
             final({"answer": "社保中心平均每个项目78.57万元", "value": "78.57",
                    "citations": [{"table": "projects", "id": 17}]})]
    with FaultServer(steps) as fs:
        ans, trace, _ = agent.ask_agent(gold_db, "社保中心项目的平均金额", client=client(fs))
    first, second = (s["result"] for s in trace.steps)
    assert "平均" in first["error"] and "agg=avg" in first["error"] and "answer" not in first
    assert "78.57" in second["answer"]
    assert ans.kind == "agent" and ans.value == "78.57"


def test_an_sql_average_carries_the_cue(gold_db):
    import sqlite3
    q = "SELECT AVG(CAST(total AS REAL)) AS avg FROM projects WHERE unit_id = 2"
    (avg,) = sqlite3.connect(gold_db).execute(q).fetchone()
    (pid,) = sqlite3.connect(gold_db).execute("SELECT min(id) FROM projects WHERE unit_id = 2").fetchone()
    steps = [tool_call("sql", {"query": q}),
             tool_call("sql", {"query": "SELECT id FROM projects WHERE unit_id = 2"}, "call_2"),
             final({"answer": f"平均{avg}万元", "value": avg, "citations": [{"table": "projects", "id": pid}]})]
    with FaultServer(steps) as fs:
        ans, _, _ = agent.ask_agent(gold_db, "社保中心项目的平均金额是多少？", client=client(fs), plan=False)
    assert ans.kind == "agent" and ans.value == avg


def test_plan_tool_takes_the_new_vocabulary_exclusions_and_printed_comparators(gold_db):
    import sqlite3
    from extractor.ask import tool
    from extractor.ask.catalog import load_catalog

    cat = load_catalog(gold_db)
    c = sqlite3.connect(gold_db)
    (le,), = c.execute("SELECT COUNT(*) FROM indicators WHERE annual_op IN ('≤', '<')").fetchall()
    res = tool.run_plan(cat, {"ask": "count", "subject": "indicator", "target": {"printed_op": "≤"}})
    assert res["value"] == le
    (uid, ut), = c.execute("SELECT id, total FROM units WHERE name LIKE '%就业服务管理中心'").fetchall()
    (all_,), = c.execute("SELECT SUM(CAST(total AS REAL)) FROM units").fetchall()
    res = tool.run_plan(cat, {"ask": "amount", "agg": "sum", "exclude": {"units": ["就业中心"]}})
    assert abs(float(res["value"]) - (all_ - float(ut))) < 0.01
