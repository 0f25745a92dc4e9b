"""Reading real pen digits, splitting them by writer, and the training images and measurements made from them."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np
import pytest
import torch

from digitpad.core.data.mnist import MNIST, DataError, Split
from digitpad.core.data.pen_renders import (
    Cancelled,
    add_pen_digits,
    render_pen_digits,
    synthesise_style,
    vary,
)
from digitpad.core.data.pendigits import (
    PENDIGITS_FILE,
    PenDigit,
    find_pendigits,
    held_out_writers,
    read_pendigits,
    split_by_writer,
    writers,
)
from digitpad.core.inference.strokes import render_digit
from digitpad.core.training.pen_eval import (
    AS_WRITTEN,
    ENLARGED,
    ENLARGED_REPLAY,
    confusion_pairs,
    replay_inputs,
    replay_strokes,
)

SAMPLE = """.INCLUDE        dene.doc

.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"
.HIERARCHY      DIGIT

.SEGMENT DIGIT    0 ? "8"
.COMMENT 8 12  224
.PEN_DOWN
 267  333
 250  300
 240  200
.PEN_UP
.DT 100

.SEGMENT DIGIT    1 ? "4"
.COMMENT 4 3  7
.PEN_DOWN
 100  400
  90  250
 200  250
.PEN_UP
.DT 100
.PEN_DOWN
 180  380
 180  100
.PEN_UP
.DT 100
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / PENDIGITS_FILE
    path.write_text(SAMPLE, encoding="ascii")
    return path


def test_reader_parses_labels_writers_strokes_and_flips_y(sample: Path) -> None:
    eight, four = read_pendigits(sample)
    assert (eight.label, eight.writer, len(eight.strokes)) == (8, 12, 1)
    assert (four.label, four.writer, len(four.strokes)) == (4, 3, 2)
    np.testing.assert_array_equal(eight.strokes[0][0], [267, 500 - 333])  # y grows downwards on screen
    np.testing.assert_array_equal(four.strokes[1], [[180, 120], [180, 400]])
    # the 4's top is above its bar once flipped: smaller y
    assert four.strokes[0][0][1] < four.strokes[0][1][1]


def test_reader_takes_gzip_and_finds_the_file_in_a_data_folder(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data" / "pendigits"
    folder.mkdir(parents=True)
    (folder / f"{PENDIGITS_FILE}.gz").write_bytes(gzip.compress(sample.read_bytes()))
    found = find_pendigits(tmp_path / "data")
    assert found == folder / f"{PENDIGITS_FILE}.gz"
    assert [d.label for d in read_pendigits(found)] == [8, 4]
    assert find_pendigits(sample) == sample
    assert find_pendigits(tmp_path / "nothing here").name == f"{PENDIGITS_FILE}.gz"  # the shipped copy


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('.SEGMENT DIGIT 0 ? "8"\n.PEN_DOWN\n 12 abc\n.PEN_UP\n', "line 3"),
        ('.SEGMENT DIGIT 0 ? "x"\n', "line 1"),
        ("just some text\n", "no digits"),
    ],
)
def test_reader_names_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.tra"
    path.write_text(text, encoding="ascii")
    with pytest.raises(DataError, match=message):
        read_pendigits(path)
    broken = tmp_path / "broken.tra.gz"
    broken.write_bytes(gzip.compress(SAMPLE.encode())[:40])
    with pytest.raises(DataError, match="Cannot read"):
        read_pendigits(broken)


def test_the_shipped_copy_is_the_whole_data_set() -> None:
    digits = read_pendigits(find_pendigits(None))
    assert len(digits) == 7494 and writers(digits) == list(range(1, 31))
    counts = np.bincount([d.label for d in digits], minlength=10).tolist()
    assert counts == [780, 779, 780, 719, 780, 720, 720, 778, 719, 719]
    assert sum(len(d.strokes) for d in digits) == 5564 + 2 * 1921 + 3 * 9


@pytest.mark.skipif(not os.environ.get("DIGITPAD_DATA_DIR"), reason="needs $DIGITPAD_DATA_DIR")
def test_the_data_folder_copy_reads_the_same_as_the_shipped_one() -> None:
    path = find_pendigits(os.environ["DIGITPAD_DATA_DIR"])
    if path.parent.name != "pendigits":
        pytest.skip("no pendigits folder in the data folder")
    ours, theirs = read_pendigits(find_pendigits(None)), read_pendigits(path)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert (a.label, a.writer, len(a.strokes)) == (b.label, b.writer, len(b.strokes))
        assert all(np.array_equal(s, t) for s, t in zip(a.strokes, b.strokes, strict=True))


def test_the_writer_split_never_puts_one_writer_on_both_sides(tiny_pendigits: Path) -> None:
    digits = read_pendigits(tiny_pendigits)
    train, held = split_by_writer(digits, held_out=4, seed=3)
    assert not set(writers(train)) & set(writers(held))
    assert len(writers(held)) == 4 and len(train) + len(held) == len(digits)
    assert held_out_writers(digits, held_out=4, seed=3) == writers(held)
    assert split_by_writer(digits, held_out=4, seed=3) == (train, held)  # seeded: the same every time
    with pytest.raises(ValueError, match="writers"):
        split_by_writer(digits, held_out=len(writers(digits)))


def test_training_renders_vary_the_digit_and_keep_its_label(tiny_pendigits: Path) -> None:
    digits = read_pendigits(tiny_pendigits)[:20]
    split = render_pen_digits(digits, variants=3, seed=0)
    assert split.images.shape == (60, 28, 28) and split.images.dtype == torch.uint8
    assert split.labels.tolist() == [d.label for d in digits for _ in range(3)]
    images = split.images.float().reshape(20, 3, 28, 28)
    plain = torch.stack([render_digit(d.strokes)[0] for d in digits]) * 255  # type: ignore[index]
    # the first rendering is the digit as written (its curves smoothed), the others are changed
    assert float((images[:, 0] - plain).abs().mean()) < 3
    assert float((images[:, 1] - images[:, 0]).abs().mean()) > 6
    with pytest.raises(Cancelled):
        render_pen_digits(digits, cancelled=lambda: True)


def test_style_variants_add_strokes_to_zeros_ones_and_sevens() -> None:
    rng = np.random.default_rng(0)
    loop = [np.c_[np.cos(t := np.linspace(0, 2 * np.pi, 30)) * 40 + 100, np.sin(t) * 60 + 100]]
    for label in (0, 1, 7):
        assert len(synthesise_style(label, [s.copy() for s in loop], rng)) > 1
    assert len(synthesise_style(3, [s.copy() for s in loop], rng)) == 1
    varied = vary(PenDigit(0, 1, tuple(loop)), rng)
    assert all(np.isfinite(s).all() for s in varied)


def test_pen_digits_are_added_to_mnist_training_only_from_training_writers(tiny_pendigits: Path) -> None:
    empty = Split(torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64))
    mnist = MNIST(train=empty, val=empty, test=empty, root=Path("x"))
    mixed, info = add_pen_digits(mnist, tiny_pendigits, variants=2, seed=0)
    digits = read_pendigits(tiny_pendigits)
    held = set(held_out_writers(digits))
    assert len(held) == 10 and not held & set(info.writers) and len(info.writers) == 2
    assert info.digits == 20 and len(mixed.train) == info.images == 40
    assert len(mixed.val) == 0 and len(mixed.test) == 0  # validation and test stay MNIST's


def test_replays_put_the_digit_on_the_canvas_at_its_size_or_enlarged(tiny_pendigits: Path) -> None:
    digit = read_pendigits(tiny_pendigits)[0]
    written = np.concatenate(digit.strokes)
    as_written = np.concatenate(replay_strokes(digit, side=440))
    enlarged = np.concatenate(replay_strokes(digit, side=440, fill=ENLARGED))
    for pts in (as_written, enlarged):
        assert np.array_equal(pts, np.round(pts)) and pts.min() >= 0 and pts.max() <= 439  # whole pixels
    ratio = np.ptp(as_written, axis=0).max() / np.ptp(written, axis=0).max()
    assert ratio == pytest.approx(440 / 500, rel=0.03)
    assert np.ptp(enlarged, axis=0).max() == pytest.approx(0.7 * 440, abs=3)
    a = replay_inputs([digit], AS_WRITTEN)
    b = replay_inputs([digit], ENLARGED_REPLAY)
    assert a.shape == (1, 1, 28, 28) and float((a - b).abs().mean()) < 0.02


def test_confusion_pairs_lists_the_largest_mistakes_first() -> None:
    confusion = torch.zeros(10, 10, dtype=torch.long)
    confusion[1, 7], confusion[9, 4], confusion[3, 3] = 5, 2, 50
    assert confusion_pairs(confusion) == [(1, 7, 5), (9, 4, 2)]


@pytest.mark.parametrize("name", ["cnn", "lstm", "rnn", "mlp", "logreg"])
def test_shipped_models_were_trained_on_other_writers_and_read_the_held_out_ones(name: str) -> None:
    from digitpad.core.data.pen_renders import WRITER_SPLIT_SEED
    from digitpad.core.models.checkpoint import load_pretrained
    from digitpad.core.models.zoo import predict
    from digitpad.core.training.pen_eval import labels_of

    ckpt = load_pretrained(name)
    digits = read_pendigits(find_pendigits(None))
    held = set(held_out_writers(digits, seed=WRITER_SPLIT_SEED))
    pen = ckpt.metadata["data"]["pen_digits"]
    assert len(pen["writers"]) == 20 and not held & set(pen["writers"]), "trained on a held-out writer"
    sample = [d for d in digits if d.writer in held][::10]  # 250 digits, every writer and digit
    probs = predict(ckpt.model, (replay_inputs(sample, AS_WRITTEN) - ckpt.mean) / ckpt.std)
    assert torch.allclose(probs.sum(dim=1), torch.ones(len(sample)), atol=1e-4)
    accuracy = float((probs.argmax(dim=1) == labels_of(sample)).float().mean())
    floor = {"cnn": 0.985, "lstm": 0.98, "rnn": 0.96, "mlp": 0.97, "logreg": 0.78}[name]
    assert accuracy >= floor, f"{name} reads {accuracy:.1%} of held-out writers' digits"
