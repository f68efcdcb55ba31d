"""What the planners share while reading one question: the catalog, the reading, the plan being
filled, and the things the question named (in the order it named them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.ask.catalog import Catalog
from extractor.ask.plan import Plan
from extractor.ask.reading import Reading


@dataclass
class Mention:
    """A thing the question names: a department, unit, project set, indicator name or funding source."""

    kind: str  # department | unit | project | indicator | source
    ids: list  # department names, unit ids, project ids, indicator names, canonical source
    pos: int
    text: str
    own_unit: bool = False  # 局本级: the unit of the department's name, not the department


@dataclass
class Context:
    cat: Catalog
    q: Reading
    plan: Plan = field(default_factory=Plan)
    mentions: list = field(default_factory=list)
    names_docs: list = field(default_factory=list)  # documents whose names are matched (every year)
    pending: list = field(default_factory=list)  # (start, end, why): a refusal held until the indicators are read

    def mention(self, kind, ids, pos, text, **kw) -> Mention:
        m = Mention(kind, list(ids), pos, text, **kw)
        self.mentions.append(m)
        return m

    def of(self, *kinds) -> list:
        return sorted((m for m in self.mentions if m.kind in kinds), key=lambda m: m.pos)

    def refuse(self, why: str, related: str = "") -> None:
        """The table cannot answer: say why (no figures), once."""
        if self.plan.refusal is None:
            self.plan.refusal = why
            self.plan.related = related or None
