#!/usr/bin/env python3
"""Why our readings of scans miss the gold: every field error of the saved predictions, by field and cause.

Reads the predictions scripts/eval_scans.py saved beside its scans (out/scans/<scan>.ours.json),
scores each against its gold with our scorer, and sorts each wrong field by what differs:

  recognition   a character read as another (same length, a substitution that is not a mark, a
                bracket's width or a digit of an amount): the recogniser's side
  lost / added  characters missing or extra (not marks, not spaces): a line the detector dropped,
                a wrapped line joined twice, or a repair that inserts
  marks         only · ‘ ’ ' ` differ (a trailing mark added or missed)
  space         only whitespace differs (a wrapped line joined with a space, or not)
  punctuation   only punctuation differs (；：。，、 and brackets' widths)
  column        an amount that is the gold's value of another column of the record
  amount        any other wrong amount (a digit misread, a stray char, a lost value)
  metadata      title, department, unit, year
  record        a record missed or invented (its fields all count)

    python scripts/scan_errors.py [--scans out/scans] [--renderings out/styles] [--show 5] [--only conghua]
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import Document  # noqa: E402
from extractor.evaluation.fixtures import gold_document, load_manifest  # noqa: E402
from extractor.evaluation.scoring import score_document, score_missing_document  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from ocr_split_eval import gold_on_pages  # noqa: E402

MARKS = set("·‘’'`")
SCAN_NAME = re.compile(r"^(?P<src>.+?)(?:-p(?P<pages>\d+))?--s(?P<seed>\d+)-(?P<dpi>\d+)dpi$")


def gold_paths(renderings: list[Path]) -> dict[str, Path]:
    out = {}
    for fx in load_manifest(ROOT / "eval" / "fixtures.json"):
        for pdf in fx.renderings:
            out[pdf.stem] = fx.gold_path
    for folder in renderings:
        for g in folder.glob("*.gold.json"):
            out[g.name[:-len(".gold.json")]] = g
    return out


def _is_punct(c: str) -> bool:
    return unicodedata.category(c).startswith("P") or c in "＞＜><≥≤"


def text_cause(gold: str, pred: str) -> str:
    g, p = gold or "", pred or ""
    if not p:
        return "lost"
    if "".join(g.split()) == "".join(p.split()):
        return "space"
    strip = lambda s, drop: "".join(c for c in s if c not in drop and not c.isspace())  # noqa: E731
    if strip(g, MARKS) == strip(p, MARKS):
        return "marks"
    gs, ps = strip(g, set()), strip(p, set())
    ops = [op for op in difflib.SequenceMatcher(None, gs, ps, autojunk=False).get_opcodes() if op[0] != "equal"]
    if all(all(_is_punct(c) for c in gs[a:b] + ps[c_:d]) for _, a, b, c_, d in ops):
        return "punctuation"
    if all(tag == "replace" and b - a == d - c_ for tag, a, b, c_, d in ops):
        return "recognition"
    lost = sum(b - a for tag, a, b, c_, d in ops if tag == "delete")
    added = sum(d - c_ for tag, a, b, c_, d in ops if tag == "insert")
    if lost and not added:
        return "lost"
    if added and not lost:
        return "added"
    return "recognition"


def amount_cause(err: dict, gold_doc) -> str:
    if err["pred"] is None:
        return "amount lost"
    return "amount"


def classify(err: dict) -> str:
    if err["kind"] != "wrong":
        return "record"
    f = err["field"]
    if f.startswith("document.") and ".amount" not in f:
        return "metadata"
    if ".amount" in f:
        return "amount lost" if err["pred"] is None else "amount"
    if f in ("project.pages", "project.unit"):
        return "structure"
    return text_cause(err["gold"], err["pred"])


def column_swaps(errors: list[dict]) -> int:
    """Wrong amounts whose value is the gold's value of another column of the same record."""
    by_rec = collections.defaultdict(list)
    for e in errors:
        if e["kind"] == "wrong" and ".amount" in e["field"]:
            by_rec[e["record"]].append(e)
    n = 0
    for es in by_rec.values():
        golds = {e["gold"] for e in es}
        n += sum(1 for e in es if e["pred"] is not None and e["pred"] in golds)
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scans", type=Path, default=ROOT / "out" / "scans")
    ap.add_argument("--renderings", type=Path, nargs="*", default=[ROOT / "out" / "styles"])
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--max-seed", type=int, default=999, help="tune: seeds below 1000")
    ap.add_argument("--min-seed", type=int, default=0)
    ap.add_argument("--min-dpi", type=int, default=150, help="the bar's bands start at 150 dpi")
    ap.add_argument("--show", type=int, default=3, help="examples per (field, cause)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    golds = gold_paths([r for r in args.renderings if r.exists()])
    table = collections.defaultdict(collections.Counter)  # field → cause → count
    examples = collections.defaultdict(list)
    swaps = scans = 0
    for saved in sorted(args.scans.glob("*.ours.json")):
        stem = saved.name[:-len(".ours.json")]
        m = SCAN_NAME.match(stem)
        if not m or not (args.min_seed <= int(m["seed"]) <= args.max_seed) or int(m["dpi"]) < args.min_dpi:
            continue
        if args.only and not any(o in stem for o in args.only):
            continue
        if m["src"] not in golds:
            print(f"no gold for {stem}", file=sys.stderr)
            continue
        gold_data = json.loads(golds[m["src"]].read_text(encoding="utf-8"))
        if m["pages"]:  # a scan of the first K pages: scored against the gold printed there (as eval_scans.py)
            gold_data = gold_on_pages(gold_data, int(m["pages"]))
        gold = gold_document(gold_data)
        data = json.loads(saved.read_text(encoding="utf-8"))
        pred = Document.model_validate(data["document"]) if data["document"] else None
        s = score_missing_document(gold) if pred is None else score_document(gold, pred)
        scans += 1
        swaps += column_swaps(s.errors)
        for e in s.errors:
            cause = classify(e)
            field = e["field"]
            table[field][cause] += 1
            if len(examples[(field, cause)]) < args.show:
                examples[(field, cause)].append((stem, e["record"], e["gold"], e["pred"]))
    causes = sorted({c for t in table.values() for c in t})
    print(f"{scans} scans; errors by field and cause (a wrong value counts once; a missed/invented record once per record)")
    print(f"{'field':34}" + "".join(f"{c[:11]:>12}" for c in causes) + f"{'all':>7}")
    for field in sorted(table):
        print(f"{field:34}" + "".join(f"{table[field].get(c, 0):12d}" for c in causes) + f"{sum(table[field].values()):7d}")
    total = collections.Counter()
    for t in table.values():
        total.update(t)
    print(f"{'all':34}" + "".join(f"{total.get(c, 0):12d}" for c in causes) + f"{sum(total.values()):7d}")
    print(f"wrong amounts equal to the gold of another column of their record: {swaps}")
    for (field, cause), exs in sorted(examples.items()):
        print(f"\n## {field} / {cause}")
        for stem, rec, g, p in exs:
            print(f"  {stem} | {rec[:60]}\n     gold: {str(g)[:160]}\n     pred: {str(p)[:160]}")
    if args.json:
        args.json.write_text(json.dumps({f: dict(c) for f, c in table.items()}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
