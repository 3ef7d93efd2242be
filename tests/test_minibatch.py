"""MiniBatchKMeans: scikit-learn's recorded draws and centres, invariants, quality, messages."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmeans_scratch import KMeans, make_blobs
from kmeans_scratch import minibatch, minibatch_kmeans
from kmeans_scratch.errors import KMeansError, NotFittedError
from kmeans_scratch.minibatch import minibatch_step, minibatch_steps
from kmeans_scratch.minibatch_kmeans import MiniBatchKMeans
from kmeans_scratch.randomness import RandomState
from kmeans_scratch.vectors import dist, nearest

from conftest import DATA
from strategies import datasets

REFERENCE = json.loads((DATA / "sklearn_minibatch.json").read_text())


def close(a, b, rel=1e-12):
    return all(math.isclose(x, y, rel_tol=rel, abs_tol=1e-12) for ra, rb in zip(a, b)
               for x, y in zip(ra, rb)) and len(a) == len(b)


class Recording(RandomState):
    """Our RandomState, noting randint results and choice results drawn without p."""

    def __init__(self, seed):
        super().__init__(seed)
        self.randints, self.reassignments = [], []

    def randint(self, *args, **kwargs):
        result = super().randint(*args, **kwargs)
        self.randints.append(result)
        return result

    def choice(self, *args, **kwargs):
        result = super().choice(*args, **kwargs)
        if kwargs.get("p") is None:
            self.reassignments.append(result)
        return result


def watched_fit(monkeypatch, case):
    """Fit the recorded case, noting every step's state and every start's rows."""
    X = make_blobs(**case["blobs"])[0]
    checksum = math.fsum(abs(v) * (i + 1) for i, row in enumerate(X) for v in row)
    assert math.isclose(checksum, case["X_checksum"], rel_tol=1e-14)   # sklearn's data
    states, starts = [], []
    plain_start = minibatch.initial_centroids

    def steps(*args, **kwargs):
        for state in minibatch_steps(*args, **kwargs):
            states.append(state)
            yield state

    def start(*args, **kwargs):
        result = plain_start(*args, **kwargs)
        starts.append(result[1])
        return result

    monkeypatch.setattr(minibatch_kmeans, "minibatch_steps", steps)       # where fit finds them
    monkeypatch.setattr(minibatch_kmeans, "initial_centroids", start)
    weights = None if case["sample_weight"] is None else [1.0 + i % 3 for i in range(len(X))]
    rng = Recording(case["params"]["random_state"])
    model = MiniBatchKMeans(**{**case["params"], "random_state": rng})
    return X, model.fit(X, sample_weight=weights), rng, states, starts


FIT_CASES = REFERENCE["fit"]


@pytest.mark.parametrize("case", FIT_CASES, ids=[c["name"] for c in FIT_CASES])
def test_fit_draws_what_scikit_learn_draws(monkeypatch, case):
    X, model, rng, states, starts = watched_fit(monkeypatch, case)
    assert rng.randints == case["randint_calls"]            # validation rows, init rows
    init_rows = case["randint_calls"][1:] or [list(range(len(X)))] * len(starts)
    assert starts == [[rows[i] for i in seed] for rows, seed in zip(init_rows, case["seeds"])]
    assert [s.indices for s in states[:3]] == case["first_batches"]
    assert len(states) == case["n_batches"]
    assert rng.reassignments == case["reassignments"]


@pytest.mark.parametrize("case", FIT_CASES, ids=[c["name"] for c in FIT_CASES])
def test_fit_steps_and_result_are_scikit_learns(monkeypatch, case):
    X, model, rng, states, starts = watched_fit(monkeypatch, case)
    for state, recorded in zip(states, case["steps"]):
        assert state.centroids == [tuple(c) for c in recorded["centers"]]   # bit for bit
        assert state.counts == recorded["counts"]
        assert math.isclose(state.inertia, recorded["inertia"], rel_tol=1e-12)
    assert model.cluster_centers_ == [tuple(c) for c in case["cluster_centers"]]
    assert model.counts_ == case["counts"]
    assert (model.n_steps_, model.n_iter_) == (case["n_steps"], case["n_iter"])
    assert math.isclose(model.inertia_, case["inertia"], rel_tol=1e-12)
    if "labels" in case:
        assert model.labels_ == case["labels"]
    else:
        assert not hasattr(model, "labels_")


PARTIAL_CASES = REFERENCE["partial_fit"]


@pytest.mark.parametrize("case", PARTIAL_CASES, ids=[c["name"] for c in PARTIAL_CASES])
def test_partial_fit_on_chunks_is_scikit_learns(case):
    X = make_blobs(**case["blobs"])[0]
    rng = Recording(case["params"]["random_state"])
    model = MiniBatchKMeans(**{**case["params"], "random_state": rng})
    chunk = case["chunk"]
    for start, recorded in zip(range(0, len(X), chunk), case["after_each_chunk"]):
        model.partial_fit(X[start:start + chunk])
        assert model.cluster_centers_ == [tuple(c) for c in recorded["centers"]]
        assert model.counts_ == recorded["counts"]
        assert math.isclose(model.inertia_, recorded["inertia"], rel_tol=1e-12)
    assert rng.randints == case["randint_calls"]
    assert rng.reassignments == case["reassignments"]
    assert model.labels_ == case["labels"]
    assert model.n_steps_ == case["n_steps"]


# -- invariants ------------------------------------------------------------------------------

def chunks(X, k, size):
    """X in chunks of ``size`` rows, the first with at least k (the first call seeds on it)."""
    first = max(k, size)
    return [X[:first]] + [X[i:i + size] for i in range(first, len(X), size)]


@settings(deadline=None, max_examples=40)
@given(datasets(min_samples=2, max_samples=30), st.integers(1, 4), st.integers(1, 10),
       st.floats(0.0, 0.5), st.integers(0, 2**32 - 1))
def test_centres_stay_inside_the_bounding_box_of_the_points_seen(X, k, size, ratio, seed):
    k = min(k, len(X))
    model = MiniBatchKMeans(n_clusters=k, random_state=seed, reassignment_ratio=ratio)
    seen = []
    for part in chunks(X, k, size):
        model.partial_fit(part)
        seen += part
        for f, column in enumerate(zip(*seen)):
            # a mean of x, x and x is (2x + x) * (1/3), which can round a unit in the last
            # place below x: the box holds up to rounding, relative to the largest value
            margin = 1e-12 * max(map(abs, column))
            for centre in model.cluster_centers_:
                assert min(column) - margin <= centre[f] <= max(column) + margin


@settings(deadline=None, max_examples=40)
@given(datasets(min_samples=2, max_samples=30), st.integers(1, 4), st.integers(1, 10))
def test_each_centre_is_the_running_mean_of_its_points_and_counts_add_up(X, k, size):
    # reassignment_ratio=0: no centre jumps, so every count is exact and none is reset
    k = min(k, len(X))
    model = MiniBatchKMeans(n_clusters=k, init=X[:k], reassignment_ratio=0.0)
    members = [[] for _ in range(k)]
    centres = [tuple(map(float, x)) for x in X[:k]]
    for part in chunks(X, k, size):
        for x in part:          # the step labels the chunk by the centres before it
            members[nearest(x, centres)].append(x)
        model.partial_fit(part)
        centres = model.cluster_centers_
    assert sum(model.counts_) == len(X)
    for centre, start, count, rows in zip(centres, X[:k], model.counts_, members):
        assert count == len(rows)
        if not rows:
            assert centre == start          # never moved
            continue
        means = [math.fsum(column) / len(rows) for column in zip(*rows)]
        assert all(math.isclose(c, m, rel_tol=1e-9, abs_tol=1e-9) for c, m in zip(centre, means))


@settings(deadline=None, max_examples=40)
@given(datasets(min_samples=2, max_samples=40), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_predict_names_the_nearest_centre(X, k, seed):
    model = MiniBatchKMeans(n_clusters=min(k, len(X)), batch_size=5, random_state=seed).fit(X)
    centres = model.cluster_centers_
    for x, label in zip(X, model.predict(X)):
        assert math.dist(x, centres[label]) == min(math.dist(x, c) for c in centres)
    assert model.labels_ == model.predict(X)


def batch_recorder(X):
    """(a list that fills with fit's batches, a stand-in for minibatch_steps that fills it)."""
    batches = []

    def watch(*args, **kwargs):
        for state in minibatch_steps(*args, **kwargs):
            batches.append([X[i] for i in state.indices])
            yield state
    return batches, watch


@settings(deadline=None, max_examples=30)
@given(datasets(min_samples=3, max_samples=30), st.integers(1, 3), st.integers(1, 8),
       st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_partial_fit_on_fits_batches_gives_fits_centres(X, k, batch_size, max_iter, seed):
    # scikit-learn's semantics make them equal only where fit's extra draws cannot matter:
    # centres given (no seeding on a subset), reassignment_ratio=0 (no jumps, which draw
    # from the generator), no early stop; then every step is the same update of the same
    # centres by the same batch, unit-weighted in both
    k = min(k, len(X), batch_size)
    params = dict(n_clusters=k, init=X[:k], batch_size=batch_size, max_iter=max_iter,
                  reassignment_ratio=0.0, max_no_improvement=None, random_state=seed)
    batches, watch = batch_recorder(X)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(minibatch_kmeans, "minibatch_steps", watch)     # where fit finds it
        fitted = MiniBatchKMeans(**params).fit(X)
    streamed = MiniBatchKMeans(**params)
    for batch in batches:
        streamed.partial_fit(batch)
    assert streamed.cluster_centers_ == fitted.cluster_centers_      # bit for bit
    assert streamed.counts_ == fitted.counts_
    assert sum(fitted.counts_) == len(batches) * min(batch_size, len(X))
    assert streamed.n_steps_ == fitted.n_steps_ == max_iter * len(X) // min(batch_size, len(X))


# -- quality ---------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 42])
def test_inertia_on_blobs_is_within_two_percent_of_kmeans(seed):
    X, _ = make_blobs(n_samples=20000, centers=5, cluster_std=1.0, random_state=seed)
    full = KMeans(n_clusters=5, random_state=seed).fit(X).inertia_
    mini = MiniBatchKMeans(n_clusters=5, random_state=seed).fit(X).inertia_
    assert mini <= 1.02 * full


def test_streaming_chunks_reach_kmeans_quality():
    X, _ = make_blobs(n_samples=20000, centers=4, random_state=3)
    model = MiniBatchKMeans(n_clusters=4, random_state=0)
    for start in range(0, len(X), 1000):
        model.partial_fit(X[start:start + 1000])
    assert -model.score(X) <= 1.02 * KMeans(n_clusters=4, random_state=0).fit(X).inertia_


# -- the estimator's conventions -------------------------------------------------------------

def test_compute_labels_false_gives_the_ewa_estimate_and_no_labels():
    X, _ = make_blobs(n_samples=3000, centers=3, random_state=0)
    exact = MiniBatchKMeans(n_clusters=3, batch_size=200, random_state=0).fit(X)
    rough = MiniBatchKMeans(n_clusters=3, batch_size=200, random_state=0,
                            compute_labels=False).fit(X)
    assert not hasattr(rough, "labels_")
    assert rough.cluster_centers_ == exact.cluster_centers_
    assert rough.inertia_ != exact.inertia_
    assert abs(rough.inertia_ / exact.inertia_ - 1) < 0.2
    assert rough.fit_predict(X) == exact.labels_


def test_transform_score_fit_predict_and_params():
    X = [[0, 0], [0, 1], [10, 10], [10, 11]]
    model = MiniBatchKMeans(n_clusters=2, batch_size=2, random_state=0)
    labels = model.fit_predict(X)
    assert labels == model.labels_ == model.predict(X)
    distances = model.transform([[0, 0]])[0]
    assert distances == [dist((0.0, 0.0), c) for c in model.cluster_centers_]
    assert model.score(X) == -model.inertia_
    assert repr(model) == "MiniBatchKMeans(n_clusters=2, batch_size=2, random_state=0)"
    assert model.set_params(batch_size=3).get_params()["batch_size"] == 3
    assert model.fit_transform(X) == model.transform(X)


def test_partial_fit_after_fit_continues_from_fits_centres_and_counts():
    X, _ = make_blobs(n_samples=500, centers=2, random_state=0)
    model = MiniBatchKMeans(n_clusters=2, batch_size=50, random_state=0).fit(X)
    counts, steps = model.counts_, model.n_steps_
    model.partial_fit(X[:50])
    assert sum(model.counts_) >= sum(counts) and model.n_steps_ == steps + 1


def test_verbose_prints_the_steps(capsys):
    MiniBatchKMeans(n_clusters=2, batch_size=2, random_state=0, verbose=1).fit(
        [[0, 0], [0, 1], [10, 10], [10, 11]])
    assert "Minibatch step 1/" in capsys.readouterr().out


def test_small_init_size_warns_and_grows_to_three_k():
    X, _ = make_blobs(n_samples=100, centers=3, random_state=0)
    with pytest.warns(RuntimeWarning, match="init_size=2 should be larger than n_clusters=3"):
        MiniBatchKMeans(n_clusters=3, init_size=2, random_state=0).fit(X)


def test_given_centres_start_once():
    with pytest.warns(RuntimeWarning, match="not n_init=3 times"):
        model = MiniBatchKMeans(n_clusters=1, init=[[5, 5]], n_init=3, batch_size=1,
                                max_iter=1).fit([[0, 0]])
    assert model.cluster_centers_ == [(0.0, 0.0)]


def test_feature_names_are_kept_and_checked():
    class Frame:
        def __init__(self, columns, rows):
            self.columns, self.rows = columns, rows

        def to_numpy(self):
            return self.rows
    model = MiniBatchKMeans(n_clusters=1, random_state=0).fit(Frame(["a", "b"], [[0, 1], [2, 3]]))
    assert model.feature_names_in_ == ["a", "b"]
    with pytest.raises(KMeansError, match="MiniBatchKMeans.predict requires the columns"):
        model.predict(Frame(["b", "a"], [[0, 1]]))


# -- every message ---------------------------------------------------------------------------

X4 = [[0, 0], [0, 1], [10, 10], [10, 11]]


@pytest.mark.parametrize("params, message", [
    (dict(n_clusters=5), r"MiniBatchKMeans.fit requires 1 <= n_clusters <= n_samples; "
                         r"got n_clusters=5, n_samples=4"),
    (dict(max_iter=0), r"MiniBatchKMeans.fit requires an integer max_iter >= 1; got max_iter=0"),
    (dict(batch_size=0), r"requires an integer batch_size >= 1; got batch_size=0"),
    (dict(batch_size=2.5), r"requires an integer batch_size >= 1; got batch_size=2.5"),
    (dict(max_no_improvement=-1), r"requires an integer max_no_improvement >= 0 or None; "
                                  r"got max_no_improvement=-1"),
    (dict(init_size=0), r"requires an integer init_size >= 1 or None; got init_size=0"),
    (dict(tol=-1.0), r"requires 0 <= tol < inf; got tol=-1.0"),
    (dict(reassignment_ratio=math.nan), r"requires 0 <= reassignment_ratio < inf; "
                                        r"got reassignment_ratio=nan"),
    (dict(init="best"), r"MiniBatchKMeans.fit requires init in \('k-means\+\+', 'random'\), "
                        r"k centres or a callable; got init='best'"),
    (dict(n_clusters=2, init=[[0, 0]]), r"requires init with n_clusters=2 rows of n_features=2; "
                                        r"got 1 rows of 2"),
    (dict(n_clusters=2, init=lambda X, k, random_state: X[:1]),
     r"MiniBatchKMeans.fit requires init with n_clusters=2 rows of n_features=2; got 1 rows of 2"),
    (dict(n_init=0), r"requires n_init >= 1 or 'auto'; got n_init=0"),
])
def test_bad_parameters_are_refused(params, message):
    with pytest.raises(KMeansError, match=message):
        MiniBatchKMeans(**{"n_clusters": 2, **params}).fit(X4)


def test_bad_data_is_refused_with_the_callers_name():
    with pytest.raises(KMeansError, match=r"MiniBatchKMeans.fit requires at least one row"):
        MiniBatchKMeans(n_clusters=1).fit([])
    with pytest.raises(KMeansError, match=r"MiniBatchKMeans.partial_fit requires finite values"):
        MiniBatchKMeans(n_clusters=1).partial_fit([[math.nan]])
    with pytest.raises(KMeansError, match=r"MiniBatchKMeans.fit requires non-negative sample"):
        MiniBatchKMeans(n_clusters=1).fit([[0.0]], sample_weight=[-1])
    with pytest.raises(KMeansError, match=r"MiniBatchKMeans.fit requires \|values\| <= 1e\+150"):
        MiniBatchKMeans(n_clusters=1).fit([[1e200]])
    with pytest.raises(KMeansError, match=r"MiniBatchKMeans.set_params requires a known "
                                          r"parameter; got 'k'"):
        MiniBatchKMeans().set_params(k=3)


def test_later_chunks_must_have_the_first_chunks_width():
    model = MiniBatchKMeans(n_clusters=1).partial_fit([[0.0, 1.0]])
    with pytest.raises(KMeansError, match=r"MiniBatchKMeans.partial_fit requires rows of equal "
                                          r"length; got row 0 with 1 values, n_features 2"):
        model.partial_fit([[0.0]])
    with pytest.raises(KMeansError, match=r"MiniBatchKMeans.score requires rows of equal"):
        model.score([[0.0]])


@pytest.mark.parametrize("method", ["predict", "transform", "score"])
def test_using_an_unfitted_model_says_to_fit_first(method):
    with pytest.raises(NotFittedError, match=f"not fitted yet; call 'fit' or 'partial_fit' "
                                             f"before '{method}'"):
        getattr(MiniBatchKMeans(), method)([[0.0]])


def test_the_step_never_changes_its_arguments():
    centroids, counts = [(1.0,), (9.0,)], [1.0, 0.0]
    minibatch_step([(0.0,), (10.0,)], [1.0, 1.0], centroids, counts, RandomState(0),
                   reassign=True, reassignment_ratio=0.5)
    assert (centroids, counts) == ([(1.0,), (9.0,)], [1.0, 0.0])


def test_small_centres_jump_to_batch_rows_and_take_the_smallest_other_count():
    # centre 1 has absorbed 0 < 0.5 * 5: it jumps to a batch row, its count becomes 5
    _, centroids, counts, _ = minibatch_step([(0.0,), (1.0,)], [1.0, 1.0], [(0.0,), (50.0,)],
                                             [3.0, 0.0], RandomState(0), reassign=True,
                                             reassignment_ratio=0.5)
    assert counts == [5.0, 5.0]
    assert centroids[0] == (0.2,) and centroids[1] in [(0.0,), (1.0,)]


CALLABLE = json.loads((DATA / "sklearn_minibatch_callable.json").read_text())


@pytest.mark.parametrize("case", CALLABLE["cases"], ids=["auto", "two"])
def test_a_callable_init_gets_scikit_learns_rows_and_gives_its_fit(case):
    # recorded by tools/record_minibatch_callable.py: the same callable, in scikit-learn
    X = make_blobs(**case["blobs"])[0]
    calls = []

    def init(rows, k, random_state):
        assert isinstance(random_state, RandomState) and type(rows) is list
        calls.append({"n_rows": len(rows), "first": list(rows[0]), "last": list(rows[-1])})
        return rows[::len(rows) // k][:k]

    model = MiniBatchKMeans(init=init, **case["params"]).fit(X)
    assert calls == case["calls"]             # 'auto' is 3 starts for a callable, as 'random'
    assert model.cluster_centers_ == [tuple(c) for c in case["cluster_centers"]]
    assert model.labels_ == case["labels"] and model.n_steps_ == case["n_steps"]
    assert (model.n_iter_, model.inertia_) == (case["n_iter"], pytest.approx(case["inertia"], rel=1e-12))
