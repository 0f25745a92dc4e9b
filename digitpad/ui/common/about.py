"""Help > About: digitpad's version, the versions it runs on, and the data it was trained on, credited."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

import digitpad


def show_about(parent: QWidget) -> None:
    import torch  # here, not above: the window (and its Help menu) is up before torch has loaded

    QMessageBox.about(
        parent,
        "About digitpad",
        f"<h3>digitpad {digitpad.__version__}</h3>"
        "<p>Draw a digit and see what neural networks make of it.</p>"
        f"<p>PyTorch {torch.__version__}<br>Qt {qVersion()} (PySide6 {PySide6.__version__})<br>"
        f"Python {platform.python_version()}</p>"
        "<p>Trained on MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0) and on real pen-written digits "
        "from “Pen-Based Recognition of Handwritten Digits” (E. Alpaydin, F. Alimoglu, Bogazici University; UCI "
        "Machine Learning Repository, CC BY 4.0), which also ships with digitpad.</p>",
    )
