"""Section 7: customer segmentation - scale the columns, pick K by silhouette, profile clusters.

Run: python examples/07_customers.py
"""
from kmeans_scratch import (KMeans, StandardScaler, cluster_profile, format_table,
                            make_customers, silhouette_search)

rows, names = make_customers(500, random_state=42)      # the tutorial's np.random.seed(42) table
print("first rows:", rows[:3])
X_cust = StandardScaler().fit_transform(rows)            # income would drown the other columns
best_k, table = silhouette_search(X_cust, range(2, 9), random_state=42, n_init=10)
print(f"Best K: {best_k}  (silhouettes {', '.join(f'{s:.3f}' for _, s in table)})")
labels = KMeans(n_clusters=best_k, random_state=42, n_init=10).fit_predict(X_cust)
print("\nCluster profiles (mean values):")
print(format_table(cluster_profile(rows, labels, names)))
print("\nThe columns are independent uniform draws, so every silhouette is low: the segments")
print("are an artefact of asking for clusters, not structure in the data.")
