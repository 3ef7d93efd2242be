import struct
import xml.etree.ElementTree as ET
import zlib

from hypothesis import given, strategies as st

from kmeans_scratch.image import Image, png_bytes
from kmeans_scratch.lloyd import lloyd_steps
from kmeans_scratch.plot import (Canvas, line_plot, lloyd_animation, nice_ticks, save,
                                 scatter_plot, silhouette_plot)

SVG = "{http://www.w3.org/2000/svg}"


def _inside_view_box(root):
    width, height = float(root.get("width")), float(root.get("height"))
    for circle in root.iter(SVG + "circle"):
        x, y = float(circle.get("cx")), float(circle.get("cy"))
        assert 0 <= x <= width and 0 <= y <= height


@given(st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), min_size=1, max_size=30))
def test_scatter_is_xml_with_one_circle_per_point_inside_the_view_box(points):
    labels = [i % 3 for i in range(len(points))]
    root = ET.fromstring(scatter_plot(points, labels, [points[0]], title="t <&> 'x'"))
    assert len(list(root.iter(SVG + "circle"))) == len(points)
    _inside_view_box(root)
    fills = {c.get("fill") for c in root.iter(SVG + "circle")}
    assert len(fills) == min(3, len(points))          # coloured by label


def test_line_plot_marks_the_highlight():
    root = ET.fromstring(line_plot([1, 2, 3, 4], [9, 3, 2, 1.5], highlight=2, note="knee"))
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "knee" in texts and len(list(root.iter(SVG + "polyline"))) == 1
    _inside_view_box(root)


def test_silhouette_plot_has_a_bar_per_point():
    root = ET.fromstring(silhouette_plot([0.5, 0.7, -0.1, 0.9, 0.2], [0, 0, 1, 1, 1]))
    assert len(list(root.iter(SVG + "rect"))) == 5 + 2     # bars + background + frame


def test_animation_has_a_frame_per_step():
    X = [(0.0, 0.0), (0.0, 1.0), (5.0, 5.0), (5.0, 6.0)]
    steps = list(lloyd_steps(X, [X[0], X[1]], [1.0] * 4))
    root = ET.fromstring(lloyd_animation(X, steps))
    animations = list(root.iter(SVG + "animate"))
    assert len(animations) == 4 + 2 * 2       # fill per point, cx and cy per centre
    assert all(len(a.get("values").split(";")) == len(steps) + 1 for a in animations)


def test_nice_ticks_are_round_and_cover_the_range():
    for low, high in [(0, 9.3), (-3.7, 2.2), (0.001, 0.0042), (1e5, 3.3e5), (5, 5)]:
        ticks = nice_ticks(low, high)
        assert ticks[0] <= low and ticks[-1] >= high
        steps = {round(b - a, 12) for a, b in zip(ticks, ticks[1:])}
        assert len(steps) == 1


def test_canvas_escapes_text_and_save_writes_atomically(tmp_path):
    canvas = Canvas(100, 100, title="<b>")
    canvas.axes("x & y", "y")
    ET.fromstring(canvas.render())
    path = save(canvas.render(), tmp_path / "p.svg")
    ET.parse(path)


def test_png_has_valid_chunks_and_decodes_to_the_pixels():
    image = Image(2, 2, 255, [(255, 0, 0), (0, 255, 0), (0, 0, 255), (9, 9, 9)])
    data = png_bytes(image)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(data):
        length, = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        crc, = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = body
        position += 12 + length
    assert struct.unpack(">II", chunks[b"IHDR"][:8]) == (2, 2)
    raw = zlib.decompress(chunks[b"IDAT"])
    assert raw == b"\x00" + bytes([255, 0, 0, 0, 255, 0]) + b"\x00" + bytes([0, 0, 255, 9, 9, 9])
