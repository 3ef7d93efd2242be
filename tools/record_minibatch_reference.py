"""Record scikit-learn's MiniBatchKMeans, draw by draw, as JSON for tests/test_minibatch.py.

Run by hand, never by CI or the tests, in a throwaway environment with scikit-learn 1.9.1:

    /tmp/skvenv/bin/python tools/record_minibatch_reference.py

It writes tests/data/sklearn_minibatch.json. Data sets are described by the ``make_blobs``
arguments that make them (the tests rebuild them with our own generator, which is
scikit-learn's bit for bit; each case also stores a checksum of X to prove it). For every
case it records what scikit-learn drew and computed, by watching it rather than by
re-deriving it:

  * every ``randint`` and ``choice`` call on the generator (a recording subclass of
    ``numpy.random.RandomState``, passed as ``random_state``): the validation rows, the
    init rows, each batch, each reassignment's rows;
  * the rows k-means++ chose (``_kmeans_plusplus`` wrapped);
  * after each of the first steps, the centres, counts and batch inertia
    (``_mini_batch_step`` wrapped);
  * the fitted attributes.
"""

import json
import pathlib

import numpy as np
import sklearn
from sklearn.cluster import MiniBatchKMeans
from sklearn.cluster import _kmeans
from sklearn.datasets import make_blobs

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sklearn_minibatch.json"
STEPS_KEPT = 6           # centres after this many steps are recorded
BATCHES_KEPT = 3         # the first batches' rows are recorded in full


class RecordingState(np.random.RandomState):
    """A RandomState that notes every randint and choice call with its result."""

    def __init__(self, seed):
        super().__init__(seed)
        self.calls = []

    def randint(self, *args, **kwargs):
        result = super().randint(*args, **kwargs)
        self.calls.append(["randint", np.asarray(result).tolist()])
        return result

    def choice(self, *args, **kwargs):
        result = super().choice(*args, **kwargs)
        if kwargs.get("p") is None:
            kind = "choice"                          # a reassignment's rows
        elif kwargs.get("replace", True) is False:
            kind = "choice_init"                     # init='random'
        else:                                        # a batch, or k-means++'s first row
            kind = "choice_p" if len(args) > 1 or "size" in kwargs else "choice_first"
        self.calls.append([kind, np.asarray(result).tolist()])
        return result


class Watch:
    """Wraps scikit-learn's k-means++ and mini-batch step to note what they return."""

    def __init__(self):
        self.plusplus, self.steps = [], []
        self.original = (_kmeans._kmeans_plusplus, _kmeans._mini_batch_step)

    def __enter__(self):
        plusplus, step = self.original

        def watched_plusplus(*args, **kwargs):
            centers, indices = plusplus(*args, **kwargs)
            self.plusplus.append(indices.tolist())
            return centers, indices

        def watched_step(*args, **kwargs):
            inertia = step(*args, **kwargs)
            if len(self.steps) < STEPS_KEPT:
                self.steps.append({"centers": kwargs["centers_new"].tolist(),
                                   "counts": kwargs["weight_sums"].tolist(),
                                   "inertia": float(inertia)})
            return inertia

        _kmeans._kmeans_plusplus, _kmeans._mini_batch_step = watched_plusplus, watched_step
        return self

    def __exit__(self, *exc):
        _kmeans._kmeans_plusplus, _kmeans._mini_batch_step = self.original


FIT_CASES = [
    # name, make_blobs arguments, MiniBatchKMeans arguments, sample weights (a rule or None)
    ("kmeans++ on 300-row init subsets", dict(n_samples=1500, centers=3, cluster_std=0.8,
                                              random_state=42),
     dict(n_clusters=3, batch_size=100, random_state=0), None),
    ("random init, n_init auto (3)", dict(n_samples=2000, centers=4, n_features=3,
                                          random_state=1),
     dict(n_clusters=5, init="random", batch_size=256, random_state=7), None),
    ("many reassignments", dict(n_samples=1000, centers=2, random_state=3),
     dict(n_clusters=10, batch_size=50, reassignment_ratio=0.5, random_state=1), None),
    ("tol stop, no max_no_improvement", dict(n_samples=1200, centers=4, random_state=5),
     dict(n_clusters=4, batch_size=128, tol=1e-3, max_no_improvement=None, random_state=2),
     None),
    ("sample weights 1, 2, 3", dict(n_samples=900, centers=3, random_state=11),
     dict(n_clusters=3, batch_size=64, random_state=3), "1 + i % 3"),
    ("no labels: EWA inertia", dict(n_samples=1500, centers=3, random_state=8),
     dict(n_clusters=3, batch_size=100, compute_labels=False, random_state=4), None),
    ("defaults, n_init=3, k=8", dict(n_samples=5000, centers=6, random_state=0),
     dict(n_clusters=8, n_init=3, random_state=0), None),
]


def weights_for(rule, n):
    return None if rule is None else np.array([1.0 + i % 3 for i in range(n)])


def checksum(X):
    return float(np.sum(np.abs(X) * np.arange(1, X.shape[0] + 1)[:, None]))


def fit_case(name, blobs, params, rule):
    X, _ = make_blobs(**blobs)
    weights = weights_for(rule, len(X))
    rs = RecordingState(params["random_state"])
    with Watch() as watch:
        model = MiniBatchKMeans(**{**params, "random_state": rs}).fit(X, sample_weight=weights)
    batches = [call[1] for call in rs.calls if call[0] == "choice_p"]
    record = {"name": name, "blobs": blobs, "params": params, "sample_weight": rule,
              "X_checksum": checksum(X),
              "randint_calls": [call[1] for call in rs.calls if call[0] == "randint"],
              "reassignments": [call[1] for call in rs.calls if call[0] == "choice"],
              "seeds": watch.plusplus + [c[1] for c in rs.calls if c[0] == "choice_init"],
              "n_batches": len(batches),
              "first_batches": batches[:BATCHES_KEPT], "steps": watch.steps,
              "cluster_centers": model.cluster_centers_.tolist(),
              "counts": model._counts.tolist(), "inertia": float(model.inertia_),
              "n_steps": int(model.n_steps_), "n_iter": int(model.n_iter_)}
    if params.get("compute_labels", True):
        record["labels"] = model.labels_.tolist()
    return record


PARTIAL_CASES = [
    ("six chunks of 150", dict(n_samples=900, centers=4, random_state=5),
     dict(n_clusters=4, random_state=0), 150),
    ("chunks of 500 with 100-row batches: init on a subset",
     dict(n_samples=2000, centers=3, random_state=9),
     dict(n_clusters=3, batch_size=100, random_state=6), 500),
]


def partial_case(name, blobs, params, chunk):
    X, _ = make_blobs(**blobs)
    rs = RecordingState(params["random_state"])
    model = MiniBatchKMeans(**{**params, "random_state": rs})
    after = []
    with Watch() as watch:
        for start in range(0, len(X), chunk):
            model.partial_fit(X[start:start + chunk])
            after.append({"centers": model.cluster_centers_.tolist(),
                          "counts": model._counts.tolist(), "inertia": float(model.inertia_)})
    return {"name": name, "blobs": blobs, "params": params, "chunk": chunk,
            "X_checksum": checksum(X),
            "randint_calls": [call[1] for call in rs.calls if call[0] == "randint"],
            "reassignments": [call[1] for call in rs.calls if call[0] == "choice"],
            "seeds": watch.plusplus + [c[1] for c in rs.calls if c[0] == "choice_init"],
            "after_each_chunk": after,
            "labels": model.labels_.tolist(), "n_steps": int(model.n_steps_)}


def main():
    record = {"sklearn": sklearn.__version__, "numpy": np.__version__,
              "fit": [fit_case(*case) for case in FIT_CASES],
              "partial_fit": [partial_case(*case) for case in PARTIAL_CASES]}
    OUT.write_text(json.dumps(record, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    for case in record["fit"]:
        print(f"  {case['name']}: {case['n_steps']} steps, {case['n_batches']} batches, "
              f"{len(case['reassignments'])} reassignments")


if __name__ == "__main__":
    main()
