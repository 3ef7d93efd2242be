"""Practice challenge, level 1: iris without its labels - K=3, silhouette, then ARI vs species.

Run: python examples/challenge1_iris.py [OUTPUT_FOLDER]
"""
import os
import sys

from kmeans_scratch import KMeans, adjusted_rand_score, load_iris, silhouette_samples, silhouette_score
from kmeans_scratch.plot import save, silhouette_plot

out = sys.argv[1] if len(sys.argv) > 1 else "example-output"
os.makedirs(out, exist_ok=True)
iris = load_iris()
labels = KMeans(n_clusters=3, random_state=0, n_init=10).fit_predict(iris.data)
print(f"silhouette score: {silhouette_score(iris.data, labels):.3f}")
print(f"ARI against the species: {adjusted_rand_score(iris.target, labels):.3f}")
for j in range(3):
    species = [iris.target_names[t] for t, label in zip(iris.target, labels) if label == j]
    print(f"cluster {j}: " + ", ".join(f"{name} {species.count(name)}" for name in iris.target_names))
print("setosa comes out alone; versicolor and virginica overlap, so K-Means mixes them a little.")
save(silhouette_plot(silhouette_samples(iris.data, labels), labels, title="Iris, K=3"),
     os.path.join(out, "iris_silhouette.svg"))
