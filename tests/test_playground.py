"""The playground's site: its files, the zip against the wheel, the pinned Pyodide, the server."""

from __future__ import annotations

import io
import json
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
import zipfile

import pytest

from kmeans_scratch import playground
from kmeans_scratch.errors import KMeansError

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_the_pinned_pyodide_is_the_one_the_smoke_check_installs():
    package = json.loads((ROOT / "tests" / "pyodide" / "package.json").read_text())
    lock = json.loads((ROOT / "tests" / "pyodide" / "package-lock.json").read_text())
    assert package["dependencies"]["pyodide"] == playground.PYODIDE_VERSION
    assert lock["packages"]["node_modules/pyodide"]["version"] == playground.PYODIDE_VERSION
    assert playground.CDN_URL == f"https://cdn.jsdelivr.net/pyodide/v{playground.PYODIDE_VERSION}/full/"


def test_package_data_is_pyprojects():
    text = (ROOT / "pyproject.toml").read_text()
    section = text.split("[tool.setuptools.package-data]")[1].split("\n[")[0]
    listed = dict(re.findall(r'^"kmeans_scratch\.([\w.]+)"\s*=\s*(\[.*\])', section, re.M))
    assert {folder: tuple(json.loads(names)) for folder, names in listed.items()} == playground.PACKAGE_DATA


def test_the_zip_holds_what_the_wheel_ships(tmp_path):
    # A copy of the project, so the build's egg-info and build/ never land in the checkout.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "kmeans_scratch", source / "kmeans_scratch",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    # as .ci/run's wheel leg builds it (pip fetches setuptools into an isolated environment)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-q",
                            str(source), "-w", str(tmp_path / "dist")],
                           capture_output=True, text=True, timeout=300)
    if built.returncode:
        pytest.skip(f"the wheel could not be built here: {built.stderr.strip()[-300:]}")
    wheel = next((tmp_path / "dist").glob("*.whl"))
    shipped = sorted(n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("kmeans_scratch/"))
    ours = zipfile.ZipFile(io.BytesIO(playground.package_zip(str(source / "kmeans_scratch")))).namelist()
    assert ours == shipped
    assert ours == playground.package_files(str(source / "kmeans_scratch"))


def test_the_zip_is_the_same_bytes_every_time_and_the_files_are_the_packages():
    first = playground.package_zip()
    assert first == playground.package_zip()
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.read("kmeans_scratch/datasets/iris.csv") == (ROOT / "kmeans_scratch/datasets/iris.csv").read_bytes()
    assert not [n for n in archive.namelist() if "__pycache__" in n or n.endswith(".pyc")]


def _fake_pyodide(folder: pathlib.Path) -> pathlib.Path:
    folder.mkdir()
    for name in playground.PYODIDE_FILES:
        (folder / name).write_text(f"stand-in for {name}")
    return folder


def _urls(page: str) -> list:
    """Every address the page names in src=, href=, url(...), @import, fetch(...) or import."""
    found = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', page)
    found += re.findall(r'url\(\s*["\']?([^"\')]+)', page) + re.findall(r'@import\s+["\']([^"\']+)', page)
    return found + re.findall(r'(?:fetch|import)\(\s*["\']([^"\']+)', page)


def test_with_a_local_pyodide_the_site_is_self_contained(tmp_path):
    written = playground.write_playground(str(tmp_path / "site"), pyodide=str(_fake_pyodide(tmp_path / "p")))
    site = tmp_path / "site"
    assert sorted(pathlib.Path(p).relative_to(site).as_posix() for p in written) == sorted(
        ["index.html", "kmeans_scratch.zip"] + [f"pyodide/{n}" for n in playground.PYODIDE_FILES])
    page = (site / "index.html").read_text()
    assert "://" not in "".join(_urls(page)) and "cdn.jsdelivr" not in page
    assert 'src="pyodide/pyodide.js"' in page and 'fetch("kmeans_scratch.zip")' in page
    assert (site / "pyodide" / "pyodide.asm.wasm").read_text() == "stand-in for pyodide.asm.wasm"


def test_without_pyodide_the_page_loads_only_the_pinned_cdn(tmp_path):
    playground.write_playground(str(tmp_path))
    page = (tmp_path / "index.html").read_text()
    remote = [url for url in _urls(page) if "://" in url]
    assert remote == [playground.CDN_URL + "pyodide.js"]
    assert not (tmp_path / "pyodide").exists()
    anywhere = re.findall(r"https?://[^\s\"'<>]+", page)     # the script tag and loadPyodide's indexURL
    assert anywhere and all(url.startswith(playground.CDN_URL) for url in anywhere), anywhere


def test_the_page_has_what_the_browser_check_reads(tmp_path):
    playground.write_playground(str(tmp_path))
    page = (tmp_path / "index.html").read_text()
    for marker in ('<body data-state="loading">', 'id="status"', 'id="fit-inertia"', "<textarea",
                   'id="run"', 'id="output"', 'id="figures"', 'id="live-box"', "CPython compiled to WebAssembly",
                   "#run=", "location.hash", 'document.createElement("script")'):
        assert marker in page, marker
    assert page.count("<script") == 2 and page.count("<style") == 1 and "<link" not in page


def test_the_default_code_is_the_examples_code():
    examples = "".join((ROOT / "examples" / name).read_text()
                       for name in ("01_blobs.py", "03_estimator.py", "04_elbow.py"))
    for line in ("X, true_labels = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)",
                 "kmeans = KMeans(n_clusters=3, random_state=42, n_init=10)",
                 "ari = adjusted_rand_score(true_labels, kmeans.labels_)",
                 "curve = inertia_curve(X, range(1, 11), random_state=42, n_init=10)",
                 "knee = find_knee(ks, inertias)"):
        assert line in playground.DEFAULT_CODE and line in examples, line
    result = json.loads(playground.run_code(playground.DEFAULT_CODE))
    assert result["error"] is None and len(result["figures"]) == 3
    assert "Inertia: 362.79011271962446\n" in result["output"]
    assert all(svg.startswith("<svg") for svg in result["figures"])


def test_run_code_captures_warnings_and_survives_exit():
    result = json.loads(playground.run_code("import warnings\nwarnings.warn('careful')\nraise SystemExit(3)"))
    assert "UserWarning: careful" in result["output"]
    assert result["error"].splitlines()[-1] == "SystemExit: 3"
    assert 'File "<playground>", line 3' in result["error"] and "run_code" not in result["error"]


def test_first_fit_gives_the_tutorials_numbers():
    fit = json.loads(playground.first_fit())
    assert (fit["inertia"], fit["n_iter"], fit["ari"]) == ("362.79011271962446", 2, "1.0")
    assert fit["files"] == len(playground.package_files())


@pytest.mark.parametrize("data", sorted(playground.DATASETS))
@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_live_stepper_runs_every_dataset_and_start(data, init):
    section = playground.live_stepper(data, 3, init, 7)
    frames = json.loads(re.search(r'id="live-data">(.*?)</script>', section, re.S)[1])["cases"][0]["frames"]
    assert section.startswith('<section id="live"') and len(frames["steps"][0]["centroids"]) == 3
    assert frames["steps"][-1]["stop"] in ("labels unchanged", "tol")


@pytest.mark.parametrize("arguments, message", [
    (("circles", 3, "random", 0), "live_stepper requires data in"),
    (("blobs", 3, "forgy", 0), "init 'k-means\\+\\+' or 'random'; got data='blobs', init='forgy'"),
    (("blobs", 11, "random", 0), "live_stepper requires 1 <= k <= 10; got k=11"),
    (("blobs", True, "random", 0), "live_stepper requires 1 <= k <= 10; got k=True"),
])
def test_live_stepper_refuses_bad_choices(arguments, message):
    with pytest.raises(KMeansError, match=message):
        playground.live_stepper(*arguments)


def test_an_earlier_playground_is_replaced_only_when_asked(tmp_path):
    playground.write_playground(str(tmp_path))
    with pytest.raises(FileExistsError, match="playground requires --overwrite"):
        playground.write_playground(str(tmp_path))
    playground.write_playground(str(tmp_path), overwrite=True)


def test_a_pyodide_folder_missing_files_is_refused(tmp_path):
    folder = _fake_pyodide(tmp_path / "p")
    (folder / "pyodide.asm.wasm").unlink()
    with pytest.raises(FileNotFoundError, match="playground requires a pyodide folder .*missing pyodide.asm.wasm"):
        playground.write_playground(str(tmp_path / "site"), pyodide=str(folder))
    assert not (tmp_path / "site").exists()


def test_main_says_how_to_serve(tmp_path):
    lines: list = []
    assert playground.main(str(tmp_path), say=lines.append) == 0
    assert lines[-1] == f"serve it (browsers load WebAssembly over HTTP only): python -m http.server -d {tmp_path}"
    assert "2 files" in lines[0] and playground.CDN_URL in lines[0]


def test_the_server_sends_wasm_as_application_wasm_on_localhost_only(tmp_path):
    (tmp_path / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    (tmp_path / "index.html").write_text("<!DOCTYPE html>")
    server = playground.make_server(str(tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/pyodide.asm.wasm", timeout=10) as reply:
            assert reply.headers["Content-Type"] == "application/wasm"
            assert reply.read() == b"\0asm\1\0\0\0"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as reply:
            assert reply.headers["Content-Type"].startswith("text/html")
    finally:
        server.shutdown()
        server.server_close()
