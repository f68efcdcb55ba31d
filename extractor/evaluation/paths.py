"""Default places of the eval's inputs and outputs: relative to the current directory (a checkout of the
project, where `eval/` is), never inside the installed package. Every command takes flags to move them."""

from __future__ import annotations

from pathlib import Path

EVAL_DIR = Path("eval")
DEFAULT_FIXTURES = EVAL_DIR / "fixtures.json"
DEFAULT_GOLD_DB = EVAL_DIR / "gold.db"
DEFAULT_RUNS_DB = EVAL_DIR / "runs.db"
DEFAULT_QA = EVAL_DIR / "qa" / "dev.json"
