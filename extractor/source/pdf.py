"""Read a PDF into plain data: every page's characters with their boxes, and its ruling lines.

Nothing here knows about budget tables. Bad input raises `InputError` with one
line that says what is wrong; nothing else escapes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect, PDFEncryptionError
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from extractor.source.page import Char, HRule, InputError, PageText, SourceFile, VRule  # noqa: F401  (re-exported)
from extractor.source import textlayer


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_bytes(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file")
    if path.is_dir():
        raise InputError("is a directory, not a PDF file")
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file (0 bytes)")
    with open(path, "rb") as f:
        head = f.read(1024)
        f.seek(max(0, size - 2048))
        tail = f.read()
    if b"%PDF-" not in head:
        raise InputError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise InputError("truncated or damaged PDF (no %%EOF marker at the end)")


# A rect thinner than this is a ruling line drawn as a filled box.
_THIN = 2.0


def _page_text(page, number: int) -> PageText:
    seen = set()
    chars = []
    for c in page.chars:
        text = c["text"]
        if not text or text in "\r\n":
            continue
        # Fake-bold PDFs draw each glyph twice at (almost) the same place.
        key = (text, round(c["x0"]), round(c["top"]))
        if key in seen:
            continue
        seen.add(key)
        chars.append(Char(text, c["x0"], c["top"], c["x1"], c["bottom"], c.get("size", 0.0)))
    hrules, vrules = [], []

    def add(x0, top, x1, bottom):
        if bottom - top <= _THIN and x1 - x0 > _THIN:
            hrules.append(HRule(x0, x1, (top + bottom) / 2))
        elif x1 - x0 <= _THIN and bottom - top > _THIN:
            vrules.append(VRule((x0 + x1) / 2, top, bottom))
        elif x1 - x0 > _THIN and bottom - top > _THIN:
            # A stroked cell border: its four edges.
            hrules.extend([HRule(x0, x1, top), HRule(x0, x1, bottom)])
            vrules.extend([VRule(x0, top, bottom), VRule(x1, top, bottom)])

    for obj in page.objects.get("line", []):
        add(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    for obj in page.objects.get("rect", []):
        add(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    return PageText(number, float(page.width), float(page.height), chars, hrules, vrules)


def _ocr():
    from extractor.source import ocr as module  # numpy and rapidocr load only for scans

    return module


class _LazyOCR:
    """extractor.source.ocr, imported on first use (a born-digital PDF never loads it)."""

    def __getattr__(self, name):
        return getattr(_ocr(), name)


def read_pdf(path: str | Path, ocr: bool = True, progress=None) -> SourceFile:
    """Every page's characters and ruling lines; pages without a usable text layer are read by
    OCR (unless `ocr` is false). Raises InputError for bad input.

    `progress(page, pages)` is called as each page is OCR'd (OCR takes seconds a page); without it,
    a line per OCR'd page goes to stderr when stderr is a terminal (`ocr.progress`)."""
    if progress is None:
        return _read_pdf(Path(path), ocr)
    with _ocr().reporting(lambda number, count, seconds: progress(number, count)):
        source = _read_pdf(Path(path), ocr)
    progress(len(source.pages), len(source.pages))  # text pages are not reported one by one: all done
    return source


def _read_pdf(path: Path, ocr: bool) -> SourceFile:
    scanned: list[int] = []
    _check_bytes(path)
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_page_text(p, i + 1) for i, p in enumerate(pdf.pages)]
            # Pages whose text layer cannot be trusted (none, cid/PUA fonts, a scanner's poor invisible
            # layer) are read by OCR (extractor/source/textlayer.py judges, extractor/source/ocr.py reads).
            readings = [textlayer.Reading(p.number) for p in pages]
            if ocr:
                pages, readings = textlayer.read_pages(pdf.pages, pages, _LazyOCR())
            scanned = [r.page - 1 for r in readings if r.used == "ocr"]
    except InputError:
        raise
    except PDFPasswordIncorrect:
        raise InputError("encrypted PDF: it needs a password to open") from None
    except PDFEncryptionError as e:
        raise InputError(f"encrypted PDF that cannot be opened ({e})") from None
    except (PDFSyntaxError, PSException) as e:
        raise InputError(f"damaged PDF: {e}") from None
    except Exception as e:  # pdfminer raises many kinds on broken files; pdfplumber wraps them
        inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(inner, PDFPasswordIncorrect):
            raise InputError("encrypted PDF: it needs a password to open") from None
        if isinstance(inner, PDFEncryptionError):
            raise InputError(f"encrypted PDF that cannot be opened ({inner})") from None
        if isinstance(inner, (PDFSyntaxError, PSException)):
            raise InputError(f"damaged PDF: {inner}") from None
        raise InputError(f"unreadable PDF: {type(inner).__name__}: {inner}") from None
    if not pages:
        raise InputError("PDF has no pages")
    if not any(c.text.strip() for p in pages for c in p.chars):
        if scanned:
            raise InputError(f"no text layer on any of its {len(pages)} page(s), and OCR read no text in the page "
                             f"image(s) of page(s) {', '.join(str(i + 1) for i in scanned)}: blank, or too poor a scan")
        raise InputError(f"no text layer on any of its {len(pages)} page(s), and no page image to OCR: blank")
    return SourceFile(str(path), sha256_of(path), pages, readings)
