"""The inter-process lock of a my-digits folder, and the revision its holder notes after each save.

Several processes may share the folder: every change holds an advisory lock on ``.digits.lock`` in it, and after
saving writes a new revision into that file, so the other processes know to read the store again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".digits.lock"


def read_revision(folder: Path) -> str:
    """The revision the last save noted in the folder's lock file; "" if there is none or it cannot be read."""
    try:
        return (folder / LOCK_FILE).read_text()[:64]
    except (OSError, UnicodeDecodeError):
        return ""


@contextmanager
def store_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's advisory lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) for the block.

    Closing the file releases it, so a process that dies releases it too. Raises OSError where the folder cannot
    be created or written."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        pass
    else:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    try:
        import msvcrt
    except ImportError:  # neither: no lock, as before
        return
    os.lseek(fd, 2**30, os.SEEK_SET)  # a byte far past the revision: Windows locks keep others from the bytes
    while True:  # LK_LOCK gives up after 10 s; a save never takes that long, so try again
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            return
        except OSError:
            continue
