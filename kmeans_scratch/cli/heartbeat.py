"""What a command says while it works: progress lines and a heartbeat, on stderr.

Slow work says what it is doing: a line per fitted K, and, while a long fit runs, a "still
working" line after each HEARTBEAT seconds without one. ``--quiet`` silences them all; the
heartbeat is a daemon thread, and where there are no threads (Pyodide) there is none.

Public: note, k_progress, heartbeat, HEARTBEAT.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from typing import Iterator

__all__ = ["note", "k_progress", "heartbeat", "HEARTBEAT"]

HEARTBEAT = 10.0      # seconds without a progress line before a "still working" line
_last_note = [0.0]          # when the last progress line was printed (time.monotonic)


def note(args, message: str) -> None:
    """A progress or information line on stderr, unless --quiet."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr, flush=True)
        _last_note[0] = time.monotonic()


def k_progress(args):
    """A callback printing one line per fitted K."""
    return lambda k, model: note(args, f"  fitted K={k}")


@contextlib.contextmanager
def heartbeat(args, what: str) -> Iterator[None]:
    """While the body runs, a line on stderr after each HEARTBEAT seconds without progress."""
    every, stop, start = HEARTBEAT, threading.Event(), time.monotonic()
    _last_note[0] = start

    def beat() -> None:
        while not stop.wait(every / 10):
            if time.monotonic() - _last_note[0] >= every:
                note(args, f"  {what}: still working, {time.monotonic() - start:.0f} s so far")

    thread = threading.Thread(target=beat, daemon=True)
    with contextlib.suppress(RuntimeError):     # no threads (Pyodide): no heartbeat
        if not getattr(args, "quiet", False):
            thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread.is_alive():
            thread.join()
