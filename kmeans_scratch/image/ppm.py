"""Netpbm images (PPM colour, PGM grey): the simplest picture format there is.

A Netpbm file is a short text header and then the samples, row by row, left to right:

    P6 <width> <height> <maxval> <one whitespace byte> <binary samples>     (colour, P3: text)
    P5 ...                                                                  (grey,   P2: text)

Header fields are separated by any whitespace; '#' starts a comment that runs to the end of
the line. maxval is 1..65535; above 255 each binary sample takes two bytes, big-endian.

The reader treats the file as untrusted: the size the header claims is checked against the
bytes actually present *before* anything is allocated, and every problem is a ValueError
that names the byte offset. Only the first image of a multi-image file is read.

Writing is atomic (a temporary file in the same folder, then ``os.replace``) and never
replaces an existing file unless ``overwrite=True``, so an input cannot be lost.

Public names: Image, read_ppm, write_ppm.
Reference: the Netpbm format specifications, https://netpbm.sourceforge.net/doc/ppm.html
"""

from __future__ import annotations

import os
from typing import BinaryIO, NamedTuple, Union

from ..files import atomic_write

__all__ = ["Image", "read_ppm", "write_ppm"]

_CHANNELS = {b"P2": 1, b"P5": 1, b"P3": 3, b"P6": 3}
_WHITESPACE = b" \t\n\r\v\f"


class Image(NamedTuple):
    """A picture: ``pixels`` is a flat, row-major list of tuples, (r, g, b) or (v,)."""
    width: int
    height: int
    maxval: int
    pixels: list


class _Header(NamedTuple):
    magic: bytes
    width: int
    height: int
    maxval: int
    data_start: int


def _next_token(data: bytes, position: int) -> tuple[bytes, int, int]:
    """(token, its offset, the offset after it), skipping whitespace and comments."""
    while position < len(data):
        if data[position] in _WHITESPACE:
            position += 1
        elif data[position:position + 1] == b"#":
            end = data.find(b"\n", position)
            position = len(data) if end < 0 else end + 1
        else:
            break
    start = position
    while position < len(data) and data[position] not in _WHITESPACE and data[position:position + 1] != b"#":
        position += 1
    return data[start:position], start, position


def _header_number(data: bytes, position: int, name: str, low: int, high: int) -> tuple[int, int]:
    """(the header field, offset after it), checked to be a decimal in low..high."""
    token, start, end = _next_token(data, position)
    if not token:
        raise ValueError(f"read_ppm: truncated header, {name} missing at byte {start}")
    if not token.isdigit():
        raise ValueError(f"read_ppm: {name} must be a decimal number; got {token[:20]!r} at byte {start}")
    value = int(token)
    if not low <= value <= high:
        raise ValueError(f"read_ppm requires {low} <= {name} <= {high}; got {name}={value} at byte {start}")
    return value, end


def _parse_header(data: bytes) -> _Header:
    """The header fields, checked, and the offset where the samples begin."""
    magic = data[:2]
    if magic not in _CHANNELS:
        raise ValueError(f"read_ppm: not a PPM/PGM file; bad magic number {magic!r} at byte 0 "
                         "(expected P2, P3, P5 or P6)")
    width, position = _header_number(data, 2, "width", 1, 2**31)
    height, position = _header_number(data, position, "height", 1, 2**31)
    maxval, position = _header_number(data, position, "maxval", 1, 65535)
    if position >= len(data) or data[position] not in _WHITESPACE:
        raise ValueError(f"read_ppm: expected one whitespace byte after maxval at byte {position}")
    return _Header(magic, width, height, maxval, position + 1)


def _read_binary(data: bytes, header: _Header) -> list:
    """Samples of a P5/P6 file, after checking that enough bytes are present."""
    channels = _CHANNELS[header.magic]
    size = 2 if header.maxval > 255 else 1
    count = header.width * header.height * channels
    available = len(data) - header.data_start
    if available < count * size:
        raise ValueError(f"read_ppm: truncated data; the header claims {header.width}x{header.height} "
                         f"pixels ({count * size} bytes) but only {available} bytes follow byte "
                         f"{header.data_start}")
    body = data[header.data_start:header.data_start + count * size]
    if size == 1:
        samples = list(body)
    else:
        samples = [(body[i] << 8) | body[i + 1] for i in range(0, len(body), 2)]
    if header.maxval < (255 if size == 1 else 65535) and max(samples) > header.maxval:
        index = next(i for i, v in enumerate(samples) if v > header.maxval)
        raise ValueError(f"read_ppm: sample {samples[index]} above maxval={header.maxval} at byte "
                         f"{header.data_start + index * size}")
    return samples


def _read_text(data: bytes, header: _Header) -> list:
    """Samples of a P2/P3 file: decimal numbers separated by whitespace."""
    count = header.width * header.height * _CHANNELS[header.magic]
    if len(data) - header.data_start < 2 * count - 1:   # each sample is a digit and a separator
        raise ValueError(f"read_ppm: truncated data; the header claims {count} samples but only "
                         f"{len(data) - header.data_start} bytes follow byte {header.data_start}")
    samples: list[int] = []
    position = header.data_start
    for _ in range(count):
        token, start, position = _next_token(data, position)
        if not token:
            raise ValueError(f"read_ppm: truncated data; {len(samples)} of {count} samples found")
        if not token.isdigit() or int(token) > header.maxval:
            raise ValueError(f"read_ppm: sample {token[:20]!r} at byte {start} is not a number "
                             f"in 0..maxval={header.maxval}")
        samples.append(int(token))
    return samples


def read_ppm(source: Union[str, os.PathLike, BinaryIO]) -> Image:
    """The image in a P2, P3, P5 or P6 file (a path or a binary file object).

    >>> import io
    >>> read_ppm(io.BytesIO(b"P3 2 1 255  255 0 0  0 0 255"))
    Image(width=2, height=1, maxval=255, pixels=[(255, 0, 0), (0, 0, 255)])

    Raises ValueError, naming the byte offset, for a bad magic number, a bad or missing
    header field, maxval outside 1..65535, truncated data or a sample above maxval.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    header = _parse_header(data)
    binary = header.magic in (b"P5", b"P6")
    samples = _read_binary(data, header) if binary else _read_text(data, header)
    channels = _CHANNELS[header.magic]
    pixels = list(zip(*[iter(samples)] * channels))    # group the flat samples in threes (or ones)
    return Image(header.width, header.height, header.maxval, pixels)


def _encode(image: Image, binary: bool) -> bytes:
    """The bytes of a Netpbm file for the image."""
    channels = len(image.pixels[0]) if image.pixels else 3
    if channels not in (1, 3) or len(image.pixels) != image.width * image.height:
        raise ValueError(f"write_ppm requires width*height pixels of 1 or 3 samples; got "
                         f"{len(image.pixels)} pixels for {image.width}x{image.height}")
    if not 1 <= image.maxval <= 65535:
        raise ValueError(f"write_ppm requires 1 <= maxval <= 65535; got maxval={image.maxval}")
    magic = {(1, True): "P5", (3, True): "P6", (1, False): "P2", (3, False): "P3"}[channels, binary]
    header = f"{magic}\n{image.width} {image.height}\n{image.maxval}\n".encode("ascii")
    samples = [int(v) for pixel in image.pixels for v in pixel]
    if any(not 0 <= v <= image.maxval for v in samples):
        raise ValueError(f"write_ppm requires samples in 0..maxval={image.maxval}")
    if not binary:
        rows = [" ".join(map(str, samples[i:i + 12])) for i in range(0, len(samples), 12)]
        return header + "\n".join(rows).encode("ascii") + b"\n"
    if image.maxval <= 255:
        return header + bytes(samples)
    return header + b"".join(v.to_bytes(2, "big") for v in samples)


def write_ppm(image: Image, dest: Union[str, os.PathLike, BinaryIO], *, binary: bool = True,
              overwrite: bool = False) -> None:
    """Write the image as P6/P5 (or P3/P2 with ``binary=False``), atomically.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_ppm(Image(1, 1, 255, [(7,)]), out, binary=False)
    >>> out.getvalue()
    b'P2\\n1 1\\n255\\n7\\n'

    Raises FileExistsError if ``dest`` exists and ``overwrite`` is False; ValueError for an
    image whose pixels do not fit its size or maxval.
    """
    data = _encode(image, binary)
    if not isinstance(dest, (str, os.PathLike)):
        dest.write(data)
        return
    atomic_write(dest, data, overwrite=overwrite)
