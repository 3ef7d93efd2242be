"""Lloyd's loop one move at a time: an interactive stepper for a web page.

A learner presses Step forward and watches Lloyd's two moves apart, because each move on
its own can only lower the inertia J = sum_i w[i] * ||X[i] - centroids[labels[i]]||**2:

    assignment   every point takes the colour of its nearest centre  (labels change)
    update       every centre moves to the mean of its points         (centroids change)

Behind the points, the centres' Voronoi regions (the plane split by nearest centre) show
where the next assignment will put each point; each centre leaves a trail of the means it
visited. Python computes every number (``lloyd.lloyd_steps``); the page's JavaScript only
draws them.

Frames, as ``lloyd_frames`` returns them (JSON-able; floats are exactly Python's):

    {"points": [[x, y], ...],            first two features of X
     "n_features": d, "max_iter": m, "tol": t,
     "steps": [{"iteration": 1, "labels": [...], "centroids": [[...], ...],
                "new_centroids": [[...], ...], "inertia": J, "shift": s,
                "stop": null | "labels unchanged" | "tol" | "max_iter"}, ...]}

A run of M steps shows 2M + 1 frames: the start, then each step's assignment and update.

Public functions: lloyd_frames (the numbers), stepper_html (the page fragment).
Reference: S. P. Lloyd (1982), IEEE Trans. Inf. Theory 28(2): 129-137.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from html import escape
from typing import Iterable, Optional, Sequence

from .errors import KMeansError
from .lloyd import lloyd_steps
from .plot.svg import PALETTE, nice_ticks
from .validation import check_array, check_magnitude, check_n_clusters, check_sample_weight
from .vectors import Matrix

__all__ = ["lloyd_frames", "stepper_html"]


def lloyd_frames(X: Matrix, centroids: Matrix, *, max_iter: int = 300, tol: float = 0.0,
                 weights: Optional[Iterable[float]] = None) -> dict:
    """Every step of Lloyd's loop from ``centroids``, as JSON-able data (format above).

    Each step is ``lloyd_steps(X, centroids, weights, max_iter=max_iter, tol=tol)``
    unchanged, tuples turned into lists; ``tol`` is already scaled (see ``lloyd.tolerance``).
    Only the first two features are drawn, so 1-D data is refused: add a constant column,
    ``[[x, 0.0] for x in X]``, to watch it on a line.

    >>> frames = lloyd_frames([[0, 0], [0, 1], [4, 4], [4, 5]], [[0, 0], [0, 1]])
    >>> [(s["labels"], s["new_centroids"], s["stop"]) for s in frames["steps"]]
    [([0, 1, 1, 1], [[0.0, 0.0], [2.6666666666666665, 3.333333333333333]], None),
     ([0, 0, 1, 1], [[0.0, 0.5], [4.0, 4.5]], None),
     ([0, 0, 1, 1], [[0.0, 0.5], [4.0, 4.5]], 'labels unchanged')]

    Raises KMeansError for bad X or centroids (as ``check_array``), fewer than 2 features,
    centroids not 1..n_samples rows, max_iter < 1 or a negative or infinite tol.
    """
    X = check_array(X, caller="lloyd_frames")
    if len(X[0]) < 2:
        raise KMeansError("lloyd_frames requires at least 2 features (the first two are drawn); "
                          f"got n_features={len(X[0])}: use [[x, 0.0] for x in X] for a line")
    start = check_array(centroids, caller="lloyd_frames", n_features=len(X[0]))
    check_magnitude(X + start, caller="lloyd_frames")
    check_n_clusters(len(start), len(X), caller="lloyd_frames")
    weights = check_sample_weight(weights, len(X), caller="lloyd_frames")
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise KMeansError(f"lloyd_frames requires an integer max_iter >= 1; got max_iter={max_iter!r}")
    if not isinstance(tol, numbers.Real) or not 0 <= tol < math.inf:
        raise KMeansError(f"lloyd_frames requires a finite tol >= 0; got tol={tol!r}")
    steps = lloyd_steps(X, start, weights, max_iter=int(max_iter), tol=float(tol))
    return {"points": [[x[0], x[1]] for x in X], "n_features": len(X[0]),
            "max_iter": int(max_iter), "tol": float(tol),
            "steps": [_step_dict(step) for step in steps]}


def _step_dict(step) -> dict:
    """One LloydStep as a dict of lists and floats."""
    return {"iteration": step.iteration, "labels": list(step.labels),
            "centroids": [list(c) for c in step.centroids],
            "new_centroids": [list(c) for c in step.new_centroids],
            "inertia": step.inertia, "shift": step.shift, "stop": step.stop}


def stepper_html(cases: Sequence[tuple], *, element_id: str = "stepper") -> str:
    """One self-contained ``<section>``: the stepper for (title, frames) cases, offline.

    Inline SVG, style and script; nothing is loaded from anywhere. The frames travel as
    JSON in ``<script type="application/json" id="{element_id}-data">`` with every ``<``
    written ``\\u003c``, so no title can end the script early. What a browser test reads:

        section#{element_id}   data-state="loading" | "ready" | "error" (and data-error)
        #{element_id}-counter  "step N of M - <move>" (at the end, "- converged: ..." or
                               "- stopped: ..."); data-step (0..M), data-steps (M),
                               data-frame (0..2M), data-move ("start" | "assignment" | "update")
        #{element_id}-stop     the stop reason at the last frame; data-stop (raw reason)
        #{element_id}-back, -play, -pause, -forward (buttons), -case (select), -plot (svg)

    The page's URL hash picks the opening view: ``#case=1&frame=7`` (frame 0 is the
    start, 2i - 1 step i's assignment, 2i its update; ``frame=end`` the last); adding
    ``&play`` (or ``#{element_id}=play`` for one stepper) plays from there to the end.

    >>> frames = lloyd_frames([[0, 0], [0, 1], [4, 4], [4, 5]], [[0, 0], [0, 1]])
    >>> page = stepper_html([("two pairs", frames)])
    >>> page.startswith('<section id="stepper"'), page.count("<button"), page.count("</script")
    (True, 4, 2)

    Raises KMeansError for no cases or a bad element_id; TypeError for a case that is not
    a (str title, frames dict) pair.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", str(element_id)):
        raise KMeansError("stepper_html requires an element_id of letters, digits, '-' and '_' "
                          f"(a letter first); got element_id={element_id!r}")
    cases = list(cases)
    if not cases:
        raise KMeansError("stepper_html requires at least one (title, frames) case; got cases=[]")
    for index, case in enumerate(cases):
        if not (isinstance(case, tuple) and len(case) == 2 and isinstance(case[0], str)
                and isinstance(case[1], dict) and {"points", "steps"} <= case[1].keys()):
            raise TypeError("stepper_html requires (title, lloyd_frames(...)) pairs; got "
                            f"cases[{index}] of type {type(case).__name__}")
    payload = {"palette": PALETTE,
               "cases": [{"title": title, "frames": frames, "view": _view(frames)}
                         for title, frames in cases]}
    data = json.dumps(payload, allow_nan=False, separators=(",", ":")).replace("<", "\\u003c")
    options = "".join(f'<option value="{i}">{escape(title)}</option>'
                      for i, (title, _) in enumerate(cases))
    return _HTML.format(id=element_id, style=_STYLE, options=options, data=data,
                        script=_SCRIPT.replace("ELEMENT_ID", json.dumps(element_id)))


def _view(frames: dict) -> dict:
    """Ranges covering every point and centre visited, padded by 6%; a round tick step."""
    rows = frames["points"] + [c for step in frames["steps"]
                               for c in step["centroids"] + step["new_centroids"]]
    view: dict = {}
    for axis, f in (("x", 0), ("y", 1)):
        low, high = min(row[f] for row in rows), max(row[f] for row in rows)
        pad = 0.06 * (high - low) or 0.5                         # one value: a unit wide
        view[axis] = [low - pad, high + pad]
    ticks = [nice_ticks(*view[axis]) for axis in ("x", "y")]
    view["tick"] = max(axis[1] - axis[0] for axis in ticks)   # one step: both axes share a scale
    return view


_HTML = """<section id="{id}" class="kms" data-state="loading">
<style>{style}</style>
<div class="kms-bar">
 <select id="{id}-case" aria-label="which run">{options}</select>
 <button type="button" id="{id}-back">&#9664; Step back</button>
 <button type="button" id="{id}-play">&#9654; Play</button>
 <button type="button" id="{id}-pause">&#10074;&#10074; Pause</button>
 <button type="button" id="{id}-forward">Step forward &#9654;</button>
</div>
<p id="{id}-counter" class="kms-counter" aria-live="polite" data-step="0">step 0</p>
<div class="kms-body">
 <svg id="{id}-plot" class="kms-plot" viewBox="0 0 520 440" role="img"
  aria-label="points, Voronoi regions and centres of the current frame"></svg>
 <div class="kms-side">
  <p id="{id}-now" class="kms-now"></p>
  <table id="{id}-table" class="kms-table"><thead><tr><th>step</th><th>inertia</th>
   <th>centres moved</th></tr></thead><tbody></tbody></table>
  <p id="{id}-legend" class="kms-legend"></p>
 </div>
</div>
<p id="{id}-stop" class="kms-stop" data-stop=""></p>
<script type="application/json" id="{id}-data">{data}</script>
<script>{script}</script>
</section>"""

# Every rule starts at section.kms, so the style reaches nothing outside the fragment.
_STYLE = """
section.kms { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 900px; }
section.kms .kms-bar { display: flex; flex-wrap: wrap; gap: .4em; align-items: center; }
section.kms .kms-bar button, section.kms .kms-bar select { font: inherit; padding: .2em .6em; }
section.kms .kms-counter { font-weight: 600; margin: .5em 0; min-height: 2.9em; }   /* two lines: no jump at the end */
section.kms .kms-body { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
section.kms .kms-plot { width: 520px; max-width: 100%; height: auto; border: 1px solid #bbb; }
section.kms .kms-side { flex: 1 1 240px; }
section.kms .kms-now { min-height: 3em; margin-top: 0; }
section.kms .kms-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
section.kms .kms-table th, section.kms .kms-table td { padding: .05em .6em; text-align: right; }
section.kms .kms-table tr.kms-current { background: #fdefc3; }
section.kms .kms-table td.kms-move { font-weight: 700; }
section.kms .kms-table tr.kms-later { color: #999; }
section.kms .kms-legend i { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 .6em; }
section.kms .kms-stop { min-height: 1.5em; font-weight: 600; }
"""

_SCRIPT = """
(function (ID) {
  "use strict";
  var section = document.getElementById(ID);
  function $(name) { return document.getElementById(ID + "-" + name); }
  var svg = $("plot"), NS = svg.namespaceURI, data, state = {c: 0, f: 0, timer: null};
  var BOX = {left: 52, top: 10, w: 458, h: 390};     // the plotting area inside the viewBox
  var MOVES = {start: "start: the first centres, no point assigned yet",
    assignment: "assignment: each point takes the colour of its nearest centre",
    update: "update: each centre moves to the mean of its points"};
  var ENDS = {"labels unchanged": "converged: no point changed its cluster",
    tol: "converged: the centres barely moved (within tol)", max_iter: "stopped: max_iter used up"};

  function halt() { clearInterval(state.timer); state.timer = null; }
  function fail(error) {                             // visible to the learner and to tests
    halt();
    section.setAttribute("data-state", "error");
    section.setAttribute("data-error", String(error && error.message || error));
    $("stop").textContent = "The stepper failed: " + section.getAttribute("data-error");
  }
  function guard(fn) { return function () { try { fn(); } catch (e) { fail(e); } }; }
  function el(parent, tag, attrs, text) {
    var node = parent.appendChild(document.createElementNS(NS, tag));
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fmt(v) { return String(+v.toPrecision(4)); }
  function steps() { return data.cases[state.c].frames.steps; }
  function last() { return 2 * steps().length; }

  // Frame f: 0 is the start, 2i - 1 step i's assignment, 2i its update (i = 1..M).
  function moment(f) {
    var i = Math.ceil(f / 2), s = steps()[Math.max(i - 1, 0)];
    if (f === 0) return {step: 0, move: "start", labels: null, centres: s.centroids};
    if (f % 2) return {step: i, move: "assignment", labels: s.labels, centres: s.centroids};
    return {step: i, move: "update", labels: s.labels, centres: s.new_centroids};
  }
  // One scale for both axes, so what looks nearest is nearest.
  function project(view) {
    var x = view.x, y = view.y, cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2;
    var s = Math.min(BOX.w / (x[1] - x[0]), BOX.h / (y[1] - y[0])), hx = BOX.w / 2 / s, hy = BOX.h / 2 / s;
    return {px: function (v) { return BOX.left + BOX.w / 2 + (v - cx) * s; },
      py: function (v) { return BOX.top + BOX.h / 2 - (v - cy) * s; },
      box: [[cx - hx, cy - hy], [cx + hx, cy - hy], [cx + hx, cy + hy], [cx - hx, cy + hy]]};
  }
  // Sutherland-Hodgman: the part of a convex polygon nearer to a than to b (ties kept).
  function clip(polygon, a, b) {
    var nx = b[0] - a[0], ny = b[1] - a[1], out = [];
    var m = (nx * (a[0] + b[0]) + ny * (a[1] + b[1])) / 2;
    function side(p) { return nx * p[0] + ny * p[1] - m; }
    polygon.forEach(function (p, i) {
      var q = polygon[(i + 1) % polygon.length], sp = side(p), sq = side(q);
      if (sp <= 0) out.push(p);
      if (sp * sq < 0) out.push([p[0] + sp / (sp - sq) * (q[0] - p[0]),
                                 p[1] + sp / (sp - sq) * (q[1] - p[1])]);
    });
    return out;
  }
  function region(box, centres, j) {               // a twin centre: the lower index wins
    return centres.reduce(function (polygon, c, m) {
      if (m === j || !polygon.length) return polygon;
      if (c[0] === centres[j][0] && c[1] === centres[j][1]) return m < j ? [] : polygon;
      return clip(polygon, centres[j], c);
    }, box);
  }

  function ticks(step, low, high) {                 // k * step, never a running sum
    var out = [];
    for (var k = Math.ceil(low / step); k * step <= high; k++) out.push(+(k * step).toPrecision(12));
    return out;
  }
  function axes(view, map) {
    el(svg, "rect", {x: BOX.left, y: BOX.top, width: BOX.w, height: BOX.h, fill: "#fff"});
    ticks(view.tick, map.box[0][0], map.box[2][0]).forEach(function (t) {
      el(svg, "line", {x1: map.px(t), x2: map.px(t), y1: BOX.top, y2: BOX.top + BOX.h, stroke: "#eee"});
      el(svg, "text", {x: map.px(t), y: BOX.top + BOX.h + 16, "text-anchor": "middle", "font-size": 12}, t);
    });
    ticks(view.tick, map.box[0][1], map.box[2][1]).forEach(function (t) {
      el(svg, "line", {x1: BOX.left, x2: BOX.left + BOX.w, y1: map.py(t), y2: map.py(t), stroke: "#eee"});
      el(svg, "text", {x: BOX.left - 6, y: map.py(t) + 4, "text-anchor": "end", "font-size": 12}, t);
    });
    el(svg, "text", {x: BOX.left + BOX.w / 2, y: 436, "text-anchor": "middle", "font-size": 13}, "feature 1");
    el(svg, "text", {x: 14, y: BOX.top + BOX.h / 2, "text-anchor": "middle", "font-size": 13,
      transform: "rotate(-90 14 " + (BOX.top + BOX.h / 2) + ")"}, "feature 2");
  }
  function colour(j) { return data.palette[j % data.palette.length]; }
  function path(points, map) {
    return points.map(function (p) { return map.px(p[0]).toFixed(2) + "," + map.py(p[1]).toFixed(2); }).join(" ");
  }

  function draw() {
    var c = data.cases[state.c], at = moment(state.f), map = project(c.view);
    var before = at.move === "assignment" && at.step > 1 ? steps()[at.step - 2].labels : null;
    svg.textContent = "";
    axes(c.view, map);
    if (c.frames.n_features === 2) at.centres.forEach(function (centre, j) {
      el(svg, "polygon", {points: path(region(map.box, at.centres, j), map), fill: colour(j), "fill-opacity": 0.13});
    });
    c.frames.points.forEach(function (p, i) {
      el(svg, "circle", {cx: map.px(p[0]), cy: map.py(p[1]), r: 3.5,
        fill: at.labels ? colour(at.labels[i]) : "#888", "fill-opacity": 0.85});
      if (before && before[i] !== at.labels[i])      // ringed: changed cluster in this move
        el(svg, "circle", {cx: map.px(p[0]), cy: map.py(p[1]), r: 6.5, fill: "none", stroke: "#000"});
    });
    at.centres.forEach(function (centre, j) { trail(j, map); });   // all trails under all crosses
    at.centres.forEach(function (centre, j) { cross(centre, j, map); });
    panel(c, at);
  }
  function trail(j, map) {                           // where centre j has been, up to now
    var visited = [steps()[0].centroids[j]];
    for (var t = 0; t < Math.floor(state.f / 2); t++) visited.push(steps()[t].new_centroids[j]);
    el(svg, "polyline", {points: path(visited, map), fill: "none", stroke: colour(j), "stroke-width": 2.5});
    visited.slice(0, -1).forEach(function (p) {
      el(svg, "circle", {cx: map.px(p[0]), cy: map.py(p[1]), r: 3, fill: "#fff", stroke: colour(j), "stroke-width": 2});
    });
  }
  function cross(centre, j, map) {                   // plot.charts' X: black, white on top
    var x = map.px(centre[0]), y = map.py(centre[1]);
    [["#000", 11, 6], ["#fff", 9, 2]].forEach(function (pen) {
      var d = pen[1];
      el(svg, "path", {d: "M" + (x - d) + " " + (y - d) + "L" + (x + d) + " " + (y + d) + "M" + (x - d) + " " +
        (y + d) + "L" + (x + d) + " " + (y - d), stroke: pen[0], "stroke-width": pen[2], "stroke-linecap": "round"});
    });
    el(svg, "circle", {cx: x, cy: y, r: 4, fill: colour(j), stroke: "#000"});   // whose centre
  }

  function panel(c, at) {
    var all = steps(), s = all[Math.max(at.step - 1, 0)], counter = $("counter"), end = state.f === last();
    counter.textContent = "step " + at.step + " of " + all.length + " - " + MOVES[at.move] +
      (end ? " - " + ENDS[all[all.length - 1].stop] : "");
    [["step", at.step], ["steps", all.length], ["frame", state.f], ["move", at.move]].forEach(function (kv) {
      counter.setAttribute("data-" + kv[0], kv[1]);
    });
    $("now").textContent = at.move === "start" ? "Press Step forward to assign the points." :
      at.move === "assignment" ? "inertia J = " + s.inertia.toFixed(2) + " for these labels and centres" :
      "centres moved by " + fmt(s.shift) + " in all (sum of squared distances)";
    var rows = $("table").tBodies[0];
    rows.textContent = "";
    all.forEach(function (step, i) {
      var row = rows.insertRow(), current = i + 1 === at.step;
      row.className = current ? "kms-current" : i >= at.step ? "kms-later" : "";
      [step.iteration, step.inertia.toFixed(2), fmt(step.shift)].forEach(function (text, col) {
        var cell = row.insertCell();
        cell.textContent = text;
        if (current && col === (at.move === "assignment" ? 1 : 2)) cell.className = "kms-move";
      });
    });
    var stop = $("stop"), why = all[all.length - 1];
    stop.setAttribute("data-stop", end ? why.stop : "");
    stop.textContent = !end ? "" : why.stop === "labels unchanged" ?
      "Converged after step " + all.length + ": no point changed its cluster, so the means stay put." :
      why.stop === "tol" ? "Stopped after step " + all.length + ": the centres moved by only " + fmt(why.shift) +
        " in all, within the tolerance tol = " + fmt(c.frames.tol) + "." :
      "Stopped after step " + all.length + ": max_iter = " + c.frames.max_iter +
        " steps were used up while points were still changing cluster.";
    $("back").disabled = state.f === 0;
    $("forward").disabled = end;
    $("play").disabled = state.timer !== null;
    $("pause").disabled = state.timer === null;
  }

  function go(f) { state.f = Math.max(0, Math.min(last(), f)); draw(); }
  function pause() { halt(); draw(); }
  function tick() { if (state.f < last()) go(state.f + 1); if (state.f === last()) pause(); }
  function play() {
    if (state.f === last()) state.f = 0;
    state.timer = setInterval(guard(tick), 900);    // a move every 900 milliseconds
    draw();
  }
  function choose(c) { halt(); state.c = c; $("case").value = c; go(0); }
  function legend() {
    var k = steps()[0].centroids.length, html = "";
    for (var j = 0; j < k; j++) html += "<i style='background:" + colour(j) + "'></i>centre " + j;
    $("legend").innerHTML = "Colours: " + html + "<br>X: a centre; line: its trail; ringed point: " +
      "it changed cluster in this assignment" + (data.cases[state.c].frames.n_features === 2 ? "" :
      "<br>Regions not shaded: the data has more than 2 features, only the first two are drawn.");
  }
  function hash() {                                  // #case=1&frame=7 (or end)&play
    var found = {};
    location.hash.slice(1).split("&").forEach(function (item) {
      var kv = item.split("=");
      if (kv[0] === ID) kv = [kv[1], ""];            // #<element_id>=play: this stepper only
      found[kv[0]] = kv[1];
    });
    if (+found["case"] >= 0 && +found["case"] < data.cases.length) choose(+found["case"]);
    if (found.frame !== undefined) go(found.frame === "end" ? last() : +found.frame || 0);
    if ("play" in found) play();
  }

  guard(function () {
    data = JSON.parse($("data").textContent);
    $("back").onclick = guard(function () { go(state.f - 1); });
    $("forward").onclick = guard(function () { go(state.f + 1); });
    $("play").onclick = guard(play);
    $("pause").onclick = guard(pause);
    $("case").onchange = guard(function () { choose(+$("case").value); legend(); });
    choose(0);
    hash();
    legend();
    section.setAttribute("data-state", "ready");
  })();
})(ELEMENT_ID);
"""
