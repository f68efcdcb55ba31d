"""OCR seconds per page, ours against RapidOCR's own detection + recognition on the same page
images, in one run (the issue's bar: ours within 1.3×).

    python benchmarks/bench_ocr_vs_rapidocr.py SCAN.pdf [--pages 1-3]

For each page: ours is `ocr.ocr_page` (render at `ocr.render_dpi`, deskew, rulings, detect, recognise,
marks); RapidOCR's own is one `RapidOCR()(image)` call (det + rec, no classifier, the same onnxruntime
threads) on the page rendered at the scan's own resolution, and again at ours. CPU seconds are
reported beside wall seconds: on a shared machine, the wall clock measures the neighbours too.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extractor.source import ocr  # noqa: E402


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scan", type=Path)
    ap.add_argument("--pages", default="1-2")
    args = ap.parse_args()
    lo, _, hi = args.pages.partition("-")
    numbers = range(int(lo), int(hi or lo) + 1)
    from rapidocr import RapidOCR

    theirs = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error",
                              "EngineConfig.onnxruntime.intra_op_num_threads": ocr.THREADS,
                              "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    ocr.engine()
    totals = {"ours": [0.0, 0.0], "rapidocr@scan": [0.0, 0.0], "rapidocr@ours": [0.0, 0.0]}
    with pdfplumber.open(args.scan) as pdf, ocr.reporting(None):
        for n in numbers:
            page = pdf.pages[n - 1]
            native = int(round(ocr.image_dpi(page) or ocr.RENDER_DPI))
            ours_dpi = ocr.render_dpi(page)
            _, w, c = _timed(lambda: ocr.ocr_page(page, n))
            totals["ours"][0] += w
            totals["ours"][1] += c
            for key, dpi in (("rapidocr@scan", native), ("rapidocr@ours", ours_dpi)):
                img = np.dstack([ocr.render(page, dpi)] * 3)
                _, w2, c2 = _timed(lambda: theirs(img, use_det=True, use_cls=False, use_rec=True))
                totals[key][0] += w2
                totals[key][1] += c2
            print(f"page {n}: scan {native} dpi, ours at {ours_dpi}: ours {w:.1f} s wall {c:.1f} s CPU; "
                  f"rapidocr {totals['rapidocr@scan'][0]:.1f}/{totals['rapidocr@ours'][0]:.1f} s so far", flush=True)
    k = len(numbers)
    for key, (w, c) in totals.items():
        print(f"{key:14} {w / k:6.2f} s/page wall {c / k:6.2f} s/page CPU")
    for key in ("rapidocr@scan", "rapidocr@ours"):
        print(f"ours / {key}: {totals['ours'][0] / totals[key][0]:.2f}× wall, {totals['ours'][1] / totals[key][1]:.2f}× CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
