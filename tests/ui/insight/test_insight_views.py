"""The insight views follow the drawing and the model, show the core's numbers, and leave no thread behind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from insight_inputs import ckpt, digit
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QSlider

from digitpad.core.data.mnist import Split, missing_message
from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
from digitpad.core.insight.activations import (
    conv_kernels,
    feature_maps,
    layer_title,
    lstm_steps,
    predictions_over_time,
    rnn_hidden_states,
    saliency,
)
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.training.evaluation import evaluate
from digitpad.core.training.test_set import evaluate_test_set
from digitpad.ui.insight import export
from digitpad.ui.insight.arrays import tile_rect
from digitpad.ui.insight.insight_panel import InsightPanel
from digitpad.ui.workers.runner import JobRunner


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


@pytest.fixture
def panel(qtbot):
    p = InsightPanel()
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    qtbot.waitExposed(p)
    yield p
    assert p.shutdown(10_000)


# --- CNN feature maps and filters -----------------------------------------------------------------
def shown_maps(view) -> dict[int, np.ndarray]:
    return {k: view.channel_values(k) for k in range(view.channel_count())}


def test_feature_maps_follow_the_input_and_the_model(panel):
    view = panel.feature_map_view
    first = ckpt("cnn", seed=0)
    panel.set_model(first)
    for x in (digit(1), digit(2)):
        panel.set_input(x)
        expected = feature_maps(first.model, x)[view.current_layer()]
        for k, values in shown_maps(view).items():
            np.testing.assert_allclose(values, expected[k].numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(view.enlarged_view.values(), expected[view.selected_channel()].numpy())
    second = ckpt("cnn", seed=1)
    panel.set_model(second)
    expected = feature_maps(second.model, digit(2))[view.current_layer()]
    np.testing.assert_allclose(view.channel_values(3), expected[3].numpy(), rtol=1e-5, atol=1e-6)


def test_layer_selector_lists_every_conv_and_pool_layer_with_its_shape(panel):
    model = ckpt("cnn")
    panel.set_model(model)
    panel.set_input(digit(3))
    view = panel.feature_map_view
    selector = view.findChild(QComboBox, "layerSelector")
    expected = feature_maps(model.model, digit(3))
    assert [selector.itemData(i) for i in range(selector.count())] == list(expected)
    for i, (name, maps) in enumerate(expected.items()):
        selector.setCurrentIndex(i)
        assert view.layer_shape() == tuple(maps.shape)
        assert selector.currentText() == view.layer_title() == layer_title(model.model, name)
        assert " × ".join(map(str, maps.shape)) in view.layer_caption.text()
        np.testing.assert_allclose(view.channel_values(maps.shape[0] - 1), maps[-1].numpy(), rtol=1e-5, atol=1e-6)


def test_a_cnn_with_other_widths_works_and_switching_back_repopulates(panel):
    view = panel.feature_map_view
    panel.set_input(digit(4))
    selector = view.layer_selector

    def shapes() -> list:
        found = []
        for i in range(selector.count()):
            selector.setCurrentIndex(i)
            found.append(view.layer_shape())
        return found

    panel.set_model(ckpt("cnn", channels=(8, 16), stem="pool"))
    assert shapes() == [(8, 28, 28), (8, 14, 14), (8, 14, 14), (16, 14, 14), (16, 7, 7), (16, 7, 7)]
    panel.set_model(ckpt("cnn", channels=(8, 16), stem="strided"))  # the stride halves the image, no pooling
    assert shapes() == [(8, 14, 14), (8, 14, 14), (16, 14, 14), (16, 7, 7), (16, 7, 7)]
    panel.set_model(ckpt("cnn"))
    assert view.layer_shape()[0] in (32, 64)
    assert view.channel_count() == view.layer_shape()[0]


def test_clicking_a_map_enlarges_it(panel, qtbot):
    model = ckpt("cnn")
    panel.set_model(model)
    panel.set_input(digit(5))
    view = panel.feature_map_view
    _, h, w = view.layer_shape()
    r, c, th, tw = tile_rect(6, view._cols, h, w)
    rect = view.grid_view.image_rect()
    mosaic = view.grid_view.values()
    x = rect.x() + (c + tw / 2) / mosaic.shape[1] * rect.width()
    y = rect.y() + (r + th / 2) / mosaic.shape[0] * rect.height()
    qtbot.mouseClick(view.grid_view, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert view.selected_channel() == 6
    expected = feature_maps(model.model, digit(5))[view.current_layer()][6].numpy()
    np.testing.assert_allclose(view.enlarged_view.values(), expected)
    assert view.grid_view.highlights()[0].row == r


def test_per_map_scale_restretches_colours_but_keeps_values(panel):
    panel.set_model(ckpt("cnn"))
    panel.set_input(digit(6))
    view = panel.feature_map_view
    shared_rgba, values = view.grid_view.rgba().copy(), shown_maps(view)
    view.per_map_scale.setChecked(True)
    assert view.grid_view.rgba().shape != shared_rgba.shape or not np.array_equal(view.grid_view.rgba(), shared_rgba)
    for k, shown in shown_maps(view).items():
        np.testing.assert_array_equal(shown, values[k])


def test_kernel_view_shows_the_learned_filters(panel):
    model = ckpt("cnn", channels=(8, 16))
    panel.set_model(model)
    view = panel.kernel_view
    panel.show_view(view)
    weights = conv_kernels(model.model)
    view.layer_selector.setCurrentIndex(1)
    mosaic = view.kernel_mosaic()
    w2 = weights[view.current_layer()].numpy()  # [16 out, 8 in, 3, 3]: column = filter, row = input channel
    r, c, h, w = tile_rect(2 * 16 + 5, 16, 3, 3)
    np.testing.assert_allclose(mosaic[r : r + h, c : c + w], w2[5, 2])


# --- LSTM and RNN ---------------------------------------------------------------------------------
def test_lstm_heatmaps_equal_the_recomputed_gates(panel):
    model = ckpt("lstm")
    panel.set_model(model)
    assert panel.current_view() is panel.lstm_view  # the CNN tabs are disabled, the first enabled tab shows
    x = digit(7)
    panel.set_input(x)
    steps = lstm_steps(model.model, x)[0]
    view = panel.lstm_view
    assert view.heatmap("forget").values().shape == (28, 128)
    for name in ("input", "forget", "output", "candidate", "cell", "hidden"):
        np.testing.assert_allclose(view.heatmap(name).values(), steps[name].numpy())
    np.testing.assert_allclose(view.probabilities(), predictions_over_time(model.model, x).numpy())
    panel.set_input(digit(8))
    np.testing.assert_allclose(view.heatmap("forget").values(), lstm_steps(model.model, digit(8))[0]["forget"].numpy())


def test_time_step_slider_highlights_the_row_being_read(panel):
    model = ckpt("lstm")
    panel.set_model(model)
    panel.set_input(digit(9))
    view = panel.lstm_view
    slider = view.findChild(QSlider, "timeStepSlider")
    assert view.highlighted_row() == 27
    slider.setValue(5)
    assert view.highlighted_row() == 5
    assert view.heatmap("forget").highlights()[0].row == 5
    forget = lstm_steps(model.model, digit(9))[0]["forget"][5].numpy()
    np.testing.assert_allclose(view.step_view.values()[1], forget)  # rows: input, forget, output, ...


def test_rnn_shows_hidden_states_only(panel):
    model = ckpt("rnn")
    panel.set_model(model)
    panel.set_input(digit(10))
    view = panel.lstm_view
    assert panel.tabs.tabText(panel.tabs.indexOf(view)) == "RNN states"
    np.testing.assert_allclose(view.heatmap("hidden").values(), rnn_hidden_states(model.model, digit(10))[0].numpy())
    assert not view.heatmap("forget").isVisible()
    assert view.step_view.values().shape == (1, 128)


def test_tabs_that_do_not_apply_are_disabled_and_say_why(panel):
    panel.set_model(ckpt("mlp"))
    enabled = {panel.tabs.tabText(i): panel.tabs.isTabEnabled(i) for i in range(panel.tabs.count())}
    assert enabled == {
        "Feature maps": False,
        "Filters": False,
        "LSTM gates": False,
        "Saliency": True,
        "Test set": True,
        "Projector": True,
        "Explain": True,
    }
    assert "convolutional" in panel.tabs.tabToolTip(0)
    panel.feature_map_view.refresh()
    assert "convolutional" in panel.feature_map_view._hint.text()


def test_an_empty_canvas_shows_a_hint(panel):
    panel.set_model(ckpt("cnn"))
    panel.set_input(None)
    view = panel.feature_map_view
    assert view._stack.currentIndex() == 0 and "Draw a digit" in view._hint.text()
    panel.set_input(digit(1))
    assert view._stack.currentIndex() == 1


def test_hidden_tabs_do_not_recompute_until_shown(panel, count_renders):
    model = ckpt("cnn")
    panel.set_model(model)
    panel.show_view(panel.saliency_view)
    features, saliency_view = panel.feature_map_view, panel.saliency_view
    feature_renders, saliency_renders = count_renders(features), count_renders(saliency_view)
    for seed in range(5):
        panel.set_input(digit(seed))
    assert len(feature_renders) == 0 and features.is_stale()
    assert len(saliency_renders) == 5
    panel.show_view(features)
    assert len(feature_renders) == 1 and not features.is_stale()
    expected = feature_maps(model.model, digit(4))[features.current_layer()][0].numpy()
    np.testing.assert_allclose(features.channel_values(0), expected, rtol=1e-5, atol=1e-6)


# --- saliency -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("arch", "method"), [("cnn", "Grad-CAM"), ("lstm", "gradient x input")])
def test_saliency_overlay_shows_the_core_map_and_names_the_method(panel, arch, method):
    model = ckpt(arch)
    panel.set_model(model)
    view = panel.saliency_view
    panel.show_view(view)
    panel.set_input(digit(11))
    expected, target, name = saliency(model.model, digit(11))
    np.testing.assert_allclose(view.saliency_values(), expected.numpy(), atol=1e-6)
    assert view.method() == name == method and method.split()[0] in view.method_label.text()
    assert str(target) in view.method_label.text()
    view.overlay_toggle.setChecked(False)
    rgba = view.picture.rgba()
    assert np.array_equal(rgba[..., 0], rgba[..., 1]), "without the overlay the input shows in grey"


# --- test set: confusion matrix and mistakes ------------------------------------------------------
def evaluate_now(panel, qtbot, split: Split, model: Checkpoint) -> None:
    view = panel.confusion_view
    panel.set_model(model)
    panel.set_test_split(split)
    panel.show_view(view)
    with qtbot.waitSignal(view.evaluation_finished, timeout=60_000):
        qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
    assert not view.is_busy()


def test_confusion_counts_sum_to_the_evaluated_set(panel, qtbot, synthetic_mnist):
    model = ckpt("cnn", channels=(8, 16))
    evaluate_now(panel, qtbot, synthetic_mnist.test, model)
    view = panel.confusion_view
    counts = view.matrix.counts()
    assert counts.sum() == len(synthetic_mnist.test)
    np.testing.assert_array_equal(counts, evaluate(model.model, synthetic_mnist.test).confusion.numpy())
    np.testing.assert_allclose(view.matrix.per_class_accuracy(), np.diag(counts) / np.maximum(counts.sum(1), 1))
    assert f"{len(synthetic_mnist.test):,} test digits" in view.summary.text()


def test_confusion_on_real_test_digits(panel, qtbot, small_mnist):
    evaluate_now(panel, qtbot, small_mnist.test, ckpt("logreg"))
    assert panel.confusion_view.matrix.counts().sum() == len(small_mnist.test) == 1000


def test_results_are_kept_per_model(panel, qtbot, synthetic_mnist):
    first, second = ckpt("logreg", seed=0), ckpt("logreg", seed=1)
    evaluate_now(panel, qtbot, synthetic_mnist.test, first)
    panel.set_model(second)
    assert panel.confusion_view.matrix.counts() is None
    panel.set_model(first)
    assert panel.confusion_view.matrix.counts().sum() == len(synthetic_mnist.test)


def test_clicking_a_mistake_emits_its_model_input(panel, qtbot, synthetic_mnist):
    model = ckpt("logreg")
    evaluate_now(panel, qtbot, synthetic_mnist.test, model)
    gallery = panel.confusion_view.gallery
    assert gallery.list_widget.count() > 0  # an untrained model gets most random digits wrong
    entry = gallery.shown()[0]
    assert entry["label"] != entry["predicted"]
    item = gallery.list_widget.item(0)
    rect = gallery.list_widget.visualItemRect(item)
    with qtbot.waitSignal(panel.example_selected, timeout=2000) as blocker:
        qtbot.mouseClick(gallery.list_widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    x = blocker.args[0]
    assert x.shape == (1, 28, 28) and x.dtype == torch.float32
    image = synthetic_mnist.test.images[int(entry["index"])].float() / 255
    torch.testing.assert_close(x[0], (image - MNIST_MEAN) / MNIST_STD)


def test_a_matrix_cell_filters_the_gallery(panel, qtbot, synthetic_mnist):
    evaluate_now(panel, qtbot, synthetic_mnist.test, ckpt("logreg"))
    view = panel.confusion_view
    first = view.gallery.shown()[0]
    cell = (int(first["label"]), int(first["predicted"]))
    center = view.matrix.cell_rect(*cell).center().toPoint()
    qtbot.mouseClick(view.matrix, Qt.MouseButton.LeftButton, pos=center)
    shown = view.gallery.shown()
    assert shown and all((m["label"], m["predicted"]) == cell for m in shown)


def test_a_missing_dataset_shows_the_data_error(panel, qtbot, tmp_path):
    view = panel.confusion_view
    panel.set_model(ckpt("logreg"))
    panel.set_data_root(tmp_path)
    panel.show_view(view)
    with qtbot.waitSignal(view.evaluation_finished, timeout=30_000):
        assert view.evaluate()
    assert view.status.text() == missing_message(tmp_path)
    assert view.evaluate_button.isEnabled()


def test_shutdown_joins_a_running_evaluation(panel, qtbot):
    g = torch.Generator().manual_seed(0)
    big = Split(torch.randint(0, 256, (40_000, 28, 28), generator=g, dtype=torch.uint8), torch.zeros(40_000).long())
    view = panel.confusion_view
    panel.set_model(ckpt("cnn"))
    panel.set_test_split(big)
    assert view.evaluate()
    qtbot.waitUntil(lambda: "Evaluating" in view.status.text(), timeout=10_000)
    assert view.is_busy()
    assert panel.shutdown(10_000)
    assert not view.is_busy()


def test_the_evaluation_job_always_finishes_last(qtbot, synthetic_mnist):
    runner = JobRunner("evaluation", heavy=False)
    order: list[str] = []
    for name in ("started", "progress", "returned", "errored", "aborted", "finished"):
        getattr(runner, name).connect(lambda *_a, name=name: order.append(name))
    model = build_model("logreg").eval()
    with qtbot.waitSignal(runner.finished, timeout=30_000):
        runner.start(lambda state: evaluate_test_set(model, synthetic_mnist.test, MNIST_MEAN, MNIST_STD, state))
    assert order[0] == "started" and order[-1] == "finished" and "returned" in order


def test_cancelling_an_evaluation_says_so_and_keeps_no_result(panel, qtbot):
    g = torch.Generator().manual_seed(0)
    big = Split(torch.randint(0, 256, (40_000, 28, 28), generator=g, dtype=torch.uint8), torch.zeros(40_000).long())
    view = panel.confusion_view
    panel.set_model(ckpt("cnn"))
    panel.set_test_split(big)
    panel.show_view(view)
    with qtbot.waitSignal(view.evaluation_finished, timeout=30_000):
        assert view.evaluate() and not view.evaluate_button.isEnabled()
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "Evaluation cancelled." and view.result() is None
    assert view.evaluate_button.isEnabled() and not view.is_busy()


# --- export ---------------------------------------------------------------------------------------
def test_every_view_exports_a_png(panel, qtbot, monkeypatch, tmp_path):
    panel.set_model(ckpt("cnn"))
    panel.set_input(digit(12))
    for i, view in enumerate(panel.views()):
        if not panel.tabs.isTabEnabled(i):
            continue
        panel.show_view(view)
        target = tmp_path / f"{view.objectName()}"
        monkeypatch.setattr(export, "ask_png_path", lambda _parent, _name, target=target: str(target))
        button = view.findChild(type(view._export_button), "exportButton")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        written = Path(f"{target}.png")
        assert written.stat().st_size > 0
        image = QImage(str(written))
        assert not image.isNull() and image.width() > 100
