"""Repair what OCR misreads where the table's own grammar or arithmetic pins the right reading down.

Runs only on rows from pages read by OCR (`ocr.OCRPageText`); text-layer pages pass untouched,
and correct text passes unchanged. Two stages, each plain data in and plain data out, hooked
into pipeline.extract_source around rules.extract:

  ocr_text(table, pages) → (table, repairs)
      绩效指标 cells follow a grammar (extractor/indicators.py):
          N、c-一级指标；cc-二级指标；三级指标名称；实施周期指标值:V；年度指标值:V。
      OCR confuses ；/：, reads 、 as . , 指 as 措, drops a separator, garbles a level name or
      a label, and reads ≥ as 2 (`292%` for `≥92%`). Where the grammar says what stands at a
      place (a ； between fields, 、 after an item number and 。 before the next, the level name
      a code stands for, the labels and the colon after them) the reading is set right; a value
      over 100 % is set right only when one reading is left (see `_fix_values`).
      Names and goals: an official document number's 〔year〕 read with brackets that do not
      pair (`（2023.33号`), a closing bracket read narrower or wider than the one it closes, and
      in goals a ： before item N of a numbered list whose item N-1 precedes it. Nothing else:
      no dictionary guesses (薪 read as 新 stays).

  ocr_document(doc, repairs, pages) → doc
      A row printed on both sides of a page break and read differently by OCR (same amounts,
      next page, texts a few characters apart) takes the later reading for both copies, so that
      the checker counts it once. An amount is changed only when the reconciliation proves it:
      exactly one row (总计 ≠ sum of its sources) and one column (unit ≠ sum of its projects)
      disagree, by the same difference, and the cell where they cross differs from the value
      that satisfies both by a single digit. Anything short of that is left to the checker.

Every repair is a Finding: code OCR_REPAIR, severity info, the page and record, and what changed
(one finding per repaired cell listing its changes; one per amount; one per page-break pair).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from rapidfuzz.distance import Levenshtein

from extractor.indicators import LEVEL1, LEVEL2, LEVEL2_ALIASES
from extractor.layouts.wide.table import Line, Row, Table
from extractor.models import Amounts, Document, Finding, Project
from extractor.normalize import for_matching
from extractor.vocabulary import DEPARTMENT_LABELS, MONEY_UNITS, MONEY_UNIT_LABELS, header_labels

CODE = "OCR_REPAIR"
UNSURE_CODE = "OCR_UNSURE"

PERIOD = "实施周期指标值"
ANNUAL = "年度指标值"
_L2_NAMES = {**{v: k for k, v in LEVEL2.items()}, **{a: next(k for k, v in LEVEL2.items() if v == n)
                                                      for a, n in LEVEL2_ALIASES.items()}}
# Characters OCR returns where a separator stands (；：、。 and their look-alikes).
_SEPS = "；;：:，,.。、·．"
# Known misreadings of the grammar's fixed words, and what they stand for.
_WORD_FIXES = [("措标", "指标")]


@dataclass
class Change:
    kind: str  # separator | item | level | label | value | docno | bracket
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.before}→{self.after}"


@dataclass
class Repair:
    """The repairs made in one cell of one row: where, and what changed."""

    page: int
    bbox: tuple[float, float, float, float]
    what: str  # e.g. "绩效指标 of 就业补助资金"
    changes: list[Change] = field(default_factory=list)
    severity: str = "info"
    note: str = ""  # why, when the kind of change does not say it
    code: str = "OCR_REPAIR"  # or OCR_UNSURE: nothing changed, a close call reported


def _ocr_pages(pages) -> set[int]:
    return {p.number for p in pages if getattr(p, "ocr", False)}


# ---------------------------------------------------------------- indicator text


class _Text:
    """A string being repaired, with the record of every change."""

    def __init__(self, text: str):
        self.s = text
        self.changes: list[Change] = []

    def replace(self, a: int, b: int, new: str, kind: str, context: int = 2, whole: bool = False) -> None:
        old = self.s[a:b]
        if old == new:
            return
        # Record only what differs (or the whole span), with a little context on either side.
        p = q = 0
        while not whole and p < min(len(old), len(new)) and old[p] == new[p]:
            p += 1
        while not whole and q < min(len(old), len(new)) - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
            q += 1
        ca, cb = a + p, b - q
        pre = self.s[max(0, ca - context):ca]
        post = self.s[cb:cb + context]
        self.changes.append(Change(kind, f"{pre}{old[p:len(old) - q]}{post}", f"{pre}{new[p:len(new) - q]}{post}"))
        self.s = self.s[:a] + new + self.s[b:]


def _fix_words(t: _Text) -> None:
    for wrong, right in _WORD_FIXES:
        i = t.s.find(wrong)
        while i >= 0:
            t.replace(i, i + len(wrong), right, "label")
            i = t.s.find(wrong, i + len(right))


def _fix_labels(t: _Text) -> None:
    """实施周期指标值 / 年度指标值 read with a wrong character or two, where a value follows."""
    for label, k in ((PERIOD, 2), (ANNUAL, 1)):
        i = 0
        while i < len(t.s):
            best = None
            for n in (len(label), len(label) - 1, len(label) + 1):
                w = t.s[i:i + n]
                if len(w) < n:
                    continue
                d = Levenshtein.distance(w, label)
                if d <= k and (best is None or d < best[0]):
                    best = (d, n)
            if best is None or best[0] == 0:
                i += len(label) if best else 1
                continue
            d, n = best
            w = t.s[i:i + n]
            nxt = t.s[i + n:i + n + 1]
            # It must look like the label: same first and last two characters but one, and
            # be followed by a separator or a value, not by more of a name.
            shares = sum(1 for a, b in zip(w, label) if a == b)
            if shares >= len(label) - k and (not nxt or nxt in _SEPS or re.match(r"[\d≥≤＞＜><=±]", nxt)):
                t.replace(i, i + n, label, "label")
                i += len(label)
            else:
                i += 1


def _fuzzy_at(s: str, i: int, target: str, k: int) -> Optional[int]:
    """Length of the window at s[i:] within edit distance k of target (best first), or None."""
    best = None
    for n in (len(target), len(target) - 1, len(target) + 1):
        w = s[i:i + n]
        if len(w) < max(1, n):
            continue
        d = Levenshtein.distance(w, target)
        if d <= k and (best is None or d < best[0]):
            best = (d, n)
    return None if best is None else best[1]


def _skip(s: str, i: int, chars: str) -> int:
    while i < len(s) and (s[i] in chars or s[i].isspace()):
        i += 1
    return i


def _fix_items(t: _Text) -> None:
    """Item starts (N、c-一级指标), the 。 before them, level-2 fields and the ； after each level."""
    expected = None
    i = 0
    boundary = 0  # where the current item started
    while i < len(t.s):
        s = t.s
        at_start = s[:i].strip() == ""
        prev = s[i - 1] if i > 0 else ""
        prev2 = s[i - 2] if i > 1 else ""
        inside_number = prev.isdigit() or (prev in ".-" and prev2.isdigit())
        # A new item can only start at the beginning, after a 。, or after the previous item's values.
        may_start = at_start or prev == "。" or ANNUAL in s[boundary:i]
        if not s[i].isdigit() or inside_number or not may_start:
            i += 1
            continue
        m = re.match(r"(\d{1,3})\s*([、,，.．·:：;；]?)\s*(\d?)\s*([-－—一‐–·.]?)\s*", s[i:])
        parsed = None
        if m:
            digits, sep, code = m.group(1), m.group(2), m.group(3)
            options = []
            if sep and code:
                options.append((digits, code, m.end()))
            if not sep and not code and len(digits) >= 2:
                options.append((digits[:-1], digits[-1], m.end()))
            for seq, c1, end in options:
                if c1 not in LEVEL1:
                    continue
                n = _fuzzy_at(s, i + end, LEVEL1[c1], 1)
                if n is None:
                    continue
                parsed = (int(seq), c1, end, n)
                if expected is None or int(seq) == expected:
                    break
        if parsed is None:
            i += 1
            continue
        seq, c1, end, n = parsed
        if not at_start:  # the 。 that ends the previous item
            j = i
            while j > 0 and t.s[j - 1].isspace():
                j -= 1
            if t.s[j - 1] in _SEPS and t.s[j - 1] != "。":
                t.replace(j - 1, j, "。", "separator")
            elif t.s[j - 1] != "。":
                t.replace(j, j, "。", "separator")
                i += 1
        canon = f"{seq}、{c1}-{LEVEL1[c1]}"
        t.replace(i, i + end + n, canon, "item")
        boundary = i
        expected = seq + 1
        i = _fix_level2(t, i + len(canon))


def _fix_level2(t: _Text, i: int) -> int:
    """After a level-1 field ending at i: '；cc-二级指标；'. Returns the position after it."""
    s = t.s
    j = _skip(s, i, _SEPS)
    m = re.match(r"(\d{2})\s*([-－—一‐–·.]?)\s*", s[j:])
    if not m or m.group(1) not in LEVEL2:
        return i
    code = m.group(1)
    k = j + m.end()
    name = None
    # An exact known level-2 name is kept as read (the checker judges code against name).
    for known in sorted(_L2_NAMES, key=len, reverse=True):
        if s.startswith(known, k):
            name, n = known, len(known)
            break
    if name is None:
        target = LEVEL2[code]
        n = _fuzzy_at(s, k, target, max(1, (len(target) - 1) // 2))
        if n is None:
            return i
        name = target
    field_ = f"；{code}-{name}"
    t.replace(i, k + n, field_, "level" if s[k:k + n] != name else "separator")
    e = i + len(field_)
    # The separator before the indicator name.
    f = e
    while f < len(t.s) and t.s[f].isspace():
        f += 1
    if f < len(t.s) and t.s[f] in _SEPS:
        t.replace(e, f + 1, "；", "separator")
    elif f < len(t.s) and not t.s.startswith(PERIOD, f):
        t.replace(e, f, "；", "separator")
    return e + 1


def _fix_label_separators(t: _Text) -> None:
    """'；实施周期指标值:V；年度指标值:V': a ； before each label, a colon after it."""
    for label in (PERIOD, ANNUAL):
        i = t.s.find(label)
        while i >= 0:
            # before
            j = i
            while j > 0 and t.s[j - 1].isspace():
                j -= 1
            if j > 0 and t.s[j - 1] != "；":
                if t.s[j - 1] in _SEPS and t.s[j - 1] != "。":
                    t.replace(j - 1, i, "；", "separator")
                    i = j
                elif t.s[j - 1] not in "。":
                    t.replace(j, i, "；", "separator")
                    i = j + 1
            # after
            a = i + len(label)
            b = a
            while b < len(t.s) and t.s[b].isspace():
                b += 1
            if b < len(t.s) and t.s[b] in _SEPS:
                if t.s[b] not in ":：":
                    t.replace(a, b + 1, "：", "separator")
            elif b < len(t.s):
                t.replace(a, b, "：", "separator")
            i = t.s.find(label, i + len(label))


_VALUE = re.compile(r"(实施周期指标值|年度指标值)[:：]([^；。]*?)(?=；|。|$)")


def _sibling_value(s: str, start: int, label: str) -> Optional[str]:
    """The other target's value of the same item."""
    other = ANNUAL if label == PERIOD else PERIOD
    item_start = s.rfind("。", 0, start) + 1
    item_end = s.find("。", start)
    item = s[item_start:item_end if item_end >= 0 else len(s)]
    m = re.search(re.escape(other) + r"[:：]([^；。]*)", item)
    return m.group(1).strip() if m else None


def _over_100(value: Optional[str]) -> bool:
    m = re.fullmatch(r"\s*[≥>＞]?\s*(\d+(?:\.\d+)?)\s*[%％]\s*", value or "")
    return bool(m) and Decimal(m.group(1)) > 100


def _fix_values(t: _Text) -> None:
    """A percentage over 100 that OCR made of ≥NN% (`292%`) or NN.NN% (`9500%`). Repaired when
    one reading is left: the other target of the item agrees with it, or is misread alike."""
    pos = 0
    while True:
        m = _VALUE.search(t.s, pos)
        if not m:
            return
        label, value = m.group(1), m.group(2)
        a, b = m.start(2), m.end(2)
        pos = b
        v = re.fullmatch(r"\s*([≥>＞]?)\s*(\d+(?:\.\d+)?)\s*([%％])\s*", value)
        if not v or Decimal(v.group(2)) <= 100:
            continue
        op, digits, pct = v.groups()
        candidates = []
        if not op and digits.startswith("2") and len(digits) > 1 and Decimal(digits[1:]) <= 100:
            candidates.append("≥" + digits[1:] + pct)  # ≥ read as 2
        if "." not in digits and len(digits) >= 4 and Decimal(digits[:-2] + "." + digits[-2:]) <= 100:
            candidates.append(op + digits[:-2] + "." + digits[-2:] + pct)  # the point dropped
        if not op and digits.startswith("2") and "." not in digits and len(digits) >= 5 \
                and Decimal(digits[1:-2] + "." + digits[-2:]) <= 100:
            candidates.append("≥" + digits[1:-2] + "." + digits[-2:] + pct)
        sibling = _sibling_value(t.s, m.start(), label)
        norm = lambda x: re.sub(r"\s+", "", x).replace("％", "%")  # noqa: E731
        pick = None
        agreeing = [c for c in candidates if sibling is not None and norm(c) == norm(sibling)]
        if agreeing:
            pick = agreeing[0]
        elif len(candidates) == 1 and (sibling is None or _over_100(sibling)):
            pick = candidates[0]
        if pick is not None:
            t.replace(a, b, pick, "value", context=0, whole=True)
            pos = a + len(pick)


def repair_indicator_text(text: str) -> tuple[str, list[Change]]:
    """The 绩效指标 cell text with the grammar's fixed parts set right, and the changes made."""
    t = _Text(text)
    _fix_words(t)
    _fix_labels(t)
    _fix_items(t)
    _fix_label_separators(t)
    _fix_values(t)
    _fix_terminators(t)
    text, quotes = pair_quotes(t.s)
    return text, t.changes + quotes


# Where an item ends (before the next item's number, or at the end of the cell), the grammar has one
# 。; OCR reads it as . , ， 、 or adds a speck beside it.
_ITEM_END = re.compile(r"(?<=[^\d.．])[。.,，、．；;]{2,}(?=\d{1,3}、\d)|(?<=[^\d.．])[。.,，、．；;:：]+$")


def _fix_terminators(t: _Text) -> None:
    """The end of an item (after 年度指标值's value) is one 。, however OCR read it."""
    if ANNUAL not in t.s:
        return
    for m in reversed(list(_ITEM_END.finditer(t.s))):
        if m.group() != "。" and ANNUAL in t.s[:m.start()]:
            t.replace(m.start(), m.end(), "。", "separator")


# ---------------------------------------------------------------- table stage


def _summary(changes: list[Change], limit: int = 12) -> str:
    counts: dict[tuple[str, str], int] = {}
    order = []
    for c in changes:
        key = (c.before, c.after)
        if key not in counts:
            order.append(key)
        counts[key] = counts.get(key, 0) + 1
    parts = [f"'{a}'→'{b}'" + (f" ×{counts[(a, b)]}" if counts[(a, b)] > 1 else "") for a, b in order[:limit]]
    if len(order) > limit:
        parts.append(f"… {len(order) - limit} more")
    return "; ".join(parts)


_CLOSE_OF_WIDE = {"）": "（", ")": "("}


def pair_brackets(text: str) -> tuple[str, list[Change]]:
    """A closing bracket takes the width of the one it closes: OCR reads （…) for （…）
    where the line ends at the bracket and the ink cannot tell its width."""
    t = _Text(text)
    stack: list[str] = []
    for i, c in enumerate(t.s):
        if c in _PAIRS:
            stack.append(c)
        elif c in _PAIRS.values() and stack:
            want = _PAIRS[stack.pop()]
            if c != want and c in _CLOSE_OF_WIDE and want in _CLOSE_OF_WIDE:
                t.replace(i, i + 1, want, "bracket", context=4)
    return t.s, t.changes


_PAIRS = {"（": "）", "(": ")", "〔": "〕", "[": "]", "［": "］", "【": "】"}
# An official document number (发文字号, GB/T 9704): agency code, year in 〔〕, serial number.
_DOC_NO = re.compile(r"(?<=[\u4e00-\u9fff])([（(〔\[［【])\s*((?:19|20)\d{2})\s*([）)〕\]］】.．:：，,、_＿]?)\s*(?=\d)")


def fix_doc_numbers(text: str) -> tuple[str, list[Change]]:
    """穗财社〔2023〕33号: OCR reads the 〔〕 around the year as （ and . or : or nothing. A reading
    whose brackets do not pair is set to the standard's 〔〕; a pair read alike is left alone."""
    t = _Text(text)
    pos = 0
    while True:
        m = _DOC_NO.search(t.s, pos)
        if not m:
            return t.s, t.changes
        opener, year, closer = m.group(1), m.group(2), m.group(3)
        pos = m.end()
        if closer and _PAIRS.get(opener) == closer:
            continue
        t.replace(m.start(), m.end(), f"〔{year}〕", "docno", context=3)
        pos = m.start() + len(year) + 2


_LIST_ITEM = re.compile(r"[:：]\s*(?=(\d{1,2})\s*[.．、](?!\d))")


def fix_list_separators(text: str) -> tuple[str, list[Change]]:
    """'1. …；2. …；3. …': before item N (N ≥ 2) of a numbered list, where item N-1 stands
    earlier in the same sentence, a ： is a misread ；."""
    t = _Text(text)
    for m in reversed(list(_LIST_ITEM.finditer(t.s))):
        n = int(m.group(1))
        sentence = t.s[t.s.rfind("。", 0, m.start()) + 1:m.start()]
        if n >= 2 and re.search(rf"(?<!\d){n - 1}\s*[.．、](?!\d)", sentence):
            t.replace(m.start(), m.start() + 1, "；", "separator", context=4)
    t.changes.reverse()
    return t.s, t.changes


def pair_quotes(text: str) -> tuple[str, list[Change]]:
    """Double quotes open and close in turn within a field or sentence (“三支一扶”); the recogniser tells “ from ” by a few
    pixels of slant and, at low resolution, reads “三支一扶“. A “ while one is open is a ”, and a ”
    while none is open is a “ (when a ” follows later to close it)."""
    t = _Text(text)
    open_ = False
    for i, c in enumerate(t.s):
        if c in "；;。":  # a quotation does not run past the end of a field or a sentence
            open_ = False
        elif c == "“":
            if open_:
                t.replace(i, i + 1, "”", "bracket", context=4)
            open_ = not open_
        elif c == "”":
            if not open_ and "”" in re.split(r"[；;。]", t.s[i + 1:], maxsplit=1)[0]:
                t.replace(i, i + 1, "“", "bracket", context=4)
                open_ = True
            else:
                open_ = False
    return t.s, t.changes


def _names(text: str) -> tuple[str, list[Change]]:
    text, a = fix_doc_numbers(text)
    text, b = pair_brackets(text)
    text, c = pair_quotes(text)
    return text, a + b + c


def fix_final_colon(text: str) -> tuple[str, list[Change]]:
    """A goal cell cannot end in a colon (it would introduce nothing): OCR reads a small 。 at
    the end of the cell as ： at low resolution."""
    t = _Text(text)
    stripped = t.s.rstrip()
    if stripped.endswith(("：", ":")):
        t.replace(len(stripped) - 1, len(stripped), "。", "separator", context=4)
    return t.s, t.changes


def _goals(text: str) -> tuple[str, list[Change]]:
    text, a = _names(text)
    text, b = fix_list_separators(text)
    text, c = fix_final_colon(text)
    return text, a + b + c


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
    if c.why == "pair":
        return f"{c.first} {c.p_first} / “ {c.p_second}: the next ” closes nothing, so ”“ was read as one mark"
    return f"{odds}, it makes words where the first does not (+{c.gain} nats)"


# ---------------------------------------------------------------- header labels and metadata

#: What OCR glues to the ends of a label: marks, specks read as punctuation.
_GLUED = "·‘’'`\"“”.,，。、:：;；-—_~．|"


def vocabulary_label(label: str) -> Optional[str]:
    """The header label of the vocabulary an OCR'd label stands for: the marks OCR glued to its ends
    dropped (a mark is never part of a column label), and one misread ideograph in a label of four
    or more characters set right when exactly one label of the vocabulary is that close. None when
    nothing in the vocabulary is near: the label is then kept as read (and the layout reports it)."""
    t = "".join(label.split()).strip(_GLUED)
    words = header_labels()
    if t in words:
        return t
    if len(t) >= 4:
        near = [w for w in words if len(w) == len(t) and Levenshtein.distance(w, t) == 1]
        if len(near) == 1:
            return near[0]
    return None


def fix_header_labels(table: Table) -> tuple[list, list[Change]]:
    """Columns whose OCR'd label is, but for glued marks or one misread character, a label of the
    vocabulary, relabelled with it; any other label only loses the marks glued to its ends."""
    columns, changes = [], []
    for c in table.columns:
        label = vocabulary_label(c.label) or c.label.strip().strip(_GLUED) or c.label
        if label != c.label and "".join(label.split()) != "".join(c.label.split()):
            changes.append(Change("label", c.label, label))
            c = copy.copy(c)
            c.label = label
        columns.append(c)
    return columns, changes


_MONEY = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
_DEPT_SEP = re.compile(rf"({'|'.join(DEPARTMENT_LABELS)})\s*[:：;；.,，]\s*")
# 部门名称：X单位：万元, the gap between the two fields lost: the unit field is the last 单位 that a
# colon and a money unit follow.
_GLUED_UNIT = re.compile(rf"^(.*?({'|'.join(DEPARTMENT_LABELS)})：\S+?)\s*((?:{'|'.join(MONEY_UNIT_LABELS)})\s*[:：;；]\s*(?:{_MONEY}))\s*$")


def fix_metadata_line(line: str) -> tuple[str, list[Change]]:
    """A preamble line of an OCR'd page: the colon after 部门名称 read as ；or . set right, and the
    单位：万元 field split off the department name when OCR dropped the gap between them."""
    t = _Text(line)
    m = _DEPT_SEP.search(t.s)
    if m and t.s[m.end(1):m.end()].strip() != "：":
        t.replace(m.end(1), m.end(), "：", "separator")
    m = _GLUED_UNIT.match(t.s)
    if m and m.end(1) == m.start(3):  # no gap left between the two fields
        head = m.group(1).rstrip(_GLUED)
        t.replace(0, len(t.s), f"{head}　　{m.group(3)}", "separator", whole=True)
    return t.s, t.changes


# ---------------------------------------------------------------- amount cells

# An amount whose separators OCR confused: groups of three digits, then a decimal part of 1, 2 or 4
# digits, with any of . , ， ．between them (18.276.74 for 18,276.74; 2,467,17 for 2,467.17).
_SEPARATED = re.compile(r"^(-?)(\d{1,3})((?:\s*[.,，．]\s*\d{3})+)\s*[.,，．]\s*(\d{1,2}|\d{4})$")


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
    for row in table.rows:
        if row.page not in scanned:
            out.rows.append(row)
            continue
        read_row = row
        cells = [(kinds.get(kind), label, fix) for kind, label, fix in (
            ("name", "项目名称", _names), ("goal", "绩效目标", _goals), ("indicators", "绩效指标", repair_indicator_text))]
        cells += [(i, c.label, fix_amount_separators) for i, c in enumerate(out.columns) if c.kind in ("total", "source")]
        for col, label, fix in cells:
            text = row.text(col) if col is not None else ""
            if not text:
                continue
            fixed, changes = fix(text)
            if changes:
                row = _replace_cell(row, col, fixed)
                name = row.text(name_col) if name_col is not None else ""
                repairs.append(Repair(row.page, row.bbox(cols[0].x0, cols[-1].x1),
                                      f"{label} of {name or '(a continued row)'}", changes))
        # What the OCR stage itself read from the image or left unsure, cell by cell (found by
        # the cells' original lines; named by the repaired name).
        name = row.text(name_col) if name_col is not None else ""
        bbox = row.bbox(cols[0].x0, cols[-1].x1)
        for col, c in enumerate(cols):
            what = f"{_KIND_LABELS.get(c.kind, c.label)} of {name or '(a continued row)'}"
            found = _marks_in(read_row, col, marks.get(row.page, []))
            if found:
                repairs.append(_mark_repair(row.page, bbox, what, found))
            chosen = _rereads_in(read_row, col, rereads.get(row.page, []))
            if chosen:
                repairs.append(_reread_repair(row.page, bbox, what, chosen))
            doubts = _rereads_in(read_row, col, unsure.get(row.page, []))
            if doubts:
                repairs.append(_unsure_note(row.page, bbox, what, doubts))
        out.rows.append(row)
    return out, repairs


# ---------------------------------------------------------------- amounts


def _one_digit_apart(a: Decimal, b: Decimal) -> bool:
    """Same digits but one, as printed (same length and decimals)."""
    sa, sb = format(a, "f"), format(b, "f")
    return len(sa) == len(sb) and sum(x != y for x, y in zip(sa, sb)) == 1


def _columns(a: Amounts) -> dict[str, Optional[Decimal]]:
    return {"总计": a.total, **a.sources}


def _set(a: Amounts, col: str, value: Decimal) -> None:
    if col == "总计":
        a.total = value
    else:
        a.sources[col] = value


def _row_residual(a: Amounts) -> Decimal:
    if a.total is None or not a.sources:
        return Decimal(0)
    return a.total - sum(a.sources.values(), Decimal(0))


def _repair_block(parent: Amounts, children: list[Amounts]) -> Optional[tuple[int, str, Decimal, Decimal]]:
    """The one amount in a parent row and its child rows that both checks pin down:
    (row index, -1 for the parent; column; old; new), or None."""
    rows = [parent] + children
    cols = sorted({k for r in rows for k in _columns(r)} - {"总计"})
    cols = ["总计"] + cols
    row_bad = [i for i, r in enumerate(rows) if _row_residual(r) != 0]
    col_res = {}
    for c in cols:
        p = _columns(parent).get(c)
        s = sum((_columns(ch).get(c) or Decimal(0)) for ch in children)
        col_res[c] = (p or Decimal(0)) - s
    col_bad = [c for c in cols if col_res[c] != 0]
    if len(row_bad) != 1 or len(col_bad) != 1:
        return None
    r, c = row_bad[0], col_bad[0]
    old = _columns(rows[r]).get(c)
    if old is None:
        return None
    if r == 0:
        new = old - col_res[c]  # the parent is wrong: it should be the sum of its children
    else:
        new = old + col_res[c]  # a child is wrong by what its column is off
    trial = copy.deepcopy(rows[r])
    _set(trial, c, new)
    if _row_residual(trial) != 0 or new < 0 or not _one_digit_apart(old, new):
        return None
    return r - 1, c, old, new


def _near(a: str, b: str) -> Optional[int]:
    """Edit distance between a (maybe cut short) first copy and the whole second one, if small."""
    b = b[:len(a)] if len(b) > len(a) else b
    d = Levenshtein.distance(a, b)
    return d if d <= max(2, len(a) // 30) else None


def _as_finding(r: Repair, record: Optional[str], pages: Optional[list[int]] = None) -> Finding:
    if r.code == CODE:
        message = (f"{r.what}: OCR text repaired ({len(r.changes)} change{'s' if len(r.changes) != 1 else ''}): "
                   f"{_summary(r.changes)}" + (f" ({r.note})" if r.note else ""))
    else:
        message = f"{r.what}: the recogniser was unsure, left as read: {r.note}"
    return Finding(code=r.code, severity=r.severity, pages=pages or [r.page], bbox=r.bbox, record=record,
                   message=message)


def _reading_confidence(text: str, page, bbox) -> Optional[float]:
    """How sure the recogniser was of `text` as read inside `bbox` on an OCR page: the mean
    line score (weighted by length) of the OCR lines there that are pieces of `text`."""
    confs = getattr(page, "confidences", None)
    if not confs or bbox is None or not text:
        return None
    x0, top, x1, bottom = bbox
    lines: dict[tuple, list] = {}
    for c, conf in zip(page.chars, confs):
        if x0 - 1 <= (c.x0 + c.x1) / 2 <= x1 + 1 and top - 1 <= (c.top + c.bottom) / 2 <= bottom + 1:
            lines.setdefault((c.top, c.bottom, conf), []).append(c)
    target = for_matching(text)
    total = weight = 0.0
    for (_, _, conf), cs in lines.items():
        cs.sort(key=lambda c: c.x0)
        # Lines of neighbouring cells may share a top and a score: a gap splits them.
        pieces, cur = [], [cs[0]]
        for prev, c in zip(cs, cs[1:]):
            if c.x0 - prev.x1 > 0.5 * max(c.size, 1.0):
                pieces.append(cur)
                cur = []
            cur.append(c)
        pieces.append(cur)
        for run in pieces:
            piece = for_matching("".join(c.text for c in run))
            if len(piece) >= 2 and piece in target:
                total += conf * len(piece)
                weight += len(piece)
    return total / weight if weight else None


def _same_row_twice(a: Project, b: Project) -> list[str]:
    """What differs between two readings of one row printed on both sides of a page break
    (same amounts, next page, texts equal but for a few characters); [] when they read alike
    already or are not such a pair."""
    if not (a.pages and b.pages and min(b.pages) == max(a.pages) + 1 and a.amounts == b.amounts):
        return []
    pairs = [("name", a.name, b.name), ("goal", a.goal or "", b.goal or ""),
             ("indicators", a.indicators_raw or "", b.indicators_raw or "")]
    diffs = []
    for label, x, y in pairs:
        x, y = for_matching(x), for_matching(y)
        if label != "name" and y.startswith(x):
            continue
        if label == "name" and x == y:
            continue
        d = _near(x, y)
        if d is None:
            return []
        diffs.append(f"{label}: {d} character{'s' if d != 1 else ''}")
    return diffs


def _counted_once(projects: list[Project]) -> list[list[int]]:
    """Project indices grouped as the checker counts them: a row printed again after a page
    break is one group (check.resolve_repeats decides, here as there)."""
    from extractor.checks.core import _is_page_break_repeat

    groups: list[list[int]] = []
    for i, p in enumerate(projects):
        if groups and _is_page_break_repeat(projects[groups[-1][-1]], p):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


#: Marks that tell projects of one name apart (人事档案信息化建设专项经费 and …经费·), and their look-alikes.
_NAME_MARKS = "·‘’'`．.、，,"


def twin_findings(doc: Document, scanned: set[int]) -> list[Finding]:
    """An OCR_TWIN warning on each project of a unit whose name, its trailing marks aside, is
    another project's there (page-break copies of one row aside), when either is on a scanned
    page: the sums reconcile whichever way two such rows are read, so a mark misread or missed
    swaps their amounts silently; only the image can tell, and a reader must look."""
    out = []
    for ui, unit in enumerate(doc.units):
        groups = _counted_once(unit.projects)
        by_stem: dict[str, list[int]] = {}
        for g in groups:
            stem = for_matching(unit.projects[g[0]].name).rstrip(_NAME_MARKS)
            by_stem.setdefault(stem, []).append(g[0])
        for stem, firsts in by_stem.items():
            if len(firsts) < 2 or not any(set(unit.projects[i].pages) & scanned for i in firsts):
                continue
            names = [unit.projects[i].name for i in firsts]
            read = "; ".join(f"{unit.projects[i].name} {format(unit.projects[i].amounts.total, 'f') if unit.projects[i].amounts.total is not None else '—'}"
                             for i in firsts)
            for g in groups:
                if g[0] not in firsts:
                    continue
                for pi in g:
                    p = unit.projects[pi]
                    out.append(Finding(
                        code="OCR_TWIN", severity="warning", pages=list(p.pages), record=f"units[{ui}].projects[{pi}]",
                        bbox=p.bbox, message=f"{unit.name} / {p.name}: {len(names)} projects whose names differ only by "
                        f"a trailing mark read from the scan ({read}); the sums reconcile whichever way they are "
                        f"read, so which amount is whose rests on the marks: check them on the page image"))
    return out


def ocr_document(doc: Document, repairs: list[Repair], pages) -> Document:
    """On records from OCR'd pages: amounts that the reconciliation proves misread set right, rows
    printed on both sides of a page break made to read alike (see `_same_row_twice`), and every
    repair (these and the text ones) as an OCR_REPAIR finding. Returns a new Document."""
    scanned = _ocr_pages(pages)
    if not scanned:
        return doc
    doc = doc.model_copy(deep=True)
    findings: list[Finding] = []
    by_number = {p.number: p for p in pages}

    def amount_fix(where: str, a: Amounts, col: str, old: Decimal, new: Decimal, record: str, pages_, bbox, why: str):
        _set(a, col, new)
        findings.append(Finding(
            code=CODE, severity="info", pages=list(pages_), record=record, bbox=bbox,
            message=f"{where}: {col} read by OCR as {format(old, 'f')}, set to {format(new, 'f')}: {why}"))

    # Rows printed on both sides of a page break first: the sums count them once.
    for ui, unit in enumerate(doc.units):
        for pi in range(len(unit.projects) - 1):
            a, b = unit.projects[pi], unit.projects[pi + 1]
            if not (set(a.pages) | set(b.pages)) & scanned:
                continue
            diffs = _same_row_twice(a, b)
            if diffs:
                used = []
                for field_, label in (("name", "项目名称"), ("goal", "绩效目标"), ("indicators_raw", "绩效指标")):
                    x, y = getattr(a, field_) or "", getattr(b, field_) or ""
                    if x == y:
                        continue
                    keep_a = False
                    alike = for_matching(x) == for_matching(y)  # width forms only: either will do
                    if not alike and (field_ == "name" or len(for_matching(x)) >= len(for_matching(y))):  # not cut short
                        ca = _reading_confidence(x, by_number.get(a.pages[0]), a.bbox)
                        cb = _reading_confidence(y, by_number.get(b.pages[0]), b.bbox)
                        keep_a = ca is not None and cb is not None and ca > cb
                    src, dst = (a, b) if keep_a else (b, a)
                    setattr(dst, field_, getattr(src, field_))
                    if field_ == "indicators_raw":
                        dst.indicators = [i.model_copy(deep=True) for i in src.indicators]
                    if not alike:
                        used.append(f"{label} from page {src.pages[0]}")
                findings.append(Finding(
                    code=CODE, severity="info", pages=sorted(set(a.pages) | set(b.pages)),
                    record=f"units[{ui}].projects[{pi}]", bbox=a.bbox,
                    message=f"{b.name}: the row printed on page {max(a.pages)} and again on page {min(b.pages)} "
                            f"was read differently by OCR ({'; '.join(diffs)}); both copies now read alike "
                            + (f"({', '.join(used)}: the reading the recogniser was surer of, or the whole one), "
                               if used else "")
                            + "so that it is counted once"))
    for ui, unit in enumerate(doc.units):
        on_scan = set(unit.pages) & scanned or any(set(p.pages) & scanned for p in unit.projects)
        if not on_scan or not unit.projects:
            continue
        groups = _counted_once(unit.projects)
        hit = _repair_block(unit.amounts, [unit.projects[g[0]].amounts for g in groups])
        if hit is None:
            continue
        r, col, old, new = hit
        if r < 0:
            amount_fix(unit.name, unit.amounts, col, old, new, f"units[{ui}]", unit.pages, unit.bbox,
                       "then the unit row equals both the sum of its sources and the sum of its projects")
        else:
            for pi in groups[r]:  # every printed copy of the row
                p = unit.projects[pi]
                amount_fix(f"{unit.name} / {p.name}", p.amounts, col, old, new, f"units[{ui}].projects[{pi}]",
                           p.pages, p.bbox, f"then the row's 总计 equals the sum of its sources and {unit.name}'s "
                           f"{col} equals the sum of its projects; one digit differs")
    if doc.units and (doc.totals.total is not None):
        hit = _repair_block(doc.totals, [u.amounts for u in doc.units])
        if hit is not None:
            r, col, old, new = hit
            if r < 0:
                amount_fix("合计", doc.totals, col, old, new, "totals", [], None,
                           "then 合计 equals both the sum of its sources and the sum of the units")
            elif set(doc.units[r].pages) & scanned:
                u = doc.units[r]
                amount_fix(u.name, u.amounts, col, old, new, f"units[{r}]", u.pages, u.bbox,
                           "then the unit row equals the sum of its sources and 合计 the sum of the units")
    findings += twin_findings(doc, scanned)
    # Text repairs: find the record each row became.
    where = {}
    for ui, unit in enumerate(doc.units):
        if unit.bbox is not None and unit.pages:
            where[(unit.pages[0], unit.bbox)] = f"units[{ui}]"
        for pi, p in enumerate(unit.projects):
            if p.bbox is not None and p.pages:
                where[(p.pages[0], p.bbox)] = f"units[{ui}].projects[{pi}]"
    text_findings = [_as_finding(r, where.get((r.page, r.bbox))) for r in repairs]
    doc.findings = list(doc.findings) + text_findings + findings
    return doc


# ---------------------------------------------------------------- per-project forms


def _inside(note, bbox) -> bool:
    if bbox is None:
        return False
    cx, cy = (note.x0 + note.x1) / 2, (note.top + note.bottom) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def ocr_forms(doc: Document, pages) -> Document:
    """Per-project forms read by OCR: names and goals repaired as in the wide table (document
    numbers, bracket pairs, numbered-list separators), and the marks and second readings the
    OCR stage took, each an OCR_REPAIR finding on the form it sits in. Returns a new Document."""
    scanned = _ocr_pages(pages)
    if not scanned:
        return doc
    doc = doc.model_copy(deep=True)
    by_number = {p.number: p for p in pages}
    findings: list[Finding] = []
    for ui, unit in enumerate(doc.units):
        for pi, p in enumerate(unit.projects):
            if not set(p.pages) & scanned:
                continue
            record = f"units[{ui}].projects[{pi}]"
            page = p.pages[0]
            for label, attr, fix in (("项目名称", "name", _names), ("绩效目标", "goal", _goals)):
                text = getattr(p, attr)
                if not text:
                    continue
                fixed, changes = fix(text)
                if changes:
                    setattr(p, attr, fixed)
                    findings.append(_as_finding(Repair(page, p.bbox, f"{label} of {p.name}", changes), record,
                                                list(p.pages)))
            # What the OCR stage read from the image or left unsure, on this form's first page.
            ocr_page = by_number.get(page)
            what = f"{p.name} (form)"
            found = [(p.name[-5:-1] if p.name.endswith(m.text) else "", m)
                     for m in getattr(ocr_page, "marks", []) if _inside(m, p.bbox)]
            chosen = [r for r in getattr(ocr_page, "rereads", []) if _inside(r, p.bbox)]
            doubts = [d for d in getattr(ocr_page, "unsure", []) if _inside(d, p.bbox)]
            for items, make in ((found, _mark_repair), (chosen, _reread_repair), (doubts, _unsure_note)):
                if items:
                    findings.append(_as_finding(make(page, p.bbox, what, items), record))
    doc.findings = list(doc.findings) + findings
    return doc
