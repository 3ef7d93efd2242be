import platform

from cross_runtime_cases import check


def test_results_match_the_cpython_recording():
    problems = check()
    assert not problems, f"{platform.python_implementation()} {platform.python_version()}: {problems[:5]}"
