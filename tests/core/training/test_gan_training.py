import threading
import time

import pytest
import torch

from digitpad.core.insight.gan_quality import frechet_distance, generated_accuracy, penultimate_features
from digitpad.core.models.checkpoint import load_pretrained
from digitpad.core.models.gan import load_generator, save_generator
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.training.gan import SAMPLE_COLUMNS, GanConfig, GanReport, gan_metadata, train_gan

TINY = {"width": 8, "batch_size": 32, "device": "cpu", "report_every": 1}


def test_reports_carry_losses_and_sample_grids_at_the_first_step_every_n_and_at_the_end(synthetic_mnist):
    reports: list[GanReport] = []
    cfg = GanConfig(steps=7, sample_every=3, **TINY)
    result = train_gan(cfg, synthetic_mnist, JobState(on_progress=reports.append))
    assert [r.step for r in reports] == [1, 2, 3, 4, 5, 6, 7]
    assert [r.step for r in reports if r.samples is not None] == [1, 3, 6, 7]
    grid = reports[-1].samples
    assert grid is not None and grid.shape == (10 * SAMPLE_COLUMNS, 1, 28, 28)
    assert float(grid.min()) >= 0 and float(grid.max()) <= 1
    assert all(0 <= r.d_real_acc <= 1 and 0 <= r.d_fake_acc <= 1 and r.total_steps == 7 for r in reports)
    assert result.status == "finished" and result.steps_done == 7 and not result.generator.training
    assert len(result.history) == 7 and all(r.samples is None for r in result.history)
    meta = gan_metadata(result, synthetic_mnist)
    assert meta["steps_done"] == 7 and meta["config"]["width"] == 8 and "samples" not in meta["history"][0]


def test_stop_takes_effect_within_one_step_and_keeps_what_was_trained(synthetic_mnist, tmp_path):
    reports: list[GanReport] = []

    def on_progress(report: GanReport) -> None:
        reports.append(report)
        if report.step == 3:
            state.stop()

    state = JobState(on_progress=on_progress)
    result = train_gan(GanConfig(steps=50, **TINY), synthetic_mnist, state)
    assert result.status == "stopped" and result.steps_done == 3
    assert "stopped by the user after 3 steps" in result.message
    assert reports[-1].samples is not None, "a stopped run ends with a grid of what it made"
    path = save_generator(tmp_path / "g.pt", result.generator, {}, gan_metadata(result, synthetic_mnist))
    assert load_generator(path)[1]["status"] == "stopped"


def test_pause_holds_the_run_until_resume(synthetic_mnist):
    steps: list[int] = []
    seen_while_paused: list[int] = []

    def resume_later() -> None:
        time.sleep(0.3)
        seen_while_paused.append(len(steps))
        state.resume()

    def on_progress(report: GanReport) -> None:
        steps.append(report.step)
        if report.step == 2:
            state.pause()
            threading.Thread(target=resume_later).start()

    state = JobState(on_progress=on_progress)
    result = train_gan(GanConfig(steps=5, **TINY), synthetic_mnist, state)
    assert seen_while_paused == [2], "no step runs while paused"
    assert result.status == "finished" and result.steps_done == 5


def test_cancel_raises_cancelled(synthetic_mnist):
    def on_progress(report: GanReport) -> None:
        if report.step == 2:
            state.cancel()

    state = JobState(on_progress=on_progress)
    with pytest.raises(Cancelled):
        train_gan(GanConfig(steps=50, **TINY), synthetic_mnist, state)


@pytest.mark.parametrize(
    "bad", [{"steps": 0}, {"batch_size": 0}, {"lr": 0.0}, {"lr": float("nan")}, {"ema": 1.0}, {"batch_size": 10**6}]
)
def test_bad_settings_are_refused(synthetic_mnist, bad):
    with pytest.raises(ValueError):
        train_gan(GanConfig(**{**TINY, **bad}), synthetic_mnist)


def test_a_tiny_gan_draws_digits_the_shipped_cnn_reads_as_asked(mnist):
    cfg = GanConfig(steps=200, width=16, batch_size=32, lr=2e-3, sample_every=1000, device="cpu")
    result = train_gan(cfg, mnist)
    accuracy, per_digit = generated_accuracy(result.generator, load_pretrained("cnn"), per_class=50, seed=0)
    assert accuracy > 0.5, (accuracy, per_digit)  # chance is 10%; about 90% measured


def test_the_frechet_distance_is_zero_for_the_same_features_and_grows_with_a_shift():
    torch.manual_seed(0)
    a = torch.randn(500, 8)
    assert frechet_distance(a, a) == pytest.approx(0, abs=1e-6)
    assert frechet_distance(a, a + 1) == pytest.approx(8, rel=1e-6)
    expected = float(torch.cov(a.T).trace() + a.mean(0).square().sum())  # tr(Σ + 4Σ − 2·2Σ) plus the shifted mean
    assert frechet_distance(a, a * 2) == pytest.approx(expected, rel=1e-6)


def test_penultimate_features_are_the_cnns_fc1_after_relu(mnist):
    cnn = load_pretrained("cnn")
    images = mnist.test.images[:20]
    features = penultimate_features(cnn, images)
    assert features.shape == (20, cnn.model.classifier.fc1.out_features) and float(features.min()) >= 0
    torch.testing.assert_close(features, penultimate_features(cnn, images.unsqueeze(1).float() / 255))
