import pytest
import torch

from digitpad.core.models.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from digitpad.core.models.gan import (
    LATENT,
    Discriminator,
    Generator,
    generate,
    interpolate,
    load_generator,
    noise,
    save_generator,
    to_uint8,
)
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.paths import pretrained_generator_path


@pytest.fixture
def tiny():
    torch.manual_seed(0)
    return Generator(width=4)


def test_the_generator_draws_images_in_0_to_1_for_each_label(tiny):
    images = generate(tiny, list(range(10)), seed=3)
    assert images.shape == (10, 1, 28, 28) and images.dtype == torch.float32
    assert float(images.min()) >= 0 and float(images.max()) <= 1
    assert torch.equal(images, generate(tiny, torch.arange(10), seed=3)), "the same seed draws the same digits"
    assert not torch.equal(images, generate(tiny, list(range(10)), seed=4))
    assert not tiny.training
    pictures = to_uint8(images)
    assert pictures.shape == (10, 28, 28) and pictures.dtype.name == "uint8"


def test_the_discriminator_gives_one_logit_per_image():
    d = Discriminator(width=4)
    logits = d(torch.rand(5, 1, 28, 28), torch.arange(5))
    assert logits.shape == (5,)
    assert d.classify(torch.rand(5, 1, 28, 28)).shape == (5, 10)


def test_noise_is_seeded_and_interpolation_runs_between_its_ends():
    z = noise(2, seed=1)
    assert z.shape == (2, LATENT) and torch.equal(z, noise(2, seed=1))
    torch.testing.assert_close(interpolate(z[0], z[1], 0.0), z[0])
    torch.testing.assert_close(interpolate(z[0], z[1], 1.0), z[1])
    middle = interpolate(z[0], z[1], 0.5)
    assert middle.shape == (LATENT,) and float(middle.norm()) > 0.9 * min(float(z[0].norm()), float(z[1].norm()))
    torch.testing.assert_close(interpolate(z[0], z[0], 0.3), z[0])


def test_a_generator_checkpoint_round_trips(tiny, tmp_path):
    path = save_generator(tmp_path / "g.pt", tiny, {}, {"steps_done": 7, "note": "x"})
    loaded, meta = load_generator(path)
    assert loaded.width == 4 and meta["steps_done"] == 7 and meta["note"] == "x"
    torch.testing.assert_close(generate(loaded, [1, 2], seed=0), generate(tiny, [1, 2], seed=0))


def test_a_generator_file_is_not_a_classifier(tiny, tmp_path):
    path = save_generator(tmp_path / "g.pt", tiny, {})
    with pytest.raises(CheckpointError, match="holds a digit generator .*not a classifier"):
        load_checkpoint(path)


def test_a_classifier_file_is_not_a_generator(tmp_path):
    path = save_checkpoint(tmp_path / "c.pt", "logreg", build_model("logreg"), {})
    with pytest.raises(CheckpointError, match="holds a 'logreg' classifier, not a digit generator"):
        load_generator(path)


def test_broken_generator_files_are_refused_with_a_reason(tiny, tmp_path):
    path = save_generator(tmp_path / "g.pt", tiny, {})
    payload = torch.load(path, weights_only=True)
    payload["hparams"]["width"] = 10**6  # would need terabytes: refused before anything is built
    torch.save(payload, tmp_path / "huge.pt")
    with pytest.raises(CheckpointError, match="width is 1000000, not a whole number from 1 to 1024"):
        load_generator(tmp_path / "huge.pt")
    payload["hparams"]["width"] = 8
    torch.save(payload, tmp_path / "misfit.pt")
    with pytest.raises(CheckpointError, match="do not fit"):
        load_generator(tmp_path / "misfit.pt")
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="not a digitpad checkpoint"):
        load_generator(tmp_path / "junk.pt")


def test_the_shipped_generator_loads():
    if not pretrained_generator_path().is_file():
        pytest.skip("no shipped generator yet")
    generator, meta = load_generator()
    assert isinstance(generator, Generator) and meta["status"] == "finished"
