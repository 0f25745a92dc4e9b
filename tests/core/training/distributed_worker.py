"""One rank of test_distributed.py's job, started by torchrun (`python -m torch.distributed.run ... this_file OUT`).

Each rank joins the job as `digitpad train` does (`joined`), trains every run of `RUNS` on a small MNIST subset and
saves what the test compares to OUT/<run>-rank<R>.pt: the final weights, the step losses and the epoch reports.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import torch

from digitpad.core.data.mnist import MNIST, Split, load_mnist
from digitpad.core.runtime.jobs import JobState
from digitpad.core.training.distributed import joined
from digitpad.core.training.loop import StepReport, TrainConfig, train

RUNS = {
    # batch norm, dropout and augmentation: the ranks must still end with one model, and it must learn
    "cnn": TrainConfig(
        model="cnn",
        hparams={"channels": (4, 8), "hidden": 16},
        epochs=2,
        batch_size=64,
        lr=3e-3,
        augment=True,
        max_steps=40,
        device="cpu",
        report_every=5,
    ),
    # nothing that depends on the batch's make-up (no batch norm, no dropout, no augmentation) and float32: two
    # ranks with half the batch each compute the gradient of the whole batch, so must match one process
    "logreg": TrainConfig(
        model="logreg",
        batch_size=64,
        lr=1e-2,
        max_steps=30,
        augment=False,
        precision="fp32",
        device="cpu",
        report_every=5,
    ),
}


def subset(data: MNIST) -> MNIST:
    return MNIST(
        train=Split(data.train.images[:2000], data.train.labels[:2000]),
        val=Split(data.val.images[:300], data.val.labels[:300]),
        test=Split(data.test.images[:10], data.test.labels[:10]),
        root=data.root,
    )


def main(out: Path) -> None:
    data = subset(load_mnist())
    with joined("cpu") as group:
        assert group is not None, "not started by torchrun"
        for name, cfg in RUNS.items():
            reports: list[StepReport] = []
            result = train(cfg, data, JobState(on_progress=reports.append), group=group)
            losses = [r.loss for r in reports]
            saved = {
                "weights": result.model.state_dict(),
                "losses": losses,
                "history": [asdict(h) for h in result.history],
            }
            torch.save(saved, out / f"{name}-rank{group.rank}.pt")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
