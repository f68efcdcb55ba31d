"""Store: records in SQLite (sqlite-utils), exports, Datasette metadata.

    >>> from extractor import store
    >>> db = store.open_db("budget.db")  # doctest: +SKIP
"""

from extractor.store.db import *  # noqa: F401,F403  (the store's API: open_db, save_document, load_document, …)
from extractor.store.db import FTS, SCHEMA  # noqa: F401
