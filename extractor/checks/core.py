"""The checker's names where they were before the split by concern (`from extractor.checks import core`
keeps working for branches written against it). New code imports from `extractor.checks`."""

from extractor.checks import check, run  # noqa: F401
from extractor.checks.amounts import check_amounts  # noqa: F401
from extractor.checks.indicators import check_indicators, level2_code_of  # noqa: F401
from extractor.checks.repeats import _is_page_break_repeat, _same_row, check_duplicates, resolve_repeats  # noqa: F401
from extractor.vocabulary import FORM_LEVEL2_ALIASES, LEVEL1_NAMES  # noqa: F401
