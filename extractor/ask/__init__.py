"""Ask: questions in Chinese, answered from the database with citations.

    >>> from extractor.ask import answer
    >>> answer("budget.db", "哪个单位的财政拨款最多？").answer  # doctest: +SKIP
"""

from extractor.ask.engine import Answer, answer  # noqa: F401
