import math
import threading

import pytest
import torch

from digitpad.core.runtime.devices import available_devices, cpu_has_native_bf16, resolve_device, use_mixed_precision
from digitpad.core.runtime.jobs import JobState
from digitpad.core.training.evaluation import evaluate
from digitpad.core.training.loop import EpochReport, StepReport, TrainConfig, train


def tiny(**kw) -> TrainConfig:
    base = dict(
        model="cnn",
        hparams={"channels": (8, 16), "hidden": 32},
        epochs=1,
        batch_size=64,
        lr=3e-3,
        device="cpu",
        report_every=5,
    )
    base.update(kw)
    return TrainConfig(**base)


def test_a_short_run_learns_real_digits(small_mnist):
    reports = []
    result = train(tiny(epochs=2), small_mnist, JobState(on_progress=reports.append, on_partial=reports.append))
    assert result.status == "finished" and result.epochs_done == 2
    steps = [r for r in reports if isinstance(r, StepReport)]
    epochs = [r for r in reports if isinstance(r, EpochReport)]
    assert len(epochs) == 2 and steps[-1].step == result.steps_done == 2 * math.ceil(4000 / 64)
    assert all(s.samples_per_s > 0 and s.eta_s >= 0 for s in steps)
    assert steps[-1].loss < steps[0].loss
    test = evaluate(result.model, small_mnist.test)
    assert test.accuracy > 0.85, test.accuracy


def test_same_seed_same_weights_different_seed_different(synthetic_mnist):
    a = train(tiny(max_steps=6, seed=3), synthetic_mnist).model.state_dict()
    b = train(tiny(max_steps=6, seed=3), synthetic_mnist).model.state_dict()
    c = train(tiny(max_steps=6, seed=4), synthetic_mnist).model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not all(torch.equal(a[k], c[k]) for k in a)


def test_stop_takes_effect_within_one_batch(synthetic_mnist):
    control = JobState(on_progress=lambda r: report(r), on_partial=lambda r: report(r))
    steps = []

    def report(r):
        if isinstance(r, StepReport):
            steps.append(r.step)
            if r.step == 5:
                control.stop()

    result = train(tiny(report_every=1, epochs=3), synthetic_mnist, control)
    assert result.status == "stopped" and result.steps_done == 5 and steps[-1] == 5
    assert "stopped" in result.message


def test_pause_blocks_between_batches_and_resume_continues(synthetic_mnist):
    control = JobState(on_progress=lambda r: report(r), on_partial=lambda r: report(r))
    paused_at = threading.Event()
    seen = []

    def report(r):
        if isinstance(r, StepReport):
            seen.append(r.step)
            if r.step == 2:
                control.pause()
                paused_at.set()

    worker = threading.Thread(
        target=lambda: seen.append(train(tiny(report_every=1, max_steps=6), synthetic_mnist, control))
    )
    worker.start()
    assert paused_at.wait(30)
    worker.join(0.5)
    assert worker.is_alive() and seen == [2] or seen[-1] == 2, "no step may run while paused"
    assert control.paused
    control.resume()
    worker.join(30)
    assert not worker.is_alive()
    assert seen[-1].status == "finished" and seen[-1].steps_done == 6


def test_stop_while_paused_ends_the_run(synthetic_mnist):
    control = JobState()
    control.pause()
    control.stop()
    result = train(tiny(), synthetic_mnist, control)
    assert result.status == "stopped" and result.steps_done == 0


def test_divergence_stops_and_keeps_the_last_good_weights(synthetic_mnist):
    cfg = tiny(
        model="mlp",
        hparams={"hidden": [16], "dropout": 0.0},
        optimizer="sgd",
        schedule="constant",
        lr=1e12,
        report_every=1,
        epochs=2,
    )
    result = train(cfg, synthetic_mnist)
    assert result.status == "diverged" and "diverged" in result.message and "learning rate" in result.message
    assert all(torch.isfinite(p).all() for p in result.model.parameters())


@pytest.mark.parametrize("optimizer,schedule", [("adam", "cosine"), ("sgd", "onecycle"), ("adamw", "constant")])
def test_optimizer_and_schedule_choices_run(synthetic_mnist, optimizer, schedule):
    result = train(
        tiny(model="logreg", hparams={}, optimizer=optimizer, schedule=schedule, max_steps=4), synthetic_mnist
    )
    assert result.status == "finished" and result.steps_done == 4


def test_bad_choices_are_clear_errors():
    with pytest.raises(ValueError, match="optimizer"):
        TrainConfig(optimizer="lbfgs").resolved()
    with pytest.raises(ValueError, match="unknown model"):
        TrainConfig(model="resnet").resolved()
    with pytest.raises(ValueError, match="not available"):
        resolve_device("cuda:7")
    with pytest.raises(ValueError, match="precision"):
        TrainConfig(precision="fp8").resolved()


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_both_precisions_learn_and_return_a_plain_float32_model(small_mnist, precision):
    """bf16 autocast (the default on CPUs with native bf16) must learn as well; the model that comes back is float32
    in the ordinary memory layout, whatever layout and precision trained it."""
    result = train(tiny(model="cnn", hparams={"channels": (8, 16)}, epochs=1, precision=precision), small_mnist)
    assert all(p.dtype == torch.float32 for p in result.model.parameters())
    assert all(p.is_contiguous() for p in result.model.parameters())
    assert evaluate(result.model, small_mnist.test).accuracy > 0.85


def test_mixed_precision_choice():
    cpu = torch.device("cpu")
    assert not use_mixed_precision(cpu, "fp32") and use_mixed_precision(cpu, "bf16")
    assert use_mixed_precision(torch.device("cuda"), "auto")
    assert use_mixed_precision(cpu, "auto") == cpu_has_native_bf16()


def test_device_auto_prefers_accelerators():
    devices = available_devices()
    assert devices[-1] == "cpu"
    assert str(resolve_device("auto")) == devices[0]


def test_evaluate_confusion_matrix_counts_every_image(small_mnist):
    result = train(tiny(max_steps=20), small_mnist)
    ev = evaluate(result.model, small_mnist.test)
    assert ev.confusion.shape == (10, 10) and int(ev.confusion.sum()) == len(small_mnist.test)
    assert ev.accuracy == pytest.approx(float(ev.confusion.diag().sum()) / len(small_mnist.test))
    assert ev.per_class_accuracy().shape == (10,)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_training_on_cuda_learns(small_mnist):
    result = train(tiny(device="cuda", epochs=2), small_mnist)
    assert result.status == "finished"
    assert next(result.model.parameters()).device.type == "cpu"
    assert evaluate(result.model, small_mnist.test).accuracy > 0.85


@pytest.mark.parametrize("steps", [1, 2, 3, 4, 5, 7])
@pytest.mark.parametrize("schedule", ["onecycle", "cosine"])
def test_very_short_runs_work_with_every_schedule(synthetic_mnist, steps, schedule):
    result = train(tiny(model="logreg", hparams={}, schedule=schedule, max_steps=steps), synthetic_mnist)
    assert result.status == "finished" and result.steps_done == steps
