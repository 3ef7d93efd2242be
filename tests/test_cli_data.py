"""The command line on data as users really have it (issue 16): spreadsheet exports, an ID
column, columns of very different spreads, and output that scripts can read."""

import json
import math
import random
import re

import pytest

from kmeans_scratch import StandardScaler
from kmeans_scratch.cli import main

SPREADSHEET = ("Region;Units sold;Revenue (€);Margin (%)\r\n"
               + "".join(f"R{i % 4};{units};{revenue};{margin}\r\n" for i, (units, revenue, margin)
                         in enumerate([(1855, "31.946,43", "31,3"), (1035, "12.747,82", "12,2"),
                                       (2841, "45.768,28", "8,7"), (977, "9.004,5", "10"),
                                       (1210, "15.000", "11,5"), (2990, "47.120,9", "9,25")])))
MALL_HEADER = "CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100)"
KEEP = "Age,Annual Income (k$),Spending Score (1-100)"


def mall_rows(n=200, seed=0):
    """A mall-like table: ID 1..n, a text column, and three measurements."""
    rng = random.Random(seed)
    return [(i, rng.choice(["Male", "Female"]), rng.randint(18, 70), rng.randint(15, 137),
             rng.randint(1, 99)) for i in range(1, n + 1)]


@pytest.fixture
def mall_csv(tmp_path):
    path = tmp_path / "Mall_Customers.csv"
    path.write_text(MALL_HEADER + "\n" + "".join(",".join(map(str, row)) + "\n" for row in mall_rows()))
    return path


def means_by_cluster(rows, labels):
    """Each cluster's feature means, computed here independently of the package."""
    return {c: [math.fsum(col) / len(col) for col in zip(*[r for r, x in zip(rows, labels) if x == c])]
            for c in sorted(set(labels))}


def test_cluster_reads_a_semicolon_export_and_says_how(tmp_path, capsys):
    path = tmp_path / "sales.csv"
    path.write_bytes(SPREADSHEET.encode("utf-8"))
    assert main(["cluster", str(path), "--k", "2", "--scale", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "6 rows, cells split at semicolons; columns used: Units sold, Revenue (€), Margin (%); " \
           "left out (text): Region" in out
    assert "column 'Revenue (€)' read as 1.234,5: '.' groups thousands, ',' is the decimal mark" in out
    # the means are in the file's units, 15.000 read as fifteen thousand
    rows = [(1855, 31946.43, 31.3), (1035, 12747.82, 12.2), (2841, 45768.28, 8.7),
            (977, 9004.5, 10.0), (1210, 15000.0, 11.5), (2990, 47120.9, 9.25)]
    sizes = re.findall(r"^ +\d +(\d) +([\d.]+) +([\d.]+) +([\d.]+)$", out, re.M)
    assert sorted(int(size) for size, *_ in sizes) == [2, 4]
    big = [r for r in rows if r[0] > 2000]
    assert any(abs(float(units) - sum(r[0] for r in big) / 2) < 1e-3 for _, units, _, _ in sizes)


def test_the_text_columns_left_out_are_said_even_with_quiet(mall_csv, capsys):
    assert main(["cluster", str(mall_csv), "--k", "3", "--quiet", "--columns", KEEP]) == 0
    out = capsys.readouterr().out
    assert "left out (not named by --columns): CustomerID, Genre" in out


def test_an_id_column_is_warned_about_naming_the_flag(mall_csv, capsys):
    assert main(["cluster", str(mall_csv), "--k", "5", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "left out (text): Genre" in captured.out
    assert ("warning: column 'CustomerID' looks like a row ID (whole numbers rising row by row, "
            "1 to 200), so K-Means would group rows by their place in the file; leave it out with "
            f"--columns '{KEEP}'") in captured.err
    assert captured.err.count("warning:") == 1          # no other column looks like one
    assert main(["cluster", str(mall_csv), "--k", "5", "--quiet", "--columns", KEEP]) == 0
    assert "warning" not in capsys.readouterr().err


def test_strictly_increasing_whole_numbers_count_as_an_id_too(tmp_path, capsys):
    path = tmp_path / "ids.csv"
    path.write_text("order,x\n" + "".join(f"{1000 + 7 * i},{(i * 37) % 11}\n" for i in range(30)))
    assert main(["elbow", str(path), "--k-max", "3", "--quiet"]) == 0
    assert "column 'order' looks like a row ID (whole numbers rising row by row, 1000 to 1203)" \
        in capsys.readouterr().err


def test_spreads_100x_apart_are_warned_about_without_scale(tmp_path, capsys):
    path = tmp_path / "spread.csv"
    rng = random.Random(1)
    path.write_text("income,ratio\n" + "".join(f"{rng.uniform(0, 100000)},{rng.random()}\n"
                                               for _ in range(50)))
    assert main(["cluster", str(path), "--k", "2", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"warning: the columns' spreads differ \d+x \(standard deviation of 'income' "
                     r"[\d.e+]+, of 'ratio' [\d.]+\), so distances are mostly 'income'; pass --scale",
                     err)
    assert main(["cluster", str(path), "--k", "2", "--quiet", "--scale"]) == 0
    assert capsys.readouterr().err == ""


def test_format_json_without_out_prints_json_to_stdout_and_the_summary_to_stderr(mall_csv, capsys):
    assert main(["cluster", str(mall_csv), "--k", "4", "--format", "json", "--columns", KEEP]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)                  # stdout is the JSON and nothing else
    assert "K=4, inertia" in captured.err and "left out" in captured.err
    rows = [row[2:] for row in mall_rows()]
    assert result["columns"] == KEEP.split(",") and len(result["labels"]) == 200
    assert result["cluster_centers_units"] == "the file's" and result["scaler"] is None
    expected = means_by_cluster(rows, result["labels"])
    for j, centre in enumerate(result["cluster_centers"]):
        assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(centre, expected[j]))
        assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(result["cluster_means"][j], expected[j]))
    assert result["cluster_sizes"] == [result["labels"].count(j) for j in range(4)]


def test_format_csv_without_out_prints_the_rows_to_stdout(mall_csv, capsys):
    assert main(["cluster", str(mall_csv), "--k", "2", "--format", "csv", "--columns", "Age"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Age,cluster" and len(lines) == 201


def test_json_with_scale_says_its_units_and_carries_the_scaler(mall_csv, capsys):
    assert main(["cluster", str(mall_csv), "--k", "3", "--scale", "--out", "-", "--format", "json",
                 "--columns", KEEP, "--quiet"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["cluster_centers_units"].startswith("standardised: (value - scaler.mean) / scaler.scale")
    rows = [row[2:] for row in mall_rows()]
    scaler = StandardScaler().fit(rows)
    assert result["scaler"] == {"mean": scaler.mean_, "scale": scaler.scale_}
    expected = means_by_cluster(rows, result["labels"])
    for j, centre in enumerate(result["cluster_centers"]):
        original = [c * s + m for c, s, m in zip(centre, scaler.scale_, scaler.mean_)]
        assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(original, expected[j]))
        assert result["cluster_means"][j] == pytest.approx(expected[j], rel=1e-12)
    assert result["cluster_means_units"] == "the file's"


def test_the_summary_gives_each_clusters_size_and_means_in_the_files_units(mall_csv, tmp_path, capsys):
    out = tmp_path / "labels.json"
    assert main(["cluster", str(mall_csv), "--k", "3", "--scale", "--columns", KEEP, "--quiet",
                 "--format", "json", "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    labels = json.loads(out.read_text())["labels"]
    expected = means_by_cluster([row[2:] for row in mall_rows()], labels)
    assert re.search(r"K=3, inertia [\d.]+ \(standardised units\)", summary)
    assert re.search(r"cluster +size +Age +Annual Income \(k\$\) +Spending Score \(1-100\)", summary)
    for c, means in expected.items():
        cells = " +".join([str(c), str(labels.count(c))] + [f"{m:.4f}" for m in means])
        assert re.search(rf"^ +{cells}$", summary, re.M), (cells, summary)


def test_elbow_prints_its_table_once(mall_csv, capsys):
    assert main(["elbow", str(mall_csv), "--k-max", "4", "--columns", KEEP]) == 0
    captured = capsys.readouterr()
    both = captured.out + captured.err
    for k in range(1, 5):
        assert len(re.findall(rf"K={k}: inertia", both)) == 1
    assert captured.err.count("fitted K=") == 4


def test_no_command_exits_2_with_the_usage_on_stderr(capsys):
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "usage:" in captured.err


# -- cluster --save-model and predict (issue 18) ----------------------------------------------
def labels_of(csv_text):
    return [int(line.rsplit(",", 1)[1]) for line in csv_text.splitlines()[1:]]


@pytest.mark.parametrize("options", [[], ["--scale"], ["--columns", KEEP], ["--scale", "--columns", KEEP],
                                     ["--columns", "Spending Score (1-100),Age", "--scale"]])
def test_predict_with_the_saved_model_gives_clusters_labels(mall_csv, tmp_path, capsys, options):
    model, out = tmp_path / "model.json", tmp_path / "labels.csv"
    assert main(["cluster", str(mall_csv), "--k", "4", "--n-init", "3", "--quiet", "--out", str(out),
                 "--save-model", str(model)] + options) == 0
    capsys.readouterr()
    assert main(["predict", str(model), str(mall_csv)]) == 0
    predicted = capsys.readouterr().out
    assert predicted == out.read_text()         # the same rows, columns and labels, as CSV
    saved = json.loads(model.read_text())
    assert (saved["scaler"] is not None) == ("--scale" in options)
    if "--columns" in options:
        assert saved["columns"] == options[options.index("--columns") + 1].split(",")


def test_predict_reads_the_columns_by_name_and_scales_them_as_cluster_did(mall_csv, tmp_path, capsys):
    model = tmp_path / "model.json"
    assert main(["cluster", str(mall_csv), "--k", "3", "--quiet", "--scale", "--columns", KEEP,
                 "--save-model", str(model)]) == 0
    rows = [(row[2], row[3], row[4]) for row in mall_rows()]
    shuffled = tmp_path / "new.csv"        # other column order, an extra column, other rows
    shuffled.write_text("Spending Score (1-100),Note,Age,Annual Income (k$)\n"
                        + "".join(f"{s},n{i},{a},{m}\n" for i, (a, m, s) in enumerate(rows[:50])))
    capsys.readouterr()
    assert main(["predict", str(model), str(shuffled), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    saved = json.loads(model.read_text())
    scaler = StandardScaler().fit(rows)
    assert saved["scaler"] == {"mean": scaler.mean_, "scale": scaler.scale_}
    from kmeans_scratch import KMeans
    expected = KMeans.from_dict(saved["model"]).predict(scaler.transform(rows[:50]))
    assert result["columns"] == KEEP.split(",") and result["labels"] == expected
    assert sum(result["cluster_sizes"]) == 50 and len(result["cluster_sizes"]) == 3


def test_predict_names_every_missing_column(mall_csv, tmp_path, capsys):
    model = tmp_path / "model.json"
    assert main(["cluster", str(mall_csv), "--k", "2", "--quiet", "--columns", KEEP,
                 "--save-model", str(model)]) == 0
    other = tmp_path / "other.csv"
    other.write_text("Age,Height\n30,170\n40,180\n")
    capsys.readouterr()
    assert main(["predict", str(model), str(other)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: predict requires the model's columns in ")
    assert "got no 'Annual Income (k$)', 'Spending Score (1-100)'" in error
    assert error.count("\n") == 1


def test_save_model_follows_the_output_rules(mall_csv, tmp_path, capsys):
    model = tmp_path / "model.json"
    model.write_text("keep me")
    assert main(["cluster", str(mall_csv), "--k", "2", "--save-model", str(model)]) == 2
    captured = capsys.readouterr()
    assert "--overwrite" in captured.err and "K=2" not in captured.out    # refused before the fit
    assert model.read_text() == "keep me"
    assert main(["cluster", str(mall_csv), "--k", "2", "--quiet", "--save-model", str(model),
                 "--overwrite"]) == 0
    assert json.loads(model.read_text())["format"] == "kmeans_scratch.cluster-model"
    assert main(["cluster", str(mall_csv), "--k", "2", "--save-model", str(mall_csv),
                 "--overwrite"]) == 2          # never over an input
    assert main(["cluster", str(mall_csv), "--k", "2", "--save-model", "-"]) == 2
    assert not list(tmp_path.glob(".tmp-*"))


def test_predict_follows_the_output_rules(mall_csv, tmp_path, capsys):
    model, out = tmp_path / "model.json", tmp_path / "labels.csv"
    assert main(["cluster", str(mall_csv), "--k", "2", "--quiet", "--save-model", str(model)]) == 0
    out.write_text("old")
    assert main(["predict", str(model), str(mall_csv), "--out", str(out)]) == 2
    assert out.read_text() == "old"
    assert main(["predict", str(model), str(mall_csv), "--out", str(out), "--overwrite"]) == 0
    assert out.read_text().startswith("CustomerID,Age,")
    assert main(["predict", str(model), str(mall_csv), "--out", str(model), "--overwrite"]) == 2
    capsys.readouterr()
    assert main(["predict", str(model), str(mall_csv), "--out", str(tmp_path / "new.csv")]) == 0
    assert "200 rows labelled with K=2 clusters" in capsys.readouterr().out


@pytest.mark.parametrize("text, message", [
    ("not json", "predict requires a JSON model file"),
    ('{"format": "kmeans_scratch.cluster-model", "version": 2}',
     "predict requires format 'kmeans_scratch.cluster-model' version <= 1; got "
     "format='kmeans_scratch.cluster-model', version=2"),
    ('{"format": "kmeans_scratch.cluster-model", "version": 1, "columns": ["Age"], "scaler": null,'
     ' "model": {"format": "kmeans_scratch.KMeans", "version": 1, "params": {},'
     ' "cluster_centers_": [[1.0, 2.0]], "n_features_in_": 2, "inertia_": 0.0, "n_iter_": 1}}',
     "predict requires one column name per model feature; got 1 columns, n_features_in_=2"),
    ('{"format": "kmeans_scratch.cluster-model", "version": 1, "columns": ["Age"], "scaler": null,'
     ' "model": {"format": "kmeans_scratch.KMeans", "version": 1, "params": {},'
     ' "cluster_centers_": [["x"]], "n_features_in_": 1, "inertia_": 0.0, "n_iter_": 1}}',
     r"KMeans.from_dict requires cluster_centers_\[0\]\[0\] to be a number; got "
     r"cluster_centers_\[0\]\[0\]='x' \(in the model file "),
])
def test_a_bad_model_file_fails_in_one_line(mall_csv, tmp_path, capsys, text, message):
    model = tmp_path / "model.json"
    model.write_text(text)
    assert main(["predict", str(model), str(mall_csv)]) == 2
    error = capsys.readouterr().err
    assert re.search(message, error) and error.count("\n") == 1
