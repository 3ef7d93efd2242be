"""Fisher's iris data: 150 flowers, 4 measurements (cm), 3 species, shipped as a CSV.

Public function: load_iris.
Reference: R. A. Fisher (1936), Annals of Eugenics 7(2): 179-188; the copy in scikit-learn.
"""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

__all__ = ["Dataset", "load_iris"]


class Dataset(NamedTuple):
    """A labelled data set: rows, their integer classes, and the names of both."""
    data: list
    target: list
    feature_names: list
    target_names: list


def load_iris(*, return_X_y: bool = False):
    """The iris data as a Dataset (or ``(data, target)`` with ``return_X_y``), like scikit-learn.

    >>> iris = load_iris()
    >>> len(iris.data), iris.feature_names[0], iris.target_names, iris.data[0]
    (150, 'sepal_length', ['setosa', 'versicolor', 'virginica'], (5.1, 3.5, 1.4, 0.2))
    """
    from importlib import resources   # imported here: it is slow to import, and rarely needed
    text = resources.files(__package__).joinpath("iris.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = [row for row in reader if row]
    species = list(dict.fromkeys(row[-1] for row in rows))   # in order of first appearance
    data = [tuple(float(v) for v in row[:-1]) for row in rows]
    target = [species.index(row[-1]) for row in rows]
    if return_X_y:
        return data, target
    return Dataset(data, target, header[:-1], species)
