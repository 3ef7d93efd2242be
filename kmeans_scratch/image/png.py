"""A small PNG writer: enough to show a picture in any browser, with zlib and struct only.

A PNG file is an 8-byte signature and a list of chunks, each ``length, type, data, CRC32``:

    IHDR  width, height, bit depth 8, colour type 2 (RGB) or 0 (grey), no interlace
    IDAT  the zlib-compressed rows, each preceded by a filter byte (0: none)
    IEND  the end

Samples above 8 bits are scaled down to 0..255 (v * 255 // maxval).

Public functions: png_bytes, write_png.
Reference: W3C, "Portable Network Graphics (PNG) Specification", 2nd ed. (2003).
"""

from __future__ import annotations

import os
import struct
import zlib

from ..files import atomic_write
from .ppm import Image

__all__ = ["png_bytes", "write_png"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One chunk: length, type, data and the CRC32 of type + data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(image: Image) -> bytes:
    """The PNG encoding of an image (RGB or grey, 8 bits per sample).

    >>> png_bytes(Image(1, 1, 255, [(255, 0, 0)]))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    channels = len(image.pixels[0])
    scale = (lambda v: v) if image.maxval == 255 else (lambda v: v * 255 // image.maxval)
    rows = []
    for y in range(image.height):
        row = image.pixels[y * image.width:(y + 1) * image.width]
        rows.append(b"\x00" + bytes(scale(v) for pixel in row for v in pixel))
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 2 if channels == 3 else 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))


def write_png(image: Image, path: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Write the image as a PNG file, atomically (never over an existing file unless asked)."""
    atomic_write(path, png_bytes(image), overwrite=overwrite)
