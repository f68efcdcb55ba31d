#!/usr/bin/env python3
"""Ask a strict QA set (eval/qa/<split>.json) of our engine and score it strictly.

Splits: dev, heldout (scripts/build_qa.py); dev2, test2 (build_qa2.py); dev3 (build_qa3.py); dev4
(build_qa4.py); dev5 (build_qa6.py); dev6 (build_qa7.py); test3 (build_qa5.py: held out, run once by the integrator, never tuned on).

Builds the databases the set names from the gold JSON into out/qa/ (seed, panyu, two; three for the
second set: scripts/build_qa2.py), asks
every question with `extractor.ask.answer`, scores the answer text (never its citations) with
extractor/evaluation/strict_qa.py, prints the score per kind and per database and each failure.

Usage: python scripts/run_qa.py --split dev|heldout|dev2|test2|dev3|dev4|test3|dev5|dev6 [--kind KIND] [--json out/qa/dev-results.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Everything this runner takes from the engine and the store (these may move): keep it here.
from extractor.ask import answer as ask_engine  # noqa: E402
from extractor.evaluation.harness import gold_from_json  # noqa: E402
from extractor.evaluation.strict_qa import score_set  # noqa: E402
from extractor.store import open_db, save_document  # noqa: E402

QA = ROOT / "eval" / "qa"
OUT = ROOT / "out" / "qa"


def build_databases(databases: dict[str, list[str]]) -> dict[str, Path]:
    """One fresh SQLite file per database name, holding its gold documents."""
    OUT.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, golds in databases.items():
        path = OUT / f"{name}.db"
        for stale in OUT.glob(f"{name}.db*"):
            stale.unlink()
        db = open_db(path)
        for rel in golds:
            gold = (QA / rel).resolve()
            save_document(db, gold_from_json(gold), path=str(gold),
                          sha256=hashlib.sha256(gold.read_bytes()).hexdigest(), page_count=0, extractor="gold")
        db.conn.close()
        paths[name] = path
    return paths


def answer_text(db_path: Path, question: str) -> str:
    """The answer's text alone (an engine failure is an empty answer, reported as such)."""
    try:
        a = ask_engine(db_path, question)
    except Exception as exc:  # a crash is a wrong answer, not the end of the run
        return f"<error {type(exc).__name__}: {exc}>"
    return getattr(a, "text", None) or getattr(a, "answer", "") or ""


def report(result: dict, show_failures: bool = True) -> None:
    print(f"\nstrict score: {result['correct']}/{result['total']} = {result['score']:.3f}")
    for title, table in (("kind", result["by_kind"]), ("db", result["by_db"])):
        print(f"\nby {title}:")
        for key, (ok, n) in sorted(table.items()):
            print(f"  {key:20s} {ok:3d}/{n:<3d} {ok / n:.2f}")
    if show_failures:
        print("\nfailures:")
        for r in result["results"]:
            if not r["ok"]:
                text = r["answer"].replace("\n", " ")
                print(f"- {r['id']} [{r['db']}/{r['kind']}] {r['question']}\n    {r['why']}\n    answer: {text[:300]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout", "dev2", "test2", "dev3", "dev4", "test3", "dev5", "dev6"), required=True)
    ap.add_argument("--kind", help="only this kind")
    ap.add_argument("--json", type=Path, help="write every result here")
    ap.add_argument("--quiet", action="store_true", help="do not list failures")
    args = ap.parse_args(argv)
    doc = json.loads((QA / f"{args.split}.json").read_text(encoding="utf-8"))
    items = [i for i in doc["items"] if not args.kind or i["kind"] == args.kind]
    dbs = build_databases(doc["databases"])
    started = time.perf_counter()
    answers = {i["id"]: answer_text(dbs[i["db"]], i["question"]) for i in items}
    result = score_set(items, answers)
    print(f"{args.split}: {len(items)} questions in {time.perf_counter() - started:.1f} s")
    report(result, show_failures=not args.quiet)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=list), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
