"""The `digitpad train` command that trains a checkpoint again, from the configuration its metadata keeps.

Only what differs from today's defaults is spelled out, so a default that changes later does not change what the
command trains: the flags cover every setting `digitpad train` takes. Metadata written before a setting existed
means that setting's value of then (`IMPLICIT`).
"""

from __future__ import annotations

from typing import Any

# What a configuration written before these settings existed trained with.
IMPLICIT: dict[str, Any] = {"label_smoothing": 0.0, "pen_variants": 6}
IMPLICIT_HPARAMS: dict[str, Any] = {"stem": "pool", "convs": 1}
# The CNN's settings that have flags, in the order the command writes them.
_CNN_FLAGS = {
    "stem": "--stem",
    "channels": "--channels",
    "convs": "--convs",
    "hidden": "--hidden",
    "dropout": "--dropout",
}


def stored_config(config: dict[str, Any]) -> dict[str, Any]:
    """A checkpoint's stored training configuration with the settings it predates filled in."""
    full = {**IMPLICIT, **config}
    if full.get("model") == "cnn":
        full["hparams"] = {**IMPLICIT_HPARAMS, **(config.get("hparams") or {})}
    return full


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def train_command(config: dict[str, Any], out: str) -> str:
    """``digitpad train ...`` for a checkpoint's stored ``config`` (`TrainResult.to_metadata`'s), writing ``out``;
    ValueError for a setting the command line cannot give (an LSTM's size, say)."""
    from digitpad.core.training.loop import TrainConfig

    cfg = stored_config(config)
    default = TrainConfig(model=cfg["model"]).resolved()
    parts = ["digitpad train", f"--model {cfg['model']}"]
    flags = _CNN_FLAGS if cfg["model"] == "cnn" else {}
    base = {**IMPLICIT_HPARAMS, **default.hparams} if cfg["model"] == "cnn" else default.hparams
    for key, value in (cfg.get("hparams") or {}).items():
        if _plain(value) == _plain(base.get(key)):
            continue
        if key not in flags:
            raise ValueError(f"{cfg['model']}: no flag sets {key} to {value!r}")
    for key, flag in flags.items():
        value = cfg["hparams"].get(key, base.get(key))
        if _plain(value) != _plain(base.get(key)):
            parts.append(f"{flag} {_text(value)}")
    for key in ("weight_decay", "grad_clip"):
        if cfg.get(key) != getattr(default, key):
            raise ValueError(f"{cfg['model']}: no flag sets {key} to {cfg.get(key)!r}")
    for key, flag in (
        ("epochs", "--epochs"),
        ("batch_size", "--batch-size"),
        ("lr", "--lr"),
        ("optimizer", "--optimizer"),
        ("schedule", "--schedule"),
    ):
        if cfg[key] != getattr(default, key):
            parts.append(f"{flag} {_text(cfg[key])}")
    if bool(cfg["augment"]) != default.augment:
        parts.append("--augment" if cfg["augment"] else "--no-augment")
    if cfg["label_smoothing"] != default.label_smoothing:
        parts.append(f"--label-smoothing {_text(float(cfg['label_smoothing']))}")
    if not cfg["pen_data"]:
        parts.append("--no-pen-data")
    elif cfg["pen_variants"] != default.pen_variants:
        parts.append(f"--pen-variants {cfg['pen_variants']}")
    if cfg.get("seed", 0) != 0:
        parts.append(f"--seed {cfg['seed']}")
    return " ".join([*parts, f"--out {out}"])
