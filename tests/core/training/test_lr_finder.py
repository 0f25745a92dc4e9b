import csv
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from digitpad.core.data.mnist import Split
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.training.lr_finder import LRPoint, lr_range_test, suggest_lr

CURVATURE = 100.0
MOMENTUM = 0.9  # digitpad's SGD: PyTorch's Nesterov form, momentum 0.9
# On a quadratic of curvature L, Nesterov SGD (v <- b v + g; w <- w - lr (g + b v)) is stable while
# lr L < 2 (1 + b) / (1 + 2 b): the iteration matrix's Jury conditions. Beyond it every step amplifies the error.
DIVERGENCE_LR = 2 * (1 + MOMENTUM) / (1 + 2 * MOMENTUM) / CURVATURE


class Quadratic(nn.Module):
    """Cross-entropy equal to 0.05 + L/2 (w - m)² for each image, m its mean normalised pixel: a one-parameter
    quadratic of curvature L whose minimum moves a little from batch to batch, as a real one does."""

    def __init__(self) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.tensor(-3.0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        q = 0.05 + CURVATURE / 2 * (self.w - x.flatten(1).mean(1)) ** 2
        # logits (0, log(e^q - 1)) with label 0: cross-entropy = log(1 + e^q - 1) = q
        return torch.stack([torch.zeros_like(q), q + torch.log(-torch.expm1(-q))], 1)


@pytest.fixture(scope="module")
def quadratic_data() -> Split:
    g = torch.Generator().manual_seed(0)
    return Split(torch.randint(0, 256, (1024, 28, 28), generator=g, dtype=torch.uint8), torch.zeros(1024).long())


def quadratic_curve(data: Split, state: JobState | None = None, **kw):
    args = dict(start_lr=1e-4, end_lr=1.0, steps=100, batch_size=32, optimizer="sgd", device="cpu") | kw
    return lr_range_test(Quadratic(), data, state, **args)


def test_the_quadratic_diverges_where_theory_puts_it(quadratic_data):
    curve = quadratic_curve(quadratic_data)
    assert curve.status == "diverged"
    assert len(curve.lrs) == len(curve.losses) == len(curve.raw_losses) < 100
    # detected a few steps after the threshold: the error must grow 4x past the noise first
    assert DIVERGENCE_LR < curve.lrs[-1] < 3 * DIVERGENCE_LR
    best = curve.lrs[int(np.argmin(curve.raw_losses))]
    assert DIVERGENCE_LR / 10 < best < DIVERGENCE_LR
    assert curve.raw_losses[0] == pytest.approx(0.05 + CURVATURE / 2 * (3 + 1.2) ** 2, rel=0.05)
    assert curve.suggestion is not None and 1e-4 <= curve.suggestion < DIVERGENCE_LR
    np.testing.assert_allclose(np.diff(np.log(curve.lrs)), math.log(1e4) / 99, rtol=1e-6)


def test_suggestion_is_the_steepest_fall_before_the_minimum():
    lrs = np.logspace(-4, 0, 9)
    losses = np.array([2.3, 2.29, 2.2, 1.5, 0.9, 0.7, 0.6, 0.65, 3.0])
    assert suggest_lr(lrs, losses) == pytest.approx(lrs[3])
    assert suggest_lr(lrs[:2], losses[:2]) is None
    assert suggest_lr(lrs, np.linspace(1, 5, 9)) == lrs[0]  # only rising: the range began too high


def test_a_noisy_first_step_is_not_the_suggestion():
    lrs = np.logspace(-6, 0, 100)
    losses = np.concatenate([[2.3, 1.6], np.full(38, 2.3), np.linspace(2.3, 0.4, 40), np.linspace(0.4, 5, 20)])
    suggestion = suggest_lr(lrs, losses)
    assert suggestion is not None and lrs[40] <= suggestion <= lrs[79]  # in the real fall, not at the 1e-6 blip


def test_stop_ends_within_a_step_and_cancel_raises(quadratic_data):
    def stop_at_five(point: LRPoint) -> None:
        if point.step == 5:
            state.stop()

    state = JobState(on_progress=stop_at_five)
    curve = quadratic_curve(quadratic_data, state)
    assert curve.status == "stopped" and len(curve.lrs) == 5

    def cancel_at_three(point: LRPoint) -> None:
        if point.step == 3:
            cancelling.cancel()

    cancelling = JobState(on_progress=cancel_at_three)
    with pytest.raises(Cancelled):
        quadratic_curve(quadratic_data, cancelling)


def test_the_callers_model_is_untouched(synthetic_mnist):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    curve = lr_range_test(model, synthetic_mnist, steps=10, batch_size=32, device="cpu")
    assert len(curve.lrs) >= 3
    for key, value in model.state_dict().items():
        assert torch.equal(value, before[key]), key
    assert all(p.grad is None for p in model.parameters())


def test_bad_arguments_are_refused(synthetic_mnist):
    with pytest.raises(ValueError, match="first below the last"):
        lr_range_test("logreg", synthetic_mnist, start_lr=1.0, end_lr=0.1)
    with pytest.raises(ValueError, match="more than the 512 images"):
        lr_range_test("logreg", synthetic_mnist, batch_size=1000)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        lr_range_test("logreg", synthetic_mnist, optimizer="lion")
    with pytest.raises(ValueError, match="unknown model|not a model|model"):
        lr_range_test("resnet", synthetic_mnist)


def test_a_short_cnn_run_on_mnist_gives_a_finite_curve(small_mnist):
    curve = lr_range_test("cnn", small_mnist, steps=30, batch_size=32, start_lr=1e-5, end_lr=3e-2, device="cpu")
    assert len(curve.lrs) == 30 and curve.status == "finished"
    assert np.isfinite(curve.losses).all() and np.isfinite(curve.raw_losses).all()
    assert curve.raw_losses.min() < 0.8 * curve.raw_losses[0]  # it learned something on the way
    assert curve.suggestion is not None and 1e-5 <= curve.suggestion <= 3e-2


def test_the_command_prints_a_table_and_a_suggestion(mnist_root, tmp_path):
    plot = tmp_path / "curve.csv"
    env = os.environ | {"DIGITPAD_DATA_DIR": str(mnist_root), "LANG": "C", "LC_ALL": "C"}
    out = subprocess.run(
        [sys.executable, "-m", "digitpad", "lr-find", "--model", "logreg", "--steps", "30", "--plot", str(plot)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    rows = [line for line in lines if line.strip() and line.split()[0][0].isdigit()]
    assert len(rows) == 10
    assert any(line.startswith("Suggested learning rate: ") for line in lines)
    with plot.open() as f:
        table = list(csv.reader(f))
    assert table[0] == ["lr", "loss", "raw_loss"] and len(table) == 31
