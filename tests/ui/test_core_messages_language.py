"""The core's messages in the interface language: an error the core raises reads in Chinese once Chinese is
installed, its fields (a file, a folder, a nested reason) filled in, and in English again after."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import torch
from PySide6.QtWidgets import QApplication

from digitpad.core.data.mnist import DataMissingError, load_raw
from digitpad.core.models.checkpoint import (
    CheckpointError,
    CheckpointSaveError,
    check_save_destination,
    load_checkpoint,
    save_checkpoint,
)
from digitpad.core.models.names import MODEL_TITLES
from digitpad.core.models.zoo import build_model
from digitpad.core.training.loop import TrainConfig
from digitpad.core.training.runs import TrainingOutcome, describe_training_error
from digitpad.ui.common import i18n
from digitpad.ui.common.i18n import describe, localize


@pytest.fixture(autouse=True)
def chinese(qapp: QApplication):
    """Chinese installed for the test, English again afterwards."""
    i18n.apply_language("zh_CN", qapp)
    yield
    i18n.apply_language("en", qapp)


def test_a_corrupt_checkpoint_reads_in_chinese_with_its_path(tmp_path: Path, qapp: QApplication) -> None:
    path = tmp_path / "broken.pt"
    path.write_bytes(b"this is not a checkpoint")
    with pytest.raises(CheckpointError) as raised:
        load_checkpoint(path)
    assert describe(raised.value) == f"{path} 不是 digitpad 检查点（不是 zip/pickle 文件）。"
    i18n.apply_language("en", qapp)
    assert describe(raised.value) == f"{path} is not a digitpad checkpoint (not a zip/pickle file)."


def test_a_nested_reason_is_translated_too(tmp_path: Path) -> None:
    path = save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {})
    payload = torch.load(path, weights_only=True)
    payload["hparams"] = {"hidden": 3}
    torch.save(payload, path)
    with pytest.raises(CheckpointError) as raised:
        load_checkpoint(path)
    assert describe(raised.value) == (
        f"{path}：其设置描述的不是 'logreg' 模型（logreg 模型没有设置项 'hidden'（它的设置项：无））。"
    )


def test_missing_mnist_and_an_unsavable_checkpoint_read_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError) as missing:
        load_raw(tmp_path)
    folder = tmp_path / "MNIST" / "raw"
    assert describe(missing.value).startswith(f"在 {folder} 中没有找到 MNIST。请把四个文件（train-images-idx3-ubyte.gz")
    assert localize(describe_training_error(missing.value, TrainConfig())) == describe(missing.value)
    with pytest.raises(CheckpointSaveError) as unsavable:
        check_save_destination(tmp_path)
    assert unsavable.value.errno == errno.EISDIR
    assert describe(unsavable.value) == f"{tmp_path} 是文件夹：请指定要在其中写入的检查点文件名。"


def test_training_messages_and_model_titles_read_in_chinese() -> None:
    assert localize(MODEL_TITLES["cnn"]) == "卷积神经网络"
    assert localize(MODEL_TITLES["logreg"]) == "Softmax 回归"
    assert localize(TrainingOutcome().message()) == "训练在开始前就停止了；没有得到模型。"
    with pytest.raises(ValueError) as bad:
        TrainConfig(optimizer="lion").resolved()
    said = describe_training_error(bad.value, TrainConfig())
    assert said == "Cannot train with these settings: optimizer must be one of adamw, adam, sgd, not 'lion'"
    assert localize(said) == "无法按这些设置训练：优化器必须是 adamw, adam, sgd 之一，而不是 'lion'"
