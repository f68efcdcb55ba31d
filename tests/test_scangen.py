"""The scan generator's profiles (scripts/scangen.py): the office profile stays inside the ranges it
documents, is seeded, leaves the default profile's draws alone, and makes a real image-only PDF at the
resolution asked for. What is tested is the instrument; no extractor score is gated here."""

from __future__ import annotations

import dataclasses
import json
import sys

import pypdfium2 as pdfium
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import scangen  # noqa: E402

SEEDS = range(200)


def test_office_draws_stay_mild():
    """Every draw inside the ranges the profile's docstring gives (what a person reads easily)."""
    for seed in SEEDS:
        p = scangen.choose_params(seed, profile="office")
        assert p.profile == "office"
        assert p.dpi in (150, 200, 300)
        assert p.mode == "grey" or p.dpi >= 200
        assert p.mode == "bilevel" or 60 <= p.quality <= 90
        assert 232 <= p.paper <= 250 and 15 <= p.toner <= 45
        assert -0.2 <= p.stroke <= 0.3 and 0 <= p.stroke_var <= 0.2 and p.density_var <= 0.08
        assert p.dropout == 0.0
        assert 0.3 <= p.blur <= 0.7 and 2 <= p.noise <= 8
        assert p.specks_per_dm2 <= 4 and p.light_amp <= 0.06


def test_office_draws_vary_and_bilevel_only_at_200_and_up():
    draws = [scangen.choose_params(seed, profile="office") for seed in SEEDS]
    assert {p.dpi for p in draws} == {150, 200, 300}
    assert 10 < sum(p.mode == "bilevel" for p in draws) < 80
    assert len({p.blur for p in draws}) > 100 and len({p.quality for p in draws}) > 20


def test_default_profile_is_the_default_and_unchanged_by_the_office_one():
    for seed in (0, 3, 1001):
        a = scangen.choose_params(seed)
        assert a == scangen.choose_params(seed, profile="default")
        assert a.profile == "default"
        office = scangen.choose_params(seed, profile="office")
        assert dataclasses.replace(office, profile="default") != a  # its own stream, not the default's
    with pytest.raises(ValueError):
        scangen.choose_params(1, profile="copier")


def test_fixing_the_dpi_leaves_the_other_office_draws():
    for seed in (1, 2, 3):
        a = scangen.choose_params(seed, profile="office", dpi=150, mode="grey")
        b = scangen.choose_params(seed, profile="office", dpi=300, mode="grey")
        assert (a.dpi, b.dpi) == (150, 300)
        assert dataclasses.replace(a, dpi=300) == b
        assert scangen.choose_params(seed, profile="office", dpi_range=(150, 150)).dpi == 150


def test_office_scan_is_seeded_and_at_the_resolution_asked(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from ocr_split_eval import first_pages

    src = tmp_path / "p1.pdf"
    first_pages(ROOT / "fixtures" / "conghua-hrss-2024-grid.pdf", 1, src)
    a = scangen.scan(src, tmp_path / "a.pdf", 4, dpi=150, profile="office")
    b = scangen.scan(src, tmp_path / "b.pdf", 4, dpi=150, profile="office")
    c = scangen.scan(src, tmp_path / "c.pdf", 5, dpi=150, profile="office")
    assert a["sha256"] == b["sha256"] != c["sha256"]
    side = json.loads(scangen.sidecar(tmp_path / "a.pdf").read_text(encoding="utf-8"))
    assert side["params"]["profile"] == "office" and side["params"]["dpi"] == 150
    doc = pdfium.PdfDocument(str(tmp_path / "a.pdf"))
    page = doc[0]
    assert page.get_textpage().get_text_range().strip() == ""  # image only
    (img,) = [o for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    w_px, _ = img.get_px_size()
    assert abs(w_px - page.get_width() * 150 / 72) <= 1
    doc.close()
