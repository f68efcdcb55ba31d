"""Ask the budget in Chinese, offline: a question → a query plan → SQL → an answer with its rows.

    answer("budget.db", "哪个单位的财政拨款最多？")
    # Answer(answer="财政拨款最多的单位是广州市从化区劳动就业服务管理中心：8,783.91万元。",
    #        value="广州市从化区劳动就业服务管理中心", citations=[{unit, project, page, …}], sql="SELECT …")

No model. The database's own unit, project and indicator names are loaded from the database and
added to a jieba dictionary; the question is matched against them (exact, then head of a name,
then abbreviation, then rapidfuzz), the rest of the question is segmented with jieba and read for
cue words (合计, 几个, 最多, 前三, 占比, 超过 N 万元, 指标, 包含 …), and the resulting plan is compiled
to one SQL query, run read-only through `extractor.sqltool`, and read back with Decimal.

Rules the answers keep:
- a name that fits several projects (人事档案信息化建设专项经费 and 人事档案信息化建设专项经费·, or
  the same name in two units) reports all of them;
- a question the data cannot answer (another department, another year, a name that is not
  there) gets "数据中没有…", value None, and no figure;
- every figure comes with citations: document, unit, project, page.

`value` is a Decimal (amounts in the document's money unit; shares in per cent), an int (counts),
a str (a name, an indicator's target as printed), a list of these, or None.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, Field, field_validator

from extractor.ask import sqltool
from extractor.vocabulary import MONEY_UNITS

__all__ = ["Answer", "answer", "cmd_ask"]


class Answer(BaseModel):
    """An answer: a Chinese sentence, the value it states, the rows it came from, the SQL that ran."""

    answer: str
    value: Any = None
    citations: list[dict] = Field(default_factory=list)
    sql: str = ""
    kind: str = Field(default="", description="the plan that answered: amount, total, count, rank, …")

    @field_validator("sql")
    @classmethod
    def _tidy(cls, v: str) -> str:
        return tidy_sql(v)

    def to_json(self) -> dict:
        return {"answer": self.answer, "value": _jsonable(self.value), "citations": self.citations, "sql": self.sql}


def tidy_sql(sql: str) -> str:
    """Drop the placeholder condition the plans start from: `WHERE 1 = 1 AND x` → `WHERE x`."""
    return re.sub(r"WHERE 1 = 1 AND ", "WHERE ", sql or "")


def _jsonable(v):
    if isinstance(v, Decimal):
        return format(v, "f")  # decimals as strings, as in the JSON export
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


# ---------------------------------------------------------------- text helpers

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")", "[": "(", "]": ")",
                           "﹙": "(", "﹚": ")", "｛": "(", "｝": ")"})
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》<>·•・`´]")
#: characters a name may carry at its end to tell a second row of the same project apart
_MARKS = "·•・‘’'`´\"“”"


def norm(s: str) -> str:
    """The matching form of a name or question: NFKC, one kind of bracket, no quotes, dots or spaces."""
    s = unicodedata.normalize("NFKC", s or "").translate(_BRACKETS)
    return _DROP.sub("", s).lower()


def _head(name: str) -> str:
    """A name up to its first bracket: 2024年就业补助资金（2024年市补助）… → 2024年就业补助资金."""
    n = norm(name)
    i = n.find("(")
    return n[:i] if i > 0 else n


def lit(v) -> str:
    """An SQL literal."""
    if v is None:
        return "NULL"
    if isinstance(v, (int, Decimal)):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def fmt_amount(d: Optional[Decimal], unit: Optional[str]) -> str:
    if d is None:
        return "（空）"
    return f"{d:,}{unit or ''}"


def _dec(s) -> Optional[Decimal]:
    if s is None or s == "":
        return None
    try:
        return Decimal(str(s))
    except InvalidOperation:
        return None


_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_number(s: str) -> Optional[Decimal]:
    """'1000' → 1000, '一千' → 1000, '十二' → 12, '三' → 3, '1.5' → 1.5."""
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return Decimal(s)
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return Decimal(total + (digit or 0))


_MONEY_FACTOR = {**{unit: int(size) for unit, size in MONEY_UNITS.items()},  # the genre's units (vocabulary)
                 "万": 10**4, "百万元": 10**6, "百万": 10**6, "亿": 10**8}  # and what a question may say


# ---------------------------------------------------------------- the catalog: names loaded from the database


@dataclass
class Doc:
    id: int
    filename: str
    department: Optional[str]
    money_unit: Optional[str]
    year: Optional[int]
    total: Optional[Decimal]
    sources: dict
    source_columns: list


@dataclass
class UnitRec:
    id: int
    doc_id: int
    seq: int
    name: str
    total: Optional[Decimal]
    pages: list


@dataclass
class ProjRec:
    id: int
    doc_id: int
    unit_id: int
    seq: int
    unit_name: str
    name: str
    total: Optional[Decimal]
    pages: list
    first_page: Optional[int]


@dataclass
class IndRec:
    id: int
    project_id: int
    seq: int
    level1: Optional[str]
    level2: Optional[str]
    name: str


@dataclass
class Catalog:
    db_path: str
    docs: dict
    units: dict
    projects: dict
    indicators: dict
    sources: list
    level1: list
    level2: list
    aliases: list  # (key, kind, ids, how), longest key first
    places: set
    tokenizer: Any = None
    scope: list = field(default_factory=list)  # document ids answered over by default: each body's latest year
    scope_all: list = field(default_factory=list)  # every document but re-extractions of the same one


_REGION = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,3}?市)?(?:[\u4e00-\u9fff]{2,3}?(?:区|县|市))?")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|区|县)")
_ORG_SUFFIX = ("委员会办公室", "办公室", "委员会", "管理中心", "中心", "局", "厅", "办", "委", "所", "站", "院", "馆")


def unit_core(name: str) -> str:
    """A unit name without its region: 广州市从化区人力资源和社会保障局 → 人力资源和社会保障局."""
    n = norm(name)
    m = _REGION.match(n)
    core = n[m.end():] if m else n
    return core if len(core) >= 2 else n


def _year_of(*texts) -> Optional[int]:
    for t in texts:
        m = re.search(r"(?<!\d)(20\d{2})(?!\d)", t or "")
        if m:
            return int(m.group(1))
    return None


def _q(db_path, sql: str) -> list[dict]:
    res = sqltool.run_sql(db_path, sql, max_rows=1_000_000, timeout_s=10.0)
    return [dict(zip(res["columns"], r)) for r in res["rows"]]


def _load_catalog(db_path: str) -> Catalog:
    docs = {}
    for r in _q(db_path, "SELECT id, path, filename, title, department, money_unit, budget_year, total, sources, "
                         "source_columns FROM documents ORDER BY id"):
        docs[r["id"]] = Doc(r["id"], r["filename"] or Path(r["path"] or "").name, r["department"], r["money_unit"],
                            r["budget_year"] or _year_of(r["title"], r["filename"], r["path"]), _dec(r["total"]),
                            json.loads(r["sources"] or "{}"), json.loads(r["source_columns"] or "[]"))
    units = {r["id"]: UnitRec(r["id"], r["document_id"], r["seq"], r["name"], _dec(r["total"]),
                              json.loads(r["pages"] or "[]"))
             for r in _q(db_path, "SELECT id, document_id, seq, name, total, pages FROM units ORDER BY id")}
    projects = {r["id"]: ProjRec(r["id"], r["document_id"], r["unit_id"], r["seq"], r["unit_name"], r["name"],
                                 _dec(r["total"]), json.loads(r["pages"] or "[]"), r["first_page"])
                for r in _q(db_path, "SELECT id, document_id, unit_id, seq, unit_name, name, total, pages, first_page "
                                     "FROM projects ORDER BY id")}
    indicators = {r["id"]: IndRec(r["id"], r["project_id"], r["seq"], r["level1"], r["level2"], r["name"])
                  for r in _q(db_path, "SELECT id, project_id, seq, level1, level2, name FROM indicators ORDER BY id")}
    sources = []
    for d in docs.values():
        for s in list(d.source_columns) + list(d.sources):
            if s not in sources:
                sources.append(s)
    for r in _q(db_path, "SELECT DISTINCT source FROM amounts"):
        if r["source"] and r["source"] not in sources:
            sources.append(r["source"])
    level1 = sorted({i.level1 for i in indicators.values() if i.level1})
    level2 = sorted({i.level2 for i in indicators.values() if i.level2})

    # Re-extractions of one publication (same department, year and total) count once: the newest.
    newest = {}
    for d in docs.values():
        newest[(d.department, d.year, d.total)] = d.id
    scope_all = sorted(newest.values())
    # With no year asked, each department's latest year (a table without a year counts as any year).
    latest = {}
    for i in scope_all:
        d = docs[i]
        latest[d.department] = max(latest.get(d.department, -1), d.year or -1)
    scope = [i for i in scope_all if (docs[i].year or -1) == latest[docs[i].department] or docs[i].year is None]

    groups: dict = defaultdict(set)
    for p in projects.values():
        groups[(norm(p.name), "project", "exact")].add(p.id)
        h = _head(p.name)
        if h != norm(p.name) and len(h) >= 4:
            groups[(h, "project", "head")].add(p.id)
    for u in units.values():
        groups[(norm(u.name), "unit", "exact")].add(u.id)
        core = unit_core(u.name)
        if core != norm(u.name) and len(core) >= 3:
            groups[(core, "unit", "exact")].add(u.id)
    for i in indicators.values():
        groups[(norm(i.name), "indicator", "exact")].add(i.id)
    for s in sources:
        groups[(norm(s), "source", "exact")].add(s)
        if s.endswith("拨款") and len(s) > 4:
            groups[(norm(s[:-2]), "source", "exact")].add(s)  # 财政专户拨款 → 财政专户
    prio = {"project": 0, "unit": 1, "indicator": 2, "source": 3}
    aliases = sorted(((k, kind, sorted(ids, key=str), how) for (k, kind, how), ids in groups.items() if len(k) >= 2),
                     key=lambda a: (-len(a[0]), prio[a[1]], a[3] != "exact"))

    places = set()
    for text in [d.department or "" for d in docs.values()] + [u.name for u in units.values()]:
        m = _REGION.match(norm(text))
        if m:
            region = m.group(0)
            places.add(region)
            places.update(_PLACE.findall(region))
            places.update(re.sub(r"(省|市|区|县)$", "", x) for x in _PLACE.findall(region))
    return Catalog(str(db_path), docs, units, projects, indicators, sources, level1, level2, aliases, places,
                   scope=scope, scope_all=scope_all)


_JIEBA = []


def _tokenizer(cat: Catalog):
    """One jieba tokenizer per process (loading its dictionary takes ~1 s), with every database's
    names added as words. Not jieba's global one: the names stay out of other users' way."""
    if cat.tokenizer is None:
        if not _JIEBA:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            base = jieba.Tokenizer()
            base.initialize()
            for w in _FUNCTION_WORDS:
                if len(w) >= 2:
                    base.add_word(w, freq=100000)
            _JIEBA.append(base)
        tk = _JIEBA[0]
        for key, kind, _ids, _how in cat.aliases:
            # jieba's own tokens are runs of Han characters, letters and digits: add the runs of each name.
            for part in re.findall(r"[\u4e00-\u9fffa-z0-9]+", key):
                if len(part) >= 2:
                    if tk.FREQ.get(part, 0) < 50000:
                        tk.add_word(part, freq=50000)
        cat.tokenizer = tk
    return cat.tokenizer


def _is_place(word: str) -> bool:
    """jieba's dictionary tags the word a place name (ns). Loads the tags (~1 s) only when asked."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab.get(word) == "ns"


_CACHE: dict = {}


def load_catalog(db_path) -> Catalog:
    """The database's names, cached per file (path, size, mtime)."""
    p = Path(db_path)
    st = p.stat()
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    cat = _CACHE.get(key)
    if cat is None:
        cat = _load_catalog(str(p))
        for stale in [k for k in _CACHE if k[0] == key[0]] + list(_CACHE)[:-3]:
            _CACHE.pop(stale, None)
        _CACHE[key] = cat
    return cat


# ---------------------------------------------------------------- reading the question

_FUNCTION_WORDS = set("""
的 是 为 有 多少 多少钱 钱 哪些 哪个 哪家 哪一个 哪几个 哪 什么 几个 几项 几家 几条 几 个 项 家 条 名 位
一共 总共 共 共计 合计 总计 总额 总数 总和 汇总 预算 预算数 金额 数额 额度 资金额 请问 请 列出 列举 告诉 我 一下 吗 呢 了 和 与 及 以及 或
分别 各 各自 每个 所有 全部 全 全局 本局 整体 最 多 少 最多 最少 最大 最小 最高 最低 前 排名 排行 倒数 超过 大于 高于 低于 小于 少于
不少于 不低于 不小于 不超过 不高于 不多于 不大于 至少 达到 不足 不到 以上 以下 以内 之间 及以上 及以下 万元 元 亿元 万 亿 千元 项目 单位 指标
年度 实施周期 周期 目标 目标值 指标值 值 占 占比 比例 比重 百分比 份额 财政 拨款 支出 数量 中 里 其中 在 对应 相关 包含 含有 含 提到 提及
涉及 关于 带有 带 出现 名称 名字 叫 叫做 这个 那个 该 这 那 些 其 它 它们 他们 具体 情况 内容 如何 怎样 怎么 多大 要求 设定 设置 定 定了
大 小 高 低 下 上 到 至 从 对 给 用 被 把 将 安排 部门 单位的 本 年 度 绩效 绩效指标 一级 二级 三级 类 字样 一词 词 关键词
表 这张表 本表 张 表格 全表 整张表 明细 清单 名单 所属 属于 下属 下面 下辖 之中 当中 总 计 加起来 一起 总的 还有 呢 吧 啊 么 看看 查 查询 查看 显示 给出 统计 计算 算
""".split())

#: question words that may also sit inside a name, between two of its words
_MID_NAME = {"单位", "项目", "财政", "资金", "经费", "支出", "数量", "年度", "绩效", "中", "和", "与", "及"}

#: words of every other project name: never a name by themselves
_GENERIC = {"资金", "经费", "补助", "补贴", "专项", "支出", "费用", "费", "项目", "年"}

_FUNCTION_CHARS = set("的是有为和与及或吗呢了么吧啊个项家条名位几多少各每全最前占中里在对给把将从到至这那该其")


@dataclass
class Parsed:
    raw: str
    qn: str
    qm: str  # qn with the matched names masked
    projects: list = field(default_factory=list)  # ProjRec, all that fit
    project_texts: list = field(default_factory=list)
    project_how: str = ""
    units: list = field(default_factory=list)
    unit_texts: list = field(default_factory=list)
    unit_pos: dict = field(default_factory=dict)  # unit id → where the question names it
    indicators: list = field(default_factory=list)  # IndRec
    indicator_texts: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    level1: list = field(default_factory=list)
    level2: list = field(default_factory=list)
    level_words: list = field(default_factory=list)
    keyword: Optional[str] = None
    keyword_where: str = "both"  # name | indicator | both
    threshold: Optional[tuple] = None  # (op, Decimal in the document's unit, text) or ("between", lo, hi, text)
    top_n: Optional[int] = None
    leftovers: list = field(default_factory=list)
    unknown: list = field(default_factory=list)  # reasons the data cannot answer
    scope: list = field(default_factory=list)
    period: bool = False
    annual: bool = False
    without_source: bool = False  # 没有其他资金
    page: Optional[int] = None  # 第9页


def _mask(qm: str, start: int, end: int) -> str:
    return qm[:start] + "□" * (end - start) + qm[end:]


def _subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(ch in it for ch in a)


def _abbrev_units(cat: Catalog, text: str, scope_units) -> list:
    """Units whose name `text` abbreviates: 人社局, 社保中心, 就业中心, 退管办, 公医办, 居保中心."""
    if len(text) < 3:
        return []
    hits = []
    for u in scope_units:
        core = unit_core(u.name)
        for full, short in (("委员会办公室", "办"), ("办公室", "办")):
            if core.endswith(full) and text.endswith(short) and not text.endswith(full):
                core = core[: -len(full)] + short
                break
        if core[-1] == text[-1] and _subsequence(text, core) and text[0] in core:
            hits.append(u)
    return hits


def parse(cat: Catalog, question: str) -> Parsed:
    raw = unicodedata.normalize("NFKC", question or "").strip()
    qn = norm(raw)
    pq = Parsed(raw=raw, qn=qn, qm=qn)
    scope = set(cat.scope_all)  # names of every year first; the year narrows them below

    # -- quoted keywords first (from the raw text: quotes are dropped by norm)
    quoted = re.findall(r"[“\"「『‘']([^”\"」』’']{1,30})[”\"」』’']", raw)

    # -- levels first (产出指标, 数量指标, 满意度指标…): 服务对象满意度 is also an indicator's name,
    #    but 服务对象满意度指标 asks for the level; unless the words sit inside a longer name.
    for m in re.finditer(r"(服务对象满意度|社会效益|经济效益|生态效益|可持续影响|产出|效益|满意度|数量|质量|时效|成本)(类)?指标", pq.qm):
        if any(len(key) > len(m.group(0)) and m.group(0) in key and key in pq.qm
               and pq.qm.find(key) <= m.start() < pq.qm.find(key) + len(key)
               for key, kind, _i, _h in cat.aliases if kind in ("project", "indicator")):
            continue
        w = m.group(1)
        l1 = [v for v in cat.level1 if v.startswith(w)]
        l2 = [v for v in cat.level2 if v.startswith(w)]
        if l1 and w not in ("社会效益", "经济效益", "生态效益", "可持续影响", "服务对象满意度"):
            pq.level1.extend(l1)
        elif l2:
            pq.level2.extend(l2)
        else:
            pq.level2.append(w + "指标")  # asked for, not in the data: matches nothing
        pq.level_words.append(m.group(0))
        pq.qm = _mask(pq.qm, m.start(), m.end() - 2)  # keep 指标 visible to the cue words

    # -- names: longest first, each stretch of the question claimed once
    project_ids, unit_ids, indicator_ids = [], [], []
    how_rank = {"exact": 0, "head": 1}
    best_how = None
    for key, kind, ids, how in cat.aliases:
        start = pq.qm.find(key)
        while start >= 0:
            end = start + len(key)
            if "□" not in pq.qm[start:end]:
                if kind == "project":
                    fits = [i for i in ids if cat.projects[i].doc_id in scope]
                    if how == "head":
                        # the head of one name may sit inside others (高校毕业生“三支一扶”计划补助资金
                        # is also in 2023年高校毕业生…): the question does not say which, so all of them
                        fits += [p.id for p in cat.projects.values() if p.doc_id in scope and key in norm(p.name)
                                 and p.id not in fits]
                    if fits:
                        project_ids.extend(fits)
                        pq.project_texts.append(key)
                        best_how = how if best_how is None or how_rank[how] < how_rank[best_how] else best_how
                elif kind == "unit":
                    unit_ids.extend(i for i in ids if cat.units[i].doc_id in scope)
                    pq.unit_texts.append(key)
                    for i in ids:
                        pq.unit_pos.setdefault(i, start)
                elif kind == "indicator":
                    indicator_ids.extend(ids)
                    pq.indicator_texts.append(key)
                elif kind == "source":
                    pq.sources.extend(s for s in ids if s not in pq.sources)
                pq.qm = _mask(pq.qm, start, end)
            start = pq.qm.find(key, start + 1)

    # A name typed with its trailing mark (人事档案信息化建设专项经费·) means that row only.
    if project_ids:
        marked = [i for i in project_ids if cat.projects[i].name[-1:] in _MARKS
                  and unicodedata.normalize("NFKC", cat.projects[i].name) in raw]
        if marked:
            keys = {norm(cat.projects[i].name) for i in marked}
            project_ids = [i for i in project_ids if i in marked or norm(cat.projects[i].name) not in keys]
    pq.project_how = best_how or ""

    pq.period = "实施周期" in pq.qm or "周期" in pq.qm
    pq.annual = "年度" in pq.qm

    pq.scope = sorted(scope)
    tk = _tokenizer(cat)
    for word in tk.cut(pq.qm):
        if re.fullmatch(r"[\u4e00-\u9fff]{2,}(省|市|区|县)", word) and word not in cat.places \
                and re.sub(r"(省|市|区|县)$", "", word) not in cat.places and _is_place(word):
            pq.unknown.append(f"数据中没有{word}的预算表")

    scope_units = [u for u in cat.units.values() if u.doc_id in pq.scope]
    # bodies named by a suffix (…局, …中心, …办): an abbreviation of a unit, or a body not in the data
    for m in re.finditer(r"[\u4e00-\u9fff]{2,16}?(?:委员会办公室|办公室|委员会|中心|局|厅|办(?![理结公])|委(?!员))", pq.qm):
        span = m.group(0)
        if span in ("全局", "本局", "该局", "我局", "各局", "当局", "结局", "布局", "格局", "大局", "中心"):
            continue
        # the body's name: the span less leading question words and places (广州市从化区…)
        toks = list(tk.cut(span))
        while toks and (toks[0] in _FUNCTION_WORDS or toks[0] in ("请问", "哪个", "哪些", "那么")
                        or all(ch in _FUNCTION_CHARS for ch in toks[0])):
            toks.pop(0)
        name = "".join(toks)
        found = []
        while True:
            core = _REGION.sub("", name) if _REGION.match(name) else name
            found = _abbrev_units(cat, core, scope_units) if len(core) >= 3 else []
            if found or len(name) <= 3 or name[0] not in _FUNCTION_CHARS:
                break
            name = name[1:]  # 占人社局: jieba's 占人 hid the particle
        if found:
            unit_ids.extend(u.id for u in found)
            pq.unit_texts.append(name)
            k = pq.qm.find(name, m.start())
            for u in found:
                pq.unit_pos.setdefault(u.id, k)
            pq.qm = _mask(pq.qm, k, k + len(name))
        elif name:
            pq.unknown.append(f"数据中没有“{name}”的记录")

    # -- the scope: another year
    # A year printed in project names (2023年高校毕业生…) is part of a name unless scope words follow it.
    year_scope = None
    names_years = {int(y) for p in cat.projects.values() for y in re.findall(r"((?:19|20)\d{2})年", p.name)}
    for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})\s*年(度)?(?P<scope>(?=的|预算|项目|财政|合计|总|部门|单位|支出|全部|所有|绩效|各|有|"
                         r"共|一共|其他|哪|$|\?|,|□))?", pq.qm):
        year = int(m.group(1))
        if year in names_years and m.group("scope") is None:
            continue
        in_year = [d for d in cat.scope_all if cat.docs[d].year == year]
        if not in_year:
            have = sorted({cat.docs[d].year for d in cat.scope_all if cat.docs[d].year})
            pq.unknown.append(f"数据中没有{year}年的预算表" + (f"（只有{'、'.join(map(str, have))}年的）" if have else
                                                               "（库中的表没有标明年度）"))
        else:
            year_scope = in_year
        pq.qm = _mask(pq.qm, m.start(), m.end())
    pq.scope = sorted(year_scope) if year_scope else sorted(cat.scope)

    pq.projects = sorted((cat.projects[i] for i in set(project_ids) if cat.projects[i].doc_id in pq.scope),
                         key=lambda p: p.id)
    pq.units = sorted((cat.units[i] for i in set(unit_ids) if cat.units[i].doc_id in pq.scope), key=lambda u: u.id)
    pq.indicators = [cat.indicators[i] for i in dict.fromkeys(indicator_ids)
                     if cat.projects[cat.indicators[i].project_id].doc_id in pq.scope]

    if pq.sources and re.search(r"(没有|无|不含|不包括|未安排)(□)+", pq.qm):
        pq.without_source = True
    m = re.search(r"第\s*(\d+)\s*页", pq.qm)
    if m:
        pq.page = int(m.group(1))
        pq.qm = _mask(pq.qm, m.start(), m.end())

    # -- numbers: a money threshold, a top N
    doc_unit = _money_unit(cat, pq.scope)
    num = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    money = r"(亿元|亿|万元|万|千元|百万元|元)"
    m = re.search(num + r"\s*" + money + r"?\s*(?:到|至|-|~|—)\s*" + num + r"\s*" + money + r"\s*(?:之间|以内)?", pq.qm)
    if m and (m.group(2) or m.group(4)):
        lo = _to_doc_unit(cn_number(m.group(1)), m.group(2) or m.group(4), doc_unit)
        hi = _to_doc_unit(cn_number(m.group(3)), m.group(4), doc_unit)
        if lo is not None and hi is not None:
            pq.threshold = ("between", lo, hi, m.group(0))
            pq.qm = _mask(pq.qm, m.start(), m.end())
    if pq.threshold is None:
        before = (r"(不少于|不低于|不小于|不超过|不高于|不多于|不大于|超过|大于|高于|多于|低于|少于|小于|不足|不到|至少|达到|"
                  r"等于|正好|恰好|是|为|在)?")
        after = r"(及以上|以上|及以下|以下|以内|之上|之下)?"
        for m in re.finditer(before + r"\s*" + num + r"\s*" + money + r"\s*" + after, pq.qm):
            op = _op(m.group(1), m.group(4))
            value = _to_doc_unit(cn_number(m.group(2)), m.group(3), doc_unit)
            if op and value is not None:
                pq.threshold = (op, value, m.group(0))
                pq.qm = _mask(pq.qm, m.start(), m.end())
                break
    m = re.search(r"(?:排名|排行)?前\s*(\d+|[一二两三四五六七八九十]+)\s*(?:个|名|项|位|家|大)?"
                  r"|(?:最多|最大|最高|最少|最小|最低)的\s*(\d+|[一二两三四五六七八九十]+)\s*(?:个|项|家|名|位)"
                  r"|哪\s*(\d+|[二两三四五六七八九十]+)\s*(?:个|项|家|名|位)", pq.qm)
    if m:
        n = cn_number(m.group(1) or m.group(2) or m.group(3))
        if n is not None and 0 < n < 1000:
            pq.top_n = int(n)

    # -- keyword: quoted, or after 包含 / 提到 / 涉及 …
    kw_m = (re.search(r"(包含|含有|提到|提及|涉及|带有|出现|含|关于|有关)(?:了)?([^的,?!。;:□]{1,20}?)"
                      r"(?=的|字样|这个词|一词|,|\?|$|□|项目|指标|单位)", pq.qm)
            or re.search(r"(和|与|跟|同)([^的,?!。;:□]{1,20}?)(?=有关|相关)", pq.qm))
    if quoted:
        pq.keyword = norm(quoted[0])
    elif kw_m and kw_m.group(2) and not re.fullmatch(r"[多少几个哪些什么]+", kw_m.group(2)):
        pq.keyword = kw_m.group(2)
    if pq.keyword:
        window = pq.qm[:kw_m.start()] if kw_m else pq.qm
        if re.search(r"指标", window) and not re.search(r"项目(的)?(名称|名字)|项目名", window):
            pq.keyword_where = "indicator"
        elif re.search(r"名称|名字|项目名|标题", window):
            pq.keyword_where = "name"
        # the keyword is not a name to look up: take it out of the question
        k = pq.qm.find(pq.keyword)
        if k >= 0:
            pq.qm = _mask(pq.qm, k, k + len(pq.keyword))
        # a keyword that is exactly a project/indicator name was claimed above: release it
        if pq.projects and all(t in norm(pq.keyword) for t in pq.project_texts):
            pq.projects, pq.project_texts = [], []
        if pq.indicators and all(t in norm(pq.keyword) for t in pq.indicator_texts):
            pq.indicators, pq.indicator_texts = [], []

    # -- what is left: jieba chunks; fuzzy names, name fragments, or names not in the data
    chunks, cur = [], ""
    words = list(tk.cut(pq.qm))

    def content(w: str) -> bool:
        return bool(re.fullmatch(r"[\u4e00-\u9fffa-z0-9()\-]+", w)) and w not in _FUNCTION_WORDS \
            and not re.fullmatch(r"([\d.]+|[零〇一二两三四五六七八九十百千万]+)(个|项|家|名|位|条|大)?", w)

    for n, w in enumerate(words):
        if re.fullmatch(r"(19|20)\d{2}", w) and n + 1 < len(words) and words[n + 1] == "年":
            cur += w + "年"  # a year left in the question is part of a name (2023年…)
        elif content(w) or (cur and w in _MID_NAME and n + 1 < len(words) and content(words[n + 1])):
            cur += w  # 单位, 项目, 财政 inside a name (区机关事业单位医保…) stay in it
        else:
            if cur:
                chunks.append(cur)
            cur = ""
    if cur:
        chunks.append(cur)
    for c in chunks:
        c = c.strip("()-")
        c = re.sub(r"^[的是有为和与及或在对给把将从]+|[的是有为和与及或了吗呢么吧]+$", "", c)
        if len(c) >= 2 and not all(ch in _FUNCTION_CHARS for ch in c) \
                and not all(t in _GENERIC for t in tk.cut(c)):
            pq.leftovers.append(c)
    _resolve_leftovers(cat, pq)
    return pq


def _op(before, after) -> Optional[str]:
    after_ops = {"及以上": "≥", "以上": "≥", "之上": ">", "及以下": "≤", "以下": "≤", "以内": "≤", "之下": "<"}
    before_ops = {"超过": ">", "大于": ">", "高于": ">", "多于": ">", "不少于": "≥", "不低于": "≥", "不小于": "≥",
                  "至少": "≥", "达到": "≥", "低于": "<", "少于": "<", "小于": "<", "不足": "<", "不到": "<",
                  "不超过": "≤", "不高于": "≤", "不多于": "≤", "不大于": "≤"}
    if before in before_ops:
        return before_ops[before]
    if after in after_ops:
        return after_ops[after]
    if before in ("等于", "正好", "恰好", "是", "为"):
        return "="
    return None


def _money_unit(cat: Catalog, scope) -> Optional[str]:
    units = {cat.docs[d].money_unit for d in scope}
    return units.pop() if len(units) == 1 else None


def _to_doc_unit(n: Optional[Decimal], unit: Optional[str], doc_unit: Optional[str]) -> Optional[Decimal]:
    if n is None:
        return None
    if not unit or not doc_unit or doc_unit not in _MONEY_FACTOR:
        return n
    return n * _MONEY_FACTOR[unit] / _MONEY_FACTOR[doc_unit]


def _resolve_leftovers(cat: Catalog, pq: Parsed) -> None:
    """Words left after the exact names: a typo of a name (rapidfuzz), a fragment of names, or unknown."""
    from rapidfuzz import fuzz, process

    if not pq.leftovers:
        return
    scope = set(pq.scope)
    projects = [p for p in cat.projects.values() if p.doc_id in scope]
    units = [u for u in cat.units.values() if u.doc_id in scope]
    inds = [i for i in cat.indicators.values() if cat.projects[i.project_id].doc_id in scope]
    still = []
    for chunk in pq.leftovers:
        if pq.keyword and (chunk in pq.keyword or pq.keyword in chunk):
            continue
        if len(chunk) >= 4 and not (pq.projects or pq.units or pq.indicators):
            choices = {}
            for p in projects:
                choices.setdefault(norm(p.name), ("project", []))[1].append(p.id)
                choices.setdefault(_head(p.name), ("project", []))[1].append(p.id)
            for u in units:
                choices.setdefault(unit_core(u.name), ("unit", []))[1].append(u.id)
            for i in inds:
                choices.setdefault(norm(i.name), ("indicator", []))[1].append(i.id)
            cutoff = 85 if len(chunk) < 8 else 80
            hits = process.extract(chunk, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff, limit=20)
            if hits:
                best = hits[0][1]
                top = [h[0] for h in hits if h[1] >= best - 0.01]
                kinds = {choices[k][0] for k in top}
                kind = "project" if "project" in kinds else ("unit" if "unit" in kinds else "indicator")
                ids = list(dict.fromkeys(i for k in top if choices[k][0] == kind for i in choices[k][1]))
                if kind == "project":
                    pq.projects = [cat.projects[i] for i in ids]
                    pq.project_texts.append(chunk)
                    pq.project_how = "fuzzy"
                elif kind == "unit":
                    pq.units = [cat.units[i] for i in ids]
                    pq.unit_texts.append(chunk)
                else:
                    pq.indicators = [cat.indicators[i] for i in ids]
                    pq.indicator_texts.append(chunk)
                continue
        # a fragment of names (三支一扶, 医保, 临聘): projects whose name holds it
        in_names = [p for p in projects if chunk in norm(p.name)]
        in_units = [u for u in units if chunk in norm(u.name)]
        in_inds = [i for i in inds if chunk in norm(i.name)]
        words = chunk
        if not (in_names or in_units or in_inds):
            # its words, each in the name (2023年三支一扶补助资金 → 2023年, 三支一扶, 补助资金)
            parts = list(dict.fromkeys(t for t in cat.tokenizer.cut(chunk) if len(t) >= 2 and t not in _FUNCTION_WORDS))
            if 2 <= len(parts) <= 8 and not all(t in _GENERIC for t in parts):
                in_names = [p for p in projects if all(t in norm(p.name) for t in parts)]
                words = " ".join(parts)
        if in_names or in_units or in_inds:
            if not pq.keyword:
                pq.keyword = words
                pq.keyword_where = "fragment"
                k = pq.qm.find(chunk)
                if k >= 0:
                    pq.qm = _mask(pq.qm, k, k + len(chunk))
            continue
        still.append(chunk)
    pq.leftovers = still


# ---------------------------------------------------------------- planning and answering

_C = {
    "share": r"占比|占.{0,16}(比例|比重|百分比|多少|几成|份额)|比重|百分之几|份额",
    "rank": r"最多|最大|最高|最少|最小|最低|排名|排行|倒数|前\s*[\d一二两三四五六七八九十]+\s*(个|名|项|位|家|大)?",
    "count": r"几个|几项|几家|几条|多少个|多少项|多少家|多少条|个数|数量|总数|有几|多少种",
    "list": r"哪些|哪几|什么|列出|列举|清单|名单|有哪|都有|分别是|包括|明细|是哪",
    "total": r"合计|总计|总额|一共|总共|共计|总预算|全部|所有|全局|整体|加起来|总金额|汇总|总和|总数",
    "amount": r"多少|金额|预算|拨款|钱|数额|额度|安排|资金|经费",
    "which": r"哪个|哪些|哪家|哪一个|哪几个|是什么|什么|名称|是哪",
    "target": r"目标|指标值|要求|达到|是多少|多少|设定|定了|值",
    "min": r"最少|最小|最低|倒数|少的|低的|小的",
}


def _has(pq: Parsed, cue: str) -> bool:
    return re.search(_C[cue], pq.qm) is not None


def _subject(pq: Parsed) -> str:
    """What the question counts or ranks: projects (default), units or indicators."""
    qm = pq.qm
    m = re.search(r"(?:哪个|哪些|哪家|哪一个|哪几个|几个|多少个|几家|多少家|几项|多少项|多少条|各)\s*(?:绩效)?(项目|单位|指标)", qm)
    if m:
        return {"项目": "project", "单位": "unit", "指标": "indicator"}[m.group(1)]
    m = re.search(r"(项目|单位|指标)\s*(?:有几|有多少|数量|个数|总数|一共有|共有|最多|最少)", qm)
    if m:
        return {"项目": "project", "单位": "unit", "指标": "indicator"}[m.group(1)]
    if re.search(r"单位", qm) and not pq.units:
        return "unit"
    if re.search(r"指标", qm) and (pq.projects or pq.level1 or pq.level2):
        return "indicator"
    return "project"


def _kw(keyword: str) -> str:
    return keyword.replace(" ", "”“")


def _like(column: str, keyword: str) -> str:
    """`column` holds every word of `keyword` (words split by spaces), quotes in names ignored."""
    conds = []
    for kw in keyword.split():
        kw = kw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(f"REPLACE(REPLACE(REPLACE(REPLACE({column}, '“', ''), '”', ''), '（', '('), '）', ')') "
                     f"LIKE {lit('%' + kw + '%')} ESCAPE '\\'")
    return conds[0] if len(conds) == 1 else "(" + " AND ".join(conds) + ")"


class Engine:
    def __init__(self, cat: Catalog, pq: Parsed):
        self.cat, self.pq = cat, pq
        self.db = cat.db_path
        self.multi = len(cat.docs) > 1
        self.money_unit = _money_unit(cat, pq.scope)

    # ---- helpers
    def m(self, d) -> str:
        return fmt_amount(d, self.money_unit)

    def doc_pred(self, alias: str) -> str:
        if not self.multi:
            return ""
        return f" AND {alias}.document_id IN ({', '.join(map(str, self.pq.scope))})"

    def proj_pred(self, projects, alias="p") -> str:
        by_name = defaultdict(list)
        for p in projects:
            by_name[p.name].append(p)
        scope = set(self.pq.scope)
        parts = []
        for name, ps in by_name.items():
            same = [q for q in self.cat.projects.values() if q.name == name and q.doc_id in scope]
            if len(same) == len(ps):
                parts.append(f"{alias}.name = {lit(name)}")
            else:
                unit_names = {p.unit_name for p in ps}
                same_units = [q for q in same if q.unit_name in unit_names]
                if len(same_units) == len(ps):
                    parts += [f"({alias}.name = {lit(name)} AND {alias}.unit_name = {lit(u)})" for u in sorted(unit_names)]
                else:
                    parts.append(f"{alias}.id IN ({', '.join(str(p.id) for p in ps)})")
        return "(" + " OR ".join(parts) + ")" + self.doc_pred(alias)

    def unit_pred(self, units, alias="u") -> str:
        names = sorted({u.name for u in units})
        pred = (f"{alias}.name = {lit(names[0])}" if len(names) == 1
                else f"{alias}.name IN ({', '.join(lit(n) for n in names)})")
        return pred + self.doc_pred(alias)

    def run(self, sql: str) -> list[dict]:
        return _q(self.db, tidy_sql(sql))

    def cite_project(self, pid, amount=None, indicator=None, target=None) -> dict:
        p = self.cat.projects[pid]
        u = self.cat.units.get(p.unit_id)
        return {"document": self.cat.docs[p.doc_id].filename, "unit": p.unit_name, "project": p.name,
                "page": p.first_page, "pages": p.pages, "amount": None if amount is None else str(amount),
                "indicator": indicator, "target": target,
                "record": f"units[{u.seq - 1}].projects[{p.seq - 1}]" if u else None}

    def cite_unit(self, uid, amount=None) -> dict:
        u = self.cat.units[uid]
        return {"document": self.cat.docs[u.doc_id].filename, "unit": u.name, "project": None,
                "page": min(u.pages) if u.pages else None, "pages": u.pages,
                "amount": None if amount is None else str(amount), "indicator": None, "target": None,
                "record": f"units[{u.seq - 1}]"}

    def cite_total(self, doc_id, amount=None) -> dict:
        d = self.cat.docs[doc_id]
        pages = sorted({pg for u in self.cat.units.values() if u.doc_id == doc_id for pg in u.pages})
        return {"document": d.filename, "unit": None, "project": "合计", "page": pages[0] if pages else None,
                "pages": pages[:1], "amount": None if amount is None else str(amount), "indicator": None,
                "target": None, "record": "totals"}

    def cite_searched(self) -> list[dict]:
        """A count of 0 rests on every page searched: cite the documents, all their pages."""
        out = []
        for doc_id in self.pq.scope:
            pages = sorted({pg for u in self.cat.units.values() if u.doc_id == doc_id for pg in u.pages}
                           | {pg for p in self.cat.projects.values() if p.doc_id == doc_id for pg in p.pages})
            out.append({"document": self.cat.docs[doc_id].filename, "unit": None, "project": None,
                        "page": pages[0] if pages else None, "pages": pages, "amount": None, "indicator": None,
                        "target": None, "record": "document"})
        return out

    def source_label(self) -> str:
        return self.pq.sources[0] if self.pq.sources else "预算（总计）"

    def src(self) -> Optional[str]:
        return self.pq.sources[0] if self.pq.sources else None

    # ---- the plans
    def amount_projects(self, projects, sum_them=False) -> Answer:
        s = self.src()
        if s:
            sql = (f"SELECT p.id, p.unit_name, p.name, a.amount AS amount, p.first_page FROM projects p "
                   f"LEFT JOIN amounts a ON a.record_type = 'project' AND a.project_id = p.id AND a.source = {lit(s)} "
                   f"WHERE {self.proj_pred(projects)} ORDER BY p.id")
        else:
            sql = (f"SELECT p.id, p.unit_name, p.name, p.total AS amount, p.first_page FROM projects p "
                   f"WHERE {self.proj_pred(projects)} ORDER BY p.id")
        rows = self.run(sql)
        label = s or "预算"
        amounts = [_dec(r["amount"]) or Decimal(0) if s else _dec(r["amount"]) for r in rows]
        cites = [self.cite_project(r["id"], r["amount"]) for r in rows]
        if len(rows) == 1:
            r, a = rows[0], amounts[0]
            empty = "（该栏为空）" if s and r["amount"] is None else ""
            return Answer(answer=f"{r['unit_name']}「{r['name']}」的{label}为{self.m(a)}{empty}（第{r['first_page']}页）。",
                          value=a, citations=cites, sql=sql, kind="amount")
        parts = [f"{r['unit_name']}「{r['name']}」{self.m(a)}（第{r['first_page']}页）" for r, a in zip(rows, amounts)]
        if sum_them:
            tot = sum((a for a in amounts if a is not None), Decimal(0))
            return Answer(answer=f"{len(rows)}个项目的{label}合计{self.m(tot)}：" + "；".join(parts) + "。",
                          value=tot, citations=cites, sql=sql, kind="amount")
        lead = (f"“{self.pq.project_texts[0]}”对应{len(rows)}个项目" if self.pq.project_texts
                else f"共{len(rows)}个项目")
        return Answer(answer=f"{lead}，{label}分别为：" + "；".join(parts) + "。", value=amounts, citations=cites,
                      sql=sql, kind="amount")

    def amount_units(self, units, sum_them=False) -> Answer:
        s = self.src()
        if s:
            sql = (f"SELECT u.id, u.name, a.amount AS amount, u.pages FROM units u "
                   f"LEFT JOIN amounts a ON a.record_type = 'unit' AND a.unit_id = u.id AND a.source = {lit(s)} "
                   f"WHERE {self.unit_pred(units)} ORDER BY u.id")
        else:
            sql = f"SELECT u.id, u.name, u.total AS amount, u.pages FROM units u WHERE {self.unit_pred(units)} ORDER BY u.id"
        rows = self.run(sql)
        label = s or "预算"
        amounts = [(_dec(r["amount"]) or Decimal(0)) if s else _dec(r["amount"]) for r in rows]
        cites = [self.cite_unit(r["id"], r["amount"]) for r in rows]
        note = ""
        for r in rows:
            u = self.cat.units[r["id"]]
            d = self.cat.docs[u.doc_id]
            if d.department and norm(d.department) == norm(u.name) and len(self.cat.units) > 1:
                dep = _dec(d.sources.get(s)) if s else d.total
                note = f"（这是{u.name}本级；全部门合计{self.m(dep)}）"
        if len(rows) == 1:
            r, a = rows[0], amounts[0]
            return Answer(answer=f"{r['name']}的{label}为{self.m(a)}{note}。", value=a, citations=cites, sql=sql,
                          kind="amount")
        parts = [f"{r['name']}{self.m(a)}" for r, a in zip(rows, amounts)]
        if sum_them:
            tot = sum((a for a in amounts if a is not None), Decimal(0))
            return Answer(answer=f"{len(rows)}个单位的{label}合计{self.m(tot)}：" + "；".join(parts) + "。",
                          value=tot, citations=cites, sql=sql, kind="amount")
        return Answer(answer=f"{len(rows)}个单位的{label}分别为：" + "；".join(parts) + "。", value=amounts,
                      citations=cites, sql=sql, kind="amount")

    def total(self) -> Answer:
        s = self.src()
        scope = ", ".join(map(str, self.pq.scope))
        if s:
            sql = (f"SELECT d.id AS document_id, d.filename, da.amount AS doc_amount, u.id AS unit_id, u.name, "
                   f"ua.amount AS amount FROM documents d JOIN units u ON u.document_id = d.id "
                   f"LEFT JOIN amounts da ON da.record_type = 'totals' AND da.document_id = d.id AND da.source = {lit(s)} "
                   f"LEFT JOIN amounts ua ON ua.record_type = 'unit' AND ua.unit_id = u.id AND ua.source = {lit(s)} "
                   f"WHERE d.id IN ({scope}) ORDER BY d.id, u.seq")
        else:
            sql = (f"SELECT d.id AS document_id, d.filename, d.total AS doc_amount, u.id AS unit_id, u.name, "
                   f"u.total AS amount FROM documents d JOIN units u ON u.document_id = d.id "
                   f"WHERE d.id IN ({scope}) ORDER BY d.id, u.seq")
        rows = self.run(sql)
        if not rows:
            return nothing("数据中没有可合计的记录。", sql)
        by_doc = {}
        for r in rows:
            by_doc.setdefault(r["document_id"], r)
        tot = Decimal(0)
        printed = True
        for d, r in by_doc.items():
            v = _dec(r["doc_amount"])
            if v is None:  # no 合计 printed (or an empty column): the sum of the units
                v = sum((_dec(x["amount"]) or Decimal(0) for x in rows if x["document_id"] == d), Decimal(0))
                printed = False
            tot += v
        cites = [self.cite_total(d, by_doc[d]["doc_amount"]) for d in by_doc]
        cites += [self.cite_unit(r["unit_id"], r["amount"]) for r in rows if r["amount"] is not None]
        label = s or "预算"
        where = "、".join(self.cat.docs[d].department or self.cat.docs[d].filename for d in by_doc)
        how = "（合计行）" if printed else "（各单位之和）"
        parts = "；".join(f"{r['name']}{self.m(_dec(r['amount']))}" for r in rows if r["amount"] is not None)
        if not parts:
            return Answer(answer=f"{where}的{label}一栏为空：没有单位有{label}，合计{self.m(tot)}。", value=tot,
                          citations=cites, sql=sql, kind="total")
        return Answer(answer=f"{where}的{label}合计{self.m(tot)}{how}。其中：{parts}。", value=tot, citations=cites,
                      sql=sql, kind="total")

    def share(self) -> Answer:
        pq = self.pq
        s = self.src()
        qm = pq.qm
        k = qm.find("占")
        # the denominator: a unit named after 占, else the whole table
        after_units = [u for u in pq.units if k >= 0 and pq.unit_pos.get(u.id, -1) > k]
        denom_unit = None
        num_units = pq.units
        if pq.projects and (pq.units or re.search(r"本单位|所在单位|所属单位|单位(预算|总)", qm)):
            denom_unit = pq.units[0] if pq.units else self.cat.units[pq.projects[0].unit_id]
        elif len(pq.units) > 1 and after_units:
            denom_unit = after_units[0]
            num_units = [u for u in pq.units if u is not denom_unit]
        if denom_unit is not None:
            dep = self.cat.docs[denom_unit.doc_id].department
            outside = (any(u.id != denom_unit.id for u in num_units) if not pq.projects
                       else any(p.unit_id != denom_unit.id for p in pq.projects))
            if dep and norm(dep) == norm(denom_unit.name) and outside:
                denom_unit = None  # 占人社局预算: the department's, not its own unit's row
        if pq.projects:
            if s:
                sql = (f"SELECT p.id, p.unit_name, p.name, a.amount AS amount, p.document_id FROM projects p LEFT JOIN amounts a "
                       f"ON a.record_type = 'project' AND a.project_id = p.id AND a.source = {lit(s)} "
                       f"WHERE {self.proj_pred(pq.projects)} ORDER BY p.id")
            else:
                sql = (f"SELECT p.id, p.unit_name, p.name, p.total AS amount, p.document_id FROM projects p "
                       f"WHERE {self.proj_pred(pq.projects)} ORDER BY p.id")
        elif num_units:
            if s:
                sql = (f"SELECT u.id, u.name, a.amount AS amount, u.document_id FROM units u LEFT JOIN amounts a "
                       f"ON a.record_type = 'unit' AND a.unit_id = u.id AND a.source = {lit(s)} "
                       f"WHERE {self.unit_pred(num_units)} ORDER BY u.id")
            else:
                sql = (f"SELECT u.id, u.name, u.total AS amount, u.document_id FROM units u "
                       f"WHERE {self.unit_pred(num_units)} ORDER BY u.id")
        elif s:
            sql = (f"SELECT d.id, d.filename AS name, a.amount AS amount, d.id AS document_id FROM documents d "
                   f"LEFT JOIN amounts a ON a.record_type = 'totals' AND a.document_id = d.id AND a.source = {lit(s)} "
                   f"WHERE d.id IN ({', '.join(map(str, pq.scope))})")
        else:
            return nothing("没有识别出要算占比的项目、单位或资金来源。", "")
        # the denominator, in the same query
        own = num_units and not pq.projects and re.search(r"占(它|其|本单位|自身|该单位|自己|单位)", qm)
        if own:
            dsql = "(SELECT total FROM units WHERE id = x.id)"
            dlabel = "本单位预算"
        elif denom_unit is not None:
            dsql = f"(SELECT total FROM units WHERE id = {denom_unit.id})"
            dlabel = f"{denom_unit.name}预算"
        elif pq.projects or num_units:
            # the same source across the table when the question says so (占全部财政拨款), else the 总计
            if s and re.search(r"占.{0,6}" + re.escape(norm(s)), pq.qn):
                dsql = (f"(SELECT amount FROM amounts WHERE record_type = 'totals' AND source = {lit(s)} "
                        f"AND document_id = x.document_id)")
                dlabel = f"全部{s}"
            else:
                dsql = "(SELECT total FROM documents WHERE id = x.document_id)"
                dlabel = "预算总计"
        else:
            dsql = "(SELECT total FROM documents WHERE id = x.document_id)"
            dlabel = "预算总计"
        sql = f"SELECT x.*, {dsql} AS denominator FROM ({sql}) AS x"
        rows = self.run(sql)
        vals, parts, cites = [], [], []
        for r in rows:
            a, dd = _dec(r["amount"]) or Decimal(0), _dec(r["denominator"])
            if not dd:
                continue
            pct = (a * 100 / dd).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            vals.append(pct)
            name = r.get("name")
            parts.append(f"{r.get('unit_name') + '「' + name + '」' if r.get('unit_name') else name}"
                         f"{self.m(a)}，占{dlabel}{self.m(dd)}的{pct}%")
            if pq.projects:
                cites.append(self.cite_project(r["id"], r["amount"]))
            elif num_units:
                cites.append(self.cite_unit(r["id"], r["amount"]))
            else:
                cites.append(self.cite_total(r["id"], r["amount"]))
        if denom_unit is not None:
            cites.append(self.cite_unit(denom_unit.id, rows[0]["denominator"] if rows else None))
        elif rows:
            cites.append(self.cite_total(rows[0]["document_id"], rows[0]["denominator"]))
        if not vals:
            return nothing("数据中没有可用来计算占比的金额。", sql)
        if not pq.projects and not num_units:
            parts = [f"{s}{self.m(_dec(rows[0]['amount']) or Decimal(0))}，占{dlabel}{self.m(_dec(rows[0]['denominator']))}的{vals[0]}%"]
        return Answer(answer="；".join(parts) + "。", value=vals[0] if len(vals) == 1 else vals, citations=cites,
                      sql=sql, kind="share")

    def _amount_expr(self, record: str) -> tuple[str, str]:
        """(join, expression) for the amount ranked or compared: 总计 or one source."""
        s = self.src()
        alias = "p" if record == "project" else "u"
        if s:
            return (f" LEFT JOIN amounts a ON a.record_type = '{record}' AND a.{record}_id = {alias}.id "
                    f"AND a.source = {lit(s)}", "a.amount")
        return "", f"{alias}.total"

    def rank(self, subject: str) -> Answer:
        pq = self.pq
        desc = not re.search(_C["min"], pq.qm)
        n = pq.top_n or 1
        by_count = None
        if subject == "unit" and re.search(r"项目(数|个数|数量)?(最多|最少)", pq.qm) and not pq.sources:
            by_count = "project"
        if re.search(r"指标(数|个数|数量)?(最多|最少)", pq.qm) and subject in ("project", "unit"):
            by_count = "indicator" if subject == "project" else "unit_indicator"
        if subject == "indicator":
            return nothing("指标没有金额，无法排序；可以问某个项目的指标。", "")
        if by_count == "project":
            inner = (f"SELECT u.id, u.name, COUNT(p.id) AS amount FROM units u LEFT JOIN projects p ON p.unit_id = u.id "
                     f"WHERE 1 = 1{self.doc_pred('u')} GROUP BY u.id")
        elif by_count == "unit_indicator":
            inner = (f"SELECT u.id, u.name, COUNT(i.id) AS amount FROM units u LEFT JOIN projects p ON p.unit_id = u.id "
                     f"LEFT JOIN indicators i ON i.project_id = p.id WHERE 1 = 1{self.doc_pred('u')} GROUP BY u.id")
        elif by_count == "indicator":
            where = f" AND p.unit_id IN ({', '.join(str(u.id) for u in pq.units)})" if pq.units else ""
            inner = (f"SELECT p.id, p.unit_name, p.name, COUNT(i.id) AS amount FROM projects p "
                     f"LEFT JOIN indicators i ON i.project_id = p.id WHERE 1 = 1{where}{self.doc_pred('p')} GROUP BY p.id")
        elif subject == "unit":
            join, expr = self._amount_expr("unit")
            inner = f"SELECT u.id, u.name, {expr} AS amount FROM units u{join} WHERE {expr} IS NOT NULL{self.doc_pred('u')}"
        else:
            join, expr = self._amount_expr("project")
            where, _ = self._project_filter()  # within a unit, among matched names, or names with a keyword
            inner = (f"SELECT p.id, p.unit_name, p.name, {expr} AS amount FROM projects p{join} "
                     f"WHERE {expr} IS NOT NULL AND {where}")
        order = "DESC" if desc else "ASC"
        sql = (f"SELECT * FROM (SELECT x.*, RANK() OVER (ORDER BY CAST(x.amount AS REAL) {order}) AS rnk "
               f"FROM ({inner}) AS x) WHERE rnk <= {n} ORDER BY rnk, id")
        rows = self.run(sql)
        if not rows:
            return nothing("数据中没有可排序的记录。", sql)
        # CAST … AS REAL only orders; the figures stay Decimal, and ties are kept.
        rows.sort(key=lambda r: (-(_dec(r["amount"]) or 0) if desc else (_dec(r["amount"]) or 0), r["id"]))
        is_unit = subject == "unit"
        cites = [self.cite_unit(r["id"], r["amount"]) if is_unit else self.cite_project(r["id"], r["amount"]) for r in rows]
        what = "单位" if is_unit else "项目"
        fig = (lambda r: f"{r['amount']}个项目") if by_count == "project" else \
              (lambda r: f"{r['amount']}个指标") if by_count in ("indicator", "unit_indicator") else \
              (lambda r: self.m(_dec(r["amount"])))
        measure = {"project": "项目数", "indicator": "指标数", "unit_indicator": "指标数"}.get(by_count, self.src() or "预算")
        _, among = self._project_filter()
        scope = "" if is_unit or not among else among + "的项目中，"
        adj = "最多" if desc else "最少"
        label = lambda r: r["name"] if is_unit else f"「{r['name']}」（{r['unit_name']}）"  # noqa: E731
        names = [r["name"] for r in rows]
        wants_amount = not _has(pq, "which") and re.search(r"多少|金额是|几", pq.qm) and n == 1 and by_count is None
        if n == 1:
            if len(rows) == 1:
                r = rows[0]
                text = f"{scope}{measure}{adj}的{what}是{label(r)}：{fig(r)}。"
                value = _dec(r["amount"]) if wants_amount else r["name"]
            else:
                text = f"{scope}{measure}{adj}的{what}有{len(rows)}个并列：" + "；".join(f"{label(r)}{fig(r)}" for r in rows) + "。"
                value = [_dec(r["amount"]) for r in rows] if wants_amount else names
        else:
            text = (f"{scope}{measure}{adj}的前{n}个{what}：" + "；".join(f"{i + 1}. {label(r)}{fig(r)}" for i, r in enumerate(rows))
                    + ("（有并列）" if len(rows) > n else "") + "。")
            value = names
        return Answer(answer=text, value=value, citations=cites, sql=sql, kind="rank")

    def _project_filter(self) -> tuple[str, str]:
        """(where, description) for the projects a count/list/threshold question is about."""
        pq = self.pq
        conds, desc = [], []
        if pq.units:
            conds.append(f"p.unit_id IN ({', '.join(str(u.id) for u in pq.units)})")
            desc.append("、".join(u.name for u in pq.units))
        if pq.projects:
            conds.append(self.proj_pred(pq.projects))
            if pq.project_texts:
                desc.append(f"名为“{pq.project_texts[0]}”")
        if pq.page is not None:
            conds.append(f"(',' || REPLACE(REPLACE(REPLACE(p.pages, '[', ''), ']', ''), ' ', '') || ',') "
                         f"LIKE '%,{int(pq.page)},%'")
            desc.append(f"在第{pq.page}页")
        if pq.keyword:
            name_c = _like("p.name", pq.keyword)
            ind_c = f"EXISTS (SELECT 1 FROM indicators i WHERE i.project_id = p.id AND {_like('i.name', pq.keyword)})"
            if pq.keyword_where == "name":
                conds.append(name_c)
                desc.append(f"名称含“{_kw(pq.keyword)}”")
            elif pq.keyword_where == "indicator":
                conds.append(ind_c)
                desc.append(f"指标提到“{_kw(pq.keyword)}”")
            else:
                conds.append(f"({name_c} OR {ind_c})")
                desc.append(f"名称或指标含“{_kw(pq.keyword)}”")
        return (" AND ".join(conds) or "1 = 1") + self.doc_pred("p"), "，".join(desc)

    def _threshold_sql(self, record: str) -> tuple[str, str, str]:
        join, expr = self._amount_expr(record)
        t = self.pq.threshold
        sqlop = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
        if t[0] == "between":
            cond = f"CAST({expr} AS REAL) BETWEEN {t[1]} AND {t[2]}"
            desc = f"{self.source_label()}在{self.m(t[1])}到{self.m(t[2])}之间"
        else:
            cond = f"CAST({expr} AS REAL) {sqlop[t[0]]} {t[1]}"
            word = {"≥": "不少于", "≤": "不超过", ">": "超过", "<": "低于", "=": "为"}[t[0]]
            desc = f"{self.source_label()}{word}{self.m(t[1])}"
        return join, f"{expr} IS NOT NULL AND {cond}", desc

    def list_or_count_projects(self, count: bool) -> Answer:
        pq = self.pq
        where, desc = self._project_filter()
        join, expr = self._amount_expr("project")
        if pq.sources and not pq.threshold:
            where += f" AND {expr} IS {'' if pq.without_source else 'NOT '}NULL"
            desc = "，".join(x for x in (desc, f"{'没' if pq.without_source else ''}有{pq.sources[0]}") if x)
        if pq.threshold:
            join, cond, tdesc = self._threshold_sql("project")
            where += f" AND {cond}"
            desc = "，".join(x for x in (desc, tdesc) if x)
        shown = "p.total" if pq.without_source else expr  # 没有其他资金: show the 总计
        sql = (f"SELECT COUNT(*) OVER () AS n, p.id, p.unit_name, p.name, {shown} AS amount, p.first_page "
               f"FROM projects p{join} WHERE {where} ORDER BY p.unit_id, p.seq")
        rows = self.run(sql)
        cites = [self.cite_project(r["id"], r["amount"]) for r in rows]
        label = (desc + "的项目") if desc else "项目"
        if count:
            n = rows[0]["n"] if rows else 0
            extra = "：" + "；".join(f"「{r['name']}」（{r['unit_name']}，{self.m(_dec(r['amount']))}，第{r['first_page']}页）"
                                    for r in rows) if rows and len(rows) <= 12 else ""
            return Answer(answer=f"{label}共{n}个{extra}。", value=n, citations=cites or self.cite_searched(), sql=sql,
                          kind="count")
        if not rows:
            return Answer(answer=f"没有{label}。", value=[], citations=[], sql=sql, kind="list")
        return Answer(answer=f"{label}共{len(rows)}个：" + "；".join(
            f"「{r['name']}」（{r['unit_name']}，{self.m(_dec(r['amount']))}，第{r['first_page']}页）" for r in rows) + "。",
            value=[r["name"] for r in rows], citations=cites, sql=sql, kind="list")

    def list_or_count_units(self, count: bool) -> Answer:
        pq = self.pq
        join, expr = self._amount_expr("unit")
        where, desc = "1 = 1", ""
        if pq.sources:
            where = f"{expr} IS {'' if pq.without_source else 'NOT '}NULL"
            desc = f"{'没' if pq.without_source else ''}有{pq.sources[0]}"
        if pq.threshold:
            join, where, desc = self._threshold_sql("unit")
        shown = "u.total" if pq.without_source else expr
        sql = (f"SELECT COUNT(*) OVER () AS n, u.id, u.name, {shown} AS amount FROM units u{join} "
               f"WHERE {where}{self.doc_pred('u')} ORDER BY u.document_id, u.seq")
        rows = self.run(sql)
        cites = [self.cite_unit(r["id"], r["amount"]) for r in rows]
        label = (desc + "的单位") if desc else "单位"
        body = "；".join(f"{r['name']}（{self.m(_dec(r['amount']))}）" for r in rows)
        if count:
            n = rows[0]["n"] if rows else 0
            return Answer(answer=f"{label}共{n}个" + (f"：{body}" if rows else "") + "。", value=n,
                          citations=cites or self.cite_searched(), sql=sql, kind="count")
        if not rows:
            return Answer(answer=f"没有{label}。", value=[], citations=[], sql=sql, kind="list")
        return Answer(answer=f"{label}共{len(rows)}个：{body}。", value=[r["name"] for r in rows], citations=cites,
                      sql=sql, kind="list")

    def indicators(self, count: bool = False, target: bool = False) -> Answer:
        pq = self.pq
        conds = []
        if pq.projects:
            conds.append(self.proj_pred(pq.projects))
        if pq.units and not pq.projects:
            conds.append(f"p.unit_id IN ({', '.join(str(u.id) for u in pq.units)})")
        if pq.indicators:
            names = sorted({i.name for i in pq.indicators})
            conds.append(f"i.name IN ({', '.join(lit(n) for n in names)})")
        if pq.level1:
            conds.append(f"i.level1 IN ({', '.join(lit(v) for v in dict.fromkeys(pq.level1))})")
        if pq.level2:
            conds.append(f"i.level2 IN ({', '.join(lit(v) for v in dict.fromkeys(pq.level2))})")
        if pq.keyword and not pq.indicators:
            conds.append(_like("i.name", pq.keyword))
        sql = (f"SELECT i.id, p.id AS project_id, p.unit_name, p.name AS project, p.first_page, i.seq, i.level1, "
               f"i.level2, i.name, i.period_raw, i.annual_raw FROM indicators i JOIN projects p ON p.id = i.project_id "
               f"WHERE {' AND '.join(conds) or '1 = 1'}{self.doc_pred('p')} ORDER BY p.unit_id, p.seq, i.seq")
        rows = self.run(sql)
        field_ = "period_raw" if pq.period and not pq.annual else "annual_raw"
        flabel = "实施周期指标值" if field_ == "period_raw" else "年度指标值"
        cites = [self.cite_project(r["project_id"], indicator=r["name"], target=r[field_]) for r in rows]
        levels = "、".join(pq.level_words)
        who = ("、".join(f"「{n}」" for n in dict.fromkeys(p.name for p in pq.projects)) if pq.projects
               else "、".join(u.name for u in pq.units))
        if not rows:
            what = f"{who}的{levels or '绩效指标'}" if who else (levels or "这样的指标")
            if pq.indicators or pq.level1 or pq.level2 or pq.keyword:
                return Answer(answer=f"数据中没有{what}。", value=None if target else ([] if not count else 0),
                              citations=[], sql=sql, kind="indicators")
            return nothing(f"数据中没有{what}。", sql)
        if target:
            vals = [r[field_] for r in rows]
            parts = [f"「{r['project']}」（{r['unit_name']}，第{r['first_page']}页）的“{r['name']}”{flabel}为{r[field_]}"
                     + (f"（实施周期{r['period_raw']}）" if field_ == "annual_raw" and r["period_raw"] != r["annual_raw"] else "")
                     for r in rows]
            value = vals[0] if len(set(vals)) == 1 else vals
            return Answer(answer="；".join(parts) + "。", value=value, citations=cites, sql=sql, kind="target")
        by_project = defaultdict(list)
        for r in rows:
            by_project[(r["project_id"], r["project"], r["unit_name"], r["first_page"])].append(r)
        n = len(rows)
        if count:
            parts = [f"「{k[1]}」（{k[2]}，第{k[3]}页）{len(v)}个" for k, v in by_project.items()]
            return Answer(answer=f"{levels or '绩效指标'}共{n}个：" + "；".join(parts) + "。", value=n,
                          citations=cites, sql=sql, kind="count")
        parts = []
        for k, v in by_project.items():
            items = "；".join(f"{r['seq']}. {r['name']}（{r['level1']}/{r['level2']}，{flabel}{r[field_]}）" for r in v)
            parts.append(f"「{k[1]}」（{k[2]}，第{k[3]}页）的{levels or '绩效指标'}{len(v)}个：{items}")
        lead = (f"“{pq.project_texts[0]}”对应{len(by_project)}个项目。" if pq.project_texts and len(by_project) > 1 else "")
        return Answer(answer=lead + "\n".join(parts), value=list(dict.fromkeys(r["name"] for r in rows)),
                      citations=cites, sql=sql, kind="indicators")

    def sources_of(self) -> Answer:
        """资金来源: the funding sources of projects or units, with their amounts."""
        pq = self.pq
        if pq.projects:
            sql = (f"SELECT p.id, p.unit_name, p.name, a.source, a.amount FROM projects p JOIN amounts a "
                   f"ON a.record_type = 'project' AND a.project_id = p.id WHERE {self.proj_pred(pq.projects)} "
                   f"ORDER BY p.id, a.rowid")
        else:
            sql = (f"SELECT u.id, NULL AS unit_name, u.name, a.source, a.amount FROM units u JOIN amounts a "
                   f"ON a.record_type = 'unit' AND a.unit_id = u.id WHERE {self.unit_pred(pq.units)} ORDER BY u.id, a.rowid")
        rows = self.run(sql)
        if not rows:
            return nothing("数据中没有这些记录的资金来源。", sql)
        by = defaultdict(list)
        for r in rows:
            by[(r["id"], r["unit_name"], r["name"])].append(r)
        parts, cites = [], []
        for (rid, unit, name), rs in by.items():
            srcs = "，".join(f"{r['source']}{self.m(_dec(r['amount']))}" for r in rs)
            parts.append(f"{unit + '「' + name + '」' if unit else name}的资金来源：{srcs}")
            cites.append(self.cite_project(rid, rs[0]["amount"]) if pq.projects else self.cite_unit(rid))
        return Answer(answer="；".join(parts) + "。", value=list(dict.fromkeys(r["source"] for r in rows)),
                      citations=cites, sql=sql, kind="sources")

    def goal(self) -> Answer:
        """绩效目标: the goal text of the projects, as printed."""
        sql = (f"SELECT p.id, p.unit_name, p.name, p.goal, p.first_page FROM projects p "
               f"WHERE {self.proj_pred(self.pq.projects)} ORDER BY p.id")
        rows = [r for r in self.run(sql) if r["goal"]]
        if not rows:
            return nothing("数据中没有这些项目的绩效目标。", sql)
        parts = [f"「{r['name']}」（{r['unit_name']}，第{r['first_page']}页）的绩效目标：{r['goal']}" for r in rows]
        goals = [r["goal"] for r in rows]
        return Answer(answer="\n".join(parts), value=goals[0] if len(set(goals)) == 1 else goals,
                      citations=[self.cite_project(r["id"]) for r in rows], sql=sql, kind="goal")

    def count_units(self) -> Answer:
        return self.list_or_count_units(count=True)


def nothing(text: str, sql: str = "") -> Answer:
    return Answer(answer=text, value=None, citations=[], sql=sql, kind="none")


def plan_and_answer(cat: Catalog, pq: Parsed) -> Answer:
    if not cat.docs or not cat.projects:
        return nothing("数据中没有任何预算表（数据库是空的）。")
    if pq.unknown:
        have = "、".join(sorted({cat.docs[d].department or cat.docs[d].filename for d in cat.scope}))
        return nothing(f"{pq.unknown[0]}。库中只有{have}的项目支出绩效目标表。")
    e = Engine(cat, pq)
    has_entity = bool(pq.projects or pq.units or pq.indicators)
    if pq.leftovers and not has_entity and not pq.keyword:
        return nothing(f"数据中没有“{pq.leftovers[0]}”：它不是库中任何项目、单位或指标的名称。")
    if pq.leftovers and has_entity and not (pq.projects and pq.units) and len(pq.leftovers[0]) >= 4 \
            and re.search(r"(项目|经费|资金|补助|补贴|工程|中心|局|办公室)$", pq.leftovers[0]):
        return nothing(f"数据中没有“{pq.leftovers[0]}”：它不是库中任何项目、单位或指标的名称。")

    # a project named with its unit: keep that unit's rows; none there → not in the data
    if pq.projects and pq.units:
        ids = {u.id for u in pq.units}
        kept = [p for p in pq.projects if p.unit_id in ids]
        if not kept:
            return nothing(f"数据中没有{'、'.join(u.name for u in pq.units)}的“{pq.project_texts[0]}”项目。")
        pq.projects = kept
        pq.units = [] if not _has(pq, "share") else pq.units

    subject = _subject(pq)
    count = _has(pq, "count")
    sum_them = _has(pq, "total")

    if _has(pq, "share"):
        return e.share()
    if pq.threshold and not pq.indicators:
        if subject == "unit":
            return e.list_or_count_units(count)
        return e.list_or_count_projects(count)
    if _has(pq, "rank") and (pq.top_n or re.search(r"最(多|大|高|少|小|低)|排名|排行|倒数", pq.qm)) \
            and not (pq.indicators and not pq.projects):
        if not pq.projects or len(pq.projects) > 1:
            return e.rank(subject)
    if pq.indicators:
        return e.indicators(count=count, target=not count)
    if (pq.projects or pq.units) and re.search(r"资金来源|来源|哪些资金|哪几种资金|资金构成|资金组成", pq.qm):
        return e.sources_of()
    if count:
        if subject == "unit" and not pq.units:
            return e.count_units()
        if subject == "indicator" or (pq.projects and re.search(r"指标", pq.qm)):
            return e.indicators(count=True)
        return e.list_or_count_projects(count=True)
    if pq.projects and re.search(r"绩效目标|目标是什么|目标是啥|要达到什么|想达到什么", pq.qm) \
            and not re.search(r"指标|年度|实施周期", pq.qm):
        return e.goal()
    if re.search(r"指标|(年度|实施周期|周期)目标", pq.qm) and (pq.projects or pq.units or pq.level1 or pq.level2):
        return e.indicators()
    if pq.keyword and (pq.keyword_where != "fragment" or not has_entity):
        if re.search(r"指标", pq.qm) and pq.keyword_where == "indicator" and not re.search(r"项目", pq.qm):
            return e.indicators()
        if pq.keyword_where == "fragment" and (_has(pq, "amount") or sum_them) and not _has(pq, "list"):
            # 三支一扶的预算是多少: the projects whose names hold the fragment
            where, _ = e._project_filter()
            rows = e.run(f"SELECT p.id FROM projects p WHERE {where}")
            projects = [cat.projects[r["id"]] for r in rows]
            if projects:
                pq.project_texts = [pq.keyword]
                return e.amount_projects(projects, sum_them=sum_them)
        return e.list_or_count_projects(count=False)
    if pq.units and not pq.projects:
        if re.search(r"项目", pq.qm) and (_has(pq, "list") or not _has(pq, "amount")):
            return e.list_or_count_projects(count=False)
        return e.amount_units(pq.units, sum_them=sum_them and len(pq.units) > 1)
    if pq.projects and _has(pq, "list") and not _has(pq, "amount") and len(pq.projects) > 1:
        return e.list_or_count_projects(count=False)
    if pq.projects:
        return e.amount_projects(pq.projects, sum_them=sum_them)
    if subject == "unit" and _has(pq, "list"):
        return e.list_or_count_units(count=False)
    if re.search(r"项目", pq.qm) and _has(pq, "list") and not _has(pq, "amount"):
        return e.list_or_count_projects(count=False)
    if pq.sources or sum_them or _has(pq, "amount"):
        return e.total()
    return nothing("没能从问题里认出要查的项目、单位、指标或金额；数据中没有与之对应的记录。")


MAX_QUESTION = 300


def answer(db_path, question: str) -> Answer:
    """Answer a Chinese question about the budget database at `db_path`."""
    cat = load_catalog(db_path)
    if not cat.docs:
        return nothing("数据中没有任何预算表（数据库是空的）。")
    if len(question or "") > MAX_QUESTION:
        return nothing(f"问题太长（超过{MAX_QUESTION}字），无法可靠地回答；请只问一件事。")
    pq = parse(cat, question)
    return plan_and_answer(cat, pq)


# ---------------------------------------------------------------- command line


def format_answer(a: Answer) -> str:
    lines = [a.answer]
    if a.citations:
        lines.append("出处：")
        for c in a.citations:
            where = " / ".join(x for x in (c.get("unit"), c.get("project")) if x)
            extra = f" · {c['indicator']}" if c.get("indicator") else ""
            page = f"第{c['page']}页" if c.get("page") else "页码不详"
            lines.append(f"  - {where}{extra}（{c.get('document')}，{page}）")
    return "\n".join(lines)


def cmd_ask(args) -> int:
    if not Path(args.db).is_file():
        print(f"extractor: error: {args.db}: no such database (run `extractor extract FILE.pdf --db {args.db}` first)",
              file=sys.stderr)
        return 2
    try:
        from extractor.backends.llm import LLMConfig

        config = LLMConfig.from_env(model=getattr(args, "model", None))
        if config.configured and not args.offline:
            from extractor.ask.agent import ask_agent

            a, _, _ = ask_agent(args.db, args.question, config=config)
        else:
            a = answer(args.db, args.question)
    except sqltool.SQLRefused as e:  # our own SQL refused: a bug, reported plainly
        print(f"extractor: error: {e.reason}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(a.to_json(), ensure_ascii=False, indent=1))
    else:
        print(format_answer(a))
    return 0
