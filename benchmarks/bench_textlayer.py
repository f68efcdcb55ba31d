"""Reading a clean text PDF with the text-layer judge (read_pdf today) vs the old path (text layer
plus the old `needs_ocr` test only), same file, same process, alternating runs.

    python benchmarks/bench_textlayer.py [FILE.pdf] [--repeat 7]

Prints both medians and their ratio (target: ≈ 1.0; the judge reads each character once and looks
at the page's images, it must not OCR). Also asserts that no page of the file was sent to OCR.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pdfplumber

from extractor.source import ocr
from extractor.source import pdf as read

ROOT = Path(__file__).resolve().parent.parent


def old_path(path: Path) -> int:
    """read_pdf as it was before the judge: the text layer, OCR only where needs_ocr says so."""
    with pdfplumber.open(path) as pdf:
        pages = [read._page_text(p, i + 1) for i, p in enumerate(pdf.pages)]
        scanned = [i for i, p in enumerate(pdf.pages) if ocr.needs_ocr(p, pages[i])]
        for i in scanned:
            pages[i] = ocr.ocr_page(pdf.pages[i], i + 1)
    read.sha256_of(path)
    return len(pages)


def with_judge(path: Path) -> int:
    source = read.read_pdf(path)
    used = [r.used for r in source.readings]
    assert used == ["text"] * len(source.pages), f"a clean text PDF went to OCR: {used}"
    return len(source.pages)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", type=Path, default=ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    times: dict[str, list[float]] = {"old": [], "judge": []}
    pages = 0
    with_judge(args.file)  # warm up: imports, font caches
    for _ in range(args.repeat):
        for name, fn in (("old", old_path), ("judge", with_judge)):
            t0 = time.perf_counter()
            pages = fn(args.file)
            times[name].append(time.perf_counter() - t0)
    old, judge = statistics.median(times["old"]), statistics.median(times["judge"])
    print(f"{args.file.name}: {pages} pages; old path {old / pages * 1000:.1f} ms/page, "
          f"with the judge {judge / pages * 1000:.1f} ms/page; ratio {judge / old:.3f} (median of {args.repeat})")


if __name__ == "__main__":
    main()
