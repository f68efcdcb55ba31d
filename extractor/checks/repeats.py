"""Rows printed twice: a page-break repeat (REPEATED_ROW, counted once) and any other duplicate
(DUPLICATE_PROJECT, both kept)."""

from __future__ import annotations

from extractor.checks.common import _f, _fmt
from extractor.models import Document, Finding, Project, record_path
from extractor.normalize import for_matching


def _same_row(a: Project, b: Project) -> bool:
    return (
        for_matching(a.name) == for_matching(b.name)
        and a.amounts.total == b.amounts.total
        and a.amounts.sources == b.amounts.sources
    )


def _is_page_break_repeat(a: Project, b: Project) -> bool:
    """b is a at the top of the next page: the same row, printed again (whole or
    completing a cut first copy) right after a page break."""
    if not (a.pages and b.pages and min(b.pages) == max(a.pages) + 1):
        return False
    if not _same_row(a, b):
        return False
    ga, gb = for_matching(a.goal or ""), for_matching(b.goal or "")
    ia, ib = for_matching(a.indicators_raw or ""), for_matching(b.indicators_raw or "")
    if not (ia or ib):
        ia = "".join(i.name for i in a.indicators)
        ib = "".join(i.name for i in b.indicators)
    return gb.startswith(ga) and ib.startswith(ia)


def resolve_repeats(doc: Document) -> tuple[Document, list[Finding]]:
    """Keep once a row printed again after a page break, and report it.

    Only an exact repeat adjacent across a page break is merged; any other
    duplicate stays and is reported (DUPLICATE_PROJECT), never dropped."""
    doc = doc.model_copy(deep=True)
    findings = []
    for ui, unit in enumerate(doc.units):
        kept: list[Project] = []
        for project in unit.projects:
            prev = kept[-1] if kept else None
            if prev is not None and _is_page_break_repeat(prev, project):
                # The later copy is the whole one; keep its text, with both pages, and the box of the
                # first (a record's bbox is on its first page).
                project.pages = sorted(set(prev.pages) | set(project.pages))
                project.bbox = prev.bbox or project.bbox
                kept[-1] = project
                findings.append(_f(
                    "REPEATED_ROW", "info",
                    f"{project.name} ({_fmt(project.amounts.total)}) is printed on page {prev.pages[-1]} and again "
                    f"on page {min(project.pages[1:] or project.pages)}; counted once",
                    project.pages, record_path(ui, len(kept) - 1), project.bbox,
                ))
            else:
                kept.append(project)
        unit.projects = kept
    return doc, findings


def check_duplicates(doc: Document) -> list[Finding]:
    out = []
    for ui, unit in enumerate(doc.units):
        seen: dict[tuple, int] = {}
        for pi, p in enumerate(unit.projects):
            key = (for_matching(p.name), p.amounts.total, tuple(sorted(p.amounts.sources.items())))
            if key in seen:
                out.append(_f("DUPLICATE_PROJECT", "warning",
                              f"{p.name} ({_fmt(p.amounts.total)}) appears twice in {unit.name} "
                              f"(also projects[{seen[key]}]); both kept", p.pages, record_path(ui, pi), p.bbox))
            else:
                seen[key] = pi
    return out
