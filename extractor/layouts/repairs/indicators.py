"""The 绩效指标 cell's grammar (N、c-一级指标；cc-二级指标；名称；实施周期指标值:V；年度指标值:V。) set right
where OCR misread its fixed parts."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from rapidfuzz.distance import Levenshtein

from extractor.vocabulary import LEVEL1, LEVEL2, LEVEL2_ALIASES
from extractor.layouts.repairs.base import Change, _Text
from extractor.layouts.repairs.text import pair_quotes

PERIOD = "实施周期指标值"
ANNUAL = "年度指标值"
_L2_NAMES = {**{v: k for k, v in LEVEL2.items()}, **{a: next(k for k, v in LEVEL2.items() if v == n)
                                                      for a, n in LEVEL2_ALIASES.items()}}
# Characters OCR returns where a separator stands (；：、。 and their look-alikes).
_SEPS = "；;：:，,.。、·．"
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
            k = j  # the run of separators (and specks) before the label: one ； in the grammar
            while k > 0 and (t.s[k - 1] in _SEPS or t.s[k - 1].isspace()) and t.s[k - 1] != "。":
                k -= 1
            if j > 0 and t.s[k:i] != "；" and (k < j or t.s[j - 1] != "；"):
                if k < j:
                    t.replace(k, i, "；", "separator")
                    i = k + 1
                elif t.s[j - 1] not in "。":
                    t.replace(j, i, "；", "separator")
                    i = j + 1
            # after
            a = i + len(label)
            b = a
            while b < len(t.s) and t.s[b].isspace():
                b += 1
            if b < len(t.s) and t.s[b] in _SEPS:
                e = b  # the whole run of separators after the label is one colon (指标值::≥90% read twice)
                while e < len(t.s) and (t.s[e] in _SEPS or t.s[e].isspace()):
                    e += 1
                if e - b > 1 or t.s[b] not in ":：":
                    t.replace(a, e, t.s[b] if e - b == 1 and t.s[b] in ":：" else "：", "separator")
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


# A point in a target value that no digit follows (≤3.人, 100%.), or that follows a comparator (≥.90%):
# a speck, not a decimal point.
_STRAY_POINT = re.compile(r"(?<=\d)[.．·](?=[^\d.．·])|(?<=[≥≤＞＜><])[.．·](?=\d)")
# A 2 before a comparator at the start of a value: the recogniser read ≥ twice (2≥3000人次).
_DOUBLED_COMPARATOR = re.compile(r"^\s*2(?=[≥≤])")


def _fix_stray_points(t: _Text) -> None:
    """≤3.人 → ≤3人: in a target's value, a point after a digit and before anything but a digit."""
    for m in reversed(list(_VALUE.finditer(t.s))):
        a, b = m.start(2), m.end(2)
        for p in reversed(list(_STRAY_POINT.finditer(t.s, a, b))):
            if p.end() < b:
                t.replace(p.start(), p.end(), "", "value")
        d = _DOUBLED_COMPARATOR.match(t.s[a:b])
        if d:
            t.replace(a + d.end() - 1, a + d.end(), "", "value")


def repair_indicator_text(text: str) -> tuple[str, list[Change]]:
    """The 绩效指标 cell text with the grammar's fixed parts set right, and the changes made."""
    t = _Text(text)
    _fix_labels(t)
    _fix_items(t)
    _fix_label_separators(t)
    _fix_values(t)
    _fix_stray_points(t)
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
