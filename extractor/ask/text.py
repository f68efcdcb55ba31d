"""Text helpers shared by the planners: the matching form of names and questions, numbers written in
Chinese, money units, and how figures are written in answers."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Optional

from extractor.vocabulary import MONEY_UNITS

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")", "[": "(", "]": ")",
                           "﹙": "(", "﹚": ")", "｛": "(", "｝": ")"})
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》<>·•・`´]")
#: characters a name may carry at its end to tell a second row of the same project apart
MARKS = "·•・‘’'`´\"“”"


def norm(s: str) -> str:
    """The matching form of a name or question: NFKC, one kind of bracket, no quotes, dots or spaces."""
    s = unicodedata.normalize("NFKC", s or "").translate(_BRACKETS)
    return _DROP.sub("", s).lower()


def head(name: str) -> str:
    """A name up to its first bracket: 2024年就业补助资金（2024年市补助）… → 2024年就业补助资金."""
    n = norm(name)
    i = n.find("(")
    return n[:i] if i > 0 else n


def unbracketed(name: str) -> str:
    """A name without its bracketed parts: 智慧校园建设项目（2024年） → 智慧校园建设项目."""
    n = norm(name)
    while True:
        m = re.sub(r"\([^()]*\)", "", n)
        if m == n:
            return n
        n = m


def dec(s) -> Optional[Decimal]:
    if s is None or s == "":
        return None
    try:
        return Decimal(str(s).replace(",", ""))
    except InvalidOperation:
        return None


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"


def cn_number(s: str) -> Optional[Decimal]:
    """'1000' → 1000, '一千' → 1000, '十二' → 12, '三' → 3, '1.5' → 1.5."""
    s = (s or "").strip()
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return Decimal(s)
    if not s:
        return None
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return Decimal(total + (digit or 0))


#: Money words a question may use, and their size in 元.
MONEY_WORDS = {**MONEY_UNITS, "万": Decimal(10000), "亿": Decimal(10**8), "百万元": Decimal(10**6),
               "百万": Decimal(10**6), "块": Decimal(1), "块钱": Decimal(1)}


def to_unit(n: Decimal, said: Optional[str], doc_unit: Optional[str]) -> Decimal:
    """A sum said in `said` (万元, 亿, 元…) in the document's money unit."""
    if not said or not doc_unit or said not in MONEY_WORDS or doc_unit not in MONEY_WORDS:
        return n
    return n * MONEY_WORDS[said] / MONEY_WORDS[doc_unit]


def money(d: Optional[Decimal], unit: Optional[str]) -> str:
    """An amount as the document prints it, with its unit: 18,276.74万元."""
    if d is None:
        return "（空）"
    return f"{d:,}{unit or ''}"


def round2(d: Decimal, places: str = "0.01") -> Decimal:
    return d.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return round2(part * 100 / whole)
