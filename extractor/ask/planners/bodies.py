"""Departments (部门) and units (单位) named in a question: in full, without their place, with a short
place (花都农业农村局), or abbreviated (人社局, 社保中心, 就业中心, 退管办, 公医办, 居保中心).

A department's name means the whole department (all the units of its documents), not the unit of
the same name; that one is asked for with 本级 (人社局本级). A place that does not fit the body
(从化区农业农村局 when 农业农村局 is 花都区's) is a body the database does not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.ask.catalog import core, places_of, region
from extractor.ask.planners.base import Context
from extractor.ask.text import norm

#: How the names of bodies end: an abbreviation must end the same way as the name it shortens.
ORG_ENDS = ("委员会办公室", "办公室", "委员会", "管理中心", "中心", "局", "办", "委", "站", "所", "院", "馆", "队", "处", "厅", "室", "会")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|区|县)")
_NOT_BODIES = {"全局", "本局", "该局", "我局", "各局", "当局", "结局", "布局", "格局", "大局", "中心", "全办", "本办"}


@dataclass
class Body:
    kind: str  # department | unit
    key: object  # department name | unit id
    name: str
    core: str
    places: set

    @property
    def local_places(self) -> set:
        """The body's most local place, in every written form: 广州市从化区 → 从化区, 从化, 广州市从化区."""
        parts = _PLACE.findall(region(self.name))
        if not parts:
            return set()
        last = parts[-1]
        return {p for p in (last, last[:-1], "".join(parts)) if len(p) >= 2}


def _bodies(ctx: Context) -> list[Body]:
    cat = ctx.cat
    out = []
    for dep in cat.departments(ctx.names_docs):
        out.append(Body("department", dep, dep, core(dep), places_of(dep)))
    for u in cat.units_of(ctx.names_docs):
        out.append(Body("unit", u.id, u.name, core(u.name), places_of(u.name)))
    return out


def _abbreviates(text: str, full_core: str) -> bool:
    """社保中心 shortens 社会保险基金管理中心: same ending, its characters in order, its first one in the name."""
    c = full_core
    for long, short in (("委员会办公室", "办"), ("办公室", "办"), ("委员会", "委")):
        if c.endswith(long) and text.endswith(short) and not text.endswith(long):
            c = c[: -len(long)] + short
            break
    if len(text) < 3 or text[-1] != c[-1] or text[0] not in c:
        return False
    it = iter(c)
    return all(ch in it for ch in text)


def _keys(b: Body) -> list[str]:
    keys = {norm(b.name), b.core}
    for p in b.local_places:
        keys.add(p + b.core)
    return [k for k in keys if len(k) >= 3]


def _record(ctx: Context, bodies: list[Body], start: int, end: int, text: str, own_unit: bool = False) -> None:
    deps = [b for b in bodies if b.kind == "department"]
    units = [b for b in bodies if b.kind == "unit"]
    if own_unit and units:
        # 人社局本级: the unit that bears the department's name
        same = [u for u in units if any(norm(u.name) == norm(d.name) for d in deps)] or units
        ctx.mention("unit", [u.key for u in same], start, text, own_unit=True)
    elif deps:
        ctx.mention("department", list(dict.fromkeys(d.key for d in deps)), start, text)
    else:
        ctx.mention("unit", [u.key for u in units], start, text)
    ctx.q.claim(start, end)


def _own_unit_word(ctx: Context, end: int) -> int:
    """The end of 本级 / 机关本级 right after a body's name, or -1."""
    m = re.compile(r"(机关)?本级(单位)?").match(ctx.q.text, end)
    return m.end() if m else -1


def plan_exact(ctx: Context) -> None:
    """Bodies named in full or without their place, longest name first."""
    bodies = _bodies(ctx)
    index: dict = {}
    for b in bodies:
        for k in _keys(b):
            index.setdefault(k, []).append(b)
    for key in sorted(index, key=len, reverse=True):
        while True:
            i = ctx.q.find(key)
            if i < 0:
                break
            end = i + len(key)
            hits = index[key]
            place = _place_before(ctx, i)
            if place:
                fits = [b for b in hits if _fits(place, b)]
                if not fits:
                    _refuse_body(ctx, place + key, i - len(place), end)
                    continue
                hits, i = fits, i - len(place)
            own = _own_unit_word(ctx, end)
            _record(ctx, hits, i, max(end, own), key, own_unit=own > 0)


def _place_before(ctx: Context, i: int) -> str:
    """A place written right before position i (广州市, 从化区, 天河区), or ''."""
    before = ctx.q.text[:i]
    for p in sorted(ctx.cat.places, key=len, reverse=True):
        if before.endswith(p) and ctx.q.free(i - len(p), i):
            return p
    m = re.search(r"[\u4e00-\u9fff]{2}(?:省|市|区|县)$", before)
    if m and ctx.q.free(m.start(), i) and m.group(0) not in _NOT_PLACES and not set(m.group(0)) & _LEAD_IN:
        return m.group(0)
    return ""


_NOT_PLACES = {"社区", "园区", "城区", "小区", "辖区", "片区", "本区", "全区", "我区", "各区", "库区", "景区", "山区",
               "郊区", "校区", "全市", "本市", "各市", "我市", "全县", "本县", "各县", "全省", "本省", "各省"}


def _fits(place: str, b: Body) -> bool:
    """Does a place written before a body's name fit it? Its own (most local) place does: 从化区人社局,
    番禺教育局, 临江市卫健委; a city alone before a district's body does not (广州市教育局 is the city's
    bureau, not 番禺区教育局)."""
    local = b.local_places
    return place in local or place.rstrip("市区县省") in local


def _refuse_body(ctx: Context, name: str, start: int, end: int) -> None:
    ctx.refuse(f"数据中没有{name}的预算表（库中没有这个部门或单位）",
               related="库中的部门：" + "、".join(ctx.cat.departments(ctx.names_docs)))
    ctx.q.claim(start, end)


def _strip_place(span: str, known: set) -> tuple[str, str]:
    """(place, rest): the place a span starts with, known to the database or shaped like one."""
    for p in sorted(known, key=len, reverse=True):
        if span.startswith(p) and len(span) > len(p) + 1:
            return p, span[len(p):]
    m = _STRANGE_PLACE.match(span)
    if m and len(span) > m.end() + 1 and m.group(0) not in _NOT_PLACES and not set(m.group(0)) & _LEAD_IN:
        return m.group(0), span[m.end():]
    return "", span


#: Characters of a lead-in (请问, 想查, 告诉我), never of a place's name: 请问市妇幼保健院 is 市妇幼保健院 asked.
_LEAD_IN = set("请问查想说看告诉我你您们的是在和与")
#: A place the database does not know, shaped like one (天河区, 深圳市): two characters and a suffix.
_STRANGE_PLACE = re.compile(r"[\u4e00-\u9fff]{2}(?:省|市|区|县)")
#: Characters a body's name never starts with: the question's particles before it.
_NOT_FIRST = set("是的和与及或比占在对给把将从到这那其各每全本该跟同向于为有")


def plan_abbreviations(ctx: Context) -> None:
    """Bodies named short: 人社局, 社保中心, 番禺教育局, 花都农业农村局; a place that does not fit is refused."""
    bodies = _bodies(ctx)
    text = ctx.q.text
    ends = sorted({m.end() for suffix in ORG_ENDS for m in re.finditer(re.escape(suffix), text)})
    _systems(ctx, bodies)
    for e in ends:
        found, unknown = None, None
        for s in range(max(0, e - 16), e - 1):
            if not ctx.q.free(s, e):
                continue
            if text[s] in _NOT_FIRST and not any(text.startswith(p, s) for p in ctx.cat.places):
                continue  # 是从化区…: the particle is not part of the name
            span = text[s:e]
            if span in _NOT_BODIES:
                continue
            place, rest = _strip_place(span, ctx.cat.places)
            if place in ctx.cat.places and re.fullmatch(r"(那个|这个|那家|这家|那|这|的)(局|委|部门|单位|中心|办)", rest):
                # 花都那个局: the place's department, said with a pointing word instead of its name
                hits = [b for b in bodies if b.kind == "department" and place in b.places]
                if hits:
                    found = (s, "", rest, hits)
                    break
            if len(rest) < 2 or rest in _NOT_BODIES:
                continue
            hits = [b for b in bodies if rest == b.core or _abbreviates(rest, b.core)]
            if hits:
                found = (s, place, rest, hits)
                break
            if place and unknown is None and len(rest) >= 3:
                unknown = (s, span)  # 花都区教育局: a place and a body the database lacks
        if not found:
            if unknown:
                _refuse_body(ctx, unknown[1], unknown[0], e)
            continue
        s, place, rest, hits = found
        if place:
            fits = [b for b in hits if _fits(place, b)]
            if not fits:
                _refuse_body(ctx, place + rest, s, e)
                continue
            hits = fits
        # an abbreviation that fits a department and its units means the department when it ends like it
        deps = [b for b in hits if b.kind == "department"]
        if deps:
            hits = deps + [b for b in hits if b.kind == "unit" and any(norm(b.name) == norm(d.name) for d in deps)]
        own = _own_unit_word(ctx, e)
        _record(ctx, hits, s, max(e, own), text[s:e], own_unit=own > 0)


def plan_places(ctx: Context) -> None:
    """A place alone (临江市的项目): every department (else unit) of that place."""
    bodies = _bodies(ctx)
    for place in sorted(ctx.cat.places, key=len, reverse=True):
        i = ctx.q.find(place)
        if i < 0 or len(place) < 2:
            continue
        hits = [b for b in bodies if b.kind == "department" and place in b.places] or \
               [b for b in bodies if b.kind == "unit" and place in b.places]
        if hits:
            ctx.q.claim(i, i + len(place))
            ctx.mention(hits[0].kind, list(dict.fromkeys(b.key for b in hits)), i, place)


def plan_bare_own_unit(ctx: Context) -> None:
    """局机关本级 / 本级 said with no body before it: the unit bearing its department's name, in each table asked."""
    m = ctx.q.search(r"(?<![含括])(局机关|局)?(机关)?本级(单位)?")
    if not m or re.search(r"(含|包括|包含|连同|加上)(局机关|局|机关)?$", ctx.q.text[:m.start()]):
        return  # （含局本级）: the count includes the own unit, it is not the one asked
    docs = set(ctx.names_docs)
    said = {ctx.cat.units[i].doc_id for x in ctx.of("unit") if x.pos < m.start() for i in x.ids if i in ctx.cat.units} | \
        {d for x in ctx.of("department") if x.pos < m.start() for d in docs if ctx.cat.docs[d].department in x.ids}
    if said & docs:  # 禾丰县农业农村局本级…，占本级总额: the 本级 of the body named before
        docs = said & docs
    own = [u.id for u in ctx.cat.units.values()
           if u.doc_id in docs and norm(u.name) == norm(ctx.cat.docs[u.doc_id].department)]
    if own:
        ctx.mention("unit", own, m.start(), m.group(0), own_unit=True)
        ctx.q.claim(m.start(), m.end())


#: Words said right after a body's name that name it again (云溪一中这所学校, 卫健委系统, 疾控中心这个单位).
_ECHO = re.compile(r"(这|那|该|本)?(所|个|家|一)?(学校|单位|中心|机构|站|院|队|局|部门|委员会)(本身)?|(全|整个)?系统")


#: …维护费这个科目 / 该款项: a project named again right after its name (not the 科目 of an economic classification).
_PROJECT_ECHO = re.compile(r"(这个|这一|这笔|该|此|这项)(科目|项目|事项|款项|支出|经费|资金)")


def plan_echoes(ctx: Context) -> None:
    for m in ctx.of("department", "unit", "project"):
        end = m.pos + len(m.text)
        while end < len(ctx.q.text) and not ctx.q.free(end, end + 1):
            end += 1  # past 本级 or a place claimed with the name
        if m.kind == "project":
            e = _PROJECT_ECHO.match(ctx.q.text, end)
            if e and ctx.q.free(e.start(), e.end()):
                ctx.q.claim(e.start(), e.end())
            continue
        e = _ECHO.match(ctx.q.text, end)
        if e and e.end() > e.start() and ctx.q.free(e.start(), e.end()) and (e.group(1) or e.group(2) or e.group(5) is not None
                                                                             or "系统" in e.group(0)):
            ctx.q.claim(e.start(), e.end())


def _systems(ctx: Context, bodies: list[Body]) -> None:
    """人社系统 / 卫健系统 / 从化区人社系统: a department said by its short name and 系统 (the whole department)."""
    text = ctx.q.text
    for m in re.finditer(r"系统", text):
        for s in range(max(0, m.start() - 10), m.start() - 1):
            if not ctx.q.free(s, m.end()):
                continue
            place, rest = _strip_place(text[s:m.start()], ctx.cat.places)
            if len(rest) < 2:
                continue
            hits = [b for b in bodies if b.kind == "department" and any(_abbreviates(rest + end, b.core)
                                                                         for end in ("局", "委", "厅"))]
            if place:
                hits = [b for b in hits if _fits(place, b)]
            if hits:
                _record(ctx, hits, s, m.end(), text[s:m.end()])
                break
