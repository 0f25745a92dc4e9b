"""UI test setup: settings go to a temporary folder, and no test may leave a QThread running."""

from __future__ import annotations

import weakref

import pytest
import shiboken6
from PySide6.QtCore import QSettings, QThread


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory):
    """Every QSettings() the app opens writes into a per-test folder, never the user's real settings."""
    folder = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
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
