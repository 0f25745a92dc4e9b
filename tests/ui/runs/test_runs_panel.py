"""The Runs view on a history of its own: the table lists and sorts the runs and follows new ones, several runs'
curves overlay, a run's histograms stack by step, Delete takes the checkpoint along (never a shipped one), Open model
hands the window the checkpoint, Export writes CSV or JSON, and a history that is empty or broken says so."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from digitpad.core.models.checkpoint import save_checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime import paths
from digitpad.core.runtime.run_history import RunHistory, RunRecorder
from digitpad.core.training.histograms import BINS, TensorHistogram
from digitpad.core.training.loop import EpochReport, StepReport
from digitpad.ui.common import i18n
from digitpad.ui.runs import actions
from digitpad.ui.runs.panel import RunsPanel
from digitpad.ui.runs.table import COLUMNS

LAYERS = ("fc1.weight", "fc1.bias")


def record(
    database: Path,
    model: str,
    *,
    accuracy: float | None = None,
    checkpoint: Path | None = None,
    histograms: bool = True,
    finish: bool = True,
) -> int:
    """A run of ``model``: three loss reports, two epochs' validation accuracy, histograms at steps 1 and 20."""
    recorder = RunRecorder(database)
    run_id = recorder.start("train", model, {"lr": 0.01}, "cpu")
    assert run_id is not None
    for step, loss in ((10, 2.0), (20, 1.0), (30, 0.5)):
        samples = []
        if histograms and step in (10, 20):
            sampled = 1 if step == 10 else 20
            for layer in LAYERS:
                for kind, spread in (("weights", 1.0), ("gradients", 0.01)):
                    counts = tuple(range(BINS)) if kind == "weights" else (5,) * BINS
                    samples.append(TensorHistogram(sampled, layer, kind, -spread, spread, counts, spread * sampled))
        recorder.log_report(StepReport(1, step, 30, loss, 100.0, 1.0, tuple(samples)))
    for epoch, val in ((1, 0.5), (2, 0.75)):
        recorder.log_report(EpochReport(epoch, 2, 1.0, 0.5, 1.0, val, 1.0))
    if finish:
        recorder.finish("finished", {"test_accuracy": accuracy}, checkpoint, "Training finished.")
    else:
        recorder.close()
    return run_id


def checkpoint_file(folder: Path, name: str) -> Path:
    return save_checkpoint(folder / name, "logreg", build_model("logreg").eval(), {})


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "runs.sqlite"


@pytest.fixture
def make_panel(qtbot, database: Path):
    def make() -> RunsPanel:
        panel = RunsPanel(database=database)
        qtbot.addWidget(panel)
        panel.resize(600, 900)
        panel.show()
        panel.refresh()  # opens the history in a worker thread, then reads it
        qtbot.waitUntil(lambda: panel.source.is_open and not panel.busy, timeout=10_000)
        return panel

    return make


def ids(panel: RunsPanel) -> list[int]:
    return [run.id for run in panel.model.runs()]


def cell(panel: RunsPanel, row: int, field: str) -> str:
    column = next(i for i, (name, _) in enumerate(COLUMNS) if name == field)
    return panel.model.index(row, column).data()


def test_the_table_lists_the_runs_newest_first_and_sorts_by_a_column(make_panel, database) -> None:
    for model, accuracy in (("cnn", 0.91), ("mlp", 0.97), ("logreg", None)):
        record(database, model, accuracy=accuracy)
    panel = make_panel()
    assert ids(panel) == [3, 2, 1]
    assert [cell(panel, 0, f) for f in ("kind", "model", "status", "test_accuracy", "device")] == [
        "training",
        "logreg",
        "finished",
        "",
        "cpu",
    ]
    assert cell(panel, 2, "test_accuracy") == "91.00%"
    column = next(i for i, (name, _) in enumerate(COLUMNS) if name == "test_accuracy")
    panel.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)  # what a click on its header does
    assert [r.model for r in panel.model.runs()] == ["mlp", "cnn", "logreg"]
    panel.select_runs([1])
    panel.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert [r.model for r in panel.model.runs()] == ["cnn", "mlp", "logreg"]  # a run without one last, either way
    assert [r.id for r in panel.selected_runs()] == [1] and panel.model.row_of(1) == 0  # the selection follows
    panel.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [r.model for r in panel.model.runs()] == ["cnn", "logreg", "mlp"]


def test_selecting_two_runs_overlays_their_curves_with_a_legend(make_panel, database) -> None:
    record(database, "cnn", accuracy=0.9)
    record(database, "mlp", accuracy=0.8)
    panel = make_panel()
    panel.select_runs([1, 2])
    loss = panel.curves.loss_plot.getPlotItem().listDataItems()
    accuracy = panel.curves.accuracy_plot.getPlotItem().listDataItems()
    assert sorted(item.name() for item in loss) == ["Run 1 · cnn", "Run 2 · mlp"]
    assert sorted(item.name() for item in accuracy) == ["Run 1 · cnn", "Run 2 · mlp"]
    assert list(loss[0].xData) == [10, 20, 30] and list(loss[0].yData) == [2.0, 1.0, 0.5]  # as logged
    assert list(accuracy[0].getData()[1]) == [50.0, 75.0]  # in percent, by epoch
    legend = panel.curves.loss_plot.getPlotItem().legend
    assert sorted(label.text for _, label in legend.items) == ["Run 1 · cnn", "Run 2 · mlp"]
    panel.select_runs([])
    assert panel.curves.loss_plot.getPlotItem().listDataItems() == []
    assert "Select runs" in panel.curves.hint.text() and panel.curves.hint.isVisible()


def test_a_runs_histograms_stack_by_step_for_the_chosen_parameter_and_kind(make_panel, database) -> None:
    record(database, "cnn")
    record(database, "gan", histograms=False)
    panel = make_panel()
    view = panel.histograms
    panel.tabs.setCurrentWidget(view)
    panel.select_runs([1])
    assert [view.layer_box.itemText(i) for i in range(view.layer_box.count())] == list(LAYERS)
    assert [(r.step, r.layer, r.kind) for r in view.rows] == [
        (1, "fc1.weight", "weights"),
        (20, "fc1.weight", "weights"),
    ]
    ridges = view.stack_plot.getPlotItem().listDataItems()
    assert len(ridges) == 2 and ridges[1].zValue() > ridges[0].zValue()  # the later step drawn over the earlier
    _, ys = ridges[1].getData()
    assert max(ys) == 20 and min(ys) < 20  # its baseline is its step, its counts rise above it (towards step 1)
    assert list(view.norm_plot.getPlotItem().listDataItems()[0].getData()[1]) == [1.0, 20.0]
    view.gradients_button.click()
    view.layer_box.setCurrentIndex(1)
    assert [(r.layer, r.kind, r.high) for r in view.rows] == [("fc1.bias", "gradients", 0.01)] * 2
    assert "Gradients" in view.stack_plot.getPlotItem().titleLabel.text
    panel.select_runs([2])
    assert view.rows == [] and "no histograms" in view.hint.text() and view.hint.isVisible()


def test_delete_asks_then_removes_the_run_and_its_checkpoint_but_never_a_shipped_model(
    make_panel, database, tmp_path, monkeypatch
) -> None:
    own = checkpoint_file(tmp_path, "own.pt")
    shipped = paths.resources_dir() / "pretrained" / "logreg.pt"
    before = shipped.read_bytes()
    record(database, "logreg", checkpoint=own)
    record(database, "logreg", checkpoint=shipped)
    panel = make_panel()
    answers: list[list[int]] = []
    monkeypatch.setattr(actions, "confirm_delete", lambda _parent, runs: answers.append([r.id for r in runs]) or False)
    panel.select_runs([1])
    panel.delete_button.click()
    assert answers == [[1]] and ids(panel) == [2, 1] and own.exists()  # declined: nothing happened
    monkeypatch.setattr(actions, "confirm_delete", lambda _parent, _runs: True)
    panel.select_runs([1, 2])
    panel.delete_button.click()
    assert ids(panel) == [] and not own.exists()
    assert shipped.read_bytes() == before
    assert (
        "own.pt" in panel.status.text()
        and "logreg.pt" in panel.status.text()
        and "never deleted" in panel.status.text()
    )
    with RunHistory(database) as history:
        assert history.runs() == [] and history.histograms(1) == []
    assert "No runs recorded yet" in panel.empty_label.text() and panel.empty_label.isVisible()


def test_open_model_hands_over_the_checkpoint_and_a_missing_one_is_a_message(
    make_panel, database, tmp_path, qtbot
) -> None:
    kept = checkpoint_file(tmp_path, "kept.pt")
    gone = checkpoint_file(tmp_path, "gone.pt")
    record(database, "logreg", checkpoint=kept)
    record(database, "logreg", checkpoint=gone)
    record(database, "logreg")
    gone.unlink()
    panel = make_panel()
    opened: list[Path] = []
    panel.open_model_requested.connect(opened.append)
    panel.select_runs([1, 2])
    assert not panel.open_button.isEnabled()  # one model at a time
    for run_id in (1, 2, 3):
        panel.select_runs([run_id])
        panel.open_button.click()
        if run_id == 2:
            assert "gone.pt" in panel.status.text() and "no longer there" in panel.status.text()
    assert opened == [kept.resolve()]
    assert panel.status.text() == "Run 3 saved no model to open."


def test_the_table_follows_what_another_connection_records(make_panel, database, qtbot) -> None:
    record(database, "cnn")
    panel = make_panel()
    panel.set_watching(True)
    recorder = RunRecorder(database)
    running = recorder.start("train", "mlp", {}, "cpu")
    qtbot.waitUntil(lambda: ids(panel) == [running, 1], timeout=5000)
    assert cell(panel, 0, "status") == "running"
    panel.select_runs([running])
    recorder.log(10, loss=1.5)
    qtbot.waitUntil(lambda: len(panel.curves.loss_plot.getPlotItem().listDataItems()) == 1, timeout=5000)
    recorder.finish("stopped")
    qtbot.waitUntil(lambda: cell(panel, 0, "status") == "stopped", timeout=5000)
    assert [r.id for r in panel.selected_runs()] == [running]
    with RunHistory(database) as history:  # deleted elsewhere (the command line)
        history.delete(1)
    qtbot.waitUntil(lambda: ids(panel) == [running], timeout=5000)
    panel.set_watching(False)


def test_export_writes_the_selected_runs_or_all_of_them(make_panel, database, tmp_path, qtbot) -> None:
    record(database, "cnn", accuracy=0.9)
    record(database, "mlp", accuracy=0.8)
    panel = make_panel()
    panel.export(tmp_path / "all.csv")
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert panel.status.text().startswith("Wrote 2 runs")
    rows = list(csv.DictReader((tmp_path / "all.csv").read_text().splitlines()))
    assert {row["run_id"] for row in rows} == {"1", "2"} and {"loss", "val_acc"} <= {row["name"] for row in rows}
    panel.select_runs([2])
    panel.export(tmp_path / "one.json")
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert panel.status.text().startswith("Wrote 1 runs")
    (run,) = json.loads((tmp_path / "one.json").read_text())
    assert run["model"] == "mlp" and len(run["histograms"]) == 2 * 2 * len(LAYERS)
    blocker = tmp_path / "a file"
    blocker.write_text("")
    panel.export(blocker / "runs.csv")
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert panel.status.text().startswith("Could not export")


def test_an_empty_history_says_how_to_make_a_run_and_a_broken_one_is_a_message(qtbot, tmp_path) -> None:
    def opened(database: Path) -> RunsPanel:
        panel = RunsPanel(database=database)
        qtbot.addWidget(panel)
        panel.refresh()
        assert panel.empty_label.text() == "Reading the run history…"
        qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
        return panel

    empty = opened(tmp_path / "new" / "runs.sqlite")
    assert "No runs recorded yet" in empty.empty_label.text() and not empty.export_button.isEnabled()
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is no database\n" * 100)
    panel = opened(damaged)
    assert "damaged" in panel.status.text() and list(tmp_path.glob("damaged.sqlite.corrupt-*"))
    assert "No runs recorded yet" in panel.empty_label.text()  # a fresh one began
    blocker = tmp_path / "a file"
    blocker.write_text("")
    unusable = opened(blocker / "runs.sqlite")
    assert "cannot be used" in unusable.empty_label.text()
    unusable.set_watching(True)  # a failed history is not opened again at every tick, only on Refresh
    assert not unusable.busy
    unusable.set_watching(False)


def test_the_view_speaks_chinese_live_and_english_again(make_panel, database, qapp, qtbot) -> None:
    record(database, "cnn", accuracy=0.9)
    record(database, "mlp", accuracy=0.8)
    panel = make_panel()
    panel.select_runs([2])
    panel.open_button.click()  # no checkpoint: a status line to re-render
    assert panel.status.text() == "Run 2 saved no model to open."
    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.open_button.text() == "打开模型", timeout=2000)
    assert (panel.delete_button.text(), panel.export_button.text(), panel.refresh_button.text()) == (
        "删除…",
        "导出…",
        "刷新",
    )
    assert [panel.tabs.tabText(i) for i in range(2)] == ["曲线", "权重与梯度"]
    assert panel.model.headerData(6, Qt.Orientation.Horizontal) == "测试准确率"
    assert cell(panel, 0, "kind") == "训练" and cell(panel, 0, "status") == "已完成"
    assert panel.status.text() == "运行 2 没有保存可打开的模型。"
    assert panel.curves.loss_plot.getPlotItem().titleLabel.text == "各步的训练损失"
    assert [i.name() for i in panel.curves.loss_plot.getPlotItem().listDataItems()] == ["运行 2 · mlp"]
    assert panel.histograms.weights_button.text() == "权重" and panel.histograms.gradients_button.text() == "梯度"
    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: panel.open_button.text() == "Open model", timeout=2000)
    assert panel.status.text() == "Run 2 saved no model to open."
    assert cell(panel, 0, "kind") == "training"
