"""Plots as SVG files, written by our own small module (no plotting library needed).

Axes follow the data (``axes``: 5% padding, no room below zero for values that cannot be
negative, whole-number ticks for K, plain tick labels), text stays inside the canvas, and
every plot marks cluster centres with the same black-and-white cross, named in its legend.

Where is ...?

    name             module      what it does
    scatter_plot     charts      points coloured by cluster, centres as crosses, marked points ringed
    line_plot        charts      a curve with one point highlighted (the knee, the best K); error bars
    silhouette_plot  charts      Rousseeuw's silhouette diagram with its mean
    image_strip      charts      pictures side by side, with captions
    save             charts      write an SVG document atomically
    lloyd_animation  animation   Lloyd's steps as an animated SVG, with a step counter
    data_range       axes        an axis range from the data: 5% padding, across zero only for scatters
    axis_ticks       axes        round ticks inside a range; whole numbers on an integer axis
    tick_labels      axes        tick labels with one number of decimals, plain where they fit
    Canvas           svg         the SVG writer: data-to-pixel maps, axes, notes, legends
    nice_ticks       axes        Heckbert's loose ticks, stretching the range (unused by the plots)
    PALETTE          svg         Okabe and Ito's colour-blind-safe colours
"""

from .animation import lloyd_animation
from .axes import axis_ticks, data_range, nice_ticks, tick_labels
from .charts import image_strip, line_plot, save, scatter_plot, silhouette_plot
from .svg import PALETTE, Canvas

__all__ = ["scatter_plot", "line_plot", "silhouette_plot", "image_strip", "save", "lloyd_animation",
           "data_range", "axis_ticks", "tick_labels", "Canvas", "nice_ticks", "PALETTE"]
