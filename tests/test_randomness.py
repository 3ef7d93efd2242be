import math
import random

import pytest
from hypothesis import given, strategies as st

from kmeans_scratch import KMeansError, RandomState, check_random_state


def test_streams_match_numpy_legacy_randomstate(reference):
    for record in reference["streams"]:
        rs = RandomState(record["seed"])
        assert rs.randint(0, 2**32, size=20) == record["words"]
        assert rs.random_sample(10) == record["random_sample"]
        assert rs.standard_normal(11) == record["standard_normal"]   # odd count: cache kept
        assert rs.normal(2.0, 3.0, 5) == record["normal"]
        assert rs.uniform(-10, 10, 6) == record["uniform"]
        assert rs.randint(0, 300, 10) == record["randint_300"]
        assert rs.randint(-5, 2**40, 5) == record["randint_big"]
        assert rs.permutation(20) == record["permutation_20"]
        p = [.05, .1, .15, .2, .1, .1, .1, .1, .05, .05]
        assert rs.choice(10, 5, p=p) == record["choice_p"]
        assert rs.choice(4, 4, replace=False, p=[.1, .2, .3, .4]) == record["choice_no_replace_p"]
        assert rs.choice(50, 3, replace=False) == record["choice_no_replace"]
        assert rs.random_sample(2) == record["after_normal_cache"]


def test_seed_must_fit_in_32_bits():
    with pytest.raises(KMeansError, match=r"0 <= seed <= 2\*\*32 - 1; got random_state=-1"):
        check_random_state(-1)
    with pytest.raises(KMeansError, match="random_state=4294967296"):
        check_random_state(2**32)
    with pytest.raises(TypeError, match="random_state="):
        check_random_state("42")
    with pytest.raises(TypeError):
        check_random_state(1.5)


def test_instances_pass_through_and_random_random_is_advanced():
    rs = RandomState(3)
    assert check_random_state(rs) is rs
    mine = random.Random(5)
    check_random_state(mine).random_sample(3)
    expected = random.Random(5)
    [expected.random() for _ in range(3)]
    assert mine.random() == expected.random()


def test_none_gives_fresh_generators():
    assert check_random_state(None).random_sample(4) != check_random_state(None).random_sample(4)


@given(st.integers(0, 2**32 - 1), st.integers())
def test_same_seed_same_stream_whatever_the_global_random_does(seed, other):
    first = check_random_state(seed).random_sample(5)
    random.seed(other)
    random.random()
    assert check_random_state(seed).random_sample(5) == first


def test_randint_with_empty_range_is_an_error():
    with pytest.raises(KMeansError, match="low < high"):
        RandomState(0).randint(5, 5)


def test_choice_of_one_without_replacement_is_a_single_index_as_numpy():
    # numpy.random.RandomState(0).choice(50, replace=False) == 28 (shuffles all 50 first)
    assert RandomState(0).choice(50, replace=False) == 28
    assert RandomState(0).choice(5, p=[.1, .2, .3, .2, .2], replace=False) == 2
    assert RandomState(0).choice(50, replace=False) == RandomState(0).permutation(50)[0]


@given(st.integers(1, 300), st.integers(0, 2**32 - 1), st.data())
def test_choice_without_p_is_the_permutations_first_rows(n, seed, data):
    size = data.draw(st.integers(1, n))
    chosen = RandomState(seed).choice(n, size, replace=False)
    assert type(chosen) is list and all(type(i) is int for i in chosen)
    assert chosen == RandomState(seed).permutation(n)[:size]
    assert sorted(RandomState(seed).permutation(n)) == list(range(n))


probabilities = st.lists(st.one_of(st.just(0.0), st.floats(1e-300, 1e3)), min_size=1, max_size=60) \
    .filter(lambda p: sum(p) > 0)


@given(probabilities, st.integers(0, 2**32 - 1))
def test_one_weighted_draw_is_the_first_of_a_sized_draw(weights, seed):
    # one draw searches the running sums, dividing only where it looks; a sized draw divides
    # them all first (NumPy's cdf, checked against NumPy's stream above): the same index
    p = [w / math.fsum(weights) for w in weights]
    assert RandomState(seed).choice(len(p), p=p) == RandomState(seed).choice(len(p), 1, p=p)[0]


@pytest.mark.parametrize("a, p, message", [
    (3, [0.5, 0.5], r"p of length a=3; got 2 probabilities"),
    (3, [0.5, -0.1, 0.6], r"probabilities >= 0; got p\[1\]=-0.1"),
    (3, [0.0, 0.0, 0.0], r"probabilities that sum to 1; got a sum of 0.0"),
    (3, [0.5, math.nan, 0.5], r"probabilities that sum to 1; got a sum of nan"),
    (2, [math.inf, 0.0], r"probabilities that sum to 1; got a sum of inf"),
    (2, [0.3, 0.3], r"probabilities that sum to 1; got a sum of 0.6"),
])
def test_bad_probabilities_are_refused_as_numpy_refuses_them(a, p, message):
    # NumPy raises ValueError for each; an index past a or a NaN drawn was the old answer
    for size, replace in [(None, True), (2, True), (1, False)]:
        with pytest.raises(KMeansError, match="RandomState.choice requires " + message):
            RandomState(0).choice(a, size, replace=replace, p=p)


@given(probabilities, st.data())
def test_the_running_sum_search_is_bisect_on_the_divided_cdf(p, data):
    from bisect import bisect_right
    from kmeans_scratch.randomness import _cdf, inverse_cdf
    from itertools import accumulate
    cdf = _cdf(p)
    # the hardest uniforms: the cdf's own values and their neighbours
    u = data.draw(st.sampled_from(list(cdf)) | st.floats(0.0, 1.0, exclude_max=True))
    for value in (u, math.nextafter(u, 0.0), math.nextafter(u, 1.0)):
        if 0.0 <= value < 1.0:
            assert inverse_cdf(list(accumulate(p)), value) == bisect_right(cdf, value)
