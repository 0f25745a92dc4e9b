"""One benchmark section per process; each prints JSON rows. Run through benchmarks/run.py.

python benchmarks/sections.py SECTION --data-dir DIR
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from digitpad.core.data.mnist import load_mnist  # noqa: E402
from digitpad.core.runtime.jobs import JobState  # noqa: E402
from digitpad.core.training.evaluation import evaluate  # noqa: E402
from digitpad.core.training.loop import EpochReport, TrainConfig, train  # noqa: E402


def emit(
    benchmark: str,
    value: float,
    unit: str,
    baseline: float | None = None,
    ratio: float | None = None,
    target: str = "",
    met: bool | None = None,
    **extra: object,
) -> None:
    print(
        json.dumps(
            {
                "benchmark": benchmark,
                "value": value,
                "unit": unit,
                "baseline": baseline,
                "ratio": ratio,
                "target": target,
                "met": met,
                **extra,
            }
        ),
        flush=True,
    )


def baseline_run(data_dir: str, *args: str) -> list[dict]:
    out = subprocess.run(
        [sys.executable, str(HERE / "baseline_pytorch_example.py"), "--data-dir", data_dir, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def pctl(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ----- training ------------------------------------------------------------------------------------------------
def panel_defaults(device: str) -> TrainConfig:
    """The Training panel's configuration as a fresh user finds it: an offscreen panel's own `config()`, with settings
    in an empty file, on ``device``."""
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from digitpad.ui.state import AppState
    from digitpad.ui.training.panel import TrainingPanel

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "fresh.ini"), QSettings.Format.IniFormat)
    panel = TrainingPanel(state=AppState(settings))
    config = panel.config()
    panel.deleteLater()
    app.processEvents()
    return dataclasses.replace(config, device=device)


def seconds_to_99(data_dir: str, device: str = "auto") -> tuple[float | None, list[float], TrainConfig]:
    """Training seconds until MNIST test accuracy first reaches 99.0%, checked after every epoch (evaluation time
    excluded), for the Training panel's default model and settings (real pen digits in the training data, as the
    panel has them); the accuracy after each epoch, and the configuration."""
    from digitpad.core.data.pen_renders import add_pen_digits
    from digitpad.core.models.zoo import build_model

    cfg = panel_defaults(device).resolved()
    mnist = load_mnist(data_dir)
    data = add_pen_digits(mnist, data_dir, variants=cfg.pen_variants, seed=cfg.seed)[0] if cfg.pen_data else mnist
    if device == "cuda":
        train(dataclasses.replace(cfg, max_steps=20), data)  # warm-up: CUDA context, kernels
        torch.cuda.synchronize()
    control = JobState(on_partial=lambda r: report(r))
    state = {"excluded": 0.0, "reached": None, "acc": []}
    holder: dict = {}

    def report(r):  # noqa: ANN001
        if isinstance(r, EpochReport):
            t0 = time.perf_counter()
            acc = evaluate(holder["model"], mnist.test).accuracy
            state["acc"].append(round(acc, 4))
            if acc >= 0.99 and state["reached"] is None:
                state["reached"] = t0 - start - state["excluded"]
                control.stop()
            state["excluded"] += time.perf_counter() - t0

    holder["model"] = build_model(cfg.model, cfg.hparams)
    start = time.perf_counter()
    train(cfg, data, control, model=holder["model"])
    return state["reached"], state["acc"], cfg


def time_to_accuracy(data_dir: str) -> None:
    """`seconds_to_99` on the CPU, against the PyTorch example recipe."""
    ours, accuracies, cfg = seconds_to_99(data_dir, "cpu")
    rows = baseline_run(data_dir, "--target", "0.99")
    base = next((r["train_seconds"] for r in rows if r["test_accuracy"] >= 0.99), None)
    ratio = base / ours if ours and base else None
    pen = f"on, {cfg.pen_variants} renders each" if cfg.pen_data else "off"
    emit(
        f"time to 99.0% test accuracy ({cfg.model.upper()}, Training panel defaults: {cfg.epochs} "
        f"epoch{'s' if cfg.epochs != 1 else ''}, batch {cfg.batch_size}, lr {cfg.lr:g}, label smoothing "
        f"{cfg.label_smoothing:g}, augmentation {'on' if cfg.augment else 'off'}, pen digits {pen})",
        ours or float("nan"),
        "s",
        base,
        ratio,
        "<= 6 s, >= 15x",
        ours is not None and ours <= 6 and ratio is not None and ratio >= 15,
        ours_accuracy_per_epoch=accuracies,
        baseline_accuracy_per_epoch=[r["test_accuracy"] for r in rows],
    )


def throughput(data_dir: str) -> None:
    """Training samples/s, the example's DataLoader loop vs digitpad's loop, for the same net and batch size: the
    example's own net at batch 64 (the target), and digitpad's default CNN at its batch size. digitpad's loop runs
    at its default precision (bfloat16 autocast where the CPU has native bf16) and, to show what the in-memory data
    path alone is worth, in float32."""
    from baseline_pytorch_example import Net

    from digitpad.core.models.zoo import REGISTRY, build_model
    from digitpad.core.runtime.devices import resolve_device, use_mixed_precision

    steps = 300
    data = load_mnist(data_dir)
    auto_amp = use_mixed_precision(resolve_device("cpu"))
    cnn_batch = REGISTRY["cnn"].batch_size
    cases = [
        ("example net", Net, 64, ()),
        ("digitpad CNN", lambda: build_model("cnn"), cnn_batch, ("--net", "digitpad-cnn")),
    ]
    precisions = ("auto", "fp32") if auto_amp else ("auto",)  # auto is float32 here: one row says it
    for label, make, batch, extra in cases:
        rates: dict[str, list[float]] = {"baseline": [], **{p: [] for p in precisions}}
        for _ in range(3):  # alternated, medians: single runs of 300 steps vary by 15% on this machine
            base = baseline_run(data_dir, "--max-steps", str(steps), "--batch-size", str(batch), *extra)[0]
            rates["baseline"].append(base["samples_per_s"])
            for precision in precisions:
                torch.manual_seed(1)
                cfg = TrainConfig(
                    model="cnn",
                    batch_size=batch,
                    lr=1e-3,
                    max_steps=steps,
                    augment=False,
                    device="cpu",
                    optimizer="adam",
                    schedule="constant",
                    precision=precision,
                )
                result = train(cfg, data, model=make())
                rates[precision].append(result.steps_done * batch / result.seconds)
        base_rate = statistics.median(rates["baseline"])
        for precision in precisions:
            rate = statistics.median(rates[precision])
            is_target = label.startswith("example") and precision == "auto"
            mode = "bf16 autocast" if precision == "auto" and auto_amp else "float32"
            emit(
                f"training throughput, {label} (batch {batch}), digitpad {mode} (medians of 3)",
                rate,
                "samples/s",
                base_rate,
                rate / base_rate,
                ">= 1.5x" if is_target else "",
                rate / base_rate >= 1.5 if is_target else None,
            )


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _worker_run(cfg: TrainConfig, data, on_started=None) -> float:  # noqa: ANN001
    """Train through the GUI's job runner with an event loop running, as the Training panel does; returns wall
    seconds."""
    from functools import partial

    from PySide6.QtCore import QEventLoop

    from digitpad.core.training.runs import TrainingJob, run_training
    from digitpad.ui.workers.runner import JobRunner

    app = _app()
    job = TrainingJob(config=cfg, data_root=Path("."), loader=lambda _r, _d: data)
    runner = JobRunner("training")
    loop = QEventLoop()
    runner.finished.connect(loop.quit)  # always, last, once the job's thread has ended
    if on_started:
        on_started()
    start = time.perf_counter()
    runner.start(partial(run_training, job))
    loop.exec()
    elapsed = time.perf_counter() - start
    app.processEvents()
    return elapsed


_OVERHEAD_STEPS = 300


def _headless_run(data_dir: str) -> None:
    """What `digitpad train` does, in a process of its own: train in the main thread, then test accuracy."""
    data = load_mnist(data_dir)
    train(TrainConfig(model="cnn", max_steps=10, device="cpu"), data)  # warm-up: imports, allocator, kernels
    start = time.perf_counter()
    result = train(TrainConfig(model="cnn", max_steps=_OVERHEAD_STEPS, device="cpu"), data)
    evaluate(result.model, data.test)
    print(json.dumps({"seconds": time.perf_counter() - start}), flush=True)


def gui_overhead(data_dir: str) -> None:
    """The same run through the window's worker thread, in a process set up as the window sets itself up (the GUI
    thread predicts with one torch thread, training raises its own thread to every core), against a headless run
    in a separate process. Both in one process would not be the app: once the main thread has run torch on two
    threads, its idle OpenMP pool makes libgomp throttle the worker's pool on 2 cores (measured 1.5x slower)."""
    from digitpad.ui.workers import torch_threads

    torch_threads.for_interaction()  # as MainWindow does before any torch work in the GUI thread
    data = load_mnist(data_dir)
    _worker_run(TrainConfig(model="cnn", max_steps=10, device="cpu"), data)  # warm-up: imports, allocator
    guis, headlesses = [], []
    for _ in range(3):  # alternated, medians: single runs of a few seconds vary by 20% on this machine
        guis.append(_worker_run(TrainConfig(model="cnn", max_steps=_OVERHEAD_STEPS, device="cpu"), data))
        cmd = [sys.executable, __file__, "headless-run", "--data-dir", data_dir]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        headlesses.append(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])
    gui, headless = statistics.median(guis), statistics.median(headlesses)
    overhead = gui / headless - 1
    emit(
        f"GUI worker vs headless, {_OVERHEAD_STEPS} CNN steps + test accuracy (medians of 3)",
        gui,
        "s",
        headless,
        gui / headless,
        "<= 1.05x",
        overhead <= 0.05,
    )


def responsiveness(data_dir: str) -> None:
    """Lateness of a 10 ms timer in the GUI thread while the CNN trains in the worker thread."""
    from PySide6.QtCore import QTimer

    data = load_mnist(data_dir)
    lateness: list[float] = []
    timer = QTimer()
    timer.setTimerType(__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.TimerType.PreciseTimer)
    last = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        if last[0]:
            lateness.append((now - last[0] - 0.010) * 1000)
        last[0] = now

    timer.timeout.connect(tick)
    from digitpad.ui.app import import_optimizer_modules
    from digitpad.ui.workers import torch_threads

    torch_threads.for_interaction()  # as MainWindow does
    import_optimizer_modules()  # as the app does after start-up, once the pen is up (see run_app)
    _worker_run(TrainConfig(model="cnn", max_steps=400, device="cpu"), data, on_started=lambda: timer.start(10))
    timer.stop()
    p99, worst = pctl(lateness, 0.99), max(lateness)
    emit(
        "event-loop lateness during CNN training, p99",
        p99,
        "ms",
        None,
        None,
        "< 20 ms",
        p99 < 20,
        samples=len(lateness),
    )
    emit("event-loop lateness during CNN training, max", worst, "ms", None, None, "< 50 ms", worst < 50)


# ----- prediction ---------------------------------------------------------------------------------------------
def latency(data_dir: str) -> None:
    """Canvas change -> prediction shown: render the canvas to an array, preprocess, forward, update the views."""
    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtTest import QTest

    from digitpad.ui.main_window import MainWindow

    app = _app()
    settings = QSettings(str(Path(os.environ.get("TMPDIR", "/tmp")) / "digitpad-bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1300, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    canvas = window.canvas
    for name in ("cnn", "lstm"):
        window.select_model(window.catalog.row_of(name))
        times = []
        for _rep in range(4):
            canvas.clear()
            sq = canvas.square()
            pts = [
                QPoint(
                    round(sq.left() + sq.width() * (0.3 + 0.4 * i / 60)),
                    round(sq.top() + sq.height() * (0.2 + 0.6 * abs((i % 30) - 15) / 15)),
                )
                for i in range(61)
            ]
            QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[0])
            for p in pts[1:]:
                QTest.mouseMove(canvas, p)
                app.processEvents()
                t0 = time.perf_counter()
                window._on_canvas_drawing_changed()
                app.processEvents()
                times.append((time.perf_counter() - t0) * 1000)
            QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[-1])
        med, p95 = statistics.median(times), pctl(times, 0.95)
        emit(f"draw-to-prediction latency, {name}, median", med, "ms", None, None, "< 10 ms", med < 10)
        emit(f"draw-to-prediction latency, {name}, p95", p95, "ms", None, None, "< 20 ms", p95 < 20)
    window.close()
    import shiboken6

    shiboken6.delete(window)


# digitpad's own start, timed from outside by a script of its own (this module imports torch, which the window does
# not need before it shows): the same probe the start-up test runs.
_STARTUP_PROBE = Path(__file__).with_name("startup_probe.py")


def startup(data_dir: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    shown, ready = [], []
    for _ in range(3):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, str(_STARTUP_PROBE)], env=env, capture_output=True, text=True, timeout=120
        )
        probe = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
        shown.append(probe["window_shown"] - t0)
        ready.append(probe["first_prediction_possible"] - t0)
    emit(
        "startup to a visible window (median of 3)",
        statistics.median(shown),
        "s",
        None,
        None,
        "< 1.0 s",
        statistics.median(shown) < 1.0,
    )
    emit(
        "startup to first prediction possible (median of 3)",
        statistics.median(ready),
        "s",
        None,
        None,
        "< 3 s",
        statistics.median(ready) < 3,
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory(data_dir: str) -> None:
    data = load_mnist(data_dir)
    train(TrainConfig(model="cnn", max_steps=300, device="cpu"), data)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    emit("peak RSS training the CNN on CPU, headless (300 steps)", peak, "MB", None, None, "< 1000 MB", peak < 1000)
    out = subprocess.run(
        [sys.executable, __file__, "app-memory", "--data-dir", data_dir], capture_output=True, text=True, check=True
    )
    app_peak = json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"]
    emit(
        "peak RSS of the window training the default CNN (Training panel defaults)",
        app_peak,
        "MB",
        None,
        None,
        "< 1000 MB",
        app_peak < 1000,
    )
    import numpy as np

    from digitpad.core.inference.preprocess import preprocess
    from digitpad.core.models.checkpoint import load_pretrained
    from digitpad.core.models.zoo import predict

    ckpt = load_pretrained("cnn")
    canvas = np.zeros((560, 560), np.uint8)
    canvas[150:420, 260:300] = 255
    for _ in range(200):
        predict(ckpt.model, preprocess(canvas, ink="white"))
    before = _rss_mb()
    for i in range(5000):
        canvas[150 + i % 200, 200:360] = 255 if i % 2 else 0
        predict(ckpt.model, preprocess(canvas, ink="white"))
    growth = _rss_mb() - before
    emit("RSS growth over 5,000 predictions", growth, "MB", None, None, "< 20 MB", growth < 20)


def _app_memory(data_dir: str) -> None:
    """A fresh process running `digitpad`'s own start (run_app: the window, torch imported in the background, the
    models, the torch._dynamo warm-up), then training the default CNN from the Training panel; prints the peak RSS."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from digitpad.ui import app
    from digitpad.ui.main_window import MainWindow

    load_models = MainWindow.load_models

    def load_then_train(window: MainWindow) -> None:
        load_models(window)
        panel = window.training_panel
        assert panel is not None
        panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("cnn"))
        panel.apply_architecture_defaults()
        panel.data_dir_edit.setText(data_dir)
        panel.model_trained.connect(lambda _ckpt: QApplication.instance().quit())
        QTimer.singleShot(4000, panel.train_button.click)  # after the torch._dynamo warm-up, as a user would

    MainWindow.load_models = load_then_train  # type: ignore[method-assign]
    app.run_app(["digitpad"])
    print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


def gpu(data_dir: str) -> None:
    if not torch.cuda.is_available():
        emit("GPU training (CNN, LSTM)", float("nan"), "", None, None, "CUDA only", None, skipped="no CUDA here")
        return
    ours, accuracies, _cfg = seconds_to_99(data_dir, "cuda")  # the whole dataset on the GPU, bf16 autocast (auto)
    data = load_mnist(data_dir)
    name = f"GPU time to 99.0% test accuracy (CNN, GUI defaults; {torch.cuda.get_device_name()})"
    passed = ours is not None and ours < 2
    emit(name, ours or float("nan"), "s", None, None, "< 2 s", passed, accuracy_per_epoch=accuracies)
    for name in ("cnn", "lstm"):
        train(TrainConfig(model=name, device="cuda", max_steps=20), data)  # warm-up
        torch.cuda.synchronize()
        result = train(TrainConfig(model=name, device="cuda", epochs=1), data)
        rate = result.steps_done * (result.config.batch_size or 1) / result.seconds
        emit(f"GPU one epoch, {name}", result.seconds, "s", None, None, "", None, samples_per_s=rate)


def handwriting(data_dir: str) -> None:
    """Held-out writers' pen digits replayed as mouse strokes on the window's canvas (benchmarks/handwriting.py),
    read by the shipped models through the stroke input; the baseline is the raster input the canvas used before."""
    import handwriting as hw

    tallies, names, _held = hw.measure(data_dir)
    targets = {"cnn": 0.985, "lstm": 0.98}
    for cond in (hw.CONDITIONS[0], hw.CONDITIONS[1]):
        tally = tallies[cond.name]
        for name in names:
            now, before = hw.accuracy(tally.window[name]), hw.accuracy(tally.raster[name])
            target = targets.get(name)
            emit(
                f"real pen digits, held-out writers, {cond.name}, {name}",
                100 * now,
                "%",
                100 * before,
                now / before if before else None,
                f">= {100 * target:.1f}% (raster input as baseline)" if target else "raster input as baseline",
                now >= target if target else None,
            )
    for name in ("cnn", "lstm"):
        values = [hw.accuracy(t.window[name]) for t in tallies.values()]
        spread = 100 * (max(values) - min(values))
        emit(
            f"pen digits, spread over pens 8-40 px and sizes 25-90%, {name}",
            spread,
            "points",
            None,
            None,
            "< 1",
            spread < 1,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("section")
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    fn = {
        "time-to-accuracy": time_to_accuracy,
        "throughput": throughput,
        "gui-overhead": gui_overhead,
        "headless-run": _headless_run,
        "app-memory": _app_memory,
        "responsiveness": responsiveness,
        "latency": latency,
        "startup": startup,
        "memory": memory,
        "gpu": gpu,
        "handwriting": handwriting,
    }[args.section]
    fn(args.data_dir)


if __name__ == "__main__":
    main()
