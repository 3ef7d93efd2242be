"""Practice challenge, level 3: simulated mall customers - choose K, profile, describe segments.

Run: python examples/challenge3_mall.py
"""
from kmeans_scratch import KMeans, StandardScaler, choose_k, cluster_profile, format_table
from kmeans_scratch.datasets.customers import describe_mall_segments, make_mall_customers

rows, names = make_mall_customers(200, random_state=0)
scaled = StandardScaler().fit_transform(rows)
choice = choose_k(scaled, k_max=10, random_state=0, n_init=10)
print(choice.explanation)
labels = KMeans(n_clusters=choice.k, random_state=0, n_init=10).fit_predict(scaled)
profile = cluster_profile(rows, labels, names)
print(format_table(profile))
for sentence in describe_mall_segments(profile):
    print(sentence)
