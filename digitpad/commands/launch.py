"""`digitpad train --nproc-per-node N`: one training run in N processes on this machine (and on more machines with
--nnodes), started by PyTorch's elastic launcher as `torchrun --module digitpad train ...` would start them."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digitpad.commands.common import CommandFailed, UserError
from digitpad.commands.language import localize, translate

if TYPE_CHECKING:
    from digitpad.core.training.distributed import LaunchPlan
    from digitpad.core.training.loop import TrainConfig

# The launcher's options, as torchrun spells them, and their argparse names.
OPTIONS = {
    "--nproc-per-node": "nproc_per_node",
    "--nnodes": "nnodes",
    "--node-rank": "node_rank",
    "--master-addr": "master_addr",
    "--master-port": "master_port",
}


def add_launch_args(train: argparse.ArgumentParser) -> None:
    group = train.add_argument_group(translate("Cli", "several processes (torch.distributed, as torchrun)"))
    group.add_argument(
        "--nproc-per-node",
        type=int,
        metavar="N",
        help=translate(
            "Cli",
            "train one model in N processes on this machine (gloo on CPUs, NCCL on GPUs: one GPU each); "
            "--batch-size is the batch of all of them together, split evenly",
        ),
    )
    group.add_argument("--nnodes", type=int, metavar="M", help=translate("Cli", "machines in the job (default 1)"))
    group.add_argument(
        "--node-rank", type=int, metavar="R", help=translate("Cli", "this machine's number, 0 to M-1 (default 0)")
    )
    group.add_argument(
        "--master-addr",
        metavar="ADDR",
        help=translate("Cli", "with --nnodes: the address of machine 0, which every machine can reach"),
    )
    group.add_argument(
        "--master-port",
        type=int,
        metavar="PORT",
        help=translate("Cli", "a free port on machine 0 (default: any free port on one machine, 29500 on several)"),
    )


def launch_plan(args: argparse.Namespace) -> LaunchPlan | None:
    """The plan the launcher options give, checked; None without --nproc-per-node."""
    from digitpad.core.training.distributed import LaunchPlan, in_launched_process

    given = [option for option, name in OPTIONS.items() if getattr(args, name) is not None]
    several = bool(given) or in_launched_process()
    if several and (args.model == "gan" or args.my_digits is not None):
        raise UserError(
            translate("Cli", "several processes train a classifier on MNIST: not with --model gan or --my-digits")
        )
    if args.nproc_per_node is None:
        if given:
            raise UserError(translate("Cli", "{options}: only with --nproc-per-node").format(options=", ".join(given)))
        return None
    if in_launched_process():
        raise UserError(
            translate(
                "Cli", "this process was started by torchrun, which starts the processes: leave out {options}"
            ).format(options=", ".join(given))
        )
    nnodes = 1 if args.nnodes is None else args.nnodes
    node_rank = 0 if args.node_rank is None else args.node_rank
    if args.nproc_per_node < 1 or nnodes < 1:
        raise UserError(translate("Cli", "--nproc-per-node and --nnodes must be at least 1"))
    if not 0 <= node_rank < nnodes:
        raise UserError(
            translate("Cli", "--node-rank must be from 0 to {last} with --nnodes {nodes}, not {rank}").format(
                last=nnodes - 1, nodes=nnodes, rank=node_rank
            )
        )
    if nnodes > 1 and args.master_addr is None:
        raise UserError(
            translate("Cli", "--nnodes {nodes} needs --master-addr: the address of machine 0").format(nodes=nnodes)
        )
    if args.master_port is not None and not 1 <= args.master_port <= 65535:
        raise UserError(
            translate("Cli", "--master-port must be from 1 to 65535, not {port}").format(port=args.master_port)
        )
    return LaunchPlan(args.nproc_per_node, nnodes, node_rank, args.master_addr, args.master_port)


def launch_training(args: argparse.Namespace, plan: LaunchPlan, cfg: TrainConfig) -> int:
    """Check what can be checked here, then run `digitpad train` (without the launcher options) in each process."""
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.training.distributed import LaunchFailed, launch, rank_device, uneven_batch_message

    assert cfg.batch_size is not None
    if cfg.batch_size % plan.world_size:
        raise UserError(localize(uneven_batch_message(cfg.batch_size, plan.world_size)))
    rank_device(cfg.device, plan.nproc_per_node - 1)  # every process here has a device
    if args.download:  # once, here, rather than by every process into the same folder
        load_mnist(args.data_dir, download=True)
    if plan.nnodes > 1:
        print(
            translate(
                "Cli", "Machine {node} of {nodes}: starting {processes} processes, which meet the others at {address}."
            ).format(
                node=plan.node_rank,
                nodes=plan.nnodes,
                processes=plan.nproc_per_node,
                address=f"{plan.master_addr}:{plan.master_port or 29500}",
            ),
            flush=True,
        )
    try:
        launch(plan, "digitpad", worker_argv(args.argv))
    except LaunchFailed as exc:
        error = UserError if exc.exitcode == 2 else CommandFailed
        raise error(localize(exc.message)) from exc
    return 0


def worker_argv(argv: Sequence[str]) -> list[str]:
    """The command line ``argv`` without the launcher options (whole, `=VALUE` or abbreviated, as argparse read
    them), for each process to run."""
    parser = argparse.ArgumentParser(add_help=False)
    for option in OPTIONS:
        parser.add_argument(option)
    return parser.parse_known_args(argv)[1]
