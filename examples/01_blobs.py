"""Section 1: three blobs of points, and a look at them without labels.

Run: python examples/01_blobs.py [OUTPUT_FOLDER]
"""
import os
import sys

from kmeans_scratch import make_blobs
from kmeans_scratch.plot import save, scatter_plot

out = sys.argv[1] if len(sys.argv) > 1 else "example-output"
os.makedirs(out, exist_ok=True)

X, true_labels = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
print(f"{len(X)} points with {len(X[0])} features; the first is {X[0]}")
print("wrote", save(scatter_plot(X, title="Raw data - no labels"), os.path.join(out, "kmeans_raw.svg")))
