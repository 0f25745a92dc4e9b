"""Files written atomically: a crash, a kill or a full disk at any moment leaves the old file or the new one,
never a mix, and no temporary file behind unless the process itself dies mid-write."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Write ``path`` through a binary file that replaces it only once the block has run to its end.

    The bytes go to a temporary file in the same folder (created if need be), which is flushed to disk, given an
    ordinary file's permissions (those of the file it replaces, else what the umask allows) and renamed over
    ``path``; then the folder is synced so that the rename itself survives a power cut. Any exception in the block,
    KeyboardInterrupt included, removes the temporary file, leaves ``path`` as it was and propagates.
    A temporary file a killed process leaves is named ``.<name>.<random>.tmp``: readers of ``path`` never see it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))  # mkstemp makes it private; this is an ordinary user file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)


def _file_mode(path: Path) -> int:
    """The permissions of the file being replaced, or those a new file gets under the umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened this is a no-op."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
