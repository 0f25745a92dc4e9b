"""The model zoo. Every model takes normalised images ``[B, 1, 28, 28]`` (float32) and returns logits ``[B, 10]``."""

from __future__ import annotations

import reprlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from digitpad.core.models.names import CNN_STEMS, MODEL_TITLES
from digitpad.core.runtime.messages import Message, translate

NUM_CLASSES = 10


class CNN(nn.Module):
    """conv -> pool -> conv -> pool -> fully connected, with batch norm; layers named for feature-map reading.

    ``pool_first`` pools each conv's output before its batch norm and ReLU, so those run on a quarter of the
    values: measured 1.5x faster training on a 2-core CPU, at the same accuracy. Checkpoints from before it
    existed were built without it (see checkpoint.py). ``convs`` convolutions a stage (3x3, each with batch norm
    and ReLU) before its pooling: two see a 5x5 neighbourhood, as a deeper network reads finer strokes.

    ``stem="strided"`` makes the first stage one 4x4 convolution moved by 2 pixels (28x28 to 14x14, no pooling),
    and ``convs`` then counts the second stage's convolutions only: it skips the full-size 28x28 maps, the most
    costly part of the pooled stem, and trains 1.8x faster on a 2-core CPU (see benchmarks/). ``stem="pool"`` is
    the 3x3 convolution and 2x2 pooling of the shipped CNN (checkpoints from before it existed, see checkpoint.py).
    """

    channels_last = True  # train in channels-last memory layout: 1.5x faster here on CPU (see train.py)

    def __init__(
        self,
        channels: tuple[int, int] = (32, 64),
        hidden: int = 128,
        dropout: float = 0.3,
        pool_first: bool = False,
        convs: int = 1,
        stem: str = "pool",
    ) -> None:
        super().__init__()
        c1, c2 = channels
        stages: list[tuple[str, nn.Module]] = []
        k = 0  # layers are numbered through both stages: conv1, conv2, ... (with one conv a stage, as before)
        pooled: tuple[tuple[int, int], ...] = ((1, c1), (c1, c2))  # the stages that end in a pooling
        if stem == "strided":  # the first stage is the strided convolution alone
            k, pooled = 1, pooled[1:]
            stages += [
                ("conv1", nn.Conv2d(1, c1, 4, stride=2, padding=1, bias=False)),
                ("bn1", nn.BatchNorm2d(c1)),
                ("relu1", nn.ReLU(inplace=True)),
            ]
        for i, (cin, cout) in enumerate(pooled, start=3 - len(pooled)):
            for j in range(convs):
                k += 1
                conv = (f"conv{k}", nn.Conv2d(cin if j == 0 else cout, cout, 3, padding=1, bias=False))
                norm = [(f"bn{k}", nn.BatchNorm2d(cout)), (f"relu{k}", nn.ReLU(inplace=True))]
                last = j == convs - 1
                pool = [(f"pool{i}", nn.MaxPool2d(2))] if last else []
                stages += [conv, *pool, *norm] if pool_first else [conv, *norm, *pool]
        self.features = nn.Sequential(OrderedDict(stages))
        self.classifier = nn.Sequential(
            OrderedDict(
                flatten=nn.Flatten(),
                fc1=nn.Linear(c2 * 7 * 7, hidden),
                relu3=nn.ReLU(inplace=True),
                dropout=nn.Dropout(dropout),
                fc2=nn.Linear(hidden, NUM_CLASSES),
            )
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


class RowReader(nn.Module):
    """Reads the image row by row: 28 time steps of 28 pixels, classifies from the last hidden state."""

    def __init__(self, cell: str = "lstm", hidden: int = 128, layers: int = 1) -> None:
        super().__init__()
        rnn_cls = {"lstm": nn.LSTM, "rnn": nn.RNN}[cell]
        self.rnn = rnn_cls(input_size=28, hidden_size=hidden, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(hidden, NUM_CLASSES)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x.reshape(x.shape[0], 28, 28))
        return self.fc(out[:, -1])


class MLP(nn.Module):
    """A fully connected deep network on the 784 pixels."""

    def __init__(self, hidden: tuple[int, ...] = (512, 256), dropout: float = 0.2) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Flatten()]
        width = 28 * 28
        for h in hidden:
            layers += [nn.Linear(width, h), nn.BatchNorm1d(h), nn.ReLU(inplace=True), nn.Dropout(dropout)]
            width = h
        layers.append(nn.Linear(width, NUM_CLASSES))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class LogReg(nn.Module):
    """Softmax regression: one linear map from pixels to logits."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, NUM_CLASSES))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


@dataclass(frozen=True)
class ModelSpec:
    """A registry entry: how to build the model and how it is trained by default."""

    name: str
    build: Callable[..., nn.Module]
    hparams: dict[str, Any] = field(default_factory=dict)
    epochs: int = 10
    lr: float = 3e-3
    batch_size: int = 128
    weight_decay: float = 1e-4
    grad_clip: float | None = None  # recurrent nets: keeps an exploding gradient from wrecking a run
    label_smoothing: float = 0.0
    augment: bool = True  # random shifts, rotations, scaling and stroke thickness (`digitpad.core.data.augment`)
    pen_variants: int = 6  # renders of each training writer's pen digit, when pen digits are added

    @property
    def title(self) -> str:
        return MODEL_TITLES[self.name]


REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "cnn",
            CNN,
            # the quickest route to 99% (see benchmarks/): one epoch, large batch, label smoothing, no affine
            # augmentation (it slows a one-epoch run), half the pen renders; the shipped CNN spells out its own
            {"channels": (16, 32), "hidden": 256, "dropout": 0.1, "pool_first": True, "stem": "strided"},
            epochs=1,
            lr=1.5e-2,
            batch_size=256,
            label_smoothing=0.1,
            augment=False,
            pen_variants=3,
        ),
        ModelSpec(
            "lstm",
            lambda **kw: RowReader("lstm", **kw),
            {"hidden": 128, "layers": 1},
            epochs=20,
            grad_clip=1.0,
        ),
        ModelSpec(
            "rnn",
            lambda **kw: RowReader("rnn", **kw),
            {"hidden": 128, "layers": 1},
            epochs=12,
            lr=1e-3,
            grad_clip=1.0,
        ),
        ModelSpec("mlp", MLP, {"hidden": (512, 256), "dropout": 0.2}, epochs=10),
        ModelSpec("logreg", LogReg, {}, epochs=5, lr=1e-2, weight_decay=0.0),
    )
}


# Bounds on a model's size, so a file's settings cannot ask for terabytes: far above any model digitpad trains.
MAX_HIDDEN = 4096
MAX_LAYERS = 8
MAX_CHANNELS = 1024
MAX_CONVS = 4  # convolutions a stage


def _whole(value: Any, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= high


def _wholes(count: tuple[int, int], high: int) -> Callable[[Any], bool]:
    low_count, high_count = count
    return lambda v: (
        isinstance(v, (list, tuple)) and low_count <= len(v) <= high_count and all(_whole(x, high) for x in v)
    )


def _fraction(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1


def _whole_words(high: int) -> Message:
    return Message(translate("Core", "a whole number from 1 to {high}"), high=high)


_FRACTION_WORDS = Message(translate("Core", "a fraction from 0 to below 1"))

# Each setting a model takes: (what its value must be, in words; the test).
_SETTINGS: dict[str, dict[str, tuple[Message, Callable[[Any], bool]]]] = {
    "cnn": {
        "channels": (
            Message(translate("Core", "two whole numbers from 1 to {high}"), high=MAX_CHANNELS),
            _wholes((2, 2), MAX_CHANNELS),
        ),
        "hidden": (_whole_words(MAX_HIDDEN), lambda v: _whole(v, MAX_HIDDEN)),
        "dropout": (_FRACTION_WORDS, _fraction),
        "pool_first": (Message(translate("Core", "true or false")), lambda v: isinstance(v, bool)),
        "convs": (_whole_words(MAX_CONVS), lambda v: _whole(v, MAX_CONVS)),
        "stem": (Message(translate("Core", "pool or strided")), lambda v: v in CNN_STEMS),
    },
    **{
        cell: {
            "hidden": (_whole_words(MAX_HIDDEN), lambda v: _whole(v, MAX_HIDDEN)),
            "layers": (_whole_words(MAX_LAYERS), lambda v: _whole(v, MAX_LAYERS)),
        }
        for cell in ("lstm", "rnn")
    },
    "mlp": {
        "hidden": (
            Message(
                translate("Core", "up to {layers} layer widths, each a whole number from 1 to {high}"),
                layers=MAX_LAYERS,
                high=MAX_HIDDEN,
            ),
            _wholes((0, MAX_LAYERS), MAX_HIDDEN),
        ),
        "dropout": (_FRACTION_WORDS, _fraction),
    },
    "logreg": {},
}


def check_hparams(name: str, hparams: Any) -> dict[str, Any]:
    """Registry model ``name``'s complete settings (its defaults overridden by ``hparams``), or ValueError naming
    the first setting of the wrong kind, out of bounds (`MAX_HIDDEN`, `MAX_LAYERS`, `MAX_CHANNELS`) or unknown."""
    if name not in REGISTRY:
        raise KeyError(unknown_model_message(name))
    if hparams is not None and not isinstance(hparams, dict):
        raise ValueError(
            Message(
                translate("Core", "the settings are a {kind}, not a table of names and values"),
                kind=type(hparams).__name__,
            )
        )
    merged = {**REGISTRY[name].hparams, **(hparams or {})}
    rules = _SETTINGS[name]
    for key, value in merged.items():
        if key not in rules:
            known = ", ".join(rules) or Message(translate("Core", "none"))
            raise ValueError(
                Message(
                    translate("Core", "a {model} model has no setting {key} (its settings: {known})"),
                    model=name,
                    key=reprlib.repr(key),
                    known=known,
                )
            )
        words, valid = rules[key]
        if not valid(value):
            raise ValueError(
                Message(
                    translate("Core", "{key} must be {words}, not {value}"),
                    key=key,
                    words=words,
                    value=reprlib.repr(value),
                )
            )
    return merged


def unknown_model_message(name: object) -> Message:
    """What to say when ``name`` is not a registry model."""
    return Message(
        translate("Core", "unknown model {name!r}; choose one of {models}"), name=name, models=", ".join(REGISTRY)
    )


def build_model(name: str, hparams: dict[str, Any] | None = None) -> nn.Module:
    """A freshly initialised registry model; ``hparams`` override the registry defaults (`check_hparams`)."""
    merged = check_hparams(name, hparams)
    return REGISTRY[name].build(**{k: tuple(v) if isinstance(v, list) else v for k, v in merged.items()})


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


@torch.inference_mode()
def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Probabilities ``[B, 10]`` (rows sum to 1) for normalised images ``[B, 1, 28, 28]`` or one ``[1, 28, 28]``."""
    if x.ndim == 3:
        x = x.unsqueeze(0)
    model.eval()
    device = next(model.parameters()).device
    return torch.softmax(model(x.to(device)).float(), dim=1).cpu()
