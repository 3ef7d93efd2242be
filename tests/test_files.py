import errno
import os
import stat

import pytest

from kmeans_scratch import files
from kmeans_scratch.files import atomic_write, check_output


def leftovers(folder):
    return [name for name in os.listdir(folder) if name.startswith(".tmp-")]


@pytest.fixture
def umask():
    """Set the umask for one test and put the old one back."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path, umask, mask, mode):
    umask(mask)
    atomic_write(tmp_path / "out.txt", "x")
    assert stat.S_IMODE(os.stat(tmp_path / "out.txt").st_mode) == mode


def test_a_replaced_file_keeps_its_own_mode(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "private.txt"
    path.write_text("old")
    os.chmod(path, 0o600)
    atomic_write(path, "new", overwrite=True)
    assert path.read_text() == "new" and stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_str_is_written_as_utf8_and_bytes_as_they_are(tmp_path):
    atomic_write(tmp_path / "a", "é\n")
    atomic_write(tmp_path / "b", b"\x00\xff")
    assert (tmp_path / "a").read_bytes() == "é\n".encode() and (tmp_path / "b").read_bytes() == b"\x00\xff"


def test_an_existing_file_is_kept_without_overwrite(tmp_path):
    path = tmp_path / "keep.txt"
    path.write_text("precious")
    with pytest.raises(FileExistsError, match=r"atomic_write requires overwrite=True to replace an "
                                              r"existing file; got path='.*keep.txt'"):
        atomic_write(path, "new")
    assert path.read_text() == "precious" and leftovers(tmp_path) == []


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_named_pipe_is_refused_and_left_a_pipe(tmp_path, overwrite):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match=r"atomic_write requires a regular file; got path='.*pipe', "
                                      r"a named pipe"):
        atomic_write(pipe, "x", overwrite=overwrite)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and leftovers(tmp_path) == []


def test_a_device_node_is_refused_and_left_a_device(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    with pytest.raises(OSError, match="a character device"):
        atomic_write(device, "x", overwrite=True)
    info = os.lstat(device)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


def test_dev_null_stays_a_device():
    before = os.lstat("/dev/null")
    with pytest.raises(OSError, match="got path='/dev/null', a character device"):
        atomic_write("/dev/null", "x", overwrite=True)
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "sub").mkdir()
    with pytest.raises(IsADirectoryError, match=r"got path='.*sub', a folder"):
        atomic_write(tmp_path / "sub", "x", overwrite=True)
    assert (tmp_path / "sub").is_dir()


def test_a_link_to_a_file_is_followed_and_kept(tmp_path):
    (tmp_path / "real.txt").write_text("old")
    os.symlink("real.txt", tmp_path / "link.txt")
    atomic_write(tmp_path / "link.txt", "new", overwrite=True)
    assert os.path.islink(tmp_path / "link.txt") and (tmp_path / "real.txt").read_text() == "new"


def test_a_link_to_a_pipe_or_to_nothing_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    os.symlink("pipe", tmp_path / "to-pipe")
    os.symlink("missing", tmp_path / "dead")
    with pytest.raises(OSError, match="a named pipe"):
        atomic_write(tmp_path / "to-pipe", "x", overwrite=True)
    with pytest.raises(FileNotFoundError, match=r"requires a link to an existing file; got "
                                                r"path='.*dead', a link to the missing 'missing'"):
        atomic_write(tmp_path / "dead", "x", overwrite=True)
    assert not os.path.exists(tmp_path / "missing") and stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)


def test_a_missing_folder_is_named_as_the_caller_wrote_it(tmp_path):
    path = str(tmp_path / "nowhere" / "plot.svg")
    with pytest.raises(FileNotFoundError) as caught:
        atomic_write(path, "x")
    message = str(caught.value)
    assert message == (f"atomic_write requires an existing folder; got path={path!r}, "
                       f"and {str(tmp_path / 'nowhere')!r} does not exist")
    assert ".tmp-" not in message


def test_a_folder_removed_meanwhile_is_named_too(tmp_path, monkeypatch):
    # the folder vanishes between the check and the temporary file's creation
    monkeypatch.setattr(files, "check_output", lambda path, **_: os.fspath(path))
    path = str(tmp_path / "gone" / "x.txt")
    with pytest.raises(FileNotFoundError, match="got path='.*gone/x.txt'") as caught:
        atomic_write(path, "x")
    assert ".tmp-" not in str(caught.value)


def test_an_input_is_never_written_over(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("a\n1\n")
    os.link(data, tmp_path / "hard.csv")
    for target in (data, tmp_path / "hard.csv"):
        with pytest.raises(FileExistsError, match="requires an output that is not an input"):
            atomic_write(target, "x", overwrite=True, inputs=[data])
    assert data.read_text() == "a\n1\n"


def test_the_messages_can_speak_for_a_command(tmp_path):
    (tmp_path / "x.svg").write_text("")
    with pytest.raises(FileExistsError, match=r"^cluster requires --overwrite to replace an existing "
                                              r"file; got --plot='.*x.svg'$"):
        check_output(tmp_path / "x.svg", caller="cluster", name="--plot", flag="--overwrite")


@pytest.mark.parametrize("stage", ["write", "fsync", "replace"])
@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"),
                                     KeyboardInterrupt()])
def test_no_temporary_file_is_left_after_a_failure(tmp_path, monkeypatch, stage, failure):
    path = tmp_path / "out.txt"
    path.write_text("old")

    def fail(*args, **kwargs):
        raise failure
    monkeypatch.setattr(os, stage, fail)
    with pytest.raises(type(failure)) as caught:
        atomic_write(path, "new", overwrite=True)
    monkeypatch.undo()
    assert leftovers(tmp_path) == [] and path.read_text() == "old"
    if isinstance(failure, OSError):
        assert str(caught.value) == (f"atomic_write could not write path={str(path)!r}: "
                                     f"No space left on device")
        assert caught.value.errno == errno.ENOSPC


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    publish = files._publish

    def someone_writes_then_publish(*args):     # between our checks and our rename
        path.write_text("theirs")
        publish(*args)
    monkeypatch.setattr(files, "_publish", someone_writes_then_publish)
    with pytest.raises(FileExistsError, match="requires overwrite=True"):
        atomic_write(path, "ours")
    assert path.read_text() == "theirs" and leftovers(tmp_path) == []


def test_without_hard_links_a_file_that_appears_meanwhile_is_still_kept(tmp_path, monkeypatch):
    def no_links(*args):
        raise OSError(errno.EPERM, "Operation not permitted")
    monkeypatch.setattr(os, "link", no_links)
    atomic_write(tmp_path / "a.txt", "first")           # published by rename instead
    assert (tmp_path / "a.txt").read_text() == "first"
    path, publish = tmp_path / "b.txt", files._publish

    def someone_writes_then_publish(*args):     # between our checks and our rename
        path.write_text("theirs")
        publish(*args)
    monkeypatch.setattr(files, "_publish", someone_writes_then_publish)
    with pytest.raises(FileExistsError):
        atomic_write(path, "ours")
    assert path.read_text() == "theirs" and leftovers(tmp_path) == []


def test_a_stream_is_published_whole_or_not_at_all(tmp_path):
    path = tmp_path / "labels.csv"
    with files.atomic_stream(path) as out:
        out.write("0\n")
        assert not path.exists()                      # nothing visible until the end
        out.write("1\n")
    assert path.read_text() == "0\n1\n"
    with pytest.raises(RuntimeError):
        with files.atomic_stream(path, overwrite=True) as out:
            out.write("half")
            raise RuntimeError("the labelling failed")
    assert path.read_text() == "0\n1\n" and leftovers(tmp_path) == []
    with pytest.raises(FileExistsError, match=r"cluster requires --overwrite to replace an "
                                              r"existing file; got --out="):
        with files.atomic_stream(path, caller="cluster", name="--out", flag="--overwrite"):
            pass
