"""Judge a page's text layer (文字层) before trusting it, and choose per page between it and OCR.

A text layer can be wrong in two ways the old test (`ocr.needs_ocr`: almost no characters)
never saw:

- a scanner's invisible OCR layer over the page image ("searchable PDF"), often poor:
  look-alike ideographs, dropped characters, ASCII punctuation, altered digits, ≥ read as 2;
- fonts without a usable Unicode map: the text comes out as `(cid:N)` tokens, private-use
  characters, or Latin letters where a Chinese table should be.

Per page:

    text layer ─judge_chars─► unusable (cid / PUA / stray characters)  → OCR the rendered page
               │                                                         (even with no image on it)
               └ page image covering it? ─► OCR it too; check both readings the way the pipeline
                                            will (indicator cells against the grammar, amounts
                                            against 总计 = Σ sources); keep the one with fewer
                                            failures; a tie goes to the text layer only when the
                                            two agree (same characters)
    otherwise (a born-digital page) ────────► the text layer, no OCR: the fast path stays fast.

The outcome per page is a `Reading` (which one was used, score, reasons); amounts on which the
two readings disagree become TEXT_LAYER_AMOUNT findings (see `findings`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pdf.py imports this module: no import back at run time
    from extractor.source.page import PageText

#: A page image covering this share of the page makes the page a scan (as in ocr.needs_ocr).
IMAGE_COVER = 0.3
#: Share of visible characters that are bad (cid, PUA, stray) from which a layer is unusable.
UNUSABLE_SHARE = 0.05
#: Two readings agreeing at least this much (bag of characters) are taken as the same reading, and
#: a tie in failed checks then goes to the text layer. Seen on the seed's page 1: an exact layer over
#: its scan agrees 0.968 with OCR; a layer with 8 % of ideographs misread or dropped, 0.92.
AGREE = 0.95

_NO_LAYER = "no text layer to speak of"


@dataclass
class Checks:
    """How one reading of a page fares under the pipeline's checks."""

    cells: int = 0  # indicator items (or cells without any item) checked
    cell_failures: int = 0
    amounts: int = 0  # amount cells checked (parse and 总计 = Σ sources)
    amount_failures: int = 0
    # (row top, row bottom, column index, column label, amount as read: None when unreadable)
    values: list[tuple[float, float, int, str, Optional[Decimal]]] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return self.cells + self.amounts

    @property
    def failures(self) -> int:
        return self.cell_failures + self.amount_failures


@dataclass
class Reading:
    """Which reading of a page was used (`used`: "text" or "ocr"), with the evidence."""

    page: int
    used: str = "text"
    score: float = 1.0  # the text layer's score: 1 clean … 0 unusable
    reasons: list[str] = field(default_factory=list)
    text_failures: Optional[int] = None  # failed checks, text layer / OCR (when both were read)
    ocr_failures: Optional[int] = None
    agreement: Optional[float] = None  # bag-of-characters agreement of the two readings
    disagreements: list[str] = field(default_factory=list)  # amounts the two read differently

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


# ---------------------------------------------------------------- characters


# A character a Chinese budget table may hold: ASCII, CJK ideographs (unified, extension A), CJK
# punctuation and full-width forms, general punctuation, letterlike symbols, number forms, arrows,
# maths (≥ ≤ ±), circled numbers, enclosed CJK and squared units (㎡), CJK compatibility forms, and
# a few Latin-1 signs (· × ° ²).
_ALLOWED = ("\u0020-\u007e\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2000-\u206f"
            "\u2100-\u22ff\u2460-\u24ff\u3200-\u33ff\ufe30-\ufe4f·×÷°±²³µ¼½¾§¨")
_OUTSIDE = re.compile(f"[^{_ALLOWED}]")


def _private(ch: str) -> bool:
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or o >= 0xF0000


def judge_chars(text: PageText) -> Reading:
    """The text layer's characters alone: (cid:N) tokens, private-use, replacement or control
    characters, characters outside any range a Chinese table uses, a page of Latin letters.
    One pass of a regular expression over the page: a clean page costs next to nothing."""
    visible = [c.text for c in text.chars if c.text.strip()]
    reading = Reading(text.number)
    if not visible:
        return reading
    n = len(visible)
    cid = sum(1 for t in visible if "(cid:" in t)
    single = "".join(t for t in visible if len(t) == 1)
    odd = _OUTSIDE.findall(single)
    pua = sum(1 for t in odd if _private(t))
    broken = sum(1 for t in odd if not _private(t) and (t == "\ufffd" or unicodedata.category(t) in ("Cc", "Cs", "Cn")))
    stray = len(odd) - pua - broken
    latin = len(re.findall("[A-Za-z]", single))
    cjk = len(re.findall("[\u3400-\u9fff]", single))
    bad = cid + pua + broken + stray
    for count, what in ((cid, "(cid:N) tokens"), (pua, "private-use characters"),
                        (broken, "replacement or control characters"),
                        (stray, "characters outside the CJK, ASCII and punctuation ranges")):
        if count:
            reading.reasons.append(f"{count} of {n} characters are {what}")
    reading.score = max(0.0, 1.0 - bad / n)
    # A Chinese table read as mostly Latin letters: a font whose codes fell on a Latin encoding.
    latin_page = n >= 50 and latin > 0.4 * n and cjk < 0.1 * n
    if latin_page:
        reading.reasons.append(f"{latin} of {n} characters are Latin letters and only {cjk} are CJK")
        reading.score = min(reading.score, 0.2)
    if (bad >= 5 and bad >= UNUSABLE_SHARE * n) or latin_page:
        reading.score = min(reading.score, 0.5)
        reading.reasons.append("text layer unusable")
    return reading


def unusable(reading: Reading) -> bool:
    return "text layer unusable" in reading.reasons


def image_cover(page) -> float:
    """Share of the pdfplumber page covered by its images."""
    area = float(page.width) * float(page.height) or 1.0
    covered = 0.0
    for im in page.images:
        x0, x1 = max(0.0, float(im["x0"])), min(float(page.width), float(im["x1"]))
        t, b = max(0.0, float(im["top"])), min(float(page.height), float(im["bottom"]))
        covered += max(0.0, x1 - x0) * max(0.0, b - t)
    return min(1.0, covered / area)


def agreement(a: PageText, b: PageText) -> float:
    """How alike two readings are, as bags of non-blank characters (order and place aside:
    a scan is skewed, a layer is not): 1 the same characters, 0 nothing in common."""
    ca = Counter(c.text for c in a.chars if c.text.strip())
    cb = Counter(c.text for c in b.chars if c.text.strip())
    total = sum(ca.values()) + sum(cb.values())
    return 1.0 if total == 0 else 2 * sum((ca & cb).values()) / total


# ---------------------------------------------------------------- checks


def check_reading(page: PageText, header: Optional[PageText] = None, repaired: bool = False) -> Checks:
    """The page's rows checked as the pipeline will: each indicator item against the grammar and
    the level vocabulary, each amount parsed, each row's 总计 against the sum of its sources.
    `header`: a page whose table header gives the columns when this page has none (a
    continuation page). `repaired`: run the OCR repairs on indicator text first, as the pipeline
    does for OCR pages. A page with no table we know gives empty Checks."""
    from extractor.layouts.wide import table as layout

    pages = [page]
    if header is not None and header is not page:
        pages = [dataclasses.replace(header, number=-1), page]
    try:
        tbl = layout.build_table(pages)
    except layout.LayoutError:
        return Checks()
    cols = tbl.columns
    out = Checks()
    for row in tbl.rows:
        if row.page != page.number:
            continue
        _check_cells(row, cols, repaired, out)
        _check_amounts(row, cols, out)
    return out


def _check_cells(row, cols, repaired: bool, out: Checks) -> None:
    from extractor.indicators import parse_cell
    from extractor.layouts.repairs import repair_indicator_text
    from extractor.normalize import join_lines
    from extractor.vocabulary import LEVEL1, LEVEL2

    for ci, col in enumerate(cols):
        if col.kind != "indicators":
            continue
        text = join_lines([l.text for l in row.cells.get(ci, [])]) if row.cells.get(ci) else ""
        if not text.strip():
            continue
        if repaired:
            text, _ = repair_indicator_text(text)
        indicators, problems = parse_cell(text)
        if not indicators:
            out.cells += 1
            out.cell_failures += 1
            continue
        out.cells += len(indicators)
        failed = {p.message.split(":")[0] for p in problems}
        for ind in indicators:
            bad = f"indicator {ind.seq}" in failed
            bad |= ind.level1_code is not None and LEVEL1.get(ind.level1_code) != (ind.level1 or "").strip()
            bad |= ind.level2_code is not None and LEVEL2.get(ind.level2_code) != (ind.level2 or "").strip()
            out.cell_failures += bad
        # Problems not tied to one item (text before the first item, values off the grammar).
        out.cell_failures += sum(1 for p in problems if not p.message.startswith("indicator "))


def _check_amounts(row, cols, out: Checks) -> None:
    from extractor.layouts.wide.records import parse_amount

    total, sources, seen = None, [], False
    for ci, col in enumerate(cols):
        if col.kind not in ("total", "source"):
            continue
        text = row.text(ci)
        if not text:
            continue
        value = parse_amount(text)
        out.values.append((row.top, row.bottom, ci, col.label, value))
        out.amounts += 1
        seen = True
        if value is None:
            out.amount_failures += 1
        elif col.kind == "total":
            total = value
        else:
            sources.append(value)
    if seen and total is not None and sources and sum(sources) != total:
        out.amount_failures += 1  # 总计 ≠ Σ sources: one of them is misread


def _rows_overlap(a: tuple, b: tuple) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0.5 * min(a[1] - a[0], b[1] - b[0], 1e9) if min(a[1] - a[0], b[1] - b[0]) > 0 else False


def amount_disagreements(text: Checks, ocr: Checks) -> list[str]:
    """Amounts the two readings read differently in the same row and column (by position: a
    corrupted layer misreads the labels too): 'column: text layer a, page image b'."""
    out = []
    used = set()
    for top, bottom, ci, _, value in text.values:
        for k, (otop, obottom, oci, olabel, ovalue) in enumerate(ocr.values):
            if k in used or oci != ci or not _rows_overlap((top, bottom), (otop, obottom)):
                continue
            used.add(k)
            if value != ovalue:
                show = lambda v: "unreadable" if v is None else format(v, "f")  # noqa: E731
                out.append(f"{olabel}: text layer {show(value)}, page image {show(ovalue)}")
            break
    return out


# ---------------------------------------------------------------- choosing


def penalised_failures(mine: Checks, other: Checks) -> int:
    """Failures, plus one for each check this reading could not even make that the other made
    (rows or items it lost)."""
    return mine.failures + max(0, other.checked - mine.checked)


def choose(reading: Reading, text: PageText, ocr: PageText, header_text: Optional[PageText],
           header_ocr: Optional[PageText]) -> PageText:
    """Keep the reading of a page that passes the checks better; fill in `reading`."""
    ct = check_reading(text, header_text)
    co = check_reading(ocr, header_ocr, repaired=True)
    reading.text_failures, reading.ocr_failures = penalised_failures(ct, co), penalised_failures(co, ct)
    reading.agreement = round(agreement(text, ocr), 3)
    # A layer whose header labels are corrupted reads as no table of its own; its amounts are
    # still compared with OCR's, cut by the columns OCR found on the same page (same points).
    cut = ct if ct.values or not co.values else check_reading(_under_header_of(ocr, text), header_ocr)
    reading.disagreements = amount_disagreements(cut, co)
    if reading.text_failures < reading.ocr_failures or (
            reading.text_failures == reading.ocr_failures and reading.agreement >= AGREE):
        reading.used = "text"
    else:
        reading.used = "ocr"
    reading.reasons.append(
        f"text layer and page image both read: {reading.text_failures} failed checks in the text layer, "
        f"{reading.ocr_failures} in the OCR reading, {reading.agreement:.0%} of characters agree; "
        f"{reading.used} kept")
    if reading.used == "ocr" and reading.agreement < AGREE:
        reading.score = min(reading.score, reading.agreement)
    return ocr if reading.used == "ocr" else text


def _under_header_of(ocr: PageText, text: PageText) -> PageText:
    """The text layer's characters below OCR's table header, under OCR's header: a page whose
    columns are those the image shows and whose cells are those the layer holds."""
    from extractor.layouts.wide.header import find_header

    header = find_header(ocr)
    if header is None:
        return text
    chars = [c for c in ocr.chars if c.bottom <= header.bottom + 1] + [c for c in text.chars if c.top > header.bottom + 1]
    return dataclasses.replace(text, chars=chars)


def with_rules_of(text: PageText, ocr: PageText) -> PageText:
    """A text layer over a scan has no ruling lines (they are in the image): it borrows those OCR
    found on the same page, so that its rows are cut as the OCR reading's are."""
    if text.hrules or text.vrules or not (ocr.hrules or ocr.vrules):
        return text
    return dataclasses.replace(text, hrules=list(ocr.hrules), vrules=list(ocr.vrules))


def _has_header(page: PageText) -> bool:
    from extractor.layouts.wide.header import find_header

    return find_header(page) is not None


def _ocr_instead(ocr_module, plumber_page, number: int, reading: Reading) -> Optional[PageText]:
    """OCR of the page, or None when OCR cannot run (not installed, a page image that will not
    render): a page that has a text layer then keeps it, with the reason noted."""
    from extractor.source.page import InputError

    try:
        return ocr_module.ocr_page(plumber_page, number)
    except InputError as e:
        reading.reasons.append(f"OCR could not read the page ({e}): text layer kept")
        return None


def read_pages(plumber_pages, pages: list[PageText], ocr_module) -> tuple[list[PageText], list[Reading]]:
    """Each page's reading: the text layer where it can be trusted, else OCR of the page image
    (rendered from the PDF when the page holds no image). `ocr_module` is extractor.source.ocr
    (passed in: it loads numpy and the OCR engine only when a page needs it)."""
    pages = list(pages)
    readings = [judge_chars(p) for p in pages]
    both: list[int] = []
    for i, (pp, p) in enumerate(zip(plumber_pages, pages)):
        r = readings[i]
        if ocr_module.needs_ocr(pp, p):
            r.reasons.append(_NO_LAYER + ": page image read by OCR")
            r.used, r.score = "ocr", 0.0
            pages[i] = ocr_module.ocr_page(pp, i + 1)  # nothing else to read: OCR errors are the file's
        elif unusable(r):
            o = _ocr_instead(ocr_module, pp, i + 1, r)
            if o is not None:
                r.reasons.append("page rendered and read by OCR")
                r.used, pages[i] = "ocr", o
        elif image_cover(pp) >= IMAGE_COVER:
            both.append(i)
        # else a born-digital page: trusted as it is, no OCR
    if both:
        ocr_pages = {i: o for i in both if (o := _ocr_instead(ocr_module, plumber_pages[i], i + 1, readings[i]))}
        both = [i for i in both if i in ocr_pages]
        for i in both:
            pages[i] = with_rules_of(pages[i], ocr_pages[i])
        # A continuation page has no header of its own: its columns come from the first page with one.
        first_text = next((p for p in pages if _has_header(p)), None)
        first_ocr = next((ocr_pages.get(i, p) for i, p in enumerate(pages) if _has_header(ocr_pages.get(i, p))),
                         first_text)
        for i in both:
            pages[i] = choose(readings[i], pages[i], ocr_pages[i], first_text or first_ocr, first_ocr)
    return pages, readings


def findings(readings: list[Reading]) -> list:
    """TEXT_LAYER_AMOUNT findings (an amount read differently by the text layer and the page image)
    and TEXT_LAYER_UNUSED (a page whose text layer was set aside), as models.Finding."""
    from extractor.findings import kind
    from extractor.models import Finding

    out = []
    for r in readings:
        if r.used == "ocr" and not any(x.startswith(_NO_LAYER) for x in r.reasons):
            k = kind("TEXT_LAYER_UNUSED")
            out.append(Finding(code=k.code, severity=k.severity, pages=[r.page],
                               message=f"page {r.page}: text layer set aside, page image read by OCR ("
                                       + "; ".join(r.reasons) + ")"))
        for d in r.disagreements:
            k = kind("TEXT_LAYER_AMOUNT")
            out.append(Finding(code=k.code, severity=k.severity, pages=[r.page],
                               message=f"page {r.page}: {d} ({r.used} kept)"))
    return out
