"""Section 6: random starting centres against k-means++ (one run each, same seed).

Run: python examples/06_initialisation.py
"""
from kmeans_scratch import KMeans, make_blobs

X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
km_random = KMeans(n_clusters=3, init="random", n_init=1, random_state=0).fit(X)
km_plus = KMeans(n_clusters=3, init="k-means++", n_init=1, random_state=0).fit(X)
print(f"Random init inertia: {km_random.inertia_:.2f}")
print(f"K-Means++ init inertia: {km_plus.inertia_:.2f}")
km_best = KMeans(n_clusters=3, init="k-means++", n_init=10, max_iter=300, random_state=42)
print(f"Best practice, {km_best!r}: inertia {km_best.fit(X).inertia_:.2f}")
