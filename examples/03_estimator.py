"""Section 3: the scikit-learn style estimator, inertia and the Adjusted Rand Index.

Run: python examples/03_estimator.py
"""
from kmeans_scratch import KMeans, adjusted_rand_score, make_blobs

X, true_labels = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
kmeans = KMeans(n_clusters=3, random_state=42, n_init=10)
kmeans.fit(X)
print(f"Inertia: {kmeans.inertia_:.2f}")
print(f"Iterations to converge: {kmeans.n_iter_}")
ari = adjusted_rand_score(true_labels, kmeans.labels_)
print(f"Adjusted Rand Index: {ari:.3f} (1.0 = perfect match)")
print("Predict two new points:", kmeans.predict([[0.0, 0.0], [-7.0, -7.0]]))
