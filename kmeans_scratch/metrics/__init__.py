"""Clustering metrics: internal (from the data alone) and external (against known labels).

    inertia                      kmeans          sum of squared distances to the centres
    silhouette_samples, _score   silhouette      own cluster vs nearest other cluster (any metric)
    METRICS, check_distance_matrix   pairwise    distances by name; a precomputed matrix's checks
    calinski_harabasz_score      internal        between / within dispersion
    davies_bouldin_score         internal        worst similarity to another cluster
    contingency_matrix           contingency     the n_ij table of two labelings (+ eps)
    pair_confusion_matrix        contingency     pair counts
    rand_score, adjusted_rand_score   rand_index Rand index and its chance-adjusted form
    fowlkes_mallows_score        fowlkes_mallows pair precision and recall, geometric mean
    mutual_info_score, normalized_mutual_info_score, adjusted_mutual_info_score,
    homogeneity_score, completeness_score, v_measure_score, entropy   mutual_info
"""

from ..kmeans import inertia
from .contingency import contingency_matrix, pair_confusion_matrix
from .fowlkes_mallows import fowlkes_mallows_score
from .internal import calinski_harabasz_score, davies_bouldin_score
from .mutual_info import (adjusted_mutual_info_score, completeness_score, entropy,
                          homogeneity_score, mutual_info_score, normalized_mutual_info_score,
                          v_measure_score)
from .rand_index import adjusted_rand_score, rand_score
from .silhouette import silhouette_samples, silhouette_score

__all__ = ["inertia", "silhouette_samples", "silhouette_score", "calinski_harabasz_score",
           "davies_bouldin_score", "contingency_matrix", "pair_confusion_matrix", "rand_score",
           "adjusted_rand_score", "mutual_info_score", "normalized_mutual_info_score",
           "adjusted_mutual_info_score", "homogeneity_score", "completeness_score",
           "v_measure_score", "entropy", "fowlkes_mallows_score"]
