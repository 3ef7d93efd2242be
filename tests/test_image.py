import io
import json
import os
import platform
import random

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch.image import (Image, palette_file_size, png_bytes, quantization_report, quantize,
                                  read_png, read_ppm, tutorial_image, write_ppm)
from kmeans_scratch.errors import KMeansError
from conftest import DATA


def test_files_written_by_pillow_read_to_the_same_samples():
    expected = json.loads((DATA / "image_fixtures.json").read_text())
    for name, samples in expected.items():
        image = read_ppm(DATA / name)
        assert [list(p) for p in image.pixels] == samples, name
    assert read_ppm(DATA / "china_crop.ppm")[:3] == (64, 48, 255)
    assert read_ppm(DATA / "grey16.pgm").maxval == 65535


def test_text_files_written_by_imagemagick_match_the_binary_ones():
    assert read_ppm(DATA / "china_crop_ascii.ppm") == read_ppm(DATA / "china_crop.ppm")
    assert read_ppm(DATA / "grey_ascii.pgm") == read_ppm(DATA / "grey.pgm")


@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("maxval", [1, 7, 255, 256, 1000, 65535])
@pytest.mark.parametrize("binary", [True, False])
def test_every_format_and_maxval_round_trips(channels, maxval, binary):
    pixels = [tuple((i * 37 + c * 11) % (maxval + 1) for c in range(channels)) for i in range(15)]
    image = Image(5, 3, maxval, pixels)
    buffer = io.BytesIO()
    write_ppm(image, buffer, binary=binary)
    assert buffer.getvalue()[:2] == {(1, True): b"P5", (3, True): b"P6", (1, False): b"P2", (3, False): b"P3"}[channels, binary]
    assert read_ppm(io.BytesIO(buffer.getvalue())) == image


def test_comments_and_odd_whitespace_in_the_header():
    data = b"P3\n# a comment\n2 # width\n\t1\r\n#x\n255\n1 2 3 4 5 6\n"
    assert read_ppm(io.BytesIO(data)).pixels == [(1, 2, 3), (4, 5, 6)]


def test_a_second_image_in_the_file_is_not_mixed_in():
    data = b"P5 2 1 255\n\x01\x02" + b"P5 1 1 255\n\x09"
    assert read_ppm(io.BytesIO(data)).pixels == [(1,), (2,)]


@pytest.mark.parametrize("data, message", [
    (b"P7 1 1 255\n\x00", "magic number P2, P3, P5 or P6 at byte 0; got b'P7'"),
    (b"", "magic number P2, P3, P5 or P6 at byte 0; got b''"),
    (b"P6 100000 100000 255\n\x00\x00\x00", "requires 30000000000 bytes of samples from byte 21 \\(100000x100000, 3 channels\\); got 3: truncated data, ending at byte 24"),
    (b"P6 2 2 255\n\x00\x00", r"requires 12 bytes of samples from byte 11 .*got 2: truncated data, ending at byte 13"),
    (b"P5 -2 2 255\n", "width to be a decimal number; got b'-2' at byte 3"),
    (b"P5 2 x 255\n", "height to be a decimal number; got b'x' at byte 5"),
    (b"P5 2 2 0\n", "1 <= maxval <= 65535; got maxval=0"),
    (b"P5 2 2 70000\n", "maxval=70000"),
    (b"P5 2 2", "requires a maxval in the header; got the end of the file at byte 6"),
    (b"P5 2 1 100\n\x05\xff", "requires samples <= maxval=100; got 255 at byte 12"),
    (b"P2 2 1 9\n3 12\n", "requires 0 <= sample <= maxval=9; got sample=12 at byte 11"),
    (b"P2 2 1 9\n3 a\n", "sample to be a decimal number; got b'a' at byte 11"),
    (b"P3 100000 100000 255\n1 2 3\n", "at least 59999999999 bytes of samples from byte 20 .*got 7: truncated data, ending at byte 27"),
])
def test_bad_files_raise_value_error_naming_the_place(data, message):
    with pytest.raises(KMeansError, match=message):
        read_ppm(io.BytesIO(data))


def test_write_is_atomic_and_never_replaces_a_file_unasked(tmp_path):
    path = tmp_path / "picture.ppm"
    image = Image(1, 1, 255, [(1, 2, 3)])
    write_ppm(image, path)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_ppm(Image(1, 1, 255, [(9, 9, 9)]), path)
    assert read_ppm(path) == image
    write_ppm(Image(1, 1, 255, [(9, 9, 9)]), path, overwrite=True)
    assert read_ppm(path).pixels == [(9, 9, 9)]
    assert os.listdir(tmp_path) == ["picture.ppm"]    # no temporary file left behind


def test_write_rejects_inconsistent_images():
    with pytest.raises(ValueError, match="width\\*height pixels"):
        write_ppm(Image(2, 2, 255, [(1, 2, 3)]), io.BytesIO())
    with pytest.raises(ValueError, match="samples in 0..maxval=7"):
        write_ppm(Image(1, 1, 7, [(8, 1, 1)]), io.BytesIO())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([b"", b"P2", b"P3", b"P5", b"P6", b"P6 2 1 ", b"P2 1 1 9 "]),
       st.binary(max_size=64))
def test_random_bytes_give_an_image_or_a_value_error(prefix, data):
    data = prefix + data
    try:
        image = read_ppm(io.BytesIO(data))
    except ValueError:
        return
    assert len(image.pixels) == image.width * image.height


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_valid_files_give_an_image_or_a_value_error(data):
    original = bytearray((DATA / "grey.pgm").read_bytes()[:200]
                         if data.draw(st.booleans()) else b"P3\n2 2\n255\n1 2 3 4 5 6 7 8 9 10 11 12\n")
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(original)))
    try:
        image = read_ppm(io.BytesIO(bytes(original[:cut])))
    except ValueError:
        return
    assert len(image.pixels) == image.width * image.height


def test_tutorial_image_matches_numpy_draws_and_quantizes_to_at_most_k_colours():
    picture = tutorial_image()
    assert picture.pixels[0] == (190, 61, 55)     # np.random.seed(42) ... as in the tutorial
    for k in (16, 8, 4):
        new, palette = quantize(picture, k, random_state=42)
        report = quantization_report(picture, new)
        assert len(set(new.pixels)) <= k and set(new.pixels) <= set(palette)
        assert report.palette_bytes < report.raw_bytes
    coarse = quantization_report(picture, quantize(picture, 4, random_state=42)[0])
    fine = quantization_report(picture, quantize(picture, 16, random_state=42)[0])
    assert fine.mse < coarse.mse


@given(st.lists(st.tuples(*[st.integers(0, 255)] * 3), min_size=4, max_size=40), st.integers(1, 5))
@settings(deadline=None)
def test_quantized_image_has_at_most_k_colours_and_write_read_is_identity(pixels, k):
    image = Image(len(pixels), 1, 255, pixels)
    new, palette = quantize(image, k, random_state=0)
    report = quantization_report(image, new)
    assert len(set(new.pixels)) <= k and report.n_colors <= k
    buffer = io.BytesIO()
    write_ppm(new, buffer)
    assert read_ppm(io.BytesIO(buffer.getvalue())) == new


def test_palette_file_size():
    assert palette_file_size(8, 2) == 2 * 3 + 1
    assert palette_file_size(2500, 16) == 16 * 3 + 1250


@pytest.mark.parametrize("kind", ["ppm", "png"])
def test_readers_share_each_colours_tuple_so_a_pixel_costs_its_reference(kind):
    # a photo has far fewer colours than pixels: equal pixels are one tuple, and reading
    # 512 x 512 pixels of 4 colours peaks at about 12-18 bytes a pixel (a tuple each: 80+)
    colours = [(250, 0, 0), (0, 250, 0), (0, 0, 250), (9, 9, 9)]
    picture = Image(512, 512, 255, [colours[(i * 7 + i // 512) % 4] for i in range(512 * 512)])
    if kind == "ppm":
        buffer = io.BytesIO()
        write_ppm(picture, buffer)
        data, read = buffer.getvalue(), read_ppm
    else:
        data, read = png_bytes(picture), read_png
    image = read(io.BytesIO(data))
    assert image == picture
    assert len({id(pixel) for pixel in image.pixels}) == 4
    if platform.python_implementation() == "CPython":      # PyPy has no tracemalloc
        import tracemalloc
        tracemalloc.start()
        try:
            read(io.BytesIO(data))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak / len(picture.pixels) < 24


def test_a_noise_picture_is_read_without_a_dict_of_every_colour():
    # nearly every pixel its own colour: sharing would cost a dict entry a pixel (117 bytes
    # a pixel at the peak, not 75), so the reader stops sharing once half are distinct
    rng = random.Random(0)
    picture = Image(400, 400, 255, [tuple(rng.randrange(256) for _ in range(3))
                                    for _ in range(400 * 400)])
    buffer = io.BytesIO()
    write_ppm(picture, buffer)
    if platform.python_implementation() == "CPython":      # PyPy has no tracemalloc
        import tracemalloc
        tracemalloc.start()
        try:
            image = read_ppm(io.BytesIO(buffer.getvalue()))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak / len(picture.pixels) < 90
    else:
        image = read_ppm(io.BytesIO(buffer.getvalue()))
    assert image == picture
