"""Colour quantization: repaint a picture with only k colours, chosen by K-Means.

Every pixel is a point (r, g, b). K-Means groups them into k clusters; each pixel is then
replaced by its cluster's centre, rounded to whole samples. Fewer colours mean a smaller
palette-indexed file: each pixel needs only ceil(log2 k) bits instead of 24.

How it stays fast on a photo (hundreds of thousands of pixels, tens of thousands of
distinct colours). Fitting on every pixel would cost pixels x k distances per Lloyd step.
Like scikit-learn's colour-quantization example, we fit on a random sample of pixels
(``sample_size``, default 2,000), which finds nearly the same palette. Then every
*distinct* colour is assigned to its nearest centre once, and pixels are repainted through
that lookup table: a photo has far fewer distinct colours than pixels. (Clustering the
distinct colours weighted by their counts would be exact but is slower for the same error.)

    mean squared error = (1 / (n_pixels * channels)) sum over samples (original - new)**2

Public names: quantize, quantization_report, QuantizeReport, palette_file_size, tutorial_image.
Reference: P. Heckbert (1982), "Color image quantization for frame buffer display",
SIGGRAPH; scikit-learn's "Color Quantization using K-Means" example.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ..kmeans import KMeans
from ..randomness import check_random_state
from ..vectors import nearest
from .ppm import Image

__all__ = ["quantize", "quantization_report", "QuantizeReport", "palette_file_size", "tutorial_image"]


class QuantizeReport(NamedTuple):
    """How the quantized picture compares with the original."""
    n_colors: int                # colours in the palette
    distinct_before: int         # distinct colours in the original
    mse: float                   # mean squared error per sample
    raw_bytes: int               # width * height * channels * bytes per sample
    palette_bytes: int           # a palette-indexed file: palette + packed indices


def palette_file_size(n_pixels: int, n_colors: int, channels: int = 3) -> int:
    """Bytes for a palette plus ceil(log2 n_colors) bits per pixel (rounded up to bytes).

    >>> palette_file_size(2500, 4)        # 4 colours: 2 bits a pixel, 625 bytes + 12 palette
    637
    """
    bits = max(1, math.ceil(math.log2(n_colors))) if n_colors > 1 else 1
    return n_colors * channels + math.ceil(n_pixels * bits / 8)


def quantize(image: Image, n_colors: int, *, random_state=None, sample_size: int = 2000,
             n_init: int = 1) -> tuple[Image, list]:
    """(new image, palette): the picture repainted with at most n_colors colours.

    >>> picture = Image(2, 2, 255, [(250, 0, 0), (240, 10, 0), (0, 0, 250), (0, 10, 240)])
    >>> new, palette = quantize(picture, 2, random_state=0)
    >>> sorted(palette), new.pixels
    ([(0, 5, 245), (245, 5, 0)], [(245, 5, 0), (245, 5, 0), (0, 5, 245), (0, 5, 245)])

    Same ``random_state``, same result. Raises KMeansError if n_colors is below 1.
    """
    rng = check_random_state(random_state)
    pixels = image.pixels
    if len(pixels) > sample_size:
        sample = [pixels[i] for i in rng.choice(len(pixels), sample_size, replace=False)]
    else:
        sample = pixels
    k = min(n_colors, len(set(sample)))
    model = KMeans(n_clusters=k, n_init=n_init, random_state=rng).fit(sample)
    palette = [tuple(min(image.maxval, max(0, round(v))) for v in centre)
               for centre in model.cluster_centers_]
    # each distinct colour is assigned once; pixels are repainted through the lookup table
    lookup = {colour: palette[nearest(colour, model.cluster_centers_)]
              for colour in dict.fromkeys(pixels)}
    return Image(image.width, image.height, image.maxval, [lookup[p] for p in pixels]), palette


def quantization_report(original: Image, quantized: Image) -> QuantizeReport:
    """How a quantized picture compares with its original: colours, error and file sizes.

    >>> before = Image(2, 1, 255, [(250, 0, 0), (240, 10, 0)])
    >>> quantization_report(before, Image(2, 1, 255, [(245, 5, 0)] * 2))
    QuantizeReport(n_colors=1, distinct_before=2, mse=16.666666666666668, raw_bytes=6, palette_bytes=4)
    """
    pairs = zip(original.pixels, quantized.pixels)
    errors = math.fsum((a - b) ** 2 for old, new in pairs for a, b in zip(old, new))
    channels = len(original.pixels[0])
    n_pixels, n_colors = len(original.pixels), len(set(quantized.pixels))
    return QuantizeReport(n_colors, len(set(original.pixels)), errors / (n_pixels * channels),
                          n_pixels * channels * (2 if original.maxval > 255 else 1),
                          palette_file_size(n_pixels, n_colors, channels))


def tutorial_image(random_state=42) -> Image:
    """The tutorial's 50 x 50 test picture: four coloured quadrants with +-30 noise.

    Drawn as the tutorial's NumPy code draws it (``np.random.seed(42)``, two ``randint``
    calls), so the pixels are the same.

    >>> picture = tutorial_image()
    >>> picture.width, picture.height, picture.pixels[0]
    (50, 50, (190, 61, 55))
    """
    rng = check_random_state(random_state)
    # The tutorial's first draw, randint(0, 256, dtype=uint8), is painted over entirely; NumPy
    # fills uint8 arrays four samples per 32-bit word, so it uses 7500 / 4 words. Skip them.
    rng.randint(0, 2**32, size=50 * 50 * 3 // 4)
    noise = rng.randint(-30, 30, size=50 * 50 * 3)
    quadrant = {(0, 0): (200, 50, 50), (0, 1): (50, 200, 50), (1, 0): (50, 50, 200),
                (1, 1): (200, 200, 50)}
    pixels = []
    for row in range(50):
        for column in range(50):
            base = quadrant[row >= 25, column >= 25]
            start = (row * 50 + column) * 3
            pixels.append(tuple(min(255, max(0, b + n)) for b, n in zip(base, noise[start:start + 3])))
    return Image(50, 50, 255, pixels)
