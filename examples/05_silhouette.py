"""Section 5: silhouette scores for K = 2..10, and the silhouette diagram of the best K.

Run: python examples/05_silhouette.py [OUTPUT_FOLDER]
"""
import os
import sys
import tempfile

from kmeans_scratch import KMeans, make_blobs, silhouette_samples, silhouette_search
from kmeans_scratch.plot import line_plot, save, silhouette_plot

# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in ["silhouette_scores.svg", "silhouette_diagram.svg"] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")
X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
best, table = silhouette_search(X, range(2, 11), random_state=42, n_init=10)
for k, score in table:
    print(f"K={k}: Silhouette Score={score:.3f}" + ("  <- highest" if k == best else ""))
save(line_plot([k for k, _ in table], [s for _, s in table], title="Silhouette Score vs K",
               x_label="K", y_label="Silhouette Score", highlight=best, note="best"),
     os.path.join(out, "silhouette_scores.svg"), overwrite=False)
labels = KMeans(n_clusters=best, random_state=42, n_init=10).fit_predict(X)
print("wrote", save(silhouette_plot(silhouette_samples(X, labels), labels, title=f"K={best}"),
                    os.path.join(out, "silhouette_diagram.svg"), overwrite=False))
print("the files are in", out)
