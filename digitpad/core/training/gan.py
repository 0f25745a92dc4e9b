"""Training the conditional GAN (`digitpad.core.models.gan`): a job, like the classifiers' `train`.

Each step trains the discriminator on a batch of real digits and a batch the generator drew, then the generator
against it. The recipe: hinge loss, spectral norm and label projection in the discriminator, an auxiliary digit
classifier on its features (trained on real digits only) that the generator must satisfy too, and an exponential
moving average (EMA) of the generator's weights, which is the generator kept: it draws cleaner digits than the
one being trained, whose weights jitter from step to step.

`train_gan` sends a `GanReport` as progress every ``report_every`` steps, with a grid of samples from fixed noise
every ``sample_every`` steps, at step 1 and at the end; pause, stop and cancel take effect within one step.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
import torch.nn.functional as F

from digitpad.core.data.mnist import MNIST
from digitpad.core.models.gan import Discriminator, Generator, noise
from digitpad.core.models.zoo import NUM_CLASSES, count_parameters
from digitpad.core.runtime.devices import resolve_device
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.messages import Message, translate

SAMPLE_COLUMNS = 8  # samples per digit in a report's grid


@dataclass(frozen=True)
class GanConfig:
    # The defaults are the shipped generator's recipe but for its 5000 steps: on 2 CPU cores 3000 steps take
    # about 3 minutes, and the shipped CNN reads 98.7% of what they draw as the digit asked.
    steps: int = 3000
    batch_size: int = 64
    lr: float = 5e-4
    seed: int = 0
    device: str = "auto"
    sample_every: int = 100  # steps between sample grids
    ema: float = 0.999  # decay of the generator's moving average (warmed up over the first steps)
    width: int = 32  # the generator's and the discriminator's channels
    d_lr: float | None = None  # the discriminator's learning rate; None: ``2 * lr``
    classify_weight: float = 1.0  # weight of the auxiliary digit loss in both players' losses
    report_every: int = 20  # steps between loss reads (a read syncs the GPU)

    def resolved(self, train_size: int | None = None) -> GanConfig:
        """A copy with ``d_lr`` filled in, every value checked (ValueError with a core Message); with
        ``train_size``, also that a batch fits in the training set."""
        for name in ("steps", "batch_size", "sample_every", "width", "report_every"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(
                    Message(
                        translate("Core", "{name} must be a whole number of at least 1, not {value!r}"),
                        name=name,
                        value=value,
                    )
                )
        d_lr = 2 * self.lr if self.d_lr is None else self.d_lr
        for name, value in (("lr", self.lr), ("d_lr", d_lr)):
            if not (math.isfinite(value) and value > 0):
                raise ValueError(
                    Message(
                        translate("Core", "the learning rate {name} must be a positive number, not {value}"),
                        name=name,
                        value=value,
                    )
                )
        if not 0 <= self.ema < 1 or not 0 <= self.classify_weight < math.inf:
            raise ValueError(
                Message(
                    translate(
                        "Core",
                        "ema must be from 0 to below 1 and classify_weight 0 or more, not {ema} and {weight}",
                    ),
                    ema=self.ema,
                    weight=self.classify_weight,
                )
            )
        if train_size is not None and self.batch_size > train_size:
            raise ValueError(
                Message(
                    translate("Core", "a batch of {batch:,} images is more than the {images:,} training images"),
                    batch=self.batch_size,
                    images=train_size,
                )
            )
        return dataclasses.replace(self, d_lr=d_lr)


@dataclass
class GanReport:
    step: int  # steps done in total
    total_steps: int
    g_loss: float  # means since the previous report
    d_loss: float
    d_real_acc: float  # the discriminator's accuracy on real digits (called real) and on drawn ones (called fake)
    d_fake_acc: float
    samples_per_s: float
    eta_s: float
    samples: torch.Tensor | None = None  # [10 * SAMPLE_COLUMNS, 1, 28, 28] in [0, 1]: row d draws digit d


@dataclass
class GanResult:
    generator: Generator  # the moving average, on the CPU, in eval mode
    discriminator: Discriminator
    status: str  # "finished", "stopped" or "diverged"
    steps_done: int
    seconds: float
    message: str
    history: list[GanReport] = field(default_factory=list)  # without samples
    config: GanConfig = field(default_factory=GanConfig)


def sample_grid_inputs(seed: int, latent: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The fixed noise ``[10 * SAMPLE_COLUMNS, latent]`` and labels (0 ×8, 1 ×8, ...) of a run's sample grid."""
    labels = torch.arange(NUM_CLASSES).repeat_interleave(SAMPLE_COLUMNS)
    return noise(len(labels), seed, size=latent), labels


def train_gan(
    cfg: GanConfig,
    data: MNIST,
    state: JobState | None = None,
    generator: Generator | None = None,
    discriminator: Discriminator | None = None,
) -> GanResult:
    """Train a conditional GAN (or continue ``generator`` and ``discriminator``) on ``data.train`` for
    ``cfg.steps`` steps. Returns the EMA generator on the CPU; ``state.stop()`` ends the run within one step
    (status "stopped"), ``state.cancel()`` raises `Cancelled`; a non-finite loss ends it with the last good
    generator (status "diverged")."""
    cfg = cfg.resolved(train_size=len(data.train))
    state = state or JobState()
    run = _GanRun(cfg, data, state, generator, discriminator)
    started = time.perf_counter()
    run.loop()
    history = [dataclasses.replace(r, samples=None) for r in run.history]
    return GanResult(
        generator=run.ema.cpu().eval().requires_grad_(True),
        discriminator=run.d.cpu().eval(),
        status=run.status,
        steps_done=run.step,
        seconds=time.perf_counter() - started,
        message=run.message,
        history=history,
        config=cfg,
    )


class _GanRun:
    """One run's models, optimisers and report window."""

    def __init__(
        self, cfg: GanConfig, data: MNIST, state: JobState, g: Generator | None, d: Discriminator | None
    ) -> None:
        assert cfg.d_lr is not None
        self.cfg, self.state = cfg, state
        self.device = device = resolve_device(cfg.device)
        torch.manual_seed(cfg.seed)
        self.rng = torch.Generator().manual_seed(cfg.seed)
        self.g = (g if g is not None else Generator(width=cfg.width)).to(device).train()
        self.d = (d if d is not None else Discriminator(width=cfg.width)).to(device).train()
        self.ema = copy.deepcopy(self.g).eval().requires_grad_(False)
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=cfg.lr, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=cfg.d_lr, betas=(0.5, 0.999))
        self.images, self.labels = data.train.images.to(device), data.train.labels.to(device)
        grid_z, grid_labels = sample_grid_inputs(cfg.seed + 1, self.g.latent)
        self.grid_z, self.grid_labels = grid_z.to(device), grid_labels.to(device)
        self.last_good = copy.deepcopy(self.ema.state_dict())
        self.step, self.status = 0, "finished"
        self.message = Message(translate("Core", "GAN training finished."))
        self.history: list[GanReport] = []
        self.window = torch.zeros(4, device=device)  # sums of g_loss, d_loss, real accuracy, fake accuracy
        self.window_steps, self.window_start = 0, time.perf_counter()

    def loop(self) -> None:
        cfg = self.cfg
        while self.step < cfg.steps:
            self.state.wait_while_paused()
            self.state.raise_if_cancelled()
            if self.state.stopped:
                self.status = "stopped"
                self.message = Message(
                    translate("Core", "GAN training stopped by the user after {steps} steps."), steps=self.step
                )
                break
            self._train_step()
            self.step += 1
            due = self.step == 1 or self.step % cfg.sample_every == 0 or self.step == cfg.steps
            if (due or self.step % cfg.report_every == 0) and not self._report(samples=due):
                return
        if self.window_steps or (self.history and self.history[-1].samples is None):
            self._report(samples=True)  # a stopped run's last grid shows what it made

    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        idx = torch.randint(len(self.labels), (self.cfg.batch_size,), generator=self.rng).to(self.device)
        return self.images[idx].unsqueeze(1).float().div_(255.0), self.labels[idx]

    def _fake_inputs(self) -> tuple[torch.Tensor, torch.Tensor]:
        n = self.cfg.batch_size
        z = torch.randn(n, self.g.latent, generator=self.rng).to(self.device)
        return z, torch.randint(NUM_CLASSES, (n,), generator=self.rng).to(self.device)

    def _train_step(self) -> None:
        cfg = self.cfg
        real, real_labels = self._batch()
        z, fake_labels = self._fake_inputs()
        with torch.no_grad():
            fake = self.g(z, fake_labels)
        real_logit, real_digit = self.d.judge(real, real_labels)
        fake_logit = self.d(fake, fake_labels)
        d_loss = F.relu(1 - real_logit).mean() + F.relu(1 + fake_logit).mean()
        d_loss = d_loss + cfg.classify_weight * F.cross_entropy(real_digit, real_labels)
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()

        z, labels = self._fake_inputs()
        logit, digit = self.d.judge(self.g(z, labels), labels)
        g_loss = -logit.mean() + cfg.classify_weight * F.cross_entropy(digit, labels)
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        self._update_ema()
        with torch.no_grad():
            self.window += torch.stack(
                [g_loss.detach(), d_loss.detach(), (real_logit > 0).float().mean(), (fake_logit < 0).float().mean()]
            )
        self.window_steps += 1

    @torch.no_grad()
    def _update_ema(self) -> None:
        # warmed up: early on the average would otherwise be mostly the random first weights
        decay = min(self.cfg.ema, (1 + self.step) / (10 + self.step))
        for weight, current in zip(self.ema.parameters(), self.g.parameters(), strict=True):
            weight.lerp_(current, 1 - decay)
        for buffer, source in zip(self.ema.buffers(), self.g.buffers(), strict=True):
            buffer.copy_(source)

    @torch.no_grad()
    def _report(self, samples: bool) -> bool:
        """Send the window's means (one host sync) and, if asked, a sample grid; False when training diverged."""
        cfg = self.cfg
        if self.window_steps:
            g_loss, d_loss, real_acc, fake_acc = (self.window / self.window_steps).tolist()
        else:  # nothing trained since the last report: its numbers still stand
            last = self.history[-1]
            g_loss, d_loss, real_acc, fake_acc = last.g_loss, last.d_loss, last.d_real_acc, last.d_fake_acc
        if not (math.isfinite(g_loss) and math.isfinite(d_loss)) or not _finite(self.ema):
            self.ema.load_state_dict(self.last_good)
            self.status = "diverged"
            self.message = Message(
                translate(
                    "Core",
                    "GAN training diverged at step {step} (a loss became {loss}); the last good generator was kept. "
                    "Try a lower learning rate.",
                ),
                step=self.step,
                loss=g_loss if not math.isfinite(g_loss) else d_loss,
            )
            return False
        self.last_good = copy.deepcopy(self.ema.state_dict())
        now = time.perf_counter()
        rate = self.window_steps * cfg.batch_size / max(now - self.window_start, 1e-9)
        eta = (cfg.steps - self.step) * cfg.batch_size / max(rate, 1e-9) if self.window_steps else 0.0
        grid = self.ema(self.grid_z, self.grid_labels).cpu() if samples else None
        report = GanReport(self.step, cfg.steps, g_loss, d_loss, real_acc, fake_acc, rate, eta, grid)
        self.history.append(report)
        self.state.progress(report)
        self.window.zero_()
        self.window_steps, self.window_start = 0, time.perf_counter()
        return True


def _finite(module: torch.nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in module.parameters())


def gan_metadata(result: GanResult, data: MNIST) -> dict[str, Any]:
    """What a generator's checkpoint records of its run (for `save_generator`)."""
    return {
        "kind": "conditional GAN",
        "config": asdict(result.config),
        "steps_done": result.steps_done,
        "status": result.status,
        "seconds": round(result.seconds, 2),
        "parameters": count_parameters(result.generator),
        "data": {"dataset": "MNIST", "train": len(data.train)},
        "history": [{k: v for k, v in asdict(r).items() if k != "samples"} for r in result.history],
    }
