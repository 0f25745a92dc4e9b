"""The run history's histograms table: a database of the schema before it migrates and keeps its runs; exports and
`runs show` carry the histograms; deleting a run keeps a checkpoint that digitpad ships."""

import json
import sqlite3

from digitpad.cli import main
from digitpad.core.runtime.paths import resources_dir
from digitpad.core.runtime.run_export import export_runs
from digitpad.core.runtime.run_history import SCHEMA_VERSION, RunHistory, RunRecorder, default_path, is_shipped
from digitpad.core.training.histograms import BINS, TensorHistogram
from digitpad.core.training.loop import StepReport


def _report(step: int, *samples: TensorHistogram) -> StepReport:
    return StepReport(epoch=1, step=step, total_steps=100, loss=0.5, samples_per_s=1e3, eta_s=1.0, histograms=samples)


def _sample(step: int, layer: str = "fc.weight", kind: str = "weights") -> TensorHistogram:
    return TensorHistogram(step, layer, kind, -1.0, 1.0, (1,) * BINS, 2.0)


def test_a_second_schema_database_migrates_and_keeps_its_runs(tmp_path):
    path = tmp_path / "runs.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, model TEXT NOT NULL,
            config TEXT NOT NULL DEFAULT '{}', device TEXT, versions TEXT NOT NULL DEFAULT '{}', started TEXT NOT NULL,
            finished TEXT, duration REAL, status TEXT NOT NULL DEFAULT 'running', metrics TEXT NOT NULL DEFAULT '{}',
            checkpoint TEXT);
        CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER,
            epoch INTEGER, name TEXT NOT NULL, value REAL);
        ALTER TABLE runs ADD COLUMN message TEXT;
        CREATE INDEX metrics_by_run ON metrics (run_id, name, step);
        INSERT INTO runs (kind, model, started, status, metrics, message) VALUES
            ('train', 'cnn', '2026-01-01T00:00:00+00:00', 'finished', '{"test_accuracy": 0.99}', 'Training finished.');
        INSERT INTO metrics VALUES (1, 20, 1, 'loss', 0.7);
        PRAGMA user_version = 2;
    """)
    conn.close()
    with RunHistory(path) as history:
        (run,) = history.runs()
        assert (run.model, run.metrics, run.message) == ("cnn", {"test_accuracy": 0.99}, "Training finished.")
        assert history.curve(1, "loss") == [(20, 0.7)] and history.histograms(1) == []
    recorder = RunRecorder(path)
    run_id = recorder.start("train", "cnn", {})
    recorder.log_report(_report(20, _sample(1), _sample(1, kind="gradients"), _sample(1, "fc.bias")))
    recorder.finish("finished")
    with RunHistory(path) as history:
        assert [r.id for r in history.runs(newest_first=True)] == [run_id, 1]
        assert history.histogram_layers(run_id) == ["fc.weight", "fc.bias"]
        (h,) = history.histograms(run_id, "fc.weight", "gradients")
        assert (h.step, h.low, h.high, h.norm, h.counts) == (1, -1.0, 1.0, 2.0, (1,) * BINS)
        assert history.curve(run_id, "loss", by="epoch") == [(1, 0.5)]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'histograms_by_run'").fetchone()
    conn.close()


def test_exports_and_runs_show_carry_the_histograms(capsys):
    recorder = RunRecorder()  # the default database, in this test's own data folder
    run_id = recorder.start("train", "mlp", {"lr": 0.01})
    recorder.log_report(_report(20, _sample(1), _sample(1, "fc.bias")))
    recorder.log_report(_report(60, _sample(50), _sample(50, "fc.bias")))
    recorder.finish("finished", {"test_accuracy": 0.9})
    with RunHistory(default_path()) as history:
        text, count = export_runs(history, "json", [run_id])
        (record,) = json.loads(text)
        assert count == 1 and [h["step"] for h in record["histograms"]] == [1, 1, 50, 50]
        assert record["histograms"][0]["counts"] == [1] * BINS and record["log"][0]["name"] == "loss"
        text, count = export_runs(history, "csv")
        assert text.splitlines()[-1] == f"{run_id},train,mlp,finished,{record['started']},,,test_accuracy,0.9"
    assert main(["runs", "show", str(run_id)]) == 0
    assert "histograms: 2 parameters at 2 steps (1 to 50)" in capsys.readouterr().out


def test_deleting_a_run_never_deletes_a_checkpoint_digitpad_ships(capsys):
    shipped = resources_dir() / "pretrained" / "logreg.pt"
    before = shipped.read_bytes()
    recorder = RunRecorder()
    run_id = recorder.start("train", "logreg", {})
    recorder.finish("finished", checkpoint=shipped)
    assert is_shipped(shipped) and not is_shipped(default_path())
    assert main(["runs", "delete", str(run_id), "--with-checkpoint"]) == 0
    assert "comes with digitpad and was kept" in capsys.readouterr().out
    assert shipped.read_bytes() == before
