"""Runs recorded in the run history as they go: what a recorded job writes at its start, at every report and at
its end, a checkpoint added once the model is saved, and a history that cannot be written never stopping a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.runtime.run_history import RunHistory, RunRecorder
from digitpad.core.training.loop import StepReport, TrainConfig
from digitpad.core.training.recording import RecordedJob, RunEnd, RunStart, training_end, training_start
from digitpad.core.training.runs import TrainingJob, run_training


def _tiny_training(data, max_steps: int) -> TrainingJob:
    cfg = TrainConfig(
        model="mlp",
        hparams={"hidden": (16,)},
        epochs=1,
        batch_size=64,
        device="cpu",
        augment=False,
        max_steps=max_steps,
        report_every=2,
    )
    return TrainingJob(cfg, Path("unused"), loader=lambda _root, _download: data)


def _recorded(job: TrainingJob, recorder: RunRecorder) -> RecordedJob:
    return RecordedJob(lambda s: run_training(job, s), lambda: training_start(job.config), training_end, recorder)


def test_a_recorded_training_run_writes_its_start_every_report_and_its_end(tmp_path, synthetic_mnist):
    path = tmp_path / "runs.sqlite"
    job = _tiny_training(synthetic_mnist, max_steps=6)
    seen: list[object] = []
    recorded = _recorded(job, RunRecorder(path))
    outcome = recorded(JobState(on_progress=seen.append, on_partial=seen.append))

    assert outcome.result is not None and outcome.result.steps_done == 6
    assert [r.step for r in seen if isinstance(r, StepReport)] == [2, 4, 6]  # passed on as well as recorded
    with RunHistory(path) as history:
        (run,) = history.runs()
        assert (run.kind, run.model, run.device, run.status) == ("train", "mlp", "cpu", "finished")
        assert run.config["max_steps"] == 6 and run.config["batch_size"] == 64
        assert run.config["hparams"] == {"hidden": [16], "dropout": 0.2}  # resolved: the registry's defaults too
        assert run.metrics["test_accuracy"] == pytest.approx(outcome.test_accuracy)
        assert run.message == outcome.message() and run.checkpoint is None
        steps = [r for r in seen if isinstance(r, StepReport)]
        assert history.curve(run.id, "loss") == [(r.step, pytest.approx(r.loss)) for r in steps]
        assert [step for step, _ in history.curve(run.id, "val_acc")] == [6]  # the epoch's numbers, at its step

    recorded.saved(tmp_path / "model.pt")  # the window saves the model later, in its own thread
    with RunHistory(path) as history:
        assert history.runs()[0].checkpoint == str((tmp_path / "model.pt").resolve())


def test_a_cancelled_run_is_recorded_as_stopped_and_a_failed_one_as_failed(tmp_path):
    path = tmp_path / "runs.sqlite"
    start = RunStart("train", "cnn", {"lr": 0.1}, "cpu")

    def cancelled(state: JobState) -> None:
        state.progress(StepReport(epoch=1, step=5, total_steps=10, loss=1.5, samples_per_s=1.0, eta_s=1.0))
        raise Cancelled

    def failing(_state: JobState) -> None:
        raise RuntimeError("the GPU fell off")

    with pytest.raises(Cancelled):
        RecordedJob(cancelled, lambda: start, lambda _: RunEnd("finished"), RunRecorder(path))(JobState())
    with pytest.raises(RuntimeError):
        RecordedJob(failing, lambda: start, lambda _: RunEnd("finished"), RunRecorder(path))(JobState())
    with RunHistory(path) as history:
        stopped, failed = history.runs()
        assert stopped.status == "stopped" and "window closed" in stopped.message
        assert history.curve(stopped.id, "loss") == [(5, 1.5)]
        assert failed.status == "failed" and failed.message == "the GPU fell off" and failed.finished is not None


def test_a_history_that_cannot_be_written_never_stops_the_run(tmp_path, synthetic_mnist):
    blocked = tmp_path / "runs.sqlite"
    blocked.mkdir()  # a folder where the database should be: it cannot be opened
    notices: list[str] = []
    recorded = _recorded(_tiny_training(synthetic_mnist, max_steps=4), RunRecorder(blocked, notices.append))
    outcome = recorded(JobState())
    recorded.saved(tmp_path / "model.pt")
    assert outcome.result is not None and outcome.result.status == "finished" and outcome.result.steps_done == 4
    assert len(notices) == 1 and "not recorded" in notices[0]


def test_a_checkpoint_set_later_survives_a_database_gone_bad_as_a_notice(tmp_path):
    path = tmp_path / "runs.sqlite"
    notices: list[str] = []
    recorder = RunRecorder(path, notices.append)
    recorder.start("gan", "gan", {}, "cpu")
    recorder.finish("stopped")
    path.write_bytes(b"not a database at all" * 100)
    recorder.set_checkpoint(tmp_path / "gan.pt")
    assert len(notices) == 1 and "not recorded" in notices[0]
