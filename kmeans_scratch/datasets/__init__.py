"""Data sets: scikit-learn's toy generators, the iris flowers, the tutorial's customers.

Public functions: make_blobs, make_moons, make_circles, load_iris, make_customers, make_mall_customers.
"""

from .customers import make_customers, make_mall_customers
from .generators import make_blobs, make_circles, make_moons
from .iris import Dataset, load_iris

__all__ = ["make_blobs", "make_moons", "make_circles", "load_iris", "Dataset", "make_customers", "make_mall_customers"]
