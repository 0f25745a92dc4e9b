"""Help > Guide (F1): a short tour of the window for a learner, with the keyboard shortcuts, in the interface language
(set again on `LanguageChange`)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

AREAS = (
    (
        QT_TRANSLATE_NOOP("GuideDialog", "The canvas"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "Draw one digit, 0 to 9, with the mouse or a tablet pen. Every stroke is read at once. Undo takes back the "
            "last stroke; Clear starts again. The pen slider sets the line width in pixels of the 280 × 280 drawing.",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "The prediction"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "The digit the model reads and how sure it is, with a bar for each of the ten digits (the bars add up to "
            "100%). Pick another model above it; “Compare all models” lists what each one reads.",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "What the model sees"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "Your drawing shrunk to the 28 × 28 grey picture the model was trained on, centred the way MNIST digits "
            "are. “Show where the model looks” colours the pixels that changed the answer most.",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "Generate"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "The row under the canvas: a generative adversarial network draws a digit of your choice onto the canvas, "
            "where every model reads it. Walk slides between two of its noise vectors and the digit changes shape as "
            "you move; train a generator of your own with “gan — Conditional GAN” in the Training panel.",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "Training"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "Train a model of your own on MNIST, 60,000 handwritten digits, and watch the loss fall and the accuracy "
            "rise epoch by epoch. Where MNIST is kept is set in Edit › Preferences.",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "Inside the model"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "What happens between the picture and the answer: the filters a convolutional network learned and the "
            "feature maps they make of your drawing, or the state of a recurrent network as it reads the rows, and the "
            "test digits the model gets wrong.",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "My digits"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "Save your own drawings with the digit they show, check how well a model reads them, and fine-tune a model "
            "so it learns your handwriting.",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "Runs"),
        QT_TRANSLATE_NOOP(
            "GuideDialog",
            "Every training run, from the window or the command line, with its settings, curves and result. Select "
            "several to lay their curves over each other; the histograms show how each layer's weights and gradients "
            "moved as it trained.",
        ),
    ),
)

# The keys are shown as written, but for the words between them ("or", "and").
SHORTCUTS = (
    ("Ctrl+Z", QT_TRANSLATE_NOOP("GuideDialog", "undo a stroke")),
    (QT_TRANSLATE_NOOP("GuideDialog", "Ctrl+Shift+Z or Ctrl+Y"), QT_TRANSLATE_NOOP("GuideDialog", "redo it")),
    (
        QT_TRANSLATE_NOOP("GuideDialog", "Delete or Ctrl+Backspace"),
        QT_TRANSLATE_NOOP("GuideDialog", "clear the canvas"),
    ),
    (QT_TRANSLATE_NOOP("GuideDialog", "[ and ]"), QT_TRANSLATE_NOOP("GuideDialog", "thinner and wider pen")),
    ("Ctrl+M", QT_TRANSLATE_NOOP("GuideDialog", "compare all models")),
    (
        "Ctrl+T, Ctrl+Shift+I, Ctrl+D, Ctrl+R",
        QT_TRANSLATE_NOOP("GuideDialog", "show or hide Training, Inside the model, My digits, Runs"),
    ),
    ("Ctrl+O, Ctrl+S", QT_TRANSLATE_NOOP("GuideDialog", "open or save a model")),
    ("Ctrl+I, Ctrl+E", QT_TRANSLATE_NOOP("GuideDialog", "open a picture, export the drawing")),
    ("F1", QT_TRANSLATE_NOOP("GuideDialog", "this guide")),
)


def _tr(text: object) -> str:
    """``text`` (a source string marked with QT_TRANSLATE_NOOP, which types it as object) translated."""
    return QCoreApplication.translate("GuideDialog", str(text))


def guide_html() -> str:
    """The guide in the interface language."""
    areas = "".join(f"<h3>{_tr(title)}</h3><p>{_tr(text)}</p>" for title, text in AREAS)
    keys = "".join(f"<tr><td><b>{_tr(key)}</b>&nbsp;&nbsp;</td><td>{_tr(what)}</td></tr>" for key, what in SHORTCUTS)
    return (
        "<p>"
        + QCoreApplication.translate(
            "GuideDialog",
            "digitpad shows how a neural network reads handwriting. Draw a digit and watch each part of the window.",
        )
        + f"</p>{areas}<h3>"
        + QCoreApplication.translate("GuideDialog", "Keyboard shortcuts")
        + f"</h3><table>{keys}</table><p>"
        + QCoreApplication.translate("GuideDialog", "View › Reset layout puts the panels back where they started.")
        + "</p>"
    )


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self._retranslate()
        self.resize(560, 600)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("digitpad guide"))
        self.text.setHtml(guide_html())
