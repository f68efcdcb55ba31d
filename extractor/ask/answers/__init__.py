"""Plan → rows → the answer sentence, with its citations and caveats.

Rules every answer keeps:
- the figure asked for is in the sentence itself, with the document's money unit (18,276.74万元);
- every answer names the document it used (据…《…》); several documents are never added up unless
  the question asks (两个部门一共), and then each one's figure is shown too;
- a name that fits several rows reports all of them;
- an answer resting on a row with an error or warning finding says so (caveats);
- a refusal states no number at all, only what the table lacks.
"""

from __future__ import annotations

from extractor.ask.answers.amounts import Amounts
from extractor.ask.answers.base import Result
from extractor.ask.answers.caveats import caveats
from extractor.ask.answers.compare import Comparisons
from extractor.ask.answers.counts import Counts
from extractor.ask.answers.ranks import Ranks
from extractor.ask.answers.records import Records

__all__ = ["Answerer", "Result", "caveats"]


class Answerer(Amounts, Counts, Ranks, Records, Comparisons):
    """Runs a plan: picks the answer its `ask` calls for."""

    def answer(self) -> Result:
        p = self.plan
        if p.group_by:
            return self.grouped()
        if p.ask == "catalog" or (p.ask in ("list", "count") and p.subject in ("document", "year")) or \
                (p.ask in ("list", "count") and p.subject == "department" and not p.agg and not p.filters.source):
            return self.catalog()
        if p.then is not None or p.then_ask:
            return self.two_step()
        return getattr(self, "ask_" + p.ask)()
