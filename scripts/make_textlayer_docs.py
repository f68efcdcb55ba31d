#!/usr/bin/env python3
"""Make PDFs whose text layer must not be trusted (文字层不可信), from a text-layer rendering.

Kinds (each from the chosen pages of the source PDF, deterministic for a seed):

  layered   a scan (the page image, made as scripts/make_scans.py makes it) with an invisible
            OCR text layer drawn over it (text render mode 3), the way a scanner's "searchable
            PDF" does it, and seeded corruption in that layer: look-alike ideographs, other
            misread ideographs, dropped characters, full-width punctuation read as ASCII, a digit
            changed in some numbers, ≥ read as 2.
  imageonly the same page images without any text layer: what the OCR path alone reads.
  pua       the page redrawn as text with an embedded font whose ToUnicode map sends every glyph
            to the private-use area (U+E0xx): the text comes out as PUA characters.
  cid       the same with the ToUnicode map taken away: the text comes out as `(cid:N)` tokens
            (and Latin letters where a code happens to fall on the standard encoding).
  clean     the page redrawn as ordinary text (the control: must stay on the fast text path).

    python scripts/make_textlayer_docs.py --out-dir out/textlayer --seed 7
    python scripts/make_textlayer_docs.py --pages 1 --dpi 150 --out-dir tests/data/textlayer

A manifest (<stem>-s<seed>.json) lists, per page, the corruptions made in the layered PDF.
The byte edits for pua / cid keep every object's length, so the cross-reference table stays valid.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import re
from pathlib import Path

import numpy as np
import pdfplumber
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_NAME = "TLZenHei"

# Pairs an OCR engine confuses (each maps both ways). Ideographs not listed here are misread as a
# neighbouring code point: not a look-alike, but wrong in the same way for every check downstream.
LOOK_ALIKES = [
    "己已", "未末", "人入", "日曰", "土士", "千干", "大太", "王玉", "天夫", "问间", "折拆", "侯候",
    "贝见", "宇字", "即既", "休体", "刀力", "治冶", "辨辩", "绩续", "项顶", "目自", "金全", "管营",
    "理埋", "服眼", "作怍", "率卒", "质盾", "满瞒", "意竟", "度席", "成戍", "本木", "标栎", "务各",
    "效郊", "指揩", "量星", "施旋", "周用", "期斯", "值直", "年午", "社杜", "会合", "训川", "培倍",
]
_SWAP = {a: b for a, b in LOOK_ALIKES} | {b: a for a, b in LOOK_ALIKES}
_ASCII_PUNCT = {"：": ":", "；": ";", "（": "(", "）": ")", "，": ",", "、": ",", "。": "."}


def _load_make_scans():
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "scripts" / "make_scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _font() -> str:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, FONT, subfontIndex=0))
    return FONT_NAME


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _misread(ch: str, rng: random.Random) -> str:
    if ch in _SWAP:
        return _SWAP[ch]
    near = chr(ord(ch) + rng.choice((-2, -1, 1, 2)))
    return near if _is_ideograph(near) else ch


def amounts_of(lines: list[list[dict]]) -> list[list[dict]]:
    """The amount cells of a page: a number with two decimals standing apart on its line
    (an indicator value runs on into % or text)."""
    out = []
    for chars in lines:
        text = "".join(c["text"] for c in chars)
        for m in re.finditer(r"\d[\d,]*\.\d\d", text):
            a, b = m.start(), m.end()
            size = chars[a]["size"]
            apart_left = a == 0 or chars[a]["x0"] - chars[a - 1]["x1"] > 0.5 * size
            apart_right = b == len(chars) or chars[b]["x0"] - chars[b - 1]["x1"] > 0.5 * size
            if apart_left and apart_right:
                out.append(chars[a:b])
    return out


def corrupt_line(chars: list[dict], rng: random.Random, rates: dict, log: list,
                 forced: frozenset = frozenset()) -> list[tuple[dict, str]]:
    """One line's chars (left to right) → (char, text to draw) with the seeded corruption; dropped
    chars are left out. A number holding a char whose id() is in `forced` always gets a digit
    changed. Corruptions are appended to `log`."""
    out: list[tuple[dict, str]] = []
    # Cells side by side share a line: a gap wider than half a character separates their numbers.
    text, at = "", []  # at[k]: the index in `chars` of text[k] (None for a gap)
    for i, c in enumerate(chars):
        if i and c["x0"] - chars[i - 1]["x1"] > 0.5 * c["size"]:
            text, at = text + "\n", at + [None]
        text, at = text + c["text"][:1], at + [i]
    # A number (a run of digits, with , and .) gets one digit changed, with probability rates["number"].
    altered: dict[int, str] = {}  # index in chars → the digit drawn instead
    for m in re.finditer(r"\d[\d,.]*", text):
        digits = [at[k] for k in range(m.start(), m.end()) if text[k].isdigit()]
        force = any(id(chars[at[k]]) in forced for k in range(m.start(), m.end()))
        if len(m.group(0)) >= 2 and (force or rng.random() < rates["number"]):
            i = rng.choice(digits)
            new = rng.choice([d for d in "0123456789" if d != chars[i]["text"]])
            altered[i] = new
            k = at.index(i) - m.start()
            log.append({"kind": "digit", "number": m.group(0), "to": m.group(0)[:k] + new + m.group(0)[k + 1:],
                        "amount": force, "top": round(chars[i]["top"], 1)})
    for i, c in enumerate(chars):
        ch = c["text"]
        if i in altered:
            out.append((c, altered[i]))
            continue
        if ch == "≥" and rng.random() < rates["ge"]:
            log.append({"kind": "ge", "top": round(c["top"], 1)})
            out.append((c, "2"))
            continue
        if _is_ideograph(ch):
            r = rng.random()
            if r < rates["drop"]:
                log.append({"kind": "drop", "char": ch})
                continue
            if r < rates["drop"] + rates["misread"]:
                new = _misread(ch, rng)
                log.append({"kind": "misread", "char": ch, "to": new})
                out.append((c, new))
                continue
        elif ch in _ASCII_PUNCT and rng.random() < rates["punct"]:
            log.append({"kind": "punct", "char": ch})
            out.append((c, _ASCII_PUNCT[ch]))
            continue
        out.append((c, ch))
    return out


def _lines(chars: list[dict]) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(rows[-1][0]["top"] - c["top"]) < 2 and c["x0"] >= rows[-1][-1]["x0"]:
            rows[-1].append(c)
        else:
            rows.append([c])
    return rows


def _draw_text(cv: canvas.Canvas, items: list[tuple[dict, str]], invisible: bool) -> None:
    t = cv.beginText()
    if invisible:
        t.setTextRenderMode(3)  # neither filled nor stroked: selectable, searchable, not seen
    font = _font()
    for c, text in items:
        if not text.strip():
            continue
        x, y = c["matrix"][4], c["matrix"][5]  # the glyph's origin on the baseline, PDF coordinates
        t.setFont(font, c["size"])
        t.setTextOrigin(x, y)
        t.textOut(text)
    cv.drawText(t)


def _draw_rules(cv: canvas.Canvas, page) -> None:
    h = float(page.height)
    for ln in page.lines:
        cv.setLineWidth(ln.get("linewidth", 0.5) or 0.5)
        cv.line(ln["x0"], h - ln["top"], ln["x1"], h - ln["bottom"])
    for r in page.rects:
        cv.setLineWidth(r.get("linewidth", 0.5) or 0.5)
        cv.rect(r["x0"], h - r["bottom"], r["x1"] - r["x0"], r["bottom"] - r["top"],
                stroke=1 if r.get("stroke", True) else 0, fill=1 if r.get("fill") else 0)


def _page_numbers(spec: str | None, count: int) -> list[int]:
    if not spec:
        return list(range(count))
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a) - 1, int(b or a)))
    return [i for i in out if 0 <= i < count]


def make_scans(src: Path, pages: list[int], dpi: int, quality: int, seed: int, rates: dict,
               layered: Path, image_only: Path) -> dict:
    """The layered scan and the same images without a layer; returns the corruption manifest."""
    scans = _load_make_scans()
    np_rng = np.random.default_rng(seed)
    angles = random.Random(seed)
    rng = random.Random(seed * 7919 + 1)
    manifest: dict = {"source": src.name, "seed": seed, "dpi": dpi, "rates": rates, "pages": []}
    with pdfplumber.open(src) as pdf:
        size = (float(pdf.pages[0].width), float(pdf.pages[0].height))
        cv_l = canvas.Canvas(str(layered), pagesize=size, invariant=1)
        cv_i = canvas.Canvas(str(image_only), pagesize=size, invariant=1)
        for n, i in enumerate(pages):
            page = pdf.pages[i]
            w, h = float(page.width), float(page.height)
            angle = angles.uniform(0.5, 1.0) * (1 if n % 2 == 0 else -1)
            img = scans.scan_page(page.to_image(resolution=dpi).original, angle, np_rng)
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality)
            log: list = []
            lines = _lines(page.chars)
            # At least `amounts` amount cells per page get a digit changed: the disagreement to report.
            amounts = amounts_of(lines)
            forced = frozenset(id(a[0]) for a in rng.sample(amounts, min(rates["amounts"], len(amounts))))
            items = [it for line in lines for it in corrupt_line(line, rng, rates, log, forced)]
            for cv in (cv_l, cv_i):
                cv.setPageSize((w, h))
                cv.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, w, h)
            _draw_text(cv_l, items, invisible=True)
            for cv in (cv_l, cv_i):
                cv.showPage()
            chars = sum(1 for c in page.chars if _is_ideograph(c["text"]))
            manifest["pages"].append({"page": n + 1, "source_page": i + 1, "angle": round(angle, 2),
                                      "ideographs": chars, "corruptions": log})
        cv_l.save()
        cv_i.save()
    return manifest


def make_text(src: Path, pages: list[int], out: Path) -> None:
    """The pages redrawn as plain text and rules, uncompressed (so that the ToUnicode maps can be edited)."""
    with pdfplumber.open(src) as pdf:
        size = (float(pdf.pages[0].width), float(pdf.pages[0].height))
        cv = canvas.Canvas(str(out), pagesize=size, invariant=1, pageCompression=0)
        for i in pages:
            page = pdf.pages[i]
            cv.setPageSize((float(page.width), float(page.height)))
            _draw_rules(cv, page)
            _draw_text(cv, [(c, c["text"]) for c in page.chars], invisible=False)
            cv.showPage()
        cv.save()


def to_private_use(data: bytes) -> bytes:
    """Every ToUnicode destination <XXXX> → <E0xx> (same length): glyphs map into the PUA."""
    def block(m: re.Match) -> bytes:
        return re.sub(rb"(<[0-9A-Fa-f]{2}> <)[0-9A-Fa-f]{2}([0-9A-Fa-f]{2}>)", rb"\1E0\2", m.group(0))

    out = re.sub(rb"beginbfchar.*?endbfchar", block, data, flags=re.S)
    if out == data:
        raise SystemExit("no ToUnicode map found to edit (was the PDF written uncompressed?)")
    return out


def without_unicode_map(data: bytes) -> bytes:
    """The fonts' /ToUnicode key renamed (same length): readers fall back to the font's encoding."""
    if b"/ToUnicode" not in data:
        raise SystemExit("no /ToUnicode key found")
    return data.replace(b"/ToUnicode", b"/ToUnicodX")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", nargs="?", type=Path, default=SOURCE)
    ap.add_argument("--out-dir", type=Path, default=ROOT / "out" / "textlayer")
    ap.add_argument("--pages", help="e.g. 1-2 or 1,3 (1-based); default all")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--quality", type=int, default=65)
    ap.add_argument("--kinds", default="layered,pua,cid,clean")
    ap.add_argument("--label", default="layered", help="name of the layered file (e.g. goodlayer with all rates 0)")
    ap.add_argument("--no-image-only", action="store_true", help="do not keep the image-only twin")
    ap.add_argument("--misread", type=float, default=0.05, help="share of ideographs misread")
    ap.add_argument("--drop", type=float, default=0.03, help="share of ideographs dropped")
    ap.add_argument("--punct", type=float, default=0.3, help="share of full-width marks read as ASCII")
    ap.add_argument("--number", type=float, default=0.05, help="share of numbers with a digit changed")
    ap.add_argument("--ge", type=float, default=0.3, help="share of ≥ read as 2")
    ap.add_argument("--amounts", type=int, default=1, help="amount cells per page given a changed digit")
    args = ap.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    rates = {k: getattr(args, k) for k in ("misread", "drop", "punct", "number", "ge", "amounts")}
    with pdfplumber.open(args.source) as pdf:
        pages = _page_numbers(args.pages, len(pdf.pages))
    stem = args.source.stem.replace("-grid", "")
    tag = f"p{args.pages}" if args.pages else "all"
    kinds = set(args.kinds.split(","))
    made = []
    if "layered" in kinds:
        layered = args.out_dir / f"{stem}-{tag}-{args.label}-s{args.seed}.pdf"
        image_only = args.out_dir / f"{stem}-{tag}-imageonly-s{args.seed}.pdf"
        manifest = make_scans(args.source, pages, args.dpi, args.quality, args.seed, rates, layered, image_only)
        (args.out_dir / f"{stem}-{tag}-{args.label}-s{args.seed}.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        made += [layered, image_only]
        if args.no_image_only:
            image_only.unlink()
            made.remove(image_only)
    if kinds & {"pua", "cid", "clean"}:
        clean = args.out_dir / f"{stem}-{tag}-clean.pdf"
        make_text(args.source, pages, clean)
        data = clean.read_bytes()
        if "pua" in kinds:
            made.append(args.out_dir / f"{stem}-{tag}-pua.pdf")
            made[-1].write_bytes(to_private_use(data))
        if "cid" in kinds:
            made.append(args.out_dir / f"{stem}-{tag}-cid.pdf")
            made[-1].write_bytes(without_unicode_map(data))
        if "clean" in kinds:
            made.append(clean)
        else:
            clean.unlink()
    for p in made:
        print(f"{p}  {p.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
