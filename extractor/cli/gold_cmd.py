"""`extractor gold draft`: a user's own hand-checked fixture (gold), started from the extraction.

    extractor gold draft report.pdf                 # → report.gold.json beside the PDF
    (edit report.gold.json: correct what is wrong, delete the "to_review" entries you have checked)
    extractor eval run --fixtures .                 # every *.gold.json here, scored against its PDF

The draft is the export format (title, units, projects, amounts, indicators) plus gold-only keys
the scorer ignores: `source_pdf` (the PDF, relative to the gold file), `to_review` (each record
that carries a finding, with the findings, so the reader knows where to look first) and
`repeated_rows` (rows printed twice at a page break, as the project's own golds list them).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from extractor.cli.common import CliError, say, writable_file, write_text_atomic


_RECORD = re.compile(r"^units\[(\d+)\](?:\.projects\[(\d+)\])?")


def draft(pdf: Path, out: Path, backend: str = "rules") -> dict:
    """The gold draft of one PDF, written to `out`; returns it."""
    from extractor import batch

    result = batch.extract_one(str(pdf), backend)
    if not result["ok"]:
        raise CliError(f"{pdf}: {result['error']}")
    data = result["document"]
    findings = data.pop("findings", [])
    data["findings"] = []  # a gold states records, not findings
    data["source_pdf"] = os.path.relpath(pdf.resolve(), out.resolve().parent)
    data["to_review"] = _to_review(data, findings)
    data["repeated_rows"] = _repeated_rows(data, findings)
    write_text_atomic(out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return data


def _name_of(data: dict, record: str) -> str:
    m = _RECORD.match(record or "")
    if not m:
        return ""
    try:
        unit = data["units"][int(m.group(1))]
        return unit["projects"][int(m.group(2))]["name"] if m.group(2) else unit["name"]
    except (IndexError, KeyError):
        return ""


def _to_review(data: dict, findings: list[dict]) -> list[dict]:
    """Records with an error or warning finding (info findings are notes), in record order."""
    from extractor.store.db import meaning_zh

    by_record: dict[str, dict] = {}
    for f in findings:
        if f["severity"] == "info":
            continue
        key = f.get("record") or "document"
        entry = by_record.setdefault(key, {"record": key, "name": _name_of(data, key), "pages": [], "findings": []})
        entry["pages"] = sorted(set(entry["pages"]) | set(f.get("pages") or []))
        entry["findings"].append({"code": f["code"], "severity": f["severity"], "message": f["message"],
                                  "meaning_zh": meaning_zh(f["code"])})
    return list(by_record.values())


def _repeated_rows(data: dict, findings: list[dict]) -> list[dict]:
    out = []
    for f in findings:
        m = _RECORD.match(f.get("record") or "")
        if f["code"] == "REPEATED_ROW" and m and m.group(2):
            unit = data["units"][int(m.group(1))]
            out.append({"unit": unit["name"], "name": unit["projects"][int(m.group(2))]["name"],
                        "pages": f.get("pages") or []})
    return out


def cmd_draft(args) -> int:
    pdf = Path(args.pdf)
    if not pdf.is_file():
        raise CliError(f"{pdf}: no such file")
    out = Path(args.out) if args.out else pdf.with_name(pdf.stem + ".gold.json")
    if out.exists() and not args.force:
        raise CliError(f"{out}: exists (a gold you may have edited): --force to replace it")
    writable_file(out, "--out")
    data = draft(pdf, out, args.backend)
    n_proj = sum(len(u["projects"]) for u in data["units"])
    say(args, f"wrote {out}: {len(data['units'])} units, {n_proj} projects, {len(data['to_review'])} records to "
              f"review; correct it by hand, then `extractor eval run --fixtures {out.parent}`", file=sys.stdout)
    return 0


def add_command(sub) -> None:
    g = sub.add_parser("gold", help="make your own gold fixture from one of your PDFs")
    gsub = g.add_subparsers(dest="gold_command", required=True)
    d = gsub.add_parser("draft", help="write an editable gold JSON prefilled from the extraction",
                        description="Writes REPORT.gold.json beside the PDF: the extracted records to correct by "
                                    "hand, the records that carry findings listed under to_review. "
                                    "`extractor eval run --fixtures DIR` then scores extraction against it.")
    d.add_argument("pdf", metavar="REPORT.pdf")
    d.add_argument("--out", metavar="GOLD.json", help="default: REPORT.gold.json beside the PDF")
    d.add_argument("--force", action="store_true", help="replace an existing gold file")
    d.add_argument("--backend", choices=("rules", "llm", "hybrid"), default="rules")
    d.add_argument("--quiet", "-q", action="store_true")
    d.set_defaults(func=cmd_draft)
