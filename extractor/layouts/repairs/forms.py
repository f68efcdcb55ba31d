"""Per-project forms read by OCR: the name and goal repairs, and the OCR stage's notes on each form."""

from __future__ import annotations

from extractor.layouts.repairs.document import drop_lone_marks, unreadable_names, units_as_the_department_reads
from extractor.layouts.repairs.base import Repair, _as_finding, _ocr_pages
from extractor.layouts.repairs.table import _mark_repair, _reread_repair, _unsure_note
from extractor.layouts.repairs.text import _goals, _names
from extractor.models import Document, Finding, record_path

def _inside(note, bbox) -> bool:
    if bbox is None:
        return False
    cx, cy = (note.x0 + note.x1) / 2, (note.top + note.bottom) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _strip_stops(p) -> None:
    """A 。 the OCR stage read from the image after a line of a form, off the project's and its
    indicators' names and levels (it belongs at the end of a 绩效目标 only). Changes `p` in place."""
    p.name = p.name[:-1] if p.name.endswith("。") else p.name
    for ind in p.indicators:
        for attr in ("name", "level1", "level2"):
            v = getattr(ind, attr)
            if v and v.endswith("。"):
                setattr(ind, attr, v[:-1])


def ocr_forms(doc: Document, pages) -> Document:
    """Per-project forms read by OCR: names and goals repaired as in the wide table (document
    numbers, bracket pairs, numbered-list separators), and the marks and second readings the
    OCR stage took, each an OCR_REPAIR finding on the form it sits in. Returns a new Document."""
    scanned = _ocr_pages(pages)
    if not scanned:
        return doc
    doc = doc.model_copy(deep=True)
    by_number = {p.number: p for p in pages}
    findings: list[Finding] = []
    for ui, unit in enumerate(doc.units):
        for pi, p in enumerate(unit.projects):
            if not set(p.pages) & scanned:
                continue
            record = record_path(ui, pi)
            page = p.pages[0]
            for label, attr, fix in (("项目名称", "name", _names), ("绩效目标", "goal", _goals)):
                text = getattr(p, attr)
                if not text:
                    continue
                fixed, changes = fix(text)
                if changes:
                    setattr(p, attr, fixed)
                    findings.append(_as_finding(Repair(page, p.bbox, f"{label} of {p.name}", changes), record,
                                                list(p.pages)))
            # What the OCR stage read from the image or left unsure, on this form's first page.
            ocr_page = by_number.get(page)
            what = f"{p.name} (form)"
            marks = [m for m in getattr(ocr_page, "marks", []) if _inside(m, p.bbox)]
            if any(m.text == "。" for m in marks):  # a 。 read from the image ends a goal, never a name
                _strip_stops(p)
            found = [(p.name[-5:-1] if p.name.endswith(m.text) else "", m) for m in marks
                     if m.text != "。" or (p.goal or "").endswith("。")]
            chosen = [r for r in getattr(ocr_page, "rereads", []) if _inside(r, p.bbox)]
            doubts = [d for d in getattr(ocr_page, "unsure", []) if _inside(d, p.bbox)]
            for items, make in ((found, _mark_repair), (chosen, _reread_repair), (doubts, _unsure_note)):
                if items:
                    findings.append(_as_finding(make(page, p.bbox, what, items), record))
    findings += drop_lone_marks(doc, scanned)
    findings += unreadable_names(doc, scanned)
    findings += units_as_the_department_reads(doc, scanned)
    doc.findings = list(doc.findings) + findings
    return doc
