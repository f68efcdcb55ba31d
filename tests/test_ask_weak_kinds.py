"""The kinds a fresh writer's questions found weakest — refusals by what the table lacks, unit and
document totals said many ways, per-department figures, goal words, two-hop chains — asked in our own
phrasings (not from any QA set). Expected figures come from plain SQL over the stored gold.
"""

import hashlib
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from extractor.ask import answer
from extractor.evaluation.harness import gold_from_json
from extractor.evaluation.strict_qa import number_tokens
from extractor.store import open_db, save_document

GOLD = ROOT / "eval" / "gold"


def _db(tmp_path_factory, name: str, golds: list[str]) -> Path:
    path = tmp_path_factory.mktemp("weak") / f"{name}.db"
    db = open_db(path)
    for g in golds:
        gold = GOLD / g
        save_document(db, gold_from_json(gold), path=str(gold), sha256=hashlib.sha256(gold.read_bytes()).hexdigest(),
                      page_count=0, extractor="gold")
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    return _db(tmp_path_factory, "three", ["yunxi-edu-2025.json", "linjiang-hwc-2024.json", "hefeng-agri-2023.json"])


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    return _db(tmp_path_factory, "two", ["conghua-hrss-2024.json", "forms-huadu-agri-2025.json"])


def sql(db: Path, q: str, *params) -> list:
    with sqlite3.connect(db) as c:
        return c.execute(q, params).fetchall()


def figures(text: str) -> list[Decimal]:
    return [v for v, _, _ in number_tokens(text.split("（据")[0])]


def said(value, text: str, places: int = 2) -> bool:
    want = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return any(f.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == want for f in figures(text))


# ---------------------------------------------------------------- refusals name what the table lacks

EXECUTION = ("执行数", "实际支出")
OTHER_YEAR = ("其他年度",)


@pytest.mark.parametrize("question, lacks", [
    ("基本公共卫生服务项目经费已经发出去多少了", EXECUTION),
    ("禾丰县农业农村局耕地地力保护补贴资金已经发给农民多少", EXECUTION),
    ("疾控中心的经费支出了多少", EXECUTION),
    ("卫健委的项目开支了多少", EXECUTION),
    ("云溪区教育局项目资金的使用率是多少", EXECUTION),
    ("校车运营补助经费发下去多少了", EXECUTION),
    ("禾丰县农业农村局三年前的项目资金是多少", OTHER_YEAR),
    ("两年前校车运营补助经费多少钱", OTHER_YEAR),
    ("卫健委前几年的项目预算是多少", OTHER_YEAR),
    ("云溪区教育局往届的项目经费", OTHER_YEAR),
])
def test_a_refusal_names_the_concept_the_table_lacks_and_states_no_figure(three, question, lacks):
    a = answer(three, question)
    assert a.kind == "refuse" or a.kind == "not_understood", a.answer
    assert any(w in a.answer for w in lacks), a.answer
    assert all(v in {x for x, _, _ in number_tokens(question)} for v, _, _ in number_tokens(a.answer)), a.answer
