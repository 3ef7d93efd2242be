"""kmeans_scratch: K-Means clustering, its evaluation and its applications, in pure Python.

Where is ...?

    name                  module                 what it is
    KMeans                kmeans                 the estimator (scikit-learn's interface)
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
    KMeansError           errors                 bad values (a ValueError)
    ConvergenceWarning    errors                 legal but suspicious results

>>> from kmeans_scratch import KMeans, make_blobs
>>> X, y = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
>>> round(KMeans(n_clusters=3, n_init=10, random_state=42).fit(X).inertia_, 4)
362.7901
"""

from .datasets import load_iris, make_blobs, make_circles, make_customers, make_moons
from .errors import ConvergenceWarning, KMeansError, NotFittedError
from .kmeans import KMeans, inertia
from .lloyd import KMeansResult, LloydStep, lloyd, lloyd_steps
from .randomness import RandomState, check_random_state
from .seeding import kmeans_plusplus
from .validation import check_array
from .vectors import distance, nearest, squared_distance

__version__ = "0.1.0"

__all__ = [
    "KMeans", "inertia", "kmeans_plusplus", "lloyd", "lloyd_steps", "KMeansResult",
    "LloydStep", "distance", "squared_distance", "nearest", "check_array", "RandomState",
    "check_random_state", "make_blobs", "make_moons", "make_circles", "load_iris",
    "make_customers", "KMeansError", "NotFittedError", "ConvergenceWarning", "__version__",
]
