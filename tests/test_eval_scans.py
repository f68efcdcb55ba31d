"""The scan eval's instrument (scripts/eval_scans.py): which scans it makes and how it splits them.
No OCR here: what is tested is the sample (sources, seeds, resolutions, profile), not a score."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import eval_scans  # noqa: E402


def source(id_: str, font: str, font_name: str) -> eval_scans.Source:
    return eval_scans.Source(id_, Path(f"{id_}.pdf"), Path(f"{id_}.gold.json"), id_.rsplit("-s", 1)[0],
                             font, font_name, "wide", committed=False)


NEW = [source("hefeng-agri-2023-s4", "song", "BousungEG-Light-GB"), source("hefeng-agri-2023-s5", "kai", "UKaiCN"),
       source("yunxi-edu-2025-s6", "sans", "NotoSansCJKsc-Regular"),
       source("yunxi-edu-2025-s7", "song", "NotoSerifCJKsc-Regular")]


def test_new_faces_split_by_face_not_by_gold():
    splits = {s.font_name: eval_scans.split_of(s, set()) for s in NEW}
    assert splits == {"BousungEG-Light-GB": "tune", "UKaiCN": "tune", "NotoSansCJKsc-Regular": "test",
                      "NotoSerifCJKsc-Regular": "test"}
    # A committed fixture's (gold, font) stays tune whatever the face.
    assert eval_scans.split_of(NEW[2], {("yunxi-edu-2025", "sans")}) == "tune"


def test_fixed_resolutions_every_source_at_each_seed_by_seed():
    jobs = eval_scans.jobs_for(NEW, "all", 2, list(eval_scans.BANDS), None, dpis=[150, 200])
    assert len(jobs) == len(NEW) * 2 * 2
    first_half = jobs[: len(jobs) // 2]  # seed by seed: every source and resolution once before any twice
    assert {(s.id, b) for s, _, b in first_half} == {(s.id, str(d)) for s in NEW for d in (150, 200)}
    for s in NEW:
        seeds = {seed for src, seed, _ in jobs if src is s}
        assert len(seeds) == 2
        base = 0 if s.font_name.startswith(("Bousung", "UKai")) else 1000  # each its own split's seeds
        assert all(base <= x < base + 100 for x in seeds)
    assert eval_scans.band_range("150") == (150, 150) and eval_scans.band_range("200-300") == (200, 300)
    assert eval_scans.bar_of("150") == 0.95 and eval_scans.bar_of("200") == 0.97 and eval_scans.bar_of("120-149") == 0.95


def test_office_scan_at_a_fixed_resolution_is_named_and_reused(tmp_path, monkeypatch):
    monkeypatch.setattr(eval_scans, "OUT", tmp_path)
    fixture = ROOT / "fixtures" / "forms-panyu-edu-2024.pdf"
    if not fixture.exists():
        pytest.skip("no forms fixture")
    src = eval_scans.Source("forms-panyu-edu-2024", fixture, fixture, "forms-panyu-edu-2024", "sans", "x", "forms", True)
    scan, rec = eval_scans.scan_of(src, 7, eval_scans.band_range("150"), pages=1, profile="office")
    assert scan.name == "forms-panyu-edu-2024-p1--office-s7-150dpi.pdf"
    assert rec["params"]["profile"] == "office" and rec["params"]["dpi"] == 150 and rec["pages"] == 1
    mtime = scan.stat().st_mtime_ns
    again, _ = eval_scans.scan_of(src, 7, eval_scans.band_range("150"), pages=1, profile="office")
    assert again == scan and scan.stat().st_mtime_ns == mtime  # reused, not drawn again
    plain, rec2 = eval_scans.scan_of(src, 7, eval_scans.band_range("150"), pages=1)
    assert plain.name == "forms-panyu-edu-2024-p1--s7-150dpi.pdf" and rec2["params"]["profile"] == "default"
