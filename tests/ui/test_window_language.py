"""The window's shell follows a live switch of language, both ways: the docks' titles and their View menu toggles
(a dock's title renames its toggle, so the menus name theirs after), the dock placeholders, the model list, the
file dialogs and their errors, the About box and the data folder chooser."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox

from digitpad.core.runtime import paths
from digitpad.ui import dialogs, docks
from digitpad.ui.catalog import ModelCatalog
from digitpad.ui.common import about, i18n
from digitpad.ui.common.data_folder import choose_data_folder
from digitpad.ui.main_window import MainWindow

ENGLISH_DOCKS = ["Training", "Inside the model", "My digits", "Runs"]
CHINESE_DOCKS = ["训练", "模型内部", "我的数字", "运行记录"]
ENGLISH_TOGGLES = ["&Training panel", "&Inside the model", "&My digits", "R&uns"]
CHINESE_TOGGLES = ["训练面板(&T)", "模型内部(&I)", "我的数字(&M)", "运行记录(&U)"]


@pytest.fixture
def window(qtbot, settings: QSettings) -> MainWindow:
    window = MainWindow(settings=settings, load_models=False, deferred=True)
    qtbot.addWidget(window)
    window.show()
    return window


def titles(window: MainWindow) -> list[str]:
    return [dock.windowTitle() for dock in window.docks]


def toggles(window: MainWindow) -> list[str]:
    return [dock.toggleViewAction().text() for dock in window.docks]


def test_docks_and_their_view_menu_toggles_follow_the_language_both_ways(qtbot, window: MainWindow, qapp) -> None:
    assert titles(window) == ENGLISH_DOCKS and toggles(window) == ENGLISH_TOGGLES
    assert docks.panel_of(window.insight_dock).text() == "Loading…"
    assert window.windowTitle() == "digitpad"  # the name, in every language

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: titles(window) == CHINESE_DOCKS, timeout=2000)
    assert toggles(window) == CHINESE_TOGGLES  # set after the titles, which had renamed them
    view_menu = [action.text() for action in window.view_menu.actions()]
    assert all(text in view_menu for text in CHINESE_TOGGLES)
    assert docks.panel_of(window.insight_dock).text() == "正在加载…"
    assert window.windowTitle() == "digitpad"

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: titles(window) == ENGLISH_DOCKS, timeout=2000)
    assert toggles(window) == ENGLISH_TOGGLES
    assert docks.panel_of(window.insight_dock).text() == "Loading…"


def test_the_model_list_is_relabelled_live(qtbot, window: MainWindow, qapp) -> None:
    selector = window.findChild(QComboBox, "modelSelector")
    assert selector.itemText(0).endswith("(loading…)")  # listed before the models have loaded
    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: selector.itemText(0).endswith("（正在加载…）"), timeout=2000)
    assert window.catalog.item(0).toolTip() == "正在加载…"
    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: selector.itemText(0).endswith("(loading…)"), timeout=2000)


def test_why_a_model_is_missing_is_said_again_in_the_new_language(qtbot, tmp_path: Path, monkeypatch, qapp) -> None:
    monkeypatch.setattr(paths, "pretrained_path", lambda name: tmp_path / f"{name}.pt")
    monkeypatch.setattr(paths, "user_models_dir", lambda: tmp_path / "models")
    catalog = ModelCatalog()
    catalog.load_pretrained()
    assert catalog.item(0).toolTip().startswith("No pretrained weights yet:")
    assert catalog.item(0).text().endswith("(not available)")
    i18n.apply_language("zh_CN", qapp)
    catalog.retranslate()  # the window does this on LanguageChange
    assert catalog.item(0).toolTip().startswith("尚无预训练权重：")
    assert catalog.item(0).text().endswith("（不可用）")
    i18n.apply_language("en", qapp)
    catalog.retranslate()
    assert catalog.item(0).toolTip().startswith("No pretrained weights yet:")


def test_file_dialogs_and_their_errors_are_in_the_language(window: MainWindow, monkeypatch, tmp_path, qapp) -> None:
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda _parent, title, _folder, filters: asked.append((title, filters)) or ("", ""),
    )
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    i18n.apply_language("zh_CN", qapp)
    window.files.ask_open_model()
    window.files.ask_open_image()
    assert asked == [("打开模型", dialogs.model_filter()), ("打开图片", dialogs.image_filter())]
    assert dialogs.model_filter() == "digitpad 检查点 (*.pt);;所有文件 (*)"
    assert dialogs.load_model(window, tmp_path / "missing.pt") is None
    assert shown[0][0] == "无法打开模型" and shown[0][1].endswith("仍在使用当前模型。")
    i18n.apply_language("en", qapp)
    assert dialogs.load_model(window, tmp_path / "missing.pt") is None
    assert shown[1][0] == "Cannot open model" and shown[1][1].endswith("The current model is still in use.")
    assert dialogs.model_filter() == "digitpad checkpoints (*.pt);;All files (*)"


def test_the_about_box_and_the_data_folder_chooser_are_in_the_language(window: MainWindow, monkeypatch, qapp) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda _parent, title, _folder: asked.append(title) or "")
    assert "<p>Draw a digit and see what neural networks make of it.</p>" in about.about_html()
    i18n.apply_language("zh_CN", qapp)
    html = about.about_html()
    assert "<p>写下一个数字，看看神经网络如何识别它。</p>" in html and "Pen-Based Recognition" in html
    assert not choose_data_folder(window, window.state)
    i18n.apply_language("en", qapp)
    assert "Trained on MNIST" in about.about_html()
    assert not choose_data_folder(window, window.state)
    assert asked == ["MNIST 数据文件夹", "MNIST data folder"]
