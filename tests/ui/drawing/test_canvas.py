"""The drawing canvas: what a stroke leaves in the image the models read, live updates, history, pen, tablet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gestures import line, one, stroke, to_widget
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton

from digitpad.core.inference.pen import render_strokes
from digitpad.ui.drawing.canvas import DEFAULT_PEN_WIDTH, PEN_WIDTH_RANGE, REFERENCE_SIDE, DrawingCanvas
from digitpad.ui.drawing.canvas_panel import CanvasPanel


@pytest.fixture
def canvas(qtbot) -> DrawingCanvas:
    c = DrawingCanvas()
    qtbot.addWidget(c)
    c.resize(400, 400)
    c.show()
    qtbot.waitExposed(c)
    return c


@pytest.fixture
def changes(canvas: DrawingCanvas) -> list[int]:
    seen: list[int] = []
    canvas.drawing_changed.connect(lambda: seen.append(1))
    return seen


def ink(canvas: DrawingCanvas) -> np.ndarray:
    return canvas.to_array() > 127


def test_empty_canvas_is_black(canvas: DrawingCanvas) -> None:
    image = canvas.to_array()
    assert image.shape == (REFERENCE_SIDE, REFERENCE_SIDE) and image.dtype == np.uint8
    assert canvas.is_empty() and image.max() == 0


def test_a_stroke_is_white_ink_where_it_was_drawn(canvas: DrawingCanvas, changes: list[int]) -> None:
    stroke(canvas, one())
    image = canvas.to_array()
    assert not canvas.is_empty() and len(canvas.strokes()) == 1
    assert image[REFERENCE_SIDE // 2, REFERENCE_SIDE // 2] == 255  # on the line
    assert image[:, :100].max() == 0 and image[:, -100:].max() == 0  # nothing far from it
    row = image[REFERENCE_SIDE // 2] > 127
    assert abs(int(row.sum()) - DEFAULT_PEN_WIDTH) <= 2  # round pen of the default width
    assert changes, "drawing_changed fired by the time the release was handled"
    stroke(canvas, line(0.1, 0.2, 0.9, 0.5))
    image = canvas.to_array()
    assert ((image > 0) & (image < 255)).sum() > 100, "the pen is antialiased: partial pixels along slanted edges"


def test_live_updates_while_drawing_are_throttled(canvas: DrawingCanvas, qtbot, changes: list[int]) -> None:
    stroke(canvas, line(0.2, 0.2, 0.8, 0.8, steps=60), release=False)  # 60 moves in one go
    assert len(changes) < 5
    qtbot.waitUntil(lambda: len(changes) >= 1, timeout=1000)  # ... but the prediction follows the pen
    assert ink(canvas)[REFERENCE_SIDE // 2, REFERENCE_SIDE // 2], "the stroke in progress is in the image"
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, to_widget(canvas, 0.8, 0.8))
    assert len(canvas.strokes()) == 1


def test_undo_and_redo_whole_strokes(canvas: DrawingCanvas) -> None:
    stroke(canvas, one())
    first = canvas.to_array()
    stroke(canvas, line(0.25, 0.5, 0.75, 0.5))
    both = canvas.to_array()
    assert (both != first).any()
    canvas.undo()
    assert np.array_equal(canvas.to_array(), first) and canvas.can_redo()
    canvas.redo()
    assert np.array_equal(canvas.to_array(), both) and not canvas.can_redo()
    canvas.undo()
    canvas.undo()
    assert canvas.is_empty() and not canvas.can_undo()
    canvas.redo()
    stroke(canvas, line(0.2, 0.2, 0.3, 0.3))  # a new stroke drops the redo history
    assert not canvas.can_redo() and len(canvas.strokes()) == 2


def test_clear_is_undoable(canvas: DrawingCanvas, changes: list[int]) -> None:
    stroke(canvas, one())
    drawn = canvas.to_array()
    before = len(changes)
    canvas.clear()
    assert canvas.is_empty() and canvas.to_array().max() == 0 and len(changes) == before + 1
    canvas.undo()
    assert np.array_equal(canvas.to_array(), drawn)


def test_pen_width_is_clamped_and_changes_the_stroke(canvas: DrawingCanvas) -> None:
    stroke(canvas, one())
    thin = int(ink(canvas).sum())
    canvas.clear()
    canvas.set_pen_width(40)
    stroke(canvas, one())
    assert ink(canvas).sum() > 1.6 * thin
    canvas.set_pen_width(1000)
    assert canvas.pen_width() == PEN_WIDTH_RANGE[1]
    canvas.set_pen_width(0)
    assert canvas.pen_width() == PEN_WIDTH_RANGE[0]


def test_drawing_survives_resizing(canvas: DrawingCanvas, qtbot) -> None:
    stroke(canvas, one())
    before = canvas.to_array()
    canvas.resize(260, 700)  # not square: the drawing square is centred in it
    qtbot.waitUntil(lambda: canvas.height() == 700)
    sq = canvas.square()
    assert sq.width() == sq.height() <= 260
    assert np.abs(canvas.to_array().astype(int) - before).max() == 0
    grabbed = canvas.grab().toImage()  # and the widget shows it, at the new size
    centre = grabbed.pixelColor(round(sq.center().x()), round(sq.center().y()))
    corner = grabbed.pixelColor(round(sq.left() + 10), round(sq.top() + 10))
    assert abs(centre.lightness() - corner.lightness()) > 150


def _tablet(canvas: DrawingCanvas, kind: QEvent.Type, x: float, y: float, pressure: float) -> None:
    device = QPointingDevice(
        "test pen",
        77,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    pos = QPointF(to_widget(canvas, x, y))
    event = QTabletEvent(
        kind,
        device,
        pos,
        canvas.mapToGlobal(pos),
        pressure,
        0,
        0,
        0,
        0,
        0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
    )
    QApplication.sendEvent(canvas, event)


def _pen_stroke(canvas: DrawingCanvas, pressure: float) -> int:
    canvas.clear()
    _tablet(canvas, QEvent.Type.TabletPress, 0.5, 0.2, pressure)
    for y in (0.4, 0.6, 0.8):
        _tablet(canvas, QEvent.Type.TabletMove, 0.5, y, pressure)
    _tablet(canvas, QEvent.Type.TabletRelease, 0.5, 0.8, pressure)
    assert len(canvas.strokes()) == 1
    return int(ink(canvas).sum())


def test_tablet_pressure_varies_the_width_when_enabled(canvas: DrawingCanvas) -> None:
    light, firm = _pen_stroke(canvas, 0.1), _pen_stroke(canvas, 0.9)
    assert firm > 1.8 * light
    canvas.set_pressure_enabled(False)
    assert _pen_stroke(canvas, 0.1) == _pen_stroke(canvas, 0.9)


def test_the_canvas_draws_the_pen_of_the_core_renderer(canvas: DrawingCanvas) -> None:
    """One pen geometry: the canvas picture of a pressure stroke is what `render_strokes` makes of its points."""
    _tablet(canvas, QEvent.Type.TabletPress, 0.2, 0.3, 0.05)
    for i in range(1, 9):
        _tablet(canvas, QEvent.Type.TabletMove, 0.2 + 0.075 * i, 0.3 + 0.05 * i, 0.05 + 0.11 * i)
    _tablet(canvas, QEvent.Type.TabletRelease, 0.8, 0.7, 0.95)
    [drawn] = canvas.strokes()
    assert len({p for _, _, p in drawn.points}) > 2, "the pressure varies along the stroke"
    core = render_strokes([drawn.points], drawn.width * REFERENCE_SIDE).astype(int)
    image = canvas.to_array().astype(int)
    assert abs(int((image > 127).sum()) - int((core > 127).sum())) < 0.03 * int((core > 127).sum())
    assert np.abs(image - core).mean() < 1.0


def test_a_picture_replaces_the_drawing_and_undo_brings_it_back(canvas: DrawingCanvas) -> None:
    stroke(canvas, one())
    drawn = canvas.to_array()
    picture = np.zeros((50, 100), np.uint8)
    picture[20:30, 10:90] = 255  # a wide bar, letterboxed into the square
    canvas.set_picture(picture)
    image = canvas.to_array()
    assert image[REFERENCE_SIDE // 2, 40:240].min() > 200 and image[:100].max() == 0
    canvas.undo()
    assert np.array_equal(canvas.to_array(), drawn)


def test_panel_buttons_and_slider_drive_the_canvas(qtbot) -> None:
    panel = CanvasPanel()
    qtbot.addWidget(panel)
    panel.resize(500, 560)
    panel.show()
    qtbot.waitExposed(panel)
    canvas = panel.canvas
    assert canvas.width() == canvas.height(), "the canvas stays square"
    assert not panel.clear_button.isEnabled() and not panel.undo_action.isEnabled()
    stroke(canvas, one())
    assert panel.clear_button.isEnabled() and panel.undo_action.isEnabled()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert canvas.is_empty() and panel.undo_action.isEnabled()
    panel.width_slider.setValue(30)
    assert canvas.pen_width() == 30 and panel.width_label.text() == "30 px"
    panel.wider_action.trigger()
    assert canvas.pen_width() == 32 and panel.width_slider.value() == 32


def test_panel_tools_keep_their_size_at_the_panel_minimum(qtbot) -> None:
    panel = CanvasPanel()
    qtbot.addWidget(panel)
    panel.resize(panel.minimumSizeHint())
    panel.show()
    qtbot.waitExposed(panel)
    for name in ("undoButton", "redoButton", "clearButton"):
        button = panel.findChild(QToolButton, name)
        assert button.width() >= button.sizeHint().width(), f"{name} is not truncated"
    assert panel.width_slider.width() >= 80 and panel.width_label.text() == "20 px"
    assert panel.canvas.width() == panel.canvas.height() >= 240
    assert panel.canvas.sizePolicy().hasHeightForWidth() and panel.canvas.heightForWidth(300) == 300
    panel.resize(900, 900)
    qtbot.wait(10)
    assert panel.canvas.width() > 800, "the canvas grows with the panel"


_HIGH_DPI_SCRIPT = """
import json, sys
import numpy as np
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gestures import one, stroke
from digitpad.ui.drawing.canvas import DrawingCanvas
canvas = DrawingCanvas()
canvas.resize(400, 400)
canvas.show()
app.processEvents()
stroke(canvas, one())
np.save(sys.argv[1], canvas.to_array())
shown = canvas.grab().toImage()
print(json.dumps({"dpr": canvas.devicePixelRatioF(), "cache": canvas._ensure_cache().width(),
                  "side": canvas.square().width(), "grab": shown.width()}))
"""


def test_high_dpi_screen_draws_at_full_resolution_and_reads_the_same(canvas: DrawingCanvas, tmp_path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")]),
    }
    out = tmp_path / "hidpi.npy"
    run = subprocess.run(
        [sys.executable, "-c", _HIGH_DPI_SCRIPT, str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["dpr"] == 2.0
    assert report["cache"] == 2 * report["side"], "one cache pixel per device pixel: no blur on high-DPI screens"
    assert report["grab"] == 2 * 400
    stroke(canvas, one())
    assert np.array_equal(np.load(out), canvas.to_array()), "what the model reads does not depend on the screen"
