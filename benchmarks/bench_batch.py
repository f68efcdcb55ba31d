"""Batch throughput and worker memory, in one run:

    python benchmarks/bench_batch.py [--copies 50] [--jobs 2] [--small 10] [--no-write]

Makes COPIES copies of the fixture PDFs in a temporary directory (each with its own
content hash: a comment and a second %%EOF appended, which PDF readers accept) and
measures, on the same files:

- bare pdfplumber `extract_words` on every page, in 1 process and in JOBS processes;
- `extractor extract` (rules), end to end into a fresh database (hashing, extraction,
  storing), with 1 job and with JOBS jobs: pages per second, and the speed-up;
- the extraction alone (the workers' own time per page) against bare pdfplumber;
- peak resident memory (ru_maxrss) of each worker after its first and after its last
  document, for a batch of SMALL documents and for one of COPIES documents: it should
  not grow with the number of documents.

Prints a Markdown report and (unless --no-write) puts it in docs/benchmarks.md between
the `bench_batch` markers, leaving the rest of that file alone. Timings depend on the
machine and on what else runs on it; the load average is reported with them.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import __version__, batch  # noqa: E402

FIXTURES = [ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf", ROOT / "fixtures" / "conghua-hrss-2024-header-ruled.pdf"]
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_batch:start -->", "<!-- bench_batch:end -->"


def make_copies(directory: Path, n: int) -> list[str]:
    out = []
    for i in range(n):
        src = FIXTURES[i % len(FIXTURES)]
        dst = directory / f"copy-{i:03d}.pdf"
        dst.write_bytes(src.read_bytes() + f"\n%copy-{i}\n%%EOF\n".encode())
        out.append(str(dst))
    return out


def bare_one(path: str) -> tuple[int, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
        n = len(pdf.pages)
    return n, time.perf_counter() - t0, time.process_time() - c0


def bare(files: list[str], jobs: int) -> dict:
    t0 = time.perf_counter()
    if jobs == 1:
        results = [bare_one(f) for f in files]
    else:
        with ProcessPoolExecutor(jobs) as ex:
            results = list(ex.map(bare_one, files))
    wall = time.perf_counter() - t0
    pages = sum(r[0] for r in results)
    return {"pages": pages, "wall": wall, "pps": pages / wall, "busy": sum(r[1] for r in results),
            "cpu": sum(r[2] for r in results)}


def rules(files: list[str], jobs: int, db: Path) -> dict:
    if db.exists():
        db.unlink()
    series: dict[int, list[int]] = {}
    busy = cpu = 0.0
    pages = failed = 0
    t0 = time.perf_counter()
    with batch.run(files, db, jobs) as outcomes:
        for o in outcomes:
            o.document = None  # the parent keeps nothing
            if o.status != "stored":
                failed += 1
                continue
            pages += o.page_count
            busy += o.seconds
            cpu += o.cpu_seconds
            series.setdefault(o.worker, []).append(o.maxrss_kb / 1024)
    wall = time.perf_counter() - t0
    return {"pages": pages, "wall": wall, "pps": pages / wall, "busy": busy, "cpu": cpu, "failed": failed,
            "workers": series}


def machine() -> list[str]:
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- CPU: {cpu}; nproc {usable} (os.cpu_count() {os.cpu_count()})",
        f"- RAM: {mem_kb / 1024 / 1024:.1f} GiB",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
        f"- pdfplumber {pdfplumber.__version__}, extractor {__version__}",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--small", type=int, default=10, help="documents in the smaller batch for the memory check")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    n, j = args.copies, args.jobs
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        files = make_copies(tmp, n)
        bare_one(files[0])
        batch.extract_one(files[0])  # warm imports and caches alike
        load0 = os.getloadavg()
        # Interleaved so that drift in machine load hits both alike.
        b1 = bare(files, 1)
        r1 = rules(files, 1, tmp / "one.db")
        bj = bare(files, j)
        rj = rules(files, j, tmp / "many.db")
        rs = rules(files[: args.small], j, tmp / "small.db")
        load1 = os.getloadavg()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    assert not (r1["failed"] or rj["failed"] or rs["failed"]), "a copy failed to extract"
    pages = r1["pages"]

    def share(run):
        return f"{100 * run['cpu'] / run['busy']:.0f} %"

    def peak(run):
        return max(s[-1] for s in run["workers"].values())

    def growth(run):  # from the second document (the first one warms the caches) to the last
        return max(s[-1] - s[min(1, len(s) - 1)] for s in run["workers"].values())

    lines = [
        START,
        f"### `python benchmarks/bench_batch.py --copies {n} --jobs {j} --small {args.small}`",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')}; {n} copies of the two 12-page fixtures, {pages} pages. "
        f"Load average before/after: {load0[0]:.2f} / {load1[0]:.2f} (1 min).",
        "",
        *machine(),
        "",
        "| run | wall s | pages/s | s/page | CPU s/page in the workers | workers on CPU |",
        "|---|---:|---:|---:|---:|---:|",
        f"| bare pdfplumber `extract_words`, 1 process | {b1['wall']:.1f} | {b1['pps']:.1f} | {1 / b1['pps']:.4f} | "
        f"{b1['cpu'] / pages:.4f} | {share(b1)} |",
        f"| bare pdfplumber `extract_words`, {j} processes | {bj['wall']:.1f} | {bj['pps']:.1f} | {1 / bj['pps']:.4f} | "
        f"{bj['cpu'] / pages:.4f} | {share(bj)} |",
        f"| `extractor extract`, 1 job (end to end, into SQLite) | {r1['wall']:.1f} | {r1['pps']:.1f} | "
        f"{1 / r1['pps']:.4f} | {r1['cpu'] / pages:.4f} | {share(r1)} |",
        f"| `extractor extract`, {j} jobs (end to end, into SQLite) | {rj['wall']:.1f} | {rj['pps']:.1f} | "
        f"{1 / rj['pps']:.4f} | {rj['cpu'] / pages:.4f} | {share(rj)} |",
        "",
        "*Workers on CPU*: the workers' CPU time over their wall time while working; below ~95 % another "
        "process on the machine was taking turns with them, and the wall-clock figures of that row are low.",
        "",
        f"- Speed-up, {j} jobs over 1 job: **{rj['pps'] / r1['pps']:.2f}×** (target ≥ 1.7× on 2 cores); "
        f"bare pdfplumber gets {bj['pps'] / b1['pps']:.2f}× from {j} processes.",
        f"- Extraction per page against bare pdfplumber, 1 process: end to end "
        f"**{b1['pps'] / r1['pps']:.2f}×**; the extraction alone (workers' own time) "
        f"{(r1['busy'] / pages) / (b1['busy'] / b1['pages']):.2f}× (target ≤ 1.5×); in CPU time, which other "
        f"processes on the machine disturb less: {r1['cpu'] / pages:.4f} against {b1['cpu'] / b1['pages']:.4f} "
        f"s/page, **{(r1['cpu'] / pages) / (b1['cpu'] / b1['pages']):.2f}×**.",
        "",
        "| peak RSS per worker (ru_maxrss) | documents per worker | after its 1st document | after its 2nd | "
        "after its last |",
        "|---|---|---|---|---|",
    ]
    for label, run in ((f"{args.small} documents, {j} jobs", rs), (f"{n} documents, {j} jobs", rj),
                       (f"{n} documents, 1 job", r1)):
        w = sorted(run["workers"].values(), key=len, reverse=True)

        def at(i):
            return ", ".join(f"{s[min(i, len(s) - 1)]:.0f} MiB" for s in w)

        lines.append(f"| {label} | {', '.join(str(len(s)) for s in w)} | {at(0)} | {at(1)} | {at(-1)} |")
    lines += [
        "",
        f"- Peak per worker: {peak(rs):.0f} MiB at {args.small} documents, {peak(rj):.0f} MiB at {n}; largest "
        f"growth within a worker from its 2nd document to its last: "
        f"{growth(rs):.1f} MiB at {args.small} documents, {growth(rj):.1f} MiB at {n}.",
        END,
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        DOC.parent.mkdir(exist_ok=True)
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
        if START in text and END in text:
            text = text[: text.index(START)] + report + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + report + "\n"
        DOC.write_text(text, encoding="utf-8")
        print(f"\n→ {DOC.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
