import os
import pickle

import pytest
import torch

from digitpad.core.models.checkpoint import FORMAT_VERSION, CheckpointError, load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import REGISTRY, build_model, predict
from digitpad.core.runtime.paths import pretrained_path


@pytest.fixture
def saved(tmp_path):
    torch.manual_seed(0)
    model = build_model("cnn", {"channels": (4, 8), "hidden": 16}).eval()
    path = save_checkpoint(
        tmp_path / "m.pt",
        "cnn",
        model,
        {"channels": (4, 8), "hidden": 16},
        metadata={"epochs": 3, "seed": 7, "metrics": {"test_accuracy": 0.5}},
    )
    return path, model


def _payload(path):
    return torch.load(path, weights_only=True)


def test_round_trip_restores_the_same_predictions_and_metadata(saved):
    path, model = saved
    ckpt = load_checkpoint(path)
    x = torch.randn(3, 1, 28, 28)
    assert ckpt.arch == "cnn" and ckpt.hparams["channels"] == [4, 8]
    assert torch.allclose(predict(ckpt.model, x), predict(model, x))
    assert ckpt.metadata["seed"] == 7 and ckpt.test_accuracy == 0.5
    assert ckpt.metadata["versions"]["torch"] and ckpt.metadata["date"]
    assert _payload(path)["format_version"] == FORMAT_VERSION


def test_a_checkpoint_normalises_inputs_with_its_own_mean_and_std(tmp_path):
    path = save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {}, mean=0.5, std=0.25)
    ckpt = load_checkpoint(path)
    images = torch.tensor([[0, 255]], dtype=torch.uint8)
    torch.testing.assert_close(ckpt.normalize(images), torch.tensor([[-2.0, 2.0]]))
    torch.testing.assert_close(ckpt.normalize(images.float() / 255), torch.tensor([[-2.0, 2.0]]))


def test_a_crash_mid_save_keeps_the_previous_file(saved, monkeypatch):
    path, model = saved
    before = path.read_bytes()

    def crash(obj, fh, *a, **k):
        fh.write(b"half a checkpoint")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", crash)
    with pytest.raises(OSError):
        save_checkpoint(path, "cnn", model, {})
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file may be left behind"


class _Exploit:
    def __reduce__(self):
        return (os.system, (f"touch {_Exploit.marker}",))


def test_a_checkpoint_crafted_to_run_code_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "pwned"
    _Exploit.marker = marker
    evil = tmp_path / "evil.pt"
    torch.save({"format": "digitpad-checkpoint", "state_dict": _Exploit()}, evil)
    with pytest.raises(CheckpointError, match=r"refused: it asks to run \w+\.system") as refused:
        load_checkpoint(evil)
    assert "crafted to run code" in str(refused.value)
    assert not marker.exists(), "loading must never execute pickled code"
    with open(tmp_path / "plain.pkl", "wb") as fh:
        pickle.dump(_Exploit(), fh)
    with pytest.raises(CheckpointError):
        load_checkpoint(tmp_path / "plain.pkl")
    assert not marker.exists()


def _rewrite(path, **changes):
    payload = _payload(path)
    for key, value in changes.items():
        if value is None:
            del payload[key]
        else:
            payload[key] = value
    torch.save(payload, path)


def test_wrong_architecture_is_a_clear_error(saved):
    path, _ = saved
    _rewrite(path, arch="lstm")
    with pytest.raises(CheckpointError, match="do not describe a 'lstm' model"):
        load_checkpoint(path)
    _rewrite(path, hparams={})
    with pytest.raises(CheckpointError, match="do not fit a 'lstm' model.*missing fc.bias"):
        load_checkpoint(path)


def test_unknown_architecture_and_missing_keys(saved):
    path, _ = saved
    _rewrite(path, arch="vit")
    with pytest.raises(CheckpointError, match="'vit'"):
        load_checkpoint(path)
    _rewrite(path, arch="cnn", state_dict=None)
    with pytest.raises(CheckpointError, match="lacks state_dict"):
        load_checkpoint(path)


def test_missing_weight_is_a_clear_error(saved):
    path, _ = saved
    payload = _payload(path)
    del payload["state_dict"]["classifier.fc2.weight"]
    torch.save(payload, path)
    with pytest.raises(CheckpointError, match="classifier.fc2.weight"):
        load_checkpoint(path)


def test_newer_format_asks_for_an_update(saved):
    path, _ = saved
    _rewrite(path, format_version=FORMAT_VERSION + 1)
    with pytest.raises(CheckpointError, match="newer"):
        load_checkpoint(path)


@pytest.mark.parametrize("damage", ["truncate", "random", "empty", "garbage"])
def test_damaged_files_are_clear_errors(saved, damage):
    path, _ = saved
    data = path.read_bytes()
    garbage = b"\x80\x02}q\x00(X\x01" + b"garbage " * 50  # a pickle header, then nonsense
    path.write_bytes(
        {"truncate": data[: len(data) // 2], "random": os.urandom(4096), "empty": b"", "garbage": garbage}[damage]
    )
    with pytest.raises(CheckpointError, match=str(path.name)):
        load_checkpoint(path)


def test_a_foreign_pytorch_file_is_refused(tmp_path):
    path = tmp_path / "resnet.pt"
    torch.save(build_model("mlp").state_dict(), path)
    with pytest.raises(CheckpointError, match="not a digitpad checkpoint"):
        load_checkpoint(path)


def test_missing_file(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        load_checkpoint(tmp_path / "nope.pt")


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_registry_model_ships_a_loadable_pretrained_checkpoint(name):
    path = pretrained_path(name)
    if not path.is_file():
        pytest.skip(f"{path} not built yet")
    ckpt = load_checkpoint(path)
    assert ckpt.arch == name
    # the default recipe: augmented MNIST plus real pen digits
    assert ckpt.metadata["data"]["dataset"] == "MNIST + pen digits" and ckpt.metadata["config"]["augment"] is True
    assert ckpt.metadata["config"]["pen_data"] is True and ckpt.metadata["metrics"]["pen_accuracy"] is not None
    assert ckpt.test_accuracy is not None


def test_saved_file_is_an_ordinary_file_not_a_private_temporary(tmp_path):
    path = save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {})
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_format_1_cnn_keeps_its_layer_order_and_predictions(tmp_path):
    """Format 1 predates the CNN's pool_first default: its CNNs normalise before pooling, and must still do so."""
    torch.manual_seed(0)
    old = build_model("cnn", {"channels": (4, 8), "hidden": 16, "pool_first": False})
    for m in old.modules():  # non-trivial statistics, so the two layer orders really differ
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-1, 1)
            m.weight.data.uniform_(-1, 1)
    old.eval()
    path = save_checkpoint(tmp_path / "old.pt", "cnn", old, {"channels": (4, 8), "hidden": 16, "pool_first": False})
    payload = _payload(path)
    del payload["hparams"]["pool_first"]
    payload["format_version"] = 1
    torch.save(payload, path)
    x = torch.randn(5, 1, 28, 28)
    loaded = load_checkpoint(path)
    assert loaded.hparams["pool_first"] is False
    torch.testing.assert_close(predict(loaded.model, x), predict(old, x))
    today = build_model("cnn", {"channels": (4, 8), "hidden": 16})
    today.load_state_dict(old.state_dict())
    assert not torch.allclose(predict(today.eval(), x), predict(old, x)), "the test must tell the two orders apart"


def test_saved_settings_are_complete(saved):
    path, _model = saved
    assert _payload(path)["hparams"]["pool_first"] is REGISTRY["cnn"].hparams["pool_first"]


def test_a_format_2_cnn_keeps_its_pooled_first_stage(tmp_path):
    """Format 2 predates the CNN's stem: its CNNs pool a 3x3 convolution, whatever today's default is."""
    torch.manual_seed(0)
    settings = {"channels": (4, 8), "hidden": 16, "stem": "pool"}
    old = build_model("cnn", settings).eval()
    path = save_checkpoint(tmp_path / "old.pt", "cnn", old, settings)
    payload = _payload(path)
    del payload["hparams"]["stem"]
    payload["format_version"] = 2
    torch.save(payload, path)
    loaded = load_checkpoint(path)
    assert loaded.hparams["stem"] == "pool" and REGISTRY["cnn"].hparams["stem"] == "strided"
    x = torch.randn(3, 1, 28, 28)
    torch.testing.assert_close(predict(loaded.model, x), predict(old, x))
