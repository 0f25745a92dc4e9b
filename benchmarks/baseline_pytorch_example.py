"""The widely copied PyTorch MNIST example recipe (pytorch/examples mnist/main.py), as the speed baseline.

2-conv 32/64-channel net with dropout, DataLoader over torchvision's MNIST with ToTensor + Normalize, batch 64,
Adadelta lr 1.0 with StepLR(gamma=0.7). Kept as a plain script on purpose: this is the code people copy.

    python benchmarks/baseline_pytorch_example.py --data-dir DIR [--epochs N] [--target 0.99] [--max-steps N]
        [--net digitpad-cnn --batch-size 128]   # the same loop around digitpad's default CNN, for throughput

torchvision's MNIST unpacks the .gz files next to themselves, so a read-only data folder is copied to a temporary
root first. Prints one JSON line per epoch: seconds of training so far, test accuracy, training samples/s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.optim.lr_scheduler import StepLR
from torchvision import datasets, transforms


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        return F.log_softmax(self.fc2(x), dim=1)


class _LogSoftmax(nn.Module):
    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.log_softmax(self.inner(x), dim=1)


def _digitpad_cnn() -> nn.Module:
    from digitpad.core.models.zoo import build_model

    return _LogSoftmax(build_model("cnn"))


def test(model: nn.Module, loader: torch.utils.data.DataLoader) -> float:
    model.eval()
    correct = 0
    with torch.no_grad():
        for data, target in loader:
            correct += int((model(data).argmax(1) == target).sum())
    return correct / len(loader.dataset)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--target", type=float, default=0.99, help="stop once test accuracy reaches this")
    parser.add_argument("--max-steps", type=int, help="only measure throughput over this many steps")
    parser.add_argument("--net", choices=("example", "digitpad-cnn"), default="example")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    torch.manual_seed(1)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(Path(args.data_dir) / "MNIST" / "raw", Path(tmp) / "MNIST" / "raw")
        transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
        train_set = datasets.MNIST(tmp, train=True, download=True, transform=transform)
        test_set = datasets.MNIST(tmp, train=False, transform=transform)
        train_loader = torch.utils.data.DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
        test_loader = torch.utils.data.DataLoader(test_set, batch_size=1000)
        model = Net() if args.net == "example" else _digitpad_cnn()
        optimizer = optim.Adadelta(model.parameters(), lr=1.0)
        scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
        trained_s, steps = 0.0, 0
        for epoch in range(1, args.epochs + 1):
            model.train()
            start, samples = time.perf_counter(), 0
            for data, target in train_loader:
                optimizer.zero_grad()
                loss = F.nll_loss(model(data), target)
                loss.backward()
                optimizer.step()
                samples += len(target)
                steps += 1
                if args.max_steps and steps >= args.max_steps:
                    break
            elapsed = time.perf_counter() - start
            trained_s += elapsed
            scheduler.step()
            if args.max_steps:
                print(json.dumps({"steps": steps, "seconds": round(elapsed, 3), "samples_per_s": samples / elapsed}))
                return
            accuracy = test(model, test_loader)
            print(
                json.dumps(
                    {
                        "epoch": epoch,
                        "train_seconds": round(trained_s, 2),
                        "test_accuracy": accuracy,
                        "samples_per_s": round(samples / elapsed, 1),
                    }
                ),
                flush=True,
            )
            if accuracy >= args.target:
                return


if __name__ == "__main__":
    main()
