"""Section 10: evaluating clusters - ARI and NMI against true labels, silhouette without them.

Run: python examples/10_evaluation.py
"""
from kmeans_scratch import (KMeans, adjusted_rand_score, make_blobs, normalized_mutual_info_score,
                            silhouette_score)

X, true_labels = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
pred_labels = KMeans(n_clusters=3, random_state=42, n_init=10).fit_predict(X)
print(f"Adjusted Rand Index: {adjusted_rand_score(true_labels, pred_labels):.3f}")
print(f"Normalized Mutual Info: {normalized_mutual_info_score(true_labels, pred_labels):.3f}")
print(f"Silhouette Score: {silhouette_score(X, pred_labels):.3f}")
