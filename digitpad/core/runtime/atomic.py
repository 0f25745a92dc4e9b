"""Files written atomically: a crash, a kill or a full disk at any moment leaves the old file or the new one,
never a mix. A process killed mid-write leaves its temporary file behind; the next write of the same file removes it."""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

STALE_AFTER_S = 3600.0  # a temporary file this old is a dead write's, whoever wrote it


@contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Write ``path`` through a binary file that replaces it only once the block has run to its end.

    The bytes go to a temporary file in the same folder (created if need be), which is flushed to disk, given an
    ordinary file's permissions (those of the file it replaces, else what the umask allows) and renamed over
    ``path``; then the folder is synced so that the rename itself survives a power cut. Any exception in the block,
    KeyboardInterrupt included, removes the temporary file, leaves ``path`` as it was and propagates.
    The temporary file is named ``.<name>.<pid>.<random>.tmp``, so readers of ``path`` never see it, and the next
    write of ``path`` removes those a dead process left (`remove_stale_temporaries`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
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


def remove_stale_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that killed writes of ``path`` left beside it; returns those removed.

    A temporary file is stale when the process named in it no longer runs, or when it is older than
    `STALE_AFTER_S` (the process id may have been reused; older versions named no process). A live writer's
    temporary file is left alone; files that are not ``path``'s temporaries are never touched.
    """
    path = Path(path)
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?:(\d+)\.)?[A-Za-z0-9_]+\.tmp")
    removed = []
    try:
        candidates = [p for p in path.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return []
    for tmp in candidates:
        match = pattern.fullmatch(tmp.name)
        assert match is not None
        pid = int(match.group(1)) if match.group(1) else None
        try:
            old = time.time() - tmp.stat().st_mtime > STALE_AFTER_S
            if old or (pid is not None and pid != os.getpid() and not _running(pid)):
                tmp.unlink()
                removed.append(tmp)
        except OSError:  # gone already (another writer cleaned it up), or not ours to remove
            continue
    return removed


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists. Where that cannot be asked without harm (Windows, where ``os.kill``
    terminates), every process counts as running and only the age rule applies."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, as another user's
        return True
    return True


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
