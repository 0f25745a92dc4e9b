import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from digitpad.cli import main
from digitpad.core.runtime.run_history import SCHEMA_VERSION, RunHistory, RunRecorder, default_path
from digitpad.core.training.loop import EpochReport, StepReport


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stderr=subprocess.PIPE, text=True)


def _exit_code(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def test_a_run_is_recorded_as_it_goes(tmp_path):
    path = tmp_path / "runs.sqlite"
    recorder = RunRecorder(path)
    run_id = recorder.start("train", "cnn", {"lr": 0.01, "channels": (16, 32)}, "cpu")
    recorder.log_report(StepReport(epoch=1, step=20, total_steps=40, loss=0.5, samples_per_s=1e3, eta_s=2.0))
    recorder.log_report(EpochReport(1, 2, train_loss=0.4, train_acc=0.9, val_loss=0.3, val_acc=0.92, seconds=3.0))
    with RunHistory(path) as history:  # another connection sees each call's rows at once
        assert history.run(run_id).status == "running"
        assert [(m.step, m.epoch, m.name) for m in history.metrics(run_id)] == [
            (20, 1, "loss"),
            *((20, 1, name) for name in ("train_loss", "train_acc", "val_loss", "val_acc")),
        ]
    recorder.finish("finished", {"test_accuracy": 0.95}, tmp_path / "m.pt", "Training finished.")
    with RunHistory(path) as history:
        run = history.run(run_id)
        assert run.status == "finished" and run.metrics == {"test_accuracy": 0.95}
        assert run.config == {"lr": 0.01, "channels": [16, 32]} and set(run.versions) == {"python", "torch", "digitpad"}
        assert run.checkpoint == str(tmp_path / "m.pt") and run.duration >= 0 and run.finished is not None
        assert history.curve(run_id, "val_acc") == [(20, 0.92)]


def test_a_killed_run_keeps_its_rows_and_stays_running(tmp_path):
    path = tmp_path / "runs.sqlite"
    killed = _python(f"""
        import os
        from digitpad.core.runtime.run_history import RunRecorder
        recorder = RunRecorder({str(path)!r})
        recorder.start("train", "mlp", {{}}, "cpu")
        for step in range(1, 6):
            recorder.log(step * 20, loss=1.0 / step)
        os._exit(1)
    """)
    code, err = _exit_code(killed)
    assert code == 1 and not err, err
    with RunHistory(path) as history:
        (run,) = history.runs()
        assert run.status == "running" and run.finished is None
        assert [m.value for m in history.metrics(run.id)] == pytest.approx([1.0, 0.5, 1 / 3, 0.25, 0.2])


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "runs.sqlite"
    code = f"""
        from digitpad.core.runtime.run_history import RunRecorder
        def fail(message):
            raise SystemExit(message)
        recorder = RunRecorder({str(path)!r}, notify=fail)
        recorder.start("train", "cnn", {{}}, "cpu")
        for step in range(200):
            recorder.log(step, value=float(step))
        recorder.finish("finished")
    """
    writers = [_python(code) for _ in range(2)]
    for writer in writers:
        assert _exit_code(writer) == (0, "")
    with RunHistory(path) as history:
        runs = history.runs()
        assert [r.status for r in runs] == ["finished", "finished"]
        for run in runs:
            assert [m.value for m in history.metrics(run.id)] == [float(s) for s in range(200)]


def test_a_first_schema_database_is_migrated(tmp_path):
    path = tmp_path / "runs.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, model TEXT NOT NULL,
            config TEXT NOT NULL DEFAULT '{}', device TEXT, versions TEXT NOT NULL DEFAULT '{}', started TEXT NOT NULL,
            finished TEXT, duration REAL, status TEXT NOT NULL DEFAULT 'running', metrics TEXT NOT NULL DEFAULT '{}',
            checkpoint TEXT);
        CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER,
            epoch INTEGER, name TEXT NOT NULL, value REAL);
        INSERT INTO runs (kind, model, started, status, metrics) VALUES
            ('gan', 'gan', '2026-01-01T00:00:00+00:00', 'finished', '{"generated_accuracy": 0.98}');
        INSERT INTO metrics VALUES (1, 20, NULL, 'g_loss', 1.5);
        PRAGMA user_version = 1;
    """)
    conn.close()
    with RunHistory(path) as history:
        (run,) = history.runs()
        assert (run.kind, run.status, run.message) == ("gan", "finished", None)
        assert run.metrics == {"generated_accuracy": 0.98}
        assert history.curve(1, "g_loss") == [(20, 1.5)]
    recorder = RunRecorder(path)
    recorder.start("train", "cnn", {})
    recorder.finish("stopped", message="Stopped.")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT message FROM runs WHERE id = 2").fetchone() == ("Stopped.",)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'metrics_by_run'").fetchone()
    conn.close()


def _damaged_sqlite(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 100)
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the table's first page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not sqlite", "fails its integrity check"])
def test_a_corrupt_database_is_set_aside_and_a_new_one_made(tmp_path, damage):
    path = tmp_path / "runs.sqlite"
    if damage == "not sqlite":
        path.write_bytes(b"this is no database\n" * 100)
    else:
        _damaged_sqlite(path)
    before = path.read_bytes()
    notices = []
    recorder = RunRecorder(path, notify=notices.append)
    run_id = recorder.start("train", "cnn", {})
    recorder.finish("finished")
    (aside,) = tmp_path.glob("runs.sqlite.corrupt-*")
    assert aside.read_bytes() == before
    assert len(notices) == 1 and "damaged" in notices[0] and aside.name in notices[0]
    with RunHistory(path) as history:
        assert [r.id for r in history.runs()] == [run_id] and not history.notices


def test_a_folder_that_cannot_hold_the_database_warns_and_the_run_goes_on(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    recorder = RunRecorder(blocker / "runs.sqlite")  # the default notice: a logged warning
    assert recorder.start("train", "cnn", {}) is None
    recorder.log(1, loss=1.0)
    recorder.finish("finished")
    assert len(caplog.records) == 1 and caplog.records[0].levelname == "WARNING"
    assert "not recorded" in caplog.text


def test_a_read_only_folder_warns_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        (folder / "probe").touch()
    except PermissionError:
        pass
    else:
        pytest.skip("this user writes in read-only folders (root)")
    notices = []
    recorder = RunRecorder(folder / "runs.sqlite", notify=notices.append)
    assert recorder.start("train", "cnn", {}) is None
    recorder.log(1, loss=1.0)
    recorder.finish("finished")
    assert len(notices) == 1 and "not recorded" in notices[0]


def test_a_full_disk_mid_run_warns_once_and_the_run_goes_on(tmp_path):
    notices = []
    recorder = RunRecorder(tmp_path / "runs.sqlite", notify=notices.append)
    run_id = recorder.start("train", "cnn", {})
    recorder._conn.execute("PRAGMA max_page_count = 1")  # its present size: no more pages, as on a full disk
    for step in range(3):
        recorder.log(step, **{f"layer{i}_norm": 1.0 for i in range(1000)})
    recorder.finish("finished")
    assert len(notices) == 1 and "not recorded" in notices[0]
    with RunHistory(tmp_path / "runs.sqlite") as history:
        assert history.run(run_id).status == "running"


def test_the_command_line_records_its_training_runs(mnist_root, tmp_path, capsys):
    out = tmp_path / "m.pt"
    trained = subprocess.run(
        [sys.executable, "-m", "digitpad", "train", "--model", "logreg", "--max-steps", "20", "--no-pen-data"]
        + ["--device", "cpu", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert trained.returncode == 0, trained.stderr
    assert main(["runs", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and listed[1].split()[:4] == ["1", "train", "logreg", "finished"]
    assert main(["runs", "export", "--format", "json"]) == 0
    (run,) = json.loads(capsys.readouterr().out)
    assert run["checkpoint"] == str(out) and run["metrics"]["test_accuracy"] > 0.5
    assert {"loss", "val_acc"} <= {row["name"] for row in run["log"]} and run["config"]["max_steps"] == 20
    assert main(["runs", "export", "--out", str(tmp_path / "runs.csv")]) == 0
    assert (tmp_path / "runs.csv").read_text().startswith("run_id,kind,model")
    assert main(["runs", "compare", "1", "1"]) == 0 and "test_accuracy" in capsys.readouterr().out
    assert main(["runs", "delete", "1", "--with-checkpoint"]) == 0
    assert not out.exists() and default_path().is_file()
    assert main(["runs", "show", "1"]) == 2 and "no run 1" in capsys.readouterr().err
