#!/usr/bin/env python3
"""Make the small bad-input PDFs in tests/data/bad/.

  empty.pdf       0 bytes
  not_a_pdf.pdf   plain text bytes with a .pdf name
  truncated.pdf   the first 40% of the bytes of fixtures/conghua-hrss-2024-grid.pdf
                  (run scripts/render_fixtures.py first)
  encrypted.pdf   one page of Chinese text, encrypted with the user password "secret"
  no_table.pdf    one page with two Chinese paragraphs of prose and no table
  blank.pdf       two blank pages

Each file stays under 60 KB (the font is embedded as a subset). The script reads
every file back with pdfplumber and prints what happens.

Usage: python scripts/make_bad_inputs.py [--font PATH] [--fixture PATH] [--outdir DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "WQYZenHei"
FIXTURE = ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf"
OUTDIR = ROOT / "tests" / "data" / "bad"
MAX_BYTES = 60_000
PASSWORD = "secret"
TRUNCATE_AT = 0.40

NOT_A_PDF = (
    "这不是PDF文件。This is plain text saved with a .pdf name.\n"
    "项目支出绩效目标表 — 只是文字，没有 %PDF 文件头。\n"
).encode("utf-8")

ENCRYPTED_TEXT = [
    "项目支出绩效目标表（加密测试文件）",
    "本文件已用用户密码加密，没有密码无法打开。",
    "合计 18,276.74",
]

PROSE = [
    "为深入贯彻落实积极的就业政策，我局围绕稳就业、保民生的目标，持续优化公共就业服务，"
    "加强对高校毕业生、就业困难人员等重点群体的帮扶，推动全区就业形势保持总体稳定。"
    "全年组织开展各类招聘活动，及时兑现各项就业创业补贴，切实减轻企业用工成本。",
    "在社会保障方面，我局持续推进社会保险扩面征缴，规范待遇发放管理，提升经办服务效率。"
    "同时加强基金监管，防范化解基金风险，确保各项社会保险待遇按时足额发放，"
    "不断增强人民群众的获得感、幸福感和安全感。",
]


def wrap(text: str, width: float, fs: float) -> list[str]:
    lines, cur, cur_w = [], "", 0.0
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, fs)
        if cur and cur_w + w > width:
            lines.append(cur)
            cur, cur_w = "", 0.0
        cur += ch
        cur_w += w
    if cur:
        lines.append(cur)
    return lines


def canvas(path: Path, pagesize=A4, **kw) -> Canvas:
    return Canvas(str(path), pagesize=pagesize, invariant=1, pageCompression=1,
                  initialFontName=FONT, initialFontSize=10, **kw)


def make_encrypted(path: Path) -> None:
    enc = StandardEncryption(PASSWORD, ownerPassword="owner-" + PASSWORD, strength=128)
    c = canvas(path, encrypt=enc)
    c.setFont(FONT, 14)
    y = A4[1] - 72
    for line in ENCRYPTED_TEXT:
        c.drawString(72, y, line)
        y -= 24
    c.showPage()
    c.save()


def make_no_table(path: Path) -> None:
    c = canvas(path)
    w, h = A4
    c.setFont(FONT, 16)
    c.drawCentredString(w / 2, h - 72, "2024年部门工作情况说明")
    fs, leading = 11, 18
    c.setFont(FONT, fs)
    y = h - 120
    for para in PROSE:
        lines = wrap(para, w - 144 - 2 * fs, fs)
        for i, line in enumerate(lines):
            c.drawString(72 + (2 * fs if i == 0 else 0), y, line)  # first-line indent
            y -= leading
        y -= leading / 2
    c.showPage()
    c.save()


def make_blank(path: Path) -> None:
    c = canvas(path, pagesize=landscape(A4))
    c.showPage()
    c.showPage()
    c.save()


def probe(path: Path, password: str | None = None) -> str:
    """What pdfplumber makes of a file, in one line."""
    import pdfplumber

    try:
        kw = {"password": password} if password is not None else {}
        with pdfplumber.open(path, **kw) as pdf:
            n = len(pdf.pages)
            chars = sum(len(p.chars) for p in pdf.pages)
            tables = sum(len(p.find_tables()) for p in pdf.pages)
            text = (pdf.pages[0].extract_text() or "").replace("\n", " ")[:40] if n else ""
            return f"opens: {n} pages, {chars} chars, {tables} tables, text {text!r}"
    except Exception as e:  # noqa: BLE001 - we want to see whatever it raises
        return f"raises {type(e).__name__}: {str(e)[:80] or repr(e)[:80]}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--font", default=FONT_PATH)
    ap.add_argument("--fixture", type=Path, default=FIXTURE)
    ap.add_argument("--outdir", type=Path, default=OUTDIR)
    args = ap.parse_args(argv)

    pdfmetrics.registerFont(TTFont(FONT, args.font, subfontIndex=0))
    out = args.outdir
    out.mkdir(parents=True, exist_ok=True)

    (out / "empty.pdf").write_bytes(b"")
    (out / "not_a_pdf.pdf").write_bytes(NOT_A_PDF)
    if not args.fixture.exists():
        raise SystemExit(f"{args.fixture} is missing: run scripts/render_fixtures.py first")
    data = args.fixture.read_bytes()
    (out / "truncated.pdf").write_bytes(data[: int(len(data) * TRUNCATE_AT)])
    make_encrypted(out / "encrypted.pdf")
    make_no_table(out / "no_table.pdf")
    make_blank(out / "blank.pdf")

    names = ["empty.pdf", "not_a_pdf.pdf", "truncated.pdf", "encrypted.pdf", "no_table.pdf", "blank.pdf"]
    problems = []
    for name in names:
        p = out / name
        size = p.stat().st_size
        if size >= MAX_BYTES:
            problems.append(f"{name} is {size} bytes (limit {MAX_BYTES})")
        print(f"{name:14s} {size:6d} bytes  {probe(p)}")

    # the properties that make each file what it is
    assert (out / "empty.pdf").stat().st_size == 0
    assert not (out / "not_a_pdf.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "truncated.pdf").read_bytes().startswith(b"%PDF")
    assert b"%%EOF" not in (out / "truncated.pdf").read_bytes()[-1024:]
    locked, unlocked = probe(out / "encrypted.pdf"), probe(out / "encrypted.pdf", PASSWORD)
    print(f"{'encrypted.pdf':14s} with password {PASSWORD!r}: {unlocked}")
    if not locked.startswith("raises"):
        problems.append(f"encrypted.pdf opens without a password: {locked}")
    if "项目支出绩效目标表" not in unlocked:
        problems.append(f"encrypted.pdf does not read with its password: {unlocked}")
    nt = probe(out / "no_table.pdf")
    if not nt.startswith("opens: 1 pages") or ", 0 tables" not in nt:
        problems.append(f"no_table.pdf: {nt}")
    bl = probe(out / "blank.pdf")
    if not bl.startswith("opens: 2 pages, 0 chars"):
        problems.append(f"blank.pdf: {bl}")
    if problems:
        raise SystemExit("make_bad_inputs: " + "; ".join(problems))
    print(f"all {len(names)} files in {out} check out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
