"""Real handwriting through the window: held-out writers' pen trajectories replayed as mouse strokes on the canvas.

    python benchmarks/handwriting.py --data-dir DIR [--limit N]

Each digit of the writers that no shipped model trained on (`digitpad.core.data.pen_renders.WRITER_SPLIT_SEED`) is
drawn on the default window's canvas with press/move/release events, at the size it was written, enlarged, at
other heights and with thin and thick pens; with View > Compare all models on, every shipped model reads it at
once. The baseline is the same drawing through the raster input the canvas used before (the canvas picture,
cropped and scaled), read by the same models. Prints markdown tables: accuracy per replay and model, per digit,
the confusions left, and each model's MNIST test accuracy. Run it as a fresh user (XDG_CONFIG_HOME and
XDG_DATA_HOME pointing at an empty folder): a remembered pen width would change the replay.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from PySide6.QtWidgets import QApplication  # noqa: F401  (PySide6 before pyqtgraph)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from digitpad.core.data.pen_renders import WRITER_SPLIT_SEED  # noqa: E402
from digitpad.core.data.pendigits import PenDigit, find_pendigits, read_pendigits, split_by_writer, writers  # noqa: E402
from digitpad.core.inference.strokes import render_digit  # noqa: E402
from digitpad.core.training.pen_eval import confusion_pairs, replay_strokes  # noqa: E402
from digitpad.ui.drawing.canvas import DEFAULT_PEN_WIDTH  # noqa: E402


@dataclass(frozen=True)
class Condition:
    name: str
    fill: float | None  # None: as written
    pen: float


CONDITIONS = (
    Condition("as written, default pen", None, DEFAULT_PEN_WIDTH),
    Condition("enlarged to 70%, default pen", 0.7, DEFAULT_PEN_WIDTH),
    Condition("as written, 8 px pen", None, 8),
    Condition("as written, 40 px pen", None, 40),
    Condition("25% of the canvas, default pen", 0.25, DEFAULT_PEN_WIDTH),
    Condition("90% of the canvas, default pen", 0.9, DEFAULT_PEN_WIDTH),
)


@dataclass
class Tally:
    """Confusion matrices per model, through the window and through the old raster input."""

    window: dict[str, torch.Tensor] = field(default_factory=dict)
    raster: dict[str, torch.Tensor] = field(default_factory=dict)
    headless_max_diff: float = 0.0

    def add(self, book: dict[str, torch.Tensor], model: str, label: int, read: int) -> None:
        book.setdefault(model, torch.zeros(10, 10, dtype=torch.long))[label, read] += 1


def accuracy(confusion: torch.Tensor) -> float:
    return float(confusion.diag().sum()) / max(int(confusion.sum()), 1)


def draw(canvas, strokes: list[np.ndarray]) -> None:  # noqa: ANN001
    """Press, move and release the left button through each stroke's points (pixels of the drawing square)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    sq = canvas.square()
    left, top = sq.left(), sq.top()
    button, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for pts in strokes:
        positions = [QPointF(left + x, top + y) for x, y in pts]
        events = [(QMouseEvent.Type.MouseButtonPress, positions[0], button, button)]
        events += [(QMouseEvent.Type.MouseMove, p, none, button) for p in positions[1:]]
        events.append((QMouseEvent.Type.MouseButtonRelease, positions[-1], button, none))
        for kind, pos, which, held in events:
            event = QMouseEvent(kind, pos, canvas.mapToGlobal(pos), which, held, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(canvas, event)


def measure(data_dir: str | None, limit: int | None = None) -> tuple[dict[str, Tally], list[str], list[PenDigit]]:
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest

    from digitpad.core.inference.preprocess import preprocess
    from digitpad.core.models.zoo import predict
    from digitpad.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _, held = split_by_writer(read_pendigits(find_pendigits(data_dir)), seed=WRITER_SPLIT_SEED)
    if limit:
        held = held[:: max(1, len(held) // limit)][:limit]
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    settings = QSettings(str(folder / "digitpad-handwriting-bench.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(settings=settings)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.compare_action.setChecked(True)
    entries = window.catalog.available_entries()
    names = [e.key for e in entries]
    canvas = window.canvas
    side = round(canvas.square().width())
    tallies: dict[str, Tally] = {}
    for cond in CONDITIONS:
        tally = tallies[cond.name] = Tally()
        canvas.set_pen_width(cond.pen)
        for digit in held:
            strokes = replay_strokes(digit, side, cond.fill)
            canvas.clear()
            draw(canvas, strokes)
            prediction = window.predictor.last()
            assert prediction.tensor is not None
            for name, (_, probs) in zip(names, prediction.comparison, strict=True):
                tally.add(tally.window, name, digit.label, int(np.argmax(probs)))
            headless = render_digit(strokes)
            assert headless is not None
            shown = torch.from_numpy(prediction.model_input).float() / 255
            tally.headless_max_diff = max(tally.headless_max_diff, float((shown - headless[0]).abs().max()))
            raster = preprocess(canvas.to_array(), ink="white", normalize=False)
            for name, entry in zip(names, entries, strict=True):
                ckpt = entry.checkpoint
                assert ckpt is not None and raster is not None
                read = int(predict(ckpt.model, ckpt.normalize(raster))[0].argmax())
                tally.add(tally.raster, name, digit.label, read)
        app.processEvents()
    window.close()
    return tallies, names, held


def mnist_accuracy(names: list[str], data_dir: str | None) -> dict[str, float | None]:
    from digitpad.core.data.mnist import DataError, load_mnist
    from digitpad.core.models.checkpoint import load_pretrained
    from digitpad.core.training.evaluation import evaluate

    try:
        test = load_mnist(data_dir, val_size=0).test
    except DataError:
        return dict.fromkeys(names)
    return {n: evaluate(load_pretrained(n).model, test).accuracy for n in names}


def report(tallies: dict[str, Tally], names: list[str], held: list[PenDigit], mnist: dict[str, float | None]) -> None:
    print(f"{len(held)} pen digits by {len(writers(held))} held-out writers, replayed on the window's canvas\n")
    print("| replay | " + " | ".join(names) + " | raster input (before), " + " / ".join(names) + " |")
    print("| --- |" + " ---: |" * (len(names) + 1))
    for cond, tally in tallies.items():
        now = " | ".join(f"{accuracy(tally.window[n]):.2%}" for n in names)
        before = " / ".join(f"{accuracy(tally.raster[n]):.1%}" for n in names)
        print(f"| {cond} | {now} | {before} |")
    spread = {n: [accuracy(t.window[n]) for t in tallies.values()] for n in names}
    print("| largest difference between replays | " + " | ".join(f"{max(v) - min(v):.2%}" for v in spread.values()))
    print("| MNIST test | " + " | ".join("n/a" if mnist[n] is None else f"{mnist[n]:.2%}" for n in names) + " | |")
    first = next(iter(tallies.values()))
    print("\nPer digit, as written (default pen):\n")
    print("| model | " + " | ".join(str(d) for d in range(10)) + " |")
    print("| --- |" + " ---: |" * 10)
    for n in names:
        conf = first.window[n]
        per = conf.diag().double() / conf.sum(dim=1).clamp(min=1).double()
        print(f"| {n} | " + " | ".join(f"{v:.1%}" for v in per.tolist()) + " |")
    print("\nMost frequent confusions, as written (true -> read as, count):\n")
    for n in names:
        pairs = ", ".join(f"{t}->{p} ({c})" for t, p, c in confusion_pairs(first.window[n], top=6)) or "none"
        print(f"- {n}: {pairs}")
    worst = max(t.headless_max_diff for t in tallies.values())
    print(f"\nWindow input vs `digitpad eval --pen-data` (headless) input: largest pixel difference {worst:.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("DIGITPAD_DATA_DIR"))
    parser.add_argument("--limit", type=int, help="replay only this many digits (spread over all held-out writers)")
    args = parser.parse_args()
    tallies, names, held = measure(args.data_dir, args.limit)
    report(tallies, names, held, mnist_accuracy(names, args.data_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
