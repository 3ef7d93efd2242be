"""Section 8: when K-Means fails - crescents, uneven clusters, and an outlier.

Run: python examples/08_failures.py [OUTPUT_FOLDER]
"""
import os
import sys
import tempfile

from kmeans_scratch import KMeans, adjusted_rand_score, make_blobs, make_moons
from kmeans_scratch.plot import save, scatter_plot

# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in ["kmeans_fail.svg"] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")

X_moons, y_moons = make_moons(n_samples=300, noise=0.1, random_state=42)
labels_moons = KMeans(n_clusters=2, random_state=42).fit_predict(X_moons)
print(f"crescents: ARI {adjusted_rand_score(y_moons, labels_moons):.3f} (1.0 would be right)")
save(scatter_plot(X_moons, labels_moons, title="K-Means Fails on Crescent Shapes"),
     os.path.join(out, "kmeans_fail.svg"), overwrite=False)

X, y = make_blobs(n_samples=[600, 30], centers=[[0, 0], [4.5, 0]], cluster_std=[1.5, 0.3], random_state=1)
model = KMeans(n_clusters=2, random_state=1, n_init=10).fit(X)
print(f"uneven sizes: ARI {adjusted_rand_score(y, model.labels_):.3f}; sizes found "
      f"{sorted(model.labels_.count(j) for j in range(2))}, true sizes [30, 600]")

X, _ = make_blobs(n_samples=100, centers=[[0, 0], [6, 6]], cluster_std=0.7, random_state=3)
for name, data in (("clean", X), ("with one outlier at (40, 40)", X + [[40.0, 40.0]])):
    centres = KMeans(n_clusters=2, random_state=0, n_init=10).fit(data).cluster_centers_
    print(f"{name}: centres {[tuple(round(v, 2) for v in c) for c in centres]}")
print("the files are in", out)
