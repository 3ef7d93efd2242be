"""The Lloyd stepper: its frames are lloyd_steps bit for bit; its page is offline and safe.

The JavaScript is run twice: under Node with a tiny stand-in for the DOM (every frame, the
Voronoi shading checked against Python's labels) and, once, in headless Chromium.
"""

import html.parser
import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import KMeansError, make_blobs
from kmeans_scratch.lloyd import lloyd_steps
from kmeans_scratch.randomness import check_random_state
from kmeans_scratch.stepper import lloyd_frames, stepper_html

from strategies import coordinates

X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)


def tutorial_start(seed=42):
    """Three random rows, as the tour draws them."""
    return [X[i] for i in check_random_state(seed).choice(300, 3, replace=False)]


def bits(value):
    """Floats as their exact hex form, inside any nesting of lists and tuples."""
    if isinstance(value, float):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [bits(item) for item in value]
    return value


def round_trip(frames):
    return json.loads(json.dumps(frames))


def data_json(page, element_id="stepper"):
    found = re.search(f'<script type="application/json" id="{element_id}-data">(.*?)</script>',
                      page, re.S)
    return found.group(1)


@pytest.mark.parametrize("seed", [42, 0, 4])
def test_frames_are_lloyd_steps_bit_for_bit_after_json(seed):
    start = tutorial_start(seed)
    frames = round_trip(lloyd_frames(X, start, max_iter=10, tol=1e-12))
    steps = list(lloyd_steps(X, start, [1.0] * len(X), max_iter=10, tol=1e-12))
    assert len(frames["steps"]) == len(steps)
    for got, step in zip(frames["steps"], steps):
        assert got["iteration"] == step.iteration and got["labels"] == step.labels
        assert bits(got["centroids"]) == bits(step.centroids)
        assert bits(got["new_centroids"]) == bits(step.new_centroids)
        assert bits([got["inertia"], got["shift"]]) == bits([step.inertia, step.shift])
        assert got["stop"] == step.stop
    assert bits(frames["points"]) == bits([list(x) for x in X])
    assert (frames["n_features"], frames["max_iter"], frames["tol"]) == (2, 10, 1e-12)


@settings(deadline=None, max_examples=30)
@given(st.lists(st.tuples(coordinates, coordinates, coordinates), min_size=2, max_size=12),
       st.data())
def test_frames_keep_every_feature_of_the_centres_but_draw_two(rows, data):
    k = data.draw(st.integers(1, len(rows)))
    weights = data.draw(st.lists(st.floats(0.5, 3.0), min_size=len(rows), max_size=len(rows)))
    frames = round_trip(lloyd_frames(rows, rows[:k], weights=weights, max_iter=5))
    steps = list(lloyd_steps(rows, rows[:k], weights, max_iter=5))
    assert bits(frames["points"]) == bits([list(row[:2]) for row in rows])
    assert [bits(s["new_centroids"]) for s in frames["steps"]] == [bits(s.new_centroids) for s in steps]
    assert frames["n_features"] == 3


def test_the_last_frame_says_why_the_loop_stopped():
    assert lloyd_frames(X, tutorial_start(), max_iter=10, tol=1e-12)["steps"][-1]["stop"] == \
        "labels unchanged"
    assert lloyd_frames(X, tutorial_start(4), max_iter=2)["steps"][-1]["stop"] == "max_iter"
    assert lloyd_frames(X, tutorial_start(), tol=1e9)["steps"][0]["stop"] == "tol"


@pytest.mark.parametrize("call, message", [
    (lambda: lloyd_frames([[1.0], [2.0]], [[1.0]]), r"lloyd_frames requires at least 2 features.*n_features=1"),
    (lambda: lloyd_frames([[1, 2], [3]], [[1, 2]]), r"lloyd_frames requires rows of equal length"),
    (lambda: lloyd_frames([], [[1, 2]]), r"lloyd_frames requires at least one row"),
    (lambda: lloyd_frames([[1, float("nan")]], [[1, 2]]), r"lloyd_frames requires finite values"),
    (lambda: lloyd_frames([[1, 2e200]], [[1, 2]]), r"lloyd_frames requires \|values\| <= 1e\+150"),
    (lambda: lloyd_frames([[1, 2]], [[1, 2, 3]]), r"lloyd_frames requires rows of equal length.*n_features 2"),
    (lambda: lloyd_frames([[1, 2]], [[1, 2], [3, 4]]), r"lloyd_frames requires 1 <= n_clusters <= n_samples"),
    (lambda: lloyd_frames([[1, 2]], [[1, 2]], max_iter=0), r"lloyd_frames requires an integer max_iter >= 1; got max_iter=0"),
    (lambda: lloyd_frames([[1, 2]], [[1, 2]], max_iter=2.5), r"lloyd_frames requires an integer max_iter"),
    (lambda: lloyd_frames([[1, 2]], [[1, 2]], tol=-1.0), r"lloyd_frames requires a finite tol >= 0; got tol=-1.0"),
    (lambda: lloyd_frames([[1, 2]], [[1, 2]], tol=float("inf")), r"lloyd_frames requires a finite tol"),
    (lambda: lloyd_frames([[1, 2]], [[1, 2]], weights=[1, 2]), r"lloyd_frames requires one sample weight per row"),
])
def test_bad_input_is_refused_naming_lloyd_frames(call, message):
    with pytest.raises(KMeansError, match=message):
        call()


def test_text_is_a_type_error_naming_lloyd_frames():
    with pytest.raises(TypeError, match="lloyd_frames requires numbers"):
        lloyd_frames([[1, "2"]], [[1, 2]])


SMALL = lloyd_frames([[0, 0], [0, 1], [4, 4], [4, 5]], [[0, 0], [0, 1]])


@pytest.mark.parametrize("call, error, message", [
    (lambda: stepper_html([]), KMeansError, r"stepper_html requires at least one"),
    (lambda: stepper_html([("t", SMALL)], element_id="1st"), KMeansError, r"stepper_html requires an element_id.*'1st'"),
    (lambda: stepper_html([("t", SMALL)], element_id='a"b'), KMeansError, r"stepper_html requires an element_id"),
    (lambda: stepper_html([SMALL]), TypeError, r"stepper_html requires \(title, lloyd_frames\(...\)\) pairs; got cases\[0\]"),
    (lambda: stepper_html([("t", {"points": []})]), TypeError, r"stepper_html requires \(title"),
])
def test_bad_cases_are_refused_naming_stepper_html(call, error, message):
    with pytest.raises(error, match=message):
        call()


class _Tags(html.parser.HTMLParser):
    """Every start tag's attributes, and the text inside each script."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


EVIL = "</script><script>alert(1)</script> & <b>"
CASES = [("blobs " + EVIL, lloyd_frames(X, tutorial_start(), max_iter=10, tol=1e-12)),
         ("a bad start", lloyd_frames(X, tutorial_start(4), max_iter=10, tol=1e-12))]
PAGE = stepper_html(CASES)


def test_the_fragment_loads_nothing_from_anywhere():
    assert re.search(r"\b(src|href|action|srcset)\s*=", PAGE, re.I) is None
    assert "url(" not in PAGE and "@import" not in PAGE and "http" not in PAGE
    assert re.search(r"""[=(]\s*["']?//""", PAGE) is None   # nor a protocol-relative one


def test_the_fragment_is_one_section_with_its_controls():
    parser = _Tags()
    parser.feed(PAGE)
    ids = {attrs.get("id"): (tag, attrs) for tag, attrs in parser.tags if "id" in attrs}
    assert parser.tags[0] == ("section", {"id": "stepper", "class": "kms", "data-state": "loading"})
    assert PAGE.rstrip().endswith("</section>") and PAGE.count("<section") == 1
    for name in ("back", "play", "pause", "forward"):
        assert ids[f"stepper-{name}"][0] == "button"
    assert ids["stepper-counter"][1]["data-step"] == "0"
    assert ids["stepper-case"][0] == "select" and ids["stepper-plot"][0] == "svg"
    assert [t for t, _ in parser.tags].count("option") == 2


def test_the_json_is_the_frames_and_cannot_end_its_script():
    assert PAGE.count("</script") == PAGE.count("<script") == 2
    parser = _Tags()
    parser.feed(PAGE)
    assert len(parser.scripts) == 2                      # the title did not end a script
    payload = json.loads(parser.scripts[0])
    assert payload == json.loads(data_json(PAGE))
    assert [(case["title"], case["frames"]) for case in payload["cases"]] == \
        [(title, round_trip(frames)) for title, frames in CASES]
    assert "&lt;b&gt;" in PAGE and "<b>" not in PAGE      # the title is escaped in the select


def test_two_steppers_on_one_page_do_not_share_ids():
    parser = _Tags()
    parser.feed(stepper_html(CASES[:1], element_id="a") + stepper_html(CASES[:1], element_id="b"))
    ids = [attrs["id"] for _, attrs in parser.tags if "id" in attrs]
    assert len(ids) == len(set(ids)) == 2 * 13 and ids.count("a") == ids.count("b") == 1


# A stand-in for the few DOM calls the stepper makes; prints what it drew, frame by frame.
FAKE_DOM = r"""
function Node(tag) { this.tag = tag; this.attrs = {}; this.children = []; this.text = ""; }
Node.prototype.namespaceURI = "svg";
Node.prototype.setAttribute = function (k, v) { this.attrs[k] = String(v); };
Node.prototype.getAttribute = function (k) { return k in this.attrs ? this.attrs[k] : null; };
Node.prototype.appendChild = function (c) { this.children.push(c); return c; };
Node.prototype.insertRow = function () { return this.appendChild(new Node("tr")); };
Node.prototype.insertCell = function () { return this.appendChild(new Node("td")); };
Object.defineProperty(Node.prototype, "textContent", {
  get: function () { return this.text + this.children.map(function (c) { return c.textContent; }).join(""); },
  set: function (v) { this.text = String(v); this.children = []; }});
var nodes = {};
function byId(id) { return nodes[id] || (nodes[id] = new Node("#" + id)); }
global.document = {getElementById: byId, createElementNS: function (ns, tag) { return new Node(tag); }};
global.location = {hash: HASH};  // HASH, ID and DATA are set before this text
byId(ID + "-table").tBodies = [new Node("tbody")];
byId(ID + "-data").textContent = DATA;
var errors = [], timers = {}, nextTimer = 1;     // time stands still: timers run when told
global.setInterval = function (fn) { timers[nextTimer] = fn; return nextTimer++; };
global.clearInterval = function (id) { delete timers[id]; };
function runTimers() { for (var n = 0; n < 1000 && Object.keys(timers).length; n++) for (var id in timers) timers[id](); }
process.on("uncaughtException", function (e) { errors.push(String(e)); });
function snapshot() {
  var c = byId(ID + "-counter"), s = byId(ID + "-stop");
  return JSON.parse(JSON.stringify({counter: c.text, attrs: c.attrs, stop: s.text, stop_attr: s.attrs["data-stop"],
    now: byId(ID + "-now").text, state: byId(ID).attrs["data-state"], error: byId(ID).attrs["data-error"],
    back: byId(ID + "-back").disabled, forward: byId(ID + "-forward").disabled,
    rows: byId(ID + "-table").tBodies[0].children.map(function (r) { return r.className; }),
    shapes: byId(ID + "-plot").children.filter(function (n) { return n.tag !== "text" && n.tag !== "line"; })
      .map(function (n) { return [n.tag, n.attrs]; })}));   // a copy: attrs change later
}
SCRIPT
var opened = snapshot();
runTimers();
var frames = [snapshot()];
for (var n = 0; n < STEPS && !byId(ID + "-forward").disabled; n++) {
  byId(ID + "-forward").onclick(); frames.push(snapshot());
}
byId(ID + "-play").onclick(); var playing = byId(ID + "-pause").disabled === false;
byId(ID + "-pause").onclick();
console.log(JSON.stringify({opened: opened, frames: frames, errors: errors, playing: playing,
  paused: byId(ID + "-play").disabled === false, case: byId(ID + "-case").value}));
"""


def run_in_node(page, hash_="", element_id="stepper"):
    script = _Tags()
    script.feed(page)
    given = (f"var ID = {json.dumps(element_id)}, HASH = {json.dumps(hash_)}, STEPS = 100, "
             f"DATA = {json.dumps(data_json(page, element_id))};\n")
    source = given + FAKE_DOM.replace("SCRIPT", script.scripts[1])
    done = subprocess.run(["node", "-e", source], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def inside(point, polygon):
    """Whether a point lies in a convex polygon (either orientation), edges included."""
    if len(polygon) < 3:
        return False
    signs = set()
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1]):
        cross = (bx - ax) * (point[1] - ay) - (by - ay) * (point[0] - ax)
        if abs(cross) > 1e-6:
            signs.add(cross > 0)
    return len(signs) <= 1


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


@needs_node
def test_in_node_every_frame_shows_its_step_move_and_numbers():
    run = run_in_node(PAGE)
    frames, steps = run["frames"], CASES[0][1]["steps"]
    assert run["errors"] == [] and len(frames) == 2 * len(steps) + 1
    assert all(frame["state"] == "ready" for frame in frames)
    for f, frame in enumerate(frames):
        i, move = (f + 1) // 2, ["update", "assignment"][f % 2] if f else "start"
        assert frame["attrs"] == {"data-step": str(i), "data-steps": str(len(steps)),
                                  "data-frame": str(f), "data-move": move}
        assert frame["counter"].startswith(f"step {i} of {len(steps)} - {move}: ")
        assert (frame["back"], frame["forward"]) == (f == 0, f == len(frames) - 1)
        if move == "assignment":
            assert f"inertia J = {steps[i - 1]['inertia']:.2f}" in frame["now"]
        assert frame["rows"] == [""] * (i - 1) + ["kms-current"] * (i > 0) + \
            ["kms-later"] * (len(steps) - max(i, 1) + (i == 0))
    assert frames[-1]["stop_attr"] == "labels unchanged" and "Converged after step 3" in frames[-1]["stop"]
    assert frames[-1]["counter"].endswith(" - converged: no point changed its cluster")
    assert all(frame["stop"] == "" and "converged" not in frame["counter"] for frame in frames[:-1])
    assert run["playing"] and run["paused"]


@needs_node
def test_in_node_the_voronoi_shading_agrees_with_pythons_labels():
    frames, steps = run_in_node(PAGE, "#case=1")["frames"], CASES[1][1]["steps"]
    for f in range(1, len(frames), 2):                       # the assignment moves
        shapes = frames[f]["shapes"]
        regions = [[tuple(map(float, xy.split(","))) for xy in attrs["points"].split()]
                   for tag, attrs in shapes if tag == "polygon"]
        points = [(float(a["cx"]), float(a["cy"])) for tag, a in shapes if tag == "circle" and a["r"] == "3.5"]
        assert len(regions) == 3 and len(points) == len(X)
        for point, label in zip(points, steps[(f - 1) // 2]["labels"]):
            assert inside(point, regions[label]), (f, point, label)
            assert sum(inside(point, region) for region in regions) == 1, (f, point)


@needs_node
def test_in_node_of_twin_centres_the_lower_index_takes_the_region():
    frames = lloyd_frames(X, [X[0], X[0], X[150]], max_iter=1)
    shapes = run_in_node(stepper_html([("twins", frames)]))["frames"][1]["shapes"]
    regions = [attrs["points"] for tag, attrs in shapes if tag == "polygon"]
    assert regions[0] and regions[1] == "" and regions[2]
    assert 1 not in frames["steps"][0]["labels"]          # as Python's ties: lowest index


@needs_node
def test_in_node_the_url_hash_opens_a_case_at_its_end():
    run = run_in_node(PAGE, "#case=1&frame=end")
    last, steps = run["frames"][0], CASES[1][1]["steps"]
    assert run["case"] == 1 and last["attrs"]["data-frame"] == str(2 * len(steps))
    assert last["stop_attr"] == "max_iter" and "max_iter = 10" in last["stop"]
    assert last["counter"].endswith(" - stopped: max_iter used up")


@needs_node
@pytest.mark.parametrize("hash_", ["#play", "#stepper=play", "#frame=3&play"])
def test_in_node_play_in_the_url_hash_plays_to_the_end(hash_):
    run = run_in_node(PAGE, hash_)
    assert run["opened"]["attrs"]["data-frame"] == ("3" if "frame" in hash_ else "0")
    played = run["frames"][0]
    assert played["attrs"]["data-frame"] == "6" and played["stop_attr"] == "labels unchanged"
    assert played["forward"] and run["errors"] == []


@needs_node
def test_in_node_play_for_another_stepper_leaves_this_one_still():
    run = run_in_node(PAGE, "#other=play")
    assert run["frames"][0]["attrs"]["data-frame"] == "0"


@needs_node
def test_in_node_a_broken_payload_sets_the_error_state():
    broken = PAGE.replace(data_json(PAGE), '{"cases": []}')
    frame = run_in_node(broken)["frames"][0]
    assert frame["state"] == "error" and frame["error"] and "failed" in frame["stop"]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_in_chromium_the_stepper_gets_ready(tmp_path):
    page = tmp_path / "stepper.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                    + PAGE + "</body></html>", encoding="utf-8")
    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000", "--dump-dom",
         page.as_uri() + "#frame=end"], capture_output=True, text=True, timeout=60)
    assert 'data-state="ready"' in done.stdout, done.stderr[-2000:]
    assert 'data-frame="6"' in done.stdout and 'data-stop="labels unchanged"' in done.stdout
