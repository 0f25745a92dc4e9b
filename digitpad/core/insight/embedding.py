"""The embedding projector's numbers: what a classifier's last hidden layer makes of each test digit, as a 2-D map.

Features are what the model's last dense layer reads (a forward pre-hook on it): the CNN's dense layer after its
ReLU, the LSTM's and RNN's last hidden state, the MLP's last hidden layer. Logistic regression has no hidden layer,
so its features are its input pixels. They are projected to 2-D by PCA (exact: a new point is projected by the same
axes) or by t-SNE from scikit-learn on a seeded subset; t-SNE cannot place new points, so a drawing goes to the
distance-weighted mean of the map positions of its `NEIGHBOURS` nearest test digits in feature space.

`project_test_set` is a job (``job(state) -> result``, see `digitpad.core.runtime.jobs`). A map of a model read
from a file is kept in the user's cache folder, keyed by the file's path, size and modification time, the method
and the test set's contents; a cache file that cannot be read is removed and the map computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import platformdirs
import torch
from torch import nn

from digitpad.core.data.mnist import Split
from digitpad.core.inference.normalization import normalize
from digitpad.core.models.zoo import CNN, RowReader
from digitpad.core.runtime.atomic import atomic_write
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.messages import Message, translate

PCA = "pca"
TSNE = "tsne"
METHODS = (PCA, TSNE)
TSNE_POINTS = 2000  # t-SNE's cost grows faster than its points: a seeded subset of the test set
NEIGHBOURS = 10  # the test digits whose map positions place a new point on a t-SNE map
CHUNK = 500
CACHE_FORMAT = 1
CACHE_FILES_KEPT = 40
# Progress items: (FEATURES, digits done, total) while the features are read, then (TSNE, digits, digits).
FEATURES = "features"


@dataclass(frozen=True)
class Embedding:
    """A 2-D map of test digits. Per digit (N of them): ``points`` float32 ``[N, 2]``, ``indices`` int64 ``[N]``
    into the test split, ``labels`` and ``predictions`` int64 ``[N]``, ``confidence`` float32 ``[N]`` (the
    prediction's probability). PCA keeps its ``center`` ``[D]``, ``axes`` ``[2, D]`` and the share of the variance
    along each, ``explained`` ``[2]``; t-SNE keeps the ``features`` ``[N, D]`` that place new points (the arrays a
    method does not use are empty)."""

    method: str
    points: np.ndarray
    indices: np.ndarray
    labels: np.ndarray
    predictions: np.ndarray
    confidence: np.ndarray
    features: np.ndarray
    center: np.ndarray
    axes: np.ndarray
    explained: np.ndarray

    def __len__(self) -> int:
        return len(self.indices)

    @property
    def misclassified(self) -> np.ndarray:
        """bool ``[N]``: the digits the model gets wrong."""
        return self.labels != self.predictions

    def place(self, features: np.ndarray) -> np.ndarray:
        """Map positions float32 ``[M, 2]`` of new points with features ``[M, D]`` (the model's, as `features_of`)."""
        features = np.asarray(features, dtype=np.float32).reshape(len(features), -1)
        if self.method == PCA:
            return ((features - self.center) @ self.axes.T).astype(np.float32)
        return place_by_neighbours(self.features, self.points, features)

    def entry(self, i: int) -> dict[str, float | int]:
        """Point ``i`` as a test-set entry (index into the split, label, predicted, confidence), as the test-set
        view's mistakes are given."""
        return {
            "index": int(self.indices[i]),
            "label": int(self.labels[i]),
            "predicted": int(self.predictions[i]),
            "confidence": float(self.confidence[i]),
        }


def _last_dense(model: nn.Module) -> nn.Linear:
    dense = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not dense:
        raise TypeError(Message(translate("Core", "this model has no dense layer to read features from")))
    return dense[-1]


def feature_source(model: nn.Module) -> Message:
    """Which values the map is made of, in words: "the last hidden state: 128 values …"."""
    width = _last_dense(model).in_features
    if isinstance(model, RowReader):
        return Message(
            translate("Core", "the last hidden state: {width} values, after the network has read every row"),
            width=width,
        )
    if isinstance(model, CNN):
        return Message(translate("Core", "the dense layer after its ReLU: {width} values"), width=width)
    if sum(isinstance(m, nn.Linear) for m in model.modules()) > 1:
        return Message(translate("Core", "the last hidden layer: {width} values"), width=width)
    return Message(
        translate("Core", "the {width} input pixels: this model has no hidden layer, so the map shows what it reads"),
        width=width,
    )


@contextmanager
def _reading_features(model: nn.Module) -> Iterator[list[torch.Tensor]]:
    """What the last dense layer reads on each forward pass while the block runs; the hook is removed on exit."""
    kept: list[torch.Tensor] = []

    def keep(_m: nn.Module, inputs: tuple[torch.Tensor, ...]) -> None:
        kept.append(inputs[0].detach().float().cpu().clone())

    handle = _last_dense(model).register_forward_pre_hook(keep)
    try:
        yield kept
    finally:
        handle.remove()


@torch.inference_mode()
def features_of(model: nn.Module, x: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Features float32 ``[B, D]`` and probabilities float32 ``[B, 10]`` of normalised inputs ``[B, 1, 28, 28]`` (or
    one ``[1, 28, 28]``). The model is left in eval mode."""
    model.eval()
    device = next(model.parameters()).device
    with _reading_features(model) as kept:
        logits = model(x.reshape(-1, 1, 28, 28).float().to(device))
    return torch.cat(kept).reshape(len(logits), -1).numpy(), torch.softmax(logits.float(), 1).cpu().numpy()


def split_features(
    model: nn.Module, images: torch.Tensor, mean: float, std: float, state: JobState | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """`features_of` uint8 ``images`` ``[N, 28, 28]`` normalised with ``mean`` / ``std``, in chunks of `CHUNK`:
    features ``[N, D]`` and probabilities ``[N, 10]``. Sends ``(FEATURES, done, N)`` after each chunk; raises
    `Cancelled` once ``state`` is cancelled."""
    state = state or JobState()
    feats, probs = [], []
    for start in range(0, len(images), CHUNK):
        state.raise_if_cancelled()
        f, p = features_of(model, normalize(images[start : start + CHUNK].unsqueeze(1), mean, std))
        feats.append(f)
        probs.append(p)
        state.progress((FEATURES, min(start + CHUNK, len(images)), len(images)))
    return np.concatenate(feats), np.concatenate(probs)


def pca_axes(features: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mean ``[D]``, the two directions of largest variance ``[2, D]`` (unit length, each signed so that its
    largest entry is positive) and the share of the total variance along each ``[2]``, of ``features`` ``[N, D]``."""
    x = np.asarray(features, dtype=np.float64)
    center = x.mean(0)
    centred = x - center
    values, vectors = np.linalg.eigh(centred.T @ centred / max(len(x) - 1, 1))
    order = np.argsort(values)[::-1][:2]
    axes = vectors[:, order].T
    axes *= np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(1)])[:, None]
    total = values.clip(min=0).sum()
    explained = values[order].clip(min=0) / total if total > 0 else np.zeros(len(order))
    return center.astype(np.float32), axes.astype(np.float32), explained.astype(np.float32)


def tsne_map(features: np.ndarray, seed: int = 0) -> np.ndarray:
    """scikit-learn's t-SNE of ``features`` ``[N, D]`` (N >= 4), seeded: float32 ``[N, 2]``."""
    from sklearn.manifold import TSNE as TSNEMap  # noqa: N811 - imported here: loading scikit-learn takes a second

    perplexity = min(30.0, (len(features) - 1) / 3)
    mapper = TSNEMap(n_components=2, perplexity=perplexity, init="pca", learning_rate="auto", random_state=seed)
    return mapper.fit_transform(np.asarray(features, dtype=np.float32)).astype(np.float32)


def place_by_neighbours(features: np.ndarray, points: np.ndarray, new: np.ndarray, k: int = NEIGHBOURS) -> np.ndarray:
    """Each new point (features ``new`` ``[M, D]``) at the mean map position (``points`` ``[N, 2]``) of its ``k``
    nearest ``features`` ``[N, D]``, weighted by 1 / distance: a point equal to one of them lands on it."""
    new = np.asarray(new, dtype=np.float64)
    known = np.asarray(features, dtype=np.float64)
    squared = (new**2).sum(1)[:, None] + (known**2).sum(1)[None, :] - 2 * new @ known.T
    distance = np.sqrt(squared.clip(min=0))
    k = min(k, len(known))
    nearest = np.argpartition(distance, k - 1, axis=1)[:, :k]
    weights = 1.0 / (np.take_along_axis(distance, nearest, 1) + 1e-6)
    placed = (weights[:, :, None] * points[nearest]).sum(1) / weights.sum(1, keepdims=True)
    return placed.astype(np.float32)


def subset(count: int, limit: int | None, seed: int = 0) -> np.ndarray:
    """Indices int64 of the digits a map shows: all ``count`` of them, or a seeded sorted sample of ``limit``."""
    if limit is None or limit >= count:
        return np.arange(count, dtype=np.int64)
    return np.sort(np.random.default_rng(seed).choice(count, size=limit, replace=False)).astype(np.int64)


def embed_test_set(
    model: nn.Module,
    split: Split,
    mean: float,
    std: float,
    method: str = PCA,
    state: JobState | None = None,
    limit: int | None = None,
    seed: int = 0,
) -> Embedding:
    """The map of ``split`` (uint8 images ``[N, 28, 28]``, int64 labels ``[N]``) by ``method`` (`PCA` or `TSNE`).

    ``limit`` digits at most, a seeded sample (`subset`); by default PCA maps every digit and t-SNE `TSNE_POINTS`.
    Reports and honours cancellation as `split_features` does; then sends ``(TSNE, n, n)`` before t-SNE, which
    runs to its end once started."""
    if method not in METHODS:
        raise ValueError(Message(translate("Core", "unknown map method {method!r}"), method=method))
    if len(split) == 0:
        raise ValueError(Message(translate("Core", "the test set is empty: there is nothing to map")))
    state = state or JobState()
    indices = subset(len(split), TSNE_POINTS if limit is None and method == TSNE else limit, seed)
    feats, probs = split_features(model, split.images[torch.from_numpy(indices)], mean, std, state)
    state.raise_if_cancelled()
    empty = np.zeros((0, feats.shape[1]), dtype=np.float32)
    if method == PCA:
        center, axes, explained = pca_axes(feats)
        points = ((feats - center) @ axes.T).astype(np.float32)
        kept = empty
    else:
        state.progress((TSNE, len(feats), len(feats)))
        points, kept = tsne_map(feats, seed), feats
        center, axes, explained = np.zeros(0, np.float32), empty, np.zeros(0, np.float32)
    return Embedding(
        method=method,
        points=points,
        indices=indices,
        labels=split.labels[torch.from_numpy(indices)].numpy().astype(np.int64),
        predictions=probs.argmax(1).astype(np.int64),
        confidence=probs.max(1).astype(np.float32),
        features=kept,
        center=center,
        axes=axes,
        explained=explained,
    )


def project_test_set(
    model: nn.Module,
    split: Split,
    mean: float,
    std: float,
    method: str = PCA,
    state: JobState | None = None,
    *,
    checkpoint: Path | None = None,
    cache_folder: Path | None = None,
    limit: int | None = None,
    seed: int = 0,
) -> Embedding:
    """`embed_test_set`, kept in ``cache_folder`` for a model read from the file ``checkpoint``: a map kept there
    for the same file, method, split, ``limit`` and ``seed`` is returned at once, a new one is written there."""
    state = state or JobState()
    state.raise_if_cancelled()
    if checkpoint is None or cache_folder is None:
        return embed_test_set(model, split, mean, std, method, state, limit, seed)
    key = cache_key(checkpoint, method, split, limit, seed)
    kept = None if key is None else load_cached(cache_folder, key, split)
    if kept is not None:
        return kept
    embedding = embed_test_set(model, split, mean, std, method, state, limit, seed)
    if key is not None:
        save_cached(cache_folder, key, embedding)
    return embedding


# --- the cache on disk ---------------------------------------------------------------------------------------------
_ARRAYS = ("points", "indices", "labels", "predictions", "confidence", "features", "center", "axes", "explained")


def default_cache_folder() -> Path:
    """Where maps are kept between sessions: ``<the user's cache folder>/projections``."""
    return Path(platformdirs.user_cache_dir("digitpad", appauthor=False)) / "projections"


def cache_key(checkpoint: Path, method: str, split: Split, limit: int | None, seed: int) -> str | None:
    """What a kept map must match: the checkpoint file (path, size, modification time), the method, the split's
    contents, ``limit`` and ``seed``; None when the file cannot be read."""
    try:
        stat = checkpoint.stat()
        where = checkpoint.resolve()
    except OSError:
        return None
    digest = hashlib.sha256(split.images.contiguous().numpy().tobytes())
    digest.update(split.labels.contiguous().numpy().tobytes())
    parts = (CACHE_FORMAT, where, stat.st_size, stat.st_mtime_ns, method, digest.hexdigest(), limit, seed)
    return "|".join(str(p) for p in parts)


def _cache_file(folder: Path, key: str) -> Path:
    return folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.npz"


def load_cached(folder: Path, key: str, split: Split) -> Embedding | None:
    """The map kept under ``key``, or None; a file that cannot be read or does not fit ``split`` is removed."""
    path = _cache_file(folder, key)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key:
                raise ValueError("a different map")
            embedding = Embedding(method=str(data["method"]), **{name: data[name] for name in _ARRAYS})
        _check(embedding, split)
        return embedding
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        with contextlib.suppress(OSError):  # left as it is, it is checked again, and not trusted, next time
            path.unlink(missing_ok=True)
        return None


def _check(e: Embedding, split: Split) -> None:
    """ValueError unless ``e`` is a whole map of digits of ``split``."""
    n = len(e.indices)
    width = e.center.shape[0] if e.method == PCA else e.features.shape[-1]
    shapes = [e.points.shape == (n, 2), e.labels.shape == e.predictions.shape == e.confidence.shape == (n,)]
    if e.method == PCA:
        shapes += [e.axes.shape == (2, width), e.explained.shape == (2,)]
    else:
        shapes += [e.method == TSNE, e.features.shape == (n, width)]
    if not (n > 0 and all(shapes) and e.indices.dtype.kind == "i" and np.isfinite(e.points).all()):
        raise ValueError("not a whole map")
    if e.indices.min() < 0 or e.indices.max() >= len(split) or e.predictions.min() < 0 or e.predictions.max() > 9:
        raise ValueError("out of range")
    if not np.array_equal(e.labels, split.labels[torch.from_numpy(e.indices.astype(np.int64))].numpy()):
        raise ValueError("another test set")


def save_cached(folder: Path, key: str, embedding: Embedding) -> None:
    """Keep ``embedding`` under ``key`` (atomically); the oldest maps beyond `CACHE_FILES_KEPT` are removed. A folder
    that cannot be written is no error: the map is computed again next time."""
    arrays = {name: getattr(embedding, name) for name in _ARRAYS}
    try:
        with atomic_write(_cache_file(folder, key)) as fh:
            np.savez(fh, key=np.array(key), method=np.array(embedding.method), **arrays)
        kept = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[CACHE_FILES_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
