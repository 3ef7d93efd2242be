"""Pictures: Netpbm and PNG reading and writing, and K-Means colour quantization.

Public names: Image, read_ppm, write_ppm, quantize, quantization_report, QuantizeReport, palette_file_size,
tutorial_image, read_png, png_bytes, write_png, MAX_PIXELS, shared_pixels (equal pixels as one tuple).
"""

from .png import MAX_PIXELS, png_bytes, read_png, write_png
from .ppm import Image, read_ppm, shared_pixels, write_ppm
from .quantization import (QuantizeReport, palette_file_size, quantization_report, quantize,
                           tutorial_image)

__all__ = ["Image", "read_ppm", "write_ppm", "quantize", "quantization_report", "QuantizeReport",
           "palette_file_size", "tutorial_image", "read_png", "png_bytes", "write_png", "MAX_PIXELS",
           "shared_pixels"]
