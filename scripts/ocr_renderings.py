#!/usr/bin/env python3
"""The text PDFs the OCR sample scans: every gold in eval/gold/ drawn by scripts/layoutgen.py in each
CJK font (wqy-zenhei, uming, wqy-microhei), in one ruled style, so that what a scan of them loses is
recognition's doing and not a layout nobody reads (the layout styles have their own sample:
scripts/eval_styles.py).

    python scripts/ocr_renderings.py                      # → out/ocr-renderings/<gold>-s<k>.pdf + .gold.json
    python scripts/eval_scans.py --split tune --renderings out/ocr-renderings --n 2 --pages 2

The layout seed is the font's number (1 zenhei, 2 uming, 3 microhei): the file names differ per font,
and eval_scans.py's split (a hash of gold and font class) sends each (gold, font) to tune or test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = {"zenhei": 1, "uming": 2, "microhei": 3}
STYLE = ["rules=grid", "book=no", "header=one-row", "breaks=repeat", "page=A4-landscape"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "ocr-renderings")
    ap.add_argument("--golds", nargs="*", help="gold ids (default: all of eval/gold/)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    golds = sorted(p for p in (ROOT / "eval" / "gold").glob("*.json")
                   if not args.golds or p.stem in args.golds)
    for gold in golds:
        for font, seed in FONTS.items():
            if (args.out / f"{gold.stem}-s{seed}.pdf").exists():
                continue
            cmd = [sys.executable, str(ROOT / "scripts" / "layoutgen.py"), "--gold", str(gold), "--seed", str(seed),
                   "--out", str(args.out), "--set", f"font={font}"] + [a for s in STYLE for a in ("--set", s)]
            r = subprocess.run(cmd, capture_output=True, text=True)
            print(f"{gold.stem} {font}: {'ok' if r.returncode == 0 else 'FAILED ' + r.stderr.strip()[-200:]}", flush=True)


if __name__ == "__main__":
    main()
