"""Fine-tuning a model on MNIST plus the user's own digits, measured before and after on both.

The own digits are few, so they are oversampled (repeated) to make about `FineTuneConfig.own_share` of every
epoch; MNIST stays in the mix so the model keeps what it knew. The training itself is core `train` continuing
from a copy of the model (the caller's model is never changed).

`run_fine_tune` is the whole run as one job (``job(state) -> result``, see `digitpad.core.runtime.jobs`): load
MNIST, render the own digits, fine-tune. `fine_tuned_checkpoint` is what the run keeps: the model and its metadata.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from digitpad.core.data.mnist import MNIST, Split
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import REGISTRY, build_model, unknown_model_message
from digitpad.core.my_digits.store import DEFAULT_PEN_SCALES, MyDigit, OwnDigits, to_split
from digitpad.core.runtime.devices import resolve_device
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.messages import Message, translate
from digitpad.core.training.evaluation import Evaluation, evaluate
from digitpad.core.training.loop import TrainConfig, TrainResult, train
from digitpad.core.training.runs import DataLoader, load_from_folder


@dataclass
class FineTuneConfig:
    epochs: int | None = None  # None: 1 when fine-tuning, the model's registry default when training from scratch
    lr: float | None = None  # None: a tenth of the model's registry rate when fine-tuning, the full rate from scratch
    batch_size: int | None = None  # None: the model's registry batch size
    own_share: float = 0.15  # fraction of each epoch's samples that are own digits (after oversampling)
    mnist_images: int | None = None  # MNIST training images per epoch (a seeded subset); None: all of them
    augment: bool = True
    seed: int = 0
    device: str = "auto"
    max_steps: int | None = None
    report_every: int = 20
    optimizer: str = "adamw"
    schedule: str | None = None  # None: "cosine" when fine-tuning (no warm-up to disturb it), else "onecycle"


@dataclass
class FineTuneResult:
    training: TrainResult
    own_drawings: int  # own drawings trained on
    own_train: int  # own training samples: the drawings and their re-renderings at other pen widths
    own_held_out: int  # own drawings kept apart to measure
    own_repeats: int  # times each was repeated per epoch
    own_share: float  # fraction of an epoch's samples that were own digits
    own_before: Evaluation | None  # on the held-out own digits; None without a starting model or held-out digits
    own_after: Evaluation | None
    mnist_before: Evaluation | None  # on the MNIST test set; None without a starting model or when cancelled
    mnist_after: Evaluation | None

    @property
    def model(self) -> nn.Module:
        return self.training.model

    def summary_lines(self) -> list[Message]:
        """Before -> after, one line for the own digits and one for MNIST."""
        held = self.own_held_out
        own = Message(
            translate("Core", "Your held-out digits ({count}): {change}"),
            count=held,
            change=_change(self.own_before, self.own_after),
        )
        if not held:
            own = Message(translate("Core", "Your held-out digits: none yet (add more drawings to measure the gain)"))
        count = self.mnist_after.count if self.mnist_after else 0
        mnist = Message(
            translate("Core", "MNIST test set ({count}): {change}"),
            count=count,
            change=_change(self.mnist_before, self.mnist_after, digits=2),
        )
        return [own, mnist]

    def metadata(self) -> dict[str, Any]:
        """Checkpoint metadata: the run, the before/after numbers, and the MNIST test accuracy as the model's own."""

        def acc(ev: Evaluation | None) -> float | None:
            return None if ev is None else ev.accuracy

        meta = self.training.to_metadata()
        meta["my_digits"] = {
            "own_drawings": self.own_drawings,
            "own_train": self.own_train,
            "own_held_out": self.own_held_out,
            "own_repeats": self.own_repeats,
            "own_share": round(self.own_share, 4),
            "own_accuracy_before": acc(self.own_before),
            "own_accuracy_after": acc(self.own_after),
            "mnist_accuracy_before": acc(self.mnist_before),
            "mnist_accuracy_after": acc(self.mnist_after),
        }
        meta["metrics"] = {"test_accuracy": acc(self.mnist_after)}
        return meta


def _change(before: Evaluation | None, after: Evaluation | None, digits: int = 1) -> str:
    def pct(ev: Evaluation | None) -> str:
        return Message(translate("Core", "n/a")) if ev is None else f"{ev.accuracy:.{digits}%}"

    if before is None:
        return pct(after)
    return Message(translate("Core", "{before} → {after}"), before=pct(before), after=pct(after))


def mix(
    mnist_train: Split, own_train: Split, own_share: float, mnist_images: int | None, seed: int
) -> tuple[Split, int]:
    """MNIST training images (a seeded subset of ``mnist_images``, or all) plus the own digits repeated so they make
    about ``own_share`` of the result. Returns the uint8 ``[N, 28, 28]`` / int64 ``[N]`` split and the repeat count."""
    if len(own_train) == 0:
        raise ValueError(
            Message(translate("Core", "There are no own digits to train on: add some drawings to “my digits” first."))
        )
    if not 0 < own_share < 1:
        raise ValueError(f"own_share must be between 0 and 1, got {own_share}")
    base = mnist_train
    if mnist_images is not None and mnist_images < len(mnist_train):
        pick = torch.randperm(len(mnist_train), generator=torch.Generator().manual_seed(seed))[:mnist_images]
        base = Split(mnist_train.images[pick], mnist_train.labels[pick])
    repeats = max(1, round(own_share / (1 - own_share) * len(base) / len(own_train)))
    images = torch.cat([base.images, own_train.images.repeat(repeats, 1, 1)])
    labels = torch.cat([base.labels, own_train.labels.repeat(repeats)])
    return Split(images, labels), repeats


def _measure(model: nn.Module, split: Split, state: JobState) -> Evaluation | None:
    """Core `evaluate`, None for an empty split; raises `Cancelled` once the job is cancelled."""
    return evaluate(model, split, state=state) if len(split) else None


def fine_tune(
    model: nn.Module | None,
    arch: str,
    hparams: dict[str, Any],
    mnist: MNIST,
    own: OwnDigits,
    config: FineTuneConfig | None = None,
    state: JobState | None = None,
) -> FineTuneResult:
    """Train a copy of ``model`` (or a fresh ``arch`` model when None) on MNIST train + own digits (oversampled).

    Measures accuracy on ``own.held_out`` and on ``mnist.test`` before (when a model is given) and after.
    ``state`` stops or pauses the training as in `train`; a stopped run is still measured. Cancelling it (the app
    is closing) skips every measurement not yet done: `Cancelled` is raised.
    """
    cfg = config or FineTuneConfig()
    state = state or JobState()
    if arch not in REGISTRY:
        raise ValueError(unknown_model_message(arch))
    device = resolve_device(cfg.device)
    work = copy.deepcopy(model) if model is not None else build_model(arch, hparams)
    work = work.to(device).eval()
    own_before = _measure(work, own.held_out, state) if model is not None else None
    mnist_before = _measure(work, mnist.test, state) if model is not None else None

    mixed, repeats = mix(mnist.train, own.train, cfg.own_share, cfg.mnist_images, cfg.seed)
    data = MNIST(train=mixed, val=mnist.val, test=mnist.test, root=mnist.root)
    spec = REGISTRY[arch]
    train_cfg = TrainConfig(
        model=arch,
        hparams=dict(hparams),
        epochs=cfg.epochs if cfg.epochs is not None else (1 if model is not None else None),
        batch_size=cfg.batch_size,
        lr=cfg.lr if cfg.lr is not None else (spec.lr / 10 if model is not None else None),
        optimizer=cfg.optimizer,
        schedule=cfg.schedule or ("cosine" if model is not None else "onecycle"),
        augment=cfg.augment,
        seed=cfg.seed,
        device=cfg.device,
        max_steps=cfg.max_steps,
        report_every=cfg.report_every,
    )
    result = train(train_cfg, data, state, model=work)
    after = result.model.to(device)
    own_after = _measure(after, own.held_out, state)
    mnist_after = _measure(after, mnist.test, state)
    result.model = after.cpu().eval()
    return FineTuneResult(
        training=result,
        own_drawings=own.train_drawings,
        own_train=len(own.train),
        own_held_out=len(own.held_out),
        own_repeats=repeats,
        own_share=repeats * len(own.train) / max(len(mixed), 1),
        own_before=own_before,
        own_after=own_after,
        mnist_before=mnist_before,
        mnist_after=mnist_after,
    )


@dataclass(frozen=True)
class FineTuneJob:
    """One fine-tuning run, as the window starts it: everything `run_fine_tune` needs, taken on the GUI thread."""

    start: Checkpoint  # a private copy: the job trains a copy of its model, never the one the app predicts with
    digits: tuple[MyDigit, ...]  # a snapshot of the collection (digits are never changed in place)
    config: FineTuneConfig
    data_root: Path
    loader: DataLoader = field(default=load_from_folder)
    pen_scales: tuple[float, ...] = DEFAULT_PEN_SCALES


def run_fine_tune(job: FineTuneJob, state: JobState) -> FineTuneResult:
    """Load MNIST with ``job.loader``, render ``job.digits`` (with re-renderings at ``job.pen_scales``) and
    `fine_tune` ``job.start`` on both. Raises `Cancelled` when ``state`` is cancelled before the result is made;
    the loader's `DataError` (no MNIST there) and `fine_tune`'s `ValueError` pass through."""
    data = job.loader(job.data_root, False)
    own = to_split(job.digits, pen_scales=job.pen_scales)  # re-rendering takes a while: not on the GUI thread
    state.raise_if_cancelled()
    start = job.start
    return fine_tune(start.model, start.arch, start.hparams, data, own, job.config, state)


def fine_tuned_checkpoint(start: Checkpoint | None, result: FineTuneResult) -> Checkpoint:
    """The fine-tuned model as a checkpoint, its metadata holding the before/after numbers.

    It keeps ``start``'s architecture, hparams and normalisation; a model trained from scratch (``start`` None)
    takes its training run's and MNIST's normalisation."""
    if start is None:
        config = result.training.config
        return Checkpoint(config.model, result.model, dict(config.hparams), metadata=result.metadata())
    return Checkpoint(start.arch, result.model, dict(start.hparams), start.mean, start.std, result.metadata())
