"""``cluster --mini-batch``: the CSV file read in chunks, never all at once.

Memory is bounded by the chunk (``--batch-size`` rows, default 1024, at least K), not the
file. One pass calls ``MiniBatchKMeans.partial_fit`` on each chunk (``compute_labels=False``,
the given ``--random-state``); a second labels each chunk with ``predict``, writes it to
``--out`` as it goes (``outputs.streamed``) and sums the whole file's inertia and each
cluster's size and means (file units) exactly. With ``--scale`` a first pass fits the scaler
with ``StandardScaler.partial_fit``: three passes. What needs every row at once -- ``--k
auto``, ``--plot``, ``--save-model``, ``--format json`` -- is refused before any work.

Public: check_mini_batch, cluster_in_chunks, BATCH_SIZE.
"""

from __future__ import annotations

import math

from ..partials import add_exact    # exact sums over the chunks of a streamed fit
from .data import csv_chunks, describe, same_rows
from .outputs import profile_text, streamed
from .heartbeat import heartbeat, note

__all__ = ["check_mini_batch", "cluster_in_chunks", "BATCH_SIZE"]

BATCH_SIZE = 1024     # cluster --mini-batch: rows per chunk, scikit-learn's batch_size default


def check_mini_batch(args, k: int | None) -> None:
    """Refuse, before any work, what --mini-batch cannot do without holding every row."""
    if not args.mini_batch:
        if args.batch_size is not None:
            raise ValueError(f"cluster requires --mini-batch for --batch-size; got "
                             f"--batch-size={args.batch_size} without it")
        return
    refused = [("--k", "auto" if k is None else None, "choosing K compares fits on every row"),
               ("--plot", args.plot, "a plot needs every point in memory"),
               ("--save-model", args.save_model, "predict reads a KMeans model"),
               ("--format", "json" if args.format == "json" else None,
                "the JSON holds every label in one list; use csv")]
    for option, value, why in refused:
        if value is not None:
            raise ValueError(f"cluster requires no {option} {value} with --mini-batch ({why}; "
                             f"run without --mini-batch for it); got {option}={value!r}")
    if k is not None and args.batch_size is not None and args.batch_size < k:
        raise ValueError(f"cluster requires --batch-size >= K with --mini-batch (the first chunk "
                         f"seeds the K centres); got --batch-size={args.batch_size}, K={k}")


def cluster_in_chunks(args, k: int, out: str | None, report) -> int:
    """Fit MiniBatchKMeans chunk by chunk, then label the chunks in a second pass."""
    size = max(BATCH_SIZE, k) if args.batch_size is None else args.batch_size
    passes = 3 if args.scale else 2
    scaler, first = _scale_in_chunks(args, size) if args.scale else (None, None)
    model, read = _fit_in_chunks(args, k, size, scaler, passes)
    first = first or read
    describe(args, first, report, first.n_rows)
    profile, inertia = _label_in_chunks(args, model, scaler, size, out, first.n_rows)
    print(f"K={k}, inertia {inertia:.4f}" + (" (standardised units)" if scaler else ""),
          file=report)
    print(f"  mini-batch: {model.n_steps_} chunks of up to {size} rows, {passes} passes over "
          f"the file, --random-state {args.random_state}", file=report)
    print(profile_text(profile), file=report)
    if out and out != "-":
        print(f"wrote {out}", file=report)
    return 0


def _scale_in_chunks(args, size: int) -> tuple:
    """(StandardScaler fitted chunk by chunk, the spent chunk stream): the first pass."""
    from ..preprocessing import StandardScaler
    scaler = StandardScaler()
    note(args, "pass 1 of 3: the columns' means and spreads (--scale)")
    with csv_chunks(args, size) as chunks, heartbeat(args, "--scale pass"):
        for chunk in chunks:
            scaler.partial_fit(chunk)
    return scaler, chunks


def _fit_in_chunks(args, k: int, size: int, scaler, passes: int) -> tuple:
    """(MiniBatchKMeans after partial_fit on each chunk, the spent chunk stream)."""
    from ..minibatch_kmeans import MiniBatchKMeans
    model = MiniBatchKMeans(n_clusters=k, batch_size=size, compute_labels=False,
                            random_state=args.random_state)
    note(args, f"pass {passes - 1} of {passes}: fitting K={k}, one step per chunk of {size} rows")
    with csv_chunks(args, size) as chunks, heartbeat(args, f"fitting K={k}"):
        for chunk in chunks:
            if chunks.n_rows < k:       # the first chunk is the whole file, and too short
                raise ValueError(f"cluster requires K <= n_samples; got K={k}, "
                                 f"n_samples={chunks.n_rows}")
            model.partial_fit(scaler.transform(chunk) if scaler else chunk)
    return model, chunks


def _label_in_chunks(args, model, scaler, size: int, out: str | None, n_rows: int) -> tuple:
    """(each cluster's size and means in the file's units, inertia): the last pass, which
    writes each chunk's rows and labels to out as it goes."""
    from ..vectors import weighted_inertia
    k, width = model.n_clusters, model.n_features_in_
    sizes = [0] * k
    sums: list = [[[] for _ in range(width)] for _ in range(k)]      # exact partials per column
    inertia: list = []
    with csv_chunks(args, size) as chunks, streamed(args, out) as write, \
            heartbeat(args, "labelling"):
        note(args, f"pass {2 + bool(scaler)} of {2 + bool(scaler)}: labelling the rows")
        write(",".join(chunks.columns + ["cluster"]) + "\n")
        for chunk in chunks:
            rows = scaler.transform(chunk) if scaler else chunk
            labels = model.predict(rows)
            # = -model.score(rows): the same sum of the same terms, without a second assign
            add_exact(inertia, weighted_inertia(rows, labels, model.cluster_centers_,
                                                 [1.0] * len(rows)))
            _add_to_totals(sizes, sums, chunk, labels)
            write("".join(",".join(map(repr, row)) + f",{label}\n"
                          for row, label in zip(chunk, labels)))
        same_rows(args, chunks, n_rows)
    profile = [{"cluster": j, "size": sizes[j],
                **{name: math.fsum(sums[j][f]) / sizes[j] for f, name in enumerate(chunks.columns)}}
               for j in range(k) if sizes[j]]
    return profile, math.fsum(inertia)


def _add_to_totals(sizes: list, sums: list, chunk: list, labels: list) -> None:
    """Add the chunk's rows to their clusters' sizes and exact column sums (in place)."""
    from ..vectors import columns
    members: list = [[] for _ in sizes]
    for row, label in zip(chunk, labels):
        members[label].append(row)
    for j, rows in enumerate(members):
        sizes[j] += len(rows)
        for f, column in enumerate(columns(rows) if rows else ()):     # (a cluster the chunk missed)
            add_exact(sums[j][f], math.fsum(column))
