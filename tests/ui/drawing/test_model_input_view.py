"""The model input and its saliency overlay: with the saliency view also on screen, each pen move computes the
drawing's saliency once, for both."""

from __future__ import annotations

import numpy as np
import pytest
from gestures import one, stroke
from PySide6.QtCore import QSettings

from digitpad.core.insight import activations
from digitpad.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, settings: QSettings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1100, 720)
    w.show()
    qtbot.waitExposed(w)
    yield w
    assert w.close()


def test_one_pen_move_computes_saliency_once_for_both_views(
    window: MainWindow, qtbot, monkeypatch, count_renders
) -> None:
    combo = window.model_selector
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i).startswith("cnn ")))
    assert window.insight_dock is not None and window.insight_panel is not None
    window.insight_dock.show()
    window.insight_dock.raise_()
    view = window.insight_panel.saliency_view
    window.insight_panel.show_view(view)
    qtbot.waitUntil(view.on_screen)
    overlay = window.model_input_panel
    overlay.saliency_check.setChecked(True)
    calls: list[int] = []
    real = activations.saliency
    monkeypatch.setattr(activations, "saliency", lambda *a, **k: calls.append(1) or real(*a, **k))
    moves: list[object] = []
    assert window.predictor is not None
    window.predictor.prediction_changed.connect(lambda p: moves.append(p) if p.tensor is not None else None)
    renders = count_renders(view)

    stroke(window.canvas, one())

    assert moves and len(renders) == len(moves), "the saliency view followed every pen move"
    assert len(calls) == len(moves), "one saliency per pen move, not one per view"
    shown = overlay.view.saliency()
    assert shown is not None and view.saliency_values() is not None
    np.testing.assert_allclose(shown, view.saliency_values(), atol=1e-6)
