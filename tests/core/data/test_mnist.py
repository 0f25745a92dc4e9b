import gzip
import os
import shutil
import stat
from pathlib import Path

import pytest
import torch

from digitpad.core.data.mnist import MNIST_FILES, DataError, load_mnist, load_raw, raw_dir, read_idx
from digitpad.core.inference.normalization import normalize


def _copy_mnist(src_root: Path, dst_root: Path) -> Path:
    shutil.copytree(raw_dir(src_root), raw_dir(dst_root))
    return dst_root


def test_real_mnist_shapes_and_label_counts(mnist_root):
    raw = load_raw(mnist_root)
    assert raw["train-images-idx3-ubyte"].shape == (60000, 28, 28)
    assert raw["train-images-idx3-ubyte"].dtype == torch.uint8
    test_counts = torch.bincount(raw["t10k-labels-idx1-ubyte"].long(), minlength=10).tolist()
    assert test_counts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_validation_split_is_seeded_and_disjoint_from_train(mnist):
    again = load_mnist(mnist.root, seed=0)
    other = load_mnist(mnist.root, seed=1)
    assert len(mnist.train) == 55000 and len(mnist.val) == 5000 and len(mnist.test) == 10000
    assert torch.equal(mnist.val.images, again.val.images)
    assert not torch.equal(mnist.val.images, other.val.images)
    # no validation image is also a training image (compare by content hash of a few pixels rows)
    train_keys = {bytes(img.flatten().tolist()) for img in mnist.train.images[:20000]}
    overlap = sum(bytes(img.flatten().tolist()) in train_keys for img in mnist.val.images[:500])
    assert overlap <= 2  # MNIST has a handful of exact duplicates


def test_missing_files_message_names_folder_and_files(tmp_path):
    with pytest.raises(DataError) as err:
        load_mnist(tmp_path)
    text = str(err.value)
    assert str(raw_dir(tmp_path)) in text
    for name in MNIST_FILES:
        assert name in text


def test_uncompressed_files_are_read_too(mnist_root, tmp_path):
    folder = raw_dir(tmp_path)
    folder.mkdir(parents=True)
    for name in MNIST_FILES:
        with gzip.open(raw_dir(mnist_root) / f"{name}.gz", "rb") as src, open(folder / name, "wb") as dst:
            shutil.copyfileobj(src, dst)
    raw = load_raw(tmp_path)
    assert raw["t10k-images-idx3-ubyte"].shape == (10000, 28, 28)


def test_truncated_file_is_named_in_the_error(mnist_root, tmp_path):
    root = _copy_mnist(mnist_root, tmp_path)
    target = raw_dir(root) / "t10k-labels-idx1-ubyte.gz"
    with gzip.open(target, "rb") as fh:
        body = fh.read()
    with gzip.open(target, "wb") as fh:
        fh.write(body[:-100])
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte"):
        load_raw(root)


def test_corrupt_gzip_is_named_in_the_error(mnist_root, tmp_path):
    root = _copy_mnist(mnist_root, tmp_path)
    target = raw_dir(root) / "train-labels-idx1-ubyte.gz"
    target.write_bytes(target.read_bytes()[:500])
    with pytest.raises(DataError, match="train-labels-idx1-ubyte"):
        load_raw(root)


def test_foreign_file_is_refused(tmp_path):
    bad = tmp_path / "x-ubyte"
    bad.write_bytes(b"not an idx file at all")
    with pytest.raises(DataError, match="not an MNIST IDX file"):
        read_idx(bad)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_download_never_writes_into_a_read_only_root(tmp_path):
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(DataError, match="read-only|Cannot create"):
            load_mnist(tmp_path, download=True)
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_download_offline_fails_with_a_clear_message(tmp_path, monkeypatch):
    import urllib.request

    def offline(*_a, **_k):
        raise OSError("network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(DataError, match="Could not download"):
        load_mnist(tmp_path, download=True)
    assert not list(raw_dir(tmp_path).glob("*.part")), "a failed download must leave no partial files"


def test_normalize_matches_training_statistics(mnist):
    x = normalize(mnist.train.images[:10000])
    assert abs(float(x.mean())) < 0.02 and abs(float(x.std()) - 1) < 0.02
