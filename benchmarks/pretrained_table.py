"""Print the README's table of shipped pretrained models from their checkpoints' own metadata (the pen-digit
accuracy is the one `digitpad train` measured on the held-out writers, as written on the canvas).

python benchmarks/pretrained_table.py
"""

from __future__ import annotations

from digitpad.commands.reproduce import train_command
from digitpad.core.models.checkpoint import load_pretrained
from digitpad.core.models.zoo import REGISTRY, count_parameters
from digitpad.core.runtime.paths import pretrained_path


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
            f"`{train_command(cfg, f'{name}.pt')}` |"
        )


if __name__ == "__main__":
    main()
