#!/usr/bin/env python3
"""Score the layered scans (a corrupted invisible text layer over the page images) against the
OCR path on the same images without the layer, per field, with the gold.

    python scripts/eval_textlayer.py --seeds 11 12            # full seed document, two seeds
    python scripts/eval_textlayer.py --seeds 3 --pages 1-2 --gold-pages 2

Makes the documents with scripts/make_textlayer_docs.py under out/textlayer/ when missing.
Prints, per seed: the pages' readings, time, micro F1 of both, and every field whose F1 differs
by more than 0.01. Exit status 1 when a field is worse by more than 0.01 on the layered scan.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluation.harness import gold_from_json  # noqa: E402
from extractor.evaluation.scoring import prf, score_document  # noqa: E402
from extractor.pipeline import extract_pdf  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "conghua-hrss-2024.json"
OUT = ROOT / "out" / "textlayer"


def documents(seed: int, pages: str | None) -> tuple[Path, Path]:
    tag = f"p{pages}" if pages else "all"
    layered = OUT / f"conghua-hrss-2024-{tag}-layered-s{seed}.pdf"
    image_only = OUT / f"conghua-hrss-2024-{tag}-imageonly-s{seed}.pdf"
    if not (layered.exists() and image_only.exists()):
        cmd = [sys.executable, str(ROOT / "scripts" / "make_textlayer_docs.py"), "--seed", str(seed),
               "--kinds", "layered", "--out-dir", str(OUT)] + (["--pages", pages] if pages else [])
        subprocess.run(cmd, check=True)
    return layered, image_only


def fields_f1(score) -> dict[str, float]:
    return {k: v["f1"] for k, v in score.table().items()}


def micro(score) -> float:
    tp, fp, fn = (sum(c[i] for c in score.counts.values()) for i in range(3))
    return prf(tp, fp, fn)["f1"]


def run(path: Path, gold):
    t = time.perf_counter()
    _, doc = extract_pdf(path)
    return doc, score_document(gold, doc), time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", default=[11])
    ap.add_argument("--pages", help="pages of the seed rendering, e.g. 1-2 (default: all)")
    ap.add_argument("--gold-pages", type=int, help="keep only gold projects on pages ≤ this")
    args = ap.parse_args()
    gold = gold_from_json(GOLD)
    if args.gold_pages:
        for u in gold.units:
            u.projects = [p for p in u.projects if p.pages and max(p.pages) <= args.gold_pages]
        gold.units = [u for u in gold.units if u.projects]
    worse = False
    for seed in args.seeds:
        layered, image_only = documents(seed, args.pages)
        d_l, s_l, t_l = run(layered, gold)
        d_i, s_i, t_i = run(image_only, gold)
        fl, fi = fields_f1(s_l), fields_f1(s_i)
        print(f"seed {seed}: layered micro F1 {micro(s_l):.3f} ({t_l:.0f} s), image only {micro(s_i):.3f} "
              f"({t_i:.0f} s); readings {''.join(r[0] for r in d_l.page_readings)}; "
              f"text-layer findings {sum(f.code.startswith('TEXT_LAYER') for f in d_l.findings)}")
        for k in sorted(set(fl) | set(fi)):
            a, b = fl.get(k, 0.0), fi.get(k, 0.0)
            if abs(a - b) > 0.01:
                print(f"  {k:32s} layered {a:.3f}  image only {b:.3f}")
                worse |= a < b - 0.01
        if not any(abs(fl.get(k, 0) - fi.get(k, 0)) > 0.01 for k in set(fl) | set(fi)):
            print(f"  every field within 0.01 ({len(fl)} fields)")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
