"""Page pixels: render, ink mask, skew, and the text-line geometry the recogniser is fed
(tight ink box, crop, ink no detector box took)."""

from __future__ import annotations

import math
import os
from typing import Optional

from extractor.source.page import InputError

_MAX_SKEW_DEG = 3.0
# The recogniser is given the line's ink with this margin (in line heights) all round: the
# detector's own box carries more of the lines above and below; a tighter crop is scaled up
# more to the recogniser's 48 px and costs more time for no gain (benchmarks/bench_ocr.py).
_CROP_MARGIN = 0.3
# … and then this much more (in line heights) of the crop's own edge, which has no neighbouring
# ink in it. Chosen on the committed scan (line F1s moved by a few points between 0 and 0.5,
# not monotonically); on two held-out scans of the seed (`make eval-heldout`) 0 and 0.3 were
# alike, 0.3 a little better (micro F1 0.960 against 0.949).
_CROP_PAD = float(os.environ.get("EXTRACTOR_OCR_PAD", "0.3"))
# Contrast stretch (paper → white, toner → black) and unsharp masking of each line before recognition.
_CROP_STRETCH = int(os.environ.get("EXTRACTOR_OCR_STRETCH", "0"))
_CROP_SHARPEN = float(os.environ.get("EXTRACTOR_OCR_SHARPEN", "0"))


def render(page, dpi: int):
    """A pdfplumber page → grey uint8 array at `dpi`."""
    import numpy as np

    try:
        img = page.to_image(resolution=dpi).original.convert("L")
    except Exception as e:  # pypdfium2 raises its own kinds on broken image data
        raise InputError(f"page {page.page_number}: cannot render the page image for OCR ({type(e).__name__}: {e})") from None
    return np.asarray(img)


def ink_mask(grey):
    """Dark pixels: below a threshold halfway between paper and ink (Otsu on the histogram)."""
    import numpy as np

    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return grey < 128, 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mt = m0[-1]
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    t = int(np.argmax(between))
    paper = int(np.percentile(grey, 75))
    # A page that is nearly all paper: Otsu splits the noise; insist on real contrast.
    t = min(t, paper - 40)
    return grey <= t, t


#: The paper's brightness is measured in cells this wide (inches) and taken, at each place, as the
#: brightest cell within _PAPER_REACH: wider than a glyph and a table cell's text, narrower than
#: the slow fall of light across a page (a lifted edge, an uneven lamp).
_PAPER_CELL_IN = 0.04
_PAPER_REACH_IN = 0.4


def flatten(grey, dpi: int):
    """The page with its lighting evened out: each pixel divided by the paper's brightness around
    it (reflectance × light: light is what a scanner's lamp adds), so that one threshold holds
    across the page. With a page 15 % darker at one side, a threshold between paper and faint rules
    took the dark side's paper for ink: the rules there were lost in it (tune, linjiang at 190 dpi)."""
    import cv2
    import numpy as np

    h, w = grey.shape
    f = max(1, int(round(_PAPER_CELL_IN * dpi)))
    small = cv2.resize(grey, (max(1, w // f), max(1, h // f)), interpolation=cv2.INTER_AREA)
    k = max(3, int(round(_PAPER_REACH_IN / _PAPER_CELL_IN)) | 1)
    paper = cv2.blur(cv2.dilate(small, np.ones((k, k), np.uint8)), (k, k))
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    level = _percentile_u8(paper, 90)
    # Every (paper, pixel) pair of bytes, divided once: a table, then a lookup per pixel.
    p = np.arange(256, dtype=np.float32)[:, None]
    table = np.clip(np.arange(256, dtype=np.float32)[None, :] * (level / np.maximum(p, 1.0)), 0, 255).astype(np.uint8)
    return table[paper, grey]


def _percentile_u8(a, q: float) -> float:
    """np.percentile(a, q) (linear interpolation) of a uint8 array, from its histogram."""
    import numpy as np

    counts = np.cumsum(np.bincount(a.ravel(), minlength=256))
    pos = q / 100.0 * (counts[-1] - 1)
    lo, hi = int(np.floor(pos)), int(np.ceil(pos))
    v_lo, v_hi = int(np.searchsorted(counts, lo, side="right")), int(np.searchsorted(counts, hi, side="right"))
    return float(v_lo + (v_hi - v_lo) * (pos - lo))


def _runs(mask, length: int, axis: int):
    """Pixels inside a run of at least `length` (90 % dark) along `axis` (1: horizontal)."""
    import numpy as np

    m = mask if axis == 1 else mask.T
    h, w = m.shape
    if length >= w:
        out = np.zeros_like(m)
        return out if axis == 1 else out.T
    c = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(m, axis=1, out=c[:, 1:])
    win = c[:, length:] - c[:, :-length]  # dark count in the window starting at j
    full = (win >= int(0.9 * length)).astype(np.int32)  # (h, w - length + 1)
    # covered[x] = any window starting in [x - length + 1, x] is full
    f = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=f[:, 1 : w - length + 2])
    f[:, w - length + 2 :] = f[:, w - length + 1 : w - length + 2]
    lo = np.clip(np.arange(w) - length + 1, 0, None)
    covered = (f[:, np.arange(w) + 1] - f[:, lo]) > 0
    covered &= m
    return covered if axis == 1 else covered.T


def estimate_skew(mask, dpi: int) -> float:
    """Degrees the page content is turned (clockwise positive, y down), from the long horizontal
    lines; from all ink when the page has none. 0.0 when nothing is conclusive."""
    import numpy as np

    h, w = mask.shape
    # At 1° a 2-px line makes runs of ~115 px; 0.2 inch catches it at any dpi we use.
    lines = _runs(mask, max(20, int(0.2 * dpi)), axis=1)
    ys, xs = np.nonzero(lines)
    if len(xs) < 0.5 * w:  # less than half a page width of line: use all ink
        ys, xs = np.nonzero(mask)
    if len(xs) < 100:
        return 0.0
    if len(xs) > 400_000:
        pick = np.random.default_rng(0).choice(len(xs), 400_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs_c = xs.astype(np.float64) - w / 2

    def score(deg: float) -> float:
        r = np.round(ys - xs_c * math.tan(math.radians(deg))).astype(np.int64)
        r -= r.min()
        hist = np.bincount(r)
        return float((hist.astype(np.float64) ** 2).sum())

    coarse = np.arange(-_MAX_SKEW_DEG, _MAX_SKEW_DEG + 1e-9, 0.1)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.1, best + 0.1 + 1e-9, 0.01)
    best = max(fine, key=score)
    return float(best) if abs(best) >= 0.02 else 0.0


def rotate(grey, deg: float, fill: int):
    """Turn the image by `deg` about its centre (counter-clockwise positive on screen), same size."""
    import numpy as np
    from PIL import Image

    img = Image.fromarray(grey).rotate(deg, resample=Image.BILINEAR, expand=False, fillcolor=int(fill))
    return np.asarray(img)


def _dilate(mask, r: int):
    out = mask.copy()
    for d in range(1, r + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out


def _column_runs(region, x_from: int) -> list[tuple[int, int]]:
    """(x0, x1) spans of the columns of a mask `region` that hold ink, in page pixels (the
    region starts at column `x_from`)."""
    import numpy as np

    cols = region.any(axis=0).astype(np.int8)
    d = np.diff(np.concatenate(([0], cols, [0])))
    return [(x_from + int(a), x_from + int(b)) for a, b in zip(np.nonzero(d == 1)[0], np.nonzero(d == -1)[0])]


def _tight(text_mask, x0: int, y0: int, x1: int, y1: int) -> Optional[tuple[int, int, int, int]]:
    """The ink extent of the text line in a detector box: the band of rows holding most of the
    ink (a box often takes in the edge of the line above or below), then its columns."""
    import numpy as np

    sub = text_mask[y0:y1, x0:x1]
    if not sub.any():
        return None
    prof = sub.sum(axis=1)
    on = prof >= max(1, 0.08 * prof.max())
    bands, start = [], None
    for i, v in enumerate(on):
        if v and start is None:
            start = i
        if not v and start is not None:
            bands.append((start, i))
            start = None
    if start is not None:
        bands.append((start, len(on)))
    # Bands split by a one-row gap (a broken glyph) are one.
    merged: list[list[int]] = []
    for a, b in bands:
        if merged and a - merged[-1][1] <= 1:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    a, b = max(merged, key=lambda ab: prof[ab[0]:ab[1]].sum())
    cols = np.nonzero(sub[a:b].any(axis=0))[0]
    return x0 + int(cols[0]), y0 + a, x0 + int(cols[-1]) + 1, y0 + b


def _crop(clean, tight):
    """The recogniser's input for one line: its ink with _CROP_MARGIN of the page around it,
    then _CROP_PAD more of the margin's own edge (no neighbouring ink in it), three channels."""
    import cv2
    import numpy as np

    h, w = clean.shape
    tx0, ty0, tx1, ty1 = tight
    m = int(round(_CROP_MARGIN * (ty1 - ty0)))
    X0, Y0, X1, Y1 = max(0, tx0 - m), max(0, ty0 - m), min(w, tx1 + m), min(h, ty1 + m)
    crop = clean[Y0:Y1, X0:X1]
    p = int(round(_CROP_PAD * (ty1 - ty0)))
    if p > 0:
        crop = cv2.copyMakeBorder(crop, p, p, p, p, cv2.BORDER_REPLICATE)
    if _CROP_STRETCH and crop.size:
        # Grey paper and grey toner stretched to white and black: the recogniser was trained on print.
        lo, hi = np.percentile(crop, (1, 90))
        if hi - lo >= 20:
            crop = np.clip((crop.astype(np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
    if _CROP_SHARPEN > 0 and crop.size:
        soft = cv2.GaussianBlur(crop, (0, 0), 1.0)
        crop = cv2.addWeighted(crop, 1 + _CROP_SHARPEN, soft, -_CROP_SHARPEN, 0)
    return np.dstack([crop] * 3)


def _stray_ink(text_mask, places):
    """Ink outside every line box (widened by a couple of pixels), joined along the line: each piece's
    ink box, and the lines' median height."""
    import cv2
    import numpy as np

    heights = sorted(y1 - y0 for _, y0, _, y1 in places)
    line_h = heights[len(heights) // 2]
    covered = np.zeros(text_mask.shape, dtype=bool)
    for x0, y0, x1, y1 in places:
        covered[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = True
    rest = (text_mask & ~covered).astype(np.uint8)
    if not rest.any():
        return [], line_h
    joined = cv2.dilate(rest, np.ones((3, max(3, int(0.5 * line_h))), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[k])
        ink = rest[y:y + bh, x:x + bw] & (labels[y:y + bh, x:x + bw] == k)
        ys, xs = np.nonzero(ink)
        if len(ys) >= 8:
            out.append((x + int(xs.min()), y + int(ys.min()), x + int(xs.max()) + 1, y + int(ys.max()) + 1))
    return out, line_h


def orphans(text_mask, places) -> list[tuple[int, int, int, int]]:
    """Glyph-sized ink the detector gave no box: a lone ） wrapped to a line of its own is the
    usual case. Ink outside every line box, kept when it is about a line high; small specks and
    marks (see `trailing_mark`, `lone_stops`) are not."""
    if not places:
        return []
    pieces, line_h = _stray_ink(text_mask, places)
    return [t for t in pieces if 0.6 * line_h <= t[3] - t[1] <= 1.5 * line_h]


def lone_stops(text_mask, places) -> list[tuple[int, int, int, int]]:
    """Em boxes of what may be a full stop wrapped alone to a line of its own (see `_wrapped_stop`):
    the recogniser is shown each, and only a 。 read there is kept."""
    if not places:
        return []
    pieces, line_h = _stray_ink(text_mask, places)
    return [box for t in pieces if (box := _wrapped_stop(t, places, line_h)) is not None]


def _wrapped_stop(t, places, line_h: int) -> Optional[tuple[int, int, int, int]]:
    """A lone full stop wrapped to a line of its own: ink a third of a line high and wide, at the start
    of the line under a line of text (the same left edge, one line further down). Its em box, where
    the recogniser is shown it (a 。 sits low and to the left in its em)."""
    x0, y0, x1, y1 = t
    if not (0.2 * line_h <= y1 - y0 <= 0.55 * line_h and 0.2 * line_h <= x1 - x0 <= 0.6 * line_h):
        return None
    above = [p for p in places if 0 <= y0 - p[3] <= line_h and abs(p[0] - x0) <= 0.6 * line_h
             and 0.6 * line_h <= p[3] - p[1] <= 1.5 * line_h]
    if not above:
        return None
    bottom = y1 + int(round(0.1 * line_h))
    return max(0, x0 - int(round(0.1 * line_h))), max(0, bottom - line_h), x0 + int(round(0.9 * line_h)), bottom
