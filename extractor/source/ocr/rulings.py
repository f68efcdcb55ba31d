"""Ruling lines in a deskewed page image: long thin runs of dark pixels that stand alone."""

from __future__ import annotations

import os
from dataclasses import dataclass

from extractor.source.ocr.image import _runs

_RULE_MIN_H_PT = 30.0  # a horizontal dark run this long is a ruling line, not a stroke
_RULE_MIN_V_PT = 14.0  # vertical: CJK strokes in body text are < 10 pt; title text is not ruled
# A long run with ink on one side denser than this is the middle of a line of text, not a rule. Off
# (above 1) for now: on the tune split's 68 pages (150–300 dpi), 0.3 cut the rules found in text from
# 526 to 189 of 1962 (against the text PDFs' rules) but lost 26 real ones (15 → 41 missed), all at
# 216–268 dpi; how either moves the fields was not measured yet.
_SIDE_MAX = float(os.environ.get("EXTRACTOR_OCR_RULE_SIDE_MAX", "1.1"))


@dataclass
class Segment:
    a0: float  # along the line (x for horizontal)
    a1: float
    pos: float  # across (y for horizontal)
    thick: int


def _segments(runs, axis: int, max_gap: int) -> list[Segment]:
    """Group run pixels into line segments: rows (or columns) next to each other with overlapping
    spans are one thick line; collinear pieces closer than `max_gap` are joined."""
    import numpy as np

    m = runs if axis == 1 else runs.T
    pieces = []  # (row, x0, x1)
    rows = np.nonzero(m.any(axis=1))[0]
    for y in rows:
        r = m[y].astype(np.int8)
        d = np.diff(np.concatenate(([0], r, [0])))
        starts, ends = np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]
        for s, e in zip(starts, ends):
            pieces.append((int(y), int(s), int(e)))
    # Join pieces of one row separated by small gaps (broken, faint lines).
    joined: list[list[int]] = []
    for y, s, e in pieces:
        if joined and joined[-1][0] == y and s - joined[-1][2] <= max_gap:
            joined[-1][2] = e
        else:
            joined.append([y, s, e])
    # Stack rows into thick lines.
    open_: list[list] = []  # [y_first, y_last, x0, x1, sum_y, n]
    done: list[list] = []
    for y, s, e in joined:
        hit = None
        for g in open_:
            if y - g[1] <= 1 and min(e, g[3]) - max(s, g[2]) > 0.5 * min(e - s, g[3] - g[2]):
                hit = g
                break
        if hit is None:
            open_.append([y, y, s, e, y, 1])
        else:
            hit[1] = y
            hit[2], hit[3] = min(hit[2], s), max(hit[3], e)
            hit[4] += y
            hit[5] += 1
        still = []
        for g in open_:
            (still if y - g[1] <= 1 else done).append(g)
        open_ = still
    done += open_
    segs = [Segment(g[2], g[3], g[4] / g[5], g[1] - g[0] + 1) for g in done]
    # Collinear segments with a small gap (a line broken by noise) are one.
    segs.sort(key=lambda s: (round(s.pos), s.a0))
    out: list[Segment] = []
    for s in segs:
        prev = next((o for o in reversed(out[-6:]) if abs(o.pos - s.pos) <= 2 and s.a0 - o.a1 <= max_gap
                     and s.a1 > o.a0), None)
        if prev is not None:
            prev.a0, prev.a1 = min(prev.a0, s.a0), max(prev.a1, s.a1)
        else:
            out.append(s)
    return out


def _stands_alone(seg: Segment, ink, axis: int, px: float) -> bool:
    """A rule has paper beside it, a point away: on both sides when it is short, on at least
    one side when it is long (text may come close along part of a long rule). A run found along
    the edge of a line of text (the bottom strokes of a few characters) is short and has the
    text's strokes on one side."""
    m = ink if axis == 1 else ink.T
    d = seg.thick / 2 + max(2.0, 1.0 * px)
    a0, a1 = int(seg.a0), int(seg.a1) + 1
    sides = []
    for pos in (seg.pos - d, seg.pos + d):
        r = int(round(pos))
        if 0 <= r < m.shape[0] and a1 > a0:
            sides.append(float(m[r, a0:a1].mean()))
    if not sides:
        return True
    long_ = (seg.a1 - seg.a0) >= 60 * px
    if long_ and max(sides) >= _SIDE_MAX:
        return False
    return (min(sides) if long_ else max(sides)) < 0.12


def _inside_text(seg: Segment, boxes) -> bool:
    """A horizontal run through the middle of a detected text line (its middle half, across most of
    the run's length): the glyphs of a dense, blurred line, not a rule (a rule under a line of
    text lies at the edge of the line's box, in its margin)."""
    for x0, y0, x1, y1 in boxes:
        h = y1 - y0
        if y0 + 0.25 * h < seg.pos < y1 - 0.25 * h and min(x1, seg.a1) - max(x0, seg.a0) >= 0.8 * (seg.a1 - seg.a0):
            return True
    return False


def find_rules(mask, dpi: int, ink=None, text_boxes=()):
    """Ruling lines in a deskewed mask of dark pixels: (hrules, vrules) in pixels, and the mask
    of their pixels. `ink` (the stricter text mask, default `mask`) tells rules from text, and so
    do `text_boxes` (the detector's line boxes, (x0, y0, x1, y1) in pixels)."""
    import numpy as np

    ink = mask if ink is None else ink
    px = dpi / 72.0
    h_runs = _runs(mask, int(_RULE_MIN_H_PT * px), axis=1)
    v_runs = _runs(mask, int(_RULE_MIN_V_PT * px), axis=0)
    gap = max(2, int(2.5 * px))
    hsegs = [s for s in _segments(h_runs, 1, gap) if s.thick <= 4 * px and _stands_alone(s, ink, 1, px)
             and not _inside_text(s, text_boxes)]
    vsegs = [s for s in _segments(v_runs, 0, gap) if s.thick <= 4 * px and _stands_alone(s, ink, 0, px)]
    # A vertical run inside a character column of text is short and stands alone; a rule
    # meets a horizontal rule at one of its ends (within a few points) or is long.
    def meets(v: Segment) -> bool:
        if v.a1 - v.a0 >= 40 * px:
            return True
        tol = 3 * px
        return any(h.a0 - tol <= v.pos <= h.a1 + tol and (abs(h.pos - v.a0) <= tol or abs(h.pos - v.a1) <= tol)
                   for h in hsegs)

    vsegs = [v for v in vsegs if meets(v)]
    # Only the pixels of the kept lines (a CJK stroke is a run too, but not a rule).
    keep_h = np.zeros_like(mask)
    keep_v = np.zeros_like(mask)
    t = int(2 * px) + 1
    for s in hsegs:
        keep_h[max(0, int(s.pos) - t):int(s.pos) + t + 1, int(s.a0):int(s.a1) + 1] = True
    for s in vsegs:
        keep_v[int(s.a0):int(s.a1) + 1, max(0, int(s.pos) - t):int(s.pos) + t + 1] = True
    rule_px = (h_runs & keep_h) | (v_runs & keep_v)
    return hsegs, vsegs, rule_px
