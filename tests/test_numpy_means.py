"""numpy_means' tolerance: scikit-learn's stopping scale, rounded as NumPy rounds it.

Its bits against scikit-learn's own are in test_sklearn_twin.py (recorded values); here,
what must hold for any data: the centred and the uncentred paths agree, both are the fsum
formula (lloyd.tolerance) up to a few roundings, and one column is summed pairwise.
"""

import functools
import math
import operator

from hypothesis import given, strategies as st

from kmeans_scratch.lloyd import tolerance as fsum_tolerance
from kmeans_scratch.numpy_means import centre, column_means, pairwise_sum, tolerance
from kmeans_scratch.validation import check_columns

values = st.floats(-1e6, 1e6, allow_subnormal=False)


@given(st.lists(st.tuples(values, values, values), min_size=1, max_size=60),
       st.integers(1, 3), st.sampled_from([1e-4, 0.5, 0.0]))
def test_centred_or_not_the_same_float_near_the_formula(rows, width, tol):
    # scikit-learn's rounding is the fsum formula's value up to a few roundings, and the
    # same float whether it centres the rows itself or is given them centred
    rows = [row[:width] for row in rows]
    X = check_columns(rows)
    centre(X, column_means(X))
    scale = tolerance(rows, tol)
    assert tolerance(X, tol, centred=True) == scale
    largest = max(abs(value) for row in rows for value in row)
    assert math.isclose(scale, fsum_tolerance(rows, tol), rel_tol=1e-9,
                        abs_tol=1e-20 * largest ** 2)


def test_a_single_column_is_summed_pairwise():
    # deviations of +-0.1 about a mean of 0: NumPy sums the twenty squares pairwise (8 running
    # sums, then the tail), which rounds otherwise than one running sum down the column
    rows = [(0.1,), (-0.1,)] * 10
    squares = [0.1 * 0.1] * 20
    assert tolerance(rows, 1.0) == pairwise_sum(squares) / 20
    assert pairwise_sum(squares) != functools.reduce(operator.add, squares)


def test_tol_zero_is_scikit_learns_int_zero():
    # scikit-learn's _tolerance returns 0 before any sum, even where the variances overflow
    assert tolerance([(1e308,), (-1e308,)], 0.0) == 0 and type(tolerance([(1.0,)], -0.0)) is int
