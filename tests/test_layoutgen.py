"""The random-style generator (scripts/layoutgen.py) and its committed CI sample (tests/data/styles/).

What is tested is the instrument, not the extractor: a rendering's gold must say what the PDF
prints. Each committed PDF is read back with pdfplumber, column by column (the column edges and
body tops recorded in its .style.json), and compared with its .gold.json: names in the name
column on the pages the gold gives, amounts as printed in the column of their printed source
label, marks as characters; the gold's sums reconcile. No extractor score is gated here.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal

import pdfplumber
import pytest

from conftest import ROOT
from extractor import Document

STYLES = ROOT / "tests" / "data" / "styles"
SAMPLE = sorted(p.name.removesuffix(".pdf") for p in STYLES.glob("*.pdf"))
sys.path.insert(0, str(ROOT / "scripts"))


def load(stem: str) -> tuple[dict, dict]:
    gold = json.loads((STYLES / f"{stem}.gold.json").read_text(encoding="utf-8"))
    style = json.loads((STYLES / f"{stem}.style.json").read_text(encoding="utf-8"))
    return gold, style


def column_text(chars: list[dict], x0: float, x1: float, top: float, page_h: float) -> str:
    """The characters whose centre lies in [x0, x1) below `top` (PDF y, bottom-left origin), in reading order."""
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and c["top"] >= page_h - top - 0.5]
    lines: list[list[dict]] = []
    for c in sorted(inside, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(lines[-1][0]["top"] - c["top"]) < 1.0:
            lines[-1].append(c)
        else:
            lines.append([c])
    return "".join(c["text"] for ln in lines for c in sorted(ln, key=lambda c: c["x0"])).replace(" ", "")


@pytest.fixture(scope="module")
def sample() -> dict:
    """{stem: (gold, style, {page: chars})} for every committed rendering, each PDF read once."""
    out = {}
    for stem in SAMPLE:
        gold, style = load(stem)
        with pdfplumber.open(STYLES / f"{stem}.pdf") as pdf:
            assert len(pdf.pages) == style["pages"], stem
            first, last = style["table_pages"]
            chars = {n: (pdf.pages[n - 1].chars, pdf.pages[n - 1].height) for n in range(first, last + 1)}
        out[stem] = (gold, style, chars)
    return out


def test_sample_is_committed_and_small():
    assert len(SAMPLE) >= 12
    assert sum(p.stat().st_size for p in STYLES.iterdir()) < 3_000_000


def test_sample_covers_every_knob_value():
    pytest.importorskip("reportlab")
    import layoutgen

    seen = {k: set() for k in layoutgen.KNOBS}
    for stem in SAMPLE:
        for k, v in load(stem)[1]["knobs"].items():
            seen[k].add(v)
    assert {k: sorted(set(v) - seen[k]) for k, v in layoutgen.KNOBS.items() if set(v) - seen[k]} == {}


@pytest.mark.parametrize("stem", SAMPLE)
def test_gold_reconciles_and_validates(stem):
    gold, style = load(stem)
    Document.model_validate({k: v for k, v in gold.items() if k != "repeated_rows"})
    dec = lambda a: Decimal(a) if a is not None else Decimal(0)  # noqa: E731

    def row_sum(a):
        if a["sources"]:
            assert dec(a["total"]) == sum(map(dec, a["sources"].values())), a
        assert set(a["sources"]) <= set(gold["source_columns"])

    def sums(parent, children):
        assert dec(parent["total"]) == sum(dec(c["total"]) for c in children)
        for k in gold["source_columns"]:
            assert dec(parent["sources"].get(k)) == sum(dec(c["sources"].get(k)) for c in children), k

    row_sum(gold["totals"])
    sums(gold["totals"], [u["amounts"] for u in gold["units"]])
    for u in gold["units"]:
        row_sum(u["amounts"])
        sums(u["amounts"], [p["amounts"] for p in u["projects"]])
        for p in u["projects"]:
            row_sum(p["amounts"])
            first, last = style["table_pages"]
            assert p["pages"] and all(first <= n <= last for n in p["pages"]), p["name"]
            for i in p["indicators"]:  # codes as a wide table prints them: level 2 under level 1
                assert i["level2_code"].startswith(i["level1_code"]), i


@pytest.mark.parametrize("stem", SAMPLE)
def test_names_and_amounts_read_back_where_the_gold_says(sample, stem):
    gold, style, chars = sample[stem]
    cols = {key: (x0, x1) for key, x0, x1 in style["columns"]}
    tops = {int(k): v for k, v in style["body_tops"].items()}

    def text(key, pages):
        return "".join(column_text(chars[n][0], *cols[key], tops[n], chars[n][1]) for n in pages)

    table_pages = list(range(style["table_pages"][0], style["table_pages"][1] + 1))
    names_col = text("name", table_pages)
    printed = {v: k for k, v in style["source_print"].items()}  # printed label → gold label
    fmt = lambda v: format(Decimal(v), ",") if style["knobs"]["thousands"] == "yes" else v  # noqa: E731
    for u in gold["units"]:
        assert re.sub(r"\s", "", u["name"]) in names_col, u["name"]
        for p in u["projects"]:
            name = re.sub(r"\s", "", p["name"])
            assert name in names_col, p["name"]
            # Pages as drawn: the name and each amount sit on the project's pages.
            assert name in text("name", p["pages"]), (p["name"], p["pages"])
            assert fmt(p["amounts"]["total"]) in text("total", p["pages"]), p["name"]
            for label, v in p["amounts"]["sources"].items():
                assert fmt(v) in text(f"src:{printed[label]}", p["pages"]), (p["name"], label)
    marks = {m: sum(c["text"] == m for n in table_pages for c in chars[n][0]) for m in "·‘’"}
    for m in marks:
        drawn = sum(p["name"].count(m) for u in gold["units"] for p in u["projects"])
        assert marks[m] >= drawn, m


@pytest.mark.parametrize("stem", SAMPLE[:3])
def test_header_prints_the_gold_source_labels_over_their_columns(sample, stem):
    gold, style, chars = sample[stem]
    first = style["table_pages"][0]
    page_chars, page_h = chars[first]
    top = style["body_tops"][str(first)]
    header = [c for c in page_chars if page_h - top - 1 > c["top"]]
    for key, x0, x1 in style["columns"]:
        if key.startswith("src:"):
            label = style["source_print"][key[4:]]
            assert label in gold["source_columns"]
            assert label in column_text(header, x0, x1, page_h, page_h), (key, label)


GOLD = ROOT / "eval" / "gold" / "forms-panyu-edu-2024.json"


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    pytest.importorskip("reportlab")
    import layoutgen

    a = layoutgen.render(GOLD, 5, tmp_path / "a")
    b = layoutgen.render(GOLD, 5, tmp_path / "b", verify=False)
    c = layoutgen.render(GOLD, 6, tmp_path / "c", verify=False)
    assert a.pdf.read_bytes() == b.pdf.read_bytes()
    assert a.gold_path.read_bytes() == b.gold_path.read_bytes()
    assert a.pdf.read_bytes() != c.pdf.read_bytes()
    assert a.style["knobs"] != c.style["knobs"]


def test_forms_gold_drawn_wide_gets_codes_and_a_total(tmp_path):
    pytest.importorskip("reportlab")
    import layoutgen

    r = layoutgen.render(GOLD, 3, tmp_path, {"money": "as-gold"}, verify=False)
    source = json.loads(GOLD.read_text(encoding="utf-8"))
    assert source["totals"]["total"] is None and r.gold["totals"]["total"] is not None
    assert Decimal(r.gold["totals"]["total"]) == sum(Decimal(u["amounts"]["total"]) for u in source["units"])
    codes = {(i["level1_code"], i["level2_code"]) for u in r.gold["units"] for p in u["projects"] for i in p["indicators"]}
    assert None not in {c for pair in codes for c in pair}
    assert ("4", "41") in codes  # 成本指标 / 经济成本指标 as printed on the 申报表


def test_a_year_the_page_prints_is_the_golds_year(tmp_path):
    """The year knob at `none` still prints a year when the gold's own title keeps one
    (项目支出绩效目标表（2024年度）): the gold must then say 2024, not None."""
    import subprocess

    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "layoutgen.py"), "--gold",
                        str(ROOT / "eval" / "gold" / "linjiang-hwc-2024.json"), "--seed", "2", "--out", str(tmp_path),
                        "--set", "year=none", "--set", "book=no"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    (pdf_path,) = tmp_path.glob("*.pdf")
    gold = json.loads(pdf_path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    with pdfplumber.open(pdf_path) as pdf:
        printed = set(re.findall(r"(20\d\d)年", pdf.pages[0].extract_text() or ""))
    assert printed == {"2024"}
    assert gold["budget_year"] == 2024


def test_a_face_and_size_by_name_are_drawn_and_leave_the_seed_draws(tmp_path):
    """--set font=gbsn00lp size=9: the body is that face at that size; the other knobs are the seed's."""
    pytest.importorskip("reportlab")
    import layoutgen

    gold = ROOT / "eval" / "gold" / "forms-huadu-agri-2025.json"
    plain = layoutgen.render(gold, 4, tmp_path / "a", {"book": "no"}, verify=False)
    named = layoutgen.render(gold, 4, tmp_path / "b", {"book": "no", "font": "gbsn00lp", "size": "9",
                                                       "page": "A3-landscape"})
    assert "size_set" not in plain.style and named.style["size_set"] == 9.0
    same = {k: v for k, v in plain.style["knobs"].items() if k not in ("font", "page")}
    assert same == {k: v for k, v in named.style["knobs"].items() if k not in ("font", "page")}
    with pdfplumber.open(named.pdf) as pdf:
        first = named.style["table_pages"][0]
        top = pdf.pages[first - 1].height - named.style["body_tops"][str(first)]
        body = [c for c in pdf.pages[first - 1].chars if c["top"] > top]
    assert body and all("BousungEG" in c["fontname"] for c in body)  # gbsn00lp's PostScript name
    sizes = sorted(round(c["size"], 1) for c in body)
    assert sizes[len(sizes) // 2] == named.style["font_size"] and 8.5 <= named.style["font_size"] <= 9.0
    with pytest.raises(ValueError):
        layoutgen.render(gold, 4, tmp_path / "c", {"size": "30"}, verify=False)
