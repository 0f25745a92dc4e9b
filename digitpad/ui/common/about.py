"""Help > About: digitpad's version, the versions it runs on, and the data it was trained on, credited, in the
interface language."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

import digitpad


def about_html() -> str:
    import torch  # here, not above: the window (and its Help menu) is up before torch has loaded

    intro = QCoreApplication.translate("About", "<p>Draw a digit and see what neural networks make of it.</p>")
    versions = (
        f"<p>PyTorch {torch.__version__}<br>Qt {qVersion()} (PySide6 {PySide6.__version__})<br>"
        f"Python {platform.python_version()}</p>"
    )
    credits = QCoreApplication.translate(
        "About",
        "<p>Trained on MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0) and on real pen-written digits "
        "from “Pen-Based Recognition of Handwritten Digits” (E. Alpaydin, F. Alimoglu, Bogazici University; UCI "
        "Machine Learning Repository, CC BY 4.0), which also ships with digitpad.</p>",
    )
    return f"<h3>digitpad {digitpad.__version__}</h3>{intro}{versions}{credits}"


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, QCoreApplication.translate("About", "About digitpad"), about_html())
