"""A cache of what the models returned (detector boxes; each line's text, score and CTC second
readings), keyed by the exact pixels they were given and the engine's settings: with it, everything
after recognition (marks, glyphs, labels, lexicon, layout) can be run again on a sample in seconds.

Off unless EXTRACTOR_OCR_CACHE names a directory (development and evaluation only: a user's run
never writes it). Each entry is one pickle, `<dir>/<key[:2]>/<key>.pkl`; a key is the SHA-256 of the
call's kind, the rapidocr version, the model files, the settings and the input arrays' bytes, so a
change to anything before the models (render, deskew, rule whitening, crops) misses, and a change
after them hits. Delete the directory to drop it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable, Optional


def folder() -> Optional[Path]:
    d = os.environ.get("EXTRACTOR_OCR_CACHE")
    return Path(d) if d else None


def _engine_id(settings: dict) -> bytes:
    try:
        from importlib.metadata import version

        v = version("rapidocr")
    except Exception:  # not installed as a distribution: the settings still key it
        v = "?"
    return repr((v, sorted((k, repr(val)) for k, val in settings.items()))).encode()


def key(kind: str, settings: dict, arrays) -> str:
    h = hashlib.sha256(kind.encode() + b"\0" + _engine_id(settings))
    for a in arrays:
        h.update(repr((a.shape, str(a.dtype))).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def cached(kind: str, settings: dict, arrays, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it returned before for the same kind, settings and input arrays."""
    d = folder()
    if d is None:
        return compute()
    k = key(kind, settings, arrays)
    path = d / k[:2] / f"{k}.pkl"
    if path.exists():
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except Exception:  # a torn write: compute again
            pass
    value = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return value
