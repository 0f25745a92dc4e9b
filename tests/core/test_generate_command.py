import json

import pytest
import torch
from PIL import Image

from digitpad.cli import main
from digitpad.core.models.checkpoint import save_checkpoint
from digitpad.core.models.gan import Generator, save_generator
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.paths import pretrained_generator_path


@pytest.fixture
def shipped():
    if not pretrained_generator_path().is_file():
        pytest.skip("no shipped generator")
    return str(pretrained_generator_path())


def test_generated_pngs_are_read_back_by_predict(shipped, tmp_path, capsys):
    out = tmp_path / "digits"
    assert main(["generate", "--digit", "3", "--count", "4", "--seed", "0", "--out", str(out)]) == 0
    files = sorted(out.glob("*.png"))
    assert [f.name for f in files] == [f"digit3_{i:03d}.png" for i in range(4)]
    with Image.open(files[0]) as image:
        assert image.size == (28, 28) and image.mode == "L"
    capsys.readouterr()
    assert main(["predict", "--json", *map(str, files)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4 and [row["digit"] for row in rows].count(3) >= 3  # ~99% of generated digits read right


def test_random_digits_enlarged_and_seeded(shipped, tmp_path):
    for folder in ("a", "b"):
        args = ["generate", "--digit", "random", "--count", "6", "--seed", "5", "--size", "280"]
        assert main([*args, "--out", str(tmp_path / folder)]) == 0
    names = sorted(p.name for p in (tmp_path / "a").glob("*.png"))
    assert len(names) == 6 and names == sorted(p.name for p in (tmp_path / "b").glob("*.png"))
    assert len({name.split("_")[0] for name in names}) > 1, "random digits differ"
    with Image.open(tmp_path / "a" / names[0]) as a, Image.open(tmp_path / "b" / names[0]) as b:
        assert a.size == (280, 280) and a.tobytes() == b.tobytes()


def test_a_generator_file_of_ones_own(tmp_path):
    torch.manual_seed(0)
    path = save_generator(tmp_path / "g.pt", Generator(width=4), {})
    assert main(["generate", "--digit", "0", "--model", str(path), "--out", str(tmp_path / "out")]) == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["digit0_000.png"]


@pytest.mark.parametrize(
    "args", [["--digit", "12"], ["--digit", "x"], ["--digit", "1", "--count", "0"], ["--digit", "1", "--count", "y"]]
)
def test_a_bad_digit_or_count_is_a_usage_error(tmp_path, capsys, args):
    with pytest.raises(SystemExit) as exited:
        main(["generate", *args, "--out", str(tmp_path)])
    assert exited.value.code == 2
    assert "argument --" in capsys.readouterr().err


def test_a_classifier_given_as_the_generator_is_a_one_line_error(tmp_path, capsys):
    path = save_checkpoint(tmp_path / "c.pt", "logreg", build_model("logreg"), {})
    assert main(["generate", "--digit", "1", "--model", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("digitpad: error:") and "not a digit generator" in err and len(err.splitlines()) == 1


def test_train_a_gan_from_the_command_line(mnist_root, tmp_path, capsys):
    out = tmp_path / "g.pt"
    args = ["train", "--model", "gan", "--steps", "3", "--batch-size", "16", "--device", "cpu"]
    assert main([*args, "--data-dir", str(mnist_root), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "GAN training finished. 3 steps" in printed and "generated digits" in printed
    assert main(["generate", "--digit", "7", "--count", "2", "--model", str(out), "--out", str(tmp_path / "o")]) == 0
    assert main(["train", "--model", "gan", "--epochs", "2", "--out", str(out)]) == 2
    assert main(["train", "--model", "cnn", "--steps", "2", "--out", str(out)]) == 2
