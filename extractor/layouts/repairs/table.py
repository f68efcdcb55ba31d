"""The table stage: each OCR'd row's cells repaired, and what the OCR stage read from the image noted on its cell."""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Optional

from extractor.layouts.repairs.base import UNSURE_CODE, Change, Repair, _ocr_pages
from extractor.layouts.repairs.header import fix_amount, fix_header_labels, fix_metadata_line
from extractor.layouts.repairs.indicators import repair_indicator_text
from extractor.layouts.repairs.rows import split_joined_rows
from extractor.layouts.repairs.text import _goals, _names
from extractor.layouts.wide.table import Line, Row, Table

def _replace_cell(row: Row, col: int, text: str) -> Row:
    """A copy of the row whose cell holds `text` as one line over the cell's lines (the first
    line's left edge kept: rules reads indentation from it)."""
    lines = row.cells[col]
    new = Row(row.page, row.top, row.bottom, dict(row.cells))
    new.cells[col] = [Line(text, lines[0].x0, min(l.top for l in lines), max(l.x1 for l in lines),
                           max(l.bottom for l in lines))]
    return new


_KIND_LABELS = {"name": "项目名称", "goal": "绩效目标", "indicators": "绩效指标"}


def _marks_in(row: Row, col: int, marks) -> list[tuple[str, object]]:
    """(text before the mark, mark) for the marks `ocr.trailing_mark` added at the end of a line
    of this cell."""
    out = []
    for line in row.cells.get(col) or []:
        for m in marks:
            cx, cy = (m.x0 + m.x1) / 2, (m.top + m.bottom) / 2
            if line.x0 - 1 <= cx <= line.x1 + 1 and line.top - 1 <= cy <= line.bottom + 1:
                i = line.text.rfind(m.text)
                out.append((line.text[max(0, i - 4):i] if i >= 0 else line.text[-4:], m))
    return out


def _mark_repair(page: int, bbox, what: str, found) -> Repair:
    """A Repair for marks read from the image: a warning when a quote's shape was not clear."""
    from extractor.source.ocr import UNCLEAR_MARGIN

    changes, notes, unclear = [], [], False
    for before, m in found:
        changes.append(Change("mark", before, before + m.text))
        if m.rival == "" and m.margin < UNCLEAR_MARGIN:
            unclear = True
            notes.append(f"· after '{before}': a dot of a pixel or two, which a speck of dust would also make")
        elif m.rival is not None and m.margin < UNCLEAR_MARGIN:
            unclear = True
            notes.append(f"{m.text} or {m.rival} after '{before}': the image hardly tells them apart "
                         f"(ink weight {m.weight} of its height from the top; ‘ sits low, ’ high), read as {m.text}")
    return Repair(page, bbox, what, changes, severity="warning" if unclear else "info",
                  note="a mark the recogniser left out, read from the image" + (": " + "; ".join(notes) if notes else ""))


#: Marks `ocr.trailing_mark` reads that belong to a project's name only (not the brackets it also reads).
_NAME_MARKS = "·‘’"


def _on(mark, line: Line) -> bool:
    """Is the mark's middle on this line?"""
    cx, cy = (mark.x0 + mark.x1) / 2, (mark.top + mark.bottom) / 2
    return line.x0 - 1 <= cx <= line.x1 + 1 and line.top - 1 <= cy <= line.bottom + 1


def _mark_belongs(mark, kind: str, last_line: bool) -> bool:
    """Does a mark `ocr.trailing_mark` read at the end of a line belong in a cell of this kind? A
    · ‘ ’ in a name (on the ablation sample it only ever made other cells wrong), and in 绩效指标 where
    the grammar reads it; a 。 at the end of a 绩效目标 only (its last line: in 绩效指标 the blob at a
    line's end was the foot of a ； whose dot the scan lost, tune grid scan at 159 dpi); a bracket anywhere."""
    if mark.text in _NAME_MARKS:
        return kind in ("name", "indicators")
    if mark.text == "。":
        return kind == "goal" and last_line
    return True


def _drop_marks_outside_names(row: Row, cols, marks) -> Row:
    """The row with the marks `ocr.trailing_mark` added at the end of lines of cells they do not
    belong in (`_mark_belongs`) taken off again."""
    marks = [m for m in marks if m.text in _NAME_MARKS or m.text == "。"]
    if not marks:
        return row
    new = Row(row.page, row.top, row.bottom, dict(row.cells))
    for col, lines in row.cells.items():
        kind = cols[col].kind if col < len(cols) else "other"
        kept = []
        for k, line in enumerate(lines):
            for m in marks:
                cx, cy = (m.x0 + m.x1) / 2, (m.top + m.bottom) / 2
                if line.x0 - 1 <= cx <= line.x1 + 1 and line.top - 1 <= cy <= line.bottom + 1 \
                        and line.text.rstrip().endswith(m.text) and not _mark_belongs(m, kind, k == len(lines) - 1):
                    line = dataclasses.replace(line, text=line.text.rstrip()[:-len(m.text)])
            kept.append(line)
        new.cells[col] = kept
    return new


def _rereads_in(row: Row, col: int, rereads) -> list:
    """The `ocr.Reread`s whose OCR line is one of this cell's lines."""
    lines = row.cells.get(col) or []
    return [r for r in rereads
            if any(l.x0 - 1 <= (r.x0 + r.x1) / 2 <= l.x1 + 1 and l.top - 1 <= (r.top + r.bottom) / 2 <= l.bottom + 1
                   for l in lines)]


def _reread_repair(page: int, bbox, what: str, chosen) -> Repair:
    changes, notes = [], []
    for r in chosen:
        c = r.choice
        before = r.context[:r.at] + c.first + r.context[r.at + len(c.second):]
        changes.append(Change({"words": "lexicon"}.get(c.why, c.why), before, r.context))
        notes.append(_choice_note(c))
    return Repair(page, bbox, what, changes, note="the recogniser's second reading: " + "; ".join(notes))


def _doubt_text(d) -> str:
    return f"'{d.context}' ({d.read} {d.p_read} or {d.rival} {d.p_rival})"


def _unsure_note(page: int, bbox, what: str, doubts) -> Repair:
    """Not a repair: close calls left as read, reported with code OCR_UNSURE."""
    close = any(d.p_read - d.p_rival < 0.3 for d in doubts)
    return Repair(page, bbox, what, [], severity="warning" if close else "info",
                  note="; ".join(_doubt_text(d) for d in doubts), code=UNSURE_CODE)


def _choice_note(c) -> str:
    odds = f"{c.first} {c.p_first} / {c.second} {c.p_second}"
    if c.why == "shape":
        return f"{odds}, the ink's width between the glyphs says {c.second}"
    if c.why == "label":
        return f"{c.first} read as the header label {c.second}, the one label of the vocabulary that near"
    if c.why == "pair":
        return f"{c.first} {c.p_first} / “ {c.p_second}: the next ” closes nothing, so ”“ was read as one mark"
    return f"{odds}, it makes words where the first does not (+{c.gain} nats)"


_WIDE_OF = {">": "＞", "<": "＜"}
_NARROW_OF = {v: k for k, v in _WIDE_OF.items()}


def _comparator_width(cells: list[str]) -> Optional[str]:
    """"wide" or "narrow" when the document's indicator cells print > and < in one width at least
    half again as often as in the other, and both occur (the ink told most of them; the rest were read in
    the recogniser's default width); None when they agree or are too few to tell."""
    text = "".join(cells)
    wide, narrow = sum(text.count(c) for c in _NARROW_OF), sum(text.count(c) for c in _WIDE_OF)
    if wide and narrow and wide + narrow >= 4:
        if 2 * wide >= 3 * narrow:
            return "wide"
        if 2 * narrow >= 3 * wide:
            return "narrow"
    return None


def _set_width(text: str, width: str) -> tuple[str, list[Change]]:
    """The comparators of an indicator cell in the width the rest of the document prints them in."""
    table = _WIDE_OF if width == "wide" else _NARROW_OF
    out = "".join(table.get(c, c) for c in text)
    if out == text:
        return text, []
    i = next(k for k, (a, b) in enumerate(zip(text, out)) if a != b)
    return out, [Change("width", text[max(0, i - 3):i + 3], out[max(0, i - 3):i + 3])]


def _chain(*fixes):
    """One cell fix made of several, in turn (None: skipped), their changes joined."""
    steps = [f for f in fixes if f is not None]

    def fix(text: str) -> tuple[str, list[Change]]:
        changes: list[Change] = []
        for step in steps:
            text, more = step(text)
            changes += more
        return text, changes
    return fix


_CURLY = re.compile(r"“([^“”\"]{1,12})”")
_STRAIGHT = re.compile(r"\"([^“”\"]{1,12})\"")


def _curly_quoted(cells: list[str]) -> set[str]:
    """Phrases the document prints between curly quotes somewhere (“三支一扶”)."""
    return {m.group(1) for text in cells for m in _CURLY.finditer(text)}


def _curly_as_elsewhere(text: str, quoted: set[str]) -> tuple[str, list[Change]]:
    """"三支一扶" read with straight quotes where the document prints “三支一扶” elsewhere: the
    recogniser's reading of the same quotes (a pair of straight quotes the document never curls is
    left as printed)."""
    changes = []

    def curl(m):
        if m.group(1) not in quoted:
            return m.group(0)
        changes.append(Change("bracket", m.group(0), f"“{m.group(1)}”"))
        return f"“{m.group(1)}”"

    return _STRAIGHT.sub(curl, text), changes


def ocr_text(table: Table, pages) -> tuple[Table, list[Repair]]:
    """Repair the cells of rows from OCR'd pages: the indicator grammar in 绩效指标; document
    numbers and bracket pairs in names and goals; numbered-list separators in goals.
    Returns a new table and the repairs."""
    scanned = _ocr_pages(pages)
    if not scanned:
        return table, []
    cols = table.columns
    kinds = {c.kind: i for i, c in reversed(list(enumerate(cols)))}
    name_col = kinds.get("name")
    out = copy.copy(table)
    out.rows = []
    repairs: list[Repair] = []
    first = min(table.pages_with_header or sorted(scanned))
    out.columns, label_changes = fix_header_labels(table)
    if label_changes:
        repairs.append(Repair(first, (cols[0].x0, 0.0, cols[-1].x1, 0.0), "table header", label_changes,
                              note="a header label is one of the vocabulary; marks are never part of it"))
    out.preamble = []
    for line in table.preamble:
        fixed, changes = fix_metadata_line(line)
        out.preamble.append(fixed)
        if changes:
            repairs.append(Repair(min(scanned), (0.0, 0.0, 0.0, 0.0), "部门名称 / 单位 line", changes))
    marks = {p.number: list(getattr(p, "marks", [])) for p in pages}
    rereads = {p.number: list(getattr(p, "rereads", [])) for p in pages}
    unsure = {p.number: list(getattr(p, "unsure", [])) for p in pages}
    # What the document as a whole says about a cell: the width it prints comparators in, the phrases it
    # prints between curly quotes.
    ind_col = kinds.get("indicators")
    width = _comparator_width([row.text(ind_col) for row in table.rows if row.page in scanned]) \
        if ind_col is not None else None
    quoted = _curly_quoted([row.text(i) for row in table.rows if row.page in scanned
                            for i, c in enumerate(cols) if c.kind in ("name", "goal", "indicators")])
    curl = (lambda t: _curly_as_elsewhere(t, quoted)) if quoted else None
    widen = (lambda t: _set_width(t, width)) if width else None
    fix_names, fix_goals = _chain(curl, _names), _chain(curl, _goals)
    fix_indicators = _chain(curl, widen, repair_indicator_text)
    rows = []
    for row in table.rows:  # a band of a scan holding two rows: parted first, then each repaired
        parts, parted = split_joined_rows(row, [c.kind for c in cols], cols[0].x0, cols[-1].x1) \
            if row.page in scanned else ([row], None)
        rows += parts
        repairs += [parted] if parted else []
    for row in rows:
        if row.page not in scanned:
            out.rows.append(row)
            continue
        read_row = row
        row = _drop_marks_outside_names(row, cols, marks.get(row.page, []))
        cells = [(kinds.get(kind), label, fix) for kind, label, fix in (
            ("name", "项目名称", fix_names), ("goal", "绩效目标", fix_goals), ("indicators", "绩效指标", fix_indicators))]
        cells += [(i, c.label, fix_amount) for i, c in enumerate(out.columns) if c.kind in ("total", "source")]
        for col, label, fix in cells:
            text = row.text(col) if col is not None else ""
            if not text:
                continue
            fixed, changes = fix(text)
            if changes:
                row = _replace_cell(row, col, fixed)
                name = row.text(name_col) if name_col is not None else ""
                # A digit inferred from a look-alike letter is a close call: a warning on the record.
                guessed = any(c.kind == "digit" for c in changes)
                repairs.append(Repair(row.page, row.bbox(cols[0].x0, cols[-1].x1),
                                      f"{label} of {name or '(a continued row)'}", changes,
                                      severity="warning" if guessed else "info",
                                      note="a digit read from the letter it looks like" if guessed else ""))
        # What the OCR stage itself read from the image or left unsure, cell by cell (found by
        # the cells' original lines; named by the repaired name).
        name = row.text(name_col) if name_col is not None else ""
        bbox = row.bbox(cols[0].x0, cols[-1].x1)
        for col, c in enumerate(cols):
            what = f"{_KIND_LABELS.get(c.kind, c.label)} of {name or '(a continued row)'}"
            found = _marks_in(read_row, col, marks.get(row.page, []))
            last = (read_row.cells.get(col) or [None])[-1]
            dropped = [(b, m) for b, m in found if not _mark_belongs(m, c.kind, last is not None and _on(m, last))]
            found = [(b, m) for b, m in found if (b, m) not in dropped]
            if found:
                repairs.append(_mark_repair(row.page, bbox, what, found))
            quiet = [(b, m) for b, m in dropped if m.text == "。"]  # never kept outside goals' ends: nothing to tell
            if len(quiet) < len(dropped):
                repairs.append(Repair(row.page, bbox, what, [Change("mark", b + m.text, b) for b, m in dropped
                                                             if (b, m) not in quiet],
                                      note="a mark read from the image after a line of this cell, dropped: "
                                           "a trailing · ‘ ’ tells project names apart and belongs to no other cell"))
            chosen = _rereads_in(read_row, col, rereads.get(row.page, []))
            if chosen:
                repairs.append(_reread_repair(row.page, bbox, what, chosen))
            doubts = _rereads_in(read_row, col, unsure.get(row.page, []))
            if doubts:
                repairs.append(_unsure_note(row.page, bbox, what, doubts))
        out.rows.append(row)
    return out, repairs
