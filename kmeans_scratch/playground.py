"""A live playground: this package's own Python, running in the learner's browser.

``write_playground`` writes a static site: ``index.html`` (one file, inline style and
script), ``kmeans_scratch.zip`` (the package exactly as its wheel ships it) and, when given
a folder of Pyodide's distribution files, a local copy of the five the page needs;
otherwise the page loads Pyodide (CPython compiled to WebAssembly) from its official CDN,
pinned to ``PYODIDE_VERSION``. The page unpacks the zip and calls this module's
functions inside Pyodide: the tutorial's first fit, any code the learner edits and runs
(``run_code``: printed output and the SVG figures passed to ``show``), and a live Lloyd
stepper (``live_stepper``: the data, K, the start and the seed of the learner's choosing).

The page must be served over HTTP (a browser will not load WebAssembly from ``file://``):
``python -m http.server -d DIR``, or ``main(..., serve=True)``, which serves on 127.0.0.1.
Its URL hash opens a state without clicks: ``#run=<encodeURIComponent(code)>`` runs that
code; ``data=moons&k=4&init=random&seed=3`` sets the stepper, and the stepper's own
``frame=7`` (or ``end``) and ``play`` pick its frame. ``body[data-state]`` reads
"loading", "ready", "running" or "error"; ``data-load-ms``, ``data-fit-ms`` and
``data-run-ms`` record the page's own timings (``performance.now()``).

Public functions: write_playground, package_files, package_zip, page_html, run_code,
first_fit, live_stepper, make_server, main.
Reference: Pyodide, https://pyodide.org (CPython for WebAssembly via Emscripten).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import shutil
import sys
import time
import traceback
import warnings
import zipfile
from functools import partial
from html import escape
from typing import Callable, Optional

from .datasets import make_blobs, make_moons
from .errors import KMeansError
from .files import atomic_write, check_output

__all__ = ["write_playground", "package_files", "package_zip", "page_html", "run_code",
           "first_fit", "live_stepper", "make_server", "main"]

PYODIDE_VERSION = "0.29.5"        # tests/pyodide/package.json pins the same (a test checks)
CDN_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
PACKAGE_DATA = {"datasets": ("iris.csv",)}   # pyproject's [tool.setuptools.package-data]
ZIP_NAME = "kmeans_scratch.zip"
DATASETS = {   # name -> (title, the data): the tour's section 8 cases and its blobs
    "blobs": ("the tutorial's three blobs", lambda: make_blobs(
        n_samples=300, centers=3, cluster_std=0.8, random_state=42)[0]),
    "moons": ("two moons", lambda: make_moons(n_samples=300, noise=0.1, random_state=42)[0]),
    "uneven": ("uneven sizes", lambda: make_blobs(
        n_samples=[600, 30], centers=[[0, 0], [4.5, 0]], cluster_std=[1.5, 0.3], random_state=1)[0]),
    "outlier": ("two blobs and one outlier", lambda: make_blobs(
        n_samples=100, centers=[[0, 0], [6, 6]], cluster_std=0.7, random_state=3)[0] + [(40.0, 40.0)]),
}


def package_files(root: Optional[str] = None) -> list:
    """The package's files as its wheel lists them: every module, and PACKAGE_DATA.

    setuptools finds packages as namespaces (pyproject's ``packages.find``), so every
    ``.py`` file under the package folder ships; other files ship only when listed.

    >>> files = package_files()
    >>> "kmeans_scratch/playground.py" in files, "kmeans_scratch/datasets/iris.csv" in files
    (True, True)
    """
    package = pathlib.Path(root or os.path.dirname(os.path.abspath(__file__)))
    names = {path.relative_to(package.parent).as_posix() for path in package.rglob("*.py")
             if "__pycache__" not in path.parts}
    for folder, data in PACKAGE_DATA.items():
        names.update(f"{package.name}/{folder}/{name}" for name in data)
    return sorted(names)


def package_zip(root: Optional[str] = None) -> bytes:
    """A zip of package_files(root), the same bytes for the same files (dates fixed at 1980).

    >>> import io, zipfile
    >>> zipfile.ZipFile(io.BytesIO(package_zip())).namelist() == package_files()
    True
    """
    package = pathlib.Path(root or os.path.dirname(os.path.abspath(__file__)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in package_files(str(package)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, (package.parent / name).read_bytes())
    return buffer.getvalue()


def run_code(code: str) -> str:
    """JSON of running ``code`` as a script: its output, figures, traceback and seconds.

    The code runs in a fresh namespace holding ``show(svg)``, which collects a figure;
    what it prints (stdout and stderr, warnings included) is captured, and an error gives
    its traceback (from the code's own lines on) instead of stopping the page.

    >>> result = json.loads(run_code("print(6 * 7); show('<svg/>'); 1 / 0"))
    >>> result["output"], result["figures"], result["error"].splitlines()[-1]
    ('42\\n', ['<svg/>'], 'ZeroDivisionError: division by zero')
    """
    figures: list = []
    namespace = {"__name__": "__main__", "show": lambda svg: figures.append(str(svg))}
    output, error, start = io.StringIO(), None, time.perf_counter()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output), \
            warnings.catch_warnings():
        warnings.simplefilter("default")      # each warning once per place, as a script shows it
        warnings.showwarning = partial(_show_warning, output)    # (not a caller's recorder)
        try:
            exec(compile(code, "<playground>", "exec"), namespace)
        except BaseException as caught:      # SystemExit too: the page must keep running
            below = caught.__traceback__.tb_next if caught.__traceback__ else None   # from the code's lines
            error = "".join(traceback.format_exception(type(caught), caught, below))
    return json.dumps({"output": output.getvalue(), "figures": figures, "error": error,
                       "seconds": time.perf_counter() - start})


def _show_warning(output, message, category, filename, lineno, file=None, line=None) -> None:
    """Write a warning into the captured output, as Python would write it to stderr."""
    output.write(warnings.formatwarning(message, category, filename, lineno, line))


def first_fit() -> str:
    """JSON of the tutorial's first fit (three blobs, K=3) and of the Python running it.

    >>> json.loads(first_fit())["inertia"]
    '362.79011271962446'
    """
    import platform
    from . import KMeans, adjusted_rand_score, make_blobs
    start = time.perf_counter()
    X, truth = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    model = KMeans(n_clusters=3, n_init=10, random_state=42).fit(X)
    return json.dumps({"inertia": repr(model.inertia_), "n_iter": model.n_iter_,
                       "ari": repr(adjusted_rand_score(truth, model.labels_)),
                       "centres": [[repr(v) for v in c] for c in model.cluster_centers_],
                       "seconds": time.perf_counter() - start,
                       "python": f"{platform.python_implementation()} {platform.python_version()}",
                       "platform": sys.platform, "files": len(package_files())})


def live_stepper(data: str = "blobs", k: int = 3, init: str = "k-means++", seed: int = 0) -> str:
    """The stepper's HTML (``stepper_html``, id "live") for one dataset, K, start and seed.

    The start is ``kmeans_plusplus(X, k, random_state=seed)``'s centres, or for 'random'
    k distinct rows drawn with ``check_random_state(seed)``; Lloyd's loop then runs with
    KMeans' default stopping rule (tol=1e-4, scaled by the data's variance).

    >>> live_stepper("moons", 2, "random", 0).startswith('<section id="live"')
    True

    Raises KMeansError for an unknown data or init name, or K outside 1..10.
    """
    from .lloyd import tolerance
    from .randomness import check_random_state
    from .seeding import kmeans_plusplus, random_indices
    from .stepper import lloyd_frames, stepper_html
    if data not in DATASETS or init not in ("k-means++", "random"):
        raise KMeansError(f"live_stepper requires data in {sorted(DATASETS)} and init 'k-means++' "
                          f"or 'random'; got data={data!r}, init={init!r}")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 10:
        raise KMeansError(f"live_stepper requires 1 <= k <= 10; got k={k!r}")
    title, make = DATASETS[data]
    X = make()
    if init == "random":
        start = [X[i] for i in random_indices(len(X), k, check_random_state(seed), [1.0] * len(X))]
    else:
        start = kmeans_plusplus(X, k, random_state=seed)[0]
    frames = lloyd_frames(X, start, tol=tolerance(X, 1e-4))
    return stepper_html([(f"{title}, K={k}, init='{init}', seed {seed}", frames)], element_id="live")


def page_html(pyodide_url: str = CDN_URL) -> str:
    """The playground's index.html: Pyodide from ``pyodide_url`` (a folder URL), all else inline.

    >>> page = page_html("pyodide/")
    >>> page.count('<script src="pyodide/pyodide.js">'), "https://" in page
    (1, False)
    """
    return (_PAGE.replace("PYODIDE_URL", escape(pyodide_url))
            .replace("PYODIDE_VERSION", PYODIDE_VERSION).replace("ZIP_NAME", ZIP_NAME)
            .replace("DEFAULT_CODE", escape(DEFAULT_CODE))
            .replace("DATA_OPTIONS", "".join(f'<option value="{name}">{escape(title)}</option>'
                                             for name, (title, _) in DATASETS.items())))


def write_playground(out_dir: str, *, pyodide: Optional[str] = None,
                     overwrite: bool = False) -> list:
    """Write the playground's site into out_dir (created if missing); return the paths written.

    With ``pyodide`` (a folder holding PYODIDE_FILES, such as an npm install's
    ``node_modules/pyodide``) the files are copied into ``out_dir/pyodide`` and the page
    needs no network; without it the page loads them from CDN_URL.

    >>> import os, tempfile
    >>> sorted(os.path.basename(p) for p in write_playground(tempfile.mkdtemp()))
    ['index.html', 'kmeans_scratch.zip']

    Raises FileExistsError for an earlier playground without overwrite; FileNotFoundError
    for a pyodide folder missing one of PYODIDE_FILES.
    """
    if pyodide is not None:
        missing = [name for name in PYODIDE_FILES if not os.path.isfile(os.path.join(pyodide, name))]
        if missing:
            raise FileNotFoundError(f"playground requires a pyodide folder holding {', '.join(PYODIDE_FILES)}; "
                                    f"got pyodide={os.fspath(pyodide)!r}, missing {', '.join(missing)}")
    os.makedirs(os.path.join(out_dir, "pyodide") if pyodide is not None else out_dir, exist_ok=True)
    names = [ZIP_NAME] + [f"pyodide/{name}" for name in PYODIDE_FILES if pyodide is not None] + ["index.html"]
    targets = [check_output(os.path.join(out_dir, name), overwrite=overwrite, caller="playground",
                            name="--out", flag="--overwrite") for name in names]
    atomic_write(targets[0], package_zip(), overwrite=overwrite)
    if pyodide is not None:
        for name, target in zip(PYODIDE_FILES, targets[1:-1]):
            shutil.copyfile(os.path.join(pyodide, name), target)      # ~12 MB: copied, not read
    atomic_write(targets[-1], page_html("pyodide/" if pyodide is not None else CDN_URL),
                 overwrite=overwrite)
    return [os.path.abspath(path) for path in targets]


def make_server(out_dir: str, port: int = 0):
    """An HTTP server for out_dir on 127.0.0.1 (port 0: any free one); .wasm as application/wasm.

    >>> server = make_server(".")
    >>> server.server_address[0], server.RequestHandlerClass.func.extensions_map[".wasm"]
    ('127.0.0.1', 'application/wasm')
    >>> server.server_close()
    """
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        # a browser compiles WebAssembly while it streams in only when served as application/wasm
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                          ".mjs": "text/javascript", ".js": "text/javascript"}

        def log_message(self, format, *args):      # quiet: the page loads ~10 files
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(out_dir)))


def main(out: str, *, pyodide: Optional[str] = None, serve: bool = False, port: int = 0,
         overwrite: bool = False, say: Callable[[str], None] = print) -> int:
    """The ``playground`` command: write the site, say how to open it, serve it if asked; 0.

    >>> import tempfile
    >>> main(tempfile.mkdtemp(), say=lambda line: None)
    0
    """
    written = write_playground(out, pyodide=pyodide, overwrite=overwrite)
    size = sum(os.path.getsize(path) for path in written)
    where = "its local copy of Pyodide" if pyodide else f"Pyodide {PYODIDE_VERSION} from {CDN_URL}"
    say(f"wrote {len(written)} files ({size / 1e6:.1f} MB) into {os.path.abspath(out)}; the page loads {where}")
    if not serve:
        say(f"serve it (browsers load WebAssembly over HTTP only): python -m http.server -d {out}")
        return 0
    server = make_server(out, port)
    say(f"serving {os.path.abspath(out)} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say("stopped serving")
    finally:
        server.server_close()
    return 0


DEFAULT_CODE = '''\
# The tutorial's sections 1, 3 and 4 (examples/01_blobs.py, 03_estimator.py, 04_elbow.py).
# Edit anything and press Run; show(svg) draws a figure below the output.
from kmeans_scratch import KMeans, adjusted_rand_score, find_knee, inertia_curve, make_blobs
from kmeans_scratch.plot import line_plot, scatter_plot

# Section 1: three blobs of points, and a look at them without labels
X, true_labels = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
print(f"{len(X)} points with {len(X[0])} features; the first is {X[0]}")
show(scatter_plot(X, title="Raw data - no labels"))

# Section 3: the scikit-learn style estimator, inertia and the Adjusted Rand Index
kmeans = KMeans(n_clusters=3, random_state=42, n_init=10)
kmeans.fit(X)
print(f"Inertia: {kmeans.inertia_!r}")
print(f"Iterations to converge: {kmeans.n_iter_}")
ari = adjusted_rand_score(true_labels, kmeans.labels_)
print(f"Adjusted Rand Index: {ari:.3f} (1.0 = perfect match)")
print("Predict two new points:", kmeans.predict([[0.0, 0.0], [-7.0, -7.0]]))
show(scatter_plot(X, kmeans.labels_, kmeans.cluster_centers_, title=f"K-Means, K={kmeans.n_clusters}"))

# Section 4: the elbow method - inertia for K = 1..10, and the knee found by Kneedle
curve = inertia_curve(X, range(1, 11), random_state=42, n_init=10)
ks, inertias = [k for k, _ in curve], [j for _, j in curve]
knee = find_knee(ks, inertias)
for k, inertia in curve:
    print(f"K={k}: Inertia={inertia:.2f}" + ("  <- the elbow" if k == knee else ""))
show(line_plot(ks, inertias, title="Elbow Method for Optimal K", x_label="K",
               y_label="Inertia", highlight=knee, note="elbow"))
'''

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>K-Means playground: kmeans_scratch running in your browser</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; color: #222; max-width: 980px; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
#status { padding: .5em .8em; border-radius: 4px; background: #eef3fb; white-space: pre-wrap; }
body[data-state="ready"] #status { background: #e6f4ea; }
body[data-state="error"] #status { background: #fde8e8; font-family: ui-monospace, monospace; font-size: 13px; }
table.fit td, table.fit th { padding: .1em .8em .1em 0; text-align: left; font-variant-numeric: tabular-nums; }
textarea { width: 100%; box-sizing: border-box; font: 13px/1.4 ui-monospace, monospace; tab-size: 4; }
button, select, input { font: inherit; padding: .15em .5em; }
pre#output { background: #f6f6f6; padding: .6em; min-height: 2em; white-space: pre-wrap; font-size: 13px; }
pre#output.failed { background: #fde8e8; }
#figures img { max-width: 100%; width: 480px; border: 1px solid #ddd; margin: .3em .3em 0 0; }
.bar { display: flex; flex-wrap: wrap; gap: .6em; align-items: center; margin: .4em 0; }
.note { color: #555; font-size: .92em; }
</style></head>
<body data-state="loading">
<h1>K-Means playground</h1>
<p class="note">This page runs <strong>CPython compiled to WebAssembly</strong> (Pyodide
PYODIDE_VERSION) on your own computer, and in it the very same <code>kmeans_scratch</code> files
that <code>pip install</code> gives you, unpacked from <a href="ZIP_NAME">ZIP_NAME</a>.
No JavaScript rewrite: every number below is computed by our Python, and nothing is sent anywhere.</p>
<p id="status" role="status" aria-live="polite">Loading Python (Pyodide PYODIDE_VERSION, about 12 MB the first time) ...</p>

<h2>The tutorial's first fit, computed here</h2>
<p class="note"><code>KMeans(n_clusters=3, n_init=10, random_state=42)</code> on
<code>make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)</code>: scikit-learn's numbers.</p>
<table class="fit" id="first-fit"><tbody>
<tr><th>inertia</th><td id="fit-inertia">...</td></tr>
<tr><th>iterations</th><td id="fit-iter">...</td></tr>
<tr><th>Adjusted Rand Index</th><td id="fit-ari">...</td></tr>
<tr><th>centres</th><td id="fit-centres">...</td></tr>
<tr><th>time</th><td id="fit-time">...</td></tr></tbody></table>

<h2>Your code</h2>
<textarea id="code" rows="28" spellcheck="false" aria-label="Python code to run">DEFAULT_CODE</textarea>
<div class="bar"><button type="button" id="run" disabled>&#9654; Run</button>
<button type="button" id="reset">Reset the code</button><span id="run-time" class="note"></span></div>
<pre id="output" aria-live="polite" data-run="">Press Run: what the code prints appears here.</pre>
<div id="figures"></div>

<h2>Lloyd's loop, step by step</h2>
<div class="bar">
<label>data <select id="data">DATA_OPTIONS</select></label>
<label>K <input id="k" type="number" min="1" max="10" value="3" style="width:4em"></label>
<label>start <select id="init"><option value="k-means++">k-means++</option><option value="random">random</option></select></label>
<label>seed <input id="seed" type="number" min="0" value="0" style="width:6em"></label>
<span id="stepper-time" class="note"></span></div>
<div id="live-box"></div>
<p class="note">The URL can open any state: <code>#run=</code> + the code (URL-encoded) runs it;
<code>#data=moons&amp;k=4&amp;init=random&amp;seed=3&amp;frame=end</code> sets the stepper.</p>

<script src="PYODIDE_URLpyodide.js"></script>
<script>
"use strict";
(function () {
  var body = document.body, start = performance.now(), py = null, pg = null;
  function $(id) { return document.getElementById(id); }
  function status(state, text) { body.setAttribute("data-state", state); $("status").textContent = text; }
  function mark(name, ms) { body.setAttribute("data-" + name + "-ms", Math.round(ms)); }
  function later() { return new Promise(function (done) { setTimeout(done, 15); }); }   // let it paint
  var params = new URLSearchParams(location.hash.slice(1));

  async function run() {
    status("running", "Running your code ...");
    $("run").disabled = true;
    await later();
    var t = performance.now(), result = JSON.parse(pg.run_code($("code").value));
    mark("run", performance.now() - t);
    var out = $("output"), figures = $("figures");
    out.textContent = result.output + (result.error ? (result.output ? "\\n" : "") + result.error : "");
    out.className = result.error ? "failed" : "";
    out.setAttribute("data-run", result.error ? "error" : "ok");
    figures.textContent = "";
    result.figures.forEach(function (svg, i) {
      var img = figures.appendChild(document.createElement("img"));
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
      img.alt = "figure " + (i + 1) + " drawn by show()";
    });
    $("run-time").textContent = "ran in " + result.seconds.toFixed(2) + " s" +
      (result.error ? " and stopped with an error" : "");
    $("run").disabled = false;
    status("ready", ready);
  }

  function insert(box, html) {      // scripts set by innerHTML never run: make them anew
    box.innerHTML = html;
    box.querySelectorAll("script").forEach(function (old) {
      if (old.type && old.type !== "text/javascript") return;
      var script = document.createElement("script");
      script.textContent = old.textContent;
      old.replaceWith(script);
    });
  }
  async function stepper() {
    var t = performance.now();
    try {
      insert($("live-box"), pg.live_stepper.callKwargs({data: $("data").value, k: +$("k").value,
        init: $("init").value, seed: +$("seed").value}));
      $("stepper-time").textContent = "computed in Python in " + ((performance.now() - t) / 1000).toFixed(2) + " s";
    } catch (e) {
      $("live-box").textContent = "";
      $("stepper-time").textContent = String(e.message).trim().split("\\n").pop();
    }
  }

  var ready = "";
  async function main() {
    py = await loadPyodide({indexURL: new URL("PYODIDE_URL", location.href).href});
    var zip = await (await fetch("ZIP_NAME")).arrayBuffer();
    py.unpackArchive(zip, "zip", {extractDir: "/playground"});
    py.runPython("import sys; sys.path.insert(0, '/playground')");
    pg = py.pyimport("kmeans_scratch.playground");
    mark("load", performance.now() - start);
    var t = performance.now(), fit = JSON.parse(pg.first_fit());
    mark("fit", performance.now() - t);
    $("fit-inertia").textContent = fit.inertia;
    $("fit-iter").textContent = fit.n_iter;
    $("fit-ari").textContent = fit.ari;
    $("fit-centres").textContent = fit.centres.map(function (c) { return "(" + c.join(", ") + ")"; }).join("  ");
    $("fit-time").textContent = fit.seconds.toFixed(3) + " s in the browser";
    ready = "Ready: " + fit.python + " on " + fit.platform + " (WebAssembly), " + fit.files +
      " files of kmeans_scratch; loaded in " + ((performance.now() - start) / 1000).toFixed(1) + " s.";
    ["data", "k", "init", "seed"].forEach(function (name) {
      if (params.has(name)) $(name).value = params.get(name);
      $(name).onchange = function () { history.replaceState(null, "", location.pathname); stepper(); };
    });
    await stepper();
    $("run").disabled = false;
    $("run").onclick = run;
    $("reset").onclick = function () { $("code").value = $("code").defaultValue; };
    if (params.has("run")) { $("code").value = params.get("run"); await run(); }
    status("ready", ready);
  }
  main().catch(function (e) {
    status("error", "The playground failed to start:\\n" + (e && e.message || e));
  });
})();
</script>
</body></html>
"""
