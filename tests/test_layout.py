"""The layout holds itself in place: the learner's four files stay plain and short.

The plain path (vectors -> lloyd -> seeding -> kmeans) must read without the fast half:
these tests parse the package's source and fail if a learner's file reaches into ``fast``
(other than kmeans.py's one import), if anything outside ``fast`` but kmeans.py and the
package's __init__ imports it, or if the four files outgrow a sitting.
"""

import ast
import pathlib
import re

import kmeans_scratch

PACKAGE = pathlib.Path(kmeans_scratch.__file__).parent
LEARNER = ["vectors.py", "lloyd.py", "seeding.py", "kmeans.py"]
PLAIN_NEIGHBOURS = {"vectors", "lloyd", "seeding", "validation", "randomness", "errors",
                    "portable_dist",      # vectors.py on PyPy: math.dist rounded as CPython's
                    "column_rows"}        # a big fit's rows held as columns
ESTIMATOR_HELPERS = {"persistence", "progress",     # kmeans.py only: saving a model, watching a fit,
                     "numpy_means", "params",       # NumPy's column means; scikit-learn's conventions
                     "collector"}                   # Python's cycle collector paused during fit


def imported_modules(path: pathlib.Path) -> list:
    """(module imported, names) for every import in the file; relative ones as dotted names
    within the package ('vectors', 'fast.bounds'), absolute ones with a leading '/'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [("/" + alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            if node.level == 0:
                found.append(("/" + node.module, names))
                continue
            base = list(path.relative_to(PACKAGE).parent.parts)[: len(path.relative_to(PACKAGE).parent.parts) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((module, names))
    return found


def reaches_fast(module: str, names: tuple) -> bool:
    return module == "fast" or module.startswith("fast.") or (module == "" and "fast" in names) \
        or module.startswith("/kmeans_scratch.fast")


def test_the_learners_first_three_files_import_only_plain_modules():
    for name in LEARNER[:3]:
        for module, names in imported_modules(PACKAGE / name):
            if module.startswith("/"):
                assert not module.startswith("/kmeans_scratch"), (name, module)
                continue
            # "from . import a" imports the module a
            for imported in (names if module == "" else (module,)):
                assert imported in PLAIN_NEIGHBOURS, f"{name} imports .{imported}"


def test_kmeans_reaches_the_fast_half_through_one_import():
    imports = imported_modules(PACKAGE / "kmeans.py")
    fast = [(module, names) for module, names in imports if reaches_fast(module, names)]
    assert fast == [("", ("fast",))]
    # "from . import a, b" imports the modules a and b; "from .a import b" the module a
    others = {name for module, names in imports if module == "" for name in names} - {"fast"}
    others |= {module for module, _ in imports if module and not module.startswith("/")}
    assert others <= PLAIN_NEIGHBOURS | ESTIMATOR_HELPERS, others


def test_nothing_else_outside_the_fast_package_imports_it():
    allowed = {PACKAGE / "kmeans.py", PACKAGE / "__init__.py"}
    for path in PACKAGE.rglob("*.py"):
        if path in allowed or (PACKAGE / "fast") in path.parents:
            continue
        for module, names in imported_modules(path):
            assert not reaches_fast(module, names), f"{path.relative_to(PACKAGE)} imports {module or names}"


def test_the_fast_half_depends_on_the_plain_half_never_the_reverse():
    for path in (PACKAGE / "fast").glob("*.py"):
        for module, _ in imported_modules(path):
            if not module.startswith("/"):
                assert module.startswith("fast") or module in PLAIN_NEIGHBOURS | {"partials"}, \
                    (path.name, module)     # (partials: exact running sums, shared with the CLI)


def test_the_learners_path_stays_under_800_lines():
    lines = sum(len((PACKAGE / name).read_text(encoding="utf-8").splitlines()) for name in LEARNER)
    assert lines < 800, f"the four files have {lines} lines"


def test_no_timings_in_the_package_source():
    # measured figures rot: they belong in benchmarks/README.md, with the command that made them
    timing = re.compile(r"\d(\.\d+)? ?(ms|us|µs|seconds)\b|\d(\.\d+)?x (faster|slower|the speed)")
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not timing.search(line), f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
