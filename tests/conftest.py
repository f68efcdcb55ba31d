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
    from extractor.evaluation.harness import gold_document as records_of

    return records_of(data if data is not None else load_gold_json())


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


@pytest.fixture
def no_network(monkeypatch):
    """Refuse every connection that is not to this machine's loopback."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
            raise OSError(f"network blocked in tests: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "EXTRACTOR_MODEL"):
        monkeypatch.delenv(var, raising=False)


# ---------------------------------------------------------------- the findings net

_EMITTED: dict[str, str] = {}


def pytest_sessionstart(session):
    """Record the code of every Finding made during the session (model_copy makes none: copies of made ones)."""
    from extractor.models import Finding

    made = Finding.__init__

    def recording(self, *args, **kwargs):
        made(self, *args, **kwargs)
        _EMITTED.setdefault(self.code, self.message[:80])

    Finding.__init__ = recording


def pytest_sessionfinish(session, exitstatus):
    """Fail the session when any code made in it is not registered in extractor/findings.py."""
    from extractor.findings import REGISTRY

    missing = {code: msg for code, msg in _EMITTED.items() if code not in REGISTRY}
    if missing:
        print(f"\nfinding codes made but not registered in extractor/findings.py: {missing}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def gold_db(tmp_path_factory, name: str, golds: list[str]) -> Path:
    """A real SQLite database (extractor.store) holding the named gold JSON files of eval/gold/, for ask tests."""
    import hashlib

    from extractor.evaluation.harness import gold_from_json
    from extractor.store import open_db, save_document

    path = tmp_path_factory.mktemp("golds") / f"{name}.db"
    db = open_db(path)
    for g in golds:
        gold = ROOT / "eval" / "gold" / g
        save_document(db, gold_from_json(gold), path=str(gold), sha256=hashlib.sha256(gold.read_bytes()).hexdigest(),
                      page_count=0, extractor="gold")
    db.conn.close()
    return path


def sql(db: Path, q: str, *params) -> list:
    """Plain SQL over a test database: the expectations ask tests compare with."""
    import sqlite3

    with sqlite3.connect(db) as c:
        return c.execute(q, params).fetchall()
