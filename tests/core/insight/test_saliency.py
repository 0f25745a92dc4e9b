"""Saliency a student can read: Grad-CAM on the rectified last feature maps, gradient x input where Grad-CAM is
blank (and for the models without convolutions), and no importance on paper without ink."""

from __future__ import annotations

import torch
from torch import nn

from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
from digitpad.core.insight.activations import (
    GRAD_CAM,
    GRAD_CAM_BLANK,
    GRADIENT_X_INPUT,
    feature_layers,
    saliency,
)
from digitpad.core.models.zoo import build_model

SMALL_CNN = {"channels": (4, 8), "hidden": 16}


def bar_digit() -> torch.Tensor:
    """A normalised "1": one vertical bar of ink on blank paper, ``[1, 28, 28]``."""
    ink = torch.zeros(1, 28, 28)
    ink[0, 5:23, 12:16] = 1.0
    return (ink - MNIST_MEAN) / MNIST_STD


def cnn_that_grad_cam_cannot_explain() -> nn.Module:
    """A CNN whose every feature channel lowers the score of a 3 (positive fc1, negative fc2 row): Grad-CAM's
    weighted sum is negative everywhere, so its rectified map is all zeros, yet the input gradient is not."""
    torch.manual_seed(0)
    model = build_model("cnn", SMALL_CNN).eval()
    fc1, fc2 = model.classifier.fc1, model.classifier.fc2
    with torch.no_grad():
        fc1.weight.abs_()
        fc1.bias.fill_(1.0)
        fc2.weight[3] = -fc2.weight[3].abs()
    return model


def test_a_cnn_gets_grad_cam_on_its_rectified_last_feature_layer() -> None:
    torch.manual_seed(0)
    model = build_model("cnn", SMALL_CNN).eval()
    x = bar_digit()
    heat, target, method = saliency(model, x)
    assert method == GRAD_CAM
    assert heat.shape == (28, 28) and heat.dtype == torch.float32
    assert float(heat.max()) == 1.0 and float(heat.min()) >= 0.0
    layer = dict(model.named_modules())[feature_layers(model)[-1]]
    store: dict[str, torch.Tensor] = {}
    handle = layer.register_forward_hook(lambda _m, _i, out: store.__setitem__("act", out))
    inp = x.reshape(1, 1, 28, 28).clone().requires_grad_(True)
    logits = model(inp)
    handle.remove()
    (grad,) = torch.autograd.grad(logits[0, target], store["act"])
    cam = torch.relu((grad.mean(dim=(2, 3), keepdim=True) * store["act"]).sum(1, keepdim=True))
    cam = nn.functional.interpolate(cam, size=(28, 28), mode="bilinear", align_corners=False)[0, 0]
    torch.testing.assert_close(heat, (cam / cam.max()).detach())


def test_a_blank_grad_cam_falls_back_to_gradient_x_input() -> None:
    model = cnn_that_grad_cam_cannot_explain()
    heat, target, method = saliency(model, bar_digit(), target=3)
    assert (target, method) == (3, GRAD_CAM_BLANK)
    assert float(heat.max()) == 1.0, "the fallback map shows something"
    assert GRADIENT_X_INPUT in method, "the method's name says what the map is"


def test_gradient_maps_give_paper_without_ink_no_importance() -> None:
    x = bar_digit()
    paper = x[0] == x.min()
    for arch in ("mlp", "logreg", "lstm"):
        torch.manual_seed(0)
        heat, _target, method = saliency(build_model(arch).eval(), x)
        assert method == GRADIENT_X_INPUT
        assert heat[paper].abs().max() == 0, f"{arch}: blank paper lit up"
        assert heat[~paper].max() == 1.0
    heat, _target, _method = saliency(cnn_that_grad_cam_cannot_explain(), x, target=3)
    assert heat[paper].abs().max() == 0, "the Grad-CAM fallback lights no paper either"
