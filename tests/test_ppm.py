"""read_ppm on hostile input: huge numbers, lone-CR comments, truncation, endless streams.

Each test writes its bad file (into tmp_path) or streams it, and checks the exact error:
a KMeansError (a ValueError) naming the byte offset and, where one applies, the limit.
"""

import io
import os
import platform
import subprocess
import sys
import textwrap

import pytest

from kmeans_scratch.errors import KMeansError
from kmeans_scratch.image import Image, read_ppm, write_ppm
from conftest import DATA


class Endless(io.RawIOBase):
    """A file object that never ends: `head`, then `fill` repeated; counts what it hands out."""

    def __init__(self, head, fill):
        self.head, self.fill, self.handed_out, self.sizes = head, fill, 0, []

    def readable(self):
        return True

    def read(self, size=-1):
        if size is None or size < 0:
            raise AssertionError("read() of the whole stream")
        self.sizes.append(size)
        data = self.head[:size]
        self.head = self.head[size:]
        data += self.fill * ((size - len(data)) // len(self.fill) + 1)
        self.handed_out += size
        return data[:size]


class Trickle(io.RawIOBase):
    """A file object (no size, no seeking) that hands out at most `step` bytes a read."""

    def __init__(self, data, step):
        self.data, self.step = data, step

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self.data[:min(size, self.step)]
        self.data = self.data[len(chunk):]
        return chunk


def test_a_header_number_of_5000_digits_is_refused_with_its_byte_offset(tmp_path):
    path = tmp_path / "wide.pgm"
    path.write_bytes(b"P5 " + b"9" * 5000 + b" 1 255\n\x00")
    with pytest.raises(KMeansError, match=r"^read_ppm requires width to have at most 20 digits; "
                                          r"got b'9{20}'\.\.\. at byte 3 \(more than 20 bytes\)$"):
        read_ppm(path)


def test_a_text_sample_of_5000_digits_is_refused_with_its_byte_offset(tmp_path):
    path = tmp_path / "long.pgm"
    path.write_bytes(b"P2 2 1 255\n7 " + b"1" * 5000 + b"\n")
    with pytest.raises(KMeansError, match=r"requires sample to have at most 20 digits; "
                                          r"got b'1{20}'\.\.\. at byte 13"):
        read_ppm(path)


@pytest.mark.parametrize("data, pixels", [
    (b"P2\r# written on an old Mac\r2 1\r# maxval next\r255\r1 2\r", [(1,), (2,)]),
    (b"P2 2 1 255\n1 # one\r2 # two", [(1,), (2,)]),                 # in the text data too
    (b"P5 2 1 255# the raster follows the CR\r\x07\x08", [(7,), (8,)]),
    (b"P3 1 1 9 #c\r\n1#c\r2#c\n3", [(1, 2, 3)]),
])
def test_a_comment_ends_at_a_lone_carriage_return(tmp_path, data, pixels):
    path = tmp_path / "mac.ppm"
    path.write_bytes(data)
    assert read_ppm(path).pixels == pixels


@pytest.mark.parametrize("data, message", [
    # the file holds enough bytes, but not enough samples: found while reading
    (b"P2 2 2 255\n1    2       \n", r"requires 4 samples from byte 10 \(2x2, 1 channel\); "
                                    r"got 2: truncated data, ending at byte 25$"),
    (b"P3 1 2 9\n1 2 3 4 # a comment \n", r"requires 6 samples from byte 8 \(1x2, 3 channels\); "
                                         r"got 4: truncated data, ending at byte 30$"),
    # too few bytes for the samples: refused from the file size, before reading them
    (b"P3 2 2 255\n1 2 3\n", r"requires at least 23 bytes of samples from byte 10 \(2x2, "
                            r"3 channels\); got 7: truncated data, ending at byte 17$"),
])
def test_truncated_text_data_names_the_byte_where_it_ended(tmp_path, data, message):
    path = tmp_path / "short.ppm"
    path.write_bytes(data)
    with pytest.raises(KMeansError, match=message):
        read_ppm(path)


def test_truncated_data_in_a_stream_of_unknown_size_names_where_it_ended():
    with pytest.raises(KMeansError, match=r"requires 8 samples from byte 8 \(2x4, 1 channel\); "
                                          r"got 3: truncated data, ending at byte 15$"):
        read_ppm(Trickle(b"P2 2 4 9\n1 2 3\n", 2))
    with pytest.raises(KMeansError, match=r"requires 12 bytes of samples from byte 11 \(2x2, "
                                          r"3 channels\); got 5: truncated data, ending at byte 16$"):
        read_ppm(Trickle(b"P6 2 2 255\n\x01\x02\x03\x04\x05", 3))


def test_a_header_above_max_samples_is_refused_before_the_data_is_read():
    stream = Endless(b"P6 60000 60000 255\n", b"\x00")
    with pytest.raises(KMeansError, match=r"^read_ppm requires width\*height\*channels <= "
                                          r"max_samples=50331648; got 60000\*60000\*3=10800000000 "
                                          r"\(the header, bytes 0\.\.18\)$"):
        read_ppm(stream)
    assert stream.handed_out <= 1 << 17          # a chunk or two, not the 10.8 GB claimed
    with pytest.raises(KMeansError, match=r"max_samples=11; got 2\*2\*3=12 \(the header, bytes 0\.\.10\)"):
        read_ppm(io.BytesIO(b"P6 2 2 255\n" + bytes(12)), max_samples=11)
    assert read_ppm(io.BytesIO(b"P6 2 2 255\n" + bytes(12)), max_samples=12).pixels == [(0, 0, 0)] * 4


def test_the_input_is_read_a_chunk_at_a_time_never_all_at_once():
    stream = Endless(b"P5 1500 1500 255\n", b"\x05")
    image = read_ppm(stream)                     # 2.25 MB of an endless stream: only what it needs
    assert (image.width, image.height, image.pixels[-1]) == (1500, 1500, (5,))
    assert max(stream.sizes) <= 1 << 20 and stream.handed_out < 1500 * 1500 + (2 << 20)


@pytest.mark.parametrize("head, fill, message", [
    (b"P2 2 2 255\n", b" ", r"at most 1048576 bytes of whitespace and comments in a row; "
                            r"got more from byte 10 to byte 1048587$"),
    (b"P6 #", b"x", r"at most 1048576 bytes of whitespace and comments in a row; "
                    r"got more from byte 2 to byte 1048579$"),
    (b"P2 1 1 255\n", b"7", r"sample to have at most 20 digits; got b'7{20}'\.\.\. at byte 11"),
])
def test_endless_whitespace_comments_or_digits_stop_at_a_limit(head, fill, message):
    stream = Endless(head, fill)
    with pytest.raises(KMeansError, match=message):
        read_ppm(stream)
    assert stream.handed_out <= (1 << 20) + (1 << 17)


def test_dev_zero_is_refused_at_byte_0():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with pytest.raises(KMeansError, match=r"magic number P2, P3, P5 or P6 at byte 0; got b'\\x00\\x00'"):
        read_ppm("/dev/zero")


ENDLESS_UNDER_A_MEMORY_LIMIT = textwrap.dedent("""
    import io, platform, random, resource, sys, time
    # PyPy's collector aborts the process when an arena allocation fails: no MemoryError
    CPYTHON = platform.python_implementation() == "CPython"
    limit = 256 * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from kmeans_scratch.image import read_ppm

    class Endless(io.RawIOBase):
        def __init__(self, head, fill):
            self.head, self.fill = head, fill
        def readable(self):
            return True
        def readinto(self, buffer):
            size = len(buffer)
            data = self.head[:size]
            self.head = self.head[size:]
            fill = self.fill * size if self.fill else random.randbytes(size)   # b"": noise
            buffer[:size] = (data + fill)[:size]
            return size

    for source in ["/dev/zero", Endless(b"P6 60000 60000 255\\n", b"\\0"),
                   Endless(b"P2 3 3 255\\n", b" "), Endless(b"P2 3 3 255\\n", b"9"),
                   Endless(b"P5 #", b"x")] + [Endless(b"P6 4096 4096 255\\n", b"")] * CPYTHON:
        start = time.perf_counter()
        try:
            read_ppm(source)
        except ValueError as error:
            print(f"{time.perf_counter() - start:.2f} {error}")
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux has it")
def test_endless_input_under_a_memory_limit_fails_fast_with_our_message():
    # 256 MiB of address space: CPython starts in about 20 MiB; the last case is a valid
    # header (4096x4096x3 = max_samples) on endless noise, whose pixels (nearly all of them
    # distinct colours, so no tuple is shared) would need ~1.2 GB
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    result = subprocess.run([sys.executable, "-c", ENDLESS_UNDER_A_MEMORY_LIMIT], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "MemoryError" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == (6 if platform.python_implementation() == "CPython" else 5), result.stdout
    assert all(float(line.split()[0]) < 10 for line in lines), result.stdout
    assert "magic number P2, P3, P5 or P6 at byte 0" in lines[0]
    assert "max_samples=50331648; got 60000*60000*3" in lines[1]
    assert "at most 1048576 bytes of whitespace and comments in a row; got more from byte 10" in lines[2]
    assert "at most 20 digits; got b'99999999999999999999'... at byte 11" in lines[3]
    assert "at most 1048576 bytes of whitespace and comments in a row; got more from byte 2" in lines[4]
    assert lines[5:] == [] or ("requires memory for 50331648 samples (4096x4096, 3 channels); got "
                               "MemoryError at byte" in lines[5] and "(max_samples=50331648)" in lines[5])


@pytest.mark.parametrize("step", [1, 2, 7, 4096])
def test_reading_in_tiny_pieces_gives_the_same_images(step):
    for name in ["china_crop.ppm", "china_crop_ascii.ppm", "grey_ascii.pgm", "grey16.pgm"]:
        data = (DATA / name).read_bytes()
        assert read_ppm(Trickle(data, step)) == read_ppm(DATA / name), name


def test_text_samples_spanning_chunks_and_comments_read_right():
    pixels = [(i % 65536,) for i in range(0, 40000 * 7, 7)]
    buffer = io.BytesIO()
    write_ppm(Image(200, 200, 65535, pixels), buffer, binary=False)
    data = buffer.getvalue().replace(b"\n", b" # a comment\r", 500)
    assert read_ppm(io.BytesIO(data)).pixels == pixels


@pytest.mark.parametrize("source, kind, message", [
    (io.StringIO("P2 1 1 9\n1"), TypeError, r"requires a binary file object; got read\(\) -> str"),
    (42, TypeError, "requires a path or a binary file object; got source=int"),
])
def test_sources_that_give_no_bytes_are_type_errors(source, kind, message):
    with pytest.raises(kind, match=message):
        read_ppm(source)


def test_max_samples_is_checked():
    with pytest.raises(KMeansError, match="requires max_samples >= 1; got max_samples=0"):
        read_ppm(io.BytesIO(b"P2 1 1 9\n1"), max_samples=0)
    with pytest.raises(TypeError, match=r"requires an int max_samples; got max_samples=2\.5"):
        read_ppm(io.BytesIO(b"P2 1 1 9\n1"), max_samples=2.5)


@pytest.mark.parametrize("data, message", [
    (b"P5 2 1 255", r"requires one whitespace byte after maxval; got the end of the file at byte 10"),
    (b"P5 2 1 255#x", r"requires one whitespace byte after maxval; got the end of the file at byte 12"),
    (b"P5 2 1 00000000000000000000255\n\x01\x02", r"at most 20 digits.* at byte 7"),
    (b"P5 0 1 255\n", r"requires 1 <= width <= 2147483647; got width=0 at byte 3"),
    (b"P5 1 1 65536\n", r"requires 1 <= maxval <= 65535; got maxval=65536 at byte 7"),
    (b"P5 1 1 1000\n\x03\xe9", r"requires samples <= maxval=1000; got 1001 at byte 12"),
    (b"P3\n", r"requires a width in the header; got the end of the file at byte 3"),
    (b"P2 3 1 9\n1 10 2\n", r"requires 0 <= sample <= maxval=9; got sample=10 at byte 11"),
])
def test_other_header_and_sample_errors_name_their_byte(data, message):
    with pytest.raises(KMeansError, match=message):
        read_ppm(io.BytesIO(data))


def test_leading_zeros_are_numbers_and_a_second_image_is_ignored():
    data = b"P2 0002 01 0000000000000000255\n007 0\nP2 1 1 9\n5\n"
    assert read_ppm(io.BytesIO(data)) == Image(2, 1, 255, [(7,), (0,)])
