#!/usr/bin/env python3
"""Build eval/qa/extra.json: strict QA items over the three golds the dev and held-out sets do not
use (云溪区教育局 2025 万元, 临江市卫健委 2024 元, 禾丰县农业农村局 2023 万元), one database each and
one holding all three (three departments, three years, two money units).

Expected answers are computed here from the gold JSON in plain Python, never by the engine. The
questions were written after the engine (by its author): this is a regression set for tables in 元,
several departments and years, not a held-out measure.

    python eval/qa/build_extra.py      # rewrites eval/qa/extra.json
"""

from __future__ import annotations

import json
import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDS = {"yunxi": "../gold/yunxi-edu-2025.json", "linjiang": "../gold/linjiang-hwc-2024.json",
         "hefeng": "../gold/hefeng-agri-2023.json"}


def load(name: str) -> dict:
    return json.loads((HERE / GOLDS[name]).read_text(encoding="utf-8"))


def projects(doc: dict) -> list[dict]:
    return [dict(p, unit=u["name"]) for u in doc["units"] for p in u["projects"]]


def total(doc: dict) -> Decimal:
    return sum((Decimal(u["amounts"]["total"]) for u in doc["units"]), Decimal(0))


def fig(d: Decimal, places: int | None = None) -> str:
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(d.normalize() if d == d.to_integral() else d, "f")


def names(ps) -> list[str]:
    return [p["name"] for p in ps]


def items() -> list[dict]:
    y, lj, hf = load("yunxi"), load("linjiang"), load("hefeng")
    out = []

    def add(db, kind, question, expect):
        out.append({"id": f"x{len(out) + 1:03d}", "db": db, "kind": kind, "question": question, "expect": expect})

    # amounts and totals, in the table's own unit
    p = next(p for p in projects(lj) if p["name"] == "基本公共卫生服务项目经费")
    add("linjiang", "amount_project", "基本公共卫生服务项目经费安排了多少钱？", {"figures": [fig(Decimal(p["amounts"]["total"]))]})
    add("linjiang", "total", "卫健委的项目支出一共多少？", {"figures": [fig(total(lj))]})
    cdc = next(u for u in lj["units"] if u["name"].endswith("疾病预防控制中心"))
    add("linjiang", "amount_unit", "疾控中心的预算是多少", {"figures": [fig(Decimal(cdc["amounts"]["total"]))]})
    add("hefeng", "total", "禾丰县农业农村局2023年项目资金总额", {"figures": [fig(total(hf))]})
    own = hf["units"][0]
    add("hefeng", "amount_unit", "农业农村局本级的预算", {"figures": [fig(Decimal(own["amounts"]["total"]))]})
    # counts
    add("yunxi", "count", "云溪区教育局有几个项目？", {"figures": [str(len(projects(y)))]})
    add("yunxi", "count", "教育局下面有几个单位", {"figures": [str(len(y["units"]))]})
    sat = [i for p in projects(hf) for i in p["indicators"] if "满意度" in i["level1"] or "满意度" in i["level2"]]
    add("hefeng", "count", "满意度指标一共多少条", {"figures": [str(len(sat))]})
    # average, median, ranks
    vals = sorted(Decimal(p["amounts"]["total"]) for p in projects(hf))
    add("hefeng", "average", "禾丰县农业农村局平均每个项目多少钱", {"figures": [fig(sum(vals) / len(vals), 2)]})
    add("hefeng", "average", "项目金额的中位数是多少", {"figures": [fig(Decimal(statistics.median(vals)))]})
    ps = sorted(projects(lj), key=lambda p: Decimal(p["amounts"]["total"]), reverse=True)
    add("linjiang", "rank", "哪个项目的预算最多？", {"figures": [fig(Decimal(ps[0]["amounts"]["total"]))], "names": [ps[0]["name"]]})
    add("linjiang", "rank", "预算第二多的项目是哪个", {"names": [ps[1]["name"]], "max_extra": 0, "candidates": names(ps)})
    # comparisons and shares
    a, b = (Decimal(u["amounts"]["total"]) for u in hf["units"][1:3])
    add("hefeng", "compare", f"{hf['units'][1]['name'][3:]}比{hf['units'][2]['name'][3:]}少多少钱", {"figures": [fig(abs(a - b))]})
    p = next(p for p in projects(y) if p["name"] == "校舍维修改造工程经费")
    add("yunxi", "share", "校舍维修改造工程经费占云溪区教育局预算的比例",
        {"figures": [fig(Decimal(p["amounts"]["total"]) * 100 / total(y), 1) + "%"]})
    # goals and indicators
    hit = [p["name"] for p in projects(hf) if "培训" in (p.get("goal") or "")]
    add("hefeng", "goal_mentions", "哪些项目的绩效目标提到了培训？",
        {"names": hit, "max_extra": 0, "candidates": names(projects(hf))})
    pct100 = [i for p in projects(lj) for i in p["indicators"]
              if (i.get("annual_target") or {}).get("op") == "=" and (i.get("annual_target") or {}).get("unit") == "%"
              and Decimal(i["annual_target"]["value"]) == 100]
    add("linjiang", "indicator_filter", "年度指标值为100%的指标有几条", {"figures": [str(len(pct100))]})
    # several departments, years and money units in one database
    add("three", "two_dept", "数据库里有哪些部门？", {"names": [y["department"], lj["department"], hf["department"]]})
    add("three", "two_dept", "2023年的表有几个项目", {"figures": [str(len(projects(hf)))]})
    top = max(projects(y) + projects(lj) + projects(hf),
              key=lambda p: Decimal(p["amounts"]["total"]) * (10000 if p in projects(y) + projects(hf) else 1))
    add("three", "two_dept", "金额最大的项目是哪个", {"names": [top["name"]]})
    add("three", "refuse", "云溪区教育局2024年的预算是多少",
        {"refuse": True, "say_one_of": ["2024", "这一年度"], "may_say": []})
    add("three", "refuse", "临江市教育局的项目有几个", {"refuse": True, "say_one_of": ["临江市教育局", "这个部门"]})
    add("linjiang", "refuse", "疫苗接种经费的执行率", {"refuse": True, "say_one_of": ["执行", "实际"]})
    add("hefeng", "refuse", "高标准农田建设项目去年多少钱", {"refuse": True, "say_one_of": ["去年", "上年"]})
    return out


def main() -> int:
    doc = {
        "format": "strict-qa/1",
        "scorer": "extractor/evaluation/strict_qa.py",
        "built_by": "eval/qa/build_extra.py (answers computed from the gold JSON in plain Python)",
        "databases": {"yunxi": [GOLDS["yunxi"]], "linjiang": [GOLDS["linjiang"]], "hefeng": [GOLDS["hefeng"]],
                      "three": list(GOLDS.values())},
        "split": "extra",
        "description": "Regression set over three more golds (元 and 万元, three departments and years); "
                       "written after the engine, not a held-out measure.",
        "items": items(),
    }
    (HERE / "extra.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'extra.json'}: {len(doc['items'])} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
