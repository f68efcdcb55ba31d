"""`extractor dev …`: commands for people working on the toolkit, not for its users.

    extractor dev serve [--port 8765]            # llama.cpp's OpenAI-compatible server with the bundled small model
    extractor dev record-cassettes [SCENARIO…]   # re-record tests' LLM cassettes from that server (source checkout)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extractor.cli.common import CliError


def cmd_serve(args) -> int:
    from extractor.backends import llm

    return llm.cmd_serve(args)


def cmd_record_cassettes(args) -> int:
    script = Path(__file__).resolve().parents[2] / "scripts" / "record_cassettes.py"
    if not script.is_file():
        raise CliError("record-cassettes needs a source checkout (scripts/record_cassettes.py is not installed)")
    return subprocess.call([sys.executable, str(script), *args.scenarios])


def add_command(sub) -> None:
    d = sub.add_parser("dev", help="developer commands: a local model server, cassette recording")
    dsub = d.add_subparsers(dest="dev_command", required=True)
    v = dsub.add_parser("serve", help="serve the bundled small model with llama.cpp's OpenAI-compatible server")
    v.add_argument("--port", type=int, default=8765)
    v.add_argument("--model-path", help="a GGUF file (default: the bundled Gemma 3 270M)")
    v.add_argument("--n-ctx", type=int, default=4096)
    v.set_defaults(func=cmd_serve)
    r = dsub.add_parser("record-cassettes", help="record the tests' LLM cassettes from `extractor dev serve`")
    r.add_argument("scenarios", nargs="*", metavar="SCENARIO")
    r.set_defaults(func=cmd_record_cassettes)
