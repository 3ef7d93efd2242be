"""Toy data sets drawn exactly as scikit-learn draws them: blobs, moons and circles.

Each generator makes its own ``RandomState(random_state)`` and spends it in scikit-learn's
order, so an integer seed gives scikit-learn's data bit for bit.

    make_blobs    points x = centre + cluster_std * z, z standard normal per feature
    make_moons    two interleaving half circles, (cos t, sin t) and (1 - cos t, 1 - sin t - 0.5)
    make_circles  a large circle (cos t, sin t) around a small one (factor * cos t, factor * sin t)

Moons and circles place angles evenly (t_i = i * step, never an accumulated step), shuffle
the rows, then add Gaussian ``noise`` to every coordinate.

Public functions: make_blobs, make_moons, make_circles.
Reference: scikit-learn's ``sklearn.datasets`` generators (same parameters and defaults).
"""

from __future__ import annotations

import math
import numbers
from array import array
from typing import Iterable

from ..errors import KMeansError
from ..randomness import RandomState, check_random_state

__all__ = ["make_blobs", "make_moons", "make_circles"]


def make_blobs(n_samples=100, n_features: int = 2, centers=None, cluster_std=1.0,
               center_box: tuple = (-10.0, 10.0), shuffle: bool = True, random_state=None,
               return_centers: bool = False):
    """Isotropic Gaussian blobs: (X, y), or (X, y, centers) with ``return_centers``.

    Row i of blob c is  centers[c][f] + cluster_std[c] * z  for each feature f, z ~ N(0, 1).
    ``n_samples`` is a total (split evenly, the first blobs getting one extra) or one count
    per blob; ``centers`` is a number of blobs (drawn uniformly in ``center_box``) or the
    centres themselves.

    >>> X, y = make_blobs(n_samples=4, centers=2, random_state=0)
    >>> [[round(v, 4) for v in row] for row in X], y
    ([[2.1993, 2.3519], [1.952, 1.3083], [1.9264, 4.1524], [2.8438, 3.3265]], [1, 1, 0, 0])

    ``cluster_std`` is one number or one per blob (any sized iterable: a list, a NumPy array).

    Raises KMeansError for negative counts or mismatched lengths, TypeError for a
    ``cluster_std`` that is neither a number nor numbers.
    """
    rng = check_random_state(random_state)
    counts, centres = _blob_counts_and_centres(n_samples, n_features, centers, center_box, rng)
    stds = _stds(cluster_std, len(centres))
    if len(stds) != len(centres):
        raise KMeansError(f"make_blobs requires one cluster_std per centre; got "
                          f"len(cluster_std)={len(stds)}, n_centers={len(centres)}")
    width = _width(centres)
    values, y = array("d"), []                    # every row's values, one after another
    for label, (count, centre, std) in enumerate(zip(counts, centres, stds)):
        for _ in range(count):   # features innermost; the normal cache carries over
            values.extend([mu + std * rng.standard_normal() for mu in centre])
        y += [label] * count
    order = rng.permutation(len(y)) if shuffle else range(len(y))
    X = _rows(values, width, order)
    if shuffle:
        y = [y[i] for i in order]
    return (X, y, centres) if return_centers else (X, y)


def _stds(cluster_std, n_centres: int) -> list:
    """One standard deviation per blob: a number repeated, or the given ones as floats."""
    if isinstance(cluster_std, numbers.Real):     # as scikit-learn: anything else is an array
        return [cluster_std] * n_centres
    try:
        return [float(v) for v in cluster_std]    # (an array's elements, as plain floats)
    except (TypeError, ValueError):
        raise TypeError(f"make_blobs requires cluster_std a number or a sequence of numbers; "
                        f"got cluster_std={cluster_std!r}") from None


def _blob_counts_and_centres(n_samples, n_features, centers, center_box, rng: RandomState):
    """(points per blob, blob centres), drawing the centres if only their number is given."""
    if isinstance(n_samples, numbers.Integral):
        if n_samples < 0:
            raise KMeansError(f"make_blobs requires n_samples >= 0; got n_samples={n_samples}")
        if centers is None:
            centers = 3
        if isinstance(centers, numbers.Integral):
            low, high = center_box
            centres = [rng.uniform(low, high, n_features) for _ in range(centers)]
        else:
            centres = [[float(v) for v in c] for c in centers]
        if not centres:
            raise KMeansError(f"make_blobs requires at least one centre; got centers={centers!r}")
        base, extra = divmod(int(n_samples), len(centres))
        counts = [base + (1 if i < extra else 0) for i in range(len(centres))]
        return counts, centres
    counts = [int(c) for c in n_samples]
    if centers is None:
        low, high = center_box
        centres = [rng.uniform(low, high, n_features) for _ in counts]
    elif isinstance(centers, numbers.Integral):
        raise KMeansError("make_blobs requires centers=None or an array when n_samples is a "
                          f"list; got centers={centers}")
    else:
        centres = [[float(v) for v in c] for c in centers]
    if len(centres) != len(counts):
        raise KMeansError(f"make_blobs requires len(centers) == len(n_samples); got "
                          f"{len(centres)} and {len(counts)}")
    return counts, centres


def _width(centres: list) -> int:
    """The length every centre has (0 for none), after refusing centres of different lengths."""
    for index, centre in enumerate(centres):
        if len(centre) != len(centres[0]):
            raise KMeansError(f"make_blobs requires centres of one length; got "
                              f"len(centers[{index}])={len(centre)}, len(centers[0])={len(centres[0])}")
    return len(centres[0]) if centres else 0


def _rows(values: array, width: int, order: Iterable[int]) -> list:
    """The rows of ``values`` (``width`` values each) as lists, in ``order``.

    Made only now, in their final order, the rows (and their floats) lie in memory in the
    order a fit reads them: reading rows scattered by a shuffle costs several times more.
    """
    return [values[i * width:(i + 1) * width].tolist() for i in order]


def _shuffled(X: list, y: list, rng: RandomState) -> tuple:
    """X and y reordered by one shuffled index list."""
    order = rng.permutation(len(X))
    return [X[i] for i in order], [y[i] for i in order]


def _split(n_samples, caller: str) -> tuple:
    """(n_out, n_in): half of the points (rounded down) go to the outer shape, or the pair given.

    A pair is checked as scikit-learn checks it: two whole numbers, neither negative.
    """
    if isinstance(n_samples, numbers.Integral):
        if n_samples < 0:
            raise KMeansError(f"{caller} requires n_samples >= 0; got n_samples={n_samples}")
        return n_samples // 2, n_samples - n_samples // 2
    try:
        pair = tuple(n_samples)
    except TypeError:
        raise TypeError(f"{caller} requires n_samples an int or a pair of ints; got "
                        f"n_samples={n_samples!r}") from None
    if len(pair) != 2:
        raise KMeansError(f"{caller} requires n_samples an int or a pair of ints; got "
                          f"n_samples={n_samples!r}")
    if not all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in pair):
        raise TypeError(f"{caller} requires whole numbers in n_samples; got n_samples={n_samples!r}")
    if min(pair) < 0:
        raise KMeansError(f"{caller} requires n_samples >= 0; got n_samples={n_samples!r}")
    return int(pair[0]), int(pair[1])


def _angles(stop: float, m: int, endpoint: bool) -> list[float]:
    """m evenly spaced angles from 0, as numpy.linspace: t_i = i * step, last one exact."""
    if m == 0:
        return []
    divisions = (m - 1) if endpoint else m
    if divisions == 0:
        return [0.0]
    step = stop / divisions
    angles = [i * step for i in range(m)]
    if endpoint:
        angles[-1] = stop
    return angles


def _noisy(X: list, y: list, shuffle: bool, noise, rng: RandomState) -> tuple:
    """Shuffle the rows, then add noise * z to every coordinate (scikit-learn's order)."""
    if shuffle:
        X, y = _shuffled(X, y, rng)
    if noise is not None:
        X = [[v + noise * rng.standard_normal() for v in row] for row in X]
    return X, y


def make_moons(n_samples=100, *, shuffle: bool = True, noise=None, random_state=None):
    """Two interleaving half circles: (X, y), y = 0 for the upper moon and 1 for the lower.

        upper: (cos t, sin t),               t evenly spaced in [0, pi]
        lower: (1 - cos t, 1 - sin t - 0.5)

    >>> X, y = make_moons(n_samples=4, shuffle=False)
    >>> [[round(v, 3) for v in row] for row in X], y
    ([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [2.0, 0.5]], [0, 0, 1, 1])

    ``n_samples`` is a total or a pair (n_upper, n_lower). Raises KMeansError for a negative
    count or a tuple that is not a pair, TypeError for counts that are not whole numbers.
    """
    n_out, n_in = _split(n_samples, "make_moons")
    rng = check_random_state(random_state)
    X = [[math.cos(t), math.sin(t)] for t in _angles(math.pi, n_out, True)]
    X += [[1.0 - math.cos(t), 1.0 - math.sin(t) - 0.5] for t in _angles(math.pi, n_in, True)]
    return _noisy(X, [0] * n_out + [1] * n_in, shuffle, noise, rng)


def make_circles(n_samples=100, *, shuffle: bool = True, noise=None, random_state=None,
                 factor: float = 0.8):
    """A large circle containing a small one: (X, y), y = 0 outer and 1 inner.

        outer: (cos t, sin t),  inner: (factor * cos t, factor * sin t),  t in [0, 2 pi)

    >>> X, y = make_circles(n_samples=4, shuffle=False, factor=0.5)
    >>> [[round(v, 3) + 0.0 for v in row] for row in X], y
    ([[1.0, 0.0], [-1.0, 0.0], [0.5, 0.0], [-0.5, 0.0]], [0, 0, 1, 1])

    ``n_samples`` is a total or a pair (n_outer, n_inner). Raises KMeansError unless
    0 <= factor < 1, for a negative count or a tuple that is not a pair; TypeError for counts
    that are not whole numbers.
    """
    if not 0 <= factor < 1:
        raise KMeansError(f"make_circles requires 0 <= factor < 1; got factor={factor}")
    n_out, n_in = _split(n_samples, "make_circles")
    rng = check_random_state(random_state)
    X = [[math.cos(t), math.sin(t)] for t in _angles(2 * math.pi, n_out, False)]
    X += [[math.cos(t) * factor, math.sin(t) * factor]
          for t in _angles(2 * math.pi, n_in, False)]
    return _noisy(X, [0] * n_out + [1] * n_in, shuffle, noise, rng)
