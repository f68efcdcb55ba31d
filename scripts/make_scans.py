#!/usr/bin/env python3
"""Make image-only ("scanned") renderings of text-layer fixtures, for the OCR path.

Each page is rendered to a grey image at --dpi (default 200), turned by a slight skew
(0.5°–1°, sign alternating from page to page), given a little blur, sensor noise and a
greyish paper, then packed as a multi-page JPEG PDF with no text layer (Pillow).
Deterministic: the same input and seed give the same file.

    python scripts/make_scans.py                         # every default fixture below that exists
    python scripts/make_scans.py fixtures/x.pdf --out fixtures/x-scan.pdf --dpi 150

Default fixtures: conghua-hrss-2024-grid.pdf → conghua-hrss-2024-scan.pdf, and each
fixtures/forms-<name>.pdf (not its -unmerged / -split-late variants) → forms-<name>-scan.pdf.
Needs only pdfplumber (pypdfium2), Pillow and numpy.
"""

from __future__ import annotations

import argparse
import io
import random
import re
from pathlib import Path

import numpy as np
import pdfplumber
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MAX_BYTES = 8_000_000


def default_jobs() -> list[tuple[Path, Path]]:
    jobs = [(FIXTURES / "conghua-hrss-2024-grid.pdf", FIXTURES / "conghua-hrss-2024-scan.pdf")]
    for f in sorted(FIXTURES.glob("forms-*.pdf")):
        if re.search(r"-(scan|unmerged|split-late)[^/]*\.pdf$", f.name):
            continue
        jobs.append((f, f.with_name(f.stem + "-scan.pdf")))
    return [(a, b) for a, b in jobs if a.exists()]


def scan_page(img: Image.Image, angle: float, rng: np.random.Generator) -> Image.Image:
    """A clean greyscale page → what a cheap office scanner makes of it."""
    g = img.convert("L")
    # Paper is not white and toner is not black.
    a = np.asarray(g, dtype=np.float32)
    a = 28 + a * (236 - 28) / 255.0
    g = Image.fromarray(a.clip(0, 255).astype(np.uint8))
    g = g.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=236)
    g = g.filter(ImageFilter.GaussianBlur(radius=0.6))
    a = np.asarray(g, dtype=np.float32)
    a += rng.normal(0.0, 7.0, a.shape)  # sensor noise
    # A faint uneven illumination from left to right.
    a += np.linspace(-6, 6, a.shape[1], dtype=np.float32)[None, :]
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def make_scan(src: Path, out: Path, dpi: int = 200, quality: int = 65, seed: int = 2024) -> dict:
    rng = np.random.default_rng(seed)
    angles = random.Random(seed)
    pages = []
    with pdfplumber.open(src) as pdf:
        for i, page in enumerate(pdf.pages):
            clean = page.to_image(resolution=dpi).original
            angle = angles.uniform(0.5, 1.0) * (1 if i % 2 == 0 else -1)
            pages.append((scan_page(clean, angle, rng), angle))
    # Pillow writes each page as one JPEG (DCTDecode) image: no fonts, no text.
    first, rest = pages[0][0], [p for p, _ in pages[1:]]
    buf = io.BytesIO()
    first.save(buf, "PDF", save_all=True, append_images=rest, resolution=float(dpi), quality=quality,
               title=f"scan of {src.name}", producer="scripts/make_scans.py")
    data = buf.getvalue()
    if len(data) > MAX_BYTES:
        raise SystemExit(f"{out.name}: {len(data)} bytes is over {MAX_BYTES}; lower --quality or --dpi")
    out.write_bytes(data)
    return {"pages": len(pages), "bytes": len(data), "angles": [round(a, 2) for _, a in pages]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", nargs="?", type=Path, help="a text-layer PDF (default: the bundled fixtures)")
    ap.add_argument("--out", type=Path, help="output PDF (default: SRC with -scan)")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--quality", type=int, default=65, help="JPEG quality")
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    if args.src:
        jobs = [(args.src, args.out or args.src.with_name(args.src.stem + "-scan.pdf"))]
    else:
        jobs = default_jobs()
    for src, out in jobs:
        info = make_scan(src, out, dpi=args.dpi, quality=args.quality, seed=args.seed)
        with pdfplumber.open(out) as pdf:  # read back: images only, no chars
            chars = sum(len(p.chars) for p in pdf.pages)
        print(f"{src.name} → {out.name}: {info['pages']} pages at {args.dpi} dpi, {info['bytes'] / 1e6:.2f} MB, "
              f"{chars} text chars, skew {info['angles']}")


if __name__ == "__main__":
    main()
