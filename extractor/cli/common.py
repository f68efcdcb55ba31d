"""What every command shares: one-line errors, output paths checked before any work, quiet mode, JSON out.

Exit codes (the README lists them): 0 success; 1 the work ran but found what the user asked to be
told about (a failed file in a batch, an error finding under --strict, a score under --fail-under);
2 a usage or input problem found before any work (bad option, unwritable output, missing database);
70 an internal error (a bug: one line, set EXTRACTOR_DEBUG=1 for the traceback); 130 interrupted;
141 stdout closed early (`extractor schema | head -1`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Optional

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PIPE = 0, 1, 2, 70, 130, 141
DEFAULT_DB = "budget.db"
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")


class CliError(Exception):
    """A problem to report in one line on stderr, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def err(msg: str) -> None:
    print(f"extractor: error: {msg}", file=sys.stderr)


def say(args, msg: str, *, file=None) -> None:
    """An informational line (what was written, a summary); --quiet silences it."""
    if not getattr(args, "quiet", False):
        print(msg, file=file or sys.stdout)


# ---------------------------------------------------------------- output paths, checked before any work


def writable_file(path: str | Path, what: str) -> Path:
    """Raise CliError unless `path` can be written as a file (its folder exists and is writable; the
    file, if there, is a writable file). Nothing is created."""
    path = Path(path)
    if path.is_dir():
        raise CliError(f"{what} {path}: is a directory")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CliError(f"{what} {path}: no such directory {parent}")
    if path.exists():
        try:
            with open(path, "ab"):
                pass  # opened for writing, nothing written: the file is unchanged
        except OSError as e:
            raise CliError(f"{what} {path}: not writable ({_reason(e)})") from None
    _probe(parent, f"{what} {path}: cannot create files in {parent}")
    return path


def _reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


def _probe(folder: Path, message: str) -> None:
    """Create and remove a file in `folder`: os.access says yes to root on a read-only or virtual file system."""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".extractor-probe-")
        os.close(fd)
        os.unlink(tmp)
    except OSError as e:
        raise CliError(f"{message} ({_reason(e)})") from None


def writable_dir(path: str | Path, what: str) -> Path:
    """A folder that is there and writable, or can be created (its nearest existing parent is writable)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise CliError(f"{what} {path}: not a directory")
    probe = path
    while not probe.exists():
        probe = probe.parent if str(probe.parent) != str(probe) else Path(".")
    _probe(probe, f"{what} {path}: {probe} is not writable")
    return path


def writable_db(path: str | Path) -> Path:
    """A database the command may write: an SQLite file, or a new file in a writable folder. SQLite
    also writes a journal beside the file, so the folder must be writable either way."""
    path = writable_file(path, "--db")
    if path.exists() and path.stat().st_size:
        existing_db(path)
    return path


def existing_db(path: str | Path) -> Path:
    """A database that must already exist (check, export, review, …)."""
    path = Path(path)
    if not path.exists():
        raise CliError(f"{path}: no such database (run `extractor extract FILE.pdf --db {path}` first)")
    if path.is_dir():
        raise CliError(f"{path}: is a directory, not a database")
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise CliError(f"{path}: cannot read it ({e.strerror})") from None
    if head and head != b"SQLite format 3\x00":
        raise CliError(f"{path}: not an SQLite database")
    return path


# ---------------------------------------------------------------- files written with the user's umask


def umask_mode(base: int = 0o666) -> int:
    """The mode a plain open() would give a new file (mkstemp makes 0600: colleagues could not read it)."""
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write a whole file or nothing, with the mode the user's umask gives."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, umask_mode())
        os.replace(tmp, path)
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise
    return path


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError)


# ---------------------------------------------------------------- the database option, positional or --db


def add_db(p, *, positional: bool = True, help_text: str = "SQLite database (default: budget.db)") -> None:
    """`extractor check budget.db` as in sqlite-utils and Datasette, or `--db budget.db`."""
    if positional:
        p.add_argument("database", nargs="?", metavar="DB", help=help_text)
    p.add_argument("--db", dest="db_option", metavar="DB", help="the same as DB" if positional else help_text)


def resolve_db(args) -> str:
    given = [v for v in (getattr(args, "database", None), getattr(args, "db_option", None)) if v]
    if len(given) == 2 and given[0] != given[1]:
        raise CliError(f"two databases given: {given[0]} and --db {given[1]}")
    return given[0] if given else DEFAULT_DB


# ---------------------------------------------------------------- --json [OUT.json]


def add_json(p, what: str) -> None:
    p.add_argument("--json", nargs="?", const="-", metavar="OUT.json",
                   help=f"{what} as JSON: on stdout, or into OUT.json (a name that ends in .json)")


def normalize_json_flag(argv: list[str]) -> list[str]:
    """`--json` takes the next word only when it names a .json file (or is `-`): `check --json budget.db`
    must never write JSON over the database."""
    out = []
    for i, a in enumerate(argv):
        if a == "--json" and i + 1 < len(argv) and not (argv[i + 1] == "-" or argv[i + 1].lower().endswith(".json")):
            out.append("--json=-")
        else:
            out.append(a)
    return out


def json_target(args) -> Optional[str]:
    """None (no JSON asked), "-" (stdout) or a file, checked writable."""
    target = getattr(args, "json", None)
    if target and target != "-":
        writable_file(target, "--json")
    return target


def emit_json(target: str, data) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        write_text_atomic(target, text)


def connect_ro(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn
