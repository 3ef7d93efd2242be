"""Hypothesis strategies: small data sets of bounded, finite floats, and labelings."""

from hypothesis import strategies as st

coordinates = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False,
                        allow_infinity=False, allow_subnormal=False)


@st.composite
def datasets(draw, min_samples=1, max_samples=25, max_features=3):
    """A list of equal-length tuples of floats."""
    n_features = draw(st.integers(1, max_features))
    row = st.tuples(*[coordinates] * n_features)
    return draw(st.lists(row, min_size=min_samples, max_size=max_samples))


@st.composite
def datasets_with_k(draw, max_samples=25):
    """(X, k) with 1 <= k <= len(X)."""
    X = draw(datasets(min_samples=1, max_samples=max_samples))
    return X, draw(st.integers(1, len(X)))


@st.composite
def labelings(draw, min_size=1, max_size=40, max_labels=6):
    """Two labelings of the same points."""
    n = draw(st.integers(min_size, max_size))
    labels = st.integers(0, max_labels - 1)
    return draw(st.lists(labels, min_size=n, max_size=n)), draw(st.lists(labels, min_size=n, max_size=n))
