"""UI test setup: settings go to a temporary folder, every test ends in English, and no test may leave a QThread
running."""

from __future__ import annotations

import gc
import weakref

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, QThread

from digitpad.core.my_digits import store as my_digits
from digitpad.ui.common import i18n


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory):
    """The settings file the app opens (`digitpad.ui.settings.open_settings`) is in a per-test folder, never the
    user's real one."""
    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def english_afterwards():
    """The translators are the application's: a test that switches language leaves it in English."""
    yield
    app = QCoreApplication.instance()
    if app is not None:
        i18n.apply_language("en", app)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A settings file of the test's own, to hand to `MainWindow(settings=...)` or `AppState(settings)`."""
    return QSettings(str(tmp_path / "digitpad.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def count_renders(monkeypatch):
    """``renders = count_renders(view)``: a list that grows by one each time the insight view renders (its
    `_render` runs), so a test can see that hidden views stay idle."""

    def count(view) -> list[object]:
        renders: list[object] = []
        render = view._render

        def counting_render(*args, **kwargs):
            renders.append(args)
            return render(*args, **kwargs)

        monkeypatch.setattr(view, "_render", counting_render)
        return renders

    return count


@pytest.fixture(autouse=True)
def isolated_my_digits(tmp_path_factory, monkeypatch):
    """The window's "my digits" collection lives in a per-test folder, never the user's real one."""
    folder = tmp_path_factory.mktemp("my_digits")
    monkeypatch.setattr(my_digits, "default_folder", lambda: folder)
    return folder


@pytest.fixture(autouse=True)
def no_running_qthreads(monkeypatch):
    """Fail a test that leaves a QThread running (destroying a running QThread aborts the process)."""
    started: weakref.WeakSet[QThread] = weakref.WeakSet()
    original_start = QThread.start

    def recording_start(self, *args):
        started.add(self)
        original_start(self, *args)

    monkeypatch.setattr(QThread, "start", recording_start)
    yield
    running = [thread for thread in list(started) if shiboken6.isValid(thread) and thread.isRunning()]
    for thread in running:  # still fail, but do not let the process crash in a later test
        thread.quit()
        thread.wait(10_000)
    assert not running, f"{len(running)} QThread(s) still running after the test"


@pytest.fixture(scope="session", autouse=True)
def gc_in_gui_thread_only():
    """As in the app (run_app): no automatic cyclic GC, which could run in a training thread and destroy widgets
    left over from an earlier test there (a deadlock in Qt). Garbage is collected in the GUI thread after tests."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def collect_garbage_in_gui_thread():
    gc.collect()
    yield
    gc.collect()
