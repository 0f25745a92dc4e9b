"""The my-digits store when the file lies or two processes share it: each test builds the hostile file itself.

Two processes adding at once lose nothing. A file with bytes flipped (a zlib error inside a member), a header that
claims ten billion digits (75 GB), a 3 GB member of zeros beside the real ones (a zip bomb) or a truncated file:
the store opens with whatever is still readable, the file itself is renamed aside byte for byte, a message says
so, `digitpad train --my-digits` prints one line and exits non-zero without touching it, and every refusal takes
well under two seconds and a few megabytes (the bomb is never inflated).
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

from digitpad.cli import main
from digitpad.core.my_digits import file_format
from digitpad.core.my_digits.file_format import MyDigit
from digitpad.core.my_digits.store import MyDigitsError, MyDigitsStore

N = 6
STROKE = np.array([[0.5, 0.2, 0.5], [0.5, 0.5, 0.5], [0.5, 0.8, 0.5]], np.float32)


def digits(n: int = N) -> list[MyDigit]:
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 12:16] = 255
    return [MyDigit(f"{i:032x}", i % 10, image, (STROKE + i / 100,), 20.0, 1.7e9 + i) for i in range(n)]


def members(n: int = N) -> dict[str, bytes]:
    """The ``.npy`` bytes of each member of a good file of n digits."""
    out = {}
    for name, array in file_format.encode(digits(n)).items():
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, array, allow_pickle=False)
        out[f"{name}.npy"] = buffer.getvalue()
    return out


def raw_zip(path: Path, entries: list[tuple[str, bytes, int, int, int]]) -> None:
    """A zip written by hand: (name, data as stored, method, crc, uncompressed size) each; lets a member lie."""
    body, directory = b"", b""
    for name, data, method, crc, size in entries:
        encoded = name.encode()
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0,
            0, 0, len(body),
        ) + encoded  # fmt: skip
        body += local + encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)


def stored(parts: dict[str, bytes]) -> list[tuple[str, bytes, int, int, int]]:
    return [(name, data, zipfile.ZIP_STORED, zlib.crc32(data), len(data)) for name, data in parts.items()]


def zeros_deflated(size: int) -> bytes:
    """A raw deflate stream that inflates to ``size`` zero bytes (a few MB for gigabytes), built in milliseconds."""
    chunk = 1 << 24
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(bytes(chunk)) + squeeze.flush(zlib.Z_FULL_FLUSH)  # independent of what came before
    assert size % chunk == 0
    return block * (size // chunk) + squeeze.flush()


def xor_corrupted(folder: Path) -> int:
    """An older, compressed store whose points member has bytes flipped: inflating it raises zlib.error."""
    path = folder / "digits.npz"
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **file_format.encode(digits()))  # type: ignore[arg-type]
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("points.npy")
    data = bytearray(path.read_bytes())
    name_size, extra_size = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_size + extra_size  # the deflate stream's first bytes
    for i in range(start, start + 16):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive, pytest.raises(zlib.error):
        archive.read("points.npy")
    return N  # the drawings survive, without their strokes


def huge_header(folder: Path) -> int:
    """labels.npy claims 10**10 digits (np.load would allocate 74.5 GiB) over 48 bytes of data."""
    parts = members()
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<i8", "fortran_order": False, "shape": (10**10,)})
    parts["labels.npy"] = header.getvalue() + bytes(48)
    raw_zip(folder / "digits.npz", stored(parts))
    return 0


def bomb_beside(folder: Path) -> int:
    """The real members, and beside them a member that inflates to 3 GB of zeros."""
    size = 3 * 2**30
    entries = stored(members())
    entries.append(("padding.npy", zeros_deflated(size), zipfile.ZIP_DEFLATED, 0, size))  # CRC never reached
    raw_zip(folder / "digits.npz", entries)
    return N


def bomb_as_points(folder: Path) -> int:
    """The points member itself inflates to 3 GB: the drawings survive without strokes."""
    size = 3 * 2**30
    parts = members()
    del parts["points.npy"]
    raw_zip(folder / "digits.npz", [*stored(parts), ("points.npy", zeros_deflated(size), 8, 0, size)])
    return N


def truncated(folder: Path) -> int:
    file_format.write(folder / "digits.npz", digits())
    data = (folder / "digits.npz").read_bytes()
    (folder / "digits.npz").write_bytes(data[: len(data) // 2])
    return 0


HOSTILE = {
    "xor": xor_corrupted,
    "huge header": huge_header,
    "bomb beside": bomb_beside,
    "bomb as points": bomb_as_points,
    "truncated": truncated,
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_damaged_store_opens_with_what_is_readable_and_the_file_is_kept_aside(make, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    readable = make(folder)
    original = (folder / "digits.npz").read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(MyDigitsError):
        MyDigitsStore(folder)
    store, message = MyDigitsStore.open_or_set_aside(folder)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < 2 and peak < 50e6, (seconds, peak)
    assert len(store) == readable and message is not None and "renamed to digits.npz.unreadable-" in message
    [aside] = folder.glob("digits.npz.unreadable-*")
    assert aside.read_bytes() == original and aside.name in message
    assert len(MyDigitsStore(folder)) == readable, "what was readable is saved in a clean file"
    if readable:
        assert f"{readable} drawings still readable were kept" in message
        assert [d.id for d in store] == [d.id for d in digits()]
        assert (store.digits()[0].image == digits()[0].image).all()


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_importing_a_damaged_file_is_refused_quickly_and_changes_nothing(make, tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    make(tmp_path / "bad")
    store = MyDigitsStore(tmp_path / "mine")
    store.insert(digits(2))
    before = store.path.read_bytes()
    started = time.perf_counter()
    with pytest.raises(MyDigitsError, match="digits.npz"):
        store.import_file(tmp_path / "bad" / "digits.npz")
    assert time.perf_counter() - started < 2
    assert store.path.read_bytes() == before and len(store) == 2


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_train_on_a_damaged_store_prints_one_line_and_leaves_the_file(make, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    make(folder)
    original = (folder / "digits.npz").read_bytes()
    assert main(["train", "--my-digits", str(folder), "--out", str(tmp_path / "x.pt")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("digitpad: error: ") and "Traceback" not in err
    assert "My digits panel" in err and str(folder / "digits.npz") in err
    assert (folder / "digits.npz").read_bytes() == original and not list(folder.glob("*.unreadable-*"))


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import numpy as np
    from digitpad.core.my_digits.store import MyDigitsStore
    folder, go, label = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = MyDigitsStore(folder)
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 12:16] = 255
    while not go.exists():
        time.sleep(0.005)
    for _ in range(50):
        store.add(label, image)
    print(len(store))
    """
)


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    folder, go = tmp_path / "mine", tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(go), str(label)], stdout=subprocess.PIPE)
        for label in (3, 8)
    ]
    time.sleep(0.2)
    go.touch()  # both start adding together, after their (slow) imports
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0]
    store = MyDigitsStore(folder)
    assert store.counts()[3] == 50 and store.counts()[8] == 50 and len(store) == 100
    assert len({d.id for d in store}) == 100
    assert max(int(o) for o in outputs) == 100, "the last writer saw the other's drawings"


def test_a_store_damaged_while_open_is_set_aside_on_the_next_change_and_nothing_is_lost(tmp_path: Path) -> None:
    store = MyDigitsStore(tmp_path / "mine")
    store.insert(digits(3))
    other = MyDigitsStore(tmp_path / "mine")
    other.insert(digits(5)[3:])
    store.path.write_bytes(b"PK\x03\x04" + bytes(100))  # something else wrecks the file
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 12:16] = 255
    store.add(1, image)
    assert store.notice is not None and "renamed to digits.npz.unreadable-" in store.notice
    assert len(store) == 4 and len(MyDigitsStore(store.folder)) == 4, "ours kept, and the new drawing saved"
    assert [p.read_bytes() for p in store.folder.glob("digits.npz.unreadable-*")] == [b"PK\x03\x04" + bytes(100)]
