"""kmeans_scratch: K-Means clustering, its evaluation and its applications, in pure Python.

Start here. The algorithm reads top to bottom in four modules, in this order:

    vectors.py   distances, means and the nearest centre; the glossary of names
    lloyd.py     Lloyd's loop: assign every point, move every centre, until nothing changes
    seeding.py   where the loop starts: random rows, or greedy k-means++
    kmeans.py    the estimator: checks, restarts, the best run, predict and score

The ``fast`` package gives the very same results with far fewer distances; skip it on a
first read. Everything else builds on these: metrics/, selection, datasets/, image/, plot/.

Where is ...?

    name                  module                 what it is
    KMeans                kmeans                 the estimator (scikit-learn's interface)
    k_means               kmeans                 scikit-learn's function form: (centers, labels, inertia[, n_iter])
    BisectingKMeans       bisecting              divisive K-Means: split the biggest cluster in two until k; tree_text()
    MiniBatchKMeans       minibatch_kmeans       mini-batch K-Means: random batches or partial_fit chunks (scikit-learn's draws)
    minibatch_steps       minibatch              a generator of its steps on random batches
    inertia               kmeans                 sum of squared distances to the centres
    kmeans_plusplus       seeding                greedy k-means++ starting centres
    lloyd, lloyd_steps    lloyd                  Lloyd's loop; a generator of its steps
    KMeansResult          lloyd                  (centroids, labels, inertia, n_iter, converged)
    distance, nearest     vectors                Euclidean distance; nearest centre
    check_array           validation             any iterable of rows -> list of float tuples
    RandomState           randomness             NumPy's legacy random stream in pure Python
    check_random_state    randomness             None | int | generator -> RandomState
    make_blobs            datasets.generators    Gaussian blobs (scikit-learn's, bit for bit)
    make_moons            datasets.generators    two interleaving half circles
    make_circles          datasets.generators    a circle inside a circle
    load_iris             datasets.iris          Fisher's iris flowers
    make_customers        datasets.customers     the tutorial's simulated customers
    make_mall_customers   datasets.customers     income and spending score (practice challenge 3)
    StandardScaler        preprocessing          mean 0, standard deviation 1 per feature
    scale                 preprocessing          StandardScaler's fit_transform as a function
    silhouette_score      metrics.silhouette     mean silhouette; silhouette_samples per point
    adjusted_rand_score   metrics.rand_index     pair agreement adjusted for chance; rand_score
    fowlkes_mallows_score  metrics.fowlkes_mallows  pair precision and recall, geometric mean
    normalized_mutual_info_score  metrics.mutual_info  MI / mean entropy (also AMI, V-measure)
    contingency_matrix    metrics.contingency    the n_ij table of two labelings
    calinski_harabasz_score  metrics.internal    between / within dispersion; davies_bouldin_score
    inertia_curve         selection              (K, inertia) for the elbow method
    find_knee             selection              Kneedle: the elbow of a falling curve
    silhouette_search     selection              the K with the best silhouette, and the table
    choose_k              selection              elbow, silhouette and gap statistic together, with a verdict
    gap_statistic         selection              Tibshirani's gap against uniform references; the 1-SE rule
    explain_clusters, format_explanation  explain  each cluster's features by z-score from the overall mean
    threshold_tree        explain                IMM: if/else rules on single features, one leaf per cluster
    cluster_stability     stability              Hennig's bootstrap Jaccard: does each cluster survive resampling?
    cluster_profile       profiles               size and mean of each feature per cluster
    lloyd_frames          stepper                Lloyd's steps as data for the stepper (import from the module)
    stepper_html          stepper                the stepper itself: buttons and SVG drawing those frames (idem)
    hamerly               fast.bounds            Lloyd with Hamerly's bounds: same result, fewer distances
    kdtree_lloyd          fast.filtering         Lloyd on a k-d tree, whole boxes at once: same result again
    KMeansError           errors                 bad values (a ValueError)
    ConvergenceWarning    errors                 legal but suspicious results

>>> from kmeans_scratch import KMeans, make_blobs
>>> X, y = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
>>> round(KMeans(n_clusters=3, n_init=10, random_state=42).fit(X).inertia_, 4)
362.7901
"""

from .datasets import (Dataset, load_iris, make_blobs, make_circles, make_customers,
                       make_mall_customers, make_moons)
from .errors import ConvergenceWarning, KMeansError, NotFittedError
from .fast import hamerly, hamerly_steps, kdtree_lloyd, kdtree_steps
from .bisecting import BisectingKMeans, BisectingNode
from .minibatch import MiniBatchStep, minibatch_step, minibatch_steps
from .minibatch_kmeans import MiniBatchKMeans
from .kmeans import KMeans, inertia, k_means
from .metrics import (adjusted_mutual_info_score, adjusted_rand_score, calinski_harabasz_score,
                      completeness_score, contingency_matrix, davies_bouldin_score, entropy,
                      fowlkes_mallows_score,
                      homogeneity_score, mutual_info_score, normalized_mutual_info_score,
                      pair_confusion_matrix, rand_score, silhouette_samples, silhouette_score,
                      v_measure_score)
from .preprocessing import StandardScaler, scale
from .profiles import cluster_profile, format_table
from .selection import (GapStatistic, KChoice, choose_k, find_knee, gap_statistic, inertia_curve,
                        silhouette_search, within_cluster_sum_of_squares)
from .explain import (FeatureEffect, ThresholdTree, explain_clusters, format_explanation,
                      threshold_tree)
from .stability import ClusterStability, cluster_stability
from .lloyd import KMeansResult, LloydStep, lloyd, lloyd_steps
from .randomness import RandomState, check_random_state
from .seeding import kmeans_plusplus
from .validation import check_array
from .vectors import distance, nearest, squared_distance

__version__ = "0.1.0"

__all__ = [
    "KMeans", "inertia", "k_means", "BisectingKMeans", "BisectingNode", "scale",
    "fowlkes_mallows_score", "gap_statistic", "GapStatistic", "within_cluster_sum_of_squares",
    "explain_clusters", "format_explanation", "threshold_tree", "ThresholdTree", "FeatureEffect",
    "cluster_stability", "ClusterStability", "MiniBatchKMeans", "MiniBatchStep", "minibatch_step",
    "minibatch_steps", "kmeans_plusplus", "lloyd", "lloyd_steps", "hamerly", "hamerly_steps",
    "kdtree_lloyd", "kdtree_steps", "KMeansResult",
    "LloydStep", "distance", "squared_distance", "nearest", "check_array", "RandomState",
    "check_random_state", "make_blobs", "make_moons", "make_circles", "load_iris",
    "make_customers", "make_mall_customers", "Dataset", "entropy", "StandardScaler", "silhouette_samples", "silhouette_score",
    "adjusted_rand_score", "rand_score", "normalized_mutual_info_score",
    "adjusted_mutual_info_score", "mutual_info_score", "homogeneity_score",
    "completeness_score", "v_measure_score", "contingency_matrix", "pair_confusion_matrix",
    "calinski_harabasz_score", "davies_bouldin_score", "inertia_curve", "find_knee",
    "silhouette_search", "choose_k", "KChoice", "cluster_profile", "format_table",
    "KMeansError", "NotFittedError", "ConvergenceWarning", "__version__",
]
