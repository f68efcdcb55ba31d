"""The strict QA scorer on hand-written answers: good ones, confident wrong ones, refusals."""

import collections
import json
from pathlib import Path

import pytest

from extractor.evaluation.strict_qa import number_tokens, score_item, score_set

QA = Path(__file__).resolve().parent.parent / "eval" / "qa"


def item(expect, question="问题", kind="k", db="seed", id="x"):
    return {"id": id, "db": db, "kind": kind, "question": question, "expect": expect}


def ok(it, text):
    return score_item(it, text)["ok"]


# ---------------------------------------------------------------- figures


def test_amount_written_with_separators_or_trailing_zeros_counts():
    it = item({"figures": ["18276.74"]})
    assert ok(it, "人社局项目支出合计18276.74万元。")
    assert ok(it, "合计 18,276.74 万元")
    assert ok(it, "合计18276.740万元")
    assert ok(item({"figures": ["2140"]}), "校园安全保卫服务经费2,140.0000万元")


def test_full_width_digits_and_percent_sign_count():
    assert ok(item({"figures": ["48.1%"]}), "就业中心占４８．１％。")


def test_figure_must_be_a_whole_number_token():
    it = item({"figures": ["7"]})
    assert not ok(it, "2024年就业补助资金7391.11万元")
    assert not ok(it, "共17个项目")
    assert ok(it, "金额为7万元（另一个项目7391.11万元）")
    assert not ok(item({"figures": ["74.21"]}), "金额为174.21万元")


def test_confident_wrong_answers_fail():
    assert not ok(item({"figures": ["16.92", "74.21"]}), "人事档案信息化建设专项经费为74.21万元。")
    assert not ok(item({"figures": ["18276.74"]}), "合计1.83亿元")  # not in the document's unit
    assert not ok(item({"figures": ["658.3275"]}), "智慧校园建设项目658.33万元")  # rounded away
    assert not ok(item({"figures": ["63"]}), "共有62条")


def test_more_precise_answer_rounds_to_the_figure_but_less_precise_does_not():
    share = item({"figures": ["13.5%"]})
    assert ok(share, "占13.47%")
    assert ok(share, "占13.50%")
    assert not ok(share, "约占13%")
    assert not ok(share, "占13.5")  # a share needs its per-cent sign
    assert ok(item({"figures": ["1463.99"]}), "平均1463.985万元")
    assert not ok(item({"figures": ["1463.99"]}), "平均1464万元")


def test_figure_only_in_citations_does_not_count():
    it = item({"figures": ["5064"]})
    answer, citation = "区机关事业单位医保基金的金额见第8页。", "[p.8] 区机关事业单位医保基金 5064.00"
    assert ok(it, answer + citation)
    assert not ok(it, answer)  # the scorer sees the answer text only


def test_chinese_comma_separates_numbers():
    assert [str(v) for v, _, _ in number_tokens("分别为16.92，74.21万元")] == ["16.92", "74.21"]
    assert ok(item({"figures": ["47", "4"]}), "项目数分别为47，4个")


# ---------------------------------------------------------------- names


def test_names_must_all_appear():
    it = item({"names": ["区机关事业单位医保基金", "就业补助资金"]})
    assert ok(it, "前两名是区机关事业单位医保基金和就业补助资金。")
    assert not ok(it, "区机关事业单位医保基金最大。")


def test_a_name_inside_a_longer_candidate_does_not_count():
    cands = ["就业补助资金", "就业补助资金·", "2024年就业补助资金（2024年市补助）（穗财社（2023）33号）"]
    it = item({"names": ["就业补助资金"], "max_extra": 0, "candidates": cands})
    assert ok(it, "是就业补助资金。")
    assert not ok(it, "是就业补助资金·。")
    assert not ok(it, "是2024年就业补助资金（2024年市补助）（穗财社（2023）33号）。")
    assert ok(item({"names": ["就业补助资金·"]}), "就业补助资金·，120万元")


def test_max_extra_counts_other_candidates():
    cands = ["甲项目", "乙项目", "丙项目", "丁项目"]
    it = item({"names": ["甲项目", "乙项目"], "max_extra": 0, "candidates": cands})
    assert ok(it, "甲项目、乙项目")
    assert not ok(it, "甲项目、乙项目、丙项目")
    lenient = item({"names": ["甲项目", "乙项目"], "max_extra": 1, "candidates": cands})
    assert ok(lenient, "甲项目、乙项目、丙项目")
    assert not ok(lenient, "甲项目、乙项目、丙项目、丁项目")


def test_names_and_figures_together():
    it = item({"names": ["劳动就业服务管理中心"], "figures": ["8783.91"]})
    assert ok(it, "广州市从化区劳动就业服务管理中心最多，8783.91万元。")
    assert not ok(it, "广州市从化区劳动就业服务管理中心最多。")
    assert not ok(it, "最多的单位是8783.91万元那个。")


# ---------------------------------------------------------------- refusals

LAST_YEAR = {"refuse": True, "say_one_of": ["上年", "去年"]}


def test_refusal_without_numbers_passes():
    it = item(LAST_YEAR, question="人社局去年的项目支出是多少？")
    assert ok(it, "数据库只有本年度的绩效目标表，没有上年的数据，无法回答。")


def test_refusal_with_a_figure_fails():
    it = item(LAST_YEAR, question="人社局去年的项目支出是多少？")
    assert not ok(it, "没有上年的数据；本年项目支出为18276.74万元。")


def test_confident_answer_to_an_unanswerable_question_fails():
    it = item(LAST_YEAR, question="人社局去年的项目支出是多少？")
    assert not ok(it, "去年的项目支出为18276.74万元。")
    assert not ok(it, "去年的项目支出见下表。")  # no refusal cue


def test_refusal_must_say_what_is_missing():
    it = item({"refuse": True, "say_one_of": ["执行"]}, question="就业补助资金的执行率是多少")
    assert not ok(it, "无法回答。")
    assert ok(it, "表中只有绩效目标，没有执行数据。")


def test_refusal_may_echo_the_question_year_and_the_allowed_one():
    it = item({"refuse": True, "say_one_of": ["2023"], "may_say": ["2024"]},
              question="番禺区教育局2023年的校园安全保卫服务经费是多少")
    assert ok(it, "数据库里没有2023年的数据，只有2024年的申报表。")
    assert not ok(it, "没有2023年的数据；2024年为2140万元。")


# ---------------------------------------------------------------- sets


def test_score_set_totals_per_kind_and_db():
    items = [item({"figures": ["1"]}, kind="a", db="seed", id="1"),
             item({"figures": ["2"]}, kind="a", db="two", id="2"),
             item({"refuse": True, "say_one_of": ["上年"]}, kind="refuse", db="two", id="3")]
    s = score_set(items, {"1": "是1", "2": "是3", "3": "没有上年数据"})
    assert (s["correct"], s["total"]) == (2, 3)
    assert s["by_kind"] == {"a": (1, 2), "refuse": (1, 1)}
    assert s["by_db"] == {"seed": (1, 1), "two": (1, 2)}
    assert score_set(items, ["是1", "是2", "上年是5"])["correct"] == 2


def test_committed_sets_are_well_formed():
    seen = set()
    for split in ("dev", "heldout"):
        doc = json.loads((QA / f"{split}.json").read_text(encoding="utf-8"))
        for it in doc["items"]:
            assert it["id"] not in seen
            seen.add(it["id"])
            assert it["db"] in {"seed", "panyu", "two"}
            e = it["expect"]
            assert e.get("refuse") or e.get("figures") or e.get("names")
            # an empty answer never passes
            assert not score_item(it, "")["ok"]
    assert len(seen) >= 160


def test_second_sets_are_well_formed_and_satisfiable():
    """dev2 / test2 (scripts/build_qa2.py): ids unique, every kind on both sides, and each expectation
    can be met: an answer stating exactly its figures and names passes, a refusal naming what is missing
    passes, an empty answer fails."""
    seen, kinds = set(), {}
    for split in ("dev2", "test2"):
        doc = json.loads((QA / f"{split}.json").read_text(encoding="utf-8"))
        assert set(doc["databases"]) == {"seed", "panyu", "two", "three"}
        for it in doc["items"]:
            assert it["id"] not in seen
            seen.add(it["id"])
            kinds.setdefault(it["kind"], set()).add(split)
            assert it["db"] in doc["databases"]
            e = it["expect"]
            assert not score_item(it, "")["ok"]
            if e.get("refuse"):
                assert "figures" not in e
                assert score_item(it, f"表中没有{e['say_one_of'][0]}的数据，无法回答。")["ok"], it["id"]
            else:
                made_up = "；".join(e.get("names", []) + [f"{f}" for f in e.get("figures", [])])
                assert score_item(it, made_up)["ok"], it["id"]
    assert len(seen) >= 200
    assert all(sides == {"dev2", "test2"} for sides in kinds.values()), kinds


# Each later set, as its writer built it: (file, least items, least share over seed and two, least of
# every kind, least refusals, earlier sets whose questions it must not repeat).
LATER_SETS = {
    "dev3": (120, 0.0, 3, 10, ()),
    "dev4": (130, 0.7, 1, 15, ("dev", "heldout", "dev2", "test2", "dev3")),
    "test3": (120, 0.7, 5, 15, ("dev", "dev2", "dev3")),
    "dev5": (120, 0.75, 5, 15, ("dev", "dev2", "dev3", "dev4")),
    "dev6": (150, 0.75, 4, 20, ("dev", "dev2", "dev3", "dev4", "dev5")),
}


@pytest.mark.parametrize("split", sorted(LATER_SETS))
def test_later_sets_are_well_formed_and_satisfiable(split):
    """dev3 (scripts/build_qa3.py), dev4 (build_qa4.py), dev5 (build_qa6.py), dev6 (build_qa7.py), test3 (build_qa5.py, held
    out): ids unique, enough items, enough over the seed and two-department databases, every kind and the
    refusals often enough; each expectation met by an answer stating exactly it and failing on an empty
    answer, on a refusal that states a figure, and (for lists) on an answer naming every candidate; no
    question of an earlier set repeated."""
    least, share, per_kind, refusals, earlier_sets = LATER_SETS[split]
    doc = json.loads((QA / f"{split}.json").read_text(encoding="utf-8"))
    items = doc["items"]
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids)) >= least
    assert sum(it["db"] in ("seed", "two") for it in items) >= share * len(items)
    kinds = collections.Counter(it["kind"] for it in items)
    assert min(kinds.values()) >= per_kind and kinds["refuse"] >= refusals, kinds
    earlier = set()
    for other in earlier_sets:
        earlier |= {it["question"] for it in json.loads((QA / f"{other}.json").read_text(encoding="utf-8"))["items"]}
    for it in items:
        assert it["db"] in doc["databases"]
        assert it["question"] not in earlier, it["id"]
        e = it["expect"]
        assert not score_item(it, "")["ok"], it["id"]
        if e.get("refuse"):
            assert "figures" not in e
            assert score_item(it, f"表中没有{e['say_one_of'][0]}的数据，无法回答。")["ok"], it["id"]
            assert not score_item(it, f"表中没有{e['say_one_of'][0]}，但金额为18276.74万元。")["ok"], it["id"]
            continue
        made_up = "；".join(e.get("names", []) + [f"{f}" for f in e.get("figures", [])])
        assert score_item(it, made_up)["ok"], it["id"]
        others = [c for c in e.get("candidates", []) if c not in e.get("names", [])]
        if "max_extra" in e and len(others) > e["max_extra"]:
            assert not score_item(it, made_up + "；" + "；".join(others))["ok"], it["id"]


def test_fifth_dev_set_confirmations_carry_the_true_figure():
    """A question quoting a wrong figure (是不是1300万？) is not passed by an answer echoing that figure."""
    doc = json.loads((QA / "dev5.json").read_text(encoding="utf-8"))
    confirms = [it for it in doc["items"] if it["kind"] == "confirm"]
    assert len(confirms) >= 5
    wrong = 0
    for it in confirms:
        quoted = [str(v) for v, _, _ in number_tokens(it["question"])]
        if not any(f in quoted for f in it["expect"]["figures"]):
            wrong += 1
            assert not score_item(it, "是的，" + "、".join(quoted) + "。")["ok"], it["id"]
    assert wrong >= 3
