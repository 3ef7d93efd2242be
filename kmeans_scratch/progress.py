"""Watching a fit: scikit-learn's verbose lines, and a callback for every Lloyd step.

``KMeans(verbose=1)`` prints scikit-learn's lines to standard output, for every run:

    Initialization complete
    Iteration 0, inertia 42.0.
    Iteration 1, inertia 16.0.
    Converged at iteration 1: strict convergence.

As in scikit-learn, iterations are numbered from 0 (so ``n_iter_`` is the last number + 1),
the inertia of iteration i is that of the step's labels against the centres they were
computed from (``LloydStep.inertia``), and a stop on ``tol`` reads "Converged at iteration i:
center shift s within tolerance t." (a stop on ``max_iter`` adds no line). The fast
algorithms' steps carry no inertia -- it needs every distance -- so verbose computes it for
them, the same number the plain loop reports (``vectors.weighted_inertia``: ``dist``
squared, summed with ``math.fsum``).

``KMeans(callback=f)`` calls ``f(step)`` once per Lloyd step of every run, with the step as
a ``lloyd.LloydStep`` (iteration, labels, centroids, new_centroids, inertia, shift, stop),
whichever algorithm runs; the centres are in X's own units, as ``cluster_centers_`` (fit
works on X minus its column means). If f returns False (not merely a false value: ``None``
goes on), that run ends after the step just as if ``max_iter`` were that step: its centres
are the step's ``new_centroids``, its labels are assigned to them, its ``n_iter`` is
``step.iteration``, and if it is the run KMeans keeps, a ConvergenceWarning says it was
stopped. Without verbose and callback, ``fit`` runs exactly as it would without this module.

Public functions: watcher, stop_message.
"""

from __future__ import annotations

import numbers
from operator import add
from typing import Any, Callable, Optional, Sequence

from .errors import KMeansError
from .lloyd import LloydStep
from .validation import describe
from .vectors import Vector, weighted_inertia

__all__ = ["watcher", "stop_message"]


def watcher(callback: Any, verbose: Any, X: Sequence[Vector], weights: Sequence[float],
            tol: float, means: Sequence[float]) -> Optional[Callable[[LloydStep], Any]]:
    """The one function a run calls with each step, or None when nothing watches the fit.

    ``X`` and the steps are centred (X minus ``means``); ``tol`` is the scaled tolerance.

    >>> watch = watcher(None, 1, [(0.0,), (2.0,)], [1.0, 1.0], 0.0, (1.0,))
    >>> watch(LloydStep(1, [0, 0], [(0.0,)], [(1.0,)], 2.0, 1.0, None))
    Initialization complete
    Iteration 0, inertia 2.0.
    >>> watcher(None, 0, [(0.0,)], [1.0], 0.0, (0.0,)) is None
    True

    Raises TypeError unless callback is None or callable; KMeansError unless verbose is an
    integer >= 0 (or a bool).
    """
    if callback is not None and not callable(callback):
        raise TypeError(f"KMeans.fit requires callback to be None or callable; got "
                        f"callback={describe(callback)}")
    if not isinstance(verbose, numbers.Integral) or verbose < 0:
        raise KMeansError(f"KMeans.fit requires verbose to be 0, 1 (or a larger integer) or a "
                          f"bool; got verbose={describe(verbose)}")
    if callback is None and not verbose:
        return None

    def watch(step: LloydStep) -> Any:
        if verbose:
            _print_step(step, X, weights, tol)
        if callback is None:
            return None
        return callback(step._replace(centroids=_shifted(step.centroids, means),
                                      new_centroids=_shifted(step.new_centroids, means)))
    return watch


def _print_step(step: LloydStep, X: Sequence[Vector], weights: Sequence[float], tol: float) -> None:
    """Print scikit-learn's verbose lines for one step."""
    if step.iteration == 1:
        print("Initialization complete")
    inertia = step.inertia
    if inertia is None:     # a fast algorithm's step: computed here, as the plain loop does
        inertia = weighted_inertia(X, step.labels, step.centroids, weights)
    i = step.iteration - 1          # scikit-learn counts from 0
    print(f"Iteration {i}, inertia {inertia}.")
    if step.stop == "labels unchanged":
        print(f"Converged at iteration {i}: strict convergence.")
    elif step.stop == "tol":
        print(f"Converged at iteration {i}: center shift {step.shift} within tolerance {tol}.")


def _shifted(centroids: list, means: Sequence[float]) -> list:
    """The centroids with X's column means added back (X's own units)."""
    return [tuple(map(add, c, means)) for c in centroids]


def stop_message(n_iter: int, max_iter: int) -> str:
    """The ConvergenceWarning's text for a kept run that did not converge.

    >>> stop_message(2, 300)
    'KMeans was stopped by its callback at iteration 2, before converging'
    """
    if n_iter >= max_iter:
        return (f"KMeans did not converge in max_iter={max_iter} iterations; consider raising "
                f"max_iter or tol")
    return f"KMeans was stopped by its callback at iteration {n_iter}, before converging"
