"""Watching a fit: KMeans(callback=...) sees every Lloyd step; KMeans(verbose=1) prints them."""

import warnings

import pytest

from kmeans_scratch import ConvergenceWarning, KMeans, KMeansError, LloydStep, make_blobs
from kmeans_scratch.lloyd import tolerance

X, _ = make_blobs(n_samples=400, centers=5, cluster_std=3.0, random_state=1)
ALGORITHMS = ["lloyd", "hamerly", "kdtree"]
SIX = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]]


def model(**params):
    return KMeans(**dict({"n_clusters": 5, "init": "random", "n_init": 3, "random_state": 0},
                         **params))


def fit_quietly(estimator, data=X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(data)


def fitted_attributes(estimator):
    return (estimator.cluster_centers_, estimator.labels_, estimator.inertia_,
            estimator.n_iter_, estimator.n_distances_)


def runs_of(steps):
    """The recorded steps cut into runs: each run starts again at iteration 1."""
    runs = []
    for step in steps:
        if step.iteration == 1:
            runs.append([])
        runs[-1].append(step)
    return runs


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_a_callback_that_stops_at_step_2_gives_n_iter_2(algorithm):
    assert fit_quietly(model(algorithm=algorithm)).n_iter_ > 2
    seen = []
    stopper = model(algorithm=algorithm,
                    callback=lambda step: seen.append(step.iteration) or step.iteration < 2)
    with pytest.warns(ConvergenceWarning, match="stopped by its callback at iteration 2, before "
                                                "converging"):
        stopper.fit(X)
    assert stopper.n_iter_ == 2
    assert seen == [1, 2] * 3           # every run stops at its second step


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("stop_at", [1, 2, 5])
def test_stopping_at_step_i_is_fitting_with_max_iter_i(algorithm, stop_at):
    stopped = fit_quietly(model(algorithm=algorithm, callback=lambda step: step.iteration < stop_at))
    capped = fit_quietly(model(algorithm=algorithm, max_iter=stop_at))
    assert fitted_attributes(stopped) == fitted_attributes(capped)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_without_a_stop_the_callback_sees_n_iter_steps_of_every_run(algorithm):
    steps = []
    estimator = fit_quietly(model(algorithm=algorithm, callback=steps.append))
    runs = runs_of(steps)
    assert len(runs) == 3
    for run in runs:
        assert [s.iteration for s in run] == list(range(1, len(run) + 1))
        assert run[-1].stop is not None and all(s.stop is None for s in run[:-1])
    assert estimator.n_iter_ in [len(run) for run in runs]
    single = []
    one_run = fit_quietly(model(algorithm=algorithm, n_init=1, callback=single.append))
    assert len(single) == one_run.n_iter_


def test_every_algorithm_shows_the_same_steps_with_inertia_only_on_the_plain_loop():
    recorded = {}
    for algorithm in ALGORITHMS:
        steps = []
        fit_quietly(model(algorithm=algorithm, callback=steps.append))
        assert all(isinstance(step, LloydStep) for step in steps)
        recorded[algorithm] = [step._replace(inertia=None) for step in steps]
        assert all((step.inertia is None) == (algorithm != "lloyd") for step in steps)
    assert recorded["lloyd"] == recorded["hamerly"] == recorded["kdtree"]


def test_the_steps_are_in_the_datas_own_units():
    steps = []
    estimator = KMeans(n_clusters=2, init=[[1, 0], [10, 4]], callback=steps.append).fit(SIX)
    assert steps[0].centroids == [(1.0, 0.0), (10.0, 4.0)]      # the given start, not centred
    assert steps[-1].stop == "labels unchanged"
    assert steps[-1].new_centroids == estimator.cluster_centers_


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_watching_changes_nothing(algorithm):
    plain = fit_quietly(model(algorithm=algorithm))
    watched = fit_quietly(model(algorithm=algorithm, callback=lambda step: None))
    true_ = fit_quietly(model(algorithm=algorithm, callback=lambda step: 0))  # only False stops
    assert fitted_attributes(plain) == fitted_attributes(watched) == fitted_attributes(true_)


def test_verbose_prints_scikit_learns_lines(capsys):
    KMeans(n_clusters=2, init=[[1, 0], [10, 4]], verbose=1).fit(SIX)
    assert capsys.readouterr().out.splitlines() == [
        "Initialization complete",
        "Iteration 0, inertia 40.0.",
        "Iteration 1, inertia 16.0.",
        "Converged at iteration 1: strict convergence."]
    KMeans(n_clusters=2, init=[[1, 2], [10, 2]], verbose=True).fit(SIX)
    scaled = tolerance([tuple(map(float, row)) for row in SIX], 1e-4)
    assert capsys.readouterr().out.splitlines() == [
        "Initialization complete",
        "Iteration 0, inertia 16.0.",
        f"Converged at iteration 0: center shift 0.0 within tolerance {scaled}."]


def test_verbose_prints_a_block_per_run_and_the_same_lines_for_every_algorithm(capsys):
    printed = {}
    for algorithm in ALGORITHMS:
        estimator = fit_quietly(model(algorithm=algorithm, verbose=1))
        printed[algorithm] = capsys.readouterr().out.splitlines()
        assert printed[algorithm].count("Initialization complete") == 3
        assert any(line.startswith(f"Converged at iteration {estimator.n_iter_ - 1}: ")
                   for line in printed[algorithm])
    assert printed["lloyd"] == printed["hamerly"] == printed["kdtree"]


def test_verbose_and_callback_together(capsys):
    steps = []
    KMeans(n_clusters=2, init=[[1, 0], [10, 4]], verbose=1, callback=steps.append).fit(SIX)
    assert len(capsys.readouterr().out.splitlines()) == 4 and len(steps) == 2


def test_quiet_by_default(capsys):
    model().fit(X)
    assert capsys.readouterr().out == ""


def test_the_parameters_are_scikit_learns_conventions():
    watcher = print
    estimator = KMeans(verbose=1, callback=watcher)
    assert estimator.get_params()["verbose"] == 1 and estimator.get_params()["callback"] is watcher
    assert repr(KMeans(verbose=1)) == "KMeans(verbose=1)"
    assert estimator.set_params(verbose=0, callback=None).get_params()["callback"] is None


@pytest.mark.parametrize("params, error, message", [
    ({"callback": "print"}, TypeError, "callback to be None or callable; got callback='print'"),
    ({"verbose": -1}, KMeansError, "verbose to be 0, 1 .*; got verbose=-1"),
    ({"verbose": "yes"}, KMeansError, ".*; got verbose='yes'"),
    ({"verbose": 0.5}, KMeansError, ".*; got verbose=0.5"),
])
def test_bad_watchers_are_refused(params, error, message):
    with pytest.raises(error, match="KMeans.fit requires " + message):
        KMeans(n_clusters=2, **params).fit(SIX)


def test_pypys_loops_on_rows_held_as_lists_show_the_plain_steps(monkeypatch):
    # on PyPy, KMeans hands Hamerly's loops X's rows as lists (fast.fit_rows); forced on here,
    # the steps a callback sees and the fitted model are still the plain loop's, tuples and all
    from kmeans_scratch.fast import runner
    X3, _ = make_blobs(n_samples=300, n_features=3, centers=4, random_state=2)
    plain_steps, loop_steps = [], []
    plain = fit_quietly(model(algorithm="lloyd", init="k-means++", callback=plain_steps.append), X3)
    monkeypatch.setattr(runner, "LOOPS", True)
    assert runner.fit_rows([(1.0, 2.0, 3.0)], "hamerly") == [[1.0, 2.0, 3.0]]
    loops = fit_quietly(model(algorithm="hamerly", init="k-means++", callback=loop_steps.append), X3)
    assert [step._replace(inertia=None) for step in loop_steps] == \
        [step._replace(inertia=None) for step in plain_steps]
    assert fitted_attributes(loops)[:4] == fitted_attributes(plain)[:4]
