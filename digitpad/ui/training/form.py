"""The training panel's widgets for choosing a run: the setup form (architecture, data folder, hyperparameters,
device, precision) and the grid of run buttons. They only lay the widgets out; the panel connects them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from digitpad.core.models.zoo import REGISTRY
from digitpad.core.runtime.devices import available_devices, cpu_has_native_bf16, device_label, resolve_device
from digitpad.core.runtime.paths import default_data_root
from digitpad.core.training.loop import OPTIMIZERS
from digitpad.ui.common.naming import named
from digitpad.ui.training.options import LearningRateSpinBox


class SetupForm(QFormLayout):
    """The fields of a run's settings, one row each; a narrow dock puts the labels above the fields."""

    def __init__(self) -> None:
        super().__init__()
        self.architecture_selector = named(QComboBox(), "architectureSelector")
        for name, spec in REGISTRY.items():
            self.architecture_selector.addItem(f"{name} — {spec.title}", name)
        self.data_dir_edit = named(QLineEdit(), "dataDirEdit", "Folder holding MNIST/raw/ with the four MNIST files")
        self.data_dir_edit.setPlaceholderText(str(default_data_root()))
        self.browse_button = named(QPushButton("Browse…"), "dataDirBrowseButton", "Choose the data folder")
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir_edit, stretch=1)
        data_row.addWidget(self.browse_button)
        self.download_check = named(QCheckBox("Download MNIST if missing"), "downloadCheck")
        self.epochs_spin = named(QSpinBox(), "epochsSpin", "Passes over the 55,000 training images")
        self.epochs_spin.setRange(1, 1000)
        self.batch_size_spin = named(QSpinBox(), "batchSizeSpin", "Images per optimiser step")
        self.batch_size_spin.setRange(1, 8192)
        self.learning_rate_spin = named(
            LearningRateSpinBox(), "learningRateSpin", "Peak learning rate; the arrows halve or double it"
        )
        self.optimizer_selector = named(QComboBox(), "optimizerSelector")
        self.optimizer_selector.addItems(list(OPTIMIZERS))
        self.augment_check = named(
            QCheckBox("Shifts, rotations, scaling"),
            "augmentCheck",
            "Small random shifts, rotations, scaling and stroke-width changes of each training image",
        )
        self.pen_data_check = named(
            QCheckBox("Real pen digits too"),
            "penDataCheck",
            "Adds 30,000 renderings of real pen strokes by 20 writers to MNIST, so the model reads drawn digits better "
            "(Pen-Based Recognition of Handwritten Digits, Alpaydin & Alimoglu, UCI, CC BY 4.0)",
        )
        self.seed_spin = named(QSpinBox(), "seedSpin", "Same seed, same settings: the same model")
        self.seed_spin.setRange(0, 2**31 - 1)
        self.device_selector = named(QComboBox(), "deviceSelector", "Where to train; only devices present are listed")
        devices = available_devices()
        self.device_selector.addItem(f"Auto ({devices[0]})", "auto")
        for name in devices:
            self.device_selector.addItem(device_label(resolve_device(name)), name)
        here = "yes" if cpu_has_native_bf16() else "no"
        self.precision_selector = named(
            QComboBox(),
            "precisionSelector",
            "Auto: bfloat16 mixed precision on CUDA GPUs and on CPUs that compute bf16 in hardware "
            f"(this CPU: {here}), where it trains about 2x faster; float32 elsewhere",
        )
        for text, value in (("Auto", "auto"), ("float32", "fp32"), ("bfloat16 mixed precision", "bf16")):
            self.precision_selector.addItem(text, value)
        combos = (self.architecture_selector, self.optimizer_selector, self.device_selector, self.precision_selector)
        for combo in combos:
            # long entries (a GPU's name) are elided instead of widening the dock
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow dock puts labels above fields
        self.addRow("Architecture", self.architecture_selector)
        self.addRow("Data folder", data_row)
        self.addRow("", self.download_check)
        for label, field in (
            ("Epochs", self.epochs_spin),
            ("Batch size", self.batch_size_spin),
            ("Learning rate", self.learning_rate_spin),
            ("Optimizer", self.optimizer_selector),
            ("Augmentation", self.augment_check),
            ("Handwriting", self.pen_data_check),
            ("Seed", self.seed_spin),
            ("Device", self.device_selector),
            ("Precision", self.precision_selector),
        ):
            self.addRow(label, field)


class RunButtons(QGridLayout):
    """Train, Pause and Stop in one row, Fine-tune below, so the panel fits a narrow dock."""

    def __init__(self) -> None:
        super().__init__()
        self.train_button = named(QPushButton("Train"), "trainButton", "Train a new model with these settings")
        self.pause_button = named(QPushButton("Pause"), "pauseButton", "Pause or resume training")
        self.stop_button = named(QPushButton("Stop"), "stopButton", "Stop now and keep the model trained so far")
        self.fine_tune_button = named(
            QPushButton("Fine-tune on my digits…"),
            "fineTuneMyDigitsButton",
            "Continue training the selected model on MNIST plus your own labelled drawings (My digits)",
        )
        for column, button in enumerate((self.train_button, self.pause_button, self.stop_button)):
            self.addWidget(button, 0, column)
        self.addWidget(self.fine_tune_button, 1, 0, 1, 3)
