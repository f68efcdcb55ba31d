"""Text normalisation for *matching*; records always keep the raw text too.

PDFs of this genre mix full-width and half-width punctuation, sometimes draw
CJK characters as Kangxi radicals (⼈ for 人) and sometimes draw every
character twice for a fake bold. `for_matching` folds these away.
"""

from __future__ import annotations

import re
import unicodedata

# NFKC would turn these into something that reads differently (m² → m2).
_NFKC_UNSAFE = frozenset("²³¹㎡㎥㎞㎏㎎㎝㎜℃‰")

# CJK Radicals Supplement characters that NFKC leaves alone but that PDF
# producers emit in place of the ordinary ideograph.
_RADICALS = str.maketrans(
    {
        "⺠": "民", "⻓": "长", "⻔": "门", "⻢": "马", "⻋": "车", "⻅": "见",
        "⻛": "风", "⻜": "飞", "⻝": "食", "⻨": "麦", "⻩": "黄", "⻘": "青",
        "⻚": "页", "⻮": "齿", "⻰": "龙", "⻬": "齐", "⻥": "鱼", "⻦": "鸟",
        "⻆": "角", "⻉": "贝", "⺟": "母", "⻄": "西", "⻈": "讠", "⻣": "骨",
    }
)

_SPACES = re.compile(r"\s+")


def nfkc_safe(text: str) -> str:
    """NFKC, except for characters whose compatibility form changes meaning."""
    if not any(c in _NFKC_UNSAFE for c in text):
        return unicodedata.normalize("NFKC", text)
    return "".join(c if c in _NFKC_UNSAFE else unicodedata.normalize("NFKC", c) for c in text)


def for_matching(text: str) -> str:
    """The form two texts are compared in: NFKC (where safe), radicals mapped to
    ideographs, whitespace removed (CJK text has no word spaces)."""
    return _SPACES.sub("", nfkc_safe(text).translate(_RADICALS))


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one table cell. Chinese wraps without hyphen or
    space, so lines are joined with nothing between them."""
    return "".join(line.strip() for line in lines).strip()
