"""The RapidOCR engine (models from the rapidocr wheel, CPU) and a recogniser call that also
keeps each character's second reading (CTC), for `lexicon.reread` and `glyphs.fix_dot_dash`."""

from __future__ import annotations

import os
import threading

from extractor.source.ocr import cache
from extractor.source.page import InputError

#: onnxruntime threads per model (2 cores are often shared: 1 is the polite default).
THREADS = int(os.environ.get("EXTRACTOR_OCR_THREADS", "1"))


#: What decides the models' answers (the cache's key has these; threads and logging do not count).
PARAMS = {
    "Global.use_cls": False,  # scans of tables are upright; skew is undone before
    "Global.max_side_len": 10000,  # never shrink: we choose the resolution
    "Global.text_score": 0.3,
    "Rec.rec_batch_num": 8,
}

_engine = None
_engine_lock = threading.Lock()


def engine():
    """The RapidOCR engine, built once per process (models from the wheel, CPU, no classifier)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                try:
                    import logging

                    from rapidocr import RapidOCR
                except ImportError:
                    raise InputError("a scanned PDF (pages without a text layer) and OCR is not installed: "
                                     "pip install 'budget-extractor[ocr]' (rapidocr, onnxruntime)") from None
                params = {**PARAMS,
                          "Global.log_level": "error",
                          "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
                          "EngineConfig.onnxruntime.inter_op_num_threads": 1}
                _engine = RapidOCR(params=params)
                logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return _engine


def detect(eng, image) -> list:
    """Text line boxes (4 corner points each, in `image` pixels) from the detector alone
    (`eng` None: the shared `engine()`, built only when the cache does not answer)."""
    def run():
        det = (eng or engine())(image, use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(det, "boxes", None)
        return [] if boxes is None else [b.copy() for b in boxes]

    return cache.cached("det", PARAMS, [image], run)


def recognise(eng, crops) -> list[tuple[str, float, list]]:
    """`_recognise`, through the cache of model answers (`cache.py`, off unless EXTRACTOR_OCR_CACHE)."""
    return cache.cached("rec", PARAMS, crops, lambda: _recognise(eng or engine(), crops))


def _recognise(eng, crops) -> list[tuple[str, float, list]]:
    """Each crop's text, its score (mean of the chosen characters' probabilities, as RapidOCR
    reports it) and, per character, (p, second reading, its p) from the CTC output: what
    `lexicon.reread` needs. Falls back to RapidOCR's own call (no alternatives) when its
    recogniser is not reachable the way this version of rapidocr builds it."""
    import numpy as np

    rec = getattr(eng, "text_rec", None)
    if rec is None and hasattr(eng, "_load_rec_model"):
        rec = eng._load_rec_model()
    post = getattr(rec, "postprocess_op", None)
    if rec is None or post is None or not hasattr(rec, "resize_norm_img") or not hasattr(rec, "session"):
        out = eng.recognize_txt(crops)
        return [(t, float(s), [None] * len(t)) for t, s in zip(out.txts, out.scores)]
    charset = post.character
    _, img_h, img_w = rec.rec_image_shape[:3]
    order = np.argsort([c.shape[1] / float(c.shape[0]) for c in crops], kind="stable")
    results: list = [None] * len(crops)
    batch = max(1, int(rec.rec_batch_num))
    for start in range(0, len(crops), batch):
        idx = order[start:start + batch]
        ratio = max([img_w / img_h] + [crops[i].shape[1] / float(crops[i].shape[0]) for i in idx])
        norm = np.concatenate([rec.resize_norm_img(crops[i], ratio)[np.newaxis, :] for i in idx]).astype(np.float32)
        preds = rec.session(norm)
        for row, i in zip(preds, idx):
            best = row.argmax(axis=1)
            keep = best != 0  # 0 is CTC's blank
            keep[1:] &= best[1:] != best[:-1]
            steps = np.nonzero(keep)[0]
            top = row[steps, best[steps]]
            rest = row[steps].copy()
            rest[:, 0] = -1.0  # blank is no reading
            rest[np.arange(len(steps)), best[steps]] = -1.0
            runner = rest.argmax(axis=1) if len(steps) else np.zeros(0, int)
            text, probs, alts = [], [], []
            for n, t in enumerate(steps):
                k, j = int(best[t]), int(runner[n])
                if k >= len(charset):
                    continue
                text.append(charset[k])
                probs.append(float(top[n]))
                alts.append((float(top[n]), charset[j], float(row[t, j])) if 0 < j < len(charset) else None)
            score = float(np.mean(probs)) if probs else 0.0
            results[i] = ("".join(text), score, alts)
    return results
