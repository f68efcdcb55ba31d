"""The eval harness: gold fixtures in SQLite, per-field scores, stored runs, diffs and reports.

    extractor eval load  [--gold-db eval/gold.db]
    extractor eval run   [--backend rules] [--prompt NAME@VERSION] [--model M] [--fail-under 0.99]
    extractor eval qa    [--qa eval/qa/dev.json] [--fail-under 0.9]
    extractor eval diff  RUN_A RUN_B [--fail-on-regression]
    extractor eval report RUN [--out report.html]

Fixtures are listed in eval/fixtures.json: a gold JSON (the reviewable source of
truth, in the export format) and the PDF renderings made from it. `load` puts
every gold into a gold database after checking that its amounts reconcile;
`run` scores every rendering against the gold read back from that database.

The pieces: `paths` (defaults, relative to the current directory), `fixtures` (manifest, golds, gold
database, backends), `runs` (score, store, diff), `report` (HTML), `commands` (CLI). This module
gathers their names, which callers used when they all lived here.
"""

from __future__ import annotations

from extractor.evaluation.commands import add_command, cmd_diff, cmd_load, cmd_qa, cmd_report, cmd_run  # noqa: F401
from extractor.evaluation.fixtures import (  # noqa: F401
    GOLD_ONLY_KEYS, EvalError, Extraction, Fixture, get_backend, gold_document, gold_from_json, load_gold,
    load_manifest, model_backend, rules_backend)
from extractor.evaluation.paths import DEFAULT_FIXTURES, DEFAULT_GOLD_DB, DEFAULT_RUNS_DB, EVAL_DIR  # noqa: F401
from extractor.evaluation.report import report_html  # noqa: F401
from extractor.evaluation.runs import (  # noqa: F401
    RUN_TABLES, diff_runs, git_commit, open_runs_db, run_eval, run_fields, run_qa_eval)
