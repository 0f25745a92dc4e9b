"""Latency from a canvas change to an updated prediction plus the visible insight view, on the CPU.

Each step draws one more pen segment on a 560x560 canvas (outside the timing, as the canvas widget does), then
times: core `preprocess` of the canvas array, core `predict`, `InsightPanel.set_input` and
`QApplication.processEvents()` (which paints the visible view). Issue 4's target: median under 30 ms on a
2-core machine.

    python benchmarks/insight_latency.py [--iterations 200] [--untrained] [--threads N]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from digitpad.core.inference.preprocess import preprocess  # noqa: E402
from digitpad.core.models.checkpoint import Checkpoint, CheckpointError, load_pretrained  # noqa: E402
from digitpad.core.models.zoo import REGISTRY, build_model, predict  # noqa: E402
from digitpad.core.runtime.paths import pretrained_path  # noqa: E402
from digitpad.ui.insight.insight_panel import InsightPanel  # noqa: E402

CANVAS = 560
PEN = 36


def stroke_points(n: int = 60) -> list[tuple[float, float]]:
    """A hand-like "2": an arc over the top, a diagonal down, a bar along the bottom."""
    pts = []
    for i in range(n):
        s = i / (n - 1)
        if s < 0.45:
            a = math.pi * (1.15 - 1.35 * s / 0.45)
            pts.append((280 + 120 * math.cos(a), 200 - 110 * math.sin(a)))
        elif s < 0.8:
            u = (s - 0.45) / 0.35
            pts.append((380 - 230 * u, 230 + 200 * u))
        else:
            u = (s - 0.8) / 0.2
            pts.append((150 + 260 * u, 430))
    return pts


def canvases(count: int):
    """`count` successive canvas states, each one pen segment on from the last; restarts when the digit is done."""
    pts = stroke_points()
    image = Image.new("L", (CANVAS, CANVAS), 0)
    draw = ImageDraw.Draw(image)
    i = 1
    for _ in range(count):
        if i >= len(pts):
            image.paste(0, (0, 0, CANVAS, CANVAS))
            i = 1
        draw.line([pts[i - 1], pts[i]], fill=255, width=PEN, joint="curve")
        i += 1
        yield np.asarray(image).copy()


def load(name: str, untrained: bool) -> tuple[Checkpoint, str]:
    if not untrained and pretrained_path(name).is_file():
        try:
            return load_pretrained(name), "pretrained"
        except CheckpointError as exc:
            print(f"  ({exc}; using an untrained model)")
    spec = REGISTRY[name]
    return Checkpoint(arch=name, model=build_model(name).eval(), hparams=dict(spec.hparams)), "untrained"


def measure(app: QApplication, panel: InsightPanel, ckpt: Checkpoint, iterations: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"prediction": [], "insight view": [], "total": []}
    warmup = 10
    for k, canvas in enumerate(canvases(iterations + warmup)):
        t0 = time.perf_counter()
        x = preprocess(canvas, ink="white", mean=ckpt.mean, std=ckpt.std)
        if x is not None:
            predict(ckpt.model, x)
        t1 = time.perf_counter()
        panel.set_input(x)
        app.processEvents()
        t2 = time.perf_counter()
        if k >= warmup:
            times["prediction"].append(t1 - t0)
            times["insight view"].append(t2 - t1)
            times["total"].append(t2 - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--untrained", action="store_true", help="ignore pretrained checkpoints")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    panel = InsightPanel()
    panel.resize(1100, 700)
    panel.show()
    app.processEvents()
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs, Qt platform "
        f"{QApplication.platformName()}, panel {panel.width()}x{panel.height()}, {args.iterations} canvas changes"
    )
    worst = 0.0
    for name, view in (("cnn", panel.feature_map_view), ("cnn", panel.saliency_view), ("lstm", panel.lstm_view)):
        ckpt, origin = load(name, args.untrained)
        panel.set_model(ckpt)
        panel.show_view(view)
        app.processEvents()
        times = measure(app, panel, ckpt, args.iterations)
        print(f"{name} ({origin}), {view.objectName()} visible:")
        for label, values in times.items():
            ms = sorted(v * 1000 for v in values)
            p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
            print(f"  {label:13s} median {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms")
        worst = max(worst, statistics.median(times["total"]) * 1000)
    print(f"worst median total: {worst:.1f} ms (target < 30 ms)")
    panel.shutdown()
    return 0 if worst < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
