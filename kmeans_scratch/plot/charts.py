"""The tutorial's pictures as SVG: clusters, curves, silhouettes and Lloyd in motion.

Each function returns the SVG document as a string; ``save`` writes it atomically.

    scatter_plot        points coloured by cluster, centres as crosses
    line_plot           y against x with markers, one x highlighted (the knee, the best K)
    silhouette_plot     per-cluster sorted silhouette bars with the average as a line
    lloyd_animation     points recolouring and centres moving, one Lloyd step per second
    image_strip         pictures side by side (as embedded PNG)

Public functions: scatter_plot, line_plot, silhouette_plot, lloyd_animation, image_strip, save.
"""

from __future__ import annotations

import base64
import os
from typing import Optional, Sequence

from ..files import atomic_write
from .svg import PALETTE, Canvas, nice_ticks

__all__ = ["scatter_plot", "line_plot", "silhouette_plot", "lloyd_animation", "image_strip", "save"]


def _colour(label: int) -> str:
    return PALETTE[label % len(PALETTE)]


def _frame(points: Sequence[Sequence[float]], title: str, x_label: str, y_label: str,
           width: int = 640, height: int = 480) -> Canvas:
    """A canvas with axes fitted to the points (first two features)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x_ticks, y_ticks = nice_ticks(*_padded(xs)), nice_ticks(*_padded(ys))
    canvas = Canvas(width, height, title=title)
    canvas.set_ranges((x_ticks[0], x_ticks[-1]), (y_ticks[0], y_ticks[-1]))
    canvas.axes(x_label, y_label, x_ticks=x_ticks, y_ticks=y_ticks)
    return canvas


def _padded(values: Sequence[float]) -> tuple:
    """(low, high) widened by 6% each side, so no point sits on the frame."""
    low, high = min(values), max(values)
    pad = 0.06 * (high - low)
    return low - pad, high + pad


def _cross(canvas: Canvas, x: float, y: float, colour: str, size: float, width: float) -> None:
    """An X marking a centre."""
    px, py = canvas.px(x), canvas.py(y)
    for dx in (-size, size):
        canvas.add("line", x1=f"{px - dx:.2f}", y1=f"{py - size:.2f}", x2=f"{px + dx:.2f}",
                   y2=f"{py + size:.2f}", stroke=colour, stroke_width=width, stroke_linecap="round")


def scatter_plot(X: Sequence[Sequence[float]], labels: Optional[Sequence[int]] = None,
                 centers: Optional[Sequence[Sequence[float]]] = None, *, title: str = "",
                 x_label: str = "feature 1", y_label: str = "feature 2") -> str:
    """Points (first two features) coloured by label, centres as black-edged crosses.

    >>> svg = scatter_plot([[0, 0], [1, 1], [5, 5]], [0, 0, 1], [[0.5, 0.5], [5, 5]])
    >>> svg.count("<circle"), svg.count("<line") >= 4
    (3, True)
    """
    canvas = _frame(list(X) + list(centers or []), title, x_label, y_label)
    for i, point in enumerate(X):
        colour = "#777777" if labels is None else _colour(labels[i])
        canvas.circle(point[0], point[1], r=3.5, fill=colour, fill_opacity=0.75)
    for centre in centers or []:
        # a black X with a white core stands out on any cluster colour
        _cross(canvas, centre[0], centre[1], "#000000", 11, 6)
        _cross(canvas, centre[0], centre[1], "#ffffff", 9, 2)
    if labels is not None:
        _legend(canvas, sorted(set(labels)))
    return canvas.render()


def _legend(canvas: Canvas, labels: Sequence[int]) -> None:
    """A colour key in the top-right corner."""
    x = canvas.left + canvas.plot_width - 90
    for row, label in enumerate(labels[:10]):
        y = canvas.top + 14 + 16 * row
        canvas.add("rect", x=x, y=y - 9, width=10, height=10, fill=_colour(label))
        canvas.text(x + 15, y, f"cluster {label}", font_size=11)


def line_plot(xs: Sequence[float], ys: Sequence[float], *, title: str = "", x_label: str = "",
              y_label: str = "", highlight: Optional[float] = None, note: str = "",
              colour: str = PALETTE[0]) -> str:
    """y against x with round markers; the point at x == highlight is ringed and annotated.

    >>> svg = line_plot([1, 2, 3], [10, 4, 3], highlight=2, note="knee")
    >>> svg.count("<polyline"), svg.count("<circle"), "knee" in svg
    (1, 4, True)
    """
    canvas = _frame(list(zip(xs, ys)), title, x_label, y_label)
    canvas.polyline(zip(xs, ys), stroke=colour, stroke_width=2.5)
    for x, y in zip(xs, ys):
        canvas.circle(x, y, r=4.5, fill=colour)
        if x == highlight:
            canvas.circle(x, y, r=11, fill="none", stroke=PALETTE[5], stroke_width=3)
            canvas.text(canvas.px(x) + 14, canvas.py(y) - 12, note or f"{x:g}", fill=PALETTE[5],
                        font_weight="bold")
    return canvas.render()


def silhouette_plot(samples: Sequence[float], labels: Sequence[int], *, title: str = "") -> str:
    """Rousseeuw's diagram: each cluster's silhouettes sorted as horizontal bars, mean dashed.

    >>> svg = silhouette_plot([0.9, 0.8, 0.5, 0.7], [0, 0, 1, 1])
    >>> svg.count("<rect") - 2, "stroke-dasharray" in svg
    (4, True)
    """
    clusters = sorted(set(labels))
    gap = max(2, len(samples) // 40)
    canvas = Canvas(640, 480, title=title)
    low = min(0.0, min(samples))
    x_ticks = nice_ticks(low, 1.0)
    canvas.set_ranges((x_ticks[0], x_ticks[-1]), (0, len(samples) + gap * (len(clusters) + 1)))
    canvas.axes("silhouette coefficient", "points, grouped by cluster", x_ticks=x_ticks)
    row = gap
    height = max(1.0, canvas.plot_height / (len(samples) + gap * (len(clusters) + 1)))
    for cluster in clusters:
        values = sorted((s for s, label in zip(samples, labels) if label == cluster), reverse=True)
        for value in values:
            left, right = sorted((canvas.px(0.0), canvas.px(value)))
            canvas.add("rect", x=f"{left:.2f}", y=f"{canvas.py(row + 1):.2f}", width=f"{right - left:.2f}",
                       height=f"{height + 0.6:.2f}", fill=_colour(cluster))   # overlap: no seams
            row += 1
        canvas.text(canvas.px(0.0) - 6, canvas.py(row - len(values) / 2), str(cluster),
                    text_anchor="end", font_size=11)
        row += gap
    mean = sum(samples) / len(samples)
    canvas.add("line", x1=f"{canvas.px(mean):.2f}", x2=f"{canvas.px(mean):.2f}", y1=canvas.top,
               y2=canvas.top + canvas.plot_height, stroke=PALETTE[5], stroke_width=2,
               stroke_dasharray="6 4")
    canvas.text(canvas.px(mean) + 4, canvas.top + 14, f"mean {mean:.3f}", fill=PALETTE[5])
    return canvas.render()


def lloyd_animation(X: Sequence[Sequence[float]], steps: Sequence, *, title: str = "",
                    seconds_per_step: float = 1.0) -> str:
    """An animated SVG of Lloyd's iterations: points recolour, centres glide, step by step.

    ``steps`` are ``LloydStep`` values (from ``lloyd_steps``). SVG's own ``<animate>``
    elements do the work, so any browser plays it, with no script.

    >>> from kmeans_scratch.lloyd import lloyd_steps
    >>> X = [(0.0, 0.0), (0.0, 1.0), (5.0, 5.0), (5.0, 6.0)]
    >>> steps = list(lloyd_steps(X, [X[0], X[1]], [1.0] * 4))
    >>> svg = lloyd_animation(X, steps)
    >>> svg.count("<animate ") > 4
    True
    """
    frames = [(step.labels, step.centroids) for step in steps]
    frames.append((frames[-1][0], steps[-1].new_centroids))
    canvas = _frame(list(X) + [c for _, centres in frames for c in centres], title,
                    "feature 1", "feature 2")
    duration = f"{seconds_per_step * len(frames):g}s"
    key_times = ";".join(f"{i / len(frames):.4f}" for i in range(len(frames)))
    for i, point in enumerate(X):
        colours = ";".join(_colour(labels[i]) for labels, _ in frames)
        animate = (f'<animate attributeName="fill" values="{colours}" keyTimes="{key_times}" '
                   f'calcMode="discrete" dur="{duration}" repeatCount="indefinite"/>')
        canvas.add("circle", animate, cx=f"{canvas.px(point[0]):.2f}", cy=f"{canvas.py(point[1]):.2f}",
                   r=3.5, fill=_colour(frames[0][0][i]), fill_opacity=0.8)
    for j in range(len(frames[0][1])):
        xs = ";".join(f"{canvas.px(centres[j][0]):.2f}" for _, centres in frames)
        ys = ";".join(f"{canvas.py(centres[j][1]):.2f}" for _, centres in frames)
        animate = "".join(f'<animate attributeName="{name}" values="{values}" keyTimes="{key_times}" '
                          f'calcMode="discrete" dur="{duration}" repeatCount="indefinite"/>'
                          for name, values in (("cx", xs), ("cy", ys)))
        start = frames[0][1][j]
        canvas.add("circle", animate, cx=f"{canvas.px(start[0]):.2f}", cy=f"{canvas.py(start[1]):.2f}",
                   r=9, fill=_colour(j), stroke="#000000", stroke_width=3)
    canvas.text(canvas.width - 40, 28, f"{len(steps)} steps", text_anchor="end", font_size=12)
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
    canvas.text(canvas.width / 2, 28, title, text_anchor="middle", font_size=16, font_weight="bold")
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
