"""k-means++'s first centroid under unit weights, drawn without adding up n probabilities.

``seeding.draw_first`` draws it as NumPy's ``choice(n, p=[v] * n)`` with v = 1/n: the
running sums of p,

    c[0] = v        c[j] = c[j-1] + v   (rounded: a float)

and then the first j with c[j] / c[n-1] > u, for one uniform u. Adding the same v again and
again moves the sum by the same step for as long as it stays in one binade 2**(e-1) <= c <
2**e: there every float is a whole number of units U (its ulp), so c + v rounds to c plus v
rounded to whole units -- on a tie to the even neighbour, which after one step inside the
binade is even already, and stays so. The running sums are thus a few runs of equal steps
(about four per binade), each known by where it starts, its first sum and its step:

    c[j] = sums[r] + (j - starts[r]) * steps[r]        for starts[r] <= j < starts[r + 1]

exact in floats (every such value is a whole number of units below 2**e). The search then
reads about log2(n) of them: the same row as ``seeding.draw_first``, from the same uniform.

Public: draw_first, ConstantRunningSums.
Reference: NumPy's legacy ``RandomState.choice`` (cumsum, divide by the last, searchsorted);
D. Goldberg (1991), "What every computer scientist should know about floating-point
arithmetic", ACM Computing Surveys 23(1).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import abc
from typing import Sequence

from ..randomness import SUM_TOLERANCE, RandomState, inverse_cdf
from ..seeding import draw_first as plain_draw_first
from ..validation import unit_weights

__all__ = ["draw_first", "ConstantRunningSums"]


def draw_first(rng: RandomState, weights: Sequence[float]) -> int:
    """``seeding.draw_first(rng, weights)``: the same row from the same draw; with every
    weight 1.0, found on the running sums' runs instead of n additions.

    >>> from kmeans_scratch.randomness import RandomState
    >>> draw_first(RandomState(0), [1.0] * 10**6) == plain_draw_first(RandomState(0), [1.0] * 10**6)
    True
    """
    n = len(weights)
    if not unit_weights(weights):
        return plain_draw_first(rng, weights)
    running = ConstantRunningSums(1.0 / n, n)
    if not abs(running[-1] - 1.0) <= SUM_TOLERANCE:       # p sums too far from 1: the plain
        return plain_draw_first(rng, weights)            # draw raises NumPy's error
    return inverse_cdf(running, rng.random_sample())


class ConstantRunningSums(abc.Sequence):
    """The running sums of n copies of v (0 < v, n * v finite), as ``itertools.accumulate``
    makes them, held as runs of equal steps; indexable like the list (also from the end).

    >>> from itertools import accumulate
    >>> list(ConstantRunningSums(0.1, 12)) == list(accumulate([0.1] * 12))
    True
    """

    def __init__(self, v: float, n: int):
        self.n = n
        self.starts: list[int] = []             # where each run begins,
        self.sums: list[float] = []             # its first running sum,
        self.steps: list[float] = []            # and the step from one to the next
        j, c, inside = 0, v, False      # inside: c was reached by a step within its binade
        while j < n - 1:
            following = c + v
            count = 1
            if inside and math.frexp(following)[1] == math.frexp(c)[1]:
                # equal steps from here on within the binade: go to one unit below its top
                unit, step = math.ulp(c), following - c
                room = int((math.ldexp(1.0, math.frexp(c)[1]) - c) / unit) - 1
                count = max(1, min(n - 1 - j, room // int(step / unit)))
            self._add_run(j, c, following - c)
            inside = math.frexp(following)[1] == math.frexp(c)[1]
            j, c = j + count, c + count * (following - c)
        self._add_run(j, c, 0.0)

    def _add_run(self, start: int, first: float, step: float) -> None:
        """Note a run: from index start on, the sums are first + (j - start) * step."""
        self.starts.append(start)
        self.sums.append(first)
        self.steps.append(step)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, j):       # (an index: no slices)
        if j < 0:
            j += self.n
        if not 0 <= j < self.n:
            raise IndexError("running sum index out of range")
        run = bisect_right(self.starts, j) - 1
        return self.sums[run] + (j - self.starts[run]) * self.steps[run]
