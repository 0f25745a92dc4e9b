"""The saliency view explains itself: a blank Grad-CAM is replaced and said so, an empty map is explained, the
scale has a title, and the caption names the input (your drawing or a test digit) with the way back."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtGui import QPalette

from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
from digitpad.core.insight import activations
from digitpad.core.insight.activations import GRAD_CAM, GRAD_CAM_BLANK, saliency
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.ui.common import theme
from digitpad.ui.insight import saliency_view as saliency_module
from digitpad.ui.insight.arrays import ArrayView, ColorBar
from digitpad.ui.insight.saliency_view import SCALE_TITLE, SaliencyView

SMALL_CNN = {"channels": (4, 8), "hidden": 16}


def bar_digit() -> torch.Tensor:
    ink = torch.zeros(1, 28, 28)
    ink[0, 5:23, 12:16] = 1.0
    return (ink - MNIST_MEAN) / MNIST_STD


def cnn(blank_grad_cam: bool = False) -> Checkpoint:
    torch.manual_seed(0)
    model = build_model("cnn", SMALL_CNN).eval()
    if blank_grad_cam:  # every feature channel lowers every score: Grad-CAM's rectified map is all zeros
        with torch.no_grad():
            model.classifier.fc1.weight.abs_()
            model.classifier.fc1.bias.fill_(1.0)
            model.classifier.fc2.weight.copy_(-model.classifier.fc2.weight.abs())
    return Checkpoint(arch="cnn", model=model, hparams=SMALL_CNN)


@pytest.fixture(autouse=True)
def fresh_saliency(monkeypatch):
    monkeypatch.setattr(activations, "_last_saliency", None)


@pytest.fixture
def view(qtbot) -> SaliencyView:
    v = SaliencyView()
    qtbot.addWidget(v)
    v.resize(520, 520)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_grad_cam_is_shown_with_a_titled_scale(view: SaliencyView) -> None:
    view.set_model(cnn())
    view.set_input(bar_digit())
    assert view.method() == GRAD_CAM and view.saliency_values().max() == 1.0
    bar = view.picture.colorbar()
    assert bar is not None and bar.title == SCALE_TITLE
    assert "0 = none" in bar.title and "1 = most" in bar.title
    assert view.scale_label.isVisible() and "most important pixel" in view.scale_label.text()
    assert "coarse grid" in view.method_label.text(), "says why Grad-CAM colours paper near the strokes"


def test_a_blank_grad_cam_is_replaced_and_the_caption_says_why(view: SaliencyView) -> None:
    model = cnn(blank_grad_cam=True)
    view.set_model(model)
    view.set_input(bar_digit())
    expected, target, method = saliency(model.model, bar_digit())
    assert method == view.method() == GRAD_CAM_BLANK
    np.testing.assert_allclose(view.saliency_values(), expected.numpy())
    assert view.saliency_values().max() == 1.0, "a map a student can read, not a blank one"
    text = view.method_label.text()
    assert "Grad-CAM came out blank" in text and "gradient × input" in text and str(target) in text
    assert view.picture.colorbar() is not None


def test_an_empty_map_is_explained_not_shown_as_a_blank_scale(view: SaliencyView, monkeypatch) -> None:
    monkeypatch.setattr(saliency_module, "shared_saliency", lambda _m, _x: (torch.zeros(28, 28), 4, GRAD_CAM))
    view.set_model(cnn())
    view.set_input(bar_digit())
    assert view.map_is_empty()
    assert "The map is empty" in view.method_label.text()
    assert view.picture.colorbar() is None and not view.scale_label.isVisible()
    rgba = view.picture.rgba()
    assert np.array_equal(rgba[..., 0], rgba[..., 2]), "the input shows in grey, with no overlay"


def test_the_caption_names_the_input_and_offers_the_way_back(view: SaliencyView, qtbot) -> None:
    view.set_model(cnn())
    view.set_source("your drawing")
    view.set_input(bar_digit())
    assert "on <b>your drawing</b>" in view.method_label.text()
    assert "Back to your drawing" not in view.method_label.text()
    view.set_source("test digit #12, a 7 read as 1", drawing=False)
    view.set_input(bar_digit() * 0.9)
    text = view.method_label.text()
    assert "test digit #12, a 7 read as 1" in text and "its predicted digit" in text
    assert view.input_source() == "test digit #12, a 7 read as 1"
    with qtbot.waitSignal(view.back_to_drawing_requested, timeout=1000):
        view.method_label.linkActivated.emit(saliency_module.BACK_LINK)
    assert "Back to your drawing" in text
    view.set_input_source("")  # the panel shows the drawing again
    assert "your drawing" in view.method_label.text() and "Back to" not in view.method_label.text()
    view.set_input_source("test digit #40")
    assert "test digit #40" in view.method_label.text() and "Back to your drawing" in view.method_label.text()


def test_the_colour_bar_title_is_painted_beside_it_and_can_be_set_later(qtbot) -> None:
    plain, titled = ArrayView(), ArrayView()
    for v, title in ((plain, None), (titled, "activation")):
        qtbot.addWidget(v)
        v.set_array(np.linspace(0, 1, 28 * 28, dtype=np.float32).reshape(28, 28), "viridis", 0, 1)
        v.set_colorbar(ColorBar("viridis", 0.0, 1.0, title=title))
        v.resize(300, 200)
        v.show()
        qtbot.waitExposed(v)
    assert ColorBar("viridis", 0, 1).title is None, "views that give no title keep working"
    assert titled.image_rect().right() < plain.image_rect().right(), "room is kept for the title"
    bar = plain.colorbar()
    assert bar is not None
    bar.set_title("weight")
    plain.update()
    assert plain.colorbar().title == "weight"
    theme.apply_theme(theme.application(), "light")
    text = plain.palette().color(QPalette.ColorRole.WindowText)
    image = titled.grab().toImage()
    rect = titled.image_rect()
    strip_right = int(rect.right() + 6 + 8 + 3 + titled.fontMetrics().horizontalAdvance("-0.00") + 4)
    title_pixels = [
        image.pixelColor(x, y)
        for x in range(strip_right, min(image.width(), strip_right + titled.fontMetrics().height() + 2))
        for y in range(int(rect.top()), int(rect.bottom()))
    ]
    assert any(abs(c.lightness() - text.lightness()) < 60 for c in title_pixels), "the title is drawn"
