"""The source object model: what a read page holds, whoever read it (the text layer or OCR).

Char, the ruling lines, PageText, SourceFile and InputError live here so that the readers
(`source.pdf` for the text layer, `source.ocr` for page images) and every layout import them
from one place without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(Exception):
    """A file that cannot be read as this kind of document. str() is the one-line reason."""


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(frozen=True)
class HRule:
    x0: float
    x1: float
    y: float


@dataclass(frozen=True)
class VRule:
    x: float
    top: float
    bottom: float


@dataclass
class PageText:
    """One page: 1-based number, size in points, chars, and ruling lines (top-left origin)."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    hrules: list[HRule] = field(default_factory=list)
    vrules: list[VRule] = field(default_factory=list)


@dataclass
class SourceFile:
    path: str
    sha256: str
    pages: list[PageText]
    readings: list = field(default_factory=list)  # per page: textlayer.Reading (text layer or OCR, and why)
