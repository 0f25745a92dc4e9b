"""The saliency the model input overlay and the saliency view share: computed once per model and input."""

from __future__ import annotations

import pytest
import torch

from digitpad.core.insight import activations
from digitpad.core.insight.activations import saliency, shared_saliency
from digitpad.core.models.zoo import build_model


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = activations.saliency

    def counting(*args, **kwargs):
        seen.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(activations, "saliency", counting)
    monkeypatch.setattr(activations, "_last_saliency", None)
    return seen


def test_the_same_model_and_an_equal_input_compute_once(calls: list[int]) -> None:
    torch.manual_seed(0)
    model = build_model("cnn", {"channels": (4, 8), "hidden": 16}).eval()
    x = torch.randn(1, 28, 28)
    first = shared_saliency(model, x)
    again = shared_saliency(model, x.detach().reshape(1, 28, 28).float().clone())  # a view's own copy of it
    assert len(calls) == 1
    expected = saliency(model, x)
    for result in (first, again):
        torch.testing.assert_close(result[0], expected[0])
        assert result[1:] == expected[1:]
    first[0].zero_()  # each caller has its own map
    torch.testing.assert_close(shared_saliency(model, x)[0], expected[0])
    assert len(calls) == 1


def test_another_input_target_or_model_computes_again(calls: list[int]) -> None:
    torch.manual_seed(0)
    model = build_model("cnn", {"channels": (4, 8), "hidden": 16}).eval()
    x = torch.randn(1, 28, 28)
    shared_saliency(model, x)
    shared_saliency(model, x + 0.1)
    shared_saliency(model, x + 0.1, target=3)
    other = build_model("mlp").eval()
    assert shared_saliency(other, x + 0.1, target=3)[2] == "gradient x input"
    assert len(calls) == 4
