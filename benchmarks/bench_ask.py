"""Answer time of the offline engine over the strict dev set (eval/qa/dev.json):

    python benchmarks/bench_ask.py [--split dev] [--repeat 3]

Builds the set's databases from the gold (out/bench-ask/), then times `extractor.ask.answer` on
every question: the first answer of the process (imports and the catalog load included), then the
median, 90th percentile and maximum over all questions (REPEAT rounds), for the seed database and
for all. Also times one `extractor ask` command line end to end (a fresh process). The issue's
bar: median ≤ 2 s on the seed database. Timings depend on the machine and its load (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "heldout"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from extractor.ask import answer

    imports = time.perf_counter() - t0
    from extractor.evaluation.qa import build_strict_databases

    qa_path = ROOT / "eval" / "qa" / f"{args.split}.json"
    items = json.loads(qa_path.read_text(encoding="utf-8"))["items"]
    dbs = build_strict_databases(qa_path, ROOT / "out" / "bench-ask")
    first = items[0]
    t0 = time.perf_counter()
    answer(dbs[first["db"]], first["question"])
    cold = imports + time.perf_counter() - t0

    times: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for it in items:
            t = time.perf_counter()
            answer(dbs[it["db"]], it["question"])
            times.setdefault(it["db"], []).append(time.perf_counter() - t)
    every = [x for v in times.values() for x in v]

    t = time.perf_counter()
    cli = subprocess.run([sys.executable, "-m", "extractor", "ask", first["question"], "--db", str(dbs[first["db"]]),
                          "--offline"], capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    cli_s = time.perf_counter() - t

    print(f"# bench_ask: {args.split} set, {len(items)} questions × {args.repeat}, load {os.getloadavg()[0]:.2f}")
    print(f"first answer of a process (imports, catalog load): {cold:.2f} s")
    print(f"one `extractor ask` command line, end to end: {cli_s:.2f} s (exit {cli.returncode})")
    print("| database | answers | median s | p90 s | max s |")
    print("|---|---:|---:|---:|---:|")
    for name, v in sorted(times.items()) + [("all", every)]:
        print(f"| {name} | {len(v)} | {statistics.median(v):.3f} | {_percentile(v, 0.9):.3f} | {max(v):.3f} |")
    seed = statistics.median(times.get("seed", every))
    print(f"median on the seed database: {seed:.3f} s ({'within' if seed <= 2 else 'OVER'} the 2 s bar)")
    return 0 if seed <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
