"""How well the shipped digit generator draws: read by the shipped CNN, and compared with real digits.

    python benchmarks/gan.py --data-dir DIR [--model FILE] [--per-class 1000]

Generates ``per_class`` digits of each class from seeded noise and reports the share the shipped CNN reads as the
digit asked for (overall and per digit; target >= 97%), and the Fréchet distance between the generated digits and
the MNIST test digits on the CNN's penultimate features (fc1 after ReLU), beside the same distance between as many
MNIST training digits and the test digits: the floor a generator that drew real digits would reach. Prints JSON
rows (the `gan` section of benchmarks/run.py), then a markdown table of the per-digit accuracy.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sections import emit  # noqa: E402

from digitpad.core.data.mnist import load_mnist  # noqa: E402
from digitpad.core.insight.gan_quality import (  # noqa: E402
    classify,
    frechet_distance,
    generated_digits,
    penultimate_features,
)
from digitpad.core.models.checkpoint import load_pretrained  # noqa: E402
from digitpad.core.models.gan import load_generator  # noqa: E402

TARGET = 0.97


def measure(data_dir: str, model: str | None, per_class: int, seed: int = 0) -> None:
    cnn = load_pretrained("cnn")
    generator, _ = load_generator(model)
    data = load_mnist(data_dir)
    start = time.perf_counter()
    images, labels = generated_digits(generator, per_class, seed)
    seconds = time.perf_counter() - start
    right = classify(cnn, images) == labels
    per_digit = [float(right[labels == d].float().mean()) for d in range(10)]
    accuracy = float(right.float().mean())
    emit(
        f"GAN: the shipped CNN reads generated digits as asked ({len(labels):,}, {per_class:,} per digit)",
        100 * accuracy,
        "%",
        None,
        None,
        f">= {100 * TARGET:.0f}%",
        accuracy >= TARGET,
        per_digit=per_digit,
        generate_s=round(seconds, 2),
    )
    test = penultimate_features(cnn, data.test.images)
    # as many real training digits as generated ones: the distance's bias depends on the sample size
    pick = torch.randperm(len(data.train), generator=torch.Generator().manual_seed(seed))[: len(labels)]
    floor = frechet_distance(penultimate_features(cnn, data.train.images[pick]), test)
    fd = frechet_distance(penultimate_features(cnn, images), test)
    emit(
        "GAN: Fréchet distance to MNIST test, CNN fc1 features (baseline: MNIST train vs test)",
        fd,
        "",
        floor,
        fd / floor,
        "lower is better; the baseline is the floor",
        None,
    )
    print("\n| digit | " + " | ".join(str(d) for d in range(10)) + " | all |")
    print("| --- |" + " ---: |" * 11)
    print("| read as asked | " + " | ".join(f"{100 * a:.1f}%" for a in per_digit) + f" | {100 * accuracy:.2f}% |")
    print(f"\nFréchet distance: generated vs test {fd:.2f}, train vs test {floor:.2f} (ratio {fd / floor:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("DIGITPAD_DATA_DIR", ""))
    parser.add_argument("--model", help="a generator file (default: the shipped resources/pretrained/gan.pt)")
    parser.add_argument("--per-class", type=int, default=1000)
    args = parser.parse_args()
    if not args.data_dir:
        parser.error("give --data-dir (a folder holding MNIST/raw) or set DIGITPAD_DATA_DIR")
    measure(args.data_dir, args.model, args.per_class)


if __name__ == "__main__":
    main()
