"""schemas/ is the contract with models and other tools: it must not drift from the Pydantic models."""

import json

from conftest import ROOT, gold_document
from extractor.models import Document

SCHEMA = ROOT / "schemas" / "document.schema.json"


def test_committed_schema_matches_models():
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == Document.model_json_schema(mode="serialization"), (
        "schemas/document.schema.json is stale: run `extractor schema --out schemas/document.schema.json`")


def test_schema_declares_amounts_as_decimal_strings():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    total = schema["$defs"]["Amounts"]["properties"]["total"]["anyOf"][0]
    assert total["type"] == "string" and total["pattern"]


def test_gold_validates_and_round_trips(gold_json):
    doc = gold_document(gold_json)
    dumped = doc.model_dump(mode="json")
    assert dumped["units"] == [
        {**u, "projects": [{**p, "bbox": None, "indicators_raw": None,
                            "indicators": [{**i, "raw": None} for i in p["indicators"]]} for p in u["projects"]],
         "bbox": None}
        for u in gold_json["units"]
    ]
    assert Document.model_validate(dumped) == doc
