"""PNG, the web's lossless picture format: a reader and a writer, with zlib and struct only.

A PNG file is an 8-byte signature (89 50 4E 47 0D 0A 1A 0A) and a list of chunks, each
``length (4 bytes, big-endian), type (4 letters), data, CRC32 of type + data``:

    IHDR  width, height, bit depth, colour type, compression 0, filter 0, interlace 0 or 1
    PLTE  the palette of a colour-type-3 image: r, g, b bytes per entry
    IDAT  one zlib stream of all the rows, split over one or more chunks
    IEND  the end

    colour type  0 grey      2 RGB  3 palette   4 grey+alpha  6 RGBA
    bit depths   1 2 4 8 16  8 16   1 2 4 8     8 16          8 16

Each inflated row starts with a filter byte. With x a byte of the row, a the byte one pixel to
its left, b the byte above and c the byte above-left (0 outside the image), all mod 256:

    0 None  x      1 Sub  x + a      2 Up  x + b      3 Average  x + (a + b) // 2
    4 Paeth x + the one of a, b, c nearest p = a + b - c (ties: a, then b)

``read_png`` gives the Image ``read_ppm`` gives for the same picture: grey as (v,), colour as
(r, g, b), maxval = 2**bit_depth - 1 (1, 3, 15, 255 or 65535; a palette gives 255). Alpha is
dropped, as Pillow's ``convert("RGB")`` drops it; tRNS and other ancillary chunks are ignored.
Interlaced (Adam7) files are refused. Nothing is trusted: every CRC is checked, and the size
IHDR claims is checked against ``max_pixels`` (50 million, a 48-megapixel phone photo; each
pixel costs about 100 bytes in Python) before the zlib stream is inflated -- at most one byte
past that size, so a decompression bomb stops early. Each problem is a KMeansError naming the
byte offset.

``png_bytes`` writes rows unfiltered (filter byte 0). Grey with maxval 1, 3 or 15 is written at
bit depth 1, 2 or 4, maxval 255 at 8 and 65535 at 16; other maxvals scale to 8 bits
(v * 255 // maxval). So whatever read_png returns, png_bytes writes back exactly.

Public names: read_png, png_bytes, write_png, MAX_PIXELS.
Reference: W3C, "Portable Network Graphics (PNG) Specification", 2nd ed. (2003) and 3rd ed.
(2025), https://www.w3.org/TR/png/
"""

from __future__ import annotations

import os
import struct
import zlib
from itertools import accumulate
from operator import add
from typing import BinaryIO, Iterator, NamedTuple, Sequence, Union

from ..errors import KMeansError
from ..files import atomic_write
from .ppm import Image, shared_pixels

__all__ = ["read_png", "png_bytes", "write_png", "MAX_PIXELS"]

MAX_PIXELS = 50_000_000
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_OTHER_FORMATS = [(0, b"\xff\xd8\xff", "a JPEG", "jpg"), (0, b"GIF8", "a GIF", "gif"),
                  (0, b"BM", "a BMP", "bmp"), (0, b"II*\x00", "a TIFF", "tif"),
                  (0, b"MM\x00*", "a TIFF", "tif"), (8, b"WEBP", "a WebP", "webp"),
                  (4, b"ftyp", "an ISO media file (HEIC? AVIF?)", "heic")]


class _Header(NamedTuple):
    width: int
    height: int
    bit_depth: int
    colour_type: int

    @property
    def row_bytes(self) -> int:
        return (self.width * _CHANNELS[self.colour_type] * self.bit_depth + 7) // 8


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One chunk: length, type, data and the CRC32 of type + data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _not_png(data: bytes) -> str:
    """The error message for a file without the PNG signature, naming what it looks like."""
    for offset, magic, name, extension in _OTHER_FORMATS:
        if data[offset:offset + len(magic)] == magic:
            return (f"read_png requires a PNG file; got {name} ({magic.hex(' ').upper()} at byte "
                    f"{offset}); convert it first, e.g. `convert photo.{extension} photo.png` "
                    f"(ImageMagick) or `ffmpeg -i photo.{extension} photo.png`")
    if data[:1] == b"P" and data[1:2] in b"123456":
        return "read_png requires a PNG file; got a Netpbm file (P1..P6 at byte 0); use read_ppm"
    hint = (" (truncated?)" if data and _SIGNATURE.startswith(data) else
            " (damaged by a text-mode transfer?)" if data[:4] == _SIGNATURE[:4] else "")
    return f"read_png requires the PNG signature {_SIGNATURE.hex(' ').upper()}; got {data[:8]!r} at byte 0{hint}"


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes, int]]:
    """(type, data, offset of the chunk) for each chunk up to IEND, its CRC checked."""
    position = len(_SIGNATURE)
    while True:
        if position + 8 > len(data):
            raise KMeansError(f"read_png requires chunks up to IEND; got the end of the file at byte "
                              f"{len(data)} (truncated?)")
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        end = position + 12 + length
        if end > len(data):
            raise KMeansError(f"read_png requires complete chunks; got {kind!r} at byte {position} with "
                              f"length={length} but {len(data) - position - 12} bytes left (truncated?)")
        body = data[position + 8:end - 4]
        crc, = struct.unpack(">I", data[end - 4:end])
        if crc != zlib.crc32(kind + body):
            raise KMeansError(f"read_png requires each chunk's CRC to match; got CRC=0x{crc:08x} (computed "
                              f"0x{zlib.crc32(kind + body):08x}) for {kind!r} at byte {end - 4}")
        yield kind, body, position
        if kind == b"IEND":
            return
        position = end


def _parse_ihdr(body: bytes, at: int, max_pixels: int) -> _Header:
    """The IHDR fields, each checked (``at`` is the offset of the chunk's data)."""
    if len(body) != 13:
        raise KMeansError(f"read_png requires a 13-byte IHDR; got length={len(body)} at byte {at - 8}")
    width, height, depth, colour, *methods = struct.unpack(">IIBBBBB", body)
    for name, value, offset in (("width", width, at), ("height", height, at + 4)):
        if not 1 <= value <= 2**31 - 1:
            raise KMeansError(f"read_png requires 1 <= {name} <= 2**31-1; got {name}={value} at byte {offset}")
    if colour not in _DEPTHS:
        raise KMeansError(f"read_png requires colour type 0, 2, 3, 4 or 6; got colour_type={colour} "
                          f"at byte {at + 9}")
    if depth not in _DEPTHS[colour]:
        raise KMeansError(f"read_png requires bit depth {_DEPTHS[colour]} for colour type {colour}; "
                          f"got bit_depth={depth} at byte {at + 8}")
    for name, value, offset in zip(("compression", "filter"), methods, (at + 10, at + 11)):
        if value != 0:
            raise KMeansError(f"read_png requires {name}=0; got {name}={value} at byte {offset}")
    if methods[2] != 0:
        raise KMeansError(f"read_png requires interlace=0 (Adam7 is not supported); got interlace="
                          f"{methods[2]} at byte {at + 12}; re-save it without interlacing, e.g. "
                          f"`convert in.png -interlace none out.png` (ImageMagick)")
    if width * height > max_pixels:
        raise KMeansError(f"read_png requires width*height <= max_pixels={max_pixels}; got width={width}, "
                          f"height={height} at byte {at}")
    return _Header(width, height, depth, colour)


def _read_chunks(data: bytes, max_pixels: int) -> tuple[_Header, list, bytes, int]:
    """(header, palette, the IDAT data joined, offset of the first IDAT)."""
    header, palette, idat, idat_at = None, [], [], 0
    for kind, body, position in _chunks(data):
        if header is None:
            if kind != b"IHDR":
                raise KMeansError(f"read_png requires IHDR as the first chunk; got {kind!r} at byte {position}")
            header = _parse_ihdr(body, position + 8, max_pixels)
        elif kind == b"PLTE":
            if not body or len(body) % 3 or len(body) > 768:
                raise KMeansError(f"read_png requires a PLTE of 1..256 entries of 3 bytes; got length="
                                  f"{len(body)} at byte {position}")
            palette = list(zip(body[0::3], body[1::3], body[2::3]))
        elif kind == b"IDAT":
            idat_at = idat_at or position
            idat.append(body)
        elif kind[:1].isupper() and kind != b"IEND":    # a critical chunk we cannot skip safely
            raise KMeansError(f"read_png requires known critical chunks; got {kind!r} at byte {position}")
    assert header is not None                          # _chunks yields IHDR or we raised
    if not idat:
        raise KMeansError("read_png requires at least one IDAT chunk; got none")
    if header.colour_type == 3 and not palette:
        raise KMeansError("read_png requires a PLTE chunk for colour type 3; got none")
    return header, palette, b"".join(idat), idat_at


def _inflate(compressed: bytes, expected: int, at: int) -> bytes:
    """The inflated stream, exactly ``expected`` bytes, never inflating more than one byte past."""
    inflater, raw, pending = zlib.decompressobj(), bytearray(), compressed
    try:
        while not inflater.eof and len(raw) <= expected:
            piece = inflater.decompress(pending, expected + 1 - len(raw))
            pending = inflater.unconsumed_tail
            if not piece and not pending:
                break
            raw += piece
    except zlib.error as error:
        raise KMeansError(f"read_png requires valid zlib data; got '{error}' in the IDAT at byte {at}") from None
    if len(raw) != expected:
        got = "more" if len(raw) > expected else f"{len(raw)} (truncated?)"
        raise KMeansError(f"read_png requires the IDAT data to inflate to the {expected} bytes IHDR "
                          f"implies; got {got} in the IDAT at byte {at}")
    return bytes(raw)


def _unfilter(kind: int, line: bytearray, prior: bytearray, bpp: int) -> bytearray:
    """The row with filter ``kind`` undone, given the unfiltered row above.

    Each byte x was stored minus a predictor from its left neighbour a (bpp bytes back, 0 at
    the row's start), the byte above b and the one above-left c, modulo 256:

        0 None: 0    1 Sub: a    2 Up: b    3 Average: (a + b) // 2
        4 Paeth: the one of a, b, c nearest a + b - c (ties prefer a, then b)
    """
    if kind == 0:
        return line
    if kind == 2:                               # no chain along the row: at C speed
        return bytearray(map(_LOW_BYTE, map(add, line, prior)))
    if kind == 1:                               # a running sum along each channel
        for channel in range(bpp):
            line[channel::bpp] = bytes(map(_LOW_BYTE, accumulate(line[channel::bpp])))
        return line
    if kind == 3:
        for i in range(len(line)):
            line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prior[i]) // 2) & 255
        return line
    return _unpaeth(line, prior, bpp)


def _unpaeth(line: bytearray, prior: bytearray, bpp: int) -> bytearray:
    """The Paeth filter undone in place (the test written out: most photos use it on every row).

    With p = a + b - c: |p - a| = |b - c|, |p - b| = |a - c|, |p - c| = |a + b - 2c|.
    """
    for i in range(min(bpp, len(line))):        # a = c = 0 at the start: b is nearest
        line[i] = (line[i] + prior[i]) & 255
    for i in range(bpp, len(line)):
        a, b, c = line[i - bpp], prior[i], prior[i - bpp]
        to_a, to_b, to_c = abs(b - c), abs(a - c), abs(a + b - c - c)
        line[i] = (line[i] + (a if to_a <= to_b and to_a <= to_c else b if to_b <= to_c else c)) & 255
    return line


_LOW_BYTE = (255).__and__      # v & 255: the sum modulo 256


def _rows(raw: bytes, header: _Header) -> list[bytearray]:
    """The unfiltered rows of the inflated stream."""
    stride = header.row_bytes
    bpp = max(1, _CHANNELS[header.colour_type] * header.bit_depth // 8)
    rows: list[bytearray] = []
    prior = bytearray(stride)
    for y in range(header.height):
        start = y * (stride + 1)
        if raw[start] > 4:
            raise KMeansError(f"read_png requires filter types 0..4; got filter={raw[start]} on row {y} "
                              f"(byte {start} of the inflated IDAT data)")
        prior = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), prior, bpp)
        rows.append(prior)
    return rows


def _samples(rows: list[bytearray], depth: int, per_row: int) -> Sequence[int]:
    """All samples, row after row: bytes unpacked into 1, 2 or 4-bit values, or pairs into 16."""
    data = b"".join(rows)
    if depth == 8:
        return data
    if depth == 16:
        return struct.unpack(f">{len(data) // 2}H", data)
    shifts, mask = range(8 - depth, -1, -depth), (1 << depth) - 1
    return [value for row in rows
            for value in [(byte >> shift) & mask for byte in row for shift in shifts][:per_row]]


def _image(header: _Header, samples: Sequence[int], palette: list) -> Image:
    """The Image of the samples: palette indexes looked up, alpha dropped."""
    width, height, depth, colour = header
    if colour == 3:
        if max(samples) >= len(palette):
            index = next(i for i, v in enumerate(samples) if v >= len(palette))
            raise KMeansError(f"read_png requires palette indexes below {len(palette)} (the PLTE's "
                              f"entries); got index={samples[index]} at (x, y)={divmod(index, width)[::-1]}")
        return Image(width, height, 255, [palette[i] for i in samples])
    channels = _CHANNELS[colour]
    kept = 1 if colour in (0, 4) else 3
    return Image(width, height, 2**depth - 1,
                 shared_pixels(zip(*(samples[k::channels] for k in range(kept)))))


def read_png(source: Union[str, os.PathLike, BinaryIO], *, max_pixels: int = MAX_PIXELS) -> Image:
    """The image in a PNG file (a path or a binary file object), as read_ppm would give it.

    Grey (with or without alpha) gives (v,) pixels, everything else (r, g, b); alpha is dropped,
    as Pillow's ``convert("RGB")`` drops it; maxval is 2**bit_depth - 1, or 255 for a palette.

    >>> import io
    >>> read_png(io.BytesIO(png_bytes(Image(2, 1, 255, [(255, 0, 0), (0, 0, 255)]))))
    Image(width=2, height=1, maxval=255, pixels=[(255, 0, 0), (0, 0, 255)])

    Raises KMeansError, naming the byte offset, for a file that is not a PNG (naming JPEG, GIF,
    ...), a bad CRC, a truncated file, bad IHDR fields, an interlaced file, more than
    ``max_pixels`` pixels, zlib data that inflates to more or fewer bytes than IHDR implies,
    a filter type above 4 or a palette index past the palette; TypeError for a text file.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    if not isinstance(data, bytes):
        raise TypeError(f"read_png requires a path or a binary file; got source={source!r}")
    if data[:8] != _SIGNATURE:
        raise KMeansError(_not_png(data))
    header, palette, compressed, idat_at = _read_chunks(data, max_pixels)
    raw = _inflate(compressed, header.height * (1 + header.row_bytes), idat_at)
    per_row = header.width * _CHANNELS[header.colour_type]
    return _image(header, _samples(_rows(raw, header), header.bit_depth, per_row), palette)


def _pack(samples: list[int], depth: int) -> bytes:
    """One row's samples as bytes: 16-bit big-endian, 8-bit as is, 1/2/4-bit packed from the left."""
    if depth >= 8:
        return bytes(samples) if depth == 8 else struct.pack(f">{len(samples)}H", *samples)
    per_byte = 8 // depth
    padded = samples + [0] * (-len(samples) % per_byte)
    return bytes(sum(v << (8 - depth * (j + 1)) for j, v in enumerate(padded[i:i + per_byte]))
                 for i in range(0, len(padded), per_byte))


def _check_writable(image: Image) -> int:
    """The number of samples per pixel (1 or 3), after checking the image is consistent."""
    width, height, maxval, pixels = image
    if width < 1 or height < 1 or len(pixels) != width * height:
        raise KMeansError(f"png_bytes requires width, height >= 1 and width*height pixels; got "
                          f"width={width}, height={height}, {len(pixels)} pixels")
    channels = len(pixels[0])
    if channels not in (1, 3) or any(len(pixel) != channels for pixel in pixels):
        raise KMeansError(f"png_bytes requires pixels of 1 or 3 samples, all alike; got {pixels[0]!r} first")
    if not 1 <= maxval <= 65535:
        raise KMeansError(f"png_bytes requires 1 <= maxval <= 65535; got maxval={maxval}")
    if not all(0 <= v <= maxval for pixel in pixels for v in pixel):
        raise KMeansError(f"png_bytes requires samples in 0..maxval={maxval}; got "
                          f"{next(p for p in pixels if not all(0 <= v <= maxval for v in p))!r}")
    return channels


def png_bytes(image: Image) -> bytes:
    """The PNG encoding of an image (grey or RGB; bit depth from maxval, see the module docstring).

    >>> png_bytes(Image(1, 1, 255, [(255, 0, 0)]))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'

    Raises KMeansError for an image whose pixels do not fit its size or maxval.
    """
    channels = _check_writable(image)
    exact = {1: 1, 3: 2, 15: 4, 255: 8, 65535: 16}.get(image.maxval, 0)
    depth = exact if exact >= 8 or (exact and channels == 1) else 8
    scale = (lambda v: v) if exact == depth else (lambda v: v * 255 // image.maxval)
    rows = []
    for y in range(image.height):
        row = image.pixels[y * image.width:(y + 1) * image.width]
        rows.append(b"\x00" + _pack([scale(v) for pixel in row for v in pixel], depth))
    header = struct.pack(">IIBBBBB", image.width, image.height, depth, 2 if channels == 3 else 0, 0, 0, 0)
    return (_SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))


def write_png(image: Image, path: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Write the image as a PNG file, atomically (never over an existing file unless asked).

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "dot.png")
    >>> write_png(Image(1, 1, 255, [(7,)]), path)
    >>> read_png(path)
    Image(width=1, height=1, maxval=255, pixels=[(7,)])

    Raises FileExistsError if ``path`` exists and ``overwrite`` is False; KMeansError as png_bytes.
    """
    atomic_write(path, png_bytes(image), overwrite=overwrite)
