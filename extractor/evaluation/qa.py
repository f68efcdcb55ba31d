"""Question-answering eval. Two kinds of QA set:

- strict sets (``"format": "strict-qa/1"``: eval/qa/dev.json, eval/qa/heldout.json): each item's
  expected answer (figures, names, or a refusal) was computed from the gold; the answer TEXT is
  scored by extractor/evaluation/strict_qa.py (`score_strict`). `extractor eval qa` defaults to
  eval/qa/dev.json and gates on this score;
- the older value sets (eval/qa/seed-qa.json), described below, kept as an extra set.

A value set is a QA set of questions with the SQL that computes each expected answer.

    items = load_qa("eval/qa/seed-qa.json")
    report = score_qa("gold.db", items)   # {total, correct, accuracy, cited, items: [...]}

An item is {"kind", "question", "expected_sql"} (optional "note", "tolerance"). The expected
answer is whatever `expected_sql` returns on the database (run read-only through
`extractor.sqltool`), never typed by hand:

- no rows (or only NULLs) → None: the question is unanswerable and the engine must say so;
- one row of one column → a scalar;
- several rows of one column → a list: compared as a set of names, or as a multiset of numbers.

The engine's `value` is compared the same way: numbers as Decimal (a `tolerance` allows for
rounding a share), lists as sets of names, a one-element list as its element.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extractor.ask import engine as ask
from extractor.ask import sqltool

REQUIRED = ("kind", "question", "expected_sql")


def load_qa(path) -> list[dict]:
    """The items of a QA file: a JSON list, or an object with an "items" list."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) else data
    for n, it in enumerate(items):
        missing = [k for k in REQUIRED if not it.get(k)]
        if missing:
            raise ValueError(f"{path}: item {n} lacks {', '.join(missing)}")
    return items


def _number(v) -> Decimal | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, str):
        s = v.strip().replace(",", "")
        try:
            return Decimal(s) if s and s[0] in "+-0123456789" else None
        except InvalidOperation:
            return None
    return None


def normalize(value) -> Any:
    """A comparable form: None, a Decimal, a str, a sorted tuple of Decimals or a frozenset of str."""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [normalize(v) for v in value]
        items = [v for v in items if v is not None]
        if not items:
            return None
        if all(isinstance(v, Decimal) for v in items):
            return items[0] if len(items) == 1 else tuple(sorted(items))
        names = frozenset(str(v) for v in items)
        return next(iter(names)) if len(names) == 1 else names
    if value is None:
        return None
    d = _number(value)
    if d is not None:
        return d
    return str(value).strip()


def expected_value(db_path, sql: str) -> Any:
    """What `sql` returns, as a value: None, a scalar, or a list (one column only)."""
    res = sqltool.run_sql(db_path, sql, max_rows=10_000, timeout_s=5.0)
    if len(res["columns"]) != 1:
        raise ValueError(f"expected_sql must return one column, got {res['columns']}: {sql}")
    values = [r[0] for r in res["rows"] if r[0] is not None]
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def same(expected, got, tolerance: Decimal = Decimal(0)) -> bool:
    e, g = normalize(expected), normalize(got)
    if isinstance(e, Decimal) and isinstance(g, Decimal):
        return abs(e - g) <= tolerance
    if isinstance(e, tuple) and isinstance(g, tuple) and len(e) == len(g):
        return all(abs(a - b) <= tolerance for a, b in zip(e, g))
    return e == g


def _plain(v):
    """JSON-friendly: Decimals as strings, sets as sorted lists."""
    v = normalize(v)
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, tuple):
        return [format(x, "f") for x in v]
    if isinstance(v, frozenset):
        return sorted(v)
    return v


def _cited(a: ask.Answer) -> bool:
    return bool(a.citations) and all(c.get("page") is not None for c in a.citations)


def score_qa(db_path, qa_items) -> dict:
    """Ask every question of `qa_items` against `db_path` and compare with its expected_sql.

    Returns {total, correct, accuracy, cited, answered, items: [{question, kind, expected, got, ok,
    cited, answer, sql}]}. `cited` counts the answered items (got a value) whose answer carries
    citations, each with a page; `answered` counts the items that got a value."""
    out = []
    correct = cited = answered = 0
    for it in qa_items:
        expected = expected_value(db_path, it["expected_sql"])
        tol = Decimal(str(it.get("tolerance", "0")))
        try:
            a = ask.answer(db_path, it["question"])
            got, err = a.value, None
        except Exception as e:  # an engine crash is a wrong answer, not a crashed eval
            a, got, err = None, None, f"{type(e).__name__}: {e}"
        ok = err is None and same(expected, got, tol)
        has_value = normalize(got) is not None
        is_cited = bool(a) and has_value and _cited(a)
        correct += ok
        answered += has_value
        cited += is_cited
        out.append({"question": it["question"], "kind": it.get("kind"), "expected": _plain(expected),
                    "got": _plain(got), "ok": ok, "cited": is_cited or not has_value,
                    "answer": a.answer if a else err, "sql": a.sql if a else ""})
    total = len(out)
    return {"total": total, "correct": correct, "accuracy": correct / total if total else 0.0, "cited": cited,
            "answered": answered, "items": out}


def is_strict(path) -> bool:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return isinstance(data, dict) and str(data.get("format", "")).startswith("strict-qa")


def build_strict_databases(qa_path, out_dir) -> dict:
    """One SQLite file per database a strict set names, holding its gold documents."""
    import hashlib

    from extractor.evaluation.fixtures import gold_from_json
    from extractor.store import open_db, save_document

    data = json.loads(Path(qa_path).read_text(encoding="utf-8"))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, golds in data["databases"].items():
        path = out_dir / f"{name}.db"
        for stale in out_dir.glob(f"{name}.db*"):
            stale.unlink()
        db = open_db(path)
        for rel in golds:
            gold = (Path(qa_path).parent / rel).resolve()
            save_document(db, gold_from_json(gold), path=str(gold), sha256=hashlib.sha256(gold.read_bytes()).hexdigest(),
                          page_count=0, extractor="gold")
        db.conn.close()
        paths[name] = path
    return paths


def score_strict(qa_path, work_dir) -> dict:
    """Ask every question of a strict set and score the answer text; the report has the shape of
    `score_qa`'s (items with expected, got = the answer text, ok, cited) plus `by_kind`."""
    from extractor.evaluation.strict_qa import score_set

    data = json.loads(Path(qa_path).read_text(encoding="utf-8"))
    dbs = build_strict_databases(qa_path, work_dir)
    answers, out = {}, []
    for it in data["items"]:
        try:
            a = ask.answer(dbs[it["db"]], it["question"])
        except Exception as e:  # an engine crash is a wrong answer, not a crashed eval
            a = None
            answers[it["id"]] = f"<error {type(e).__name__}: {e}>"
        else:
            answers[it["id"]] = a.answer
        out.append(a)
    result = score_set(data["items"], answers)
    items, cited, answered = [], 0, 0
    for it, r, a in zip(data["items"], result["results"], out):
        has_value = bool(a) and a.value is not None
        is_cited = has_value and _cited(a)
        answered += has_value
        cited += is_cited
        items.append({"question": it["question"], "kind": it["kind"], "expected": it["expect"], "got": r["answer"],
                      "ok": r["ok"], "why": r["why"], "cited": is_cited or not has_value,
                      "answer": r["answer"], "sql": a.sql if a else ""})
    return {"total": result["total"], "correct": result["correct"], "accuracy": result["score"], "cited": cited,
            "answered": answered, "by_kind": result["by_kind"], "items": items}


if __name__ == "__main__":  # python -m extractor.qa DB [QA.json]
    import sys

    db = sys.argv[1]
    qa = sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).resolve().parents[2] / "eval" / "qa" / "seed-qa.json")
    report = score_qa(db, load_qa(qa))
    for item in report["items"]:
        if not item["ok"]:
            print(f"✗ [{item['kind']}] {item['question']}\n    expected {item['expected']!r}\n    got      {item['got']!r}")
    print(f"QA: {report['correct']}/{report['total']} correct ({report['accuracy']:.1%}), "
          f"{report['cited']}/{report['answered']} answered items cited")
