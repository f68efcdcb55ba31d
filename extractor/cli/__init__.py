"""The command line: a thin layer over functions a user can import."""

from extractor.cli.main import main

__all__ = ["main"]
