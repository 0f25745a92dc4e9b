"""Render docs/feature_maps.png, docs/filters.png and docs/lstm_gates.png: the insight panel, at the size of its
dock, looking at a real MNIST test digit.

    xvfb-run -s "-screen 0 1400x900x24" python docs/insight_screenshots.py [--checkpoints DIR] [--data-dir DIR]

Models come from resources/pretrained, else DIR/<name>.pt, else are untrained (rerun once the pretrained
checkpoints exist).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import torch  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from digitpad.core.data.mnist import load_mnist  # noqa: E402
from digitpad.core.models.checkpoint import Checkpoint, load_checkpoint  # noqa: E402
from digitpad.core.models.zoo import REGISTRY, build_model  # noqa: E402
from digitpad.core.runtime.paths import default_data_root, pretrained_path  # noqa: E402
from digitpad.ui.insight.insight_panel import InsightPanel  # noqa: E402

DOCS = Path(__file__).resolve().parent


def model(name: str, folder: Path | None) -> Checkpoint:
    for path in [pretrained_path(name)] + ([folder / f"{name}.pt"] if folder else []):
        if path.is_file():
            print(f"{name}: {path}")
            return load_checkpoint(path)
    print(f"{name}: untrained")
    return Checkpoint(arch=name, model=build_model(name).eval(), hparams=dict(REGISTRY[name].hparams))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoints", type=Path)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--cnn-digit", type=int, default=0, help="test-set index for the CNN screenshot")
    parser.add_argument("--lstm-digit", type=int, default=18, help="test-set index for the LSTM screenshot")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    try:
        from digitpad.ui.common.theme import apply_theme

        apply_theme(app, "light")
    except ImportError:
        app.setStyle("Fusion")
    test = load_mnist(default_data_root(args.data_dir)).test

    def digit(i: int, ckpt: Checkpoint) -> torch.Tensor:
        return ((test.images[i].float() / 255 - ckpt.mean) / ckpt.std).unsqueeze(0)

    panel = InsightPanel()
    panel.resize(420, 860)  # the dock's width: the views are laid out for it
    panel.show()
    cnn = model("cnn", args.checkpoints)
    panel.set_model(cnn)
    panel.set_input(digit(args.cnn_digit, cnn))
    panel.show_view(panel.feature_map_view)
    selector = panel.feature_map_view.layer_selector
    selector.setCurrentIndex(max(selector.findData("features.relu1"), 0))  # what the second conv reads
    panel.feature_map_view.select_channel(5)
    for _ in range(5):
        app.processEvents()
    panel.grab().save(str(DOCS / "feature_maps.png"))
    panel.show_view(panel.kernel_view)
    kernels = panel.kernel_view.layer_selector
    kernels.setCurrentIndex(kernels.count() - 1)  # the second conv: 16 kernels per filter, one zoomed
    panel.kernel_view.select_filter(5)
    for _ in range(5):
        app.processEvents()
    panel.grab().save(str(DOCS / "filters.png"))

    lstm = model("lstm", args.checkpoints)
    panel.set_model(lstm)
    panel.set_input(digit(args.lstm_digit, lstm))
    panel.show_view(panel.lstm_view)
    panel.lstm_view.slider.setValue(14)
    for _ in range(5):
        app.processEvents()
    panel.grab().save(str(DOCS / "lstm_gates.png"))
    panel.shutdown()
    print("wrote", DOCS / "feature_maps.png", DOCS / "filters.png", DOCS / "lstm_gates.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
