"""PNG reading and writing: files built here by hand (every filter, colour type and bit depth),
files written by Pillow (tests/data/png_*.png), round trips, and every refusal."""

import io
import json
import pathlib
import random
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmeans_scratch.errors import KMeansError
from kmeans_scratch.image import Image, png_bytes, read_png, write_png
from kmeans_scratch.image import png as png_module

DATA = pathlib.Path(__file__).parent / "data"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
DEPTHS = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8),
          (4, 8), (4, 16), (6, 8), (6, 16)]


# --- an independent little encoder, written from the specification's formulas ---

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def ihdr(width, height, depth, colour, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace))


def paeth_predictor(a, b, c):
    # the specification's pseudo-code, step by step
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    elif pb <= pc:
        return b
    return c


def filter_row(kind, row, prior, bpp):
    """Filter byte + the row filtered with ``kind`` (the encoder's direction: x - predictor)."""
    out = []
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        c = prior[i - bpp] if i >= bpp else 0
        predictor = [0, a, prior[i], (a + prior[i]) // 2, paeth_predictor(a, prior[i], c)][kind]
        out.append((x - predictor) % 256)
    return bytes([kind] + out)


def pack_row(samples, depth):
    """Samples as the bytes of a PNG row, by writing out the bits one by one."""
    if depth == 16:
        return b"".join(v.to_bytes(2, "big") for v in samples)
    bits = "".join(format(v, f"0{depth}b") for v in samples)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def build_png(width, height, depth, colour, samples, filters, palette=None, split=1):
    """A PNG file of the flat samples, row y filtered with filters[y % len(filters)]."""
    per_row = width * CHANNELS[colour]
    bpp = max(1, CHANNELS[colour] * depth // 8)
    rows = [pack_row(samples[y * per_row:(y + 1) * per_row], depth) for y in range(height)]
    prior, stream = bytes(len(rows[0])), b""
    for y, row in enumerate(rows):
        stream += filter_row(filters[y % len(filters)], row, prior, bpp)
        prior = row
    compressed = zlib.compress(stream)
    pieces = [compressed[len(compressed) * i // split:len(compressed) * (i + 1) // split] for i in range(split)]
    body = b"".join(chunk(b"IDAT", piece) for piece in pieces)
    extra = chunk(b"PLTE", bytes(v for entry in palette for v in entry)) if palette else b""
    return SIGNATURE + ihdr(width, height, depth, colour) + chunk(b"tEXt", b"Comment\x00by hand") \
        + extra + body + chunk(b"IEND", b"")


def random_samples(rng, width, height, depth, colour, n_palette=0):
    top = n_palette - 1 if colour == 3 else 2**depth - 1
    return [rng.randint(0, top) for _ in range(width * height * CHANNELS[colour])]


def expected_pixels(samples, colour, palette=None):
    channels = CHANNELS[colour]
    pixels = [tuple(samples[i:i + channels]) for i in range(0, len(samples), channels)]
    if colour == 3:
        return [palette[p[0]] for p in pixels]
    return [p[:1] if colour in (0, 4) else p[:3] for p in pixels]


# --- reading files built by hand ---

@pytest.mark.parametrize("colour, depth", DEPTHS)
@pytest.mark.parametrize("kind", [0, 1, 2, 3, 4])
def test_each_filter_colour_type_and_bit_depth_reads_back_the_exact_pixels(colour, depth, kind):
    rng = random.Random(f"{colour}-{depth}-{kind}")
    width, height = 7, 5                      # 7 is odd: low bit depths leave padding bits
    palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(min(2**depth, 5))]
    samples = random_samples(rng, width, height, depth, colour, len(palette))
    data = build_png(width, height, depth, colour, samples, [kind], palette if colour == 3 else None)
    image = read_png(io.BytesIO(data))
    assert (image.width, image.height) == (width, height)
    assert image.maxval == (255 if colour == 3 else 2**depth - 1)
    assert image.pixels == expected_pixels(samples, colour, palette)


def test_filters_mixed_row_by_row_and_idat_split_over_chunks():
    rng = random.Random(3)
    samples = random_samples(rng, 9, 10, 8, 6)
    data = build_png(9, 10, 8, 6, samples, [4, 0, 3, 1, 2, 4, 3], split=4)
    assert read_png(io.BytesIO(data)).pixels == expected_pixels(samples, 6)


def grey_png(width, height, stream):
    return SIGNATURE + ihdr(width, height, 8, 0) + chunk(b"IDAT", zlib.compress(stream)) + chunk(b"IEND", b"")


def test_paeth_and_average_by_hand():
    # 2x2 grey, second row Paeth. Pixel (0, 1): a=0, b=10, c=0 -> p=10, nearest b; 5 + 10 = 15.
    # Pixel (1, 1): a=15, b=20, c=10 -> p=25, distances 10, 5, 15 -> b; 1 + 20 = 21
    stream = b"\x00" + bytes([10, 20]) + b"\x04" + bytes([5, 1])
    assert read_png(io.BytesIO(grey_png(2, 2, stream))).pixels == [(10,), (20,), (15,), (21,)]
    # Average floors: row 2 is (0 + 4) // 2 = 2, then a=2, b=5 -> (2 + 5) // 2 = 3 (not 4)
    stream = b"\x00" + bytes([4, 5]) + b"\x03" + bytes([0, 0])
    assert read_png(io.BytesIO(grey_png(2, 2, stream))).pixels == [(4,), (5,), (2,), (3,)]


@pytest.mark.parametrize("above, stored, expected", [
    ((2, 3), 5, 5),     # a=0, b=3, c=2: p=1, distances 1, 2, 1: a ties c and a wins -> 5 + 0
    ((1, 3), 5, 8),     # a=0, b=3, c=1: p=2, distances 2, 1, 1: b ties c and b wins -> 5 + 3
])
def test_paeth_ties_prefer_left_then_above_then_above_left(above, stored, expected):
    # (a tie between a and b alone forces a == b, so only these two orders can show)
    # the first pixel of row 2 has a=0, c=0, b=above[0]: stored -above[0] makes it 0
    stream = b"\x00" + bytes(above) + b"\x04" + bytes([(-above[0]) % 256, stored])
    assert read_png(io.BytesIO(grey_png(2, 2, stream))).pixels[2:] == [(0,), (expected,)]


def test_sixteen_bit_samples_keep_maxval_65535_and_alpha_is_dropped():
    samples = [0x1234, 0xABCD, 0xFFFF, 0x0001]          # grey, alpha, grey, alpha
    data = build_png(2, 1, 16, 4, samples, [1])
    assert read_png(io.BytesIO(data)) == Image(2, 1, 65535, [(0x1234,), (0xFFFF,)])


# --- files written by Pillow (tools/make_png_fixtures.py) ---

def test_files_written_by_pillow_read_to_its_pixels():
    expected = json.loads((DATA / "png_fixtures.json").read_text())
    assert len(expected) >= 10
    for name, (maxval, pixels) in expected.items():
        image = read_png(DATA / name)
        assert image.maxval == maxval, name
        assert [list(p) for p in image.pixels] == pixels, name


# --- writing ---

def old_png_bytes(image):
    """The writer as it was before read_png existed (8-bit RGB or grey)."""
    rows = []
    for y in range(image.height):
        row = image.pixels[y * image.width:(y + 1) * image.width]
        rows.append(b"\x00" + bytes(v * 255 // image.maxval for pixel in row for v in pixel))
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 2 if len(image.pixels[0]) == 3 else 0, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) \
        + chunk(b"IEND", b"")


@st.composite
def images(draw, maxvals=(1, 3, 15, 255, 65535)):
    width, height = draw(st.integers(1, 9)), draw(st.integers(1, 6))
    channels, maxval = draw(st.sampled_from([1, 3])), draw(st.sampled_from(maxvals))
    sample = st.integers(0, maxval)
    pixels = draw(st.lists(st.tuples(*[sample] * channels), min_size=width * height,
                           max_size=width * height))
    return Image(width, height, maxval, pixels)


@settings(max_examples=40, deadline=None)
@given(images())
def test_write_then_read_is_the_identity_except_scaled_low_maxval_colour(image):
    back = read_png(io.BytesIO(png_bytes(image)))
    if len(image.pixels[0]) == 3 and image.maxval < 255:   # PNG colour is 8 or 16 bits
        assert back == Image(image.width, image.height, 255,
                             [tuple(v * 255 // image.maxval for v in p) for p in image.pixels])
    else:
        assert back == image


@settings(max_examples=30, deadline=None)
@given(images(maxvals=(255, 7, 100, 1000)))
def test_eight_bit_and_scaled_output_is_byte_for_byte_the_old_writers(image):
    assert png_bytes(image) == old_png_bytes(image)


def test_grey_maxval_1_is_written_one_bit_per_pixel():
    image = Image(9, 1, 1, [(1,), (0,)] * 4 + [(1,)])
    data = png_bytes(image)
    assert data[24:26] == b"\x01\x00"                  # bit depth 1, colour type 0
    assert zlib.decompress(data[41:-16]) == b"\x00" + bytes([0b10101010, 0b10000000])
    assert read_png(io.BytesIO(data)) == image


def test_write_png_writes_a_file_read_png_reads(tmp_path):
    image = Image(2, 1, 65535, [(1, 2, 3), (65535, 0, 40000)])
    write_png(image, tmp_path / "a.png")
    assert read_png(tmp_path / "a.png") == image
    with pytest.raises(FileExistsError):
        write_png(image, tmp_path / "a.png")


@pytest.mark.parametrize("image, match", [
    (Image(2, 2, 255, [(1, 2, 3)] * 3), r"png_bytes requires width, height >= 1 and width\*height pixels; "
                                        r"got width=2, height=2, 3 pixels"),
    (Image(0, 1, 255, []), r"got width=0, height=1, 0 pixels"),
    (Image(2, 1, 255, [(1, 2, 3), (1,)]), r"png_bytes requires pixels of 1 or 3 samples, all alike"),
    (Image(1, 1, 255, [(1, 2)]), r"png_bytes requires pixels of 1 or 3 samples"),
    (Image(1, 1, 0, [(0,)]), r"png_bytes requires 1 <= maxval <= 65535; got maxval=0"),
    (Image(1, 1, 15, [(16,)]), r"png_bytes requires samples in 0..maxval=15; got \(16,\)"),
])
def test_writer_refuses_inconsistent_images(image, match):
    with pytest.raises(KMeansError, match=match):
        png_bytes(image)


# --- refusals: each names the byte offset ---

def small_png():
    return build_png(3, 2, 8, 2, list(range(18)), [0])


def test_a_corrupted_crc_is_reported_with_its_offset():
    data = bytearray(small_png())
    data[30] ^= 1                                      # IHDR's CRC is bytes 29..32
    with pytest.raises(KMeansError, match=r"read_png requires each chunk's CRC to match; got CRC=0x\w{8} "
                                          r"\(computed 0x\w{8}\) for b'IHDR' at byte 29"):
        read_png(io.BytesIO(bytes(data)))


def test_a_corrupted_byte_of_data_fails_its_chunks_crc():
    data = bytearray(small_png())
    data[-20] ^= 0x40                                  # inside the IDAT
    with pytest.raises(KMeansError, match=r"for b'IDAT' at byte \d+"):
        read_png(io.BytesIO(bytes(data)))


def test_every_truncation_is_our_error():
    data = small_png()
    for cut in range(len(data)):
        with pytest.raises(KMeansError, match=r"read_png requires"):
            read_png(io.BytesIO(data[:cut]))
    with pytest.raises(KMeansError, match=r"got the end of the file at byte 33 \(truncated\?\)"):
        read_png(io.BytesIO(data[:33]))
    with pytest.raises(KMeansError, match=r"got b'IHDR' at byte 8 with length=13 but 10 bytes left"):
        read_png(io.BytesIO(data[:30]))


def test_a_huge_size_in_ihdr_is_refused_before_inflating():
    data = SIGNATURE + ihdr(100_000, 100_000, 8, 6) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    with pytest.raises(KMeansError, match=r"requires width\*height <= max_pixels=50000000; "
                                          r"got width=100000, height=100000 at byte 16"):
        read_png(io.BytesIO(data))
    with pytest.raises(KMeansError, match=r"max_pixels=99; got width=10, height=10"):
        read_png(io.BytesIO(build_png(10, 10, 8, 0, [0] * 100, [0])), max_pixels=99)


def test_an_idat_that_inflates_past_the_size_ihdr_implies_stops_early(monkeypatch):
    compressor = zlib.compressobj(9)
    bomb = b"".join(compressor.compress(bytes(2**20)) for _ in range(100)) + compressor.flush()
    assert len(bomb) < 200_000                          # 100 MiB of zeros
    data = SIGNATURE + ihdr(1, 1, 8, 0) + chunk(b"IDAT", bomb) + chunk(b"IEND", b"")
    inflated, original = [], zlib.decompressobj        # bytes each decompress call gave

    class Counting:                                    # zlib's inflater, counting its output
        def __init__(self):
            self.inner = original()

        def decompress(self, data, max_length=0):
            out = self.inner.decompress(data, max_length)
            inflated.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self.inner, name)
    monkeypatch.setattr(png_module.zlib, "decompressobj", Counting)
    with pytest.raises(KMeansError, match=r"read_png requires the IDAT data to inflate to the 2 bytes "
                                          r"IHDR implies; got more in the IDAT at byte 33"):
        read_png(io.BytesIO(data))
    assert 0 < sum(inflated) <= 3, inflated           # never inflated: 2 bytes and one past


def test_an_idat_that_inflates_to_too_little_or_garbage_is_refused():
    short = SIGNATURE + ihdr(4, 4, 8, 0) + chunk(b"IDAT", zlib.compress(bytes(7))) + chunk(b"IEND", b"")
    with pytest.raises(KMeansError, match=r"inflate to the 20 bytes IHDR implies; got 7 \(truncated\?\)"):
        read_png(io.BytesIO(short))
    garbage = SIGNATURE + ihdr(1, 1, 8, 0) + chunk(b"IDAT", b"not zlib") + chunk(b"IEND", b"")
    with pytest.raises(KMeansError, match=r"read_png requires valid zlib data; got '.*' in the IDAT at byte 33"):
        read_png(io.BytesIO(garbage))


def test_a_jpeg_is_named_and_the_conversion_suggested():
    with pytest.raises(KMeansError, match=r"read_png requires a PNG file; got a JPEG \(FF D8 FF at byte 0\); "
                                          r"convert it first, e.g. `convert photo.jpg photo.png` \(ImageMagick\) "
                                          r"or `ffmpeg -i photo.jpg photo.png`"):
        read_png(io.BytesIO(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"))


@pytest.mark.parametrize("data, match", [
    (b"GIF89a\x01\x00", r"got a GIF \(47 49 46 38 at byte 0\)"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", r"got a WebP \(57 45 42 50 at byte 8\)"),
    (b"P6\n1 1\n255\n\x00\x00\x00", r"got a Netpbm file \(P1..P6 at byte 0\); use read_ppm"),
    (b"\x89PNG\n\x1a\n\x00\x00\x00", r"requires the PNG signature 89 50 4E 47 0D 0A 1A 0A; got .* at byte 0 "
                                     r"\(damaged by a text-mode transfer\?\)"),
    (b"", r"requires the PNG signature 89 50 4E 47 0D 0A 1A 0A; got b'' at byte 0$"),
    (b"\x89PNG\r", r"requires the PNG signature 89 50 4E 47 0D 0A 1A 0A; got .* at byte 0 \(truncated\?\)"),
    (b"\x00\x00\x00\x18ftypheic", r"got an ISO media file \(HEIC\? AVIF\?\) \(66 74 79 70 at byte 4\); "
                                  r"convert it first, e.g. `convert photo.heic photo.png`"),
    (b"BM6\x00\x00\x00", r"got a BMP \(42 4D at byte 0\)"),
    (b"II*\x00\x08\x00", r"got a TIFF \(49 49 2A 00 at byte 0\)"),
])
def test_other_formats_are_named(data, match):
    with pytest.raises(KMeansError, match=match):
        read_png(io.BytesIO(data))


def test_an_interlaced_image_is_refused_with_a_way_out():
    data = SIGNATURE + ihdr(1, 1, 8, 0, interlace=1) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) \
        + chunk(b"IEND", b"")
    with pytest.raises(KMeansError, match=r"read_png requires interlace=0 \(Adam7 is not supported\); "
                                          r"got interlace=1 at byte 28; re-save it without interlacing"):
        read_png(io.BytesIO(data))


def with_ihdr(width=1, height=1, depth=8, colour=0, compression=0, filter_method=0, length=13):
    body = struct.pack(">IIBBBBB", width, height, depth, colour, compression, filter_method, 0)[:length]
    return SIGNATURE + chunk(b"IHDR", body) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("data, match", [
    (with_ihdr(width=0), r"read_png requires 1 <= width <= 2\*\*31-1; got width=0 at byte 16"),
    (with_ihdr(height=2**31), r"requires 1 <= height <= 2\*\*31-1; got height=2147483648 at byte 20"),
    (with_ihdr(colour=5), r"requires colour type 0, 2, 3, 4 or 6; got colour_type=5 at byte 25"),
    (with_ihdr(depth=4, colour=2), r"requires bit depth \(8, 16\) for colour type 2; got bit_depth=4 at byte 24"),
    (with_ihdr(depth=16, colour=3), r"requires bit depth \(1, 2, 4, 8\) for colour type 3; got bit_depth=16"),
    (with_ihdr(compression=1), r"requires compression=0; got compression=1 at byte 26"),
    (with_ihdr(filter_method=1), r"requires filter=0; got filter=1 at byte 27"),
    (with_ihdr(length=12), r"requires a 13-byte IHDR; got length=12 at byte 8"),
    (SIGNATURE + chunk(b"IDAT", b"") + chunk(b"IEND", b""), r"requires IHDR as the first chunk; got b'IDAT' at byte 8"),
    (SIGNATURE + ihdr(1, 1, 8, 0) + chunk(b"IEND", b""), r"requires at least one IDAT chunk; got none"),
    (SIGNATURE + ihdr(1, 1, 8, 3) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""),
     r"requires a PLTE chunk for colour type 3; got none"),
    (SIGNATURE + ihdr(1, 1, 8, 3) + chunk(b"PLTE", b"\x00\x00") + chunk(b"IEND", b""),
     r"requires a PLTE of 1..256 entries of 3 bytes; got length=2 at byte 33"),
    (SIGNATURE + ihdr(1, 1, 8, 3) + chunk(b"PLTE", bytes(6)) + chunk(b"IDAT", zlib.compress(b"\x00\x02"))
     + chunk(b"IEND", b""), r"requires palette indexes below 2 \(the PLTE's entries\); got index=2 at \(x, y\)=\(0, 0\)"),
    (SIGNATURE + ihdr(1, 1, 8, 0) + chunk(b"ABCD", b"") + chunk(b"IEND", b""),
     r"requires known critical chunks; got b'ABCD' at byte 33"),
    (SIGNATURE + ihdr(1, 2, 8, 0) + chunk(b"IDAT", zlib.compress(b"\x00\x01\x05\x01")) + chunk(b"IEND", b""),
     r"requires filter types 0..4; got filter=5 on row 1 \(byte 2 of the inflated IDAT data\)"),
])
def test_bad_headers_and_chunks_are_refused(data, match):
    with pytest.raises(KMeansError, match=match):
        read_png(io.BytesIO(data))


def test_a_text_file_object_is_a_type_error():
    with pytest.raises(TypeError, match=r"read_png requires a path or a binary file; got source="):
        read_png(io.StringIO("\x89PNG"))


def test_ancillary_chunks_are_skipped_and_trns_ignored():
    idat = chunk(b"IDAT", zlib.compress(b"\x00\x07"))
    data = SIGNATURE + ihdr(1, 1, 8, 0) + chunk(b"tRNS", b"\x00\x07") + chunk(b"zzZz", b"?") + idat \
        + chunk(b"IEND", b"")
    assert read_png(io.BytesIO(data)) == Image(1, 1, 255, [(7,)])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_mutated_files_with_good_crcs_give_an_image_or_our_error(data):
    # mutate chunk contents (IHDR fields, PLTE, zlib bytes) and re-sign them, to get past the CRC
    palette = [(1, 2, 3), (4, 5, 6), (7, 8, 9)]
    colour, depth = data.draw(st.sampled_from(DEPTHS))
    samples = random_samples(random.Random(0), 3, 3, depth, colour, len(palette))
    original = build_png(3, 3, depth, colour, samples, [data.draw(st.integers(0, 4))], palette)
    position, chunks = 8, []
    while position < len(original):
        length, = struct.unpack(">I", original[position:position + 4])
        chunks.append([original[position + 4:position + 8], bytearray(original[position + 8:position + 8 + length])])
        position += 12 + length
    for _ in range(data.draw(st.integers(1, 3))):
        kind, body = data.draw(st.sampled_from([c for c in chunks if c[1]]))
        body[data.draw(st.integers(0, len(body) - 1))] = data.draw(st.integers(0, 255))
    mutated = SIGNATURE + b"".join(chunk(kind, bytes(body)) for kind, body in chunks)
    try:
        image = read_png(io.BytesIO(mutated))
    except KMeansError:
        return
    assert len(image.pixels) == image.width * image.height


def _reference_unfilter(kind, line, prior, bpp):
    """The PNG specification's reconstruction, byte by byte (section 9.4 of PNG 3rd edition)."""
    out = []
    for i, x in enumerate(line):
        a = out[i - bpp] if i >= bpp else 0
        b, c = prior[i], (prior[i - bpp] if i >= bpp else 0)
        p = a + b - c
        nearest = min((abs(p - a), 0, a), (abs(p - b), 1, b), (abs(p - c), 2, c))[2]
        out.append((x + [0, a, b, (a + b) // 2, nearest][kind]) & 255)
    return bytearray(out)


@given(st.integers(0, 4), st.sampled_from([1, 2, 3, 4, 6, 8]), st.data())
def test_unfiltering_is_the_specifications_byte_by_byte(kind, bpp, data):
    from kmeans_scratch.image.png import _unfilter
    width = data.draw(st.integers(0, 40))
    line = data.draw(st.binary(min_size=width, max_size=width))
    prior = data.draw(st.binary(min_size=width, max_size=width))
    assert _unfilter(kind, bytearray(line), bytearray(prior), bpp) == \
        _reference_unfilter(kind, line, prior, bpp)
