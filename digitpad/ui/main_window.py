"""The main window: assembles the canvas, the prediction column, the docks, the menus and the status bar, and wires
their signals through the app state (`digitpad.ui.state`). It holds no logic, and imports no torch: the window
shows before torch has loaded.

The canvas takes what the prediction column and the docks leave, and grows with the window; the column and the
docks scroll instead of widening it (`window_layout`, which also restores a saved layout only when it fits);
View > Reset layout puts the default one back. On `LanguageChange` it names the docks, then the menus (a dock's title
renames its View menu toggle), and relabels the models; the panels in it follow by themselves."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QSize
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QWidget

from digitpad.ui import docks
from digitpad.ui import settings as keys
from digitpad.ui.catalog import ModelCatalog, ModelEntry
from digitpad.ui.common import theme
from digitpad.ui.drawing.canvas_panel import CanvasPanel
from digitpad.ui.drawing.model_input_view import ModelInputPanel
from digitpad.ui.file_actions import FileActions
from digitpad.ui.guide import GuideDialog
from digitpad.ui.menus import MainMenus
from digitpad.ui.prediction.column import PredictionColumn
from digitpad.ui.preferences import PreferencesDialog
from digitpad.ui.state import AppState
from digitpad.ui.status_bar import StatusBar
from digitpad.ui.window_layout import DEFAULT_SIZE, ColumnScroll, default_size, restore_layout, save_layout
from digitpad.ui.workers.gui_gc import GuiThreadGarbageCollector

__all__ = ["DEFAULT_SIZE", "MainWindow"]

if TYPE_CHECKING:
    from digitpad.core.inference.prediction import Prediction
    from digitpad.ui.insight.insight_panel import InsightPanel
    from digitpad.ui.my_digits.panel import MyDigitsPanel
    from digitpad.ui.prediction.predictor import LivePredictor
    from digitpad.ui.runs.panel import RunsPanel
    from digitpad.ui.training.panel import TrainingPanel


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: QSettings | None = None,
        load_models: bool = True,
        deferred: bool = False,
        *,
        state: AppState | None = None,
    ) -> None:
        """``settings`` (default: the settings module's file) or a ready ``state``: what the app remembers.
        ``deferred``: build only the torch-free part (canvas, prediction views, menus); the caller runs
        `import_model_modules` (in the background) and then `build_model_parts` and `load_models`."""
        super().__init__()
        self._garbage_collector = GuiThreadGarbageCollector(self)  # before any worker thread can start
        self.setObjectName("mainWindow")
        self.setWindowTitle("digitpad")
        self.state = state if state is not None else AppState(settings, self)
        self.settings = self.state.settings
        self.catalog = ModelCatalog(self)
        self.predictor: LivePredictor | None = None
        self.training_panel: TrainingPanel | None = None
        self.insight_panel: InsightPanel | None = None
        self.my_digits_panel: MyDigitsPanel | None = None
        self.runs_panel: RunsPanel | None = None
        self._build()
        self._connect()
        self._restore_settings()
        if not deferred:
            docks.import_model_modules()
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
        self.predictor = predictor = LivePredictor(self)
        self.training_panel, self.insight_panel, self.my_digits_panel, self.runs_panel = docks.fill_docks(
            self.docks, self.canvas, self.state
        )
        predictor.prediction_changed.connect(self._on_predictor_prediction_changed)
        if self.training_panel is not None:
            self.training_panel.model_trained.connect(lambda ckpt: self._add_model(ckpt, "trained"))
            self.training_panel.fine_tune_requested.connect(self._on_training_panel_fine_tune_requested)
        self.my_digits_panel.model_trained.connect(lambda ckpt: self._add_model(ckpt, "fine-tuned"))
        self.my_digits_panel.digit_added.connect(self._show_own_digits)
        self.my_digits_panel.browser.changed.connect(self._show_own_digits)
        self._show_own_digits()
        self.runs_panel.open_model_requested.connect(self.files.open_model_file)
        self.runs_panel.checkpoints_deleted.connect(self._forget_deleted_models)
        self._connect_generator()
        self.menus.enable_model_actions()
        self.status.show_devices()
        self.model_input_panel.saliency_check.setEnabled(True)
        self.column.set_predictor(predictor)
        self._on_canvas_drawing_changed()

    # ----- assembling ------------------------------------------------------------------------------------------

    def _forget_deleted_models(self, paths: list[Path]) -> None:
        """Models whose files were deleted with their runs leave the selector."""
        gone = {path.resolve() for path in paths}
        for row in reversed(range(self.catalog.rowCount())):
            entry = self.catalog.entry(row)
            if entry is not None and entry.file is not None and entry.file.resolve() in gone:
                self.catalog.remove(row)

    def _show_own_digits(self, *_added: object) -> None:
        """The projector's map shows the user's own digits too, as they are collected."""
        assert self.insight_panel is not None and self.my_digits_panel is not None
        self.insight_panel.set_own_digits(list(self.my_digits_panel.store))

    def _connect_generator(self) -> None:
        """The Generate row draws with the generator trained last (remembered), else the shipped one; a generator the
        Training panel trains takes over at once."""
        generate = self.canvas_panel.generate_row
        last = self.state.settings.value(keys.GENERATOR)
        if isinstance(last, str) and Path(last).is_file():
            generate.set_generator_path(last)
        else:
            generate.load_generator()
        if self.training_panel is not None:
            self.training_panel.generator_trained.connect(self._on_training_panel_generator_trained)

    def _on_training_panel_generator_trained(self, path: Path) -> None:
        self.state.settings.setValue(keys.GENERATOR, str(path))
        self.canvas_panel.generate_row.set_generator_path(path)

    def _build(self) -> None:
        self.canvas_panel = CanvasPanel()
        self.canvas = self.canvas_panel.canvas
        self.model_input_panel = ModelInputPanel()
        self.model_input_panel.saliency_check.setEnabled(False)  # until torch has loaded
        self.column = PredictionColumn(self.catalog, self.state, self.model_input_panel)
        self.model_selector, self.compare_action = self.column.model_selector, self.column.compare_action
        self.prediction_view = self.column.prediction_view
        self.column_scroll = ColumnScroll(self.column)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.canvas_panel, 1)
        layout.addWidget(self.column_scroll)
        self.setCentralWidget(central)
        self.docks = self.training_dock, self.insight_dock, self.my_digits_dock, self.runs_dock = docks.add_docks(self)
        self.files = FileActions(self, self.state, self.catalog, self.canvas, self.build_model_parts)
        edit_actions = self.canvas_panel.actions_for_menu()
        self.preferences: PreferencesDialog | None = None
        self.guide: GuideDialog | None = None
        self.menus = MainMenus(
            self,
            self.state,
            self.files,
            edit_actions,
            self.compare_action,
            self.docks,
            reset_layout=self.reset_layout,
            show_preferences=self.show_preferences,
            show_guide=self.show_guide,
        )
        self.open_model_action, self.save_model_action = self.menus.open_model, self.menus.save_model
        self.menus.remove_model.triggered.connect(lambda: self.catalog.ask_remove(self, self.state.model))
        self.view_menu = self.menus.view_menu
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.model_status, self.device_status = self.status.model_status, self.status.device_status

    def _connect(self) -> None:
        self.state.model_changed.connect(self._on_state_model_changed)
        self.state.theme_changed.connect(lambda name: theme.apply_theme(theme.application(), name))
        self.canvas.drawing_changed.connect(self._on_canvas_drawing_changed)
        self.canvas.pen_width_changed.connect(lambda w: self.settings.setValue(keys.PEN_WIDTH, w))
        self.model_input_panel.saliency_check.toggled.connect(lambda on: self.settings.setValue(keys.SALIENCY, on))
        self.catalog.entry_ready.connect(self._on_catalog_entry_ready)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            docks.retitle(self.docks)
            self.menus.retranslate()
            self.catalog.retranslate()
        super().changeEvent(event)

    # ----- layout, preferences, guide ---------------------------------------------------------------------------
    def default_size(self) -> QSize:
        return default_size(self)

    def reset_layout(self) -> None:
        """The default layout: every dock open, tabbed on the right, the window at its default size."""
        if not (self.isMaximized() or self.isFullScreen()):
            self.resize(self.default_size())
        docks.arrange(self, self.docks)

    def show_preferences(self) -> PreferencesDialog:
        if self.preferences is None:
            self.preferences = PreferencesDialog(self.state, self)
        self.preferences.show()
        self.preferences.raise_()
        self.preferences.activateWindow()
        return self.preferences

    def show_guide(self) -> GuideDialog:
        if self.guide is None:
            self.guide = GuideDialog(self)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()
        return self.guide

    # ----- models ----------------------------------------------------------------------------------------------
    def load_models(self) -> None:
        """Load the pretrained models and select the remembered one (or the first that is available)."""
        self.build_model_parts()
        remembered = self.state.remembered_model()  # read before loading selects anything
        self.catalog.load_pretrained()
        self.catalog.watch_pretrained()
        self.select_model(self.catalog.row_of(remembered))

    def select_model(self, row: int) -> None:
        """Select a row, or the first available model when that row is missing or not available."""
        entry = self.catalog.entry(row)
        if entry is None or not entry.available:
            available = [r for r, e in enumerate(self.catalog.entries()) if e.available]
            row = available[0] if available else max(row, 0)
        self.state.set_model(self.catalog.entry(row))  # the selector follows

    def current_entry(self) -> ModelEntry | None:
        return self.state.model

    def _add_model(self, checkpoint: object, source: str) -> None:
        row = self.catalog.add_checkpoint("", checkpoint, source=source)  # type: ignore[arg-type]
        entry = self.catalog.entry(row)
        self.state.set_model(entry)
        ready = self.tr("New model ready: {name}") if source == "trained" else self.tr("Fine-tuned model ready: {name}")
        self.statusBar().showMessage(ready.format(name=entry.label if entry else ""), 8000)

    def _on_state_model_changed(self, entry: ModelEntry | None) -> None:
        if self.predictor is not None:  # before torch has loaded there is nothing to predict with
            self.predictor.set_model(entry)
            self.status.show_model(entry)

    def _on_catalog_entry_ready(self, row: int) -> None:
        if self.state.checkpoint() is None:  # nothing usable was selected: this one is
            self.select_model(row)

    def _on_training_panel_fine_tune_requested(self) -> None:
        assert self.my_digits_panel is not None
        docks.show(self.my_digits_dock)
        self.my_digits_panel.show_fine_tune()

    # ----- drawing and prediction ------------------------------------------------------------------------------
    def _on_canvas_drawing_changed(self) -> None:
        if self.predictor is not None:  # before torch has loaded the drawing waits, and is predicted then
            canvas = self.canvas
            self.predictor.set_drawing(canvas.stroke_points(), canvas.to_array() if canvas.has_picture() else None)

    def _on_predictor_prediction_changed(self, prediction: Prediction) -> None:
        self.prediction_view.show_prediction(prediction)
        self.model_input_panel.show_prediction(prediction, self.state.checkpoint())
        if self.insight_panel is not None:
            self.insight_panel.set_input(prediction.tensor)

    # ----- files -----------------------------------------------------------------------------------------------
    def open_model_file(self, path: str | Path) -> bool:
        """Load a checkpoint and select it; a bad file is reported and the current model stays."""
        return self.files.open_model_file(path)

    def open_image_file(self, path: str | Path) -> bool:
        """Show a picture from disk on the canvas (undoable), which predicts it like a drawing."""
        return self.files.open_image_file(path)

    # ----- settings and closing --------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        if not restore_layout(self, s):
            self.resize(self.default_size())
            if screen := QGuiApplication.primaryScreen():  # a dropped geometry may have moved it off the screen
                frame = self.geometry()
                frame.moveCenter(screen.availableGeometry().center())
                self.move(frame.topLeft())
        self.canvas.set_pen_width(keys.read(s, keys.PEN_WIDTH, float(self.canvas.pen_width())))
        self.model_input_panel.saliency_check.setChecked(keys.read(s, keys.SALIENCY, False))
        remembered = self.catalog.row_of(self.state.remembered_model())  # shown (loading…) until the models are in
        self.state.set_model(self.catalog.entry(max(remembered, 0)))

    def closeEvent(self, event: QCloseEvent) -> None:
        for panel in (self.training_panel, self.insight_panel, self.my_digits_panel, self.runs_panel):
            if panel is not None:
                panel.shutdown()
        self._garbage_collector.stop()  # every worker thread has ended
        save_layout(self, self.settings)
        self.settings.sync()
        event.accept()
