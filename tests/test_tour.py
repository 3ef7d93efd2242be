"""The tour's page: every section with its words, tables, code and figures; nothing from afar.

The tour runs once for the module (about two seconds); a browser check of the same page is
``tests/browser/check_tour_page.py`` (CI's browser leg).
"""

import json
import pathlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from kmeans_scratch import make_blobs
from kmeans_scratch.lloyd import lloyd_steps
from kmeans_scratch.randomness import check_random_state
from kmeans_scratch.tour import SECTIONS, run_tour
from kmeans_scratch.tour_page import render_page, Section

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    out = tmp_path_factory.mktemp("tour")
    printed = []
    sections = run_tour(str(out), say=printed.append)
    return out, sections, "\n".join(printed), (out / "index.html").read_text(encoding="utf-8")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_every_section_has_a_heading_words_a_table_or_figure_and_its_code(tour):
    out, sections, _, page = tour
    assert [s.number for s in sections] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                                            "11.1", "11.2", "11.3", "12"]
    for section in sections:
        assert f'<h2 id="{section.anchor}">{section.number}. ' in page
        assert section.text and section.text in page.replace("&#x27;", "'")
        assert section.tables or section.figures, section.title
        for name in section.examples:
            copied = out / "examples" / name
            assert copied.read_bytes() == (EXAMPLES / name).read_bytes()
            assert f'href="examples/{name}"' in page
    every_example = {name for s in sections for name in s.examples}
    assert every_example == {p.name for p in EXAMPLES.glob("*.py")}


def test_the_page_shows_the_printed_numbers_as_tables(tour):
    _, sections, printed, page = tour
    estimator = next(s for s in sections if s.number == "3")
    assert estimator.tables[0][2][0] == ["inertia_", "362.79"]
    assert "<td>362.79</td>" in page and "362.79" in printed
    elbow = next(s for s in sections if s.number == "4").tables[0]
    assert [row[0] for row in elbow[2]] == [str(k) for k in range(1, 11)]
    distances = next(s for s in sections if s.number == "12").tables[0]
    assert [row[0] for row in distances[2]] == ["lloyd", "hamerly", "kdtree"]
    assert all(row[5] == "True" for row in distances[2])         # same labels as Lloyd


def test_a_note_says_which_tutorial_numbers_differ_and_why(tour):
    _, _, _, page = tour
    note = page[page.index('<div class="note">'):page.index("</div>")]
    assert "illustrative" in note and "scikit-learn" in note
    for printed, ours in (("204.48", "362.79"), ("0.749", "0.878"), ("<td>3</td>", "<td>2</td>")):
        assert printed in note and ours in note


def test_figures_exist_parse_and_say_what_they_show(tour):
    out, sections, _, page = tour
    parser = Tags()
    parser.feed(page)
    images = [attrs for tag, attrs in parser.tags if tag == "img"]
    assert len(images) == sum(len(s.figures) for s in sections) >= 19
    for attrs in images:
        ET.parse(out / attrs["src"])
        assert len(attrs["alt"]) > 20 and not attrs["alt"].endswith(".svg")


def test_nothing_is_loaded_from_another_host(tour):
    _, _, _, page = tour
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for name in ("src", "href"):
            value = attrs.get(name, "")
            assert not re.match(r"[a-z]+:|//", value), (tag, value)
    assert "@import" not in page and "url(" not in page


def test_the_stepper_frames_are_lloyd_steps_from_the_tutorials_start(tour):
    _, _, _, page = tour
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    start = [X[i] for i in check_random_state(42).choice(300, 3, replace=False)]
    steps = list(lloyd_steps(X, start, [1.0] * 300, max_iter=10, tol=1e-12))
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)[1]
                      .replace("<\\/", "</"))
    frames = data["cases"][0]["frames"]
    recorded = frames["steps"]
    assert len(recorded) == len(steps)
    for frame, step in zip(recorded, steps):
        assert frame["labels"] == step.labels
        assert [tuple(c) for c in frame["new_centroids"]] == step.new_centroids
        assert frame["inertia"] == step.inertia


def test_the_tour_says_where_the_page_is(tour):
    out, _, printed, _ = tour
    assert str((out / "index.html").resolve()) in printed and "browser" in printed


def test_render_page_escapes_what_it_is_given():
    page = render_page([Section("1", "a <b>", "x & y", [])], {}, "", [("t<", "1", "2")])
    assert "a &lt;b&gt;" in page and "x &amp; y" in page and "t&lt;" in page


def test_the_sections_list_runs_in_the_tutorials_order():
    names = [section.__name__ for section in SECTIONS]
    assert names[0] == "_raw_data" and names[-1] == "_fewer_distances"


def test_the_readmes_picture_is_ours_and_parses():
    readme = (pathlib.Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    picture = re.search(r"!\[[^\]]+\]\((docs/[^)]+\.svg)\)", readme)[1]
    root = ET.parse(pathlib.Path(__file__).parent.parent / picture).getroot()
    assert root.tag.endswith("svg") and len(root.findall(".//{http://www.w3.org/2000/svg}circle")) >= 300


def test_picking_k_shows_the_gap_statistic_with_error_bars(tour):
    out, sections, printed, _ = tour
    silhouette = next(s for s in sections if s.number == "5")
    gap = next(table for table in silhouette.tables if "log W_k" in table[1])
    assert [row[0] for row in gap[2]] == [str(k) for k in range(1, 11)]
    assert [row[0] for row in gap[2] if row[-1] == "<- 1-SE rule"] == ["3"]
    assert "The elbow, the silhouette and the gap statistic agree: K=3." in printed
    root = ET.parse(out / "05_gap.svg").getroot()
    bars = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("class") == "error-bar"]
    assert len(bars) == 10


def test_the_segments_are_explained_by_features_and_threshold_rules(tour):
    _, sections, _, _ = tour
    customers = next(s for s in sections if s.number == "7")
    mall = next(s for s in sections if s.number == "11.3")
    for section in (customers, mall):
        explained = next(t for t in section.tables if t[1][1] == "most distinctive feature")
        assert all(re.search(r"[+-]\d\.\d\d sd\)$", row[1]) for row in explained[2])
    rules = next(t for t in mall.tables if t[1] == ["segment", "rule"])
    assert sorted(row[0] for row in rules[2]) == ["0", "1", "2", "3", "4"]
    assert all("annual_income_k" in row[1] or "spending_score" in row[1] for row in rules[2])
    assert "100%" in rules[0]
