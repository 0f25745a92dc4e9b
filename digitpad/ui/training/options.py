"""Helpers of the training panel: a learning-rate spin box, persisted training settings, the question whether to
keep the model (or generator) of a run that did not finish, and the words of a run's progress in the interface
language."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from digitpad.core.models.zoo import REGISTRY
from digitpad.core.training.gan import GanConfig
from digitpad.core.training.loop import TrainConfig
from digitpad.core.training.runs import describe_training_error, format_duration, is_out_of_memory
from digitpad.ui import settings as keys
from digitpad.ui.common.i18n import localize
from digitpad.ui.settings import read

if TYPE_CHECKING:
    from digitpad.core.training.gan import GanReport
    from digitpad.core.training.loop import EpochReport, StepReport
    from digitpad.core.training.runs import TrainingOutcome
    from digitpad.ui.state import AppState


Wording = Callable[[], str]  # a text worded in the interface language of the moment
ERROR_COLOUR = "#d0392b"  # the status line's, for an error
WARNING_COLOUR = "#c77c02"  # for a run that did not finish
GAN = "gan"  # the architecture selector's entry for the conditional GAN (not a classifier: not in REGISTRY)
GAN_STEPS = keys.GAN_STEPS


def run_defaults(architecture: str) -> tuple[tuple[str, float], ...]:
    """The settings keys of ``architecture``'s run length, batch size and learning rate, with their defaults."""
    if architecture == GAN:
        gan = GanConfig()
        return ((GAN_STEPS, gan.steps), (keys.BATCH_SIZE, gan.batch_size), (keys.LEARNING_RATE, gan.lr))
    spec = REGISTRY[architecture]
    return ((keys.EPOCHS, spec.epochs), (keys.BATCH_SIZE, spec.batch_size), (keys.LEARNING_RATE, spec.lr))


def _augment_default(architecture: str) -> bool:
    """Whether ``architecture`` trains on augmented images by default (a GAN's run has no such choice)."""
    return REGISTRY[architecture].augment if architecture in REGISTRY else True


class TrainingForm(Protocol):
    """The Training panel's fields that `TrainingSettings` restores and saves (the panel imports this module)."""

    state: AppState
    architecture_selector: QComboBox
    data_dir_edit: QLineEdit
    download_check: QCheckBox
    epochs_spin: QSpinBox
    steps_spin: QSpinBox
    batch_size_spin: QSpinBox
    seed_spin: QSpinBox
    learning_rate_spin: LearningRateSpinBox
    optimizer_selector: QComboBox
    augment_check: QCheckBox
    pen_data_check: QCheckBox
    device_selector: QComboBox
    precision_selector: QComboBox

    def data_root(self) -> Path: ...


class LearningRateSpinBox(QDoubleSpinBox):
    """Learning rates span decades: shown as ``3e-03``-style short numbers and stepped by factors of two."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(10)  # the stored value keeps small rates; the text shows three significant digits
        self.setRange(1e-6, 1e4)
        self.setValue(1e-3)

    def textFromValue(self, value: float) -> str:
        return f"{value:.3g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if text.strip() == "" or any(c not in "0123456789.eE+-" for c in text.strip()):
            state = QValidator.State.Invalid if text.strip() else QValidator.State.Intermediate
            return state, text, pos
        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:
        self.setValue(self.value() * 2.0**steps)


def _select_data(combo: QComboBox, data: object) -> bool:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


class TrainingSettings(QObject):
    """The panel's training parameters, kept in the settings file (`digitpad.ui.settings`). The data folder and the
    device belong to the app state (`panel.state`): the form writes them there and follows them."""

    def __init__(self, panel: TrainingForm, parent: QObject) -> None:
        super().__init__(parent)  # a child of the panel: its connections to the state end with it
        self._panel = panel
        self._state = panel.state
        self._state.data_folder_changed.connect(self._on_state_data_folder_changed)
        self._state.device_changed.connect(self._on_state_device_changed)
        panel.device_selector.currentIndexChanged.connect(self._on_device_selector_changed)

    def apply_defaults(self) -> None:
        """The selected architecture's run length, batch size and learning rate (`run_defaults`), and whether it
        trains on augmented images."""
        p = self._panel
        fields: dict[str, QSpinBox | QDoubleSpinBox] = {
            keys.EPOCHS: p.epochs_spin,
            GAN_STEPS: p.steps_spin,
            keys.BATCH_SIZE: p.batch_size_spin,
            keys.LEARNING_RATE: p.learning_rate_spin,
        }
        for key, value in run_defaults(p.architecture_selector.currentData()):
            field = fields[key]
            if isinstance(field, QSpinBox):
                field.setValue(int(value))
            else:
                field.setValue(value)
        p.augment_check.setChecked(_augment_default(p.architecture_selector.currentData()))

    def restore(self) -> None:
        """Registry defaults for the stored architecture, then every stored value that is still valid."""
        p, s = self._panel, self._state.settings
        _select_data(p.architecture_selector, read(s, keys.ARCHITECTURE, "cnn"))
        self.apply_defaults()
        p.data_dir_edit.setText(self._state.data_folder_text())
        p.download_check.setChecked(read(s, keys.DOWNLOAD, False))
        # A value outside a box's range (hand-edited, or from another version) is dropped: the default stays.
        for spin, key in (
            (p.epochs_spin, keys.EPOCHS),
            (p.steps_spin, GAN_STEPS),
            (p.batch_size_spin, keys.BATCH_SIZE),
            (p.seed_spin, keys.SEED),
        ):
            spin.setValue(read(s, key, spin.value(), minimum=spin.minimum(), maximum=spin.maximum()))
        lr = p.learning_rate_spin
        lr.setValue(read(s, keys.LEARNING_RATE, lr.value(), minimum=lr.minimum(), maximum=lr.maximum()))
        p.optimizer_selector.setCurrentText(read(s, keys.OPTIMIZER, "adamw"))
        p.augment_check.setChecked(read(s, keys.AUGMENT, p.augment_check.isChecked()))
        p.pen_data_check.setChecked(read(s, keys.PEN_DATA, True))
        if not _select_data(p.device_selector, self._state.device):
            _select_data(p.device_selector, "auto")  # a device stored on another machine, or now unplugged
        if not _select_data(p.precision_selector, read(s, keys.PRECISION, "auto")):
            _select_data(p.precision_selector, "auto")

    def save(self) -> None:
        p, s = self._panel, self._state.settings
        # The default folder is not stored: it follows the default (and $DIGITPAD_DATA_DIR), not today's value.
        self._state.set_data_folder(p.data_dir_edit.text())
        self._state.set_device(p.device_selector.currentData())
        numbers = {
            keys.EPOCHS: p.epochs_spin.value(),
            GAN_STEPS: p.steps_spin.value(),
            keys.BATCH_SIZE: p.batch_size_spin.value(),
            keys.LEARNING_RATE: p.learning_rate_spin.value(),
        }
        # followed, so a better default in a later version reaches the user
        for key, default in run_defaults(p.architecture_selector.currentData()):
            number = numbers[key]
            if number == default:
                s.remove(key)
            else:
                s.setValue(key, number)
        if p.augment_check.isChecked() == _augment_default(p.architecture_selector.currentData()):
            s.remove(keys.AUGMENT)  # followed too: each model has its own
        else:
            s.setValue(keys.AUGMENT, p.augment_check.isChecked())
        for key, value in (
            (keys.ARCHITECTURE, p.architecture_selector.currentData()),
            (keys.DOWNLOAD, p.download_check.isChecked()),
            (keys.OPTIMIZER, p.optimizer_selector.currentText()),
            (keys.PEN_DATA, p.pen_data_check.isChecked()),
            (keys.SEED, p.seed_spin.value()),
            (keys.PRECISION, p.precision_selector.currentData()),
        ):
            s.setValue(key, value)
        s.sync()

    def _on_state_data_folder_changed(self, folder: Path) -> None:
        if self._panel.data_root() != folder:  # not while the user's own text says the same
            self._panel.data_dir_edit.setText(str(folder))

    def _on_state_device_changed(self, device: str) -> None:
        _select_data(self._panel.device_selector, device)

    def _on_device_selector_changed(self, _index: int) -> None:
        self._state.set_device(self._panel.device_selector.currentData())


class KeepOffer(QObject):
    """Asks whether to keep the model of a run that stopped early (or diverged, with weights worth having) instead of
    adding it unasked; ``generator``: the generator of a GAN run. The box does not block; the answer comes as
    `kept(run)` or `discarded(run)`, with the checkpoint (or GAN run) `ask` was given. Not a widget, so its owner
    calls `retranslate` on `LanguageChange` (and sets the question again)."""

    kept = Signal(object)
    discarded = Signal(object)

    def __init__(self, parent: QWidget, *, generator: bool = False) -> None:
        super().__init__(parent)
        self._generator = generator
        self.box = QMessageBox(QMessageBox.Icon.Question, "", "", parent=parent)
        self.box.setObjectName("keepGeneratorBox" if generator else "keepModelBox")
        self.keep_button = self.box.addButton("", QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.box.addButton("", QMessageBox.ButtonRole.DestructiveRole)
        self.box.setDefaultButton(self.keep_button)
        self.box.buttonClicked.connect(self._on_box_button_clicked)
        self._pending: object | None = None  # a Checkpoint, or a GAN run
        self.retranslate()

    def retranslate(self) -> None:
        if self._generator:
            self.box.setWindowTitle(self.tr("Keep this generator?"))
            self.box.setInformativeText(
                self.tr(
                    "Keep saves it on this computer and makes it the one that draws digits; Discard throws it away."
                )
            )
        else:
            self.box.setWindowTitle(self.tr("Keep this model?"))
            self.box.setInformativeText(
                self.tr("Keep adds it to your models, saved on this computer; Discard throws it away.")
            )
        self.keep_button.setText(self.tr("Keep"))
        self.discard_button.setText(self.tr("Discard"))

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def ask(self, run: object, question: str) -> None:
        self._pending = run
        self.box.setText(question)
        self.box.open()

    def settle(self) -> None:
        """No answer will come (the panel is closing): keep the model, since quitting never loses one silently."""
        if self._pending is not None:
            self._answer(keep=True)
            self.box.hide()  # close() is refused: the box has no escape button

    def _on_box_button_clicked(self, button: QAbstractButton) -> None:
        self._answer(keep=button is self.keep_button)

    def _answer(self, keep: bool) -> None:
        run, self._pending = self._pending, None
        if run is not None:
            (self.kept if keep else self.discarded).emit(run)


# The words of a run (in the panel's translation context): the panel words its status line and progress text again
# with these on `LanguageChange`.


def step_progress(report: StepReport, epochs: int) -> str:
    return QCoreApplication.translate(
        "TrainingPanel", "Epoch {epoch}/{epochs} · step {step}/{total} · {speed:,.0f} samples/s · ETA {eta}"
    ).format(
        epoch=report.epoch,
        epochs=epochs,
        step=report.step,
        total=report.total_steps,
        speed=report.samples_per_s,
        eta=format_duration(report.eta_s),
    )


def result_progress(status: str, steps: int, seconds: float) -> str:
    """The progress text of a run that is over: "finished", "stopped" or "diverged" after ``steps``."""
    if status == "finished":
        return QCoreApplication.translate("TrainingPanel", "Finished: {steps} steps in {duration}").format(
            steps=steps, duration=format_duration(seconds)
        )
    if status == "stopped":
        return QCoreApplication.translate("TrainingPanel", "Stopped at step {steps}").format(steps=steps)
    return QCoreApplication.translate("TrainingPanel", "Diverged at step {steps}").format(steps=steps)


def training_status(loss: float, epoch: EpochReport | None) -> str:
    """The status line while training: the last loss, and the last epoch's result once there is one."""
    if epoch is None:
        return QCoreApplication.translate("TrainingPanel", "Training… loss {loss:.4g}.").format(loss=loss)
    return QCoreApplication.translate("TrainingPanel", "Training… loss {loss:.4g}. {epoch_summary}").format(
        loss=loss, epoch_summary=epoch_summary(epoch)
    )


def epoch_summary(report: EpochReport) -> str:
    if math.isfinite(report.val_acc):
        return QCoreApplication.translate(
            "TrainingPanel", "Epoch {epoch}/{epochs} took {seconds:.1f} s: validation accuracy {accuracy:.1%}."
        ).format(epoch=report.epoch, epochs=report.epochs, seconds=report.seconds, accuracy=report.val_acc)
    return QCoreApplication.translate(
        "TrainingPanel", "Epoch {epoch}/{epochs} took {seconds:.1f} s: no validation set."
    ).format(epoch=report.epoch, epochs=report.epochs, seconds=report.seconds)


def error_text(message: str, data_hint: bool) -> str:
    """``message`` (the core's words for an error), with what to do in the panel when the data is missing."""
    if not data_hint:
        return localize(message)
    return QCoreApplication.translate(
        "TrainingPanel", "{message} In this panel: tick “Download MNIST if missing”, or choose another data folder."
    ).format(message=localize(message))


def keep_question(outcome: TrainingOutcome) -> str:
    if outcome.test_accuracy is None:
        return QCoreApplication.translate(
            "TrainingPanel", "Keep this model? It was not measured after {steps} steps."
        ).format(steps=outcome.trained_steps)
    return QCoreApplication.translate(
        "TrainingPanel", "Keep this model? It reached {accuracy:.0%} test accuracy after {steps} steps."
    ).format(accuracy=outcome.test_accuracy, steps=outcome.trained_steps)


def gan_step_progress(report: GanReport) -> str:
    return QCoreApplication.translate(
        "TrainingPanel", "Step {step}/{total} · {speed:,.0f} samples/s · ETA {eta}"
    ).format(step=report.step, total=report.total_steps, speed=report.samples_per_s, eta=format_duration(report.eta_s))


def gan_training_status(report: GanReport) -> str:
    """The status line while a GAN trains: both losses and how often the discriminator is right."""
    return QCoreApplication.translate(
        "TrainingPanel",
        "Training the GAN… generator loss {g_loss:.3g}, discriminator loss {d_loss:.3g}; the discriminator is right "
        "about {real:.0%} of real and {fake:.0%} of generated digits.",
    ).format(g_loss=report.g_loss, d_loss=report.d_loss, real=report.d_real_acc, fake=report.d_fake_acc)


def run_error(exc: BaseException, config: TrainConfig | GanConfig) -> str:
    """What a run with ``config`` raised, in words a user can act on. A GAN run's are the classifiers', but for
    running out of memory: those name a classifier's settings."""
    if isinstance(config, TrainConfig):
        return localize(describe_training_error(exc, config))
    if is_out_of_memory(exc):
        return QCoreApplication.translate(
            "TrainingPanel",
            "Training the GAN ran out of memory with batch size {batch}: lower it, or train on the CPU.",
        ).format(batch=config.batch_size)
    return localize(describe_training_error(exc, TrainConfig()))
