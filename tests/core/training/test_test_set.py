"""The window's test-set scoring: one forward pass per chunk gives what `evaluate` and `misclassified` give."""

from __future__ import annotations

import pytest
import torch

from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
from digitpad.core.insight.activations import misclassified
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.training.evaluation import evaluate
from digitpad.core.training.test_set import evaluate_test_set

CHUNK = 50  # the synthetic test split has 128 images: two whole chunks and a part


@pytest.fixture
def model() -> torch.nn.Module:
    torch.manual_seed(0)
    return build_model("logreg").eval()


def forward_counter(model: torch.nn.Module) -> list[int]:
    calls: list[int] = []
    model.register_forward_pre_hook(lambda _m, args: calls.append(len(args[0])))
    return calls


@pytest.mark.parametrize(("mean", "std"), [(MNIST_MEAN, MNIST_STD), (0.5, 0.25)])
@pytest.mark.parametrize("limit", [7, 500])
def test_one_pass_scores_as_evaluate_and_lists_what_misclassified_lists(model, synthetic_mnist, mean, std, limit):
    test = synthetic_mnist.test
    calls = forward_counter(model)
    result = evaluate_test_set(model, test, mean, std, chunk=CHUNK, limit=limit)
    assert calls == [50, 50, 28], "one forward pass per chunk"
    expected = evaluate(model, test, batch_size=CHUNK, mean=mean, std=std)
    assert torch.equal(result.evaluation.confusion, expected.confusion)
    assert result.evaluation.accuracy == expected.accuracy and result.evaluation.count == expected.count == 128
    assert result.evaluation.loss == pytest.approx(expected.loss, rel=1e-6)
    mistakes = misclassified(model, test.images, test.labels, mean, std, limit=limit, batch_size=CHUNK)
    assert result.mistakes == mistakes and 0 < len(mistakes) <= limit
    assert result.split is test
    assert not model._forward_hooks, "the logits hook is removed"


def test_progress_counts_images_and_a_cancel_raises_between_chunks(model, synthetic_mnist):
    seen: list[tuple[int, int]] = []
    evaluate_test_set(model, synthetic_mnist.test, MNIST_MEAN, MNIST_STD, JobState(on_progress=seen.append), CHUNK)
    assert seen == [(50, 128), (100, 128), (128, 128)]

    def cancel_after_first(item: tuple[int, int]) -> None:
        seen.append(item)
        state.cancel()

    seen.clear()
    state = JobState(on_progress=cancel_after_first)
    calls = forward_counter(model)
    with pytest.raises(Cancelled):
        evaluate_test_set(model, synthetic_mnist.test, MNIST_MEAN, MNIST_STD, state, CHUNK)
    assert seen == [(50, 128)] and calls == [50], "nothing more is scored once cancelled"
    assert not model._forward_hooks

    cancelled = JobState()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        evaluate_test_set(model, synthetic_mnist.test, MNIST_MEAN, MNIST_STD, cancelled)
