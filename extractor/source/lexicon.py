"""Choose between the recogniser's two readings of an unsure character by the words each makes.

The OCR recogniser (CTC) scores every character it could read at each place. Where it was
unsure between two ideographs (`新` 0.74, `薪` 0.26 in 薪酬 at 7 pt and 200 dpi), the line is
scored both ways with jieba's word-frequency dictionary (the best segmentation's log
probability, as jieba segments) plus the recogniser's own log probability, and the second
reading is taken only when it wins by a clear margin: 开展新酬调查 → 开展薪酬调查 (薪酬 is a
word, 新酬 is not), 吸引和出住 → 吸引和留住.

Only ideograph-for-ideograph, only where the recogniser itself offered the other reading with
some weight, and every change is reported (an OCR_REPAIR finding, via `ocr.Reread`). A
character the recogniser was sure of is never touched, however odd the word.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Optional

#: The recogniser's best reading must be below this for a second one to be considered …
UNSURE_BELOW = 0.9
#: … and the second must have at least this weight.
SECOND_AT_LEAST = 0.1
#: Nats by which the second reading's line score (words + recogniser) must beat the first.
MARGIN = 2.0

_lock = threading.Lock()
_dt = None


def _tokenizer():
    global _dt
    if _dt is None:
        with _lock:
            if _dt is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.check_initialized()
                _dt = jieba.dt
    return _dt


def line_score(text: str) -> float:
    """Log probability of the best segmentation of `text` into dictionary words (jieba's route)."""
    dt = _tokenizer()
    dag = dt.get_DAG(text)
    route: dict = {}
    dt.calc(text, dag, route)
    return float(route[0][0]) if text else 0.0


def is_ideograph(c: str) -> bool:
    """A CJK unified ideograph (the basic block)."""
    return "\u4e00" <= c <= "\u9fff"


@dataclass
class Choice:
    """One character read as the recogniser's second choice."""

    index: int
    first: str
    second: str
    p_first: float
    p_second: float
    gain: float  # nats by which the second reading won (0 when the ink decided)
    why: str = "words"  # or "shape": the ink of the glyph told (ocr.fix_dot_dash)


def page_words(texts: list[str]) -> dict[str, int]:
    """How many lines of a page print each run of three characters (as the recogniser read them): the
    page's own vocabulary, for `reread`."""
    seen: dict[str, int] = {}
    for t in texts:
        for g in {t[i:i + 3] for i in range(len(t) - 2)}:
            seen[g] = seen.get(g, 0) + 1
    return seen


def _printed_elsewhere(text: str, i: int, page: Optional[dict[str, int]]) -> bool:
    """Does another line of the page print text[i] with the same neighbours (a run of three holding
    it)? Then the page itself says the reading is a word of its own (三支一扶 is no dictionary word,
    and 一块 is a common one: 扶 stays)."""
    if not page:
        return False
    grams = {text[a:a + 3] for a in range(max(0, i - 2), min(i, len(text) - 3) + 1)}
    return any(page.get(g, 0) >= 2 for g in grams if len(g) == 3)


def reread(text: str, alternatives: list[Optional[tuple[float, str, float]]],
           page: Optional[dict[str, int]] = None) -> tuple[str, list[Choice]]:
    """`alternatives[i]` is (p of text[i], the second reading, its p) or None. Returns the text
    with the unsure characters set to the reading the words support, and the choices made.
    `page` (from `page_words`): a character whose reading, with its neighbours, another line of the
    page prints as well is kept."""
    chars = list(text)
    choices: list[Choice] = []
    for i, alt in enumerate(alternatives):
        if alt is None or i >= len(chars):
            continue
        p1, second, p2 = alt
        first = chars[i]
        if p1 >= UNSURE_BELOW or p2 < SECOND_AT_LEAST or not (is_ideograph(first) and is_ideograph(second)):
            continue
        if _printed_elsewhere("".join(chars), i, page):
            continue
        base = "".join(chars)
        trial = "".join(chars[:i] + [second] + chars[i + 1:])
        gain = (line_score(trial) - line_score(base)) + (math.log(p2) - math.log(p1))
        if gain > MARGIN:
            chars[i] = second
            choices.append(Choice(i, first, second, round(p1, 2), round(p2, 2), round(gain, 1)))
    return "".join(chars), choices


#: An ideograph read below this, with an ideograph rival at or above RIVAL_AT_LEAST, is reported.
DOUBT_BELOW = 0.8
RIVAL_AT_LEAST = 0.1


def unsure(read: str, alt: Optional[tuple[float, str, float]]) -> bool:
    """Was this character a close call between two ideographs (one worth telling a reader)?"""
    return (alt is not None and alt[0] < DOUBT_BELOW and alt[2] >= RIVAL_AT_LEAST
            and is_ideograph(read) and is_ideograph(alt[1]))
