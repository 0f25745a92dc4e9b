"""The README's commands for the shipped models train what those models were trained with."""

import shlex
from pathlib import Path

import pytest

from digitpad.cli import _parser
from digitpad.commands.reproduce import stored_config, train_command
from digitpad.commands.train import _train_config
from digitpad.core.models.checkpoint import load_pretrained
from digitpad.core.models.zoo import REGISTRY
from digitpad.core.runtime.paths import pretrained_path

README = Path(__file__).resolve().parents[2] / "README.md"
# Everything of a run's configuration that decides what it trains.
DECIDING = (
    "model",
    "epochs",
    "batch_size",
    "lr",
    "optimizer",
    "schedule",
    "weight_decay",
    "grad_clip",
    "augment",
    "pen_data",
    "pen_variants",
    "label_smoothing",
    "seed",
)


def _resolved(command: str):
    words = shlex.split(command)
    assert words[:2] == ["digitpad", "train"]
    return _train_config(_parser().parse_args(words[1:]))


def _plain(hparams: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in hparams.items()}


@pytest.mark.parametrize("name", list(REGISTRY))
def test_the_readme_command_trains_the_shipped_models_configuration(name):
    if not pretrained_path(name).is_file():
        pytest.skip(f"{name} is not built")
    stored = stored_config(load_pretrained(name).metadata["config"])
    command = train_command(stored, f"{name}.pt")
    cfg = _resolved(command)
    assert {k: getattr(cfg, k) for k in DECIDING} == {k: stored[k] for k in DECIDING}
    assert _plain(cfg.hparams) == _plain(stored["hparams"])
    assert f"`{command}`" in README.read_text(encoding="utf-8")


def test_a_cnn_unlike_the_default_is_spelled_out_and_a_default_one_is_not():
    from digitpad.core.training.loop import TrainConfig

    default = TrainConfig(model="cnn").resolved()
    plain = {**vars(default), "hparams": _plain(default.hparams), "pen_data": True}  # the command line's default
    assert train_command(plain, "a.pt") == "digitpad train --model cnn --out a.pt"
    other = {
        **plain,
        "hparams": {**plain["hparams"], "stem": "pool", "hidden": 64, "dropout": 0.25},
        "augment": True,
        "label_smoothing": 0.0,
        "pen_variants": 2,
        "lr": 0.004,
    }
    command = train_command(other, "b.pt")
    cfg = _resolved(command)
    assert cfg.hparams["stem"] == "pool" and cfg.hparams["hidden"] == 64 and cfg.hparams["dropout"] == 0.25
    assert (cfg.augment, cfg.label_smoothing, cfg.pen_variants, cfg.lr) == (True, 0.0, 2, 0.004)


def test_an_old_configuration_means_the_settings_of_its_time():
    old = {"model": "cnn", "hparams": {"channels": [16, 32], "hidden": 128}, "augment": True}
    full = stored_config(old)
    assert full["hparams"]["stem"] == "pool" and full["hparams"]["convs"] == 1
    assert full["label_smoothing"] == 0.0 and full["pen_variants"] == 6


def test_a_setting_no_flag_gives_is_refused():
    from digitpad.core.training.loop import TrainConfig

    lstm = vars(TrainConfig(model="lstm").resolved())
    with pytest.raises(ValueError, match="hidden"):
        train_command({**lstm, "hparams": {"hidden": 64, "layers": 1}}, "c.pt")
