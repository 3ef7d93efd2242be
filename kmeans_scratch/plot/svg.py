"""A tiny SVG writer: shapes as XML elements, numbers mapped onto a pixel canvas.

SVG is XML: ``<svg width=.. height=.. viewBox="0 0 W H">`` holding ``<circle cx cy r>``,
``<line x1 y1 x2 y2>``, ``<polyline points>``, ``<rect>``, ``<text>`` and so on. Browsers
draw it and any XML parser reads it, so a plot needs no plotting library.

Data coordinates become pixels by a linear map per axis; y is flipped because SVG's y grows
downwards:

    px = left + (x - x_min) / (x_max - x_min) * plot_width
    py = top + (1 - (y - y_min) / (y_max - y_min)) * plot_height

``Canvas.for_data`` fits both axes to the data by the rules in ``plot.axes``. Text is kept
inside: its width is estimated as 0.6 em a character, the margins are made wide enough for
the tick labels, and notes and legends move to where they fit in the plotting area. A legend
that would hide a marker in every corner goes right of the plotting area instead, on a wider
canvas (matplotlib's ``bbox_to_anchor=(1, 1)`` with ``loc="upper left"``).

Public names: Canvas, covers, text_width, cluster_colour, PALETTE, FONT_SIZE, TITLE_SIZE and
the marker radii POINT_RADIUS, CENTRE_RADIUS, RING_RADIUS.
"""

from __future__ import annotations

import math
from typing import Iterable, Optional, Sequence, Tuple
from xml.sax.saxutils import escape, quoteattr

from .axes import axis_ticks, data_range, is_integer_axis, nice_ticks, tick_labels

# nice_ticks now lives in plot.axes; it stays importable from here, its first home
__all__ = ["Canvas", "covers", "text_width", "cluster_colour", "PALETTE", "FONT_SIZE", "TITLE_SIZE", "nice_ticks",
           "POINT_RADIUS", "CENTRE_RADIUS", "RING_RADIUS"]

# Okabe and Ito's colour-blind-safe palette (black moved last for use as a default).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]


def cluster_colour(label: int) -> str:
    """The palette colour of a cluster label (the palette repeats after eight).

    >>> cluster_colour(0), cluster_colour(8)
    ('#0072B2', '#0072B2')
    """
    return PALETTE[label % len(PALETTE)]


# Text sizes as matplotlib's defaults look at its default figure size: 6.4 x 4.8 inches at
# 100 dpi is 640 x 480 px, our canvas, and a point there is 100/72 px. So 10 pt (tick labels,
# axis labels, legend, notes) is 13.89 px and the 12 pt title 16.67 px. We scale by 100 dpi,
# not CSS's 96, so the text keeps the same share of the figure as in the tutorial's pictures.
FONT_SIZE = 10 * 100 / 72
TITLE_SIZE = 12 * 100 / 72
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"      # DejaVu Sans is matplotlib's font
ASCENT, DESCENT = 0.8, 0.2                             # of the font size, above/below the baseline
GAP = 6                                                # px between a label and what it labels
Box = Tuple[float, float, float, float]                # x, y, width, height in px
Mark = Tuple[float, float, float]                      # a marker as a disc: x, y, radius in px
POINT_RADIUS = 3.5                                     # a data point's dot
CENTRE_RADIUS = 14.0                                   # the centre cross: 11 px arms, 3 px of stroke
RING_RADIUS = 9.0                                      # a marked point's ring: r=8, 1 px of its stroke


def covers(box: Box, mark: Mark) -> bool:
    """True when the box hides part of the marker: its disc comes within 0.5 px of the box
    (half the box's 1 px outline lies outside it).

    >>> covers((0, 0, 10, 10), (13, 5, 3.5)), covers((0, 0, 10, 10), (14, 5, 3.5))
    (True, False)
    """
    x, y, width, height = box
    mark_x, mark_y, radius = mark
    dx = mark_x - min(max(mark_x, x), x + width)        # 0 when the centre is level with the box
    dy = mark_y - min(max(mark_y, y), y + height)
    return dx * dx + dy * dy < (radius + 0.5) ** 2


def text_width(content: str, font_size: float = FONT_SIZE) -> float:
    """Estimated width in px: 0.6 em a character (DejaVu Sans averages about that).

    >>> round(text_width("mean 0.878"), 1)
    83.3
    """
    return 0.6 * font_size * len(content)


def _number(value: float) -> str:
    """A coordinate with at most two decimals."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


class Canvas:
    """An SVG drawing with a plotting area and data-to-pixel maps.

    >>> canvas = Canvas(200, 100, title="demo")
    >>> canvas.set_ranges((0, 10), (0, 1))
    >>> canvas.circle(5, 0.5, r=3, fill="#0072B2")
    >>> canvas.render().count("<circle")
    1
    """

    def __init__(self, width: int = 640, height: int = 480, *, title: str = "",
                 margin: Sequence[float] = (50, 30, 60, 70)):
        self.width, self.height = width, height
        self.top, self.right, self.bottom, self.left = margin
        self.elements: list[str] = []
        self.title = title
        self.x_range, self.y_range = (0.0, 1.0), (0.0, 1.0)

    @classmethod
    def for_data(cls, xs: Sequence[float], ys: Sequence[float], *, title: str = "",
                 x_label: str = "", y_label: str = "", y_from_zero: bool = False,
                 width: int = 640, height: int = 480, points: bool = False) -> Canvas:
        """A canvas with both axes fitted to the data by the rules of ``plot.axes``, drawn.

        ``points``: the data are a scatter's coordinates, padded on both sides even where
        they touch 0 (``data_range``'s ``stop_at_zero=False``).

        The y axis gets at most 8 ticks, the x axis at most 10 (fewer while its labels would
        touch); the left and right margins grow to hold the tick labels.

        >>> canvas = Canvas.for_data([1, 2, 3], [320.0, 5500.0, 20000.0], y_from_zero=True)
        >>> canvas.y_range, canvas.render().count(">2<")
        ((0.0, 21000.0), 1)
        """
        x_range = data_range(xs, stop_at_zero=not points)
        y_range = data_range(ys, from_zero=y_from_zero, stop_at_zero=not points)
        y_ticks = axis_ticks(*y_range, integer=is_integer_axis(ys), max_ticks=8)
        left = cls.left_margin(tick_labels(y_ticks))
        x_ticks, right = [], 30.0
        for max_ticks in (10, 8, 6, 5, 4, 3):           # fewer ticks until the labels do not touch
            x_ticks = axis_ticks(*x_range, integer=is_integer_axis(xs), max_ticks=max_ticks)
            widest = max((text_width(label) for label in tick_labels(x_ticks)), default=0.0)
            right = max(30.0, widest / 2 + GAP)
            spacing = (width - left - right) / max(1, len(x_ticks)) * 0.9
            if widest + 2 * GAP <= spacing:
                break
        canvas = cls(width, height, title=title, margin=(44 if title else 20, right, 50, left))
        canvas.set_ranges(x_range, y_range)
        canvas.axes(x_label, y_label, x_ticks=x_ticks, y_ticks=y_ticks)
        return canvas

    @staticmethod
    def left_margin(y_tick_labels: Sequence[str]) -> float:
        """The left margin (at least 50 px) that holds the y-axis label and these tick labels.

        >>> round(Canvas.left_margin(["0", "20000"]), 1)
        73.6
        """
        widest = max((text_width(label) for label in y_tick_labels), default=0.0)
        return max(50.0, GAP + (ASCENT + DESCENT) * FONT_SIZE + GAP + widest + GAP)

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    def set_ranges(self, x_range: Sequence[float], y_range: Sequence[float]) -> None:
        """Set the data ranges the plotting area shows (widened if empty)."""
        def widen(low, high):
            return (low - 0.5, high + 0.5) if high <= low else (low, high)
        self.x_range, self.y_range = widen(*x_range), widen(*y_range)

    def px(self, x: float) -> float:
        """Pixel x of data x."""
        low, high = self.x_range
        return self.left + (x - low) / (high - low) * self.plot_width

    def py(self, y: float) -> float:
        """Pixel y of data y (flipped: larger y is higher up)."""
        low, high = self.y_range
        return self.top + (1 - (y - low) / (high - low)) * self.plot_height

    def add(self, tag: str, text: str = "", **attributes) -> None:
        """Append an element; attribute names use _ for - (stroke_width -> stroke-width)."""
        parts = " ".join(f"{name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}"
                         for name, value in attributes.items() if value is not None)
        if text:
            self.elements.append(f"<{tag} {parts}>{text}</{tag}>")
        else:
            self.elements.append(f"<{tag} {parts}/>")

    def circle(self, x: float, y: float, *, r: float = 3, animation: str = "", **style) -> None:
        """A dot at data (x, y), with an optional ``<animate>`` inside."""
        self.add("circle", animation, cx=_number(self.px(x)), cy=_number(self.py(y)), r=r, **style)

    def polyline(self, points: Iterable[Sequence[float]], **style) -> None:
        """A line through data points."""
        text = " ".join(f"{_number(self.px(x))},{_number(self.py(y))}" for x, y in points)
        self.add("polyline", points=text, fill="none", **style)

    def text(self, x_px: float, y_px: float, content: str, *, animation: str = "", **style) -> None:
        """Text at a pixel position (escaped for XML), with an optional ``<animate>`` inside."""
        self.add("text", escape(content) + animation, x=_number(x_px), y=_number(y_px),
                 font_family=FONT, font_size=_number(style.pop("font_size", FONT_SIZE)), **style)

    def axes(self, x_label: str = "", y_label: str = "", *, x_ticks: Sequence[float] = (),
             y_ticks: Sequence[float] = ()) -> None:
        """Frame, grid lines at the ticks, tick labels, axis labels and the title."""
        bottom, right = self.top + self.plot_height, self.left + self.plot_width
        below = bottom + GAP + ASCENT * FONT_SIZE              # baseline of the x tick labels
        for x, label in zip(x_ticks, tick_labels(x_ticks)):
            self.add("line", x1=_number(self.px(x)), x2=_number(self.px(x)), y1=self.top,
                     y2=bottom, stroke="#dddddd")
            self.text(self.px(x), below, label, text_anchor="middle")
        for y, label in zip(y_ticks, tick_labels(y_ticks)):
            self.add("line", x1=self.left, x2=right, y1=_number(self.py(y)), y2=_number(self.py(y)),
                     stroke="#dddddd")
            self.side_label(self.py(y), label)
        self.add("rect", x=self.left, y=self.top, width=_number(self.plot_width),
                 height=_number(self.plot_height), fill="none", stroke="#444444", class_="frame")
        self.text(self.left + self.plot_width / 2, below + GAP + FONT_SIZE, x_label,
                  text_anchor="middle")
        middle, baseline = self.top + self.plot_height / 2, GAP + ASCENT * FONT_SIZE
        self.text(baseline, middle, y_label, text_anchor="middle",
                  transform=f"rotate(-90 {_number(baseline)} {_number(middle)})")
        self.text(self.left + self.plot_width / 2, self.top - 14, self.title, text_anchor="middle",
                  font_size=TITLE_SIZE)

    def side_label(self, y_px: float, content: str) -> None:
        """A label left of the frame, centred on pixel height y_px, as y tick labels are."""
        self.text(self.left - GAP, y_px + 0.35 * FONT_SIZE, content, text_anchor="end")

    def centre_marker(self, x_px: float, y_px: float, *, scale: float = 1.0,
                      animation: str = "") -> None:
        """The cluster-centre mark at a pixel position: a black X with a white core.

        It stands out on any cluster colour. ``animation`` (an ``<animateTransform>``) moves it.
        """
        lines = []
        strokes = (("#000000", 11 * scale, 6 * scale), ("#ffffff", 9 * scale, 2 * scale))
        for colour, size, width in strokes:
            for dx in (-size, size):
                lines.append(f'<line x1="{_number(-dx)}" y1="{_number(-size)}" x2="{_number(dx)}" '
                             f'y2="{_number(size)}" stroke="{colour}" stroke-width="{_number(width)}" '
                             f'stroke-linecap="round"/>')
        self.elements.append(f'<g class="centre" transform="translate({_number(x_px)} {_number(y_px)})">'
                             f'{"".join(lines)}{animation}</g>')

    def note(self, x_px: float, y_px: float, content: str, *, gap: float = GAP,
             avoid: Sequence[tuple[float, float]] = (), **style) -> None:
        """Text beside a point, inside the plotting area and over as few ``avoid`` pixels as can be.

        Places tried, in order: above right, right, below right, then the same on the left
        (sideways 4 px further, to clear a ring of radius about ``gap``). The first that lies
        inside the frame and covers fewest ``avoid`` pixels wins.
        """
        width, size = text_width(content), FONT_SIZE
        sides = ((gap, gap + 4), (-gap - width, -gap - 4 - width))      # (diagonal, level) dx
        boxes = [(x_px + dx, y_px + dy) for diagonal, level in sides      # left and top edges
                 for dx, dy in ((diagonal, -gap - size), (level, -size / 2), (diagonal, gap))]
        left, right = self.left + 2, self.left + self.plot_width - 2 - width
        top, bottom = self.top + 2, self.top + self.plot_height - 2 - size
        inside = [(x, y) for x, y in boxes if left <= x <= right and top <= y <= bottom]

        def covered(box: tuple[float, float]) -> int:
            return sum(box[0] <= px <= box[0] + width and box[1] <= py <= box[1] + size
                       for px, py in avoid)
        x, y = min(inside, key=covered) if inside else (min(max(boxes[0][0], left), right),
                                                          min(max(boxes[0][1], top), bottom))
        # anchored on the side facing the point, so a wider font grows away from it; a white
        # outline under the letters keeps the note readable where it crosses a line or bars
        anchor, x = ("start", x) if x >= x_px else ("end", x + width)
        self.text(x, y + ASCENT * size, content, text_anchor=anchor, stroke="white",
                  stroke_width=3, paint_order="stroke", class_="note", **style)

    @staticmethod
    def legend_size(entries: Sequence[tuple[str, str, str]]) -> tuple[float, float]:
        """(width, height) in px of the key for these entries.

        >>> [round(size, 1) for size in Canvas.legend_size([("patch", "#0072B2", "cluster 4")])]
        [115.0, 25.4]
        """
        width = GAP + 22 + max(text_width(text) for _, _, text in entries) + 2 * GAP
        return width, 1.4 * FONT_SIZE * len(entries) + GAP

    def legend(self, entries: Sequence[tuple[str, str, str]], avoid: Sequence[Mark] = (), *,
               box: Optional[Box] = None) -> Box:
        """A key in ``box``, else in the plotting area's corner covering fewest ``avoid`` marks;
        returns its box.

        Each entry is (mark, colour, text) with mark "patch", "centre" or "ring".
        """
        row = 1.4 * FONT_SIZE
        x, y, width, height = box or self.free_corner(*self.legend_size(entries), avoid)
        self.add("rect", x=_number(x), y=_number(y), width=_number(width), height=_number(height),
                 fill="white", fill_opacity=0.8, stroke="#cccccc", rx=3, class_="legend")
        for i, (mark, colour, text) in enumerate(entries):
            middle = y + GAP / 2 + row * (i + 0.5)
            if mark == "centre":
                self.centre_marker(x + GAP + 8, middle, scale=0.6)
            elif mark == "ring":
                self.add("circle", cx=_number(x + GAP + 8), cy=_number(middle), r=6, fill="none",
                         stroke="#000000", stroke_width=2)
            else:
                self.add("rect", x=_number(x + GAP + 3), y=_number(middle - 5), width=10, height=10,
                         fill=colour)
            self.text(x + GAP + 22, middle + 0.35 * FONT_SIZE, text, class_="legend")
        return x, y, width, height

    def free_corner(self, width: float, height: float, avoid: Sequence[Mark] = (),
                    taken: Sequence[Box] = ()) -> Box:
        """(x, y, width, height) of a box in the plotting area's corner covering fewest ``avoid``
        marks, skipping ``taken`` boxes; ties go to upper right, upper left, lower left, lower
        right (matplotlib's loc="best" order)."""
        xs = (self.left + self.plot_width - GAP - width, self.left + GAP)
        ys = (self.top + GAP, self.top + self.plot_height - GAP - height)
        corners = [(xs[0], ys[0], width, height), (xs[1], ys[0], width, height),
                   (xs[1], ys[1], width, height), (xs[0], ys[1], width, height)]

        def overlaps(corner: Box) -> bool:
            x, y = corner[:2]
            return any(x < bx + bw and bx < x + width and y < by + bh and by < y + height
                       for bx, by, bw, bh in taken)

        def covered(corner: Box) -> int:
            return sum(covers(corner, mark) for mark in avoid)
        return min([corner for corner in corners if not overlaps(corner)] or corners, key=covered)

    def box_outside(self, width: float, height: float, marks: Sequence[Mark] = ()) -> Box:
        """(x, y, width, height) of a box right of the plotting area, level with its top.

        The box starts GAP px right of the plotting area, or of the farthest of ``marks``
        (a centre cross on the frame's edge reaches past it); the canvas widens (by whole
        px) until the box fits with GAP px after it. The plotting area and everything drawn
        keep their places, and the title stays centred on the plotting area.

        >>> canvas = Canvas(640, 480, margin=(20, 30, 50, 50))
        >>> canvas.box_outside(115, 40), canvas.width, canvas.plot_width
        ((616, 20, 115, 40), 737, 560)
        >>> Canvas(640, 480, margin=(20, 30, 50, 50)).box_outside(115, 40, [(610, 30, 14)])[0]
        631
        """
        reach = max([x + radius + 0.5 for x, _, radius in marks], default=0.0)
        left = max(self.left + self.plot_width + GAP, math.ceil(reach + GAP))
        extra = max(0, math.ceil(left + width + GAP - self.width))
        self.width, self.right = self.width + extra, self.right + extra
        return left, self.top, width, height

    def render(self) -> str:
        """The whole document as a string."""
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" '
                f'height="{self.height}" viewBox="0 0 {self.width} {self.height}">')
        body = "\n".join(self.elements)
        return f'{head}\n<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n'
