#!/usr/bin/env python3
"""One-off: build the hand-checked gold for the seed document.

Parses fixtures/conghua-hrss-2024-project-targets.txt (a plain-text extractor's
flattening of the published 项目支出绩效目标表 PDF) and writes
eval/gold/conghua-hrss-2024.json, then asserts every known fact about the seed:
6 units, 47 distinct projects, 194 indicators, all money reconciliations (with
Decimal), the 4 rows repeated across page breaks, and that every project's
indicator cell re-serialises to exactly the seed's text.

Standalone on purpose: it must not import the `extractor` package, so the gold
does not inherit that package's bugs.

Layout of the seed text (one page per block; pages are separated by "\\n\\n\\n\\n"):
  * page 1 opens with the title, the 部门名称/单位 line, the column header and
    the 合计 row; later pages start directly with a row;
  * a project row starts with a line indented by 4 spaces: its name lines
    (wrapped, possibly with a blank line inside), then an amounts line (on its
    own line, or at the end of the name's last line), then the goal paragraph,
    a blank line, and the indicator paragraph;
  * a unit row starts with an unindented line: name lines, then an amounts line,
    no goal and no indicators.

Usage: python scripts/build_gold.py [--seed PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "conghua-hrss-2024-project-targets.txt"
OUT = ROOT / "eval" / "gold" / "conghua-hrss-2024.json"

TITLE = "项目支出绩效目标表（含转移支付项目）"
DEPARTMENT = "广州市从化区人力资源和社会保障局"
MONEY_UNIT = "万元"
HEADER = "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"
SOURCE_COLUMNS = ["财政拨款", "财政专户拨款", "其他资金"]
FISCAL, SPECIAL, OTHER = SOURCE_COLUMNS

# The one row whose single amount is 其他资金 rather than 财政拨款: the text alone
# cannot tell (a plain-text flattening loses the column), but the unit row
# "449.55 385.70 63.85" says 385.70 财政拨款 + 63.85 其他资金. Rendering choice.
OTHER_FUNDS_PROJECTS = {("广州市从化区退休职工管理委员会办公室", "退休人员移交退管活动资金")}

PAGE_BREAK = "\n\n\n\n"
INDENT = "    "

AMOUNT = r"\d{1,3}(?:,\d{3})*\.\d{2}"
AMOUNTS_ONLY = re.compile(rf"^({AMOUNT})(?: ({AMOUNT}))*$")
# A project's name line that ends with its amounts: "    就业补助资金 1,200.00 1,200.00"
NAME_THEN_AMOUNTS = re.compile(rf"^(.*?\S) ((?:{AMOUNT})(?: {AMOUNT})*)$")

INDICATOR = re.compile(
    r"(?P<seq>\d+)、(?P<l1c>\d+)-(?P<l1>[^；]+)；(?P<l2c>\d+)-(?P<l2>[^；]+)；"
    r"(?P<name>[^；]+)；实施周期指标值:(?P<period>[^；]+)；年度指标值:(?P<annual>[^；]+?)。"
    r"(?=\d+、|$)"
)
TARGET_NUMBER = re.compile(r"^(?P<pre>≥|≤|＞|>|＜|<)?(?P<value>\d+(?:\.\d+)?)(?P<unit>%|[^\d\s或以]*)(?P<post>或以上|以上|以下|以内)?$")
OP_PREFIX = {"≥": "≥", "≤": "≤", "＞": ">", ">": ">", "＜": "<", "<": "<"}
OP_SUFFIX = {"或以上": "≥", "以上": "≥", "以下": "≤", "以内": "≤"}
QUALITATIVE = {"完成当年度市下达目标任务", "持续开展", "逐年提升", "安全"}


def money(s: str) -> str:
    """'2,467.17' -> '2467.17' (digits exactly as printed, no separators)."""
    return s.replace(",", "")


def parse_target(raw: str) -> dict:
    m = TARGET_NUMBER.match(raw)
    if m is None:
        if raw not in QUALITATIVE:
            raise ValueError(f"target {raw!r} is neither numeric nor a known qualitative value")
        return {"raw": raw, "op": None, "value": None, "unit": None}
    pre, post = m.group("pre"), m.group("post")
    if pre and post:
        raise ValueError(f"target {raw!r} has both a prefix and a suffix operator")
    op = OP_PREFIX[pre] if pre else OP_SUFFIX[post] if post else "="
    return {"raw": raw, "op": op, "value": m.group("value"), "unit": m.group("unit") or None}


def parse_indicators(cell: str) -> list[dict]:
    out, pos = [], 0
    while pos < len(cell):
        m = INDICATOR.match(cell, pos)
        if m is None:
            raise ValueError(f"indicator cell does not parse at {pos}: {cell[pos:pos + 60]!r}")
        out.append({
            "seq": int(m["seq"]),
            "level1": m["l1"], "level1_code": m["l1c"],
            "level2": m["l2"], "level2_code": m["l2c"],
            "name": m["name"],
            "period_target": parse_target(m["period"]),
            "annual_target": parse_target(m["annual"]),
        })
        pos = m.end()
    return out


def serialise_indicators(indicators: list[dict]) -> str:
    return "".join(
        f"{i['seq']}、{i['level1_code']}-{i['level1']}；{i['level2_code']}-{i['level2']}；{i['name']}；"
        f"实施周期指标值:{i['period_target']['raw']}；年度指标值:{i['annual_target']['raw']}。"
        for i in indicators
    )


def join_lines(lines: list[str]) -> str:
    """Wrapped cell lines -> one string: each line stripped, joined with nothing."""
    return "".join(line.strip() for line in lines)


class Lines:
    """A cursor over one page's lines."""

    def __init__(self, lines: list[str]):
        self.lines, self.i = lines, 0

    def skip_blank(self):
        while self.i < len(self.lines) and not self.lines[self.i].strip():
            self.i += 1

    def done(self) -> bool:
        self.skip_blank()
        return self.i >= len(self.lines)

    def peek(self) -> str:
        return self.lines[self.i]

    def take(self) -> str:
        line = self.lines[self.i]
        self.i += 1
        return line

    def paragraph(self) -> list[str]:
        """Non-blank lines up to the next blank line (or the page end)."""
        self.skip_blank()
        out = []
        while self.i < len(self.lines) and self.lines[self.i].strip():
            out.append(self.take())
        return out


def read_row(cur: Lines) -> tuple[str, list[str], bool]:
    """Name lines up to and including the amounts: (name, amounts as printed, indented?)."""
    cur.skip_blank()
    indented = cur.peek().startswith(INDENT)
    name_lines: list[str] = []
    while True:
        if cur.done():
            raise ValueError(f"row {name_lines!r} has no amounts line")
        line = cur.take().strip()
        m = AMOUNTS_ONLY.match(line)
        if m and name_lines:
            amounts = line.split(" ")
            break
        m = NAME_THEN_AMOUNTS.match(line)
        if m:
            name_lines.append(m.group(1))
            amounts = m.group(2).split(" ")
            break
        name_lines.append(line)
    return join_lines(name_lines), amounts, indented


def amounts_of(printed: list[str], unit: str, name: str) -> dict:
    nums = [money(a) for a in printed]
    if len(nums) == 2:
        if nums[0] != nums[1]:
            raise ValueError(f"{name}: single-source row with total {nums[0]} != {nums[1]}")
        source = OTHER if (unit, name) in OTHER_FUNDS_PROJECTS else FISCAL
        return {"total": nums[0], "sources": {source: nums[1]}}
    if len(nums) == 3:
        # total, 财政拨款, 其他资金 (see OTHER_FUNDS_PROJECTS: the 63.85 is 其他资金)
        return {"total": nums[0], "sources": {FISCAL: nums[1], OTHER: nums[2]}}
    raise ValueError(f"{name}: unexpected amounts {printed!r}")


def parse(seed_text: str) -> tuple[dict, list[dict]]:
    pages = seed_text.split(PAGE_BREAK)
    # rows in page order, every copy kept: dicts with kind/unit/name/...
    rows: list[dict] = []
    totals = None
    current_unit = None
    for pageno, page in enumerate(pages, 1):
        cur = Lines(page.split("\n"))
        if pageno == 1:
            head = cur.paragraph()
            assert head == [TITLE], head
            head = cur.paragraph()
            assert head == [f"部门名称：{DEPARTMENT} 单位：{MONEY_UNIT}"], head
            head = cur.paragraph()
            assert head == [HEADER], head
            head = cur.paragraph()
            assert len(head) == 1 and head[0].startswith("合计 "), head
            printed = head[0].split(" ")[1:]
            totals = amounts_of(printed, "", "合计")
        while not cur.done():
            name, printed, indented = read_row(cur)
            if not indented:
                current_unit = name
                rows.append({"kind": "unit", "name": name, "printed": printed, "page": pageno,
                             "amounts": amounts_of(printed, name, name)})
                continue
            assert current_unit is not None, name
            goal_lines = cur.paragraph()
            ind_lines = cur.paragraph()
            goal, cell = join_lines(goal_lines), join_lines(ind_lines)
            assert goal and not re.match(r"\d+、\d+-", goal), (name, goal[:40])
            assert cell.startswith("1、") and cell.endswith("。"), (name, cell[:40], cell[-20:])
            indicators = parse_indicators(cell)
            rows.append({"kind": "project", "unit": current_unit, "name": name, "printed": printed,
                         "page": pageno, "amounts": amounts_of(printed, current_unit, name),
                         "goal": goal, "cell": cell, "indicators": indicators})
    return {"pages": len(pages), "totals": totals}, rows


def build(seed_text: str) -> dict:
    meta, rows = parse(seed_text)
    units: list[dict] = []
    repeated: list[dict] = []
    seen: dict[tuple[str, str], dict] = {}
    prev = None
    for row in rows:
        if row["kind"] == "unit":
            assert all(u["name"] != row["name"] for u in units), f"unit {row['name']} twice"
            units.append({"name": row["name"], "amounts": row["amounts"], "pages": [row["page"]],
                          "projects": []})
        else:
            key = (row["unit"], row["name"])
            if key in seen:
                first = seen[key]
                # A repeated row: the copy at the end of page N and again at the start of N+1.
                assert prev is first, f"{key}: repeat is not adjacent to its first copy"
                assert row["page"] == first["pages"][-1] + 1, key
                for f in ("printed", "goal", "cell"):
                    assert row[f] == first["_row"][f], f"{key}: copies differ in {f}"
                first["pages"].append(row["page"])
                repeated.append({"unit": row["unit"], "name": row["name"],
                                 "pages": list(first["pages"])})
                prev = row
                continue
            project = {"name": row["name"], "amounts": row["amounts"], "goal": row["goal"],
                       "pages": [row["page"]], "indicators": row["indicators"], "_row": row}
            assert units[-1]["name"] == row["unit"]
            units[-1]["projects"].append(project)
            seen[key] = project
            row = project  # so the adjacency check compares against the stored project
        prev = row
    for unit in units:
        for p in unit["projects"]:
            del p["_row"]
    return {
        "title": TITLE,
        "department": DEPARTMENT,
        "money_unit": MONEY_UNIT,
        "budget_year": None,
        "source_columns": list(SOURCE_COLUMNS),
        "totals": meta["totals"],
        "units": units,
        "findings": [],
        "repeated_rows": repeated,
        "_pages": meta["pages"],
        "_rows": rows,
    }


def D(s: str) -> Decimal:
    return Decimal(s)


def check(gold: dict, rows: list[dict], npages: int) -> None:
    """Assert every fact about the seed."""
    assert npages == 12, npages
    units = gold["units"]
    projects = [(u, p) for u in units for p in u["projects"]]
    indicators = [i for _, p in projects for i in p["indicators"]]
    assert len(units) == 6, len(units)
    assert len(projects) == 47, len(projects)
    assert len({(u["name"], p["name"]) for u, p in projects}) == 47
    assert len(indicators) == 194, len(indicators)

    def total_is_sum(a: dict, what: str):
        assert set(a["sources"]) <= set(SOURCE_COLUMNS), (what, a)
        assert all(v for v in a["sources"].values()), (what, a)
        assert D(a["total"]) == sum(D(v) for v in a["sources"].values()), (what, a)

    t = gold["totals"]
    assert t == {"total": "18276.74", "sources": {FISCAL: "18212.89", OTHER: "63.85"}}, t
    total_is_sum(t, "合计")
    assert D(t["total"]) == sum(D(u["amounts"]["total"]) for u in units)
    for col in SOURCE_COLUMNS:
        assert D(t["sources"].get(col, "0")) == sum(D(u["amounts"]["sources"].get(col, "0")) for u in units), col
    for u in units:
        total_is_sum(u["amounts"], u["name"])
        assert D(u["amounts"]["total"]) == sum(D(p["amounts"]["total"]) for p in u["projects"]), u["name"]
        for col in SOURCE_COLUMNS:
            assert D(u["amounts"]["sources"].get(col, "0")) == sum(
                D(p["amounts"]["sources"].get(col, "0")) for p in u["projects"]), (u["name"], col)
        for p in u["projects"]:
            total_is_sum(p["amounts"], p["name"])
            assert p["goal"] and p["indicators"], p["name"]
            seqs = [i["seq"] for i in p["indicators"]]
            assert seqs == list(range(1, len(seqs) + 1)), (p["name"], seqs)
            assert p["pages"] == sorted(p["pages"])
    # Only 退休人员移交退管活动资金 (and its unit, and 合计) use 其他资金.
    other = [(u["name"], p["name"]) for u, p in projects if OTHER in p["amounts"]["sources"]]
    assert other == [("广州市从化区退休职工管理委员会办公室", "退休人员移交退管活动资金")], other
    assert [u["name"] for u in units if OTHER in u["amounts"]["sources"]] == ["广州市从化区退休职工管理委员会办公室"]

    # The 4 repeated rows.
    expected_repeats = {
        ("广州市从化区人力资源和社会保障局", "劳动保障监察协管员财政补助项目（2024年市补助）（穗财社〔2023〕33）", (2, 3)),
        ("广州市从化区社会保险基金管理中心", "企业职教幼教退休教师生活补贴费", (5, 6)),
        ("广州市从化区社会保险基金管理中心", "原国有企业部分退休人员补贴", (6, 7)),
        ("广州市从化区城乡居民保险管理中心", "编外人员经费(1)-临时聘用人员经费", (11, 12)),
    }
    got = {(r["unit"], r["name"], tuple(r["pages"])) for r in gold["repeated_rows"]}
    assert len(gold["repeated_rows"]) == 4 and got == expected_repeats, got
    multi = {(u["name"], p["name"], tuple(p["pages"])) for u, p in projects if len(p["pages"]) > 1}
    assert multi == expected_repeats, multi
    # ... and each copy is the last row of page N and the first row of page N+1.
    by_page: dict[int, list[dict]] = {}
    for r in rows:
        by_page.setdefault(r["page"], []).append(r)
    for unit, name, (a, b) in expected_repeats:
        assert (by_page[a][-1].get("unit"), by_page[a][-1]["name"]) == (unit, name)
        assert (by_page[b][0].get("unit"), by_page[b][0]["name"]) == (unit, name)
    assert len(rows) == 6 + 47 + 4

    # Trailing marks distinguish projects.
    names = {p["name"]: p for _, p in projects}
    assert names["人事档案信息化建设专项经费"]["amounts"]["total"] == "16.92"
    assert names["人事档案信息化建设专项经费·"]["amounts"]["total"] == "74.21"
    assert "社会申办退管活动资金·" in names
    assert "高校毕业生“三支一扶”计划补助资金（2024年市补助）（穗财社（2023）33号）" in names

    # Round trip: re-serialised indicators == the seed's cell with line breaks removed.
    for r in rows:
        if r["kind"] == "project":
            assert serialise_indicators(r["indicators"]) == r["cell"], r["name"]
    for u, p in projects:
        src = next(r for r in rows if r.get("unit") == u["name"] and r["name"] == p["name"])
        assert serialise_indicators(p["indicators"]) == src["cell"], p["name"]
        for i in p["indicators"]:
            for k in ("period_target", "annual_target"):
                tg = i[k]
                if tg["op"] is None:
                    assert tg["value"] is None and tg["unit"] is None and tg["raw"] in QUALITATIVE, tg
                else:
                    assert tg["value"] and tg["value"] in tg["raw"], tg

    # Everything in the seed is accounted for: every printed amount/name/goal.
    seed_flat = gold["_flat"]
    for u, p in projects:
        assert p["goal"] in seed_flat, p["name"]
        assert p["name"] in seed_flat, p["name"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=Path, default=SEED)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    text = args.seed.read_text(encoding="utf-8")
    gold = build(text)
    npages, rows = gold.pop("_pages"), gold.pop("_rows")
    # the seed with each line stripped and line breaks removed (for containment checks)
    gold["_flat"] = "".join(line.strip() for line in text.split("\n"))
    check(gold, rows, npages)
    del gold["_flat"]

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    units = gold["units"]
    nproj = sum(len(u["projects"]) for u in units)
    nind = sum(len(p["indicators"]) for u in units for p in u["projects"])
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(f"pages {npages}, units {len(units)}, projects {nproj}, indicators {nind}, rows in text {len(rows)}")
    print(f"合计 {gold['totals']['total']} = " + " + ".join(u["amounts"]["total"] for u in units))
    for u in units:
        src = ", ".join(f"{k} {v}" for k, v in u["amounts"]["sources"].items())
        print(f"  {u['name']}: {u['amounts']['total']} ({src}); {len(u['projects'])} projects, "
              f"{sum(len(p['indicators']) for p in u['projects'])} indicators, pages {u['pages']}")
    print("repeated rows:")
    for r in gold["repeated_rows"]:
        print(f"  {r['pages']} {r['unit']} / {r['name']}")
    ops = Counter((i[k]["op"], i[k]["unit"]) for u in units for p in u["projects"]
                  for i in p["indicators"] for k in ("period_target", "annual_target"))
    print("target (op, unit) counts:", dict(sorted(ops.items(), key=lambda kv: -kv[1])))
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
