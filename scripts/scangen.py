#!/usr/bin/env python3
"""Seeded scan generator: any text PDF → an image-only ("scanned") PDF with randomised degradations.

Each seed draws one set of degradations (`choose_params`), the same for every page except skew:

  dpi        120–300, the embedded image's own resolution (pixels = page points × dpi / 72)
  toner      strokes thicker or thinner (a fractional 1-px dilation / erosion) and lighter or darker,
             varying smoothly across the page; thin strokes broken by small drop-outs
  paper      paper grey and toner grey (paper is not white, toner not black)
  skew       per page, within ±1.5°
  blur       Gaussian, sigma 0.3–1.1 px (scanner optics, at the scan's own resolution)
  lighting   a linear gradient in a random direction (uneven illumination, a lifted page edge)
  noise      Gaussian sensor noise, plus dark specks (dust) of 0.2–0.8 pt
  mode       greyscale saved as JPEG (quality 40–90), or at 200 dpi and up sometimes bilevel
             (thresholded against the lit paper, CCITT G4, no JPEG)

Same source, seed and overrides ⇒ the same bytes (no dates in the PDF; every random draw comes
from numpy generators seeded from the seed and page number). `<out stem>.scan.json` is written
beside each output with the parameters chosen.

    python scripts/scangen.py SRC.pdf --seed 3 --out out/x.pdf            # every parameter drawn
    python scripts/scangen.py SRC.pdf --seed 3 --dpi-range 150 199 --out out/x.pdf
    python scripts/scangen.py SRC.pdf --seed 7 --dpi 200 --quality 65 --mode grey --out out/x.pdf
    python scripts/scangen.py SRC.pdf --seed 3 --profile office --dpi 150 --out out/x.pdf  # mild (see below)

--profile office draws from milder ranges (an office scanner in good order: choose_office_params says
which and why) from its own random stream; the default profile's draws are unchanged by it.

--dpi, --quality and --mode fix a parameter; the others are still drawn from the seed, and fixing one
does not change the draws of the others. Needs pypdfium2, Pillow and numpy (no OpenCV).
Supersedes scripts/make_scans.py (same flags: SRC, --out, --dpi, --quality, --seed; SRC is now required,
so that a bare call never overwrites the committed fixture scans).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import PIL
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

VERSION = 1  # bump when the same seed would draw a different scan
DPI_RANGE = (120, 300)
MAX_SKEW_DEG = 1.5


@dataclass
class ScanParams:
    """Everything that decides a scan; with the source file, the output is a function of this."""

    seed: int
    dpi: int
    mode: str  # "grey" (JPEG) or "bilevel" (CCITT G4)
    quality: Optional[int]  # JPEG quality; None for bilevel
    paper: int  # grey level of blank paper
    toner: int  # grey level of full ink
    stroke: float  # -0.6 … 0.8: thinner/lighter (−) or thicker/darker (+) strokes, on average
    stroke_var: float  # 0 … 1: how much that varies across the page
    density_var: float  # 0 … 0.4: toner density varying across the page (faded patches)
    dropout: float  # 0 … 0.08: share of ink blobs knocked out (broken thin strokes)
    blur: float  # Gaussian sigma in pixels
    noise: float  # sensor noise sigma in grey levels
    specks_per_dm2: float  # dark specks per 100 cm² of page
    light_amp: float  # 0 … 0.18: darkening at the far side of the lighting gradient (share of grey)
    light_angle: float  # direction of the gradient, degrees
    threshold: float  # bilevel only: cut at toner + threshold × (paper − toner)
    skews: list[float] = field(default_factory=list)  # per page, degrees; filled in by scan_pdf
    profile: str = "default"  # which draw made these (PROFILES)

    def describe(self) -> str:
        q = f"q{self.quality}" if self.quality else "ccitt"
        tag = "" if self.profile == "default" else f"{self.profile} "
        return f"{tag}{self.dpi} dpi {self.mode} {q} blur {self.blur:.2f} noise {self.noise:.1f} stroke {self.stroke:+.2f}"


def choose_params(seed: int, dpi: Optional[int] = None, dpi_range: Optional[tuple[int, int]] = None,
                  quality: Optional[int] = None, mode: Optional[str] = None, profile: str = "default") -> ScanParams:
    """Draw a scan's degradations from `seed`. Every value is drawn in a fixed order whatever is
    fixed, so that fixing the dpi (or choosing its band) leaves the other draws as they were.
    `profile` "office" draws from choose_office_params' milder ranges instead."""
    if profile == "office":
        return choose_office_params(seed, dpi=dpi, dpi_range=dpi_range, quality=quality, mode=mode)
    if profile != "default":
        raise ValueError(f"unknown scan profile {profile!r}: one of {PROFILES}")
    rng = np.random.default_rng([VERSION, seed])
    u = rng.random(16)
    lo, hi = dpi_range or DPI_RANGE
    dpi = int(dpi or round(lo + u[0] * (hi - lo)))
    # Bilevel (black-and-white) scanning is an office default at 200 dpi and up (fax heritage);
    # below that a bilevel scan of 7-pt CJK text is unreadable to anyone, so it is not drawn there.
    mode = mode or ("bilevel" if u[1] < 0.3 and dpi >= 200 else "grey")
    return ScanParams(
        seed=seed,
        dpi=dpi,
        mode=mode,
        quality=None if mode == "bilevel" else int(quality or round(40 + u[2] * 50)),
        paper=int(round(222 + u[3] * 30)),
        toner=int(round(8 + u[4] * 50)),
        stroke=float(round(-0.6 + 1.4 * u[5], 3)),
        stroke_var=float(round(u[6], 3)),
        density_var=float(round(0.4 * u[7], 3)),
        dropout=float(round(0.08 * u[8] ** 2, 4)),  # mostly light: heavy drop-out is rare
        blur=float(round(0.3 + 0.8 * u[9], 3)),
        noise=float(round(2 + 10 * u[10], 2)),
        specks_per_dm2=float(round(40 * u[11] ** 2, 2)),
        light_amp=float(round(0.18 * u[12], 3)),
        light_angle=float(round(360 * u[13], 1)),
        threshold=float(round(0.55 + 0.25 * u[14], 3)),
    )


OFFICE_STREAM = 0x0FF1CE  # the office profile's own random stream: its draws never shift the default's
OFFICE_DPIS = (150, 200, 300)  # the settings an office scanner or copier offers
PROFILES = ("default", "office")


def choose_office_params(seed: int, dpi: Optional[int] = None, dpi_range: Optional[tuple[int, int]] = None,
                         quality: Optional[int] = None, mode: Optional[str] = None) -> ScanParams:
    """An office scanner or copier (办公室扫描件) in good order at 150–300 dpi: every fault mild, so
    that a person reads every character at a glance. The default profile draws each fault over its
    whole plausible range, independently, and some of its draws are unreadable to a person; this one
    is what a document from another office usually looks like. Ranges and why:

      dpi        150, 200 or 300 (the scanner's settings; --dpi or a range fixes it)
      mode       grey JPEG; at 200 dpi and up one scan in five bilevel (the B/W copier default),
                 cut in the middle of the toner–paper range (auto exposure), 0.45–0.6
      quality    JPEG 60–90: a scanner's "normal" to "high"; below 60 the 8×8 blocks eat 7-pt strokes
      paper      232–250 and toner 15–45: white office paper, laser toner, auto exposure
      stroke     −0.2 … +0.3 px, varying ±0.2 across the page: one step of the copier's darker/lighter
                 knob; no drop-out (a laser print does not break strokes), toner density varies ≤ 8 %
      blur       sigma 0.3–0.7 px: contact-image-sensor optics in focus; at 1 px a 7-pt 口 fills in
      noise      sigma 2–8 grey levels: sensor noise on a well-lit flatbed
      specks     0–4 per 100 cm² (≤ 25 on A4) of 0.2–0.8 pt: glass dust, a toner speck
      lighting   ≤ 6 % darker at the far side: a lid that does not press the page flat
      skew       ±1.5° per page (as the default: a page laid by hand or fed by the feeder)
    """
    rng = np.random.default_rng([VERSION, seed, OFFICE_STREAM])
    u = rng.random(16)
    if dpi is None:
        choices = [d for d in OFFICE_DPIS if not dpi_range or dpi_range[0] <= d <= dpi_range[1]]
        dpi = choices[int(u[0] * len(choices))] if choices else int(round(dpi_range[0] + u[0] * (dpi_range[1] - dpi_range[0])))
    mode = mode or ("bilevel" if u[1] < 0.2 and dpi >= 200 else "grey")
    return ScanParams(
        seed=seed,
        dpi=int(dpi),
        mode=mode,
        quality=None if mode == "bilevel" else int(quality or round(60 + u[2] * 30)),
        paper=int(round(232 + u[3] * 18)),
        toner=int(round(15 + u[4] * 30)),
        stroke=float(round(-0.2 + 0.5 * u[5], 3)),
        stroke_var=float(round(0.2 * u[6], 3)),
        density_var=float(round(0.08 * u[7], 3)),
        dropout=0.0,
        blur=float(round(0.3 + 0.4 * u[9], 3)),
        noise=float(round(2 + 6 * u[10], 2)),
        specks_per_dm2=float(round(4 * u[11], 2)),
        light_amp=float(round(0.06 * u[12], 3)),
        light_angle=float(round(360 * u[13], 1)),
        threshold=float(round(0.45 + 0.15 * u[14], 3)),
        profile="office",
    )


# ---------------------------------------------------------------- fields and filters


def smooth_field(rng: np.random.Generator, shape: tuple[int, int], cells: int = 6) -> np.ndarray:
    """A smooth random field in about [-1, 1] over `shape`: a few cells of noise, upscaled bicubically."""
    h, w = shape
    gh, gw = max(2, round(cells * h / max(h, w))), max(2, round(cells * w / max(h, w)))
    coarse = rng.standard_normal((gh, gw)).astype(np.float32)
    img = Image.fromarray(coarse, mode="F").resize((w, h), Image.BICUBIC)
    return np.clip(np.asarray(img, dtype=np.float32) / 1.5, -1.0, 1.0)


def _shifted(a: np.ndarray, op) -> np.ndarray:
    """3×3 max (op=np.maximum: dilation) or min (np.minimum: erosion) of `a`."""
    out = a.copy()
    p = np.pad(a, 1, mode="edge")
    h, w = a.shape
    for dy in range(3):
        for dx in range(3):
            out = op(out, p[dy:dy + h, dx:dx + w])
    return out


def restroke(ink: np.ndarray, params: ScanParams, rng: np.random.Generator) -> np.ndarray:
    """Toner: strokes thickened or thinned by a fraction of a pixel, by region; density faded by region;
    small blobs knocked out, which breaks thin strokes first. `ink` is 0 (paper) … 1 (full toner)."""
    local = params.stroke + params.stroke_var * smooth_field(rng, ink.shape)
    local = np.clip(local, -1.0, 1.0)
    grown = ink + np.clip(local, 0, None) * (_shifted(ink, np.maximum) - ink)
    ink = grown + np.clip(-local, 0, None) * 0.5 * (_shifted(ink, np.minimum) - ink)
    ink *= 1.0 - params.density_var * (0.5 + 0.5 * smooth_field(rng, ink.shape))
    if params.dropout > 0:
        h, w = ink.shape
        blobs = rng.random(((h + 1) // 2, (w + 1) // 2)) < params.dropout
        blobs = np.repeat(np.repeat(blobs, 2, axis=0), 2, axis=1)[:h, :w]  # 2×2 px drop-outs
        ink = np.where(blobs, ink * 0.25, ink)
    return np.clip(ink, 0.0, 1.0)


def lighting(shape: tuple[int, int], params: ScanParams) -> np.ndarray:
    """Multiplicative illumination: 1 on the lit side, 1 − light_amp on the far side."""
    h, w = shape
    a = np.deg2rad(params.light_angle)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (xs / max(w - 1, 1)) * np.cos(a) + (ys / max(h - 1, 1)) * np.sin(a)
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    return (1.0 - params.light_amp * ramp).astype(np.float32)


def specks(grey: np.ndarray, params: ScanParams, page_pt: tuple[float, float], rng: np.random.Generator) -> None:
    """Dust: dark round dots of 0.2–0.8 pt, in place. Such a dot is the size of a trailing ·."""
    area_dm2 = page_pt[0] * page_pt[1] * (2.54 / 72) ** 2 / 100
    n = rng.poisson(params.specks_per_dm2 * area_dm2)
    h, w = grey.shape
    for _ in range(n):
        r = max(0.5, rng.uniform(0.1, 0.4) * params.dpi / 72)
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        y0, y1 = max(0, int(cy - r - 1)), min(h, int(cy + r + 2))
        x0, x1 = max(0, int(cx - r - 1)), min(w, int(cx + r + 2))
        ys, xs = np.mgrid[y0:y1, x0:x1]
        inside = (ys + 0.5 - cy) ** 2 + (xs + 0.5 - cx) ** 2 <= r * r
        dark = params.toner + rng.uniform(0, 0.5) * (params.paper - params.toner)
        grey[y0:y1, x0:x1][inside] = np.minimum(grey[y0:y1, x0:x1][inside], dark)


# ---------------------------------------------------------------- page and document


def degrade(clean: Image.Image, params: ScanParams, skew: float, page_pt: tuple[float, float],
            rng: np.random.Generator) -> Image.Image:
    """A clean grey page at params.dpi → what a scanner with these faults makes of it."""
    ink = 1.0 - np.asarray(clean.convert("L"), dtype=np.float32) / 255.0
    ink = restroke(ink, params, rng)
    grey = params.paper - ink * (params.paper - params.toner)
    img = Image.fromarray(grey.astype(np.float32), mode="F")
    img = img.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=float(params.paper))
    img = Image.fromarray(np.clip(np.asarray(img), 0, 255).astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(radius=params.blur))
    light = lighting(img.size[::-1], params)
    grey = np.asarray(img, dtype=np.float32) * light
    grey += rng.normal(0.0, params.noise, grey.shape).astype(np.float32)
    specks(grey, params, page_pt, rng)
    if params.mode == "bilevel":
        # The scanner's exposure follows the paper's brightness, so the cut follows the lighting.
        cut = (params.toner + params.threshold * (params.paper - params.toner)) * light
        return Image.fromarray(grey > cut).convert("1")  # white where paper
    return Image.fromarray(np.clip(np.round(grey), 0, 255).astype(np.uint8), mode="L")


def scan_pdf(src: Path, out: Path, params: ScanParams) -> dict:
    """Write the scan of `src` to `out` and its parameters to `<out stem>.scan.json`; returns that record."""
    pdf = pdfium.PdfDocument(str(src))
    pages, sizes = [], []
    skew_rng = np.random.default_rng([VERSION, params.seed, 0])
    skews = [float(round(skew_rng.uniform(-MAX_SKEW_DEG, MAX_SKEW_DEG), 3)) for _ in range(len(pdf))]
    for i in range(len(pdf)):
        page = pdf[i]
        w_pt, h_pt = page.get_size()
        # Render to an exact pixel size so that the PDF page keeps the source's size in points.
        size = (round(w_pt * params.dpi / 72), round(h_pt * params.dpi / 72))
        clean = page.render(scale=params.dpi / 72, grayscale=True).to_pil().convert("L")
        if clean.size != size:
            clean = clean.resize(size, Image.BILINEAR)
        rng = np.random.default_rng([VERSION, params.seed, i + 1])
        pages.append(degrade(clean, params, skews[i], (w_pt, h_pt), rng))
        sizes.append(f"{w_pt:.2f} x {h_pt:.2f}")
    pdf.close()
    params = dataclasses.replace(params, skews=skews)
    buf = io.BytesIO()
    opts = dict(save_all=True, append_images=pages[1:], resolution=float(params.dpi), title=f"scan of {src.name}",
                producer="scripts/scangen.py", creationDate=None, modDate=None)  # no dates: same seed, same bytes
    if params.mode == "grey":
        opts["quality"] = params.quality
    pages[0].save(buf, "PDF", **opts)
    data = buf.getvalue()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    record = {"generator": "scripts/scangen.py", "version": VERSION, "source": src.name,
              "source_sha256": hashlib.sha256(src.read_bytes()).hexdigest(), "output": out.name,
              "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "pages": len(pages),
              "page_size_pt": sorted(set(sizes)), "params": dataclasses.asdict(params),
              # Same seed, same bytes holds for the same renderer and imaging libraries:
              "libraries": {"pypdfium2": str(pdfium.PYPDFIUM_INFO.version), "pdfium": str(pdfium.PDFIUM_INFO.version),
                            "pillow": PIL.__version__, "numpy": np.__version__}}
    sidecar(out).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return record


def sidecar(out: Path) -> Path:
    return out.with_name(out.stem + ".scan.json")


def scan(src: Path, out: Path, seed: int, **overrides) -> dict:
    """choose_params + scan_pdf: the one call most callers want."""
    return scan_pdf(src, out, choose_params(seed, **overrides))


# ---------------------------------------------------------------- CLI


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", type=Path, help="a text-layer PDF")
    ap.add_argument("--out", type=Path, help="output PDF (default: SRC with -scan)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--dpi", type=int, help="fix the resolution (default: drawn from --dpi-range)")
    ap.add_argument("--dpi-range", type=int, nargs=2, metavar=("LO", "HI"), help=f"default {DPI_RANGE}")
    ap.add_argument("--quality", type=int, help="fix the JPEG quality (grey mode)")
    ap.add_argument("--mode", choices=("grey", "bilevel"), help="fix the colour mode")
    ap.add_argument("--profile", choices=PROFILES, default="default",
                    help="default: every fault over its whole range; office: a scanner in good order (mild)")
    args = ap.parse_args()
    out = args.out or args.src.with_name(args.src.stem + "-scan.pdf")
    params = choose_params(args.seed, dpi=args.dpi, dpi_range=tuple(args.dpi_range) if args.dpi_range else None,
                           quality=args.quality, mode=args.mode, profile=args.profile)
    rec = scan_pdf(args.src, out, params)
    skews = ", ".join(f"{s:+.2f}" for s in rec["params"]["skews"])
    print(f"{args.src.name} → {out} ({rec['pages']} pages, {rec['bytes'] / 1e6:.2f} MB): {params.describe()}; "
          f"skew {skews}; parameters in {sidecar(out).name}")


if __name__ == "__main__":
    main()
