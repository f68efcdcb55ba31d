"""Seconds per page for the OCR path (render + deskew + rules + detect + recognise), against bare
pdfplumber text extraction of the text-layer PDF of the same pages, in the same process.

    python benchmarks/bench_ocr.py                        # the scanned seed, at the default dpi
    python benchmarks/bench_ocr.py --dpi 100 150 200      # the resolution trade-off
    python benchmarks/bench_ocr.py --dpi 150 200 --accuracy   # … with accuracy (slower)
    python benchmarks/bench_ocr.py --pages 1-3            # fewer pages

Prints, per dpi: wall and CPU seconds per page, the ratio to pdfplumber `extract_words` on
the text PDF, and with --accuracy the character error rate of the OCR'd cells against the
text PDF (raw, and with ；/： and 、/. folded: the confusions the repair stage handles) and the
extraction's field F1 against the gold (lowest field and micro). A benchmark, not a test:
seconds depend on the machine and its load (onnxruntime threads: EXTRACTOR_OCR_THREADS).
"""

from __future__ import annotations

import argparse
import statistics
import time
import unicodedata
from bisect import bisect
from pathlib import Path

import pdfplumber

from extractor.source import ocr
from extractor.source import pdf as read

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "fixtures" / "conghua-hrss-2024-scan.pdf"
TEXT = ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf"
GOLD = ROOT / "eval" / "gold" / "conghua-hrss-2024.json"


def pages_arg(spec: str | None, n: int) -> list[int]:
    if not spec:
        return list(range(1, n + 1))
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return [p for p in out if 1 <= p <= n]


def bare_pdfplumber(path: Path, pages: list[int]) -> float:
    t0 = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for n in pages:
            pdf.pages[n - 1].extract_words()
    return time.perf_counter() - t0


def cells(page: read.PageText, xs: list[float], ys: list[float]) -> dict[tuple[int, int], str]:
    """Text of each grid cell (cut at the text PDF's rulings), lines top to bottom."""
    by_cell: dict[tuple[int, int], list[read.Char]] = {}
    for c in page.chars:
        if c.text.strip():
            by_cell.setdefault((bisect(ys, (c.top + c.bottom) / 2), bisect(xs, (c.x0 + c.x1) / 2)), []).append(c)
    out = {}
    for key, chars in by_cell.items():
        chars.sort(key=lambda c: c.top)
        lines: list[list[read.Char]] = []
        for c in chars:
            if lines and abs(c.top - lines[-1][0].top) < 0.5 * max(c.size, 1.0):
                lines[-1].append(c)
            else:
                lines.append([c])
        out[key] = "".join("".join(c.text for c in sorted(line, key=lambda c: c.x0)) for line in lines)
    return out


def cer(ocr_page: read.PageText, text_page: read.PageText) -> tuple[int, int, int]:
    """(errors, errors with ；/： and 、/. folded, reference characters), cell by cell."""
    from rapidfuzz.distance import Levenshtein

    xs = sorted({round(r.x, 1) for r in text_page.vrules})
    ys = sorted({round(r.y, 1) for r in text_page.hrules})
    a, b = cells(text_page, xs, ys), cells(ocr_page, xs, ys)
    nfkc = lambda s: unicodedata.normalize("NFKC", s)  # noqa: E731
    fold = lambda s: nfkc(s).replace(";", ":").replace("、", ".")  # noqa: E731
    raw = folded = total = 0
    for key in set(a) | set(b):
        g, o = a.get(key, ""), b.get(key, "")
        raw += Levenshtein.distance(nfkc(g), nfkc(o))
        folded += Levenshtein.distance(fold(g), fold(o))
        total += len(g)
    return raw, folded, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scan", nargs="?", type=Path, default=SCAN)
    ap.add_argument("--text", type=Path, default=TEXT, help="the text-layer PDF of the same pages")
    ap.add_argument("--dpi", type=int, nargs="+", default=[ocr.RENDER_DPI])
    ap.add_argument("--pages", help="e.g. 1-3,7 (default: all)")
    ap.add_argument("--accuracy", action="store_true", help="also CER against the text PDF and field F1 against the gold")
    args = ap.parse_args()

    t0 = time.perf_counter()
    ocr.engine()
    print(f"engine load {time.perf_counter() - t0:.2f} s (once per process); threads {ocr.THREADS}, det at {ocr.DET_DPI} dpi")
    with pdfplumber.open(args.scan) as scan, pdfplumber.open(args.text) as text:
        pages = pages_arg(args.pages, len(scan.pages))
        text_pages = {n: read._page_text(text.pages[n - 1], n) for n in pages} if args.accuracy else {}
        base = statistics.median(bare_pdfplumber(args.text, pages) for _ in range(3)) / len(pages)
        ocr.ocr_page(scan.pages[pages[0] - 1], pages[0], min(args.dpi))  # warm
        for dpi in args.dpi:
            walls, cpus, raw, folded, total = [], [], 0, 0, 0
            read_pages = []
            for n in pages:
                w0, c0 = time.perf_counter(), time.process_time()
                page = ocr.ocr_page(scan.pages[n - 1], n, dpi)
                walls.append(time.perf_counter() - w0)
                cpus.append(time.process_time() - c0)
                read_pages.append(page)
                if args.accuracy:
                    r, f, t = cer(page, text_pages[n])
                    raw, folded, total = raw + r, folded + f, total + t
            wall, cpu = sum(walls) / len(pages), sum(cpus) / len(pages)
            line = (f"{args.scan.name} at {dpi} dpi: {len(pages)} pages; OCR {wall:.2f} s/page wall, {cpu:.2f} s/page CPU "
                    f"(max {max(walls):.2f}); pdfplumber extract_words on {args.text.name} {base:.4f} s/page; "
                    f"ratio {wall / base:.0f}")
            if args.accuracy:
                line += f"; CER {raw / total:.4f}, folded {folded / total:.4f} ({total} chars)"
                if len(pages) == len(scan.pages) and GOLD.exists():
                    line += "; " + field_f1(args.scan, read_pages)
            print(line, flush=True)


def field_f1(path: Path, pages: list[read.PageText]) -> str:
    from extractor import checks as check
    from extractor.evaluation.harness import gold_from_json
    from extractor.pipeline import extract_source
    from extractor.evaluation.scoring import prf, score_document

    source = read.SourceFile(str(path), "", pages)
    try:
        doc = extract_source(source)
    except read.InputError as e:
        return f"extraction failed: {e}"
    s = score_document(check.run(gold_from_json(GOLD)), doc)
    table = s.table()
    low = min(table.items(), key=lambda kv: kv[1]["f1"])
    micro = prf(*[sum(c[i] for c in s.counts.values()) for i in range(3)])["f1"]
    return f"field F1 lowest {low[1]['f1']:.3f} ({low[0]}), micro {micro:.3f}"


if __name__ == "__main__":
    main()
