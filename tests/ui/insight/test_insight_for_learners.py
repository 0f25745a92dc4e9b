"""The insight views for a student: narrow enough for a dock, named in words, saying which input they show, and
offering MNIST where it is missing."""

from __future__ import annotations

import numpy as np
import pytest
from insight_inputs import ckpt, digit
from PySide6.QtCore import QPoint, Qt

from digitpad.core.data.mnist import Split
from digitpad.core.insight.activations import conv_kernels
from digitpad.core.models.checkpoint import Checkpoint, load_checkpoint
from digitpad.core.models.zoo import REGISTRY, build_model
from digitpad.core.runtime.paths import pretrained_path
from digitpad.ui.insight import insight_panel
from digitpad.ui.insight.insight_panel import InsightPanel
from digitpad.ui.state import AppState

DOCK_WIDTH = 340  # the widest an insight view may ask for: the window works from 1024 px up


def evaluate_now(panel: InsightPanel, qtbot, split: Split, model: Checkpoint) -> None:
    view = panel.confusion_view
    panel.set_model(model)
    panel.set_test_split(split)
    panel.show_view(view)
    with qtbot.waitSignal(view.evaluation_finished, timeout=60_000):
        assert view.evaluate()


@pytest.fixture
def panel(qtbot):
    p = InsightPanel()
    qtbot.addWidget(p)
    p.resize(DOCK_WIDTH, 600)
    p.show()
    qtbot.waitExposed(p)
    yield p
    assert p.shutdown(10_000)


def shipped_cnn() -> Checkpoint:
    path = pretrained_path("cnn")
    if path.is_file():
        return load_checkpoint(path)
    return Checkpoint(arch="cnn", model=build_model("cnn").eval(), hparams=dict(REGISTRY["cnn"].hparams))


@pytest.mark.parametrize("arch", ["cnn", "lstm", "rnn"])
def test_no_view_asks_for_more_than_a_dock_after_drawing(panel, arch):
    panel.set_model(ckpt(arch))
    panel.set_input(digit(1))
    for i, view in enumerate(panel.views()):
        if not panel.tabs.isTabEnabled(i):
            continue
        panel.show_view(view)
        view.refresh()
        assert view.minimumSizeHint().width() <= DOCK_WIDTH, type(view).__name__
        content = view.scroll_area.widget().minimumSizeHint().width()  # no sideways scrolling at a dock's width either
        assert content <= DOCK_WIDTH, f"{type(view).__name__}: {content}"
    assert panel.minimumSizeHint().width() <= DOCK_WIDTH


def test_layers_are_named_in_words_for_the_shipped_cnn(panel):
    model = shipped_cnn()
    panel.set_model(model)
    panel.set_input(digit(2))
    c1, c2 = model.hparams["channels"]
    convs = model.hparams.get("convs", 1)
    widths = [c1] * convs + [c2] * convs  # the shipped CNN: two convolutions a stage (--convs 2)
    view = panel.feature_map_view
    titles = [view.layer_selector.itemText(i) for i in range(view.layer_selector.count())]
    for k, width in enumerate(widths, start=1):
        assert f"Convolution {k} — {width} filters of 3×3, after ReLU" in titles
    assert "Pooling 1 — 2×2 max" in titles and "Pooling 2 — 2×2 max" in titles
    assert not [t for t in titles if "features." in t]
    kernels = panel.kernel_view
    names = [kernels.layer_selector.itemText(i) for i in range(kernels.layer_selector.count())]
    assert names == [f"Convolution {k} — {width} filters of 3×3" for k, width in enumerate(widths, start=1)]


def test_every_view_says_what_it_shows(panel):
    views = (panel.feature_map_view, panel.kernel_view, panel.lstm_view, panel.confusion_view)
    for view in views:
        assert view.caption.text(), type(view).__name__


def test_maps_and_filters_share_their_numbers(panel, qtbot):
    model = ckpt("cnn")
    panel.set_model(model)
    panel.set_input(digit(3))
    maps = panel.feature_map_view
    maps.layer_selector.setCurrentIndex(maps.layer_selector.findData("features.relu1"))
    maps.select_channel(6)
    assert "Map #7, made by filter #7 of Convolution 1" in maps._enlarged_caption.text()
    kernels = panel.kernel_view
    panel.show_view(kernels)
    assert "filter #1 " in kernels._tooltip(0, 0)


def test_clicking_a_filter_zooms_on_its_kernels(panel, qtbot):
    model = ckpt("cnn", channels=(8, 16))
    panel.set_model(model)
    view = panel.kernel_view
    panel.show_view(view)
    view.layer_selector.setCurrentIndex(1)  # 16 filters reading 8 maps each
    rect, mosaic = view.grid_view.image_rect(), view.kernel_mosaic()
    column = 5 * 4 + 1  # filter #6: tiles of 3 pixels and a gap
    x = rect.x() + (column + 0.5) / mosaic.shape[1] * rect.width()
    qtbot.mouseClick(view.grid_view, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(rect.y() + 2)))
    assert view.selected_filter() == 5
    weights = conv_kernels(model.model)["features.conv2"][5].numpy()  # [8 inputs, 3, 3]
    zoomed = view.zoomed()
    np.testing.assert_allclose(zoomed[:3, :3], weights[0])
    np.testing.assert_allclose(zoomed[:3, 4:7], weights[1])
    assert "filter #6 of 16" in view._filter_label.text()
    view.filter_slider.setValue(0)
    np.testing.assert_allclose(view.zoomed()[:3, :3], conv_kernels(model.model)["features.conv2"][0, 0].numpy())


@pytest.mark.parametrize("arch", ["lstm", "rnn"])
def test_the_recurrent_view_counts_rows_from_one(panel, arch):
    panel.set_model(ckpt(arch))
    panel.set_input(digit(4))
    view = panel.lstm_view
    view.slider.setValue(view.slider.maximum())
    assert view.step_text() == "row 28 of 28"
    view.slider.setValue(0)
    assert view.step_text() == "row 1 of 28"


def test_the_prediction_chart_emphasises_the_answer_so_far(panel):
    panel.set_model(ckpt("lstm"))
    panel.set_input(digit(5))
    view = panel.lstm_view
    view.slider.setValue(10)
    digit_now = int(view.probabilities()[10].argmax())
    assert view.chart_emphasis() == digit_now
    widths = [curve.opts["pen"].width() for curve in view._curves]
    assert widths[digit_now] > max(w for d, w in enumerate(widths) if d != digit_now)
    assert str(digit_now) in view._legend.text()


def test_missing_mnist_offers_to_choose_a_folder(qtbot, settings, tmp_path, monkeypatch):
    state = AppState(settings)
    state.set_data_folder(tmp_path)  # no MNIST here
    panel = InsightPanel(state=state)
    qtbot.addWidget(panel)
    panel.resize(DOCK_WIDTH, 600)
    panel.show()
    panel.set_model(ckpt("logreg"))
    view = panel.confusion_view
    panel.show_view(view)
    qtbot.waitUntil(view.choose_button.isVisible)
    assert "MNIST was not found" in view.status.text()
    asked = []
    monkeypatch.setattr(insight_panel, "choose_data_folder", lambda parent, s: asked.append(s) or False)
    qtbot.mouseClick(view.choose_button, Qt.MouseButton.LeftButton)
    assert asked == [state]
    assert not view.is_busy()  # cancelled: nothing is evaluated
    assert panel.shutdown(10_000)


def test_a_clicked_mistake_is_named_and_the_drawing_comes_back(panel, qtbot, synthetic_mnist):
    panel.resize(900, 700)
    model = ckpt("logreg")
    evaluate_now(panel, qtbot, synthetic_mnist.test, model)
    drawing = digit(6)
    panel.set_input(drawing)
    assert panel.source() == "your drawing" and not panel.back_button.isVisible()
    gallery = panel.confusion_view.gallery
    entry = gallery.shown()[0]
    rect = gallery.list_widget.visualItemRect(gallery.list_widget.item(0))
    with qtbot.waitSignal(panel.example_selected, timeout=2000) as blocker:
        qtbot.mouseClick(gallery.list_widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    named = f"test digit #{entry['index']}, a {entry['label']} read as {entry['predicted']}"
    assert panel.source() == named and named in panel.source_label.text()
    assert panel.back_button.isVisible()
    saliency = panel.saliency_view
    assert saliency.source() == named and named in saliency.source_label.text()
    panel.show_view(saliency)
    assert not np.allclose(saliency._picture, 0)
    panel.set_input(blocker.args[0])  # the example announced again (the window relays it): still shown
    assert panel.source() == named

    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert panel.source() == saliency.source() == "your drawing" and not panel.back_button.isVisible()
    assert saliency._x is not None and np.allclose(saliency._x.numpy(), drawing.numpy())

    with qtbot.waitSignal(panel.example_selected, timeout=2000):
        qtbot.mouseClick(gallery.list_widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    panel.set_input(digit(7))  # the next pen stroke
    assert panel.source() == "your drawing"
