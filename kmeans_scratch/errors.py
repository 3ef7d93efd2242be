"""The package's exception and warning classes.

Bad values raise ``KMeansError``. It subclasses ``ValueError``, so code written for
scikit-learn (``except ValueError``) keeps working. Non-numeric input raises the built-in
``TypeError``. Legal but suspicious results (fewer distinct clusters than asked for,
``max_iter`` reached before convergence) emit a ``ConvergenceWarning``.

Messages follow one form: "<function> requires <condition>; got <name>=<value>".

Public names: KMeansError, NotFittedError, ConvergenceWarning.
"""

__all__ = ["KMeansError", "NotFittedError", "ConvergenceWarning"]


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
