"""Strict scoring of question answering (问答) on the answer text alone.

An item's `expect` is one of, or figures and names together:

- ``{"figures": ["189.78", "13.5%", "47"]}``: every figure must appear in the answer as a
  number token of its own (not part of a longer number). ``1,234.50``, ``1234.5`` and
  ``1234.50`` are one number. A token written with more decimals than the figure counts when it
  rounds (half up) to the figure: ``13.47%`` answers ``13.5%``, ``13%`` does not. A figure
  ending in ``%`` must be followed by a per-cent sign in the answer.
- ``{"names": [...], "max_extra": k, "candidates": [...]}``: every name must appear; with
  ``max_extra``, at most k of ``candidates`` other than the names may appear too. Where
  candidates are given, an occurrence inside a longer candidate does not count (so
  ``就业补助资金`` is not found inside ``就业补助资金·`` or ``2024年就业补助资金…``).
- ``{"refuse": true, "say_one_of": [...]}``: the table cannot answer; the answer must contain
  one of the words, a refusal cue (没有, 无法, 未提供 …), and no number token except the ones
  the question itself contains and those the item lists in ``may_say`` (the year the table
  holds, when the question asks for another year).

The scorer sees only the answer text: a figure that appears only in citations does not count.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: Words by which an answer says the table cannot answer.
REFUSAL_CUES = ("没有", "无法", "不包含", "不含", "未包含", "未提供", "未列", "未收录", "不在", "查不到",
                "找不到", "未找到", "不能", "无", "不涉及", "未记载", "未载明")

# A number token: digits with optional ASCII thousands separators and decimals, never glued to
# another digit or decimal point on either side (so "7" is not found in "17" or "7391.11").
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d])")
_PERCENT_AFTER = re.compile(r"\s*[%％]")


def _norm(text: str) -> str:
    """NFKC: full-width digits, ％ and brackets become their ASCII forms."""
    return unicodedata.normalize("NFKC", text or "")


def number_tokens(text: str) -> list[tuple[Decimal, int, bool]]:
    """Every number in `text` as (value, decimals written, followed by a per-cent sign)."""
    # A full-width comma is punctuation in Chinese ("16.92，74.21"), never a thousands separator.
    text = _norm((text or "").replace("，", "；"))
    out = []
    for m in _NUMBER.finditer(text):
        whole, frac = m.group(1).replace(",", ""), m.group(2) or ""
        if frac == "." or (frac and not frac[1:].isdigit()):
            continue
        value = Decimal(whole + frac)
        out.append((value, len(frac) - 1 if frac else 0, bool(_PERCENT_AFTER.match(text, m.end()))))
    return out


def _figure(fig: str) -> tuple[Decimal, int, bool]:
    fig = _norm(fig).strip().replace(",", "")
    percent = fig.endswith("%")
    digits = fig.rstrip("%").strip()
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:
        raise ValueError(f"not a figure: {fig!r}") from exc
    return value, max(0, -value.as_tuple().exponent), percent


def figure_matches(fig: str, token: tuple[Decimal, int, bool]) -> bool:
    """Does this answer token state the figure (equal, or more precise and rounding to it)?"""
    want, places, percent = _figure(fig)
    value, written, has_percent = token
    if percent and not has_percent:
        return False
    if value == want:
        return True
    if written > places:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == want
    return False


def _free_occurrences(text: str, name: str, candidates: list[str]) -> int:
    """Occurrences of `name` in `text` not lying inside an occurrence of a longer candidate."""
    covered = set()
    for other in candidates:
        if len(other) > len(name) and name in other:
            for m in re.finditer(re.escape(other), text):
                covered.update(range(m.start(), m.end()))
    return sum(1 for m in re.finditer(re.escape(name), text) if m.start() not in covered)


def _check_figures(figures: list[str], text: str) -> list[str]:
    tokens = number_tokens(text)
    return [f for f in figures if not any(figure_matches(f, t) for t in tokens)]


def _check_names(expect: dict, text: str) -> str:
    text = _norm(text)
    names = [_norm(n) for n in expect.get("names", [])]
    candidates = [_norm(c) for c in expect.get("candidates", [])]
    pool = candidates + [n for n in names if n not in candidates]
    missing = [n for n in names if _free_occurrences(text, n, pool) == 0]
    if missing:
        return "missing names: " + ", ".join(missing)
    if "max_extra" in expect:
        extras = [c for c in candidates if c not in names and _free_occurrences(text, c, pool) > 0]
        if len(extras) > expect["max_extra"]:
            return f"{len(extras)} extra names (max {expect['max_extra']}): " + ", ".join(extras)
    return ""


def _check_refusal(expect: dict, text: str, question: str) -> str:
    norm = _norm(text)
    words = expect.get("say_one_of", [])
    if words and not any(_norm(w) in norm for w in words):
        return "refusal does not say what is missing (" + "/".join(words) + ")"
    if not any(c in norm for c in REFUSAL_CUES):
        return "no refusal cue"
    allowed = {v for v, _, _ in number_tokens(question)}
    allowed |= {_figure(str(n))[0] for n in expect.get("may_say", [])}
    stray = [format(v, "f") for v, _, _ in number_tokens(text) if v not in allowed]
    if stray:
        return "refusal states numbers: " + ", ".join(stray[:5])
    return ""


def score_item(item: dict, answer_text: str) -> dict:
    """{ok, why} for one item's answer text (the answer alone, without its citations)."""
    expect = item["expect"]
    text = answer_text or ""
    if expect.get("refuse"):
        why = _check_refusal(expect, text, item.get("question", ""))
        return {"ok": not why, "why": why or "refused"}
    problems = []
    missing = _check_figures(expect.get("figures", []), text)
    if missing:
        problems.append("missing figures: " + ", ".join(missing))
    if "names" in expect:
        why = _check_names(expect, text)
        if why:
            problems.append(why)
    return {"ok": not problems, "why": "; ".join(problems) or "ok"}


def score_set(items: list[dict], answers: dict | list) -> dict:
    """Score answers (a list parallel to items, or {item id: text}); totals per kind and per db."""
    if isinstance(answers, dict):
        texts = [answers.get(it["id"], "") for it in items]
    else:
        texts = list(answers)
    results, by_kind, by_db = [], {}, {}
    for it, text in zip(items, texts):
        r = score_item(it, text)
        results.append({"id": it["id"], "kind": it["kind"], "db": it["db"], "question": it["question"],
                        "answer": text, **r})
        for table, key in ((by_kind, it["kind"]), (by_db, it["db"])):
            ok, n = table.get(key, (0, 0))
            table[key] = (ok + r["ok"], n + 1)
    correct = sum(r["ok"] for r in results)
    return {"correct": correct, "total": len(results), "score": correct / len(results) if results else 0.0,
            "by_kind": by_kind, "by_db": by_db, "results": results}
