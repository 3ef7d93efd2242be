from kmeans_scratch.cli import main


def test_help_and_no_command(capsys):
    assert main([]) == 0
    assert "usage" in capsys.readouterr().out


def test_demo_prints_the_tutorial_result(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Inertia: 362.79" in out and "Iterations to converge: 2" in out
