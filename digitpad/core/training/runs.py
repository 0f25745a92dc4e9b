"""One training run from data to checkpoint, and the decisions about it that the window and the CLI share.

`run_training` is a job (`digitpad.core.runtime.jobs`): it loads MNIST through the job's loader, adds the
training writers' pen digits when the config asks for them, trains, and measures test accuracy. Its
`TrainingOutcome` decides what the run keeps and says what happened. `training_metadata` is every trained
checkpoint's metadata, whoever trained it; `describe_training_error` words what a run raised; `model_name` and
`unique_name` name the models a user makes. A front end that calls `train` itself (the CLI) passes it a `StepTally`
and builds the `TrainingOutcome` the same way, so it keeps what the window keeps.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from digitpad.core.data.mnist import MNIST, DataError, load_mnist
from digitpad.core.data.pen_renders import PenData, add_pen_digits
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import count_parameters
from digitpad.core.runtime.devices import resolve_device
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.runtime.messages import Message, message_of, translate
from digitpad.core.training.evaluation import Evaluation, evaluate
from digitpad.core.training.loop import StepReport, TrainConfig, TrainResult, train

DataLoader = Callable[[Path, bool], MNIST]  # loader(data_root, download)
CHANCE_ACCURACY = 0.1  # ten balanced classes


def load_from_folder(root: Path, download: bool) -> MNIST:
    return load_mnist(root, download=download)


@dataclass(frozen=True)
class TrainingJob:
    config: TrainConfig
    data_root: Path  # MNIST's folder, and where pen digits are looked for first
    download: bool = False
    loader: DataLoader = field(default=load_from_folder)


@dataclass(frozen=True)
class TrainingOutcome:
    """What a run produced: no result when it was stopped before training began."""

    result: TrainResult | None = None
    test_accuracy: float | None = None
    trained_steps: int = 0  # optimiser steps the returned weights hold; 0 means the model is untrained
    metadata: dict[str, Any] = field(default_factory=dict)  # the checkpoint's (`training_metadata`)

    @property
    def usable(self) -> bool:
        return self.result is not None and self.trained_steps > 0

    @property
    def worth_keeping(self) -> bool:
        """A run's model joins the app if it trained at all; a diverged run's only if it clearly beats chance."""
        if not self.usable or self.result is None:
            return False
        if self.result.status != "diverged":
            return True
        return self.test_accuracy is not None and self.test_accuracy > 2 * CHANCE_ACCURACY

    def checkpoint(self) -> Checkpoint:
        """The trained model as a checkpoint carrying the run's metadata."""
        assert self.result is not None
        result = self.result
        return Checkpoint(result.config.model, result.model, dict(result.config.hparams), metadata=self.metadata)

    def message(self) -> Message:
        """What happened, in a sentence or three for the status line."""
        result = self.result
        if result is None:
            return Message(translate("Core", "Training stopped before it began; no model was produced."))
        accuracy: str = (
            Message(translate("Core", "not measured")) if self.test_accuracy is None else f"{self.test_accuracy:.1%}"
        )
        if result.status == "finished":
            done = {
                "epochs": result.epochs_done,
                "steps": result.steps_done,
                "duration": format_duration(result.seconds),
                "accuracy": accuracy,
            }
            if result.epochs_done == 1:
                return Message(
                    translate(
                        "Core",
                        "Training finished: {epochs} epoch, {steps} steps in {duration}. Test accuracy {accuracy}.",
                    ),
                    **done,
                )
            return Message(
                translate(
                    "Core", "Training finished: {epochs} epochs, {steps} steps in {duration}. Test accuracy {accuracy}."
                ),
                **done,
            )
        if result.status == "stopped":
            if not self.usable:
                return Message(translate("Core", "Training stopped before the first step; no model was produced."))
            return Message(
                translate(
                    "Core",
                    "Training stopped after {steps} steps; the model so far was kept (test accuracy {accuracy}).",
                ),
                steps=result.steps_done,
                accuracy=accuracy,
            )
        if self.worth_keeping:
            kept = Message(
                translate("Core", "The weights from step {step} were kept (test accuracy {accuracy})."),
                step=self.trained_steps,
                accuracy=accuracy,
            )
        elif self.usable:
            kept = Message(
                translate(
                    "Core",
                    "The last finite weights (step {step}) score {accuracy}, no better than chance: no model was kept.",
                ),
                step=self.trained_steps,
                accuracy=accuracy,
            )
        else:
            kept = Message(translate("Core", "No usable model was produced."))
        return Message(
            translate(
                "Core",
                "Training diverged: the loss stopped being a finite number by step {steps}. "
                "Try a lower learning rate (it was {lr:g}). {kept}",
            ),
            steps=result.steps_done,
            lr=result.config.lr,
            kept=kept,
        )


def run_training(job: TrainingJob, state: JobState) -> TrainingOutcome:
    """Load the data, train, test: `StepReport`s go out as ``state.progress``, `EpochReport`s as
    ``state.partial``. A stop keeps (and tests) what was trained; a cancel raises `Cancelled`."""
    try:
        return _run(job, state)
    except (ValueError, RuntimeError):  # DataError and out-of-memory errors are RuntimeErrors
        _release_device_memory()
        raise


def _run(job: TrainingJob, state: JobState) -> TrainingOutcome:
    data = job.loader(job.data_root, job.download)
    state.raise_if_cancelled()
    pen = None
    if job.config.pen_data:
        try:
            variants = job.config.resolved().pen_variants
            assert variants is not None
            data, pen = add_pen_digits(
                data, job.data_root, variants=variants, seed=job.config.seed, cancelled=lambda: state.stopped
            )
        except Cancelled:
            state.raise_if_cancelled()
            return TrainingOutcome()  # stopped while the data was being prepared: nothing was trained
    job.config.resolved(train_size=len(data.train))  # a batch larger than the data is a mistake, not one batch
    tally = StepTally(state)
    result = train(job.config, data, tally)
    trained = tally.trained_steps(result)
    test = evaluate(result.model, data.test, state=state) if trained > 0 and len(data.test) else None
    return TrainingOutcome(
        result=result,
        test_accuracy=test.accuracy if test is not None else None,
        trained_steps=trained,
        metadata=training_metadata(result, data, test, pen),
    )


def training_metadata(
    result: TrainResult,
    data: MNIST,
    test: Evaluation | None,
    pen: PenData | None = None,
    pen_accuracy: float | None = None,
) -> dict[str, Any]:
    """A trained checkpoint's metadata, from the CLI and the window alike: the run (`TrainResult.to_metadata`),
    the data it saw, its metrics, its parameter count and the device it trained on."""
    meta = result.to_metadata()
    meta["data"] = {"dataset": "MNIST", "train": len(data.train), "val": len(data.val), "test": len(data.test)}
    if pen is not None:
        meta["data"] = {**meta["data"], "dataset": "MNIST + pen digits", "pen_digits": pen.metadata()}
    meta["metrics"] = {
        "test_accuracy": test.accuracy if test is not None else None,
        "test_loss": test.loss if test is not None else None,
        "val_accuracy": result.history[-1].val_acc if result.history else None,
        "pen_accuracy": pen_accuracy,
    }
    meta["parameters"] = count_parameters(result.model)
    meta["device"] = str(resolve_device(result.config.device))
    return meta


def model_name(
    arch: str, metadata: dict[str, Any], when: _dt.datetime | None = None, *, fine_tuned: bool = False
) -> str:
    """What a trained or fine-tuned model is called: its architecture, how far it trained (whole epochs of a
    finished run, steps of a stopped one), its test accuracy and the time, e.g. "cnn · 2 epochs · 98.9% · 14:03"
    or "cnn · fine-tuned · 40 steps · 97.1% · 14:05" (``fine_tuned``, or metadata of a fine-tuning run)."""
    parts = [arch]
    if fine_tuned or "my_digits" in metadata:
        parts.append("fine-tuned")
    epochs, steps = metadata.get("epochs_done"), metadata.get("steps_done")
    if metadata.get("status") == "finished" and epochs:
        parts.append(f"{epochs} epoch" + ("" if epochs == 1 else "s"))
    elif steps:
        parts.append(f"{steps} step" + ("" if steps == 1 else "s"))
    accuracy = (metadata.get("metrics") or {}).get("test_accuracy")
    if accuracy is not None:
        parts.append(f"{accuracy:.1%}")
    parts.append(f"{when or _dt.datetime.now():%H:%M}")
    return " · ".join(parts)


def unique_name(name: str, taken: Collection[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``, … : the first that is not ``taken``."""
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"


def format_duration(seconds: float) -> str:
    """``h:mm:ss`` or ``m:ss``; ``--`` when unknown."""
    if not seconds >= 0 or seconds == float("inf"):
        return "--"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_training_error(exc: BaseException, config: TrainConfig) -> str:
    """A message a user can act on for an exception raised while loading data or training with ``config``."""
    found = message_of(exc)
    text = str(exc).strip()
    if is_out_of_memory(exc):
        return Message(
            translate(
                "Core",
                "Training ran out of memory on {memory}: model {model!r} with batch size {batch}. Lower the batch "
                "size, pick a smaller model, or train on the CPU.",
            ),
            memory=_memory_of(exc, config),
            model=config.model,
            batch=config.batch_size,
        )
    if isinstance(exc, DataError):
        return found if found is not None else text
    if isinstance(exc, ValueError):
        return Message(
            translate("Core", "Cannot train with these settings: {problem}"),
            problem=found if found is not None else text,
        )
    if isinstance(exc, RuntimeError):
        first = text.splitlines()[0] if text else type(exc).__name__
        return Message(translate("Core", "Training failed: {problem}"), problem=first)
    return Message(
        translate("Core", "Training failed unexpectedly ({kind}: {error})."), kind=type(exc).__name__, error=str(exc)
    )


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is an allocation failure (GPU or CPU): typed, or a RuntimeError that says so."""
    if isinstance(exc, (torch.OutOfMemoryError, MemoryError)):
        return True
    # Some allocation failures reach Python untyped: the CPU allocator's, and CUDA errors raised outside the
    # caching allocator (cuBLAS, cuDNN, kernel launches). Only their text says what they are.
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and ("out of memory" in text or "can't allocate memory" in text)


def _memory_of(exc: BaseException, config: TrainConfig) -> Message:
    gpu = Message(translate("Core", "the GPU"))
    if isinstance(exc, torch.OutOfMemoryError):  # raised by the GPU allocators
        return gpu
    try:
        kind = resolve_device(config.device).type
    except ValueError:
        kind = config.device
    if kind in ("cuda", "mps", "xpu"):
        return gpu
    return Message(translate("Core", "the device ({device})"), device=config.device)


def _release_device_memory() -> None:
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


class RelayState(JobState):
    """``outer`` as a job sees it: reports are passed on, and every control is the outer state's, so the runner's
    stop, pause and cancel reach the job. Subclasses note or record the reports on their way."""

    def __init__(self, outer: JobState) -> None:
        super().__init__()
        self._outer = outer

    def progress(self, item: Any) -> None:
        self._outer.progress(item)

    def partial(self, item: Any) -> None:
        self._outer.partial(item)

    @property
    def stopped(self) -> bool:
        return self._outer.stopped

    @property
    def cancelled(self) -> bool:
        return self._outer.cancelled

    @property
    def paused(self) -> bool:
        return self._outer.paused

    def wait_while_paused(self) -> None:
        self._outer.wait_while_paused()

    def raise_if_cancelled(self) -> None:
        self._outer.raise_if_cancelled()

    def stop(self) -> None:
        self._outer.stop()

    def cancel(self) -> None:
        self._outer.cancel()

    def pause(self) -> None:
        self._outer.pause()

    def resume(self) -> None:
        self._outer.resume()


class StepTally(RelayState):
    """``outer`` as `train` sees it, noting the step of the last progress report (the weights a diverged run
    falls back to)."""

    def __init__(self, outer: JobState) -> None:
        super().__init__(outer)
        self.last_step = 0

    def trained_steps(self, result: TrainResult) -> int:
        """The optimiser steps ``result``'s weights hold: a diverged run restores the weights of its last report
        (`train` reports only finite losses), 0 when it diverged before the first."""
        return self.last_step if result.status == "diverged" else result.steps_done

    def progress(self, item: Any) -> None:
        if isinstance(item, StepReport):
            self.last_step = item.step
        super().progress(item)
