"""Plots as SVG files, written by our own small module (no plotting library needed).

Public functions: scatter_plot, line_plot, silhouette_plot, lloyd_animation, image_strip,
save; the writer itself is in ``plot.svg`` (Canvas, nice_ticks, PALETTE).
"""

from .charts import image_strip, line_plot, lloyd_animation, save, scatter_plot, silhouette_plot
from .svg import PALETTE, Canvas, nice_ticks

__all__ = ["scatter_plot", "line_plot", "silhouette_plot", "lloyd_animation", "image_strip",
           "save", "Canvas", "nice_ticks", "PALETTE"]
