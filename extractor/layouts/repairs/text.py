"""Names and goals: brackets and quotes that pair, official document numbers, numbered lists."""

from __future__ import annotations

import re

from extractor.layouts.repairs.base import Change, _Text

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
    pixels of slant and, at low resolution, reads “三支一扶“ or “三支一扶". A “ while one is open is a ”, and a ”
    while none is open is a “ (when a ” follows later to close it). A straight " whose partner is curly is
    curly too (“…" → “…”, "…” → “…”); a pair of straight ones is left as printed."""
    t = _Text(text)
    open_ = None  # index of the open quote, or None
    for i, c in enumerate(t.s):
        if c in "；;。":  # a quotation does not run past the end of a field or a sentence
            open_ = None
        elif c == "“":
            if open_ is not None:
                t.replace(i, i + 1, "”", "bracket", context=4)
                open_ = None
            else:
                open_ = i
        elif c == "”":
            rest = re.split(r"[；;。]", t.s[i + 1:], maxsplit=1)[0]
            if open_ is None and "”" in rest:
                t.replace(i, i + 1, "“", "bracket", context=4)
                open_ = i
            else:
                open_ = None
        elif c == '"':
            rest = re.split(r"[；;。]", t.s[i + 1:], maxsplit=1)[0]
            if open_ is not None and t.s[open_] == "“":
                t.replace(i, i + 1, "”", "bracket", context=4)
                open_ = None
            elif open_ is None and rest[:1] != '"' and "”" in rest and '"' not in rest.split("”")[0]:
                t.replace(i, i + 1, "“", "bracket", context=4)
                open_ = i
            else:
                open_ = None if open_ is not None else i
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
