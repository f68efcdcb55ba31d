"""Projects, indicators and funding sources named in a question.

Projects: the full name, its head before the first bracket, the name without brackets; then the
longest stretch of the question that lies inside project names (劳动关系…经费财政补助 for the name
with its 文号 suffix; 三支一扶 for four names); then a near spelling (rapidfuzz) of a left-over
stretch. A name fits every row that bears it: twins (就业补助资金 and 就业补助资金·) and the same
name in two units are all reported, unless the question types the mark (人事档案…经费·).
"""

from __future__ import annotations

import re
import unicodedata

from extractor.ask.catalog import all_source_words, project_keys
from extractor.ask.planners.base import Context
from extractor.ask.text import MARKS, norm

#: Words of every project name: a stretch made only of these names nothing.
GENERIC = ("项目", "资金", "经费", "补助", "补贴", "专项", "费用", "人员", "财政", "支出", "建设", "服务", "管理",
           "工作", "预算", "金额", "单位", "部门", "年度", "绩效", "指标", "目标", "中心", "的", "和", "及", "费", "区")


def _generic(span: str) -> bool:
    rest = span
    for w in sorted(GENERIC, key=len, reverse=True):
        rest = rest.replace(w, "")
    return len(re.sub(r"[\d()年]", "", rest)) < 2


def _scope_projects(ctx: Context) -> list:
    return ctx.cat.projects_of(ctx.names_docs)


def _typed_mark(ctx: Context, ids: list, nth: int = 0) -> list:
    """A name typed with its mark (人事档案信息化建设专项经费·) means that row; typed without it, next to
    the marked one (就业补助资金和就业补助资金·), the unmarked row. `nth`: which occurrence of the name."""
    cat = ctx.cat
    marked = [i for i in ids if cat.projects[i].name[-1:] in MARKS]
    if not marked:
        return ids
    bare = unicodedata.normalize("NFKC", cat.projects[marked[0]].name).rstrip(MARKS)
    raw = ctx.q.raw
    follows = [raw[j + len(bare):j + len(bare) + 1] in tuple(MARKS) and raw[j + len(bare):j + len(bare) + 1] != ""
               for j in _occurrences(raw, bare)]
    if not any(follows):
        return ids
    this = follows[nth] if nth < len(follows) else follows[-1]
    keep = [i for i in ids if (i in marked) == this]
    return keep or ids


def _occurrences(text: str, word: str) -> list[int]:
    out, j = [], text.find(word)
    while j >= 0 and word:
        out.append(j)
        j = text.find(word, j + 1)
    return out


def plan_projects_exact(ctx: Context) -> None:
    index: dict = {}
    for p in _scope_projects(ctx):
        for key, how in project_keys(p):
            index.setdefault(key, []).append(p.id)
    for key in sorted(index, key=len, reverse=True):
        if len(key) < 3:
            continue
        i, nth = ctx.q.take(key), 0
        while i >= 0:
            ids = index[key]
            # a head that is also the start of other names (高校毕业生“三支一扶”计划补助资金): all of them
            ctx.mention("project", _typed_mark(ctx, ids, nth), i, key)
            i, nth = ctx.q.take(key), nth + 1


def plan_indicators_exact(ctx: Context) -> None:
    cat = ctx.cat
    docs = set(ctx.names_docs)
    names = {}
    for ind in cat.indicators.values():
        if cat.projects[ind.project_id].doc_id in docs and len(norm(ind.name)) >= 3:
            names.setdefault(norm(ind.name), set()).add(ind.name)
    for key in sorted(names, key=len, reverse=True):
        i = ctx.q.take(key)
        if i >= 0:
            ctx.mention("indicator", sorted(names[key]), i, key)


def plan_sources(ctx: Context) -> None:
    """Funding sources (财政拨款, 一般公共预算, 上年结转资金, 其他资金 …), printed or from the vocabulary."""
    words = all_source_words()
    for label, canonical in ctx.cat.sources.items():
        if len(norm(label)) >= 3:
            words.setdefault(norm(label), canonical)
    for w in sorted(words, key=len, reverse=True):
        i = ctx.q.take(w)
        while i >= 0:  # 社保中心的财政拨款占全局财政拨款: every time it is said
            ctx.mention("source", [words[w]], i, w)
            # 来自其他资金而不是财政拨款: a source said against another one named before it is left out
            contrast = re.search(r"(而不是|而非|而不|却不是)$", ctx.q.text[:i])
            if contrast and ctx.q.free(contrast.start(), i):
                ctx.q.claim(contrast.start(), i)
                ctx.mentions.pop()
                ctx.plan.filters.not_sources.append(words[w])
                i = ctx.q.take(w)
                continue
            # 没有其他资金 / 不含财政拨款: the rows without that source
            m = re.search(r"(没有|没|无|不含|不包含|未安排|没安排|没用到|未使用|不涉及)(用到|使用|安排)?$", ctx.q.text[:i])
            if m and ctx.q.free(m.start(), i):
                ctx.q.claim(m.start(), i)
                ctx.plan.filters.without_source = True
            i = ctx.q.take(w)


def _longest_inside(ctx: Context, names: list[str], skip: set, min_len: int = 4):
    """The longest unclaimed stretch of the question lying inside one of `names`: (start, end) or None."""
    text = ctx.q.text
    best = None
    for s in range(len(text)):
        if s in skip or not ctx.q.free(s, s + 1) or not re.match(r"[\u4e00-\u9fffa-z0-9(]", text[s]):
            continue
        e, last = s + min_len, None
        while e <= len(text) and ctx.q.free(s, e) and any(text[s:e] in n for n in names):
            last = e
            e += 1
        if last and (best is None or last - s > best[1] - best[0]):
            best = (s, last)
    return best


def _trim(span: str) -> tuple[int, int]:
    """Leading and trailing characters of a stretch that are question words, not name."""
    a = len(span) - len(span.lstrip("的是有为和与及在对给从"))
    b = len(span) - len(span.rstrip("的是有为和与及了在"))
    return a, b


def plan_project_fragments(ctx: Context) -> None:
    """Stretches of the question inside project names: the projects holding them."""
    projects = _scope_projects(ctx)
    names = [norm(p.name) for p in projects]
    skip: set = set()
    while True:
        best = _longest_inside(ctx, names, skip)
        if not best:
            _join_fragments(ctx)
            return
        s, e = best
        a, b = _trim(ctx.q.text[s:e])
        span = ctx.q.text[s + a:e - b]
        if len(span) < 4 or _generic(span):
            skip.add(s)  # a stretch of generic words names nothing: try the next start
            continue
        s, e = s + a, e - b
        ids = [p.id for p in projects if span in norm(p.name)]
        ctx.q.claim(s, e)
        ctx.mention("project", _typed_mark(ctx, ids), s, span)


def _join_fragments(ctx: Context) -> None:
    """医保基金审核系统服务费 / 社会申办的退管活动资金: two fragments side by side (or joined by 的) name the
    projects holding both."""
    ms = sorted((m for m in ctx.mentions if m.kind == "project"), key=lambda m: m.pos)
    for a, b in zip(ms, ms[1:]):
        between = ctx.q.text[a.pos + len(a.text):b.pos]
        common = [i for i in a.ids if i in b.ids]
        if between in ("", "的") and common and (set(common) != set(a.ids) or set(common) != set(b.ids)):
            a.ids, a.text = common, a.text + b.text
            ctx.mentions.remove(b)
            return _join_fragments(ctx)


def plan_indicator_fragments(ctx: Context) -> None:
    cat = ctx.cat
    docs = set(ctx.names_docs)
    inds = [i for i in cat.indicators.values() if cat.projects[i.project_id].doc_id in docs]
    names = sorted({norm(i.name) for i in inds})
    skip: set = set()
    while True:
        best = _longest_inside(ctx, names, skip, min_len=5)
        if not best:
            return
        s, e = best
        span = ctx.q.text[s:e]
        if _generic(span):
            skip.add(s)
            continue
        ctx.q.claim(s, e)
        ctx.mention("indicator", sorted({i.name for i in inds if span in norm(i.name)}), s, span)


def plan_fuzzy(ctx: Context) -> None:
    """A near spelling of a project name (费用 for 经费) in what is left, when nothing else was named."""
    from rapidfuzz import fuzz, process

    if ctx.of("project", "unit", "department", "indicator"):
        return
    projects = _scope_projects(ctx)
    choices = {}
    for p in projects:
        for key, _ in project_keys(p):
            choices.setdefault(key, []).append(p.id)
    for start, chunk in ctx.q.chunks():
        for m in re.finditer(r"[\u4e00-\u9fffa-z0-9()]{6,}", chunk):
            piece = m.group(0)
            # the longest prefix of the chunk close to a name
            for end in range(len(piece), 5, -1):
                sub = piece[:end]
                hit = process.extractOne(sub, list(choices), scorer=fuzz.ratio, score_cutoff=84)
                if hit:
                    s = start + m.start()
                    ctx.q.claim(s, s + end)
                    ctx.mention("project", choices[hit[0]], s, sub)
                    return


def plan_indicator_words(ctx: Context) -> None:
    """报销率 in 区机关事业单位医保基金的报销率目标是多少, 资助学生人数 for 资助家庭经济困难学生人数: with a
    project named, the question's other content words, read against that project's indicator names.
    The name holding most of those characters wins (at least three in four, one clear winner)."""
    from extractor.ask.planners.measures import CUE_WORDS
    from extractor.ask.reading import FUNCTION_WORDS, strip_function_words

    cat = ctx.cat
    projects = {p for m in ctx.of("project") for p in m.ids}
    if ctx.of("indicator"):
        return
    anywhere = not projects  # no project named: every indicator in scope, on a stricter bar
    docs = set(ctx.names_docs)
    inds = [i for i in cat.indicators.values()
            if (i.project_id in projects) or (anywhere and cat.projects[i.project_id].doc_id in docs)]
    text = ctx.q.text
    words = sorted(set(FUNCTION_WORDS) | set(CUE_WORDS) | {"目标", "要求", "达到", "多少人", "人数是"}, key=len, reverse=True)
    # the named project said again (高标准农田建设项目…新建多少亩高标准农田): those words may be the indicator's
    again = _repeated_project_chars(ctx)
    free = "".join(ch if ctx.q.free(k, k + 1) or k in again else " " for k, ch in enumerate(text))
    rest = strip_function_words(free, words)
    keep = [bool(re.match(r"[\u4e00-\u9fff]", ch)) for ch in rest]
    if not any(keep):
        return
    # a level or a head count claimed right next to the words left (群众|满意度, 资助学生|人数) is part of the name
    named = [False] * len(text)
    for m in ctx.mentions:
        for k in range(m.pos, min(len(text), m.pos + len(m.text))):
            named[k] = k not in again
    for k in [k for k, v in enumerate(keep) if v]:
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(text) and not ctx.q.free(j, j + 1) and not named[j] \
                    and re.match(r"[\u4e00-\u9fff]", text[j]) and text[j] not in "的是了":
                keep[j] = True
                j += step
    content = [(k, text[k]) for k, v in enumerate(keep) if v]
    if len(content) < 2:
        return
    chars = [ch for _, ch in content]

    def score(ind) -> tuple:
        n = norm(ind.name)
        unit = _target_unit_text(ind)
        hit = sum(1 for ch in chars if ch in n)
        # words of the target's unit (每生每学期 for 元/生·学期, 多少亩 for 亩) say which indicator, but only
        # beside words of its name: they are counted as held, never as covering the name
        said = sum(1 for ch in chars if ch not in n and (ch in unit or (ch == "每" and "/" in unit)))
        if hit < 2:
            said = 0
        # how much of the question's words the name holds, then how much of the name they cover
        return (hit + said) / len(chars), (hit / len(n) if anywhere else 0)

    scored = sorted(((score(i), norm(i.name)) for i in inds), reverse=True)
    if anywhere and (len(chars) < 4 or not scored or scored[0][0][0] < 0.8 or scored[0][0][1] < 0.5
                     or (len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1] != scored[0][1])):
        return  # 社保补贴人数 → 社会保险补贴人数: every character, most of the name
    if not scored or scored[0][0][0] < 0.75:
        return
    best = {n for sc, n in scored if sc == scored[0][0]}
    if len(best) > 1 and scored[0][0][0] < 1:
        return  # two names fit as well: not sure which is meant
    said = re.search(r"(多少|几)(卷|亩|公里|人次|人|次|户|家|所|吨|天|份|场|篇|台|套|条|项|个百分点|%)", text)
    if said and not any(said.group(2)[0] in _target_unit_text(i) or said.group(2) in norm(i.name)
                        for i in inds if norm(i.name) in best):
        return  # 完成多少卷档案的数字化: a count of 卷 asked, the name that fits best is a rate (%)
    for k, _ in content:
        if ctx.q.free(k, k + 1):
            ctx.q.claim(k, k + 1)
    first = content[0][0]
    ctx.mention("indicator", sorted({i.name for i in inds if norm(i.name) in best}), first, "".join(chars))


def _repeated_project_chars(ctx: Context) -> set:
    """Where the question names again a project it already named (same rows, shorter words)."""
    out: set = set()
    projects = ctx.of("project")
    for m in projects:
        if any(o is not m and o.pos < m.pos and set(m.ids) <= set(o.ids) and len(o.text) > len(m.text)
               for o in projects):
            out.update(range(m.pos, m.pos + len(m.text)))
    return out


def _target_unit_text(ind) -> str:
    """The words of an indicator's targets that are not figures (元/生·学期, 亩, 人次)."""
    return "".join(re.sub(r"[\d.,%≥≤<>=＜＞]+", "", x or "")
                   for x in (ind.annual_unit, ind.annual_raw, ind.period_raw))


#: Words telling twins apart (社会化管理人员生活费（不带符号的那个）): the row without the mark, or with it.
_MARK_WORD = r"(符号|撇号|撇|间隔号|间隔点|分隔号|圆点|中点|小点|点号|点|标记|记号|引号|尾巴|后缀|(?=的))(\(\))?"  # （·）: norm drops the dot
_UNMARKED = r"(不带|没带|没有|没|无|不含|不加)(任何)?" + _MARK_WORD + r"(的)?(那个|那一个|那项|那条|那行|项目)?"
_MARKED = r"(带|有|加了|带了)" + _MARK_WORD + r"(的)?(那个|那一个|那项|那条|那行|项目)?"


def plan_name_brackets(ctx: Context) -> None:
    """What follows a project's name in brackets: a part of its full name (2024年就业补助资金（市补助）,
    三支一扶（2024年市补助）) narrows to the rows holding it; 不带符号的那个 / 带撇的 picks a twin."""
    text = ctx.q.text
    for m in ctx.of("project"):
        before = re.search("(" + _UNMARKED + "|" + _MARKED + ")(的)?$", text[:m.pos])
        marked = [i for i in m.ids if ctx.cat.projects[i].name[-1:] in MARKS]
        if before and marked and ctx.q.free(before.start(), m.pos):  # 带撇的企业离休干部补贴
            said = before.group(1)
            m.ids = [i for i in m.ids if i not in marked] if re.fullmatch(_UNMARKED, said) else marked
            ctx.q.claim(before.start(), m.pos)
            continue
        end = m.pos + len(m.text)
        b = re.compile(r",?\(([^()]{1,24})\)|,?(" + _UNMARKED + "|" + _MARKED + ")").match(text, end)
        if not b or not ctx.q.free(b.start(), b.end()):
            continue
        said = b.group(1) or b.group(2)
        marked = [i for i in m.ids if ctx.cat.projects[i].name[-1:] in MARKS]
        if re.fullmatch(_UNMARKED, said) and marked:
            keep = [i for i in m.ids if i not in marked]
        elif re.fullmatch(_MARKED, said) and marked:
            keep = marked
        else:
            keep = [i for i in m.ids if norm(said) in norm(ctx.cat.projects[i].name)]
        if keep:
            m.ids = keep
            ctx.q.claim(b.start(), b.end())


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def plan_project_skipping(ctx: Context) -> None:
    """A project named with words of its name left out (医保智能审核系统服务费 for 医保基金计算机智能审核系统
    服务费, 三支一扶补助资金 for …三支一扶计划补助资金…): six characters or more, in the name's order, its
    first two and last two as the name writes them. A stretch found whole in a name is left to the
    fragments planner."""
    names = {p.id: norm(p.name) for p in _scope_projects(ctx)}
    whole = "\n".join(names.values())
    for start, chunk in ctx.q.chunks():
        for size in range(len(chunk), 5, -1):
            for i in range(0, len(chunk) - size + 1):
                cand = chunk[i:i + size]
                if cand in whole or not re.fullmatch(r"[\u4e00-\u9fffa-z0-9()]+", cand) or _generic(cand) \
                        or cand[0] in _NOT_NAME_EDGE or cand[-1] in _NOT_NAME_EDGE:
                    continue
                ids = [pid for pid, n in names.items()
                       if cand[:2] in n and cand[-2:] in n and _subsequence(cand, n)]
                if ids:
                    ctx.q.claim(start + i, start + i + size)
                    ctx.mention("project", _typed_mark(ctx, ids), start + i, cand)
                    return


#: Characters a name is not taken to start or end with: the question's particles around it.
_NOT_NAME_EDGE = set("的是有为和与及在对给从了吗呢么")


_TWIN_AMOUNT = r"(金额|预算|资金)?(是|为)?({n})\s*(亿元|亿|万元|万|元)(的|那个|那笔|那项|那一个)?"
_TWIN_SIZE = r"(金额|预算|钱|资金)?(较)?(小|少|低|大|多|高)(的)?(那笔|那个|那项|那一个|那一笔)"


def plan_twin_amounts(ctx: Context) -> None:
    """Rows of one name told apart by their money: 128万元那个, 金额126.8万元的…, 金额小的那笔. Before the
    amount filter, which would read 126.8万元 as a filter on every row."""
    from extractor.ask.text import CN_NUM, cn_number, to_unit

    cat = ctx.cat
    for m in ctx.of("project"):
        if len(m.ids) < 2 or len({norm(cat.projects[i].name).rstrip(MARKS) for i in m.ids}) != 1:
            continue
        said = ctx.q.search(_TWIN_AMOUNT.format(n=CN_NUM))
        if said:
            value = cn_number(said.group(3))
            keep = [i for i in m.ids if value is not None and cat.projects[i].total is not None
                    and to_unit(value, said.group(4), cat.docs[cat.projects[i].doc_id].money_unit) == cat.projects[i].total]
            if len(keep) == 1:
                m.ids = keep
                ctx.q.claim(said.start(), said.end())
                continue
        size = ctx.q.search(_TWIN_SIZE)
        totals = [cat.projects[i].total for i in m.ids]
        compared = re.search(r"差|相差|比|倍|分别|各", ctx.q.text)  # 钱多的那个是哪个单位的？差多少: both rows
        if size and not compared and None not in totals and len(set(totals)) == len(totals):
            low = size.group(3) in "小少低"
            pick = (min if low else max)(m.ids, key=lambda i: cat.projects[i].total)
            m.ids = [pick]
            ctx.q.claim(size.start(), size.end())


def plan_twin_marks_apart(ctx: Context) -> None:
    """（不带撇号） said away from the name (重大传染病防控经费，128万元那个（不带撇号）): the mark still picks the
    row among the twins the question named (or agrees with the one already picked)."""
    said = ctx.q.search(r"\(?(" + _UNMARKED + "|" + _MARKED + r")\)?")
    if not said:
        return
    unmarked = re.fullmatch(_UNMARKED, said.group(1)) is not None
    for m in ctx.of("project"):
        if not any(ctx.cat.projects[i].name[-1:] in MARKS for i in m.ids) and len(m.ids) > 1:
            continue
        keep = [i for i in m.ids if (ctx.cat.projects[i].name[-1:] in MARKS) != unmarked]
        twins = {norm(ctx.cat.projects[i].name).rstrip(MARKS) for i in m.ids}
        if keep and len(twins) == 1:
            m.ids = keep
            ctx.q.claim(said.start(), said.end())
            return


def plan_indicators_of_named_projects(ctx: Context) -> None:
    """慰问金发放及时率 said of a project whose indicator is 社会化退休人员慰问金发放及时率: a name read exactly (it
    is another project's indicator) stands for the named project's indicators that hold it."""
    projects = {p for m in ctx.of("project") for p in m.ids}
    if not projects:
        return
    own = {i.name for i in ctx.cat.indicators.values() if i.project_id in projects}
    for m in ctx.of("indicator"):
        if own & set(m.ids):
            continue
        wider = sorted({n for n in own if any(norm(x) in norm(n) for x in m.ids)})
        if wider:
            m.ids = wider
