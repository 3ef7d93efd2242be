import math
import re
import statistics

import pytest

from kmeans_scratch import KMeansError, load_iris, make_blobs, make_circles, make_customers, make_moons


def test_blobs_shapes_counts_and_spread():
    X, y, centres = make_blobs(n_samples=[5, 7], n_features=3, cluster_std=[0.1, 2.0],
                               random_state=0, return_centers=True)
    assert len(X) == 12 and all(len(row) == 3 for row in X)
    assert sorted(y) == [0] * 5 + [1] * 7 and len(centres) == 2
    X, y = make_blobs(n_samples=3001, centers=[[0.0, 0.0]], cluster_std=2.0, random_state=1)
    assert abs(statistics.pstdev(x for x, _ in X) - 2.0) < 0.1


def test_blob_counts_split_evenly_with_extra_to_the_first():
    _, y = make_blobs(n_samples=11, centers=3, random_state=0)
    assert [y.count(c) for c in range(3)] == [4, 4, 3]


def test_moons_and_circles_lie_on_their_curves_without_noise():
    X, y = make_moons(n_samples=9, shuffle=False)
    for (a, b), label in zip(X, y):
        centre = (0.0, 0.0) if label == 0 else (1.0, 0.5)
        assert math.isclose(math.dist((a, b), centre), 1.0, rel_tol=1e-12)
    X, y = make_circles(n_samples=10, factor=0.3, random_state=0)
    for row, label in zip(X, y):
        assert math.isclose(math.hypot(*row), 1.0 if label == 0 else 0.3, rel_tol=1e-12)


def test_generator_errors():
    with pytest.raises(KMeansError, match="0 <= factor < 1"):
        make_circles(factor=1.5)
    with pytest.raises(KMeansError, match="one cluster_std per centre"):
        make_blobs(centers=3, cluster_std=[1, 2])
    with pytest.raises(KMeansError, match="n_samples >= 0"):
        make_blobs(n_samples=-1)
    with pytest.raises(KMeansError, match=r"make_blobs requires centres of one length; got "
                                          r"len\(centers\[2\]\)=3, len\(centers\[0\]\)=2"):
        make_blobs(n_samples=6, centers=[[0, 0], [1, 1], [2, 2, 2]], random_state=0)
    for centers in (0, []):
        with pytest.raises(KMeansError, match=re.escape(f"at least one centre; got centers={centers}")):
            make_blobs(n_samples=6, centers=centers)


def test_blobs_unshuffled_come_blob_by_blob_and_shuffled_are_a_permutation_of_them():
    plain, plain_y = make_blobs(n_samples=30, centers=3, shuffle=False, random_state=5)
    assert plain_y == sorted(plain_y)
    shuffled, shuffled_y = make_blobs(n_samples=30, centers=3, random_state=5)
    assert sorted(zip(map(tuple, shuffled), shuffled_y)) == sorted(zip(map(tuple, plain), plain_y))
    assert shuffled != plain
    shuffled[0][0] = 1e9                      # every row its own list
    assert all(row[0] != 1e9 for row in shuffled[1:])


def test_iris_has_the_classic_shape_and_means():
    iris = load_iris()
    assert len(iris.data) == 150 and [iris.target.count(c) for c in range(3)] == [50, 50, 50]
    # Fisher's table: setosa mean sepal length 5.006 cm
    assert math.isclose(statistics.fmean(r[0] for r, t in zip(iris.data, iris.target) if t == 0), 5.006)
    X, y = load_iris(return_X_y=True)
    assert X == iris.data and y == iris.target


def test_customers_are_deterministic_and_within_ranges():   # numpy values: the doctest
    rows, names = make_customers(500)
    assert names == ["age", "annual_income", "purchase_freq", "avg_order_value", "loyalty_years"]
    ages = [r[0] for r in rows]
    assert len(rows) == 500 and min(ages) >= 18 and max(ages) <= 69
    assert make_customers(500) == (rows, names)   # random_state=42 by default, as the tutorial


class ArrayLike:
    """A stand-in for a NumPy array: sized, iterable, with the array protocol; not a Sequence."""

    def __init__(self, values):
        self.values = list(values)

    def __len__(self):
        return len(self.values)

    def __iter__(self):
        return iter(self.values)

    def __array__(self, dtype=None, copy=None):
        raise AssertionError("not needed")


def test_blobs_cluster_std_as_an_array_works_as_a_list_does():
    as_list = make_blobs(n_samples=9, centers=3, cluster_std=[0.5, 1.0, 2.0], random_state=0)
    as_array = make_blobs(n_samples=9, centers=3, cluster_std=ArrayLike([0.5, 1.0, 2.0]),
                          random_state=0)
    assert as_array == as_list
    assert all(type(v) is float for row in as_array[0] for v in row)
    with pytest.raises(KMeansError, match="one cluster_std per centre"):
        make_blobs(centers=3, cluster_std=ArrayLike([1.0, 2.0]))
    with pytest.raises(TypeError, match="make_blobs requires cluster_std a number"):
        make_blobs(centers=3, cluster_std=object())


@pytest.mark.parametrize("generator", [make_moons, make_circles])
@pytest.mark.parametrize("n_samples, error, message", [
    ((10,), KMeansError, r"requires n_samples an int or a pair of ints; got n_samples=\(10,\)"),
    ((1, 2, 3), KMeansError, r"requires n_samples an int or a pair of ints; got n_samples=\(1, 2, 3\)"),
    ((-1, 5), KMeansError, r"requires n_samples >= 0; got n_samples=\(-1, 5\)"),
    ((2.5, 3), TypeError, r"requires whole numbers in n_samples; got n_samples=\(2.5, 3\)"),
    ((True, 2), TypeError, r"requires whole numbers in n_samples"),
    (-4, KMeansError, r"requires n_samples >= 0; got n_samples=-4"),
    (None, TypeError, r"requires n_samples an int or a pair of ints; got n_samples=None"),
])
def test_moons_and_circles_check_n_samples_as_scikit_learn(generator, n_samples, error, message):
    with pytest.raises(error, match=f"^{generator.__name__} {message}"):
        generator(n_samples=n_samples)


@pytest.mark.parametrize("generator", [make_moons, make_circles])
def test_moons_and_circles_take_a_pair_of_counts(generator):
    X, y = generator(n_samples=(2, 3), shuffle=False)
    assert len(X) == 5 and y == [0, 0, 1, 1, 1]
    assert generator(n_samples=(0, 0)) == ([], [])
