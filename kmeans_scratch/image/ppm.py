"""Netpbm images (PPM colour, PGM grey): the simplest picture format there is.

A Netpbm file is a short text header and then the samples, row by row, left to right:

    P6 <width> <height> <maxval> <one whitespace byte> <binary samples>     (colour, P3: text)
    P5 ...                                                                  (grey,   P2: text)

Header fields are separated by whitespace (space, TAB, CR, LF, VT, FF); '#' starts a comment
that runs to the next CR or LF, as Netpbm's own reader (libnetpbm's pm_getc) ends it, so a
comment ending at a lone CR (old Mac line ends) hides nothing after the CR. A comment ends a
number, as in Netpbm. maxval is 1..65535; above 255 each binary sample takes two bytes,
big-endian. Text (P2/P3) samples are decimal numbers separated by whitespace or comments.

The reader treats its input as untrusted and reads it as a stream, a chunk at a time, so an
endless or huge input costs constant memory until it fails. Limits, each checked before
anything is allocated for it and each named in its error:

    a number (header field or text sample)        at most 20 digits (no legal one needs 11)
    whitespace and comments in a row               at most 1 MiB
    width * height * channels                      at most max_samples (default 50,331,648:
                                                   a 4096 x 4096 colour picture)
    the samples the header claims                  present, when the size is known (a file,
                                                   a seekable object): checked before reading

Every problem is a KMeansError (a ValueError) whose message names the byte offset, counted
from where reading began; a file object that does not yield bytes gives TypeError. Only
the first image of a multi-image file is read.

Writing is atomic (a temporary file in the same folder, then ``os.replace``) and never
replaces an existing file unless ``overwrite=True``, so an input cannot be lost.

Public names: Image, read_ppm, write_ppm; shared_pixels (for the readers, PNG's too).
Reference: the Netpbm format specifications, https://netpbm.sourceforge.net/doc/ppm.html
(and pgm.html, pnm.html).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from array import array
from itertools import islice
from typing import BinaryIO, Iterable, NamedTuple, Optional, Union

from ..errors import KMeansError
from ..files import atomic_write

__all__ = ["Image", "read_ppm", "write_ppm", "shared_pixels"]

_CHANNELS = {b"P2": 1, b"P5": 1, b"P3": 3, b"P6": 3}
_MAX_DIGITS = 20                # a header field or sample of more digits is refused unread
_MAX_SKIP = 1 << 20             # whitespace and comments in a row
_MAX_SAMPLES = 3 * 4096 * 4096  # width * height * channels, the default of max_samples
_MAX_SIDE = 2**31 - 1           # width or height
_CHUNK = 1 << 16                # bytes asked of the file object at a time
_SPACE = re.compile(rb"[ \t\n\r\v\f]*")
_COMMENT = re.compile(rb"[^\n\r]*")          # a comment's body: it ends at CR or LF
_TOKEN = re.compile(rb"[^ \t\n\r\v\f#]*")    # a number ends at whitespace or a comment
_HASH = ord("#")
_SPACES = [bytes([byte]) for byte in b" \t\n\r\v\f"]   # what bytes.split() splits at


class Image(NamedTuple):
    """A picture: ``pixels`` is a flat, row-major list of tuples, (r, g, b) or (v,)."""
    width: int
    height: int
    maxval: int
    pixels: list


def shared_pixels(pixels: Iterable[tuple]) -> list:
    """The pixels as a list in which equal pixels are one and the same tuple.

    A photo has far fewer distinct colours than pixels; the readers share each colour's
    tuple, so a pixel costs the list's 8-byte reference instead of a tuple of its own
    (another 64 bytes for three samples). Sharing needs a dict entry per colour, so once
    more than half the pixels seen are distinct colours (noise) the rest are kept as they
    come: the dict would cost more than it saves.

    >>> pixels = shared_pixels([(1, 2, 3), (0, 0, 0), (1, 2, 3)])
    >>> pixels[0] is pixels[2]
    True
    """
    shared: dict = {}
    result: list = []
    pixels = iter(pixels)
    while True:
        block = [shared.setdefault(pixel, pixel) for pixel in islice(pixels, _SHARING_BLOCK)]
        result += block
        if len(block) < _SHARING_BLOCK:
            return result
        if 2 * len(shared) > len(result):       # mostly distinct colours: stop sharing
            result += pixels
            return result


_SHARING_BLOCK = 1 << 14       # pixels between two looks at how many colours are distinct


class _Header(NamedTuple):
    magic: bytes
    width: int
    height: int
    maxval: int
    data_start: int

    @property
    def channels(self) -> int:
        return _CHANNELS[self.magic]

    @property
    def n_samples(self) -> int:
        return self.width * self.height * self.channels


class _Stream:
    """A binary file object read a chunk at a time; ``offset`` counts the bytes consumed."""

    def __init__(self, handle: BinaryIO):
        self._handle = handle
        self._buffer = b""
        self._index = 0
        self._base = 0          # the offset of self._buffer[0]

    @property
    def offset(self) -> int:
        return self._base + self._index

    def _get(self, size: int) -> bytes:
        """Up to size bytes from the file object (b"" at its end)."""
        chunk = self._handle.read(size)
        if chunk is None:       # a non-blocking file with nothing ready: treat as the end
            return b""
        if not isinstance(chunk, (bytes, bytearray)):
            raise TypeError(f"read_ppm requires a binary file object; got read() -> "
                            f"{type(chunk).__name__}") from None
        return bytes(chunk)

    def _fill(self) -> bool:
        """True if an unread byte is buffered, reading the next chunk if needed."""
        if self._index < len(self._buffer):
            return True
        self._base += len(self._buffer)
        self._buffer, self._index = self._get(_CHUNK), 0
        return bool(self._buffer)

    def peek(self) -> int:
        """The next byte, not consumed, or -1 at the end of the file."""
        return self._buffer[self._index] if self._fill() else -1

    def run(self, pattern: re.Pattern, stop: int, parts: Optional[list] = None) -> None:
        """Consume the run of bytes matching pattern (a repeated class), up to offset stop,
        appending them to parts if given."""
        while self.offset < stop and self._fill():
            begin = self._index
            limit = min(len(self._buffer), begin + stop - self.offset)
            match = pattern.match(self._buffer, begin, limit)
            assert match is not None        # the patterns are repeated classes: they match b""
            self._index = match.end()
            if parts is not None:
                parts.append(self._buffer[begin:self._index])
            if self._index < limit:
                return

    def whole_tokens(self) -> tuple[list, int]:
        """The whitespace-separated tokens buffered before the next '#' whose end is seen
        (whitespace follows), and the buffer index after them; nothing is consumed."""
        if not self._fill():
            return [], self._index
        stop = self._buffer.find(b"#", self._index)
        stop = len(self._buffer) if stop < 0 else stop
        end = 1 + max(self._buffer.rfind(space, self._index, stop) for space in _SPACES)
        if end <= self._index:
            return [], self._index
        return self._buffer[self._index:end].split(), end

    def consume_to(self, index: int) -> None:
        """Mark the buffered bytes before index consumed."""
        self._index = index

    def take(self, pattern: re.Pattern, most: int) -> bytes:
        """Consume and return the run of bytes matching pattern, at most `most` of them."""
        parts: list = []
        self.run(pattern, self.offset + most, parts)
        return b"".join(parts)

    def read(self, size: int) -> bytearray:
        """Up to size bytes (fewer only at the end of the file), grown as they arrive."""
        data = bytearray(self._buffer[self._index:self._index + size])
        self._index += len(data)
        while len(data) < size:
            self._base += len(self._buffer)
            self._buffer, self._index = b"", 0
            chunk = self._get(min(size - len(data), 16 * _CHUNK))
            if not chunk:
                break
            data += chunk
            self._base += len(chunk)
        return data


def _skip_blanks(stream: _Stream) -> None:
    """Consume whitespace and comments, refusing more than _MAX_SKIP bytes of them."""
    start = stream.offset
    stop = start + _MAX_SKIP + 1
    while True:
        stream.run(_SPACE, stop)
        if stream.offset >= stop:
            raise KMeansError(f"read_ppm requires at most {_MAX_SKIP} bytes of whitespace and "
                              f"comments in a row; got more from byte {start} to byte {stream.offset}")
        if stream.peek() != _HASH:
            return
        stream.read(1)
        stream.run(_COMMENT, stop)


def _number(stream: _Stream, name: str, low: int, high: int, high_name: str = "") -> Optional[int]:
    """The next number, checked to be a decimal in low..high; None at the end of the file."""
    _skip_blanks(stream)
    start = stream.offset
    token = stream.take(_TOKEN, _MAX_DIGITS + 1)
    if not token:
        return None
    if len(token) > _MAX_DIGITS:
        raise KMeansError(f"read_ppm requires {name} to have at most {_MAX_DIGITS} digits; got "
                          f"{token[:_MAX_DIGITS]!r}... at byte {start} (more than {_MAX_DIGITS} bytes)")
    if not token.isdigit():
        raise KMeansError(f"read_ppm requires {name} to be a decimal number; got {token!r} at byte {start}")
    value = int(token)
    if not low <= value <= high:
        raise KMeansError(f"read_ppm requires {low} <= {name} <= {high_name or high}; "
                          f"got {name}={value} at byte {start}")
    return value


def _field(stream: _Stream, name: str, low: int, high: int) -> int:
    """A header field; its absence is a truncated header."""
    value = _number(stream, name, low, high)
    if value is None:
        raise KMeansError(f"read_ppm requires a {name} in the header; got the end of the file "
                          f"at byte {stream.offset}")
    return value


def _raster_start(stream: _Stream) -> int:
    """Consume the one whitespace byte (or comment, as Netpbm allows) after a binary maxval."""
    first = stream.peek()
    if first == _HASH:
        stream.read(1)
        stream.run(_COMMENT, stream.offset + _MAX_SKIP)
        first = stream.peek()
    if first == -1 or first not in b" \t\n\r\v\f":
        raise KMeansError(f"read_ppm requires one whitespace byte after maxval; got "
                          f"{'the end of the file' if first == -1 else repr(bytes([first]))} "
                          f"at byte {stream.offset}")
    stream.read(1)
    return stream.offset


def _read_header(stream: _Stream) -> _Header:
    """The header fields, checked, and the offset where the samples begin."""
    magic = bytes(stream.read(2))
    if magic not in _CHANNELS:
        raise KMeansError(f"read_ppm requires the magic number P2, P3, P5 or P6 at byte 0; "
                          f"got {magic!r} (not a PPM/PGM file)")
    width = _field(stream, "width", 1, _MAX_SIDE)
    height = _field(stream, "height", 1, _MAX_SIDE)
    maxval = _field(stream, "maxval", 1, 65535)
    data_start = _raster_start(stream) if magic in (b"P5", b"P6") else stream.offset
    return _Header(magic, width, height, maxval, data_start)


def _check_size(header: _Header, available: Optional[int], max_samples: int) -> None:
    """Refuse a header whose samples are not all present, or are more than max_samples."""
    size = _sample_bytes(header)
    need = header.n_samples * size if size else 2 * header.n_samples - 1   # text: a digit and a space
    if available is not None and available - header.data_start < need:
        raise KMeansError(
            f"read_ppm requires {'' if size else 'at least '}{need} bytes of samples from byte "
            f"{header.data_start} ({_shape(header)}); got {available - header.data_start}: "
            f"truncated data, ending at byte {available}")
    if header.n_samples > max_samples:
        raise KMeansError(
            f"read_ppm requires width*height*channels <= max_samples={max_samples}; got "
            f"{header.width}*{header.height}*{header.channels}={header.n_samples} "
            f"(the header, bytes 0..{header.data_start - 1})")


def _shape(header: _Header) -> str:
    """'WxH, C channel(s)' for messages."""
    return f"{header.width}x{header.height}, {header.channels} channel{'s' * (header.channels > 1)}"


def _sample_bytes(header: _Header) -> int:
    """Bytes per binary sample (1 or 2); 0 for text formats."""
    if header.magic in (b"P2", b"P3"):
        return 0
    return 2 if header.maxval > 255 else 1


def _binary_samples(stream: _Stream, header: _Header) -> Union[bytearray, array]:
    """The samples of a P5/P6 raster, read as they arrive and checked against maxval."""
    size = _sample_bytes(header)
    data = stream.read(header.n_samples * size)
    if len(data) < header.n_samples * size:
        raise KMeansError(
            f"read_ppm requires {header.n_samples * size} bytes of samples from byte {header.data_start} "
            f"({_shape(header)}); got {len(data)}: truncated data, ending at byte {stream.offset}")
    samples: Union[bytearray, array] = data
    if size == 2:
        samples = array("H", data)
        assert samples.itemsize == 2     # true on every platform CPython and PyPy support
        if sys.byteorder == "little":    # the file is big-endian
            samples.byteswap()
    if max(samples) > header.maxval:
        index = next(i for i, value in enumerate(samples) if value > header.maxval)
        raise KMeansError(f"read_ppm requires samples <= maxval={header.maxval}; got "
                          f"{samples[index]} at byte {header.data_start + index * size}")
    return samples


def _text_samples(stream: _Stream, header: _Header) -> array:
    """The samples of a P2/P3 raster: decimal numbers separated by whitespace or comments."""
    samples = array("H")
    while len(samples) < header.n_samples:
        if _plain_run(stream, header, samples):
            continue
        value = _number(stream, "sample", 0, header.maxval, f"maxval={header.maxval}")
        if value is None:
            raise KMeansError(
                f"read_ppm requires {header.n_samples} samples from byte {header.data_start} "
                f"({_shape(header)}); got {len(samples)}: truncated data, ending at byte "
                f"{stream.offset}")
        samples.append(value)
    return samples


def _plain_run(stream: _Stream, header: _Header, samples: array) -> bool:
    """Append the buffered run of plain samples (no comment, nothing wrong), for a speed-up.

    Returns False, consuming nothing, unless the buffered bytes up to the next '#' hold a run
    of whole, valid samples, no more than the image still needs; _number then reads one
    sample the careful way and words any error.
    """
    tokens, end = stream.whole_tokens()
    if not tokens or len(tokens) > header.n_samples - len(samples):
        return False
    if max(map(len, tokens)) > _MAX_DIGITS or not b"".join(tokens).isdigit():
        return False
    values = list(map(int, tokens))
    if max(values) > header.maxval:
        return False
    samples.extend(values)
    stream.consume_to(end)
    return True


def _bytes_available(handle: BinaryIO) -> Optional[int]:
    """The bytes from the file object's position to its end, or None if unknown (a pipe)."""
    try:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None         # a pipe, a terminal, /dev/zero: no size to trust
    except (AttributeError, OSError, ValueError):
        pass                    # no file descriptor: io.BytesIO and the like
    try:
        if not handle.seekable():
            return None
        here = handle.tell()
        end = handle.seek(0, os.SEEK_END)
        handle.seek(here)
    except (AttributeError, OSError, ValueError):
        return None
    return max(end - here, 0)


def _read(handle: BinaryIO, max_samples: int) -> Image:
    """The image from an open binary file object."""
    available = _bytes_available(handle)       # before reading moves the file's position
    stream = _Stream(handle)
    header = _read_header(stream)
    _check_size(header, available, max_samples)
    try:
        binary = _sample_bytes(header) > 0
        samples = _binary_samples(stream, header) if binary else _text_samples(stream, header)
        # group the flat samples in threes (or ones)
        pixels: Optional[list] = shared_pixels(zip(*[iter(samples)] * header.channels))
    except MemoryError:
        pixels = None           # raised below, once the half-built lists are freed
    if pixels is None:
        raise KMeansError(
            f"read_ppm requires memory for {header.n_samples} samples ({_shape(header)}); got "
            f"MemoryError at byte {stream.offset} "
            f"(max_samples={max_samples})")
    return Image(header.width, header.height, header.maxval, pixels)


def read_ppm(source: Union[str, os.PathLike, BinaryIO], *, max_samples: int = _MAX_SAMPLES) -> Image:
    """The image in a P2, P3, P5 or P6 file (a path or a binary file object).

    The input is read as a stream: the header first, then only the samples it announces,
    so an endless or huge input fails early, in constant memory, with a KMeansError.

    >>> import io
    >>> read_ppm(io.BytesIO(b"P3 2 1 255  255 0 0  0 0 255"))
    Image(width=2, height=1, maxval=255, pixels=[(255, 0, 0), (0, 0, 255)])
    >>> read_ppm(io.BytesIO(b"P6 5000 5000 255\\n"))
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: read_ppm requires 75000000 bytes of samples from byte 17
    (5000x5000, 3 channels); got 0: truncated data, ending at byte 17

    Raises KMeansError (a ValueError), naming the byte offset, for a bad magic number, a bad
    or missing header field, a number of more than 20 digits, more than 1 MiB of whitespace
    and comments in a row, maxval outside 1..65535, width*height*channels above max_samples
    (default 50,331,648, a 4096 x 4096 colour picture), truncated data, a sample above maxval
    or too little memory for the image. Raises TypeError if the file object yields no bytes.
    """
    if isinstance(max_samples, bool) or not isinstance(max_samples, int):
        raise TypeError(f"read_ppm requires an int max_samples; got max_samples={max_samples!r}")
    if max_samples < 1:
        raise KMeansError(f"read_ppm requires max_samples >= 1; got max_samples={max_samples}")
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return _read(handle, max_samples)
    if not hasattr(source, "read"):
        raise TypeError(f"read_ppm requires a path or a binary file object; got "
                        f"source={type(source).__name__}")
    return _read(source, max_samples)


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
