"""Header labels are words of the vocabulary: a short line that is nearly one (项目名等, 城效目标,
一個公共體算櫃款 read from a bilevel scan) is read as that label, so that the layout finds its columns."""

from __future__ import annotations

from typing import Optional

from rapidfuzz.distance import Levenshtein

from extractor.vocabulary import header_labels

#: A line of at least this many characters …
MIN_CHARS = 4
#: … within this share of its length in edits of exactly one label (and nearer it than any other) is that label.
MAX_EDITS = 0.4

_LABELS = header_labels()
# Words of the indicator cell's grammar, a line of their own when a cell wraps: never labels.
_BODY_WORDS = ("实施周期指标值", "年度指标值", "产出指标", "效益指标", "满意度指标", "成本指标")
_GLUED = "·‘’'`\"“”.,，。、:：;；-—_~．|"


def snap(text: str) -> Optional[str]:
    """The vocabulary label the whole line `text` stands for, when it is not one already and one
    label alone is that near; else None."""
    if any(c in text for c in ":：;；"):  # a label has no colon; 年度指标值： in an indicator cell has
        return None
    t = "".join(text.split()).strip(_GLUED)
    if len(t) < MIN_CHARS or t in _LABELS or any(c.isdigit() for c in t):
        return None
    if any(Levenshtein.distance(t, w) <= 2 for w in _BODY_WORDS):
        return None
    scored = sorted((Levenshtein.distance(t, w), w) for w in _LABELS if abs(len(w) - len(t)) <= 1)
    if not scored or scored[0][0] > MAX_EDITS * len(t):
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two labels as near: not telling
    return scored[0][1]
