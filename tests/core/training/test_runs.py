"""One training run: what it keeps, what it says, the metadata its checkpoint carries and the words of its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from digitpad.core.data.mnist import MNIST, DataError, DataMissingError
from digitpad.core.models.checkpoint import load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import count_parameters
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.training.loop import StepReport, TrainConfig, TrainResult
from digitpad.core.training.runs import (
    TrainingJob,
    TrainingOutcome,
    describe_training_error,
    format_duration,
    run_training,
)


def job(data: MNIST, root: Path = Path("unused"), **config) -> TrainingJob:
    base = dict(model="logreg", epochs=1, batch_size=16, augment=False, device="cpu")
    base.update(config)
    return TrainingJob(TrainConfig(**base), root, loader=lambda _r, _d: data)


def test_a_window_run_checkpoint_carries_the_same_metadata_as_the_command_line(synthetic_mnist, tmp_path):
    outcome = run_training(job(synthetic_mnist, max_steps=8), JobState())
    assert outcome.usable and outcome.worth_keeping and outcome.trained_steps == 8
    checkpoint = outcome.checkpoint()
    meta = checkpoint.metadata
    assert meta["parameters"] == count_parameters(checkpoint.model) == 7850
    assert meta["device"] == "cpu" and meta["status"] == "finished" and meta["steps_done"] == 8
    assert meta["data"] == {"dataset": "MNIST", "train": 512, "val": 128, "test": 128}
    assert set(meta["metrics"]) == {"test_accuracy", "test_loss", "val_accuracy", "pen_accuracy"}
    assert meta["metrics"]["test_accuracy"] == outcome.test_accuracy == checkpoint.test_accuracy
    saved = load_checkpoint(save_checkpoint(tmp_path / "run.pt", checkpoint.arch, checkpoint.model, {}, metadata=meta))
    assert saved.metadata["parameters"] == 7850 and saved.test_accuracy == outcome.test_accuracy


def test_a_run_adds_the_training_writers_pen_digits(synthetic_mnist, tiny_pendigits, tmp_path) -> None:
    root = tmp_path / "data"
    (root / "pendigits").mkdir(parents=True)
    (root / "pendigits" / "pendigits-orig.tra").write_bytes(tiny_pendigits.read_bytes())
    outcome = run_training(job(synthetic_mnist, root, pen_data=True), JobState())
    assert outcome.result is not None
    # 512 MNIST-shaped images plus 2 training writers x 10 digits x 6 renderings, 16 a batch
    assert outcome.result.steps_done == (512 + 120) // 16 + 1
    data = outcome.metadata["data"]
    assert data["dataset"] == "MNIST + pen digits" and data["train"] == 512 + 120
    assert data["pen_digits"]["images"] == 120


def test_stop_while_pen_digits_render_ends_the_run_without_a_model(synthetic_mnist, tiny_pendigits) -> None:
    state = JobState()
    state.stop()  # pressed while the data is still being prepared
    outcome = run_training(job(synthetic_mnist, tiny_pendigits, pen_data=True), state)
    assert outcome.result is None and not outcome.usable and not outcome.worth_keeping


def test_stopped_before_the_first_step_is_not_usable(synthetic_mnist) -> None:
    state = JobState()
    state.stop()
    outcome = run_training(job(synthetic_mnist), state)
    assert outcome.result is not None and outcome.result.status == "stopped" and outcome.result.steps_done == 0
    assert not outcome.usable and not outcome.worth_keeping and outcome.test_accuracy is None
    assert outcome.message() == "Training stopped before the first step; no model was produced."


def test_a_cancelled_run_raises_cancelled(synthetic_mnist) -> None:
    state = JobState()
    state.cancel()
    with pytest.raises(Cancelled):
        run_training(job(synthetic_mnist), state)


def test_a_diverged_run_falls_back_to_the_weights_of_its_last_report(synthetic_mnist) -> None:
    steps: list[int] = []
    state = JobState(on_progress=lambda r: steps.append(r.step) if isinstance(r, StepReport) else None)
    settings = dict(model="mlp", optimizer="sgd", lr=1e4, epochs=5, max_steps=40, batch_size=64, report_every=2)
    diverging = job(synthetic_mnist, **settings)
    outcome = run_training(diverging, state)
    assert outcome.result is not None and outcome.result.status == "diverged"
    assert outcome.trained_steps == (steps[-1] if steps else 0) < outcome.result.steps_done
    message = outcome.message()
    assert "diverged" in message and "lower learning rate" in message and "10000" in message


def test_a_diverged_run_keeps_its_last_finite_weights_only_if_they_learned_something():
    def outcome(accuracy: float) -> TrainingOutcome:
        config = TrainConfig(model="logreg", lr=1e4).resolved()
        result = TrainResult(torch.nn.Linear(1, 1), config, 0, 10, [], "diverged", "", 1.0)
        return TrainingOutcome(result, test_accuracy=accuracy, trained_steps=8)

    assert outcome(0.118).worth_keeping is False
    assert "no better than chance: no model was kept" in outcome(0.118).message()
    assert outcome(0.6).worth_keeping is True
    assert "weights from step 8 were kept (test accuracy 60.0%)" in outcome(0.6).message()


def test_durations_read_like_a_clock():
    assert [format_duration(s) for s in (0, 59.6, 61, 3725, float("inf"), float("nan"))] == [
        "0:00",
        "1:00",
        "1:01",
        "1:02:05",
        "--",
        "--",
    ]


def test_error_messages_name_the_remedy():
    config = TrainConfig(model="cnn", batch_size=512, device="cuda:0")
    assert "Lower the batch size" in describe_training_error(RuntimeError("CUDA error: out of memory"), config)
    assert describe_training_error(ValueError("optimizer must be one of adamw"), config).startswith("Cannot train")


def test_errors_are_worded_by_their_type():
    config = TrainConfig(model="mlp", batch_size=4096, device="cpu")
    oom = describe_training_error(torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"), config)
    assert "ran out of memory on the GPU" in oom and "batch size 4096" in oom
    assert "ran out of memory on the device (cpu)" in describe_training_error(MemoryError(), config)
    missing = DataMissingError("MNIST was not found in /nowhere/MNIST/raw.")
    assert describe_training_error(missing, config) == str(missing)
    assert describe_training_error(DataError("x is truncated."), config) == "x is truncated."
    assert describe_training_error(RuntimeError("bad kernel\ndetails"), config) == "Training failed: bad kernel"
    assert describe_training_error(KeyError("k"), config) == "Training failed unexpectedly (KeyError: 'k')."


def test_a_data_error_reaches_the_caller_as_itself(tmp_path) -> None:
    with pytest.raises(DataMissingError, match="not found"):
        run_training(TrainingJob(TrainConfig(model="logreg", device="cpu"), tmp_path / "none"), JobState())
