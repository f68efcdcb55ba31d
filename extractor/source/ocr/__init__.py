"""Read pages that have no usable text layer (scans) with RapidOCR, into the same plain
data as the text path: `pdf.Char`s and ruling lines in PDF points, top-left origin.

    page image ─render─► grey pixels at RENDER_DPI
               ─deskew─► rotation estimated from the long horizontal lines, undone
               ─flatten► ink told from paper on a copy with the lighting evened out
               ─det────► text line boxes (PP-OCR detector) on a copy scaled to DET_DPI
               ─rules──► long horizontal / vertical runs of dark pixels → HRule / VRule
                         (not through the middle of a text line box; then whitened, so that
                         text boxes do not run into them)
               ─rec────► each box's text (PP-OCR recogniser) from the full-resolution image
               ─orphans► glyph-sized ink no box took (a lone ） wrapped to its own line) → boxes;
                         a lone 。 wrapped under a line → its em box (kept if read as 。)
               ─rec────► also each character's second reading (CTC), for lexicon.reread,
                         fix_dot_dash (· or -, by the ink's width) and fix_comparators
                         (≥ or >, by the bar under the chevron)
               ─marks──► a ·, ‘ or ’ after a line's last glyph that the recogniser left out
                         (trailing marks tell projects of one name apart), read from the ink:
                         · at mid-height; a quote on top, ‘ or ’ by where its ink's weight sits;
                         a round 。 on the line's foot; a 、 or ， before a line's first glyph,
                         by its slant
               ─chars──► each box split into per-character Chars: x interpolated across the
                         box's ink width (CJK full pitch, digits and Latin ~0.6 em, narrow
                         punctuation ~0.3), top/bottom from the ink inside the box; > or ＞,
                         ( or （ set by the clear space the ink leaves around the glyph

The layout stage reads the result unchanged. The models ship inside the rapidocr wheel and
run on CPU with onnxruntime; nothing is downloaded at run time. Install with
`pip install 'budget-extractor[ocr]'`.

Errors are `pdf.InputError` with a one-line reason (OCR not installed, a page image that
cannot be rendered); a page the recogniser finds nothing on simply has no chars.

Files: recogniser (engine, CTC readings), image (pixels, skew, crops), rulings, glyphs (chars of a
line), marks (what the recogniser drops), page (the steps above, per page), progress (a per-page hook:
`with ocr.reporting(callback): read_pdf(path)`; by default a line on stderr when it is a terminal).
"""

from extractor.source.ocr.glyphs import (char_width, chars_for_box, fix_comparators, fix_dot_dash, fix_widths,
                                         restore_quote_pair)
from extractor.source.ocr.image import estimate_skew, flatten, ink_mask, lone_stops, orphans, render, rotate
from extractor.source.ocr.marks import UNCLEAR_MARGIN, Mark, leading_mark, trailing_mark
from extractor.source.ocr.page import (DET_DPI, MAX_DPI, MIN_DPI, RENDER_DPI, UPSCALE_DPI, OCRPageText, Reread, Unsure, image_dpi,
                                       needs_ocr, ocr_image, ocr_page, render_dpi)
from extractor.source.ocr.progress import reporting
from extractor.source.ocr.recogniser import THREADS, engine, recognise
from extractor.source.ocr.rulings import find_rules
