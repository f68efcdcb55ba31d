import copy
import json
from pathlib import Path

import pytest

from extractor.models import Document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GOLD_PATH = ROOT / "eval" / "gold" / "conghua-hrss-2024.json"
RENDERINGS = ["conghua-hrss-2024-grid.pdf", "conghua-hrss-2024-header-ruled.pdf"]
BAD = ROOT / "tests" / "data" / "bad"


def load_gold_json() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


def gold_document(data: dict | None = None) -> Document:
    data = copy.deepcopy(data if data is not None else load_gold_json())
    data.pop("repeated_rows", None)  # gold-only key: what the checker must report
    return Document.model_validate(data)


@pytest.fixture(scope="session")
def gold_json() -> dict:
    return load_gold_json()


@pytest.fixture(scope="session")
def gold(gold_json) -> Document:
    return gold_document(gold_json)


@pytest.fixture(scope="session")
def extracted():
    """Both renderings extracted once per session: {file name: (SourceFile, Document)}."""
    from extractor import extract_pdf

    return {name: extract_pdf(FIXTURES / name) for name in RENDERINGS}
