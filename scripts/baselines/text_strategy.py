"""The user baseline on pdfplumber: its `text` table strategy, rows glued by row_mapping.

What a competent user writes in an afternoon: keep the pages that hold indicator cells; find the
header band (the lines around the one with 总计, down to the first amount); let pdfplumber find the
body's columns with vertical_strategy "text" (horizontal "lines" where the body is ruled, else
"text"); name each column by the header words above it; carry the columns over to pages that
print no header; drop page footers.

    python scripts/baselines/text_strategy.py some.pdf  → the document dict as JSON
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent))
from row_mapping import rows_to_document  # noqa: E402

_AMOUNT = re.compile(r"^-?[\d,]+\.\d+$")
_FOOTER = re.compile(r"^(第\d+页(共\d+页)?|-\d+-)$")


def _lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) < 2:
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def _header_band(lines) -> tuple[float, float] | None:
    """(top, bottom) of the header: the lines around the 总计 line that hold no amount and no 部门/单位 meta."""
    at = next((i for i, ln in enumerate(lines) if any("总计" in w["text"] for w in ln)), None)
    if at is None:
        return None
    amount = lambda ln: any(_AMOUNT.match(w["text"]) for w in ln)  # noqa: E731
    first = at
    while first > 0 and not amount(lines[first - 1]) and not any("：" in w["text"] for w in lines[first - 1]) \
            and lines[first][0]["top"] - lines[first - 1][0]["bottom"] < 12:
        first -= 1
    last = next((i for i in range(at, len(lines)) if amount(lines[i])), len(lines))
    return lines[first][0]["top"] - 1, max(w["bottom"] for w in lines[last - 1]) + 1


def _label(head: list[dict], body: list[dict], x0: float, x1: float) -> str:
    """The header words over a column, in reading order (a wrapped label reads top to bottom).
    Where an empty column's label shares the column, keep the label nearest the column's body text."""
    centre = lambda w: (w["x0"] + w["x1"]) / 2  # noqa: E731
    inside = sorted((w for w in head if x0 <= centre(w) < x1), key=lambda w: w["x0"])
    groups: list[list[dict]] = []
    for w in inside:  # words of one label overlap in x
        if groups and w["x0"] < max(g["x1"] for g in groups[-1]):
            groups[-1].append(w)
        else:
            groups.append([w])
    below = [centre(w) for w in body if x0 <= centre(w) < x1]
    if len(groups) > 1 and below:
        mid = sum(below) / len(below)
        groups = [min(groups, key=lambda g: abs(sum(map(centre, g)) / len(g) - mid))]
    return "".join(w["text"] for g in groups for w in sorted(g, key=lambda w: (round(w["top"]), w["x0"])))


def _table(page, top: float, bottom: float, columns=None):
    body = page.crop((0, top, page.width, bottom))
    ruled = len({round(e["top"]) for e in body.horizontal_edges}) > 3
    s = {"vertical_strategy": "explicit" if columns else "text", "horizontal_strategy": "lines" if ruled else "text",
         "min_words_vertical": 2}  # sparse source columns hold few amounts on a page
    if columns and body.chars:  # the outer edges where this page's text starts and ends
        xs = [c["x0"] for c in body.chars] + [c["x1"] for c in body.chars]
        s["explicit_vertical_lines"] = [min(xs) - 1] + columns[1:-1] + [max(xs) + 1]
    tables = body.find_tables(s)
    return max(tables, key=lambda t: len(t.rows)) if tables else None


def _page(page):
    """(words, header band or None, body bottom above the footer) of a page of our table."""
    words = page.extract_words()
    lines = _lines(words)
    footer = [ln[0]["top"] for ln in lines if _FOOTER.match("".join(w["text"] for w in ln))]
    return words, lines, _header_band(lines), min(footer, default=page.height)


def _columns(table, page) -> list[float]:
    """Column edges; the outer ones at the page edges (a short first column may start further in)."""
    inner = sorted({c.bbox[0] for c in table.columns})[1:] if table else []
    return [0.0] + inner + [page.width] if inner else []


def extract(path) -> dict:
    with pdfplumber.open(path) as pdf:
        ours = []  # pages of our table: from the first with a header to the last with indicator cells
        for n, page in enumerate(pdf.pages, 1):
            words, lines, band, bottom = _page(page)
            if "指标值" in "".join(w["text"] for w in words) and (ours or band):
                ours.append((n, page, words, lines, band, bottom))
            elif ours:
                break
        if not ours:
            return rows_to_document([], [], [])
        # The layout is the same on every page: take the columns of the page where pdfplumber sees the most.
        columns = max((_columns(_table(p, b[1] if b else 0, bottom), p) for _, p, _, _, b, bottom in ours), key=len)
        n, page, words, lines, band, bottom = ours[0]
        head = [w for w in words if band[0] <= w["top"] < band[1]]
        body = [w for w in words if w["top"] >= band[1]]
        labels = [_label(head, body, a, b) for a, b in zip(columns, columns[1:])]
        meta = [" ".join(w["text"] for w in ln) for ln in lines if ln[0]["bottom"] <= band[0]]
        rows, pages = [], []
        for n, page, _, _, band, bottom in ours:
            table = _table(page, band[1] if band else 0, bottom, columns)
            for r in (table.extract() if table else []):
                if not _FOOTER.match(re.sub(r"\s", "", "".join(c or "" for c in r))):
                    rows.append(r)
                    pages.append(n)
    return rows_to_document(labels, rows, meta, pages)


if __name__ == "__main__":
    json.dump(extract(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
