"""Record scikit-learn's MiniBatchKMeans with a callable init, for tests/test_minibatch.py.

Run by hand, never by CI or the tests, in a throwaway environment with scikit-learn 1.9.1:

    /tmp/skvenv/bin/python tools/record_minibatch_callable.py

It writes tests/data/sklearn_minibatch_callable.json: for each case, the ``make_blobs``
arguments of the data (our generator is scikit-learn's bit for bit), the parameters, what
the callable was given each time it was called (the number of rows, and the first and last
row) and the fitted attributes. The callable returns the k rows at a fixed stride through
the rows it gets, so its answer depends on which rows scikit-learn drew for it.
"""

import json
import pathlib

import sklearn
from sklearn.cluster import MiniBatchKMeans
from sklearn.datasets import make_blobs

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sklearn_minibatch_callable.json"
CASES = [
    {"blobs": {"n_samples": 600, "n_features": 2, "centers": 3, "random_state": 1},
     "params": {"n_clusters": 3, "batch_size": 100, "random_state": 0, "n_init": "auto"}},
    {"blobs": {"n_samples": 900, "n_features": 3, "centers": 4, "random_state": 2},
     "params": {"n_clusters": 4, "batch_size": 64, "random_state": 7, "n_init": 2}},
]


def main():
    cases = []
    for case in CASES:
        X = make_blobs(**case["blobs"])[0]
        calls = []

        def init(rows, k, random_state, calls=calls):
            calls.append({"n_rows": len(rows), "first": rows[0].tolist(), "last": rows[-1].tolist()})
            return rows[::len(rows) // k][:k]

        model = MiniBatchKMeans(init=init, **case["params"]).fit(X)
        cases.append({**case, "calls": calls,
                      "cluster_centers": model.cluster_centers_.tolist(),
                      "labels": model.labels_.tolist(), "inertia": float(model.inertia_),
                      "n_steps": int(model.n_steps_), "n_iter": int(model.n_iter_)})
    OUT.write_text(json.dumps({"sklearn": sklearn.__version__, "cases": cases}) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
