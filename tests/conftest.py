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
