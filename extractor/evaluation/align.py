"""Optimal one-to-one assignment (Hungarian method), for aligning predicted records with gold ones."""

from __future__ import annotations

from typing import Sequence


def assign(score: Sequence[Sequence[float]], minimum: float = 0.0) -> list[tuple[int, int]]:
    """Pairs (i, j) maximising the total score, each row and column used at most
    once; pairs scoring below `minimum` are left unmatched.

    O(n³) Kuhn–Munkres on the square matrix padded with zeros."""
    n_rows = len(score)
    n_cols = len(score[0]) if n_rows else 0
    n = max(n_rows, n_cols)
    if n == 0:
        return []
    top = max((v for row in score for v in row), default=0.0)
    # Minimise cost = top - score; padded cells cost `top` (as good as unmatched).
    cost = [[(top - score[i][j]) if i < n_rows and j < n_cols else top for j in range(n)] for i in range(n)]
    INF = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)  # p[j]: row matched to column j (1-based)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [INF] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], INF, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < n_cols and score[i][j - 1] >= minimum and score[i][j - 1] > 0:
            pairs.append((i, j - 1))
    return sorted(pairs)
