"""The main window: assembles the panels, menus and status bar, and wires their signals. It holds no logic."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.ui import docks as model_parts
from digitpad.ui.common import theme
from digitpad.ui.drawing.canvas_panel import CanvasPanel
from digitpad.ui.drawing.model_input_view import ModelInputPanel
from digitpad.ui.prediction.catalog import ModelCatalog
from digitpad.ui.prediction.view import PredictionView
from digitpad.ui.workers.gui_gc import GuiThreadGarbageCollector

if TYPE_CHECKING:
    from digitpad.ui.insight import InsightPanel
    from digitpad.ui.my_digits.panel import MyDigitsPanel
    from digitpad.ui.prediction.predictor import LivePredictor
    from digitpad.ui.prediction.record import Prediction
    from digitpad.ui.training.panel import TrainingPanel

log = logging.getLogger(__name__)


def _files():  # noqa: ANN202 - the file actions module, which imports torch: loaded on first use
    from digitpad.ui.common import dialogs as file_actions

    return file_actions


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, load_models: bool = True, deferred: bool = False) -> None:
        """``deferred``: build only the torch-free part (canvas, prediction views, menus); the caller runs
        `import_model_modules` (in the background) and then `build_model_parts` and `load_models`."""
        super().__init__()
        self._garbage_collector = GuiThreadGarbageCollector(self)  # before any worker thread can start
        self.setObjectName("mainWindow")
        self.setWindowTitle("digitpad")
        self.setAcceptDrops(True)
        self.settings = settings if settings is not None else QSettings()
        self.catalog = ModelCatalog(self)
        self.predictor: LivePredictor | None = None
        self.training_panel: TrainingPanel | None = None
        self.training_dock: QDockWidget | None = None
        self.insight_panel: InsightPanel | None = None
        self.insight_dock: QDockWidget | None = None
        self.my_digits_panel: MyDigitsPanel | None = None
        self.my_digits_dock: QDockWidget | None = None
        self._build_panels()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self._restore_settings()
        if not deferred:
            model_parts.import_model_modules()
            self.build_model_parts()
            if load_models:
                self.load_models()

    def model_parts_ready(self) -> bool:
        return self.predictor is not None

    def build_model_parts(self) -> None:
        """Add the parts that need torch (its modules must be imported): predictor, docks, model file actions."""
        if self.predictor is not None:
            return
        from digitpad.ui.prediction.predictor import LivePredictor
        from digitpad.ui.workers import torch_threads

        torch_threads.for_interaction()
        self.predictor = LivePredictor(self)
        self.prediction_view.set_loading(False)
        assert self.training_dock and self.insight_dock and self.my_digits_dock
        self.training_panel = model_parts.fill_training_dock(self.training_dock)
        self.insight_panel, self.my_digits_panel = model_parts.fill_model_docks(
            self.insight_dock, self.my_digits_dock, self.canvas, self.training_panel
        )
        self._connect_model_parts()
        for action in self._model_actions:
            action.setEnabled(True)
        self.device_status.setText(_files().device_text())
        self.device_status.setToolTip(_files().device_tooltip())
        self.model_input_panel.saliency_check.setEnabled(True)
        self.predictor.set_comparison(self.catalog.available_entries() if self.compare_action.isChecked() else None)
        self._on_canvas_drawing_changed()

    # ----- construction ----------------------------------------------------------------------------------------
    def _build_panels(self) -> None:
        self.canvas_panel = CanvasPanel()
        self.canvas = self.canvas_panel.canvas
        self.model_selector = QComboBox()
        self.model_selector.setObjectName("modelSelector")
        self.model_selector.setModel(self.catalog)
        self.model_selector.setToolTip("The model that reads your drawing")
        self.model_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_selector.setMinimumContentsLength(22)
        self.model_selector.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.compare_action = QAction("&Compare all models", self, checkable=True)
        self.compare_action.setShortcut(QKeySequence("Ctrl+M"))
        self.compare_action.setToolTip("Show every model's prediction side by side (Ctrl+M)")
        compare_button = QToolButton()
        compare_button.setObjectName("compareButton")
        compare_button.setDefaultAction(self.compare_action)
        compare_button.setText("Compare all models")
        compare_button.setStyleSheet(  # Fusion barely marks a checked tool button
            "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
            " border-radius: 3px; padding: 3px 6px; }"
        )
        self.prediction_view = PredictionView()
        self.prediction_view.set_loading(True)
        self.model_input_panel = ModelInputPanel()
        self.model_input_panel.saliency_check.setEnabled(False)  # until torch has loaded
        self.model_input_view = self.model_input_panel.view
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.canvas_panel, 1)
        layout.addWidget(self._side_column(compare_button))
        self.setCentralWidget(central)
        self.training_dock, self.insight_dock, self.my_digits_dock = model_parts.add_docks(self)

    def _side_column(self, compare_button: QToolButton) -> QWidget:
        """Model selector, prediction and model input, top to bottom."""
        selector_row = QHBoxLayout()
        model_label = QLabel("&Model")
        model_label.setBuddy(self.model_selector)
        selector_row.addWidget(model_label)
        selector_row.addWidget(self.model_selector, 1)
        prediction_box = QGroupBox("Prediction")
        prediction_layout = QVBoxLayout(prediction_box)
        prediction_layout.addWidget(self.prediction_view)
        prediction_layout.addWidget(compare_button, 0, Qt.AlignmentFlag.AlignLeft)
        input_box = QGroupBox("What the model sees (28 × 28)")
        input_layout = QHBoxLayout(input_box)
        input_layout.addWidget(self.model_input_panel)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(selector_row)
        side.addWidget(prediction_box)
        side.addWidget(input_box)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(340)
        return side_widget

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_model_action = self._add(
            file_menu, "&Open model…", "Ctrl+O", "Open a digitpad checkpoint (.pt)", self._on_open_model_triggered
        )
        self.save_model_action = self._add(
            file_menu, "&Save model…", "Ctrl+S", "Save the selected model to a file", self._on_save_model_triggered
        )
        file_menu.addSeparator()
        open_image = self._add(
            file_menu, "Open &image…", "Ctrl+I", "Predict a picture of a digit from disk", self._on_open_image_triggered
        )
        export = self._add(
            file_menu,
            "&Export drawing as PNG…",
            "Ctrl+E",
            "Save the drawing as a 280 × 280 PNG",
            self._on_export_triggered,
        )
        self._model_actions = [self.open_model_action, open_image, export]  # enabled once torch has loaded
        for action in (*self._model_actions, self.save_model_action):
            action.setEnabled(False)
        file_menu.addSeparator()
        self._add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, "Close digitpad", self.close)
        self._build_edit_and_view_menus()
        help_menu = bar.addMenu("&Help")
        self._add(
            help_menu,
            "&About digitpad",
            QKeySequence.StandardKey.HelpContents,
            "Versions and credits",
            self._on_about_triggered,
        )

    def _build_edit_and_view_menus(self) -> None:
        bar = self.menuBar()
        edit_menu = bar.addMenu("&Edit")
        for action in self.canvas_panel.actions_for_menu():
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)

        self.view_menu = view_menu = bar.addMenu("&View")
        view_menu.addAction(self.compare_action)
        self._add_dock_toggles()
        theme_menu = view_menu.addMenu("T&heme")
        self.theme_group = QActionGroup(self)
        for name in theme.THEMES:
            action = theme_menu.addAction(name.capitalize())
            action.setCheckable(True)
            action.setData(name)
            self.theme_group.addAction(action)
        self.theme_group.triggered.connect(self._on_theme_triggered)

    def _add_dock_toggles(self) -> None:
        docks = [
            (self.training_dock, "&Training panel", "Ctrl+T"),
            (self.insight_dock, "&Inside the model", "Ctrl+Shift+I"),
            (self.my_digits_dock, "&My digits", "Ctrl+D"),
        ]
        for dock, text, shortcut in docks:
            if dock is None:
                continue
            toggle = dock.toggleViewAction()
            toggle.setText(text)
            toggle.setShortcut(QKeySequence(shortcut))
            self.view_menu.addAction(toggle)

    def _add(self, menu, text: str, shortcut, tip: str, slot) -> QAction:  # noqa: ANN001
        action = menu.addAction(text)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_status_bar(self) -> None:
        self.model_status = QLabel()
        self.model_status.setObjectName("modelStatus")
        self.device_status = QLabel()
        self.device_status.setObjectName("deviceStatus")
        self.statusBar().addPermanentWidget(self.model_status)
        self.statusBar().addPermanentWidget(self.device_status)
        self.device_status.setText("Loading PyTorch…")

    def _connect(self) -> None:
        self.canvas.drawing_changed.connect(self._on_canvas_drawing_changed)
        self.canvas.pen_width_changed.connect(lambda w: self.settings.setValue("canvas/pen_width", w))
        self.model_selector.currentIndexChanged.connect(self._on_model_selector_changed)
        self.compare_action.toggled.connect(self._on_compare_toggled)
        self.model_input_panel.saliency_check.toggled.connect(lambda on: self.settings.setValue("view/saliency", on))
        self.catalog.entry_ready.connect(self._on_catalog_entry_ready)
        self.catalog.rowsInserted.connect(self._on_catalog_changed)

    def _connect_model_parts(self) -> None:
        assert self.predictor and self.insight_panel and self.my_digits_panel
        self.predictor.prediction_changed.connect(self._on_predictor_prediction_changed)
        self.insight_panel.example_selected.connect(self.insight_panel.set_input)
        assert self.insight_dock is not None
        self.insight_dock.visibilityChanged.connect(self._on_insight_dock_visibility_changed)
        if self.training_panel is not None:
            self.training_panel.model_trained.connect(self._on_training_panel_model_trained)
            self.training_panel.fine_tune_requested.connect(self._on_training_panel_fine_tune_requested)
            self.training_panel.data_root_changed.connect(self.insight_panel.set_data_root)
            self.training_panel.data_root_changed.connect(self.my_digits_panel.set_data_root)
        self.my_digits_panel.model_trained.connect(self._on_my_digits_panel_model_trained)

    # ----- models ----------------------------------------------------------------------------------------------
    def load_models(self) -> None:
        """Load the pretrained models and select the remembered one (or the first that is available)."""
        self.build_model_parts()
        remembered = str(self.settings.value("model/selected", "cnn"))  # read before loading selects anything
        self.catalog.load_pretrained()
        self.catalog.watch_pretrained()
        self.select_model(self.catalog.row_of(remembered))

    def select_model(self, row: int) -> None:
        """Select a row, or the first available model when that row is missing or not available."""
        entry = self.catalog.entry(row)
        if entry is None or not entry.available:
            available = [r for r, e in enumerate(self.catalog.entries()) if e.available]
            row = available[0] if available else max(row, 0)
        if row == self.model_selector.currentIndex():
            self._on_model_selector_changed(row)
        else:
            self.model_selector.setCurrentIndex(row)

    def current_entry(self):  # noqa: ANN201
        return self.catalog.entry(self.model_selector.currentIndex())

    def _on_model_selector_changed(self, row: int) -> None:
        if self.predictor is None or self.insight_panel is None or self.my_digits_panel is None:
            return  # nothing to predict with yet: build_model_parts comes back here
        entry = self.catalog.entry(row)
        self.predictor.set_model(entry)
        self.insight_panel.set_model(entry.checkpoint if entry is not None and entry.available else None)
        self.my_digits_panel.set_model(entry.checkpoint if entry is not None and entry.available else None)
        self.model_status.setText(_files().model_status_text(entry))
        self.save_model_action.setEnabled(entry is not None and entry.available)
        if entry is not None and entry.available:
            self.settings.setValue("model/selected", entry.key)

    def _on_catalog_entry_ready(self, row: int) -> None:
        current = self.current_entry()
        if current is None or not current.available:
            self.select_model(row)
        self._on_catalog_changed()

    def _on_catalog_changed(self, *_args: object) -> None:
        if self.compare_action.isChecked() and self.predictor is not None:
            self.predictor.set_comparison(self.catalog.available_entries())

    def _on_compare_toggled(self, on: bool) -> None:
        self.prediction_view.set_comparison_visible(on)
        if self.predictor is not None:
            self.predictor.set_comparison(self.catalog.available_entries() if on else None)
        self.settings.setValue("view/compare", on)

    def _on_insight_dock_visibility_changed(self, shown: bool) -> None:
        if shown and self.insight_panel is not None:
            self.insight_panel.came_into_sight()

    def _on_training_panel_fine_tune_requested(self) -> None:
        assert self.my_digits_dock is not None and self.my_digits_panel is not None
        self.my_digits_dock.show()
        self.my_digits_dock.raise_()
        self.my_digits_panel.tabs.setCurrentWidget(self.my_digits_panel.fine_tune_view)

    def _on_training_panel_model_trained(self, checkpoint: object) -> None:
        row = self.catalog.add_checkpoint("", checkpoint, source="trained")  # type: ignore[arg-type]
        self.model_selector.setCurrentIndex(row)
        entry = self.catalog.entry(row)
        self.statusBar().showMessage(f"New model ready: {entry.label if entry else ''}", 8000)

    def _on_my_digits_panel_model_trained(self, checkpoint: object) -> None:
        row = self.catalog.add_checkpoint("", checkpoint, source="fine-tuned")  # type: ignore[arg-type]
        self.model_selector.setCurrentIndex(row)
        entry = self.catalog.entry(row)
        self.statusBar().showMessage(f"Fine-tuned model ready: {entry.label if entry else ''}", 8000)

    # ----- drawing and prediction ------------------------------------------------------------------------------
    def _on_canvas_drawing_changed(self) -> None:
        if self.predictor is not None:  # before torch has loaded the drawing waits, and is predicted then
            canvas = self.canvas
            self.predictor.set_drawing(canvas.stroke_points(), canvas.to_array() if canvas.has_picture() else None)

    def _on_predictor_prediction_changed(self, prediction: Prediction) -> None:
        self.prediction_view.show_prediction(prediction)
        entry = self.current_entry()
        self.model_input_panel.show_prediction(prediction, entry.checkpoint if entry is not None else None)
        if self.insight_panel is not None:
            self.insight_panel.set_input(prediction.tensor)

    # ----- files -----------------------------------------------------------------------------------------------
    def open_model_file(self, path: str | Path) -> bool:
        """Load a checkpoint and select it; a bad file is reported and the current model stays."""
        self.build_model_parts()
        checkpoint = _files().load_model(self, path)
        if checkpoint is None:
            return False
        self.model_selector.setCurrentIndex(self.catalog.add_checkpoint(Path(path).name, checkpoint, "opened"))
        return True

    def open_image_file(self, path: str | Path) -> bool:
        """Show a picture from disk on the canvas (undoable), which predicts it like a drawing."""
        picture = _files().load_picture(self, path)
        if picture is not None:
            self.canvas.set_picture(picture)
        return picture is not None

    def _on_open_model_triggered(self) -> None:
        path = _files().ask_open_path(self, "Open model", "digitpad checkpoints (*.pt);;All files (*)")
        if path:
            self.open_model_file(path)

    def _on_save_model_triggered(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.available:
            _files().save_model(self, entry)

    def _on_open_image_triggered(self) -> None:
        path = _files().ask_open_path(self, "Open image", _files().IMAGE_FILTER)
        if path:
            self.open_image_file(path)

    def _on_export_triggered(self) -> None:
        _files().export_drawing(self, self.canvas.to_array())

    def _on_about_triggered(self) -> None:
        _files().show_about(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            if path:
                self.open_model_file(path) if path.lower().endswith(".pt") else self.open_image_file(path)

    # ----- settings, theme, closing ----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        if geometry := s.value("window/geometry"):
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        if state := s.value("window/state"):
            self.restoreState(state)
        with contextlib.suppress(ValueError):  # a hand-edited settings file keeps the default
            self.canvas.set_pen_width(float(str(s.value("canvas/pen_width", self.canvas.pen_width()))))
        self.compare_action.setChecked(str(s.value("view/compare", "false")).lower() == "true")
        self.model_input_panel.saliency_check.setChecked(str(s.value("view/saliency", "false")).lower() == "true")
        remembered = str(s.value("model/selected", "cnn"))  # shown (loading…) until the models are in
        self.model_selector.setCurrentIndex(max(self.catalog.row_of(remembered), 0))
        current = theme.application().property("digitpad_theme") or str(s.value("view/theme", "system"))
        for action in self.theme_group.actions():
            action.setChecked(action.data() == current)

    def _on_theme_triggered(self, action: QAction) -> None:
        theme.apply_theme(theme.application(), action.data())
        self.settings.setValue("view/theme", action.data())

    def closeEvent(self, event: QCloseEvent) -> None:
        for panel in (self.training_panel, self.insight_panel, self.my_digits_panel):
            if panel is not None:
                panel.shutdown()
        self._garbage_collector.stop()  # every worker thread has ended
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        event.accept()
