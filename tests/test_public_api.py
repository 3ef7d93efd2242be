import importlib
import re
import pkgutil

import kmeans_scratch


def test_every_public_name_exists_and_none_is_private():
    for name in kmeans_scratch.__all__:
        assert hasattr(kmeans_scratch, name), name
        assert not name.startswith("_") or name == "__version__", name


def test_public_functions_and_estimators_show_an_example():
    for name in ["KMeans", "inertia", "kmeans_plusplus", "lloyd", "lloyd_steps", "distance",
                 "squared_distance", "nearest", "check_array", "RandomState",
                 "check_random_state", "make_blobs", "make_moons", "make_circles",
                 "load_iris", "make_customers"]:
        assert ">>>" in getattr(kmeans_scratch, name).__doc__, name


def test_every_module_has_a_docstring_and_all():
    for info in pkgutil.walk_packages(kmeans_scratch.__path__, "kmeans_scratch."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        assert module.__doc__ and module.__doc__.strip(), info.name
        assert hasattr(module, "__all__"), info.name


def test_every_name_of_the_subpackages_is_also_top_level():
    import kmeans_scratch.datasets
    import kmeans_scratch.metrics
    import kmeans_scratch.preprocessing
    import kmeans_scratch.selection
    for module in (kmeans_scratch.metrics, kmeans_scratch.preprocessing,
                   kmeans_scratch.selection, kmeans_scratch.datasets):
        missing = [name for name in module.__all__ if name not in kmeans_scratch.__all__]
        assert not missing, (module.__name__, missing)


def test_the_where_is_table_names_only_real_things():
    # each row: names (in the columns under "name") found in the module under "module";
    # top-level names are re-exported, the stepper's are not (it would slow the import)
    table = kmeans_scratch.__doc__.split("Where is ...?")[1].split(">>>")[0].strip().splitlines()
    for line in table[1:]:
        names, module, _ = re.split(r"\s{2,}", line.strip(), maxsplit=2)
        names = names.replace(",", " ").split()
        where = importlib.import_module(f"kmeans_scratch.{module}")
        for name in names:
            assert hasattr(where, name), (name, where.__name__)
            assert hasattr(kmeans_scratch, name) or where.__name__ == "kmeans_scratch.stepper", name
