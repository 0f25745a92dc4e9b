"""The saliency view's method chooser: Grad-CAM (convolutional models only), gradient × input, occlusion and
integrated gradients, each with its own map and explanation, the slow two computed in a worker and following the
drawing; a map made for a model no longer shown is dropped; a failure is said; Chinese switches live."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from gestures import one, stroke, zero
from insight_inputs import ckpt, digit
from PySide6.QtCore import QSettings, Qt
from torch import nn

from digitpad.core.insight import activations
from digitpad.core.insight.activations import GRAD_CAM, GRAD_CAM_BLANK, GRADIENT_X_INPUT, gradient_x_input, saliency
from digitpad.core.insight.attributions import integrated_gradients, occlusion
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.common import i18n
from digitpad.ui.insight.saliency_methods import (
    IG_STEPS,
    INTEGRATED_GRADIENTS,
    OCCLUSION,
    SIGNED_SCALE_TITLE,
    blank_value,
)
from digitpad.ui.insight.saliency_view import SaliencyView
from digitpad.ui.main_window import MainWindow

SMALL_CNN = {"channels": (4, 8), "hidden": 16}


@pytest.fixture(autouse=True)
def fresh_saliency(monkeypatch):
    monkeypatch.setattr(activations, "_last_saliency", None)


@pytest.fixture
def view(qtbot) -> SaliencyView:
    v = SaliencyView()
    qtbot.addWidget(v)
    v.resize(560, 560)
    v.show()
    qtbot.waitExposed(v)
    yield v
    assert v.shutdown(10_000)


def chooser_items(view: SaliencyView) -> list[str]:
    return [view.method_chooser.itemData(i) for i in range(view.method_chooser.count())]


def wait_for(view: SaliencyView, qtbot, method: str) -> None:
    """Until the chosen ``method``'s map is shown (Grad-CAM's may have given way to gradient × input)."""
    shown = (GRAD_CAM, GRAD_CAM_BLANK) if method == GRAD_CAM else (method,)
    qtbot.waitUntil(lambda: view.method() in shown and not view.is_busy(), timeout=20_000)


def note_of(view: SaliencyView) -> str:
    return view.method_label.text().split("<small>")[-1]


def test_grad_cam_is_offered_only_where_the_model_has_convolutions(view: SaliencyView) -> None:
    view.set_model(ckpt("cnn", **SMALL_CNN))
    assert chooser_items(view) == [GRAD_CAM, GRADIENT_X_INPUT, OCCLUSION, INTEGRATED_GRADIENTS]
    assert view.chosen_method() == GRAD_CAM, "the default is the map shown before there was a choice"
    view.choose_method(INTEGRATED_GRADIENTS)
    for arch in ("lstm", "rnn", "mlp", "logreg"):
        view.set_model(ckpt(arch))
        assert chooser_items(view) == [GRADIENT_X_INPUT, OCCLUSION, INTEGRATED_GRADIENTS]
        assert view.chosen_method() == INTEGRATED_GRADIENTS, "the choice is kept where the model has it"
    view.choose_method(GRADIENT_X_INPUT)
    view.set_model(ckpt("cnn", **SMALL_CNN))
    assert view.chosen_method() == GRADIENT_X_INPUT
    view.set_input(digit(3))
    expected, target = gradient_x_input(view._ckpt.model, digit(3))
    assert view.method() == GRADIENT_X_INPUT, "gradient × input on a CNN, not its Grad-CAM"
    np.testing.assert_allclose(view.saliency_values(), expected.numpy(), atol=1e-6)


@pytest.mark.parametrize("arch", ["cnn", "lstm", "mlp"])
def test_each_method_shows_its_own_map_and_says_what_it_means(view: SaliencyView, qtbot, arch: str) -> None:
    model = ckpt(arch, **(SMALL_CNN if arch == "cnn" else {}))
    view.set_model(model)
    x = digit(5)
    view.set_input(x)
    blank = blank_value(model)
    notes = {}
    for method in [
        m for m in (GRAD_CAM, GRADIENT_X_INPUT, OCCLUSION, INTEGRATED_GRADIENTS) if m in chooser_items(view)
    ]:
        view.choose_method(method)
        wait_for(view, qtbot, method)
        values = view.saliency_values()
        assert values is not None and values.shape == (28, 28) and values.dtype == np.float32
        notes[method] = note_of(view)
        bar = view.picture.colorbar()
        if method == OCCLUSION:
            np.testing.assert_allclose(values, occlusion(model.model, x, blank).values.numpy(), atol=1e-5)
        if method == INTEGRATED_GRADIENTS:
            expected = integrated_gradients(model.model, x, blank, steps=IG_STEPS)
            np.testing.assert_allclose(values, expected.values.numpy(), atol=1e-5)
            assert f"adds up to {expected.total:+.2f}" in notes[method] and f"{IG_STEPS} steps" in notes[method]
        if method in (OCCLUSION, INTEGRATED_GRADIENTS):
            assert "Red" in notes[method] and "blue" in notes[method]
            assert bar is not None and bar.title == SIGNED_SCALE_TITLE and bar.lo == -bar.hi < 0
            assert bar.hi == pytest.approx(float(np.abs(values).max()))
            assert "logit" in view.scale_label.text() and view.scale_label.isVisible()
            assert "to the predicted digit's score" in view._tooltip(14, 14)
        else:
            assert values.max() == pytest.approx(1.0) and bar is not None and bar.lo == 0
            assert "relative importance" in view._tooltip(14, 14)
        assert str(view.target()) in view.method_label.text()
    assert len(set(notes.values())) == len(notes), "every method explains itself in its own words"


def test_a_map_made_for_a_model_no_longer_shown_is_dropped(view: SaliencyView, qtbot) -> None:
    first, second = ckpt("mlp", seed=1), ckpt("mlp", seed=2)
    view.set_model(first)
    view.choose_method(OCCLUSION)
    view.set_input(digit(1))
    assert view.is_busy() and "Computing <b>occlusion</b>" in view.method_label.text()
    view.hide()  # out of sight, the view waits to be shown before it computes for the new model
    view.set_model(second)
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=20_000)
    assert view.saliency_values() is None, "the first model's map is not shown as the second's"
    view.show()
    wait_for(view, qtbot, OCCLUSION)
    expected = occlusion(second.model, digit(1), blank_value(second)).values.numpy()
    np.testing.assert_allclose(view.saliency_values(), expected, atol=1e-5)


class FailsOnBatches(nn.Module):
    """A model that reads one image at a time and fails on a batch, as a model would that runs out of memory."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[0] > 1:
            raise RuntimeError("not enough memory for the batch")
        return self.net(x)


def test_a_map_that_cannot_be_computed_is_said_so(view: SaliencyView, qtbot) -> None:
    view.set_model(Checkpoint(arch="logreg", model=FailsOnBatches(), hparams={}))
    view.set_input(digit(2))
    assert view.method() == GRADIENT_X_INPUT
    view.choose_method(OCCLUSION)
    qtbot.waitUntil(lambda: "Could not compute" in view.method_label.text(), timeout=20_000)
    assert "occlusion" in view.method_label.text() and "not enough memory" in view.method_label.text()
    assert view.saliency_values() is None and view.picture.colorbar() is None
    view.choose_method(GRADIENT_X_INPUT)
    assert "Could not compute" not in view.method_label.text() and view.saliency_values() is not None


def test_the_methods_switch_to_chinese_and_back(view: SaliencyView, qtbot, qapp) -> None:
    view.set_model(ckpt("cnn", **SMALL_CNN))
    view.set_input(digit(4))
    view.choose_method(INTEGRATED_GRADIENTS)
    wait_for(view, qtbot, INTEGRATED_GRADIENTS)
    english = view.method_label.text()
    assert "integrated gradients" in english and "adds up to" in english

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: view.method_title.text() == "方法(&M)：", timeout=2000)
    names = [view.method_chooser.itemText(i) for i in range(view.method_chooser.count())]
    assert names == ["Grad-CAM", "梯度 × 输入", "遮挡法", "积分梯度"]
    assert view.method_chooser.itemData(2, Qt.ItemDataRole.ToolTipRole) == "遮住一个小块时得分下降多少"
    assert view.method_chooser.toolTip() == "显著性图的计算方法"
    text = view.method_label.text()  # re-rendered from the map shown, in Chinese
    assert "积分梯度：" in text and "红色像素" in text and "图中各值之和为" in text and "步数值积分" in text
    assert view.picture.colorbar().title == "对得分的影响（logit）"
    assert view.scale_label.text().startswith("红色提高预测数字的得分")
    assert view._tooltip(3, 4).startswith("第 3 行，第 4 列：使预测数字的得分")
    view.choose_method(OCCLUSION)
    qtbot.waitUntil(lambda: view.method() == OCCLUSION, timeout=20_000)
    assert "遮挡法：" in view.method_label.text()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=20_000)

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: view.method_title.text() == "&Method:", timeout=2000)
    assert view.method_chooser.itemText(3) == "integrated gradients"
    assert "occlusion: each 4×4 patch" in view.method_label.text()
    assert view.picture.colorbar().title == "effect on the score (logit)"


@pytest.fixture
def window(qtbot, settings: QSettings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1100, 720)
    w.show()
    qtbot.waitExposed(w)
    yield w
    assert w.insight_panel is not None and w.insight_panel.saliency_view.shutdown(10_000)
    assert w.close()


def test_each_method_on_a_drawn_digit_follows_the_drawing(window: MainWindow, qtbot) -> None:
    combo = window.model_selector
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i).startswith("cnn ")))
    assert window.insight_dock is not None and window.insight_panel is not None
    window.insight_dock.show()
    window.insight_dock.raise_()
    view = window.insight_panel.saliency_view
    window.insight_panel.show_view(view)
    qtbot.waitUntil(view.on_screen)
    stroke(window.canvas, one())
    assert view.method() in (GRAD_CAM, GRAD_CAM_BLANK) and view._x is not None
    drawn = view._x.clone()
    model = view._ckpt
    captions = {GRAD_CAM: view.method_label.text()}
    for method in (GRADIENT_X_INPUT, OCCLUSION, INTEGRATED_GRADIENTS):
        view.choose_method(method)
        wait_for(view, qtbot, method)
        assert view.saliency_values().shape == (28, 28)
        captions[method] = view.method_label.text()
    assert len(set(captions.values())) == 4, "each method changes the explanation"
    expected = integrated_gradients(model.model, drawn, blank_value(model), steps=IG_STEPS)
    np.testing.assert_allclose(view.saliency_values(), expected.values.numpy(), atol=1e-5)

    stroke(window.canvas, zero())  # more ink: the map follows, computed for the last pen move
    qtbot.waitUntil(lambda: not view.is_busy() and not torch.equal(view._x, drawn), timeout=20_000)
    assert view._x is not None and not torch.equal(view._x, drawn)
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=20_000)
    now = integrated_gradients(model.model, view._x, blank_value(model), steps=IG_STEPS)
    np.testing.assert_allclose(view.saliency_values(), now.values.numpy(), atol=1e-5)
    view.choose_method(GRAD_CAM)
    heat, _target, _method = saliency(model.model, view._x)
    np.testing.assert_allclose(view.saliency_values(), heat.numpy(), atol=1e-6)
