"""Read pages that have no usable text layer (scans) with RapidOCR, into the same plain
data as the text path: `read.Char`s and ruling lines in PDF points, top-left origin.

    page image ─render─► grey pixels at RENDER_DPI
               ─deskew─► rotation estimated from the long horizontal lines, undone
               ─rules──► long horizontal / vertical runs of dark pixels → HRule / VRule
                         (then whitened, so that text boxes do not run into them)
               ─det────► text line boxes (PP-OCR detector) on a copy scaled to DET_DPI
               ─rec────► each box's text (PP-OCR recogniser) from the full-resolution image
               ─orphans► glyph-sized ink no box took (a lone ） wrapped to its own line) → boxes
               ─rec────► also each character's second reading (CTC), for lexicon.reread and
                         fix_dot_dash (· or -, by the ink's width)
               ─marks──► a ·, ‘ or ’ after a line's last glyph that the recogniser left out
                         (trailing marks tell projects of one name apart), read from the ink:
                         · at mid-height; a quote on top, ‘ or ’ by where its ink's weight sits;
                         a 、 or ， before a line's first glyph, by its slant
               ─chars──► each box split into per-character Chars: x interpolated across the
                         box's ink width (CJK full pitch, digits and Latin ~0.6 em, narrow
                         punctuation ~0.3), top/bottom from the ink inside the box; > or ＞,
                         ( or （ set by the clear space the ink leaves around the glyph

The layout stage reads the result unchanged. The models ship inside the rapidocr wheel and
run on CPU with onnxruntime; nothing is downloaded at run time. Install with
`pip install 'budget-extractor[ocr]'`.

Errors are `read.InputError` with a one-line reason (OCR not installed, a page image that
cannot be rendered); a page the recogniser finds nothing on simply has no chars.
"""

from __future__ import annotations

import dataclasses
import math
import os
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from extractor.source import lexicon
from extractor.source.page import Char, HRule, InputError, PageText, VRule

#: Resolution the page is rendered (and recognised) at; see benchmarks/bench_ocr.py for the trade-off.
RENDER_DPI = int(os.environ.get("EXTRACTOR_OCR_DPI", "200"))
#: Resolution text lines are *detected* at: detection cost grows with pixels, recognition does not.
DET_DPI = int(os.environ.get("EXTRACTOR_OCR_DET_DPI", "100"))
#: onnxruntime threads per model (2 cores are often shared: 1 is the polite default).
THREADS = int(os.environ.get("EXTRACTOR_OCR_THREADS", "1"))

_RULE_MIN_H_PT = 30.0  # a horizontal dark run this long is a ruling line, not a stroke
_RULE_MIN_V_PT = 14.0  # vertical: CJK strokes in body text are < 10 pt; title text is not ruled
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


@dataclass
class OCRPageText(PageText):
    """A PageText read by OCR: also how (dpi, skew) and each char's line confidence."""

    dpi: int = 0
    skew: float = 0.0  # degrees, as estimated and undone
    confidences: list[float] = field(default_factory=list)  # per char, the score of its OCR line
    marks: list["Mark"] = field(default_factory=list)  # marks added from the image, in points
    rereads: list["Reread"] = field(default_factory=list)  # characters set by lexicon.reread
    unsure: list["Unsure"] = field(default_factory=list)  # close calls left as read
    seconds: float = 0.0
    ocr: bool = True


# ---------------------------------------------------------------- engine

_engine = None
_engine_lock = threading.Lock()


def engine():
    """The RapidOCR engine, built once per process (models from the wheel, CPU, no classifier)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                try:
                    import logging

                    from rapidocr import RapidOCR
                except ImportError:
                    raise InputError("a scanned PDF (pages without a text layer) and OCR is not installed: "
                                     "pip install 'budget-extractor[ocr]' (rapidocr, onnxruntime)") from None
                params = {
                    "Global.use_cls": False,  # scans of tables are upright; skew is undone before
                    "Global.log_level": "error",
                    "Global.max_side_len": 10000,  # never shrink: we choose the resolution
                    "Global.text_score": 0.3,
                    "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                    "Rec.rec_batch_num": 8,
                }
                _engine = RapidOCR(params=params)
                logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return _engine


def recognise(eng, crops) -> list[tuple[str, float, list]]:
    """Each crop's text, its score (mean of the chosen characters' probabilities, as RapidOCR
    reports it) and, per character, (p, second reading, its p) from the CTC output: what
    `lexicon.reread` needs. Falls back to RapidOCR's own call (no alternatives) when its
    recogniser is not reachable the way this version of rapidocr builds it."""
    import numpy as np

    rec = getattr(eng, "text_rec", None)
    if rec is None and hasattr(eng, "_load_rec_model"):
        rec = eng._load_rec_model()
    post = getattr(rec, "postprocess_op", None)
    if rec is None or post is None or not hasattr(rec, "resize_norm_img") or not hasattr(rec, "session"):
        out = eng.recognize_txt(crops)
        return [(t, float(s), [None] * len(t)) for t, s in zip(out.txts, out.scores)]
    charset = post.character
    _, img_h, img_w = rec.rec_image_shape[:3]
    order = np.argsort([c.shape[1] / float(c.shape[0]) for c in crops], kind="stable")
    results: list = [None] * len(crops)
    batch = max(1, int(rec.rec_batch_num))
    for start in range(0, len(crops), batch):
        idx = order[start:start + batch]
        ratio = max([img_w / img_h] + [crops[i].shape[1] / float(crops[i].shape[0]) for i in idx])
        norm = np.concatenate([rec.resize_norm_img(crops[i], ratio)[np.newaxis, :] for i in idx]).astype(np.float32)
        preds = rec.session(norm)
        for row, i in zip(preds, idx):
            best = row.argmax(axis=1)
            keep = best != 0  # 0 is CTC's blank
            keep[1:] &= best[1:] != best[:-1]
            steps = np.nonzero(keep)[0]
            top = row[steps, best[steps]]
            rest = row[steps].copy()
            rest[:, 0] = -1.0  # blank is no reading
            rest[np.arange(len(steps)), best[steps]] = -1.0
            runner = rest.argmax(axis=1) if len(steps) else np.zeros(0, int)
            text, probs, alts = [], [], []
            for n, t in enumerate(steps):
                k, j = int(best[t]), int(runner[n])
                if k >= len(charset):
                    continue
                text.append(charset[k])
                probs.append(float(top[n]))
                alts.append((float(top[n]), charset[j], float(row[t, j])) if 0 < j < len(charset) else None)
            score = float(np.mean(probs)) if probs else 0.0
            results[i] = ("".join(text), score, alts)
    return results


# ---------------------------------------------------------------- image


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
    return (min(sides) if long_ else max(sides)) < 0.12


def find_rules(mask, dpi: int, ink=None):
    """Ruling lines in a deskewed mask of dark pixels: (hrules, vrules) in pixels, and the mask
    of their pixels. `ink` (the stricter text mask, default `mask`) tells rules from text."""
    import numpy as np

    ink = mask if ink is None else ink
    px = dpi / 72.0
    h_runs = _runs(mask, int(_RULE_MIN_H_PT * px), axis=1)
    v_runs = _runs(mask, int(_RULE_MIN_V_PT * px), axis=0)
    gap = max(2, int(2.5 * px))
    hsegs = [s for s in _segments(h_runs, 1, gap) if s.thick <= 4 * px and _stands_alone(s, ink, 1, px)]
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


def _dilate(mask, r: int):
    out = mask.copy()
    for d in range(1, r + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out


# ---------------------------------------------------------------- text boxes → chars


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


def _column_runs(region, x_from: int) -> list[tuple[int, int]]:
    """(x0, x1) spans of the columns of a mask `region` that hold ink, in page pixels (the
    region starts at column `x_from`)."""
    import numpy as np

    cols = region.any(axis=0).astype(np.int8)
    d = np.diff(np.concatenate(([0], cols, [0])))
    return [(x_from + int(a), x_from + int(b)) for a, b in zip(np.nonzero(d == 1)[0], np.nonzero(d == -1)[0])]


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


@dataclass
class Reread:
    """A character read as the recogniser's second choice because the words say so
    (`lexicon.reread`): the line's box in points, a few characters around it as now read."""

    x0: float
    top: float
    x1: float
    bottom: float
    context: str
    at: int  # index of the character in `context`
    choice: "lexicon.Choice"


@dataclass
class Unsure:
    """An ideograph the recogniser read with a close rival that nothing here could settle: left
    as read, and reported (OCR_UNSURE) so that a reader knows where to look."""

    x0: float
    top: float
    x1: float
    bottom: float
    context: str
    at: int
    read: str
    p_read: float
    rival: str
    p_rival: float


# ---------------------------------------------------------------- marks the recogniser drops

#: What the recogniser itself may have read at a line's end: if it ends in one, no mark is added.
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
    margin: float  # 1 for a · (no rival), for a quote how clear the shape was
    rival: Optional[str] = None  # the other reading, for a quote
    weight: Optional[float] = None  # for a quote, where its ink's weight sits (0 top, 1 bottom)
    at_start: bool = False  # found before the line's first glyph (、 or ， wrapped to a new line)


# A quote's ink weight (darkness-weighted centroid, 0 top … 1 bottom of its extent): ’ has its
# head on top, ‘ below. Measured on the scanned seed at 200 dpi (7 pt WenQuanYi): ’ 0.459–0.462,
# ‘ 0.521–0.562. A weight this close to 0.5 or closer is read, but marked as not clear.
_QUOTE_CLEAR = 0.04
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


def _room_for_mark(text: str, edge: int, box) -> Optional[int]:
    """The line's ink height when a mark may be missing at its start (`edge` 0) or end (-1):
    None when the line is empty, already has punctuation there, or is too small to tell."""
    if not text or text[edge] in _SMALL_PUNCT:
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
    if a < x1 - 0.3 * H:  # the last run is the line's own last glyph, not something after it
        return None
    if right < min(w, right_limit) and right - b < 0.3 * H:
        return None  # more may follow beyond the window
    if a - pb < 1:
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
        return Mark("·", a, top, b, bot, 1.0)
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
    return np.dstack([crop] * 3)


def orphans(text_mask, places) -> list[tuple[int, int, int, int]]:
    """Glyph-sized ink the detector gave no box: a lone ） wrapped to a line of its own is the
    usual case. Ink outside every line box (widened by a couple of pixels), joined along the
    line, kept when it is about a line high; small specks and marks (see `trailing_mark`) are not."""
    import numpy as np

    if not places:
        return []
    import cv2

    heights = sorted(y1 - y0 for _, y0, _, y1 in places)
    line_h = heights[len(heights) // 2]
    covered = np.zeros(text_mask.shape, dtype=bool)
    for x0, y0, x1, y1 in places:
        covered[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = True
    rest = (text_mask & ~covered).astype(np.uint8)
    if not rest.any():
        return []
    joined = cv2.dilate(rest, np.ones((3, max(3, int(0.5 * line_h))), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[k])
        ink = rest[y:y + bh, x:x + bw] & (labels[y:y + bh, x:x + bw] == k)
        ys, xs = np.nonzero(ink)
        if len(ys) < 8:
            continue
        t = (x + int(xs.min()), y + int(ys.min()), x + int(xs.max()) + 1, y + int(ys.max()) + 1)
        if 0.6 * line_h <= t[3] - t[1] <= 1.5 * line_h:
            out.append(t)
    return out


# ---------------------------------------------------------------- page


def ocr_image(grey, dpi: int, number: int, width: float, height: float) -> OCRPageText:
    """OCR one grey page image rendered at `dpi` into an OCRPageText of a `width` × `height` pt page."""
    import numpy as np
    from PIL import Image

    t0 = time.perf_counter()
    mask, t = ink_mask(grey)
    paper = int(np.percentile(grey, 90))
    skew = estimate_skew(mask, dpi)
    if skew:
        grey = rotate(grey, skew, paper)
        mask, t = ink_mask(grey)
    # Rulings are thin and, scanned, often fainter than text: look for them at a lenient threshold
    # (a run must be long and nearly unbroken, which noise and text are not).
    line_mask = grey <= max(t, min(paper - 25, (t + paper) // 2))
    hsegs, vsegs, rule_px = find_rules(line_mask, dpi, mask)
    # Whiten the rules: text boxes then stop at cell borders, and the recogniser sees no bars.
    clean = grey.copy()
    rule_px = _dilate(rule_px, max(1, int(round(dpi / 100))))
    clean[rule_px] = paper
    text_mask = mask & ~rule_px
    h, w = grey.shape
    sx, sy = width / w, height / h  # points per pixel

    chars: list[Char] = []
    confs: list[float] = []
    marks: list[Mark] = []
    rereads: list[Reread] = []
    doubts: list[Unsure] = []
    if text_mask.sum() > 20:  # else a blank page: no model needed
        eng = engine()
        det_scale = min(1.0, DET_DPI / dpi)
        small = clean if det_scale == 1.0 else np.asarray(
            Image.fromarray(clean).resize((max(1, int(w * det_scale)), max(1, int(h * det_scale))), Image.BILINEAR))
        det = eng(np.dstack([small] * 3), use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(det, "boxes", None)
        crops, places = [], []
        if boxes is not None:
            for b in boxes:
                bx0, by0 = np.min(b, axis=0) / det_scale
                bx1, by1 = np.max(b, axis=0) / det_scale
                X0, Y0 = max(0, int(bx0)), max(0, int(by0))
                X1, Y1 = min(w, int(math.ceil(bx1))), min(h, int(math.ceil(by1)))
                # The detector's box has a margin; the ink inside it gives the glyphs' extent.
                tight = _tight(text_mask, X0, Y0, X1, Y1)
                if tight is None or tight[3] - tight[1] < 3:
                    continue
                tx0, ty0, tx1, ty1 = tight
                crops.append(_crop(clean, tight))
                places.append(tight)
        for tight in orphans(text_mask, places):
            crops.append(_crop(clean, tight))
            places.append(tight)
        if crops:
            readings = recognise(eng, crops)
            for (tx0, ty0, tx1, ty1), (text, score, alts) in zip(places, readings):
                lead = len(text) - len(text.lstrip())
                text, alts = text.strip(), alts[lead:lead + len(text.strip())]
                if not text or score < 0.3:
                    continue
                text, choices = lexicon.reread(text, alts)
                text, shaped = fix_dot_dash(text, alts, (tx0, ty0, tx1, ty1), text_mask)
                choices += shaped
                changed = {ch.index for ch in choices}
                box_pt = (round(tx0 * sx, 2), round(ty0 * sy, 2), round(tx1 * sx, 2), round(ty1 * sy, 2))
                for i, alt in enumerate(alts[:len(text)]):
                    if i not in changed and lexicon.unsure(text[i], alt):
                        lo = max(0, i - 3)
                        doubts.append(Unsure(*box_pt, text[lo:i + 3], i - lo, text[i], round(alt[0], 2),
                                             alt[1], round(alt[2], 2)))
                for ch in choices:
                    lo = max(0, ch.index - 3)
                    rereads.append(Reread(*box_pt, text[lo:ch.index + 3], ch.index - lo, ch))
                text, paired = restore_quote_pair(text, alts)  # last: it shifts what follows
                for ch in paired:
                    lo = max(0, ch.index - 3)
                    rereads.append(Reread(*box_pt, text[lo:ch.index + 4], ch.index - lo, ch))
                text = fix_widths(text, (tx0, ty0, tx1, ty1), text_mask)
                limit = min((int(v.pos - v.thick / 2) - 1 for v in vsegs
                             if v.pos > tx1 - 1 and v.a0 <= ty1 and v.a1 >= ty0), default=w)
                mark = trailing_mark(grey, text_mask, (tx0, ty0, tx1, ty1), text, limit, paper)
                if mark is not None:
                    text += mark.text
                    tx1 = max(tx1, int(mark.x1))
                left = max((int(v.pos + v.thick / 2) + 1 for v in vsegs
                            if v.pos < tx0 + 1 and v.a0 <= ty1 and v.a1 >= ty0), default=0)
                first = leading_mark(grey, text_mask, (tx0, ty0, tx1, ty1), text, left, paper)
                if first is not None:
                    # A full-width mark owns a whole em: the line starts where its cell does.
                    text = first.text + text
                    tx0 = max(left, min(tx0 - (ty1 - ty0), int(first.x0)))
                for m in (first, mark):
                    if m is not None:
                        marks.append(dataclasses.replace(m, x0=round(m.x0 * sx, 2), top=round(m.top * sy, 2),
                                                         x1=round(m.x1 * sx, 2), bottom=round(m.bottom * sy, 2)))
                size = (ty1 - ty0) * sy / 0.9
                for c in chars_for_box(text, tx0 * sx, ty0 * sy, tx1 * sx, ty1 * sy, size):
                    chars.append(c)
                    confs.append(float(score))
    hrules = [HRule(round(s.a0 * sx, 2), round(s.a1 * sx, 2), round(s.pos * sy, 2)) for s in hsegs]
    vrules = [VRule(round(s.pos * sx, 2), round(s.a0 * sy, 2), round(s.a1 * sy, 2)) for s in vsegs]
    return OCRPageText(number, width, height, chars, hrules, vrules, dpi=dpi, skew=skew, confidences=confs,
                       marks=marks, rereads=rereads, unsure=doubts, seconds=time.perf_counter() - t0)


def ocr_page(page, number: int, dpi: int = RENDER_DPI) -> OCRPageText:
    """OCR one pdfplumber page."""
    grey = render(page, dpi)
    try:
        return ocr_image(grey, dpi, number, float(page.width), float(page.height))
    except InputError:
        raise
    except Exception as e:  # onnxruntime and opencv raise their own kinds
        raise InputError(f"page {number}: OCR failed ({type(e).__name__}: {e})") from None


def needs_ocr(page, text: PageText) -> bool:
    """No usable text layer: (almost) no characters, and an image covering much of the page.
    Such a page is read by OCR alone (the few text-layer chars, a stamp or page number, are
    dropped with it: OCR reads them from the image too)."""
    visible = sum(1 for c in text.chars if c.text.strip())
    if visible >= 20:
        return False
    area = float(page.width) * float(page.height) or 1.0
    covered = 0.0
    for im in page.images:
        x0, x1 = max(0.0, float(im["x0"])), min(float(page.width), float(im["x1"]))
        t, b = max(0.0, float(im["top"])), min(float(page.height), float(im["bottom"]))
        covered += max(0.0, x1 - x0) * max(0.0, b - t)
    return covered >= 0.3 * area
