"""Explain mode's formulas add up to what the models themselves compute: each conv pixel, the steps after it,
each pooling window, the logits and softmax, each recurrent step, and one training step's gradient."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
import torch
from torch import nn

from digitpad.core.inference.normalization import normalize
from digitpad.core.insight.explain import (
    conv_layers,
    explain_conv,
    explain_output,
    explain_pool,
    explain_recurrent_step,
    explain_training_step,
)
from digitpad.core.models.checkpoint import load_pretrained
from digitpad.core.models.zoo import build_model

TOL = 1e-4


def drawn_digit() -> torch.Tensor:
    """Ink in [0, 1], ``[1, 28, 28]``: a ring and a slanted stroke, off-centre, touching no edge."""
    yy, xx = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    ring = ((yy - 11) ** 2 + (xx - 13) ** 2).sqrt().sub(6).abs() < 1.6
    stroke = ((xx - 15 - (yy - 14) * 0.3).abs() < 1.2) & (yy > 12) & (yy < 25)
    return (ring | stroke).float().unsqueeze(0)


def _randomise_norms(model: nn.Module, seed: int) -> nn.Module:
    """Batch norms with non-trivial running statistics and affine weights, as after training."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                n = module.num_features
                module.running_mean.copy_(torch.randn(n, generator=gen) * 0.5)
                module.running_var.copy_(torch.rand(n, generator=gen) * 2 + 0.3)
                module.weight.copy_(torch.randn(n, generator=gen) * 0.5 + 1)
                module.bias.copy_(torch.randn(n, generator=gen) * 0.3)
    return model.eval()


def _built(name: str, hparams: dict, seed: int) -> tuple[nn.Module, torch.Tensor]:
    torch.manual_seed(seed)
    return _randomise_norms(build_model(name, hparams), seed), normalize(drawn_digit())


POOLED = {"channels": (8, 12), "hidden": 32, "stem": "pool"}  # the shipped CNN's first stage
_CASES: dict[str, tuple[nn.Module, torch.Tensor]] = {}


def case(key: str) -> tuple[nn.Module, torch.Tensor]:
    """(model in eval mode, normalised input ``[1, 28, 28]``), built or loaded once per session."""
    if key not in _CASES:
        if key.startswith("shipped "):
            checkpoint = load_pretrained(key.removeprefix("shipped "))
            _CASES[key] = checkpoint.model.eval(), checkpoint.normalize(drawn_digit())
        else:
            name, hparams = {
                "cnn (8, 12) conv-bn-relu-pool": ("cnn", {**POOLED, "pool_first": False}),
                "cnn (8, 12) conv-pool-bn-relu": ("cnn", {**POOLED, "pool_first": True}),
                "cnn (8, 12) strided stem": ("cnn", {"channels": (8, 12), "hidden": 32, "stem": "strided"}),
                "lstm 20": ("lstm", {"hidden": 20}),
                "lstm 2 layers": ("lstm", {"hidden": 12, "layers": 2}),
                "rnn 16": ("rnn", {"hidden": 16}),
                "mlp": ("mlp", {"hidden": (24, 16)}),
                "logreg": ("logreg", {}),
            }[key]
            _CASES[key] = _built(name, hparams, seed=len(key))
    return _CASES[key]


CNNS = ["shipped cnn", "cnn (8, 12) conv-bn-relu-pool", "cnn (8, 12) conv-pool-bn-relu"]
RECURRENT = ["shipped lstm", "shipped rnn", "lstm 20", "rnn 16"]
ALL = [*CNNS, *RECURRENT, "shipped mlp", "shipped logreg", "mlp", "logreg"]


def outputs(model: nn.Module, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """Every submodule's own output ``[...]`` (batch dropped) for ``x``, cloned as it passes (ReLUs are in place)."""
    captured: dict[str, torch.Tensor] = {}
    handles = [
        module.register_forward_hook(lambda _m, _i, out, name=name: captured.__setitem__(name, out.detach().clone()))
        for name, module in model.named_modules()
        if name and not list(module.children())
    ]
    try:
        with torch.no_grad():
            model(x.reshape(1, 1, 28, 28))
    finally:
        for handle in handles:
            handle.remove()
    return {name: out[0] for name, out in captured.items()}


def state(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


# ------------------------------------------------------------------------------------------------------ convolution


def test_conv_layers_names_the_convolutions_in_order():
    assert conv_layers(case("shipped cnn")[0]) == [f"features.conv{k}" for k in (1, 2, 3, 4)]  # two a stage
    assert conv_layers(case("cnn (8, 12) conv-bn-relu-pool")[0]) == ["features.conv1", "features.conv2"]
    assert conv_layers(case("shipped lstm")[0]) == []


@pytest.mark.parametrize("key", [*CNNS, "cnn (8, 12) strided stem"])
def test_each_conv_pixel_is_patch_times_kernel_plus_bias_and_equals_the_conv_output(key):
    model, x = case(key)
    ref = outputs(model, x)
    for layer in conv_layers(model):
        out = ref[layer]
        channels, height, width = out.shape
        conv = dict(model.named_modules())[layer]
        (size, _), (stride, _) = conv.kernel_size, conv.stride  # 3x3 by 1, or the strided stem's 4x4 by 2
        for channel in (0, channels - 1):
            for row, col in ((0, 0), (height - 1, width - 1), (0, width - 1), (height // 2, width // 2 - 1), (5, 9)):
                e = explain_conv(model, x, layer, channel, row, col)
                assert (e.layer, e.channel, e.row, e.col) == (layer, channel, row, col)
                assert (e.top, e.left) == (row * stride - 1, col * stride - 1)
                assert e.patch.shape == e.kernel.shape == e.products.shape == (e.input_map.shape[0], size, size)
                assert all(a.dtype == np.float32 for a in (e.patch, e.kernel, e.products, e.input_map, e.output_map))
                np.testing.assert_allclose(e.products, e.patch * e.kernel, atol=1e-6)
                assert e.total == pytest.approx(float(e.products.sum()), abs=TOL)
                assert e.value == pytest.approx(e.total + e.bias, abs=1e-9)
                assert e.value == pytest.approx(float(out[channel, row, col]), abs=TOL)
                np.testing.assert_allclose(e.output_map, out[channel].numpy(), atol=1e-6)
                np.testing.assert_allclose(e.kernel, conv.weight[channel].detach().numpy())
                assert e.bias == 0.0  # the zoo's convs have no bias
                if row == 0:  # the kernel's top row hangs over the padding
                    assert e.top == -1 and not e.patch[:, 0, :].any()
                if col == width - 1:  # and its last column over the padding on the right
                    assert not e.patch[:, :, -1].any()
                assert e.title.startswith("Convolution")


@pytest.mark.parametrize("key", CNNS)
def test_the_steps_after_a_conv_pixel_follow_the_model_order_and_equal_its_layers(key):
    model, x = case(key)
    ref = outputs(model, x)
    pool_first = key != "cnn (8, 12) conv-bn-relu-pool"
    per_stage = len(conv_layers(model)) // 2
    for k, layer in enumerate(conv_layers(model), start=1):
        stage, pools = (k - 1) // per_stage + 1, k % per_stage == 0  # the last conv of a stage is pooled
        height, width = ref[layer].shape[1:]
        for channel, row, col in ((1, 0, 0), (2, height - 1, width - 2), (0, height // 2 + 1, 3), (3, 6, 7)):
            e = explain_conv(model, x, layer, channel, row, col)
            names = [name for name, _formula, _value in e.after]
            bn, relu = ref[f"features.bn{k}"], ref[f"features.relu{k}"]
            if not pools:
                assert names == ["batch norm", "ReLU"]
                expected = [bn[channel, row, col], relu[channel, row, col]]
            elif pool_first:
                assert names == ["pool", "batch norm", "ReLU"]
                pooled = ref[f"features.pool{stage}"][channel, row // 2, col // 2]
                expected = [pooled, bn[channel, row // 2, col // 2], relu[channel, row // 2, col // 2]]
            else:
                assert names == ["batch norm", "ReLU", "pool"]
                pooled = ref[f"features.pool{stage}"][channel, row // 2, col // 2]
                expected = [bn[channel, row, col], relu[channel, row, col], pooled]
            for (name, formula, value), want in zip(e.after, expected, strict=True):
                assert value == pytest.approx(float(want), abs=TOL), (layer, name)
                assert formula
            assert e.after[names.index("ReLU")][2] >= 0
            if pools:
                assert e.after[names.index("pool")][1].startswith("2×2 max of ")


def test_explain_conv_refuses_what_is_not_a_conv_pixel():
    model, x = case("shipped cnn")
    with pytest.raises(KeyError):
        explain_conv(model, x, "features.conv9", 0, 0, 0)
    with pytest.raises(TypeError):
        explain_conv(model, x, "features.pool1", 0, 0, 0)
    with pytest.raises(IndexError):
        explain_conv(model, x, "features.conv1", 0, 28, 0)


# ---------------------------------------------------------------------------------------------------------- pooling


@pytest.mark.parametrize("key", CNNS)
def test_each_pooling_pixel_is_the_max_of_its_window_and_equals_the_pool_output(key):
    model, x = case(key)
    ref = outputs(model, x)
    for layer in ("features.pool1", "features.pool2"):
        out = ref[layer]
        channels, height, width = out.shape
        for channel in (0, channels // 2, channels - 1):
            for row, col in ((0, 0), (height - 1, width - 1), (height // 2, 1), (2, 5)):
                p = explain_pool(model, x, layer, channel, row, col)
                assert p.window.shape == (2, 2) and p.window.dtype == np.float32
                assert p.value == pytest.approx(float(out[channel, row, col]), abs=TOL)
                assert p.window[p.winner] == pytest.approx(p.value) and p.value == pytest.approx(p.window.max())


# ----------------------------------------------------------------------------------------------------------- output


@pytest.mark.parametrize("key", ALL)
def test_the_logits_add_up_and_the_probabilities_are_the_models_softmax(key):
    model, x = case(key)
    with torch.no_grad():
        logits = model(x.reshape(1, 1, 28, 28))[0]
    o = explain_output(model, x, top=4)
    layer = {"cnn": "classifier.fc2", "lstm": "fc", "rnn": "fc", "logreg": "net.1"}
    kind = key.removeprefix("shipped ").split()[0]
    if kind in layer:
        assert o.layer == layer[kind]
    linear = dict(model.named_modules())[o.layer]
    assert o.features.shape == (linear.in_features,)
    np.testing.assert_allclose(o.probabilities, torch.softmax(logits, 0).numpy(), atol=1e-5)
    assert o.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_allclose(o.exps / o.exps.sum(), o.probabilities, atol=1e-6)
    assert o.exps.max() == pytest.approx(1.0)
    assert [c.digit for c in o.classes] == list(range(10))
    for term in o.classes:
        assert term.logit == pytest.approx(float(logits[term.digit]), abs=TOL)
        assert len(term.contributions) == 4
        sizes = [abs(product) for _j, _a, _w, product in term.contributions]
        assert sizes == sorted(sizes, reverse=True)
        for j, a, w, product in term.contributions:
            assert a == pytest.approx(float(o.features[j])) and product == pytest.approx(a * w)
            assert w == pytest.approx(float(linear.weight.detach()[term.digit, j]))
        total = term.bias + sum(product for *_rest, product in term.contributions) + term.rest
        assert total == pytest.approx(term.logit, abs=TOL)


# -------------------------------------------------------------------------------------------------------- recurrent


def _reference_states(rnn: nn.RNNBase, x: torch.Tensor, step: int) -> tuple[torch.Tensor, torch.Tensor | None]:
    """nn.LSTM's / nn.RNN's own first-layer h and c after reading rows 0..step (its final states on that prefix)."""
    rows = x.reshape(1, 28, 28)[:, : step + 1]
    with torch.no_grad():
        _out, states = rnn(rows)
    if isinstance(states, tuple):
        return states[0][0, 0], states[1][0, 0]
    return states[0, 0], None


@pytest.mark.parametrize("key", RECURRENT)
def test_each_recurrent_step_equals_the_recurrent_layers_own_states(key):
    model, x = case(key)
    rnn = model.rnn
    with torch.no_grad():
        out, final = rnn(x.reshape(1, 28, 28))
    lstm = isinstance(rnn, nn.LSTM)
    for step in (0, 1, 13, 27):
        h_ref, c_ref = _reference_states(rnn, x, step)
        for unit in (0, 7, rnn.hidden_size - 1):
            r = explain_recurrent_step(model, x, step, unit)
            assert (r.cell, r.step, r.unit, r.steps, r.hidden) == (
                "lstm" if lstm else "rnn",
                step,
                unit,
                28,
                rnn.hidden_size,
            )
            np.testing.assert_allclose(r.x_t, x.reshape(28, 28)[step].numpy())
            assert r.h_prev.shape == (rnn.hidden_size,)
            if step == 0:
                assert not r.h_prev.any()
            else:
                np.testing.assert_allclose(r.h_prev, out[0, step - 1].numpy(), atol=TOL)
            assert r.h == pytest.approx(float(out[0, step, unit]), abs=TOL)
            assert set(r.gates) == ({"i", "f", "g", "o"} if lstm else {"h"})
            for name, (part_x, part_h, bias, pre, value) in r.gates.items():
                assert pre == pytest.approx(part_x + part_h + bias, abs=1e-5)
                squash = math.tanh(pre) if name in ("g", "h") else 1 / (1 + math.exp(-pre))
                assert value == pytest.approx(squash, abs=1e-6)
            if lstm:
                i, f, g, o = (r.gates[name][4] for name in "ifgo")
                assert r.c is not None and r.c_prev is not None
                assert r.c == pytest.approx(float(c_ref[unit]), abs=TOL)
                assert r.c == pytest.approx(f * r.c_prev + i * g, abs=1e-6)
                assert r.h == pytest.approx(o * math.tanh(r.c), abs=1e-6)
                if step == 27:
                    assert r.c == pytest.approx(float(final[1][0, 0, unit]), abs=TOL)
                assert len(r.sentences) == (4 if step == 0 else 3)
                assert any(s.startswith("The forget gate kept ") and "%" in s for s in r.sentences)
            else:
                assert r.c is None and r.c_prev is None and r.h == r.gates["h"][4]
                assert r.h == pytest.approx(float(h_ref[unit]), abs=TOL)
                assert r.sentences
            assert r.h == pytest.approx(float(h_ref[unit]), abs=TOL)


def test_a_recurrent_model_of_two_layers_is_explained_in_its_first():
    model, x = case("lstm 2 layers")
    with torch.no_grad():
        _out, (h_n, c_n) = model.rnn(x.reshape(1, 28, 28))
    for unit in (0, 11):
        r = explain_recurrent_step(model, x, 27, unit)
        assert r.h == pytest.approx(float(h_n[0, 0, unit]), abs=TOL)
        assert r.c == pytest.approx(float(c_n[0, 0, unit]), abs=TOL)


def test_explain_recurrent_step_refuses_other_models_and_steps():
    with pytest.raises(TypeError):
        explain_recurrent_step(*case("shipped cnn"), 0, 0)
    with pytest.raises(IndexError):
        explain_recurrent_step(*case("rnn 16"), 28, 0)
    with pytest.raises(IndexError):
        explain_recurrent_step(*case("rnn 16"), 0, 16)


# -------------------------------------------------------------------------------------------------------- training


@pytest.mark.parametrize(
    ("key", "layer", "channel", "shape", "param"),
    [
        ("shipped cnn", None, 3, (1, 3, 3), "features.conv1.weight"),
        ("shipped cnn", "features.conv2", 5, (16, 3, 3), "features.conv2.weight"),
        ("cnn (8, 12) conv-bn-relu-pool", "features.conv2", 11, (8, 3, 3), "features.conv2.weight"),
        ("shipped lstm", None, 2, (28,), "rnn.weight_ih_l0"),
        ("rnn 16", None, 15, (28,), "rnn.weight_ih_l0"),
        ("shipped mlp", None, 4, (784,), "net.1.weight"),  # a unit the ReLU lets through for this drawing
        ("logreg", None, 9, (784,), "net.1.weight"),
    ],
)
def test_a_training_step_is_the_gradient_autograd_gives_and_leaves_the_model_alone(key, layer, channel, shape, param):
    model, x = case(key)
    before = state(model)
    label = 4  # not what a ring with a stroke is read as by every model: a loss worth a gradient
    model.train()  # the shown model's flag is kept, and the step is explained in eval mode
    try:
        t = explain_training_step(model, x, label, layer=layer, channel=channel, learning_rate=0.05)
        assert model.training
    finally:
        model.eval()
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert all(p.grad is None for p in model.parameters())

    twin = copy.deepcopy(model).eval()
    logits = twin(x.reshape(1, 1, 28, 28))
    loss = nn.functional.cross_entropy(logits, torch.tensor([label]))
    loss.backward()
    weight = dict(twin.named_parameters())[param]
    assert t.layer == param.rsplit(".", 1)[0] and t.channel == channel and t.label == label
    assert t.weights.shape == t.gradient.shape == t.updated.shape == shape
    assert t.loss == pytest.approx(float(loss.detach()), rel=1e-4, abs=1e-6)
    assert t.loss == pytest.approx(-math.log(float(t.probabilities[label])), rel=1e-4, abs=1e-6)
    np.testing.assert_allclose(t.probabilities, torch.softmax(logits, 1)[0].detach().numpy(), atol=1e-5)
    np.testing.assert_allclose(t.weights, weight[channel].detach().numpy())
    scale = float(weight.grad[channel].abs().max())
    assert scale > 0
    np.testing.assert_allclose(t.gradient, weight.grad[channel].numpy(), atol=1e-5 * max(scale, 1.0), rtol=1e-4)
    np.testing.assert_allclose(t.updated, t.weights - 0.05 * t.gradient, atol=1e-6)
    assert t.learning_rate == 0.05


def test_explaining_changes_nothing_in_the_model():
    for key in ("shipped cnn", "shipped lstm", "rnn 16"):
        model, x = case(key)
        before = state(model)
        if conv_layers(model):
            explain_conv(model, x, "features.conv2", 0, 3, 3)
            explain_pool(model, x, "features.pool1", 0, 3, 3)
        else:
            explain_recurrent_step(model, x, 5, 1)
        explain_output(model, x)
        explain_training_step(model, x, 0)
        assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
        assert not model.training and all(p.grad is None for p in model.parameters())
        assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())


def test_explaining_works_when_called_inside_inference_mode():
    """The views hold inference tensors and may call from inside torch.inference_mode()."""
    model, x = case("shipped cnn")
    with torch.inference_mode():
        frozen = x.clone()
        t = explain_training_step(model, frozen, 2)
        e = explain_conv(model, frozen, "features.conv1", 0, 4, 4)
    assert np.abs(t.gradient).max() > 0 and e.after
