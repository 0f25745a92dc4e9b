"""Shared fixtures. Qt runs offscreen; MNIST comes from $DIGITPAD_DATA_DIR (CI points it at ../shared/data)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import torch  # noqa: E402

from digitpad.core.data import MNIST, DataError, Split, load_mnist, raw_dir  # noqa: E402
from digitpad.core.paths import DATA_DIR_ENV  # noqa: E402

torch.set_num_threads(min(2, os.cpu_count() or 1))


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
