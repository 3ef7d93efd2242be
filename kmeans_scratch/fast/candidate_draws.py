"""k-means++'s candidate draws from block sums: the plain draws' rows without a running sum
over every row.

``seeding.draw_candidates`` picks, for each target t = u * phi, the first row whose running
sum of D(x)**2 reaches t, the running sums made one addition at a time, left to right:

    S[0] = v[0],    S[i] = S[i-1] + v[i]  (rounded: a float)          v[i] = D(x_i)**2 >= 0

Each S[i] is within  gamma(i) * P[i]  of the exact prefix sum P[i] = v[0] + ... + v[i]
(gamma(m) = m * 2**-53 / (1 - m * 2**-53): m roundings, each off by 2**-53 of a partial sum
no larger than P[i], the values being >= 0). So the row can be found without making every
S[i]: the sums of blocks of BLOCK rows (``sum``, C speed: no list of running sums) and their
running sums give where each block ends within some ulps of P; only the block where t is
reached gets its own running sums A[i], started from the sum before it. Every A[i] is within

    reach = 2 * (n + blocks + 2 * BLOCK + 4) * 2**-53 * (the sum of all the blocks)

of S[i]: the bounds of the roundings above, added up, and doubled for the rounding of the
bounds themselves and of the two tests below, made in floats (far beyond them while
n * 2**-53 is small). When A[i] - reach >= t and A[i-1] + reach < t, then S[i] >= t >
S[i-1], and as the S[i] never fall (adding a value >= 0 never lowers a float) row i is the
first to reach t: the plain draw's row.

A target nearer than ``reach`` to a running sum -- a chance of about 2 * reach * n / phi, some
4 * n**2 * 2**-53 a target: under one in a thousand up to a million rows -- and any sum
past the largest float leave the rows to the running sums, made as the plain draw makes
them (``seeding.running_sums``). Weights other than 1.0, no rows or no draw go to the plain
draw as they are, and so do LARGE_N rows or more, where the blocks would seldom tell.

Public: draw_candidates.
Reference: N. J. Higham (2002), "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
SIAM, section 4.2 (the error of recursive summation); scikit-learn's ``_kmeans_plusplus``.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from itertools import accumulate
from typing import Optional, Sequence

from ..randomness import RandomState
from ..seeding import draw_candidates as plain_draw_candidates
from ..seeding import running_sums
from ..validation import unit_weights

__all__ = ["draw_candidates"]

BLOCK = 1 << 12         # rows per block sum
_UNIT = 2.0 ** -53      # the largest relative rounding error of one addition
# rows from which the blocks no longer pay: each target is within reach of a running sum with
# a chance of about 4 * n**2 * 2**-53 (0.18 here): a round's four would need them every other time
LARGE_N = 20_000_000


def draw_candidates(rng: RandomState, weights: Sequence[float] | None, closest: Sequence[float],
                    potential: float, n_trials: int) -> list[int]:
    """``seeding.draw_candidates``: the same rows from the same draws, found from block sums.

    >>> from kmeans_scratch.randomness import RandomState
    >>> closest = [float(i % 7) for i in range(20_000)]
    >>> draw_candidates(RandomState(0), None, closest, math.fsum(closest), 4) == \\
    ...     plain_draw_candidates(RandomState(0), None, closest, math.fsum(closest), 4)
    True
    """
    n = len(closest)
    if (weights is not None and not unit_weights(weights)) or not 0 < n < LARGE_N or n_trials < 1:
        return plain_draw_candidates(rng, weights, closest, potential, n_trials)   # as it is
    targets = [u * potential for u in rng.random_sample(n_trials)]
    ends, reach = _blocks(closest)
    if math.isfinite(ends[-1]) and ends[-1] > 0.0:
        rows = []
        for target in targets:
            row = _row(closest, ends, target, reach)
            if row is None:         # too close to tell: the running sums, below
                break
            rows.append(row)
        else:
            return rows
    cumulative = running_sums(closest, max(targets))        # as the plain draw makes them
    return [min(bisect_left(cumulative, target), n - 1) for target in targets]


def _blocks(closest: Sequence[float]) -> tuple[list, float]:
    """(the running sums of the block sums, reach) for these D(x)**2 (module docstring)."""
    ends = list(accumulate(sum(closest[lo:lo + BLOCK]) for lo in range(0, len(closest), BLOCK)))
    return ends, 2.0 * (len(closest) + len(ends) + 2 * BLOCK + 4) * _UNIT * ends[-1]


def _row(closest: Sequence[float], ends: list, target: float, reach: float) -> Optional[int]:
    """The first row whose running sum reaches target, or None if the sums near it are too
    close to target to tell (``ends``: the running sums of the block sums)."""
    block = bisect_left(ends, target)
    if block == len(ends):       # past every sum: the plain draw's clamp to the last row
        return len(closest) - 1 if ends[-1] + reach < target else None
    lo = block * BLOCK
    running = list(accumulate(closest[lo:lo + BLOCK], initial=ends[block - 1] if block else 0.0))
    i = bisect_left(running, target, 1)         # running[i]: the sum up to row lo + i - 1
    if i < len(running) and running[i] - reach >= target and running[i - 1] + reach < target:
        return lo + i - 1
    return None
