"""The header of the wide target table (表头): where it is on a page, and its column labels.

A header is found by its signature, not by one word: 绩效目标 and 绩效指标 on one line (the two text
columns every such table ends with), with a name column (项目名称 / 单位名称) and a 总计 in the band
around it. Other tables of a budget book (收支总表, 政府采购预算表 …) say 项目名称 and 总计 too, but
never 绩效指标.

Labels are read the way a person reads them: words that sit over one another in x are one label
(财政专户 / 拨款 wrapped onto two lines is 财政专户拨款); a word that spans two or more labels
below it is a group label (资金来源 over the sources) and names no column of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from extractor.normalize import for_matching
from extractor.source.page import Char, PageText
from extractor.vocabulary import FUNDING_SOURCES, HEADER_GROUP_WORDS, HEADER_LABEL_WORDS, funding_source

# Every character a header line may hold: a line made only of these, touching the header, is part of it.
_HEADER_CHARS = set("".join(HEADER_LABEL_WORDS) + "".join(HEADER_GROUP_WORDS)
                    + "".join(v for vs in FUNDING_SOURCES.values() for v in vs) + "（）()/、·　 ")
_DIGIT = re.compile(r"\d")


@dataclass
class Word:
    """Characters on one line with no gap between them wider than a small space."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: tuple = ()

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Label:
    """One column's header text (wrapped lines joined), and the box around it."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Header:
    top: float
    bottom: float
    labels: list[Label]  # leaf labels, left to right
    groups: list[Label]  # group labels (资金来源) over leaf labels
    #: Labels an OCR'd header misread, taken for a role by their place and the body under them:
    #: (label as read, the role's label it now carries). Empty when the header reads whole.
    inferred: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- words and lines


def page_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines across the whole page (same baseline band), each sorted by x."""
    out: list[list[Char]] = []
    for c in sorted((c for c in chars if c.text.strip()), key=lambda c: c.top):
        if out and abs(c.top - out[-1][0].top) < 0.5 * max(c.size, 1.0):
            out[-1].append(c)
        else:
            out.append([c])
    for line in out:
        line.sort(key=lambda c: c.x0)
    return out


def words_of(line: list[Char]) -> list[Word]:
    """Split one line at gaps wider than a quarter of the type size (CJK glyphs abut; cells keep a padding)."""
    line = [c for c in sorted(line, key=lambda c: c.x0) if c.text.strip()]
    if not line:
        return []
    groups: list[list[Char]] = [[line[0]]]
    for a, b in zip(line, line[1:]):
        if b.x0 - a.x1 > max(1.2, 0.25 * max(a.size, b.size)):
            groups.append([b])
        else:
            groups[-1].append(b)
    return [Word("".join(c.text for c in g), g[0].x0, max(c.x1 for c in g), min(c.top for c in g),
                 max(c.bottom for c in g), max(c.size for c in g), tuple(g)) for g in groups]


_CACHE: dict[int, tuple[PageText, list[tuple[list[Char], list[Word]]]]] = {}


def page_words(page: PageText) -> list[tuple[list[Char], list[Word]]]:
    """The page's lines, each with its words; computed once per page (every stage reads them)."""
    hit = _CACHE.get(id(page))
    if hit is not None and hit[0] is page:
        return hit[1]
    if len(_CACHE) > 256:
        _CACHE.clear()
    out = [(line, words_of(line)) for line in page_lines(page.chars)]
    _CACHE[id(page)] = (page, out)
    return out


def _text(line: list[Char]) -> str:
    return for_matching("".join(c.text for c in line))


# ---------------------------------------------------------------- the band


def _core(text: str) -> bool:
    """A line that may be the heart of our header: it names the indicator or the goal column.
    (效指标 / 效目标: a scan may misread 绩.)"""
    return "效指标" in text or "效目标" in text


def _signature(labels: list["Label"]) -> bool:
    """Our header's whole signature: a name column, 总计, 绩效目标 and 绩效指标 (labels as joined)."""
    texts = [for_matching(l.text) for l in labels]
    has = lambda *words: any(w in t for t in texts for w in words)  # noqa: E731
    return has("效指标") and has("效目标", "年度目标") and has("名称", "项目", "单位") \
        and has("总计", "合计", "金额", "总额")


def _headerish(line: list[Char], ocr: bool = False) -> bool:
    """A line made of header words only. On an OCR'd page a header line may hold a misread word or
    two (最公共预 for 一般公共预, a stray digit): there it is enough that most of its characters are
    in header-like words (see `_ocr_header_words`) and no word of it is an amount."""
    text = _text(line)
    if not ocr:
        return bool(text) and not _DIGIT.search(text) and all(ch in _HEADER_CHARS for ch in text)
    if not text or any(_AMOUNT_WORD.match(for_matching(w.text)) for w in words_of(line)):
        return False
    kept = _ocr_header_words(line)
    return bool(kept) and sum(len(for_matching(w.text)) for w in kept) >= 0.5 * len(text)


def _ocr_header_words(line: list[Char]) -> list[Word]:
    """The words of an OCR'd line that may be (misread) header labels: at least half their characters
    header characters, and no wider than their characters (a rule's fragment read as 一 spans
    a hundred points)."""
    out = []
    for w in words_of(line):
        t = for_matching(w.text)
        if t and sum(ch in _HEADER_CHARS for ch in t) >= 0.5 * len(t) and w.x1 - w.x0 <= 2.0 * w.size * len(t):
            out.append(w)
    return out


_AMOUNT_WORD = re.compile(r"^-?\d[\d,.，．:：]*\d$")


def find_header(page: PageText, below: float = -1.0) -> Optional[Header]:
    """The first header on the page whose top is under `below`, or None."""
    lines = [ln for ln, _ in page_words(page)]
    for i, line in enumerate(lines):
        if line[0].top <= below or not _core(_text(line)):
            continue
        first, last = i, i
        lh = max(c.bottom - c.top for c in line)
        # Wrapped labels and a group row reach above and below the core line: take touching header lines.
        ocr = getattr(page, "ocr", False)
        while first > 0 and _headerish(lines[first - 1], ocr) \
                and lines[first][0].top - max(c.bottom for c in lines[first - 1]) < 1.6 * lh:
            first -= 1
        while last + 1 < len(lines) and _headerish(lines[last + 1], ocr) \
                and lines[last + 1][0].top - max(c.bottom for c in lines[last]) < 1.6 * lh:
            last += 1
        band = lines[first:last + 1]
        top = min(c.top for ln in band for c in ln)
        bottom = max(c.bottom for ln in band for c in ln)
        words = [w for ln in band for w in (words_of(ln) if not ocr or ln is line else _ocr_header_words(ln))]
        labels, groups = _labels(words)
        if _signature(labels):
            return Header(top, bottom, labels, groups)
        if getattr(page, "ocr", False):
            header = _misread_header(page, top, bottom, labels, groups)
            if header is not None:
                return header
    return None


# ---------------------------------------------------------------- a header OCR misread

#: The label each role is given when an OCR'd header misread it.
_ROLE_LABEL = {"name": "项目名称", "total": "总计", "goal": "绩效目标", "indicators": "绩效指标"}
#: At most this many labels of the signature may be misread (the rest must read whole).
MAX_MISREAD = 2


def _role_of(text: str) -> Optional[str]:
    """The signature role a label as read plainly names (name, total, goal, indicators), 'source' for a
    funding source of the vocabulary, else None: a label OCR misread past recognising."""
    m = for_matching(text)
    if "效指标" in m or m.endswith("指标"):
        return "indicators"
    if "效目标" in m or "年度目标" in m:
        return "goal"
    if "名称" in m or "资金使用单位" in m or m in ("单位", "项目"):
        return "name"
    if m in ("总计", "合计", "金额", "总额", "资金总额", "预算金额") or m.startswith(("总计", "合计")):
        return "total"
    return "source" if funding_source(m) is not None else None


def _span(labels: list[Label], i: int, width: float) -> tuple[float, float]:
    """Where label i's column may lie: between its neighbours' labels (amounts right-aligned under a
    short label reach past it)."""
    return (labels[i - 1].x1 if i > 0 else 0.0, labels[i + 1].x0 if i + 1 < len(labels) else width)


def _body_under(page: PageText, span: tuple[float, float], below: float) -> list[str]:
    """The texts of the words in the band below the header whose middle lies in `span`."""
    depth = 0.35 * page.height
    return [w.text for _, words in page_words(page) for w in words
            if below + 0.5 < w.top < below + depth and span[0] < w.mid < span[1]]


def _amount_share(texts: list[str]) -> float:
    amounts = [t for t in texts if re.fullmatch(r"[-\d,.，．:：\s]*\d[\d,.，．:：\s]*", t)]
    return len(amounts) / len(texts) if texts else 0.0


def _amount_value(text: str) -> Optional[Decimal]:
    """An amount as OCR may print it (18.276.74, 18,212.89): the last separator before 1–2 digits is
    the decimal point, the others group thousands; None when the text is not that."""
    m = re.fullmatch(r"(\d{1,3}(?:[.,，．]\d{3})*|\d+)(?:[.,，．:：](\d{1,2}))?", for_matching(text))
    if not m:
        return None
    return Decimal(re.sub(r"\D", "", m.group(1)) + "." + (m.group(2) or "0"))


def _sums_right(page: PageText, span: tuple[float, float], labels: list[Label], roles: list, below: float) -> bool:
    """Does some body line print, under `label`, the sum of the amounts right of it (up to the text
    columns)? That is what 总计 is; a funding source's column never is."""
    end = next((l.x0 for l, r in zip(labels, roles) if r in ("goal", "indicators")), page.width)
    for line, words in page_words(page):
        if line[0].top <= below + 0.5:
            continue
        mine = [_amount_value(w.text) for w in words if span[0] < w.mid < span[1]]
        rest = [_amount_value(w.text) for w in words if w.mid > span[1] and w.x1 < end]
        if len(mine) == 1 and mine[0] and rest and None not in rest and sum(rest) == mine[0]:
            return True
    return False


def _misread_header(page: PageText, top: float, bottom: float, labels: list[Label],
                    groups: list[Label]) -> Optional[Header]:
    """A header OCR misread in one or two of its signature labels (总计 read as 'sit', 绩效指标 as
    横宣指标): each missing role is found at its place — the name column first, 总计 right after it,
    绩效指标 last and 绩效目标 just before it — on a label that reads as nothing known, and only
    when the body under it has that column's shape (amounts under 总计, text under the others).
    None when more is missing, or a place holds a known label, or the body says otherwise."""
    roles = [_role_of(l.text) for l in labels]
    missing = [r for r in ("name", "total", "goal", "indicators") if r not in roles]
    # A label that names its role only loosely (横宣指标: …指标, not …效指标) is misread too.
    picked: dict[int, str] = {i: r for i, (l, r) in enumerate(zip(labels, roles))
                              if r in _ROLE_LABEL and classify([l.text])[0] != r}
    if len(missing) + len(picked) > MAX_MISREAD or not ({"goal", "indicators"} & set(roles)):
        return None
    for role in missing:
        if role == "name":
            i = 0
        elif role == "total":
            i = roles.index("name") + 1 if "name" in roles else 1
        elif role == "indicators":
            i = len(labels) - 1
        else:  # goal: just before the indicators
            i = (roles.index("indicators") if "indicators" in roles else len(labels) - 1) - 1
        if not 0 <= i < len(labels) or roles[i] is not None:
            return None
        span = _span(labels, i, page.width)
        texts = _body_under(page, span, bottom)
        if len(texts) < 2:
            return None
        share = _amount_share(texts)
        if (role == "total") != (share >= 0.6) or (role != "total" and share > 0.3):
            return None
        if role == "total" and not _sums_right(page, span, labels, roles, bottom):
            return None
        picked[i] = role
    if not picked:
        return None
    fixed = [Label(_ROLE_LABEL[picked[i]], l.x0, l.x1, l.top, l.bottom) if i in picked else l
             for i, l in enumerate(labels)]
    order = [r for r in (_role_of(l.text) for l in fixed) if r in _ROLE_LABEL]
    if order[:1] != ["name"] or order[-1:] != ["indicators"]:
        return None
    return Header(top, bottom, fixed, groups, inferred=[(labels[i].text, _ROLE_LABEL[r]) for i, r in picked.items()])


# ---------------------------------------------------------------- labels


def _overlap(a, b) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _is_group(w: Word, words: list[Word]) -> bool:
    """A word over two or more labels below it (their words form two or more runs in x); or a known group word."""
    under = sorted((v for v in words if v is not w and v.top >= w.bottom - 0.5 and _overlap(w, v) > 0),
                   key=lambda v: v.x0)
    runs, right = 0, float("-inf")
    for v in under:
        if v.x0 > right:
            runs += 1
        right = max(right, v.x1)
    return runs >= 2 or (for_matching(w.text) in HEADER_GROUP_WORDS and runs >= 1)


def _labels(words: list[Word]) -> tuple[list[Label], list[Label]]:
    groups = [w for w in words if _is_group(w, words)]
    leaves = [w for w in words if not any(w is g for g in groups)]
    # Words that overlap in x are lines of one wrapped label.
    clusters: list[list[Word]] = []
    for w in sorted(leaves, key=lambda w: w.x0):
        for cl in clusters:
            if any(_overlap(w, v) > 0 for v in cl):
                cl.append(w)
                break
        else:
            clusters.append([w])
    labels = [_label(cl) for cl in clusters]
    return sorted(labels, key=lambda l: l.x0), [_label([g]) for g in groups]


def _label(words: list[Word]) -> Label:
    words = sorted(words, key=lambda w: (round(w.top), w.x0))
    text = "".join(w.text for w in words)
    return Label(text, min(w.x0 for w in words), max(w.x1 for w in words),
                 min(w.top for w in words), max(w.bottom for w in words))


# ---------------------------------------------------------------- kinds


def classify(labels: list[str]) -> list[str]:
    """Each label's role: name | total | source | goal | indicators | other."""
    kinds = []
    for lab in labels:
        m = for_matching(lab)
        # 目标 / 指标 carry the column's role (a scan may misread 绩 as 续); no funding source ends so.
        if "绩效指标" in m or m in ("指标", "绩效指标") or m.endswith("效指标"):
            kinds.append("indicators")
        elif "绩效目标" in m or "年度目标" in m or m.endswith("效目标"):
            kinds.append("goal")
        elif "项目名称" in m or "资金使用单位" in m or "单位名称" in m or m in ("单位", "项目"):
            kinds.append("name")
        elif m in ("总计", "合计", "金额", "资金总额", "预算金额", "总额") or m.startswith(("总计", "合计")):
            kinds.append("total")
        else:
            kinds.append("source")
    # Source columns are only those between 总计 and 绩效目标; anything else is "other".
    if "total" in kinds:
        t = kinds.index("total")
        end = kinds.index("goal") if "goal" in kinds else len(kinds)
        kinds = [k if k != "source" or t < i < end else "other" for i, k in enumerate(kinds)]
    return kinds


def clean_label(text: str) -> str:
    """A printed label as a column name: white space and a leading group word (资金来源) dropped; the
    characters otherwise as printed (（） stay full-width: the model is shown the label the page prints)."""
    m = "".join(text.split())
    for g in HEADER_GROUP_WORDS:
        if m.startswith(g) and len(m) > len(g):
            m = m[len(g):]
    return m
