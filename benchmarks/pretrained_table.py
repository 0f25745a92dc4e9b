"""Print the README's table of shipped pretrained models from their checkpoints' own metadata (the pen-digit
accuracy is the one `digitpad train` measured on the held-out writers, as written on the canvas).

python benchmarks/pretrained_table.py
"""

from __future__ import annotations

from digitpad.core.models.checkpoint import load_pretrained
from digitpad.core.models.zoo import REGISTRY, count_parameters
from digitpad.core.runtime.paths import pretrained_path


def _epochs_flag(default: int, used: int) -> str:
    return "" if default == used else f" --epochs {used}"


def _channels_flag(default: dict, used: dict) -> str:
    channels = used.get("channels")
    if channels is None or list(channels) == list(default.get("channels", ())):
        return ""
    return " --channels " + " ".join(str(c) for c in channels)


def _convs_flag(default: dict, used: dict) -> str:
    convs = used.get("convs", default.get("convs", 1))
    return "" if convs == default.get("convs", 1) else f" --convs {convs}"


def _seed_flag(cfg: dict) -> str:
    seed = cfg.get("seed", 0)
    return "" if seed == 0 else f" --seed {seed}"


def main() -> None:
    print(
        "| model | parameters | file size | MNIST test accuracy | real pen digits (held-out writers) | training time "
        "| device | reproduce with |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name, spec in REGISTRY.items():
        path = pretrained_path(name)
        if not path.is_file():
            print(f"| `{name}` | | | not built | | | | |")
            continue
        ckpt = load_pretrained(name)
        meta = ckpt.metadata
        cfg = meta["config"]
        pen = meta.get("metrics", {}).get("pen_accuracy")
        print(
            f"| `{name}` ({spec.title}) | {count_parameters(ckpt.model):,} | {path.stat().st_size / 1024:,.0f} KiB | "
            f"{ckpt.test_accuracy:.2%} | {'not measured' if pen is None else f'{pen:.2%}'} | "
            f"{meta['seconds'] / 60:.1f} min, {cfg['epochs']} epochs | "
            f"{meta.get('device', '?')} | "
            f"`digitpad train --model {name}{_channels_flag(spec.hparams, cfg['hparams'])}"
            f"{_convs_flag(spec.hparams, cfg['hparams'])}{_epochs_flag(spec.epochs, cfg['epochs'])}"
            f"{_seed_flag(cfg)} --out {name}.pt` |"
        )


if __name__ == "__main__":
    main()
