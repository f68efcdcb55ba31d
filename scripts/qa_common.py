"""What the later QA builders (build_qa6.py, build_qa7.py, build_qa8.py) share: the words that make a
question one the table cannot answer, small helpers over build_qa2's facts that refuse a question
whose answer would be a tie, and the step that checks a set and writes it.

Imports nothing from `extractor` (the sets are written without reading the engine).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_qa as base  # noqa: E402
import build_qa2 as q2  # noqa: E402
from build_qa import annual, ranked  # noqa: E402
from build_qa2 import proj, unit  # noqa: E402

S, TWO, P, T = "seed", "two", "panyu", "three"

# Words of the concepts the table lacks, by concept (a refusal's expected answer names one of them).
LAST = ["上年", "去年", "往年", "以前年度", "历史", "其他年度", "其他年份", "上一年", "前一年"]
DONE = ["执行", "实际", "完成", "决算", "支出进度", "发放情况", "到位"]
FUTURE = ["预测", "未来", "明年", "下一年", "下一年度", "以后", "今后", "其他年度", "预计"]
NOT_HERE = ["该部门", "此部门", "这个部门", "数据库", "库中", "库里"]
OPINION = ["评价", "判断", "意见", "主观", "观点", "合理", "看法", "建议"]
PER_HEAD = ["人均", "人数", "人口", "人员", "每人", "户籍"]
STAFF = ["编制", "人员", "人数", "职工", "在编"]


# ---------------------------------------------------------------- small helpers over the gold


def su(core):
    """A seed unit by a core of its name."""
    return unit(S, core)


def sp(name, core=None):
    """A seed project by name (and its unit's core when the name is a twin's)."""
    return proj(S, name, core)


def hp(name):
    """A project of the two-department database by name."""
    return proj(TWO, name)


def total(ps) -> Decimal:
    return sum((p.total for p in ps), Decimal(0))


def val(i):
    """An indicator's annual target value as a Decimal (None when it has none)."""
    a = annual(i)
    return Decimal(a["value"]) if a.get("value") is not None else None


def only(xs):
    assert len(xs) == 1, xs
    return xs[0]


def level_labels(d) -> set[str]:
    return {i["level1"] for i in d.indicators} | {i["level2"] for i in d.indicators}


def ind_cands(p, d) -> list[str]:
    """A project's indicator names as max_extra candidates, without those that are also a level label
    (服务对象满意度 is an indicator of 公医办 and the 二级指标 of every seed 满意度 indicator)."""
    labels = level_labels(d)
    return list(dict.fromkeys(i["name"] for i in p.indicators if i["name"] not in labels))


def unique_max(xs, key):
    """The largest by `key`; a tie would make the question ambiguous, so it stops the build."""
    best = max(xs, key=key)
    assert sum(1 for x in xs if key(x) == key(best)) == 1, "a tie: the question would be ambiguous"
    return best


def unique_min(xs, key):
    best = min(xs, key=key)
    assert sum(1 for x in xs if key(x) == key(best)) == 1, "a tie: the question would be ambiguous"
    return best


def nth(ps, n, reverse=True):
    """The n-th (1-based) by total, with no tie on either side of it."""
    r = ranked(ps, reverse=reverse)
    assert (n == 1 or r[n - 2].total != r[n - 1].total) and (n == len(r) or r[n - 1].total != r[n].total), n
    return r[n - 1]


# ---------------------------------------------------------------- checking and writing a set


def earlier_questions(splits) -> set[str]:
    """Questions of the given earlier sets (a builder names only development sets: held-out ones are
    never read)."""
    seen = set()
    for split in splits:
        path = base.OUT / f"{split}.json"
        if path.exists():
            doc = json.loads(path.read_text(encoding="utf-8"))
            seen |= {i["question"] for i in (doc["items"] if isinstance(doc, dict) else doc) if "question" in i}
    return seen


def check(items: list[dict], earlier: set[str], per_kind: int, refusals: int, least: int = 0,
          share: float = 0.75, weak: dict | None = None) -> Counter:
    """Stop the build on a repeated question, a refusal expecting a figure, a kind asked too rarely, or
    too few items over the seed and two-department databases; returns the count per kind."""
    questions = [i["question"] for i in items]
    assert len(set(questions)) == len(items), "duplicate question"
    repeated = set(questions) & earlier
    assert not repeated, repeated
    for i in items:  # a refusal states no number; its expected words are not figures
        assert not i["expect"].get("refuse") or "figures" not in i["expect"]
    kinds = Counter(i["kind"] for i in items)
    assert min(kinds.values()) >= per_kind and kinds["refuse"] >= refusals, kinds
    assert all(kinds[k] >= n for k, n in (weak or {}).items()), kinds
    assert len(items) >= least and sum(i["db"] in (S, TWO) for i in items) >= share * len(items)
    return kinds


def write_set(items: list[dict], split: str, built_by: str, description: str, kinds: Counter) -> None:
    """eval/qa/<split>.json in the strict-qa/1 format, and a summary on stdout."""
    doc = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": built_by,
        "split": split,
        "description": description,
        "databases": {db: [f"../gold/{g}.json" for g in golds] for db, golds in q2.GOLDS.items()},
        "items": items,
    }
    (base.OUT / f"{split}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} items; seed+two {sum(i['db'] in (S, TWO) for i in items)}")
    print("by db:", dict(Counter(i["db"] for i in items)))
    for kind, n in sorted(kinds.items()):
        print(f"  {kind:20s} {n:3d}")
