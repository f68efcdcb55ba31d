#!/usr/bin/env python3
"""Does each post-OCR repair earn its place? Every tune scan read with and without it, scored as a whole.

Takes the tune scans scripts/eval_scans.py has read (out/scans/*.ours.json, seeds < 1000), reads
each once per reading variant (the models answer from the OCR cache, so only the post-recognition
steps run again), extracts once per repair variant, and scores every variant against the gold with
our scorer: micro F1, the lowest field F1 and the wrong amounts (and how many no finding flags).

Variants switch ONE thing off (or swap it for the plain alternative) by patching it in this process;
the code under test is not edited. A repair stays only if the sample as a whole is better with it.

    python scripts/ablate_ocr_repairs.py [--variants base no_word_fixes ...] [--only conghua]
    python scripts/ablate_ocr_repairs.py --list
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import pickle
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("EXTRACTOR_OCR_CACHE", os.environ.get("ABLATE_OCR_CACHE", str(ROOT / "out" / "ocr-models")))

from extractor import pipeline  # noqa: E402
from extractor.evaluation.fixtures import gold_document  # noqa: E402
from extractor.evaluation.scoring import Score, prf, score_document  # noqa: E402
from extractor.source import lexicon  # noqa: E402
from extractor.source import pdf as read  # noqa: E402
from extractor.source.ocr import glyphs, labels, page as ocr_page  # noqa: E402
from extractor.layouts.repairs import indicators as rep_ind, table as rep_table, text as rep_text  # noqa: E402

CACHE = ROOT / "out" / "ablate"


def _none(text, *a, **k):
    return text, []


def _plain_width(ch: str) -> float:
    """Advance widths any CJK font roughly has: full width 1, anything else half an em."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5


# Reading variants (the OCR stage runs again, models from the cache) and repair variants (extraction only).
READING = {
    "base": {},
    "no_trailing_marks": {(ocr_page, "trailing_mark"): lambda *a, **k: None},
    "no_leading_marks": {(ocr_page, "leading_mark"): lambda *a, **k: None},
    "no_lexicon": {(lexicon, "MARGIN"): 1e9},
    "lexicon_margin_1": {(lexicon, "MARGIN"): 1.0},
    "lexicon_margin_4": {(lexicon, "MARGIN"): 4.0},
    "no_label_snap": {(labels, "snap"): lambda text: None},
    "plain_widths": {(glyphs, "char_width"): _plain_width},
    "no_fix_widths": {(ocr_page, "fix_widths"): lambda text, *a: text},
    "no_dot_dash": {(ocr_page, "fix_dot_dash"): lambda text, alts, *a: (text, [])},
    "no_quote_pair": {(ocr_page, "restore_quote_pair"): lambda text, alts: (text, [])},
}
REPAIR = {
    "no_doc_numbers": {(rep_text, "fix_doc_numbers"): _none},
    "no_pair_brackets": {(rep_text, "pair_brackets"): _none},
    "no_pair_quotes": {(rep_text, "pair_quotes"): _none, (rep_ind, "pair_quotes"): _none},
    "no_list_separators": {(rep_text, "fix_list_separators"): _none},
    "no_final_colon": {(rep_text, "fix_final_colon"): _none},
    "no_indicator_grammar": {(rep_table, "repair_indicator_text"): _none},
    "keep_marks_outside_names": {(rep_table, "_drop_marks_outside_names"): lambda row, cols, marks: row},
}


class patched:
    def __init__(self, patches: dict):
        self.patches, self.saved = patches, {}

    def __enter__(self):
        for (mod, name), value in self.patches.items():
            self.saved[(mod, name)] = getattr(mod, name)
            setattr(mod, name, value)

    def __exit__(self, *exc):
        for (mod, name), value in self.saved.items():
            setattr(mod, name, value)


def read_scan(scan: Path, variant: str) -> read.SourceFile:
    c = CACHE / f"{scan.stem}.{variant}.pkl"
    code = sum(p.stat().st_mtime_ns for p in (ROOT / "extractor" / "source").rglob("*.py"))
    if c.exists():
        hit = pickle.loads(c.read_bytes())
        if hit["code"] == code:
            return hit["source"]
    with patched(READING[variant]):
        src = read.read_pdf(scan)
    CACHE.mkdir(parents=True, exist_ok=True)
    c.write_bytes(pickle.dumps({"code": code, "source": src}))
    return src


def micro(s: Score) -> float:
    return prf(*[sum(c[i] for c in s.counts.values()) for i in range(3)])["f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--renderings", type=Path, nargs="*", default=[ROOT / "out" / "ocr-renderings"])
    ap.add_argument("--below-seed", type=int, default=1000, help="tune scans only (seeds below 1000)")
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--variants", nargs="*", default=["base"] + list(READING)[1:] + list(REPAIR))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--json", type=Path, default=ROOT / "out" / "ablation.json")
    args = ap.parse_args()
    if args.list:
        print("\n".join(["base"] + list(READING)[1:] + list(REPAIR)))
        return
    import eval_scans
    from ocr_split_eval import gold_on_pages

    golds = {pdf.stem: fx.gold_path for fx in eval_scans.load_manifest(ROOT / "eval" / "fixtures.json")
             for pdf in fx.renderings}
    for folder in args.renderings:
        golds.update({g.name[:-len(".gold.json")]: g for g in folder.glob("*.gold.json")})
    rows = []
    for saved in sorted(eval_scans.OUT.glob("*.ours.json")):  # every scan eval_scans.py has read
        m = re.match(r"^(?P<src>.+?)(?:-p\d+)?--s(?P<seed>\d+)-(?P<dpi>\d+)dpi$", saved.name[:-len(".ours.json")])
        if m and int(m["seed"]) < args.below_seed and m["src"] in golds:
            dpi = int(m["dpi"])
            band = next(b for b, (lo, hi) in eval_scans.BANDS.items() if lo <= dpi <= hi)
            pdf = next(p for p in (ROOT / "fixtures" / f"{m['src']}.pdf", golds[m["src"]].with_name(m["src"] + ".pdf"))
                       if p.exists())
            font = eval_scans.font_of(pdf)[0]
            rows.append({"scan": saved.name[:-len(".ours.json")] + ".pdf", "source": m["src"], "band": band,
                         "font": font})
    totals = {v: {"score": Score(), "amounts": collections.Counter(), "by_band": collections.defaultdict(Score)}
              for v in args.variants}
    t0 = time.time()
    rows = [r for r in rows if not args.only or any(o in r["scan"] for o in args.only)]
    for row in rows:
        scan = eval_scans.OUT / row["scan"]
        gold_path = golds[row["source"]]
        gold_data = json.loads(gold_path.read_text(encoding="utf-8"))
        cut = re.search(r"-p(\d+)--s\d+", row["scan"])
        pages = int(cut.group(1)) if cut else 0
        gold = gold_document(gold_on_pages(gold_data, pages) if pages else gold_data)
        for v in args.variants:
            reading = v if v in READING else "base"
            source = read_scan(scan, reading)
            with patched(REPAIR.get(v, {})):
                doc = pipeline.extract_source(source)
            s = score_document(gold, doc)
            totals[v]["score"].merge(s)
            totals[v]["by_band"][(row["band"], row["font"])].merge(s)
            totals[v]["amounts"].update(eval_scans.wrong_amounts(gold, doc))
        print(f"{row['scan']} done ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    base = totals.get("base")
    out = {}
    print(f"{len(rows)} scans; micro F1, fields whose F1 moved by ≥ 0.005 against base, wrong amounts (unflagged)")
    for v, t in totals.items():
        fields = {k: round(x["f1"], 4) for k, x in t["score"].table().items()}
        moved = ""
        if base is not None and v != "base":
            bf = {k: x["f1"] for k, x in base["score"].table().items()}
            moved = ", ".join(f"{k} {fields[k] - bf.get(k, 0):+.3f}" for k in sorted(fields)
                              if abs(fields[k] - bf.get(k, 0)) >= 0.005)
        a = t["amounts"]
        print(f"{v:22} {micro(t['score']):.4f}  amounts wrong {a['wrong']:3d} unflagged {a['unflagged']:3d}  {moved}")
        out[v] = {"micro_f1": round(micro(t["score"]), 4), "fields": fields, "amounts": dict(a),
                  "by_band": {f"{b}/{f}": round(micro(s), 4) for (b, f), s in sorted(t["by_band"].items())}}
    args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
