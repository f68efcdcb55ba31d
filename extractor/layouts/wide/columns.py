"""Column edges from the page itself (列边界): the header's labels joined with the body's white gutters.

The body knows its columns: text never crosses from one cell into the next, so between two
neighbouring labels there is white space running through every body row (a gutter). Where the
labels and the body leave a single gutter between two labels, the edge is in it (camelot's stream
mode joins its column spans the same way, at the middle of the gap: `_merge_columns`,
`_join_columns`). Where they leave more than one — amounts right-aligned under a short
left-aligned label leave white on both sides of the amounts — the header's alignment decides, as a
reader decides: left-aligned labels start their column, right-aligned ones end it, centred ones sit
in its middle. The alignment is not assumed: each is tried over the whole header and the one that
lands nearest to the gutters wins. A vertical rule between two labels is the edge (rules are a
hint: a table drawn without them reads the same way).

When two alignments land almost as near and put some amounts in different columns, those amounts
are in doubt: the caller reports them rather than trust the choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.layouts.wide.header import Label

PAD = 3.0  # a typical cell padding, in points: where a left-aligned label's column starts
_ALIGNMENTS = ("left", "center", "right")


@dataclass
class Cuts:
    """Edges between neighbouring columns (len(labels) - 1 of them), and the x-ranges in doubt."""

    inner: list[float]
    alignment: str
    doubt: list[tuple[float, float]] = field(default_factory=list)
    ruled: list[bool] = field(default_factory=list)

    def bounds(self, left: float, right: float) -> list[tuple[float, float]]:
        edges = [left] + self.inner + [right]
        return list(zip(edges, edges[1:]))


def merged_spans(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping x-spans merged into one (camelot's `_merge_columns` with no tolerance)."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def gaps_between(occupied: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """White intervals inside (lo, hi) that no occupied span touches."""
    out, x = [], lo
    for a, b in occupied:
        if b <= x:
            continue
        if a >= hi:
            break
        if a > x:
            out.append((x, a))
        x = max(x, b)
    if x < hi:
        out.append((x, hi))
    return [(a, b) for a, b in out if b - a > 0.3]


def _distance(x: float, gap: tuple[float, float]) -> float:
    return 0.0 if gap[0] <= x <= gap[1] else min(abs(x - gap[0]), abs(x - gap[1]))


def _estimate(alignment: str, labels: list[Label], i: int, prev: float) -> float:
    """Where the edge between labels i and i+1 would be if the labels were so aligned."""
    if alignment == "left":
        return labels[i + 1].x0 - PAD
    if alignment == "right":
        return labels[i].x1 + PAD
    return 2 * labels[i].mid - prev  # centred: label i in the middle of [prev, edge]


def _walk(alignment: str, labels: list[Label], gaps: list[list[tuple[float, float]]],
          rules: list[float | None], left: float) -> tuple[list[float], float, list[int]]:
    """Edges under one alignment: (edges, total distance from the estimates to the gutters, gutter index chosen)."""
    cuts, score, chosen, prev = [], 0.0, [], left
    for i, gs in enumerate(gaps):
        if rules[i] is not None:
            cut, pick = rules[i], -1
        elif not gs:
            cut, pick = (labels[i].x1 + labels[i + 1].x0) / 2, -1
        else:
            est = _estimate(alignment, labels, i, prev)
            pick = min(range(len(gs)), key=lambda k: _distance(est, gs[k]))
            score += _distance(est, gs[pick])
            cut = (gs[pick][0] + gs[pick][1]) / 2
            if alignment == "center":  # the estimate chains from the previous edge: keep it where the label says
                cut = min(max(est, gs[pick][0]), gs[pick][1])
        cuts.append(cut)
        chosen.append(pick)
        prev = cut
    return cuts, score, chosen


def find_cuts(labels: list[Label], body: list[tuple[float, float]], vrules: list[float]) -> Cuts:
    """Edges between the labels' columns, from the labels, the body words' x-spans and any vertical rules."""
    occupied = merged_spans(body + [(l.x0, l.x1) for l in labels])
    gaps, rules = [], []
    for a, b in zip(labels, labels[1:]):
        lo, hi = a.x1, b.x0
        gs = gaps_between(occupied, lo, hi) if lo < hi else []
        gaps.append(gs)
        inside = [x for x in vrules if lo - 0.5 <= x <= hi + 0.5 and any(g[0] - 0.5 <= x <= g[1] + 0.5 for g in gs)]
        rules.append(min(inside, key=lambda x: abs(x - (lo + hi) / 2)) if inside else None)
    left = min([l.x0 for l in labels] + [s[0] for s in body]) - PAD
    tried = {al: _walk(al, labels, gaps, rules, left) for al in _ALIGNMENTS}
    ranked = sorted(_ALIGNMENTS, key=lambda al: tried[al][1])
    best, second = ranked[0], ranked[1]
    cuts, score, chosen = tried[best]
    doubt = []
    alt_cuts, alt_score, alt_chosen = tried[second]
    if alt_score <= score + 1.5 + 0.25 * score:
        for c, d, p, q in zip(cuts, alt_cuts, chosen, alt_chosen):
            if p != q and p >= 0 and q >= 0:
                doubt.append((min(c, d), max(c, d)))
    return Cuts(cuts, best, doubt, [r is not None for r in rules])
