"""The core's words for a user: `Message` is the English text that keeps its template and fields for translation,
and every error a user reads from the core carries one."""

from __future__ import annotations

import ast
import errno
import pickle
from pathlib import Path

import pytest
import torch

import digitpad
from digitpad.core.data.mnist import DataMissingError, load_raw
from digitpad.core.inference.images import ImageError, read_image
from digitpad.core.models.checkpoint import (
    CheckpointError,
    CheckpointSaveError,
    check_save_destination,
    load_checkpoint,
    save_checkpoint,
)
from digitpad.core.models.names import MODEL_TITLES
from digitpad.core.models.zoo import build_model
from digitpad.core.my_digits.file_format import MyDigitsError, read
from digitpad.core.runtime.messages import CONTEXT, Message, message_of, text_of, translate
from digitpad.core.training.loop import TrainConfig

CORE = Path(digitpad.__file__).parent / "core"


def test_a_message_is_its_english_text_and_keeps_template_and_fields() -> None:
    message = Message(
        translate("Core", "Test accuracy {accuracy:.2%} on {count:,} digits."), accuracy=0.98765, count=10000
    )
    assert message == "Test accuracy 98.77% on 10,000 digits." and isinstance(message, str)
    assert message.template == "Test accuracy {accuracy:.2%} on {count:,} digits."
    assert dict(message.fields) == {"accuracy": 0.98765, "count": 10000}
    assert f"{message}" == str(message) == "Test accuracy 98.77% on 10,000 digits."


def test_a_message_pickles_with_its_template_and_nested_fields() -> None:
    inner = Message(translate("Core", "the GPU"))
    outer = Message(translate("Core", "Training ran out of memory on {memory}."), memory=inner)
    back = pickle.loads(pickle.dumps(outer))
    assert isinstance(back, Message) and back == outer == "Training ran out of memory on the GPU."
    assert back.template == outer.template and isinstance(back.fields["memory"], Message)
    assert back.fields["memory"].template == "the GPU"


def test_message_of_finds_the_message_an_exception_was_raised_with() -> None:
    message = Message(translate("Core", "{path} does not exist."), path="a.pt")
    assert message_of(ValueError(message)) is message
    assert message_of(OSError(errno.ENOENT, message)) is message  # an OSError holds it as its strerror
    assert message_of(ValueError("plain text")) is None and message_of(KeyError()) is None
    assert text_of(ValueError(message)) is message and text_of(ValueError("plain")) == "plain"


def test_a_corrupt_checkpoint_raises_a_message_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pt"
    path.write_bytes(b"this is not a checkpoint")
    with pytest.raises(CheckpointError) as raised:
        load_checkpoint(path)
    message = message_of(raised.value)
    assert message is not None and message.fields["path"] == path
    assert message.template == "{path} is not a digitpad checkpoint (not a zip/pickle file)."
    assert str(raised.value) == f"{path} is not a digitpad checkpoint (not a zip/pickle file)."
    again = pickle.loads(pickle.dumps(raised.value))  # errors cross threads and processes
    assert message_of(again) == message and message_of(again).template == message.template  # type: ignore[union-attr]


def test_a_checkpoint_with_wrong_settings_nests_the_settings_message(tmp_path: Path) -> None:
    path = save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {})
    payload = torch.load(path, weights_only=True)
    payload["hparams"] = {"hidden": 3}
    torch.save(payload, path)
    with pytest.raises(CheckpointError) as raised:
        load_checkpoint(path)
    message = message_of(raised.value)
    assert message is not None and message.template.startswith("{path}: its settings do not describe")
    problem = message.fields["problem"]
    assert (
        isinstance(problem, Message)
        and problem.fields["known"] == "none"
        and isinstance(problem.fields["known"], Message)
    )
    assert str(raised.value) == (
        f"{path}: its settings do not describe a 'logreg' model (a logreg model has no setting 'hidden' "
        "(its settings: none))."
    )


def test_a_checkpoint_that_cannot_be_saved_says_why_in_a_message(tmp_path: Path) -> None:
    with pytest.raises(CheckpointSaveError) as raised:
        check_save_destination(tmp_path)
    message = message_of(raised.value)
    assert raised.value.errno == errno.EISDIR and message is not None
    assert str(raised.value) == message == f"{tmp_path} is a folder: name the checkpoint file to write in it."


def test_a_missing_mnist_folder_raises_a_message_with_the_folder(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError) as raised:
        load_raw(tmp_path)
    message = message_of(raised.value)
    assert message is not None and message.fields["folder"] == tmp_path / "MNIST" / "raw"
    assert message.startswith(f"MNIST was not found in {tmp_path / 'MNIST' / 'raw'}. Put the four files there")


def test_a_bad_my_digits_file_raises_a_message(tmp_path: Path) -> None:
    path = tmp_path / "digits.npz"
    path.write_bytes(b"PK\x03\x04 but nothing more")
    with pytest.raises(MyDigitsError) as raised:
        read(path)
    message = message_of(raised.value)
    assert message is not None and message.template == "{path} is damaged: {what}."
    assert isinstance(message.fields["what"], Message)
    assert message == f"{path} is damaged: the end of the archive is missing (the file is truncated)."


def test_a_missing_image_and_a_bad_training_setting_raise_messages(tmp_path: Path) -> None:
    with pytest.raises(ImageError) as image:
        read_image(tmp_path / "none.png")
    assert message_of(image.value) == f"{tmp_path / 'none.png'} does not exist."
    with pytest.raises(ValueError) as config:
        TrainConfig(model="cnn", optimizer="lion").resolved()
    assert message_of(config.value) == "optimizer must be one of adamw, adam, sgd, not 'lion'"


def test_the_model_titles_are_messages() -> None:
    assert all(isinstance(title, Message) for title in MODEL_TITLES.values())
    assert MODEL_TITLES["cnn"] == "Convolutional network"


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


def _is_literal_template(node: ast.expr) -> bool:
    """``translate("Core", "literal")``: what pyside6-lupdate reads."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "translate"):
        return False
    args = node.args
    return (
        len(args) == 2
        and not node.keywords
        and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args)
        and args[0].value == CONTEXT  # type: ignore[attr-defined]
    )


def test_every_core_message_is_a_literal_template_lupdate_can_read() -> None:
    """lupdate finds a template only as ``translate("Core", "literal")``: a variable or an f-string would leave the
    message untranslated without a word."""
    bad, count = [], 0
    for path in sorted(CORE.rglob("*.py")):
        if path.name == "messages.py" and path.parent.name == "runtime":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree, "Message"):
            count += 1
            if not call.args or not _is_literal_template(call.args[0]):
                bad.append(f"{path.relative_to(CORE)}:{call.lineno} Message without translate('Core', literal)")
        for call in _calls(tree, "translate"):
            if not _is_literal_template(call):
                bad.append(f"{path.relative_to(CORE)}:{call.lineno} translate without ('Core', literal)")
    assert not bad, "\n".join(bad)
    assert count > 100, "the core's messages were found"
