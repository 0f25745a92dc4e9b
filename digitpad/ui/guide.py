"""Help > Guide (F1): a short tour of the window for a learner, with the keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

AREAS = (
    (
        "The canvas",
        "Draw one digit, 0 to 9, with the mouse or a tablet pen. Every stroke is read at once. Undo takes back the "
        "last stroke; Clear starts again. The pen slider sets the line width in pixels of the 280 × 280 drawing.",
    ),
    (
        "The prediction",
        "The digit the model reads and how sure it is, with a bar for each of the ten digits (the bars add up to "
        "100%). Pick another model above it; “Compare all models” lists what each one reads.",
    ),
    (
        "What the model sees",
        "Your drawing shrunk to the 28 × 28 grey picture the model was trained on, centred the way MNIST digits are. "
        "“Show where the model looks” colours the pixels that changed the answer most.",
    ),
    (
        "Training",
        "Train a model of your own on MNIST, 60,000 handwritten digits, and watch the loss fall and the accuracy "
        "rise epoch by epoch. Where MNIST is kept is set in Edit › Preferences.",
    ),
    (
        "Inside the model",
        "What happens between the picture and the answer: the filters a convolutional network learned and the "
        "feature maps they make of your drawing, or the state of a recurrent network as it reads the rows, and the "
        "test digits the model gets wrong.",
    ),
    (
        "My digits",
        "Save your own drawings with the digit they show, check how well a model reads them, and fine-tune a model "
        "so it learns your handwriting.",
    ),
)

SHORTCUTS = (
    ("Ctrl+Z", "undo a stroke"),
    ("Ctrl+Shift+Z or Ctrl+Y", "redo it"),
    ("Delete or Ctrl+Backspace", "clear the canvas"),
    ("[ and ]", "thinner and wider pen"),
    ("Ctrl+M", "compare all models"),
    ("Ctrl+T, Ctrl+Shift+I, Ctrl+D", "show or hide Training, Inside the model, My digits"),
    ("Ctrl+O, Ctrl+S", "open or save a model"),
    ("Ctrl+I, Ctrl+E", "open a picture, export the drawing"),
    ("F1", "this guide"),
)


def guide_html() -> str:
    areas = "".join(f"<h3>{title}</h3><p>{text}</p>" for title, text in AREAS)
    keys = "".join(f"<tr><td><b>{key}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for key, what in SHORTCUTS)
    return (
        "<p>digitpad shows how a neural network reads handwriting. Draw a digit and watch each part of the "
        f"window.</p>{areas}<h3>Keyboard shortcuts</h3><table>{keys}</table>"
        "<p>View › Reset layout puts the panels back where they started.</p>"
    )


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle("digitpad guide")
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 600)
