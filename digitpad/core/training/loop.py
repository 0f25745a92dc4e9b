"""The training loop any front end drives: a plain function that reports progress through a callback.

`train` is a job (`digitpad.core.runtime.jobs`): it sends step reports as progress and epoch reports as partial
results through its `JobState`, and checks it between batches, so Stop takes effect within one batch and Pause
waits there.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F
from torch import nn

from digitpad.core.data.augment import augment
from digitpad.core.data.mnist import MNIST, Split
from digitpad.core.inference.normalization import normalize
from digitpad.core.models.zoo import REGISTRY, build_model, unknown_model_message
from digitpad.core.runtime.devices import resolve_device, use_mixed_precision
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.messages import Message, translate
from digitpad.core.training.choices import OPTIMIZERS, PRECISIONS, SCHEDULES
from digitpad.core.training.evaluation import evaluate
from digitpad.core.training.histograms import HistogramSampler, TensorHistogram

if TYPE_CHECKING:
    from digitpad.core.training.distributed import Group


@dataclass
class TrainConfig:
    model: str = "cnn"
    hparams: dict[str, Any] = field(default_factory=dict)
    epochs: int | None = None  # None: the registry's default for the model
    batch_size: int | None = None
    lr: float | None = None
    optimizer: str = "adamw"
    schedule: str = "onecycle"
    weight_decay: float | None = None
    grad_clip: float | None = None  # None: the registry's default for the model (0 turns clipping off)
    augment: bool | None = None  # None: the registry's default for the model
    pen_data: bool = False  # real pen digits added to MNIST (`add_pen_digits`): the CLI and the panel turn it on
    pen_variants: int | None = None  # renders of each pen digit when pen_data; None: the registry's default
    label_smoothing: float | None = None  # None: the registry's default for the model
    seed: int = 0
    device: str = "auto"
    precision: str = "auto"  # auto: bfloat16 autocast on CUDA and on CPUs with native bf16, else float32
    max_steps: int | None = None  # stop after this many steps in total (tests, quick runs)
    report_every: int = 20  # steps between loss reads (a read syncs the GPU)
    histogram_every: int = 50  # steps between samples of the weights' and gradients' histograms (0: none)

    def resolved(self, train_size: int | None = None) -> TrainConfig:
        """A copy with the registry defaults filled in and every choice checked; with ``train_size`` (the number of
        training images), also that a batch fits in the training set."""
        if self.model not in REGISTRY:
            raise ValueError(unknown_model_message(self.model))
        spec = REGISTRY[self.model]
        cfg = copy.deepcopy(self)
        cfg.hparams = {**spec.hparams, **self.hparams}
        cfg.epochs = spec.epochs if self.epochs is None else self.epochs
        cfg.batch_size = spec.batch_size if self.batch_size is None else self.batch_size
        cfg.lr = spec.lr if self.lr is None else self.lr
        cfg.weight_decay = spec.weight_decay if self.weight_decay is None else self.weight_decay
        cfg.grad_clip = spec.grad_clip if self.grad_clip is None else self.grad_clip
        cfg.augment = spec.augment if self.augment is None else self.augment
        cfg.pen_variants = spec.pen_variants if self.pen_variants is None else self.pen_variants
        cfg.label_smoothing = spec.label_smoothing if self.label_smoothing is None else self.label_smoothing
        if not (isinstance(cfg.label_smoothing, (int, float)) and 0 <= cfg.label_smoothing < 1):
            raise ValueError(
                Message(
                    translate("Core", "label smoothing must be a fraction from 0 to below 1, not {value}"),
                    value=cfg.label_smoothing,
                )
            )
        if cfg.pen_variants < 1:
            raise ValueError(
                Message(
                    translate("Core", "the pen digits' renders must be at least 1, not {count}"),
                    count=cfg.pen_variants,
                )
            )
        if cfg.optimizer not in OPTIMIZERS:
            raise ValueError(
                Message(
                    translate("Core", "optimizer must be one of {choices}, not {value!r}"),
                    choices=", ".join(OPTIMIZERS),
                    value=cfg.optimizer,
                )
            )
        if cfg.schedule not in SCHEDULES:
            raise ValueError(
                Message(
                    translate("Core", "schedule must be one of {choices}, not {value!r}"),
                    choices=", ".join(SCHEDULES),
                    value=cfg.schedule,
                )
            )
        if cfg.precision not in PRECISIONS:
            raise ValueError(
                Message(
                    translate("Core", "precision must be one of {choices}, not {value!r}"),
                    choices=", ".join(PRECISIONS),
                    value=cfg.precision,
                )
            )
        if cfg.epochs < 1 or cfg.batch_size < 1 or not cfg.lr > 0:
            raise ValueError(
                Message(translate("Core", "epochs and batch size must be at least 1 and the learning rate positive"))
            )
        if not math.isfinite(cfg.lr):
            raise ValueError(
                Message(translate("Core", "the learning rate must be a finite number, not {lr}"), lr=cfg.lr)
            )
        if cfg.histogram_every < 0:
            raise ValueError(
                Message(
                    translate("Core", "the histogram interval must be 0 (none) or at least 1 step, not {steps}"),
                    steps=cfg.histogram_every,
                )
            )
        if cfg.max_steps is not None and cfg.max_steps < 1:
            raise ValueError(
                Message(translate("Core", "the number of steps must be at least 1, not {steps}"), steps=cfg.max_steps)
            )
        if train_size is not None and cfg.batch_size > train_size:
            raise ValueError(
                Message(
                    translate(
                        "Core",
                        "a batch of {batch:,} images is more than the {images:,} training images; use a batch size "
                        "of at most {images:,} (the default for {model} is {default})",
                    ),
                    batch=cfg.batch_size,
                    images=train_size,
                    model=cfg.model,
                    default=spec.batch_size,
                )
            )
        return cfg


@dataclass(frozen=True)
class StepReport:
    epoch: int
    step: int  # steps done in total
    total_steps: int
    loss: float  # mean training loss since the previous report
    samples_per_s: float
    eta_s: float
    histograms: tuple[TensorHistogram, ...] = ()  # the samples taken since the previous report


@dataclass(frozen=True)
class EpochReport:
    epoch: int
    epochs: int
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float
    seconds: float


@dataclass
class TrainResult:
    model: nn.Module  # on the CPU, in eval mode
    config: TrainConfig
    epochs_done: int
    steps_done: int
    history: list[EpochReport]
    status: str  # "finished", "stopped" or "diverged"
    message: str
    seconds: float

    def to_metadata(self) -> dict[str, Any]:
        cfg = asdict(self.config)
        cfg["hparams"] = {k: list(v) if isinstance(v, tuple) else v for k, v in cfg["hparams"].items()}
        return {
            "config": cfg,
            "epochs_done": self.epochs_done,
            "steps_done": self.steps_done,
            "status": self.status,
            "seconds": round(self.seconds, 2),
            "history": [asdict(h) for h in self.history],
        }


def _batches(
    split: Split, batch_size: int, generator: torch.Generator, device: torch.device, group: Group | None = None
):
    order = torch.randperm(len(split), generator=generator).to(device)
    for start in range(0, len(split), batch_size):
        idx = order[start : start + batch_size]
        if group is not None:
            idx = group.shard(idx, order)
        yield split.images[idx], split.labels[idx]


def _prepare(images_u8: torch.Tensor, do_augment: bool, generator: torch.Generator | None) -> torch.Tensor:
    x = images_u8.unsqueeze(1).float().div_(255.0)
    if do_augment:
        x = augment(x, generator)
    return normalize(x)


def _make_optimizer(cfg: TrainConfig, model: nn.Module, total_steps: int, device: torch.device):
    assert cfg.lr is not None and cfg.weight_decay is not None
    lr, decay = cfg.lr, cfg.weight_decay
    # one fused kernel per step instead of a dozen small ops per parameter: 1.3x a CNN step on CPU (measured)
    fused = {"fused": True} if device.type in ("cpu", "cuda") else {}
    kinds = {
        "sgd": lambda **kw: torch.optim.SGD(
            model.parameters(), lr=lr, momentum=0.9, nesterov=True, weight_decay=decay, **kw
        ),
        "adam": lambda **kw: torch.optim.Adam(model.parameters(), lr=lr, weight_decay=decay, **kw),
        "adamw": lambda **kw: torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=decay, **kw),
    }
    try:
        opt: torch.optim.Optimizer = kinds[cfg.optimizer](**fused)
    except (RuntimeError, ValueError):  # a device or dtype the fused kernels do not cover
        opt = kinds[cfg.optimizer]()
    sched: torch.optim.lr_scheduler.LRScheduler | None = None
    if cfg.schedule == "onecycle" and total_steps >= 4:
        # the warm-up needs two steps at least, or OneCycleLR divides by zero on very short runs
        warmup = max(0.2, 2.5 / total_steps)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=total_steps, pct_start=warmup)
    elif cfg.schedule == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total_steps)
    return opt, sched


def train(
    config: TrainConfig,
    data: MNIST,
    state: JobState | None = None,
    model: nn.Module | None = None,
    group: Group | None = None,
) -> TrainResult:
    """Train ``config.model`` (or continue ``model``) on ``data.train``, validating on ``data.val`` every epoch.

    Returns the trained model on the CPU. A non-finite loss stops training and restores the last weights that
    gave a finite loss (status "diverged"); ``state.stop()`` ends it within one batch (status "stopped").
    `StepReport`s go out as ``state.progress``, `EpochReport`s as ``state.partial``.
    With a ``group`` (`digitpad.core.training.distributed`), this process is one rank of a data-parallel job:
    ``config.batch_size`` is the global batch, and the reports' losses and accuracies are over all ranks.
    """
    cfg = config.resolved()
    assert cfg.epochs is not None
    state = state or JobState()
    run = _Run(cfg, data, state, model, group)
    history: list[EpochReport] = []
    started = run.window_start = time.perf_counter()
    for epoch in range(1, cfg.epochs + 1):
        if run.step >= run.total or run.status != "finished":
            break
        entry = run.epoch(epoch)
        if entry is None:
            break
        history.append(entry)
        state.partial(entry)
        run.window_start = time.perf_counter()  # validation time is not training throughput
    return TrainResult(
        model=run.model.cpu().to(memory_format=torch.contiguous_format).eval(),
        config=cfg,
        epochs_done=len(history),
        steps_done=run.step,
        history=history,
        status=run.status,
        message=run.message,
        seconds=time.perf_counter() - started,
    )


class _Run:
    """One training run's state: `epoch` makes one pass over the data, reporting every ``report_every`` steps."""

    def __init__(
        self, cfg: TrainConfig, data: MNIST, state: JobState, model: nn.Module | None, group: Group | None
    ) -> None:
        assert cfg.epochs is not None and cfg.batch_size is not None
        self.cfg, self.data, self.state, self.group = cfg, data, state, group
        self.batch_size: int = cfg.batch_size
        self.device = device = resolve_device(cfg.device)
        seed = group.rank_seed(cfg.seed) if group is not None else cfg.seed
        torch.manual_seed(cfg.seed)
        self.gen = torch.Generator().manual_seed(cfg.seed)  # the images' order, shared by all ranks
        self.aug_gen = torch.Generator(device=device).manual_seed(seed + 1)
        model = (model if model is not None else build_model(cfg.model, cfg.hparams)).to(device)
        if group is not None:
            group.check_batch(cfg.batch_size)
            torch.manual_seed(seed)  # each rank's own dropout
        # channels-last lets oneDNN/cuDNN vectorise convolutions and pooling over channels. Measured per
        # architecture, so a model opts in: 1.5x for digitpad's CNN on CPU, but 0.88x for the PyTorch example's net.
        wants_channels_last = getattr(model, "channels_last", False)
        self.memory_format = torch.channels_last if wants_channels_last and device.type in ("cpu", "cuda") else None
        self.model = model.to(memory_format=self.memory_format) if self.memory_format is not None else model
        self.net = group.wrap(self.model) if group is not None else self.model  # trains self.model
        self.train_split = Split(data.train.images.to(device), data.train.labels.to(device))
        self.total = math.ceil(len(self.train_split) / cfg.batch_size) * cfg.epochs
        if cfg.max_steps is not None:
            self.total = min(self.total, cfg.max_steps)
        self.opt, self.sched = _make_optimizer(cfg, self.model, self.total, device)
        self.histograms = HistogramSampler(cfg.histogram_every)
        self.use_amp = use_mixed_precision(device, cfg.precision)
        self.last_good = copy.deepcopy(self.model.state_dict())
        self.step, self.status, self.message = 0, "finished", Message(translate("Core", "Training finished."))
        self.window_start, self.window_samples = time.perf_counter(), 0
        self.window_loss, self.window_steps = torch.zeros((), device=device), 0

    def epoch(self, epoch: int) -> EpochReport | None:
        """One pass over the training data, then validation; None when it ended before a single step."""
        cfg, device = self.cfg, self.device
        epoch_start = time.perf_counter()
        self.model.train()
        loss_sum = torch.zeros((), device=device)
        correct = torch.zeros((), device=device, dtype=torch.long)
        seen = 0
        self.window_loss.zero_()
        self.window_steps = 0
        for images, labels in _batches(self.train_split, self.batch_size, self.gen, device, self.group):
            self.state.wait_while_paused()
            if self.state.stopped:
                self.status = "stopped"
                self.message = Message(
                    translate("Core", "Training stopped by the user after {steps} steps."), steps=self.step
                )
                break
            logits, loss = self._step(images, labels)
            loss_sum += loss * len(labels)
            correct += (logits.argmax(1) == labels).sum()
            seen += len(labels)
            self.window_samples += len(labels)
            if (self.window_steps == cfg.report_every or self.step == self.total) and not self._report_steps(epoch):
                break
            if self.step >= self.total:
                break
        if self.status != "finished" or seen == 0:
            return None
        train_loss, right, count = float(loss_sum), float(correct), float(seen)
        if self.group is not None:
            train_loss, right, count = self.group.sum(train_loss, right, count)
            self.group.sync_buffers(self.model)  # the ranks validate one model
        score = self.group.evaluate if self.group is not None else evaluate
        val = score(self.model, self.data.val, batch_size=250) if len(self.data.val) else None
        return EpochReport(
            epoch=epoch,
            epochs=cfg.epochs or epoch,
            train_loss=train_loss / count,
            train_acc=right / count,
            val_loss=val.loss if val else float("nan"),
            val_acc=val.accuracy if val else float("nan"),
            seconds=time.perf_counter() - epoch_start,
        )

    def _step(self, images: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """One optimiser step; returns the logits and the (detached) loss, without reading either to the host."""
        x = _prepare(images, bool(self.cfg.augment), self.aug_gen)
        if self.memory_format is not None:
            x = x.contiguous(memory_format=self.memory_format)
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.use_amp):
            logits = self.net(x)
        loss = F.cross_entropy(logits.float(), labels, label_smoothing=self.cfg.label_smoothing or 0.0)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.histograms.gradients(self.model, self.step + 1)
        if self.cfg.grad_clip:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.grad_clip)
        self.opt.step()
        if self.sched is not None:
            self.sched.step()
        self.step += 1
        self.histograms.weights(self.model, self.step)
        detached = loss.detach()
        self.window_loss += detached
        self.window_steps += 1
        return logits, detached

    def _report_steps(self, epoch: int) -> bool:
        """Read the window's mean loss (one host sync), send it as progress; False when training diverged."""
        window_loss = self.group.mean(self.window_loss) if self.group is not None else float(self.window_loss)
        mean_loss = window_loss / self.window_steps
        if not math.isfinite(mean_loss) or not _finite(self.model):
            self.model.load_state_dict(self.last_good)
            self.status = "diverged"
            self.message = Message(
                translate(
                    "Core",
                    "Training diverged at step {step} (the loss became {loss}); the last good weights were kept. "
                    "Try a lower learning rate.",
                ),
                step=self.step,
                loss=mean_loss,
            )
            return False
        self.last_good = copy.deepcopy(self.model.state_dict())
        now = time.perf_counter()
        samples = self.window_samples * (self.group.world_size if self.group is not None else 1)
        rate = samples / max(now - self.window_start, 1e-9)
        eta = (self.total - self.step) * self.batch_size / max(rate, 1e-9)
        self.state.progress(StepReport(epoch, self.step, self.total, mean_loss, rate, eta, self.histograms.take()))
        self.window_loss.zero_()
        self.window_steps, self.window_start, self.window_samples = 0, now, 0
        return True


def _finite(model: nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in model.parameters())
