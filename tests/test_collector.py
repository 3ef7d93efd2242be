"""collector.paused: no cycle collection during a fit (on CPython), and the setting restored."""

import gc
import sys

import pytest

from kmeans_scratch import BisectingKMeans, KMeans, MiniBatchKMeans, KMeansError, k_means
from kmeans_scratch.collector import paused

CPYTHON = sys.implementation.name == "cpython"
X = [(float(i % 7), float(i % 5)) for i in range(60)]


def test_fit_pauses_the_collector_while_fitting_and_restores_it():
    seen = []
    KMeans(3, random_state=0, callback=lambda step: seen.append(gc.isenabled())).fit(X)
    assert seen and all(enabled is (not CPYTHON) for enabled in seen)
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    try:
        KMeans(3, random_state=0).fit(X)
        MiniBatchKMeans(3, random_state=0, batch_size=16).fit(X)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_after_an_error():
    with pytest.raises(KMeansError):
        KMeans(100).fit(X)                       # more clusters than rows
    with pytest.raises(KMeansError):
        BisectingKMeans(100).fit(X)
    with pytest.raises(KMeansError):
        MiniBatchKMeans(3).partial_fit([[float("nan"), 0.0]] * 5)
    assert gc.isenabled()


def test_paused_nests_and_restores_the_outer_state():
    with paused():
        with paused():
            inner = gc.isenabled()
        middle = gc.isenabled()
    assert (inner, middle, gc.isenabled()) == (not CPYTHON, not CPYTHON, True)


def test_a_command_line_run_leaves_the_collector_on(tmp_path, capsys):
    from kmeans_scratch.cli import main
    data = tmp_path / "rows.csv"
    data.write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in X))
    assert main(["cluster", str(data), "--k", "3", "--quiet", "--out", str(tmp_path / "m.json")]) == 0
    assert main(["cluster", str(tmp_path / "missing.csv"), "--k", "3"]) == 2
    assert gc.isenabled()
    capsys.readouterr()


def test_warnings_from_a_paused_fit_point_at_the_callers_line():
    # the decorator adds a frame, fit_predict and k_means more: errors.warn skips them all
    import warnings
    duplicates = [(0.0, 0.0)] * 5 + [(1.0, 1.0)]
    start = [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)]
    calls = [lambda: KMeans(3, random_state=0).fit(duplicates),              # distinct < k
             lambda: KMeans(2, random_state=0, max_iter=1).fit(X),           # max_iter reached
             lambda: KMeans(3, init=start, n_init=5).fit(X),                 # explicit centres
             lambda: MiniBatchKMeans(3, init=start, n_init=5).fit(X),
             lambda: MiniBatchKMeans(3, init_size=2, random_state=0).fit(X),
             lambda: MiniBatchKMeans(3, init=start, n_init=5).partial_fit(X),
             lambda: KMeans(3, random_state=0).fit_predict(duplicates),      # one level deeper
             lambda: KMeans(3, random_state=0).fit_transform(duplicates),
             lambda: k_means(duplicates, 3, random_state=0),
             lambda: MiniBatchKMeans(3, init=start, n_init=5).fit_predict(X)]
    for call in calls:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        assert caught and all(w.filename == __file__ for w in caught), \
            [(w.filename, str(w.message)) for w in caught]
