"""The projector tab: a map of the test digits made when the tab is in sight, the drawing as a star that follows the
pen, points named on hover and shown everywhere on click, a missing data set said, and both languages, live."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from insight_inputs import ckpt
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from threadpoolctl import threadpool_limits

from digitpad.core.data.mnist import Split
from digitpad.core.inference.strokes import drawing_input
from digitpad.core.insight import embedding
from digitpad.core.insight.embedding import PCA, TSNE, features_of
from digitpad.core.models.checkpoint import Checkpoint, load_checkpoint
from digitpad.core.my_digits.store import MyDigit
from digitpad.core.runtime.paths import pretrained_path
from digitpad.ui.common import i18n
from digitpad.ui.insight.insight_panel import InsightPanel
from digitpad.ui.insight.projector_view import ProjectorView


@pytest.fixture(autouse=True)
def one_thread_per_pool(monkeypatch, tmp_path):
    """numpy's and scikit-learn's thread pools spin on a busy machine (tenfold slower here): one thread each, in the
    job's thread too. Maps of model files are cached in a folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tsne_map = embedding.tsne_map

    def one_thread_tsne(*args, **kwargs):
        with threadpool_limits(1):
            return tsne_map(*args, **kwargs)

    monkeypatch.setattr(embedding, "tsne_map", one_thread_tsne)
    with threadpool_limits(1):
        yield


@pytest.fixture
def panel(qtbot):
    p = InsightPanel()
    qtbot.addWidget(p)
    p.resize(600, 800)
    p.show()
    qtbot.waitExposed(p)
    yield p
    assert p.shutdown(10_000)


@pytest.fixture(scope="module")
def shipped_cnn() -> Checkpoint:
    path = pretrained_path("cnn")
    if not path.is_file():
        pytest.skip("the shipped CNN is not in resources/pretrained")
    return load_checkpoint(path)


@pytest.fixture(scope="module")
def test_digits(mnist) -> Split:
    return Split(mnist.test.images[:500], mnist.test.labels[:500])


def drawn(model: Checkpoint, strokes: list[list[tuple[float, float]]]) -> torch.Tensor:
    x = drawing_input(strokes)
    assert x is not None
    return model.normalize(x)


ONE = [[(0.5, 0.18 + 0.64 * i / 12) for i in range(13)]]
ZERO = [[(0.5 + 0.2 * math.sin(2 * math.pi * i / 28), 0.5 - 0.3 * math.cos(2 * math.pi * i / 28)) for i in range(29)]]


def mapped(qtbot, view: ProjectorView, method: str = PCA) -> embedding.Embedding:
    """Wait for the map by ``method``; then for the plot to have laid it out."""
    view.set_method(method)
    qtbot.waitUntil(lambda: view.embedding() is not None and not view.is_busy(), timeout=120_000)
    emb = view.embedding()
    assert emb is not None and view.map.isVisible()
    box = view.map.plot.getPlotItem().getViewBox()
    low, high = emb.points.min(0), emb.points.max(0)
    qtbot.waitUntil(lambda: _covers(box.viewRange(), low, high), timeout=5000)
    return emb


def _covers(ranges, low, high) -> bool:
    (x0, x1), (y0, y1) = ranges
    return x0 <= low[0] and high[0] <= x1 and y0 <= low[1] and high[1] <= y1


def on_widget(view: ProjectorView, point: np.ndarray) -> QPoint:
    plot = view.map.plot
    scene = plot.getPlotItem().getViewBox().mapViewToScene(QPointF(float(point[0]), float(point[1])))
    return plot.mapFromScene(scene)


def nearest_cluster(emb: embedding.Embedding, position: tuple[float, float]) -> int:
    centres = np.array([emb.points[emb.predictions == d].mean(0) for d in range(10)])
    return int(np.linalg.norm(centres - np.array(position), axis=1).argmin())


def test_the_star_follows_the_drawing_into_the_cluster_of_what_the_model_reads(
    panel, qtbot, shipped_cnn, test_digits
) -> None:
    view = panel.projector_view
    panel.set_model(shipped_cnn)
    panel.set_test_split(test_digits)
    panel.set_input(drawn(shipped_cnn, ONE))
    panel.show_view(view)
    emb = mapped(qtbot, view, PCA)
    assert len(emb) == 500 and view.star_position() is not None
    feats, _ = features_of(shipped_cnn.model, drawn(shipped_cnn, ONE))
    np.testing.assert_allclose(view.star_position(), emb.place(feats)[0], rtol=1e-5)  # projected exactly
    at_one = view.star_position()
    panel.set_input(drawn(shipped_cnn, ZERO))
    assert view.star_position() != at_one
    assert view.map.pointer_label.text() == "★ your drawing: read as 0 (100%)"

    emb = mapped(qtbot, view, TSNE)  # clusters of its own: the drawing goes among what the model reads it as
    for strokes, digit in ((ONE, 1), (ZERO, 0)):
        panel.set_input(drawn(shipped_cnn, strokes))
        position = view.star_position()
        assert position is not None and nearest_cluster(emb, position) == digit
    assert "t-SNE of 500 test digits" in view.map.notes.text() and "10 nearest" in view.map.notes.text()


def test_hovering_names_a_point_and_clicking_shows_it_everywhere(panel, qtbot, shipped_cnn, test_digits) -> None:
    view = panel.projector_view
    panel.set_model(shipped_cnn)
    panel.set_test_split(test_digits)
    panel.set_input(drawn(shipped_cnn, ONE))
    panel.show_view(view)
    emb = mapped(qtbot, view)
    i = int(np.flatnonzero(emb.misclassified)[0])
    entry = emb.entry(i)
    viewport = view.map.plot.viewport()
    named = f"test digit #{entry['index']}: a {entry['label']}, read as {entry['predicted']}"

    def point_at_it() -> bool:  # again until the plot has settled its axes: they move the points a few pixels
        QTest.mouseMove(viewport, on_widget(view, emb.points[i]))
        return view.map.pointer_label.text() == named

    qtbot.waitUntil(point_at_it, timeout=5000)
    assert view.map.plot.getPlotItem().getViewBox().toolTip() == f"{named}. Click to look inside."
    where = on_widget(view, emb.points[i])
    with qtbot.waitSignal(view.example_selected, timeout=2000) as clicked:
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    x, sent = clicked.args
    assert sent == entry
    assert torch.equal(x, shipped_cnn.normalize(test_digits.images[entry["index"]]).unsqueeze(0))
    shown = f"test digit #{entry['index']}, a {entry['label']} read as {entry['predicted']}"
    assert panel.source() == shown and panel.saliency_view.source() == shown  # the panel's own path
    np.testing.assert_allclose(view.star_position(), emb.points[i], atol=1e-4)  # the star is on the digit clicked


def test_the_map_is_made_only_in_sight_and_kept_per_model(panel, qtbot, synthetic_mnist) -> None:
    view = panel.projector_view
    first, second = ckpt("logreg"), ckpt("mlp")
    panel.set_model(first)
    panel.set_test_split(synthetic_mnist.test)
    panel.show_view(panel.saliency_view)
    assert not view.is_busy() and view.embedding() is None  # hidden: nothing computed
    panel.show_view(view)
    kept = mapped(qtbot, view)
    assert "input pixels" in view.map.notes.text()
    panel.show_view(panel.saliency_view)
    panel.set_model(second)
    assert not view.is_busy()  # a model change waits for the tab
    panel.show_view(view)
    assert mapped(qtbot, view) is not kept and "last hidden layer: 256 values" in view.map.notes.text()
    panel.set_model(first)
    assert view.embedding() is kept and not view.is_busy()  # made once per model and method


def test_no_test_data_says_how_to_get_it(qtbot, tmp_path) -> None:
    view = ProjectorView()
    qtbot.addWidget(view)
    view.set_can_choose_data(True)
    view.set_data_root(tmp_path)
    view.set_model(ckpt("cnn"))
    view.resize(340, 600)
    view.show()
    qtbot.waitExposed(view)
    assert "MNIST was not found" in view.status.text() and str(tmp_path) in view.status.text()
    assert view.choose_button.isVisible() and view.download_button.isVisible() and not view.is_busy()
    with qtbot.waitSignal(view.choose_data_requested, timeout=1000):
        qtbot.mouseClick(view.choose_button, Qt.MouseButton.LeftButton)
    assert not view.map.isVisible()


def test_a_cancelled_map_says_so_and_waits_to_be_asked(panel, qtbot, qapp) -> None:
    g = torch.Generator().manual_seed(0)
    big = Split(torch.randint(0, 256, (40_000, 28, 28), generator=g, dtype=torch.uint8), torch.zeros(40_000).long())
    view = panel.projector_view
    panel.set_model(ckpt("cnn"))
    panel.set_test_split(big)
    with qtbot.waitSignal(view.map_finished, timeout=60_000):
        panel.show_view(view)
        assert view.is_busy() and view.cancel_button.isVisible()
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "Map cancelled." and view.embedding() is None
    assert view.compute_button.isVisible() and not view.is_busy()
    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: view.status.text() == "投影已取消。", timeout=2000)
    assert view.compute_button.text() == "生成投影图"


def test_own_digits_are_diamonds_placed_as_the_drawing(panel, qtbot, synthetic_mnist) -> None:
    view = panel.projector_view
    model = ckpt("logreg")
    images = synthetic_mnist.test.images[:3].numpy()
    panel.set_own_digits([MyDigit(id=str(k), label=k, image=images[k]) for k in range(3)])
    panel.set_model(model)
    panel.set_test_split(synthetic_mnist.test)
    panel.show_view(view)
    emb = mapped(qtbot, view)
    xs, ys = view.map.plot.own_points.getData()
    feats, _ = features_of(model.model, model.normalize(torch.from_numpy(images)))
    np.testing.assert_allclose(np.stack([xs, ys], 1), emb.place(feats), rtol=1e-4, atol=1e-4)
    assert "your own digits" in view.map.legend.text()


def test_the_projector_switches_to_chinese_and_back(panel, qtbot, qapp, synthetic_mnist) -> None:
    view = panel.projector_view
    panel.set_model(ckpt("mlp"))
    panel.set_test_split(synthetic_mnist.test)
    panel.show_view(view)
    mapped(qtbot, view)
    tab = panel.tabs.indexOf(view)
    axis = view.map.plot.getPlotItem().getAxis("bottom")
    english = (panel.tabs.tabText(tab), view.method_label.text(), axis.labelText, view.map.notes.text())
    assert english[0] == "Projector" and english[2].startswith("PC 1 (")

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.tabs.tabText(tab) == "嵌入投影", timeout=2000)
    assert view.method_label.text() == "投影方式：" and view.method_box.itemText(1) == "t-SNE"
    assert view.method_box.itemText(0) == "PCA（主成分分析）"
    assert axis.labelText.startswith("主成分 1（")
    assert view.map.notes.text().startswith("特征：最后一个隐藏层") and "主成分分析" in view.map.notes.text()
    assert view.map.legend.text().startswith("颜色 = 真实数字")
    assert view.map.pointer_label.text().startswith("指向一个点")
    assert view.caption.text().startswith("嵌入投影：")
    assert view._export_button.text() == "导出 PNG…"

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: panel.tabs.tabText(tab) == "Projector", timeout=2000)
    assert (panel.tabs.tabText(tab), view.method_label.text(), axis.labelText, view.map.notes.text()) == english
