"""My digits: the store (add, delete, relabel, counts, export/import, refusals, crash safety), stroke re-rendering,
the training split, quick-check scoring, and a fine-tune that measurably learns a personal handwriting style."""

from __future__ import annotations

import math
import os
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from digitpad.cli import main
from digitpad.core.data.mnist import MNIST, Split
from digitpad.core.inference.quick_check import QuickCheck
from digitpad.core.inference.strokes import render_digit
from digitpad.core.models.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.my_digits import file_format as my_digits_file
from digitpad.core.my_digits.store import (
    MyDigit,
    MyDigitsError,
    MyDigitsStore,
    is_held_out,
    model_input,
    render_strokes,
    rerender,
    to_split,
)
from digitpad.core.runtime import atomic
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.training.evaluation import evaluate
from digitpad.core.training.fine_tune import (
    FineTuneConfig,
    FineTuneJob,
    fine_tune,
    fine_tuned_checkpoint,
    mix,
    run_fine_tune,
)
from digitpad.core.training.loop import TrainConfig, train

ONE = [[(0.5, 0.2, 0.5), (0.5, 0.5, 0.5), (0.5, 0.8, 0.5)]]
SEVEN = [[(0.3, 0.25, 0.5), (0.7, 0.25, 0.5), (0.45, 0.8, 0.5)]]


def canvas(strokes=ONE, width: float = 20.0) -> np.ndarray:
    return render_strokes(strokes, width)


@pytest.fixture
def store(tmp_path: Path) -> MyDigitsStore:
    return MyDigitsStore(tmp_path / "mine")


def filled(store: MyDigitsStore) -> MyDigitsStore:
    store.add(1, canvas(ONE), ONE, 20.0)
    store.add(7, canvas(SEVEN), SEVEN, 24.0)
    store.add(7, canvas(SEVEN, 12.0), SEVEN, 12.0)
    return store


# ----- the store -----------------------------------------------------------------------------------------------


def test_add_keeps_model_input_strokes_width_and_time_and_survives_reopening(store: MyDigitsStore) -> None:
    before = time.time()
    digit = store.add(7, canvas(SEVEN), SEVEN, 24.0)
    assert digit.label == 7 and digit.image.shape == (28, 28) and digit.image.dtype == np.uint8
    assert np.array_equal(digit.image, (render_digit(SEVEN)[0] * 255).round().to(torch.uint8).numpy())  # type: ignore[index]
    assert before <= digit.created <= time.time() and len(digit.id) == 32
    again = MyDigitsStore(store.folder)
    [loaded] = again.digits()
    assert loaded.id == digit.id and loaded.label == 7 and loaded.pen_width == 24.0 and loaded.created == digit.created
    assert np.array_equal(loaded.image, digit.image)
    assert len(loaded.strokes) == 1 and np.allclose(loaded.strokes[0], np.array(SEVEN[0], np.float32))


def test_each_stroke_keeps_its_own_pen_width(store: MyDigitsStore, tmp_path: Path) -> None:
    strokes = [SEVEN[0], [(0.35, 0.55, 0.5), (0.6, 0.55, 0.5)]]  # a crossbar seven, the bar drawn with a wider pen
    digit = store.add(7, canvas(SEVEN), strokes, 12.0, stroke_widths=[12.0, 30.0])
    [loaded] = MyDigitsStore(store.folder).digits()
    assert loaded.widths() == (12.0, 30.0) == digit.widths()
    picture = render_strokes(loaded.strokes, loaded.widths())
    assert picture[155, 100:180].min() > 200 and picture[150:162, 140].min() > 200  # the bar is 30 px wide
    assert render_strokes(loaded.strokes, 12.0)[150:162, 140].min() < 50
    other = MyDigitsStore(tmp_path / "other")
    other.import_file(store.export(tmp_path / "out.npz"))
    assert other.digits()[0].widths() == (12.0, 30.0)
    with pytest.raises(ValueError, match="stroke widths"):
        store.add(7, canvas(SEVEN), strokes, 12.0, stroke_widths=[12.0])


def test_files_without_stroke_widths_draw_every_stroke_at_the_pen_width(store: MyDigitsStore) -> None:
    from digitpad.core.my_digits.file_format import decode, encode

    store.add(7, canvas(SEVEN), SEVEN, 24.0, stroke_widths=[18.0])
    arrays = encode(store.digits())
    del arrays["stroke_widths"]  # as digitpad 0.1 wrote them
    [old] = decode(arrays, "old file")
    assert old.widths() == (24.0,)


def test_a_28x28_image_is_stored_as_the_model_input_it_is(store: MyDigitsStore) -> None:
    image = np.zeros((28, 28), np.uint8)
    image[6:22, 13:15] = 255
    assert np.array_equal(store.add(1, image).image, image)


def test_counts_listing_delete_and_relabel_persist(store: MyDigitsStore) -> None:
    filled(store)
    assert store.counts() == [0, 1, 0, 0, 0, 0, 0, 2, 0, 0] and len(store) == 3
    assert [d.label for d in store] == [1, 7, 7] and len(store.digits(7)) == 2
    one, seven, _ = store.digits()
    assert store.relabel(one.id, 4).label == 4
    assert store.delete(seven.id, "no-such-id") == 1
    reopened = MyDigitsStore(store.folder)
    assert reopened.counts() == [0, 0, 0, 0, 1, 0, 0, 1, 0, 0]
    assert reopened.get(one.id).label == 4
    with pytest.raises(KeyError):
        reopened.get(seven.id)


def test_empty_drawings_and_bad_labels_are_refused_and_nothing_is_written(store: MyDigitsStore) -> None:
    for blank in (np.zeros((280, 280), np.uint8), np.zeros((28, 28), np.uint8), np.full((28, 28), 10, np.uint8)):
        with pytest.raises(ValueError, match="empty"):
            store.add(3, blank)
    for label in (-1, 10, 3.0, True):
        with pytest.raises(ValueError, match="0-9"):
            store.add(label, canvas())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="stroke"):
        store.add(1, canvas(), [[]])
    assert len(store) == 0 and not store.path.exists()


def test_export_import_round_trip_skips_duplicates(store: MyDigitsStore, tmp_path: Path) -> None:
    filled(store)
    exported = store.export(tmp_path / "share.npz")
    other = MyDigitsStore(tmp_path / "other")
    other.add(0, canvas([[(0.5, 0.2, 0.5), (0.7, 0.5, 0.5), (0.5, 0.8, 0.5), (0.3, 0.5, 0.5), (0.5, 0.2, 0.5)]]))
    report = other.import_file(exported)
    assert (report.added, report.skipped) == (3, 0)
    assert other.counts() == [1, 1, 0, 0, 0, 0, 0, 2, 0, 0]
    for a, b in zip(store.digits(), other.digits()[1:], strict=True):
        assert (a.id, a.label, a.pen_width, a.created) == (b.id, b.label, b.pen_width, b.created)
        assert np.array_equal(a.image, b.image) and all(
            np.array_equal(x, y) for x, y in zip(a.strokes, b.strokes, strict=True)
        )
    assert other.import_file(exported).skipped == 3 and len(other) == 4
    assert len(MyDigitsStore(other.folder)) == 4


def _foreign_files(folder: Path, good: Path, store: MyDigitsStore) -> dict[str, Path]:
    files = {}
    files["garbage"] = folder / "garbage.npz"
    files["garbage"].write_bytes(os.urandom(3000))
    files["truncated"] = folder / "truncated.npz"
    files["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    files["foreign"] = folder / "foreign.npz"
    np.savez(files["foreign"], x=np.arange(10), y=np.ones((3, 3)))
    files["single array"] = folder / "array.npy"
    np.save(files["single array"], np.arange(5))
    files["pickle"] = folder / "pickle.npz"
    np.savez(files["pickle"], format=np.array(my_digits_file.FORMAT), payload=np.array([{"a": 1}], dtype=object))
    arrays = my_digits_file.encode(store.digits())
    for name, change in {
        "bad label": {"labels": np.array([1, 12, 7])},
        "newer": {"version": np.array(99)},
        "short images": {"images": np.zeros((2, 28, 28), np.uint8)},
        "bad strokes": {"point_counts": np.array([3, 3, 4])},
        "nan points": {"points": np.full((9, 3), np.nan, np.float32)},
        "missing": {"ids": None},
    }.items():
        changed = {k: v for k, v in {**arrays, **change}.items() if v is not None}
        files[name] = folder / f"{name}.npz"
        np.savez(files[name], **changed)
    return files


def test_corrupt_or_foreign_imports_are_refused_and_change_nothing(store: MyDigitsStore, tmp_path: Path) -> None:
    filled(store)
    good = store.export(tmp_path / "exports" / "good.npz")
    before_bytes = store.path.read_bytes()
    for name, path in _foreign_files(tmp_path / "exports", good, store).items():
        with pytest.raises(MyDigitsError) as refused:
            store.import_file(path)
        assert str(path) in str(refused.value), name
        assert store.path.read_bytes() == before_bytes and len(store) == 3, name
        assert len(MyDigitsStore(store.folder)) == 3
    with pytest.raises(MyDigitsError, match="newer"):
        store.import_file(tmp_path / "exports" / "newer.npz")
    with pytest.raises(MyDigitsError, match="not a digitpad"):
        store.import_file(tmp_path / "exports" / "foreign.npz")
    with pytest.raises(MyDigitsError, match="does not exist"):
        store.import_file(tmp_path / "nothing.npz")


def test_a_crash_while_saving_loses_nothing(store: MyDigitsStore, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(store)
    saved = store.path.read_bytes()
    real_savez = np.savez

    def crash_midway(fh, **arrays):  # writes part of the new file, then the process "dies"
        real_savez(fh, **arrays)
        fh.truncate(fh.tell() // 3)
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(my_digits_file.np, "savez", crash_midway)
    with pytest.raises(KeyboardInterrupt):
        store.add(2, canvas())
    monkeypatch.setattr(atomic.os, "replace", lambda *_: (_ for _ in ()).throw(OSError("disk full")))
    monkeypatch.setattr(my_digits_file.np, "savez", real_savez)
    with pytest.raises(OSError):
        store.delete(store.digits()[0].id)
    assert store.path.read_bytes() == saved and store.counts() == [0, 1, 0, 0, 0, 0, 0, 2, 0, 0]
    assert sorted(p.name for p in store.folder.iterdir()) == [".digits.lock", "digits.npz"], "no temporary files"
    # A real crash (no cleanup) leaves a half-written temporary file: it is ignored.
    (store.folder / ".digits.npz.abc.tmp").write_bytes(saved[:100])
    assert MyDigitsStore(store.folder).counts() == store.counts()


def test_an_unreadable_store_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "digits.npz").write_bytes(b"not a zip at all")
    with pytest.raises(MyDigitsError):
        MyDigitsStore(folder)
    store, message = MyDigitsStore.open_or_set_aside(folder)
    assert len(store) == 0 and message is not None and "renamed" in message
    [aside] = [p for p in folder.iterdir() if p.name.startswith("digits.npz.unreadable")]
    assert aside.read_bytes() == b"not a zip at all"


# ----- rendering and training data -----------------------------------------------------------------------------


def test_render_strokes_draws_round_lines_of_the_pen_width() -> None:
    image = render_strokes([[(0.1, 0.5, 0.5), (0.9, 0.5, 0.5)]], pen_width=20.0)
    assert image.shape == (280, 280) and image.dtype == np.uint8
    column = image[:, 140].astype(float) / 255
    assert math.isclose(column.sum(), 20.0, abs_tol=1.0)  # the stroke is 20 px thick
    assert image[140, 28 - 12] == 0 and image[140, 28 - 5] > 0  # round cap of radius 10 at x = 28
    pressed = render_strokes([[(0.1, 0.5, 1.0), (0.9, 0.5, 1.0)]], pen_width=20.0)
    assert math.isclose(pressed[:, 140].sum() / 255, 30.0, abs_tol=1.0)  # full pressure: 1.5 times as wide
    assert render_strokes([[(0.5, 0.5, 0.5)]], 20.0).astype(bool).sum() == pytest.approx(math.pi * 100, rel=0.1)


def test_rerendering_with_another_thickness_changes_the_ink(store: MyDigitsStore) -> None:
    digit = store.add(7, canvas(SEVEN, 20.0), SEVEN, 20.0)
    thin, thick = rerender(digit, 0.6), rerender(digit, 1.6)
    assert thin is not None and thick is not None
    ink = [int(image.astype(int).sum()) for image in (thin, digit.image, thick)]
    assert ink[0] < ink[1] < ink[2], ink
    # the stored input is the strokes' rendering, whatever pen drew them on the canvas
    np.testing.assert_array_equal(rerender(digit), digit.image)
    assert np.array_equal(store.add(7, canvas(SEVEN, 40.0), SEVEN, 40.0).image, digit.image)
    assert rerender(store.add(1, np.pad(np.full((20, 4), 255, np.uint8), 4))) is None  # a picture: no strokes


def _digits(n: int) -> list[MyDigit]:
    image = np.zeros((28, 28), np.uint8)
    image[6:22, 13:15] = 255
    return [MyDigit(f"{i:032x}", i % 10, image, tuple(np.array(s, np.float32) for s in ONE)) for i in range(n)]


def test_held_out_part_is_seeded_and_stable_as_the_collection_grows() -> None:
    few, more = _digits(40), _digits(200)
    split = to_split(few, held_out=0.25, seed=3)
    assert len(split.train) + len(split.held_out) == 40 and 3 <= len(split.held_out) <= 20
    assert split.train.images.dtype == torch.uint8 and split.train.labels.dtype == torch.int64
    out_few = {d.id for d in few if is_held_out(d.id, 0.25, 3)}
    out_more = {d.id for d in more if is_held_out(d.id, 0.25, 3)}
    assert out_few == out_more & {d.id for d in few}, "a drawing never changes sides"
    assert to_split(few, held_out=0.25, seed=4).held_out.labels.tolist() != split.held_out.labels.tolist()
    assert len(to_split(_digits(2), held_out=0.01).held_out) == 1  # always something to measure
    assert len(to_split(_digits(1)).held_out) == 0
    widened = to_split(few, held_out=0.25, seed=3, pen_scales=(0.5, 2.0))
    assert len(widened.train) == 3 * len(split.train) and len(widened.held_out) == len(split.held_out)
    assert widened.train_drawings == split.train_drawings == len(split.train)
    n = len(split.train)
    thin, thick = (int(widened.train.images[i * n].sum()) for i in (1, 2))  # one drawing at 0.5x and 2x its pen
    assert thin < thick


def test_mix_oversamples_own_digits_to_the_asked_share(synthetic_mnist: MNIST) -> None:
    own = Split(torch.full((8, 28, 28), 255, dtype=torch.uint8), torch.arange(8) % 10)
    mixed, repeats = mix(synthetic_mnist.train, own, own_share=0.2, mnist_images=200, seed=0)
    assert repeats == round(0.25 * 200 / 8) and len(mixed) == 200 + 8 * repeats
    assert 0.18 < 8 * repeats / len(mixed) < 0.22
    with pytest.raises(ValueError, match="no own digits"):
        mix(synthetic_mnist.train, Split(own.images[:0], own.labels[:0]), 0.2, None, 0)


def test_quick_check_asks_every_digit_per_round_and_keeps_score() -> None:
    check = QuickCheck(seed=1)
    asked = [check.next_digit() for _ in range(10)]
    assert sorted(asked) == list(range(10))
    check = QuickCheck(seed=1)
    for i in range(12):
        digit = check.next_digit()
        check.record(digit if i % 3 else (digit + 1) % 10, 0.9)
    assert (check.correct, check.total) == (8, 12) and check.accuracy == pytest.approx(8 / 12)
    assert "8 / 12" in check.summary() and check.weakest()
    with pytest.raises(RuntimeError):
        check.record(3)


# ----- fine-tuning ---------------------------------------------------------------------------------------------


def personal_style(images: torch.Tensor) -> list[np.ndarray]:
    """MNIST digits as one person might write them: strongly slanted, with a thick pen; then preprocessed as the
    canvas is, so they are what the store holds for drawn digits."""
    x = F.pad(images.float().unsqueeze(1) / 255, (8, 8, 8, 8))
    theta = torch.tensor([[1.0, 0.6, 0.0], [0.0, 1.0, 0.0]]).expand(len(x), 2, 3)
    x = F.grid_sample(x, F.affine_grid(theta, list(x.shape), align_corners=False), align_corners=False)
    x = F.max_pool2d(F.max_pool2d(x, 3, 1, 1), 3, 1, 1)
    out = [model_input((im[0] * 255).round().to(torch.uint8).numpy()) for im in x]
    return [o for o in out if o is not None]


@pytest.fixture(scope="module")
def base_model(small_mnist: MNIST) -> torch.nn.Module:
    cfg = TrainConfig(model="mlp", hparams={"hidden": (64,)}, epochs=1, max_steps=150, batch_size=64, augment=False)
    return train(cfg, small_mnist).model


def test_fine_tuning_learns_a_personal_style_and_keeps_mnist(small_mnist: MNIST, mnist: MNIST, base_model) -> None:
    source = Split(mnist.test.images[2000:2300], mnist.test.labels[2000:2300])  # not in small_mnist
    own_digits = [
        MyDigit(f"{i:032x}", int(label), image)
        for i, (image, label) in enumerate(zip(personal_style(source.images), source.labels, strict=True))
    ]
    own = to_split(own_digits, held_out=0.2, seed=0)
    assert len(own.held_out) >= 40
    untouched = {k: v.clone() for k, v in base_model.state_dict().items()}
    config = FineTuneConfig(epochs=2, max_steps=100, batch_size=64, lr=3e-3, own_share=0.3, augment=False, device="cpu")
    result = fine_tune(base_model, "mlp", {"hidden": (64,)}, small_mnist, own, config)
    assert result.own_before is not None and result.own_after is not None
    assert result.mnist_before is not None and result.mnist_after is not None
    print("\n" + "\n".join(result.summary_lines()))
    assert result.own_before.accuracy < 0.5  # the style really is foreign to an MNIST model
    assert result.own_after.accuracy > result.own_before.accuracy + 0.2  # measured 37.0% -> 67.4% (46 digits)
    assert result.mnist_after.accuracy > result.mnist_before.accuracy - 0.03  # nothing else was lost
    assert result.training.steps_done == 100 and 0.25 < result.own_share < 0.35
    assert all(torch.equal(v, base_model.state_dict()[k]) for k, v in untouched.items()), "the input is a copy"
    meta = result.metadata()["my_digits"]
    assert meta["own_accuracy_after"] == result.own_after.accuracy and meta["own_held_out"] == len(own.held_out)
    assert evaluate(result.model, own.held_out).accuracy == result.own_after.accuracy


def test_cli_fine_tunes_a_checkpoint_on_my_digits(mnist_root: Path, tmp_path: Path, base_model, capsys) -> None:
    store = MyDigitsStore(tmp_path / "mine")
    for digit in range(10):
        for width in (14.0, 22.0, 30.0):
            strokes = [[(0.5, 0.15, 0.5), (0.5 + 0.02 * digit, 0.85, 0.5)]]
            store.add(digit, render_strokes(strokes, width), strokes, width)
    start = save_checkpoint(tmp_path / "start.pt", "mlp", base_model, {"hidden": (64,)})
    out = tmp_path / "tuned.pt"
    args = ["train", "--my-digits", str(store.folder), "--from", str(start), "--max-steps", "15", "--batch-size"]
    code = main([*args, "64", "--data-dir", str(mnist_root), "--device", "cpu", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "My digits: 30 drawings" in printed and "Fine-tuning mlp" in printed
    assert "Your held-out digits (" in printed and "→" in printed and "MNIST test set (10000)" in printed
    tuned = load_checkpoint(out)
    info = tuned.metadata["my_digits"]
    assert tuned.arch == "mlp" and info["own_drawings"] + info["own_held_out"] == len(store) == 30
    assert info["own_train"] == 3 * info["own_drawings"], "each drawing also re-rendered with two other pens"
    assert "re-rendered with thinner and wider pens" in printed
    assert tuned.test_accuracy == tuned.metadata["my_digits"]["mnist_accuracy_after"]


def fine_tune_job(data: MNIST, store: MyDigitsStore, loads: list[tuple[Path, bool]]) -> FineTuneJob:
    def loader(root: Path, download: bool) -> MNIST:
        loads.append((root, download))
        return data

    torch.manual_seed(0)
    start = Checkpoint("logreg", build_model("logreg").eval(), {}, mean=0.2, std=0.4)
    config = FineTuneConfig(max_steps=3, batch_size=32, mnist_images=64, augment=False, device="cpu")
    return FineTuneJob(start, tuple(store.digits()), config, Path("mnist-here"), loader)


def test_the_fine_tuning_job_loads_renders_trains_and_keeps_the_start_s_settings(
    synthetic_mnist: MNIST, store: MyDigitsStore
) -> None:
    filled(store)
    loads: list[tuple[Path, bool]] = []
    job = fine_tune_job(synthetic_mnist, store, loads)
    untouched = {k: v.clone() for k, v in job.start.model.state_dict().items()}
    result = run_fine_tune(job, JobState())
    assert loads == [(Path("mnist-here"), False)], "loaded once, never downloaded"
    assert result.training.steps_done == 3 and result.own_before is not None and result.mnist_after is not None
    assert result.own_train == 3 * result.own_drawings, "re-rendered with the default pens"
    assert all(torch.equal(v, job.start.model.state_dict()[k]) for k, v in untouched.items())
    tuned = fine_tuned_checkpoint(job.start, result)
    assert (tuned.arch, tuned.hparams, tuned.mean, tuned.std) == ("logreg", {}, 0.2, 0.4)
    assert tuned.model is result.model and tuned.metadata == result.metadata()
    scratch = fine_tuned_checkpoint(None, result)
    assert scratch.arch == "logreg" and scratch.hparams == result.training.config.hparams and scratch.std == 0.3081


def test_a_cancelled_fine_tuning_job_raises_cancelled(synthetic_mnist: MNIST, store: MyDigitsStore) -> None:
    filled(store)
    state = JobState()
    state.cancel()
    with pytest.raises(Cancelled):
        run_fine_tune(fine_tune_job(synthetic_mnist, store, []), state)


def test_cli_refuses_an_empty_collection_and_from_without_my_digits(tmp_path: Path, capsys) -> None:
    assert main(["train", "--my-digits", str(tmp_path / "none"), "--out", str(tmp_path / "x.pt")]) == 2
    assert "No drawings in" in capsys.readouterr().err
    assert main(["train", "--from", "cnn", "--out", str(tmp_path / "x.pt")]) == 2
    assert "--my-digits" in capsys.readouterr().err
    assert not (tmp_path / "x.pt").exists()


def test_archive_members_are_plain_arrays(store: MyDigitsStore) -> None:
    filled(store)
    with zipfile.ZipFile(store.path) as archive:
        assert sorted(archive.namelist()) == sorted(f"{k}.npy" for k in my_digits_file.encode([]))
