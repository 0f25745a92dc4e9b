"""Data-parallel training on torch.distributed: joining the job, each rank's share of the data, sums across ranks,
and starting the processes through PyTorch's elastic launcher (what `torchrun` runs).

Every process (rank) runs the one training loop (`digitpad.core.training.loop.train`) given its `Group`. All ranks
draw the same shuffled order from the shared seed; each takes every world_size-th image of each batch, so a global
batch is the same images as in one process, split. DistributedDataParallel averages the gradients, so the ranks
hold one model. Augmentation and dropout draw from each rank's own seed. Batch norm normalises each rank's share
with that share's statistics (as DDP does without SyncBatchNorm); its running averages are rank 0's, broadcast.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from digitpad.core.data.mnist import Split
from digitpad.core.runtime.devices import resolve_device
from digitpad.core.runtime.messages import Message, translate
from digitpad.core.training.evaluation import Evaluation, evaluate

if TYPE_CHECKING:
    from torch.distributed.elastic.multiprocessing.errors import ProcessFailure

# How long a rank waits in a collective for the others: long enough for a slow rank's validation, short enough
# that a rank that hangs (rather than dies: the launcher stops the job then) does not hold the others for ever.
TIMEOUT = timedelta(minutes=10)


@dataclass(frozen=True)
class Group:
    """This process's place in a data-parallel job, and the collectives the training loop needs."""

    rank: int
    world_size: int
    local_rank: int
    device: torch.device

    @property
    def backend(self) -> str:
        return "nccl" if self.device.type == "cuda" else "gloo"

    def rank_seed(self, seed: int) -> int:
        """The rank's own seed for augmentation and dropout; rank 0 keeps ``seed``."""
        return seed + 7919 * self.rank

    def check_batch(self, batch_size: int) -> None:
        """Raises ValueError unless ``batch_size`` (the global batch) splits evenly over the ranks."""
        if batch_size % self.world_size:
            raise ValueError(uneven_batch_message(batch_size, self.world_size))

    def shard(self, idx: torch.Tensor, order: torch.Tensor) -> torch.Tensor:
        """This rank's images of the global batch ``idx`` (int64 ``[b]``, drawn from the epoch's ``order``): every
        world_size-th one from its rank. A last batch that does not split evenly is filled up from the start of the
        order (as DistributedSampler pads), so every rank takes the same steps with as many images."""
        short = -len(idx) % self.world_size
        if short:
            idx = torch.cat((idx, order[:short]))
        return idx[self.rank :: self.world_size]

    def wrap(self, model: nn.Module) -> nn.Module:
        """``model`` in DistributedDataParallel: rank 0's weights are copied to every rank now, and each backward
        pass averages the gradients over the ranks."""
        device_ids = [self.device] if self.device.type == "cuda" else None
        return DistributedDataParallel(model, device_ids=device_ids)

    def sum(self, *values: float | torch.Tensor) -> list[float]:
        """Each value summed over the ranks (one collective; every rank must call it)."""
        t = torch.stack([torch.as_tensor(v, dtype=torch.float64, device=self.device) for v in values])
        dist.all_reduce(t)
        return t.tolist()

    def mean(self, value: float | torch.Tensor) -> float:
        """The mean of ``value`` over the ranks (one collective; every rank must call it)."""
        return self.sum(value)[0] / self.world_size

    def sync_buffers(self, model: nn.Module) -> None:
        """Rank 0's buffers (batch norm's running averages) on every rank, so that the ranks validate one model."""
        for buffer in model.buffers():
            dist.broadcast(buffer, 0)

    def evaluate(self, model: nn.Module, split: Split, batch_size: int = 250) -> Evaluation:
        """`evaluate` of the whole ``split``, each rank scoring every world_size-th image; the same on every rank."""
        part = Split(split.images[self.rank :: self.world_size], split.labels[self.rank :: self.world_size])
        mine = evaluate(model, part, batch_size)
        totals = torch.cat(
            (torch.tensor([mine.loss * mine.count, mine.count], dtype=torch.float64), mine.confusion.double().ravel())
        ).to(self.device)
        dist.all_reduce(totals)
        count = round(float(totals[1]))
        confusion = totals[2:].round().long().reshape(10, 10).cpu()
        return Evaluation(
            accuracy=float(confusion.diag().sum()) / max(count, 1),
            loss=float(totals[0]) / max(count, 1),
            confusion=confusion,
            count=count,
        )


def uneven_batch_message(batch_size: int, processes: int) -> Message:
    return Message(
        translate(
            "Core",
            "a batch of {batch} images does not split evenly over {processes} processes; use a batch size that is a "
            "multiple of {processes}",
        ),
        batch=batch_size,
        processes=processes,
    )


def in_launched_process() -> bool:
    """Whether torchrun (or `launch`) started this process as one rank of a job."""
    return "RANK" in os.environ and "WORLD_SIZE" in os.environ


def rank_device(name: str, local_rank: int) -> torch.device:
    """The device of the rank ``local_rank`` on its machine: its own GPU on CUDA (``name`` picks CUDA or CPU, not a
    GPU), else the CPU; ValueError for MPS, which torch.distributed does not drive, or too few GPUs."""
    device = resolve_device(name)
    if device.type == "cuda":
        if local_rank >= torch.cuda.device_count():
            raise ValueError(
                Message(
                    translate("Core", "process {rank} on this machine has no GPU of its own: {gpus} GPUs here"),
                    rank=local_rank,
                    gpus=torch.cuda.device_count(),
                )
            )
        return torch.device("cuda", local_rank)
    if device.type != "cpu":
        raise ValueError(
            Message(
                translate("Core", "training in several processes runs on CPUs or CUDA GPUs, not on {device}"),
                device=str(device),
            )
        )
    return device


def cpu_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def joined(device_name: str) -> Iterator[Group | None]:
    """This process's `Group` (gloo on CPU, NCCL on CUDA) while the block runs, when torchrun started it (from
    RANK, WORLD_SIZE, LOCAL_RANK and the rendezvous variables it sets); None otherwise. On CPU, each rank takes its
    share of the machine's cores unless OMP_NUM_THREADS says how many."""
    if not in_launched_process():
        yield None
        return
    env = os.environ
    rank, world_size = int(env["RANK"]), int(env["WORLD_SIZE"])
    local_rank = int(env.get("LOCAL_RANK", 0))
    device = rank_device(device_name, local_rank)
    if "OMP_NUM_THREADS" not in env:
        torch.set_num_threads(max(1, cpu_cores() // int(env.get("LOCAL_WORLD_SIZE", world_size))))
    if device.type == "cuda":
        torch.cuda.set_device(device)
        dist.init_process_group("nccl", timeout=TIMEOUT, device_id=device)
    else:
        dist.init_process_group("gloo", timeout=TIMEOUT)
    try:
        yield Group(rank, world_size, local_rank, device)
        # every rank leaves together: one that tore its group down while rank 0 still tested and saved could abort
        # ("terminate called without an active exception", seen once in CI)
        dist.barrier()
    finally:
        dist.destroy_process_group()


@dataclass(frozen=True)
class LaunchPlan:
    """Where this machine's processes sit in a job: torchrun's --nproc-per-node, --nnodes, --node-rank,
    --master-addr and --master-port (a free port on this machine when the job has one machine and no port)."""

    nproc_per_node: int
    nnodes: int = 1
    node_rank: int = 0
    master_addr: str | None = None
    master_port: int | None = None

    @property
    def world_size(self) -> int:
        return self.nproc_per_node * self.nnodes

    def torchrun_args(self) -> list[str]:
        args = ["--nproc-per-node", str(self.nproc_per_node), "--nnodes", str(self.nnodes)]
        args += ["--node-rank", str(self.node_rank), "--max-restarts", "0"]
        if self.master_addr is not None:
            args += ["--master-addr", self.master_addr]
        if self.master_port is not None:
            args += ["--master-port", str(self.master_port)]
        return args


class LaunchFailed(RuntimeError):
    """A job that did not finish: a rank failed (the launcher then stopped the others) or the ranks never met."""

    def __init__(self, message: Message, exitcode: int = 1) -> None:
        super().__init__(message)
        self.message, self.exitcode = message, exitcode


def launch(plan: LaunchPlan, module: str, argv: Sequence[str]) -> None:
    """Run ``python -m module *argv`` in ``plan.nproc_per_node`` processes under torch's elastic launcher, as
    `torchrun --module` does; returns when all finished, raises `LaunchFailed` when one failed or they never met,
    and KeyboardInterrupt when Ctrl+C (or another signal) stopped the launcher, which stopped the processes."""
    from torch.distributed.elastic.multiprocessing.api import SignalException
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.elastic.rendezvous.api import RendezvousError
    from torch.distributed.run import parse_args, run

    # torchrun would give each process a single thread; a share of the cores keeps them busy without contention
    threads = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = threads or str(max(1, cpu_cores() // plan.nproc_per_node))
    try:
        run(parse_args([*plan.torchrun_args(), "--module", module, *argv]))
    except ChildFailedError as exc:
        rank, failure = exc.get_first_failure()
        raise LaunchFailed(_failure_message(rank, plan.world_size, failure), max(failure.exitcode, 1)) from exc
    except (RendezvousError, dist.DistError, TimeoutError) as exc:
        raise LaunchFailed(
            Message(translate("Core", "the training processes could not start: {error}"), error=str(exc))
        ) from exc
    except SignalException as exc:
        raise KeyboardInterrupt from exc
    finally:
        if threads is None:
            del os.environ["OMP_NUM_THREADS"]


def _failure_message(rank: int, world_size: int, failure: ProcessFailure) -> Message:
    if failure.exitcode < 0:
        return Message(
            translate(
                "Core", "process {rank} of {processes} was killed by {signal}; the other processes were stopped."
            ),
            rank=rank,
            processes=world_size,
            signal=failure.signal_name(),
        )
    return Message(
        translate(
            "Core",
            "process {rank} of {processes} failed (exit code {code}; its own message is above); the other "
            "processes were stopped.",
        ),
        rank=rank,
        processes=world_size,
        code=failure.exitcode,
    )
