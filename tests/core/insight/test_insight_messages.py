"""The words the insight views and the pen evaluation show are core `Message`s: English as before, translated by
the window (`digitpad.ui.common.i18n.localize`)."""

from __future__ import annotations

import pytest
import torch

from digitpad.core.insight.activations import GRAD_CAM, GRAD_CAM_BLANK, GRADIENT_X_INPUT, layer_title
from digitpad.core.insight.explain import explain_conv, explain_recurrent_step
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.messages import Message
from digitpad.core.training.pen_eval import AS_WRITTEN, ENLARGED_REPLAY


def _input() -> torch.Tensor:
    return torch.rand(1, 28, 28, generator=torch.Generator().manual_seed(0))


def _cnn(pool_first: bool = True) -> torch.nn.Module:
    torch.manual_seed(0)
    return build_model("cnn", {"channels": (4, 6), "hidden": 8, "pool_first": pool_first, "stem": "pool"}).eval()


def test_layer_titles_are_messages_with_the_english_titles() -> None:
    model = _cnn()
    titles = {
        "features.conv2": "Convolution 2 — 6 filters of 3×3",
        "features.relu2": "Convolution 2 — 6 filters of 3×3, after ReLU",
        "features.pool1": "Pooling 1 — 2×2 max",
        "features.bn2": "Batch norm 2",
        "classifier.fc1": "Dense layer 1 — 8 units",
    }
    for name, english in titles.items():
        title = layer_title(model, name)
        assert isinstance(title, Message) and title == english, name
    assert isinstance(layer_title(model, "features.relu2").fields["conv"], Message)
    assert layer_title(model, "features") == "features" and not isinstance(layer_title(model, "features"), Message)
    pooled = layer_title(torch.nn.Sequential(torch.nn.AvgPool2d(2), torch.nn.ReLU()), "0")
    assert isinstance(pooled, Message) and pooled == "Pooling 1 — 2×2 average"
    assert layer_title(torch.nn.Sequential(torch.nn.ReLU()), "0") == "ReLU 1"


def test_the_steps_after_a_conv_pixel_are_named_by_messages() -> None:
    for pool_first, order in ((True, ["pool", "batch norm", "ReLU"]), (False, ["batch norm", "ReLU", "pool"])):
        e = explain_conv(_cnn(pool_first), _input(), "features.conv1", 0, 3, 4)
        assert [name for name, _formula, _value in e.after] == order
        assert all(isinstance(name, Message) for name, _formula, _value in e.after)
        assert isinstance(e.title, Message)
        pool = e.after[order.index("pool")][1]
        assert isinstance(pool, Message) and pool.startswith("2×2 max of ") and pool.fields["rows"] == 2


@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_the_sentences_of_a_recurrent_step_are_messages(cell: str) -> None:
    torch.manual_seed(0)
    model = build_model(cell, {"hidden": 6}).eval()
    first = explain_recurrent_step(model, _input(), 0, 1).sentences
    later = explain_recurrent_step(model, _input(), 5, 1).sentences
    assert all(isinstance(s, Message) for s in first + later)
    if cell == "lstm":
        assert first[0] == "This is the first row: the unit starts with nothing remembered (c = 0, h = 0)."
        assert later[0].startswith("The forget gate kept ") and "%" in later[0]
    else:
        assert ", it held nothing yet, and its bias adds " in first[0]
        assert ", what it held from the rows above gives " in later[0]
        assert later[1].startswith("tanh of ") and later[1].endswith(
            ": the unit's new h, what it passes on to the next row."
        )


def test_saliency_methods_and_replays_are_messages() -> None:
    for text, english in (
        (GRAD_CAM, "Grad-CAM"),
        (GRADIENT_X_INPUT, "gradient x input"),
        (GRAD_CAM_BLANK, "gradient x input (Grad-CAM was blank)"),
        (AS_WRITTEN.name, "as written"),
        (ENLARGED_REPLAY.name, "enlarged to 70%"),
    ):
        assert isinstance(text, Message) and text == english


@pytest.fixture
def chinese(qapp):
    from digitpad.ui.common import i18n

    i18n.apply_language("zh_CN", qapp)
    yield i18n.localize
    i18n.apply_language("en", qapp)


def test_the_window_shows_them_in_chinese(chinese) -> None:
    localize = chinese
    model = _cnn()
    assert localize(layer_title(model, "features.conv2")) == "卷积层 2 — 6 个 3×3 卷积核"
    assert localize(layer_title(model, "features.relu2")) == "卷积层 2 — 6 个 3×3 卷积核，经 ReLU 之后"
    assert localize(layer_title(model, "features.pool1")) == "池化层 1 — 2×2 最大池化"
    assert localize(layer_title(model, "classifier.fc1")) == "全连接层 1 — 8 个单元"
    e = explain_conv(model, _input(), "features.conv1", 0, 3, 4)
    assert [localize(name) for name, _formula, _value in e.after] == ["池化", "批归一化", "ReLU"]
    assert localize(e.after[0][1]).startswith("2×2 窗口内 ") and localize(e.after[0][1]).endswith(" 的最大值")
    torch.manual_seed(0)
    sentences = explain_recurrent_step(build_model("lstm", {"hidden": 6}).eval(), _input(), 0, 1).sentences
    assert localize(sentences[0]).startswith("这是第一行")
    assert localize(sentences[1]).startswith("遗忘门保留了")
    assert localize(GRAD_CAM_BLANK) == "梯度 × 输入（Grad-CAM 为空白）"
    assert (localize(AS_WRITTEN.name), localize(ENLARGED_REPLAY.name)) == ("原始大小", "放大至画布的 70%")
