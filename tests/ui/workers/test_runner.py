"""JobRunner: one vocabulary for every job the window runs off the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest

from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.ui.workers import runner as runner_module
from digitpad.ui.workers.runner import JobRunner


def _record(runner: JobRunner) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    runner.started.connect(lambda: seen.append(("started", None)))
    runner.progress.connect(lambda items: seen.append(("progress", list(items))))
    runner.yielded.connect(lambda item: seen.append(("yielded", item)))
    runner.returned.connect(lambda value: seen.append(("returned", value)))
    runner.errored.connect(lambda exc: seen.append(("errored", exc)))
    runner.aborted.connect(lambda: seen.append(("aborted", None)))
    runner.finished.connect(lambda: seen.append(("finished", runner.running)))
    return seen


def test_progress_partials_and_result_arrive_in_order_and_finished_comes_last(qtbot):
    def job(state: JobState) -> str:
        for i in range(5):
            state.progress(i)
        state.partial("epoch 1")
        state.progress(5)
        return "done"

    runner = JobRunner("test", heavy=False)
    seen = _record(runner)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(job)
    kinds = [k for k, _ in seen]
    assert kinds[0] == "started" and kinds[-1] == "finished"
    assert seen[-1] == ("finished", False)  # not running any more once finished arrives
    progress = [i for k, items in seen if k == "progress" for i in items]  # type: ignore[union-attr]
    assert progress == [0, 1, 2, 3, 4, 5]  # batched, never lost, in order
    assert kinds.index("yielded") > max(i for i, (k, v) in enumerate(seen) if k == "progress" and 4 in v)
    assert ("returned", "done") in seen and "errored" not in kinds and "aborted" not in kinds


def test_an_error_crosses_as_the_exception_itself(qtbot):
    class Missing(RuntimeError):
        pass

    def job(state: JobState) -> None:
        raise Missing("MNIST was not found")

    runner = JobRunner("test", heavy=False)
    seen = _record(runner)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(job)
    errors = [v for k, v in seen if k == "errored"]
    assert len(errors) == 1 and isinstance(errors[0], Missing)
    assert "returned" not in [k for k, _ in seen]


def test_stop_keeps_the_result_and_cancel_aborts(qtbot):
    def job(state: JobState) -> int:
        steps = 0
        while not state.stopped:
            steps += 1
            time.sleep(0.001)
        state.raise_if_cancelled()
        return steps

    runner = JobRunner("test", heavy=False)
    seen = _record(runner)
    runner.start(job)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.stop()
    assert [k for k, _ in seen].count("returned") == 1

    seen.clear()
    runner.start(job)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.cancel()
    assert [k for k, _ in seen] == ["started", "aborted", "finished"]


def test_pause_holds_the_job_until_resume(qtbot):
    ticks: list[int] = []

    def job(state: JobState) -> None:
        while not state.stopped:
            state.wait_while_paused()
            ticks.append(1)
            time.sleep(0.002)

    runner = JobRunner("test", heavy=False)
    runner.start(job)
    qtbot.waitUntil(lambda: len(ticks) > 3, timeout=5000)
    runner.pause()
    assert runner.paused
    time.sleep(0.05)
    held = len(ticks)
    time.sleep(0.1)
    assert len(ticks) <= held + 1
    runner.resume()
    qtbot.waitUntil(lambda: len(ticks) > held + 3, timeout=5000)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.stop()


def test_a_second_start_while_running_is_refused(qtbot):
    release = threading.Event()
    runner = JobRunner("test", heavy=False)
    runner.start(lambda state: release.wait(5))
    with pytest.raises(RuntimeError):
        runner.start(lambda state: None)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        release.set()


def test_shutdown_detaches_a_job_that_outlives_its_timeout_and_delivers_nothing_more(qtbot):
    release = threading.Event()

    def stubborn(state: JobState) -> str:
        release.wait(5)  # ignores the cancel until released
        return "late"

    runner = JobRunner("test", heavy=False)
    seen = _record(runner)
    runner.start(stubborn)
    assert runner.shutdown(timeout_ms=50) is False
    assert not runner.running
    assert len(runner_module._DETACHED) == 1  # referenced: never destroyed while it runs
    release.set()
    qtbot.waitUntil(lambda: not runner_module._DETACHED, timeout=5000)
    qtbot.wait(50)
    assert [k for k, _ in seen] == ["started"]  # the owner had gone: no result, no finished


def test_shutdown_joins_a_job_that_honours_cancel(qtbot):
    def job(state: JobState) -> None:
        while True:
            state.raise_if_cancelled()
            time.sleep(0.001)

    runner = JobRunner("test", heavy=False)
    runner.start(job)
    assert runner.shutdown(timeout_ms=5000) is True
    assert not runner.running and not runner_module._DETACHED


def test_cancelled_is_an_exception_a_core_job_may_raise():
    state = JobState()
    state.raise_if_cancelled()
    state.cancel()
    assert state.stopped and state.cancelled
    with pytest.raises(Cancelled):
        state.raise_if_cancelled()


def test_workers_import_no_widgets():
    """Workers run jobs; widgets belong to the panels (import-linter cannot name Qt's submodules)."""
    import ast
    from pathlib import Path

    import digitpad.ui.workers as workers

    for path in Path(workers.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not imported & {"PySide6.QtWidgets", "PySide6.QtGui", "pyqtgraph"}, path.name
