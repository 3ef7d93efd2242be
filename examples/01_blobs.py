"""Section 1: three blobs of points, and a look at them without labels.

Run: python examples/01_blobs.py [OUTPUT_FOLDER]
"""
import os
import sys
import tempfile

from kmeans_scratch import make_blobs
from kmeans_scratch.plot import save, scatter_plot

# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in ["kmeans_raw.svg"] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")

X, true_labels = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
print(f"{len(X)} points with {len(X[0])} features; the first is {X[0]}")
print("wrote", save(scatter_plot(X, title="Raw data - no labels"), os.path.join(out, "kmeans_raw.svg"), overwrite=False))
print("the files are in", out)
