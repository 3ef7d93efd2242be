"""``quantize``: repaint a PNG, PPM or PGM picture with K colours.

The input's format is known by its first bytes (a Netpbm magic number, else PNG), the
output's by its name (.png, or .ppm/.pgm/.pnm; ``--ascii`` for Netpbm's text forms). A big
picture (from QUANTIZE_NOTE_PIXELS pixels on) says what is being done.

Public: run_quantize, QUANTIZE_NOTE_PIXELS.
"""

from __future__ import annotations

import os
import time

from .checks import check_outputs
from .heartbeat import heartbeat, note

__all__ = ["run_quantize", "QUANTIZE_NOTE_PIXELS"]

QUANTIZE_NOTE_PIXELS = 2_000_000    # from here on, quantize says what it is doing (seconds of work)
_IMAGE_SUFFIXES = {".png": "png", ".ppm": "ppm", ".pgm": "ppm", ".pnm": "ppm"}
_NETPBM_MAGIC = (b"P2", b"P3", b"P5", b"P6")


def _output_format(args) -> str:
    """'png' or 'ppm', as OUTPUT's name asks; refuse a name that asks for neither."""
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in _IMAGE_SUFFIXES:
        raise ValueError(f"quantize requires OUTPUT ending in .png, .ppm, .pgm or .pnm; "
                         f"got OUTPUT={args.output!r}")
    if args.ascii and _IMAGE_SUFFIXES[suffix] == "png":
        raise ValueError(f"quantize requires a .ppm/.pgm OUTPUT with --ascii; got OUTPUT={args.output!r}")
    return _IMAGE_SUFFIXES[suffix]


def _read_picture(path: str):
    """The picture in a Netpbm file (by its magic number), else in a PNG file.

    Anything else (a JPEG, say) goes to read_png, whose message names it and how to convert it.
    """
    from ..image import read_png, read_ppm
    with open(path, "rb") as source:
        magic = source.read(2)
    return read_ppm(path) if magic in _NETPBM_MAGIC else read_png(path)


def run_quantize(args) -> int:
    """Repaint a picture with --colors colours and report error and file sizes."""
    from ..image import quantization_report, quantize, write_png, write_ppm
    start = time.perf_counter()
    check_outputs(args, {"OUTPUT": args.output}, [args.input])
    kind = _output_format(args)
    with heartbeat(args, f"reading {args.input}"):      # a big photo takes a while: say so
        image = _read_picture(args.input)
    pixels = image.width * image.height
    if pixels >= QUANTIZE_NOTE_PIXELS:
        note(args, f"{args.input}: {image.width}x{image.height} ({pixels / 1e6:.1f} megapixels); "
                   f"repainting with {args.colors} colours")
    with heartbeat(args, f"repainting with {args.colors} colours"):
        new, _ = quantize(image, args.colors, random_state=args.random_state)
        report = quantization_report(image, new)
    with heartbeat(args, f"writing {args.output}"):
        if kind == "png":
            write_png(new, args.output, overwrite=args.overwrite)
        else:
            write_ppm(new, args.output, binary=not args.ascii, overwrite=args.overwrite)
    print(f"{args.input}: {image.width}x{image.height}, {report.distinct_before} colours -> "
          f"{report.n_colors}; mean squared error {report.mse:.2f}")
    print(f"raw {report.raw_bytes} bytes; a palette-indexed file would take {report.palette_bytes} "
          f"bytes ({report.raw_bytes / report.palette_bytes:.1f}x smaller)")
    print(f"wrote {args.output} in {time.perf_counter() - start:.2f} s")
    return 0
