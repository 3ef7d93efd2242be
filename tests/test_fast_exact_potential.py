"""The potential from the leaves' sums (fast.exact_potential) is the plain loop's fsum, always."""

import math
import random
from array import array
from fractions import Fraction

import pytest
from hypothesis import example, given, settings, strategies as st

from kmeans_scratch.fast import exact_potential
from kmeans_scratch.fast.exact_potential import ExactPotential, _settled, split_sum
from kmeans_scratch.fast.kdtree import PointTree

# values >= 0 of every size: zeros, subnormals, ordinary, near the largest float
squares = st.one_of(st.floats(min_value=0.0, max_value=1e300),
                    st.sampled_from([0.0, 5e-324, 2.0 ** -1000, 1.0, 3.0, 2.0 ** 1000, 1e308]))
WEIGHTS = [0.0, 2.2250738585072014e-308, 0.5, 1.0, 3.0, 1e30]


@given(st.lists(squares, max_size=40))
@example([1.0, 3.0, 2.0 ** -60])
@example([2.0 ** 100, 1.0, 2.0 ** -100])
def test_split_sum_is_within_its_bound_of_the_exact_sum(values):
    first, rest = split_sum(values)
    exact = sum(map(Fraction, values), Fraction(0))
    if exact > Fraction(2.0 ** 1023):       # (fsum may overflow: no bound promised)
        return
    assert first == math.fsum(values)
    bound = abs(Fraction(rest)) * Fraction(2.0 ** -52) + Fraction(2.0 ** -1075)
    assert abs(exact - Fraction(first) - Fraction(rest)) <= (bound if rest else 0)


def _rounds_to(exact: Fraction) -> float:
    """The float nearest exact, ties to even (Fraction's own float() rounds so)."""
    return float(exact)


@given(st.lists(st.one_of(squares, squares.map(lambda v: -v)), min_size=1, max_size=12),
       st.sampled_from([0.0, 5e-324, 2.0 ** -1070, 2.0 ** -60, 2.0 ** -20, 1.0]))
@example([1.0, 2.0 ** -53], 2.0 ** -60)              # a tie: 1.0 or 1.0 + 2**-52 by a hair
@example([1.0, 2.0 ** -53, 2.0 ** -80], 2.0 ** -90)  # just past the tie: up, whatever the error
def test_settled_sums_are_the_rounding_of_every_sum_within_the_error(terms, error):
    settled = _settled(lambda: terms, error)
    exact = sum(map(Fraction, terms), Fraction(0))
    if settled is None:
        return
    for wiggle in (-1, 0, 1):
        assert _rounds_to(exact + wiggle * Fraction(error)) == settled


def test_a_sum_within_the_error_of_a_tie_is_not_settled():
    assert _settled(lambda: [1.0, 2.0 ** -53], 2.0 ** -60) is None
    assert _settled(lambda: [1.0, 2.0 ** -53, 2.0 ** -80], 2.0 ** -90) == 1.0 + 2.0 ** -52
    assert _settled(lambda: [1.0, 2.0 ** -53], 0.0) == 1.0          # no error: exact


def _plain(X_order_values, weights):
    """The plain loop's potential, or the type of the error it raises."""
    try:
        return math.fsum(map(float.__mul__, weights, X_order_values))
    except OverflowError as error:
        return type(error)


def _outcome(function, *args):
    try:
        return function(*args)
    except OverflowError as error:
        return type(error)


def _same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a)
                      and math.isnan(b))


@settings(max_examples=80, deadline=None)
@given(st.lists(squares, min_size=1, max_size=50), st.integers(0, 2**32 - 1),
       st.booleans(), st.sampled_from([1, 2, 3, 64]))
def test_the_potential_is_the_plain_loops_fsum(values, seed, weighted, leaf_size):
    # values: D(x)**2 in X's order, any sizes; the tree holds them in its own order
    rng = random.Random(seed)
    X = [(float(rng.randint(-5, 5)), float(rng.randint(-5, 5))) for _ in values]
    weights = [rng.choice(WEIGHTS) for _ in X] if weighted else [1.0] * len(X)
    if not any(weights):
        weights[0] = 1.0
    tree = PointTree(X, weights, leaf_size=leaf_size)
    near = array("d", [values[row] for row in tree.order])
    sums = ExactPotential(tree, near)
    assert _same(_outcome(sums.total), _plain(values, weights))
    # a candidate changing some leaves: each leaf's rows take new values
    leaves = sorted(rng.sample(sums.leaves, rng.randint(1, len(sums.leaves))),
                    key=lambda leaf: leaf.lo)
    changes, updated = [], list(values)
    for leaf in leaves:
        new = array("d", [rng.choice([0.0, near[p] / 3, near[p], 2.0 ** -1070, 7.0])
                          for p in range(leaf.lo, leaf.hi)])
        changes.append((leaf.lo, leaf.hi, new))
        for position, value in zip(range(leaf.lo, leaf.hi), new):
            updated[tree.order[position]] = value
    assert _same(_outcome(sums.changed, changes), _plain(updated, weights))
    # and after they take them
    for lo, hi, new in changes:
        near[lo:hi] = new
        sums.update(lo, hi)
    assert _same(_outcome(sums.total), _plain(updated, weights))


def test_a_sum_at_a_tie_is_summed_in_xs_order(monkeypatch):
    # 1 + 2**-53 is halfway between 1.0 and the next float: the leaves' two floats leave it
    # unsettled (their error might tip it), so the rows are summed, as the plain loop sums them
    X = [(0.0,), (1.0,)]
    tree = PointTree(X, [1.0, 1.0], leaf_size=2)
    near = array("d", [[1.0, 2.0 ** -53][row] for row in tree.order])
    calls = []
    monkeypatch.setattr(exact_potential, "_settled",
                        lambda terms, error: calls.append(error) or _settled(terms, error))
    sums = ExactPotential(tree, near)
    assert sums.total() == math.fsum([1.0, 2.0 ** -53]) == 1.0
    assert calls and _settled(lambda: [1.0, 2.0 ** -53], calls[0]) is None


@pytest.mark.parametrize("leaf_size", [1, 4, 128])
def test_ordinary_potentials_settle_from_the_leaves(leaf_size):
    rng = random.Random(leaf_size)
    X = [(rng.gauss(0, 3), rng.gauss(0, 3)) for _ in range(2000)]
    tree = PointTree(X, [1.0] * len(X), leaf_size=leaf_size)
    sums = ExactPotential(tree, array("d", [math.dist(X[row], (0.5, 0.5)) ** 2
                                            for row in tree.order]))
    rounded = _settled(lambda: list(sums.firsts) + list(sums.rests),
                       exact_potential._error(sums.rests))
    assert rounded is not None and rounded == sums.total()
