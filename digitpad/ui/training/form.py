"""The training panel's widgets for choosing a run: the setup form (architecture, data folder, hyperparameters,
device, precision; steps in place of epochs for the GAN) and the grid of run buttons. They only lay the widgets out;
the panel connects them and, on `LanguageChange` (which layouts do not get), has them set their texts again
(`retranslate`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from digitpad.core.models.zoo import REGISTRY
from digitpad.core.runtime.devices import available_devices, cpu_has_native_bf16, device_label, resolve_device
from digitpad.core.runtime.paths import default_data_root
from digitpad.core.training.gan import GanConfig
from digitpad.core.training.loop import OPTIMIZERS, TrainConfig
from digitpad.core.training.runs import DataLoader
from digitpad.ui.common.i18n import localize
from digitpad.ui.common.naming import named
from digitpad.ui.training.lr_find_view import LRFindJob
from digitpad.ui.training.options import GAN, LearningRateSpinBox


class SetupForm(QFormLayout):
    """The fields of a run's settings, one row each; a narrow dock puts the labels above the fields."""

    def __init__(self) -> None:
        super().__init__()
        self.architecture_selector = named(QComboBox(), "architectureSelector")
        for name in (*REGISTRY, GAN):
            self.architecture_selector.addItem("", name)
        self.data_dir_edit = named(QLineEdit(), "dataDirEdit")
        self.data_dir_edit.setPlaceholderText(str(default_data_root()))
        self.browse_button = named(QPushButton(), "dataDirBrowseButton")
        self.data_row = QHBoxLayout()
        self.data_row.addWidget(self.data_dir_edit, stretch=1)
        self.data_row.addWidget(self.browse_button)
        self.download_check = named(QCheckBox(), "downloadCheck")
        self.epochs_spin = named(QSpinBox(), "epochsSpin")
        self.epochs_spin.setRange(1, 1000)
        self.steps_spin = named(QSpinBox(), "stepsSpin")
        self.steps_spin.setRange(1, 1_000_000)
        self.steps_spin.setSingleStep(100)
        self.batch_size_spin = named(QSpinBox(), "batchSizeSpin")
        self.batch_size_spin.setRange(1, 8192)
        self.learning_rate_spin = named(LearningRateSpinBox(), "learningRateSpin")
        self.optimizer_selector = named(QComboBox(), "optimizerSelector")
        self.optimizer_selector.addItems(list(OPTIMIZERS))  # the optimizers' own names, in every language
        self.augment_check = named(QCheckBox(), "augmentCheck")
        self.pen_data_check = named(QCheckBox(), "penDataCheck")
        self.seed_spin = named(QSpinBox(), "seedSpin")
        self.seed_spin.setRange(0, 2**31 - 1)
        self.device_selector = named(QComboBox(), "deviceSelector")
        devices = available_devices()
        self._auto_device = devices[0]
        self.device_selector.addItem("", "auto")
        for name in devices:
            self.device_selector.addItem(device_label(resolve_device(name)), name)
        self._cpu_bf16 = cpu_has_native_bf16()
        self.precision_selector = named(QComboBox(), "precisionSelector")
        for value in ("auto", "fp32", "bf16"):
            self.precision_selector.addItem("", value)
        combos = (self.architecture_selector, self.optimizer_selector, self.device_selector, self.precision_selector)
        for combo in combos:
            # long entries (a GPU's name) are elided instead of widening the dock
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow dock puts labels above fields
        self._add_row(self.architecture_selector)
        self._add_row(self.data_dir_edit, self.data_row)
        self.addRow("", self.download_check)  # no label: the box says what it is
        for field in (
            self.epochs_spin,
            self.steps_spin,
            self.batch_size_spin,
            self.learning_rate_spin,
            self.optimizer_selector,
            self.augment_check,
            self.pen_data_check,
            self.seed_spin,
            self.device_selector,
            self.precision_selector,
        ):
            self._add_row(field)
        self.show_gan_fields(False)
        self.retranslate()

    def show_gan_fields(self, gan: bool) -> None:
        """The fields of a GAN run (steps, no augmentation, pen digits, optimizer or precision choice), or of a
        classifier's."""
        self.setRowVisible(self.steps_spin, gan)
        for field in (
            self.epochs_spin,
            self.optimizer_selector,
            self.augment_check,
            self.pen_data_check,
            self.precision_selector,
        ):
            self.setRowVisible(field, not gan)

    def train_config(self, **fixed: Any) -> TrainConfig:
        """The classifier's training configuration the fields describe, and the ``fixed`` fields."""
        return TrainConfig(
            model=self.architecture_selector.currentData(),
            epochs=self.epochs_spin.value(),
            batch_size=self.batch_size_spin.value(),
            lr=self.learning_rate_spin.value(),
            optimizer=self.optimizer_selector.currentText(),
            augment=self.augment_check.isChecked(),
            pen_data=self.pen_data_check.isChecked(),
            seed=self.seed_spin.value(),
            device=self.device_selector.currentData(),
            precision=self.precision_selector.currentData(),
            **fixed,
        )

    def gan_config(self, **fixed: Any) -> GanConfig:
        """The GAN's training configuration the fields describe, and the ``fixed`` fields."""
        return GanConfig(
            steps=self.steps_spin.value(),
            batch_size=self.batch_size_spin.value(),
            lr=self.learning_rate_spin.value(),
            seed=self.seed_spin.value(),
            device=self.device_selector.currentData(),
            **fixed,
        )

    def lr_find_job(self, data_root: Path, download: bool, loader: DataLoader) -> LRFindJob:
        """The learning-rate range test of the chosen model with the fields' batch size, optimizer, seed, device."""
        return LRFindJob(
            model=self.architecture_selector.currentData(),
            batch_size=self.batch_size_spin.value(),
            optimizer=self.optimizer_selector.currentText(),
            seed=self.seed_spin.value(),
            device=self.device_selector.currentData(),
            data_root=data_root,
            download=download,
            loader=loader,
        )

    def retranslate(self) -> None:
        for row, text in (
            (self.architecture_selector, self.tr("Architecture")),
            (self.data_row, self.tr("Data folder")),
            (self.epochs_spin, self.tr("Epochs")),
            (self.steps_spin, self.tr("Steps")),
            (self.batch_size_spin, self.tr("Batch size")),
            (self.learning_rate_spin, self.tr("Learning rate")),
            (self.optimizer_selector, self.tr("Optimizer")),
            (self.augment_check, self.tr("Augmentation")),
            (self.pen_data_check, self.tr("Handwriting")),
            (self.seed_spin, self.tr("Seed")),
            (self.device_selector, self.tr("Device")),
            (self.precision_selector, self.tr("Precision")),
        ):
            self._set_label(row, text)
        for index in range(self.architecture_selector.count()):
            name = self.architecture_selector.itemData(index)
            title = self.tr("Conditional GAN") if name == GAN else localize(REGISTRY[name].title)
            self.architecture_selector.setItemText(index, f"{name} — {title}")
        self.data_dir_edit.setToolTip(self.tr("Folder holding MNIST/raw/ with the four MNIST files"))
        self.browse_button.setText(self.tr("Browse…"))
        self.browse_button.setToolTip(self.tr("Choose the data folder"))
        self.download_check.setText(self.tr("Download MNIST if missing"))
        self.epochs_spin.setToolTip(self.tr("Passes over the 55,000 training images"))
        self.steps_spin.setToolTip(
            self.tr("Rounds of the game: in each, the discriminator and then the generator learn from one batch")
        )
        self.batch_size_spin.setToolTip(self.tr("Images per optimiser step"))
        self.learning_rate_spin.setToolTip(self.tr("Peak learning rate; the arrows halve or double it"))
        self.augment_check.setText(self.tr("Shifts, rotations, scaling"))
        self.augment_check.setToolTip(
            self.tr(
                "Small random shifts, rotations, scaling and stroke-width changes of each training image; the CNN's "
                "one-epoch recipe is off by default, as they slow a short run"
            )
        )
        self.pen_data_check.setText(self.tr("Real pen digits too"))
        self.pen_data_check.setToolTip(
            self.tr(
                "Adds renderings of real pen strokes by 20 writers to MNIST (30,000; 15,000 for the CNN's one-epoch "
                "recipe), so the model reads drawn digits better (Pen-Based Recognition of Handwritten Digits, "
                "Alpaydin & Alimoglu, UCI, CC BY 4.0)"
            )
        )
        self.seed_spin.setToolTip(self.tr("Same seed, same settings: the same model"))
        self.device_selector.setToolTip(self.tr("Where to train; only devices present are listed"))
        self.device_selector.setItemText(0, self.tr("Auto ({device})").format(device=self._auto_device))
        precisions = {"auto": self.tr("Auto"), "fp32": "float32", "bf16": self.tr("bfloat16 mixed precision")}
        for index in range(self.precision_selector.count()):
            self.precision_selector.setItemText(index, precisions[self.precision_selector.itemData(index)])
        self.precision_selector.setToolTip(
            self.tr(
                "Auto: bfloat16 mixed precision on CUDA GPUs and on CPUs that compute bf16 in hardware "
                "(this CPU: {here}), where it trains about 2x faster; float32 elsewhere"
            ).format(here=self.tr("yes") if self._cpu_bf16 else self.tr("no"))
        )

    def _add_row(self, field: QWidget, row: QLayout | None = None) -> None:
        """A row for ``field`` (or for the ``row`` that holds it), labelled with a text `retranslate` sets."""
        label = QLabel()
        label.setBuddy(field)
        if row is None:
            self.addRow(label, field)
        else:
            self.addRow(label, row)

    def _set_label(self, row: QWidget | QLayout, text: str) -> None:
        label = self.labelForField(row)
        if isinstance(label, QLabel):
            label.setText(text)


class RunButtons(QGridLayout):
    """Train, Pause and Stop in one row, Find learning rate and Fine-tune below, so the panel fits a narrow dock.
    The pause button's text (Pause or Resume) is the panel's: it follows the run."""

    def __init__(self) -> None:
        super().__init__()
        self.train_button = named(QPushButton(), "trainButton")
        self.pause_button = named(QPushButton(), "pauseButton")
        self.stop_button = named(QPushButton(), "stopButton")
        self.lr_find_button = named(QPushButton(), "lrFindButton")
        self.fine_tune_button = named(QPushButton(), "fineTuneMyDigitsButton")
        for column, button in enumerate((self.train_button, self.pause_button, self.stop_button)):
            self.addWidget(button, 0, column)
        self.addWidget(self.lr_find_button, 1, 0, 1, 3)
        self.addWidget(self.fine_tune_button, 2, 0, 1, 3)
        self.retranslate()

    def retranslate(self) -> None:
        self.train_button.setText(self.tr("Train"))
        self.train_button.setToolTip(self.tr("Train a new model with these settings"))
        self.pause_button.setToolTip(self.tr("Pause or resume training"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop now and keep the model trained so far"))
        self.lr_find_button.setText(self.tr("Find learning rate"))
        self.lr_find_button.setToolTip(
            self.tr("Train a copy of the chosen model briefly at a growing learning rate, and suggest a good one")
        )
        self.fine_tune_button.setText(self.tr("Fine-tune on my digits…"))
        self.fine_tune_button.setToolTip(
            self.tr("Continue training the selected model on MNIST plus your own labelled drawings (My digits)")
        )
