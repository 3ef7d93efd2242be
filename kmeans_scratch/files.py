"""Writing files safely: all at once or not at all, and never over a file unasked.

A file is written to a temporary name in the same folder and then renamed over the target
with ``os.replace``, which is atomic on POSIX and Windows: a reader (or a crash) sees the
old file or the new one, never half of one. An existing file is only replaced when the
caller says ``overwrite=True``, so inputs cannot be lost by a typo on the command line.

Public function: atomic_write.
"""

from __future__ import annotations

import os
import tempfile
from typing import Union

__all__ = ["atomic_write"]


def atomic_write(path: Union[str, os.PathLike], data: Union[bytes, str], *,
                 overwrite: bool = False) -> None:
    """Write data (bytes, or str as UTF-8) to path through a temporary file and a rename.

    >>> import os, pathlib, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "hello.txt")
    >>> atomic_write(path, "hi\\n"); pathlib.Path(path).read_text()
    'hi\\n'

    Raises FileExistsError if path exists and overwrite is False.
    """
    path = os.fspath(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"refusing to overwrite {path!r}; pass overwrite=True to replace it")
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix="-" + os.path.basename(path))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
