"""A GAN run in the training panel: its job (`run_gan_job`), what becomes of its generator (`GeneratorKeeper`), and
its live view (`GanView`): the generator's and the discriminator's loss per report, how often the discriminator is
right on real and on generated digits, and a grid of samples from fixed noise, one row per digit, so the learner
watches digits emerge from noise.

Plots and grid follow the theme and the interface language, live, as the classifiers' plots do (`plots`). The
reports are core's `GanReport`s, as the panel's `JobRunner` batches them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

import pyqtgraph as pg  # isort: skip  (import after PySide6 so pyqtgraph binds to it)

from digitpad.core.models.checkpoint_contents import CheckpointError
from digitpad.core.models.gan import save_generator, to_uint8
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.paths import user_generators_dir
from digitpad.core.training.gan import SAMPLE_COLUMNS, GanConfig, GanReport, GanResult, gan_metadata, train_gan
from digitpad.core.training.runs import DataLoader, load_from_folder
from digitpad.ui.common.i18n import describe, localize
from digitpad.ui.common.naming import named
from digitpad.ui.common.plot_axes import PlotAxis
from digitpad.ui.common.qimages import array_to_qimage
from digitpad.ui.training.options import (
    WARNING_COLOUR,
    KeepOffer,
    Wording,
    gan_step_progress,
    gan_training_status,
    result_progress,
)
from digitpad.ui.training.plots import (
    EMPTY_TEXT,
    MIN_STEP_RANGE,
    TRAIN_COLOUR,
    VAL_COLOUR,
    EmptyState,
    GrowingBuffer,
    LivePlot,
    plot_text,
    themed,
)
from digitpad.ui.workers.runner import Job

GAP = 2  # pixels between the grid's digits
GAP_SHADE = 96  # grey between the digits: neither ink (255) nor paper (0)
NO_SAMPLES = QT_TRANSLATE_NOOP("TrainingPlots", "No samples yet: they appear as the generator trains")


@dataclass(frozen=True)
class GanJob:
    config: GanConfig
    data_root: Path
    download: bool = False
    loader: DataLoader = field(default=load_from_folder)


@dataclass(frozen=True)
class GanRun:
    """A GAN run's result and the metadata its generator's file records."""

    result: GanResult
    metadata: dict[str, Any]


def run_gan_job(job: GanJob, state: JobState) -> GanRun:
    """Load MNIST and train the GAN: `GanReport`s go out as ``state.progress``; a stop keeps what was trained, a
    cancel raises `Cancelled`."""
    data = job.loader(job.data_root, job.download)
    state.raise_if_cancelled()
    result = train_gan(job.config, data, state)
    return GanRun(result, gan_metadata(result, data))


def generator_file(folder: Path, when: _dt.datetime | None = None) -> Path:
    """A new file in ``folder`` for a trained generator, named by the time: ``gan-20250101-140300.pt``."""
    stem = f"gan-{when or _dt.datetime.now():%Y%m%d-%H%M%S}"
    path, number = folder / f"{stem}.pt", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.pt", number + 1
    return path


class GeneratorKeeper(QObject):
    """What becomes of a GAN run's generator (`take`): a finished run's is saved in the user's generators folder at
    once, a stopped run's only if the user keeps it (`offer`), a diverged run's not at all. Each outcome's words go
    out as ``status(wording, colour)`` or ``failed(wording)``, a saved file as ``saved(path)``. Not a widget: its
    owner calls `retranslate` on `LanguageChange`."""

    status = Signal(object, str)  # a `Wording` for the status line, and its colour ("" for none)
    failed = Signal(object)  # a `Wording`: the generator could not be saved
    saved = Signal(object)  # the generator file's Path

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.offer = KeepOffer(parent, generator=True)
        self.offer.kept.connect(self._save)
        self.offer.discarded.connect(self._on_offer_discarded)
        self._offered: GanRun | None = None

    def take(self, run: GanRun) -> None:
        result = run.result
        if result.status == "finished":
            self._save(run)
            return
        message = result.message
        self.status.emit(lambda: localize(message), WARNING_COLOUR)
        if result.status == "stopped" and result.steps_done > 0:
            self._offered = run
            self.offer.ask(run, self._question())

    def retranslate(self) -> None:
        self.offer.retranslate()
        if self.offer.pending:
            self.offer.box.setText(self._question())

    def _question(self) -> str:
        assert self._offered is not None
        done, total = self._offered.result.steps_done, self._offered.result.config.steps
        return self.tr("Keep this generator? It trained {steps} of {total} steps.").format(steps=done, total=total)

    def _save(self, run: object) -> None:
        assert isinstance(run, GanRun)
        try:
            folder = user_generators_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = save_generator(generator_file(folder), run.result.generator, {}, run.metadata)
        except (OSError, CheckpointError) as exc:
            failure = exc  # `exc` is gone after the except clause; the words are made again in each language
            self.failed.emit(
                lambda: self.tr("The generator could not be saved: {error}").format(error=describe(failure))
            )
            return
        message = run.result.message
        self.status.emit(
            lambda: self.tr("{message} The generator was saved to {path}.").format(
                message=localize(message), path=path
            ),
            "",
        )
        self.saved.emit(path)

    def _on_offer_discarded(self, run: object) -> None:
        steps = run.result.steps_done if isinstance(run, GanRun) else 0
        self.status.emit(
            lambda: self.tr("The generator of the unfinished run ({steps} steps) was discarded.").format(steps=steps),
            "",
        )


class ReportPlot(LivePlot):
    """Two numbers of every report against its step, one line each; the subclass names them (`_retranslate`)."""

    def __init__(self, name: str, legend_offset: tuple[int, int], parent: QWidget | None = None) -> None:
        axes = {"left": PlotAxis("left"), "bottom": PlotAxis("bottom", integer=True)}
        super().__init__(parent, axisItems=axes)
        self.setObjectName(name)
        self.setMinimumHeight(150)  # a short dock scrolls the panel rather than squash the axes
        self._buffer = GrowingBuffer(columns=3)  # step, first value, second value
        item = self.getPlotItem()
        item.getAxis("left").enableAutoSIPrefix(False)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setClipToView(True)
        item.addLegend(offset=legend_offset)
        self.curves = [item.plot(pen=pg.mkPen(colour, width=2), name="") for colour in (TRAIN_COLOUR, VAL_COLOUR)]
        self.empty_state = EmptyState(item, EMPTY_TEXT)
        self._retranslate()
        themed(self, [item])

    @property
    def point_count(self) -> int:
        return len(self._buffer)

    def values(self, report: GanReport) -> tuple[float, float]:
        raise NotImplementedError

    def append(self, reports: Sequence[GanReport]) -> None:
        """Add a batch of reports and redraw once."""
        if not reports:
            return
        self._buffer.extend(np.array([(r.step, *self.values(r)) for r in reports], dtype=np.float64))
        steps = self._buffer.column(0)
        self.empty_state.hide()
        for index, curve in enumerate(self.curves, start=1):
            curve.setData(steps, self._buffer.column(index))
        box = self.getPlotItem().getViewBox()
        box.enableAutoRange(x=False)
        box.setXRange(0, max(float(steps[-1]), MIN_STEP_RANGE), padding=0.02)

    def reset(self, text: object = EMPTY_TEXT) -> None:
        self._buffer.clear()
        for curve in self.curves:
            curve.setData([], [])
        self.empty_state.show(text)


class GanLossPlot(ReportPlot):
    """The generator's and the discriminator's loss per report: each falls when it wins a round of the game."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("ganLossPlot", (-10, 10), parent)

    def values(self, report: GanReport) -> tuple[float, float]:
        return report.g_loss, report.d_loss

    def _retranslate(self) -> None:
        item = self.getPlotItem()
        item.setTitle(self.tr("Generator and discriminator loss"))
        item.setLabel("bottom", self.tr("step"))
        item.setLabel("left", self.tr("loss"))
        item.legend.getLabel(self.curves[0]).setText(self.tr("generator"))
        item.legend.getLabel(self.curves[1]).setText(self.tr("discriminator"))
        super()._retranslate()


class DiscriminatorAccuracyPlot(ReportPlot):
    """How often the discriminator is right on real and on generated digits, in percent; 50% is a coin toss."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("ganAccuracyPlot", (-10, -10), parent)
        item = self.getPlotItem()
        item.addItem(pg.InfiniteLine(50, angle=0, pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine)))
        item.getViewBox().setYRange(0, 100, padding=0.02)
        item.getViewBox().enableAutoRange(y=False)

    def values(self, report: GanReport) -> tuple[float, float]:
        return 100.0 * report.d_real_acc, 100.0 * report.d_fake_acc

    def append(self, reports: Sequence[GanReport]) -> None:
        super().append(reports)
        self.getPlotItem().getViewBox().setYRange(0, 100, padding=0.02)  # percentages: the whole scale, always

    def _retranslate(self) -> None:
        item = self.getPlotItem()
        item.setTitle(self.tr("Discriminator accuracy"))
        item.setLabel("bottom", self.tr("step"))
        item.setLabel("left", self.tr("accuracy (%)"))
        item.legend.getLabel(self.curves[0]).setText(self.tr("on real digits"))
        item.legend.getLabel(self.curves[1]).setText(self.tr("on generated digits"))
        super()._retranslate()


def sample_grid_image(images: np.ndarray) -> np.ndarray:
    """uint8 ``[10 * columns, 28, 28]`` digits (row d = digit d) as one uint8 picture of 10 rows, ``GAP`` apart."""
    columns = len(images) // 10
    height, width = 10 * 28 + 9 * GAP, columns * 28 + (columns - 1) * GAP
    grid = np.full((height, width), GAP_SHADE, dtype=np.uint8)
    for index, digit in enumerate(images[: 10 * columns]):
        row, column = divmod(index, columns)
        top, left = row * (28 + GAP), column * (28 + GAP)
        grid[top : top + 28, left : left + 28] = digit
    return grid


class SampleGrid(QWidget):
    """The generator's digits from the same noise at every report: ten rows, labelled 0 to 9 on the left, pixels
    kept sharp. Empty (a sentence) until the first samples arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ganSampleGrid")
        self.image = QImage()  # the grid as the generator drew it last; null before
        self.setMinimumSize(120, 150)

    def sizeHint(self) -> QSize:
        return QSize(240, 300)

    def set_samples(self, images: np.ndarray) -> None:
        """uint8 ``[10 * SAMPLE_COLUMNS, 28, 28]``, row d = digit d."""
        self.image = array_to_qimage(sample_grid_image(images))
        self.update()

    def clear(self) -> None:
        self.image = QImage()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        if self.image.isNull():
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, plot_text(NO_SAMPLES)
            )
            return
        margin = painter.fontMetrics().horizontalAdvance("0") + 8  # the row labels' column
        area = self.rect().adjusted(margin, 4, -4, -4)
        scale = min(area.width() / self.image.width(), area.height() / self.image.height())
        target = QRect(0, 0, int(self.image.width() * scale), int(self.image.height() * scale))
        target.moveCenter(area.center())
        painter.drawImage(target, self.image)  # no smooth transform: each generated pixel stays a square
        row_height = target.height() / 10
        for digit in range(10):
            row = QRect(target.left() - margin, int(target.top() + digit * row_height), margin - 4, int(row_height))
            painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(digit))


class GanView(QWidget):
    """Both plots and the sample grid, each with the sentence that says what it shows; and the `keeper` of the
    generators the runs watched here make."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ganView")
        self.keeper = GeneratorKeeper(self)
        self.note = named(QLabel(), "ganNote")
        self.note.setWordWrap(True)
        self.loss_plot = GanLossPlot()
        self.accuracy_plot = DiscriminatorAccuracyPlot()
        self.grid_caption = named(QLabel(), "ganGridCaption")
        self.grid_caption.setWordWrap(True)
        self.sample_grid = SampleGrid()
        self.sample_step: int | None = None  # the step of the samples shown
        self.sample_total = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.loss_plot, stretch=2)
        layout.addWidget(self.accuracy_plot, stretch=2)
        layout.addWidget(self.grid_caption)
        layout.addWidget(self.sample_grid, stretch=3)
        self._retranslate()

    def reset(self, text: object = EMPTY_TEXT) -> None:
        """No run's numbers: ``text`` (English, see `EmptyState`) in both plots, and no samples."""
        self.loss_plot.reset(text)
        self.accuracy_plot.reset(text)
        self.sample_grid.clear()
        self.sample_step = None
        self._retranslate()

    def start(self, job: GanJob, loading: object) -> Job:
        """The job of a run about to start; meanwhile the plots show ``loading`` (English, see `EmptyState`)."""
        self.reset(loading)
        return partial(run_gan_job, job)

    def follow(self, reports: Sequence[GanReport]) -> tuple[Wording, Wording]:
        """Plot the run's reports; the words of the last one for the progress bar and for the status line."""
        self.add_reports(reports)
        last = reports[-1]
        return partial(gan_step_progress, last), partial(gan_training_status, last)

    def end(self, run: GanRun) -> Wording:
        """The run is over: its generator goes to the `keeper`; the words of how it ended, for the progress bar."""
        result = run.result
        if self.loss_plot.point_count == 0:
            self.reset(QT_TRANSLATE_NOOP("TrainingPlots", "No step was reported in this run"))
        self.keeper.take(run)
        return partial(result_progress, result.status, result.steps_done, result.seconds)

    def add_reports(self, reports: Sequence[GanReport]) -> None:
        """Plot a batch of reports; the grid shows the newest samples among them."""
        self.loss_plot.append(reports)
        self.accuracy_plot.append(reports)
        latest = next((r for r in reversed(reports) if r.samples is not None), None)
        if latest is not None and latest.samples is not None:
            self.sample_grid.set_samples(to_uint8(latest.samples))
            self.sample_step, self.sample_total = latest.step, latest.total_steps
            self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.note.setText(
            self.tr(
                "The generator draws digits from noise; the discriminator learns to tell them from real ones. "
                "When it is right only about half the time, the generated digits pass for real."
            )
        )
        if self.sample_step is None:
            caption = self.tr("Samples from fixed noise, one row per digit, {columns} each").format(
                columns=SAMPLE_COLUMNS
            )
        else:
            caption = self.tr("Samples at step {step} of {total}: one row per digit, the same noise every time").format(
                step=self.sample_step, total=self.sample_total
            )
        self.grid_caption.setText(caption)
        self.sample_grid.update()
