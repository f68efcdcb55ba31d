"""Prompts: plain-text templates shipped inside the package (`extractor/prompts/NAME@VERSION.txt`,
few-shot examples in `extractor/prompts/examples/NAME.json`), loaded with importlib.resources so
that an installed copy finds them wherever it runs.

`EXTRACTOR_PROMPTS` (a folder) or `load_prompt(..., prompts_dir=…)` loads another set, e.g. a
prompt under development.
"""

from __future__ import annotations

import json
import os
import re
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Optional, Union

from extractor.backends.answers import RowAnswer
from extractor.backends.grounding import ground_row
from extractor.source.page import InputError

#: A folder to load prompts from instead of the package's own (tests and prompt development set it).
PROMPTS_DIR: Optional[Path] = None


@dataclass
class Prompt:
    name: str
    version: str
    system: str
    user: str
    examples: list[dict]

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    def messages(self, block: str, columns: list[str]) -> list[dict]:
        fill = lambda t: string.Template(t).safe_substitute(block=block, columns="、".join(columns) or "（无）")  # noqa: E731
        msgs = [{"role": "system", "content": fill(self.system)}]
        for ex in self.examples:
            msgs.append({"role": "user", "content": ex["source"]})
            msgs.append({"role": "assistant", "content": json.dumps(ex["output"], ensure_ascii=False)})
        msgs.append({"role": "user", "content": fill(self.user)})
        return msgs


def prompts_root(prompts_dir: Optional[Path] = None) -> Union[Path, resources.abc.Traversable]:
    """Where prompts are read from: the argument, `PROMPTS_DIR`, `$EXTRACTOR_PROMPTS`, or the package's data."""
    chosen = prompts_dir or PROMPTS_DIR or os.environ.get("EXTRACTOR_PROMPTS")
    return Path(chosen) if chosen else resources.files("extractor") / "prompts"


def load_prompt(ref: str, prompts_dir: Optional[Path] = None) -> Prompt:
    """`project_row@v1` → prompts/project_row@v1.txt (+ prompts/examples/project_row.json).

    Few-shot examples are grounded against their own source text before use: an
    example that teaches the model to write numbers not in its source is refused."""
    root = prompts_root(prompts_dir)
    name, _, version = ref.partition("@")
    if not version:
        versions = sorted(p.name[:-4].split("@", 1)[1] for p in root.iterdir()
                          if p.name.startswith(f"{name}@") and p.name.endswith(".txt"))
        if not versions:
            raise InputError(f"no prompt named {name!r} in {root}")
        version = versions[-1]
    path = root / f"{name}@{version}.txt"
    if not path.is_file():
        raise InputError(f"no prompt {name}@{version} ({path})")
    text = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.startswith("# "))
    m = re.search(r"=== system ===\n(.*?)=== user ===\n(.*)", text, re.S)
    if not m:
        raise InputError(f"{path}: needs '=== system ===' and '=== user ===' sections")
    examples = []
    ex_path = root / "examples" / f"{name}.json"
    if ex_path.is_file():
        examples = json.loads(ex_path.read_text(encoding="utf-8"))
        for i, ex in enumerate(examples):
            answer = RowAnswer.model_validate(ex["output"])
            problems = ground_row(answer, ex["source"], strict_columns=False)
            if problems:
                raise InputError(f"{ex_path} example {i}: not grounded in its own source: {problems[0]}")
    return Prompt(name, version, m.group(1).strip(), m.group(2).strip(), examples)
