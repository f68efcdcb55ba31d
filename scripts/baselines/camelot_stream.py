"""The user baseline on camelot's stream mode (columns from white space), rows glued by row_mapping.

What a user writes: read every page in stream mode, keep the tables from the first one whose
header has 总计 and 绩效 on, take the header as the rows from 总计 down to the first amount
(joined per column), and read a table without a header with the last header when it has as
many columns. The whole page is given as the table area: left to itself, stream mode cuts a
ruled header off the table. camelot-py installs from PyPI with no system packages (pypdfium2 backend).

    python scripts/baselines/camelot_stream.py some.pdf  → the document dict as JSON
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import camelot
import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent))
from row_mapping import rows_to_document  # noqa: E402

_AMOUNT = re.compile(r"^-?[\d,]+\.\d+$")


def _header(cells: list[list[str]]) -> tuple[int, int] | None:
    start = next((i for i, r in enumerate(cells) if any("总计" in c for c in r)
                  and any("绩效" in c for c in r[1:] + (cells[i + 1] if i + 1 < len(cells) else []))), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(cells))
                if any(_AMOUNT.match(re.sub(r"\s", "", c)) for c in cells[i])), len(cells))
    return start, end


def _pages_with_indicators(path) -> tuple[list[int], str]:
    """The pages with indicator cells, and the whole page as a camelot table area
    (left to itself, stream mode leaves a ruled header out of the table)."""
    with pdfplumber.open(path) as pdf:
        pages = [n for n, p in enumerate(pdf.pages, 1) if "指标值" in (p.extract_text() or "")]
        return pages, f"0,{pdf.pages[0].height},{pdf.pages[0].width},0"


def extract(path) -> dict:
    pages, area = _pages_with_indicators(path)
    if not pages:
        return rows_to_document([], [], [])
    tables = camelot.read_pdf(str(path), flavor="stream", pages=",".join(map(str, pages)), table_areas=[area])
    labels, meta, rows, row_pages = None, [], [], []
    for t in tables:
        cells = t.df.astype(str).values.tolist()
        found = _header(cells)
        if found:
            start, end = found
            labels = ["".join(r[i] for r in cells[start:end]) for i in range(len(cells[start]))]
            meta = meta or [" ".join(r) for r in cells[:start]]
            body = cells[end:]
        elif labels and len(cells[0]) == len(labels):
            body = cells
        else:
            continue
        for r in body:
            rows.append(dict(zip(labels, r)))
            row_pages.append(int(t.page))
    if labels is None:
        return rows_to_document([], [], meta)
    if not any("绩效目标表" in m for m in meta) and row_pages:  # the title sits above the table camelot found
        with pdfplumber.open(path) as pdf:
            meta = (pdf.pages[row_pages[0] - 1].extract_text() or "").split("总计")[0].splitlines() + meta
    order = list(dict.fromkeys(labels))
    return rows_to_document(order, [[r.get(k, "") for k in order] for r in rows], meta, row_pages)


if __name__ == "__main__":
    json.dump(extract(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
