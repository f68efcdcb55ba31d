"""A review page for one stored document: every page image with the extracted records drawn over it.

(Over 400 lines on purpose: the page's HTML, CSS and JS are one template, kept beside the code that fills it.)

    extractor review report.pdf --db budget.db --out review.html   # by file (found by its content hash)
    extractor review 3 --db budget.db                              # by documents.id (its stored path)

One self-contained HTML file (page images as data URIs, inline CSS and a few
lines of inline JS, no external URL). Pages are drawn at 144 dpi by default, readable
on a laptop screen, as WebP (or JPEG) at a quality that keeps small Chinese type
legible, lossless when the page is drawn rather than scanned: about 25 KB a page for a
text PDF and 0.3 MB for a scan (PNG: 90 KB and 2.5 MB); the browser decodes them lazily. Each page shows the unit and project boxes
stored in the database (PDF points, top-left origin), labelled beside the page
with the record's name and total, and the findings beside the boxes they concern,
then the complete list of that page's findings.

A record printed across a page break has one bbox for several pages; the page it
belongs to is found by reading the record's name inside the box on each of them.

(Over 400 lines: about 70 of them are the page's inline CSS and JS, kept beside the HTML they style.)
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Optional

import pdfplumber

from extractor.models import record_path
from extractor.source.pdf import sha256_of


class ReviewError(Exception):
    """One line: why no review page can be made."""


@dataclass
class Box:
    kind: str  # unit | project | finding
    id: str  # HTML id
    page: int
    bbox: tuple[float, float, float, float]
    label: str
    title: str
    name: str = ""
    severity: str = ""
    target: Optional[str] = None  # for a finding: the id of the record box it concerns


@dataclass
class PageView:
    number: int
    width: float
    height: float
    image: bytes
    mime: str = "image/webp"
    boxes: list[Box] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)  # every finding touching this page


def _connect(db_path: str | Path) -> sqlite3.Connection:
    if not Path(db_path).exists():
        raise ReviewError(f"{db_path}: no such database")
    conn = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def find_document(db_path: str | Path, ref: str) -> tuple[dict, Path]:
    """The documents row named by `ref` (a PDF file, found by content hash, or a documents.id) and its PDF."""
    conn = _connect(db_path)
    try:
        path = Path(ref)
        if path.is_file():
            sha = sha256_of(path)
            row = conn.execute("SELECT * FROM documents WHERE sha256 = ?", [sha]).fetchone()
            if row is None:
                raise ReviewError(f"{ref}: not in {db_path} (run `extractor extract {ref} --db {db_path}` first)")
            return dict(row), path
        if not ref.isdigit():
            raise ReviewError(f"{ref}: no such file, and not a document id")
        row = conn.execute("SELECT * FROM documents WHERE id = ?", [int(ref)]).fetchone()
        if row is None:
            raise ReviewError(f"document {ref}: not in {db_path}")
        row = dict(row)
        pdf = Path(row["path"])
        if not pdf.is_file() or sha256_of(pdf) != row["sha256"]:
            raise ReviewError(f"document {ref}: its PDF is no longer at {row['path']} (pass the file instead of the id)")
        return row, pdf
    finally:
        conn.close()


def _bbox(text: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    if not text:
        return None
    b = json.loads(text)
    return tuple(float(v) for v in b) if b and len(b) == 4 else None


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _text_in(page, bbox) -> str:
    x0, top, x1, bottom = bbox
    x0, top = max(x0, 0), max(top, 0)
    x1, bottom = min(x1, float(page.width)), min(bottom, float(page.height))
    if x1 <= x0 or bottom <= top:
        return ""
    return "".join(c["text"] for c in page.within_bbox((x0, top, x1, bottom)).chars)


def _locate(pdf, pages: list[int], bbox, name: str) -> Optional[int]:
    """The page (of `pages`) whose text inside `bbox` reads most like `name`."""
    pages = [p for p in pages if 1 <= p <= len(pdf.pages)]
    if not pages:
        return None
    if len(pages) == 1 or not name:
        return pages[0]
    want = _squash(name)
    best, best_score = pages[0], -1.0
    for p in pages:
        got = _squash(_text_in(pdf.pages[p - 1], bbox))
        m = SequenceMatcher(None, want, got, autojunk=False).find_longest_match(0, len(want), 0, len(got))
        score = m.size / max(1, len(want))
        if score > best_score:
            best, best_score = p, score
    return best


def _money(v: Optional[str], unit: Optional[str]) -> str:
    return "—" if v is None else f"{v}{unit or ''}"


#: Pillow format and quality per image format; 70 keeps 宋体 strokes at 144 dpi crisp enough to read.
IMAGE_FORMATS = {"webp": ("WEBP", "image/webp", {"quality": 70, "method": 4}),
                 "jpeg": ("JPEG", "image/jpeg", {"quality": 75, "optimize": True}),
                 "png": ("PNG", "image/png", {"optimize": True})}


def page_image(page, resolution: int, image_format: str) -> tuple[bytes, str]:
    """The page drawn at `resolution` dpi, encoded. WebP is lossless for a drawn page (a text PDF renders in
    a handful of colours: ~25 KB a page, every stroke exact) and lossy for a scan (~0.3 MB a page)."""
    fmt, mime, options = IMAGE_FORMATS[image_format]
    img = page.to_image(resolution=resolution).original
    if fmt != "PNG" and img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    if fmt == "WEBP" and img.getcolors(maxcolors=32) is not None:
        options = {"lossless": True, "method": 4}
    buf = io.BytesIO()
    img.save(buf, format=fmt, **options)
    return buf.getvalue(), mime


def collect(db_path: str | Path, doc: dict, pdf_path: Path, resolution: int = 144,
            image_format: str = "webp") -> tuple[list[PageView], list[dict]]:
    """Every page's image, boxes and findings; and the findings that name no page."""
    conn = _connect(db_path)
    conn.row_factory = sqlite3.Row
    doc_id = doc["id"]
    mu = doc.get("money_unit")
    units = [dict(r) for r in conn.execute("SELECT * FROM units WHERE document_id = ? ORDER BY seq", [doc_id])]
    projects = [dict(r) for r in conn.execute(
        "SELECT p.*, u.seq AS unit_seq, (SELECT count(*) FROM indicators i WHERE i.project_id = p.id) AS n_ind "
        "FROM projects p JOIN units u ON u.id = p.unit_id WHERE p.document_id = ? ORDER BY u.seq, p.seq", [doc_id])]
    findings = [dict(r) for r in conn.execute(
        "SELECT * FROM findings WHERE document_id = ? ORDER BY CASE severity WHEN 'error' THEN 0 "
        "WHEN 'warning' THEN 1 ELSE 2 END, id", [doc_id])]
    conn.close()

    views: list[PageView] = []
    pageless: list[dict] = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            data, mime = page_image(page, resolution, image_format)
            views.append(PageView(page.page_number, float(page.width), float(page.height), data, mime))

        records: dict[str, tuple[str, int, tuple]] = {}  # record path → (box id, page, bbox)
        for u in units:
            pages, bbox = json.loads(u["pages"] or "[]"), _bbox(u["bbox"])
            key = record_path(u["seq"] - 1)
            if bbox is None:
                continue
            page = _locate(pdf, pages, bbox, u["name"])
            if page is None:
                continue
            box = Box("unit", f"u-{u['id']}", page, bbox, f"U{u['seq']} {u['name']} — {_money(u['total'], mu)}",
                      f"单位 unit U{u['seq']}: {u['name']}\n总计 {_money(u['total'], mu)}  {u['sources']}",
                      name=u["name"])
            views[page - 1].boxes.append(box)
            records[key] = (box.id, page, bbox)
        for p in projects:
            pages, bbox = json.loads(p["pages"] or "[]"), _bbox(p["bbox"])
            key = record_path(p["unit_seq"] - 1, p["seq"] - 1)
            if bbox is None:
                continue
            page = _locate(pdf, pages, bbox, p["name"])
            if page is None:
                continue
            also = [q for q in pages if q != page]
            box = Box("project", f"p-{p['id']}", page, bbox,
                      f"P{p['unit_seq']}.{p['seq']} {p['name']} — {_money(p['total'], mu)} · {p['n_ind']} 指标",
                      f"项目 project P{p['unit_seq']}.{p['seq']}: {p['name']}\n单位 unit: {p['unit_name']}\n"
                      f"总计 {_money(p['total'], mu)}  {p['sources']}\n{p['n_ind']} 指标 indicators"
                      + (f"\n也在 also on p.{', '.join(map(str, also))}" if also else "")
                      + (f"\n绩效目标: {p['goal'][:300]}" if p["goal"] else ""),
                      name=p["name"])
            views[page - 1].boxes.append(box)
            records[key] = (box.id, page, bbox)

        for n, f in enumerate(findings, 1):
            f["n"] = n
            pages, bbox = json.loads(f["pages"] or "[]"), _bbox(f["bbox"])
            m = re.match(r"units\[\d+\](\.projects\[\d+\])?", f["record"] or "")
            target = records.get(m.group(0)) if m else None
            page = None
            if bbox is not None:
                if target is not None and target[2] == bbox:
                    page = target[1]
                else:
                    page = _locate(pdf, pages, bbox, "")
            elif target is not None:
                page = target[1]
            f["box_page"] = page
            f["target"] = target[0] if target else None
            on = [q for q in sorted(set(pages) | ({page} if page else set())) if 1 <= q <= len(views)]
            for q in on:
                views[q - 1].findings.append(f)
            if not on:
                pageless.append(f)
            if bbox is not None and page is not None:
                views[page - 1].boxes.append(Box(
                    "finding", f"f-{f['id']}", page, bbox, f"F{n} {f['code']}: {f['message']}",
                    f"{f['severity']} {f['code']}: {f['message']}", severity=f["severity"], target=f["target"]))
    return views, pageless


_CSS = """
:root{--zoom:1.5}
.zoom button{margin-right:4px;font:inherit;padding:0 6px}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:0;
  background:#eef0f3;color:#1d2330}
header.doc{background:#fff;padding:14px 24px;border-bottom:1px solid #ccd}
header.doc h1{font-size:20px;margin:0 0 4px}
header.doc p{margin:2px 0;color:#445}
.meta code{font-size:12px}
.legend span{display:inline-block;margin-right:14px;font-size:12px}
.legend i{display:inline-block;width:22px;height:11px;vertical-align:middle;margin-right:4px}
nav.pages a{display:inline-block;padding:1px 7px;margin:2px;border:1px solid #bbc;border-radius:3px;
  text-decoration:none;color:#224;background:#f7f8fa;font-size:12px}
nav.pages a.has-findings{border-color:#c75;background:#fff3e8}
section.page{margin:18px 24px 30px}
section.page h2{font-size:15px;margin:0 0 6px}
.row{display:flex;align-items:flex-start;gap:0}
figure.sheet{position:relative;margin:0;flex:none;box-shadow:0 1px 4px rgba(0,0,0,.25);background:#fff}
figure.sheet img{display:block;width:100%;height:100%}
.box{position:absolute;border:1.5px solid;border-radius:1px;pointer-events:auto}
.box.unit{border-color:#1a8a3a;background:rgba(26,138,58,.10)}
.box.project{border-color:#1f5fd1;background:rgba(31,95,209,.05)}
.box.finding{border:2px dashed;margin:-4px;padding:4px;background:none;box-sizing:content-box}
.sev-error{border-color:#d0021b!important;color:#d0021b}
.sev-warning{border-color:#e08a00!important;color:#a86400}
.sev-info{border-color:#8a4fbf!important;color:#6d3aa0}
.box .tag{position:absolute;right:-1px;top:-1px;transform:translateX(100%);font-size:9px;line-height:11px;
  padding:0 2px;color:#fff;white-space:nowrap}
.box.unit .tag{background:#1a8a3a}.box.project .tag{background:#1f5fd1}
.box.finding .tag{right:auto;left:-2px;top:-2px;transform:translateY(-100%)}
.box.finding.sev-error .tag{background:#d0021b}.box.finding.sev-warning .tag{background:#e08a00}
.box.finding.sev-info .tag{background:#8a4fbf}
.box .tag b{color:#fff;font-weight:600}
.box.finding.dup{border-color:transparent!important}
.box.hl,.box:target{outline:3px solid #ffbf00;outline-offset:1px;z-index:5}
.gutter{position:relative;flex:1 1 auto;min-width:300px;max-width:460px;margin-left:30px}
.gutter a{position:absolute;left:0;right:0;display:block;text-decoration:none;font-size:11.5px;line-height:14px;
  padding:0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-left:3px solid;background:#fff}
.gutter a.unit{color:#126b2c;border-color:#1a8a3a;font-weight:600}
.gutter a.project{color:#173f8f;border-color:#1f5fd1}
.gutter a.finding{white-space:normal;height:44px;padding:1px 4px;display:-webkit-box;-webkit-line-clamp:3;
  -webkit-box-orient:vertical;background:#fffaf2}
.gutter a.finding.sev-error{background:#fff0f0}
.gutter a.hl{background:#fff3c4}
ol.findings{margin:10px 0 0;padding:8px 12px 8px 36px;background:#fff;border:1px solid #dde;max-width:1300px}
ol.findings li{margin:2px 0}
ol.findings li .code{font-weight:600}
ol.findings li .where{color:#667;font-size:12px}
p.none{color:#778;font-size:12px;margin:6px 0 0}
"""

_JS = """
document.querySelectorAll('[data-zoom]').forEach(function(b){
  b.addEventListener('click',function(){document.documentElement.style.setProperty('--zoom',b.getAttribute('data-zoom'));});
});
document.querySelectorAll('[data-box]').forEach(function(a){
  var ids=a.getAttribute('data-box').split(' ');
  function set(on){ids.forEach(function(id){var b=document.getElementById(id);if(b)b.classList.toggle('hl',on);});
    a.classList.toggle('hl',on);}
  a.addEventListener('mouseenter',function(){set(true)});a.addEventListener('mouseleave',function(){set(false)});
});
"""

_KIND_ORDER = {"unit": 0, "project": 1, "finding": 2}
_LABEL_H = {"unit": 15, "project": 15, "finding": 46}


def _pct(v: float, total: float) -> str:
    return f"{100 * v / total:.3f}%"


def render(doc: dict, views: list[PageView], pageless: list[dict], *, source_name: str) -> str:
    e = html.escape
    counts = defaultdict(int)
    for v in views:
        for b in v.boxes:
            counts[b.kind] += 1
    all_findings = {f["id"]: f for v in views for f in v.findings}
    all_findings.update((f["id"], f) for f in pageless)
    sev = defaultdict(int)
    for f in all_findings.values():
        sev[f["severity"]] += 1
    out = ["<!doctype html>", '<html lang="zh"><head><meta charset="utf-8">',
           f"<title>Review · {e(source_name)}</title><style>{_CSS}</style></head><body>"]
    out.append('<header class="doc">')
    out.append(f"<h1>{e(doc.get('title') or source_name)}</h1>")
    meta = [x for x in (doc.get("department"), doc.get("budget_year") and f"{doc['budget_year']} 年度",
                        doc.get("money_unit") and f"金额单位 {doc['money_unit']}") if x]
    out.append(f"<p>{e(' · '.join(map(str, meta)))}</p>")
    out.append(f'<p class="meta">{e(source_name)} · {doc.get("page_count")} pages · document {doc["id"]} · '
               f'sha256 <code>{e(doc["sha256"][:16])}…</code> · {e(doc.get("extractor") or "")} '
               f'{e(doc.get("extractor_version") or "")} · imported {e(doc.get("imported_at") or "")}</p>')
    out.append(f"<p>总计 total {e(_money(doc.get('total'), doc.get('money_unit')))} · {counts['unit']} units, "
               f"{counts['project']} projects boxed · findings: {sev['error']} error, {sev['warning']} warning, "
               f"{sev['info']} info</p>")
    out.append('<p class="legend"><span><i style="border:2px solid #1a8a3a;background:rgba(26,138,58,.12)"></i>'
               '单位 unit</span><span><i style="border:2px solid #1f5fd1"></i>项目 project</span>'
               '<span><i style="border:2px dashed #d0021b"></i>error</span>'
               '<span><i style="border:2px dashed #e08a00"></i>warning</span>'
               '<span><i style="border:2px dashed #8a4fbf"></i>info</span>'
               '<span>Boxes are the stored bbox of each record; hover a label to find its box.</span></p>')
    # Shown 1.5× the page's size in points by default (7-point type becomes legible); the image has 2× the pixels.
    out.append('<p class="zoom">缩放 zoom: ' + "".join(
        f'<button type="button" data-zoom="{z}">{z}×</button>' for z in ("1", "1.5", "2")) + "</p>")
    out.append('<nav class="pages">' + "".join(
        f'<a href="#page-{v.number}"{" class=has-findings" if v.findings else ""}>{v.number}</a>' for v in views)
        + "</nav>")
    out.append("</header>")
    if pageless:
        out.append('<section class="page"><h2>Findings without a page</h2><ol class="findings">')
        out.extend(_finding_li(f, None) for f in pageless)
        out.append("</ol></section>")

    for v in views:
        w, h = v.width, v.height
        out.append(f'<section class="page" id="page-{v.number}"><h2>第 {v.number} 页 · page {v.number} of '
                   f"{len(views)}</h2>")
        out.append('<div class="row">')
        out.append(f'<figure class="sheet" style="width:calc({w:.0f}px * var(--zoom));height:calc({h:.0f}px * var(--zoom))">')
        b64 = base64.b64encode(v.image).decode("ascii")
        out.append(f'<img src="data:{v.mime};base64,{b64}" alt="page {v.number}" width="{w:.0f}" '
                   f'height="{h:.0f}" loading="lazy" decoding="async">')
        # Findings on the same box share one outline (the most severe: they come sorted) and one tag.
        same: dict[tuple, list[Box]] = defaultdict(list)
        for b in v.boxes:
            if b.kind == "finding":
                same[tuple(round(c, 1) for c in b.bbox)].append(b)
        for b in sorted(v.boxes, key=lambda b: _KIND_ORDER[b.kind]):
            x0, top, x1, bottom = b.bbox
            style = (f"left:{_pct(x0, w)};top:{_pct(top, h)};width:{_pct(x1 - x0, w)};"
                     f"height:{_pct(bottom - top, h)}")
            cls = f"box {b.kind}" + (f" sev-{b.severity}" if b.severity else "")
            tag = b.label.split(" ", 1)[0]
            if b.kind == "finding":
                group = same[tuple(round(c, 1) for c in b.bbox)]
                if b is group[0]:
                    tag = "·".join(g.label.split(" ", 1)[0] for g in group)
                else:
                    cls += " dup"
                    tag = ""
            data = f' data-name="{e(b.name)}"' if b.name else ""
            out.append(f'<div class="{cls}" id="{b.id}" style="{style}" title="{e(b.title)}"{data}>'
                       + (f'<span class="tag"><b>{e(tag)}</b></span>' if tag else "") + "</div>")
        out.append("</figure>")
        out.append(_gutter(v))
        out.append("</div>")
        if v.findings:
            out.append('<ol class="findings">')
            out.extend(_finding_li(f, v.number) for f in v.findings)
            out.append("</ol>")
        else:
            out.append('<p class="none">No finding on this page.</p>')
        out.append("</section>")
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out)


def _gutter(v: PageView) -> str:
    """Labels beside the page, each at its box's height, pushed down so that none overlaps the one above."""
    e = html.escape
    items = sorted(v.boxes, key=lambda b: (b.bbox[1], _KIND_ORDER[b.kind]))
    y_end = 0.0
    parts = []
    for b in items:
        y = max(b.bbox[1], y_end + 1)
        y_end = y + _LABEL_H[b.kind]
        targets = b.id + (f" {b.target}" if b.target else "")
        cls = b.kind + (f" sev-{b.severity}" if b.severity else "")
        parts.append(f'<a class="{cls}" href="#{b.id}" data-box="{targets}" style="top:calc({y:.1f}px * var(--zoom))" '
                     f'title="{e(b.title)}">{e(b.label)}</a>')
    height = max(v.height, y_end + 4)
    return f'<div class="gutter" style="height:calc({height:.0f}px * var(--zoom))">' + "".join(parts) + "</div>"


def _finding_li(f: dict, page: Optional[int]) -> str:
    e = html.escape
    pages = json.loads(f["pages"] or "[]")
    where = []
    if pages:
        where.append("p." + ",".join(map(str, pages)))
    if f.get("record"):
        where.append(f["record"])
    link = ""
    if f.get("box_page") and f.get("bbox"):
        if page == f["box_page"]:
            link = f' <a href="#f-{f["id"]}" data-box="f-{f["id"]}{" " + f["target"] if f.get("target") else ""}">box</a>'
        else:
            link = f' <a href="#f-{f["id"]}">box on p.{f["box_page"]}</a>'
    return (f'<li class="finding sev-{e(f["severity"])}" id="fl-{f["id"]}-{page or 0}"><b>F{f["n"]}</b> '
            f'<span class="sev">{e(f["severity"])}</span> <span class="code">{e(f["code"])}</span> '
            f'{e(f["message"])}' + (f' <span class="where">({e(" · ".join(where))})</span>' if where else "")
            + f"{link}</li>")


def review(db_path: str | Path, ref: str, out: Optional[str | Path] = None, resolution: int = 144,
           image_format: str = "webp") -> Path:
    """Write the review page of the document `ref` (a PDF file or a documents.id); returns its path."""
    if image_format not in IMAGE_FORMATS:
        raise ReviewError(f"image format must be one of {', '.join(IMAGE_FORMATS)}")
    doc, pdf_path = find_document(db_path, str(ref))
    views, pageless = collect(db_path, doc, pdf_path, resolution=resolution, image_format=image_format)
    out = Path(out) if out else Path(f"{Path(doc['filename'] or pdf_path.name).stem}.review.html")
    out.write_text(render(doc, views, pageless, source_name=doc.get("filename") or pdf_path.name), encoding="utf-8")
    return out
