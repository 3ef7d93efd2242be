"""A tiny SVG writer: shapes as XML elements, numbers mapped onto a pixel canvas.

SVG is XML: ``<svg width=.. height=.. viewBox="0 0 W H">`` holding ``<circle cx cy r>``,
``<line x1 y1 x2 y2>``, ``<polyline points>``, ``<rect>``, ``<text>`` and so on. Browsers
draw it and any XML parser reads it, so a plot needs no plotting library.

Data coordinates become pixels by a linear map per axis; y is flipped because SVG's y grows
downwards:

    px = left + (x - x_min) / (x_max - x_min) * plot_width
    py = top + (1 - (y - y_min) / (y_max - y_min)) * plot_height

Axis ticks use "nice numbers" (Heckbert 1990): steps of 1, 2 or 5 times a power of ten.

Public names: Canvas, nice_ticks, PALETTE.
Reference: P. S. Heckbert (1990), "Nice numbers for graph labels", Graphics Gems.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Canvas", "nice_ticks", "PALETTE"]

# Okabe and Ito's colour-blind-safe palette (black moved last for use as a default).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering [low, high].

    >>> nice_ticks(0.0, 9.3)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    >>> nice_ticks(-0.37, 0.81)
    [-0.5, 0.0, 0.5, 1.0]
    """
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    # multiply, never accumulate: i * step keeps 0.1 * 3 from drifting to 0.30000000000000004
    return [round(i * step, 10) + 0.0 for i in range(first, last + 1)]


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
                 margin: Sequence[int] = (50, 30, 60, 70)):
        self.width, self.height = width, height
        self.top, self.right, self.bottom, self.left = margin
        self.elements: list[str] = []
        self.title = title
        self.x_range, self.y_range = (0.0, 1.0), (0.0, 1.0)

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

    def circle(self, x: float, y: float, *, r: float = 3, **style) -> None:
        """A dot at data (x, y)."""
        self.add("circle", cx=_number(self.px(x)), cy=_number(self.py(y)), r=r, **style)

    def polyline(self, points: Iterable[Sequence[float]], **style) -> None:
        """A line through data points."""
        text = " ".join(f"{_number(self.px(x))},{_number(self.py(y))}" for x, y in points)
        self.add("polyline", points=text, fill="none", **style)

    def text(self, x_px: float, y_px: float, content: str, **style) -> None:
        """Text at a pixel position (escaped for XML)."""
        self.add("text", escape(content), x=_number(x_px), y=_number(y_px),
                 font_family="sans-serif", font_size=style.pop("font_size", 12), **style)

    def axes(self, x_label: str = "", y_label: str = "", *, x_ticks: Sequence[float] = (),
             y_ticks: Sequence[float] = ()) -> None:
        """Frame, grid lines at the ticks, tick labels, axis labels and the title."""
        bottom, right = self.top + self.plot_height, self.left + self.plot_width
        for x in x_ticks:
            self.add("line", x1=_number(self.px(x)), x2=_number(self.px(x)), y1=self.top,
                     y2=bottom, stroke="#dddddd")
            self.text(self.px(x), bottom + 18, f"{x:g}", text_anchor="middle", font_size=11)
        for y in y_ticks:
            self.add("line", x1=self.left, x2=right, y1=_number(self.py(y)), y2=_number(self.py(y)),
                     stroke="#dddddd")
            self.text(self.left - 6, self.py(y) + 4, f"{y:g}", text_anchor="end", font_size=11)
        self.add("rect", x=self.left, y=self.top, width=_number(self.plot_width),
                 height=_number(self.plot_height), fill="none", stroke="#444444")
        self.text(self.left + self.plot_width / 2, self.height - 15, x_label, text_anchor="middle")
        self.text(18, self.top + self.plot_height / 2, y_label, text_anchor="middle",
                  transform=f"rotate(-90 18 {_number(self.top + self.plot_height / 2)})")
        self.text(self.width / 2, 28, self.title, text_anchor="middle", font_size=16,
                  font_weight="bold")

    def render(self) -> str:
        """The whole document as a string."""
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" '
                f'height="{self.height}" viewBox="0 0 {self.width} {self.height}">')
        body = "\n".join(self.elements)
        return f'{head}\n<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n'
