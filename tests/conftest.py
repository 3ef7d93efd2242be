"""Shared test set-up: Hypothesis profiles and the recorded scikit-learn reference values.

Profiles: "dev" (default) and "ci" (derandomized, so CI runs are repeatable). Choose with
HYPOTHESIS_PROFILE=ci.
"""

import json
import os
import pathlib

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

DATA = pathlib.Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def reference():
    """scikit-learn 1.9.1's recorded outputs (made by tools/make_sklearn_reference.py)."""
    return json.loads((DATA / "sklearn_reference.json").read_text())


def write_blobs_csv(path: pathlib.Path, **blob_args) -> pathlib.Path:
    """A CSV (header x,y) of make_blobs(**blob_args)'s rows, each float written exactly."""
    from kmeans_scratch import make_blobs
    X, _ = make_blobs(**blob_args)
    path.write_text("x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in X))
    return path
