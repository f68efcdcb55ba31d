"""Words searched for in goals (绩效目标), names or indicators: 提到乡村振兴, 包含“三支一扶”,
出现“困难”字样, 涉及临聘人员, 和培训有关.

Where to look follows the words before the cue: 绩效目标 / 目标 → the goal text; 名称 / 名字 →
project names; 指标 → indicator names; none → any of the three. Two-character words (就业, 培训)
are found: the search is LIKE with a parameter, not the trigram index.
"""

from __future__ import annotations

import re

from extractor.ask.planners.base import Context
from extractor.ask.reading import strip_function_words
from extractor.ask.text import norm

_CUE = r"(提到|提及|说到|讲到|写到|谈到|涉及|包含|包括|含有|含|出现|带有|带|有关|关于|围绕|针对|聚焦|涵盖|覆盖|牵涉|关系到|事关)(?:了|过)?"
_STOP = r"(?=但是|但|而|却|的|字样|这个词|一词|字眼|这(两|几|三|四)?个字|[两二三四几]个?字|内容|,|:|;|\?|$|项目|指标|有|相关|有关|方面)"


def _where(before: str) -> str:
    if re.search(r"绩效目标|目标", before) and not re.search(r"目标值|指标", before[-6:]):
        return "goal"
    if re.search(r"名称|名字|项目名|叫", before):
        return "name"
    if re.search(r"指标", before):
        return "indicator"
    return "any"


_NEG = r"(没有|没|未|不|并未|并没有)"


def _negated_words(q, f) -> None:
    out = []
    for place, word in f.words:
        i = q.text.find(word)
        before = q.text[:i] if i >= 0 else ""
        m = re.search(_NEG + r"(提到|提及|说到|写到|涉及|包含|包括|含有|含|出现|带有|带|写|写有|有)?(过|了)?$", before)
        if m and (m.group(2) or re.search(_CUE + "$", before[:m.start()] + "提到")) and not place.startswith("not_"):
            q.claim(m.start(), m.end())
            place = "not_" + place  # the rows whose text lacks the word
        out.append((place, word))
    f.words = out


def plan_pasted_goals(ctx: Context) -> None:
    """A sentence pasted from a goal (“保持我区就业形势总体稳定…”——这句话是哪个项目的目标): the projects whose goal
    says it. Read first, so that no piece of the sentence is taken for a name (…与8所乡村学校 is no body)."""
    q, f = ctx.q, ctx.plan.filters
    goals = [norm(p.goal or "") for p in ctx.cat.projects_of(ctx.names_docs)]
    for word in q.quoted:
        if len(word) >= 8 and any(word in g for g in goals):
            i = q.take(word)
            if i >= 0:
                # its longest piece between punctuation: the table's own commas are full-width, the matching form's not
                f.words.append(("goal", max(re.split(r"[,.;:!?、]", word), key=len)))
                while q.take_match(r"(这一?句话?|这段话?|这句|有一?句|这一?段)(是|说的是)?"):
                    pass


def plan_words(ctx: Context) -> None:
    q = ctx.q
    f = ctx.plan.filters
    goals = [norm(p.goal or "") for p in ctx.cat.projects_of(ctx.names_docs)]
    # quoted words first (from the raw question: norm() drops the quotes)
    for word in q.quoted:
        if len(word) >= 8 and any(word in g for g in goals):
            continue
        if (re.search(r"\d", word) and not re.fullmatch(r"(19|20)\d{2}年度?", word)) or len(word) > 20:
            continue  # a printed target (≥95%) or a whole name: other planners read those (a year is a word)
        if 0 <= q.text.find(word) and not q.free(q.text.find(word), q.text.find(word) + len(word)):
            continue  # 以“天”计量: the quoted word was read where it was said (a unit), not a word to search for
        i = q.take(word)
        if i >= 0:
            f.words.append((_where(q.text[:i]), word))
            while q.take(word) >= 0:  # 和养老相关的项目（名称或目标里有“养老”）: the same word said again
                pass
    for m in list(re.finditer(_CUE + r"([\u4e00-\u9fffa-z0-9]{1,16}?)" + _STOP, q.text)):
        word = m.group(2)
        s = m.start(2)
        if re.fullmatch(r"(局|局机关|机关)?本级|局机关", word):  # 包括局本级: the units counted include it, no word
            continue
        if not q.free(s, s + len(word)) or re.fullmatch(r"[多少几个哪些什么]+", word) \
                or not strip_function_words(word).strip():  # 有关的项目: 的 is no word searched for
            if q.free(m.start(1), m.end(1)) and not q.free(s, s + len(word)):
                q.claim(m.start(1), m.end(1))  # 提到“困难”: the cue of a quoted word
            continue
        q.claim(m.start(), m.end())
        f.words.append((_where(q.text[:m.start()]), norm(word)))
    # 名称里有培训 / 目标中带“困难”
    for m in list(re.finditer(r"(名称|名字|项目名|绩效目标|目标|指标名称|指标)(里|中|内|当中)?(有|带|带有|含|写了|写有)([\u4e00-\u9fffa-z0-9]{1,12}?)" + _STOP,
                              q.text)):
        word = m.group(4)
        if q.free(m.start(3), m.end()) and not re.search(r"^[多少几个哪些什么条项家笔种]+$|几|多少|哪", word):
            q.claim(m.start(), m.end())
            f.words.append((_where(m.group(1)), norm(word)))
    # 养老相关的项目 / 就业方面的项目
    for m in list(re.finditer(r"([\u4e00-\u9fffa-z0-9]{2,12}?)(相关|有关|方面|类)的?(项目|指标|单位)", q.text)):
        word = strip_function_words(m.group(1)).split()
        if word and q.free(m.start(1), m.end(2)) and len(word[-1]) >= 2:
            w = word[-1]
            k = m.end(1) - len(w)
            q.claim(k, m.end(2))
            # 培训相关的指标: in their names; 目标里养老相关的项目: in the goals
            f.words.append(("indicator" if m.group(3) == "指标" else _where(q.text[:k]), w))
    # 就业那边的钱 / 养老这块的项目: the projects about that word
    for m in list(re.finditer(r"([\u4e00-\u9fff]{2,6}?)(那边|这边|那块|这块|那一块|这一块|口)的?(?=钱|资金|经费|预算|项目|指标)", q.text)):
        if q.free(m.start(), m.end()):
            q.claim(m.start(), m.end())
            f.words.append(("any", m.group(1)))
    # 有哪些是培训类的 / 属于养老方面的
    for m in list(re.finditer(r"(是|属于)([\u4e00-\u9fff]{2,6}?)(类|相关|有关|方面)(的)?(项目|指标)?(\?)?$", q.text)):
        if q.free(m.start(2), m.end(3)):
            q.claim(m.start(), m.end())
            f.words.append(("any", m.group(2)))
    # 和培训有关 / 与就业相关
    for m in list(re.finditer(r"(和|与|跟|同)([\u4e00-\u9fffa-z0-9]{2,12}?)(有关|相关|沾边|挂钩|有联系|相联系)", q.text)):
        if q.free(m.start(), m.end()):
            q.claim(m.start(), m.end())
            # 跟培训有关的指标: the indicators' names hold the word
            # (目标中和培训有关的项目: the words before say where)
            f.words.append(("indicator" if re.match(r"的?(绩效)?指标", q.text[m.end():]) else _where(q.text[:m.start()]),
                            m.group(2)))
    # 没有提到“补贴” / 不含“养老”: the rows holding none of those words (each word on its own: 提到学生但没有提到教师)
    _negated_words(q, f)
    if len(f.words) > 1 and re.search(r"[”\"'’]?(或|或者|或是|还是)[“\"'‘]?", q.text) and not re.search(r"(同时|都)(提到|有|含|包含)|并且|而且", q.text):
        f.words_any = True  # 提到“农户”或“农民”
    if f.words:
        # the words around it say where: 绩效目标里 / 目标中 / 名称里
        for pat in (r"绩效目标(里|中|内|当中)?", r"目标(里|中|内|当中)", r"(名称|名字)(里|中)?", r"字样|这个词|一词|字眼|这(两|几|三|四)?个字|[两二三四几]个?字"):
            m = q.search(pat)
            if m:
                q.claim(m.start(), m.end())
