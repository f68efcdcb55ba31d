"""Batch runs: many PDFs → one database, extraction in worker processes.

    from extractor import batch
    files, problems = batch.expand_inputs(["reports/", "more/*.pdf", "one.pdf"])
    with batch.run(files, "budget.db", jobs=4) as outcomes:
        for o in outcomes:
            print(o.path, o.status, o.message)

Workers only extract (`pipeline.extract_pdf`) and send back plain data (the
Document as JSON-ready dicts, never the page text); a worker that dies takes only
its own file down (each file in flight is tried once more in a new pool). The parent alone writes the
database, one document per transaction (`store.save_document`), so an
interruption leaves every stored document whole, and a re-run skips the files
whose content (sha256) is already stored by this extractor version.

A file that cannot be extracted is recorded in the `failures` table (unless
`record_failures=False`) and the batch goes on.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import sqlite_utils

from extractor import __version__
from extractor.store import db as store
from extractor.models import Document
from extractor.source.pdf import InputError, sha256_of

try:
    import resource
except ImportError:  # not on Windows
    resource = None

_GLOB_CHARS = set("*?[")


@dataclass
class Outcome:
    """What became of one input file."""

    path: str
    status: str  # "stored" | "skipped" | "failed"
    message: str = ""  # the error line (failed) or why it was skipped
    sha256: Optional[str] = None
    page_count: int = 0
    document_id: Optional[int] = None
    document: Optional[Document] = None  # the extracted records (stored only)
    seconds: float = 0.0  # extraction time in the worker (wall clock)
    cpu_seconds: float = 0.0  # and the CPU time it took
    worker: Optional[int] = None  # pid of the process that extracted it
    maxrss_kb: Optional[int] = None  # that process's peak resident memory so far
    ocr_pages: int = 0  # pages read by OCR (scans)
    ocr_seconds: float = 0.0  # the time those pages took (render and OCR)


def is_pattern(arg: str) -> bool:
    """A glob pattern rather than a path (a path that exists is never a pattern)."""
    return not os.path.exists(arg) and bool(_GLOB_CHARS & set(arg))


def _pdfs_under(directory: Path) -> list[str]:
    found = (p for p in directory.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
    return sorted(str(p) for p in found)


def expand_inputs(args: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to extract from command-line inputs: files as given, directories searched
    recursively for *.pdf, glob patterns (`**` allowed) expanded; each file once.

    Returns (files, problems), problems being (input, reason) for inputs that name no file.
    A path that does not exist (and is no pattern) is kept: reading it reports "no such file"."""
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for arg in map(str, args):
        if os.path.isdir(arg):
            found = _pdfs_under(Path(arg))
            if not found:
                problems.append((arg, "directory holds no *.pdf file"))
        elif is_pattern(arg):
            found = []
            for m in sorted(glob.glob(arg, recursive=True)):
                if os.path.isdir(m):
                    found.extend(_pdfs_under(Path(m)))
                else:
                    found.append(m)
            if not found:
                problems.append((arg, "no file matches this pattern"))
        else:
            found = [arg]
        for path in found:
            add(path)
    return files, problems


# ---------------------------------------------------------------- worker side


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle: it stops the batch and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _accepts_progress(fn) -> bool:
    import inspect

    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def page_progress_supported() -> bool:
    """Whether the reader reports pages as it reads them (`read_pdf(…, progress=callback)`)."""
    from extractor.pipeline import extract_pdf
    from extractor.source.pdf import read_pdf

    return _accepts_progress(extract_pdf) or _accepts_progress(read_pdf)


def _read(path: str, progress: Optional[Callable[[int, int], None]]):
    from extractor.source.pdf import read_pdf

    if progress is not None and _accepts_progress(read_pdf):
        return read_pdf(path, progress=progress)
    return read_pdf(path)


def _extract_rules(path: str, progress: Optional[Callable[[int, int], None]]):
    from extractor import pipeline

    if progress is not None and _accepts_progress(pipeline.extract_pdf):
        return pipeline.extract_pdf(path, progress=progress)
    if progress is not None and _accepts_progress(_read_pdf()):
        source = _read(path, progress)
        return source, pipeline.extract_source(source)
    return pipeline.extract_pdf(path)


def _read_pdf():
    from extractor.source.pdf import read_pdf

    return read_pdf


def extract_one(path: str, backend: str = "rules", progress: Optional[Callable[[int, int], None]] = None) -> dict:
    """Extract one file; plain data back, never an exception (runs in a worker process).

    `backend` rules | llm | hybrid; the model's configuration comes from the environment.
    `progress(pages_done, pages)` is called as pages are read when the reader supports it
    (only for a file extracted in this process: a worker's callback could not reach the terminal)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out: dict = {"path": path, "ok": False, "sha256": None, "pid": os.getpid()}
    try:
        if backend == "rules":
            source, doc = _extract_rules(path, progress)
        else:
            from extractor.pipeline import run

            source = _read(path, progress)
            result = run(source, backend)  # the model's configuration from the environment
            doc = result.document
            out["usage"] = [vars(u) for u in result.usage]
            out["llm"] = {"prompt": result.prompt, "model": result.model}
        ocr_pages = [p for p in source.pages if getattr(p, "ocr", False)]
        out.update(ok=True, sha256=source.sha256, page_count=len(source.pages),
                   ocr_pages=len(ocr_pages), ocr_seconds=sum(getattr(p, "seconds", 0.0) for p in ocr_pages),
                   document=doc.model_dump(mode="json"))
        del source, doc
    except InputError as e:
        out["error"] = str(e)
    except MemoryError:
        out["error"] = "out of memory while extracting"
    except Exception as e:  # a bug must not end the batch: record it as this file's failure
        out["error"] = f"internal error: {type(e).__name__}: {e}".splitlines()[0]
    if not out["ok"]:
        with contextlib.suppress(OSError):
            out["sha256"] = sha256_of(path)
    out["seconds"] = time.perf_counter() - t0
    out["cpu_seconds"] = time.process_time() - c0
    out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else None
    return out


# ---------------------------------------------------------------- parent side


class _Run:
    def __init__(self, files: list[str], db_path: str | Path, jobs: Optional[int], record_failures: bool,
                 force: bool, backend: str = "rules", progress: Optional[Callable[[int, int], None]] = None):
        self.backend = backend
        self.progress = progress
        self.files = list(files)
        self.db_path = str(db_path)
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.record_failures = record_failures
        self.force = force
        self._db: Optional[sqlite_utils.Database] = None
        self.executor: Optional[ProcessPoolExecutor] = None

    def db(self, create: bool) -> Optional[sqlite_utils.Database]:
        """The database, opened on first need; created only when something is to be written."""
        if self._db is None and (create or os.path.exists(self.db_path)):
            self._db = store.open_db(self.db_path) if create else sqlite_utils.Database(self.db_path)
        return self._db

    def _skip(self, path: str, sha: Optional[str], batch_hashes: dict[str, str]) -> Optional[Outcome]:
        if sha is None:
            return None
        if sha in batch_hashes:
            return Outcome(path, "skipped", f"same content as {batch_hashes[sha]}", sha256=sha)
        batch_hashes[sha] = path
        if self.force:
            return None
        db = self.db(create=False)
        doc_id = store.stored_document(db, sha, extractor=self.backend) if db is not None else None
        if doc_id is None:
            return None
        return Outcome(path, "skipped", f"already in {self.db_path} (same content, extractor {__version__})",
                       sha256=sha, document_id=doc_id)

    def _finish(self, path: str, result: dict) -> Outcome:
        common = dict(sha256=result.get("sha256"), seconds=result.get("seconds", 0.0),
                      cpu_seconds=result.get("cpu_seconds", 0.0), worker=result.get("pid"),
                      maxrss_kb=result.get("maxrss_kb"))
        if not result.get("ok"):
            error = result.get("error") or "failed"
            if self.record_failures:
                store.save_failure(self.db(create=True), path=path, sha256=result.get("sha256"), error=error)
            return Outcome(path, "failed", error, **common)
        doc = Document.model_validate(result["document"])
        doc_id = store.save_document(self.db(create=True), doc, path=path, sha256=result["sha256"],
                                     page_count=result["page_count"], extractor=self.backend,
                                     llm_usage=result.get("usage"), **result.get("llm", {}))
        return Outcome(path, "stored", "", page_count=result["page_count"], document_id=doc_id, document=doc,
                       ocr_pages=result.get("ocr_pages", 0), ocr_seconds=result.get("ocr_seconds", 0.0), **common)

    def __iter__(self) -> Iterator[Outcome]:
        queue = deque(self.files)
        batch_hashes: dict[str, str] = {}
        inflight: dict[Future, tuple[str, ProcessPoolExecutor]] = {}
        retried: set[str] = set()
        limit = 2 * self.jobs  # files handed to the pool ahead of the results: bounds memory, quickens Ctrl-C
        while queue or inflight:
            while queue and len(inflight) < limit:
                path = queue.popleft()
                try:
                    sha = sha256_of(path)
                except OSError:
                    sha = None  # the worker says why (no such file, a directory, …)
                skipped = self._skip(path, sha, batch_hashes)
                if skipped is not None:
                    yield skipped
                    continue
                # A worker process even with one job: a file that crashes its process (C code, out of memory)
                # fails alone. Only a lone file (nothing else to do) is extracted in this process.
                if self.executor is None and not (queue or inflight or path in retried):
                    yield self._finish(path, extract_one(path, self.backend, self.progress))
                    continue
                for _ in range(2):
                    if self.executor is None:
                        self.executor = ProcessPoolExecutor(max_workers=min(self.jobs, len(queue) + 1),
                                                            initializer=_worker_init)
                    try:
                        inflight[self.executor.submit(extract_one, path, self.backend)] = (path, self.executor)
                        break
                    except BrokenProcessPool:  # it broke since the last result: its futures will say so
                        self._drop_executor()
                else:
                    yield self._finish(path, {"ok": False, "error": "could not start a worker process"})
            if not inflight:
                continue
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for fut in [f for f in inflight if f in done]:  # in submission order
                path, ex = inflight.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    # A worker died (killed, out of memory, crashed in C code): every file in flight is lost
                    # with it. Start a new pool; try each such file once more, then call it a failure.
                    if ex is self.executor:
                        self._drop_executor()
                    if path not in retried:
                        retried.add(path)
                        queue.appendleft(path)
                        batch_hashes = {k: v for k, v in batch_hashes.items() if v != path}
                        continue
                    result = {"ok": False, "error": "a worker process died while extracting it (twice)"}
                except Exception as e:
                    result = {"ok": False, "error": f"worker failed: {type(e).__name__}: {e}"}
                yield self._finish(path, result)

    def _drop_executor(self) -> None:
        ex, self.executor = self.executor, None
        if ex is not None:
            ex.shutdown(wait=False, cancel_futures=True)

    def close(self, interrupted: bool) -> None:
        ex, self.executor = self.executor, None
        if ex is not None:
            if interrupted:
                # The workers ignore SIGINT; end them now rather than after their current file.
                for p in list((getattr(ex, "_processes", None) or {}).values()):
                    with contextlib.suppress(Exception):
                        p.terminate()
            ex.shutdown(wait=True, cancel_futures=True)
        if self._db is not None:
            self._db.conn.close()
            self._db = None


@contextlib.contextmanager
def run(files: Iterable[str], db_path: str | Path, jobs: Optional[int] = None, *, record_failures: bool = True,
        force: bool = False, backend: str = "rules",
        progress: Optional[Callable[[int, int], None]] = None) -> Iterator[Iterator[Outcome]]:
    """Extract `files` into the database at `db_path`; yields an iterator of Outcomes, in completion order.

    `jobs` worker processes (default: os.cpu_count()); a lone file is extracted in this process.
    Stored files (same sha256, same extractor version) are skipped unless `force`.
    The database is created only when there is something to write. Leaving the block (even by
    KeyboardInterrupt) stops the workers; every document already stored stays whole.
    `progress(pages_done, pages)`: page progress of a lone file (see `extract_one`)."""
    r = _Run(list(files), db_path, jobs, record_failures, force, backend, progress)
    interrupted = False
    try:
        yield iter(r)
    except BaseException:
        interrupted = True
        raise
    finally:
        r.close(interrupted)
