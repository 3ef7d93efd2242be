"""``cluster`` and ``elbow``: K-Means on a CSV file's numeric columns, and the inertia curve.

``cluster`` fits K clusters (or chooses K by the elbow and the silhouette, ``--k auto``),
prints each cluster's size and means and what sets it apart, and writes the labels, a
scatter plot and the model as asked; ``--mini-batch`` streams the file instead
(``mini_batch``). ``elbow`` prints the inertia for K = 1..k-max with its knee, and plots it.

Public: run_cluster, run_elbow, LONG_WORK.
"""

from __future__ import annotations

import os
import sys

from .checks import check_caps, check_outputs
from .data import load
from .mini_batch import check_mini_batch, cluster_in_chunks
from .outputs import explanation_text, profile_records, profile_text, write_labels, write_text
from .heartbeat import heartbeat, k_progress, note

__all__ = ["run_cluster", "run_elbow", "LONG_WORK"]

LONG_WORK = 50_000_000     # rows x K x restarts x features that warrants a heads-up


def _parse_k(args) -> int | None:
    """--k as a whole number, or None for 'auto'."""
    if args.k == "auto":
        return None
    try:
        return int(args.k)
    except ValueError:
        raise ValueError(f"cluster requires --k to be a whole number or 'auto'; got --k={args.k!r}") from None


def run_cluster(args) -> int:
    """Cluster a CSV file and report (or write) the labels."""
    k = _parse_k(args)
    check_caps(args, **({} if k is None else {"k": k}))
    check_mini_batch(args, k)
    check_outputs(args, {"--out": args.out, "--plot": args.plot, "--save-model": args.save_model},
                  [args.data], stdout_ok="--out")
    out = "-" if args.out is None and args.format else args.out     # --format alone: stdout
    report = sys.stderr if out == "-" else sys.stdout     # stdout holds the labels then
    if args.mini_batch:
        assert k is not None    # check_mini_batch refused 'auto'
        return cluster_in_chunks(args, k, out, report)
    table, rows, scaler = load(args, report)
    if k is None:
        k = _choose_k(args, rows, report)
    model = _fit(args, k, rows)
    profile = profile_records(table, model.labels_)
    print(f"K={k}, inertia {model.inertia_:.4f}" + (" (standardised units)" if scaler else ""),
          file=report)
    print(profile_text(profile), file=report)
    print(explanation_text(table, model.labels_), file=report)
    if out:
        write_labels(args, out, table, model.labels_, model, scaler, model.inertia_, report)
    if args.plot:
        write_text(args, args.plot, _cluster_plot(args, table, rows, model), report)
    if args.save_model:
        from ..persistence import model_file_text
        write_text(args, args.save_model, model_file_text(model.to_dict(), table.columns, scaler), report)
    return 0


def _choose_k(args, rows, report) -> int:
    """K chosen by the elbow and the silhouette, said on the report stream."""
    from ..selection import choose_k
    with heartbeat(args, "choosing K"):
        choice = choose_k(rows, k_max=min(10, len(rows) - 1), random_state=args.random_state,
                          n_init=args.n_init, progress=None if args.quiet else k_progress(args))
    print(f"K chosen automatically: {choice.explanation}", file=report)
    print(f"  {choice.verdict}", file=report)
    return choice.k


def _fit(args, k: int, rows):
    """KMeans fitted with K clusters; a heads-up first if the work is large."""
    from ..kmeans import KMeans
    work = len(rows) * k * args.n_init * len(rows[0]) if rows else 0
    if work >= LONG_WORK:
        note(args, f"fitting K={k} to {len(rows)} rows, {args.n_init} restarts: this may take minutes")
    with heartbeat(args, f"fitting K={k}"):
        return KMeans(n_clusters=k, n_init=args.n_init, random_state=args.random_state).fit(rows)


def _cluster_plot(args, table, rows, model) -> str:
    """The scatter plot of the first two columns, as SVG text."""
    from ..plot import scatter_plot
    points = [row[:2] if len(row) > 1 else (row[0], 0.0) for row in rows]
    centres = [c[:2] if len(c) > 1 else (c[0], 0.0) for c in model.cluster_centers_]
    return scatter_plot(points, model.labels_, centres,
                        title=f"{os.path.basename(args.data)}: K={model.n_clusters}",
                        x_label=table.columns[0], y_label=(table.columns + [""])[1])


def run_elbow(args) -> int:
    """Print the inertia curve and its knee; optionally plot it."""
    from ..plot import line_plot
    from ..selection import find_knee, inertia_curve
    check_caps(args, **({} if args.k_max is None else {"k_max": args.k_max}))
    check_outputs(args, {"--plot": args.plot}, [args.data])
    _, rows, _ = load(args, sys.stdout)
    k_max = min(10, len(rows) - 1) if args.k_max is None else args.k_max
    if not 3 <= k_max <= len(rows) - 1:
        raise ValueError(f"elbow requires 3 <= --k-max <= n_samples - 1; got --k-max={k_max}, "
                         f"n_samples={len(rows)}")
    with heartbeat(args, "elbow"):
        curve = inertia_curve(rows, range(1, k_max + 1), random_state=args.random_state,
                              n_init=args.n_init, progress=None if args.quiet else k_progress(args))
    knee = find_knee([k for k, _ in curve], [j for _, j in curve])
    for k, inertia in curve:
        print(f"K={k}: inertia {inertia:.4f}" + ("  <- knee" if k == knee else ""))
    if args.plot:
        write_text(args, args.plot, line_plot([k for k, _ in curve], [j for _, j in curve],
                                              title="Elbow method", x_label="K", y_label="inertia",
                                              highlight=knee, note="knee"), sys.stdout)
    return 0
