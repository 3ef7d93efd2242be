"""``tour``, ``demo`` and ``playground``: the tutorial as pages and a few lines of text.

The tour is written into a hidden folder inside ``--out`` and moved into place only once
complete (refusing an earlier tour's files unless ``--overwrite``); the playground's site is
written by ``playground``.

Public: run_tour, run_demo, run_playground.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

from ..files import check_output

__all__ = ["run_tour", "run_demo", "run_playground"]


def run_playground(args) -> int:
    """Write the live playground's site (and serve it with --serve)."""
    from ..playground import main as playground
    return playground(args.out, pyodide=args.pyodide, serve=args.serve, port=args.port,
                      overwrite=args.overwrite)


def run_demo(args) -> int:
    """Print the tutorial's first result: three blobs, KMeans with k=3."""
    from .. import KMeans, make_blobs
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    model = KMeans(n_clusters=3, n_init=10, random_state=42).fit(X)
    print(f"{model!r} on make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)")
    print(f"Inertia: {model.inertia_:.2f}")
    print(f"Iterations to converge: {model.n_iter_}")
    return 0


def run_tour(args) -> int:
    """The guided tour, written to a hidden folder inside --out, then moved into place."""
    from ..tour import run_tour as tour
    out = args.out
    _check_tour_folder(args)
    created = not os.path.exists(out)
    os.makedirs(out, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".tmp-tour-", dir=out)
    try:
        tour(staging, say=_relocated(staging, out))
        _move_all(args, staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            with contextlib.suppress(OSError):      # only if the tour left it empty
                os.rmdir(out)
    return 0


def _check_tour_folder(args) -> None:
    """Refuse an --out that is not a folder, or holds an earlier tour, unless --overwrite."""
    out = args.out
    if out == "-" or (os.path.exists(out) and not os.path.isdir(out)):
        raise NotADirectoryError(f"tour requires --out to be a folder; got --out={out!r}")
    if not args.overwrite and os.path.lexists(os.path.join(out, "index.html")):
        raise FileExistsError(f"tour requires --overwrite to replace an earlier tour; got --out={out!r}, "
                              f"which holds index.html")


def _relocated(staging: str, out: str):
    """A print that shows paths inside staging as the paths they will have in out."""
    pairs = [(os.path.abspath(staging), os.path.abspath(out)), (staging, out)]

    def say(line: str) -> None:
        for old, new in pairs:
            line = line.replace(old, new)
        print(line)
    return say


def _move_all(args, staging: str, out: str) -> None:
    """Check every file the tour wrote may go to out, then move them all there."""
    names = sorted(os.path.relpath(os.path.join(folder, name), staging)
                   for folder, _, files in os.walk(staging) for name in files)
    targets = [check_output(os.path.join(out, name), overwrite=args.overwrite, caller="tour",
                            name="file", flag="--overwrite")
               if os.path.isdir(os.path.dirname(os.path.join(out, name))) else os.path.join(out, name)
               for name in names]
    for name, target in zip(names, targets):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(os.path.join(staging, name), target)
