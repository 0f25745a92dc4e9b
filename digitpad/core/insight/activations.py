"""What the models compute inside, as tensors for the views: CNN feature maps, LSTM gates, RNN hidden states."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn

from digitpad.core.inference.normalization import normalize
from digitpad.core.insight.attributions import differentiable
from digitpad.core.models.zoo import RowReader
from digitpad.core.runtime.messages import Message, translate

GATE_NAMES = ("input", "forget", "candidate", "output", "cell", "hidden")


@contextmanager
def _capture(model: nn.Module, names: list[str]) -> Iterator[dict[str, torch.Tensor]]:
    """Forward hooks on the named submodules, removed on exit whatever happens."""
    captured: dict[str, torch.Tensor] = {}
    modules = dict(model.named_modules())
    handles = []
    try:
        for name in names:

            def hook(_m: nn.Module, _i: object, out: torch.Tensor, name: str = name) -> None:
                captured[name] = out.detach().cpu().clone()

            handles.append(modules[name].register_forward_hook(hook))
        yield captured
    finally:
        for h in handles:
            h.remove()


def feature_layers(model: nn.Module) -> list[str]:
    """Names of the layers whose outputs are feature maps, in forward order: conv, pooling and the activations
    (ReLU) of the convolutional part, which ends where the model flattens or meets its first linear layer."""
    names = []
    for name, module in model.named_modules():
        if isinstance(module, (nn.Flatten, nn.Linear)):
            break
        if isinstance(module, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d, nn.ReLU)):
            names.append(name)
    return names


def layer_title(model: nn.Module, name: str) -> str:
    """A learner's name for the submodule ``name``, numbered in forward order: "Convolution 2 — 32 filters of 3×3"
    for a conv, "Convolution 2 — 32 filters of 3×3, after ReLU" for the activation that follows it, "Pooling 1 —
    2×2 max", "Batch norm 1", "Dense layer 1 — 128 units": a `Message`, whose short form is the part before " — ".
    Anything else keeps its module name."""
    counts: dict[str, int] = {}
    conv: Message | None = None  # the title of the last convolution met: an activation after it is named by it
    for module_name, module in model.named_modules():
        kind = _layer_kind(module)
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
        title = _title(module, counts.get(kind, 0), conv)
        if isinstance(module, nn.Conv2d):
            conv = title
        elif isinstance(module, nn.Linear):
            conv = None
        if module_name == name:
            return module_name if title is None else title
    raise KeyError(name)


def _title(module: nn.Module, k: int, conv: Message | None) -> Message | None:
    """The title of ``module``, the ``k``-th of its kind, after the convolution titled ``conv``; None for a module
    of no kind."""
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        return Message(
            translate("Core", "Convolution {k} — {filters} filters of {kh}×{kw}"),
            k=k,
            filters=module.out_channels,
            kh=kh,
            kw=kw,
        )
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        size = module.kernel_size if isinstance(module.kernel_size, int) else module.kernel_size[0]
        if isinstance(module, nn.MaxPool2d):
            return Message(translate("Core", "Pooling {k} — {size}×{size} max"), k=k, size=size)
        return Message(translate("Core", "Pooling {k} — {size}×{size} average"), k=k, size=size)
    if isinstance(module, nn.ReLU):
        if conv is not None:
            return Message(translate("Core", "{conv}, after ReLU"), conv=conv)
        return Message(translate("Core", "ReLU {k}"), k=k)
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        return Message(translate("Core", "Batch norm {k}"), k=k)
    if isinstance(module, nn.Linear):
        return Message(translate("Core", "Dense layer {k} — {units} units"), k=k, units=module.out_features)
    return None


def channel_source(model: nn.Module, name: str) -> str | None:
    """The conv layer whose filters made the channels of layer ``name``'s output (channel k by filter k): the last
    conv at or before it in forward order, or None when there is none."""
    last = None
    for module_name, module in model.named_modules():
        if isinstance(module, nn.Conv2d):
            last = module_name
        if module_name == name:
            return last
    raise KeyError(name)


def _layer_kind(module: nn.Module) -> str:
    for kind, types in (
        ("conv", (nn.Conv2d,)),
        ("pool", (nn.MaxPool2d, nn.AvgPool2d)),
        ("relu", (nn.ReLU,)),
        ("norm", (nn.BatchNorm1d, nn.BatchNorm2d)),
        ("dense", (nn.Linear,)),
    ):
        if isinstance(module, types):
            return kind
    return ""


def feature_maps(model: nn.Module, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """Each conv/pool layer's output for one normalised input ``[1, 28, 28]``: ``{name: float32 [C, H, W]}`` on CPU."""
    names = feature_layers(model)
    model.eval()
    device = next(model.parameters()).device
    with _capture(model, names) as captured, torch.inference_mode():
        model(x.reshape(1, 1, 28, 28).to(device))
    return {name: captured[name][0].float() for name in names}


def conv_kernels(model: nn.Module) -> dict[str, torch.Tensor]:
    """Each conv layer's weights: ``{name: float32 [out_channels, in_channels, kH, kW]}`` on CPU."""
    return {n: m.weight.detach().float().cpu().clone() for n, m in model.named_modules() if isinstance(m, nn.Conv2d)}


@torch.inference_mode()
def lstm_steps(model: RowReader, x: torch.Tensor) -> list[dict[str, torch.Tensor]]:
    """The LSTM's gates recomputed from its weights, one dict per layer, for one input ``[1, 28, 28]``.

    Each dict maps "input", "forget", "candidate", "output", "cell", "hidden" to float32 ``[28, hidden]``:
    row t is the value after reading image row t. nn.LSTM fuses its gates, so they are recomputed here;
    `weight_ih_l{k}` stacks the input, forget, candidate (g) and output blocks in that order.
    """
    lstm = model.rnn
    if not isinstance(lstm, nn.LSTM):
        raise TypeError("lstm_steps needs a model that reads rows with an LSTM")
    seq = x.reshape(28, 28).float().cpu()
    layers = []
    for k in range(lstm.num_layers):
        w_ih = getattr(lstm, f"weight_ih_l{k}").float().cpu()
        w_hh = getattr(lstm, f"weight_hh_l{k}").float().cpu()
        bias = (getattr(lstm, f"bias_ih_l{k}") + getattr(lstm, f"bias_hh_l{k}")).float().cpu()
        hidden = lstm.hidden_size
        h = torch.zeros(hidden)
        c = torch.zeros(hidden)
        out = {name: torch.zeros(28, hidden) for name in GATE_NAMES}
        pre_in = seq @ w_ih.T + bias  # the input part of every step at once
        for t in range(seq.shape[0]):
            i, f, g, o = (pre_in[t] + w_hh @ h).chunk(4)
            i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
            c = f * c + i * g
            h = o * c.tanh()
            for name, value in zip(GATE_NAMES, (i, f, g, o, c, h), strict=True):
                out[name][t] = value
        layers.append(out)
        seq = out["hidden"]
    return layers


@torch.inference_mode()
def rnn_hidden_states(model: RowReader, x: torch.Tensor) -> list[torch.Tensor]:
    """Hidden states of every layer, float32 ``[28, hidden]`` each, for one input ``[1, 28, 28]``."""
    rnn = model.rnn
    seq = x.reshape(1, 28, 28).float().to(next(model.parameters()).device)
    states = []
    for k in range(rnn.num_layers):
        layer = _single_layer(rnn, k)
        seq, _ = layer(seq)
        states.append(seq[0].cpu())
    return states


def _single_layer(rnn: nn.RNNBase, k: int) -> nn.RNNBase:
    layer = type(rnn)(
        input_size=rnn.input_size if k == 0 else rnn.hidden_size,
        hidden_size=rnn.hidden_size,
        batch_first=True,
        **({"nonlinearity": rnn.nonlinearity} if isinstance(rnn, nn.RNN) else {}),
    ).to(next(rnn.parameters()).device)
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(layer, f"{name}_l0").data.copy_(getattr(rnn, f"{name}_l{k}"))
    return layer


@torch.inference_mode()
def predictions_over_time(model: RowReader, x: torch.Tensor) -> torch.Tensor:
    """What the row reader would predict if it stopped after each row: float32 ``[28, 10]`` probabilities."""
    model.eval()
    out, _ = model.rnn(x.reshape(1, 28, 28).float().to(next(model.parameters()).device))
    return torch.softmax(model.fc(out[0]), dim=1).cpu()


# The saliency methods' names as a user reads them, typed str: the views key tables of str by them.
# GRAD_CAM_BLANK: a CNN whose Grad-CAM map had nothing to show.
GRAD_CAM: str = Message(translate("Core", "Grad-CAM"))
GRADIENT_X_INPUT: str = Message(translate("Core", "gradient x input"))
GRAD_CAM_BLANK: str = Message(translate("Core", "gradient x input (Grad-CAM was blank)"))


def saliency(model: nn.Module, x: torch.Tensor, target: int | None = None) -> tuple[torch.Tensor, int, str]:
    """Attribution for one normalised input ``[1, 28, 28]``: (float32 ``[28, 28]`` map in [0, 1], class, method).

    CNNs get Grad-CAM (`GRAD_CAM`) on the output of their convolutional part (the last feature layer, after its
    ReLU and pooling; upsampled to 28x28). Where that map is blank or flat (no region of the feature maps raises
    the class score), and for every other model, the map is |gradient x ink| (`GRAD_CAM_BLANK`,
    `GRADIENT_X_INPUT`): the gradient times the input minus the blank paper's value (the input's minimum), so
    paper without ink scores 0. Each map is scaled so its largest value is 1 (all zeros when nothing scores).
    ``target`` defaults to the predicted class. The model is left in eval mode.
    """
    model.eval()
    device = next(model.parameters()).device
    inp = x.reshape(1, 1, 28, 28).float().to(device).clone().requires_grad_(True)
    layers = feature_layers(model) if any(isinstance(m, nn.Conv2d) for m in model.modules()) else []
    if layers:
        cam, cls = _grad_cam(model, inp, dict(model.named_modules())[layers[-1]], target)
        if not _is_blank(cam):
            return _unit(cam), cls, GRAD_CAM
        return _gradient_x_ink(model, inp, cls), cls, GRAD_CAM_BLANK
    heat, cls = gradient_x_input(model, x, target)
    return heat, cls, GRADIENT_X_INPUT


def gradient_x_input(model: nn.Module, x: torch.Tensor, target: int | None = None) -> tuple[torch.Tensor, int]:
    """`saliency`'s |gradient x ink| map for one normalised input ``[1, 28, 28]``, whatever the model (a CNN's
    too): (float32 ``[28, 28]`` in [0, 1], the class it explains, by default the predicted one)."""
    model.eval()
    inp = x.reshape(1, 1, 28, 28).float().to(next(model.parameters()).device).clone().requires_grad_(True)
    with torch.inference_mode():
        cls = int(model(inp).argmax(1)) if target is None else target
    return _gradient_x_ink(model, inp, cls), cls


def _gradient_x_ink(model: nn.Module, inp: torch.Tensor, cls: int) -> torch.Tensor:
    """|d score / d pixel| times the pixel's ink (its value above the blank paper's), scaled to [0, 1]."""
    with differentiable(model):
        (grad,) = torch.autograd.grad(model(inp)[0, cls], inp)
    ink = (inp - inp.min()).detach()
    return _unit((grad * ink).abs()[0, 0].detach().cpu())


def _is_blank(cam: torch.Tensor, tolerance: float = 1e-3) -> bool:
    """Whether a map shows nothing: all zero, or so flat that scaling it would only show noise or one colour."""
    peak = float(cam.max())
    return peak <= 1e-8 or float(cam.max() - cam.min()) <= tolerance * peak


# (model, input, target, result) of the last `shared_saliency` computed; the views call it from the GUI thread
_last_saliency: tuple[weakref.ref[nn.Module], torch.Tensor, int | None, tuple[torch.Tensor, int, str]] | None = None


def shared_saliency(model: nn.Module, x: torch.Tensor, target: int | None = None) -> tuple[torch.Tensor, int, str]:
    """`saliency`, computed once per model and input: the model input's overlay and the saliency view show the same
    drawing's saliency, and one pen move computes it for both. Same arguments and result as `saliency`.

    The last result is kept, for the same model object, target and an equal input (compared by value, so the
    views' own copies of a tensor match). The models the views look at are never trained in place (training and
    fine-tuning work on copies and hand back new checkpoints), so an equal input means the same map. Each call
    returns its own copy of the map.
    """
    global _last_saliency
    key = x.detach().reshape(1, 28, 28).float().cpu()
    last = _last_saliency
    if last is not None and last[0]() is model and last[2] == target and torch.equal(last[1], key):
        heat, cls, method = last[3]
    else:
        heat, cls, method = saliency(model, x, target)
        _last_saliency = (weakref.ref(model), key.clone(), target, (heat, cls, method))
    return heat.clone(), cls, method


def _grad_cam(model: nn.Module, inp: torch.Tensor, layer: nn.Module, target: int | None) -> tuple[torch.Tensor, int]:
    """Grad-CAM of ``layer`` (its output ``[1, C, h, w]``): the channels weighted by their mean gradient, summed,
    rectified and upsampled; float32 ``[28, 28]`` on CPU, not scaled, and the class it explains."""
    store: dict[str, torch.Tensor] = {}
    handle = layer.register_forward_hook(lambda _m, _i, out: store.__setitem__("act", out))
    try:
        with torch.enable_grad():
            logits = model(inp)
            cls = int(logits.argmax(1)) if target is None else target
            act = store["act"]
            (grad,) = torch.autograd.grad(logits[0, cls], act)
    finally:
        handle.remove()
    weights = grad.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((weights * act).sum(1, keepdim=True)).detach()
    cam = torch.nn.functional.interpolate(cam, size=(28, 28), mode="bilinear", align_corners=False)
    return cam[0, 0].cpu().float(), cls


def _unit(m: torch.Tensor) -> torch.Tensor:
    peak = float(m.max())
    return (m / peak if peak > 0 else m).float()


@torch.inference_mode()
def misclassified(
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    mean: float,
    std: float,
    limit: int = 100,
    batch_size: int = 1000,
) -> list[dict[str, float | int]]:
    """Test images the model gets wrong, most confident mistakes first.

    images: uint8 ``[N, 28, 28]``; labels: int64 ``[N]``. Each entry: index, label, predicted, confidence.
    """
    model.eval()
    device = next(model.parameters()).device
    wrong: list[dict[str, float | int]] = []
    for start in range(0, len(labels), batch_size):
        x = normalize(images[start : start + batch_size].unsqueeze(1), mean, std)
        wrong += mistakes_in(model(x.to(device)), labels[start : start + batch_size], offset=start)
    wrong.sort(key=lambda w: -w["confidence"])
    return wrong[:limit]


def mistakes_in(logits: torch.Tensor, labels: torch.Tensor, offset: int = 0) -> list[dict[str, float | int]]:
    """The wrong predictions among ``logits`` (``[N, 10]``, any float dtype or device) for int64 ``labels``
    ``[N]``, in index order: index (plus ``offset``), label, predicted, confidence (the prediction's softmax
    probability). What `misclassified` lists, for logits already computed."""
    probs = torch.softmax(logits.detach().float(), 1).cpu()
    conf, pred = probs.max(1)
    labels = labels.cpu()
    return [
        {"index": offset + j, "label": int(labels[j]), "predicted": int(pred[j]), "confidence": float(conf[j])}
        for j in torch.nonzero(pred != labels).flatten().tolist()
    ]
