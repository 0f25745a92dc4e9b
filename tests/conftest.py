"""Shared fixtures. Qt runs offscreen; MNIST comes from $DIGITPAD_DATA_DIR (CI points it at ../shared/data)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import torch  # noqa: E402

from digitpad.core.data.mnist import MNIST, DataError, Split, load_mnist, raw_dir  # noqa: E402
from digitpad.core.runtime.paths import DATA_DIR_ENV  # noqa: E402

torch.set_num_threads(min(2, os.cpu_count() or 1))


@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path_factory, monkeypatch):
    """The user's data folder (saved models, my digits) and cache folder (projector maps) are per-test ones, never
    the real ones: a test runs as a fresh user."""
    folder = tmp_path_factory.mktemp("xdg_data")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg_cache")))
    return folder


@pytest.fixture(scope="session")
def mnist_root() -> Path:
    """The real MNIST root; tests that need it skip where $DIGITPAD_DATA_DIR is unset (CI always sets it)."""
    env = os.environ.get(DATA_DIR_ENV)
    if not env or not raw_dir(Path(env)).is_dir():
        pytest.skip(f"real MNIST not available: set {DATA_DIR_ENV} to a folder holding MNIST/raw")
    return Path(env)


@pytest.fixture(scope="session")
def mnist(mnist_root: Path) -> MNIST:
    try:
        return load_mnist(mnist_root)
    except DataError as exc:  # pragma: no cover - a broken data folder is a setup error, say so
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def small_mnist(mnist: MNIST) -> MNIST:
    """A few thousand real images: enough for a tiny model to learn something in seconds."""
    return MNIST(
        train=Split(mnist.train.images[:4000], mnist.train.labels[:4000]),
        val=Split(mnist.val.images[:500], mnist.val.labels[:500]),
        test=Split(mnist.test.images[:1000], mnist.test.labels[:1000]),
        root=mnist.root,
    )


@pytest.fixture(scope="session")
def synthetic_mnist() -> MNIST:
    """Random data in MNIST's shapes, for tests that need no real digits (runs without the data folder)."""
    g = torch.Generator().manual_seed(0)

    def split(n: int) -> Split:
        return Split(
            torch.randint(0, 256, (n, 28, 28), generator=g, dtype=torch.uint8), torch.randint(0, 10, (n,), generator=g)
        )

    return MNIST(train=split(512), val=split(128), test=split(128), root=Path("synthetic"))


def write_unipen(path: Path, digits) -> Path:  # noqa: ANN001
    """Write pen digits (`PenDigit`s, y down) as a UNIPEN-style file like the pen-digits data set's."""
    lines = [".INCLUDE dene.doc", "", '.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"', ".HIERARCHY DIGIT", ""]
    for i, d in enumerate(digits):
        lines += [f'.SEGMENT DIGIT {i} ? "{d.label}"', f".COMMENT {d.label} {d.writer} {i}"]
        for stroke in d.strokes:
            lines.append(".PEN_DOWN")
            lines += [f" {round(x):3d} {round(500 - y):3d}" for x, y in stroke]
            lines += [".PEN_UP", ".DT 100"]
        lines.append("")
    path.write_text("\n".join(lines), encoding="ascii")
    return path


@pytest.fixture(scope="session")
def tiny_pendigits(tmp_path_factory) -> Path:
    """A small pen-digits file: 12 writers x 10 digits (one of each) from the copy that ships with digitpad."""
    from digitpad.core.data.pendigits import find_pendigits, read_pendigits

    picked, seen = [], set()
    for d in read_pendigits(find_pendigits(None)):
        if d.writer <= 12 and (d.writer, d.label) not in seen:
            seen.add((d.writer, d.label))
            picked.append(d)
    return write_unipen(tmp_path_factory.mktemp("pendigits") / "tiny.tra", picked)
