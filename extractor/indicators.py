"""The indicator cell language (绩效指标), parsed without ever raising.

    N、L1code-L1name；L2code-L2name；indicator name；实施周期指标值:VALUE；年度指标值:VALUE。

Full-width and half-width punctuation are both accepted. Everything that does
not fit comes back as a `Problem` (a finding in the making), never an exception.
Raw text is kept exactly as read; only the parse works on a normalised copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

from extractor.models import Indicator, Target
from extractor.normalize import nfkc_safe

from extractor.vocabulary import LEVEL1, LEVEL2, LEVEL2_ALIASES, PREFIX_COMPARATORS, SUFFIX_COMPARATORS  # noqa: F401


@dataclass(frozen=True)
class Problem:
    """Something the parser could not take as it stands. `code` becomes Finding.code."""

    code: str
    message: str


# ---------------------------------------------------------------- targets

_PREFIX_OPS = PREFIX_COMPARATORS
_SUFFIX_OPS = SUFFIX_COMPARATORS
_NUMBER = re.compile(r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")
# A deadline: 2024年12月底前, 2024年6月30日前, 2025年12月31日之前, 12月底前, 2024年底前, 2024年内.
_DEADLINE = re.compile(r"^(?:(?:19|20)\d\d年)?(?:\d{1,2}月)?(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:之?前|以前|内)$")
_UNIT = re.compile(r"^[%‰℃A-Za-z\u4e00-\u9fff/·㎡㎥²³]*$")


def _strip_prefix(s: str) -> tuple[Optional[str], str]:
    for word, op in _PREFIX_OPS:
        if s.startswith(word):
            return op, s[len(word):]
    return None, s


def _strip_suffix(s: str) -> tuple[Optional[str], str]:
    for word, op in _SUFFIX_OPS:
        if s.endswith(word):
            return op, s[: -len(word)]
    return None, s


def parse_target(raw: str) -> tuple[Target, Optional[Problem]]:
    """Parse one value: `≥90.00%`, `3次以下`, `±3%以内`, `元/人·月`, `持续开展` …

    Returns the Target (raw always kept) and a Problem when the text holds
    digits but no form we know: that is never silently called qualitative."""
    s = re.sub(r"\s+", "", nfkc_safe(raw or "")).rstrip("。.;")
    if not s:
        return Target(raw=raw or ""), Problem("IND_VALUE_EMPTY", "indicator value is empty")
    if not re.search(r"[0-9]", s):
        if re.search(r"[≥≤<>=±]", s):
            return Target(raw=raw), Problem("IND_VALUE_UNPARSED", f"comparator without a number: {raw!r}")
        return Target(raw=raw), None  # qualitative: 持续开展, 安全, 及时
    if _DEADLINE.match(s):
        return Target(raw=raw), None  # a deadline (2024年12月底前) is a date, not a number with a unit
    pre, rest = _strip_prefix(s)
    suf, rest = _strip_suffix(rest)
    m = _NUMBER.match(rest)
    if not m:
        return Target(raw=raw), Problem("IND_VALUE_UNPARSED", f"no number where one was expected: {raw!r}")
    number = m.group(0).replace(",", "")
    unit = rest[m.end():]
    if unit and (not _UNIT.match(unit) or ("%" in unit and unit != "%")):
        return Target(raw=raw), Problem("IND_VALUE_UNPARSED", f"cannot read {unit!r} after the number in {raw!r}")
    if pre and suf and not (pre == "±" and suf == "≤") and pre != suf:
        return Target(raw=raw), Problem("IND_VALUE_UNPARSED", f"two comparators that disagree in {raw!r}")
    op = pre or suf or "="
    return Target(raw=raw, op=op, value=number, unit=unit or None), None


def _as_decimal(value: Optional[str]) -> Optional[Decimal]:
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation:
        return None


def same_target(a: Optional[Target], b: Optional[Target]) -> bool:
    """Equal other than in format: `100%` equals `100.00%`, `＞99%` equals `>99%`."""
    if a is None or b is None:
        return a is b
    if a.value is None and b.value is None:
        return re.sub(r"\s+", "", nfkc_safe(a.raw)) == re.sub(r"\s+", "", nfkc_safe(b.raw))
    return (a.op, _as_decimal(a.value), a.unit) == (b.op, _as_decimal(b.value), b.unit)


# ---------------------------------------------------------------- cells

# An item starts with its number and 、 at the start of the cell or after the
# previous item's 。, and is followed by a level code ("1-产出指标").
_ITEM_START = re.compile(r"(?:^|(?<=[。.]))\s*(\d{1,3})\s*[、,，.．]\s*(?=\d{1,2}\s*[-－—‐])")
_LEVEL = re.compile(r"^(\d{1,2})\s*[-－—‐]\s*(.+)$")
_PERIOD = re.compile(r"^(?:实施周期|中长期|长期|中期)(?:指标值|目标值)?\s*[:：]\s*(.*)$", re.S)
_ANNUAL = re.compile(r"^(?:年度)(?:指标值|目标值)?\s*[:：]\s*(.*)$", re.S)


def split_items(text: str) -> list[tuple[int, str]]:
    """Split a cell into (number, item text) pairs; text before the first item is dropped
    by the caller's check (it is reported there)."""
    starts = list(_ITEM_START.finditer(text))
    items = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        items.append((int(m.group(1)), text[m.end():end]))
    return items


def parse_item(seq: int, body: str) -> tuple[Indicator, list[Problem]]:
    problems: list[Problem] = []
    body = body.strip()
    if body.endswith(("。", ".")):
        body = body[:-1]
    fields = [f.strip() for f in re.split(r"[；;]", body)]
    ind = dict(seq=seq, name="", raw=f"{seq}、{body}。")
    names: list[str] = []
    for f in fields:
        if not f:
            continue
        lv = _LEVEL.match(f)
        pm = _PERIOD.match(f)
        am = _ANNUAL.match(f)
        if pm:
            ind["period_target"], p = parse_target(pm.group(1))
            problems += [p] if p else []
        elif am:
            ind["annual_target"], p = parse_target(am.group(1))
            problems += [p] if p else []
        elif lv and len(lv.group(1)) == 1 and "level1_code" not in ind and not names:
            ind["level1_code"], ind["level1"] = lv.group(1), lv.group(2).strip()
        elif lv and len(lv.group(1)) == 2 and "level2_code" not in ind and not names:
            ind["level2_code"], ind["level2"] = lv.group(1), lv.group(2).strip()
        else:
            names.append(f)
    if len(names) > 1:
        problems.append(Problem("IND_SYNTAX", f"indicator {seq}: more than one name field {names!r}; joined with ；"))
    ind["name"] = "；".join(names)
    if not ind["name"]:
        problems.append(Problem("IND_SYNTAX", f"indicator {seq}: no indicator name"))
    if "level1_code" not in ind:
        problems.append(Problem("IND_SYNTAX", f"indicator {seq}: no level-1 code (like 1-产出指标)"))
    if "level2_code" not in ind:
        problems.append(Problem("IND_SYNTAX", f"indicator {seq}: no level-2 code (like 11-数量指标)"))
    if "period_target" not in ind and "annual_target" not in ind:
        problems.append(Problem("IND_SYNTAX", f"indicator {seq}: no 指标值"))
    return Indicator(**ind), problems


def parse_cell(text: str) -> tuple[list[Indicator], list[Problem]]:
    """Parse a whole 绩效指标 cell. Never raises."""
    text = (text or "").strip()
    if not text:
        return [], []
    items = split_items(text)
    if not items:
        return [], [Problem("IND_SYNTAX", f"indicator cell does not follow 'N、code-level；…': {text[:40]!r}")]
    problems: list[Problem] = []
    lead = _ITEM_START.search(text)
    if lead and text[: lead.start()].strip():
        problems.append(Problem("IND_SYNTAX", f"text before the first indicator: {text[:lead.start()][:40]!r}"))
    indicators = []
    for seq, body in items:
        ind, probs = parse_item(seq, body)
        indicators.append(ind)
        problems += probs
    return indicators, problems


def render_cell(indicators: list[Indicator]) -> str:
    """The inverse of parse_cell, in the seed's form (used by fixtures and tests)."""
    out = []
    for i in indicators:
        parts = [f"{i.level1_code}-{i.level1}", f"{i.level2_code}-{i.level2}", i.name]
        if i.period_target is not None:
            parts.append(f"实施周期指标值:{i.period_target.raw}")
        if i.annual_target is not None:
            parts.append(f"年度指标值:{i.annual_target.raw}")
        out.append(f"{i.seq}、" + "；".join(parts) + "。")
    return "".join(out)
