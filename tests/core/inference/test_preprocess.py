import numpy as np
import pytest
import torch
import torch.nn.functional as F

from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
from digitpad.core.inference.preprocess import preprocess, to_display, white_ink
from digitpad.core.models.checkpoint import load_pretrained
from digitpad.core.models.zoo import predict
from digitpad.core.runtime.paths import pretrained_path


def paste(digit: torch.Tensor, scale: float, canvas: int, top: int, left: int) -> np.ndarray:
    """An MNIST digit (float [28, 28] in [0, 1]) enlarged and placed on a bigger black canvas, as uint8."""
    big = F.interpolate(digit[None, None], scale_factor=scale, mode="bilinear", align_corners=False)[0, 0]
    out = torch.zeros(canvas, canvas)
    h, w = big.shape
    out[top : top + h, left : left + w] = big.clamp(0, 1)
    return (out * 255).round().to(torch.uint8).numpy()


def placements(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    for i in range(n):
        canvas = int(rng.integers(200, 900))
        scale = float(rng.uniform(1.0, canvas / 28 * 0.9))
        room = canvas - int(np.ceil(28 * scale))
        yield i, scale, canvas, int(rng.integers(0, room + 1)), int(rng.integers(0, room + 1))


def test_pasted_mnist_digit_comes_back_close_to_the_original(mnist):
    digits = mnist.test.images[:200].float() / 255
    errors, unrelated = [], []
    for i, scale, canvas, top, left in placements(200):
        out = preprocess(paste(digits[i], scale, canvas, top, left), ink="white", normalize=False)
        assert out is not None and out.shape == (1, 28, 28)
        errors.append(float((out[0] - digits[i]).abs().mean()))
        unrelated.append(float((digits[i] - digits[(i + 1) % 200]).abs().mean()))
    assert np.median(errors) < 0.05, "the round trip should nearly reproduce MNIST's own image"
    assert np.max(errors) < 0.12
    assert np.median(errors) < np.median(unrelated) / 3


def test_black_ink_on_white_paper_gives_the_same_image(mnist):
    digit = mnist.test.images[7].float() / 255
    white_ink = paste(digit, 6.0, 300, 40, 60)
    black_ink = 255 - white_ink
    a = preprocess(white_ink, ink="white")
    assert torch.allclose(a, preprocess(black_ink, ink="black"), atol=1e-5)
    assert torch.allclose(a, preprocess(black_ink), atol=1e-5)  # auto detects the white paper
    assert torch.allclose(a, preprocess(white_ink.astype(np.float32) / 255), atol=1e-5)  # float input


def test_output_is_normalised_like_the_training_data(mnist):
    out = preprocess(paste(mnist.test.images[0].float() / 255, 4.0, 200, 10, 10))
    background = out[0, 0, 0]
    assert float(background) == pytest.approx(-MNIST_MEAN / MNIST_STD, abs=1e-6)
    assert float(out.max()) == pytest.approx((1 - MNIST_MEAN) / MNIST_STD, abs=1e-4)


def test_digit_box_and_centre_of_mass_follow_mnist():
    canvas = np.zeros((400, 400), np.uint8)
    canvas[20:120, 300:340] = 255  # a tall bar in a corner
    out = preprocess(canvas, normalize=False)[0]
    rows = torch.nonzero(out.sum(1) > 0.05).flatten()
    assert int(rows[-1] - rows[0] + 1) == 20, "the longer side is scaled to 20 px"
    r = torch.arange(28.0)
    com_r = float((out.sum(1) * r).sum() / out.sum())
    com_c = float((out.sum(0) * r).sum() / out.sum())
    assert abs(com_r - 14) < 1 and abs(com_c - 14) < 1


@pytest.mark.parametrize("value", [0, 10, 30])
def test_empty_or_near_empty_canvas_returns_none(value):
    assert preprocess(np.full((300, 300), value, np.uint8), ink="white") is None
    assert preprocess(np.full((300, 300), 255 - value, np.uint8)) is None  # blank white paper


def test_edge_cases_all_give_a_model_input():
    thin = np.zeros((500, 500), np.uint8)
    thin[50:450, 250] = 255  # a one-pixel line
    dot = np.zeros((300, 300), np.uint8)
    dot[150, 150] = 255
    full = np.full((64, 64), 255, np.uint8)
    tiny = np.zeros((10, 10), np.uint8)
    tiny[2:8, 4:6] = 255
    huge = np.zeros((4000, 4000), np.uint8)
    huge[500:3500, 1900:2000] = 255
    for image in (thin, dot, full, tiny, huge):
        out = preprocess(image, ink="white", normalize=False)
        assert out is not None and out.shape == (1, 28, 28) and out.dtype == torch.float32
        assert torch.isfinite(out).all() and float(out.max()) == pytest.approx(1.0)
    # the thin line stays a visible stroke, not a faint ghost
    line = preprocess(thin, ink="white", normalize=False)[0]
    assert int((line > 0.5).sum()) >= 20


def test_colour_and_alpha_images_are_accepted():
    rgb = np.zeros((100, 100, 3), np.uint8)
    rgb[20:80, 45:55] = (255, 255, 255)
    rgba = np.zeros((100, 100, 4), np.uint8)
    rgba[20:80, 45:55] = (0, 0, 0, 255)  # black ink on a transparent layer
    a, b = preprocess(rgb), preprocess(rgba)
    assert a is not None and b is not None
    assert torch.allclose(a, b, atol=1e-5)


def test_to_display_inverts_normalisation(mnist):
    digit = mnist.test.images[3]
    shown = to_display(preprocess(digit.numpy(), ink="white"))
    assert shown.dtype == np.uint8 and shown.shape == (28, 28) and shown.max() == 255


@pytest.mark.skipif(not pretrained_path("cnn").is_file(), reason="pretrained CNN not built yet")
def test_default_cnn_reads_pasted_digits(mnist):
    ckpt = load_pretrained("cnn")
    n = 1000
    digits = mnist.test.images[:n].float() / 255
    batch = []
    for i, scale, canvas, top, left in placements(n, seed=1):
        image = paste(digits[i], scale, canvas, top, left)
        if i % 2:
            image = 255 - image  # half of them black ink on white
        batch.append(preprocess(image, mean=ckpt.mean, std=ckpt.std))
    probs = predict(ckpt.model, torch.stack(batch))
    accuracy = float((probs.argmax(1) == mnist.test.labels[:n]).float().mean())
    assert accuracy >= 0.98, f"pasted-digit accuracy {accuracy:.2%}"


def test_white_ink_turns_dark_ink_on_grey_paper_into_canvas_colours() -> None:
    photo = np.full((40, 40), 200, np.uint8)  # grey paper
    photo[10:30, 18:22] = 30  # dark ink
    out = white_ink(photo)
    assert out[0, 0] == 0 and out[20, 20] == 255
