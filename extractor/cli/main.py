"""`extractor`: a thin command line over the package's functions.

    extractor extract FILE_DIR_OR_GLOB… [--db budget.db] [--jobs N] [--force] [--strict] [--json out.json]
    extractor documents [DB]                 # id, file, pages, verdict, imported at
    extractor check [DB] [--severity warning] [--strict] [--recheck] [--json]
    extractor export [DB] --format xlsx|csv|json [--out DIR_OR_FILE]
    extractor review [DB] FILE_OR_DOC_ID [--out review.html]
    extractor datasette-metadata [DB] [--out metadata.json]
    extractor ask [DB] QUESTION [--json]
    extractor gold draft report.pdf [--out report.gold.json]
    extractor eval run --fixtures DIR_OR_MANIFEST
    extractor schema [--out schemas/document.schema.json]
    extractor dev serve | record-cassettes   # for developers

The database may be given first, as in sqlite-utils and Datasette, or with --db (default budget.db).
`--json` means one thing everywhere: the command's result as JSON, on stdout or into OUT.json.
Every error is one line on stderr; exit codes are listed in extractor/cli/common.py and the README.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys

from extractor import __version__
from extractor.cli import common
from extractor.cli.common import CliError, err
from extractor.cli.extract_cmd import summary  # noqa: F401  (kept importable: tests and scripts use it)


def write_json(doc, path) -> None:
    """The JSON export of one document, written whole or not at all (with the user's umask)."""
    import json

    common.write_text_atomic(path, json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=1))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the `command` about to run, the others' heavy modules are not imported
    (the eval harness pulls in sqlite-utils, which pulls in pandas when it is installed: seconds)."""
    from extractor.cli import dev_cmd, extract_cmd, gold_cmd, store_cmds

    p = argparse.ArgumentParser(prog="extractor", description="项目支出绩效目标表 PDFs → checked records → SQLite")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    extract_cmd.add_command(sub)
    store_cmds.add_commands(sub)

    if command in (None, "eval"):
        from extractor.evaluation import harness as eval_harness

        eval_harness.add_command(sub)
    else:
        sub.add_parser("eval", help="score extraction against the gold fixtures")
    gold_cmd.add_command(sub)

    # The model and question-answering modules load openai, jieba and sqlglot: only when used.
    a = sub.add_parser("ask", help="ask the database a question in Chinese (an agent when a model is configured)")
    a.add_argument("words", nargs="+", metavar="[DB] QUESTION", help="e.g. 哪个单位的财政拨款最多？ (the database may come first)")
    a.add_argument("--db", dest="db_option", metavar="DB", help="SQLite database (default: budget.db)")
    common.add_json(a, "{answer, value, citations, sql}")
    a.add_argument("--offline", action="store_true",
                   help="never use a model, even when EXTRACTOR_MODEL is set (the default without one)")
    a.add_argument("--model", help="the model for the agent (default: EXTRACTOR_MODEL)")
    a.set_defaults(func=cmd_ask)

    dev_cmd.add_command(sub)
    return p


def cmd_ask(args) -> int:
    """Hands over to the ask package (`extractor.ask.command.cmd_ask`) with args.db and args.question set."""
    words = list(args.words)
    if len(words) > 2:
        raise CliError("ask takes [DB] QUESTION: put the question in quotes")
    args.database = words.pop(0) if len(words) == 2 else None
    args.db = common.resolve_db(args)
    args.question = words[0]
    target = common.json_target(args)
    ask = _lazy("extractor.ask.command", "cmd_ask")
    if target and target != "-":
        import io

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            code = ask(args)
        common.write_text_atomic(target, buf.getvalue())
        return code
    return ask(args)


def _lazy(module: str, name: str):
    import importlib

    return getattr(importlib.import_module(module), name)


def _db_args(args) -> None:
    """Commands that read args.db (eval, ask's engine) see the resolved database."""
    if hasattr(args, "db_option") and not hasattr(args, "db"):
        try:
            args.db = common.resolve_db(args)
        except CliError:
            pass


def _quiet_pipe() -> None:
    """stdout was closed early (`| head -1`): stop writing there, and let the interpreter's last flush be silent."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    args = build_parser(command).parse_args(common.normalize_json_flag(argv))
    _db_args(args)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe is found here, inside the handler, not at interpreter exit
        return code
    except CliError as e:
        err(str(e))
        return e.code
    except BrokenPipeError:
        _quiet_pipe()
        return common.EXIT_PIPE
    except KeyboardInterrupt:
        err("interrupted")
        return common.EXIT_INTERRUPTED
    except (OSError, sqlite3.Error) as e:  # a full disk, a locked or damaged database: one line, no traceback
        if os.environ.get("EXTRACTOR_DEBUG"):
            raise
        err(_one_line(e))
        return common.EXIT_USAGE
    except Exception as e:  # a bug: say so in one line; EXTRACTOR_DEBUG=1 shows the traceback
        if os.environ.get("EXTRACTOR_DEBUG"):
            raise
        err(f"internal error: {type(e).__name__}: {_one_line(e)} (EXTRACTOR_DEBUG=1 shows the traceback)")
        return common.EXIT_INTERNAL


def _one_line(e: BaseException) -> str:
    text = str(e) or type(e).__name__
    if isinstance(e, OSError) and e.filename and e.strerror:
        text = f"{e.filename}: {e.strerror}"
    return text.splitlines()[0] if text else type(e).__name__


if __name__ == "__main__":
    sys.exit(main())
