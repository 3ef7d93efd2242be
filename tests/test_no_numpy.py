"""The package must run with NumPy and friends unavailable, even where they are installed."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
for name in ("numpy", "scipy", "sklearn", "pandas", "matplotlib", "PIL"):
    sys.modules[name] = None          # any import of them now raises ImportError
sys.path.insert(0, {root!r})
import kmeans_scratch
from kmeans_scratch import KMeans, make_blobs
X, y = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
model = KMeans(n_clusters=3, n_init=10, random_state=42).fit(X)
print(round(model.inertia_, 4))
"""


def test_fit_runs_with_numpy_scipy_sklearn_pandas_blocked():
    result = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT))],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "362.7901"
