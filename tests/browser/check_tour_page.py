"""The tour's page in a real browser: headless Chromium runs its JavaScript, we read the DOM.

    python tests/browser/check_tour_page.py [CHROMIUM] [--screenshots DIR]

Runs the README's main job (``python -m kmeans_scratch tour``) into a temporary folder,
loads ``index.html`` from a ``file://`` URL in headless Chromium with JavaScript running
(``--dump-dom`` after a virtual time budget: no network, no display), and checks what a
learner would see: every section with its heading, tables and code, figures that load, the
Lloyd stepper ready and, once it has stepped, its counter and stop reason; and that the
browser logged no uncaught JavaScript error and no resource that failed to load. With
``--screenshots DIR`` it also saves PNGs of the page top and the stepper (never into the
repository). Exit status 0 when all checks pass; each failure is printed.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser

ROOT = pathlib.Path(__file__).resolve().parents[2]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


class Page(HTMLParser):
    """The parts of the DOM the checks read: tags counted, ids, attributes, texts by id."""

    def __init__(self):
        super().__init__()
        self.counts: dict = {}
        self.attributes: dict = {}          # id -> attributes
        self.texts: dict = {}               # id -> text inside it
        self.h2: list = []
        self.images: list = []
        self._open: list = []               # ids whose text is being collected
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if "id" in attrs:
            self.attributes[attrs["id"]] = attrs
            self.texts.setdefault(attrs["id"], "")
            self._open.append((tag, attrs["id"]))
        if tag == "img":
            self.images.append(attrs)
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        for _, name in self._open:
            self.texts[name] += data
        if self._in_h2:
            self.h2[-1] += data


def chromium(binary: str, url: str, *extra: str) -> tuple:
    """(DOM after the page's scripts ran, the browser's console lines)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=120)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


def check(binary: str, shots: str | None) -> list:
    problems = []
    out = pathlib.Path(tempfile.mkdtemp(prefix="tour-page-"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kmeans_scratch", "tour", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    print(f"tour ran in {time.perf_counter() - start:.1f} s into {out}")
    url = (out / "index.html").as_uri()
    dom, console = chromium(binary, url, "--virtual-time-budget=4000", "--dump-dom")
    page = Page()
    page.feed(dom)
    sections = [h for h in page.h2 if re.match(r"\d+(\.\d+)?\. ", h.strip())]
    print(f"{len(sections)} numbered sections, {page.counts.get('table', 0)} tables, "
          f"{page.counts.get('pre', 0)} code blocks, {len(page.images)} figures")
    if len(sections) < 14:
        problems.append(f"expected 14 numbered sections, found {len(sections)}: {sections}")
    if page.counts.get("table", 0) < 14 or page.counts.get("pre", 0) < 14:
        problems.append("expected at least 14 tables and 14 code blocks")
    for image in page.images:
        if not image.get("alt") or not (out / image["src"]).is_file():
            problems.append(f"figure without alt text or file: {image}")
    stepper = page.attributes.get("stepper", {})
    if stepper.get("data-state") != "ready":
        problems.append(f"the stepper is not ready: data-state={stepper.get('data-state')!r}")
    problems += [f"browser console: {line}" for line in console
                 if "Uncaught" in line or "ERR_" in line or "Failed to load" in line]
    # play the stepper to its end (the page reads #stepper=play), then read its counter
    dom, console = chromium(binary, url + "#stepper=play", "--virtual-time-budget=60000", "--dump-dom")
    page = Page()
    page.feed(dom)
    counter = " ".join(page.texts.get("stepper-counter", "").split())
    print(f"stepper after playing: {counter!r}")
    match = re.search(r"step (\d+) of (\d+)", counter)
    if not match or match[1] != match[2]:
        problems.append(f"the stepper did not step to its end: counter {counter!r}")
    if "labels unchanged" not in counter and "no point changed" not in counter.lower():
        problems.append(f"the end of the stepper does not say why it stopped: {counter!r}")
    problems += [f"browser console (playing): {line}" for line in console if "Uncaught" in line]
    if shots:
        _screenshots(binary, url, pathlib.Path(shots))
    shutil.rmtree(out)
    return problems


def _screenshots(binary: str, url: str, folder: pathlib.Path) -> None:
    """PNGs for a person to look at: the page top, the stepper at its start and at its end.

    The stepper is shot from a copy of the page cut down to its head and the stepper (a
    headless screenshot shows the top of a page, whatever its fragment).
    """
    folder.mkdir(parents=True, exist_ok=True)
    page = pathlib.Path(url[len("file://"):])
    text = page.read_text(encoding="utf-8")
    start = text.index('<section id="stepper"')
    end = text.index("</section>", start) + len("</section>")
    alone = page.with_name("stepper-alone.html")
    alone.write_text(text[:text.index("<body>") + 6] + text[start:end] + "</body></html>",
                     encoding="utf-8")
    for name, target in (("top", url), ("stepper-start", alone.as_uri()),
                         ("stepper-step1-assignment", alone.as_uri() + "#frame=1"),
                         ("stepper-end", alone.as_uri() + "#stepper=play"),
                         ("stepper-unlucky-end", alone.as_uri() + "#case=1&frame=end")):
        chromium(binary, target, "--virtual-time-budget=60000", "--window-size=1100,1000",
                 f"--screenshot={folder / (name + '.png')}")
    print(f"screenshots in {folder}")


def main(argv: list) -> int:
    shots = argv[argv.index("--screenshots") + 1] if "--screenshots" in argv else None
    binaries = [a for a in argv if not a.startswith("--") and a != shots]
    binary = binaries[0] if binaries else (shutil.which("chromium") or "chromium")
    problems = check(binary, shots)
    print("\n".join(problems) or "the tour's page passed every browser check")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
