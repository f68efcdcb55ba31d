"""The header and the preamble: labels from the vocabulary, the 部门名称 / 单位 line, amount cells' separators."""

from __future__ import annotations

import copy
import re
from typing import Optional

from rapidfuzz.distance import Levenshtein

from extractor.layouts.repairs.base import Change, _Text
from extractor.layouts.repairs.text import pair_brackets
from extractor.layouts.wide.table import Table
from extractor.vocabulary import DEPARTMENT_LABELS, MONEY_UNIT_LABELS, MONEY_UNITS, header_labels

_GLUED = "·‘’'`\"“”.,，。、:：;；-—_~．|"


def vocabulary_label(label: str) -> Optional[str]:
    """The header label of the vocabulary an OCR'd label stands for: the marks OCR glued to its ends
    dropped (a mark is never part of a column label), and one misread ideograph in a label of four
    or more characters set right when exactly one label of the vocabulary is that close. None when
    nothing in the vocabulary is near: the label is then kept as read (and the layout reports it)."""
    # A dash before an ideograph is the recogniser's reading of 一 (-股公共预算拨款): labels hold no dash.
    t = re.sub(r"[-—–_](?=[\u4e00-\u9fff])", "一", "".join(label.split()))
    t = "".join(c for c in t if c not in _GLUED)  # marks: never part of a label
    words = header_labels()
    if t in words:
        return t
    if len(t) >= 4:
        near = [w for w in words if abs(len(w) - len(t)) <= 1 and Levenshtein.distance(w, t) == 1]
        if len(near) == 1:
            return near[0]
    return None


def fix_header_labels(table: Table) -> tuple[list, list[Change]]:
    """Columns whose OCR'd label is, but for glued marks or one misread character, a label of the
    vocabulary, relabelled with it; any other label only loses the marks glued to its ends."""
    columns, changes = [], []
    for c in table.columns:
        label = vocabulary_label(c.label) or "".join(ch for ch in c.label if ch not in _GLUED).strip() or c.label
        if label != c.label and "".join(label.split()) != "".join(c.label.split()):
            changes.append(Change("label", c.label, label))
            c = copy.copy(c)
            c.label = label
        columns.append(c)
    return columns, changes


_MONEY = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
_DEPT_SEP = re.compile(rf"({'|'.join(DEPARTMENT_LABELS)})\s*[:：;；.,，!！|丨]\s*")
# 部门名称：X单位：万元, the gap between the two fields lost (and the unit's colon read as ；.，or lost):
# the unit field is the last 单位 / 金额单位 before a money unit that ends the line.
_GLUED_UNIT = re.compile(rf"^(.*?({'|'.join(DEPARTMENT_LABELS)})：\S+?)(\s*)((?:{'|'.join(MONEY_UNIT_LABELS)}))"
                         rf"\s*[:：;；.,，。·]?\s*({_MONEY})\s*$")


# A year before 年 (2024年, 2024年度) read with a letter for a digit (2O24年, Z024年).
_YEAR_READ = re.compile(r"(?<![\dA-Za-z])([2Z][0OoD][0-9OoDlIZS]{2})(?=\s*年)")


def fix_metadata_line(line: str) -> tuple[str, list[Change]]:
    """A preamble line of an OCR'd page: a year read with a letter for a digit (2O24年), the colon
    after 部门名称 read as ；or . set right, and the
    单位：万元 field split off the department name when OCR dropped the gap between them or misread
    (or dropped) its colon."""
    t = _Text(line)
    m = _DEPT_SEP.search(t.s)
    if m and t.s[m.end(1):m.end()].strip() != "：":
        t.replace(m.end(1), m.end(), "：", "separator")
    for y in reversed(list(_YEAR_READ.finditer(t.s))):
        year = "".join(_DIGIT_LOOKALIKES.get(c, c) for c in y.group(1))
        if year != y.group(1) and year.isdigit():
            t.replace(y.start(1), y.end(1), year, "digit")
    if "（" in t.s or "(" in t.s:  # a title's bracket pair, read （2024年度) at the line's end
        paired, changes = pair_brackets(t.s)
        if changes:
            t.s = paired
            t.changes += changes
        # A title whose closing bracket was not read at all (…表（含转移支付项目): a title leaves no
        # bracket open, and the lost ） is the line's last mark.
        m = re.search(r"[（(][^（）()]*$", t.s)
        if m and "绩效目标" in t.s[:m.start()] and "表" in t.s[:m.start()] and len(t.s) - m.start() > 2:
            t.replace(len(t.s), len(t.s), "）" if m.group(0)[0] == "（" else ")", "bracket")
    m = _GLUED_UNIT.match(t.s)
    if m:
        head = m.group(1).rstrip(_GLUED)
        canonical = f"{head}　　{m.group(4)}：{m.group(5)}"
        clean = m.group(3) and "".join(t.s.split()) == "".join(canonical.split())
        if not clean:
            t.replace(0, len(t.s), canonical, "separator", whole=True)
    return t.s, t.changes


# ---------------------------------------------------------------- amount cells

# An amount whose separators OCR confused: groups of three digits, then a decimal part of 1, 2 or 4
# digits, with any of . , ， ．between them (18.276.74 for 18,276.74; 2,467,17 for 2,467.17).
_SEPARATED = re.compile(r"^(-?)(\d{1,3})((?:\s*[.,，．:：·]\s*\d{3})+)\s*[.,，．:：·]\s*(\d{1,2}|\d{4})$")


def fix_amount_separators(text: str) -> tuple[str, list[Change]]:
    """18.276.74 → 18,276.74: in an amount with more than one separator, the last one (followed by
    the decimals) is the decimal point and the others (each followed by three digits) group
    thousands, whatever OCR read them as. An amount with one separator is left as read: 18.276 may
    be either."""
    t = _Text(text)
    m = _SEPARATED.match(text.strip())
    if m:
        groups = re.findall(r"\d{3}", m.group(3))
        fixed = f"{m.group(1)}{m.group(2)},{','.join(groups)}.{m.group(4)}"
        if fixed != text.strip():
            t.replace(0, len(t.s), fixed, "amount", whole=True)
    return t.s, t.changes


# Characters a recogniser returns for a digit in an amount cell, each the look-alike of ONE digit
# (an amount cell holds only digits, separators and a sign, so a letter there can only be a digit).
_DIGIT_LOOKALIKES = {**dict.fromkeys("OoDQ〇○", "0"), **dict.fromkeys("lI|丨!iL", "1"), **dict.fromkeys("Zz", "2"),
                     **dict.fromkeys("Ss", "5"), "G": "6", "b": "6", "B": "8", **dict.fromkeys("gq", "9")}
_SEPARATOR_LOOKALIKES = {"，": ",", "。": ".", "．": ".", "、": ","}
# Specks read at either end of an amount: a quote, a dot or a bar before the first digit or after the last.
_STRAY_ENDS = "·‘’'`\"“”.,，。、:：;；_~|"
_PLAIN_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def fix_amount_chars(text: str) -> tuple[str, list[Change]]:
    """1,234.5O → 1,234.50, '12 3.45 → 123.45: an amount cell that does not read as an amount, made of
    digits and characters each of which can stand for one thing only (a letter for the one digit it
    looks like, a full-width separator for its half-width one, a speck at either end for nothing).
    Changed only when the result is an amount and the cell held at least as many digits as
    look-alikes; anything else is left as read (and reported unreadable by the layout)."""
    t = _Text(text)
    s = "".join(text.split())
    if not s or _PLAIN_AMOUNT.match(s) or not any(c.isdigit() for c in s):
        return t.s, t.changes
    core = s.strip(_STRAY_ENDS)
    mapped = "".join(_DIGIT_LOOKALIKES.get(c, _SEPARATOR_LOOKALIKES.get(c, c)) for c in core)
    guessed = sum(1 for c in core if c in _DIGIT_LOOKALIKES)
    if not _PLAIN_AMOUNT.match(mapped) or guessed > sum(c.isdigit() for c in core):
        return t.s, t.changes
    fixed, _ = fix_amount_separators(mapped)
    # "digit" when a digit was inferred from a look-alike (the repair then carries a warning).
    t.replace(0, len(t.s), fixed, "digit" if guessed else "amount", whole=True)
    return t.s, t.changes


def fix_amount(text: str) -> tuple[str, list[Change]]:
    """An amount cell as OCR read it, its separators and stray characters set right (see above)."""
    text, a = fix_amount_separators(text)
    text, b = fix_amount_chars(text)
    return text, a + b
