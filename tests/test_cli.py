import json
import os
import re
import xml.etree.ElementTree as ET

import pytest

from kmeans_scratch.cli import main
from kmeans_scratch.image import read_ppm, tutorial_image, write_ppm
from conftest import DATA, write_blobs_csv

IRIS = DATA.parent.parent / "kmeans_scratch" / "datasets" / "iris.csv"


@pytest.fixture
def blobs_csv(tmp_path):
    return write_blobs_csv(tmp_path / "blobs.csv", n_samples=300, centers=3, cluster_std=0.8,
                           random_state=42)


def test_help_and_no_command(capsys):
    assert main([]) == 2                              # argparse's status for a usage error
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("usage: python -m kmeans_scratch")
    assert "a command is required" in captured.err
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "examples:" in capsys.readouterr().out


def test_demo_prints_the_tutorial_result(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Inertia: 362.79" in out and "Iterations to converge: 2" in out


def test_cluster_iris_ignores_species_and_says_so(capsys):
    assert main(["cluster", str(IRIS), "--k", "3"]) == 0
    captured = capsys.readouterr()
    assert "; left out (text): species" in captured.out
    assert "K=3, inertia 78.8514" in captured.out and captured.err == ""


def test_cluster_auto_picks_3_on_blobs_and_writes_outputs(blobs_csv, tmp_path, capsys):
    out, plot = tmp_path / "labels.json", tmp_path / "plot.svg"
    assert main(["cluster", str(blobs_csv), "--k", "auto", "--format", "json", "--out", str(out),
                 "--plot", str(plot), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "agree: K=3" in captured.out and captured.err == ""
    result = json.loads(out.read_text())
    assert len(result["labels"]) == 300 and len(result["cluster_centers"]) == 3
    ET.parse(plot)


def test_cluster_csv_output_and_progress(blobs_csv, tmp_path, capsys):
    out = tmp_path / "labels.csv"
    assert main(["cluster", str(blobs_csv), "--k", "2", "--out", str(out), "--columns", "x"]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "x,cluster" and len(lines) == 301
    assert main(["cluster", str(blobs_csv), "--k", "2", "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err


def test_elbow_prints_the_curve_and_knee(blobs_csv, tmp_path, capsys):
    plot = tmp_path / "elbow.svg"
    assert main(["elbow", str(blobs_csv), "--k-max", "6", "--plot", str(plot)]) == 0
    captured = capsys.readouterr()
    assert "K=3: inertia 362.7901  <- knee" in captured.out
    assert captured.err.count("fitted K=") == 6       # one progress line per K ...
    assert captured.out.count("inertia") == 6         # ... and the table once, on stdout
    ET.parse(plot)


@pytest.mark.parametrize("content, args, message", [
    (None, ["--k", "3"], "No such file"),
    ("", ["--k", "3"], "empty file"),
    ("a,b\n1,2\n3,x\n", ["--k", "1"], "line 3, column 'b': 'x' is not a finite number"),
    ("a,b\n1,2\n3\n", ["--k", "1"], "line 3 has 1 cells"),
    ("a,b\n1,2\n3,4\n", ["--k", "2", "--columns", "c"], "got 'c', the file has a, b"),
    ("a,b\n1,2\n3,4\n", ["--k", "5"], "n_clusters=5, n_samples=2"),
    ("a,b\n1,2\n3,4\n", ["--k", "many"], "whole number or 'auto'"),
])
def test_cluster_errors_are_one_line_and_exit_2(tmp_path, capsys, content, args, message):
    path = tmp_path / "data.csv"
    if content is not None:
        path.write_text(content)
    assert main(["cluster", str(path)] + args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_quantize_command_and_its_guards(tmp_path, capsys):
    source, target = tmp_path / "in.ppm", tmp_path / "out.ppm"
    write_ppm(tutorial_image(), source)
    assert main(["quantize", str(source), str(target), "--colors", "4", "--random-state", "0"]) == 0
    assert len(set(read_ppm(target).pixels)) <= 4
    assert "smaller" in capsys.readouterr().out
    assert main(["quantize", str(source), str(source), "--colors", "4", "--overwrite"]) == 2
    assert "requires an output that is not an input" in capsys.readouterr().err
    assert read_ppm(source) == tutorial_image()            # the input is untouched
    (tmp_path / "bad.ppm").write_bytes(b"P6 100000 100000 255\n\x00")
    assert main(["quantize", str(tmp_path / "bad.ppm"), str(tmp_path / "x.ppm"), "--colors", "2"]) == 2
    assert "truncated" in capsys.readouterr().err


def test_tour_writes_well_formed_plots_and_an_index(tmp_path, capsys):
    assert main(["tour", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"inertia_ +362.79", out) and re.search(r"random +5482.74", out)
    assert "The elbow and the silhouette agree: K=3." in out
    assert "Open it in a browser" in out and str(tmp_path / "index.html") in out
    svgs = sorted(tmp_path.glob("*.svg"))
    assert len(svgs) >= 8
    for svg in svgs:
        ET.parse(svg)
    index = (tmp_path / "index.html").read_text()
    assert all(svg.name in index for svg in svgs)


def test_quantize_reads_png_and_writes_the_format_the_name_asks_for(tmp_path, capsys):
    from kmeans_scratch.image import quantize, read_png, write_png
    source = tmp_path / "photo.png"
    write_png(tutorial_image(), source)
    assert main(["quantize", str(source), str(tmp_path / "small.png"), "--colors", "4"]) == 0
    written = (tmp_path / "small.png").read_bytes()
    assert written.startswith(b"\x89PNG\r\n\x1a\n")                 # really a PNG
    expected, _ = quantize(tutorial_image(), 4, random_state=0)       # the default seed is 0
    assert read_png(tmp_path / "small.png") == expected
    assert main(["quantize", str(source), str(tmp_path / "small.ppm"), "--colors", "4"]) == 0
    assert read_ppm(tmp_path / "small.ppm") == expected
    capsys.readouterr()


@pytest.mark.parametrize("name, content, args, message", [
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(20), ["out.png"], "got a JPEG"),
    ("in.ppm", None, ["out.jpg"], "OUTPUT ending in .png, .ppm, .pgm or .pnm"),
    ("in.ppm", None, ["out.png", "--ascii"], "a .ppm/.pgm OUTPUT with --ascii"),
])
def test_quantize_refuses_what_it_cannot_read_or_write_in_one_line(tmp_path, capsys, name, content,
                                                                   args, message):
    source = tmp_path / name
    if content is None:
        write_ppm(tutorial_image(), source)
    else:
        source.write_bytes(content)
    output = str(tmp_path / args[0])
    assert main(["quantize", str(source), output, "--colors", "2", *args[1:]]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and not os.path.exists(output)


def test_playground_command_writes_the_site(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["playground", "--out", str(out)]) == 0
    assert (out / "index.html").is_file() and (out / "kmeans_scratch.zip").is_file()
    assert "http.server" in capsys.readouterr().out
    assert main(["playground", "--out", str(out)]) == 2                 # not over it unasked
    assert "--overwrite" in capsys.readouterr().err


def test_cluster_says_what_sets_each_cluster_apart_and_the_three_verdicts(tmp_path, capsys):
    from kmeans_scratch import load_iris
    iris = load_iris()
    path = tmp_path / "iris.csv"
    path.write_text("sepal_length,sepal_width,petal_length,petal_width\n"
                    + "".join(",".join(map(str, row)) + "\n" for row in iris.data))
    assert main(["cluster", str(path), "--k", "auto", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "what sets each cluster apart" in out
    assert "gap statistic" in out and ("agree" in out or "disagree" in out)
    # the setosa-like cluster is set apart first by its small petals
    firsts = [line.split(": ")[1].split(",")[0] for line in out.splitlines()
              if re.match(r"  cluster \d+: ", line)]
    assert any(first.startswith("petal_") and "(-" in first for first in firsts), firsts


def test_quantize_says_what_it_does_on_a_big_picture(tmp_path, capsys, monkeypatch):
    from kmeans_scratch.cli import pictures
    monkeypatch.setattr(pictures, "QUANTIZE_NOTE_PIXELS", 100)     # (a real photo: 2 megapixels)
    source = tmp_path / "in.ppm"
    write_ppm(tutorial_image(), source)
    assert main(["quantize", str(source), str(tmp_path / "out.png"), "--colors", "4"]) == 0
    err = capsys.readouterr().err
    image = tutorial_image()
    assert f"{image.width}x{image.height}" in err and "repainting with 4 colours" in err
