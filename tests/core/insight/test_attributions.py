"""Occlusion and integrated gradients, checked against Captum's on the five shipped models and real test digits,
and integrated gradients' completeness: the map adds up to the score's change from the blank canvas.

Tolerance: 1e-4 logits (plus 1e-4 relative). Ours and Captum's do the same float32 arithmetic in a different order
(Captum sums each window's contribution into a running total and scales its gradients step by step), and a
convolution may pick another kernel for another batch size; measured, the two agree to within 1e-6 on logits of
up to ~17, so 1e-4 is loose enough for rounding on other CPUs and strict enough to catch any difference in
definition (a window, a step weight or a baseline off changes the maps by 1e-2 or more)."""

from __future__ import annotations

import pytest
import torch

from digitpad.core.insight.activations import gradient_x_input
from digitpad.core.insight.attributions import integrated_gradients, occlusion
from digitpad.core.models.checkpoint import Checkpoint, load_pretrained

captum_attr = pytest.importorskip("captum.attr")

ARCHS = ("cnn", "lstm", "rnn", "mlp", "logreg")
DIGITS = (0, 1, 2)  # the first test digits: a 7, a 2 and a 1
TOLERANCE = {"atol": 1e-4, "rtol": 1e-4}


@pytest.fixture(scope="module", params=ARCHS)
def shipped(request) -> Checkpoint:
    return load_pretrained(request.param)


@pytest.fixture(scope="module")
def test_digits(mnist) -> torch.Tensor:
    """A few MNIST test digits, uint8 ``[N, 28, 28]``."""
    return mnist.test.images[list(DIGITS)]


def blank_of(ckpt: Checkpoint) -> float:
    return float(ckpt.normalize(torch.zeros(())))


def inputs(ckpt: Checkpoint, images: torch.Tensor) -> list[torch.Tensor]:
    return [ckpt.normalize(image).reshape(1, 28, 28) for image in images]


def test_the_blank_canvas_is_the_normalised_background_not_zero(shipped: Checkpoint, test_digits) -> None:
    blank = blank_of(shipped)
    assert blank == pytest.approx(-shipped.mean / shipped.std) and blank < -0.1
    x = inputs(shipped, test_digits)[0]
    values = occlusion(shipped.model, x, blank).values
    assert values[:4, :4].abs().max() < 1e-4, "covering paper that is already blank changes nothing"
    assert values.abs().max() > 0.1


def test_occlusion_matches_captum(shipped: Checkpoint, test_digits) -> None:
    blank = blank_of(shipped)
    reference = captum_attr.Occlusion(shipped.model)
    for x in inputs(shipped, test_digits):
        ours = occlusion(shipped.model, x, blank)
        assert ours.target == int(shipped.model(x.reshape(1, 1, 28, 28)).argmax())
        theirs = reference.attribute(
            x.reshape(1, 1, 28, 28),
            sliding_window_shapes=(1, 4, 4),
            strides=(1, 2, 2),
            baselines=blank,
            target=ours.target,
            perturbations_per_eval=169,
        )
        assert ours.values.shape == (28, 28)
        torch.testing.assert_close(ours.values, theirs[0, 0], **TOLERANCE)


def test_occlusion_of_another_window_matches_captum(test_digits) -> None:
    """A 6×6 window moved by 3 does not fit 28 evenly: the last windows are cut off at the edge, as Captum's are."""
    ckpt = load_pretrained("cnn")
    x = inputs(ckpt, test_digits)[1]
    ours = occlusion(ckpt.model, x, blank_of(ckpt), target=3, window=6, stride=3)
    theirs = captum_attr.Occlusion(ckpt.model).attribute(
        x.reshape(1, 1, 28, 28),
        sliding_window_shapes=(1, 6, 6),
        strides=(1, 3, 3),
        baselines=blank_of(ckpt),
        target=3,
        perturbations_per_eval=81,
    )
    assert ours.target == 3
    torch.testing.assert_close(ours.values, theirs[0, 0], **TOLERANCE)


@pytest.mark.parametrize(("method", "steps"), [("gausslegendre", 50), ("riemann_trapezoid", 32)])
def test_integrated_gradients_match_captum(shipped: Checkpoint, test_digits, method: str, steps: int) -> None:
    blank = blank_of(shipped)
    reference = captum_attr.IntegratedGradients(shipped.model)
    for x in inputs(shipped, test_digits):
        ours = integrated_gradients(shipped.model, x, blank, steps=steps, method=method)
        theirs, delta = reference.attribute(
            x.reshape(1, 1, 28, 28),
            baselines=blank,
            target=ours.target,
            n_steps=steps,
            method=method,
            return_convergence_delta=True,
        )
        assert ours.values.shape == (28, 28)
        torch.testing.assert_close(ours.values, theirs[0, 0], **TOLERANCE)
        assert ours.gap == pytest.approx(float(delta), abs=1e-3), "the same completeness gap as Captum's delta"


def test_integrated_gradients_add_up_to_the_score_change(shipped: Checkpoint, test_digits) -> None:
    blank = blank_of(shipped)
    for x in inputs(shipped, test_digits):
        result = integrated_gradients(shipped.model, x, blank, steps=256)
        with torch.inference_mode():
            logits = shipped.model(torch.stack([x, torch.full_like(x, blank)]))
        assert result.score == pytest.approx(float(logits[0, result.target]), abs=1e-4)
        assert result.baseline_score == pytest.approx(float(logits[1, result.target]), abs=1e-4)
        rise = result.score - result.baseline_score
        assert result.gap == pytest.approx(result.total - rise)
        assert abs(result.gap) <= 0.02 * abs(rise) + 0.02, f"{shipped.arch}: sum {result.total:.3f} vs {rise:.3f}"


def test_integrated_gradients_are_exact_for_a_linear_model(test_digits) -> None:
    ckpt = load_pretrained("logreg")
    x = inputs(ckpt, test_digits)[0]
    result = integrated_gradients(ckpt.model, x, blank_of(ckpt), steps=2)  # Gauss-Legendre: exact for a line
    assert result.gap is not None and abs(result.gap) < 1e-4
    weights = ckpt.model.net[1].weight[result.target].detach().reshape(28, 28)
    torch.testing.assert_close(result.values, weights * (x[0] - blank_of(ckpt)), **TOLERANCE)
    trapezoid = integrated_gradients(ckpt.model, x, blank_of(ckpt), steps=4, method="riemann_trapezoid")
    rise = trapezoid.score - trapezoid.baseline_score
    assert trapezoid.gap == pytest.approx(-rise / 4, abs=1e-4), "Captum's trapezoid weights add up to 1 - 1/steps"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("arch", ["lstm", "rnn", "cnn"])
def test_gradients_through_any_model_on_cuda_match_the_cpu(arch: str, test_digits) -> None:
    """cuDNN's recurrent backward refuses eval mode; the maps still come, in eval mode, and equal the CPU's (with
    TF32 off, so that the GPU's convolutions round as float32 does)."""
    cpu = load_pretrained(arch)
    gpu = load_pretrained(arch)
    gpu.model.cuda()
    blank = blank_of(cpu)
    x = inputs(cpu, test_digits)[0]
    with torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
        for compute in (occlusion, integrated_gradients):
            on_cpu, on_gpu = compute(cpu.model, x, blank), compute(gpu.model, x.cuda(), blank)
            assert on_gpu.target == on_cpu.target and on_gpu.values.device.type == "cpu"
            torch.testing.assert_close(on_gpu.values, on_cpu.values, atol=1e-3, rtol=1e-3)
        heat_gpu, heat_cpu = gradient_x_input(gpu.model, x)[0], gradient_x_input(cpu.model, x)[0]
    torch.testing.assert_close(heat_gpu, heat_cpu, atol=1e-3, rtol=1e-3)
    assert not gpu.model.training, "left in eval mode"
