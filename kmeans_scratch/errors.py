"""The package's exception and warning classes.

Bad values raise ``KMeansError``. It subclasses ``ValueError``, so code written for
scikit-learn (``except ValueError``) keeps working. Non-numeric input raises the built-in
``TypeError``. Legal but suspicious results (fewer distinct clusters than asked for,
``max_iter`` reached before convergence) emit a ``ConvergenceWarning``.

Messages follow one form: "<function> requires <condition>; got <name>=<value>".
``warn`` gives a warning the line of the user's own code that led to it, however deep in
the package it was raised (``fit_predict`` -> ``fit`` -> a helper: the ``fit_predict`` line).

Public names: KMeansError, NotFittedError, ConvergenceWarning, warn.
"""

import contextlib
import os
import sys
import warnings
from types import FrameType
from typing import Optional

__all__ = ["KMeansError", "NotFittedError", "ConvergenceWarning", "warn"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_SKIPPED = (_PACKAGE + os.sep, os.path.abspath(contextlib.__file__))   # (a decorator's wrapper too)


def warn(message: str, category: type) -> None:
    """``warnings.warn(message, category)``, shown at the first caller outside the package."""
    frame: Optional[FrameType] = sys._getframe(0)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_SKIPPED):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


class KMeansError(ValueError):
    """A value that the algorithm cannot work with (empty data, NaN, k too large, ...).

    >>> issubclass(KMeansError, ValueError)
    True
    """


class NotFittedError(KMeansError, AttributeError):
    """An estimator method that needs ``fit`` was called first (as scikit-learn's).

    >>> issubclass(NotFittedError, AttributeError)
    True
    """


class ConvergenceWarning(UserWarning):
    """A legal but suspicious result: fewer distinct clusters than asked for, or no convergence.

    >>> issubclass(ConvergenceWarning, UserWarning)
    True
    """
