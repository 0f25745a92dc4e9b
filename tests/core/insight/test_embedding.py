"""The embedding projector's core: the features each model's last dense layer reads, PCA and t-SNE maps, placing new
points, cancelling, and the cache on disk."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_limits

from digitpad.core.data.mnist import MNIST, Split
from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD, normalize
from digitpad.core.inference.strokes import drawing_input
from digitpad.core.insight import embedding
from digitpad.core.insight.embedding import (
    PCA,
    TSNE,
    embed_test_set,
    feature_source,
    features_of,
    pca_axes,
    place_by_neighbours,
    project_test_set,
)
from digitpad.core.models.checkpoint import load_checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.runtime.paths import pretrained_path


@pytest.fixture(autouse=True)
def one_thread_per_pool():
    """numpy's and scikit-learn's thread pools spin on a busy machine (tenfold slower here): one thread each."""
    with threadpool_limits(1):
        yield


def model(arch: str) -> torch.nn.Module:
    torch.manual_seed(0)
    return build_model(arch).eval()


def inputs(n: int = 6) -> torch.Tensor:
    g = torch.Generator().manual_seed(1)
    return normalize(torch.randint(0, 256, (n, 28, 28), generator=g, dtype=torch.uint8)).unsqueeze(1)


def random_split(n: int, seed: int = 0) -> Split:
    g = torch.Generator().manual_seed(seed)
    return Split(
        torch.randint(0, 256, (n, 28, 28), generator=g, dtype=torch.uint8), torch.randint(0, 10, (n,), generator=g)
    )


@torch.inference_mode()
def hidden_by_hand(arch: str, m: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The penultimate values computed without hooks, from the model's own parts."""
    if arch == "cnn":
        c = m.classifier
        return torch.relu(c.fc1(c.flatten(m.features(x))))
    if arch in ("lstm", "rnn"):
        return m.rnn(x.reshape(len(x), 28, 28))[0][:, -1]
    if arch == "mlp":
        return m.net[:-1](x)
    return x.flatten(1)


@pytest.mark.parametrize(
    ("arch", "width", "words"),
    [
        ("cnn", 256, "dense layer after its ReLU"),
        ("lstm", 128, "last hidden state"),
        ("rnn", 128, "last hidden state"),
        ("mlp", 256, "last hidden layer"),
        ("logreg", 784, "input pixels"),
    ],
)
def test_features_are_what_the_last_dense_layer_reads(arch: str, width: int, words: str) -> None:
    m, x = model(arch), inputs()
    feats, probs = features_of(m, x)
    assert feats.shape == (6, width) and feats.dtype == np.float32
    np.testing.assert_allclose(feats, hidden_by_hand(arch, m, x).numpy(), rtol=1e-5, atol=1e-5)
    with torch.inference_mode():
        np.testing.assert_allclose(probs, torch.softmax(m(x), 1).numpy(), rtol=1e-5, atol=1e-6)
    assert words in feature_source(m) and str(width) in feature_source(m)
    last = [layer for layer in m.modules() if isinstance(layer, torch.nn.Linear)][-1]
    assert not last._forward_pre_hooks  # the hook is gone afterwards


def test_pca_finds_the_axes_of_a_known_set() -> None:
    rng = np.random.default_rng(0)
    rotation, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    spread = np.array([5.0, 2.0, 0.5, 0.1, 0.1])
    offset = np.array([3.0, -1.0, 2.0, 0.0, 7.0])
    data = (rng.normal(size=(20_000, 5)) * spread) @ rotation.T + offset  # largest along rotation[:, 0], then [:, 1]
    center, axes, explained = pca_axes(data)
    np.testing.assert_allclose(center, offset, atol=0.1)
    for k in range(2):
        assert abs(float(axes[k] @ rotation[:, k])) == pytest.approx(1.0, abs=1e-3)
        assert axes[k][np.abs(axes[k]).argmax()] > 0  # signed the one way, every time
    variance = spread**2
    np.testing.assert_allclose(explained, variance[:2] / variance.sum(), atol=0.01)


def test_a_pca_map_projects_new_points_exactly_as_it_projected_the_test_digits() -> None:
    split = random_split(300)
    m = model("logreg")
    emb = embed_test_set(m, split, MNIST_MEAN, MNIST_STD, PCA)
    assert emb.points.shape == (300, 2) and np.array_equal(emb.indices, np.arange(300))
    assert np.array_equal(emb.labels, split.labels.numpy())
    with torch.inference_mode():
        read = m(normalize(split.images.unsqueeze(1))).argmax(1).numpy()
    assert np.array_equal(emb.predictions, read) and np.array_equal(emb.misclassified, read != emb.labels)
    feats, _ = features_of(m, normalize(split.images[[7, 42]].unsqueeze(1)))
    np.testing.assert_allclose(emb.place(feats), emb.points[[7, 42]], atol=1e-3)
    assert emb.entry(7) == {
        "index": 7,
        "label": int(split.labels[7]),
        "predicted": int(read[7]),
        "confidence": pytest.approx(float(emb.confidence[7])),
    }


def test_a_t_sne_map_is_of_a_seeded_sample_and_places_its_own_digits_on_themselves() -> None:
    split = random_split(400)
    m = model("mlp")
    emb = embed_test_set(m, split, MNIST_MEAN, MNIST_STD, TSNE, limit=150, seed=3)
    assert len(emb) == 150 and emb.features.shape == (150, 256) and emb.points.shape == (150, 2)
    assert np.all(np.diff(emb.indices) > 0) and emb.indices.max() < 400
    assert np.array_equal(emb.indices, embedding.subset(400, 150, seed=3))
    assert np.array_equal(emb.labels, split.labels[torch.from_numpy(emb.indices)].numpy())
    np.testing.assert_allclose(emb.place(emb.features[[0, 9]]), emb.points[[0, 9]], atol=1e-3)


def test_a_new_point_goes_to_the_distance_weighted_mean_of_its_nearest_neighbours() -> None:
    features = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 10.0]])
    points = np.array([[0.0, 0.0], [4.0, 2.0], [-50.0, 50.0]])
    placed = place_by_neighbours(features, points, np.array([[0.25, 0.0]]), k=2)
    weights = np.array([1 / 0.25, 1 / 0.75])  # the far third point is not one of the two nearest
    np.testing.assert_allclose(placed[0], weights @ points[:2] / weights.sum(), rtol=1e-4)


def test_the_projection_job_honours_cancel() -> None:
    split = random_split(2000)
    reports = []

    def on_progress(item: object) -> None:
        reports.append(item)
        state.cancel()

    state = JobState(on_progress=on_progress)
    with pytest.raises(Cancelled):
        project_test_set(model("cnn"), split, MNIST_MEAN, MNIST_STD, PCA, state)
    assert reports == [(embedding.FEATURES, embedding.CHUNK, 2000)]  # it stopped after the first chunk

    cancelled = JobState()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        project_test_set(model("cnn"), split, MNIST_MEAN, MNIST_STD, TSNE, cancelled)


def test_an_empty_test_set_or_an_unknown_method_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        embed_test_set(model("logreg"), random_split(0), MNIST_MEAN, MNIST_STD)
    with pytest.raises(ValueError, match="unknown map method"):
        embed_test_set(model("logreg"), random_split(5), MNIST_MEAN, MNIST_STD, "umap")


def test_maps_of_a_model_file_are_kept_on_disk_and_a_bad_cache_file_is_made_again(tmp_path: Path, monkeypatch) -> None:
    checkpoint = tmp_path / "model.pt"
    checkpoint.write_bytes(b"stands for the model's file")
    folder = tmp_path / "cache"
    split, m = random_split(200), model("logreg")
    first = project_test_set(m, split, MNIST_MEAN, MNIST_STD, PCA, checkpoint=checkpoint, cache_folder=folder)
    [kept] = folder.glob("*.npz")

    def computed(*args, **kwargs):
        raise AssertionError("computed again")

    with monkeypatch.context() as patch:
        patch.setattr(embedding, "embed_test_set", computed)
        again = project_test_set(m, split, MNIST_MEAN, MNIST_STD, PCA, checkpoint=checkpoint, cache_folder=folder)
    np.testing.assert_array_equal(again.points, first.points)
    np.testing.assert_array_equal(again.axes, first.axes)

    kept.write_bytes(b"not a zip file")  # corrupt: removed, computed again, written again
    remade = project_test_set(m, split, MNIST_MEAN, MNIST_STD, PCA, checkpoint=checkpoint, cache_folder=folder)
    np.testing.assert_array_equal(remade.points, first.points)
    assert np.load(kept)["points"].shape == (200, 2)

    stat = checkpoint.stat()
    os.utime(checkpoint, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the file changed: a new map
    project_test_set(m, split, MNIST_MEAN, MNIST_STD, PCA, checkpoint=checkpoint, cache_folder=folder)
    assert len(list(folder.glob("*.npz"))) == 2
    other = Split(split.images, (split.labels + 1) % 10)
    key = embedding.cache_key(checkpoint, PCA, split, None, 0)
    assert key is not None and embedding.load_cached(folder, key, other) is None  # labels that do not match


@pytest.fixture(scope="module")
def shipped_cnn():
    path = pretrained_path("cnn")
    if not path.is_file():
        pytest.skip("the shipped CNN is not in resources/pretrained")
    return load_checkpoint(path)


def one() -> list[list[tuple[float, float]]]:
    return [[(0.5, 0.18 + 0.64 * i / 12) for i in range(13)]]


def zero() -> list[list[tuple[float, float]]]:
    return [
        [(0.5 + 0.2 * math.sin(2 * math.pi * i / 28), 0.5 - 0.3 * math.cos(2 * math.pi * i / 28)) for i in range(29)]
    ]


def nearest_cluster(emb: embedding.Embedding, position: np.ndarray) -> int:
    """The digit whose test digits (by what the model reads) have their centre nearest ``position``."""
    centres = np.array([emb.points[emb.predictions == d].mean(0) for d in range(10)])
    return int(np.linalg.norm(centres - position, axis=1).argmin())


def test_drawings_land_in_the_cluster_of_the_digit_the_model_reads(shipped_cnn, mnist: MNIST) -> None:
    split = Split(mnist.test.images[:300], mnist.test.labels[:300])
    emb = embed_test_set(shipped_cnn.model, split, shipped_cnn.mean, shipped_cnn.std, TSNE)
    places = []
    for strokes, digit in ((one(), 1), (zero(), 0)):
        feats, probs = features_of(shipped_cnn.model, shipped_cnn.normalize(drawing_input(strokes)))
        assert int(probs.argmax()) == digit
        [place] = emb.place(feats)
        assert nearest_cluster(emb, place) == digit
        places.append(place)
    assert np.linalg.norm(places[0] - places[1]) > 1.0
