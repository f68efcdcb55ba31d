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
    "合计": ("合起来", "合在一起", "加总起来", "加总", "相加", "累加起来", "累加", "之和", "合算起来", "统共", "一总", "加一起", "合一起", "加到一起",
             "合到一起"),
    "平均": ("平均下来", "平均起来", "均摊下来", "均摊"),
    "中位数": ("中间两个的平均值", "中间两个的平均数", "中间两个数的平均值", "中间两个的均值", "正中间的那个", "最中间的值",
               "取中间值", "中间值", "中间的值", "中间那个数", "居中的值", "居中的那个", "排在中间的", "排在中间",
               "排中间的", "排中间"),
    "什么": ("啥子", "啥"),
    "多少": ("几多",),
    "两个": ("俩",),
    "分别": ("拆开各", "拆开来各", "拆开", "拆分开", "拆分"),
    "相差": ("差出", "差开", "减去", "减掉"),
    "哪些": ("哪一些",),
    "有什么": ("有哪样",),
    "百分之几": ("百分之多少", "百分之若干"),
    "总额": ("总规模", "总量"),
    "第二大": ("仅次于最大的", "仅次于最大", "仅次于第一的", "仅次于第一"),
    ",它的": ("以及它的", "以及其", "及其", "和它的"),
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
        if n and n in text and _PATTERN.search(n):
            i = text.find(n)
            while i >= 0:
                spans.append((i, i + len(n)))
                i = text.find(n, i + 1)
    return spans


def canonical(text: str, names: Iterable[str] = ()) -> str:
    """The question in the planners' words: 排最后 → 最少, 合起来 → 合计, 啥 → 什么."""
    if not _PATTERN.search(text):
        return _SOURCES_SCOPE.sub("", _BOUND_ASKED.sub("", text))
    spans = protected_spans(text, names)

    def swap(m: re.Match) -> str:
        if any(s < m.end() and m.start() < e for s, e in spans):
            return m.group(0)
        return _CANON[m.group(0)]

    # 资金来源中“财政拨款”一项: the source named is what is asked, not the list of sources
    return _SOURCES_SCOPE.sub("", _BOUND_ASKED.sub("", _PATTERN.sub(swap, text)))


#: A bound said before the figure asked (最高不超过多少, 封顶多少, 至少要多少): the target asked is that bound,
#: the words add nothing the target does not print.
_SOURCES_SCOPE = re.compile(r"资金来源(中|里|里面|当中|之中|构成中)[,]?(?=.{0,4}(财政|上级|事业|其他|政府|专户|自有|结转|一般|单位))")
_BOUND_ASKED = re.compile(r"(最高|最多|最低|最少)?(不超过|不超|不高于|不低于|不少于|不多于|封顶|保底|至少要?|至多)(?=多少|几)")


#: Long and short forms of words inside names (简称): 医疗保险 / 医保. A question may say either; the
#: database's names say one. The form the names use is put in the question.
NAME_FORMS: tuple[tuple[str, str], ...] = (
    ("医疗保险", "医保"), ("社会保险", "社保"), ("公共卫生", "公卫"),
    ("义务教育", "义教"), ("职业教育", "职教"),
    ("高等学校", "高校"),
)


def name_forms(text: str, names: list[str]) -> str:
    """医疗保险基金 → 医保基金 when the names say 医保基金 and never 医疗保险基金 (and the other way round):
    the form is judged with the two characters after it, as the names write them."""
    whole = "\n".join(names)
    for long, short in NAME_FORMS:
        for said, other in ((long, short), (short, long)):
            i = text.find(said)
            while i >= 0:
                after = text[i + len(said):i + len(said) + 2]
                if len(after) == 2 and said + after not in whole and other + after in whole:
                    text = text[:i] + other + text[i + len(said):]
                    i = text.find(said, i + len(other))
                else:
                    i = text.find(said, i + 1)
    return text
