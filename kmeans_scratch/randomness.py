"""Random numbers: NumPy's legacy ``RandomState`` stream, rebuilt on ``random.Random``.

Every draw in the package goes through ``check_random_state``. An integer seed gives the
very stream that ``numpy.random.RandomState(seed)`` gives, so our data sets and our KMeans
starts match scikit-learn's number for number, on every platform and Python version.

How a Mersenne Twister is seeded. MT19937 keeps 624 words of 32 bits. NumPy fills them from
an integer seed s with Matsumoto and Nishimura's ``init_genrand``:

    mt[0] = s
    mt[i] = (1812433253 * (mt[i-1] XOR (mt[i-1] >> 30)) + i)  mod 2**32,   i = 1..623

CPython's ``random.seed(s)`` uses a different routine (``init_by_array``), which is why we
never call it: we compute the 624 words ourselves and load them with ``Random.setstate``.
From then on ``getrandbits(32)`` yields NumPy's 32-bit words and ``random()`` its doubles
(both build a double from two words as (a * 2**26 + b) / 2**53 with a = w1 >> 5, b = w2 >> 6).

Why the normal sampler caches a value. Marsaglia's polar method draws a point (x1, x2)
uniformly in the unit disc; with r2 = x1**2 + x2**2 and f = sqrt(-2 ln(r2) / r2), both
f*x1 and f*x2 are independent standard normals. One draw yields two values, so the second
is kept for the next call. The cache lives in the generator, across calls of any method.

Public names: RandomState, check_random_state; inverse_cdf and SUM_TOLERANCE (NumPy's
``choice`` on running sums, for a caller that makes them its own way: ``fast.first_draw``).
Reference: M. Matsumoto and T. Nishimura (1998), ACM TOMACS 8(1): 3-30;
G. Marsaglia and T. A. Bray (1964), SIAM Review 6(3): 260-264.
"""

from __future__ import annotations

import math
import numbers
import random
import sys
from array import array
from bisect import bisect_right
from itertools import accumulate, repeat
from operator import truediv
from typing import Any, MutableSequence, Sequence

from .errors import KMeansError

__all__ = ["RandomState", "check_random_state", "inverse_cdf", "SUM_TOLERANCE"]

_MASK32 = 0xFFFFFFFF


def _init_genrand(seed: int) -> tuple:
    """The 624-word MT19937 state NumPy derives from an integer seed, plus the position 624."""
    state = [seed]
    for i in range(1, 624):
        previous = state[-1]
        state.append((1812433253 * (previous ^ (previous >> 30)) + i) & _MASK32)
    return tuple(state) + (624,)   # position 624: the first draw regenerates the block


class RandomState:
    """A generator that draws exactly like ``numpy.random.RandomState`` (legacy methods).

    ``RandomState(seed)`` takes an int 0 <= seed <= 2**32 - 1; ``RandomState(generator)``
    draws from a ``random.Random`` instance you own (its state advances as we draw).
    Methods return floats or lists; ``size=None`` returns a single value.

    >>> rs = RandomState(42)
    >>> round(rs.random_sample(), 12)       # numpy.random.RandomState(42).random_sample()
    0.374540118847
    >>> rs.randint(0, 10, size=3)
    [7, 4, 6]

    Raises KMeansError for a seed outside 0..2**32 - 1.
    """

    def __init__(self, seed: int | random.Random | None = None):
        if isinstance(seed, random.Random):
            self._bits = seed
        else:
            self._bits = random.Random()   # OS-seeded; replaced below for an int seed
            if seed is not None:
                self._bits.setstate((3, _init_genrand(_check_seed(seed)), None))
        self._gauss: float | None = None   # the polar method's second value, if any

    def __repr__(self) -> str:
        return "RandomState(MT19937)"

    # -- raw draws -------------------------------------------------------------------
    def _word(self) -> int:
        """One 32-bit word of the Mersenne Twister stream."""
        return self._bits.getrandbits(32)

    def _word64(self) -> int:
        """A 64-bit word from two 32-bit words, the FIRST as the high half (as NumPy)."""
        high = self._bits.getrandbits(32)
        return (high << 32) | self._bits.getrandbits(32)

    def _bounded(self, limit: int) -> int:
        """A uniform int in 0..limit by masked rejection: keep the LOW bits, retry if too big."""
        if limit == 0:
            return 0
        mask = (1 << limit.bit_length()) - 1
        draw = self._word if limit <= _MASK32 else self._word64
        while True:
            value = draw() & mask
            if value <= limit:
                return value

    def _sized(self, size: int | None, draw) -> Any:
        """draw() once for size=None, otherwise a list of size draws in order."""
        if size is None:
            return draw()
        return [draw() for _ in range(size)]

    # -- distributions -------------------------------------------------------------------
    def random_sample(self, size: int | None = None) -> Any:
        """Uniform doubles in [0, 1): 53 random bits each, from two words."""
        return self._sized(size, self._bits.random)

    def uniform(self, low: float = 0.0, high: float = 1.0, size: int | None = None) -> Any:
        """Uniform doubles in [low, high): low + (high - low) * u, the width computed once."""
        width = high - low
        if not math.isfinite(width):
            raise OverflowError("uniform requires a finite high - low")
        next_double = self._bits.random
        return self._sized(size, lambda: low + width * next_double())

    def _standard_gauss(self) -> float:
        """One standard normal by Marsaglia's polar method (the second value is cached)."""
        if self._gauss is not None:
            value, self._gauss = self._gauss, None
            return value
        next_double = self._bits.random
        while True:
            x1 = 2.0 * next_double() - 1.0
            x2 = 2.0 * next_double() - 1.0
            r2 = x1 * x1 + x2 * x2
            if 0.0 < r2 < 1.0:
                break
        f = math.sqrt(-2.0 * math.log(r2) / r2)
        self._gauss = f * x1
        return f * x2   # NumPy returns f*x2 first and caches f*x1

    def standard_normal(self, size: int | None = None) -> Any:
        """Standard normal doubles (mean 0, standard deviation 1)."""
        return self._sized(size, self._standard_gauss)

    def normal(self, loc: float = 0.0, scale: float = 1.0, size: int | None = None) -> Any:
        """Normal doubles: loc + scale * z with z standard normal."""
        return self._sized(size, lambda: loc + scale * self._standard_gauss())

    def randint(self, low: int, high: int | None = None, size: int | None = None) -> Any:
        """Uniform ints in [low, high) (or [0, low) when high is None), as NumPy's legacy path."""
        if high is None:
            low, high = 0, low
        if high <= low:
            raise KMeansError(f"randint requires low < high; got low={low}, high={high}")
        span = high - 1 - low
        return self._sized(size, lambda: low + self._bounded(span))

    def shuffle(self, x: MutableSequence) -> None:
        """Shuffle x in place: for i from n-1 down to 1, swap x[i] with x[j], j uniform in 0..i."""
        for i in range(len(x) - 1, 0, -1):
            j = self._bounded(i)
            x[i], x[j] = x[j], x[i]

    def permutation(self, n: int) -> list[int]:
        """A shuffled list(range(n))."""
        return self._permuted(n).tolist()

    def _permuted(self, n: int) -> array:
        """``permutation(n)`` as an array: 8 bytes an index (a list of ints takes 36)."""
        order = array("q", range(n))
        self.shuffle(order)
        return order

    def choice(self, a: int, size: int | None = None, replace: bool = True,
               p: Sequence[float] | None = None) -> Any:
        """Indices drawn from range(a), NumPy's legacy ``choice`` for an integer population.

        With p, each draw inverts the cumulative distribution: the first index whose
        cumulative probability exceeds a uniform u (``bisect_right``).
        """
        if p is None:
            if replace:
                return self.randint(0, a, size)
            order = self._permuted(a)         # NumPy shuffles the whole population
            return order[0] if size is None else order[:size].tolist()
        cumulative = _checked_running_sums(p, a)
        if replace and size is None:          # one draw: divide only where the search looks
            return inverse_cdf(cumulative, self._bits.random())
        if replace:
            cdf = _divided(cumulative)        # built once, inverted for every draw
            return self._sized(size, lambda: bisect_right(cdf, self._bits.random()))
        chosen = self._choice_without_replacement(p, 1 if size is None else size)
        return chosen[0] if size is None else chosen

    def _choice_without_replacement(self, p: Sequence[float], size: int) -> list[int]:
        """NumPy's weighted draw without replacement: redraw the missing ones, zeroing the found."""
        if sum(1 for q in p if q > 0) < size:
            raise KMeansError(f"choice requires at least size={size} non-zero probabilities")
        weights = list(p)
        found: list[int] = []
        while len(found) < size:
            draws = [self._bits.random() for _ in range(size - len(found))]
            for index in found:
                weights[index] = 0.0
            cdf = _cdf(weights)
            for index in (bisect_right(cdf, u) for u in draws):
                if index not in found:
                    found.append(index)
        return found


def _cdf(p: Sequence[float]) -> Sequence[float]:
    """NumPy's cumulative distribution: cumsum(p) / cumsum(p)[-1] (running sum, then divide).

    A uniform u then picks index bisect_right(cdf, u): the first i with cdf[i] > u.
    """
    return _divided(array("d", accumulate(p)))      # (arrays: 8 bytes a row, not 32)


def _divided(cumulative: Sequence[float]) -> array:
    """The running sums of p divided by their total: ``_cdf(p)`` from ready running sums."""
    return array("d", map(truediv, cumulative, repeat(cumulative[-1])))


def _checked_running_sums(p: Sequence[float], a: int) -> array:
    """The running sums of p, after NumPy's checks of p: a values, none negative, summing
    to 1 within sqrt(float epsilon) (a NaN or an infinity fails that)."""
    cumulative = array("d", accumulate(p))
    if len(cumulative) != a:
        raise KMeansError(f"RandomState.choice requires p of length a={a}; got {len(cumulative)} probabilities")
    if a and min(p) < 0:
        index = next(i for i, q in enumerate(p) if q < 0)
        raise KMeansError(f"RandomState.choice requires probabilities >= 0; got p[{index}]={p[index]!r}")
    if not (a and abs(cumulative[-1] - 1.0) <= SUM_TOLERANCE):
        total = cumulative[-1] if a else 0.0
        raise KMeansError(f"RandomState.choice requires probabilities that sum to 1; got a sum of {total!r}")
    return cumulative


SUM_TOLERANCE = math.sqrt(sys.float_info.epsilon)      # NumPy's atol for the sum of p


def inverse_cdf(cumulative: Sequence[float], u: float) -> int:
    """``bisect_right(_cdf(p), u)`` from the running sums of p alone: the first i with
    cumulative[i] / cumulative[-1] > u.

    Division by the total is correctly rounded, so it never reverses an order: the test is
    False, then True, along the running sums, and a binary search needs to divide only about
    log2(len(p)) of them.
    """
    total, low, high = cumulative[-1], 0, len(cumulative)
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] / total > u:
            high = middle
        else:
            low = middle + 1
    return low


def _check_seed(seed: Any) -> int:
    """seed as an int, after checking 0 <= seed <= 2**32 - 1."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"random_state requires None, an int or a random.Random; got "
                        f"random_state={seed!r}")
    if not 0 <= int(seed) <= _MASK32:
        raise KMeansError(f"random_state requires 0 <= seed <= 2**32 - 1; got random_state={seed}")
    return int(seed)


def check_random_state(random_state: Any = None) -> RandomState:
    """The generator to draw from: the one place where randomness enters the package.

    None gives fresh, OS-seeded randomness (never Python's shared global generator); an int
    gives NumPy's ``RandomState(int)`` stream, so results are reproducible everywhere; a
    ``RandomState`` is used as given; a ``random.Random`` is drawn from (and advanced).

    >>> check_random_state(0).randint(0, 100, size=5)     # as numpy.random.RandomState(0)
    [44, 47, 64, 67, 67]

    Raises KMeansError for an int outside 0..2**32 - 1, TypeError for any other type.
    """
    if isinstance(random_state, RandomState):
        return random_state
    if random_state is None or isinstance(random_state, random.Random):
        return RandomState(random_state)
    return RandomState(_check_seed(random_state))
