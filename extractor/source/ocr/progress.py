"""Per-page OCR progress: OCR takes seconds a page, so a person waiting on one scanned file is told
how far it got. A caller (the CLI) sets the hook with `reporting(callback)`; without one, a line goes
to stderr when stderr is a terminal, and nothing otherwise (batches, pipes, tests)."""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import Callable, Iterator, Optional

#: page number (1-based), number of pages in the file, seconds the page took
Progress = Callable[[int, int, float], None]

_UNSET = object()
_local = threading.local()


def stderr_line(number: int, count: int, seconds: float) -> None:
    """`OCR page 3/12: 2.8 s` on stderr."""
    sys.stderr.write(f"OCR page {number}/{count}: {seconds:.1f} s\n")
    sys.stderr.flush()


def _default() -> Optional[Progress]:
    try:
        return stderr_line if sys.stderr.isatty() else None
    except (AttributeError, ValueError):  # stderr replaced or closed
        return None


@contextlib.contextmanager
def reporting(callback: Optional[Progress]) -> Iterator[None]:
    """Within the block, each OCR'd page calls `callback` (None: report nothing) in this thread."""
    before = getattr(_local, "callback", _UNSET)
    _local.callback = callback
    try:
        yield
    finally:
        if before is _UNSET:
            del _local.callback
        else:
            _local.callback = before


def report(number: int, count: int, seconds: float) -> None:
    callback = getattr(_local, "callback", _UNSET)
    if callback is _UNSET:
        callback = _default()
    if callback is not None:
        callback(number, count, seconds)
