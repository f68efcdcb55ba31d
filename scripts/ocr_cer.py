#!/usr/bin/env python3
"""Character errors of OCR by stage, with no layout: each scan was made from a text PDF, so what the
OCR read on a page is compared with that PDF's own characters on the same page.

Per page, as bags of characters (NFKC, whitespace dropped; a bag, so line order and the deskew play no
part): the error rate is (characters missing + characters extra) / characters printed. Stages of ours:

    det    printed characters whose centre lies in no recognised line box (the detector missed them;
           our pages are deskewed back onto the text PDF's coordinates)
    read   the recogniser's text of every line (`OCRLine.read`), before anything after it
    final  the page's chars as the layout stage gets them (rereads, marks, labels, dropped lines)

and `plain`: RapidOCR called on the page the way scripts/baselines/plain_rapidocr.py does (its own
defaults, page rendered at 200 dpi). Reported by band × font, the worst characters listed.

    python scripts/ocr_cer.py out/scans/report.json             # the scans an eval_scans run made
    python scripts/ocr_cer.py out/scans/report.json --pages 1   # first page of each only

Both systems' model answers go through the cache (EXTRACTOR_OCR_CACHE, default out/ocr-models), so a
second run, or one after eval_scans.py filled it, costs no model time.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
import types
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "baselines"))
sys.path.insert(0, str(ROOT / "scripts"))


def bag(text: str) -> collections.Counter:
    return collections.Counter(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def bag_error(got: collections.Counter, ref: collections.Counter) -> tuple[int, int]:
    """(missing, extra) characters of `got` against `ref`."""
    return sum((ref - got).values()), sum((got - ref).values())


def plain_engine():
    """plain_rapidocr's engine (RapidOCR with its defaults) behind the model cache: called like
    the engine, answers with .boxes and .txts."""
    from rapidocr import RapidOCR

    from extractor.source.ocr import cache

    real = RapidOCR(params={"Global.log_level": "error"})

    def call(img, **kw):
        def run():
            out = real(img, **kw)
            boxes = None if out.boxes is None else [b.copy() for b in out.boxes]
            return {"boxes": boxes, "txts": list(out.txts or ()), "scores": list(out.scores or ())}

        hit = cache.cached("plain", {"baseline": "RapidOCR defaults", **kw}, [img], run)
        return types.SimpleNamespace(**hit)

    return call


def in_any_box(c, boxes, pad: float) -> bool:
    """The char's centre in a box widened by `pad` pt, and by half its height along the line (a
    full-width 。 or ） prints at one side of its em: its em's centre lies beyond the ink's box)."""
    cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return any(b.x0 - pad - (b.bottom - b.top) / 2 <= cx <= b.x1 + pad + (b.bottom - b.top) / 2
               and b.top - pad <= cy <= b.bottom + pad for b in boxes)


def page_errors(scan_page, text_page, plain_call, plain_img) -> dict:
    """Counts for one page: printed chars, and (missing, extra) per stage."""
    import numpy as np

    from extractor.source import ocr

    ref_chars = [c for c in text_page.chars if c.text.strip()]
    ref = bag("".join(c.text for c in ref_chars))
    got = ocr.ocr_page(scan_page, text_page.number)
    kept = [ln for ln in got.lines]
    missed = sum(1 for c in ref_chars if not in_any_box(c, kept, 1.0))
    read = bag("".join(ln.read for ln in got.lines))
    final = bag("".join(c.text for c in got.chars))
    plain = plain_call(np.asarray(plain_img.convert("RGB")))  # as plain_rapidocr.ocr_lines calls it
    plain_bag = bag("".join(plain.txts or []))
    out = {"n": sum(ref.values()), "det": (missed, 0), "read": bag_error(read, ref), "final": bag_error(final, ref),
           "plain": bag_error(plain_bag, ref), "seconds": got.seconds}
    out["worst"] = {"final_missing": ref - final, "final_extra": final - ref, "plain_missing": ref - plain_bag}
    return out


def source_of(scan: Path, sources: dict) -> Path:
    side = json.loads(scan.with_suffix(".scan.json").read_text(encoding="utf-8"))
    name = side["source"]
    for folder in (scan.parent / "src",):
        if (folder / name).exists():
            return folder / name
    for pdf in sources.values():
        if Path(pdf).name == name:
            return Path(pdf)
    raise FileNotFoundError(name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", type=Path, help="an eval_scans.py report (its scans are measured)")
    ap.add_argument("--pages", type=int, default=0, help="first K pages of each scan (0: all)")
    ap.add_argument("--scans", type=Path, default=ROOT / "out" / "scans", help="where eval_scans.py put the scans")
    ap.add_argument("--ocr-cache", type=Path, default=ROOT / "out" / "ocr-models")
    ap.add_argument("--out", type=Path, help="write the figures as JSON")
    ap.add_argument("--bands", nargs="+", help="only scans of these bands (e.g. 150-199)")
    ap.add_argument("--only", nargs="+", help="only scans whose name contains one of these")
    args = ap.parse_args()
    os.environ.setdefault("EXTRACTOR_OCR_CACHE", str(args.ocr_cache))
    import pdfplumber
    import plain_rapidocr
    import pypdfium2 as pdfium
    import scangen

    from extractor.source.pdf import read_pdf

    report = json.loads(args.report.read_text(encoding="utf-8"))
    sources = {s["id"]: s["pdf"] for s in report["sources"]}
    plain_call = plain_engine()
    groups: dict = collections.defaultdict(lambda: collections.Counter())
    worst: dict = collections.defaultdict(collections.Counter)
    t0 = time.perf_counter()
    per_scan = []
    for row in report["scans"]:
        if args.bands and row["band"] not in args.bands or args.only and not any(o in row["scan"] for o in args.only):
            continue
        scan = args.scans / row["scan"]
        mine = collections.Counter()
        text = read_pdf(source_of(scan, sources), ocr=False)
        key = (row["band"], row["font_name"])
        doc = pdfium.PdfDocument(str(scan))
        with pdfplumber.open(scan) as pdf:
            for i, page in enumerate(pdf.pages):
                if args.pages and i >= args.pages:
                    break
                plain_img = doc[i].render(scale=plain_rapidocr.DPI / 72).to_pil()  # as plain_rapidocr.read_pdf
                e = page_errors(page, text.pages[i], plain_call, plain_img)
                g = groups[key]
                mine["n"] += e["n"]
                for stage in ("det", "read", "final", "plain"):
                    mine[stage] += sum(e[stage])
                g["n"] += e["n"]
                g["pages"] += 1
                g["seconds"] += e["seconds"]
                for stage in ("det", "read", "final", "plain"):
                    g[f"{stage}_missing"] += e[stage][0]
                    g[f"{stage}_extra"] += e[stage][1]
                for k, c in e["worst"].items():
                    worst[key + (k,)].update(c)
                print(f"{row['scan']} p{i + 1}: n {e['n']}, det miss {e['det'][0]}, read {sum(e['read'])}, "
                      f"final {sum(e['final'])}, plain {sum(e['plain'])}", flush=True)
        per_scan.append((row, mine))
    print("\nper scan, CER % (final = ours after every step; plain = the plain RapidOCR script)")
    for row, c in sorted(per_scan, key=lambda rc: -rc[1]["final"] / max(1, rc[1]["n"])):
        rate = {s: 100.0 * c[s] / max(1, c["n"]) for s in ("det", "read", "final", "plain")}
        print(f"  {row['scan']:52} {rate['read']:5.1f} {rate['final']:5.1f} {rate['plain']:5.1f}  "
              f"{scangen.ScanParams(**row['params']).describe()}")
    print(f"\nCER % (missing + extra) / printed; det: printed chars in no line box   ({time.perf_counter() - t0:.0f} s)")
    print(f"{'band':8} {'font':20} {'pages':>5} {'chars':>6}  {'det':>5} {'read':>5} {'final':>5} {'plain':>5}")
    table = {}
    for key, g in sorted(groups.items()):
        rate = {s: 100.0 * (g[f"{s}_missing"] + g[f"{s}_extra"]) / max(1, g["n"]) for s in ("det", "read", "final", "plain")}
        table[" ".join(key)] = {**{k: round(v, 2) for k, v in rate.items()}, "chars": g["n"], "pages": g["pages"]}
        print(f"{key[0]:8} {key[1]:20} {g['pages']:5d} {g['n']:6d}  {rate['det']:5.2f} {rate['read']:5.2f} "
              f"{rate['final']:5.2f} {rate['plain']:5.2f}")
        for k in ("final_missing", "final_extra", "plain_missing"):
            top = worst[key + (k,)].most_common(12)
            print(f"   {k:14} " + " ".join(f"{ch}{n}" for ch, n in top))
    if args.out:
        args.out.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
