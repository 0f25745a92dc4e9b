"""Weights and gradients over time: sampled at the configured interval, whole, and into the run history."""

import pytest
import torch

from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.run_history import RunHistory, RunRecorder
from digitpad.core.training.histograms import BINS, summarize
from digitpad.core.training.loop import StepReport, TrainConfig, train


def tiny(**kw) -> TrainConfig:
    base = dict(
        model="cnn",
        hparams={"channels": (4, 8), "hidden": 16},
        epochs=1,
        batch_size=4,
        lr=1e-3,
        device="cpu",
        augment=False,
        max_steps=24,
        report_every=8,
        histogram_every=10,
    )
    base.update(kw)
    return TrainConfig(**base)


def test_summarize_bins_each_tensor_over_its_own_range():
    stats, counts = summarize([torch.arange(60.0), torch.full((7,), 2.5)])
    assert stats.tolist()[0][:2] == [0.0, 59.0] and counts[0].tolist() == [2] * BINS
    assert stats[0, 2].item() == pytest.approx(torch.arange(60.0).norm().item())
    assert counts[1].tolist() == [7] + [0] * (BINS - 1)  # all equal: the first bin holds them


def test_a_run_samples_histograms_at_the_first_step_and_every_n_steps(synthetic_mnist):
    reports = []
    result = train(tiny(max_steps=20), synthetic_mnist, JobState(on_progress=reports.append))
    steps = [r for r in reports if isinstance(r, StepReport)]
    samples = [h for r in steps for h in r.histograms]
    assert all(h.step <= r.step for r in steps for h in r.histograms)  # each comes with the report after it
    assert sorted({h.step for h in samples}) == [1, 10, 20]
    sizes = {name: p.numel() for name, p in result.model.named_parameters()}
    for step in (1, 10, 20):
        for kind in ("weights", "gradients"):
            taken = [h for h in samples if h.step == step and h.kind == kind]
            assert [h.layer for h in taken] == list(sizes), (step, kind)
            assert all(len(h.counts) == BINS and sum(h.counts) == sizes[h.layer] for h in taken)
            assert all(h.low <= h.high and h.norm > 0 for h in taken)
    last = {h.layer: h for h in samples if h.step == 20 and h.kind == "weights"}
    for name, p in result.model.named_parameters():  # the step-20 weights are the trained model's
        assert last[name].norm == pytest.approx(p.detach().norm().item(), rel=1e-5)
        assert (last[name].low, last[name].high) == pytest.approx((p.min().item(), p.max().item()))


def test_an_interval_of_zero_samples_nothing_and_a_negative_one_is_refused(synthetic_mnist):
    reports = []
    train(tiny(max_steps=16, histogram_every=0), synthetic_mnist, JobState(on_progress=reports.append))
    assert reports and not any(r.histograms for r in reports)
    with pytest.raises(ValueError, match="histogram interval"):
        tiny(histogram_every=-1).resolved()


def test_the_recorder_keeps_a_runs_histograms_and_the_history_reads_them_by_layer(synthetic_mnist, tmp_path):
    path = tmp_path / "runs.sqlite"
    recorder = RunRecorder(path)
    run_id = recorder.start("train", "cnn", {}, "cpu")
    result = train(tiny(), synthetic_mnist, JobState(on_progress=recorder.log_report))
    recorder.finish(result.status)
    names = [name for name, _ in result.model.named_parameters()]
    with RunHistory(path) as history:
        assert history.histogram_layers(run_id) == names
        grads = history.histograms(run_id, names[0], "gradients")
        assert [h.step for h in grads] == [1, 10, 20] and all(h.kind == "gradients" for h in grads)
        assert sum(grads[0].counts) == dict(result.model.named_parameters())[names[0]].numel()
        assert len(history.histograms(run_id)) == 3 * 2 * len(names)
        assert history.curve(run_id, "loss")[-1][0] == 24  # the loss is logged as before
        history.delete(run_id)
        assert history.histograms(run_id) == []  # gone with its run
