"""Fuzzing read_ppm: valid and mutated PPM/PGM bytes give the right image or our error.

Every input goes to read_ppm and to `reference`, a deliberately plain parser below that
reads the whole input at once with a regular expression (the rules of the module docstring,
written a second way). When the reference finds an image, read_ppm must return the same one;
when it does not, read_ppm must raise ValueError (KMeansError) or TypeError naming a byte
offset. Any other exception fails the test.

The suite runs the conftest profile's example count. A bigger campaign, by hand:

    PPM_FUZZ_EXAMPLES=20000 python3 -m pytest -q -p no:warnings tests/test_ppm_fuzz.py

(add HYPOTHESIS_PROFILE=ci for a repeatable run).
"""

import io
import os
import re

from hypothesis import given, settings, strategies as st

from kmeans_scratch.image import Image, read_ppm, write_ppm

EXAMPLES = int(os.environ.get("PPM_FUZZ_EXAMPLES", "0")) or None
campaign = settings(max_examples=EXAMPLES) if EXAMPLES else (lambda test: test)

CHANNELS = {b"P2": 1, b"P3": 3, b"P5": 1, b"P6": 3}
PIECES = re.compile(rb"#[^\r\n]*|[ \t\n\r\x0b\x0c]+|[^ \t\n\r\x0b\x0c#]+")
OFFSET = re.compile(rb"\bbytes? \d+".decode())


def reference(data, max_samples=3 * 4096 * 4096):
    """The Image in data, or None if data is not a valid P2/P3/P5/P6 file."""
    if data[:2] not in CHANNELS:
        return None
    tokens = [(m.group(), m.end()) for m in PIECES.finditer(data, 2)
              if m.group()[:1] not in b"# \t\n\r\x0b\x0c"]
    fields = [number(token, 1, high) for (token, _), high in zip(tokens, [2**31 - 1] * 2 + [65535])]
    if len(fields) < 3 or None in fields:
        return None
    width, height, maxval = fields
    count = width * height * CHANNELS[data[:2]]
    if count > max_samples:
        return None
    if data[:2] in (b"P2", b"P3"):
        samples = [number(token, 0, maxval) for token, _ in tokens[3:3 + count]]
    else:
        samples = binary_samples(data, tokens[2][1], count, maxval)
    if samples is None or len(samples) < count or None in samples:
        return None
    channels = CHANNELS[data[:2]]
    return Image(width, height, maxval, [tuple(samples[i:i + channels]) for i in range(0, count, channels)])


def number(token, low, high):
    """The decimal token's value if it is one of at most 20 digits in low..high, else None."""
    if len(token) > 20 or not token.isdigit() or not low <= int(token) <= high:
        return None
    return int(token)


def binary_samples(data, end, count, maxval):
    """The samples after the maxval ending at `end`, or None."""
    if data[end:end + 1] == b"#":                # a comment may end the maxval (as in Netpbm)
        breaks = [i for i in (data.find(b"\r", end), data.find(b"\n", end)) if i >= 0]
        if not breaks:
            return None
        end = min(breaks)
    if data[end:end + 1] == b"" or data[end:end + 1] not in b" \t\n\r\x0b\x0c":
        return None
    size = 2 if maxval > 255 else 1
    raster = data[end + 1:end + 1 + count * size]
    if len(raster) < count * size:
        return None
    samples = [int.from_bytes(raster[i:i + size], "big") for i in range(0, len(raster), size)]
    return samples if max(samples) <= maxval else None


SEPARATORS = [b" ", b"\n", b"\r", b"\t", b"  ", b"\r\n", b" # a comment\r", b"#x\n", b"\x0b", b"#\r\n"]


@st.composite
def images(draw):
    """(an Image, its bytes): written by write_ppm or by hand with odd spacing and comments."""
    channels = draw(st.sampled_from([1, 3]))
    width, height = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    maxval = draw(st.sampled_from([1, 7, 255, 256, 1000, 65535]) | st.integers(1, 65535))
    sample = st.integers(0, maxval)
    pixels = [tuple(draw(sample) for _ in range(channels)) for _ in range(width * height)]
    image = Image(width, height, maxval, pixels)
    binary = draw(st.booleans())
    if draw(st.booleans()):
        buffer = io.BytesIO()
        write_ppm(image, buffer, binary=binary)
        return image, buffer.getvalue()
    separator = st.sampled_from(SEPARATORS)
    zeros = st.sampled_from([b"", b"0", b"000"])
    magic = {(1, True): b"P5", (3, True): b"P6", (1, False): b"P2", (3, False): b"P3"}[channels, binary]
    header = magic + b"".join(draw(separator) + draw(zeros) + str(v).encode()
                              for v in (width, height, maxval))
    samples = [v for pixel in pixels for v in pixel]
    if binary:
        raster = b"".join(v.to_bytes(2 if maxval > 255 else 1, "big") for v in samples)
        return image, header + draw(st.sampled_from([b"\n", b" ", b"\r", b"#c\r", b"#\n"])) + raster
    return image, header + b"".join(draw(separator) + str(v).encode() for v in samples) + b"\n"


@st.composite
def mutated(draw, data, maxval):
    """data after a few random edits: insert, delete, replace, huge numbers, numbers just past
    maxval, comments, truncation."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "number", "swap", "comment",
                                     "truncate"]))
        if edit == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=4))
        elif edit == "delete":
            del data[where:where + draw(st.integers(1, 4))]
        elif edit == "replace" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        elif edit == "number":
            data[where:where] = draw(
                st.sampled_from([b"9", b"0", b"1"]).map(lambda digit: digit * draw(st.integers(1, 60)))
                | st.sampled_from([maxval, maxval + 1, 256, 65536]).map(lambda v: b" %d " % v))
        elif edit == "swap":            # one number (of the header or the text samples) for another
            numbers = list(re.finditer(rb"[0-9]+", data))
            if numbers:
                found = numbers[draw(st.integers(0, len(numbers) - 1))]
                value = draw(st.sampled_from([0, 1, maxval, maxval + 1, 256, 65536, 2**31]))
                data[found.start():found.end()] = b"%d" % value
        elif edit == "comment":
            data[where:where] = b"#" + draw(st.binary(max_size=6)) + draw(st.sampled_from([b"\r", b"\n", b""]))
        elif edit == "truncate":
            del data[where:]
    return bytes(data)


def source(data, step):
    """data as a seekable BytesIO (step 0) or as a pipe-like stream handing out `step` bytes a read."""
    if not step:
        return io.BytesIO(data)
    pipe = io.BytesIO(data)
    return type("Pipe", (io.RawIOBase,), {"readable": lambda self: True, "seekable": lambda self: False,
                                          "read": lambda self, size=-1: pipe.read(min(size, step))})()


def check(data, step):
    """read_ppm agrees with the reference, or raises our error naming a byte offset."""
    expected = reference(data)
    try:
        image = read_ppm(source(data, step))
    except (ValueError, TypeError) as error:
        assert expected is None, (data, error)
        assert OFFSET.search(str(error)), str(error)
        return
    assert image == expected, data


@campaign
@given(images(), st.sampled_from([0, 0, 1, 3, 64]))
def test_valid_files_read_back_to_what_was_written(case, step):
    image, data = case
    assert reference(data) == image                  # the reference itself is right on them
    assert read_ppm(source(data, step)) == image


@campaign
@given(st.data(), st.sampled_from([0, 0, 1, 3, 64]))
def test_mutated_files_give_the_right_image_or_our_error(data, step):
    image, original = data.draw(images())
    check(data.draw(mutated(original, image.maxval)), step)


@campaign
@given(st.sampled_from([b"", b"P2", b"P3", b"P5", b"P6", b"P6 2 1 ", b"P2 1 1 9 ", b"P5 1 1 255#"]),
       st.binary(max_size=64), st.sampled_from([0, 1, 5]))
def test_random_bytes_give_the_right_image_or_our_error(prefix, data, step):
    check(prefix + data, step)
