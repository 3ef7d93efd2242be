"""The tutorial's pictures as SVG: clusters, curves, silhouettes and pictures side by side.

Each function returns the SVG document as a string; ``save`` writes it atomically. Axes follow
the data by the rules in ``plot.axes`` (5% padding, no room below zero for values that cannot
be negative, whole-number ticks for K); text stays inside the canvas.

    scatter_plot        points coloured by cluster, centres as crosses, marked points ringed
    line_plot           y against x with markers, one x highlighted (the knee, the best K)
    silhouette_plot     per-cluster sorted silhouette bars with the average as a line
    image_strip         pictures side by side (as embedded PNG)

Every centre, here and in ``plot.animation``, is the same black-and-white cross, and a legend
entry says so. Drawing order puts what matters on top: points, then centres, then marked
points, then the legend. A scatter's legend never hides a marker: where every corner of the
plotting area holds one, it sits outside, right of the plotting area.

Public functions: scatter_plot, line_plot, silhouette_plot, image_strip, save.
"""

from __future__ import annotations

import base64
import math
import os
from typing import Optional, Sequence

from ..errors import KMeansError
from ..files import atomic_write
from ..validation import feature_names, table_rows
from .axes import axis_ticks, data_range
from .svg import (CENTRE_RADIUS, GAP, PALETTE, POINT_RADIUS, RING_RADIUS, TITLE_SIZE, Box, Canvas,
                  Mark, cluster_colour, covers)

__all__ = ["scatter_plot", "line_plot", "silhouette_plot", "image_strip", "save"]


def _marked_indices(marked: Sequence[int], n_samples: int) -> list[int]:
    """The marked indices as 0..n_samples-1 (negative ones count from the end, as in lists)."""
    for index in marked:
        if not -n_samples <= index < n_samples:
            raise KMeansError(f"scatter_plot requires -n_samples <= marked index < n_samples; "
                              f"got marked={list(marked)}, n_samples={n_samples}")
    return sorted({index % n_samples for index in marked})


def scatter_plot(X: Sequence[Sequence[float]], labels: Optional[Sequence[int]] = None,
                 centers: Optional[Sequence[Sequence[float]]] = None, *, title: str = "",
                 x_label: Optional[str] = None, y_label: Optional[str] = None,
                 marked: Sequence[int] = (), marked_label: str = "marked") -> str:
    """Points (first two features) coloured by label, centres as black-and-white crosses.

    X may be a table (a DataFrame): its first two column names label the axes unless
    ``x_label``/``y_label`` are given ("feature 1", "feature 2" for plain rows).

    The points listed in ``marked`` (indices into X, such as an outlier) are drawn last,
    above the centres, with a ring, and get a legend entry ``marked_label``.

    The legend goes in the plotting area's corner covering fewest markers (each a disc: a
    point, a centre's cross or a ring, with its radius in px). If even that corner covers
    one, the legend goes right of the plotting area, level with its top, and the canvas
    widens to hold it (matplotlib's answer for a crowded plot: ``bbox_to_anchor``).

    >>> svg = scatter_plot([[0, 0], [1, 1], [5, 5]], [0, 0, 1], [[0.5, 0.5], [5, 5]], marked=[2])
    >>> svg.count('class="centre"'), "centres" in svg, svg.rindex("<circle") > svg.index("centre")
    (3, True, True)

    Raises KMeansError when a marked index is outside X.
    """
    names = feature_names(X) or ("feature 1", "feature 2")
    x_label = names[0] if x_label is None else x_label
    y_label = names[1] if y_label is None and len(names) > 1 else (y_label or "")
    points = [(float(p[0]), float(p[1])) for p in table_rows(X)]
    centres = [(float(c[0]), float(c[1])) for c in centers or []]
    on_top = _marked_indices(marked, len(points))
    canvas = Canvas.for_data([x for x, _ in points + centres], [y for _, y in points + centres],
                             title=title, x_label=x_label, y_label=y_label, points=True)

    def colour(i: int) -> str:
        return "#777777" if labels is None else cluster_colour(labels[i])
    for i, (x, y) in enumerate(points):
        if i not in on_top:
            canvas.circle(x, y, r=POINT_RADIUS, fill=colour(i), fill_opacity=0.75)
    for x, y in centres:
        canvas.centre_marker(canvas.px(x), canvas.py(y))
    for i in on_top:
        # a white edge parts the point from a cross beneath it; the ring says "look here"
        canvas.circle(*points[i], r=4, fill=colour(i), stroke="#ffffff", stroke_width=1.5)
        canvas.circle(*points[i], r=8, fill="none", stroke="#000000", stroke_width=2)
    entries = [("patch", cluster_colour(label), f"cluster {label}")
               for label in sorted(set(labels or []))[:10]]
    entries += [("centre", "", "centres")] if centres else []
    entries += [("ring", "", marked_label)] if on_top else []
    if entries:
        marks = [(canvas.px(x), canvas.py(y), POINT_RADIUS) for x, y in points]
        marks += [(canvas.px(x), canvas.py(y), CENTRE_RADIUS) for x, y in centres]
        marks += [(canvas.px(points[i][0]), canvas.py(points[i][1]), RING_RADIUS) for i in on_top]
        canvas.legend(entries, box=_legend_box(canvas, Canvas.legend_size(entries), marks))
    return canvas.render()


def _legend_box(canvas: Canvas, size: tuple[float, float], marks: Sequence[Mark]) -> Box:
    """The corner covering fewest marks, or a box right of the plotting area if that corner
    still covers one."""
    box = canvas.free_corner(*size, marks)
    return canvas.box_outside(*size, marks) if any(covers(box, mark) for mark in marks) else box


def line_plot(xs: Sequence[float], ys: Sequence[float], *, title: str = "", x_label: str = "",
              y_label: str = "", highlight: Optional[float] = None, note: str = "",
              colour: str = PALETTE[0], y_from_zero: bool = False,
              errors: Optional[Sequence[float]] = None) -> str:
    """y against x with round markers; the point at x == highlight is ringed and annotated.

    ``y_from_zero=True`` starts the y axis at 0, for quantities such as inertia whose size
    matters, not only their differences. Whole-number xs (K) get whole-number ticks.
    ``errors`` draws a bar from y - e to y + e at each point (a standard error), capped at
    both ends; the y axis then covers the bars.

    >>> svg = line_plot([1, 2, 3], [10, 4, 3], highlight=2, note="knee", y_from_zero=True)
    >>> svg.count("<polyline"), svg.count("<circle"), "knee" in svg, ">2.5<" in svg
    (1, 4, True, False)
    >>> line_plot([1, 2], [1.0, 2.0], errors=[0.5, 0.25]).count('class="error-bar"')   # 2 bars
    2
    """
    ends = [y + side * e for y, e in zip(ys, errors or []) for side in (-1, 1)]
    canvas = Canvas.for_data(xs, list(ys) + ends, title=title, x_label=x_label, y_label=y_label,
                             y_from_zero=y_from_zero)
    for x, y, e in zip(xs, ys, errors or []):
        _error_bar(canvas, x, y, e, colour)
    canvas.polyline(zip(xs, ys), stroke=colour, stroke_width=2.5)
    for x, y in zip(xs, ys):
        canvas.circle(x, y, r=4.5, fill=colour)
    line = _along([(canvas.px(x), canvas.py(y)) for x, y in zip(xs, ys)])
    for x, y in zip(xs, ys):
        if x == highlight:
            canvas.circle(x, y, r=11, fill="none", stroke=PALETTE[5], stroke_width=3)
            canvas.note(canvas.px(x), canvas.py(y), note or f"{x:g}", gap=12, avoid=line,
                        fill=PALETTE[5], font_weight="bold")
    return canvas.render()


def _error_bar(canvas: Canvas, x: float, y: float, error: float, colour: str) -> None:
    """A vertical bar from y - error to y + error with 8-px caps, in one path."""
    left, right, low, high = canvas.px(x) - 4, canvas.px(x) + 4, canvas.py(y - error), canvas.py(y + error)
    canvas.add("path", class_="error-bar", stroke=colour, stroke_width=1.5, fill="none",
               d=f"M{left:.2f},{low:.2f}H{right:.2f}M{canvas.px(x):.2f},{low:.2f}V{high:.2f}"
                 f"M{left:.2f},{high:.2f}H{right:.2f}")


def _along(points: Sequence[tuple[float, float]], spacing: float = 3.0) -> list[tuple[float, float]]:
    """Pixels every ``spacing`` px along the polyline through ``points`` (for notes to avoid)."""
    found = list(points[:1])
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        count = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / spacing))
        found += [(x0 + (x1 - x0) * i / count, y0 + (y1 - y0) * i / count) for i in range(1, count + 1)]
    return found


def silhouette_plot(samples: Sequence[float], labels: Sequence[int], *, title: str = "") -> str:
    """Rousseeuw's diagram: each cluster's silhouettes sorted as horizontal bars, mean dashed.

    The x axis covers the silhouettes and 0 (where the bars start), padded by 5%; a band at
    the top, above the bars, holds the mean's note.

    >>> svg = silhouette_plot([0.9, 0.8, 0.5, 0.7], [0, 0, 1, 1])
    >>> svg.count("<rect") - 2, "stroke-dasharray" in svg, "mean 0.725" in svg
    (4, True, True)
    """
    clusters = sorted(set(labels))
    gap = max(2, len(samples) // 40)
    rows = len(samples) + gap * (len(clusters) + 1)
    x_range = data_range(list(samples) + [0.0])
    left = Canvas.left_margin([str(cluster) for cluster in clusters])
    canvas = Canvas(640, 480, title=title, margin=(44 if title else 20, 30, 50, left))
    band = 2 * GAP + 14                                  # px for the note, above the bars
    canvas.set_ranges(x_range, (0, rows * canvas.plot_height / (canvas.plot_height - band)))
    canvas.axes("silhouette coefficient", "cluster label", x_ticks=axis_ticks(*x_range, max_ticks=8))
    row = gap
    height = max(1.0, canvas.py(0) - canvas.py(1))
    for cluster in clusters:
        values = sorted((s for s, label in zip(samples, labels) if label == cluster), reverse=True)
        for value in values:
            start, end = sorted((canvas.px(0.0), canvas.px(value)))
            canvas.add("rect", x=f"{start:.2f}", y=f"{canvas.py(row + 1):.2f}", width=f"{end - start:.2f}",
                       height=f"{height + 0.6:.2f}", fill=cluster_colour(cluster),  # overlap and
                       shape_rendering="crispEdges")     # no anti-aliased edges: no seams between bars
            row += 1
        canvas.side_label(canvas.py(row - len(values) / 2), str(cluster))
        row += gap
    mean = math.fsum(samples) / len(samples)
    canvas.add("line", x1=f"{canvas.px(mean):.2f}", x2=f"{canvas.px(mean):.2f}", y1=canvas.top,
               y2=canvas.top + canvas.plot_height, stroke=PALETTE[5], stroke_width=2,
               stroke_dasharray="6 4")
    canvas.note(canvas.px(mean), canvas.top, f"mean {mean:.3f}", gap=4, fill=PALETTE[5])
    return canvas.render()


def image_strip(pictures: Sequence[bytes], captions: Sequence[str], *, title: str = "",
                size: int = 200) -> str:
    """PNG pictures side by side with captions (embedded as data: URLs, so one file holds all).

    >>> from kmeans_scratch.image.png import png_bytes
    >>> from kmeans_scratch.image import Image
    >>> svg = image_strip([png_bytes(Image(1, 1, 255, [(255, 0, 0)]))], ["red"])
    >>> svg.count("<image"), "red" in svg
    (1, True)
    """
    canvas = Canvas(20 + (size + 20) * len(pictures), size + 90, title=title)
    canvas.text(canvas.width / 2, 28, title, text_anchor="middle", font_size=TITLE_SIZE)
    for i, (png, caption) in enumerate(zip(pictures, captions)):
        x = 20 + i * (size + 20)
        href = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        canvas.add("image", href=href, x=x, y=45, width=size, height=size,
                   style="image-rendering:pixelated")
        canvas.text(x + size / 2, size + 70, caption, text_anchor="middle")
    return canvas.render()


def save(svg: str, path: str | os.PathLike, *, overwrite: bool = True) -> str:
    """Write an SVG document atomically; returns the path. Plots are outputs, so they may be
    replaced by default."""
    atomic_write(path, svg, overwrite=overwrite)
    return os.fspath(path)
