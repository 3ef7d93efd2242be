"""Practice challenge, level 2: the blobs with K = 2, 3, 4, 5 - plots, elbow, silhouette.

Run: python examples/challenge2_blobs.py [OUTPUT_FOLDER]
"""
import os
import sys
import tempfile

from kmeans_scratch import KMeans, find_knee, make_blobs, silhouette_score
from kmeans_scratch.plot import save, scatter_plot

# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in [f"blobs_k{k}.svg" for k in (2, 3, 4, 5)] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")
X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
inertias, scores = [], []
for k in (2, 3, 4, 5):
    model = KMeans(n_clusters=k, random_state=42, n_init=10).fit(X)
    inertias.append(model.inertia_)
    scores.append(silhouette_score(X, model.labels_))
    print(f"K={k}: inertia {model.inertia_:8.2f}, silhouette {scores[-1]:.3f}")
    save(scatter_plot(X, model.labels_, model.cluster_centers_, title=f"K={k}"),
         os.path.join(out, f"blobs_k{k}.svg"), overwrite=False)
elbow = find_knee([2, 3, 4, 5], inertias)
best = (2, 3, 4, 5)[scores.index(max(scores))]
print(f"elbow at K={elbow}, silhouette best at K={best}: " + ("they agree" if elbow == best else "they disagree"))
print("the files are in", out)
