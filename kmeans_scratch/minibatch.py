"""Mini-batch K-Means: Lloyd's two steps on a small random batch, each centre a running mean.

Lloyd's loop reads every row at every step. Mini-batch K-Means reads ``batch_size`` random
rows instead (drawn with replacement, row i with probability w[i] / sum w), labels them by
the nearest centre, and moves each centre towards its new members with a learning rate
that falls as the centre absorbs weight. With counts[j] the weight centre j has absorbed:

    for each batch member x of centre j (weight w):
        counts[j]    = counts[j] + w
        centroids[j] = centroids[j] + (w / counts[j]) * (x - centroids[j])

so each centre stays the running weighted mean of every point ever assigned to it (its
starting position counts for nothing: counts start at 0), inside the box of the points
seen (up to rounding: (2x + x) * (1/3) can end a unit in the last place below x). We update a whole batch at once,
in scikit-learn's form, which is the same mean with fewer roundings (and its last bits):

    centroids[j] = (centroids[j] * counts_old[j] + sum_members w * x) * (1 / counts_new[j])

Three more pieces, as scikit-learn has them:
  start        on ``init_size`` random rows (k-means++ or random rows), ``n_init`` times;
               keep the start with the lowest inertia on another ``init_size`` random rows
  stop         after ``max_iter * n_samples // batch_size`` steps, or earlier when the
               exponentially weighted average (EWA) of the batch inertia per row,
                   ewa = ewa * (1 - alpha) + batch_inertia / batch_size * alpha,
                   alpha = min(1, 2 * batch_size / (n_samples + 1)),
               has not reached a new minimum for ``max_no_improvement`` steps (the first
               step is not counted), or when the centres moved by a total squared distance
               of at most tol * mean feature variance
  reassignment whenever 10 * k rows have been seen since the last one (or a count is 0),
               every centre with counts[j] < reassignment_ratio * max(counts) jumps to a
               random row of the batch (at most half the batch's size of them) and its
               count becomes the smallest count of the others: a dead centre gets a new life

An integer ``random_state`` draws what scikit-learn draws, in the same order.

The estimator, ``MiniBatchKMeans`` (scikit-learn's parameters, attributes and methods), is in
``minibatch_kmeans``, as ``KMeans`` is beside ``lloyd``.

Public names: MiniBatchStep, minibatch_steps, minibatch_step, initial_centroids, EarlyStop,
reassign_due.
Reference: D. Sculley (2010), "Web-scale k-means clustering", WWW 2010: 1177-1178;
scikit-learn's ``sklearn.cluster.MiniBatchKMeans`` (same parameters, attributes, methods).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate
from operator import mul
from typing import Iterator, NamedTuple, Sequence

from .randomness import RandomState
from .seeding import plusplus_indices, random_indices
from .validation import check_centres
from .vectors import Labels, Vector, assign, squared_distance

__all__ = ["MiniBatchStep", "minibatch_steps", "minibatch_step", "initial_centroids",
           "EarlyStop", "reassign_due"]


class MiniBatchStep(NamedTuple):
    """One step of mini-batch K-Means: the batch, its labels, and where the centres went."""
    step: int                    # 1, 2, ...
    indices: list                # the batch: row indices into X (drawn with replacement)
    labels: Labels               # nearest of the old centroids for every batch row
    centroids: list              # after the update (and any reassignment)
    counts: list                 # the weight each centre has absorbed so far
    inertia: float               # the batch's inertia against the old centroids
    shift: float                 # sum_j ||new centroids[j] - old centroids[j]||**2


def minibatch_step(batch: Sequence[Vector], weights: Sequence[float], centroids: Sequence[Vector],
                   counts: Sequence[float], rng: RandomState, *, reassign: bool = False,
                   reassignment_ratio: float = 0.01) -> tuple[Labels, list, list, float]:
    """(labels, new centroids, new counts, batch inertia) after one step on ``batch``.

        labels[i]    = nearest(batch[i], centroids)
        centroids[j] = (centroids[j] * counts[j] + sum_{labels[i]=j} w[i] batch[i])
                       * (1 / (counts[j] + sum_{labels[i]=j} w[i]))

    A centre with no member keeps its place. With ``reassign``, small centres then jump
    to random batch rows (see the module docstring). Input is assumed valid.

    >>> minibatch_step([(0.0,), (4.0,), (10.0,)], [1.0] * 3, [(1.0,), (9.0,)], [1.0, 0.0],
    ...                RandomState(0))
    ([0, 0, 1], [(1.6666666666666665,), (10.0,)], [3.0, 1.0], 11.0)

    (Centre 0 had absorbed weight 1 at 1.0 and takes 0.0 and 4.0: (1 + 0 + 4) / 3; centre 1
    had absorbed nothing, so its start 9.0 counts for nothing: 10.0. Inertia 1 + 9 + 1.)
    """
    labels, squared = assign(batch, centroids)
    members: list[list[int]] = [[] for _ in centroids]
    for index, label in enumerate(labels):
        members[label].append(index)
    new_centroids, new_counts = list(centroids), list(counts)
    for j, rows in enumerate(members):
        if rows:
            new_centroids[j], new_counts[j] = _running_mean(
                centroids[j], counts[j], [batch[i] for i in rows], [weights[i] for i in rows])
    if reassign and reassignment_ratio > 0:
        _reassign_small(batch, new_centroids, new_counts, rng, reassignment_ratio)
    return labels, new_centroids, new_counts, math.fsum(map(mul, weights, squared))


def _running_mean(centroid: Vector, count: float, rows: list, weights: list) -> tuple:
    """(the mean of the old centre, weighted by count, and the rows; the new count)."""
    # plain running sums in scikit-learn's order (centre first, then rows as they come),
    # so the centres agree with scikit-learn's to the last bits
    sums = [value * count for value in centroid]
    total = 0.0
    for x, w in zip(rows, weights):
        total += w
        for f, value in enumerate(x):
            sums[f] += value * w
    count = count + total
    alpha = 1.0 / count          # times the reciprocal, as scikit-learn does
    return tuple(s * alpha for s in sums), count


def _reassign_small(batch, centroids: list, counts: list, rng: RandomState, ratio: float) -> None:
    """Move each centre with counts[j] < ratio * max(counts) to a random batch row (in place).

    At most int(len(batch) / 2) centres move: the ones with the smallest counts. Their new
    rows are drawn without replacement; their counts become the smallest count of the rest.
    """
    threshold = ratio * max(counts)
    small = [j for j, count in enumerate(counts) if count < threshold]
    if len(small) > 0.5 * len(batch):
        keep = set(sorted(range(len(counts)), key=counts.__getitem__)[:int(0.5 * len(batch))])
        small = [j for j in small if j in keep]
    if not small:
        return
    rows = rng.choice(len(batch), size=len(small), replace=False)
    others = [count for j, count in enumerate(counts) if j not in set(small)]
    for j, row in zip(small, rows):
        centroids[j] = batch[row]
        # not so small that it is moved again at once (scikit-learn's rule; where every
        # centre moved, possible only for ratio > 1, scikit-learn fails: counts stay)
        counts[j] = min(others) if others else counts[j]


def reassign_due(counts: Sequence[float], seen: int, batch_size: int) -> tuple[bool, int]:
    """(reassign now?, rows seen since the last reassignment): every 10 * k rows, or at once
    while some centre has absorbed nothing."""
    seen += batch_size
    if seen >= 10 * len(counts) or 0 in counts:
        return True, 0
    return False, seen


def minibatch_steps(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float],
                    rng: RandomState, *, batch_size: int, n_steps: int,
                    reassignment_ratio: float = 0.01) -> Iterator[MiniBatchStep]:
    """Yield the state after each of ``n_steps`` steps on random batches of X.

    Each batch holds ``batch_size`` rows drawn with replacement, row i with probability
    w[i] / sum w (NumPy's ``choice(n, batch_size, p=...)``: one uniform draw per row,
    inverted on the cumulative distribution); the weights then count once, in the drawing,
    so the step gives every batch row weight 1. Input is assumed valid.

    >>> X = [(0.0,), (1.0,), (10.0,), (11.0,)]
    >>> steps = minibatch_steps(X, [(0.0,), (10.0,)], [1.0] * 4, RandomState(0),
    ...                         batch_size=2, n_steps=3, reassignment_ratio=0.0)
    >>> [(s.indices, s.centroids, s.counts) for s in steps]
    ... # doctest: +NORMALIZE_WHITESPACE
    [([2, 2], [(0.0,), (10.0,)], [0.0, 2.0]),
     ([2, 2], [(0.0,), (10.0,)], [0.0, 4.0]),
     ([1, 2], [(1.0,), (10.0,)], [1.0, 5.0])]
    """
    cdf = _cdf(weights)
    unit = [1.0] * batch_size
    counts = [0.0] * len(centroids)
    seen = 0
    for step in range(1, n_steps + 1):
        indices = [bisect_right(cdf, u) for u in rng.random_sample(batch_size)]
        batch = [X[i] for i in indices]
        reassign, seen = reassign_due(counts, seen, batch_size)
        labels, new_centroids, counts, inertia = minibatch_step(
            batch, unit, centroids, counts, rng, reassign=reassign,
            reassignment_ratio=reassignment_ratio)
        shift = math.fsum(map(squared_distance, new_centroids, centroids))
        centroids = new_centroids
        yield MiniBatchStep(step, indices, labels, centroids, counts, inertia, shift)


def _cdf(weights: Sequence[float]) -> list[float]:
    """NumPy's choice(p=w / sum w): cumsum(p) / cumsum(p)[-1], a running sum, then divide."""
    total = math.fsum(weights)
    cumulative = list(accumulate(w / total for w in weights))
    return [c / cumulative[-1] for c in cumulative]


def initial_centroids(X: Sequence[Vector], weights: Sequence[float], k: int, rng: RandomState, *,
                      init="k-means++", init_size: int | None = None,
                      caller: str = "MiniBatchKMeans.fit") -> tuple[list, list | None]:
    """(k starting centroids, the rows of X they were taken from, or None for other centres).

    Seeds on ``init_size`` rows drawn with replacement (all of X when init_size is None or
    at least len(X)), as scikit-learn's ``_init_centroids``: 'k-means++', 'random', the
    given centres (the rows are drawn even then, so the stream moves on the same way), or
    the centres a callable returns for those rows: init(rows, k, random_state=rng).

    >>> initial_centroids([(0.0,), (1.0,), (9.0,), (10.0,)], [1.0] * 4, 2, RandomState(0))
    ([(9.0,), (1.0,)], [2, 1])
    """
    rows = list(range(len(X)))
    if init_size is not None and init_size < len(X):
        rows = rng.randint(0, len(X), init_size)
    if callable(init):          # scikit-learn's call, on the rows drawn
        centres = init([X[i] for i in rows], k, random_state=rng)
        return check_centres(centres, len(X[0]), k, caller=caller), None
    if not isinstance(init, str):
        return [tuple(c) for c in init], None
    subset, subset_weights = [X[i] for i in rows], [weights[i] for i in rows]
    if not any(subset_weights):      # only zero-weight rows drawn: seed as if unweighted
        subset_weights = [1.0] * len(rows)
    if init == "k-means++":
        chosen = plusplus_indices(subset, k, rng, subset_weights)
    else:
        chosen = random_indices(len(subset), k, rng, subset_weights)
    return [subset[i] for i in chosen], [rows[i] for i in chosen]


class EarlyStop:
    """scikit-learn's stopping rules: a small centre shift, or no new EWA minimum for a while."""

    def __init__(self, batch_size: int, n_samples: int, tol: float, max_no_improvement):
        self.alpha = min(1.0, batch_size * 2.0 / (n_samples + 1))
        self.batch_size, self.tol, self.patience = batch_size, tol, max_no_improvement
        self.ewa: float | None = None
        self.ewa_min: float | None = None
        self.no_improvement = 0

    def __call__(self, step: int, batch_inertia: float, shift: float) -> bool:
        """True if the loop should stop after this step (1, 2, ...)."""
        mean_inertia = batch_inertia / self.batch_size
        if step == 1:                # the first batch is measured against the start
            return False
        if self.ewa is None:
            self.ewa = mean_inertia
        else:
            self.ewa = self.ewa * (1 - self.alpha) + mean_inertia * self.alpha
        if self.tol > 0.0 and shift <= self.tol:
            return True
        if self.ewa_min is None or self.ewa < self.ewa_min:
            self.no_improvement, self.ewa_min = 0, self.ewa
        else:
            self.no_improvement += 1
        return self.patience is not None and self.no_improvement >= self.patience
