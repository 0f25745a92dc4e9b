"""The interface language: English or 简体中文, switched live from View > Language, remembered, and a translation
file that keeps up with the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QPushButton, QTabBar, QWidget

from digitpad.ui import docks
from digitpad.ui import settings as keys
from digitpad.ui.common import i18n
from digitpad.ui.guide import GuideDialog
from digitpad.ui.main_window import MainWindow
from digitpad.ui.preferences import PreferencesDialog
from digitpad.ui.state import AppState

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "digitpad_zh_CN.ts"
SCRIPT = REPO / "packaging" / "update_translations.sh"


@pytest.fixture
def window(qtbot, settings: QSettings) -> MainWindow:
    window = MainWindow(settings=settings, load_models=False, deferred=True)
    qtbot.addWidget(window)
    return window


def language_action(window: MainWindow, name: str):
    return next(a for a in window.menus.language_group.actions() if a.data() == name)


def test_switching_to_chinese_renames_the_menus_live_and_back(qtbot, window: MainWindow, settings: QSettings) -> None:
    menus = window.menus
    assert menus.file_menu.title() == "&File"
    assert menus.open_model.text() == "&Open model…"
    assert [a.text() for a in menus.language_group.actions()] == ["System", "English", "简体中文"]

    language_action(window, "zh_CN").trigger()
    qtbot.waitUntil(lambda: menus.file_menu.title() == "文件(&F)", timeout=2000)  # LanguageChange is posted
    assert menus.open_model.text() == "打开模型(&O)…"
    assert menus.language_menu.title() == "语言(&L)"
    assert window.status.device_status.text() == "正在加载 PyTorch…"
    assert language_action(window, "zh_CN").isChecked()
    assert window.state.language == "zh_CN"
    assert settings.value(keys.LANGUAGE) == "zh_CN"

    language_action(window, "en").trigger()
    qtbot.waitUntil(lambda: menus.file_menu.title() == "&File", timeout=2000)
    assert menus.open_model.text() == "&Open model…"
    assert window.status.device_status.text() == "Loading PyTorch…"


def test_the_choice_persists(settings: QSettings) -> None:
    AppState(settings).set_language("zh_CN")
    settings.sync()
    assert AppState(QSettings(settings.fileName(), QSettings.Format.IniFormat)).language == "zh_CN"
    assert AppState(QSettings()).language == "system"  # nothing stored: follow the system


def test_system_follows_the_locale() -> None:
    assert i18n.resolve("system", QLocale("zh_CN")) == "zh_CN"
    assert i18n.resolve("system", QLocale("zh_TW")) == "en"  # no Traditional Chinese translation (yet)
    assert i18n.resolve("system", QLocale("de_DE")) == "en"
    assert i18n.resolve("zh_CN", QLocale("de_DE")) == "zh_CN"


def test_preferences_and_guide_follow_the_language(qtbot, settings: QSettings, qapp: QApplication) -> None:
    state = AppState(settings)
    preferences, guide = PreferencesDialog(state), GuideDialog()
    qtbot.addWidget(preferences)
    qtbot.addWidget(guide)
    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: preferences.windowTitle() == "首选项", timeout=2000)
    assert preferences.browse_button.text() == "浏览…"
    assert "键盘快捷键" in guide.text.toPlainText()
    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: preferences.windowTitle() == "Preferences", timeout=2000)
    assert "Keyboard shortcuts" in guide.text.toPlainText()


def messages(ts: Path) -> list[tuple[str, str, ET.Element | None]]:
    """(context, source, translation element) for each message of a .ts file."""
    return [
        (context.findtext("name", ""), message.findtext("source", ""), message.find("translation"))
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    ]


def test_every_message_is_translated() -> None:
    found = messages(TS)
    assert found
    unfinished = [source for _, source, tr in found if tr is None or tr.get("type") == "unfinished" or not tr.text]
    assert not unfinished


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate is not on PATH")
def test_the_translations_are_up_to_date_with_the_code(tmp_path: Path) -> None:
    sources = re.search(r"sources=\((.*?)\)", SCRIPT.read_text(), re.DOTALL)
    assert sources is not None
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        ["pyside6-lupdate", "-locations", "none", *sources.group(1).split(), "-ts", str(fresh)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=60,
    )
    in_code = {(context, source) for context, source, _ in messages(fresh)}
    committed = {(context, source) for context, source, _ in messages(TS)}
    assert in_code == committed, "run packaging/update_translations.sh and translate what it adds"


def _texts(root: QWidget) -> dict[int, str]:
    """The text of every visible label, button, group box and tab of ``root``, by widget."""
    found: dict[int, str] = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        elif isinstance(widget, QTabBar):
            text = " | ".join(widget.tabText(i) for i in range(widget.count()))
        else:
            continue
        if re.search(r"[A-Za-z]{3}", text) or re.search(r"[\u4e00-\u9fff]", text):
            found[id(widget)] = text
    return found


def _clipped(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text needs."""
    clipped = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.pixmap().isNull():
            text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")  # mnemonics are not drawn
            if "<" in text or not text.strip():
                continue  # rich text lays itself out
            need = max(widget.fontMetrics().horizontalAdvance(line) for line in text.splitlines())
            room = widget.contentsRect().width() - 2 * widget.margin() - 2 * max(widget.indent(), 0)
        elif isinstance(widget, QPushButton) and widget.text():
            # its text and the style's margins (a plain push button: its size hint, with the style's 80 px minimum)
            need, room = widget.minimumSizeHint().width(), widget.width()
        else:
            continue
        if need > room + 1:
            clipped.append(f"{type(widget).__name__} {widget.text()!r}: needs {need} px, has {room}")
    return clipped


def test_every_dock_and_panel_changes_language_live_and_nothing_is_clipped(
    qtbot, settings: QSettings, qapp: QApplication
) -> None:
    """The whole window at its default size, with every panel built: each dock's visible texts (its title, labels,
    buttons, group boxes, tabs) change when Chinese is chosen and come back in English, and no one-line label or
    button is narrower than its Chinese text."""
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.model_parts_ready, timeout=60_000)
    docks.show(window.runs_dock)  # the Runs view opens the run history (in a worker thread) when first in sight
    qtbot.waitUntil(lambda: window.runs_panel.source.is_open and not window.runs_panel.busy, timeout=10_000)

    def each_dock():
        for dock in window.docks:
            dock.raise_()
            qapp.processEvents()
            yield dock

    english = {dock.objectName(): (dock.windowTitle(), _texts(docks.panel_of(dock))) for dock in each_dock()}
    shell = _texts(window.centralWidget())
    language_action(window, "zh_CN").trigger()
    qtbot.waitUntil(lambda: window.docks[0].windowTitle() == "训练", timeout=5000)
    qapp.processEvents()
    for dock in each_dock():
        title, before = english[dock.objectName()]
        after = _texts(docks.panel_of(dock))
        assert dock.windowTitle() != title
        same = [text for key, text in after.items() if before.get(key) == text and re.search(r"[A-Za-z]{4}", text)]
        assert len(after) >= 2 and not same, f"{dock.objectName()}: still in English: {same}"
        assert not _clipped(dock), f"{dock.objectName()}: {_clipped(dock)}"
    central = _texts(window.centralWidget())
    unchanged = [text for key, text in central.items() if shell.get(key) == text and re.search(r"[A-Za-z]{4}", text)]
    assert not unchanged, f"canvas and prediction column still in English: {unchanged}"
    assert not _clipped(window.centralWidget())

    language_action(window, "en").trigger()
    qtbot.waitUntil(lambda: window.docks[0].windowTitle() == "Training", timeout=5000)
    qapp.processEvents()
    for dock in each_dock():
        assert _texts(docks.panel_of(dock)) == english[dock.objectName()][1]
    assert window.close()


def test_every_translation_keeps_the_placeholders_tags_and_accelerators_of_its_source() -> None:
    """A translation that drops or renames a ``{field}``, loses an HTML tag or an ``&`` shortcut would show a raw
    brace, break a formula's markup or lose a keyboard shortcut (``localize`` falls back to English then)."""
    placeholder = re.compile(r"\{[^{}]*\}")
    tag = re.compile(r"</?([a-zA-Z0-9]+)[^>]*>")
    bad = []
    for context, source, translation in messages(TS):
        text = translation.text if translation is not None else None
        if not text:
            continue
        if sorted(placeholder.findall(source)) != sorted(placeholder.findall(text)):
            bad.append(f"[{context}] placeholders: {source!r} -> {text!r}")
        if sorted(tag.findall(source)) != sorted(tag.findall(text)):
            bad.append(f"[{context}] tags: {source!r} -> {text!r}")
        if re.search(r"&[^&\s;]", source.replace("&&", "")) and not re.search(r"&[^&\s;]", text.replace("&&", "")):
            bad.append(f"[{context}] shortcut: {source!r} -> {text!r}")
    assert not bad, "\n".join(bad)
