"""Marks the recogniser drops: a ·, ‘ or ’ after a line's last glyph (part of a project's name),
the ） of a bracket the line opened, a 、 or ， wrapped to a line's start."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from extractor.source import lexicon
from extractor.source.ocr.image import _column_runs
from extractor.vocabulary import header_labels

_SMALL_PUNCT = set("·‘’'`\"“”.,，。、:：;；-—_~．")


@dataclass
class Mark:
    """A mark found in the image at the end of a line and not in the recogniser's text: a
    middle dot · (mid-height), a single quote ‘ / ’ (top), or the closing bracket of one the
    line opened; or at the start of a line, a 、 or ， that wrapped there. Which quote is told by
    where the ink's weight sits in the blob (‘ has its head at the bottom, ’ at the top), 、 from
    ， by the way the stroke slants; `margin` is how far that was from undecided, 0–1."""

    text: str
    x0: float  # pixels, deskewed image
    top: float
    x1: float
    bottom: float
    margin: float  # how clear the shape was: for a ·, its size against a speck; for a quote, its slant
    rival: Optional[str] = None  # the other reading ("" for a ·: a speck, no mark), None for a bracket
    weight: Optional[float] = None  # for a quote, where its ink's weight sits (0 top, 1 bottom)
    at_start: bool = False  # found before the line's first glyph (、 or ， wrapped to a new line)


# A quote's ink weight (darkness-weighted centroid, 0 top … 1 bottom of its extent): ’ has its
# head on top, ‘ below. Measured on the scanned seed at 200 dpi (7 pt WenQuanYi): ’ 0.459–0.462,
# ‘ 0.521–0.562. A weight this close to 0.5 or closer is read, but marked as not clear.
_QUOTE_CLEAR = 0.04
#: A · whose ink is smaller than this (pixels, either way) could be a speck: its margin falls below 1.
DOT_CLEAR_PX = 4
#: Below this `Mark.margin` a quote's reading is reported as a warning, not as info.
UNCLEAR_MARGIN = 0.6


_OPEN_CLOSE = {"（": "）", "(": ")"}


def _bulges_right(ys, xs) -> bool:
    """A tall stroke whose middle stands right of its ends, by a pixel or more: ）, not （ or 〔."""
    import numpy as np

    lo, hi = ys.min(), ys.max()
    third = (hi - lo + 1) / 3
    ends = xs[(ys < lo + third) | (ys > hi - third)]
    mid = xs[(ys >= lo + third) & (ys <= hi - third)]
    return len(ends) > 0 and len(mid) > 0 and float(np.mean(mid)) - float(np.mean(ends)) >= 1.0


def _unclosed(text: str) -> Optional[str]:
    """The closer of the last bracket `text` opens and does not close, if any."""
    stack = []
    for c in text:
        if c in _OPEN_CLOSE:
            stack.append(c)
        elif c in _OPEN_CLOSE.values() and stack:
            stack.pop()
    return _OPEN_CLOSE[stack[-1]] if stack else None


_LABELS = frozenset(header_labels())


def is_header_label(text: str) -> bool:
    """The whole line is a header label of the vocabulary (财政拨款, 总计 …): no mark belongs to it
    (a speck after 财政拨款 once put every amount under a source 财政拨款· that does not exist)."""
    return "".join(text.split()) in _LABELS


def _room_for_mark(text: str, edge: int, box) -> Optional[int]:
    """The line's ink height when a mark may be missing at its start (`edge` 0) or end (-1):
    None when the line is empty, already has punctuation there, is a header label, or is too
    small to tell."""
    if not text or text[edge] in _SMALL_PUNCT or is_header_label(text):
        return None
    height = box[3] - box[1]
    return height if height >= 6 else None


def leading_mark(grey, text_mask, box, text: str, left_limit: int, paper: int) -> Optional[Mark]:
    """A 、 or ， before the first glyph of a line, which the detector's box left out (a list
    comma wrapped to the start of a line). Only when it is the one piece of ink between the
    cell's left edge (`left_limit`) and the line, sits low, and slants clearly one way: 、 down
    to the right, ， (its tail) down to the left."""
    import numpy as np

    H = _room_for_mark(text, 0, box)
    if H is None:
        return None
    x0, y0, x1, y1 = box
    h, w = text_mask.shape
    left = int(max(0, left_limit, x0 - 1.3 * H))
    ya, yb = max(0, y0 - 1), min(h, y1 + 2)
    if x0 - left < 0.3 * H:
        return None
    runs = _column_runs(text_mask[ya:yb, left:x0], left)
    if len(runs) != 1:
        return None
    a, b = runs[0]
    if b - a > 0.3 * H or x0 - b < 0.2 * H or a - left < 1:
        return None
    ys, xs = np.nonzero(text_mask[ya:yb, a:b])
    if len(ys) < 3:
        return None
    top, bot = ya + int(ys.min()), ya + int(ys.max()) + 1
    if bot - top > 0.35 * H or (top - y0) / H < 0.5:
        return None
    sub = grey[max(0, top - 1):bot + 1, max(0, a - 1):b + 1].astype(np.float64)
    dark = np.clip(paper - sub, 0, None)
    if dark.sum() <= 0:
        return None
    yy, xx = np.mgrid[0:sub.shape[0], 0:sub.shape[1]]
    mx, my = (dark * xx).sum() / dark.sum(), (dark * yy).sum() / dark.sum()
    cov = (dark * (xx - mx) * (yy - my)).sum() / dark.sum()
    sx = math.sqrt(max(1e-9, (dark * (xx - mx) ** 2).sum() / dark.sum()))
    sy = math.sqrt(max(1e-9, (dark * (yy - my) ** 2).sum() / dark.sum()))
    corr = cov / (sx * sy)
    if abs(corr) < 0.25:
        return None  # a dot or a blot: not telling which mark, so none is added
    mark = "、" if corr > 0 else "，"
    return Mark(mark, a, top, b, bot, round(min(1.0, abs(corr) / 0.5), 2), rival="，" if mark == "、" else "、",
                at_start=True)


def _slant(grey, a: int, top: int, b: int, bot: int, paper: int) -> Optional[float]:
    """How the ink of a small blob slants: the correlation of x and y over its darkness (+ down to
    the right, − down to the left, near 0 a round or upright blob); None when it has no ink."""
    import numpy as np

    sub = grey[max(0, top - 1):bot + 1, max(0, a - 1):b + 1].astype(np.float64)
    dark = np.clip(paper - sub, 0, None)
    if dark.sum() <= 0:
        return None
    yy, xx = np.mgrid[0:sub.shape[0], 0:sub.shape[1]]
    mx, my = (dark * xx).sum() / dark.sum(), (dark * yy).sum() / dark.sum()
    cov = (dark * (xx - mx) * (yy - my)).sum() / dark.sum()
    sx = math.sqrt(max(1e-9, (dark * (xx - mx) ** 2).sum() / dark.sum()))
    sy = math.sqrt(max(1e-9, (dark * (yy - my) ** 2).sum() / dark.sum()))
    return cov / (sx * sy)


def _full_stop(grey, text_mask, run, y0: int, H: int, text: str, paper: int) -> Optional[Mark]:
    """A 。 after a line's last ideograph: a round blob a third of the line high, sitting on the
    line's foot (a ， hangs lower and slants, a · sits mid-height). Whether it belongs there is the
    table's to say (kept at the end of a 绩效目标 cell or in 绩效指标, taken off elsewhere)."""
    import numpy as np

    a, ya, b, yb = run
    if not lexicon.is_ideograph(text[-1]) or not (0.15 * H <= b - a <= 0.45 * H):
        return None
    ys, xs = np.nonzero(text_mask[ya:yb, a:b])
    if len(ys) < 4:
        return None
    top, bot = ya + int(ys.min()), ya + int(ys.max()) + 1
    height = bot - top
    if not (0.15 * H <= height <= 0.45 * H) or (top - y0) / H < 0.5 or (bot - y0) / H < 0.8:
        return None
    if not 0.6 <= (b - a) / height <= 1.6:
        return None
    corr = _slant(grey, a, top, b, bot, paper)
    if corr is None or abs(corr) >= 0.25:
        return None
    return Mark("。", a, top, b, bot, round(1.0 - abs(corr) / 0.25, 2), rival="，")


def trailing_mark(grey, text_mask, box, text: str, right_limit: int, paper: int) -> Optional[Mark]:
    """A small mark after the last glyph of a text line that the recogniser left out
    (人事档案信息化建设专项经费· and 企业离休干部补贴‘ are other projects than the names without:
    the mark is part of the name). `box` is the line's ink (x0, y0, x1, y1) in pixels; the mark
    may lie inside it or just right of it, before `right_limit` (a ruling line or the page edge).
    None when the line ends in punctuation already, or the last blob is not mark-sized, or
    more ink follows it."""
    import numpy as np

    H = _room_for_mark(text, -1, box)
    if H is None:
        return None
    x0, y0, x1, y1 = box
    h, w = text_mask.shape
    right = int(min(w, right_limit, x1 + 0.9 * H))
    ya, yb = max(0, y0 - 1), min(h, y1 + 1)
    runs = _column_runs(text_mask[ya:yb, x0:right], x0)
    if len(runs) < 2:
        return None
    (_, pb), (a, b) = runs[-2], runs[-1]
    if right < min(w, right_limit) and right - b < 0.3 * H:
        return None  # more may follow beyond the window
    if a - pb < 1:
        return None
    # A 。 is wider than the other marks: the box the recogniser's line came from may hold it.
    stop = _full_stop(grey, text_mask, (a, ya, b, yb), y0, H, text, paper) if a >= x1 - 0.5 * H else None
    if stop is not None:
        return stop
    if a < x1 - 0.3 * H:  # the last run is the line's own last glyph, not something after it
        return None
    closer = _unclosed(text)
    if closer and b - a <= 0.4 * H and (lexicon.is_ideograph(text[-1]) or text[-1].isdigit()):
        ys, xs = np.nonzero(text_mask[ya:yb, a:b])
        if len(ys) and ys.max() + 1 - ys.min() >= 0.75 * H and _bulges_right(ys, xs):
            return Mark(closer, a, ya + int(ys.min()), b, ya + int(ys.max()) + 1, 1.0)
    if b - a > 0.25 * H:
        return None
    ys, xs = np.nonzero(text_mask[ya:yb, a:b])
    if len(ys) < 3:
        return None
    top, bot = ya + int(ys.min()), ya + int(ys.max()) + 1
    height = bot - top
    if height > 0.35 * H:
        return None
    top_rel, bot_rel = (top - y0) / H, (bot - y0) / H
    cy = ((top + bot) / 2 - y0) / H
    if 0.3 <= cy <= 0.72 and height <= 0.24 * H and (b - a) <= 1.8 * height + 1:
        # A dot of a pixel or two (a 7-pt · at 150 dpi) looks like a speck of dust: a close call.
        return Mark("·", a, top, b, bot, round(min(1.0, min(height, b - a) / DOT_CLEAR_PX), 2), rival="")
    if top_rel <= 0.3 and bot_rel <= 0.55:
        # Darkness-weighted centroid over the blob's extent (a pixel's margin each side).
        sub = grey[max(0, top - 1):bot + 1, max(0, a - 1):b + 1].astype(np.float64)
        dark = np.clip(paper - sub, 0, None)
        if dark.sum() <= 0:
            return None
        rows = np.arange(sub.shape[0])[:, None]
        c = float((dark * rows).sum() / dark.sum()) / max(1, sub.shape[0] - 1)
        opening = c > 0.5
        margin = min(1.0, abs(c - 0.5) / _QUOTE_CLEAR)
        return Mark("‘" if opening else "’", a, top, b, bot, round(margin, 2), rival="’" if opening else "‘",
                    weight=round(c, 3))
    return None
