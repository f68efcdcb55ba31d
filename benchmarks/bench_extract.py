"""Seconds per page: our whole extraction vs bare pdfplumber `extract_words`, same file, same process.

    python benchmarks/bench_extract.py [FILE.pdf] [--repeat 5]

Prints both and their ratio (target: ≤ 1.5). A benchmark, not a test: timings
depend on the machine, the ratio much less.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pdfplumber

from extractor.pipeline import extract_pdf

ROOT = Path(__file__).resolve().parent.parent


def bare_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


def ours(path: Path) -> int:
    source, _ = extract_pdf(path)
    return len(source.pages)


def timed(fn, path: Path, repeat: int) -> tuple[float, int]:
    times = []
    pages = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        pages = fn(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path,
                    default=[ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf",
                             ROOT / "fixtures" / "conghua-hrss-2024-header-ruled.pdf"])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for path in args.files:
        ours(path), bare_pdfplumber(path)  # warm imports and caches alike
        # Interleave so that drift in machine load hits both the same.
        base, pages = timed(bare_pdfplumber, path, args.repeat)
        mine, _ = timed(ours, path, args.repeat)
        print(f"{path.name}: {pages} pages; pdfplumber extract_words {base / pages:.4f} s/page; "
              f"extractor {mine / pages:.4f} s/page; ratio {mine / base:.2f}")


if __name__ == "__main__":
    main()
