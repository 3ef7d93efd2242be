"""Writing files safely: all at once or not at all, only to files, never over one unasked.

A file is written to a hidden temporary name (``.tmp-XXXXXXXX-name``) in the target's
folder and then renamed over the target, which is atomic on POSIX and Windows: a reader
(or a crash) sees the old file or the new one, never half of one. Every failure -- an
exception, KeyboardInterrupt, a full disk -- removes the temporary file before it is
reported. Only ``kill -9`` (or a power cut) can leave one behind: no code runs then.

The checks, made before anything is written (``check_output``):

    the target exists       replaced only with overwrite=True, and never when it is one
                            of the ``inputs`` (the same file, by device and inode)
    not a regular file      refused: a folder, a named pipe, a device, a socket is never
                            replaced by a file (``/dev/null`` stays a device)
    a symbolic link         followed: the file it leads to is replaced, the link stays;
                            a link to nothing, or to something not a file, is refused
    a missing folder        refused, naming the caller's path (not the temporary one)

A new file gets the permissions the umask gives (0o666 & ~umask), as ``open()`` would: the
temporary file is created with ``os.open(..., 0o666)`` and the kernel applies the umask
(and any default ACL) itself, so the umask is never read -- reading it means setting it,
process-wide, which races with other threads. A replaced file keeps its own permissions,
so a private file stays private.

``atomic_stream`` does the same for output written piece by piece (a stream of labels), so
nothing need be held in memory.

Public functions: atomic_write, atomic_stream, check_output.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from typing import IO, Iterable, Iterator, Optional, Union

__all__ = ["atomic_write", "atomic_stream", "check_output"]

PathLike = Union[str, "os.PathLike[str]"]

_KINDS = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket")]


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def check_output(path: PathLike, *, overwrite: bool = False, inputs: Iterable[PathLike] = (),
                 caller: str = "atomic_write", name: str = "path",
                 flag: str = "overwrite=True") -> str:
    """The path to write (a symbolic link's target), after checking that it may be written.

    ``caller``, ``name`` and ``flag`` only word the messages (the command line passes
    "cluster", "--plot" and "--overwrite").

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> check_output(os.path.join(folder, "new.svg")) == os.path.join(folder, "new.svg")
    True
    >>> check_output(folder)
    Traceback (most recent call last):
    ...
    IsADirectoryError: atomic_write requires a regular file; got path='...', a folder

    Raises FileExistsError for an existing file without overwrite, or one of ``inputs``;
    IsADirectoryError for a folder; OSError for any other file that is not a regular file;
    FileNotFoundError for a missing folder or a link to nothing.
    """
    path = os.fspath(path)
    shown = f"{name}={path!r}"
    try:
        info: Optional[os.stat_result] = os.stat(path)            # follows links
    except (FileNotFoundError, NotADirectoryError):
        info = None
    if info is None:
        _check_folder(path, caller, shown)
        return path
    if not stat.S_ISREG(info.st_mode):
        error = IsADirectoryError if stat.S_ISDIR(info.st_mode) else OSError
        raise error(f"{caller} requires a regular file; got {shown}, {_kind(info.st_mode)}")
    for source in inputs:
        try:
            same = os.path.samestat(info, os.stat(source))
        except OSError:         # an input that is gone cannot be written over
            same = False
        if same:
            raise FileExistsError(f"{caller} requires an output that is not an input; got {shown}, "
                                  f"the same file as {os.fspath(source)!r}")
    if not overwrite:
        raise FileExistsError(f"{caller} requires {flag} to replace an existing file; got {shown}")
    return os.path.realpath(path) if os.path.islink(path) else path


def _check_folder(path: str, caller: str, shown: str) -> None:
    """Raise FileNotFoundError unless the new file's folder exists (and path is no dead link)."""
    if os.path.islink(path):
        raise FileNotFoundError(f"{caller} requires a link to an existing file; got {shown}, "
                                f"a link to the missing {os.readlink(path)!r}")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise FileNotFoundError(f"{caller} requires an existing folder; got {shown}, "
                                f"and {folder!r} {what}")


def atomic_write(path: PathLike, data: Union[bytes, str], *, overwrite: bool = False,
                 inputs: Iterable[PathLike] = ()) -> None:
    """Write data (bytes, or str as UTF-8) to path through a temporary file and a rename.

    >>> import os, pathlib, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "hello.txt")
    >>> atomic_write(path, "hi\\n"); pathlib.Path(path).read_text()
    'hi\\n'
    >>> atomic_write(path, "again")
    Traceback (most recent call last):
    ...
    FileExistsError: atomic_write requires overwrite=True to replace an existing file; got path='...'

    Raises what ``check_output`` raises; an OSError naming path (not the temporary file)
    when the folder cannot be written or the disk is full. The temporary file is removed
    on every failure, KeyboardInterrupt included.
    """
    data = data.encode("utf-8") if isinstance(data, str) else data
    with _atomic(path, overwrite, inputs, _Words()) as handle:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]


@contextlib.contextmanager
def atomic_stream(path: PathLike, *, overwrite: bool = False, inputs: Iterable[PathLike] = (),
                  caller: str = "atomic_stream", name: str = "path",
                  flag: str = "overwrite=True") -> Iterator[IO[str]]:
    """A text stream (UTF-8) whose content replaces path when the ``with`` block ends well.

    The same guarantees as ``atomic_write``: checked first, written beside path, renamed into
    place at the end; an exception in the block removes the temporary file and leaves path
    as it was. ``caller``, ``name`` and ``flag`` word the messages, as in ``check_output``.

    >>> import os, pathlib, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "labels.csv")
    >>> with atomic_stream(path) as out:
    ...     _ = out.write("0\\n1\\n")
    >>> pathlib.Path(path).read_text()
    '0\\n1\\n'
    """
    with _atomic(path, overwrite, inputs, _Words(caller, name, flag)) as handle:
        with open(handle, "w", encoding="utf-8", newline="", closefd=False) as stream:
            yield stream


class _Words:
    """How the messages name the caller, its path and the flag that allows replacing."""

    def __init__(self, caller: str = "atomic_write", name: str = "path",
                 flag: str = "overwrite=True"):
        self.caller, self.name, self.flag = caller, name, flag


@contextlib.contextmanager
def _atomic(path: PathLike, overwrite: bool, inputs: Iterable[PathLike], words: _Words
            ) -> Iterator[int]:
    """The descriptor of a temporary file beside path; published over path if all goes well."""
    path = os.fspath(path)
    target = check_output(path, overwrite=overwrite, inputs=inputs, caller=words.caller,
                          name=words.name, flag=words.flag)
    old_mode = stat.S_IMODE(os.stat(target).st_mode) if overwrite and os.path.exists(target) else None
    temporary = ""
    try:
        temporary, handle = _create_temporary(target, path, words)
        try:
            yield handle
            if old_mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle, old_mode)
            os.fsync(handle)   # the data reaches the disk before the rename makes it visible
        finally:
            os.close(handle)
        _publish(temporary, target, path, overwrite, words)
    except OSError as error:
        _remove_quietly(temporary)
        if isinstance(error, FileExistsError) or not temporary:
            raise
        raise _named(error, path, words) from None
    except BaseException:
        _remove_quietly(temporary)
        raise


def _create_temporary(target: str, path: str, words: _Words) -> tuple[str, int]:
    """(name, open descriptor) of a new hidden file beside target, mode 0o666 less the umask."""
    folder, base = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = os.path.join(folder, f".tmp-{secrets.token_hex(4)}-{base}")
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise _named(error, path, words) from None
    raise FileExistsError(f"{words.caller} requires a free temporary name; got {words.name}={path!r}")


def _publish(temporary: str, target: str, path: str, overwrite: bool, words: _Words) -> None:
    """Move the finished temporary file to target; without overwrite, never over a file."""
    if overwrite:
        os.replace(temporary, target)
        return
    try:                   # a hard link fails if target appeared meanwhile: no race
        os.link(temporary, target)
    except FileExistsError:
        raise FileExistsError(f"{words.caller} requires {words.flag} to replace an existing "
                              f"file; got {words.name}={path!r}") from None
    except (OSError, AttributeError):    # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(f"{words.caller} requires {words.flag} to replace an existing "
                                  f"file; got {words.name}={path!r}") from None
        os.replace(temporary, target)
        return
    os.remove(temporary)


def _named(error: OSError, path: str, words: _Words) -> OSError:
    """The same kind of OSError, its message naming the caller's path, not the temporary one."""
    if isinstance(error, FileNotFoundError):
        folder = os.path.dirname(path) or "."
        message = (f"{words.caller} requires an existing folder; got {words.name}={path!r}, and "
                   f"{folder!r} does not exist")
    else:
        message = f"{words.caller} could not write {words.name}={path!r}: {error.strerror or error}"
    named = type(error)(message)
    named.errno = error.errno
    return named


def _remove_quietly(temporary: str) -> None:
    """Remove the temporary file if there is one; a failure here must not hide the first."""
    if temporary:
        try:
            os.remove(temporary)
        except OSError:
            pass
