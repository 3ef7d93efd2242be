"""Axis rules: which range an axis shows, where its ticks go and how their labels read.

A reader trusts a plot whose axes follow the data. Each rule lives here once and is tested:

    range    [low - pad, high + pad], pad = MARGIN * (high - low), MARGIN = 0.05 as in
             matplotlib's default axes margins: a few percent, never a whole tick.
             One value v is shown as v +- max(MARGIN * |v|, 0.5).
    zero     padding never carries a range across zero: if every value is >= 0 the range
             starts at 0 or above; else, if every value is <= 0, it ends at 0 or below.
             from_zero=True also takes 0 into the range, for quantities such as inertia.
    ticks    the multiples i * step that lie inside the range (the range is never stretched
             to the next tick), step = 1, 2 or 5 times a power of ten (Heckbert), the
             smallest such step giving at most max_ticks ticks. On an integer axis (every
             value a whole number, such as K) the step is a whole number, at least 1.
    labels   one number of decimals for the whole axis, as few as the ticks need ("0.5",
             "1.0"; "2", "4" on an integer axis); plain numbers while every label fits in
             PLAIN_WIDTH characters (50000, 1000000, 0.0001), else the short form "2.5e9".

Heckbert's own loose labelling, which stretches the range to a tick beyond the data, is kept
as nice_ticks for comparison; the plots do not use it.

Public functions: data_range, axis_ticks, tick_labels, is_integer_axis, nice_ticks.
Reference: P. S. Heckbert (1990), "Nice numbers for graph labels", Graphics Gems;
matplotlib's axes.xmargin / axes.ymargin (0.05) and MaxNLocator(integer=True).
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

__all__ = ["data_range", "axis_ticks", "tick_labels", "is_integer_axis", "nice_ticks", "MARGIN",
           "PLAIN_WIDTH"]

MARGIN = 0.05        # matplotlib's rcParams["axes.xmargin"] and ["axes.ymargin"]
PLAIN_WIDTH = 8      # "10000000" and "-0.00001" still print plain; longer labels use "1e8"


def data_range(values: Iterable[float], *, from_zero: bool = False, margin: float = MARGIN,
               stop_at_zero: bool = True) -> tuple[float, float]:
    """(low, high) for an axis showing ``values``: padded by ``margin`` of their span.

    The padding stops at 0 for values of one sign (a count or a score has no room below 0),
    unless ``stop_at_zero`` is False: a scatter plot's coordinates are not counts, and a point
    at 0 would sit on the frame.

    >>> data_range([2.0, 12.0])                       # 5% of the span, 0.5, each side
    (1.5, 12.5)
    >>> data_range([0.3, 10.0])                       # never below 0 for values >= 0
    (0.0, 10.485)
    >>> data_range([320.0, 5500.0, 20000.0], from_zero=True)
    (0.0, 21000.0)
    >>> data_range([0.0, 10.0], stop_at_zero=False)
    (-0.5, 10.5)
    >>> data_range([3.0])
    (2.5, 3.5)
    >>> data_range([0.0, 5e-324], stop_at_zero=False)  # 5% of 5e-324 rounds to 0: as one value
    (-0.5, 0.5)
    """
    values = list(values)
    low, high = min(values), max(values)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    pad = margin * (high - low)
    if low - pad == low or high + pad == high:     # one value, or a span too small to pad
        pad = max(margin * max(abs(low), abs(high)), 0.5)
    padded_low, padded_high = low - pad, high + pad
    if stop_at_zero and low >= 0:
        padded_low = max(padded_low, 0.0)     # a count, a score, an inertia: no room below 0
    elif stop_at_zero and high <= 0:
        padded_high = min(padded_high, 0.0)
    return padded_low + 0.0, padded_high + 0.0


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering [low, high] (Heckbert's loose labels).

    The plots use ``axis_ticks``, which keeps the ticks inside the range instead.

    >>> nice_ticks(0.0, 9.3)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    >>> nice_ticks(-0.37, 0.81)
    [-0.5, 0.0, 0.5, 1.0]
    """
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    # multiply, never accumulate: i * step keeps 0.1 * 3 from drifting to 0.30000000000000004
    return [round(i * step, 10) + 0.0 for i in range(first, last + 1)]


def is_integer_axis(values: Iterable[float]) -> bool:
    """True when every value is a whole number (K, counts), so ticks should be whole too.

    >>> is_integer_axis([1, 2, 10]), is_integer_axis([1.0, 2.5])
    (True, False)
    """
    return all(float(value).is_integer() for value in values)


def _ticks_for(low: float, high: float, mantissa: int, exponent: int) -> list[float]:
    """The multiples of mantissa * 10**exponent inside [low, high], computed exactly."""
    step = mantissa * 10.0 ** exponent
    first = math.ceil(low / step - 1e-9)            # tolerance: a tick on the edge stays
    last = math.floor(high / step + 1e-9)
    if exponent >= 0:
        return [float(i * mantissa * 10 ** exponent) for i in range(first, last + 1)]
    # divide by an exact power of ten: 3 / 10 is 0.3, where 3 * 0.1 is 0.30000000000000004
    return [i * mantissa / 10 ** -exponent + 0.0 for i in range(first, last + 1)]


def axis_ticks(low: float, high: float, *, integer: bool = False,
               max_ticks: int = 10) -> list[float]:
    """Round tick values inside [low, high]: the finest 1-2-5 step giving <= max_ticks ticks.

    >>> axis_ticks(0.55, 10.45, integer=True)          # K = 1..10: every K
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    >>> axis_ticks(0.55, 10.45, integer=True, max_ticks=6)
    [2.0, 4.0, 6.0, 8.0, 10.0]
    >>> axis_ticks(0.0, 21126.6, max_ticks=6)
    [0.0, 5000.0, 10000.0, 15000.0, 20000.0]
    >>> axis_ticks(-0.07, 0.93, max_ticks=6)
    [0.0, 0.2, 0.4, 0.6, 0.8]
    """
    span, max_ticks = max(high - low, 1e-300), max(1, max_ticks)
    exponent = math.floor(math.log10(span / max(1, max_ticks))) - 1
    if integer:
        exponent = max(exponent, 0)                 # steps 1, 2, 5, 10, ...: never 2.5 or 0.5
    while True:
        for mantissa in (1, 2, 5):
            ticks = _ticks_for(low, high, mantissa, exponent)
            if len(ticks) <= max_ticks:
                return ticks
        exponent += 1


def _decimals(value: float) -> int:
    """The fewest decimals that print ``value`` back exactly (at most 15)."""
    return next((d for d in range(16) if float(f"{value:.{d}f}") == value), 15)


def _short(value: float) -> str:
    """Mantissa and exponent without padding: 2.5e9, 1e-7, 0."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.12e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Labels for one axis: the same decimals throughout, plain where they fit.

    >>> tick_labels([0.0, 0.5, 1.0]), tick_labels([2.0, 4.0]), tick_labels([50000.0, 1e6])
    (['0.0', '0.5', '1.0'], ['2', '4'], ['50000', '1000000'])
    >>> tick_labels([0.0001, 0.0002]), tick_labels([0.0, 2.5e9, 5e9])
    (['0.0001', '0.0002'], ['0', '2.5e9', '5e9'])
    """
    decimals = max((_decimals(tick) for tick in ticks), default=0)
    plain = [f"{tick + 0.0:.{decimals}f}" for tick in ticks]     # + 0.0: no "-0"
    if all(len(label) <= PLAIN_WIDTH for label in plain):
        return plain
    return [_short(tick) for tick in ticks]
