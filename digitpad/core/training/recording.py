"""Training, fine-tuning and GAN runs recorded in the run history (`digitpad.core.runtime.run_history`) as they go,
the same way from the command line and from the window.

What each kind of run records is decided here once: `training_start` and `training_end` for a classifier,
`fine_tune_start` and `fine_tune_end`, `gan_start` and `gan_end`. `RecordingState` logs every report of a job as it
passes it on. `RecordedJob` is a job that records another: it starts, logs and finishes the run in the job's own
thread, where its database connection is made and closed; the window then adds the checkpoint once it has saved
the model (`RecordedJob.saved`), since it saves a stopped run's model only if the user keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.runtime.devices import resolve_device
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.runtime.messages import Message, text_of, translate
from digitpad.core.runtime.run_history import RunRecorder
from digitpad.core.training.fine_tune import FineTuneConfig, FineTuneResult
from digitpad.core.training.gan import GanConfig, GanResult
from digitpad.core.training.loop import TrainConfig
from digitpad.core.training.runs import RelayState, TrainingOutcome

T = TypeVar("T")

# The numbers of a GAN report that measure the run (the rest is bookkeeping and samples).
GAN_MEASURES = ("g_loss", "d_loss", "d_real_acc", "d_fake_acc")


@dataclass(frozen=True)
class RunStart:
    """A run's row as it begins: its kind (one of `run_history.KINDS`), model, configuration and device."""

    kind: str
    model: str
    config: dict[str, Any]
    device: str

    def record(self, recorder: RunRecorder) -> int | None:
        return recorder.start(self.kind, self.model, self.config, self.device)


@dataclass(frozen=True)
class RunEnd:
    """How a run ended: its status (one of `run_history.STATUSES`), final metrics and closing words."""

    status: str
    metrics: dict[str, Any] = field(default_factory=dict)
    message: str | None = None

    def record(self, recorder: RunRecorder, checkpoint: str | Path | None = None) -> None:
        recorder.finish(self.status, self.metrics, checkpoint, self.message)


def training_start(config: TrainConfig) -> RunStart:
    """A classifier's run, with its configuration resolved (the registry defaults filled in; ValueError when a
    choice is wrong)."""
    cfg = config.resolved()
    return RunStart("train", cfg.model, asdict(cfg), str(resolve_device(cfg.device)))


def training_end(outcome: TrainingOutcome) -> RunEnd:
    """A classifier's run: the checkpoint's metrics (`training_metadata`) and the outcome's sentence."""
    status = outcome.result.status if outcome.result is not None else "stopped"
    return RunEnd(status, dict(outcome.metadata.get("metrics") or {}), outcome.message())


def fine_tune_start(config: FineTuneConfig, arch: str, source: str | None) -> RunStart:
    """A fine-tuning run of ``arch`` from the model ``source`` (a file or a model's name; None: from scratch)."""
    return RunStart("fine-tune", arch, {**asdict(config), "from": source}, str(resolve_device(config.device)))


def fine_tune_end(result: FineTuneResult) -> RunEnd:
    """A fine-tuning run: the accuracies on the held-out own digits and on MNIST, before and after."""
    measured = {
        "own_accuracy_before": result.own_before,
        "own_accuracy_after": result.own_after,
        "test_accuracy_before": result.mnist_before,
        "test_accuracy_after": result.mnist_after,
    }
    metrics = {name: e.accuracy for name, e in measured.items() if e is not None}
    return RunEnd(result.training.status, metrics, result.training.message)


def checkpoint_source(checkpoint: Checkpoint) -> str | None:
    """What a fine-tuning run started from, as the run history names it: the model's file, else its name."""
    if checkpoint.path is not None:
        return str(checkpoint.path)
    name = (checkpoint.metadata.get("catalog") or {}).get("name")
    return str(name) if name else checkpoint.arch


def gan_start(config: GanConfig) -> RunStart:
    cfg = config.resolved()
    return RunStart("gan", "gan", asdict(cfg), str(resolve_device(cfg.device)))


def gan_end(result: GanResult, metrics: Mapping[str, Any] | None = None) -> RunEnd:
    """A GAN run: its last report's losses and discriminator accuracies, and ``metrics`` measured afterwards."""
    last = result.history[-1] if result.history else None
    measures = {name: getattr(last, name) for name in GAN_MEASURES} if last is not None else {}
    return RunEnd(result.status, {**measures, **(metrics or {})}, result.message)


class RecordingState(RelayState):
    """``outer``, each report (a dataclass: `StepReport`, `EpochReport`, `GanReport`) logged in ``recorder`` on its
    way; other progress items (a stage's name) pass unlogged."""

    def __init__(self, outer: JobState, recorder: RunRecorder) -> None:
        super().__init__(outer)
        self._recorder = recorder

    def progress(self, item: Any) -> None:
        self._log(item)
        super().progress(item)

    def partial(self, item: Any) -> None:
        self._log(item)
        super().partial(item)

    def _log(self, item: Any) -> None:
        if is_dataclass(item) and not isinstance(item, type):
            self._recorder.log_report(item)


class RecordedJob(Generic[T]):
    """``job`` (``job(state) -> result``) recorded as it runs; a job itself, for a `JobRunner` to run. ``start``
    describes the run (called in the job's thread: it may raise ValueError for a wrong choice, and then nothing is
    recorded), ``end`` how the result ended it. A cancelled run is recorded as stopped, an exception as failed."""

    def __init__(
        self,
        job: Callable[[JobState], T],
        start: Callable[[], RunStart],
        end: Callable[[T], RunEnd],
        recorder: RunRecorder,
    ) -> None:
        self.recorder = recorder
        self._job, self._start, self._end = job, start, end

    def __call__(self, state: JobState) -> T:
        self._start().record(self.recorder)
        try:
            value = self._job(RecordingState(state, self.recorder))
        except Cancelled:
            closed = Message(translate("Core", "Stopped: the window closed during the run."))
            RunEnd("stopped", message=closed).record(self.recorder)
            raise
        except BaseException as exc:
            RunEnd("failed", message=text_of(exc) or type(exc).__name__).record(self.recorder)
            raise
        self._end(value).record(self.recorder)
        return value

    def saved(self, path: str | Path) -> None:
        """The run's model was saved to ``path`` (once the job has returned; in the thread that saved it)."""
        self.recorder.set_checkpoint(path)
