import re
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
from hypothesis import example, given, strategies as st

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
    _assert_text_inside(ET.tostring(root, encoding="unicode"))


def test_line_plot_marks_the_highlight():
    root = ET.fromstring(line_plot([1, 2, 3, 4], [9, 3, 2, 1.5], highlight=2, note="knee"))
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "knee" in texts and len(list(root.iter(SVG + "polyline"))) == 1
    _inside_view_box(root)


def test_silhouette_plot_has_a_bar_per_point():
    root = ET.fromstring(silhouette_plot([0.5, 0.7, -0.1, 0.9, 0.2], [0, 0, 1, 1, 1]))
    assert len(list(root.iter(SVG + "rect"))) == 5 + 2     # bars + background + frame


def test_animation_has_a_frame_per_step_and_no_repeated_last_frame():
    X = [(0.0, 0.0), (0.0, 1.0), (5.0, 5.0), (5.0, 6.0)]
    steps = list(lloyd_steps(X, [X[0], X[1]], [1.0] * 4))
    assert steps[-1].stop == "labels unchanged" and len(steps) == 3
    root = ET.fromstring(lloyd_animation(X, steps))
    fills = [a for a in root.iter(SVG + "animate") if a.get("attributeName") == "fill"]
    moves = list(root.iter(SVG + "animateTransform"))
    assert len(fills) == 4 and len(moves) == 2           # fill per point, a move per centre
    assert all(len(a.get("values").split(";")) == len(steps) for a in fills + moves)
    frames = list(zip(*[a.get("values").split(";") for a in fills + moves]))
    assert all(a != b for a, b in zip(frames, frames[1:]))   # the picture changes every step
    assert fills[0].get("keyTimes") == "0.0000;0.3333;0.6667"  # the last frame: 1/3, as all


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


# --- what a careful reader checks: text inside, legends, drawing order, the same marker ---

from kmeans_scratch import KMeans, make_blobs  # noqa: E402
from kmeans_scratch.errors import KMeansError  # noqa: E402


def _text_boxes(root):
    """(text element, left, top, right, bottom) of every non-empty <text>, its width estimated
    as 0.6 em a character, placed by its text-anchor; rotate(-90) turns the box on its side."""
    for text in root.iter(SVG + "text"):
        content = "".join(text.itertext())
        if not content:
            continue
        size, x, y = float(text.get("font-size")), float(text.get("x")), float(text.get("y"))
        width = 0.6 * size * len(content)
        start = {"start": 0.0, "middle": -width / 2, "end": -width}[text.get("text-anchor", "start")]
        across, up = (start, start + width), (-0.8 * size, 0.2 * size)
        if text.get("transform"):
            assert text.get("transform").startswith(f"rotate(-90 {text.get('x')} {text.get('y')})")
            across, up = up, (-across[1], -across[0])     # (dx, dy) -> (dy, -dx)
        yield text, x + across[0], y + up[0], x + across[1], y + up[1]


def _frame(root):
    rect = next(r for r in root.iter(SVG + "rect") if r.get("class") == "frame")
    x, y = float(rect.get("x")), float(rect.get("y"))
    return x, y, x + float(rect.get("width")), y + float(rect.get("height"))


def _assert_text_inside(svg):
    """Every label inside the canvas; notes, legends and counters inside the frame, except a
    legend placed outside: then all of it lies right of the frame, level with it."""
    root = ET.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    frame = _frame(root)
    outside = _legend_outside(root)
    boxes = list(_text_boxes(root))
    for text, left, top, right, bottom in boxes:
        assert 0 <= left and right <= width and 0 <= top and bottom <= height, text.text
        if text.get("class") in ("note", "legend", "counter"):
            assert frame[1] <= top and bottom <= frame[3], text.text
            if text.get("class") == "legend" and outside:
                assert frame[2] < left, text.text
            else:
                assert frame[0] <= left and right <= frame[2], text.text
    return root, boxes


def _legend_box(root):
    """(left, top, right, bottom) of the legend's box, or None."""
    rect = next((r for r in root.iter(SVG + "rect") if r.get("class") == "legend"), None)
    if rect is None:
        return None
    x, y = float(rect.get("x")), float(rect.get("y"))
    return x, y, x + float(rect.get("width")), y + float(rect.get("height"))


def _legend_outside(root):
    """True when the legend's box lies wholly right of the frame (False when inside it)."""
    box, frame = _legend_box(root), _frame(root)
    if box is None:
        return False
    if frame[2] < box[0]:
        assert box[2] <= float(root.get("width")) and frame[1] <= box[1] and box[3] <= frame[3]
        return True
    assert frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
    return False


def _blobs():
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    return X, KMeans(n_clusters=3, random_state=42, n_init=10).fit(X)


def _texts(root, kind):
    return [t.text for t in root.iter(SVG + "text") if t.get("class") == kind]


def test_scatter_labels_and_legend_stay_inside_and_name_the_centres():
    X, model = _blobs()
    root, _ = _assert_text_inside(scatter_plot(X, model.labels_, model.cluster_centers_, title="K=3"))
    assert _texts(root, "legend") == ["cluster 0", "cluster 1", "cluster 2", "centres"]
    root, _ = _assert_text_inside(scatter_plot(X, model.labels_))
    assert "centres" not in _texts(root, "legend")


def test_an_outlier_marked_on_its_own_centre_is_drawn_above_the_cross():
    X, _ = make_blobs(n_samples=100, centers=[[0, 0], [6, 6]], cluster_std=0.7, random_state=3)
    X = X + [[40.0, 40.0]]
    model = KMeans(n_clusters=2, random_state=0, n_init=10).fit(X)
    svg = scatter_plot(X, model.labels_, model.cluster_centers_, marked=[-1], marked_label="outlier")
    root, _ = _assert_text_inside(svg)
    children = list(root)
    legend = next(i for i, e in enumerate(children) if e.get("class") == "legend")
    centres = [i for i, e in enumerate(children[:legend]) if e.get("class") == "centre"]
    on_top = [e for e in children[max(centres) + 1:legend] if e.tag == SVG + "circle"]
    assert len(centres) == 2 and len(on_top) == 2            # the point and its ring
    assert len({(e.get("cx"), e.get("cy")) for e in on_top}) == 1
    assert on_top[1].get("fill") == "none"                     # the ring
    centre = children[centres[0]].get("transform") + children[centres[1]].get("transform")
    assert f"translate({on_top[0].get('cx')} {on_top[0].get('cy')})" in centre   # on its cross
    assert _texts(root, "legend")[-2:] == ["centres", "outlier"]


def test_a_marked_index_outside_the_data_is_an_error():
    with pytest.raises(KMeansError, match=r"scatter_plot requires -n_samples <= marked index "
                                          r"< n_samples; got marked=\[5\], n_samples=3"):
        scatter_plot([[0, 0], [1, 1], [2, 2]], marked=[5])


def _ticks(root, boxes):
    """(x tick labels, y tick labels) as read under and left of the frame."""
    left, _, _, bottom = _frame(root)
    xs = [t.text for t, _, top, _, _ in boxes if top > bottom and t.get("text-anchor") == "middle"
          and not t.get("class") and float(t.get("y")) < bottom + 25]
    ys = [t.text for t, _, _, right, _ in boxes if right <= left and not t.get("transform")]
    return xs, ys


def test_the_elbow_starts_at_zero_ticks_every_k_and_pads_only_a_little():
    inertias = [5000.0, 3600.0, 2400.0, 2300.0, 2250.0, 2200.0, 2150.0, 2100.0, 2050.0, 2000.0]
    svg = line_plot(range(1, 11), inertias, title="Elbow method", x_label="K", y_label="inertia",
                    highlight=3, note="knee (Kneedle)", y_from_zero=True)
    root, boxes = _assert_text_inside(svg)
    xs, ys = _ticks(root, boxes)
    assert xs == [str(k) for k in range(1, 11)]
    assert ys[0] == "0" and all(not label.startswith("-") for label in ys)
    assert all("e" not in label for label in ys)
    left, top, right, bottom = _frame(root)
    markers = [float(c.get("cx")) for c in root.iter(SVG + "circle") if c.get("r") == "4.5"]
    assert 0 < min(markers) - left <= 0.1 * (right - left)     # padding: a few percent
    assert 0 < right - max(markers) <= 0.1 * (right - left)
    highest = min(float(c.get("cy")) for c in root.iter(SVG + "circle") if c.get("r") == "4.5")
    assert 0 < highest - top <= 0.1 * (bottom - top)


def test_a_note_at_the_right_edge_turns_back_inside_the_frame():
    svg = line_plot(range(1, 11), [float(k) for k in range(10, 0, -1)], highlight=10,
                    note="a long note at the last point")
    root, _ = _assert_text_inside(svg)
    assert _texts(root, "note") == ["a long note at the last point"]


def test_values_that_cannot_be_negative_get_no_negative_ticks():
    rows = [(15.0 + 0.43 * i, 1.0 + (37 * i) % 99) for i in range(200)]   # income, spending score
    root, boxes = _assert_text_inside(scatter_plot(rows, [i % 5 for i in range(200)],
                                                   x_label="annual income (k$)", y_label="spending score"))
    xs, ys = _ticks(root, boxes)
    assert ys[0] == "0" and xs and ys and not any(label.startswith("-") for label in xs + ys)
    zero = next(t for t, *_ in boxes if t.text == "0" and t.get("text-anchor") == "end")
    # a scatter pads below its lowest value too (scores 1..99: 4.9 below 1), so 0 lies inside
    # the frame, 3.9 / 107.8 of its height above the bottom line, and no tick goes below it
    left, top, right, bottom = _frame(root)
    assert float(zero.get("y")) == pytest.approx(bottom - 3.9 / 107.8 * (bottom - top) + 0.35 * 13.89,
                                                 abs=0.02)


def test_a_few_ks_are_ticked_as_whole_numbers():
    root, boxes = _assert_text_inside(line_plot([2, 3, 4, 5], [0.7, 0.88, 0.7, 0.5]))
    assert _ticks(root, boxes)[0] == ["2", "3", "4", "5"]          # not 2.0, 2.5, 3.0, ...


def test_large_and_tiny_numbers_keep_their_labels_inside_and_plain():
    big = [(i * 1e5, i * 2.5e5) for i in range(11)]
    root, boxes = _assert_text_inside(scatter_plot(big))
    xs, ys = _ticks(root, boxes)
    assert "1000000" in xs and "2500000" in ys
    root, boxes = _assert_text_inside(scatter_plot([(i * 1e-5, i * 1e-5) for i in range(11)]))
    assert _ticks(root, boxes)[0][-2:] == ["0.00008", "0.00010"]     # one format for the axis


def test_the_silhouette_mean_note_stays_inside_even_near_one():
    root, _ = _assert_text_inside(silhouette_plot([0.95, 0.97, 0.93, 0.96], [0, 0, 1, 1], title="t"))
    assert _texts(root, "note") == ["mean 0.953"]
    _assert_text_inside(silhouette_plot([0.5, 0.7, -0.1, 0.9, 0.2], [0, 0, 1, 1, 1]))


def test_the_animation_counts_steps_names_the_centres_and_keeps_text_inside():
    X, _ = _blobs()
    start = [X[0], X[1], X[2]]
    steps = list(lloyd_steps(X, start, [1.0] * len(X), max_iter=10))
    root, _ = _assert_text_inside(lloyd_animation(X, steps, title="Lloyd's steps"))
    counters = _texts(root, "counter")
    last = steps[-1]
    assert counters[:-1] == [f"step {i} of {len(steps)}" for i in range(1, len(steps))]
    assert counters[-1] == f"step {len(steps)} of {len(steps)} ({last.stop})"
    shown = [t.find(SVG + "animate").get("values").split(";")
             for t in root.iter(SVG + "text") if t.get("class") == "counter"]
    assert all(values.count("visible") == 1 and values[i] == "visible" for i, values in enumerate(shown))
    assert "centres" in _texts(root, "legend")


def test_an_unconverged_animation_shows_the_last_update_and_why_it_stopped():
    X = [(0.0, 0.0), (0.0, 1.0), (5.0, 5.0), (5.0, 6.0)]
    steps = list(lloyd_steps(X, [X[0], X[1]], [1.0] * 4, max_iter=1))
    root = ET.fromstring(lloyd_animation(X, steps))
    assert _texts(root, "counter") == ["step 1 of 1", "after step 1 of 1 (max_iter)"]


def test_every_plot_draws_centres_with_the_same_cross():
    X = [(0.0, 0.0), (0.0, 1.0), (5.0, 5.0), (5.0, 6.0)]
    steps = list(lloyd_steps(X, [X[0], X[1]], [1.0] * 4))

    def crosses(svg):
        return {b"".join(ET.tostring(line) for line in g.iter(SVG + "line"))
                for g in ET.fromstring(svg).iter(SVG + "g") if g.get("class") == "centre"}
    scatter = crosses(scatter_plot(X, [0, 0, 1, 1], [(0, 0.5), (5, 5.5)]))
    animation = crosses(lloyd_animation(X, steps))
    assert len(scatter) == 2 and scatter == animation   # the full-size cross and the legend's


def test_text_sizes_are_matplotlibs_defaults_at_100_dpi():
    root = ET.fromstring(line_plot([1, 2, 3], [3.0, 2.0, 1.0], title="t", x_label="K", y_label="y"))
    sizes = {t.text: t.get("font-size") for t in root.iter(SVG + "text") if t.text}
    assert sizes.pop("t") == "16.67"                      # 12 pt * 100/72
    assert set(sizes.values()) == {"13.89"}               # 10 pt * 100/72


# --- the legend never hides a marker: inside where a corner is free, else right of the frame ---

def _markers(root):
    """Every marker drawn before the legend (the key's own marks come after its box) as a disc
    (x, y, radius) in px: points and rings with half their stroke, centre crosses."""
    children = list(root)
    legend = next(i for i, e in enumerate(children) if e.get("class") == "legend")
    for element in children[:legend]:
        if element.tag == SVG + "circle":
            r = float(element.get("r")) + float(element.get("stroke-width", 0)) / 2
            yield float(element.get("cx")), float(element.get("cy")), r
        elif element.get("class") == "centre":
            x, y = map(float, element.get("transform")[len("translate("):-1].split())
            yield x, y, 14.0                            # 11 px arms and 3 px of stroke


def _hidden_under_legend(root):
    """The markers whose disc reaches into the legend's box."""
    left, top, right, bottom = _legend_box(root)
    return [(x, y, r) for x, y, r in _markers(root)
            if (x - min(max(x, left), right)) ** 2 + (y - min(max(y, top), bottom)) ** 2 < r * r]


def _grid(n, corners=(True, True, True, True)):
    """An n x n grid over [0, 10]^2, less the quarters whose corner is False (UR, UL, LL, LR)."""
    def kept(x, y):
        quarter = {(True, True): 0, (False, True): 1, (False, False): 2, (True, False): 3}
        return corners[quarter[(x > 5, y > 5)]]
    return [(10 * i / (n - 1), 10 * j / (n - 1)) for i in range(n) for j in range(n)
            if kept(10 * i / (n - 1), 10 * j / (n - 1))]


def test_a_legend_with_points_in_every_corner_goes_outside_and_hides_none():
    X = _grid(15)
    labels = [int(x > 5) + 2 * int(y > 5) for x, y in X]
    svg = scatter_plot(X, labels, [(2.5, 2.5), (7.5, 2.5), (2.5, 7.5), (7.5, 7.5)], title="crowded",
                       marked=[0])
    root, _ = _assert_text_inside(svg)
    assert _legend_outside(root)
    assert _hidden_under_legend(root) == []
    left, _, right, _ = _frame(root)
    assert right - left == pytest.approx(640 - 30 - left)      # the plotting area kept its size
    assert float(root.get("width")) > 640                         # the canvas grew to hold the key
    title = next(t for t in root.iter(SVG + "text") if t.text == "crowded")
    assert float(title.get("x")) == pytest.approx((left + right) / 2, abs=0.01)   # centred on the plot


@pytest.mark.parametrize("corners", [(False, True, True, True), (True, True, True, False),
                                     (True, False, True, True), (True, True, False, True)])
def test_a_legend_with_a_free_corner_stays_inside_and_hides_none(corners):
    X = _grid(15, corners)
    root, _ = _assert_text_inside(scatter_plot(X, [int(x > 5) for x, _ in X]))
    assert not _legend_outside(root)
    assert _hidden_under_legend(root) == []
    assert root.get("width") == "640"


def test_a_crowded_income_and_score_scatter_hides_no_point_under_its_legend():
    rows = [(15.0 + 0.43 * i, 1.0 + (37 * i) % 99) for i in range(200)]   # income, spending score
    root, _ = _assert_text_inside(scatter_plot(rows, [i % 5 for i in range(200)], title="customers"))
    assert _legend_outside(root) and _hidden_under_legend(root) == []


@given(st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), min_size=1, max_size=60),
       st.integers(1, 12), st.booleans())
def test_a_scatter_legend_never_hides_a_marker(points, k, with_centres):
    labels = [i % k for i in range(len(points))]
    root, _ = _assert_text_inside(scatter_plot(points, labels, points[:k] if with_centres else None,
                                               marked=[-1]))
    assert _hidden_under_legend(root) == []
    assert (root.get("width") == "640") != _legend_outside(root)


def test_a_legend_outside_clears_a_centre_cross_on_the_frames_edge():
    # found by hypothesis: every corner covered, the key goes outside, and the cross at the
    # top-right corner (the largest x) reached 14 px into it
    points = [(0.0, 0.125), (-1.0, 0.0), (-1.0, -1.0), (0.0, -1.0)]
    root, _ = _assert_text_inside(scatter_plot(points, [0] * 4, points[:1], marked=[-1]))
    assert _legend_outside(root) and _hidden_under_legend(root) == []


def test_covers_counts_a_marker_whose_disc_reaches_the_box():
    from kmeans_scratch.plot.svg import covers
    box = (10.0, 10.0, 20.0, 10.0)
    assert covers(box, (20.0, 15.0, 3.5))                          # centre inside
    assert covers(box, (33.0, 15.0, 3.5)) and not covers(box, (34.0, 15.0, 3.5))   # beside the edge
    assert not covers(box, (33.0, 23.0, 3.5))                      # near the corner, but clear of it
    assert covers(box, (32.0, 22.0, 3.5))


def test_line_plot_error_bars_span_y_minus_e_to_y_plus_e_and_fit_the_axis():
    root = ET.fromstring(line_plot([1, 2, 3], [1.0, 2.0, 1.5], errors=[0.5, 1.0, 0.0], title="gap"))
    bars = [p for p in root.iter(SVG + "path") if p.get("class") == "error-bar"]
    assert len(bars) == 3
    height = float(root.get("height"))
    lengths = []
    for bar in bars:
        vertical = re.search(r"M([\d.]+),([\d.]+)V([\d.]+)", bar.get("d"))
        low, high = float(vertical[2]), float(vertical[3])
        assert 0 <= high <= low <= height
        lengths.append(low - high)
    assert lengths[2] == 0.0 and abs(lengths[1] - 2 * lengths[0]) < 0.02      # pixels follow e
    assert "error-bar" not in line_plot([1, 2], [1.0, 2.0])


@given(st.lists(st.tuples(st.sampled_from([0.0, 1.0, 2.5, 40.0]), st.floats(0, 1e4)), min_size=2,
                max_size=30))
@example(points=[(0.0, 0.0), (0.0, 5e-324)])       # 5% of the span rounded to 0: no padding
def test_scatter_points_clear_the_frame_even_at_zero(points):
    # coordinates are not counts: a point at 0 (or at the data's edge) gets the 5% padding
    # too, so no marker sits on the frame line (the rule that stops counts at 0 is not theirs)
    root = ET.fromstring(scatter_plot(points + [(0.0, 0.0)]))
    frame = next(r for r in root.iter(SVG + "rect") if r.get("class") == "frame")
    left, top = float(frame.get("x")), float(frame.get("y"))
    right, bottom = left + float(frame.get("width")), top + float(frame.get("height"))
    for circle in root.iter(SVG + "circle"):
        x, y, r = (float(circle.get(name)) for name in ("cx", "cy", "r"))
        assert left + r <= x <= right - r and top + r <= y <= bottom - r
