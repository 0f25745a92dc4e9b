"""The saliency view's methods: which models have which, what each is called and what its map says, and how the
slow ones are computed.

Grad-CAM and gradient × input take a few milliseconds and run on the GUI thread (the model input's overlay shares
the drawing's map). Occlusion (169 covered copies of the input) and integrated gradients (`IG_STEPS` points on the
path from the blank canvas) run one batch each: measured on one core of a busy 2-core CPU, up to ~50 ms and ~75 ms
for the shipped CNN, ~20 ms and ~50 ms for the LSTM, a few ms for the others. So they run in a worker, and the map
follows the drawing at several updates a second.

Every text is English, marked with ``QT_TRANSLATE_NOOP("SaliencyView", ...)`` and shown through `translated`.
"""

from __future__ import annotations

import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from torch import nn

from digitpad.core.insight.activations import GRAD_CAM, GRAD_CAM_BLANK, GRADIENT_X_INPUT
from digitpad.core.insight.attributions import Attribution, integrated_gradients, occlusion
from digitpad.core.models.checkpoint import Checkpoint

OCCLUSION = "occlusion"
INTEGRATED_GRADIENTS = "integrated gradients"
SIGNED = (OCCLUSION, INTEGRATED_GRADIENTS)  # maps in logits, red for the digit and blue against; run in a worker
# With fewer points the LSTM's integral misses its score change by up to ~2 logits (50 points, Captum's default);
# 128 bring the gap to a few tenths, at a cost the live view can pay.
IG_STEPS = 128

METHOD_NAMES = {  # the methods' names; the first three are the core's (`saliency`)
    GRAD_CAM: QT_TRANSLATE_NOOP("SaliencyView", "Grad-CAM"),
    GRADIENT_X_INPUT: QT_TRANSLATE_NOOP("SaliencyView", "gradient x input"),
    GRAD_CAM_BLANK: QT_TRANSLATE_NOOP("SaliencyView", "gradient x input (Grad-CAM was blank)"),
    OCCLUSION: QT_TRANSLATE_NOOP("SaliencyView", "occlusion"),
    INTEGRATED_GRADIENTS: QT_TRANSLATE_NOOP("SaliencyView", "integrated gradients"),
}
METHOD_NOTES = {
    GRAD_CAM: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "Grad-CAM: the areas of the last feature maps that raise the predicted digit's score. It works on a "
        "coarse grid, so it also colours paper next to the strokes.",
    ),
    GRADIENT_X_INPUT: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "gradient × input: how much each pixel's ink raises the predicted digit's score. Paper without ink scores 0.",
    ),
    GRAD_CAM_BLANK: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "Grad-CAM came out blank: no area of the last feature maps raises this digit's score on its own "
        "(the model reads it from features that count against the other digits). So this map is gradient × input: "
        "how much each pixel's ink raises the score; paper without ink scores 0.",
    ),
    OCCLUSION: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "occlusion: each 4×4 patch in turn is covered with blank paper. Red: covering it lowers the predicted "
        "digit's score, so the model relies on it; blue: covering it raises the score, so it speaks against the digit.",
    ),
    INTEGRATED_GRADIENTS: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "integrated gradients: each pixel's share of the score's rise from a blank canvas to this input. Red pixels "
        "raise the predicted digit's score, blue ones lower it; together they add up to the rise.",
    ),
}
METHOD_TIPS = {  # what the chooser's items say when hovered
    GRAD_CAM: QT_TRANSLATE_NOOP("SaliencyView", "Where the last feature maps see the digit (convolutional models)"),
    GRADIENT_X_INPUT: QT_TRANSLATE_NOOP("SaliencyView", "The gradient of the score times each pixel's ink"),
    OCCLUSION: QT_TRANSLATE_NOOP("SaliencyView", "How much the score drops when a patch is covered"),
    INTEGRATED_GRADIENTS: QT_TRANSLATE_NOOP(
        "SaliencyView", "The gradient summed along the way from a blank canvas to your input"
    ),
}
EMPTY_NOTE = QT_TRANSLATE_NOOP(
    "SaliencyView",
    "The map is empty: no pixel of this input changes the predicted digit's score, so nothing is coloured.",
)
SCALE_TITLE = QT_TRANSLATE_NOOP("SaliencyView", "relative importance (0 = none, 1 = most)")
SCALE_NOTE = QT_TRANSLATE_NOOP(
    "SaliencyView", "Scaled for each input: 1 (bright yellow) is its most important pixel, 0 (black) none."
)
SIGNED_SCALE_TITLE = QT_TRANSLATE_NOOP("SaliencyView", "effect on the score (logit)")
SIGNED_SCALE_NOTE = QT_TRANSLATE_NOOP(
    "SaliencyView",
    "Red raises the predicted digit's score, blue lowers it, white does neither; the scale is in logits (the "
    "score before softmax), up to the largest effect on this input.",
)


def translated(text: object) -> str:
    """A text of these tables, marked with ``QT_TRANSLATE_NOOP``, in the interface language."""
    return QCoreApplication.translate("SaliencyView", str(text))


def has_convolutions(model: nn.Module) -> bool:
    return any(isinstance(m, nn.Conv2d) for m in model.modules())


def methods_for(model: nn.Module) -> list[str]:
    """The methods the chooser offers for ``model``, the default first: Grad-CAM needs convolutions."""
    return ([GRAD_CAM] if has_convolutions(model) else []) + [GRADIENT_X_INPUT, OCCLUSION, INTEGRATED_GRADIENTS]


def blank_value(ckpt: Checkpoint) -> float:
    """Paper without ink as the model sees it: 0 normalised with the checkpoint's mean and std (not 0)."""
    return float(ckpt.normalize(torch.zeros(())))


def attribute(method: str, model: nn.Module, x: torch.Tensor, blank: float) -> Attribution:
    """The map of a `SIGNED` method for the normalised input ``x`` ``[1, 28, 28]``, explaining the predicted digit."""
    if method == OCCLUSION:
        return occlusion(model, x, blank)
    if method == INTEGRATED_GRADIENTS:
        return integrated_gradients(model, x, blank, steps=IG_STEPS)
    raise ValueError(f"{method!r} is not computed in a worker")
