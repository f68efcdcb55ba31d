"""One recognised line → per-character readings and boxes: advance widths, and the narrow/wide
or dot/dash forms the ink decides."""

from __future__ import annotations

import unicodedata
from typing import Optional

from extractor.source import lexicon
from extractor.source.ocr.image import _column_runs
from extractor.source.page import Char

def char_width(ch: str) -> float:
    """Advance of a character in ems, as CJK fonts set it: ideographs and full-width forms 1,
    digits and most Latin about 0.6, narrow punctuation about 0.3 (measured on WenQuanYi)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in ".,:;'|!`()[]-/ ":
        return 0.3
    if ch in "‘’·":
        return 0.25
    if ch in "“”":
        return 0.33
    if ch in "%":
        return 0.7
    if ch in "≥≤±×":
        return 0.83
    return 0.6


# Characters OCR reads in one width that exist in two: the ink shows which. For each narrow
# form: its wide form, the glyph's width range (ems), and the clear space a wide form leaves
# on the left and on the right of its glyph (ems; None: that side does not tell).
_WIDTH_FORMS = {
    ">": ("＞", (0.25, 0.75), 0.27, 0.22),
    "<": ("＜", (0.25, 0.75), 0.22, 0.27),
    "(": ("（", (0.06, 0.45), 0.35, None),
    ")": ("）", (0.06, 0.45), None, 0.35),
}
_NARROW_OF = {v[0]: k for k, v in _WIDTH_FORMS.items()}


def _glyph_runs(text_mask, box) -> list[tuple[int, int]]:
    """Column runs of ink in a line's box: (x0, x1) pixel spans of glyphs (or glyph parts)."""
    x0, y0, x1, y1 = box
    return _column_runs(text_mask[y0:y1, x0:x1], x0)


def fix_widths(text: str, box, text_mask) -> str:
    """'>' or '＞', '(' or '（' … set by the room the glyph takes on the line: a full-width form
    leaves wide clear space beside its glyph (both sides for ＞, the outer side for （）), a
    half-width one does not. A side the line does not show (its start or end) does not vote."""
    if not any(c in _WIDTH_FORMS or c in _NARROW_OF for c in text):
        return text
    x0, _, x1, _ = box
    widths = [char_width(c) for c in text]
    em = (x1 - x0) / (sum(widths) or 1.0)
    runs = _glyph_runs(text_mask, box)
    out = list(text)
    acc = 0.0
    for i, (c, wd) in enumerate(zip(text, widths)):
        centre = x0 + em * (acc + wd / 2)
        acc += wd
        narrow = _NARROW_OF.get(c, c)
        if narrow not in _WIDTH_FORMS or not runs:
            continue
        wide_form, (wmin, wmax), need_left, need_right = _WIDTH_FORMS[narrow]
        widening = c == narrow
        reach = 1.5 if widening else 0.6
        near = [j for j, (ra, rb) in enumerate(runs)
                if abs((ra + rb) / 2 - centre) < reach * em and wmin * em <= rb - ra <= wmax * em]
        if not near:
            continue
        k = min(near, key=lambda j: abs((runs[j][0] + runs[j][1]) / 2 - centre))
        a, b = runs[k]
        left = (a - runs[k - 1][1]) / em if k > 0 else None
        right = (runs[k + 1][0] - b) / em if k < len(runs) - 1 else None
        votes = [(g, t) for g, t in ((left, need_left), (right, need_right)) if g is not None and t is not None]
        if not votes:
            continue
        if widening and abs((a + b) / 2 - centre) > 0.6 * em and len(votes) < 2 and need_left and need_right:
            continue  # found far from where it should be, with one side only: not sure
        wide = all(g >= t for g, t in votes)
        out[i] = wide_form if wide else narrow
    return "".join(out)


_DOT_DASH = {"·": "-", "-": "·"}


def fix_dot_dash(text: str, alts: list, box, text_mask) -> tuple[str, list]:
    """· or -, where the recogniser offered both: the ink between the neighbouring glyphs
    tells. Columns whose ink lies only in the middle band of the line belong to the mark; a
    hyphen's run of them is a quarter em or so wide, a middle dot's a tenth. In between,
    the recogniser's reading stays. Returns the text and a `lexicon.Choice` per change."""
    import numpy as np

    if not any(c in _DOT_DASH for c in text):
        return text, []
    x0, y0, x1, y1 = box
    H = y1 - y0
    widths = [char_width(c) for c in text]
    em = (x1 - x0) / (sum(widths) or 1.0)
    band = text_mask[y0:y1, x0:x1]
    rows = np.arange(band.shape[0])[:, None]
    mid = (rows >= 0.3 * H) & (rows <= 0.8 * H)
    in_mid = (band & mid).any(axis=0)
    outside = (band & ~mid).any(axis=0)
    only_mid = in_mid & ~outside
    out, choices, acc = list(text), [], 0.0
    for i, (c, wd) in enumerate(zip(text, widths)):
        centre = em * (acc + wd / 2)
        acc += wd
        alt = alts[i] if i < len(alts) else None
        if c not in _DOT_DASH or alt is None or alt[1] != _DOT_DASH[c] or alt[2] < 0.05:
            continue
        lo, hi = int(max(0, centre - 0.6 * em)), int(min(len(only_mid), centre + 0.6 * em))
        cols = only_mid[lo:hi].astype(np.int8)
        d = np.diff(np.concatenate(([0], cols, [0])))
        spans = [(a, b) for a, b in zip(np.nonzero(d == 1)[0], np.nonzero(d == -1)[0])]
        if not spans:
            continue
        a, b = min(spans, key=lambda ab: abs(lo + (ab[0] + ab[1]) / 2 - centre))
        width = (b - a) / em
        reading = "-" if width >= 0.18 else "·" if width <= 0.12 else None
        if reading and reading != c:
            out[i] = reading
            choices.append(lexicon.Choice(i, c, reading, round(alt[0], 2), round(alt[2], 2), 0.0, why="shape"))
    return "".join(out), choices


#: Comparators by the way they point (a bar under the chevron or not, either width).
_POINTS = {">": ">", "＞": ">", "≥": ">", "<": "<", "＜": "<", "≤": "<"}


def _has_bar(glyph) -> Optional[bool]:
    """A comparator's ink (rows × columns of one glyph): is there a bar under the chevron? A row in
    the glyph's lower half inked across most of its width, below a row that is not (the chevron's
    strokes slant: each row of them holds a short run). None when the ink is too small to tell."""
    import numpy as np

    rows = np.nonzero(glyph.any(axis=1))[0]
    cols = np.nonzero(glyph.any(axis=0))[0]
    if len(rows) < 4 or len(cols) < 4:
        return None
    g = glyph[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = g.shape

    def longest(r) -> int:
        d = np.diff(np.concatenate(([0], r.astype(np.int8), [0])))
        starts, ends = np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]
        return int((ends - starts).max()) if len(starts) else 0

    runs = [longest(g[i]) for i in range(h)]
    full = [i for i in range(h // 2, h) if runs[i] >= 0.6 * w]
    return bool(full) and any(runs[i] < 0.6 * w for i in range(0, min(full)))


def fix_comparators(text: str, alts: list, box, text_mask) -> tuple[str, list]:
    """≥ or >, ≤ or <, where the recogniser offered both (a Kai ≥ at 150 dpi is read > half the
    time): the ink of the glyph tells, by the bar under its chevron. When the ink does not tell, the
    recogniser's reading stays. Returns the text and a `lexicon.Choice` per change (why "shape")."""
    if not any(c in _POINTS for c in text):
        return text, []
    x0, y0, x1, y1 = box
    widths = [char_width(c) for c in text]
    em = (x1 - x0) / (sum(widths) or 1.0)
    band = text_mask[y0:y1, x0:x1]
    runs = _column_runs(band, 0)
    out, choices, acc = list(text), [], 0.0
    for i, (c, wd) in enumerate(zip(text, widths)):
        centre = em * (acc + wd / 2)
        acc += wd
        alt = alts[i] if i < len(alts) else None
        if c not in _POINTS or alt is None or _POINTS.get(alt[1]) != _POINTS[c] or alt[0] >= lexicon.UNSURE_BELOW \
                or alt[2] < lexicon.SECOND_AT_LEAST or (c in "≥≤") == (alt[1] in "≥≤"):
            continue
        # The glyph alone (a run as wide as a comparator): a run that took in a neighbour does not tell.
        near = [(a, b) for a, b in runs if abs((a + b) / 2 - centre) <= 0.5 * em and 0.3 * em <= b - a <= 0.8 * em]
        if len(near) != 1:
            continue
        a, b = near[0]
        bar = _has_bar(band[:, a:b])
        if bar is None or bar == (c in "≥≤"):
            continue
        out[i] = alt[1]
        choices.append(lexicon.Choice(i, c, alt[1], round(alt[0], 2), round(alt[2], 2), 0.0, why="shape"))
    return "".join(out), choices


def restore_quote_pair(text: str, alts: list) -> tuple[str, list]:
    """“甲”“乙”: two quoted phrases side by side, where the recogniser read ”“ as one ” (the
    ” then has “ as its second reading). A ” that closes nothing, after a ” whose second reading
    was “, gets that “ back right after it. Returns the text and a `lexicon.Choice` per change
    (its `second` is the two marks that stand for the one read)."""
    if "”" not in text:
        return text, []
    out: list[str] = []
    choices = []
    depth = 0
    last_close = None  # (index in text, index in out) of the last ” that closed a “
    for i, c in enumerate(text):
        if c == "“":
            depth += 1
        elif c == "”":
            if depth > 0:
                depth -= 1
                last_close = (i, len(out))
            elif last_close is not None:
                j, k = last_close
                alt = alts[j] if j < len(alts) else None
                if alt is not None and alt[1] == "“" and alt[2] >= 0.01:
                    out.insert(k + 1, "“")
                    choices.append(lexicon.Choice(k, "”", "”“", round(alt[0], 2), round(alt[2], 2), 0.0, why="pair"))
                    last_close = (i, len(out))  # this ” closes the restored “
        out.append(c)
    return "".join(out), choices


def chars_for_box(text: str, x0: float, top: float, x1: float, bottom: float, size: float) -> list[Char]:
    """One OCR line → its characters, x interpolated by advance width across [x0, x1]."""
    widths = [char_width(c) for c in text]
    total = sum(widths) or 1.0
    out, acc = [], 0.0
    for c, wd in zip(text, widths):
        a = x0 + (x1 - x0) * acc / total
        acc += wd
        b = x0 + (x1 - x0) * acc / total
        if c.strip():
            out.append(Char(c, round(a, 2), round(top, 2), round(b, 2), round(bottom, 2), round(size, 2)))
    return out


def _in_token(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in ".%")


def chars_across_rules(text: str, box, text_mask, cuts, sx: float, sy: float, size: float) -> list[Char]:
    """One OCR line → its characters, where the line runs across vertical rulings at `cuts` (pixels):
    with the rules whitened, the detector may take the end of one cell's line and the start of the
    next cell's as one line (。全面构建起…互 | 2、1-产出指标…), and spreading its characters evenly over
    the whole box puts a few on the wrong side of the rule. Here the text is cut where the share of
    its advance widths matches the share of the ink on each side of each rule, and each piece is
    spread over its own ink. `box` is (x0, y0, x1, y1) in pixels; sx, sy points per pixel."""
    x0, y0, x1, y1 = box
    inner = sorted(c for c in cuts if x0 < c < x1)
    if not inner or not text:
        return chars_for_box(text, x0 * sx, y0 * sy, x1 * sx, y1 * sy, size)
    edges = [x0] + inner + [x1]
    segs = []
    for a, b in zip(edges, edges[1:]):
        runs = _glyph_runs(text_mask, (int(a), y0, int(b), y1))
        if runs:
            segs.append((runs[0][0], runs[-1][1]))
    if len(segs) < 2:
        return chars_for_box(text, x0 * sx, y0 * sy, x1 * sx, y1 * sy, size)
    widths = [char_width(c) for c in text]
    total_w, total_ink = sum(widths) or 1.0, sum(b - a for a, b in segs) or 1
    cum = [0.0]
    for w in widths:
        cum.append(cum[-1] + w)
    cuts_at, ink = [], 0
    for a, b in segs[:-1]:
        ink += b - a
        share = ink / total_ink
        lo = cuts_at[-1] if cuts_at else 0
        # Cost in ems of cutting before text[i]; a cut inside a number or a Latin word costs an em more
        # (a line's digits sit in one cell: 95% is not split 9 | 5%).
        k = min(range(lo, len(text) + 1), key=lambda i: abs(cum[i] - share * total_w)
                + (1.0 if 0 < i < len(text) and _in_token(text[i - 1]) and _in_token(text[i]) else 0.0))
        # A space the recogniser put at the gap is where the cut is, when it is that near.
        spaces = [i for i in range(max(lo, k - 2), min(len(text), k + 3)) if text[i].isspace()]
        if spaces:
            k = min(spaces, key=lambda i: abs(i - k))
        cuts_at.append(k)
    out = []
    bounds = [0] + cuts_at + [len(text)]
    for (a, b), (i, j) in zip(segs, zip(bounds, bounds[1:])):
        piece = text[i:j].strip()
        if piece:
            out += chars_for_box(piece, a * sx, y0 * sy, b * sx, y1 * sy, size)
    return out
