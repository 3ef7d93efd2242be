import os
import pathlib
import runpy
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from kmeans_scratch.cli import heartbeat, main
from kmeans_scratch.kmeans import KMeans
from conftest import write_blobs_csv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def data(tmp_path):
    return write_blobs_csv(tmp_path / "data.csv", n_samples=60, centers=3, cluster_std=0.5,
                           random_state=1)


def one_error_line(capsys):
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


def no_leftovers(folder):
    return not [name for name in os.listdir(folder) if name.startswith(".tmp-")]


def test_plot_over_an_existing_file_needs_overwrite(data, tmp_path, capsys):
    plot = tmp_path / "plot.svg"
    plot.write_text("mine")
    for command in (["cluster", str(data), "--k", "2"], ["elbow", str(data), "--k-max", "4"]):
        assert main(command + ["--plot", str(plot)]) == 2
        err = one_error_line(capsys)
        assert f"requires --overwrite to replace an existing file; got --plot={str(plot)!r}" in err
        assert plot.read_text() == "mine"
        assert main(command + ["--plot", str(plot), "--overwrite", "--quiet"]) == 0
        assert "<svg" in plot.read_text()
        plot.write_text("mine")


def test_the_check_comes_before_the_work(data, tmp_path, capsys, monkeypatch):
    (tmp_path / "plot.svg").write_text("mine")
    monkeypatch.setattr(KMeans, "fit", lambda *a, **k: pytest.fail("fitted before checking"))
    assert main(["cluster", str(data), "--k", "2", "--plot", str(tmp_path / "plot.svg")]) == 2


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_a_pipe_or_device_as_output_is_refused_and_left_alone(data, tmp_path, capsys, overwrite):
    os.mkfifo(tmp_path / "pipe")
    assert main(["cluster", str(data), "--k", "2", "--out", str(tmp_path / "pipe")] + overwrite) == 2
    assert "--out=" in one_error_line(capsys) and stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    before = os.lstat("/dev/null")
    assert main(["elbow", str(data), "--plot", "/dev/null"] + overwrite) == 2
    assert "requires a regular file; got --plot='/dev/null', a character device" in one_error_line(capsys)
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_missing_folder_is_named_as_typed(data, tmp_path, capsys):
    out = str(tmp_path / "no-such-folder" / "labels.csv")
    assert main(["cluster", str(data), "--k", "2", "--out", out]) == 2
    err = one_error_line(capsys)
    assert f"cluster requires an existing folder; got --out={out!r}" in err and ".tmp-" not in err


def test_an_output_is_never_the_input(data, capsys):
    before = data.read_text()
    assert main(["cluster", str(data), "--k", "2", "--out", str(data), "--overwrite"]) == 2
    assert "requires an output that is not an input" in one_error_line(capsys)
    assert data.read_text() == before


def test_two_outputs_must_differ(data, tmp_path, capsys):
    same = str(tmp_path / "same")
    assert main(["cluster", str(data), "--k", "2", "--out", same, "--plot", same]) == 2
    assert "cluster requires --out and --plot to be different files" in one_error_line(capsys)
    assert not os.path.exists(same)


def test_dash_writes_the_labels_to_stdout_and_the_summary_to_stderr(data, capsys):
    assert main(["cluster", str(data), "--k", "3", "--out", "-", "--quiet"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "x,y,cluster" and len(lines) == 61
    assert "K=3, inertia" in captured.err and "wrote" not in captured.err


def test_dash_is_refused_where_it_is_not_offered(data, tmp_path, capsys):
    assert main(["cluster", str(data), "--k", "3", "--plot", "-"]) == 2
    assert "cluster requires a file name for --plot; got --plot='-'" in one_error_line(capsys)
    assert main(["quantize", str(data), "-", "--colors", "2"]) == 2
    assert "quantize requires a file name for OUTPUT" in one_error_line(capsys)


@pytest.mark.parametrize("args, message", [
    (["elbow", "--k-max", "100000"], "elbow requires --k-max <= 50 (pass --force to go beyond; "
                                     "it may take hours); got --k-max=100000"),
    (["elbow", "--k-max", "100000", "--force"],
     "elbow requires 3 <= --k-max <= n_samples - 1; got --k-max=100000, n_samples=60"),
    (["elbow", "--k-max", "2"], "elbow requires 3 <= --k-max <= n_samples - 1; got --k-max=2"),
    (["cluster", "--k", "10000"], "cluster requires --k <= 100 (pass --force"),
    (["cluster", "--k", "0"], "cluster requires --k >= 1; got --k=0"),
    (["cluster", "--k", "2", "--n-init", "1000"], "cluster requires --n-init <= 100"),
    (["cluster", "--k", "2", "--n-init", "0"], "cluster requires --n-init >= 1; got --n-init=0"),
])
def test_unreasonable_work_is_refused_before_it_starts(data, capsys, monkeypatch, args, message):
    monkeypatch.setattr(KMeans, "fit", lambda *a, **k: pytest.fail("started fitting"))
    assert main(args[:1] + [str(data)] + args[1:]) == 2
    assert message in one_error_line(capsys)


def test_force_lifts_the_cap_but_not_the_data_limit(data, capsys):
    assert main(["cluster", str(data), "--k", "101", "--force", "--quiet"]) == 2
    assert "n_clusters=101, n_samples=60" in one_error_line(capsys)


def test_elbow_on_few_rows_uses_a_smaller_default(tmp_path, capsys):
    small = tmp_path / "small.csv"
    small.write_text("x\n0\n1\n2\n10\n11\n12\n")
    assert main(["elbow", str(small), "--quiet"]) == 0
    assert "K=5: inertia" in capsys.readouterr().out


def test_a_long_fit_says_it_is_still_working_unless_quiet(data, capsys, monkeypatch):
    fit = KMeans.fit

    def slow_fit(self, X, *args, **kwargs):
        time.sleep(0.5)
        return fit(self, X, *args, **kwargs)
    monkeypatch.setattr(KMeans, "fit", slow_fit)
    monkeypatch.setattr(heartbeat, "HEARTBEAT", 0.1)
    assert main(["cluster", str(data), "--k", "2"]) == 0
    assert "fitting K=2: still working" in capsys.readouterr().err
    assert main(["cluster", str(data), "--k", "2", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_during_the_fit_exits_130_with_no_output(data, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(KMeans, "fit", interrupt)
    out = tmp_path / "labels.csv"
    assert main(["cluster", str(data), "--k", "2", "--out", str(out)]) == 130
    assert one_error_line(capsys) == "error: interrupted; no output was left half-written\n"
    assert not out.exists() and no_leftovers(tmp_path)


def test_ctrl_c_during_the_write_leaves_no_file_and_no_temporary(data, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(os, "fsync", interrupt)
    out = tmp_path / "labels.csv"
    assert main(["cluster", str(data), "--k", "2", "--out", str(out), "--quiet"]) == 130
    assert "interrupted" in one_error_line(capsys)
    assert not out.exists() and no_leftovers(tmp_path)


@pytest.mark.parametrize("failure, status, message", [
    (MemoryError, 2, "error: cluster ran out of memory; try fewer rows, a smaller K or fewer restarts\n"),
    (ZeroDivisionError("oops"), 2, "error: unexpected ZeroDivisionError: oops (please report this bug)\n"),
    (ValueError("two\nlines"), 2, "error: two lines\n"),
])
def test_every_failure_is_one_line_and_exit_2(data, capsys, monkeypatch, failure, status, message):
    def fail(*args, **kwargs):
        raise failure
    monkeypatch.setattr(KMeans, "fit", fail)
    assert main(["cluster", str(data), "--k", "2"]) == status
    assert one_error_line(capsys) == message


def test_tour_needs_overwrite_to_replace_an_earlier_tour(tmp_path, capsys, monkeypatch):
    import kmeans_scratch.tour as tour
    monkeypatch.setattr(tour, "SECTIONS", tour.SECTIONS[:2])      # two sections are enough here
    assert main(["tour", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "index.html").read_text()
    assert main(["tour", "--out", str(tmp_path)]) == 2
    assert "tour requires --overwrite to replace an earlier tour" in one_error_line(capsys)
    (tmp_path / "index.html").unlink()
    (tmp_path / "01_raw.svg").write_text("mine")
    assert main(["tour", "--out", str(tmp_path)]) == 2
    assert "got file=" in one_error_line(capsys) and (tmp_path / "01_raw.svg").read_text() == "mine"
    assert main(["tour", "--out", str(tmp_path), "--overwrite"]) == 0
    assert (tmp_path / "index.html").read_text() == page and no_leftovers(tmp_path)


def test_tour_interrupted_leaves_no_folder_it_made(tmp_path, capsys, monkeypatch):
    import kmeans_scratch.tour as tour
    monkeypatch.setattr(tour, "make_blobs", interrupt)
    assert main(["tour", "--out", str(tmp_path / "new")]) == 130
    assert not (tmp_path / "new").exists()
    (tmp_path / "old").mkdir()
    assert main(["tour", "--out", str(tmp_path / "old")]) == 130
    assert os.listdir(tmp_path / "old") == []
    capsys.readouterr()


def run_python(code, tmp_path, umask=None):
    env = dict(os.environ, PYTHONPATH=ROOT)
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, preexec_fn=preexec)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_outputs_follow_the_umask(data, tmp_path, umask, mode):
    result = run_python(f"""
        from kmeans_scratch.cli import main
        raise SystemExit(main(["cluster", {str(data)!r}, "--k", "2", "--out", "l.csv",
                               "--plot", "p.svg", "--quiet"]))""", tmp_path, umask)
    assert result.returncode == 0, result.stderr
    for name in ("l.csv", "p.svg"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == mode


@pytest.mark.parametrize("stage", ["KMeans.fit", "os.fsync"])
def test_sigterm_cleans_up_like_ctrl_c(data, tmp_path, stage):
    # the signal arrives while the command fits, or while it writes its output
    result = run_python(f"""
        import os, signal, time
        from kmeans_scratch.cli import main
        from kmeans_scratch.kmeans import KMeans
        import kmeans_scratch.kmeans as kmeans
        def terminated(*args):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        {'KMeans.fit = terminated' if stage == 'KMeans.fit' else 'os.fsync = terminated'}
        raise SystemExit(main(["cluster", {str(data)!r}, "--k", "2", "--out", "l.csv", "--quiet"]))
    """, tmp_path)
    assert result.returncode == 128 + signal.SIGTERM
    assert result.stderr == "error: stopped by signal 15; no output was left half-written\n"
    assert not (tmp_path / "l.csv").exists() and no_leftovers(tmp_path)


WRITING_EXAMPLES = sorted(name for name in (pathlib.Path(ROOT) / "examples").glob("*.py") if "tempfile" in name.read_text())


def test_eight_examples_write_files():
    assert len(WRITING_EXAMPLES) == 8


@pytest.mark.parametrize("script", WRITING_EXAMPLES, ids=lambda p: p.name)
def test_an_example_never_replaces_a_file_in_the_folder_it_is_given(script, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", [str(script), str(tmp_path)])
    runpy.run_path(str(script), run_name="__main__")
    assert f"the files are in {tmp_path}" in capsys.readouterr().out
    written = {path: path.read_bytes() for path in tmp_path.iterdir()}
    assert written
    victim = sorted(written)[-1]
    victim.write_bytes(b"mine")
    with pytest.raises(SystemExit) as stopped:
        runpy.run_path(str(script), run_name="__main__")
    message = str(stopped.value.code)
    assert message.startswith(f"{tmp_path} already holds ") and victim.name in message
    assert "never replaces a file" in message and "\n" not in message
    assert victim.read_bytes() == b"mine"
    assert {path: path.read_bytes() for path in tmp_path.iterdir() if path != victim} == \
        {path: data for path, data in written.items() if path != victim}


def test_an_example_without_a_folder_writes_into_a_new_temporary_one(monkeypatch, capsys):
    script = pathlib.Path(ROOT) / "examples" / "01_blobs.py"
    monkeypatch.setattr(sys, "argv", [str(script)])
    runpy.run_path(str(script), run_name="__main__")
    out = capsys.readouterr().out
    folder = pathlib.Path(out.split("the files are in ")[1].strip())
    try:
        assert folder.name.startswith("kmeans-example-")
        assert folder.parent == pathlib.Path(tempfile.gettempdir())
        assert [p.name for p in folder.iterdir()] == ["kmeans_raw.svg"]
    finally:
        shutil.rmtree(folder)
