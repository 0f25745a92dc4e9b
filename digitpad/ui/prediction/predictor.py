"""Live prediction: the current drawing through the core's model input and the selected model(s), on the GUI
thread (rendering the strokes takes one to a few milliseconds, a CNN forward pass about one on a CPU)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from PySide6.QtCore import QObject, Signal

from digitpad.core.inference.prediction import Prediction
from digitpad.core.inference.strokes import StrokePoints, drawing_input
from digitpad.core.models.zoo import predict
from digitpad.ui.catalog import ModelEntry


def _probabilities(entry: ModelEntry, field01: torch.Tensor) -> np.ndarray:
    assert entry.checkpoint is not None
    ckpt = entry.checkpoint
    return predict(ckpt.model, ckpt.normalize(field01))[0].numpy()


class LivePredictor(QObject):
    """Holds the drawing and the model; emits `prediction_changed` whenever either changes."""

    prediction_changed = Signal(object)  # Prediction

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._strokes: Sequence[StrokePoints] = ()
        self._picture: np.ndarray | None = None
        self._entry: ModelEntry | None = None
        self._compare: list[ModelEntry] | None = None
        self._last = Prediction()

    def last(self) -> Prediction:
        return self._last

    def set_drawing(self, strokes: Sequence[StrokePoints], picture: np.ndarray | None = None) -> None:
        """A new drawing: its strokes' points and, if the canvas holds an opened picture, the whole canvas as uint8
        ``[H, W]`` white ink on black (see `drawing_input`). No strokes and no picture: nothing is drawn."""
        self._strokes, self._picture = strokes, picture
        self.refresh()

    def set_model(self, entry: ModelEntry | None) -> None:
        self._entry = entry if entry is not None and entry.available else None
        self.refresh()

    def set_comparison(self, entries: list[ModelEntry] | None) -> None:
        """Also predict with each of these models (None: only the selected one)."""
        self._compare = [e for e in entries if e.available] if entries is not None else None
        self.refresh()

    def refresh(self) -> None:
        self._last = self._predict()
        self.prediction_changed.emit(self._last)

    def _predict(self) -> Prediction:
        label = self._entry.short_label if self._entry is not None else ""
        if (not self._strokes and self._picture is None) or self._entry is None:
            return Prediction(model=label)
        # no_grad, not inference_mode, around the preprocessing: the input tensor is handed on to views that may
        # take gradients of it; `predict` itself runs under inference_mode.
        with torch.no_grad():
            field01 = drawing_input(self._strokes, self._picture)
            if field01 is None:
                return Prediction(model=label)
            ckpt = self._entry.checkpoint
            assert ckpt is not None
            tensor = ckpt.normalize(field01)
            probs = predict(ckpt.model, tensor)[0].numpy()
            comparison = tuple((e.short_label, _probabilities(e, field01)) for e in self._compare or ())
        shown = (field01[0] * 255).round().to(torch.uint8).numpy()
        return Prediction(label, shown, probs, comparison, tensor)
