"""The 28x28 image the model actually receives, blown up with hard pixel edges so each pixel is visible."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QCheckBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from digitpad.core.inference.prediction import Prediction
from digitpad.ui.common.i18n import localize
from digitpad.ui.common.qimages import array_to_qimage

if TYPE_CHECKING:
    from digitpad.core.models.checkpoint import Checkpoint

FIELD = 28


class ModelInputView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelInputView")
        self.setMinimumSize(FIELD * 3, FIELD * 3)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._array: np.ndarray | None = None
        self._image: QImage | None = None
        self._saliency: np.ndarray | None = None
        self._overlay: QImage | None = None
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setToolTip(
            self.tr("What the model sees: your drawing cropped, scaled to 20 px and centred in 28 x 28, like MNIST")
        )

    def image(self) -> np.ndarray | None:
        """The image shown (uint8 [28, 28], ink = 255), or None when the model has nothing to look at."""
        return None if self._array is None else self._array.copy()

    def set_image(self, array: np.ndarray | None) -> None:
        self._array = None if array is None else np.asarray(array, np.uint8).reshape(FIELD, FIELD).copy()
        self._image = None if self._array is None else array_to_qimage(self._array)
        self.update()

    def saliency(self) -> np.ndarray | None:
        """The saliency overlaid (float [28, 28] in [0, 1]), or None when the overlay is off."""
        return None if self._saliency is None else self._saliency.copy()

    def set_saliency(self, values: np.ndarray | None) -> None:
        """Overlay a saliency map in warm colours, opaque where the model looks most; None removes it."""
        self._saliency = None if values is None else np.clip(np.asarray(values, np.float32), 0, 1).reshape(FIELD, FIELD)
        if self._saliency is None:
            self._overlay = None
        else:
            rgba = np.zeros((FIELD, FIELD, 4), np.uint8)
            rgba[..., 0] = 255
            rgba[..., 1] = (80 + 175 * self._saliency).astype(np.uint8)
            rgba[..., 3] = (200 * self._saliency).astype(np.uint8)
            self._overlay = QImage(rgba.tobytes(), FIELD, FIELD, FIELD * 4, QImage.Format.Format_RGBA8888).copy()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(FIELD * 6, FIELD * 6)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        side = float(min(self.width(), self.height()) - 1)
        # Whole screen pixels per image pixel, so every pixel of the 28x28 image is the same size.
        dpr = self.devicePixelRatioF()
        side = max(FIELD, (int(side * dpr) // FIELD) * FIELD) / dpr
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.fillRect(rect, Qt.GlobalColor.black)
        if self._image is not None:
            painter.drawImage(rect, self._image)
            if self._overlay is not None:
                painter.drawImage(rect, self._overlay)
        else:
            painter.setPen(QColor(255, 255, 255, 110))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "28 × 28")
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.end()


def saliency_caption(method: str, digit: int, any_importance: bool = True) -> str:
    """The overlay's caption in the interface language: the method (the core's name for it), the input (always the
    user's drawing here) and how to read it."""
    if not any_importance:
        text = QCoreApplication.translate(
            "ModelInputPanel",
            "{method} on your drawing, for “{digit}”: empty, no pixel changes the score, so none is coloured.",
        )
    else:
        text = QCoreApplication.translate(
            "ModelInputPanel",
            "{method} on your drawing, for “{digit}”: the brighter, the more a pixel raises the score.",
        )
    return text.format(method=localize(method), digit=digit)


class ModelInputPanel(QWidget):
    """The model input view with a saliency overlay that can be switched on: where the model looks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ModelInputView()
        self.view.setFixedSize(168, 168)
        self.saliency_check = QCheckBox()
        self.saliency_check.setObjectName("saliencyToggle")
        self.method_label = QLabel()
        self.method_label.setObjectName("saliencyMethod")
        self.method_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.saliency_check)
        layout.addWidget(self.method_label)
        self._last: tuple[Prediction, Checkpoint | None] = (Prediction(), None)
        self._caption: tuple[str, int, bool] | None = None  # saliency_caption's arguments for the map shown
        self.saliency_check.toggled.connect(lambda _on: self.show_prediction(*self._last))
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.saliency_check.setText(self.tr("Show where the model looks (saliency)"))
        self.saliency_check.setToolTip(
            self.tr(
                "Overlay the saliency of the predicted digit on your drawing: Grad-CAM on the last feature maps for "
                "CNNs (gradient × input when Grad-CAM comes out blank), |gradient × input| for the other models. "
                "The brighter and more opaque, the more a pixel raises the predicted digit's score."
            )
        )
        self.method_label.setText("" if self._caption is None else saliency_caption(*self._caption))

    def show_prediction(self, prediction: Prediction, checkpoint: Checkpoint | None) -> None:
        self._last = (prediction, checkpoint)
        self.view.set_image(prediction.model_input)
        if not self.saliency_check.isChecked() or checkpoint is None or prediction.tensor is None:
            self.view.set_saliency(None)
            self._caption = None
            self.method_label.setText("")
            return
        # torch has loaded: there is a checkpoint. Shared: the saliency view shows the same map of the same input.
        from digitpad.core.insight.activations import shared_saliency

        values, digit, method = shared_saliency(checkpoint.model, prediction.tensor)
        self.view.set_saliency(values.numpy())
        self._caption = (method, digit, bool(values.any()))
        self.method_label.setText(saliency_caption(*self._caption))
