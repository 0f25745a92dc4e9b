"""Data-parallel scaling: training samples/s of the default CNN (the Training panel's defaults) in 1 process and in
N processes (gloo on the CPU, or NCCL with --device cuda), started by digitpad's launcher as `digitpad train
--nproc-per-node N` starts them.

    python benchmarks/scaling.py --data-dir DIR [--processes 2] [--steps 300] [--repeats 3] [--device cpu]

The rate is the steady one: images trained between the first and the last step report (every 20 steps), so start-up,
the first steps and validation are left out. On a CPU each of N processes gets 1/N of the cores, so on a 2-core
machine two processes can at best match one: what they show is the cost of the gradient all-reduce. Prints JSON
rows (the `scaling` section of benchmarks/run.py); the runs alternate, and the medians are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sections import emit  # noqa: E402

from digitpad.core.data.mnist import load_mnist  # noqa: E402
from digitpad.core.runtime.jobs import JobState  # noqa: E402
from digitpad.core.training.distributed import LaunchPlan, cpu_cores, joined, launch  # noqa: E402
from digitpad.core.training.loop import StepReport, TrainConfig, train  # noqa: E402


def run_rank(data_dir: str, steps: int, device: str, out: Path) -> None:
    """One process's training (a rank's when the launcher started it); rank 0 writes the steady samples/s."""
    data = load_mnist(data_dir)
    with joined(device) as group:
        marks: list[tuple[int, float]] = []

        def mark(report: object) -> None:
            if isinstance(report, StepReport):
                marks.append((report.step, time.perf_counter()))

        cfg = TrainConfig(model="cnn", max_steps=steps, device=str(group.device) if group else device)
        result = train(cfg, data, JobState(on_progress=mark), group=group)
        if group is None or group.rank == 0:
            (first, start), (last, end) = marks[0], marks[-1]
            batch = result.config.batch_size or 0
            out.write_text(json.dumps({"samples_per_s": (last - first) * batch / (end - start), "batch": batch}))


def measure(data_dir: str, processes: int, steps: int, device: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "rate.json"
        argv = ["--rank", "--data-dir", data_dir, "--steps", str(steps), "--device", device, "--out", str(out)]
        if processes == 1:
            subprocess.run([sys.executable, str(HERE / "scaling.py"), *argv], check=True)
        else:
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(HERE), os.environ.get("PYTHONPATH"))))
            launch(LaunchPlan(processes), "scaling", argv)
        return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--rank", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rank:
        run_rank(args.data_dir, args.steps, args.device, Path(args.out))
        return
    rates: dict[int, list[float]] = {1: [], args.processes: []}
    batch = 0
    for _ in range(args.repeats):
        for processes in rates:
            row = measure(args.data_dir, processes, args.steps, args.device)
            rates[processes].append(row["samples_per_s"])
            batch = row["batch"]
    one = statistics.median(rates[1])
    many = statistics.median(rates[args.processes])
    where = f"{args.device}, {cpu_cores()} cores" if args.device == "cpu" else args.device
    emit(f"data-parallel, CNN (batch {batch}), 1 process ({where})", one, "samples/s", runs=rates[1])
    emit(
        f"data-parallel, CNN (batch {batch}), {args.processes} processes ({where})",
        many,
        "samples/s",
        one,
        many / one,
        "measured, no target",
        None,
        runs=rates[args.processes],
    )


if __name__ == "__main__":
    main()
