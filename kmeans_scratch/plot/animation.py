"""Lloyd's algorithm in motion: an animated SVG where points recolour and centres move.

Frame i shows step i of M: every point in the colour of its nearest centre, the centres
(the same black-and-white crosses as in every plot) where that step found them, and a
counter "step i of M". From one frame to the next the centres move to their clusters' means
and the points take the colour of their new nearest centre. The last frame says why the
loop stopped ("labels unchanged": converged). No frame repeats the one before it, so once
converged the picture holds for one step's time, like every other frame, and the loop
starts again:

    frame i is on screen from (i / n_frames) * duration to ((i + 1) / n_frames) * duration,
    duration = seconds_per_step * n_frames

SVG's own ``<animate>`` and ``<animateTransform>`` elements (calcMode="discrete") do the
work, so any browser plays it, with no script.

Public function: lloyd_animation.
Reference: SVG 1.1, section 19 "Animation" (W3C, 2011).
"""

from __future__ import annotations

from typing import Sequence

from .svg import ASCENT, CENTRE_RADIUS, FONT_SIZE, GAP, POINT_RADIUS, Canvas, Mark, cluster_colour, text_width

__all__ = ["lloyd_animation"]


def _frames(steps: Sequence) -> list[tuple[list, list, str]]:
    """(labels, centres, counter text) per frame: one per step, plus the centres after the last
    update if it moved them (a converged loop's last update moves nothing)."""
    total = len(steps)
    frames = [(step.labels, [tuple(c) for c in step.centroids], f"step {step.iteration} of {total}")
              for step in steps]
    last = steps[-1]
    if [tuple(c) for c in last.new_centroids] != frames[-1][1]:
        frames.append((last.labels, [tuple(c) for c in last.new_centroids],
                       f"after step {last.iteration} of {total}"))
    if last.stop:
        labels, centres, counter = frames[-1]
        frames[-1] = (labels, centres, f"{counter} ({last.stop})")
    return frames


def lloyd_animation(X: Sequence[Sequence[float]], steps: Sequence, *, title: str = "",
                    seconds_per_step: float = 1.0) -> str:
    """An animated SVG of Lloyd's iterations: points recolour, centres move, step by step.

    ``steps`` are ``LloydStep`` values (from ``lloyd_steps``). A counter in a free corner
    says which step is showing; the legend says what the crosses are.

    >>> from kmeans_scratch.lloyd import lloyd_steps
    >>> X = [(0.0, 0.0), (0.0, 1.0), (5.0, 5.0), (5.0, 6.0)]
    >>> steps = list(lloyd_steps(X, [X[0], X[1]], [1.0] * 4))
    >>> svg = lloyd_animation(X, steps)
    >>> svg.count("<animateTransform "), "step 1 of 3" in svg, "step 3 of 3 (labels unchanged)" in svg
    (2, True, True)
    """
    frames = _frames(steps)
    points = [(float(p[0]), float(p[1])) for p in X]
    every_centre = [centre for _, centres, _ in frames for centre in centres]
    canvas = Canvas.for_data([x for x, _ in points + every_centre], [y for _, y in points + every_centre],
                             title=title, x_label="feature 1", y_label="feature 2", points=True)
    key_times = ";".join(f"{i / len(frames):.4f}" for i in range(len(frames)))
    timing = (f'keyTimes="{key_times}" calcMode="discrete" '
              f'dur="{seconds_per_step * len(frames):g}s" repeatCount="indefinite"')
    for i, (x, y) in enumerate(points):
        colours = ";".join(cluster_colour(labels[i]) for labels, _, _ in frames)
        canvas.circle(x, y, r=POINT_RADIUS, fill=cluster_colour(frames[0][0][i]), fill_opacity=0.8,
                      animation=f'<animate attributeName="fill" values="{colours}" {timing}/>')
    for j, (x, y) in enumerate(frames[0][1]):
        moves = ";".join(f"{canvas.px(centres[j][0]):.2f} {canvas.py(centres[j][1]):.2f}"
                         for _, centres, _ in frames)
        canvas.centre_marker(canvas.px(x), canvas.py(y), animation=(
            f'<animateTransform attributeName="transform" type="translate" values="{moves}" {timing}/>'))
    avoid = [(canvas.px(x), canvas.py(y), POINT_RADIUS) for x, y in points]
    avoid += [(canvas.px(x), canvas.py(y), CENTRE_RADIUS) for x, y in every_centre]
    clusters = sorted({label for labels, _, _ in frames for label in labels})[:10]
    legend = canvas.legend([("patch", cluster_colour(label), f"cluster {label}") for label in clusters]
                           + [("centre", "", "centres")], avoid=avoid)
    _counter(canvas, [counter for _, _, counter in frames], timing, avoid, legend)
    return canvas.render()


def _counter(canvas: Canvas, texts: Sequence[str], timing: str, avoid: Sequence[Mark],
             legend: tuple[float, float, float, float]) -> None:
    """One text per frame in a boxed free corner, each visible only during its own frame."""
    width, height = max(text_width(text) for text in texts) + 2 * GAP, FONT_SIZE + 2 * GAP
    x, y, _, _ = canvas.free_corner(width, height, avoid, taken=[legend])
    canvas.add("rect", x=f"{x:.2f}", y=f"{y:.2f}", width=f"{width:.2f}", height=f"{height:.2f}",
               fill="white", fill_opacity=0.8, stroke="#cccccc", rx=3, class_="counter")
    for i, text in enumerate(texts):
        shown = ";".join("visible" if frame == i else "hidden" for frame in range(len(texts)))
        canvas.text(x + GAP, y + GAP + ASCENT * FONT_SIZE, text, class_="counter",
                    visibility=shown.split(";")[0],
                    animation=f'<animate attributeName="visibility" values="{shown}" {timing}/>')
