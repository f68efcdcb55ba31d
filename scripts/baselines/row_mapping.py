"""Rows of cell strings → a document dict in gold JSON shape: the glue a user would write.

A baseline, not part of the extractor: it is what a competent user writes around a table
reader (pdfplumber, camelot, OCR) in an afternoon, so that our extractor has something
honest to beat. It knows the wide 项目支出绩效目标表: a name column, 总计, source columns,
绩效目标, 绩效指标; a 合计 row; unit rows (amounts, no goal, no indicators); project rows.

    rows_to_document(header, rows, meta_lines, row_pages=None) -> dict

`row_pages` (optional, one page number per row) fills the `pages` of units and projects.
"""

from __future__ import annotations

import re

from extractor.indicators import parse_cell

_AMOUNT = re.compile(r"^-?\d+(\.\d+)?$")


def _clean(cell) -> str:
    # Cells come with the line breaks of their wrapped text; CJK joins without spaces.
    return re.sub(r"\s+", "", cell or "")


def _amount(cell) -> str | None:
    s = _clean(cell).replace(",", "")
    return s if _AMOUNT.match(s) else None


def _columns(header: list[str]) -> dict:
    labels = [re.sub(r"^资金来源", "", _clean(h)) for h in header]
    find = lambda word: next((i for i, h in enumerate(labels) if word in h), None)  # noqa: E731
    name, total, goal, ind = find("名称") or 0, find("总计"), find("绩效目标"), find("绩效指标")
    sources = [i for i in range(len(labels)) if i not in (name, total, goal, ind) and labels[i]]
    return {"name": name, "total": total, "goal": goal, "ind": ind,
            "sources": [(i, labels[i]) for i in sources], "labels": labels}


def _meta(meta_lines: list[str]) -> dict:
    meta = {"title": None, "department": None, "money_unit": None, "budget_year": None}
    for line in meta_lines:
        if meta["title"] is None and "绩效目标" in line and "表" in line:
            meta["title"] = line.strip()
        if d := re.search(r"部门(?:名称)?[:：]\s*(\S+?)(?:\s|单位[:：]|$)", line):
            meta["department"] = meta["department"] or d.group(1)
        if u := re.search(r"单位[:：]\s*(万元|元)", line):
            meta["money_unit"] = u.group(1)
        if (y := re.search(r"(20\d\d)\s*年", line)) and meta["budget_year"] is None:
            meta["budget_year"] = int(y.group(1))
    return meta


def rows_to_document(header: list[str], rows: list[list[str]], meta_lines: list[str],
                     row_pages: list[int] | None = None) -> dict:
    col = _columns(header)
    cell = lambda row, i: (row[i] if i is not None and i < len(row) else "") or ""  # noqa: E731
    doc = {**_meta(meta_lines), "source_columns": [label for _, label in col["sources"]],
           "totals": {"total": None, "sources": {}}, "units": []}
    last = None  # the record the previous row filled, for rows carried over a page break
    for k, row in enumerate(rows):
        page = row_pages[k] if row_pages else None
        name = _clean(cell(row, col["name"]))
        if "名称" in name or any(_clean(c) in ("总计", "资金来源") for c in row):
            continue  # the header printed again on a later page
        amounts = {"total": _amount(cell(row, col["total"])),
                   "sources": {label: a for i, label in col["sources"] if (a := _amount(cell(row, i)))}}
        goal, ind = _clean(cell(row, col["goal"])), _clean(cell(row, col["ind"]))
        if amounts["total"] is None and not amounts["sources"] and last is not None:
            # No amounts: the rest of the previous row (wrapped, or split by a page break).
            last["name"] += name
            last["_goal"] = last.get("_goal", "") + goal
            last["_ind"] = last.get("_ind", "") + ind
            for rec in (last, doc["units"][-1] if doc["units"] else last):
                if page and page not in rec["pages"]:
                    rec["pages"].append(page)
            continue
        if re.fullmatch(r"合计|总计", name):
            doc["totals"], last = amounts, None
        elif not goal and not ind:
            last = {"name": name, "amounts": amounts, "pages": [page] if page else [], "projects": []}
            doc["units"].append(last)
        else:
            if not doc["units"]:
                doc["units"].append({"name": doc["department"] or "", "amounts": {"total": None, "sources": {}},
                                     "pages": [], "projects": []})
            unit = doc["units"][-1]
            prev = unit["projects"][-1] if unit["projects"] else None
            if prev and prev["name"] == name and prev["amounts"] == amounts:
                last = prev  # the same row printed whole again after a page break
                if page and page not in prev["pages"]:
                    prev["pages"].append(page)
                continue
            last = {"name": name, "amounts": amounts, "_goal": goal, "_ind": ind, "pages": [page] if page else []}
            unit["projects"].append(last)
        if page and doc["units"] and page not in doc["units"][-1]["pages"]:
            doc["units"][-1]["pages"].append(page)
    for unit in doc["units"]:
        for p in unit["projects"]:
            p["goal"] = p.pop("_goal") or None
            indicators, _ = parse_cell(p.pop("_ind"))
            p["indicators"] = [i.model_dump(mode="json", exclude={"raw"}) for i in indicators]
        unit.pop("_goal", None), unit.pop("_ind", None)
    return doc
