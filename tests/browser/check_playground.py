"""The playground in a real browser: our Python in Pyodide in headless Chromium, checked against CPython.

    python tests/browser/check_playground.py [CHROMIUM] [--screenshots DIR]

Writes the playground (``kmeans_scratch.playground.write_playground``) with the Pyodide
pinned in ``tests/pyodide`` (run ``npm ci`` there first), serves it on 127.0.0.1 and loads
it in headless Chromium (``--dump-dom`` after a virtual time budget; no network beyond
127.0.0.1). Checks: the page reaches data-state "ready" and shows the tutorial's inertia
362.79011271962446; one Run of edited code (K=4, through the page's ``#run=`` hash) prints
exactly what CPython prints for the same code and draws as many figures; the live stepper
(``#data=moons&k=2&init=random&seed=0&frame=end``) holds frames equal, byte for byte, to
CPython's and stands at its last frame; the browser logged no uncaught error and no failed
load. Then it measures the real load, fit and run times (virtual time stops the page's
clock, so a wrapper page waits on the server until the page reports; see ``_measure``).
With ``--screenshots DIR``: PNGs of the page, an edited run and the stepper (never into the
repository). Exit status 0 when all checks pass; each failure is printed.
"""

from __future__ import annotations

import functools
import json
import math
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from check_tour_page import FLAGS, Page  # noqa: E402
from kmeans_scratch import playground  # noqa: E402

PYODIDE = ROOT / "tests" / "pyodide" / "node_modules" / "pyodide"
TUTORIAL_INERTIA = "362.79011271962446"
EDITED = playground.DEFAULT_CODE.replace("KMeans(n_clusters=3,", "KMeans(n_clusters=4,")
STEPPER = {"data": "moons", "k": "2", "init": "random", "seed": "0"}


def chromium(binary: str, url: str, *extra: str, budget: int | None = 60000) -> tuple:
    """(DOM after the page's scripts ran, the browser's console lines); budget None: real time."""
    timing = [] if budget is None else [f"--virtual-time-budget={budget}"]
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *timing, *extra, url],
                              capture_output=True, text=True, timeout=180)
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def _console_problems(console: list, when: str) -> list:
    return [f"browser console ({when}): {line}" for line in console
            if "Uncaught" in line or "ERR_" in line or "Failed to load" in line]


def _load(binary: str, url: str, when: str, problems: list) -> Page:
    """The page after loading url; problems gets a line unless it is ready."""
    start = time.perf_counter()
    dom, console = chromium(binary, url, "--dump-dom")
    page = Page()
    page.feed(dom)
    body = re.search(r"<body([^>]*)>", dom)
    state = re.search(r'data-state="(\w+)"', body[1]) if body else None
    print(f"{when}: {time.perf_counter() - start:.1f} s in Chromium, body data-state "
          f"{state[1] if state else None!r}, status {' '.join(page.texts.get('status', '').split())!r}")
    if not state or state[1] != "ready":
        problems.append(f"{when}: the page did not reach data-state 'ready' "
                        f"(status: {page.texts.get('status', '')!r})")
    problems += _console_problems(console, when)
    return page


def check(binary: str, url: str) -> list:
    problems: list = []
    page = _load(binary, url, "loaded", problems)
    if page.texts.get("fit-inertia") != TUTORIAL_INERTIA:
        problems.append(f"the tutorial's inertia: expected {TUTORIAL_INERTIA}, "
                        f"the page shows {page.texts.get('fit-inertia')!r}")
    if page.attributes.get("live", {}).get("data-state") != "ready":
        problems.append(f"the live stepper is not ready: {page.attributes.get('live')}")

    expected = json.loads(playground.run_code(EDITED))         # CPython, the same code
    page = _load(binary, url + "#run=" + urllib.parse.quote(EDITED, safe=""), "edited run (K=4)", problems)
    shown = page.texts.get("output")
    print(f"edited run: {page.attributes.get('output', {}).get('data-run')!r}, "
          f"{sum(1 for _ in re.finditer(r'Inertia: ', shown or ''))} inertia line, "
          f"{len(expected['figures'])} figures expected")
    if shown != expected["output"]:
        problems.append(f"the edited run's output differs from CPython's:\npage:\n{shown}\nCPython:\n"
                        f"{expected['output']}")
    if page.attributes.get("output", {}).get("data-run") != "ok":
        problems.append(f"the edited run did not end ok: {page.attributes.get('output')}")
    if page.counts.get("img", 0) != len(expected["figures"]):
        problems.append(f"expected {len(expected['figures'])} figures, the page has {page.counts.get('img', 0)}")

    ours = playground.live_stepper(STEPPER["data"], int(STEPPER["k"]), STEPPER["init"], int(STEPPER["seed"]))
    frames = re.search(r'id="live-data">(.*?)</script>', ours, re.S)[1]
    page = _load(binary, url + "#" + urllib.parse.urlencode(STEPPER) + "&frame=end", "stepper at its end",
                 problems)
    counter = " ".join(page.texts.get("live-counter", "").split())
    print(f"stepper: {counter!r}")
    problems += _compare_frames(json.loads(page.texts.get("live-data") or "null"), json.loads(frames))
    steps = len(json.loads(frames)["cases"][0]["frames"]["steps"])
    if not counter.startswith(f"step {steps} of {steps}") or "converged" not in counter:
        problems.append(f"the stepper is not at its converged end ({steps} steps): {counter!r}")
    return problems


def _floats_and_rest(value, floats: list, rest: list) -> None:
    """Split a JSON value into its floats and everything else (ints, strings, structure)."""
    if isinstance(value, float):
        floats.append(value)
    elif isinstance(value, dict):
        rest.append(sorted(value))
        for key in sorted(value):
            _floats_and_rest(value[key], floats, rest)
    elif isinstance(value, list):
        rest.append(len(value))
        for item in value:
            _floats_and_rest(item, floats, rest)
    else:
        rest.append(value)


def _compare_frames(page, cpython) -> list:
    """Labels, steps and stop reasons exactly; floats to 1e-12 (the smoke check's rule).

    make_moons' points go through cos, sin and log, and Emscripten's libm may round those
    one unit in the last place away from glibc's; the check prints how many floats differ.
    """
    page_floats, page_rest, our_floats, our_rest = [], [], [], []
    _floats_and_rest(page, page_floats, page_rest)
    _floats_and_rest(cpython, our_floats, our_rest)
    if page_rest != our_rest or len(page_floats) != len(our_floats):
        return ["the stepper's frames differ from CPython's: labels, steps or stop reasons"]
    differ = [(a, b) for a, b in zip(page_floats, our_floats) if a != b]
    worst = max((abs(a - b) / max(abs(b), 1e-300) for a, b in differ), default=0.0)
    print(f"stepper frames: labels and steps identical; {len(differ)} of {len(our_floats)} floats "
          f"not bit-identical to CPython's (largest relative difference {worst:.1e})")
    if not all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) for a, b in differ):
        return [f"the stepper's floats differ from CPython's by more than 1e-12 (relative {worst:.1e})"]
    return []


def _measure(binary: str, out: pathlib.Path, base: str, state: dict) -> None:
    """Real seconds to load and to fit: a wrapper page holds its load event until the page reports.

    Under a virtual time budget the page's clock only moves while it is idle, so its own
    data-*-ms would read near zero. Here Chromium runs on real time: measure.html frames
    the playground and an image the server answers only after the wrapper reported the
    playground's timings, and --dump-dom waits for that image (the load event).
    """
    (out / "measure.html").write_text(
        "<!DOCTYPE html><iframe id=f src='index.html#run=" + urllib.parse.quote(EDITED, safe="") +
        "' width=800 height=600></iframe><script>var t = setInterval(function () {"
        " var b = document.getElementById('f').contentDocument.body;"
        " if (b && b.dataset.runMs) { clearInterval(t); fetch('report?' + new URLSearchParams(b.dataset)); }"
        "}, 50);</script><img src='hold'>", encoding="utf-8")
    start = time.perf_counter()
    chromium(binary, base + "measure.html", "--dump-dom", budget=None)
    report = state.get("report")
    if report:
        print(f"measured on real time (whole Chromium run {time.perf_counter() - start:.1f} s): "
              f"Pyodide and the package loaded in {int(report['loadMs']) / 1000:.2f} s, the tutorial's "
              f"fit {int(report['fitMs']) / 1000:.3f} s, the edited run (K=4 + elbow) "
              f"{int(report['runMs']) / 1000:.2f} s")
    else:
        print("measurement: the page never reported its timings")


def _serve(out: pathlib.Path, state: dict):
    """The playground's own server, plus /hold and /report for the measurement."""
    server = playground.make_server(str(out))
    handler = server.RequestHandlerClass.func

    class Measuring(handler):
        def do_GET(self):
            if self.path.startswith("/report?"):
                state["report"] = dict(urllib.parse.parse_qsl(self.path.split("?", 1)[1]))
                state["reported"].set()
            if self.path == "/hold":
                state["reported"].wait(60)
            super().do_GET()

    server.RequestHandlerClass = functools.partial(Measuring, directory=str(out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _screenshots(binary: str, url: str, folder: pathlib.Path) -> None:
    """PNGs for a person to look at: the page, an edited run, the stepper mid-way and at its end."""
    folder.mkdir(parents=True, exist_ok=True)
    stepper = "#" + urllib.parse.urlencode(STEPPER)
    for name, target, size in (("loaded", url, "1200,1600"),
                               ("edited-run", url + "#run=" + urllib.parse.quote(EDITED, safe=""), "1200,2600"),
                               ("stepper-mid", url + stepper + "&frame=3", "1200,2000"),
                               ("stepper-end", url + stepper + "&frame=end", "1200,2000")):
        chromium(binary, target, f"--window-size={size}", f"--screenshot={folder / (name + '.png')}")
    print(f"screenshots in {folder}")


def main(argv: list) -> int:
    shots = argv[argv.index("--screenshots") + 1] if "--screenshots" in argv else None
    binaries = [a for a in argv if not a.startswith("--") and a != shots]
    binary = binaries[0] if binaries else (shutil.which("chromium") or "chromium")
    if not PYODIDE.is_dir():
        print(f"{PYODIDE} is missing: run `npm ci` in tests/pyodide first")
        return 1
    out = pathlib.Path(tempfile.mkdtemp(prefix="playground-"))
    state: dict = {"reported": threading.Event()}
    try:
        playground.write_playground(str(out), pyodide=str(PYODIDE))
        server = _serve(out, state)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"serving the playground from {out} at {url}")
        problems = check(binary, url)
        _measure(binary, out, url, state)
        if shots:
            _screenshots(binary, url, pathlib.Path(shots))
        server.shutdown()
    finally:
        shutil.rmtree(out)
    print("\n".join(problems) or "the playground passed every browser check")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
