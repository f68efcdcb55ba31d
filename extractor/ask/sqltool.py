"""A guarded, read-only SQL runner for a budget database (the tool an LLM agent will call).

    run_sql("budget.db", "SELECT unit_name, name, total FROM projects LIMIT 3")
    # {"columns": ["unit_name", "name", "total"], "rows": [[...], ...], "truncated": False}

Five fences, each enough on its own for the common attacks, so that one bug does not open the door:

1. sqlglot parses the text: exactly one statement, a query (SELECT, WITH … SELECT, UNION of
   SELECTs), reading only the known tables (CTE names allowed), no table-valued functions,
   no SELECT … INTO, no schema qualifier other than `main`, no denied function;
2. the file is opened read-only (`file:…?mode=ro`) and `PRAGMA query_only=ON` is set;
3. an authorizer (sqlite3 `set_authorizer`) allows only SELECT, reading the known tables,
   recursive CTEs and an allow-list of functions, and denies everything else (writes, ATTACH,
   DETACH, PRAGMA, load_extension, …);
4. a progress handler stops any query running past `timeout_s`;
5. rows are capped at `max_rows`, and one value at `MAX_VALUE_BYTES`.

A refusal raises `SQLRefused(reason)`; a query stopped by the time limit raises `SQLTimeout`,
a subclass, so that `except SQLRefused` catches both.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

import sqlglot
from sqlglot import exp

from extractor.store.db import FTS, SCHEMA

#: Tables a query may name: the store's tables and their full-text indexes.
KNOWN_TABLES = frozenset(SCHEMA) | frozenset(f"{t}_fts" for t in FTS)

#: Tables SQLite itself may read while running an allowed query (the FTS5 shadow tables).
_INTERNAL_READS = frozenset(f"{t}_fts_{s}" for t in FTS for s in ("data", "idx", "content", "docsize", "config"))

#: Functions a query may call (lower case). Everything else is denied by the authorizer.
ALLOWED_FUNCTIONS = frozenset("""
    count sum total avg min max group_concat string_agg
    abs round sign ceil ceiling floor trunc sqrt power pow exp ln log log2 log10 mod pi
    length octet_length lower upper substr substring instr replace trim ltrim rtrim
    coalesce ifnull nullif iif ifnull typeof like glob unicode char hex quote printf format concat concat_ws
    date time datetime julianday strftime unixepoch timediff
    json json_extract json_array json_object json_array_length json_type json_valid json_each json_tree
    json_quote json_group_array json_group_object ->> ->
    row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
    match bm25 highlight snippet
    likely unlikely likelihood
""".split())

#: Functions refused outright at parse time, with a clearer reason than the authorizer's.
DENIED_FUNCTIONS = frozenset("""
    load_extension readfile writefile edit fts3_tokenizer zipfile sqlar_compress sqlar_uncompress
    fsdir sqlite_dbpage sqlite_compileoption_get sqlite_compileoption_used randomblob zeroblob
    sqlite_offset shell system
""".split())

MAX_VALUE_BYTES = 1_000_000

# sqlglot node types that never belong in a read-only query.
_FORBIDDEN_NODES = tuple(getattr(exp, n) for n in (
    "DML", "DDL", "Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "Command", "Pragma",
    "Attach", "Detach", "Transaction", "Commit", "Rollback", "Use", "Set", "Copy", "LoadData", "Analyze",
    "Into",
) if hasattr(exp, n))

_AUTH_OK = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE}


class SQLRefused(Exception):
    """A query the tool will not run; `reason` says why in one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SQLTimeout(SQLRefused):
    """A query stopped because it ran past the time limit."""


@contextmanager
def _quiet_sqlglot():
    # sqlglot logs a warning when it falls back to parsing a statement as a Command.
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def cte_names(tree: exp.Expression) -> frozenset[str]:
    return frozenset(c.alias_or_name.lower() for c in tree.find_all(exp.CTE))


def check_sql(sql: str, known_tables=KNOWN_TABLES) -> exp.Expression:
    """Parse `sql` and return its tree, or raise SQLRefused."""
    if not isinstance(sql, str) or not sql.strip():
        raise SQLRefused("empty query")
    try:
        with _quiet_sqlglot():
            statements = [s for s in sqlglot.parse(sql, read="sqlite") if s is not None]
    except sqlglot.errors.SqlglotError as e:
        raise SQLRefused(f"cannot parse the query: {str(e).splitlines()[0][:200]}") from None
    if not statements:
        raise SQLRefused("empty query")
    if len(statements) > 1:
        raise SQLRefused(f"exactly one statement is allowed, got {len(statements)}")
    tree = statements[0]
    if not isinstance(tree, exp.Query):
        raise SQLRefused(f"only SELECT queries are allowed, got {type(tree).__name__.upper()}")
    known = {t.lower() for t in known_tables}
    ctes = cte_names(tree)
    if any(c.startswith("sqlite_") for c in ctes):
        raise SQLRefused("a CTE may not be named sqlite_…")
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN_NODES):
            raise SQLRefused(f"{type(node).__name__.upper()} is not allowed in a read-only query")
        if isinstance(node, exp.Table):
            if not isinstance(node.this, exp.Identifier):
                raise SQLRefused(f"table-valued functions are not allowed: {node.this.sql('sqlite')[:80]}")
            name = node.name.lower()
            schema = (node.db or "").lower()
            if node.catalog or schema not in ("", "main"):
                raise SQLRefused(f"only the main database may be read, not {schema or node.catalog!r}")
            if name not in known and not (name in ctes and not schema):
                raise SQLRefused(f"unknown table {node.name!r}; known tables: {', '.join(sorted(known))}")
        if isinstance(node, exp.Func):
            fname = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
            if fname in DENIED_FUNCTIONS:
                raise SQLRefused(f"function {fname}() is not allowed")
    return tree


def _make_authorizer(ctes=frozenset()):
    """Allow SELECT, reading the known tables (and, outside any schema, the query's CTEs),
    recursive CTEs and the allowed functions; deny everything else."""

    def authorizer(action, arg1, arg2, db_name, trigger):
        if action in _AUTH_OK:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ:
            table = (arg1 or "").lower()
            if db_name in ("main", None) and (table in KNOWN_TABLES or table in _INTERNAL_READS):
                return sqlite3.SQLITE_OK
            if db_name is None and table in ctes:
                return sqlite3.SQLITE_OK
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_FUNCTION:
            return sqlite3.SQLITE_OK if (arg2 or "").lower() in ALLOWED_FUNCTIONS else sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() == "data_version" and arg2 is None:
            return sqlite3.SQLITE_OK  # FTS5 reads it on every query; it only reads a counter
        return sqlite3.SQLITE_DENY

    return authorizer


def connect_readonly(db_path: str | Path, ctes=frozenset()) -> sqlite3.Connection:
    """A read-only connection with the authorizer installed (no time limit; see `run_sql`).
    `ctes`: the CTE names the query to run defines (the authorizer lets them be read)."""
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("PRAGMA query_only=ON")
        if hasattr(conn, "setlimit"):
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
            conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        # Connect the full-text tables now: building a virtual table runs statements of SQLite's
        # own that the authorizer would (rightly) deny to a user's query.
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"):
            if name.lower() in KNOWN_TABLES:
                conn.execute(f"SELECT 1 FROM [{name}] LIMIT 0").fetchall()
        conn.set_authorizer(_make_authorizer(frozenset(ctes)))
    except BaseException:
        conn.close()
        raise
    return conn


def run_sql(db_path: str | Path, sql: str, max_rows: int = 200, timeout_s: float = 2.0, params=()) -> dict:
    """Run one read-only SELECT; returns {columns, rows, truncated}. Raises SQLRefused.

    `params` are bound to the query's `?` placeholders: values from a question travel this way,
    never pasted into the SQL text."""
    tree = check_sql(sql)
    conn = connect_readonly(db_path, cte_names(tree))
    deadline = time.monotonic() + timeout_s
    stopped = []

    def progress():
        if time.monotonic() > deadline:
            stopped.append(True)
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    conn.set_progress_handler(progress, 1000)
    try:
        try:
            cur = conn.execute(sql, tuple(params))
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchmany(max_rows + 1)
        except sqlite3.Warning as e:  # e.g. "You can only execute one statement at a time."
            raise SQLRefused(str(e)) from None
        except sqlite3.DatabaseError as e:
            if stopped:
                raise SQLTimeout(f"query stopped: it ran past the {timeout_s:g} s time limit") from None
            msg = str(e)
            if "not authorized" in msg or "prohibited" in msg or "readonly" in msg or "read-only" in msg:
                raise SQLRefused(f"denied by the database guard: {msg}") from None
            raise SQLRefused(f"query failed: {msg}") from None
    finally:
        conn.close()
    truncated = len(rows) > max_rows
    return {"columns": columns, "rows": [list(r) for r in rows[:max_rows]], "truncated": truncated}
