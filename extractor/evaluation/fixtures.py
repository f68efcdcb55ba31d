"""Gold fixtures: the manifest (eval/fixtures.json: a gold JSON and the PDF renderings made from it), the gold
records, and the gold database `load` fills after checking that every gold reconciles."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from extractor import checks as check
from extractor.evaluation.paths import DEFAULT_FIXTURES, DEFAULT_GOLD_DB, DEFAULT_RUNS_DB
from extractor.models import Document
from extractor.source.pdf import sha256_of
from extractor.store import db as store

#: Gold annotations that are not records: what the checker must report, a form's extra fields.
GOLD_ONLY_KEYS = ("repeated_rows", "form_extras", "source_pdf", "to_review")


class EvalError(Exception):
    """A fixture or run that cannot be used; str() is the one-line reason."""


@dataclass
class Fixture:
    id: str
    gold_path: Path
    renderings: list[Path]
    note: str = ""


def load_manifest(path: Path = DEFAULT_FIXTURES) -> list[Fixture]:
    """The fixtures of a manifest (JSON list), or of a folder of `*.gold.json` files (`extractor gold draft`),
    each scored against the PDF its `source_pdf` names (default: the PDF of the same name beside it)."""
    path = Path(path)
    if path.is_dir():
        return _folder_fixtures(path)
    if not path.is_file():
        raise EvalError(f"{path}: no fixture manifest here (run from the project's folder, or pass --fixtures)")
    base = path.parent
    items = json.loads(path.read_text(encoding="utf-8"))
    return [Fixture(i["id"], (base / i["gold"]).resolve(), [(base / r).resolve() for r in i["renderings"]],
                    i.get("note", "")) for i in items]


def _folder_fixtures(folder: Path) -> list[Fixture]:
    out = []
    for gold in sorted(folder.glob("*.gold.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        stem = gold.name[: -len(".gold.json")]
        pdf = (gold.parent / data.get("source_pdf", f"{stem}.pdf")).resolve()
        if not pdf.is_file():
            raise EvalError(f"{gold}: its PDF {pdf} is missing (set source_pdf in the gold)")
        out.append(Fixture(stem, gold.resolve(), [pdf], "a user's gold"))
    if not out:
        raise EvalError(f"{folder}: no *.gold.json here (make one with `extractor gold draft REPORT.pdf`)")
    return out


def fixture_paths(fixtures: Optional[str], gold_db: Optional[str], runs_db: Optional[str] = None) -> tuple[Path, Path, Path]:
    """(manifest or folder, gold db, runs db): the project's own (from the current directory) by default;
    beside a user's fixtures when --fixtures names them."""
    if not fixtures:
        return DEFAULT_FIXTURES, Path(gold_db or DEFAULT_GOLD_DB), Path(runs_db or DEFAULT_RUNS_DB)
    where = Path(fixtures) if Path(fixtures).is_dir() else Path(fixtures).parent
    return Path(fixtures), Path(gold_db) if gold_db else where / "gold.db", Path(runs_db) if runs_db else where / "runs.db"


def gold_document(data: dict) -> Document:
    """The records of a gold JSON object, without its gold-only annotations (the data is not changed)."""
    return Document.model_validate({k: v for k, v in data.items() if k not in GOLD_ONLY_KEYS})


def gold_from_json(path: Path) -> Document:
    return gold_document(json.loads(path.read_text(encoding="utf-8")))




def load_gold(fixtures: list[Fixture], gold_db: Path) -> dict[str, int]:
    """Check every gold and store it in the gold database; returns {fixture id: document id}."""
    docs = {}
    for fx in fixtures:
        doc = gold_from_json(fx.gold_path)
        checked = check.run(doc)
        bad = [f for f in checked.findings if f.severity == "error"]
        if bad:
            raise EvalError(f"gold {fx.gold_path.name} does not reconcile: {bad[0].code}: {bad[0].message}")
        docs[fx.id] = checked
    db = store.open_db(gold_db)
    if not db["fixtures"].exists():
        db["fixtures"].create({"id": str, "document_id": int, "gold": str, "renderings": str, "note": str}, pk="id")
    ids = {}
    for fx in fixtures:
        doc_id = store.save_document(db, docs[fx.id], path=str(fx.gold_path), sha256=sha256_of(fx.gold_path),
                                     page_count=0, extractor="gold")
        db["fixtures"].upsert({"id": fx.id, "document_id": doc_id, "gold": str(fx.gold_path),
                               "renderings": json.dumps([str(r) for r in fx.renderings]), "note": fx.note}, pk="id")
        ids[fx.id] = doc_id
    return ids


@dataclass
class Extraction:
    document: Document
    usage: dict


def rules_backend(path: Path, **_) -> Extraction:
    from extractor.pipeline import extract_pdf

    _, doc = extract_pdf(path)
    return Extraction(doc, {})


def model_backend(name: str) -> Callable[..., Extraction]:
    """`llm` or `hybrid` through the one pipeline, the model configured by the environment or `--model`."""

    def backend(path, prompt=None, model=None, **_):
        from extractor.backends.config import LLMConfig
        from extractor.pipeline import extract

        config = LLMConfig.from_env(model=model)
        if not config.configured:
            raise EvalError("no model configured: set EXTRACTOR_MODEL and OPENAI_BASE_URL, or pass --model")
        result = extract(path, name, config=config, prompt=prompt)
        return Extraction(result.document, result.totals())

    backend.__name__ = name
    return backend


def get_backend(name: str) -> Callable[..., Extraction]:
    if name == "rules":
        return rules_backend
    if name in ("llm", "hybrid"):
        return model_backend(name)
    raise EvalError(f"backend {name!r} is not available in this version")
