"""Section 2: K-Means by hand - Lloyd's loop written out with nothing but the vector helpers.

Run: python examples/02_manual_lloyd.py [OUTPUT_FOLDER]
"""
import math
import os
import sys
import tempfile

from kmeans_scratch import make_blobs
from kmeans_scratch.plot import save, scatter_plot
from kmeans_scratch.randomness import RandomState
from kmeans_scratch.vectors import mean, nearest


def kmeans_manual(X, k, n_iter=10, random_state=42):
    rng = RandomState(random_state)                           # like np.random.seed(42)
    centroids = [X[i] for i in rng.choice(len(X), k, replace=False)]   # step 1: k random points
    for iteration in range(n_iter):
        labels = [nearest(x, centroids) for x in X]           # step 2: nearest centroid
        new_centroids = []
        for j in range(k):                                    # step 3: move to the mean
            members = [x for x, label in zip(X, labels) if label == j]
            new_centroids.append(mean(members) if members else centroids[j])
        shift = math.sqrt(sum(math.dist(a, b) ** 2 for a, b in zip(new_centroids, centroids)))
        centroids = new_centroids
        if shift < 1e-6:                                      # step 4: stop when nothing moves
            print(f"Converged at iteration {iteration + 1}")
            break
    return labels, centroids


# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in ["kmeans_manual.svg"] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")
X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
labels, centroids = kmeans_manual(X, k=3)
print("centroids:", [tuple(round(v, 3) for v in c) for c in centroids])
print("wrote", save(scatter_plot(X, labels, centroids, title="K-Means Manual (K=3)"),
                    os.path.join(out, "kmeans_manual.svg"), overwrite=False))
print("the files are in", out)
