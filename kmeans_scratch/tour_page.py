"""The tour's page: one self-contained index.html that reads as the tutorial does.

Each section of the tour becomes a part of the page: its heading, a few plain words, the
numbers the tour printed (as HTML tables), the example script that computes them (shown in
full and linked: the scripts are copied beside the page), then its figures with ``alt``
text. A note at the top compares the tutorial's printed numbers with this run's, and the
Lloyd stepper (``stepper``) follows the section on Lloyd's loop. Styles are inline and
nothing comes from another host, so the page works offline and from a ``file://`` URL.

Public names: Section, TourLog, write_page, render_page.
"""

from __future__ import annotations

import html
import os
import pathlib
import shutil
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .files import atomic_write
from .plot import save
from .seeding import random_indices
from .randomness import check_random_state
from .stepper import lloyd_frames, stepper_html

__all__ = ["Section", "TourLog", "write_page", "render_page"]

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"   # in a clone

STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:960px;margin:0 auto;
padding:0 1em 4em;color:#222}
h1{margin-top:1em}h2{margin-top:2.5em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:1em 0}th,td{padding:.25em .8em;border-bottom:1px solid #e4e4e4}
th{text-align:left;background:#f5f5f5}td{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3em 0}
pre{background:#f7f7f7;border:1px solid #e4e4e4;padding:.8em;overflow-x:auto;font-size:13px;line-height:1.4}
figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}figcaption{color:#555;font-size:14px}
.note{background:#fff8e5;border-left:4px solid #E69F00;padding:.6em 1em;margin:1.5em 0}
.output{color:#333}nav ul{columns:2;list-style:none;padding-left:0}details summary{cursor:pointer;color:#0072B2}
"""


@dataclass
class Section:
    """What the page shows of one tour section."""
    number: str                    # "1", "11.2", ...
    title: str
    text: str                      # a few plain words on the idea
    examples: list                 # names of the scripts in examples/ that compute it
    lines: list = field(default_factory=list)     # sentences the tour printed
    tables: list = field(default_factory=list)    # (caption, headers, rows of strings)
    figures: list = field(default_factory=list)   # (file name, alt text, caption)

    @property
    def anchor(self) -> str:
        return "s" + self.number.replace(".", "-")


class TourLog:
    """What the tour prints and draws, kept section by section for the page."""

    def __init__(self, out_dir: str, say: Callable[[str], None]):
        self.out_dir, self.print = out_dir, say
        self.sections: list[Section] = []
        self.differences: list = []    # (what, the tutorial's printed value, this run's)

    def section(self, number: str, title: str, text: str, *examples: str) -> None:
        """Start a section: its heading is printed, its words and examples go to the page."""
        self.print(f"\n== {number}. {title} ==")
        self.sections.append(Section(number, title, text, list(examples)))

    def compare(self, what: str, printed: str, ours: str) -> None:
        """Note a number the tutorial prints (illustrative) beside this run's real one."""
        self.differences.append((what, printed, ours))

    def say(self, line: str) -> None:
        """Print a sentence; the page shows it under the section's tables."""
        self.print(line)
        self.sections[-1].lines.append(line)

    def table(self, headers: list, rows: list, caption: str = "") -> None:
        """Print rows under headers, aligned, and keep them for the page."""
        rows = [[str(cell) for cell in row] for row in rows]
        widths = [max(len(str(h)), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
        if caption:
            self.print(caption)
        for row in [[str(h) for h in headers]] + rows:    # names left, numbers right
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
            self.print("  ".join(cells).rstrip())
        self.sections[-1].tables.append((caption, [str(h) for h in headers], rows))

    def figure(self, name: str, svg: str, alt: str, caption: str) -> None:
        """Write an SVG into the output folder; the page shows it with its alt text and caption."""
        save(svg, os.path.join(self.out_dir, name))
        self.sections[-1].figures.append((name, alt, caption))


def write_page(out_dir: str, sections: Sequence[Section], X: Sequence, manual_start: Sequence,
               differences: Sequence[tuple]) -> str:
    """Write index.html (and copies of the example scripts) into out_dir; return its path.

    ``X`` and ``manual_start`` are the tutorial's blobs and the manual loop's start: the
    stepper replays Lloyd's loop from there, and from an unlucky random start.
    """
    scripts = _copy_examples(out_dir, sections)
    unlucky = [X[i] for i in random_indices(len(X), 3, check_random_state(0), [1.0] * len(X))]
    cases = [("the tutorial's blobs, random start (seed 42)",
              lloyd_frames(X, manual_start, max_iter=10, tol=1e-12)),
             ("an unlucky start (init='random', seed 0)", lloyd_frames(X, unlucky))]
    path = os.path.join(out_dir, "index.html")
    atomic_write(path, render_page(sections, scripts, stepper_html(cases), differences),
                 overwrite=True)
    return os.path.abspath(path)


def _copy_examples(out_dir: str, sections: Sequence[Section]) -> dict:
    """Copy each section's example scripts to out_dir/examples; return name -> source text."""
    scripts = {}
    for name in (name for section in sections for name in section.examples):
        source = EXAMPLES / name
        if source.is_file():
            os.makedirs(os.path.join(out_dir, "examples"), exist_ok=True)
            shutil.copyfile(source, os.path.join(out_dir, "examples", name))
            scripts[name] = source.read_text(encoding="utf-8")
    return scripts


def render_page(sections: Sequence[Section], scripts: dict, stepper: str,
                differences: Sequence[tuple]) -> str:
    """The whole page as a string: intro, the differences note, contents, then each section.

    >>> page = render_page([Section("1", "Data", "Points.", [])], {}, "", [])
    >>> '<h2 id="s1">1. Data</h2>' in page, "http" in page.replace("http-equiv", "")
    (True, False)
    """
    contents = "".join(f'<li><a href="#{s.anchor}">{_e(s.number)}. {_e(s.title)}</a></li>'
                       for s in sections)       # (the numbers are the tutorial's, not the list's)
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             f"<title>K-Means, the guided tour</title><style>{STYLE}</style></head><body>",
             "<h1>K-Means, the guided tour</h1>",
             "<p>The K-Means tutorial, section by section, computed by this package's own pure-"
             "Python code: the numbers below were printed by <code>python -m kmeans_scratch tour"
             "</code>, each with the example script that computes them, and every figure was "
             "drawn by the package.</p>", _differences_note(differences),
             f"<nav><h2>Contents</h2><ul>{contents}</ul></nav>"]
    for section in sections:
        parts.append(_section_html(section, scripts))
        if section.number == "2" and stepper:
            parts += ["<h3>Step through it yourself</h3>",
                      "<p>The frames below are the steps our <code>lloyd_steps</code> computed "
                      "for this page; the buttons only show them. Each step is two moves: the "
                      "points take the colour of their nearest centre, then each centre moves "
                      "to the mean of its points. The shading is each centre's territory, the "
                      "points nearest to it. Try the unlucky start too: two centres share one "
                      "blob, and Lloyd's loop cannot get them out.</p>", stepper]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _differences_note(differences: Sequence[tuple]) -> str:
    """The note on the tutorial's printed numbers against this run's."""
    rows = "".join(f"<tr><th>{_e(what)}</th><td>{_e(printed)}</td><td>{_e(ours)}</td></tr>"
                   for what, printed, ours in differences)
    return ('<div class="note"><p><strong>Why some numbers differ from the tutorial\'s.</strong> '
            "The tutorial's printed outputs are illustrative: running its code with "
            "scikit-learn gives other numbers on the same data and seeds. This package "
            "reproduces scikit-learn's real output (the same blobs bit for bit, the same "
            "starting centres, the same labels and iterations), so these are the numbers you "
            "will see; the clusters, and the conclusions, are the tutorial's.</p>"
            f"<table><tr><th>printed value</th><th>the tutorial</th><th>this run (and scikit-learn)</th></tr>"
            f"{rows}</table></div>")


def _section_html(section: Section, scripts: dict) -> str:
    """A section: heading, words, tables, printed lines, code, figures."""
    parts = [f'<section><h2 id="{section.anchor}">{_e(section.number)}. {_e(section.title)}</h2>',
             f"<p>{_e(section.text)}</p>"]
    for caption, headers, rows in section.tables:
        parts.append(_table(caption, headers, rows))
    parts += [f'<p class="output">{_e(line)}</p>' for line in section.lines]
    for name in section.examples:
        parts.append(_code(name, scripts.get(name)))
    for name, alt, caption in section.figures:
        parts.append(f'<figure><img src="{_e(name)}" alt="{_e(alt)}" loading="lazy">'
                     f"<figcaption>{_e(caption)}</figcaption></figure>")
    parts.append("</section>")
    return "\n".join(parts)


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    caption_html = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _code(name: str, source: str | None) -> str:
    """The script in full, with a link to its copy beside the page."""
    link = f'<a href="examples/{_e(name)}">examples/{_e(name)}</a>'
    if source is None:      # an installed package without the repository's examples/
        return f"<p>The code: {link} in the project's repository.</p>"
    return (f"<details open><summary>The code: {link} "
            f"(<code>python examples/{_e(name)}</code>)</summary><pre><code>{_e(source)}</code></pre></details>")


def _e(text) -> str:
    return html.escape(str(text))
