#!/usr/bin/env python3
"""OCR on a tune or test split of seeded scans: per-field F1 by resolution band and font, and the
amounts we got wrong with no finding on their record. For choosing OCR constants on `tune` and
reporting them on `test` (never the other way round).

A split is a directory of `<name>.pdf` scans (scripts/scangen.py, of scripts/layoutgen.py
renderings) each with `<name>.gold.json` (the gold as drawn) and `<name>.scan.json` (its dpi).
OCR is slow on a shared machine, so `--pages K` reads the first K pages of each scan and scores
them against the part of the gold printed there (units and projects whose rows lie on those pages).

    python scripts/ocr_split_eval.py out/ocrset/tune --pages 3
    EXTRACTOR_OCR_MIN_DPI=300 python scripts/ocr_split_eval.py out/ocrset/tune --pages 3

OCR results are cached in out/ocr-cache/ by the scan's bytes, the pages and the OCR code and settings.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import pickle
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluation.align import assign  # noqa: E402
from extractor.evaluation.harness import gold_document  # noqa: E402
from extractor.evaluation.scoring import Score, _project_sim, prf, score_document  # noqa: E402
from extractor.pipeline import extract_source  # noqa: E402
from extractor.source.pdf import InputError, read_pdf  # noqa: E402

CACHE = ROOT / "out" / "ocr-cache"


def band(dpi: int) -> str:
    return "120-149" if dpi < 150 else "150-199" if dpi < 200 else "200-300"


def first_pages(pdf: Path, k: int, out: Path) -> Path:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(pdf))
    n = min(k, len(src))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, list(range(n)))
    dst.save(str(out))
    return out


def gold_on_pages(gold: dict, k: int) -> dict:
    """The gold as printed on pages 1..k: units whose row is there, projects whose rows end there.
    A set of forms prints no unit row: its unit's amounts are what its forms begun on those pages
    add up to (a form prints its amounts on its first page)."""
    g = copy.deepcopy(gold)
    forms = "form_extras" in g
    units = []
    for u in g["units"]:
        if u.get("pages") and min(u["pages"]) > k:
            continue
        begun = [p for p in u["projects"] if p.get("pages") and min(p["pages"]) <= k]
        if forms and len(begun) < len(u["projects"]):
            u["amounts"] = _sum_amounts([p["amounts"] for p in begun])
        u["projects"] = [p for p in u["projects"] if p.get("pages") and max(p["pages"]) <= k]
        units.append(u)
    g["units"] = units
    return g


def _sum_amounts(amounts: list[dict]) -> dict:
    from decimal import Decimal

    def add(values):
        values = [Decimal(v) for v in values if v is not None]
        return format(sum(values, Decimal(0)), "f") if values else None

    keys = dict.fromkeys(k for a in amounts for k in a.get("sources", {}))
    return {"total": add([a.get("total") for a in amounts]),
            "sources": {k: add([a["sources"].get(k) for a in amounts]) for k in keys}}


def prediction_on_pages(doc, gold: dict, k: int):
    """`doc` without the projects that align with a gold project continuing past page k: what a
    reader of pages 1..k saw of it is a part, which the cut gold does not hold (it would count as an
    invented project, its amounts as wrong and unflagged). Aligned on the whole gold, by name and amounts."""
    if doc is None:
        return None
    full = gold_document(gold)
    cut = {(ui, pi) for ui, u in enumerate(gold["units"]) for pi, p in enumerate(u["projects"])
           if p.get("pages") and min(p["pages"]) <= k < max(p["pages"])}
    if not cut:
        return doc
    gps = [((ui, pi), gu, gp) for ui, gu in enumerate(full.units) for pi, gp in enumerate(gu.projects)]
    pps = [((ui, pi), pu, pp) for ui, pu in enumerate(doc.units) for pi, pp in enumerate(pu.projects)]
    pairs = assign([[_project_sim(gu, gp, pu, pp) for _, pu, pp in pps] for _, gu, gp in gps], minimum=0.5)
    drop = {pps[j][0] for i, j in pairs if gps[i][0] in cut}
    out = doc.model_copy(deep=True)
    new_index = {}
    for ui, u in enumerate(out.units):
        kept = [pi for pi in range(len(u.projects)) if (ui, pi) not in drop]
        new_index.update({(ui, pi): n for n, pi in enumerate(kept)})
        u.projects = [u.projects[pi] for pi in kept]
    findings = []
    for f in out.findings:  # a finding names its record by place: follow the projects that moved up
        m = re.match(r"units\[(\d+)\]\.projects\[(\d+)\](.*)", f.record or "")
        if m:
            at = (int(m.group(1)), int(m.group(2)))
            if at not in new_index:
                continue
            f = f.model_copy(update={"record": f"units[{at[0]}].projects[{new_index[at]}]{m.group(3)}"})
        findings.append(f)
    out.findings = findings
    return out


def ocr_key(pdf: Path, pages: int = 0) -> str:
    h = hashlib.sha1(pdf.read_bytes() + str(pages).encode())
    for p in sorted((ROOT / "extractor" / "source").rglob("*.py")):
        h.update(p.read_bytes())
    h.update(json.dumps({k: v for k, v in os.environ.items() if k.startswith("EXTRACTOR_OCR")}, sort_keys=True).encode())
    return h.hexdigest()[:16]


def read_cached(pdf: Path, scan: Path, pages: int):
    """`scan` (pages 1..`pages` of `pdf`) read, cached by the original scan's bytes (a page copy's bytes vary)."""
    c = CACHE / (ocr_key(pdf, pages) + ".pkl")
    if c.exists():
        return pickle.loads(c.read_bytes())
    src = read_pdf(scan)
    CACHE.mkdir(parents=True, exist_ok=True)
    c.write_bytes(pickle.dumps(src))
    return src


def silent_amounts(gold, doc) -> list:
    """Aligned projects whose amounts differ from the gold's with no warning or error on them or their unit."""
    flagged = {f.record for f in doc.findings if f.severity in ("warning", "error") and f.record}
    gps = [(u, p) for u in gold.units for p in u.projects]
    pps = [(ui, pi, u, p) for ui, u in enumerate(doc.units) for pi, p in enumerate(u.projects)]
    pairs = assign([[_project_sim(gu, gp, pu, pp) for _, _, pu, pp in pps] for gu, gp in gps], minimum=0.5)
    out = []
    for i, j in pairs:
        gu, gp = gps[i]
        ui, pi, pu, pp = pps[j]
        g = (gp.amounts.total, {k: v for k, v in gp.amounts.sources.items() if v is not None})
        p = (pp.amounts.total, {k: v for k, v in pp.amounts.sources.items() if v is not None})
        if g != p and f"units[{ui}].projects[{pi}]" not in flagged and f"units[{ui}]" not in flagged:
            out.append(f"{gp.name}: {g} read as {p}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", type=Path, help="directory of scans with .gold.json and .scan.json")
    ap.add_argument("--pages", type=int, default=0, help="first K pages only (0: all)")
    ap.add_argument("--font", help="only scans of this font")
    ap.add_argument("--report", type=Path, help="write the figures as JSON")
    args = ap.parse_args()
    groups: dict[tuple, Score] = {}
    texts: dict[tuple, Score] = {}
    seconds = pages_read = 0
    silent_all = []
    work = ROOT / "out" / "ocr-pages"
    work.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(args.split.glob("*.pdf")):
        meta = json.loads(pdf.with_suffix(".scan.json").read_text())
        gold_path = pdf.with_suffix(".gold.json")
        font = next((f for f in ("zenhei", "microhei", "uming") if f"-{f}-" in pdf.name), "?")
        if args.font and font != args.font:
            continue
        gold = json.loads(gold_path.read_text())
        scan = pdf
        if args.pages:
            scan = first_pages(pdf, args.pages, work / f"{pdf.stem}-p{args.pages}.pdf")
            gold = gold_on_pages(gold, args.pages)
        g = gold_document(gold)
        t = time.perf_counter()
        try:
            src = read_cached(pdf, scan, args.pages)
            doc = extract_source(src)
            s = score_document(g, doc)
            silent = silent_amounts(g, doc)
            n = len(src.pages)
        except InputError as e:
            from extractor.evaluation.scoring import score_missing_document

            s, silent, n = score_missing_document(g), [], 0
            print(f"  {pdf.name}: refused: {e}")
        seconds += time.perf_counter() - t
        pages_read += n
        key = (band(meta["params"]["dpi"]), font)
        groups.setdefault(key, Score()).merge(s, rendering=pdf.name)
        text_pdf = args.split / "src" / meta["source"]
        if text_pdf.exists():  # the same pages through the text layer: what is lost before OCR has a say
            if args.pages:
                text_pdf = first_pages(text_pdf, args.pages, work / f"{text_pdf.stem}-text-p{args.pages}.pdf")
            try:
                texts.setdefault(key, Score()).merge(score_document(g, extract_source(read_pdf(text_pdf))))
            except InputError:
                pass
        table = s.table()
        worst = sorted(table.items(), key=lambda kv: kv[1]["f1"])[:3]
        print(f"{pdf.name} ({meta['params']['dpi']} dpi, {font}): min F1 {worst[0][1]['f1']:.3f}; "
              + ", ".join(f"{k} {v['f1']:.3f}" for k, v in worst) + f"; silent amounts {len(silent)}", flush=True)
        for x in silent:
            print("   SILENT", x)
        silent_all += silent
    report = {}
    print(f"\n{'band':8} {'font':9} {'min F1':>7} {'micro':>7}  worst fields")
    for key, s in sorted(groups.items()):
        table = s.table()
        micro = prf(*[sum(c[i] for c in s.counts.values()) for i in range(3)])["f1"]
        worst = sorted(table.items(), key=lambda kv: kv[1]["f1"])[:4]
        text = texts.get(key, Score()).table()
        print(f"{key[0]:8} {key[1]:9} {worst[0][1]['f1']:7.3f} {micro:7.3f}  "
              + ", ".join(f"{k} {v['f1']:.3f} (text layer {text[k]['f1']:.3f})" if k in text else f"{k} {v['f1']:.3f}"
                          for k, v in worst))
        report[f"{key[0]} {key[1]}"] = {"min_f1": worst[0][1]["f1"], "micro_f1": micro,
                                        "fields": {k: round(v["f1"], 4) for k, v in table.items()},
                                        "text_layer_fields": {k: round(v["f1"], 4) for k, v in text.items()}}
    print(f"silent wrong amounts: {len(silent_all)}; {pages_read} pages, {seconds:.0f} s with OCR (cached pages cost 0)")
    if args.report:
        args.report.write_text(json.dumps({"groups": report, "silent": silent_all}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
