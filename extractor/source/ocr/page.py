"""One page image → an OCRPageText: deskew, rulings, detection, recognition, rereads, marks, chars
(the steps the package docstring draws), and whether a page needs OCR at all."""

from __future__ import annotations

import dataclasses
import math
import os
import time
from dataclasses import dataclass, field

from typing import Optional

from extractor.source import lexicon
from extractor.source.ocr import labels, progress
from extractor.source.ocr.glyphs import (chars_across_rules, fix_comparators, fix_dot_dash, fix_widths,
                                         restore_quote_pair)
from extractor.source.ocr.image import (_crop, _dilate, _tight, estimate_skew, flatten, ink_mask, lone_stops, orphans,
                                        render, rotate)
from extractor.source.ocr.marks import Mark, leading_mark, trailing_mark
from extractor.source.ocr.recogniser import detect, recognise
from extractor.source.ocr.rulings import find_rules
from extractor.source.page import Char, HRule, InputError, PageText, VRule

#: Resolution the page is rendered (and recognised) at; see benchmarks/bench_ocr.py for the trade-off.
RENDER_DPI = int(os.environ.get("EXTRACTOR_OCR_DPI", "200"))
#: Resolution text lines are *detected* at: detection cost grows with pixels, recognition does not.
#: Chosen on tune pages (scripts/ocr_cer.py, char errors after all our steps): at 183 / 181 dpi
#: (conghua-hrss-2024-s3, forms-panyu-edu-2024-s2) 100 dpi gave 507 + 220 errors, 150 dpi 472 + 223; at
#: 100 dpi a 7-pt line is 10 px high and the detector misses or splits lines (det misses 12 → 0).
#: RapidOCR's own default detects at up to 2000 px a side, ~170 dpi on an A4 page.
DET_DPI = int(os.environ.get("EXTRACTOR_OCR_DET_DPI", "150"))
#: A scan is read at its own resolution, up to MAX_DPI; one below MIN_DPI is upscaled to UPSCALE_DPI
#: (see `render_dpi`). Chosen on the tune split (scripts/ocr_cer.py, recogniser's char errors, lines
#: cropped as RapidOCR does, see _CROP_FROM): 150–199 dpi scans read at their own resolution misread
#: 16.2 % of 22559 chars on 13 pages where upscaled to 300 they misread 18.9 % (the old tight crops at
#: 300: 20.9 %, plain RapidOCR 17.7 %); on four more pages 5.9 % against 7.1 % (200: 7.9 %, 250: 8.0 %).
#: Upscaling only pays with tight crops, whose glyphs the recogniser must enlarge. Below 150 dpi
#: nothing was measured: such a scan is still upscaled as before.
MIN_DPI = int(os.environ.get("EXTRACTOR_OCR_MIN_DPI", "150"))
UPSCALE_DPI = int(os.environ.get("EXTRACTOR_OCR_UPSCALE_DPI", "300"))
MAX_DPI = int(os.environ.get("EXTRACTOR_OCR_MAX_DPI", "300"))
#: onnxruntime threads per model (2 cores are often shared: 1 is the polite default).


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
    lines: list["OCRLine"] = field(default_factory=list)  # each recognised line, for measuring stages


@dataclass
class OCRLine:
    """One line as the recogniser read it and as it left this page's steps (for scripts/ocr_cer.py:
    recognition errors told apart from what the steps after it changed); box in points."""

    x0: float
    top: float
    x1: float
    bottom: float
    read: str  # the recogniser's text
    text: str  # after rereads, marks, labels ('' when dropped for its low score)
    score: float


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


# What the detector and the recogniser are shown (the other values are kept for measuring, and
# chosen on tune pages with scripts/ocr_cer.py): the detector the page as scanned ("grey"; "clean",
# rules whitened, missed 109 chars against 21 at 183 dpi and 28 against 9 at 261 dpi: whitening
# takes dense text for rules). The recogniser is shown each line as RapidOCR itself crops it: the
# detector's box ("box", its own margin) cut from the page as scanned ("grey"). Our earlier crop,
# the line's ink box from the ink mask ("tight") with rules whitened outside it ("zone"), lost
# glyph halves wherever the mask did (thin or faded strokes, a text band taken for a rule): on four
# 150–180 dpi tune pages (scripts/ocr_cer.py "read", 3981 chars) tight+zone misread 11.5 %,
# box+grey 7.6 % (plain RapidOCR 6.5 %); one ZenHei form at 150 dpi went from 84 wrong to 6.
# "auto" (the default) crops so below BOX_BELOW_DPI only. At 200–300 dpi box+grey was better too
# (14 tune pages, 20349 chars: 0.97 % against 1.50 %), but on the committed 200-dpi seed scan it reads
# 薪酬 as 新酬 three times at p 0.67 (tight: 薪 at 0.83–0.89), and lexicon.reread keeps a misreading
# that other lines print too (tests/test_ocr.py::test_scan_reads_xinchou), so it is not switched
# there yet, although the fields favour it: tune split, 17 scans at 200–300 dpi, mean micro F1 0.888
# (tight) against 0.915 (box); by font, Micro Hei 0.919 → 0.978, Zen Hei forms 0.945 → 0.978, Zen
# Hei wide 0.814 → 0.818, UMing 0.866 → 0.865. At 150–199 dpi (17 scans) 0.649 → 0.690.
_DET_SRC = os.environ.get("EXTRACTOR_OCR_DET_SRC", "grey")
_REC_SRC = os.environ.get("EXTRACTOR_OCR_REC_SRC", "auto")
_CROP_FROM = os.environ.get("EXTRACTOR_OCR_CROP", "auto")
BOX_BELOW_DPI = 200
_LONE_STOPS = os.environ.get("EXTRACTOR_OCR_LONE_STOPS", "1") != "0"


# ---------------------------------------------------------------- page


def _rules_off_text(grey, rule_px, places, paper):
    """The page for the recogniser: rule pixels whitened, except inside the lines' ink boxes. A
    run of dense, blurred text can pass for a rule (a dark row 30 pt long with paper-ish rows beside
    it); whitened, its glyphs lost their middles and the recogniser read 有效遏制劳资 as 有双运刀 (tune
    scan conghua-hrss-2024-s1 at 222 dpi). Inside a line's box the ink is the line's own."""
    import numpy as np

    zone = np.zeros(grey.shape, dtype=bool)
    for x0, y0, x1, y1 in places:
        zone[y0:y1, x0:x1] = True
    out = grey.copy()
    out[rule_px & ~zone] = paper
    return out


def _box_crop(grey, quad):
    """The recogniser's input the way RapidOCR makes it: the detector's (unclipped) box, warped upright."""
    import numpy as np
    from rapidocr.utils.process_img import get_rotate_crop_image

    return get_rotate_crop_image(np.dstack([grey] * 3), quad.astype(np.float32))


def _detect_lines(src, dpi: int) -> list:
    """The detector's text line boxes (4 corner points each, float32, in `src` pixels), found at DET_DPI."""
    import numpy as np
    from PIL import Image

    h, w = src.shape
    scale = min(1.0, DET_DPI / dpi)
    small = src if scale == 1.0 else np.asarray(
        Image.fromarray(src).resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.BILINEAR))
    return [np.asarray(b, dtype=np.float32) / scale for b in detect(None, np.dstack([small] * 3)) or []]


def _box_of(quad) -> tuple[float, float, float, float]:
    """A detector quad's upright bounding box (x0, y0, x1, y1)."""
    import numpy as np

    (x0, y0), (x1, y1) = np.min(quad, axis=0), np.max(quad, axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def ocr_image(grey, dpi: int, number: int, width: float, height: float) -> OCRPageText:
    """OCR one grey page image rendered at `dpi` into an OCRPageText of a `width` × `height` pt page."""
    import numpy as np

    t0 = time.perf_counter()
    mask, t = ink_mask(grey)
    paper = int(np.percentile(grey, 90))
    skew = estimate_skew(mask, dpi)
    if skew:
        grey = rotate(grey, skew, paper)
    # Ink is told from paper on the page with its lighting evened out (the models still see it as scanned).
    flat = flatten(grey, dpi)
    mask, t = ink_mask(flat)
    flat_paper = int(np.percentile(flat, 90))
    # Rulings are thin and, scanned, often fainter than text: look for them at a lenient threshold
    # (a run must be long and nearly unbroken, which noise and text are not).
    line_mask = flat <= max(t, min(flat_paper - 25, (t + flat_paper) // 2))
    # The detector sees the page as scanned: its line boxes also tell a dense line of text from a rule.
    found = _detect_lines(grey, dpi) if _DET_SRC == "grey" and mask.sum() > 20 else None
    hsegs, vsegs, rule_px = find_rules(line_mask, dpi, mask, [_box_of(b) for b in found or []])
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
    lines: list[OCRLine] = []
    if text_mask.sum() > 20:  # else a blank page: no model needed
        eng = None  # the shared engine, built on the first call the cache cannot answer
        boxes = found if found is not None else _detect_lines(clean if _DET_SRC == "clean" else grey, dpi)
        crops, places, quads = [], [], []
        for b in boxes:
            bx0, by0, bx1, by1 = _box_of(b)
            X0, Y0 = max(0, int(bx0)), max(0, int(by0))
            X1, Y1 = min(w, int(math.ceil(bx1))), min(h, int(math.ceil(by1)))
            # The detector's box has a margin; the ink inside it gives the glyphs' extent.
            tight = _tight(text_mask, X0, Y0, X1, Y1)
            if tight is None or tight[3] - tight[1] < 3:
                continue
            places.append(tight)
            quads.append(b)
        places += orphans(text_mask, places)
        first_stop = len(places)  # from here on, the em boxes of what may be a lone wrapped 。
        places += lone_stops(text_mask, places) if _LONE_STOPS else []
        low = dpi < BOX_BELOW_DPI
        crop_from = _CROP_FROM if _CROP_FROM != "auto" else "box" if low else "tight"
        rec_src = _REC_SRC if _REC_SRC != "auto" else "grey" if low else "zone"
        source = clean if rec_src == "clean" else grey if rec_src == "grey" else \
            _rules_off_text(grey, rule_px, places, paper)
        crops = [_box_crop(source, quads[i]) if crop_from == "box" and i < len(quads) else _crop(source, tight)
                 for i, tight in enumerate(places)]
        if crops:
            # The lone stops in a call of their own: batched with the lines, they would change how
            # the lines' batches are padded, and so what the lines are read as.
            readings = recognise(eng, crops[:first_stop]) + (recognise(eng, crops[first_stop:])
                                                              if len(crops) > first_stop else [])
            words = lexicon.page_words([r[0].strip() for r in readings])
            for k, ((tx0, ty0, tx1, ty1), (text, score, alts)) in enumerate(zip(places, readings)):
                lead = len(text) - len(text.lstrip())
                text, alts = text.strip(), alts[lead:lead + len(text.strip())]
                read = text
                line_pt = (round(tx0 * sx, 2), round(ty0 * sy, 2), round(tx1 * sx, 2), round(ty1 * sy, 2))
                if not text or score < 0.3 or (k >= first_stop and text != "。"):
                    lines.append(OCRLine(*line_pt, read, "", float(score)))
                    continue
                text, choices = lexicon.reread(text, alts, words)
                text, shaped = fix_dot_dash(text, alts, (tx0, ty0, tx1, ty1), text_mask)
                choices += shaped
                text, barred = fix_comparators(text, alts, (tx0, ty0, tx1, ty1), text_mask)
                choices += barred
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
                label = labels.snap(text)
                if label is not None:  # a header label read with a character or three wrong
                    rereads.append(Reread(*box_pt, label, 0, lexicon.Choice(0, text, label, round(score, 2), 0.0, 0.0,
                                                                             why="label")))
                    text = label
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
                lines.append(OCRLine(*line_pt, read, text, float(score)))
                size = (ty1 - ty0) * sy / 0.9
                cuts = [v.pos for v in vsegs if tx0 < v.pos < tx1 and v.a0 <= (ty0 + ty1) / 2 <= v.a1]
                for c in chars_across_rules(text, (tx0, ty0, tx1, ty1), text_mask, cuts, sx, sy, size):
                    chars.append(c)
                    confs.append(float(score))
    hrules = [HRule(round(s.a0 * sx, 2), round(s.a1 * sx, 2), round(s.pos * sy, 2)) for s in hsegs]
    vrules = [VRule(round(s.pos * sx, 2), round(s.a0 * sy, 2), round(s.a1 * sy, 2)) for s in vsegs]
    return OCRPageText(number, width, height, chars, hrules, vrules, dpi=dpi, skew=skew, confidences=confs,
                       marks=marks, rereads=rereads, unsure=doubts, seconds=time.perf_counter() - t0,
                       lines=lines)


def image_dpi(page) -> Optional[float]:
    """The resolution the page's scan was made at: its largest image's pixels per inch of page
    (None when the page holds no image with a known pixel size)."""
    best = None
    for im in getattr(page, "images", []):
        size = im.get("srcsize")
        w_pt = float(im.get("x1", 0)) - float(im.get("x0", 0))
        if not size or w_pt <= 0 or not size[0]:
            continue
        area = w_pt * (float(im.get("bottom", 0)) - float(im.get("top", 0)))
        if best is None or area > best[0]:
            best = (area, float(size[0]) * 72.0 / w_pt)
    return None if best is None else best[1]


def render_dpi(page) -> int:
    """The resolution to read a scanned page at: the scan's own, held to MAX_DPI (more pixels cost
    time and add nothing the recogniser uses); a scan below MIN_DPI is upscaled to UPSCALE_DPI before
    recognition (its glyphs are read far better so). RENDER_DPI when the scan's resolution is
    unknown, or when EXTRACTOR_OCR_DPI fixes it."""
    if "EXTRACTOR_OCR_DPI" in os.environ:
        return RENDER_DPI
    native = image_dpi(page)
    if native is None:
        return RENDER_DPI
    if native < MIN_DPI - 0.5:
        return UPSCALE_DPI
    return int(round(min(MAX_DPI, native)))


def ocr_page(page, number: int, dpi: Optional[int] = None) -> OCRPageText:
    """OCR one pdfplumber page (at `render_dpi(page)` unless `dpi` is given); the time it took is
    the result's `seconds`, and is reported to the progress hook (`progress.reporting`)."""
    t0 = time.perf_counter()
    dpi = dpi or render_dpi(page)
    grey = render(page, dpi)
    try:
        result = ocr_image(grey, dpi, number, float(page.width), float(page.height))
    except InputError:
        raise
    except Exception as e:  # onnxruntime and opencv raise their own kinds
        raise InputError(f"page {number}: OCR failed ({type(e).__name__}: {e})") from None
    result.seconds = time.perf_counter() - t0  # rendering included
    count = len(getattr(getattr(page, "pdf", None), "pages", []) or []) or number
    progress.report(number, count, result.seconds)
    return result


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
