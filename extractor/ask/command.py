"""`extractor ask`: the command line of the ask package. The offline engine answers unless a model
is configured, then the agent does (it takes the engine's plan as a tool). Kept apart from
extractor/ask/engine.py so that the agent, which falls back on the engine, never imports its caller."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.ask import sqltool
from extractor.ask.engine import Answer, answer

__all__ = ["cmd_ask", "format_answer"]


def format_answer(a: Answer) -> str:
    lines = [a.answer]
    if a.citations:
        lines.append("出处：")
        for c in a.citations:
            where = " / ".join(x for x in (c.get("unit"), c.get("project")) if x)
            extra = f" · {c['indicator']}" if c.get("indicator") else ""
            page = f"第{c['page']}页" if c.get("page") else "页码不详"
            lines.append(f"  - {where}{extra}（{c.get('document')}，{page}）")
    if a.caveats:
        lines.append("检查发现：")
        for c in a.caveats:
            lines.append(f"  - {c['code']}（{c['severity']}）{c['record']}：{c['message']}")
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

            a, _, _ = ask_agent(args.db, args.question, config=config, plan=True)
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
