"""Other ways of saying a cue (同义说法): a small vocabulary per cue, each variant rewritten to the one
word the planners read, before any planner runs.

The planners read one word per idea (最少, 合计, 什么 …); people say the same idea many ways (排最后,
合起来, 加总, 啥). Rather than teach every planner every variant, the question is put in the planners'
words first. A variant lying inside a name the database holds (a project, indicator, unit) is left
alone, so a name is never rewritten.
"""

from __future__ import annotations

import re
from typing import Iterable

#: canonical word → the variants said for it. Variants are multi-character phrases not found in names.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "最少": ("排在最后面", "排在最后", "排最后面", "排最后", "排名最后", "排名最末", "排在末位", "排末位", "最末尾", "最末",
             "最靠后", "最后一名", "最不多", "数额最小", "数额最低"),
    "最多": ("排在最前面", "排在最前", "排最前面", "排最前", "排名最前", "排在首位", "排首位", "名列第一", "名列首位",
             "最靠前", "数额最大", "数额最高", "首屈一指"),
    "合计": ("合起来", "合在一起", "加总起来", "加总", "相加", "累加起来", "累加", "之和", "合算起来", "统共", "一总"),
    "平均": ("平均下来", "平均起来", "均摊下来", "均摊"),
    "什么": ("啥子", "啥"),
    "多少": ("几多",),
    "相差": ("差出", "差开"),
    "哪些": ("哪一些",),
    "有什么": ("有哪样",),
    "提到": ("说了", "讲了", "写了", "写有", "写着", "提出了", "出现了"),
}

_VARIANTS = sorted(((v, canon) for canon, vs in VOCABULARY.items() for v in vs), key=lambda p: len(p[0]), reverse=True)
_PATTERN = re.compile("|".join(re.escape(v) for v, _ in _VARIANTS))
_CANON = dict(_VARIANTS)


def holds_variant(name: str) -> bool:
    return _PATTERN.search(name) is not None


def protected_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where a name holding a variant sits in the question: those characters are not rewritten."""
    spans = []
    for n in names:
        if n and _PATTERN.search(n):
            i = text.find(n)
            while i >= 0:
                spans.append((i, i + len(n)))
                i = text.find(n, i + 1)
    return spans


def canonical(text: str, names: Iterable[str] = ()) -> str:
    """The question in the planners' words: 排最后 → 最少, 合起来 → 合计, 啥 → 什么."""
    if not _PATTERN.search(text):
        return text
    spans = protected_spans(text, names)

    def swap(m: re.Match) -> str:
        if any(s < m.end() and m.start() < e for s, e in spans):
            return m.group(0)
        return _CANON[m.group(0)]

    return _PATTERN.sub(swap, text)
