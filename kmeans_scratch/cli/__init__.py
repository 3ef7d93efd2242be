"""The command line: ``python -m kmeans_scratch COMMAND ...``.

Commands:
    tour       the whole tutorial: tables printed, plots and index.html written
    demo       the tutorial's first result in a few lines
    cluster    cluster the numeric columns of a CSV file (K given, or 'auto'); --save-model
    predict    label the rows of a CSV file with a model saved by cluster --save-model
    elbow      the inertia curve of a CSV file, with its knee
    quantize   repaint a PNG/PPM/PGM picture with K colours
    playground write a page that runs this package in the browser (Pyodide)

Exit status: 0 success; 2 any failure (bad input, a file problem, out of memory), told in
one line on stderr, no traceback; 130 interrupted by Ctrl-C, 128 + N stopped by signal N
(SIGTERM, SIGHUP). Outputs are written atomically (``files.atomic_write``), so a failed or
interrupted command leaves no half-written file and no temporary file behind.

Outputs: only regular files are written (never a folder, pipe or device), never an input,
and an existing file only with ``--overwrite``. ``cluster --out -``, or ``--format`` without
``--out``, writes the labels (CSV, or JSON with the centres) to standard output; the summary
then goes to stderr. ``cluster --save-model MODEL.json`` keeps the model, the columns used and
the scaler (``--scale``) in one JSON file (``persistence``); ``predict MODEL.json DATA.csv``
reads the same columns by name, scales them the same way and writes the labels as ``cluster``
does (to standard output without ``--out``).

``cluster --mini-batch`` streams the CSV file in chunks of ``--batch-size`` rows and never
holds all rows: memory is bounded by the chunk, not the file (``mini_batch``). ``cluster``
and ``elbow`` say what they read (the delimiter, the columns used and left out, the number
formats) and warn of a column that looks like a row ID or of spreads 100x apart without
``--scale`` (``data``); ``cluster`` prints each cluster's size and feature means in the
file's units (also with ``--scale``).

Limits, checked before any work: K <= n_samples; ``cluster --k`` <= 100, ``elbow --k-max``
<= 50 and <= n_samples - 1, ``--n-init`` <= 100, the caps lifted by ``--force``. Progress for
slow work goes to stderr (one line per K, and a line every 10 s of a long fit); ``--quiet``
silences it.

Where is ...?

    name                         module      what it is
    main, build_parser           entry       the parser, one handler per command, failures in one line
    run_cluster, run_elbow       cluster     cluster and elbow
    cluster_in_chunks            mini_batch  cluster --mini-batch: the file streamed in chunks
    run_predict                  predict     predict with a saved model
    run_quantize                 pictures    quantize
    run_tour, run_demo, ...      pages       tour, demo and playground
    load, describe, csv_chunks   data        a command's CSV file: read, described, warned about
    write_text, write_labels     outputs     what a command writes: files, streams, labels, summaries
    check_caps, check_outputs    checks      the caps on K and restarts, and the outputs, before any work
    note, heartbeat              heartbeat   progress lines and the heartbeat on stderr

Public function: main.
"""

from .entry import main

__all__ = ["main"]
