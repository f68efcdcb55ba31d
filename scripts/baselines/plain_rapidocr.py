#!/usr/bin/env python3
"""The scanned-PDF script a competent user writes in an afternoon: RapidOCR on each page image, rows
by horizontal rulings (or by vertical gaps where the table has none), columns by the x positions of
the header labels, the indicator cell's ；/： put back by its grammar (tidy), then rows_to_document.
A baseline for scripts/eval_scans.py, not part of the extractor: nothing here knows our OCR stage.

    python scripts/baselines/plain_rapidocr.py SCAN.pdf [--raw] > doc.json    # --raw: without tidy()
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from rapidocr import RapidOCR

sys.path.insert(0, str(Path(__file__).resolve().parent))
from row_mapping import rows_to_document  # noqa: E402

DPI = 200
_engine = None


def ocr_lines(img) -> list[dict]:
    """OCR text lines: text and four corner points, in pixels."""
    global _engine
    _engine = _engine or RapidOCR(params={"Global.log_level": "error"})
    out = _engine(np.asarray(img.convert("RGB")))
    if out.boxes is None:
        return []
    # 18,276.74 is often read 18.276.74: drop thousands separators, whichever mark they came out as.
    return [{"text": re.sub(r"(?<=\d)[.,](?=\d{3}[.,])", "", t), "pts": np.asarray(b, dtype=float)}
            for b, t in zip(out.boxes, out.txts)]


def deskew(lines: list[dict], img):
    """A skewed scan tilts rows: level the boxes (median slope of long lines) and the image alike."""
    slopes = [math.atan2(p[1, 1] - p[0, 1], p[1, 0] - p[0, 0]) for p in (ln["pts"] for ln in lines)
              if p[1, 0] - p[0, 0] > 5 * abs(p[3, 1] - p[0, 1])]
    a = float(np.median(slopes)) if slopes else 0.0
    cx, cy = img.width / 2, img.height / 2
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    for ln in lines:
        p = (ln["pts"] - (cx, cy)) @ rot.T + (cx, cy)
        ln.update(x0=p[:, 0].min(), x1=p[:, 0].max(), y0=p[:, 1].min(), y1=p[:, 1].max())
        ln["xc"], ln["yc"] = (ln["x0"] + ln["x1"]) / 2, (ln["y0"] + ln["y1"]) / 2
    return img.convert("L").rotate(math.degrees(a), fillcolor=255)


def rulings(grey) -> list[float]:
    """y of horizontal lines: pixel rows dark across 70% of the page (dark: nearer ink than paper; a pixel
    counts as dark if the one above or below is, for what deskewing left of a tilt; text rows stay under 50%)."""
    g = np.asarray(grey)
    paper, ink = np.percentile(g, [50, 1])
    dark = g < (paper + ink) / 2
    dark = (dark | np.roll(dark, 1, axis=0) | np.roll(dark, -1, axis=0)).mean(axis=1) > 0.7
    ys = np.flatnonzero(dark)
    groups = np.split(ys, np.flatnonzero(np.diff(ys) > 2) + 1) if len(ys) else []
    return [float(g.mean()) for g in groups]


def bands(lines: list[dict], rules: list[float]) -> list[list[dict]]:
    """Lines grouped into table rows: between rulings when there are some, else by vertical gaps."""
    lines = sorted(lines, key=lambda ln: ln["yc"])
    if len(rules) >= 3:
        groups: dict[int, list] = {}
        for ln in lines:
            k = int(np.searchsorted(rules, ln["yc"]))
            if 0 < k < len(rules):  # outside the table: title, meta, footer
                groups.setdefault(k, []).append(ln)
        return [groups[k] for k in sorted(groups)]
    h = np.median([ln["y1"] - ln["y0"] for ln in lines]) if lines else 0
    out: list[list[dict]] = []
    for ln in lines:
        if out and ln["y0"] < max(x["y1"] for x in out[-1]) + 0.35 * h:
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def join(lines: list[dict]) -> str:
    return "".join(ln["text"] for ln in sorted(lines, key=lambda ln: (ln["yc"], ln["x0"])))


def read_pdf(path: Path) -> tuple[list[str], list[list[str]], list[str], list[int]]:
    header, edges, rows, meta, pages = [], [], [], [], []
    pdf = pdfium.PdfDocument(str(path))
    for n in range(len(pdf)):
        img = pdf[n].render(scale=DPI / 72).to_pil()
        lines = ocr_lines(img)
        grey = deskew(lines, img)
        rules = rulings(grey)
        groups = bands(lines, rules)
        top = next((i for i, g in enumerate(groups) if any("总计" in ln["text"] or "绩效目标" in ln["text"]
                                                            for ln in g)), None)
        if top is not None:  # the header: labels by x (a wrapped label joined), column edges between them
            labels: list[list[dict]] = []
            for ln in sorted(groups[top], key=lambda ln: ln["x0"]):
                if labels and ln["x0"] < max(x["x1"] for x in labels[-1]):
                    labels[-1].append(ln)
                else:
                    labels.append([ln])
            centres = [np.mean([ln["xc"] for ln in lab]) for lab in labels]
            if not header:  # the first page's header names the columns, and its lines above are the meta
                header = [join(lab) for lab in labels]
                above = [ln for ln in lines if ln["yc"] < min(x["y0"] for x in groups[top])]
                meta = [" ".join(ln["text"] for ln in sorted(g, key=lambda ln: ln["x0"])) for g in bands(above, [])]
            if len(labels) == len(header):  # each page's own edges (a scan shifts a little from page to page)
                edges = [(a + b) / 2 for a, b in zip(centres, centres[1:])]
        if not header:
            continue
        for g in groups[(top + 1 if top is not None else 0):]:
            cells: list[list[dict]] = [[] for _ in header]
            for ln in g:
                cells[int(np.searchsorted(edges, ln["xc"]))].append(ln)
            if not (len(rules) < 3 and len(g) == 1 and g[0]["text"].startswith("第")):  # a page number
                rows.append([join(c) for c in cells])
                pages.append(n + 1)
    return header, rows, meta, pages


def tidy(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """What a user adds after one look at the output: OCR reads ； as ： (and 、 as .) in the indicator
    cell, whose grammar has a colon only after 指标值 and 、 after an item's number."""
    k = next((i for i, h in enumerate(header) if "绩效指标" in h), None)
    out = [list(r) for r in rows]
    for row in out:
        if k is not None and row[k]:
            cell = re.sub(r"指标值；", "指标值：", re.sub(r"[:：;；]", "；", row[k]))
            row[k] = re.sub(r"(^|。)(\d+)[.,，]", r"\1\2、", cell)
    return out


def extract(path: Path, tidy_cells: bool = True) -> dict:
    header, rows, meta, pages = read_pdf(path)
    return rows_to_document(header, tidy(header, rows) if tidy_cells else rows, meta, row_pages=pages)


if __name__ == "__main__":
    print(json.dumps(extract(Path(sys.argv[1]), "--raw" not in sys.argv), ensure_ascii=False, indent=1))
