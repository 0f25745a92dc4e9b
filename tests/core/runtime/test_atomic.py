"""Atomic file writes: the old file or the new one, whatever happens during the write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from digitpad.core.runtime.atomic import atomic_write


def test_the_new_bytes_replace_the_file_only_when_the_block_ends(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "data.bin"  # the folder is made
    with atomic_write(path) as fh:
        fh.write(b"first")
        assert not path.exists()
    assert path.read_bytes() == b"first"
    with pytest.raises(KeyboardInterrupt), atomic_write(path) as fh:
        fh.write(b"half")
        raise KeyboardInterrupt
    assert path.read_bytes() == b"first"
    assert [p.name for p in path.parent.iterdir()] == ["data.bin"], "no temporary file left behind"


def test_a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    with atomic_write(path) as fh:
        fh.write(b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o600)
    with atomic_write(path) as fh:
        fh.write(b"y")
    assert path.stat().st_mode & 0o777 == 0o600 and path.read_bytes() == b"y"


_KILLED_MID_WRITE = """
import sys
from digitpad.core.runtime.atomic import atomic_write
with atomic_write(sys.argv[1]) as fh:
    fh.write(b"half of the new")
    fh.flush()
    print("writing", flush=True)
    sys.stdin.read()  # killed here
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_process_killed_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"old")
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_WRITE, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"writing\n"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    assert path.read_bytes() == b"old"
    [left] = [p.name for p in tmp_path.iterdir() if p != path]
    assert left.startswith(f".data.bin.{proc.pid}.") and left.endswith(".tmp"), "hidden beside it, named by its writer"
    with atomic_write(path) as fh:  # the next write of the file clears what the dead writer left
        fh.write(b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["data.bin"] and path.read_bytes() == b"new"
