"""Column edges from labels and body gutters (extractor/layouts/wide/columns.py), on hand-made geometry.

Each case is a table a person can draw on paper: columns of known edges, labels placed left,
centred or right inside them, amounts right-aligned; the edges found must fall between the
columns' contents, on the side the drawing says.
"""

from __future__ import annotations

from extractor.layouts.wide.columns import find_cuts, gaps_between, merged_spans
from extractor.layouts.wide.header import Label

PAD = 3.0
# A name column [40, 100) with left-aligned text, three amount columns [100, 160), [160, 220), [220, 280)
# with right-aligned amounts, and a goal column [280, 400) with left-aligned text.
EDGES = [40.0, 100.0, 160.0, 220.0, 280.0, 400.0]
WIDTHS = [40.0, 24.0, 24.0, 24.0, 24.0]  # label widths (项目名称 is 4 characters of 6 pt, like the others)


def _labels(align: str) -> list[Label]:
    out = []
    for (x0, x1), w in zip(zip(EDGES, EDGES[1:]), WIDTHS):
        a = x0 + PAD if align == "left" else x1 - PAD - w if align == "right" else (x0 + x1) / 2 - w / 2
        out.append(Label("标签", a, a + w, 0.0, 6.0))
    return out


def _body(width: float, empty: tuple[int, ...] = ()) -> list[tuple[float, float]]:
    """Rows of: a name, right-aligned amounts of one width, a goal."""
    rows = []
    for _ in range(3):
        rows.append((EDGES[0] + PAD, EDGES[0] + PAD + 50))
        rows += [(x1 - PAD - width, x1 - PAD) for i, x1 in enumerate(EDGES[2:5]) if i + 1 not in empty]
        rows.append((EDGES[4] + PAD, EDGES[4] + PAD + 110))
    return rows



def _every_item_in_its_column(cuts: list[float], labels: list[Label], body: list[tuple[float, float]]) -> bool:
    """Every label and every body span falls whole inside the column it was drawn in."""
    edges = [float("-inf")] + cuts + [float("inf")]
    truth = lambda x0, x1: next(i for i, (a, b) in enumerate(zip(EDGES, EDGES[1:])) if a <= x0 and x1 <= b)  # noqa: E731
    items = [(l.x0, l.x1) for l in labels] + body
    return all(edges[truth(x0, x1)] <= x0 and x1 <= edges[truth(x0, x1) + 1] for x0, x1 in items)


def test_merged_spans_and_gaps():
    spans = merged_spans([(0, 5), (3, 8), (10, 12)])
    assert spans == [(0, 8), (10, 12)]
    assert gaps_between(spans, 0, 20) == [(8, 10), (12, 20)]


def test_left_labels_right_amounts():
    # Short amounts leave white on both sides of them: the labels' alignment decides, and it is found.
    labels, body = _labels("left"), _body(14.0)
    cuts = find_cuts(labels, body, [])
    assert cuts.alignment == "left"
    assert _every_item_in_its_column(cuts.inner, labels, body), cuts
    assert cuts.doubt == []


def test_centred_labels_right_amounts():
    labels, body = _labels("center"), _body(14.0)
    cuts = find_cuts(labels, body, [])
    assert _every_item_in_its_column(cuts.inner, labels, body), cuts


def test_right_labels_right_amounts():
    labels, body = _labels("right"), _body(14.0)
    cuts = find_cuts(labels, body, [])
    assert _every_item_in_its_column(cuts.inner, labels, body), cuts


def test_a_rule_between_labels_is_the_edge():
    cuts = find_cuts(_labels("left"), _body(14.0), [100.0, 160.0, 220.0, 280.0])
    assert cuts.inner == [100.0, 160.0, 220.0, 280.0]
    assert cuts.ruled == [True] * 4


def test_an_empty_column_keeps_its_label():
    # Nothing under the middle amount label: its column is still there.
    labels, body = _labels("left"), _body(14.0, empty=(2,))
    cuts = find_cuts(labels, body, [])
    assert len(cuts.inner) == 4
    assert _every_item_in_its_column(cuts.inner, labels, body), cuts
