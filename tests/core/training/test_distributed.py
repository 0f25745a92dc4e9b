"""Data-parallel training: two gloo processes on the CPU train one model, as one process would with the same batch.

The runs start real processes (torchrun, or `digitpad train --nproc-per-node`), a few dozen steps on small data.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from digitpad.cli import main
from digitpad.commands.launch import worker_argv
from digitpad.core.models.checkpoint import load_checkpoint
from digitpad.core.runtime.run_history import RunHistory
from digitpad.core.training.distributed import Group
from digitpad.core.training.loop import train

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from distributed_worker import RUNS, subset  # noqa: E402

# Makes rank 1 fail at its third step, as a crash would, while rank 0 waits for its gradients.
FAILING_RANK = """
import os

if os.environ.get("RANK") == "1":
    import torch.nn.functional as F

    _cross_entropy, _calls = F.cross_entropy, [0]

    def cross_entropy(*args, **kwargs):
        _calls[0] += 1
        if _calls[0] == 3:
            raise RuntimeError("rank 1 broke down")
        return _cross_entropy(*args, **kwargs)

    F.cross_entropy = cross_entropy
"""


def _train_cli(mnist_root: Path, pen: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`digitpad train` of a tiny CNN on MNIST and a few pen digits (a few held-out writers to measure too), its run
    history in this test's user data folder, one thread a process."""
    tiny = ["--model", "cnn", "--channels", "4", "8", "--max-steps", "12", "--pen-data", str(pen)]
    command = [sys.executable, "-m", "digitpad", "train", *tiny, "--data-dir", str(mnist_root), *args]
    env = {**os.environ, "OMP_NUM_THREADS": "1", **env}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def _runs_recorded() -> list[tuple[str, str]]:
    with RunHistory() as history:
        return [(run.kind, run.status) for run in history.runs()]


@pytest.fixture(scope="module")
def two_ranks(mnist_root, tmp_path_factory) -> Path:
    """`distributed_worker`'s runs in two gloo processes started by torchrun, as a user would start them."""
    out = tmp_path_factory.mktemp("ranks")
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"]
    done = subprocess.run(
        [*command, str(HERE / "distributed_worker.py"), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "DIGITPAD_DATA_DIR": str(mnist_root), "OMP_NUM_THREADS": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


def _saved(out: Path, run: str, rank: int) -> dict:
    return torch.load(out / f"{run}-rank{rank}.pt")


def test_two_ranks_train_one_model(two_ranks):
    ranks = [_saved(two_ranks, "cnn", rank) for rank in (0, 1)]
    weights = [r["weights"] for r in ranks]
    assert weights[0].keys() == weights[1].keys()
    assert all(torch.equal(weights[0][k], weights[1][k]) for k in weights[0])  # batch norm's averages too
    losses = ranks[0]["losses"]
    assert len(losses) == 8 and losses[-1] < losses[0] - 0.2, losses
    # losses and accuracies are over both ranks' images, so the ranks report the same numbers
    assert ranks[1]["losses"] == losses
    epochs = [[{k: v for k, v in e.items() if k != "seconds"} for e in r["history"]] for r in ranks]
    assert len(epochs[0]) == 2 and epochs[1] == epochs[0]
    assert ranks[0]["history"][-1]["val_acc"] > 0.3


def test_two_ranks_match_one_process_with_the_same_global_batch(two_ranks, mnist):
    cfg = RUNS["logreg"]
    ranks = _saved(two_ranks, "logreg", 0)["weights"]
    alone = train(cfg, subset(mnist)).model.state_dict()
    for name, value in alone.items():
        torch.testing.assert_close(ranks[name], value, rtol=1e-5, atol=1e-6)
    # one process with a rank's half batch ends far away: the match is the ranks' gradients combined
    half = train(dataclasses.replace(cfg, batch_size=cfg.batch_size // 2), subset(mnist)).model.state_dict()
    assert (half["net.1.weight"] - ranks["net.1.weight"]).abs().max() > 1e-2


def test_each_rank_takes_its_own_share_of_every_batch():
    order = torch.randperm(10, generator=torch.Generator().manual_seed(0))
    for idx in (order[:6], order[6:9]):  # a full batch, and a last one that does not split evenly
        shares = [Group(rank, 2, rank, torch.device("cpu")).shard(idx, order) for rank in (0, 1)]
        assert len(shares[0]) == len(shares[1]) == (len(idx) + 1) // 2
        assert set(idx.tolist()) <= set(torch.cat(shares).tolist())
    full = [set(Group(rank, 2, rank, torch.device("cpu")).shard(order[:6], order).tolist()) for rank in (0, 1)]
    assert not full[0] & full[1]


def test_train_in_two_processes_saves_one_checkpoint_from_rank_0(mnist_root, tiny_pendigits, tmp_path):
    out = tmp_path / "models" / "two.pt"
    done = _train_cli(mnist_root, tiny_pendigits, "--nproc-per-node", "2", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Training cnn on cpu") == 1 and done.stdout.count("Saved") == 1
    assert "2 processes (gloo): each takes 128 images of every batch." in done.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["two.pt"]  # no second writer, no temporary file left
    ckpt = load_checkpoint(out)
    assert ckpt.metadata["steps_done"] == 12 and ckpt.metadata["config"]["batch_size"] == 256
    assert _runs_recorded() == [("train", "finished")]


def test_a_failing_rank_stops_the_job_with_a_clear_message(mnist_root, tiny_pendigits, tmp_path):
    (tmp_path / "inject").mkdir()
    (tmp_path / "inject" / "sitecustomize.py").write_text(FAILING_RANK)
    out = tmp_path / "never.pt"
    inject = str(tmp_path / "inject")
    done = _train_cli(mnist_root, tiny_pendigits, "--nproc-per-node", "2", "--out", str(out), PYTHONPATH=inject)
    assert done.returncode == 1
    assert "rank 1 broke down" in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("digitpad: error: process 1 of 2 failed (exit code 1"), last
    assert not out.exists()
    assert _runs_recorded() == [("train", "failed")]


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--nnodes", "2"], "--nnodes: only with --nproc-per-node"),
        (["--nproc-per-node", "0"], "--nproc-per-node and --nnodes must be at least 1"),
        (["--nproc-per-node", "2", "--nnodes", "2"], "--nnodes 2 needs --master-addr"),
        (["--nproc-per-node", "2", "--node-rank", "1"], "--node-rank must be from 0 to 0 with --nnodes 1, not 1"),
        (["--nproc-per-node", "2", "--master-port", "70000"], "--master-port must be from 1 to 65535, not 70000"),
        (["--nproc-per-node", "3"], "a batch of 256 images does not split evenly over 3 processes"),
        (["--nproc-per-node", "2", "--model", "gan"], "not with --model gan or --my-digits"),
        (["--nproc-per-node", "two"], "argument --nproc-per-node: invalid int value: 'two'"),
    ],
)
def test_bad_launch_options_are_one_line_errors(tmp_path, capsys, flags, says):
    try:
        code = main(["train", *flags, "--out", str(tmp_path / "x.pt")])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    assert code == 2
    assert says in capsys.readouterr().err
    assert not (tmp_path / "x.pt").exists()


def test_under_torchrun_the_launch_options_are_left_out(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RANK", "0")
    monkeypatch.setenv("WORLD_SIZE", "2")
    assert main(["train", "--nproc-per-node", "2", "--out", str(tmp_path / "x.pt")]) == 2
    assert "started by torchrun" in capsys.readouterr().err


def test_each_process_runs_the_command_without_the_launch_options():
    argv = ["--lang", "en", "train", "--nproc", "2", "--nnodes=1", "--channels", "8", "16", "--lr", "-1e-3"]
    assert worker_argv(argv) == ["--lang", "en", "train", "--channels", "8", "16", "--lr", "-1e-3"]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_nccl_on_gpus_trains_one_model(mnist_root, tiny_pendigits, tmp_path):
    processes = min(2, torch.cuda.device_count())
    out = tmp_path / "gpu.pt"
    done = _train_cli(
        mnist_root, tiny_pendigits, "--nproc-per-node", str(processes), "--device", "cuda", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert f"{processes} processes (nccl)" in done.stdout and "on cuda:0" in done.stdout
    assert load_checkpoint(out).metadata["steps_done"] == 12
