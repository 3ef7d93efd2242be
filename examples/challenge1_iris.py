"""Practice challenge, level 1: iris without its labels - K=3, silhouette, then ARI vs species.

Run: python examples/challenge1_iris.py [OUTPUT_FOLDER]
"""
import os
import sys
import tempfile

from kmeans_scratch import KMeans, adjusted_rand_score, load_iris, silhouette_samples, silhouette_score
from kmeans_scratch.plot import save, silhouette_plot

# the folder named, or a new temporary one; a file already there is never replaced
out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="kmeans-example-")
os.makedirs(out, exist_ok=True)
taken = [name for name in ["iris_silhouette.svg"] if os.path.exists(os.path.join(out, name))]
if taken:
    sys.exit(f"{out} already holds {', '.join(taken)}; this example never replaces a file: "
             "give it another folder")
iris = load_iris()
labels = KMeans(n_clusters=3, random_state=0, n_init=10).fit_predict(iris.data)
print(f"silhouette score: {silhouette_score(iris.data, labels):.3f}")
print(f"ARI against the species: {adjusted_rand_score(iris.target, labels):.3f}")
for j in range(3):
    species = [iris.target_names[t] for t, label in zip(iris.target, labels) if label == j]
    print(f"cluster {j}: " + ", ".join(f"{name} {species.count(name)}" for name in iris.target_names))
print("setosa comes out alone; versicolor and virginica overlap, so K-Means mixes them a little.")
save(silhouette_plot(silhouette_samples(iris.data, labels), labels, title="Iris, K=3"),
     os.path.join(out, "iris_silhouette.svg"), overwrite=False)
print("the files are in", out)
