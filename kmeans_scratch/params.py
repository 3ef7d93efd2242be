"""scikit-learn's estimator conventions, written once: get_params, set_params and the repr.

An estimator lists its constructor's parameters with their defaults in ``_defaults`` (the
same values as its ``__init__``). Then, as scikit-learn's ``BaseEstimator``,

    get_params()        {name: the value it was given}
    set_params(**kw)    sets known parameters (a KMeansError for an unknown one), returns self
    repr(estimator)     KMeans(n_clusters=3, random_state=0): only what differs from the default

Public: Params.
Reference: scikit-learn's ``sklearn.base.BaseEstimator``.
"""

from __future__ import annotations

from typing import Any

from .errors import KMeansError

__all__ = ["Params"]


class Params:
    """get_params, set_params and a repr from the subclass's ``_defaults``.

    >>> class Example(Params):
    ...     _defaults = {"k": 8, "seed": None}
    ...     def __init__(self, k=8, *, seed=None):
    ...         self.k, self.seed = k, seed
    >>> Example(3), Example(3).set_params(seed=0).get_params()
    (Example(k=3), {'k': 3, 'seed': 0})
    """

    _defaults: dict = {}

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's parameters as a dict (scikit-learn's ``get_params``)."""
        return {name: getattr(self, name) for name in self._defaults}

    def set_params(self, **params: Any):
        """Set constructor parameters by name and return self (scikit-learn's ``set_params``)."""
        for name, value in params.items():
            if name not in self._defaults:
                raise KMeansError(f"{type(self).__name__}.set_params requires a known parameter; "
                                  f"got {name!r}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        changed = [f"{name}={value!r}" for name, value in self.get_params().items()
                   if _differs(value, self._defaults[name])]
        return f"{type(self).__name__}({', '.join(changed)})"


def _differs(value: Any, default: Any) -> bool:
    """True if a parameter value is not its default (careful with arrays of centres)."""
    try:
        return bool(value != default)
    except (TypeError, ValueError):
        return True
