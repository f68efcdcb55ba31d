"""Where the target table is (表格定位): its pages inside a larger PDF, and the band of each page it fills.

A budget book (部门预算公开) holds ten or more tables and prose; several say 项目名称 and 总计. Ours
is told by its whole header (see header.py: 绩效目标 and 绩效指标 beside a name column and 总计).
A page without a header right after one of ours continues the table when it reads like the
table's body (indicator cells: …指标值…) and opens with no title of its own; the first page that
does not ends the run.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Iterable, Optional

from extractor.layouts.wide.header import Header, find_header, page_words
from extractor.normalize import for_matching
from extractor.source.page import Char, PageText

_FOOTER = re.compile(r"^(第\d+页[,，/]?(共\d+页)?|[-—–]?\d+[-—–]?|\d+/\d+|共\d+页[,，]?第\d+页|page\d+(of\d+)?)$", re.I)
_BODY_MARK = re.compile(r"指标值|\d+、[1-4]\d?-")


@dataclass
class TablePage:
    """One page of the table: its header (None on a page that continues without one) and the body band."""

    page: PageText
    header: Optional[Header]
    top: float  # body starts here
    bottom: float  # and ends here (above the footer, or above the next table's title)


def _is_footer(line: list[Char], page: PageText) -> bool:
    text = re.sub(r"\s+", "", "".join(c.text for c in line))
    return line[0].top > page.height * 0.85 and bool(_FOOTER.match(text))


def body_band(page: PageText, top: float) -> float:
    """Where the table's body ends on a page: above the footer, or above a title larger than the body text."""
    lines = [ln for ln, _ in page_words(page) if ln[0].top >= top]
    sizes = [c.size for ln in lines for c in ln]
    body_size = statistics.median(sizes) if sizes else 0.0
    for ln in lines:
        if _is_footer(ln, page):
            return ln[0].top - 0.5
        if body_size and min(c.size for c in ln) > 1.3 * body_size and len(ln) >= 4:
            return ln[0].top - 0.5  # a title: another table or a section begins
    return page.height


def _continues(page: PageText) -> bool:
    """A page with no header of ours that reads as more rows of the table."""
    lines = [ln for ln, _ in page_words(page)]
    if not lines:
        return False
    sizes = [c.size for ln in lines for c in ln]
    body_size = statistics.median(sizes)
    head = lines[0]
    if min(c.size for c in head) > 1.3 * body_size and len(head) >= 4:
        return False  # opens with a title of its own
    return bool(_BODY_MARK.search(for_matching("".join(c.text for ln in lines for c in ln))))


def find_table_pages(pages: list[PageText], only: Optional[Iterable[int]] = None) -> list[TablePage]:
    """The pages of the target table, in order. `only` (1-based page numbers) overrides the search."""
    wanted = set(only) if only is not None else None
    out: list[TablePage] = []
    running = False
    for page in pages:
        if wanted is not None and page.number not in wanted:
            running = False
            continue
        header = find_header(page)
        if header is not None:
            top = header.bottom + 0.5
        elif (running and _continues(page)) or (wanted is not None and out):
            top = 0.0
        else:
            running = False
            continue
        running = True
        out.append(TablePage(page, header, top, body_band(page, top)))
    return out
