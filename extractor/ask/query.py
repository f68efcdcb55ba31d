"""Plan filters → one parameterised SELECT, run read-only through `extractor.ask.sqltool`.

Ids and names found by the planners travel as `?` parameters; nothing the user typed is pasted
into SQL text. Amounts come back as the exact decimal TEXT the store keeps; sums and averages are
taken with Decimal by the answerer, not with SQLite's floating point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.ask import sqltool
from extractor.ask.catalog import Catalog
from extractor.ask.plan import Filters
from extractor.ask.text import MONEY_WORDS

_OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}


@dataclass
class Query:
    sql: str
    params: list = field(default_factory=list)

    def rows(self, db_path) -> list[dict]:
        res = sqltool.run_sql(db_path, self.sql, max_rows=100_000, timeout_s=5.0, params=self.params)
        return [dict(zip(res["columns"], r)) for r in res["rows"]]

    def shown(self) -> str:
        """The SQL with its parameters written in, for the answer's `sql` (display only)."""
        out, params = [], list(self.params)
        for part in self.sql.split("?"):
            out.append(part)
            if params:
                v = params.pop(0)
                out.append(str(v) if isinstance(v, (int, float)) else "'" + str(v).replace("'", "''") + "'")
        return "".join(out)


def _in(column: str, values, where: list, params: list) -> None:
    values = list(values)
    where.append(f"{column} IN ({', '.join('?' for _ in values)})")
    params.extend(values)


def _not_in(f: Filters, where: list, params: list) -> None:
    """除了X之外: the projects (units) left out, on the projects table `p`."""
    for column, values in (("p.id", f.not_projects), ("p.unit_id", f.not_units)):
        if values:
            where.append(f"{column} NOT IN ({', '.join('?' for _ in values)})")
            params.extend(values)


def _like(column: str) -> str:
    """A column with quotes and bracket styles taken off, for LIKE."""
    return (f"REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE({column}, '“', ''), '”', ''), '（', '('), '）', ')'), "
            f"'〔', '('), '〕', ')')")


def _escape(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _words(f: Filters, where: list, params: list) -> None:
    if f.words_not and f.words:  # 没有提到“补贴”: the rows holding none of them
        inner: list = []
        _words(Filters(words=f.words, words_any=True), inner, params)
        where.append("NOT (" + " AND ".join(inner) + ")")
        return
    if f.words_any and len(f.words) > 1:  # 提到“农户”或“农民”: any of them
        alt_where: list = []
        _words(Filters(words=f.words), alt_where, params)
        where.append("(" + " OR ".join(alt_where) + ")")
        return
    for place, word in f.words:
        if place.startswith("not_"):  # 没有提到: none of the places holds it
            inner: list = []
            _words(Filters(words=[(place[4:], word)]), inner, params)
            where.append("NOT " + inner[0])
            continue
        w = _escape(word)
        goal = f"{_like('p.goal')} LIKE ? ESCAPE '\\'"
        name = f"{_like('p.name')} LIKE ? ESCAPE '\\'"
        ind = f"EXISTS (SELECT 1 FROM indicators iw WHERE iw.project_id = p.id AND {_like('iw.name')} LIKE ? ESCAPE '\\')"
        if place == "goal":
            where.append(goal)
            params.append(w)
        elif place == "name":
            where.append(name)
            params.append(w)
        elif place == "indicator":
            where.append(ind)
            params.append(w)
        else:
            where.append(f"({goal} OR {name} OR {ind})")
            params += [w, w, w]


def _amount_column(cat: Catalog, f: Filters, record: str, alias: str, params: list) -> tuple[str, str]:
    """(join, expression) for the amount asked: the row's 总计, or one funding source's column."""
    if not f.source:
        return "", f"{alias}.total"
    labels = cat.source_labels(f.source) or [f.source]
    key = "project_id" if record == "project" else "unit_id"
    join = (f" LEFT JOIN (SELECT {key}, SUM(CAST(amount AS REAL)) AS amount, GROUP_CONCAT(amount) AS printed "
            f"FROM amounts WHERE record_type = '{record}' AND source IN ({', '.join('?' for _ in labels)}) "
            f"GROUP BY {key}) a ON a.{key} = {alias}.id")
    params.extend(labels)
    return join, "a.printed"


def _in_yuan(alias: str) -> str:
    """A row's size of money unit, from its document (万元 → 10000), for comparing in 元."""
    cases = " ".join(f"WHEN '{u}' THEN {int(v)}" for u, v in MONEY_WORDS.items() if u.endswith("元"))
    return f"(SELECT CASE d.money_unit {cases} ELSE 1 END FROM documents d WHERE d.id = {alias}.document_id)"


def _amount_filter(f: Filters, expr: str, alias: str, where: list, params: list) -> None:
    """超过1000万元: in 元 when the question said a unit (each row through its document's unit), else as printed."""
    if not f.amount:
        return
    op, low, high, said = (list(f.amount) + [None, None])[:4]
    value = f"CAST({expr} AS REAL)"
    scale = 1
    if said in MONEY_WORDS:
        value = f"{value} * {_in_yuan(alias)}"
        scale = MONEY_WORDS[said]
    if op == "between":
        where.append(f"{value} BETWEEN ? AND ?")
        params += [float(low * scale), float(high * scale)]
    else:
        where.append(f"{value} {_OPS[op]} ?")
        params.append(float(low * scale))


def projects(cat: Catalog, f: Filters) -> Query:
    params: list = []
    join, expr = _amount_column(cat, f, "project", "p", params)
    where: list = []
    _in("p.document_id", f.docs, where, params)
    if f.units:
        _in("p.unit_id", f.units, where, params)
    if f.projects:
        _in("p.id", f.projects, where, params)
    _not_in(f, where, params)
    _words(f, where, params)
    if f.source and f.without_source:
        where.append(f"COALESCE(CAST({expr} AS REAL), 0) = 0")
    if f.source and f.not_sources:  # 来自其他资金而不是财政拨款: the rows holding none of the sources said against it
        labels = [x for s in f.not_sources for x in (cat.source_labels(s) or [s])]
        where.append("NOT EXISTS (SELECT 1 FROM amounts x WHERE x.record_type = 'project' AND x.project_id = p.id "
                     f"AND x.source IN ({', '.join('?' for _ in labels)}) AND COALESCE(CAST(x.amount AS REAL), 0) <> 0)")
        params.extend(labels)
    _amount_filter(f, expr if not f.without_source else "p.total", "p", where, params)
    if f.page:
        where.append("p.pages LIKE ?")
        params.append(f"%{f.page}%")
    sql = (f"SELECT p.id, p.document_id, p.unit_id, p.unit_name, p.name, {expr} AS amount, p.total, p.first_page "
           f"FROM projects p{join} WHERE {' AND '.join(where)} ORDER BY p.document_id, p.unit_id, p.seq")
    return Query(sql, params)


def units(cat: Catalog, f: Filters) -> Query:
    params: list = []
    join, expr = _amount_column(cat, f, "unit", "u", params)
    where: list = []
    _in("u.document_id", f.docs, where, params)
    if f.units:
        _in("u.id", f.units, where, params)
    if f.not_units:
        where.append(f"u.id NOT IN ({', '.join('?' for _ in f.not_units)})")
        params.extend(f.not_units)
    if f.source and f.without_source:
        where.append(f"COALESCE(CAST({expr} AS REAL), 0) = 0")
    _amount_filter(f, expr if not f.without_source else "u.total", "u", where, params)
    sql = (f"SELECT u.id, u.document_id, u.name, {expr} AS amount, u.total, "
           f"(SELECT COUNT(*) FROM projects p WHERE p.unit_id = u.id) AS projects, "
           f"(SELECT COUNT(*) FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.unit_id = u.id) AS indicators "
           f"FROM units u{join} WHERE {' AND '.join(where)} ORDER BY u.document_id, u.seq")
    return Query(sql, params)


def indicators(cat: Catalog, f: Filters) -> Query:
    params: list = []
    where: list = []
    _in("p.document_id", f.docs, where, params)
    if f.units:
        _in("p.unit_id", f.units, where, params)
    if f.projects:
        _in("p.id", f.projects, where, params)
    if f.indicators:
        _in("i.name", f.indicators, where, params)
    _not_in(f, where, params)
    for group in f.levels:  # 满意度 is level 1 in one table and level 2 in another: either
        marks = ", ".join("?" for _ in group)
        where.append(f"(i.level1 IN ({marks}) OR i.level2 IN ({marks}))")
        params += list(group) + list(group)
    for place, word in f.words:
        if place.startswith("not_"):
            where.append(f"NOT ({_like('p.goal' if place == 'not_goal' else 'i.name')} LIKE ? ESCAPE '\\')")
            params.append(_escape(word))
            continue
        if place in ("indicator", "any", "name"):  # 名称 of an indicator is its own name
            where.append(f"{_like('i.name')} LIKE ? ESCAPE '\\'")
            params.append(_escape(word))
        elif place == "goal":
            where.append(f"{_like('p.goal')} LIKE ? ESCAPE '\\'")
            params.append(_escape(word))
        else:
            where.append(f"{_like('p.name')} LIKE ? ESCAPE '\\'")
            params.append(_escape(word))
    sql = ("SELECT i.id, i.project_id, p.document_id, p.unit_id, p.unit_name, p.name AS project, p.first_page, i.seq, "
           "i.level1, i.level2, i.name, i.annual_raw, i.annual_op, i.annual_value, i.annual_unit, i.period_raw, "
           "i.period_op, i.period_value, i.period_unit FROM indicators i JOIN projects p ON p.id = i.project_id "
           f"WHERE {' AND '.join(where)} ORDER BY p.document_id, p.unit_id, p.seq, i.seq")
    return Query(sql, params)


def documents(cat: Catalog, docs) -> Query:
    params: list = []
    where: list = []
    _in("d.id", docs, where, params)
    return Query("SELECT d.id, d.department, d.title, d.filename, d.budget_year, d.money_unit, d.total, "
                 "(SELECT COUNT(*) FROM projects p WHERE p.document_id = d.id) AS projects "
                 f"FROM documents d WHERE {' AND '.join(where)} ORDER BY d.id", params)
