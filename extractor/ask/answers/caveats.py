"""Caveats (提示): the error and warning findings on the rows an answer rests on."""

from __future__ import annotations

from extractor.ask.catalog import Catalog


def caveats(cat: Catalog, records: list) -> list[dict]:
    """Error and warning findings on the rows an answer rests on (the row itself, or its indicators)."""
    wanted = set(records)
    out = []
    for fnd in cat.findings:
        rec = fnd.get("record") or ""
        doc = fnd.get("document_id")
        hit = (doc, rec) in wanted or any(doc == d and (rec.startswith(r + ".indicators") or
                                                        (r == "totals" and rec.startswith("totals")))
                                          for d, r in wanted)
        if hit:
            out.append({"code": fnd["code"], "severity": fnd["severity"], "record": rec,
                        "document": cat.docs[doc].filename if doc in cat.docs else None, "message": fnd["message"]})
    return out
