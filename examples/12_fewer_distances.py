"""Section 12: the same answer, fewer distances - the plain loop, Hamerly's bounds, the k-d tree.

Run: python examples/12_fewer_distances.py
"""
from kmeans_scratch import KMeans, kmeans_plusplus, make_blobs

X, _ = make_blobs(n_samples=10_000, centers=8, random_state=0)
centres, _ = kmeans_plusplus(X, 8, random_state=0)          # one start for all three
fits = {algorithm: KMeans(n_clusters=8, init=centres, n_init=1, algorithm=algorithm).fit(X)
        for algorithm in ("lloyd", "hamerly", "kdtree")}
plain = fits["lloyd"]
for algorithm, model in fits.items():
    print(f"{algorithm:>8}: inertia {model.inertia_:.6f} in {model.n_iter_} iterations, "
          f"{model.n_distances_:,} distances ({1 - model.n_distances_ / plain.n_distances_:.0%} "
          f"skipped), same labels as lloyd: {model.labels_ == plain.labels_}")
