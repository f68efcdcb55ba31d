#!/usr/bin/env python3
"""The text PDFs the OCR sample scans: every gold in eval/gold/ drawn by scripts/layoutgen.py in each
CJK font, in one ruled style, so that what a scan of them loses is recognition's doing and not a layout
nobody reads (the layout styles have their own sample: scripts/eval_styles.py).

    python scripts/ocr_renderings.py                      # → out/ocr-renderings/<gold>-s<k>.pdf + .gold.json
    python scripts/eval_scans.py --split tune --renderings out/ocr-renderings --n 2 --pages 2
    python scripts/ocr_renderings.py --fonts gbsn00lp ukai notosans notoserif --sizes 7 8 9 10 \\
        --out out/ocr-renderings-new                     # faces the OCR path was never tuned on

By default the three faces we have always drawn (wqy-zenhei, uming, wqy-microhei) at the body size each
style draws (6–8 pt: font and size confounded). --fonts names faces (layoutgen's FONTS and EXTRA_FONTS:
gbsn00lp Song 宋体, ukai Kai 楷体, notosans / notoserif Noto CJK SC); --sizes names body sizes, one per
(gold, font), taken in turn so that every font meets every size over the golds and every gold several
sizes: up to 8 pt on A4 landscape, larger on A3 landscape (a 9–10 pt table does not fit A4's width).
Fitting may still go half a point lower; the .style.json says what was drawn.

The layout seed is the font's number (FONT_SEEDS): the file names differ per font, and eval_scans.py's
split sends each (gold, font) to tune or test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT_SEEDS = {"zenhei": 1, "uming": 2, "microhei": 3, "gbsn00lp": 4, "ukai": 5, "notosans": 6, "notoserif": 7}
DEFAULT_FONTS = ["zenhei", "uming", "microhei"]
STYLE = ["rules=grid", "book=no", "header=one-row", "breaks=repeat", "page=A4-landscape"]
A4_MAX_SIZE = 8.0


def style_for(size: float | None) -> list[str]:
    """The fixed knobs, with the page and body size for a size asked by name."""
    if size is None:
        return STYLE
    page = "A4-landscape" if size <= A4_MAX_SIZE else "A3-landscape"
    return [s for s in STYLE if not s.startswith("page=")] + [f"page={page}", f"size={size:g}"]


def jobs(golds: list[Path], fonts: list[str], sizes: list[float]) -> list[tuple[Path, str, float | None]]:
    """(gold, font, size): each (gold, font) one size, in turn over golds and fonts."""
    return [(gold, font, sizes[(gi + fi) % len(sizes)] if sizes else None)
            for gi, gold in enumerate(golds) for fi, font in enumerate(fonts)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "ocr-renderings")
    ap.add_argument("--golds", nargs="*", help="gold ids (default: all of eval/gold/)")
    ap.add_argument("--fonts", nargs="+", choices=FONT_SEEDS, default=DEFAULT_FONTS)
    ap.add_argument("--sizes", nargs="+", type=float, default=[], help="body sizes in pt (default: as drawn)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    golds = sorted(p for p in (ROOT / "eval" / "gold").glob("*.json")
                   if not args.golds or p.stem in args.golds)
    for gold, font, size in jobs(golds, args.fonts, args.sizes):
        seed = FONT_SEEDS[font]
        if (args.out / f"{gold.stem}-s{seed}.pdf").exists():
            continue
        cmd = [sys.executable, str(ROOT / "scripts" / "layoutgen.py"), "--gold", str(gold), "--seed", str(seed),
               "--out", str(args.out), "--set", f"font={font}"] + [a for s in style_for(size) for a in ("--set", s)]
        r = subprocess.run(cmd, capture_output=True, text=True)
        tag = f"{gold.stem} {font}{f' {size:g} pt' if size else ''}"
        print(f"{tag}: {'ok' if r.returncode == 0 else 'FAILED ' + r.stderr.strip()[-200:]}", flush=True)


if __name__ == "__main__":
    main()
